// native/server/http_server.cpp — cpp-httplib wiring for seamd.
#include "http_server.hpp"

#include <httplib.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "seam/core/version.hpp"

namespace seam::server {

struct HttpServer::Impl {
    Options options;
    httplib::Server http;
};

HttpServer::HttpServer(Options options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
}

HttpServer::~HttpServer() = default;

bool HttpServer::Run() {
    httplib::Server& http = impl_->http;
    const Options& o = impl_->options;
    http.set_tcp_nodelay(true);  // Nagle + delayed ACK otherwise add ~40 ms per response

    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
        const nlohmann::json body = {{"status", "ok"}, {"version", std::string(seam::Version())}};
        res.set_header("Cache-Control", "no-store");
        res.set_content(body.dump(), "application/json");
    });

    if (!http.set_mount_point("/", o.web_root)) {
        std::fprintf(stderr, "seamd: [seam.server.web_root] web root '%s' is not a directory\n",
                     o.web_root.c_str());
        return false;
    }
    http.set_file_request_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
    });
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::fprintf(stderr, "seamd: %s %s %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });

    if (!http.bind_to_port(o.host.c_str(), o.port)) {
        std::fprintf(stderr, "seamd: [seam.server.bind] cannot listen on %s:%d (in use? --port)\n",
                     o.host.c_str(), o.port);
        return false;
    }
    std::printf("seamd %s listening on http://%s:%d/ (web root %s)\n",
                std::string(seam::Version()).c_str(), o.host.c_str(), o.port, o.web_root.c_str());
    std::fflush(stdout);
    return http.listen_after_bind();
}

void HttpServer::Stop() {
    impl_->http.stop();
}

}  // namespace seam::server
