// tests/native/test_store_engines.cpp — the store layer on its two engines (issue 20): the same
// statements of Seam's (written in SQLite's dialect) give the same answers on SQLite and on
// PostgreSQL. Each test runs on a fresh SQLite file and, when SEAM_TEST_POSTGRES_URL names a
// server (scripts/test starts a throwaway PostgreSQL 15 cluster: scripts/pg-throwaway), on a
// fresh database of that server, dropped afterwards. With SEAM_TEST_REQUIRE_POSTGRES=1 (set by
// scripts/test) a missing server fails the suite instead of leaving PostgreSQL untested.
//
// Also here: the dialect translation itself (store/dialect.hpp), as data.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "demo/generator.hpp"
#include "demo/loader.hpp"
#include "server_fixture.hpp"
#include "store/dialect.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/transfer.hpp"

using seam::store::Db;
using seam::store::Engine;
using seam::testing::TempDir;

namespace {

std::string Env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

//! A fresh database on one engine: a SQLite file in a temp directory, or a database created on
//! the test server (dropped by the destructor).
struct FreshDb {
    std::string label;
    std::unique_ptr<Db> db;
    TempDir dir;
    std::string server_url, name;

    static std::unique_ptr<FreshDb> Sqlite() {
        auto f = std::make_unique<FreshDb>();
        f->label = "sqlite";
        auto opened = Db::Open((f->dir.path / "seam.db").string());
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
        f->db = std::move(*opened);
        return f;
    }

    static std::unique_ptr<FreshDb> Postgres(const std::string& url) {
        auto f = std::make_unique<FreshDb>();
        f->label = "postgres";
        f->server_url = url;
        std::random_device rd;
        f->name = "seam_test_" + std::to_string(rd()) + std::to_string(rd());
        auto admin = Db::Open(url);
        REQUIRE_MESSAGE(admin.ok(), (admin.ok() ? "" : admin.error().message));
        REQUIRE((*admin)->Exec("CREATE DATABASE " + f->name).ok());
        const std::size_t slash = url.rfind('/');
        REQUIRE(slash != std::string::npos);
        auto opened = Db::Open(url.substr(0, slash + 1) + f->name);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
        f->db = std::move(*opened);
        return f;
    }

    ~FreshDb() {
        db.reset();
        if (!name.empty()) {
            auto admin = Db::Open(server_url);
            if (admin) (*admin)->Exec("DROP DATABASE IF EXISTS " + name);
        }
    }
};

//! Every engine this run can test: SQLite always, PostgreSQL when a server is given.
std::vector<std::unique_ptr<FreshDb>> Engines() {
    std::vector<std::unique_ptr<FreshDb>> out;
    out.push_back(FreshDb::Sqlite());
    const std::string url = Env("SEAM_TEST_POSTGRES_URL");
    if (url.empty()) {
        if (Env("SEAM_TEST_REQUIRE_POSTGRES") == "1") {
            FAIL("SEAM_TEST_REQUIRE_POSTGRES=1 but SEAM_TEST_POSTGRES_URL is not set");
        }
        MESSAGE("PostgreSQL not tested: SEAM_TEST_POSTGRES_URL is not set (scripts/test sets it)");
    } else {
        out.push_back(FreshDb::Postgres(url));
    }
    return out;
}

std::int64_t Count(Db& db, const std::string& sql) {
    auto s = db.Prepare(sql);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
    REQUIRE(s->Next());
    return s->Int(0);
}

}  // namespace

