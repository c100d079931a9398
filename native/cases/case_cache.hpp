// native/cases/case_cache.hpp — the states of recently active cases, kept parsed in memory so a
// turn does not re-parse its case's JSON state from the store. The store stays the truth: a
// cached case is used only while its version is still the stored one (every write of a case
// bumps its version), so a write by any other path simply makes the next load read the store.
//
// Cached cases are shared by pointer and not changed while shared: a reader gets a snapshot in
// O(1). A turn takes its case out (Take: moved, no copy of the state), lets the engine step the
// state in place without the lock, and puts the new case back (Remember) once it is written.
//
// The cache has its own mutex, so Take, Remember and Clear work from any thread without the
// store's lock; Get and Load read the store and need the caller to hold the store's lock.
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
    //! Takes case `id` out of the cache (moved, not copied, unless a reader still holds it), to
    //! be changed and put back with Remember; nothing when none is remembered. Any thread.
    std::optional<Case> Take(const std::string& id);
    //! A copy of Get()'s case, for callers that change it.
    Result<Case> Load(store::Db& db, const std::string& id);
    //! Keeps `c` (just saved) for the next Get.
    void Remember(Case c);
    //! Forgets everything (after a batch of writes was rolled back).
    void Clear();

  private:
    Snapshot Peek(const std::string& id) const;  //!< the remembered one, current or not (or null)
    void Keep(std::shared_ptr<Case> c);
    std::size_t capacity_;
    mutable std::mutex mutex_;  // guards cases_ (held only around the map, never the store)
    std::unordered_map<std::string, std::shared_ptr<Case>> cases_;
};

}  // namespace seam::cases
