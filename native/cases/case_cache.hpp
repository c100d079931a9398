// native/cases/case_cache.hpp — the states of recently active cases, kept parsed in memory so a
// turn does not re-parse its case's JSON state from the store. The store stays the truth: a
// cached case is used only while its version is still the stored one (every write of a case
// bumps its version), so a write by any other path simply makes the next load read the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "cases/case_store.hpp"

namespace seam::cases {

class CaseCache {
  public:
    explicit CaseCache(std::size_t capacity) : capacity_(capacity) {}

    //! The stored version of case `id` (nothing when there is no such case).
    static std::optional<std::int64_t> StoredVersion(store::Db& db, const std::string& id);

    //! The case: the remembered copy when its version is the stored one, else from the store.
    Result<Case> Load(store::Db& db, const std::string& id);
    //! Keeps `c` (just saved) for the next Load.
    void Remember(const Case& c);
    //! Forgets everything (after a batch of writes was rolled back).
    void Clear() { cases_.clear(); }

  private:
    std::size_t capacity_;
    std::unordered_map<std::string, Case> cases_;
};

}  // namespace seam::cases
