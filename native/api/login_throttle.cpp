// native/api/login_throttle.cpp — sign-in back-off (see login_throttle.hpp).
#include "api/login_throttle.hpp"

#include <algorithm>
#include <vector>

#include "identity/sha256.hpp"

namespace seam::api {

LoginThrottle::LoginThrottle(std::size_t max_entries)
    : max_entries_(std::max<std::size_t>(max_entries, 4)) {
    accounts_.next_trim = addresses_.next_trim = max_entries_;
}

LoginThrottle::Key LoginThrottle::KeyOf(char kind, std::string_view text) {
    identity::Sha256 h;
    h.Update(std::string_view(&kind, 1));
    h.Update(text);
    const identity::Digest d = h.Finish();
    Key k;
    std::copy_n(d.begin(), k.size(), k.begin());
    return k;
}

int LoginThrottle::Wait(const Table& table, const Key& key, std::int64_t now_ms) {
    const auto it = table.map.find(key);
    if (it == table.map.end() || it->second.blocked_until_ms <= now_ms) return 0;
    return static_cast<int>((it->second.blocked_until_ms - now_ms + 999) / 1000);
}

// Drops the oldest entries that are not backing off, down to 3/4 of max_entries_ when it can.
// Runs when the map reaches next_trim; the next run is at least max_entries_ / 4 new entries
// later, so its O(n log n) is paid once per that many failures. Entries still backing off are
// kept even over the cap: each took several hashed failures (kMaxHashing at a time) and all
// are gone within kMaxWaitMs, so they cannot pile up without bound.
void LoginThrottle::Trim(Table& table, std::int64_t now_ms) {
    const std::size_t target = max_entries_ - max_entries_ / 4;
    std::vector<std::pair<std::int64_t, Key>> idle;
    idle.reserve(table.map.size());
    for (const auto& [key, e] : table.map) {
        if (e.blocked_until_ms <= now_ms) idle.emplace_back(e.last_ms, key);
    }
    if (table.map.size() > target) {
        const std::size_t drop = std::min(idle.size(), table.map.size() - target);
        std::nth_element(idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(drop), idle.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < drop; ++i)
            table.map.erase(idle[i].second);
    }
    table.next_trim = std::max(max_entries_, table.map.size() + max_entries_ / 4);
}

void LoginThrottle::Count(Table& table, const Key& key, int free_failures, std::int64_t now_ms) {
    if (table.map.size() >= table.next_trim && table.map.find(key) == table.map.end()) {
        Trim(table, now_ms);
    }
    Entry& e = table.map[key];
    if (now_ms - e.last_ms > kForgetMs && e.blocked_until_ms <= now_ms) e.failures = 0;
    ++e.failures;
    e.last_ms = now_ms;
    const int over = e.failures - free_failures;
    if (over <= 0) return;
    const std::int64_t wait = std::min<std::int64_t>(kMaxWaitMs, 1000LL << std::min(over - 1, 20));
    e.blocked_until_ms = now_ms + wait;
}

int LoginThrottle::RetryAfterSeconds(std::string_view login, std::string_view address,
                                     std::int64_t now_ms) {
    const Key account = KeyOf('l', login), from = KeyOf('a', address);
    std::lock_guard<std::mutex> guard(mutex_);
    return std::max(Wait(accounts_, account, now_ms), Wait(addresses_, from, now_ms));
}

void LoginThrottle::Failed(std::string_view login, std::string_view address, std::int64_t now_ms) {
    const Key account = KeyOf('l', login), from = KeyOf('a', address);
    std::lock_guard<std::mutex> guard(mutex_);
    Count(accounts_, account, kFreeAccountFailures, now_ms);
    Count(addresses_, from, kFreeAddressFailures, now_ms);
}

void LoginThrottle::Succeeded(std::string_view login) {
    const Key account = KeyOf('l', login);
    std::lock_guard<std::mutex> guard(mutex_);
    accounts_.map.erase(account);
}

std::size_t LoginThrottle::AccountEntries() {
    std::lock_guard<std::mutex> guard(mutex_);
    return accounts_.map.size();
}

std::size_t LoginThrottle::AddressEntries() {
    std::lock_guard<std::mutex> guard(mutex_);
    return addresses_.map.size();
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
