// native/api/rate_limit.hpp — a token bucket per client address: `per_minute` requests a
// minute on average, bursts up to a tenth of that (at least 20). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace seam::api {

class RateLimiter {
  public:
    explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}
    //! Takes one token for `client` at `now_ms`; false when the client must wait (429).
    bool Allow(const std::string& client, std::int64_t now_ms);
    //! Seconds until the next token, for Retry-After.
    int RetryAfterSeconds() const { return per_minute_ > 0 ? 60 / per_minute_ + 1 : 1; }

  private:
    struct Bucket {
        double tokens = 0;
        std::int64_t at = 0;
    };
    int per_minute_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace seam::api
