// native/cases/case_cache.hpp — the states of recently active cases, kept parsed in memory so a
// turn does not re-parse its case's JSON state from the store. The store stays the truth: a
// cached case is used only while its version is still the stored one (every write of a case
// bumps its version), so a write by any other path simply makes the next load read the store.
//
// Cached cases are immutable snapshots shared by pointer: a turn takes one under the store's
// lock in O(1), works on its own copy of the state without the lock, and puts the new case back
// (moved in, not copied) when it has written it.
//
// The cache has its own mutex, so Peek works from any thread without the store's lock; the
// other calls read the store and need the caller to hold the store's lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "cases/case_store.hpp"

namespace seam::cases {

class CaseCache {
  public:
    using Snapshot = std::shared_ptr<const Case>;

    explicit CaseCache(std::size_t capacity) : capacity_(capacity) {}

    //! The stored version of case `id` (nothing when there is no such case).
    static std::optional<std::int64_t> StoredVersion(store::Db& db, const std::string& id);

    //! The case as stored: the remembered snapshot when its version is the stored one, else read
    //! from the store (and remembered). Errors: seam.cases.not_found, seam.store.*.
    Result<Snapshot> Get(store::Db& db, const std::string& id);
    //! The remembered snapshot of case `id` (null when none), without asking the store whether
    //! it is still current: for planning, when the write checks the version anyway. Any thread.
    Snapshot Peek(const std::string& id) const;
    //! A copy of Get()'s case, for callers that change it.
    Result<Case> Load(store::Db& db, const std::string& id);
    //! Keeps `c` (just saved) for the next Get.
    void Remember(Case c);
    //! Forgets everything (after a batch of writes was rolled back).
    void Clear();

  private:
    void Keep(Snapshot snapshot);
    std::size_t capacity_;
    mutable std::mutex mutex_;  // guards cases_ (held only around the map, never the store)
    std::unordered_map<std::string, Snapshot> cases_;
};

}  // namespace seam::cases
