// native/store/sqlite.cpp — RAII over the SQLite C API (see sqlite.hpp).
#include "store/sqlite.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <utility>

#include "store/postgres.hpp"

namespace seam::store {

namespace {
std::string Message(sqlite3* db) {
    return db ? sqlite3_errmsg(db) : "out of memory";
}
}  // namespace

// [SECTION] Stmt

Stmt::Stmt() = default;
Stmt::Stmt(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
Stmt::Stmt(std::unique_ptr<PgStmt> pg) : pg_(std::move(pg)) {}

Stmt::Stmt(Stmt&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      pg_(std::move(other.pg_)),
      error_(std::move(other.error_)) {}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = other.db_;
        pg_ = std::move(other.pg_);
        error_ = std::move(other.error_);
    }
    return *this;
}

Stmt::~Stmt() {
    sqlite3_finalize(stmt_);
}

Stmt& Stmt::Bind(int index, std::int64_t value) {
    if (pg_) {
        pg_->Bind(index, std::to_string(value));
        return *this;
    }
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}
Stmt& Stmt::Bind(int index, double value) {
    if (pg_) {
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", value);
        pg_->Bind(index, std::string(text));
        return *this;
    }
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}
Stmt& Stmt::Bind(int index, std::string_view value) {
    if (pg_) {
        pg_->Bind(index, std::string(value));
        return *this;
    }
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::BindNull(int index) {
    if (pg_) {
        pg_->Bind(index, std::nullopt);
        return *this;
    }
    sqlite3_bind_null(stmt_, index);
    return *this;
}
Stmt& Stmt::Bind(int index, const std::optional<std::string>& value) {
    return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}
Stmt& Stmt::Bind(int index, const std::optional<std::int64_t>& value) {
    return value ? Bind(index, *value) : BindNull(index);
}

bool Stmt::Next() {
    if (pg_) return pg_->Next(error_);
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) error_ = "[seam.store.step] " + Message(db_);
    return false;
}

Result<bool> Stmt::Run() {
    error_.clear();
    if (pg_) {
        auto ran = pg_->Run();
        if (!ran) error_ = ran.error().message;
        return ran;
    }
    int rc = sqlite3_step(stmt_);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(stmt_);
    Reset();
    if (rc != SQLITE_DONE) {
        error_ = "[seam.store.step] " + Message(db_);
        return Error::Make(rc == SQLITE_CONSTRAINT ? "seam.store.constraint" : "seam.store.step",
                           Message(db_));
    }
    return true;
}

void Stmt::Reset() {
    if (pg_) {
        pg_->Reset();
        return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Stmt::Int(int column) const {
    if (pg_) {
        const char* v = pg_->Value(column);
        if (!v) return 0;
        if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean expression (x IS NULL, a = b)
        return std::strtoll(v, nullptr, 10);
    }
    return sqlite3_column_int64(stmt_, column);
}
double Stmt::Real(int column) const {
    if (pg_) {
        const char* v = pg_->Value(column);
        return v ? std::strtod(v, nullptr) : 0.0;
    }
    return sqlite3_column_double(stmt_, column);
}
std::string Stmt::Text(int column) const {
    if (pg_) {
        const char* v = pg_->Value(column);
        return v ? std::string(v) : std::string();
    }
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}
bool Stmt::IsNull(int column) const {
    if (pg_) return pg_->Value(column) == nullptr;
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int Stmt::Columns() const {
    if (pg_) return pg_->Columns();
    return sqlite3_column_count(stmt_);
}

std::string Stmt::ColumnName(int column) const {
    if (pg_) return pg_->ColumnName(column);
    const char* n = sqlite3_column_name(stmt_, column);
    return n ? n : "";
}

ValueKind Stmt::Kind(int column) const {
    if (pg_) {
        if (pg_->Value(column) == nullptr) return ValueKind::kNull;
        const int type = pg_->TypeClass(column);
        return type == 0 ? ValueKind::kInt : type == 1 ? ValueKind::kReal : ValueKind::kText;
    }
    switch (sqlite3_column_type(stmt_, column)) {
        case SQLITE_NULL:
            return ValueKind::kNull;
        case SQLITE_INTEGER:
            return ValueKind::kInt;
        case SQLITE_FLOAT:
            return ValueKind::kReal;
        default:
            return ValueKind::kText;
    }
}

// [SECTION] Db

struct Db::Cache {
    std::map<const char*, Stmt> statements;  // keyed by the literal's address: one per call site
};

Result<std::unique_ptr<Db>> Db::Open(const std::string& path) {
    if (IsPostgresUrl(path)) return OpenPostgres(path);
    // Owner-only files: the database is made 0600 before SQLite opens it, and SQLite gives its
    // -wal and -shm files the database's mode. Files of an older store are brought to 0600.
    if (!path.empty() && path[0] != ':' && path.rfind("file:", 0) != 0) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0) ::close(fd);
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            ::chmod((path + suffix).c_str(), 0600);
        }
    }
    sqlite3* raw = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = Message(raw);
        sqlite3_close(raw);
        return Error::Make("seam.store.open", path + ": " + message);
    }
    std::unique_ptr<Db> db(new Db(raw));
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    // A page cache of up to 64 MiB (the default is 2 MiB): the demo store alone is bigger, and
    // every miss is a read system call on the request path.
    // synchronous=FULL: every commit fsyncs the WAL, so an answered write survives an OS crash
    // or a power cut, not only a killed process (NORMAL). Group commit (group_commit.hpp) pays
    // that fsync once per batch of writers; scripts/bench-backend measures the cost.
    // SEAM_SQLITE_SYNCHRONOUS=NORMAL (or EXTRA) overrides it, for an operator who accepts
    // losing the last commits in an OS crash, and for scripts/bench-backend's comparison.
    // journal_size_limit: when the WAL starts over, a file that grew past 64 MiB under a burst
    // is cut back (it is reused, not shrunk, otherwise; see native/README.md on the WAL).
    std::string synchronous = "FULL";
    if (const char* env = std::getenv("SEAM_SQLITE_SYNCHRONOUS")) {
        const std::string v = env;
        if (v == "NORMAL" || v == "FULL" || v == "EXTRA") synchronous = v;
    }
    auto pragmas = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=" + synchronous +
                            "; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                            "PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;");
    if (!pragmas) return Error::Make("seam.store.open", path + ": " + pragmas.error().message);
    return db;
}

