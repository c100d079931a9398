// native/store/postgres.cpp — store::Db and store::Stmt on PostgreSQL, through libpq (see
// postgres.hpp and sqlite.hpp).
#include "store/postgres.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "store/dialect.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

namespace {

using Clock = PgLink::Clock;

thread_local std::uint64_t tls_unavailable = 0;  // Db::UnavailableSeen

std::string ConnMessage(PGconn* conn) {
    std::string m = conn ? PQerrorMessage(conn) : "out of memory";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
        m.pop_back();
    return m;
}

// The error id of a failed result, from its SQLSTATE.
const char* ErrorId(const PGresult* r) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string s = state ? state : "";
    if (s.rfind("23", 0) == 0) return "seam.store.constraint";
    if (s == "40001" || s == "40P01" || s == "55P03") return "seam.store.busy";
    return "seam.store.step";
}

// Whether a failed call lost the connection: libpq says so, or the server said it is going
// (class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect
// now).
bool ConnectionLost(const PGresult* r, PGconn* conn) {
    if (PQstatus(conn) == CONNECTION_BAD) return true;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string s = state ? state : "";
    return s.rfind("08", 0) == 0 || s == "57P01" || s == "57P02" || s == "57P03";
}

// What an API client reads: never libpq's words (they name the server's host and port); those
// go to the log (Log).
Error Unavailable(const char* why) {
    ++tls_unavailable;
    return Error::Make(kUnavailable,
                       std::string("the database cannot be reached (") + why + "); retry shortly");
}

std::string ResultMessage(const PGresult* r, PGconn* conn) {
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    return primary ? std::string(primary) : ConnMessage(conn);
}

bool Succeeded(const PGresult* r) {
    const ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

int Affected(PGresult* r) {
    const char* n = PQcmdTuples(r);
    return n && *n ? std::atoi(n) : 0;
}

// One JSON log line on stderr, as the rest of seamd writes them.
void Log(const char* level, const char* what, const std::string& detail) {
    std::string quoted;
    for (const char c : detail) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            quoted += ' ';
        } else {
            quoted += c;
        }
    }
    std::fprintf(stderr, "{\"level\":\"%s\",\"what\":\"%s\",\"detail\":\"%s\"}\n", level, what,
                 quoted.c_str());
}

std::int64_t MsSince(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

// UTC instants and ISO dates as SQLite gives them; a statement never waits on a lock for long
// (the writer retries, as SQLite's busy timeout does). Set on every connection, reconnects too.
constexpr const char* kSession =
    "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET lock_timeout = '5s'; "
    "SET standard_conforming_strings = on";

}  // namespace

TxnEnd EndOf(std::string_view sql) {
    std::size_t i = 0;
    auto word = [&] {
        while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])))
            ++i;
        std::string w;
        while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
            w += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
        return w;
    };
    const std::string first = word();
    if (first == "COMMIT" || first == "END") return TxnEnd::kCommit;
    if (first != "ROLLBACK" && first != "ABORT") return TxnEnd::kNone;
    std::string next = word();
    if (next == "WORK" || next == "TRANSACTION") next = word();
    return next == "TO" ? TxnEnd::kNone : TxnEnd::kRollback;
}

// [SECTION] PgStmt

PgStmt::~PgStmt() {
    if (result) PQclear(result);
    // The connection's own prepared statements go with it; a statement dropped before its
    // connection is deallocated so a long-lived connection does not collect them (only on the
    // connection it was prepared on: another has no such statement).
    if (db && db->pg_ && !shared && generation == db->pg_link_->generation && !db->pg_link_->lost &&
        PQstatus(db->pg_) == CONNECTION_OK) {
        PQclear(PQexec(db->pg_, ("DEALLOCATE " + name).c_str()));
    }
}

void PgStmt::Bind(int index, std::optional<std::string> value) {
    if (index < 1) return;
    if (static_cast<std::size_t>(index) > params.size()) params.resize(index);
    params[index - 1] = std::move(value);
}

