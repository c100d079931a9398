// native/server/http_server.hpp — seamd's HTTP front: routes, static files, lifecycle.
#pragma once

#include <memory>
#include <string>

#include "options.hpp"

namespace seam::server {

class HttpServer {
  public:
    explicit HttpServer(Options options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    //! Binds and serves until Stop(); returns false (with a message on stderr) if it cannot bind
    //! or the web root does not exist.
    bool Run();

    //! Thread- and signal-safe request to stop serving.
    void Stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace seam::server