TEST_CASE("store dialect: SQLite's statements as PostgreSQL reads them") {
    struct Case {
        const char* sqlite;
        const char* postgres;
    };
    const Case cases[] = {
        {"SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
        {"SELECT '?' , \"q?\" FROM t WHERE x = ? -- why?\n",
         "SELECT '?' , \"q?\" FROM t WHERE x = $1 -- why?\n"},
        {"SELECT 'it''s ?' WHERE a = ?", "SELECT 'it''s ?' WHERE a = $1"},
        {"INSERT OR IGNORE INTO t(a) VALUES (?)",
         "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING"},
        {"insert or ignore into t(a) values (?) -- a note",
         "INSERT into t(a) values ($1) ON CONFLICT DO NOTHING -- a note"},
        {"INSERT OR IGNORE INTO t(a) VALUES (?) RETURNING id",
         "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id"},
        {"BEGIN IMMEDIATE", "BEGIN"},
        {"SAVEPOINT seam_txn", "SAVEPOINT seam_txn"},
        {"UPDATE t SET a = ?; UPDATE u SET b = ?", "UPDATE t SET a = $1; UPDATE u SET b = $1"},
        {"SELECT a FROM t /* ? */ WHERE b = ?", "SELECT a FROM t /* ? */ WHERE b = $1"},
        {"SELECT interval_days FROM t", "SELECT interval_days FROM t"},
        {"SELECT 1 FROM orders WHERE number GLOB 'LW-[0-9][0-9]'",
         "SELECT 1 FROM orders WHERE number SIMILAR TO 'LW-[0-9][0-9]'"},
        {"SELECT GROUP_CONCAT(p.name, ', ') FROM p", "SELECT string_agg(p.name, ', ') FROM p"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.sqlite);
        CHECK(seam::store::ToPostgres(c.sqlite) == c.postgres);
    }
    const Case ddl[] = {
        {"CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, r REAL, b BLOB, s TEXT)",
         "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n BIGINT NOT NULL, r DOUBLE PRECISION, b "
         "BYTEA, s TEXT)"},
        {"CREATE TABLE u (k TEXT PRIMARY KEY, v INTEGER DEFAULT 0) -- INTEGER stays in comments",
         "CREATE TABLE u (k TEXT PRIMARY KEY, v BIGINT DEFAULT 0) -- INTEGER stays in comments"},
        {"ALTER TABLE t ADD COLUMN integer_count INTEGER",
         "ALTER TABLE t ADD COLUMN integer_count BIGINT"},
    };
    for (const Case& c : ddl) {
        CAPTURE(c.sqlite);
        CHECK(seam::store::DdlToPostgres(c.sqlite) == c.postgres);
    }
}

TEST_CASE("store engines: every migration applies, once, with the same numbers") {
    for (auto& fresh : Engines()) {
        CAPTURE(fresh->label);
        Db& db = *fresh->db;
        CHECK(db.engine() == (fresh->label == "postgres" ? Engine::kPostgres : Engine::kSqlite));
        auto version = seam::store::Migrate(db);
        REQUIRE_MESSAGE(version.ok(), (version.ok() ? "" : version.error().message));
        CHECK(*version == seam::store::Migrations().back().version);
        CHECK(seam::store::SchemaVersion(db) == *version);
        CHECK(Count(db, "SELECT COUNT(*) FROM schema_migrations") ==
              static_cast<std::int64_t>(seam::store::Migrations().size()));
        auto again = seam::store::Migrate(db);  // nothing left to apply
        REQUIRE(again.ok());
        CHECK(*again == *version);
        // Every PostgreSQL edit of a migration applies to its script.
        for (const auto& m : seam::store::Migrations()) {
            CAPTURE(m.version);
            CHECK(seam::store::ScriptFor(db, m).ok());
        }
    }
}

TEST_CASE("store engines: rows in and out, ids, changes, NULLs and constraint errors") {
    for (auto& fresh : Engines()) {
        CAPTURE(fresh->label);
        Db& db = *fresh->db;
        REQUIRE(seam::store::Migrate(db).ok());
        // An id the store hands out, and the last one given.
        auto ins = db.Prepare(
            "INSERT INTO customers(external_id, first_name, last_name, email, phone, country, "
            "currency, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        REQUIRE_MESSAGE(ins.ok(), (ins.ok() ? "" : ins.error().message));
        ins->Bind(1, "c-1").Bind(2, "Ana").Bind(3, "García").Bind(4, "ana@example.com");
        ins->BindNull(5).Bind(6, "ES").Bind(7, "EUR").Bind(8, "2026-01-02");
        REQUIRE(ins->Run().ok());
        const std::int64_t first = db.LastInsertId();
        CHECK(first > 0);
        CHECK(db.Changes() == 1);
        ins->Bind(1, "c-2").Bind(2, "Tom").Bind(3, "Lee").Bind(4, "tom@example.com");
        ins->Bind(5, std::optional<std::string>("+15550100")).Bind(6, "US").Bind(7, "USD");
        ins->Bind(8, "2026-01-03");
        REQUIRE(ins->Run().ok());
        CHECK(db.LastInsertId() == first + 1);

        // The same email again: a UNIQUE constraint, with its own error id; nothing written.
        ins->Bind(1, "c-3").Bind(2, "X").Bind(3, "Y").Bind(4, "ana@example.com");
        ins->BindNull(5).Bind(6, "ES").Bind(7, "EUR").Bind(8, "2026-01-04");
        auto dup = ins->Run();
        REQUIRE_FALSE(dup.ok());
        CHECK(dup.error().id == "seam.store.constraint");
        CHECK(Count(db, "SELECT COUNT(*) FROM customers") == 2);

        // Reading back: text (UTF-8), integers, NULL, a computed real and a boolean expression.
        auto q = db.Prepare(
            "SELECT first_name, last_name, phone, lifetime_value_cents, id * 1.5, phone IS NULL "
            "FROM customers WHERE external_id = ?");
        REQUIRE(q.ok());
        q->Bind(1, "c-1");
        REQUIRE(q->Next());
        CHECK(q->Text(0) == "Ana");
        CHECK(q->Text(1) == "García");
        CHECK(q->IsNull(2));
        CHECK(q->Text(2).empty());
        CHECK(q->Int(3) == 0);
        CHECK(q->Real(4) == doctest::Approx(first * 1.5));
        CHECK(q->Int(5) == 1);
        CHECK_FALSE(q->Next());
        CHECK(q->error().empty());

        // An UPDATE's changes; a statement run again with new bindings.
        auto up = db.Prepare("UPDATE customers SET lifetime_value_cents = ? WHERE country = ?");
        REQUIRE(up.ok());
        REQUIRE(up->Bind(1, std::int64_t{12345}).Bind(2, "ES").Run().ok());
        CHECK(db.Changes() == 1);
        REQUIRE(up->Bind(1, std::int64_t{1}).Bind(2, "FR").Run().ok());
        CHECK(db.Changes() == 0);
        CHECK(Count(db, "SELECT lifetime_value_cents FROM customers WHERE external_id = 'c-1'") ==
              12345);
    }
}

TEST_CASE("store engines: INSERT OR IGNORE, transactions, savepoints and append-only events") {
    for (auto& fresh : Engines()) {
        CAPTURE(fresh->label);
        Db& db = *fresh->db;
        REQUIRE(seam::store::Migrate(db).ok());
        auto put = [&](const char* key) {
            auto& s = db.Cached(
                "INSERT OR IGNORE INTO idempotency(scope, key, request_hash, status, response, "
                "created_at) VALUES ('s', ?, 'h', 200, '{}', 1)");
            return s.Bind(1, key).Run();
        };
        REQUIRE(put("k1").ok());
        CHECK(db.Changes() == 1);
        REQUIRE(put("k1").ok());  // ignored, not an error
        CHECK(db.Changes() == 0);

        {  // rolled back when not committed
            seam::store::Transaction txn(db);
            REQUIRE(txn.ok());
            REQUIRE(put("k2").ok());
        }
        CHECK(Count(db, "SELECT COUNT(*) FROM idempotency") == 1);
        {
            seam::store::Transaction txn(db);
            REQUIRE(put("k3").ok());
            REQUIRE(txn.Commit().ok());
        }
        CHECK(Count(db, "SELECT COUNT(*) FROM idempotency") == 2);

        // A batch: each writer's own transaction is a savepoint; one rolls back, one commits.
        REQUIRE(db.BeginBatch().ok());
        {
            seam::store::Transaction a(db);
            REQUIRE(put("k4").ok());
        }
        {
            seam::store::Transaction b(db);
            REQUIRE(put("k5").ok());
            REQUIRE(b.Commit().ok());
        }
        REQUIRE(db.CommitBatch().ok());
        CHECK(Count(db, "SELECT COUNT(*) FROM idempotency WHERE key IN ('k4', 'k5')") == 1);

        // Events are append-only on both engines.
        REQUIRE(db.Exec("INSERT INTO events(at, kind, data) VALUES (1, 'page', '{}')").ok());
        CHECK_FALSE(db.Exec("UPDATE events SET kind = 'x'").ok());
        CHECK_FALSE(db.Exec("DELETE FROM events").ok());
        CHECK(Count(db, "SELECT COUNT(*) FROM events WHERE kind = 'page'") == 1);
    }
}

// [SECTION] Moving a store: export, import

namespace {

std::string ExportOf(Db& db) {
    std::ostringstream out;
    auto stats = seam::store::Export(db, out);
    REQUIRE_MESSAGE(stats.ok(), (stats.ok() ? "" : stats.error().message));
    return out.str();
}

//! The export without its first line (which names the engine).
std::string Body(const std::string& text) {
    return text.substr(text.find('\n') + 1);
}

}  // namespace

TEST_CASE("store engines: the demo store exported, imported on each engine, exported again") {
    auto source = FreshDb::Sqlite();
    REQUIRE(seam::store::Migrate(*source->db).ok());
    auto loaded = seam::demo::Load(*source->db, seam::demo::Generate(42, seam::Date{2026, 11, 30}));
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
    const std::string original = ExportOf(*source->db);
    const nlohmann::json header = nlohmann::json::parse(original.substr(0, original.find('\n')));
    CHECK(header["engine"] == "sqlite");
    CHECK(header["schema_version"] == seam::store::Migrations().back().version);
    // Parents first: an order after its customer, an order line after its order and product.
    const auto tables = header["tables"].get<std::vector<std::string>>();
    auto at = [&](const std::string& t) { return std::find(tables.begin(), tables.end(), t); };
    CHECK(at("customers") < at("orders"));
    CHECK(at("orders") < at("order_items"));
    CHECK(at("recommendations") < at("order_items"));

    for (auto& target : Engines()) {
        CAPTURE(target->label);
        Db& db = *target->db;
        REQUIRE(seam::store::Migrate(db).ok());
        std::istringstream in(original);
        auto imported = seam::store::Import(db, in);
        REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().message));
        CHECK(imported->rows > 1000);
        // Every row, value and type came across: the same file out of the new store.
        const std::string again = ExportOf(db);
        CHECK(Body(again) == Body(original));
        // New rows get ids after the imported ones.
        REQUIRE(db.Exec("INSERT INTO customers(external_id, first_name, last_name, email, "
                        "country, currency, created_on) VALUES ('new', 'N', 'E', 'n@example.com', "
                        "'US', 'USD', '2026-12-01')")
                    .ok());
        CHECK(db.LastInsertId() == Count(db, "SELECT MAX(id) FROM customers"));
        CHECK(Count(db, "SELECT COUNT(*) FROM customers WHERE external_id = 'new'") == 1);

        // Into a store that has rows: refused, nothing changed.
        std::istringstream twice(original);
        auto refused = seam::store::Import(db, twice);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("already has rows") != std::string::npos);
    }
}