Db::Db(sqlite3* db) : db_(db), cache_(std::make_unique<Cache>()) {}
Db::Db(pg_conn* pg)
    : pg_(pg), pg_link_(std::make_unique<PgLink>()), cache_(std::make_unique<Cache>()) {}

Db::~Db() {
    cache_.reset();  // statements first: sqlite3_close refuses while any is alive
    if (pg_) {
        ClosePostgres();
        return;
    }
    sqlite3_close(db_);
    if (wal_fd_ >= 0) ::close(wal_fd_);
}

Result<bool> Db::Exec(std::string_view sql) {
    if (pg_) return ExecPostgres(sql);
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message ? message : Message(db_);
        sqlite3_free(message);
        return Error::Make("seam.store.exec", detail);
    }
    return true;
}

Result<Stmt> Db::Prepare(std::string_view sql) {
    if (pg_) return PreparePostgres(sql, false);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        return Error::Make("seam.store.prepare", Message(db_) + " in: " + std::string(sql));
    }
    return Stmt(stmt, db_);
}

Stmt& Db::Cached(const char* sql) {
    auto it = cache_->statements.find(sql);
    if (it == cache_->statements.end()) {
        auto prepared = pg_ ? PreparePostgres(sql, true) : Prepare(sql);
        // A cached statement is a literal in Seam's own code: failing to prepare it is a bug in
        // that literal or a schema mismatch, not a runtime condition to recover from.
        if (!prepared) throw std::runtime_error(prepared.error().message);
        it = cache_->statements.emplace(sql, std::move(prepared.value())).first;
    }
    it->second.Reset();
    it->second.error_.clear();  // a failure of its last use (a lost server) is not this one's
    return it->second;
}

