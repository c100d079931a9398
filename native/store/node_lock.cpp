// native/store/node_lock.cpp — advisory locks across nodes (see node_lock.hpp).
#include "store/node_lock.hpp"

namespace seam::store {

std::int64_t NodeLock::Key(std::string_view name) {
    std::uint64_t h = 14695981039346656037ull;
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return static_cast<std::int64_t>(h);
}

Result<NodeLock> NodeLock::Take(Db& db, std::string_view name) {
    const std::int64_t key = Key(name);
    if (db.engine() != Engine::kPostgres) return NodeLock(nullptr, key);
    auto s = db.Prepare("SELECT pg_advisory_lock(?)");
    if (!s) return Error::Make("seam.store.lock", s.error().message);
    s->Bind(1, key);
    s->Next();
    if (!s->error().empty()) return Error::Make("seam.store.lock", s->error());
    return NodeLock(&db, key);
}

Result<std::optional<NodeLock>> NodeLock::TryTake(Db& db, std::string_view name) {
    const std::int64_t key = Key(name);
    if (db.engine() != Engine::kPostgres) return std::optional<NodeLock>(NodeLock(nullptr, key));
    auto& s = db.Cached("SELECT pg_try_advisory_lock(?)");
    s.Bind(1, key);
    const bool row = s.Next();
    if (!s.error().empty()) return Error::Make("seam.store.lock", s.error());
    const bool held = row && s.Text(0) == "t";
    s.Reset();
    if (!held) return std::optional<NodeLock>();
    return std::optional<NodeLock>(NodeLock(&db, key));
}

Result<bool> NodeLock::TryTakeForTransaction(Db& db, std::string_view name) {
    if (db.engine() != Engine::kPostgres) return true;
    auto& s = db.Cached("SELECT pg_try_advisory_xact_lock(?)");
    s.Bind(1, Key(name));
    const bool row = s.Next();
    const std::string error = s.error();
    const bool held = row && s.Text(0) == "t";
    s.Reset();
    if (!error.empty()) return Error::Make("seam.store.lock", error);
    return held;
}

NodeLock::~NodeLock() {
    if (db_ == nullptr) return;
    auto& s = db_->Cached("SELECT pg_advisory_unlock(?)");
    s.Bind(1, key_);
    s.Next();
    s.Reset();
}

}  // namespace seam::store
