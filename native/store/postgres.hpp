// native/store/postgres.hpp — the PostgreSQL engine of store::Db and store::Stmt (sqlite.hpp),
// through libpq. Internal to the store layer: the rest of Seam sees only Db and Stmt.
//
// A statement is prepared once on the server (PQprepare, named s1, s2, ... per connection) from
// its translated text (dialect.hpp); parameters and results travel as text, which PostgreSQL
// converts to and from the columns' types, so Bind(int64) into a BIGINT and Text() of a BIGINT
// behave as on SQLite. A statement runs when Next() first asks for a row (all rows come back at
// once: Seam's queries are small) or at Run().
//
// A lost connection (sqlite.hpp draws its life): PgLink keeps what the Db knows of it. A statement
// is prepared on the connection of one generation; one that runs on a later generation (after a
// reconnect) is prepared again first, under the same name.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

struct pg_conn;
struct pg_result;

namespace seam::store {

class Db;

//! Whether a statement ends a transaction: COMMIT (or END) and ROLLBACK (or ABORT, not ROLLBACK
//! TO) are the statements a transaction lost with its connection lets through (sqlite.hpp).
enum class TxnEnd { kNone, kCommit, kRollback };
TxnEnd EndOf(std::string_view sql);

//! The connection's state as the Db knows it (guarded as the Db is, but `reachable`).
struct PgLink {
    using Clock = std::chrono::steady_clock;
    std::uint64_t generation = 1;  //!< of the current connection: +1 at each reconnect
    bool lost = false;             //!< the connection is gone; the next due use reconnects
    bool orphaned = false;         //!< a transaction went with it and its owner has not ended it
    bool in_txn = false;           //!< after the last call: a transaction is open
    Clock::time_point since;       //!< lost since
    Clock::time_point tried;       //!< the loss, or the last reconnect
    int attempts = 0;              //!< reconnects tried since the loss
    std::atomic<bool> reachable{true};
};

//! A statement prepared on the server, kept for the connection's life (Db::pg_prepared_): a
//! statement of the same text reuses it instead of preparing its own (two round trips).
struct Db::PgPrepared {
    std::string name;  // s1, s2, ...
    int params = 0;
    std::uint64_t generation = 0;  // of the connection it was prepared on
};

struct PgStmt {
    Db* db = nullptr;
    bool shared = false;  // one of Db::pg_prepared_: stays prepared when this one ends
    std::string name;     // the server-side prepared statement
    std::string sql;      // as sent (translated), for messages
    TxnEnd ends = TxnEnd::kNone;
    std::uint64_t generation = 0;  // of the connection it is prepared on (0: not yet)
    bool described = false;        // params sized from the server's description
    std::vector<std::optional<std::string>> params;
    pg_result* result = nullptr;
    int row = -1;
    int rows = 0;

    ~PgStmt();
    void Bind(int index, std::optional<std::string> value);
    //! Runs it when no result is held; then the next row. An error is "[seam.store.step] ...".
    bool Next(std::string& error);
    //! Runs it and drops its rows. Errors: seam.store.constraint (SQLSTATE class 23),
    //! seam.store.busy (40001, 40P01, 55P03: retry), seam.store.unavailable (the connection was
    //! lost: class 08, 57P01-57P03, or libpq's CONNECTION_BAD), seam.store.step.
    Result<bool> Run();
    void Reset();
    const char* Value(int column) const;  // nullptr for NULL or no such cell
    int Columns() const;
    std::string ColumnName(int column) const;
    //! 0 integer (int2/4/8), 1 floating point (float4/8, numeric), 2 anything else; -1 none.
    int TypeClass(int column) const;

  private:
    //! With the bound parameters, prepared first when it is not on this connection: the result
    //! (nullptr: a ROLLBACK with nothing to roll back, skipped), or the error.
    Result<pg_result*> Execute();
};

}  // namespace seam::store
