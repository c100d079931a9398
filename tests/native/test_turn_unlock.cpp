// tests/native/test_turn_unlock.cpp — a conversation turn's http action call runs without the
// store's lock (Service::Turn, TurnCalls): seamd started with lookup_order over http against a
// loopback "business" service that holds the calls for one order number until the test lets
// them go (a condition the test controls: no sleeps, no timed assertions). Proves: while one
// turn's call is held, another customer's turn, /healthz and a read complete; a second message
// on the same case while the first one's call is held completes, the first turn is planned
// again from what is stored and its action replayed from seamd's record (one execution at the
// business); a message resent with the same client_id is answered with the first answer, with
// one execution.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <future>
#include <map>
#include <mutex>

#include "api/auth.hpp"
#include "connectors/executor.hpp"
#include "identity/hmac.hpp"
#include "seam/connectors/connector.hpp"
#include "server_fixture.hpp"

using nlohmann::json;
using seam::api::Auth;
using seam::testing::Reply;
using seam::testing::SaidText;
using seam::testing::Server;
using seam::testing::SiteJwt;
using seam::testing::TempDir;

namespace {

const char* kToken = "t0ken-of-the-unlock-test";
const char* kKey = "k3y-of-the-unlock-test";
const char* kHeldOrder = "LW-104233";

struct Session {
    std::string case_id, token;
    std::int64_t version = 0;
};

Session Open(const Server& s, const std::string& who) {
    Reply r = s.Post("/v1/sessions", {{"identity", {{"token", SiteJwt(who)}}}});
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"], r.body["session_token"], r.body["case"]["version"]};
}

//! The business's order service: checks the bearer token and the signature, counts each
//! Idempotency-Key's executions, and holds every call for kHeldOrder until Release().
struct Shop {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    int held = 0;                           // calls for kHeldOrder that arrived
    std::map<std::string, int> executions;  // per Idempotency-Key
    std::vector<std::string> orders;        // the order number of each execution