TEST_CASE("store engines: a broken export is refused and leaves the new store empty") {
    auto source = FreshDb::Sqlite();
    REQUIRE(seam::store::Migrate(*source->db).ok());
    REQUIRE(source->db
                ->Exec("INSERT INTO customers(id, external_id, first_name, last_name, email, "
                       "country, currency, created_on) VALUES (7, 'c7', 'A', 'B', 'a@example.com', "
                       "'US', 'USD', '2026-01-01')")
                .ok());
    const std::string good = ExportOf(*source->db);
    const std::string cut = good.substr(0, good.rfind("{\"end\""));  // no end line
    std::string other_schema = good;
    const std::string version =
        "\"schema_version\":" + std::to_string(seam::store::Migrations().back().version);
    other_schema.replace(other_schema.find(version), version.size(), "\"schema_version\":3");
    struct Broken {
        const char* what;
        std::string text;
        const char* message;
    };
    const Broken broken[] = {
        {"not an export", "{\"hello\": 1}\n", "not a Seam export"},
        {"cut short", cut, "ends early"},
        {"another schema", other_schema, "migrate the older one first"},
        {"a row too short", good.substr(0, good.find("{\"row\"")) + "{\"row\": [1]}\n", "needs"},
    };
    for (auto& target : Engines()) {
        for (const Broken& b : broken) {
            CAPTURE(target->label);
            CAPTURE(b.what);
            Db& db = *target->db;
            REQUIRE(seam::store::Migrate(db).ok());
            std::istringstream in(b.text);
            auto imported = seam::store::Import(db, in);
            REQUIRE_FALSE(imported.ok());
            CHECK(imported.error().id == "seam.store.import");
            CHECK(imported.error().message.find(b.message) != std::string::npos);
            CHECK(Count(db, "SELECT COUNT(*) FROM customers") == 0);
        }
    }
}