Result<pg_result*> PgStmt::Execute() {
    auto go = db->PgBefore(ends);
    if (!go) return go.error();
    if (!*go) return static_cast<pg_result*>(nullptr);
    if (generation != db->pg_link_->generation) {
        auto prepared = db->PgPrepare(*this);
        if (!prepared) return prepared.error();
    }
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i]) values[i] = params[i]->c_str();
    PGresult* r = PQexecPrepared(db->pg_, name.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0);
    if (!Succeeded(r)) {
        Error e = db->PgFailed(r, ends, ErrorId(r), "");
        PQclear(r);
        return e;
    }
    db->PgAfter();
    return r;
}

bool PgStmt::Next(std::string& error) {
    if (!result) {
        auto ran = Execute();
        if (!ran || *ran == nullptr) {
            if (!ran) {
                const Error& e = ran.error();
                // "[seam.store.step] detail" as before, but a lost server keeps its own id.
                error = e.id == kUnavailable
                            ? e.message
                            : "[seam.store.step] " + e.message.substr(e.id.size() + 3);
            }
            rows = 0;
            row = 0;
            return false;
        }
        result = *ran;
        db->pg_changes_ = Affected(result);
        rows = PQntuples(result);
        row = -1;
    }
    if (row + 1 >= rows) {
        row = rows;
        return false;
    }
    ++row;
    return true;
}

Result<bool> PgStmt::Run() {
    auto ran = Execute();
    if (!ran) {
        Reset();
        return ran.error();
    }
    db->pg_changes_ = *ran ? Affected(*ran) : 0;
    if (*ran) PQclear(*ran);
    Reset();
    return true;
}

void PgStmt::Reset() {
    if (result) PQclear(result);
    result = nullptr;
    row = -1;
    rows = 0;
    for (auto& p : params)
        p.reset();
}

const char* PgStmt::Value(int column) const {
    if (!result || row < 0 || row >= rows || column < 0 || column >= PQnfields(result)) {
        return nullptr;
    }
    if (PQgetisnull(result, row, column)) return nullptr;
    return PQgetvalue(result, row, column);
}

int PgStmt::Columns() const {
    return result ? PQnfields(result) : 0;
}

std::string PgStmt::ColumnName(int column) const {
    const char* n = result ? PQfname(result, column) : nullptr;
    return n ? n : "";
}

int PgStmt::TypeClass(int column) const {
    if (!result || column < 0 || column >= PQnfields(result)) return -1;
    switch (PQftype(result, column)) {  // pg_type OIDs, fixed since PostgreSQL 7
        case 20:                        // int8
        case 21:                        // int2
        case 23:                        // int4
            return 0;
        case 700:   // float4
        case 701:   // float8
        case 1700:  // numeric
            return 1;
        default:
            return 2;
    }
}

// [SECTION] Db on PostgreSQL

bool Db::IsPostgresUrl(std::string_view location) {
    return location.rfind("postgres://", 0) == 0 || location.rfind("postgresql://", 0) == 0;
}

Result<std::unique_ptr<Db>> Db::OpenPostgres(const std::string& url) {
    // A server that does not answer fails a connect (and a reconnect, under the store's lock)
    // after 5 s, unless the URL says otherwise: keywords before the expanded URL are defaults.
    const char* keywords[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"5", url.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        // libpq's message names the host and port, never the password.
        std::string message = ConnMessage(conn);
        PQfinish(conn);
        return Error::Make("seam.store.open", "PostgreSQL: " + message);
    }
    std::unique_ptr<Db> db(new Db(conn));
    auto set = db->PgSession();
    if (!set) return Error::Make("seam.store.open", "PostgreSQL: " + set.error().message);
    return db;
}

Result<bool> Db::PgSession() {
    PGresult* r = PQexec(pg_, kSession);
    if (!Succeeded(r)) {
        std::string message = ResultMessage(r, pg_);
        PQclear(r);
        return Error::Make("seam.store.exec", message);
    }
    PQclear(r);
    return true;
}

// [SECTION] A lost connection (sqlite.hpp draws its life)

