// tests/native/test_proactive_unlock.cpp — a proactive message's http action call runs without
// the store's lock (Service::IngestEvent, ProactiveCalls): seamd started with refund_status over
// http against a loopback "business" service that holds every call until the test lets it go (a
// condition the test controls: no sleeps, no timed assertions). A return.received event opens
// refund_status_after_return, whose flow begins with refund_status. Proves: while the call is
// held, another case's turn, another business event's message and /healthz complete, and the
// held run has written nothing; released, the message goes out with the business's answer, one
// execution and one action record; the same event sent again during the call waits for the first
// and gets its answer (one execution); a customer who opts out during the call is not messaged
// (the run is decided again after the call, from what is stored then).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "server_fixture.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

const char* kToken = "t0ken-of-the-proactive-unlock-test";
const char* kKey = "k3y-of-the-proactive-unlock-test";

//! The business's refund service: counts each Idempotency-Key's executions and holds every call
//! until Release(); the refund it reports was issued.
struct Shop {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    int held = 0;                           // calls that arrived
    std::map<std::string, int> executions;  // per Idempotency-Key

    Shop() {
        server.Post("/v1/actions/refund_status", [this](const httplib::Request& req,
                                                        httplib::Response& res) {
            if (req.get_header_value("Authorization") != std::string("Bearer ") + kToken) {
                res.status = 401;
                return;
            }
            {
                std::unique_lock<std::mutex> guard(mutex);
                ++executions[req.get_header_value("Idempotency-Key")];
                ++held;
                changed.notify_all();
                changed.wait(guard, [this] { return released; });
            }
            res.status = 200;
            res.set_content(json({{"outcome", "ok"},
                                  {"result",
                                   {{"order_number", "LW-104180"},
                                    {"status", "issued"},
                                    {"amount", "$84.00"},
                                    {"issued_on", "2026-11-20"},
                                    {"method_text", "to the card you paid with (the shop's own)"},
                                    {"expected_by", "2026-11-27"}}}})
                                .dump(),
                            "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
        for (int i = 0; i < 500 && !server.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        REQUIRE(server.is_running());
    }
    ~Shop() {
        Release();
        server.stop();
        if (thread.joinable()) thread.join();
    }
    //! Waits until `n` calls are being held (false if they never come: a bound so a broken
    //! seamd fails the test instead of hanging it, not a measure of anything).
    bool AwaitHeld(int n) {
        std::unique_lock<std::mutex> guard(mutex);
        return changed.wait_for(guard, std::chrono::seconds(30), [&] { return held >= n; });
    }
    void Release() {
        std::lock_guard<std::mutex> guard(mutex);
        released = true;
        changed.notify_all();
    }
    int Executions() {
        std::lock_guard<std::mutex> guard(mutex);
        int n = 0;
        for (const auto& [key, count] : executions)
            n += count;
        return n;
    }
    std::size_t Keys() {
        std::lock_guard<std::mutex> guard(mutex);
        return executions.size();
    }
};

//! Lets the shop's held calls go when the test leaves (a failed REQUIRE included) before the
//! pending requests are joined and seamd stops.
struct ReleaseAtEnd {
    Shop& shop;
    ~ReleaseAtEnd() { shop.Release(); }
};

//! A connectors folder with refund_status over http to the test's shop (server_fixture.hpp).
struct Deployment : seam::testing::OneHttpConnector {
    explicit Deployment(const Shop& shop)
        : OneHttpConnector("demo-shop/refund_status.json", shop.port, kToken, kKey) {}
};

//! POST /v1/events/ingest with the body signed by the events key (as the business's server).
Reply Ingest(const Server& s, const json& event) {
    const std::string raw = event.dump();
    httplib::Headers headers = {
        {"X-Seam-Signature",
         seam::identity::HmacSha256Hex(Server::SiteKey("events-signature"), raw)}};
    return s.Send("POST", "/v1/events/ingest", nullptr, "", headers, &raw);
}

//! Settings that make the outcome independent of the hour and of the hold-out draw.
void Daytime(const Server& s) {
    Reply login = s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}});
    REQUIRE_MESSAGE(login.status == 200, login.body.dump());
    Reply r = s.Put("/v1/proactive/settings",
                    {{"enabled", true},
                     {"quiet_hours", {{"from", "00:00"}, {"to", "00:00"}}},
                     {"holdout_percent", 0}},
                    login.body["token"].get<std::string>());
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
}

//! A session of a signed-in demo customer: {"case", "session_token", "customer_token", ...}.
json SignedInSession(const Server& s, const std::string& customer) {
    Reply id = s.Post("/demo/identity", {{"customer", customer}});
    REQUIRE_MESSAGE(id.status == 200, id.body.dump());
    Reply session = s.Post("/v1/sessions", {{"identity", {{"token", id.body["token"]}}}});
    REQUIRE_MESSAGE(session.status == 201, session.body.dump());
    return session.body;
}

//! Tom's return reached the warehouse: refund_status_after_return, whose flow begins with
//! refund_status (over http here).
const json kReturnReceived = {
    {"id", "ret-1"}, {"type", "return.received"}, {"data", {{"return", "RMA-104180-1"}}}};

//! The first column of `sql`'s rows (one text parameter) from seamd's store, on a read-only
//! connection of the test's own, which can change nothing under the running seamd (not
//! store::Db::Open: it sets the store's pragmas, and its ::open/::close of the file drops the
//! POSIX locks this process holds on it).
std::vector<std::string> Rows(const TempDir& data, const std::string& sql,
                              const std::string& arg = "") {
    const std::string path = seam::testing::StoreOf(data.path);
    if (seam::store::Db::IsPostgresUrl(path)) {  // a connection of its own changes nothing
        std::vector<std::string> rows;
        auto db = seam::store::Db::Open(path);
        REQUIRE_MESSAGE(db, (db ? "" : db.error().message));
        auto q = (*db)->Prepare(sql);
        REQUIRE_MESSAGE(q, (q ? "" : q.error().message));
        if (sql.find('?') != std::string::npos) q->Bind(1, arg);
        while (q->Next())
            rows.push_back(q->Text(0));
        REQUIRE_MESSAGE(q->error().empty(), sql << ": " << q->error());
        return rows;
    }
    sqlite3* db = nullptr;
    const bool opened =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK;
    std::vector<std::string> rows;
    std::string error;
    sqlite3_stmt* q = nullptr;
    if (opened) {
        sqlite3_busy_timeout(db, 5000);
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK) {
            if (sql.find('?') != std::string::npos)
                sqlite3_bind_text(q, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
            int rc = SQLITE_ROW;
            while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
                const unsigned char* text = sqlite3_column_text(q, 0);
                rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
            }
            if (rc != SQLITE_DONE) error = sqlite3_errmsg(db);
        } else {
            error = sqlite3_errmsg(db);
        }
    } else {
        error = "cannot open " + path;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    REQUIRE_MESSAGE(error.empty(), sql << ": " << error);
    return rows;
}

//! One integer from seamd's store (a COUNT).
std::int64_t Count(const TempDir& data, const std::string& sql, const std::string& arg = "") {
    const std::vector<std::string> rows = Rows(data, sql, arg);
    REQUIRE(rows.size() == 1);
    return std::stoll(rows[0]);
}

}  // namespace

