// native/server/http_server.hpp — seamd's HTTP front: binds (a port in use is an error), opens
// the App, registers the API and the static files, checks each body's framing and type before
// it is read and applies limits (rate per client; size, headers, nesting, deadline and
// connection caps in the transport, transport.hpp), logs one JSON line per request, and stops
// gracefully (in-flight requests finish; waiting long polls are released).
#pragma once

#include <memory>
#include <string>

#include "server/options.hpp"

namespace seam::server {

class HttpServer {
  public:
    explicit HttpServer(Options options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    //! Opens the store and the core, binds (port 0 = any free port) and serves until Stop();
    //! returns false (with a message on stderr) if any of that fails.
    bool Run();

    //! Blocks until the server listens (true) or Run() failed (false); then port() is valid.
    bool WaitReady();
    int port() const;

    //! Thread-safe request to stop serving.
    void Stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace seam::server