Result<bool> Db::PgBefore(TxnEnd ends) {
    PgLink& link = *pg_link_;
    if (link.orphaned) {
        if (ends == TxnEnd::kNone)
            return Unavailable("its transaction was lost with the connection");
        link.orphaned = false;  // its owner ends it: a ROLLBACK has nothing left to do
        if (ends == TxnEnd::kRollback) return false;
        return Unavailable("the transaction was lost with the connection; nothing of it was kept");
    }
    if (!link.lost && PQstatus(pg_) == CONNECTION_BAD) {  // found by a call that does not look
        PgLost(TxnEnd::kNone);
        return PgBefore(ends);
    }
    if (link.lost) {
        if (ends == TxnEnd::kRollback) return false;  // the server rolled back what it had
        if (ends == TxnEnd::kCommit) return Unavailable("the connection was lost");
        auto back = PgReconnect();
        if (!back) return back.error();
    }
    return true;
}

void Db::PgAfter() {
    const PGTransactionStatusType t = PQtransactionStatus(pg_);
    pg_link_->in_txn = t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

Error Db::PgFailed(pg_result* r, TxnEnd ends, const char* id, const std::string& suffix) {
    if (ConnectionLost(r, pg_)) {
        // libpq's words for the log before the connection is reset.
        const std::string why = ResultMessage(r, pg_);
        PgLost(ends, why);
        return Unavailable("the connection was lost");
    }
    PgAfter();
    return Error::Make(id, ResultMessage(r, pg_) + suffix);
}

void Db::PgLost(TxnEnd ends, const std::string& why) {
    PgLink& link = *pg_link_;
    // A COMMIT or ROLLBACK that met the loss ended its transaction itself (the COMMIT fails).
    link.orphaned = link.in_txn && ends == TxnEnd::kNone;
    link.in_txn = false;
    link.lost = true;
    link.since = link.tried = Clock::now();
    link.attempts = 0;
    link.reachable.store(false, std::memory_order_relaxed);
    if (in_batch_) {
        in_batch_ = false;
        batch_lost_ = true;
    }
    Log("error", "store: the connection to PostgreSQL was lost",
        (why.empty() ? ConnMessage(pg_) : why) +
            (link.orphaned ? " (an open transaction went with it)" : ""));
}

Result<bool> Db::PgReconnect() {
    PgLink& link = *pg_link_;
    if (MsSince(link.tried) < kReconnectEveryMs) return Unavailable("reconnecting");
    link.tried = Clock::now();
    ++link.attempts;
    PQreset(pg_);
    std::string failure;
    if (PQstatus(pg_) != CONNECTION_OK) {
        failure = ConnMessage(pg_);
    } else if (auto set = PgSession(); !set) {
        failure = set.error().message;
    }
    if (!failure.empty()) {
        // The first failure and then one in 40 (about every 10 s): a log line, not a flood.
        if (link.attempts % 40 == 1) {
            Log("warn", "store: PostgreSQL cannot be reached; retrying",
                failure + " (attempt " + std::to_string(link.attempts) + ", down " +
                    std::to_string(MsSince(link.since)) + " ms)");
        }
        return Unavailable("reconnecting failed");
    }
    link.lost = false;
    link.in_txn = false;
    ++link.generation;  // every statement is prepared again when it next runs
    link.reachable.store(true, std::memory_order_relaxed);
    Log("info", "store: reconnected to PostgreSQL",
        "after " + std::to_string(MsSince(link.since)) + " ms, " + std::to_string(link.attempts) +
            " attempt(s)");
    return true;
}

std::uint64_t Db::UnavailableSeen() {
    return tls_unavailable;
}

// [SECTION] Statements on PostgreSQL

Result<bool> Db::PgPrepare(PgStmt& s) {
    // Seam's statements are few texts run many times: each is prepared on the server once per
    // connection, then reused by every statement of that text. Texts beyond the bound (SQL
    // built at run time) are prepared by each statement, and deallocated when it ends.
    constexpr std::size_t kMaxPrepared = 2000;
    if (!pg_prepared_) {
        pg_prepared_ = std::make_unique<std::unordered_map<std::string, PgPrepared>>();
    }
    if (const auto it = pg_prepared_->find(s.sql);
        it != pg_prepared_->end() && it->second.generation == pg_link_->generation) {
        s.shared = true;
        s.name = it->second.name;
        if (s.params.size() < static_cast<std::size_t>(it->second.params)) {
            s.params.resize(it->second.params);
        }
        s.described = true;
        s.generation = pg_link_->generation;
        return true;
    }
    PGresult* r = PQprepare(pg_, s.name.c_str(), s.sql.c_str(), 0, nullptr);
    if (!Succeeded(r)) {
        Error e = PgFailed(r, TxnEnd::kNone, "seam.store.prepare", " in: " + s.sql);
        PQclear(r);
        return e;
    }
    PQclear(r);
    if (!s.described) {
        PGresult* d = PQdescribePrepared(pg_, s.name.c_str());
        if (Succeeded(d)) {
            if (s.params.size() < static_cast<std::size_t>(PQnparams(d))) {
                s.params.resize(PQnparams(d));
            }
            s.described = true;
        }
        PQclear(d);
    }
    PgAfter();
    s.generation = pg_link_->generation;
    if (s.described && (pg_prepared_->size() < kMaxPrepared || pg_prepared_->count(s.sql))) {
        s.shared = true;
        (*pg_prepared_)[s.sql] =
            PgPrepared{s.name, static_cast<int>(s.params.size()), pg_link_->generation};
    }
    return true;
}

Result<bool> Db::ExecPostgres(std::string_view sql) {
    const std::string text = DdlToPostgres(sql);
    const TxnEnd ends = EndOf(text);
    auto go = PgBefore(ends);
    if (!go) return go.error();
    if (!*go) return true;
    PGresult* r = PQexec(pg_, text.c_str());
    if (!Succeeded(r)) {
        Error e = PgFailed(r, ends, "seam.store.exec", "");
        PQclear(r);
        return e;
    }
    PgAfter();
    pg_changes_ = Affected(r);
    PQclear(r);
    return true;
}

Result<Stmt> Db::PreparePostgres(std::string_view sql, bool lazy) {
    auto s = std::make_unique<PgStmt>();
    s->sql = ToPostgres(sql);
    s->name = "s" + std::to_string(++pg_statements_);
    s->ends = EndOf(s->sql);
    s->db = this;
    // A COMMIT or ROLLBACK on a lost connection is answered without it (PgBefore): prepared
    // when it first runs on a live one.
    auto go = PgBefore(s->ends);
    if (go && !*go) return Stmt(std::move(s));
    auto prepared = go ? PgPrepare(*s) : Result<bool>(go.error());
    if (!prepared) {
        // Cached: a lost server leaves it to be prepared when it runs (Execute).
        if (lazy && prepared.error().id == kUnavailable) return Stmt(std::move(s));
        return prepared.error();
    }
    return Stmt(std::move(s));
}

std::int64_t Db::LastInsertIdPostgres() const {
    if (pg_link_->lost || pg_link_->orphaned) return 0;
    // lastval() fails until this connection has taken a sequence value: then there is none.
    // Inside a transaction the failure would abort it, so it is tried under a savepoint until
    // it worked once on this connection (one that took a value always has one).
    if (pg_lastval_generation_ == pg_link_->generation) {
        PGresult* r = PQexec(pg_, "SELECT lastval()");
        std::int64_t id = 0;
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
            id = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
        }
        PQclear(r);
        return id;
    }
    const bool in_txn = PQtransactionStatus(pg_) == PQTRANS_INTRANS;
    if (in_txn) PQclear(PQexec(pg_, "SAVEPOINT seam_lastval"));
    PGresult* r = PQexec(pg_, "SELECT lastval()");
    std::int64_t id = 0;
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok && !PQgetisnull(r, 0, 0)) id = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
    if (ok) pg_lastval_generation_ = pg_link_->generation;
    PQclear(r);
    if (in_txn) {
        if (!ok) PQclear(PQexec(pg_, "ROLLBACK TO seam_lastval"));
        PQclear(PQexec(pg_, "RELEASE seam_lastval"));
    }
    return id;
}

void Db::ClosePostgres() {
    PQfinish(pg_);
    pg_ = nullptr;
}

// [SECTION] Between nodes

Result<bool> Db::Announce(const char* channel, std::string_view payload) {
    if (!pg_) return true;
    Stmt& s = Cached("SELECT pg_notify(?, ?)");
    s.Bind(1, channel).Bind(2, payload);
    s.Next();
    const std::string error = s.error();
    s.Reset();
    if (!error.empty()) return Error::Make("seam.store.step", error);
    return true;
}

int Db::BackendPid() const {
    return pg_ ? PQbackendPID(pg_) : 0;
}

}  // namespace seam::store
