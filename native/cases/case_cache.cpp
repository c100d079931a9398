// native/cases/case_cache.cpp — parsed case states in memory (see case_cache.hpp).
#include "cases/case_cache.hpp"

namespace seam::cases {

std::optional<std::int64_t> CaseCache::StoredVersion(store::Db& db, const std::string& id) {
    auto& s = db.Cached("SELECT version FROM cases WHERE id = ?");
    s.Bind(1, id);
    std::optional<std::int64_t> version;
    if (s.Next()) version = s.Int(0);
    s.Reset();
    return version;
}

Result<CaseCache::Snapshot> CaseCache::Get(store::Db& db, const std::string& id) {
    const auto version = StoredVersion(db, id);
    if (!version) return Error::Make("seam.cases.not_found", "no case \"" + id + "\"");
    if (Snapshot known = Peek(id); known && known->version == *version) return known;
    auto loaded = cases::Load(db, id);
    if (!loaded) return loaded.error();
    auto snapshot = std::make_shared<const Case>(std::move(loaded.value()));
    Keep(snapshot);
    return snapshot;
}

Result<Case> CaseCache::Load(store::Db& db, const std::string& id) {
    auto snapshot = Get(db, id);
    if (!snapshot) return snapshot.error();
    return Case(**snapshot);
}

CaseCache::Snapshot CaseCache::Peek(const std::string& id) const {
    std::lock_guard<std::mutex> guard(mutex_);
    auto it = cases_.find(id);
    return it == cases_.end() ? nullptr : it->second;
}

void CaseCache::Clear() {
    std::lock_guard<std::mutex> guard(mutex_);
    cases_.clear();
}

void CaseCache::Remember(Case c) {
    Keep(std::make_shared<const Case>(std::move(c)));
}

void CaseCache::Keep(Snapshot snapshot) {
    Snapshot replaced;  // the old snapshot is freed after the mutex is let go
    std::lock_guard<std::mutex> guard(mutex_);
    auto it = cases_.find(snapshot->id);
    if (it != cases_.end()) {
        replaced = std::move(it->second);
        it->second = std::move(snapshot);
        return;
    }
    if (cases_.size() >= capacity_) cases_.erase(cases_.begin());  // any one: cheap, good enough
    cases_.emplace(snapshot->id, std::move(snapshot));
}

}  // namespace seam::cases