Result<bool> Db::Control(const char* sql) {
    auto ran = Cached(sql).Run();
    if (!ran) {
        if (ran.error().id == kUnavailable) return ran.error();
        return Error::Make("seam.store.exec", ran.error().message);
    }
    return true;
}

std::int64_t Db::LastInsertId() const {
    if (pg_) return LastInsertIdPostgres();
    return sqlite3_last_insert_rowid(db_);
}
int Db::Changes() const {
    if (pg_) return pg_changes_;
    return sqlite3_changes(db_);
}

bool Db::reachable() const {
    return !pg_link_ || pg_link_->reachable.load(std::memory_order_relaxed);
}

Result<bool> Db::Ping() {
    if (!pg_) return true;
    return Cached("SELECT 1").Run();
}

// [SECTION] Transaction

Result<bool> Db::BeginBatch() {
    if (in_batch_) return true;
    auto begun = Control("BEGIN IMMEDIATE");
    if (!begun) return begun.error();
    in_batch_ = true;
    return true;
}

Result<bool> Db::CommitBatch() {
    if (!in_batch_ && !batch_lost_) return true;
    in_batch_ = false;
    batch_lost_ = false;
    // A lost batch's COMMIT fails without reaching the server (postgres.cpp), and ends it.
    auto committed = Control("COMMIT");
    if (!committed) Control("ROLLBACK");
    return committed;
}

Transaction::Transaction(Db& db) : db_(db), savepoint_(db.in_batch()) {
    auto begun = db_.Control(savepoint_ ? "SAVEPOINT seam_txn" : "BEGIN IMMEDIATE");
    begun_ = static_cast<bool>(begun);
    if (!begun) failure_ = begun.error();
}

Error Transaction::failure() const {
    if (failure_.id == kUnavailable) return failure_;
    return Error::Make("seam.store.busy", "the store is busy; retry");
}

Transaction::~Transaction() {
    if (!begun_ || done_) return;
    if (savepoint_) {
        db_.Control("ROLLBACK TO seam_txn");
        db_.Control("RELEASE seam_txn");
    } else {
        db_.Control("ROLLBACK");
    }
}

Result<bool> Transaction::Commit() {
    if (!begun_) return Error::Make("seam.store.transaction", "the transaction never began");
    done_ = true;
    if (savepoint_) return db_.Control("RELEASE seam_txn");
    auto committed = db_.Control("COMMIT");
    if (!committed) {
        db_.Control("ROLLBACK");
        return committed;
    }
    if (db_.deferred_sync()) return db_.SyncWal();  // alone, not in a batch: durable now
    return committed;
}

Result<bool> Db::DeferSync() {
    if (pg_ || !db_) return true;
    auto normal = Exec("PRAGMA synchronous=NORMAL");
    if (!normal) return normal;
    const char* file = sqlite3_db_filename(db_, "main");
    if (!file || !*file) return Error::Make("seam.store.sync", "an in-memory store has no WAL");
    wal_path_ = std::string(file) + "-wal";
    defer_sync_ = true;
    return true;
}

Result<bool> Db::SyncWal() {
    std::lock_guard<std::mutex> guard(wal_mutex_);
    // The WAL file stays while the serving connection is open; should it have been replaced
    // all the same, a descriptor of the old file would sync nothing: checked by inode.
    struct stat now {};
    const bool exists = ::stat(wal_path_.c_str(), &now) == 0;
    if (!exists) return true;  // no WAL (nothing written since it was removed)
    struct stat held {};
    if (wal_fd_ < 0 || ::fstat(wal_fd_, &held) != 0 || held.st_ino != now.st_ino ||
        held.st_dev != now.st_dev) {
        if (wal_fd_ >= 0) ::close(wal_fd_);
        wal_fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (wal_fd_ < 0) return Error::Make("seam.store.sync", "cannot open " + wal_path_);
    }
    if (::fdatasync(wal_fd_) != 0) {
        return Error::Make("seam.store.sync", wal_path_ + ": the disk did not take the write");
    }
    return true;
}

}  // namespace seam::store