TEST_CASE("proactive unlock: while a message's http call is held, other writers go on") {
    Shop shop;
    Deployment deploy(shop);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Daytime(s);
    auto held = std::async(std::launch::async, [&] { return Ingest(s, kReturnReceived); });
    ReleaseAtEnd release{shop};
    REQUIRE(shop.AwaitHeld(1));  // the run is in its call, the shop holding it

    // Another case: Ana opens a conversation and writes in it (a handed-over write).
    json ana = SignedInSession(s, "demo-ana");
    Reply turn = s.Post("/v1/cases/" + ana["case"]["id"].get<std::string>() + "/turns",
                        {{"text", "thanks"}}, ana["session_token"].get<std::string>());
    CHECK_MESSAGE(turn.status == 200, turn.body.dump());
    // Another business event, for Ana: its message is decided and sent meanwhile.
    Reply other =
        Ingest(s, {{"id", "ship-delay-1"},
                   {"type", "order.delayed"},
                   {"data", {{"order", "LW-104233"}, {"new_expected_on", "2026-12-02"}}}});
    REQUIRE_MESSAGE(other.status == 200, other.body.dump());
    CHECK(other.body["decisions"][0]["send"] == true);
    CHECK(s.Get("/healthz").status == 200);
    // The held run has written nothing yet.
    CHECK(Count(data, "SELECT COUNT(*) FROM business_events WHERE id = ?", "ret-1") == 0);
    CHECK(Count(data,
                "SELECT COUNT(*) FROM proactive_messages WHERE trigger_id = "
                "'refund_status_after_return'") == 0);
    CHECK(shop.Executions() == 1);

    shop.Release();
    Reply r = held.get();
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    CHECK(r.body["duplicate"] == false);
    REQUIRE(r.body["decisions"].size() == 1);
    CHECK(r.body["decisions"][0]["trigger"] == "refund_status_after_return");
    REQUIRE(r.body["decisions"][0]["send"] == true);
    const std::string case_id = r.body["decisions"][0]["case_id"];

    // The message went out with the business's answer, and the case ended there.
    std::string all;
    for (const std::string& text :
         Rows(data, "SELECT text FROM messages WHERE case_id = ? ORDER BY id", case_id))
        all += text + "\n";
    CHECK_MESSAGE(all.find("Your refund of $84.00 for LW-104180 was issued on 2026-11-20") !=
                      std::string::npos,
                  all);
    CHECK(Count(data, "SELECT COUNT(*) FROM cases WHERE id = ? AND status = 'resolved'", case_id) ==
          1);
    CHECK(Count(data, "SELECT COUNT(*) FROM case_channels WHERE case_id = ?", case_id) == 1);
    // One execution at the business, one action record at seamd (the run decided twice: the
    // second time from the record).
    CHECK(shop.Executions() == 1);
    CHECK(shop.Keys() == 1);
    CHECK(Count(data,
                "SELECT COUNT(*) FROM events WHERE kind = 'action' AND "
                "data LIKE '%\"name\":\"refund_status\"%' AND case_id = ?",
                case_id) == 1);
    CHECK(Count(data, "SELECT COUNT(*) FROM audit WHERE action = 'refund_status'") == 1);
    CHECK(Count(data,
                "SELECT COUNT(*) FROM proactive_messages WHERE trigger_id = "
                "'refund_status_after_return' AND sent = 1 AND case_id = ?",
                case_id) == 1);
    CHECK(Count(data, "SELECT COUNT(*) FROM business_events WHERE id = ?", "ret-1") == 1);
}

