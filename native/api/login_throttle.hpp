// native/api/login_throttle.hpp — back-off for agent sign-in, per account and per client
// address: after a few failures in a row each further failure doubles the wait (1 s, 2 s, 4 s ...
// up to 15 min) before the next attempt is even looked at; while waiting, an attempt is refused
// at once (429, Retry-After) without hashing. Nothing sleeps: other requests are never held up.
// A success clears the account's count (not the address's: a guesser holding one valid account
// must not reset its address between guesses); a quiet quarter of an hour clears either.
// Entries are keyed by a 128-bit digest of the login or address (fixed size, whatever was sent);
// each map holds about max_entries: over that the oldest entries not backing off are dropped,
// a quarter at a time (one sort per max_entries / 4 new entries), never one still backing off.
// Thread-safe; its mutex is held for a map lookup only, never while hashing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
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
    static constexpr std::size_t kMaxEntries = 100000;

    explicit LoginThrottle(std::size_t max_entries = kMaxEntries);

    //! Seconds the caller must still wait before trying `login` from `address` (0 = go ahead).
    int RetryAfterSeconds(std::string_view login, std::string_view address, std::int64_t now_ms);
    //! A wrong secret or an unknown login: counts against both.
    void Failed(std::string_view login, std::string_view address, std::int64_t now_ms);
    //! A successful sign-in: forgets the account's count (the address's stays).
    void Succeeded(std::string_view login);

    //! Entries held per map (accounts, addresses), for tests.
    std::size_t AccountEntries();
    std::size_t AddressEntries();

    //! At most kMaxHashing sign-ins hash at once (each holds 19 MiB for tens of ms): a flood
    //! of attempts from many addresses cannot take the memory or every core. False = refuse
    //! this one (503, Retry-After: 1); true = go ahead, then call EndHashing().
    static constexpr int kMaxHashing = 4;
    bool BeginHashing();
    void EndHashing();

  private:
    using Key = std::array<std::uint8_t, 16>;
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            std::size_t h;
            std::memcpy(&h, k.data(), sizeof h);
            return h;
        }
    };
    struct Entry {
        int failures = 0;
        std::int64_t last_ms = 0;
        std::int64_t blocked_until_ms = 0;
    };
    struct Table {
        std::unordered_map<Key, Entry, KeyHash> map;
        std::size_t next_trim = 0;  //!< size at which the next trim runs
    };
    static Key KeyOf(char kind, std::string_view text);
    static int Wait(const Table& table, const Key& key, std::int64_t now_ms);
    void Count(Table& table, const Key& key, int free_failures, std::int64_t now_ms);
    void Trim(Table& table, std::int64_t now_ms);
    std::size_t max_entries_;
    std::mutex mutex_;
    Table accounts_, addresses_;
    int hashing_ = 0;
};

}  // namespace seam::api
