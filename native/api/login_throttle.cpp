// native/api/login_throttle.cpp — sign-in back-off (see login_throttle.hpp).
#include "api/login_throttle.hpp"

#include <algorithm>

namespace seam::api {

int LoginThrottle::Wait(const std::unordered_map<std::string, Entry>& map, const std::string& key,
                        std::int64_t now_ms) {
    const auto it = map.find(key);
    if (it == map.end() || it->second.blocked_until_ms <= now_ms) return 0;
    return static_cast<int>((it->second.blocked_until_ms - now_ms + 999) / 1000);
}

void LoginThrottle::Count(std::unordered_map<std::string, Entry>& map, const std::string& key,
                          int free_failures, std::int64_t now_ms) {
    if (map.size() > 100000) {  // bounded memory under churn: drop the quiet ones first
        for (auto it = map.begin(); it != map.end();) {
            it = now_ms - it->second.last_ms > kForgetMs ? map.erase(it) : std::next(it);
        }
        if (map.size() > 100000) map.clear();
    }
    Entry& e = map[key];
    if (now_ms - e.last_ms > kForgetMs && e.blocked_until_ms <= now_ms) e.failures = 0;
    ++e.failures;
    e.last_ms = now_ms;
    const int over = e.failures - free_failures;
    if (over <= 0) return;
    const std::int64_t wait = std::min<std::int64_t>(kMaxWaitMs, 1000LL << std::min(over - 1, 20));
    e.blocked_until_ms = now_ms + wait;
}

int LoginThrottle::RetryAfterSeconds(const std::string& login, const std::string& address,
                                     std::int64_t now_ms) {
    std::lock_guard<std::mutex> guard(mutex_);
    return std::max(Wait(accounts_, login, now_ms), Wait(addresses_, address, now_ms));
}

void LoginThrottle::Failed(const std::string& login, const std::string& address,
                           std::int64_t now_ms) {
    std::lock_guard<std::mutex> guard(mutex_);
    Count(accounts_, login, kFreeAccountFailures, now_ms);
    Count(addresses_, address, kFreeAddressFailures, now_ms);
}

void LoginThrottle::Succeeded(const std::string& login, const std::string& address) {
    std::lock_guard<std::mutex> guard(mutex_);
    accounts_.erase(login);
    addresses_.erase(address);
}

bool LoginThrottle::BeginHashing() {
    std::lock_guard<std::mutex> guard(mutex_);
    if (hashing_ >= kMaxHashing) return false;
    ++hashing_;
    return true;
}

void LoginThrottle::EndHashing() {
    std::lock_guard<std::mutex> guard(mutex_);
    --hashing_;
}

}  // namespace seam::api
