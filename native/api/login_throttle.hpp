// native/api/login_throttle.hpp — back-off for agent sign-in, per account and per client
// address: after a few failures in a row each further failure doubles the wait (1 s, 2 s, 4 s ...
// up to 15 min) before the next attempt is even looked at; while waiting, an attempt is refused
// at once (429, Retry-After) without hashing. Nothing sleeps: other requests are never held up.
// A success clears the account's and the address's count; a quiet quarter of an hour too.
// Thread-safe; its mutex is held for a map lookup only, never while hashing.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace seam::api {

class LoginThrottle {
  public:
    //! Failures allowed before the back-off starts, per account and per address (an address
    //! may hold several operators behind one NAT, so it gets more).
    static constexpr int kFreeAccountFailures = 5;
    static constexpr int kFreeAddressFailures = 20;
    static constexpr std::int64_t kMaxWaitMs = 15 * 60 * 1000;
    static constexpr std::int64_t kForgetMs = 15 * 60 * 1000;

    //! Seconds the caller must still wait before trying `login` from `address` (0 = go ahead).
    int RetryAfterSeconds(const std::string& login, const std::string& address,
                          std::int64_t now_ms);
    //! A wrong secret or an unknown login: counts against both.
    void Failed(const std::string& login, const std::string& address, std::int64_t now_ms);
    //! A successful sign-in: forgets both counts.
    void Succeeded(const std::string& login, const std::string& address);

    //! At most kMaxHashing sign-ins hash at once (each holds 19 MiB for tens of ms): a flood
    //! of attempts from many addresses cannot take the memory or every core. False = refuse
    //! this one (503, Retry-After: 1); true = go ahead, then call EndHashing().
    static constexpr int kMaxHashing = 4;
    bool BeginHashing();
    void EndHashing();

  private:
    struct Entry {
        int failures = 0;
        std::int64_t last_ms = 0;
        std::int64_t blocked_until_ms = 0;
    };
    static int Wait(const std::unordered_map<std::string, Entry>& map, const std::string& key,
                    std::int64_t now_ms);
    static void Count(std::unordered_map<std::string, Entry>& map, const std::string& key,
                      int free_failures, std::int64_t now_ms);
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> accounts_, addresses_;
    int hashing_ = 0;
};

}  // namespace seam::api
