// tests/native/test_issue20_reconnect.cpp — issue 20: a PostgreSQL server that goes away under a
// running seamd (a restart, a failover, a killed backend) gives clean 503s with Retry-After, then
// seamd serves again by itself, never restarted. Over HTTP against a real in-process seamd whose
// store is on PostgreSQL (the backend-postgres run; skipped on SQLite):
//   - seamd's connection cut between requests: the next request is a 503 seam.store.unavailable
//     with "Retry-After: 1" and a JSON error; then 200s;
//   - cut while turns run on several connections: every answer is a 200 or such a 503, every
//     answered turn's message is in the store afterwards (nothing claims a success it lost),
//     and turns are answered again;
//   - a database that refuses connections for a while: GET /healthz is a 503 (a load balancer
//     takes the node out), as are requests and a waiting long poll; once it takes connections
//     again, /healthz and requests come back by themselves.
// The store layer's side (a Db outliving its connection) is in test_store_engines.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

struct Session {
    std::string case_id, token;
};

Session Open(const Server& s) {
    Reply r = s.Post("/v1/sessions", json::object());
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"].get<std::string>(), r.body["session_token"].get<std::string>()};
}

Reply Say(const Server& s, const Session& session, const std::string& text) {
    return s.Post("/v1/cases/" + session.case_id + "/turns", {{"text", text}}, session.token);
}