TEST_CASE("proactive unlock: the event sent again during the call gets the first answer") {
    Shop shop;
    Deployment deploy(shop);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Daytime(s);
    auto first = std::async(std::launch::async, [&] { return Ingest(s, kReturnReceived); });
    ReleaseAtEnd release{shop};
    REQUIRE(shop.AwaitHeld(1));
    // The business's retry of the same event (its answer did not arrive in time, say).
    auto second = std::async(std::launch::async, [&] { return Ingest(s, kReturnReceived); });
    // Whether or not the retry has arrived, the store is free: a write completes.
    json ana = SignedInSession(s, "demo-ana");
    CHECK(ana["case"]["id"].is_string());

    shop.Release();
    Reply a = first.get();
    Reply b = second.get();
    REQUIRE_MESSAGE(a.status == 200, a.body.dump());
    REQUIRE_MESSAGE(b.status == 200, b.body.dump());
    CHECK(a.body["duplicate"] == false);
    CHECK(b.body["duplicate"] == true);
    REQUIRE(a.body["decisions"][0]["send"] == true);
    CHECK(b.body["decisions"] == a.body["decisions"]);
    CHECK(shop.Executions() == 1);
    CHECK(Count(data, "SELECT COUNT(*) FROM audit WHERE action = 'refund_status'") == 1);
    CHECK(Count(data,
                "SELECT COUNT(*) FROM proactive_messages WHERE trigger_id = "
                "'refund_status_after_return'") == 1);
}

TEST_CASE("proactive unlock: a customer who opts out during the call is not messaged") {
    Shop shop;
    Deployment deploy(shop);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Daytime(s);
    const json tom = SignedInSession(s, "demo-tom");
    const std::int64_t cases_before =
        Count(data,
              "SELECT COUNT(*) FROM cases WHERE customer_id = (SELECT id FROM customers WHERE "
              "external_id = ?)",
              "demo-tom");
    auto held = std::async(std::launch::async, [&] { return Ingest(s, kReturnReceived); });
    ReleaseAtEnd release{shop};
    REQUIRE(shop.AwaitHeld(1));
    // Decided to send before the call; Tom turns every message off while it is held.
    Reply off = s.Post("/v1/me/proactive/opt-out", {{"channel", "*"}},
                       tom["customer_token"].get<std::string>());
    REQUIRE_MESSAGE(off.status == 200, off.body.dump());

    shop.Release();
    Reply r = held.get();
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    REQUIRE(r.body["decisions"].size() == 1);
    CHECK(r.body["decisions"][0]["send"] == false);
    CHECK(r.body["decisions"][0]["reason"] == "opted_out");
    CHECK_FALSE(r.body["decisions"][0].contains("case_id"));
    // No conversation was opened for the message; the call made is on record once (it
    // happened), and was not made again.
    CHECK(Count(data,
                "SELECT COUNT(*) FROM cases WHERE customer_id = (SELECT id FROM customers WHERE "
                "external_id = ?)",
                "demo-tom") == cases_before);
    CHECK(shop.Executions() == 1);
    CHECK(Count(data, "SELECT COUNT(*) FROM audit WHERE action = 'refund_status'") == 1);
}
