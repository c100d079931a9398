// tests/bench/bench_turns.cpp — conversation turns through seamd's service layer in-process (no
// HTTP): where a turn's time goes, apart from the network. Prints turns/s and p50/p99 per turn
// for 1 and 2 threads.
//   build/bin/seam_bench_turns [TURNS]
#include <time.h>
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

//! CPU time of the whole process (every thread, user + system) in microseconds: less noisy
//! than wall time on a shared machine.
double ProcessCpuUs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
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
    // The parts of a turn on their own, one thread: understanding (intent model, entities,
    // knowledge search) and one engine step from a fresh state.
    {
        const auto holder = service.assistant();
        const auto& assistant = *holder;
        const int n = 3000;
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) {
            auto e = assistant.Message(texts[i % 6], "en");
            if (e.text.empty()) std::abort();
        }
        const double understand_us = Ms(std::chrono::steady_clock::now() - t0) * 1000 / n;
        auto c = service.GetCase(cases.front());
        if (!c) return 1;
        std::vector<seam::flow::Event> events;
        for (const char* t : texts)
            events.push_back(assistant.Message(t, "en"));
        t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) {
            nlohmann::json state = c->state;
            auto step = assistant.engine().Step(state, events[i % 6]);
            if (!step) std::abort();
        }
        const double step_us = Ms(std::chrono::steady_clock::now() - t0) * 1000 / n;
        std::printf("parts of a turn, 1 thread:      understand %.1f us   engine step %.1f us\n",
                    understand_us, step_us);
    }
    for (int threads : {1, 2}) {
        std::vector<std::vector<double>> latencies(threads);
        const auto t0 = std::chrono::steady_clock::now();
        const double cpu0 = ProcessCpuUs();
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
        const double cpu_per_turn = (ProcessCpuUs() - cpu0) / turns;
        std::vector<double> all;
        for (auto& l : latencies)
            all.insert(all.end(), l.begin(), l.end());
        std::sort(all.begin(), all.end());
        std::printf(
            "in-process turns, %d thread(s): %8.0f turns/s   p50 %.3f ms   p99 %.3f ms   "
            "cpu %.0f us/turn\n",
            threads, all.size() / (total / 1000), all[all.size() / 2], all[all.size() * 99 / 100],
            cpu_per_turn);
    }
    std::error_code ec;
    app->reset();
    std::filesystem::remove_all(dir, ec);
    return 0;
}
