// native/console/http_transport.cpp — cpp-httplib clients on worker threads (see the header).
#include "console/http_transport.hpp"

#include <httplib.h>

namespace seam::native_console {

HttpTransport::HttpTransport(std::string base_url, int workers) : base_url_(std::move(base_url)) {
    if (workers < 1) workers = 1;
    for (int i = 0; i < workers; ++i)
        workers_.emplace_back([this] { Work(); });
}

HttpTransport::~HttpTransport() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_)
        t.join();
}

void HttpTransport::Start(std::uint64_t id, const console::HttpRequest& request) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.emplace_back(id, request);
    }
    wake_.notify_one();
}

std::vector<std::pair<std::uint64_t, console::HttpResponse>> HttpTransport::Poll() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::pair<std::uint64_t, console::HttpResponse>> out;
    out.swap(done_);
    return out;
}

void HttpTransport::Work() {
    // One client (one keep-alive connection) per worker.
    httplib::Client client(base_url_);
    client.set_connection_timeout(3, 0);
    client.set_read_timeout(15, 0);
    client.set_keep_alive(true);
    for (;;) {
        std::pair<std::uint64_t, console::HttpRequest> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        const console::HttpRequest& r = job.second;
        httplib::Headers headers;
        if (!r.token.empty()) headers.emplace("Authorization", "Bearer " + r.token);
        if (!r.if_none_match.empty()) headers.emplace("If-None-Match", r.if_none_match);
        if (!r.if_match.empty()) headers.emplace("If-Match", r.if_match);
        httplib::Result result =
            r.method == "POST"  ? client.Post(r.path.c_str(), headers, r.body, "application/json")
            : r.method == "PUT" ? client.Put(r.path.c_str(), headers, r.body, "application/json")
                                : client.Get(r.path.c_str(), headers);
        console::HttpResponse response;
        if (result) {
            response.status = result->status;
            response.etag = result->get_header_value("ETag");
            response.body = std::move(result->body);
        } else {
            response.transport_error = "seamd at " + base_url_ + " could not be reached (" +
                                       httplib::to_string(result.error()) + ")";
        }
        std::lock_guard<std::mutex> lock(mutex_);
        done_.emplace_back(job.first, std::move(response));
    }
}

}  // namespace seam::native_console
