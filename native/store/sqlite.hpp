// native/store/sqlite.hpp — a thin RAII layer over the store's engine: a connection, prepared
// statements, transactions. Errors are values (seam::Result) with stable ids "seam.store.*" and
// the engine's own message. Only Cached() throws, and only for a malformed SQL literal in Seam
// itself.
//
// Two engines behind one API (issue 20): SQLite (a file path: the default, one command, no
// server) and PostgreSQL (a "postgres://" or "postgresql://" URL, through libpq). Seam's SQL is
// written once, in SQLite's dialect; on PostgreSQL each statement is translated
// (store/dialect.hpp). Bind indexes, column indexes and the results of Int/Real/Text/IsNull mean
// the same on both.
//
// A Db is used by one thread at a time (seamd serialises writers through store/writer.hpp and
// gives each reader thread its own connection); SQLite is opened with SQLITE_OPEN_NOMUTEX.
//
// A PostgreSQL server can go away under a running seamd (a restart, a failover, a killed
// backend). Then the Db does not die with its connection (issue 20):
//
//   statement fails, connection bad ─► seam.store.unavailable; the open transaction is gone
//        │  (every statement of it fails until its owner ends it: COMMIT reports the loss,
//        │   ROLLBACK succeeds; a batch is over, in_batch() false, CommitBatch reports it)
//        ▼
//   next use, >= kReconnectEveryMs after the loss or the last try ─► PQreset
//        │ fails: seam.store.unavailable at once, no network, until the next try is due
//        ▼ succeeds: the session's settings again, a new generation: each statement is
//          prepared again on the server when it next runs (cached ones too)
//
// SQLite has no connection to lose: none of this applies to it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "seam/core/result.hpp"

struct pg_conn;    // libpq's PGconn
struct pg_result;  // libpq's PGresult

namespace seam::store {

class Db;
struct PgStmt;
struct PgLink;
enum class TxnEnd;  // postgres.hpp

//! The error id of a statement that could not reach its PostgreSQL server (the connection was
//! lost, or a reconnect failed). Retry later: the Db reconnects by itself (see above).
inline constexpr const char* kUnavailable = "seam.store.unavailable";

enum class Engine { kSqlite, kPostgres };

//! What a result cell holds (Stmt::Kind): SQLite's storage class of the value, or the PostgreSQL
//! column's type (integer types, floating point, everything else as text).
enum class ValueKind { kNull, kInt, kReal, kText };

//! A prepared statement. Bind parameters are 1-based, as in SQLite; columns are 0-based.
class Stmt {
  public:
    Stmt();
    Stmt(Stmt&& other) noexcept;
    Stmt& operator=(Stmt&& other) noexcept;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();

    Stmt& Bind(int index, std::int64_t value);
    Stmt& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
    Stmt& Bind(int index, double value);
    Stmt& Bind(int index, std::string_view value);
    Stmt& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
    Stmt& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
    Stmt& BindNull(int index);
    //! Binds `value` or NULL.
    Stmt& Bind(int index, const std::optional<std::string>& value);
    Stmt& Bind(int index, const std::optional<std::int64_t>& value);

    //! Advances: true while a row is available. Errors end the iteration and are kept in error().
    bool Next();
    //! Runs a statement that returns no rows (or ignores them). Resets it afterwards.
    Result<bool> Run();
    //! Resets the statement and clears its bindings, ready to run again.
    void Reset();

    std::int64_t Int(int column) const;
    double Real(int column) const;
    std::string Text(int column) const;
    bool IsNull(int column) const;
    //! The current row's shape: how many columns, their names, what each cell holds.
    int Columns() const;
    std::string ColumnName(int column) const;
    ValueKind Kind(int column) const;

    //! The error of the last Next() or Run(), if any ("" when none).
    const std::string& error() const { return error_; }