    Shop() {
        server.Get(
            R"(/v1/orders/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
                const std::string key = req.get_header_value("Idempotency-Key");
                const std::string expected = seam::identity::HmacSha256Hex(
                    kKey, seam::connectors::SigningString(seam::connectors::Method::kGet,
                                                          "http://x" + req.target, key, req.body));
                if (req.get_header_value("Authorization") != std::string("Bearer ") + kToken ||
                    !seam::identity::ConstantTimeEquals(req.get_header_value("X-Seam-Signature"),
                                                        expected)) {
                    res.status = 401;
                    return;
                }
                const std::string order = req.matches[1];
                {
                    std::unique_lock<std::mutex> guard(mutex);
                    ++executions[key];
                    orders.push_back(order);
                    if (order == kHeldOrder) {
                        ++held;
                        changed.notify_all();
                        changed.wait(guard, [this] { return released; });
                    }
                }
                res.status = 200;
                res.set_content(json({{"status", "with the shop's own courier"},
                                      {"shipment",
                                       {{"carrier", "ShopExpress"},
                                        {"tracking_url", "https://track.shop.example/" + order},
                                        {"eta", "2026-11-27"},
                                        {"shipped", true}}}})
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
    //! Waits until `n` calls for kHeldOrder are being held (false if they never come: a bound
    //! so a broken seamd fails the test instead of hanging it, not a measure of anything).
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
    int ExecutionsOf(const std::string& order) {
        std::lock_guard<std::mutex> guard(mutex);
        return static_cast<int>(std::count(orders.begin(), orders.end(), order));
    }
};

//! Lets the shop's held calls go when the test leaves (a failed REQUIRE included) before the
//! pending requests are joined and seamd stops.
struct ReleaseAtEnd {
    Shop& shop;
    ~ReleaseAtEnd() { shop.Release(); }
};

//! A connectors folder with lookup_order over http to the test's shop (server_fixture.hpp).
struct Deployment : seam::testing::OneHttpConnector {
    explicit Deployment(const Shop& shop)
        : OneHttpConnector("examples/lookup_order.json", shop.port, kToken, kKey) {}
};

//! The texts of the case's messages from `sender`, oldest first.
std::vector<std::string> Said(const Server& s, const Session& who, const std::string& sender) {
    Reply r = s.Get("/v1/cases/" + who.case_id, who.token);
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    std::vector<std::string> out;
    for (const json& m : r.body["messages"]) {
        if (m["sender"] == sender) out.push_back(m["text"]);
    }
    return out;
}

json Turn(const Server& s, const Session& who, const std::string& text,
          const std::string& client_id = "") {
    json body = {{"text", text}};
    if (!client_id.empty()) body["client_id"] = client_id;
    Reply r = s.Post("/v1/cases/" + who.case_id + "/turns", body, who.token);
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    return r.body;
}

const std::string kAsk = std::string("where is my order ") + kHeldOrder + "?";

}  // namespace

TEST_CASE("turn unlock: while a turn's http call is held, other cases' turns and reads go on") {
    Shop shop;
    Deployment deploy(shop);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Session ana = Open(s, "demo-ana");
    Session tom = Open(s, "demo-tom");
    auto held = std::async(std::launch::async, [&] { return Turn(s, ana, kAsk); });
    ReleaseAtEnd release{shop};
    REQUIRE(shop.AwaitHeld(1));  // Ana's turn is in its call, the shop holding it

    // Another customer's turn on another case, with its own http action: written and answered.
    json other = Turn(s, tom, "where is my order LW-200001?");
    CHECK(other["actions"][0]["outcome"] == "ok");
    CHECK(SaidText(other).find("track.shop.example/LW-200001") != std::string::npos);
    // And one without an action (a write handed to the group commit's batch).
    json hello = Turn(s, tom, "thanks");
    CHECK(hello["case_id"] == tom.case_id);
    CHECK(s.Get("/healthz").status == 200);
    Reply read = s.Get("/v1/cases/" + ana.case_id, ana.token);  // takes the store's lock
    CHECK(read.status == 200);
    CHECK(read.body["version"] == ana.version);  // Ana's turn is not written yet
    CHECK(shop.ExecutionsOf(kHeldOrder) == 1);

    shop.Release();
    json first = held.get();
    CHECK(first["actions"][0]["outcome"] == "ok");
    CHECK(SaidText(first).find("ShopExpress") != std::string::npos);
    CHECK(SaidText(first).find(std::string("track.shop.example/") + kHeldOrder) !=
          std::string::npos);
    CHECK(shop.ExecutionsOf(kHeldOrder) == 1);
    CHECK(shop.Executions() == 2);
    CHECK(Said(s, ana, "customer") == std::vector<std::string>{kAsk});
}

TEST_CASE("turn unlock: a second message on the same case during the call: both kept, one call") {
    for (const bool with_client_id : {false, true}) {
        INFO("client_id: " << with_client_id);
        Shop shop;
        Deployment deploy(shop);
        TempDir data;
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session ana = Open(s, "demo-ana");
        auto held = std::async(std::launch::async,
                               [&] { return Turn(s, ana, kAsk, with_client_id ? "m-1" : ""); });
        ReleaseAtEnd release{shop};
        REQUIRE(shop.AwaitHeld(1));

        // The second message writes the case while the first turn's call is held.
        json second = Turn(s, ana, "thanks", with_client_id ? "m-2" : "");
        CHECK(second["version"].get<std::int64_t>() == ana.version + 1);

        shop.Release();
        // The first turn finds its case written meanwhile: planned again from what is stored,
        // its action replayed from seamd's record (the business is not called again).
        json first = held.get();
        INFO(first.dump());
        CHECK(first["actions"][0]["outcome"] == "ok");
        CHECK(SaidText(first).find(std::string("track.shop.example/") + kHeldOrder) !=
              std::string::npos);
        CHECK(first["version"].get<std::int64_t>() == ana.version + 2);
        CHECK(shop.ExecutionsOf(kHeldOrder) == 1);
        CHECK(shop.Executions() == 1);

        // Both messages in the transcript, once each, and the bot's answer to the first.
        const std::vector<std::string> customer = Said(s, ana, "customer");
        CHECK(customer == std::vector<std::string>{"thanks", kAsk});
        std::string bot;
        for (const std::string& line : Said(s, ana, "bot"))
            bot += line + "\n";
        CHECK(bot.find(std::string("track.shop.example/") + kHeldOrder) != std::string::npos);
        Reply stored = s.Get("/v1/cases/" + ana.case_id, ana.token);
        CHECK(stored.body["version"] == first["version"]);

        // Without a client_id, the action's key still names the version the turn first read:
        // the Idempotency-Key the business saw is that one.
        if (!with_client_id) {
            const std::string step =
                "turn:" + ana.case_id + ":" + std::to_string(ana.version) + ":0";
            CHECK(shop.executions.count(
                      seam::connectors::IdempotencyKey(ana.case_id, step, "lookup_order", 0)) == 1);
        }
    }
}

TEST_CASE("turn unlock: the same client_id resent during the call: one execution, one answer") {
    Shop shop;
    Deployment deploy(shop);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Session ana = Open(s, "demo-ana");
    auto first_async = std::async(std::launch::async, [&] { return Turn(s, ana, kAsk, "m-1"); });
    ReleaseAtEnd release{shop};
    REQUIRE(shop.AwaitHeld(1));
    // The widget retries (a dropped connection) while the first is still in its call.
    auto again_async = std::async(std::launch::async, [&] { return Turn(s, ana, kAsk, "m-1"); });
    // Nothing here can tell "the resend waits for the first turn" from "not arrived yet"
    // without timing, so the proof is after the release: one execution, the same answer.
    shop.Release();
    json first = first_async.get();
    json again = again_async.get();
    INFO(first.dump());
    INFO(again.dump());
    CHECK(first["actions"][0]["outcome"] == "ok");
    CHECK(SaidText(first).find(std::string("track.shop.example/") + kHeldOrder) !=
          std::string::npos);
    CHECK(shop.Executions() == 1);
    // One of them is the turn, the other its replay (which came first is up to the threads).
    const bool first_replayed = first.value("replayed", false);
    const bool again_replayed = again.value("replayed", false);
    CHECK(first_replayed != again_replayed);
    CHECK(first["version"] == again["version"]);
    CHECK(first["effects"] == again["effects"]);
    CHECK(first["messages"] == again["messages"]);
    CHECK(Said(s, ana, "customer") == std::vector<std::string>{kAsk});
    // The action's key is the message's: "turn:<case>:c:<client_id>:<round>".
    const std::string step = "turn:" + ana.case_id + ":c:m-1:0";
    CHECK(shop.executions.count(
              seam::connectors::IdempotencyKey(ana.case_id, step, "lookup_order", 0)) == 1);

    // Sent again after both answered: the first answer, no call.
    json third = Turn(s, ana, kAsk, "m-1");
    CHECK(third["replayed"] == true);
    CHECK(third["messages"] == first["messages"]);
    CHECK(shop.Executions() == 1);
}
