// native/store/postgres.cpp — store::Db and store::Stmt on PostgreSQL, through libpq (see
// postgres.hpp and sqlite.hpp).
#include "store/postgres.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <utility>

#include "store/dialect.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

namespace {

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

}  // namespace

// [SECTION] PgStmt

PgStmt::~PgStmt() {
    if (result) PQclear(result);
    // The connection's own prepared statements go with it; a statement dropped before its
    // connection is deallocated so a long-lived connection does not collect them.
    if (db && db->pg_ && !shared) PQclear(PQexec(db->pg_, ("DEALLOCATE " + name).c_str()));
}

void PgStmt::Bind(int index, std::optional<std::string> value) {
    if (index < 1) return;
    if (static_cast<std::size_t>(index) > params.size()) params.resize(index);
    params[index - 1] = std::move(value);
}

pg_result* PgStmt::Execute() {
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i]) values[i] = params[i]->c_str();
    return PQexecPrepared(db->pg_, name.c_str(), static_cast<int>(values.size()), values.data(),
                          nullptr, nullptr, 0);
}

bool PgStmt::Next(std::string& error) {
    if (!result) {
        result = Execute();
        if (!Succeeded(result)) {
            error = "[seam.store.step] " + ResultMessage(result, db->pg_);
            PQclear(result);
            result = nullptr;
            rows = 0;
            row = 0;
            return false;
        }
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
    PGresult* r = Execute();
    if (!Succeeded(r)) {
        Error e = Error::Make(ErrorId(r), ResultMessage(r, db->pg_));
        PQclear(r);
        Reset();
        return e;
    }
    db->pg_changes_ = Affected(r);
    PQclear(r);
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
    PGconn* conn = PQconnectdb(url.c_str());
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        // libpq's message names the host and port, never the password.
        std::string message = ConnMessage(conn);
        PQfinish(conn);
        return Error::Make("seam.store.open", "PostgreSQL: " + message);
    }
    std::unique_ptr<Db> db(new Db(conn));
    // UTC instants and ISO dates as SQLite gives them; a statement never waits on a lock for
    // long (the writer retries, as SQLite's busy timeout does).
    auto set = db->Exec(
        "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET lock_timeout = '5s'; "
        "SET standard_conforming_strings = on");
    if (!set) return Error::Make("seam.store.open", "PostgreSQL: " + set.error().message);
    return db;
}

Result<bool> Db::ExecPostgres(std::string_view sql) {
    const std::string text = DdlToPostgres(sql);
    PGresult* r = PQexec(pg_, text.c_str());
    if (!Succeeded(r)) {
        std::string message = ResultMessage(r, pg_);
        PQclear(r);
        return Error::Make("seam.store.exec", message);
    }
    pg_changes_ = Affected(r);
    PQclear(r);
    return true;
}

Result<Stmt> Db::PreparePostgres(std::string_view sql) {
    // Seam's statements are few texts run many times: each is prepared on the server once per
    // connection (two round trips), then reused. Texts beyond the bound (SQL built at run time)
    // are prepared each time and deallocated when their Stmt ends.
    constexpr std::size_t kMaxPrepared = 2000;
    if (!pg_prepared_)
        pg_prepared_ = std::make_unique<std::unordered_map<std::string, PgPrepared>>();
    auto s = std::make_unique<PgStmt>();
    s->db = this;
    const std::string key(sql);
    if (const auto it = pg_prepared_->find(key); it != pg_prepared_->end()) {
        s->shared = true;
        s->name = it->second.name;
        s->sql = it->second.sql;
        s->params.resize(it->second.params);
        return Stmt(std::move(s));
    }
    s->sql = ToPostgres(sql);
    s->name = "s" + std::to_string(++pg_statements_);
    PGresult* r = PQprepare(pg_, s->name.c_str(), s->sql.c_str(), 0, nullptr);
    if (!Succeeded(r)) {
        std::string message = ResultMessage(r, pg_);
        PQclear(r);
        return Error::Make("seam.store.prepare", message + " in: " + s->sql);
    }
    PQclear(r);
    PGresult* d = PQdescribePrepared(pg_, s->name.c_str());
    if (Succeeded(d)) s->params.resize(PQnparams(d));
    PQclear(d);
    if (pg_prepared_->size() < kMaxPrepared) {
        s->shared = true;
        pg_prepared_->emplace(key, PgPrepared{s->name, s->sql, static_cast<int>(s->params.size())});
    }
    return Stmt(std::move(s));
}

std::int64_t Db::LastInsertIdPostgres() const {
    // lastval() fails until this connection has taken a sequence value: then there is none.
    // Inside a transaction the failure would abort it, so it is tried under a savepoint until
    // it worked once (a connection that took a value always has one).
    if (pg_has_lastval_) {
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
    pg_has_lastval_ = ok;
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