std::string Header(const Reply& r, const std::string& name) {
    for (const auto& [key, value] : r.headers) {
        if (std::equal(key.begin(), key.end(), name.begin(), name.end(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            return value;
        }
    }
    return "";
}

//! A 503 as a client should get it while the database cannot be reached: Retry-After, a JSON
//! error with its stable code, and nothing of the server's address or URL.
bool CleanUnavailable(const Reply& r) {
    return r.status == 503 && Header(r, "Retry-After") == "1" && r.body.is_object() &&
           r.body.contains("error") &&
           r.body["error"].value("code", "") == seam::store::kUnavailable &&
           r.body.dump().find("postgres") == std::string::npos &&
           r.body.dump().find("127.0.0.1") == std::string::npos;
}

//! The cluster (SEAM_TEST_SERVER_POSTGRES_URL), for statements about seamd's database.
void Admin(const std::string& sql) {
    const char* url = std::getenv("SEAM_TEST_SERVER_POSTGRES_URL");
    REQUIRE(url != nullptr);
    auto admin = seam::store::Db::Open(url);
    REQUIRE_MESSAGE(admin.ok(), (admin.ok() ? "" : admin.error().message));
    auto ran = (*admin)->Exec(sql);
    REQUIRE_MESSAGE(ran.ok(), (ran.ok() ? "" : ran.error().message));
}

std::string DatabaseOf(const TempDir& dir) {
    const std::string url = seam::testing::StoreOf(dir.path);
    return url.substr(url.rfind('/') + 1);
}

//! Cuts seamd's connection from the server's side, as a restart or a failover does: every
//! backend on its database is terminated, and gone when this returns. Answers how many.
std::int64_t CutConnections(const std::string& database) {
    const char* url = std::getenv("SEAM_TEST_SERVER_POSTGRES_URL");
    REQUIRE(url != nullptr);
    auto admin = seam::store::Db::Open(url);
    REQUIRE(admin.ok());
    auto s = (*admin)->Prepare(
        "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()");
    REQUIRE(s.ok());
    s->Bind(1, database);
    std::vector<std::int64_t> pids;
    while (s->Next())
        pids.push_back(s->Int(0));
    REQUIRE_MESSAGE(s->error().empty(), s->error());
    std::int64_t cut = 0;
    for (const std::int64_t pid : pids) {
        auto t =
            (*admin)->Prepare("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 10000)");
        REQUIRE(t.ok());
        REQUIRE_MESSAGE(t->Next(), t->error());
        cut += t->Int(0);
    }
    return cut;
}

//! Calls `attempt` every 20 ms until it returns true, for 20 s at most (a bounded wait).
bool Eventually(const std::function<bool()>& attempt) {
    for (int i = 0; i < 1000; ++i) {
        if (attempt()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

//! The texts the customer said on the case, as stored.
std::vector<std::string> CustomerSaid(const Server& s, const Session& session) {
    Reply r = s.Get("/v1/cases/" + session.case_id, session.token);
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    std::vector<std::string> out;
    for (const json& m : r.body["messages"]) {
        if (m.value("sender", "") == "customer") out.push_back(m.value("text", ""));
    }
    return out;
}

//! While it lives, seamd's database refuses new connections (as a server restarting does).
struct RefusingConnections {
    std::string database;
    explicit RefusingConnections(std::string db) : database(std::move(db)) {
        Admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
    }
    ~RefusingConnections() { Admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true"); }
};

}  // namespace

TEST_CASE("issue 20: seamd's database connection cut: a clean 503 with Retry-After, then 200s") {
    if (!seam::testing::OnPostgres()) {
        MESSAGE("skipped: seamd's store is on SQLite in this run (backend-postgres runs it)");
        return;
    }
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    REQUIRE(Say(s, visitor, "hi").status == 200);

    REQUIRE(CutConnections(DatabaseOf(dir)) >= 1);
    Reply cut = Say(s, visitor, "what is your return policy?");
    CHECK_MESSAGE(CleanUnavailable(cut), cut.status, " ", cut.body.dump());

    // Not restarted: seamd reconnects by itself, and answers.
    std::vector<std::string> answered = {"hi"};
    int turn = 0;
    CHECK(Eventually([&] {
        const std::string text = "how long does shipping take? (" + std::to_string(++turn) + ")";
        Reply r = Say(s, visitor, text);
        if (r.status == 200) answered.push_back(text);
        CHECK_MESSAGE((r.status == 200 || CleanUnavailable(r)), r.status, " ", r.body.dump());
        return r.status == 200;
    }));
    CHECK(s.Get("/healthz").status == 200);
    const std::vector<std::string> said = CustomerSaid(s, visitor);
    for (const std::string& text : answered) {
        CAPTURE(text);
        CHECK(std::find(said.begin(), said.end(), text) != said.end());
    }
}

TEST_CASE("issue 20: the connection cut while turns run: 200s or clean 503s, nothing lost") {
    if (!seam::testing::OnPostgres()) {
        MESSAGE("skipped: seamd's store is on SQLite in this run (backend-postgres runs it)");
        return;
    }
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    constexpr int kClients = 4;
    std::vector<Session> sessions;
    for (int i = 0; i < kClients; ++i)
        sessions.push_back(Open(s));

    // Each client says numbered things on its case, before the cut and after, until it has been
    // answered three times after it (or 1,000 tries: a bounded run). After a 503 it waits a
    // little, as Retry-After asks.
    std::atomic<bool> cut{false};
    std::atomic<int> before_cut{0};
    std::mutex mutex;
    std::map<int, std::vector<std::string>> answered;  // client -> texts answered with a 200
    std::vector<std::string> unclean;
    int unavailable = 0;
    std::map<int, int> after_cut;  // client -> turns answered after the cut
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            int after = 0;
            bool counted = false;
            for (int i = 0; i < 1000 && after < 3; ++i) {
                const bool was_cut = cut.load();
                const std::string text = "what is your return policy? (" + std::to_string(c) + "-" +
                                         std::to_string(i) + ")";
                Reply r = Say(s, sessions[c], text);
                std::unique_lock<std::mutex> guard(mutex);
                if (r.status == 200) {
                    answered[c].push_back(text);
                    if (was_cut) ++after;
                    if (!counted) {
                        counted = true;
                        ++before_cut;
                    }
                } else if (CleanUnavailable(r)) {
                    ++unavailable;
                } else {
                    unclean.push_back(std::to_string(r.status) + " " + r.body.dump());
                }
                after_cut[c] = after;
                guard.unlock();
                if (r.status != 200 || !cut.load()) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
            }
        });
    }
    CHECK(Eventually([&] { return before_cut.load() == kClients; }));
    CHECK(CutConnections(DatabaseOf(dir)) >= 1);
    cut = true;
    for (std::thread& t : clients)
        t.join();

    CHECK(unclean.empty());
    for (const std::string& u : unclean)
        MESSAGE(u);
    CHECK(unavailable >= 1);  // the first statement after the cut failed some request
    MESSAGE("clean 503s: ", unavailable);
    for (int c = 0; c < kClients; ++c) {
        CAPTURE(c);
        CHECK(after_cut[c] == 3);  // answered again, seamd not restarted
        const std::vector<std::string> said = CustomerSaid(s, sessions[c]);
        for (const std::string& text : answered[c]) {
            CAPTURE(text);
            CHECK(std::find(said.begin(), said.end(), text) != said.end());
        }
    }
    CHECK(s.Get("/healthz").status == 200);
}

TEST_CASE("issue 20: a database away for a while: /healthz and requests 503, then back by itself") {
    if (!seam::testing::OnPostgres()) {
        MESSAGE("skipped: seamd's store is on SQLite in this run (backend-postgres runs it)");
        return;
    }
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    REQUIRE(Say(s, visitor, "hi").status == 200);
    REQUIRE(s.Get("/healthz").status == 200);
    {
        RefusingConnections away(DatabaseOf(dir));
        REQUIRE(CutConnections(away.database) >= 1);
        // /healthz checks the store (at most once a second while it answered): it notices.
        Reply health;
        CHECK(Eventually([&] {
            health = s.Get("/healthz");
            return health.status == 503;
        }));
        CHECK(CleanUnavailable(health));
        // Each of these comes once a reconnect is due again (Db::kReconnectEveryMs): it tries
        // one, and is refused.
        const auto due = std::chrono::milliseconds(2 * seam::store::Db::kReconnectEveryMs);
        for (int i = 0; i < 3; ++i) {
            std::this_thread::sleep_for(due);
            Reply r = Say(s, visitor, "what is your return policy?");
            CHECK_MESSAGE(CleanUnavailable(r), r.status, " ", r.body.dump());
        }
        std::this_thread::sleep_for(due);
        // A read that would take a failed statement for "no such case" is a 503 too.
        Reply read = s.Get("/v1/cases/" + visitor.case_id, visitor.token);
        CHECK_MESSAGE(CleanUnavailable(read), read.status, " ", read.body.dump());
        std::this_thread::sleep_for(due);
        // A long poll does not wait out its 20 s for a store it cannot read.
        Reply poll = s.Get("/v1/cases/" + visitor.case_id + "/messages?after=1000000000&wait=20",
                           visitor.token);
        CHECK_MESSAGE(CleanUnavailable(poll), poll.status, " ", poll.body.dump());
        std::this_thread::sleep_for(due);
        CHECK(s.Get("/healthz").status == 503);
    }
    // Back: /healthz reconnects the store by itself; requests are answered again.
    CHECK(Eventually([&] { return s.Get("/healthz").status == 200; }));
    Reply r = Say(s, visitor, "how long does shipping take?");
    CHECK_MESSAGE(r.status == 200, r.status, " ", r.body.dump());
}
