// native/console/http_transport.hpp — the native console's Transport: cpp-httplib clients on
// worker threads, so the UI thread never waits on the network. Answers are queued and handed to
// the console's Api by Poll() on the UI thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "seam/console/transport.hpp"

namespace seam::native_console {

class HttpTransport : public console::Transport {
  public:
    //! `base_url` like "http://127.0.0.1:8080". `workers` requests run at once.
    explicit HttpTransport(std::string base_url, int workers = 2);
    ~HttpTransport() override;
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    void Start(std::uint64_t id, const console::HttpRequest& request) override;
    std::vector<std::pair<std::uint64_t, console::HttpResponse>> Poll() override;

  private:
    void Work();

    std::string base_url_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::deque<std::pair<std::uint64_t, console::HttpRequest>> queue_;
    std::vector<std::pair<std::uint64_t, console::HttpResponse>> done_;
    std::vector<std::thread> workers_;
};

}  // namespace seam::native_console
