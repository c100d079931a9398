// native/server/http_server.cpp — cpp-httplib wiring for seamd (see http_server.hpp).
#include "server/http_server.hpp"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "api/rate_limit.hpp"
#include "api/routes.hpp"
#include "seam/core/version.hpp"
#include "server/app.hpp"

namespace seam::server {

using nlohmann::json;

struct HttpServer::Impl {
    Options options;
    std::unique_ptr<App> app;
    httplib::Server http;
    std::unique_ptr<api::RateLimiter> limiter;
    std::mutex mutex;
    std::condition_variable ready_cv;
    bool ready = false, failed = false;
    int port = 0;

    void Signal(bool ok) {
        std::lock_guard<std::mutex> guard(mutex);
        (ok ? ready : failed) = true;
        ready_cv.notify_all();
    }
};

HttpServer::HttpServer(Options options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
}

HttpServer::~HttpServer() = default;

namespace {
constexpr const char* kWidgetPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors *";
constexpr const char* kStrictHostPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

std::int64_t WallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

bool HttpServer::Run() {
    Impl& m = *impl_;
    auto opened = App::Open(m.options);
    if (!opened) {
        std::fprintf(stderr, "seamd: %s\n", opened.error().message.c_str());
        m.Signal(false);
        return false;
    }
    m.app = std::move(opened.value());
    const Options& o = m.app->options;
    if (!m.app->startup_notes.empty()) std::fprintf(stderr, "%s", m.app->startup_notes.c_str());
    httplib::Server& http = m.http;
    m.limiter = std::make_unique<api::RateLimiter>(o.rate_limit);

    http.set_tcp_nodelay(true);  // Nagle + delayed ACK otherwise add ~40 ms per response
    const int threads = o.threads;
    http.new_task_queue = [threads] {
        return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    http.set_keep_alive_max_count(1000);
    http.set_payload_max_length(o.max_body);
    http.set_read_timeout(10, 0);
    http.set_write_timeout(10, 0);

    // Limits before any handler runs: rate per client address.
    api::RateLimiter* limiter = m.limiter.get();
    http.set_pre_routing_handler([limiter](const httplib::Request& req, httplib::Response& res) {
        if (req.path.rfind("/v1/", 0) == 0 && !limiter->Allow(req.remote_addr, WallMs())) {
            res.set_header("Retry-After", std::to_string(limiter->RetryAfterSeconds()));
            api::SendError(res, 429, "seam.api.rate_limited",
                           "too many requests from this address; retry after a moment");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    api::Register(http, *m.app->context);

    if (!http.set_mount_point("/", o.web_root)) {
        std::fprintf(stderr, "seamd: [seam.server.web_root] web root '%s' is not a directory\n",
                     o.web_root.c_str());
        m.Signal(false);
        return false;
    }
    http.set_file_request_handler([](const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
        // The widget's frame runs under Seam's own policy (any site may embed it); the CSP
        // demo page is a host page with the strictest policy a site owner might have.
        if (req.path.rfind("/widget/", 0) == 0) {
            res.set_header("Content-Security-Policy", kWidgetPolicy);
        } else if (req.path == "/demo/csp.html") {
            res.set_header("Content-Security-Policy", kStrictHostPolicy);
        }
    });
    // Every error the library produces itself (404, 413, 400...) gets the JSON error body too.
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        const char* code = res.status == 404   ? "seam.api.not_found"
                           : res.status == 413 ? "seam.api.too_large"
                           : res.status == 405 ? "seam.api.method"
                                               : "seam.api.bad_request";
        const char* message = res.status == 404   ? "no such resource"
                              : res.status == 413 ? "the request body is too large"
                                                  : "the request could not be handled";
        api::SendError(res, res.status, code, message);
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            api::SendError(res, 500, "seam.api.internal", "something went wrong on our side");
        });
    if (o.access_log)
        http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            const json line = {
                {"ts", WallMs()},       {"level", res.status >= 500 ? "error" : "info"},
                {"method", req.method}, {"path", req.path},
                {"status", res.status}, {"client", req.remote_addr}};
            std::fprintf(stderr, "%s\n",
                         line.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
        });

    int bound = o.port;
    if (o.port == 0) {
        bound = http.bind_to_any_port(o.host.c_str());
    } else if (!http.bind_to_port(o.host.c_str(), o.port)) {
        bound = -1;
    }
    if (bound <= 0) {
        std::fprintf(stderr, "seamd: [seam.server.bind] cannot listen on %s:%d (in use? --port)\n",
                     o.host.c_str(), o.port);
        m.Signal(false);
        return false;
    }
    m.port = bound;
    std::printf("seamd %s listening on http://%s:%d/ (web root %s, data %s)\n",
                std::string(seam::Version()).c_str(), o.host.c_str(), bound, o.web_root.c_str(),
                o.data.c_str());
    std::fflush(stdout);
    m.Signal(true);
    const bool ok = http.listen_after_bind();
    return ok;
}

bool HttpServer::WaitReady() {
    std::unique_lock<std::mutex> guard(impl_->mutex);
    impl_->ready_cv.wait(guard, [this] { return impl_->ready || impl_->failed; });
    return impl_->ready;
}

int HttpServer::port() const {
    return impl_->port;
}

void HttpServer::Stop() {
    if (impl_->app) impl_->app->service->Shutdown();
    impl_->http.stop();
}

}  // namespace seam::server