  private:
    friend class Db;
    Stmt(sqlite3_stmt* stmt, sqlite3* db);
    explicit Stmt(std::unique_ptr<PgStmt> pg);
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
    std::unique_ptr<PgStmt> pg_;  // set on PostgreSQL (then stmt_ is null)
    std::string error_;
};

class Db {
  public:
    //! Opens (creating it if needed) the database at `path` (":memory:" for a private one) in
    //! WAL mode with synchronous=FULL, foreign keys on and a busy timeout; or, for a
    //! "postgres://" / "postgresql://" URL, connects to that PostgreSQL database (errors:
    //! seam.store.open with libpq's message, never the URL's password).
    static Result<std::unique_ptr<Db>> Open(const std::string& path);
    //! How long a SQLite statement waits for a lock another connection holds.
    static constexpr int kBusyTimeoutMs = 5000;
    //! True for a URL Open() reads as PostgreSQL.
    static bool IsPostgresUrl(std::string_view location);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    //! Runs one or more statements with no parameters. Errors: seam.store.exec.
    Result<bool> Exec(std::string_view sql);
    //! Prepares one statement. Errors: seam.store.prepare.
    Result<Stmt> Prepare(std::string_view sql);
    //! Prepares once and keeps the statement for the life of the Db (the returned reference
    //! stays valid; it is reset before it is handed out). On PostgreSQL a statement cached while
    //! the server cannot be reached is prepared when it first runs (its Next/Run fail with
    //! seam.store.unavailable until then), so this never throws for a lost server.
    Stmt& Cached(const char* sql);

    //! Runs one transaction-control statement (BEGIN, COMMIT, SAVEPOINT, RELEASE, ROLLBACK) kept
    //! prepared: these run several times per request, and compiling them each time (Exec) was a
    //! measurable share of a turn. Errors: seam.store.exec, seam.store.unavailable.
    Result<bool> Control(const char* sql);

    //! The id the last INSERT gave a row (on PostgreSQL: lastval(), the last BIGSERIAL value
    //! this connection took; 0 when none).
    std::int64_t LastInsertId() const;
    //! Rows changed by the last INSERT, UPDATE or DELETE run.
    int Changes() const;
    Engine engine() const { return pg_ ? Engine::kPostgres : Engine::kSqlite; }
    sqlite3* raw() { return db_; }

    //! Tells the other seamd nodes sharing a PostgreSQL store (store::Listener on `channel`)
    //! that `payload` changed: delivered when the current transaction commits (at once outside
    //! one), never if it rolls back. Nothing to do on SQLite (one node).
    Result<bool> Announce(const char* channel, std::string_view payload);
    //! The PostgreSQL server process of this connection (0 on SQLite).
    int BackendPid() const;

    //! SQLite: commits stop waiting for the disk, and the committer makes them durable with
    //! SyncWal() once it let go of the store, so the next batch runs meanwhile instead of
    //! waiting for the fsync (group_commit.hpp). Sets synchronous=NORMAL on this connection
    //! (checkpoints still sync the WAL before copying it, and a restarted WAL's header is
    //! synced); a transaction committed outside a batch syncs at its Commit. Not on PostgreSQL
    //! (its COMMIT waits for its own WAL flush).
    Result<bool> DeferSync();
    bool deferred_sync() const { return defer_sync_; }
    //! Makes every commit so far durable (fdatasync of the WAL file). Any thread: it touches
    //! only a descriptor of its own, opened again if the WAL file was replaced. Errors:
    //! seam.store.sync.
    Result<bool> SyncWal();
    //! PostgreSQL: false from a lost connection until a reconnect succeeds. Any thread may ask
    //! (an atomic, not the connection). SQLite: always true.
    bool reachable() const;
    //! A round trip to the server (PostgreSQL: SELECT 1, reconnecting first when the connection
    //! was lost and a try is due; SQLite: nothing). Errors: seam.store.unavailable.
    Result<bool> Ping();
    //! How long a lost PostgreSQL server is left alone between two reconnects.
    static constexpr int kReconnectEveryMs = 250;
    //! How many seam.store.unavailable errors the calling thread was given so far (by any Db).
    //! The HTTP layer compares it before and after a request: a read that took an unreachable
    //! store for "no rows" still answers 503.
    static std::uint64_t UnavailableSeen();