// [SECTION] A lost connection (issue 20)

namespace {

//! postgres://USER@HOST... with a password: postgres://USER:PASSWORD@HOST... (the throwaway
//! cluster trusts its role, so any password connects).
std::string WithPassword(const std::string& url, const std::string& password) {
    const std::size_t at = url.find('@');
    return at == std::string::npos ? url : url.substr(0, at) + ":" + password + url.substr(at);
}

std::int64_t BackendPid(Db& db) {
    auto s = db.Prepare("SELECT pg_backend_pid()");
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
    REQUIRE(s->Next());
    return s->Int(0);
}

//! Cuts `db`'s connection from the server's side, as a restart or a failover does: its backend
//! is terminated from another connection, which waits until it is gone.
void CutConnection(const std::string& server_url, Db& db) {
    const std::int64_t pid = BackendPid(db);
    auto admin = Db::Open(server_url);
    REQUIRE_MESSAGE(admin.ok(), (admin.ok() ? "" : admin.error().message));
    auto s = (*admin)->Prepare("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 10000)");
    REQUIRE(s.ok());
    REQUIRE(s->Next());
    REQUIRE(s->Int(0) == 1);
}

void Admin(const std::string& server_url, const std::string& sql) {
    auto admin = Db::Open(server_url);
    REQUIRE_MESSAGE(admin.ok(), (admin.ok() ? "" : admin.error().message));
    auto ran = (*admin)->Exec(sql);
    REQUIRE_MESSAGE(ran.ok(), (ran.ok() ? "" : ran.error().message));
}

//! Calls `attempt` every 20 ms until it returns true, for 10 s at most (a bounded wait: the Db
//! tries to reconnect once every Db::kReconnectEveryMs).
bool Eventually(const std::function<bool()>& attempt) {
    for (int i = 0; i < 500; ++i) {
        if (attempt()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

bool Unavailable(const seam::Result<bool>& r) {
    return !r.ok() && r.error().id == seam::store::kUnavailable;
}

}  // namespace

TEST_CASE("store engines: a PostgreSQL Db outlives its connection (issue 20)") {
    {  // SQLite has no connection to lose
        auto sqlite = FreshDb::Sqlite();
        CHECK(sqlite->db->reachable());
        CHECK(sqlite->db->Ping().ok());
    }
    const std::string url = Env("SEAM_TEST_POSTGRES_URL");
    if (url.empty()) {
        if (Env("SEAM_TEST_REQUIRE_POSTGRES") == "1") {
            FAIL("SEAM_TEST_REQUIRE_POSTGRES=1 but SEAM_TEST_POSTGRES_URL is not set");
        }
        MESSAGE("PostgreSQL not tested: SEAM_TEST_POSTGRES_URL is not set (scripts/test sets it)");
        return;
    }
    auto fresh = FreshDb::Postgres(url);
    const std::string password = "never-in-a-message-7c1f";
    auto opened = Db::Open(WithPassword(url.substr(0, url.rfind('/') + 1) + fresh->name, password));
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    fresh->db = std::move(*opened);
    Db& db = *fresh->db;
    REQUIRE(seam::store::Migrate(db).ok());
    auto put = [&](const std::string& key) {
        auto& s = db.Cached(
            "INSERT INTO idempotency(scope, key, request_hash, status, response, created_at) "
            "VALUES ('s', ?, 'h', 200, '{}', 1)");
        return s.Bind(1, key).Run();
    };
    // Prepared once, before every cut below: prepared again on each new connection.
    auto count = db.Prepare("SELECT COUNT(*) FROM idempotency");
    REQUIRE(count.ok());
    auto rows = [&]() -> std::int64_t {
        count->Reset();
        const std::int64_t n = count->Next() ? count->Int(0) : -1;
        count->Reset();
        return n;
    };
    REQUIRE(put("before").ok());
    REQUIRE(rows() == 1);

    // Cut between statements: the next one fails with seam.store.unavailable, saying nothing of
    // the URL's password; the Db reconnects by itself and every statement runs again.
    CutConnection(url, db);
    auto failed = put("lost");
    REQUIRE(Unavailable(failed));
    CHECK(failed.error().message.find("cannot be reached") != std::string::npos);
    CHECK(failed.error().message.find(password) == std::string::npos);
    CHECK_FALSE(db.reachable());
    CHECK(Eventually([&] { return put("after").ok(); }));
    CHECK(db.reachable());
    CHECK(rows() == 2);
    {
        seam::store::Transaction txn(db);  // BEGIN and COMMIT, cached, prepared again too
        REQUIRE(txn.ok());
        REQUIRE(put("in a transaction").ok());
        REQUIRE(txn.Commit().ok());
    }
    CHECK(rows() == 3);

    // Cut in a transaction: it went with the connection. Its statements fail, even once a
    // reconnect would be due, until it ends; its COMMIT says so; nothing of it is kept.
    {
        seam::store::Transaction txn(db);
        REQUIRE(txn.ok());
        REQUIRE(put("t1").ok());
        CutConnection(url, db);
        CHECK(Unavailable(put("t2")));
        std::this_thread::sleep_for(std::chrono::milliseconds(2 * Db::kReconnectEveryMs));
        CHECK(Unavailable(put("t3")));
        CHECK(rows() == -1);
        CHECK(count->error().rfind("[seam.store.unavailable]", 0) == 0);
        CHECK(Unavailable(txn.Commit()));
    }
    CHECK(Eventually([&] { return rows() == 3; }));

    // Cut in a batch (group commit): the batch is over, its next writer cannot begin, and its
    // commit reports the loss; nothing of it is kept. The next batch commits.
    REQUIRE(db.BeginBatch().ok());
    {
        seam::store::Transaction a(db);
        REQUIRE(a.ok());
        REQUIRE(put("batch-1").ok());
        REQUIRE(a.Commit().ok());
    }
    CutConnection(url, db);
    {
        seam::store::Transaction b(db);
        CHECK_FALSE(b.ok());
        CHECK(b.failure().id == seam::store::kUnavailable);
    }
    CHECK_FALSE(db.in_batch());
    CHECK(Unavailable(db.CommitBatch()));
    CHECK(Eventually([&] { return rows() == 3; }));
    REQUIRE(db.BeginBatch().ok());
    {
        seam::store::Transaction c(db);
        REQUIRE(c.ok());
        REQUIRE(put("batch-2").ok());
        REQUIRE(c.Commit().ok());
    }
    REQUIRE(db.CommitBatch().ok());
    CHECK(Count(db, "SELECT COUNT(*) FROM idempotency WHERE key LIKE 'batch-%'") == 1);

    // A server that stays away (its database refuses connections): every try fails until it is
    // back; a statement first cached meanwhile does not throw, and is prepared when it runs.
    Admin(url, "ALTER DATABASE " + fresh->name + " ALLOW_CONNECTIONS false");
    CutConnection(url, db);
    CHECK(Unavailable(db.Ping()));
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * Db::kReconnectEveryMs));
    auto refused = db.Ping();  // a reconnect was tried, and refused
    CHECK(Unavailable(refused));
    if (!refused.ok()) CHECK(refused.error().message.find(password) == std::string::npos);
    CHECK_FALSE(db.reachable());
    static const char* const kLater = "SELECT COUNT(*) FROM idempotency WHERE key = 'after'";
    seam::store::Stmt* later = nullptr;
    CHECK_NOTHROW(later = &db.Cached(kLater));
    REQUIRE(later != nullptr);
    CHECK_FALSE(later->Next());
    CHECK(later->error().rfind("[seam.store.unavailable]", 0) == 0);
    Admin(url, "ALTER DATABASE " + fresh->name + " ALLOW_CONNECTIONS true");
    CHECK(Eventually([&] { return db.Ping().ok(); }));
    auto& again = db.Cached(kLater);
    REQUIRE(again.Next());
    CHECK(again.Int(0) == 1);
    again.Reset();
    CHECK(rows() == 4);
}
