// tests/bench/bench_turns.cpp — conversation turns through seamd's service layer in-process (no
// HTTP): where a turn's time goes, apart from the network. Prints turns/s and p50/p99 per turn
// for 1 and 2 threads.
//   build/bin/seam_bench_turns [TURNS]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "server/app.hpp"

namespace {

double Ms(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int turns = argc > 1 ? std::atoi(argv[1]) : 20000;
    std::string tmpl = (std::filesystem::temp_directory_path() / "seam-bench-XXXXXX").string();
    const std::string dir = mkdtemp(tmpl.data());
    seam::server::Options o;
    o.data = dir;
    o.assets = std::string(SEAM_SOURCE_DIR) + "/assets";
    o.web_root = std::string(SEAM_SOURCE_DIR) + "/web/static";
    auto app = seam::server::App::Open(o);
    if (!app) {
        std::fprintf(stderr, "%s\n", app.error().message.c_str());
        return 1;
    }
    seam::service::Service& service = *(*app)->service;
    const char* texts[] = {"hi",
                           "where is my order?",
                           "what is your return policy?",
                           "never mind",
                           "how long does shipping take to Spain?",
                           "thanks"};
    std::vector<std::string> cases;
    for (int i = 0; i < 1000; ++i) {
        auto c = service.OpenCase("widget", "en", 0, false);
        if (!c) return 1;
        cases.push_back(c->id);
    }
    (void)service.AwaitDurable();
    for (int threads : {1, 2}) {
        std::vector<std::vector<double>> latencies(threads);
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                for (int i = t; i < turns; i += threads) {
                    seam::service::Input in;
                    in.text = texts[(i / 1000) % 6];
                    in.channel = "";
                    const auto a = std::chrono::steady_clock::now();
                    auto r = service.Turn(cases[i % cases.size()], in);
                    auto durable = service.AwaitDurable();
                    if (!r || !durable) std::abort();
                    latencies[t].push_back(Ms(std::chrono::steady_clock::now() - a));
                }
            });
        }
        for (auto& th : pool)
            th.join();
        const double total = Ms(std::chrono::steady_clock::now() - t0);
        std::vector<double> all;
        for (auto& l : latencies)
            all.insert(all.end(), l.begin(), l.end());
        std::sort(all.begin(), all.end());
        std::printf("in-process turns, %d thread(s): %8.0f turns/s   p50 %.3f ms   p99 %.3f ms\n",
                    threads, all.size() / (total / 1000), all[all.size() / 2],
                    all[all.size() * 99 / 100]);
    }
    std::error_code ec;
    app->reset();
    std::filesystem::remove_all(dir, ec);
    return 0;
}
