// tests/native/test_store.cpp — the SQLite layer and seamd's schema migrations.
#include <doctest/doctest.h>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"

using seam::store::Db;

namespace {
std::unique_ptr<Db> Memory() {
    auto db = Db::Open(":memory:");
    REQUIRE(db);
    return std::move(db.value());
}
std::int64_t Scalar(Db& db, const char* sql) {
    auto s = db.Prepare(sql);
    REQUIRE(s);
    REQUIRE(s->Next());
    return s->Int(0);
}
}  // namespace

TEST_CASE("store: migrations bring an empty database to the latest version, once") {
    auto db = Memory();
    CHECK(seam::store::SchemaVersion(*db) == 0);
    auto v = seam::store::Migrate(*db);
    REQUIRE(v);
    CHECK(*v == seam::store::Migrations().back().version);
    auto again = seam::store::Migrate(*db);
    REQUIRE(again);
    CHECK(*again == *v);
    CHECK(Scalar(*db, "SELECT COUNT(*) FROM schema_migrations") ==
          static_cast<std::int64_t>(seam::store::Migrations().size()));
    CHECK(Scalar(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'cases'") == 1);
}

TEST_CASE("store: a database from a newer seamd is refused, not guessed at") {
    auto db = Memory();
    REQUIRE(seam::store::Migrate(*db));
    REQUIRE(db->Exec("INSERT INTO schema_migrations(version, name) VALUES (999, 'future')"));
    auto v = seam::store::Migrate(*db);
    REQUIRE_FALSE(v);
    CHECK(v.error().id == "seam.store.schema_newer");
}

TEST_CASE("store: the event log is append-only") {
    auto db = Memory();
    REQUIRE(seam::store::Migrate(*db));
    REQUIRE(db->Exec("INSERT INTO events(at, kind) VALUES (1, 'case_opened')"));
    CHECK_FALSE(db->Exec("UPDATE events SET kind = 'x'"));
    CHECK_FALSE(db->Exec("DELETE FROM events"));
    CHECK(Scalar(*db, "SELECT COUNT(*) FROM events WHERE kind = 'case_opened'") == 1);
}

TEST_CASE("store: a transaction rolls back unless committed; statements report constraint errors") {
    auto db = Memory();
    REQUIRE(seam::store::Migrate(*db));
    {
        seam::store::Transaction txn(*db);
        REQUIRE(txn.ok());
        REQUIRE(db->Exec("INSERT INTO settings(key, value) VALUES ('a', '1')"));
    }  // no commit
    CHECK(Scalar(*db, "SELECT COUNT(*) FROM settings") == 0);
    {
        seam::store::Transaction txn(*db);
        REQUIRE(db->Exec("INSERT INTO settings(key, value) VALUES ('a', '1')"));
        CHECK(txn.Commit());
    }
    auto dup = db->Prepare("INSERT INTO settings(key, value) VALUES (?, ?)");
    REQUIRE(dup);
    auto ran = dup->Bind(1, "a").Bind(2, "2").Run();
    REQUIRE_FALSE(ran);
    CHECK(ran.error().id == "seam.store.constraint");
    auto bad = db->Prepare("SELECT nope FROM nowhere");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().id == "seam.store.prepare");
}