    //! A batch is one long transaction many writers share (see group_commit.hpp): while one is
    //! open, Transaction becomes a savepoint inside it, so each writer still commits or rolls
    //! back its own changes, and the batch reaches the disk in one commit.
    Result<bool> BeginBatch();
    //! Rolls the batch back when the commit fails. A batch whose connection was lost fails here
    //! with seam.store.unavailable (nothing of it was kept).
    Result<bool> CommitBatch();
    bool in_batch() const { return in_batch_; }

  private:
    friend struct PgStmt;
    explicit Db(sqlite3* db);
    explicit Db(pg_conn* pg);
    // The PostgreSQL engine (postgres.cpp).
    static Result<std::unique_ptr<Db>> OpenPostgres(const std::string& url);
    Result<bool> ExecPostgres(std::string_view sql);
    //! `lazy`: a server that cannot be reached leaves the statement to be prepared when it runs.
    Result<Stmt> PreparePostgres(std::string_view sql, bool lazy);
    std::int64_t LastInsertIdPostgres() const;
    void ClosePostgres();
    // The connection's life on PostgreSQL (postgres.cpp): see the diagram at the top.
    Result<bool> PgSession();
    //! Before a statement that `ends` (or not) a transaction: true to run it, false to skip it
    //! (a ROLLBACK with nothing left to roll back), or why it cannot run.
    Result<bool> PgBefore(TxnEnd ends);
    void PgAfter();  // a call returned on a live connection
    //! A failed call's error; a lost connection is noted (PgLost) and seam.store.unavailable.
    Error PgFailed(pg_result* r, TxnEnd ends, const char* id, const std::string& suffix);
    void PgLost(TxnEnd ends, const std::string& why = "");
    Result<bool> PgReconnect();
    Result<bool> PgPrepare(PgStmt& s);
    struct Cache;
    sqlite3* db_ = nullptr;
    pg_conn* pg_ = nullptr;
    int pg_statements_ = 0;  // names of prepared statements: s1, s2, ...
    int pg_changes_ = 0;
    //! The connection generation on which lastval() worked once (then it cannot fail).
    mutable std::uint64_t pg_lastval_generation_ = 0;
    //! The server-side statements prepared so far, by Seam's SQL text: a Prepare() of the same
    //! text (most of them are literals in the code) reuses one instead of preparing it again.
    struct PgPrepared;
    std::unique_ptr<std::unordered_map<std::string, PgPrepared>> pg_prepared_;
    std::unique_ptr<PgLink> pg_link_;  // set on PostgreSQL
    std::unique_ptr<Cache> cache_;
    bool in_batch_ = false;
    bool defer_sync_ = false;
    int wal_fd_ = -1;  // the WAL file, for SyncWal (opened at the first sync)
    std::string wal_path_;
    std::mutex wal_mutex_;     // SyncWal from the committers' threads
    bool batch_lost_ = false;  // the open batch went with a lost connection (CommitBatch fails)
};

//! BEGIN IMMEDIATE ... COMMIT, rolled back on destruction unless committed. Inside a batch
//! (Db::in_batch) it is SAVEPOINT ... RELEASE, rolled back to the savepoint instead.
class Transaction {
  public:
    explicit Transaction(Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    //! Whether BEGIN succeeded.
    bool ok() const { return begun_; }
    //! Why BEGIN failed: seam.store.unavailable when the server cannot be reached, else
    //! seam.store.busy.
    Error failure() const;
    Result<bool> Commit();

  private:
    Db& db_;
    Error failure_;
    bool begun_ = false;
    bool done_ = false;
    bool savepoint_ = false;
};

}  // namespace seam::store
