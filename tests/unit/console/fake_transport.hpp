// tests/unit/console/fake_transport.hpp — a scripted Transport for the console's model tests:
// records every request, and the test answers them (in any order) before the next Pump().
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "seam/console/transport.hpp"

namespace seam::console::testing {

class FakeTransport : public Transport {
  public:
    struct Sent {
        std::uint64_t id;
        HttpRequest request;
        bool answered = false;
    };

    void Start(std::uint64_t id, const HttpRequest& request) override {
        sent.push_back({id, request, false});
    }
    std::vector<std::pair<std::uint64_t, HttpResponse>> Poll() override {
        auto out = std::move(ready_);
        ready_.clear();
        return out;
    }

    //! Answers the oldest unanswered request whose method and path start with `prefix`
    //! ("GET /v1/handoffs"). Returns false when there is none.
    bool Answer(const std::string& prefix, int status, const std::string& body,
                const std::string& etag = "") {
        HttpResponse response;
        response.status = status;
        response.body = body;
        response.etag = etag;
        return Deliver(prefix, std::move(response));
    }
    //! Answers the oldest unanswered request matching `prefix` with `response` as it is.
    bool Deliver(const std::string& prefix, HttpResponse response) {
        for (Sent& s : sent) {
            if (s.answered) continue;
            if ((s.request.method + " " + s.request.path).rfind(prefix, 0) != 0) continue;
            s.answered = true;
            ready_.push_back({s.id, std::move(response)});
            return true;
        }
        return false;
    }
    //! Fails the oldest unanswered request matching `prefix` with no HTTP answer at all.
    bool Fail(const std::string& prefix, const std::string& why) {
        for (Sent& s : sent) {
            if (s.answered) continue;
            if ((s.request.method + " " + s.request.path).rfind(prefix, 0) != 0) continue;
            s.answered = true;
            HttpResponse response;
            response.transport_error = why;
            ready_.push_back({s.id, std::move(response)});
            return true;
        }
        return false;
    }
    //! Unanswered requests matching `prefix`.
    int Waiting(const std::string& prefix) const {
        int n = 0;
        for (const Sent& s : sent)
            if (!s.answered && (s.request.method + " " + s.request.path).rfind(prefix, 0) == 0) ++n;
        return n;
    }
    const Sent* Last(const std::string& prefix) const {
        for (auto it = sent.rbegin(); it != sent.rend(); ++it)
            if ((it->request.method + " " + it->request.path).rfind(prefix, 0) == 0) return &*it;
        return nullptr;
    }

    std::vector<Sent> sent;

  private:
    std::vector<std::pair<std::uint64_t, HttpResponse>> ready_;
};

}  // namespace seam::console::testing
