// native/api/rate_limit.cpp — token buckets per client (see rate_limit.hpp).
#include "api/rate_limit.hpp"

#include <algorithm>

namespace seam::api {

bool RateLimiter::Allow(const std::string& client, std::int64_t now_ms) {
    if (per_minute_ <= 0) return true;
    const double burst = std::max(20.0, per_minute_ / 10.0);
    std::lock_guard<std::mutex> guard(mutex_);
    if (buckets_.size() > 100000) buckets_.clear();  // bounded memory under address churn
    auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst, now_ms});
    Bucket& b = it->second;
    if (!fresh) {
        const double refill = static_cast<double>(now_ms - b.at) * per_minute_ / 60000.0;
        b.tokens = std::min(burst, b.tokens + std::max(0.0, refill));
        b.at = now_ms;
    }
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

}  // namespace seam::api
