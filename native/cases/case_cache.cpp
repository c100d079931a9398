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
    auto loaded_case = std::make_shared<Case>(std::move(loaded.value()));
    Keep(loaded_case);
    return Snapshot(std::move(loaded_case));
}

Result<Case> CaseCache::Load(store::Db& db, const std::string& id) {
    auto snapshot = Get(db, id);
    if (!snapshot) return snapshot.error();
    return Case(**snapshot);
}

std::optional<Case> CaseCache::Take(const std::string& id) {
    std::shared_ptr<Case> held;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        auto it = cases_.find(id);
        if (it == cases_.end()) return std::nullopt;
        held = std::move(it->second);
        cases_.erase(it);
    }
    // Out of the map, nobody can take a new reference: a count of one is exact.
    if (held.use_count() == 1) return std::move(*held);
    return *held;
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
    Keep(std::make_shared<Case>(std::move(c)));
}

void CaseCache::Keep(std::shared_ptr<Case> c) {
    std::shared_ptr<Case> replaced;  // the old one is freed after the mutex is let go
    std::lock_guard<std::mutex> guard(mutex_);
    auto it = cases_.find(c->id);
    if (it != cases_.end()) {
        replaced = std::move(it->second);
        it->second = std::move(c);
        return;
    }
    if (cases_.size() >= capacity_) {  // any one: cheap, good enough
        replaced = std::move(cases_.begin()->second);
        cases_.erase(cases_.begin());
    }
    cases_.emplace(c->id, std::move(c));
}

}  // namespace seam::cases
