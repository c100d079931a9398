// native/store/node_lock.hpp — one holder at a time across every seamd sharing a store. On
// PostgreSQL a session advisory lock (pg_advisory_lock, named by a hash of its name) on the
// given connection, let go when the NodeLock ends (or when the connection does: a node killed
// holding it frees it). On SQLite one process serves a store file, so it always holds.
//
//   start-up:         NodeLock::Take(db, "seam.start")  migrations, seeding, the demo load: once
//   background work:  NodeLock::TryTake(db, "seam.webhooks")  only the node that holds it works
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

class NodeLock {
  public:
    //! Waits until it holds `name`. Errors: seam.store.lock (the connection failed).
    static Result<NodeLock> Take(Db& db, std::string_view name);
    //! Holds `name` if no one else does; nothing when another connection holds it.
    //! Errors: seam.store.lock.
    static Result<std::optional<NodeLock>> TryTake(Db& db, std::string_view name);
    //! Inside a transaction: holds `name` until it ends (commit or rollback), if no other
    //! transaction holds it; false when one does. On SQLite, true (the writer is alone).
    //! Errors: seam.store.lock.
    static Result<bool> TryTakeForTransaction(Db& db, std::string_view name);
    //! The 64-bit key PostgreSQL's advisory locks know `name` by (FNV-1a).
    static std::int64_t Key(std::string_view name);

    NodeLock(NodeLock&& other) noexcept : db_(other.db_), key_(other.key_) { other.db_ = nullptr; }
    NodeLock& operator=(NodeLock&&) = delete;
    NodeLock(const NodeLock&) = delete;
    NodeLock& operator=(const NodeLock&) = delete;
    ~NodeLock();  //!< lets go (PostgreSQL)

  private:
    NodeLock(Db* db, std::int64_t key) : db_(db), key_(key) {}
    Db* db_;  // null when nothing is held on the server (SQLite, or moved from)
    std::int64_t key_;
};

}  // namespace seam::store
