// native/demo_shop/main.cpp — `seam-demo-shop`: the demo business's own system (shop.hpp) as a
// program. Prints "seam-demo-shop listening on http://HOST:PORT" as its first line on stdout,
// serves until SIGINT/SIGTERM.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "demo_shop/options.hpp"
#include "demo_shop/shop.hpp"

extern char** environ;

namespace {

std::atomic<bool> g_stop_requested{false};

void OnSignal(int) {
    g_stop_requested.store(true);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e)
        env.emplace_back(*e);
    auto parsed =
        seam::demo_shop::ParseOptions(std::vector<std::string>(argv + 1, argv + argc), env);
    if (!parsed) {
        std::fprintf(stderr, "seam-demo-shop: %s\n", parsed.error().message.c_str());
        return 2;
    }
    if (parsed->help) {
        std::printf("%s", seam::demo_shop::UsageText().c_str());
        return 0;
    }
    auto shop = seam::demo_shop::Shop::Open(*parsed);
    if (!shop) {
        std::fprintf(stderr, "seam-demo-shop: %s\n", shop.error().message.c_str());
        return 1;
    }
    auto port = (*shop)->Bind();
    if (!port) {
        std::fprintf(stderr, "seam-demo-shop: %s\n", port.error().message.c_str());
        return 1;
    }
    std::printf("seam-demo-shop listening on http://%s:%d\n", parsed->host.c_str(), *port);
    std::fflush(stdout);
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGPIPE, SIG_IGN);
    // httplib's stop() is not async-signal-safe: a watcher thread turns the flag into a stop.
    seam::demo_shop::Shop* served = shop->get();
    std::thread watcher([served] {
        while (!g_stop_requested.load())
            usleep(50 * 1000);
        served->Stop();
    });
    const bool ok = served->Listen();
    g_stop_requested.store(true);
    watcher.join();
    std::fprintf(stderr, "seam-demo-shop: stopped\n");
    return ok ? 0 : 1;
}
