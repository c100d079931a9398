// native/server/main.cpp — `seamd`: parses options, serves until SIGINT/SIGTERM; or runs a store
// command (seamd migrate | export | import: server/admin.hpp).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "seam/core/version.hpp"
#include "server/admin.hpp"
#include "server/http_server.hpp"
#include "server/options.hpp"

extern char** environ;

namespace {

std::atomic<bool> g_stop_requested{false};

void OnSignal(int) {
    g_stop_requested.store(true);
}

// build/bin/seamd -> build/web
std::string DefaultWebRoot() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "web";
    return (exe.parent_path().parent_path() / "web").string();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e)
        env.emplace_back(*e);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (seam::server::IsAdminCommand(args)) return seam::server::RunAdminCommand(args, env);
    auto parsed = seam::server::ParseOptions(args, env);
    if (!parsed) {
        std::fprintf(stderr, "seamd: %s\n", parsed.error().message.c_str());
        return 2;
    }
    seam::server::Options options = *parsed;
    if (options.help) {
        std::printf("%s", seam::server::UsageText().c_str());
        return 0;
    }
    if (options.version) {
        std::printf("seamd %s\n", std::string(seam::Version()).c_str());
        return 0;
    }
    if (options.web_root.empty()) options.web_root = DefaultWebRoot();

    seam::server::HttpServer server(options);
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGPIPE, SIG_IGN);
    // httplib's stop() is not async-signal-safe: a watcher thread turns the flag into a stop.
    std::thread watcher([&server] {
        while (!g_stop_requested.load())
            usleep(50 * 1000);
        server.Stop();
    });
    const bool ok = server.Run();
    g_stop_requested.store(true);
    watcher.join();
    if (ok) std::printf("seamd: stopped\n");
    return ok ? 0 : 1;
}
