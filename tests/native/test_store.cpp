// tests/native/test_store.cpp — the SQLite layer, batched commits and seamd's schema migrations.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server_fixture.hpp"
#include "store/group_commit.hpp"
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

TEST_CASE("store: writes handed over (GroupCommit::Apply) run once each, in shared commits") {
    seam::testing::TempDir dir;
    const std::string path = (dir.path / "seam.db").string();
    auto opened = Db::Open(path);
    REQUIRE(opened);
    Db& db = **opened;
    REQUIRE(seam::store::Migrate(db));
    std::mutex db_mutex;
    int commits = 0;
    seam::store::GroupCommit group(db, db_mutex, [&](bool ok) { commits += ok ? 1 : 0; });

    // 4 threads × 50 writes, each in its own savepoint; one in ten throws halfway (a bug in a
    // statement): its own row is rolled back, the others of its batch are kept.
    std::atomic<int> thrown{0}, done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                const std::string key = std::to_string(t) + "-" + std::to_string(i);
                const bool fail = i % 10 == 7;
                auto applied = group.Apply([&] {
                    CHECK(seam::store::GroupCommit::OnCommitter());
                    seam::store::Transaction txn(db);
                    auto& put = db.Cached("INSERT INTO settings(key, value) VALUES (?, 'x')");
                    CHECK(put.Bind(1, key).Run());
                    if (fail) throw std::runtime_error("bad statement");
                    CHECK(txn.Commit());
                });
                if (fail) {
                    CHECK_FALSE(applied);
                    CHECK(applied.error().id == "seam.store.write");
                    ++thrown;
                } else {
                    CHECK(applied);
                    ++done;
                }
            }
        });
    }
    for (auto& th : threads)
        th.join();
    CHECK(done == 180);
    CHECK(thrown == 20);
    CHECK_FALSE(seam::store::GroupCommit::OnCommitter());
    // Committed: another connection sees every kept row, and none of the thrown ones.
    auto reader = Db::Open(path);
    REQUIRE(reader);
    CHECK(Scalar(**reader, "SELECT COUNT(*) FROM settings") == 180);
    CHECK(Scalar(**reader,
                 "SELECT COUNT(*) FROM settings WHERE key LIKE '%-7' OR key LIKE "
                 "'%-17' OR key LIKE '%-27' OR key LIKE '%-37' OR key LIKE '%-47'") == 0);
    CHECK(commits >= 1);
    CHECK(commits <= 200);
    // Stopped: a write handed over runs on the caller's thread, committing by itself.
    group.Stop();
    auto after = group.Apply([&] {
        seam::store::Transaction txn(db);
        CHECK(db.Exec("INSERT INTO settings(key, value) VALUES ('after', 'x')"));
        CHECK(txn.Commit());
    });
    CHECK(after);
    CHECK(Scalar(**reader, "SELECT COUNT(*) FROM settings WHERE key = 'after'") == 1);
}
