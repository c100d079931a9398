// tests/native/test_connector_wire.cpp — seamd routing an action to an `http` connector (issue
// 21): a seamd started with a connectors folder where lookup_order is http, against a loopback
// "business" service in the test that checks the bearer token and the HMAC signature and
// executes each Idempotency-Key once. Proves: the conversation and the action API get the
// service's data; the audit row holds the call without secrets; a 500 or a timeout is the
// flow's error outcome, never a hang; a repeated request with the same key reaches the service
// once; seamd refuses to start without a required secret, naming it.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <mutex>

#include "api/auth.hpp"
#include "connectors/executor.hpp"
#include "identity/hmac.hpp"
#include "seam/connectors/connector.hpp"
#include "server/app.hpp"
#include "server_fixture.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::api::Auth;
using seam::testing::Reply;
using seam::testing::SaidText;
using seam::testing::Server;
using seam::testing::SiteJwt;
using seam::testing::TempDir;

namespace {

const char* kToken = "t0ken-of-the-wire-test";
const char* kKey = "k3y-of-the-wire-test";

struct Session {
    std::string case_id, token;
    std::int64_t version = 0;
};

Session Open(const Server& s) {
    Reply r = s.Post("/v1/sessions", {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"], r.body["session_token"], r.body["case"]["version"]};
}

//! The business's order service: checks the bearer token and the signature, answers per
//! `mode` (ok | fail | slow), and executes each Idempotency-Key once.
struct Shop {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<bool> stopping{false};
    std::string mode = "ok";
    std::mutex mutex;
    std::map<std::string, int> executions;  // per Idempotency-Key
    std::vector<std::string> customers;     // X-Seam-Customer of each request

    Shop() {
        server.Get(
            R"(/v1/orders/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
                if (req.get_header_value("Authorization") != std::string("Bearer ") + kToken) {
                    res.status = 401;
                    return;
                }
                const std::string key = req.get_header_value("Idempotency-Key");
                const std::string expected = seam::identity::HmacSha256Hex(
                    kKey, seam::connectors::SigningString(seam::connectors::Method::kGet,
                                                          "http://x" + req.target, key, req.body));
                if (!seam::identity::ConstantTimeEquals(req.get_header_value("X-Seam-Signature"),
                                                        expected)) {
                    res.status = 401;
                    return;
                }
                std::string mode_now;
                {
                    std::lock_guard<std::mutex> guard(mutex);
                    ++executions[key];
                    customers.push_back(req.get_header_value("X-Seam-Customer"));
                    mode_now = mode;
                }
                if (mode_now == "fail") {
                    res.status = 500;
                    return;
                }
                if (mode_now == "slow") {
                    for (int i = 0; i < 600 && !stopping; ++i)
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
                res.status = 200;
                res.set_content(json({{"status", "with the shop's own courier"},
                                      {"shipment",
                                       {{"carrier", "ShopExpress"},
                                        {"tracking_url", "https://track.shop.example/" +
                                                             std::string(req.matches[1])},
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
        stopping = true;
        server.stop();
        if (thread.joinable()) thread.join();
    }
    void SetMode(const std::string& to) {
        std::lock_guard<std::mutex> guard(mutex);
        mode = to;
    }
    int Executions() {
        std::lock_guard<std::mutex> guard(mutex);
        int n = 0;
        for (const auto& [key, count] : executions)
            n += count;
        return n;
    }
};

//! A connectors folder with lookup_order over http (the worked example, a short timeout and no
//! retries so a slow service answers fast) and a config file for it.
struct Deployment {
    TempDir dir;
    std::string connectors, config;
    explicit Deployment(const Shop& shop, bool with_signing_key = true) {
        connectors = (dir.path / "connectors").string();
        std::filesystem::create_directories(connectors);
        std::ifstream in(std::string(SEAM_SOURCE_DIR) +
                         "/assets/connectors/examples/lookup_order.json");
        json doc = json::parse(in);
        doc.erase("$schema");
        doc["timeout_ms"] = 800;
        doc.erase("retry");
        std::ofstream(connectors + "/lookup_order.json") << doc.dump(2);
        json secrets = {{"DEMO_SHOP_API_TOKEN", kToken}};
        if (with_signing_key) secrets["DEMO_SHOP_SIGNING_KEY"] = kKey;
        config = (dir.path / "connectors-config.json").string();
        std::ofstream(config) << json({{"secrets", secrets},
                                       {"config",
                                        {{"DEMO_SHOP_URL",
                                          "http://127.0.0.1:" + std::to_string(shop.port)}}}})
                                     .dump();
        ::chmod(config.c_str(), 0600);
    }
    std::function<void(seam::server::Options&)> Adjust() const {
        return [this](seam::server::Options& o) {
            o.connectors = connectors;
            o.connectors_config = config;
        };
    }
};

json AuditRows(const std::string& data) {
    auto db = seam::store::Db::Open(seam::testing::StoreOf(data));
    REQUIRE(db);
    auto s = (*db)->Prepare(
        "SELECT action, outcome, decision, result FROM audit WHERE action = 'lookup_order' "
        "ORDER BY id");
    REQUIRE(s);
    json rows = json::array();
    while (s->Next()) {
        rows.push_back({{"action", s->Text(0)},
                        {"outcome", s->Text(1)},
                        {"decision", json::parse(s->Text(2))},
                        {"result", json::parse(s->Text(3))}});
    }
    return rows;
}

}  // namespace

TEST_CASE("connector wire: lookup_order over http: the conversation gets the service's data") {
    Shop shop;
    Deployment deploy(shop);
    TempDir data;
    {
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session ana = Open(s);
        Reply turn = s.Post("/v1/cases/" + ana.case_id + "/turns",
                            {{"text", "where is my order LW-104233?"}}, ana.token);
        REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
        const std::string said = SaidText(turn.body);
        INFO(said);
        CHECK(said.find("ShopExpress") != std::string::npos);
        CHECK(said.find("track.shop.example/LW-104233") != std::string::npos);
        CHECK(turn.body["actions"][0]["outcome"] == "ok");
        CHECK(shop.Executions() == 1);
        CHECK(shop.customers.at(0) == "demo-ana");  // the verified customer id
        // The turn's action key (case, the version the turn read, the round) is the step: a
        // retried turn sends the same Idempotency-Key.
        const std::string step = "turn:" + ana.case_id + ":" + std::to_string(ana.version) + ":0";
        CHECK(shop.executions.count(
                  seam::connectors::IdempotencyKey(ana.case_id, step, "lookup_order", 0)) == 1);
    }
    json rows = AuditRows(data.path.string());
    REQUIRE(rows.size() == 1);
    const json& call = rows[0]["decision"]["call"];
    INFO(call.dump());
    CHECK(call["status"] == 200);
    CHECK(call["outcome"] == "ok");
    CHECK(call["headers"]["Authorization"] == "Bearer {{secret.DEMO_SHOP_API_TOKEN}}");
    CHECK(rows[0]["result"]["carrier"] == "ShopExpress");
    // No secret anywhere in the row.
    CHECK(rows.dump().find(kToken) == std::string::npos);
    CHECK(rows.dump().find(kKey) == std::string::npos);
    CHECK(rows[0]["decision"]["checks"].is_array());  // the policy decided before the call
}

TEST_CASE("connector wire: the same Idempotency-Key reaches the business's service once") {
    Shop shop;
    Deployment deploy(shop);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Session ana = Open(s);
    const json request = {{"name", "lookup_order"}, {"params", {{"order_number", "LW-104233"}}}};
    const httplib::Headers key = {{"Idempotency-Key", "wire-once-1"}};
    Reply first = s.Post("/v1/cases/" + ana.case_id + "/actions", request, ana.token, key);
    REQUIRE_MESSAGE(first.status == 200, first.body.dump());
    CHECK(first.body["outcome"] == "ok");
    CHECK(first.body["result"]["carrier"] == "ShopExpress");
    Reply again = s.Post("/v1/cases/" + ana.case_id + "/actions", request, ana.token, key);
    REQUIRE(again.status == 200);
    CHECK(again.body["replayed"] == true);
    CHECK(again.body["result"] == first.body["result"]);
    CHECK(shop.Executions() == 1);
    // The key on the wire is derived from the case and the request's key: the same request
    // sent again (after seamd's own record expired, or from a second seamd) sends the same.
    CHECK(shop.executions.count(seam::connectors::IdempotencyKey(ana.case_id, "wire-once-1",
                                                                 "lookup_order", 0)) == 1);
    // Another key is another logical call: another Idempotency-Key on the wire.
    Reply other = s.Post("/v1/cases/" + ana.case_id + "/actions", request, ana.token,
                         {{"Idempotency-Key", "wire-once-2"}});
    CHECK(other.body["outcome"] == "ok");
    CHECK(shop.Executions() == 2);
    CHECK(shop.executions.size() == 2);
}

TEST_CASE("connector wire: a 500 or a timeout is the flow's error outcome, never a hang") {
    Shop shop;
    Deployment deploy(shop);
    for (const char* m : {"fail", "slow"}) {
        const std::string mode = m;
        INFO(mode);
        shop.SetMode(mode);
        // A fresh seamd each time: the error hands Ana's case to a person, and her next
        // session would continue it.
        TempDir data;
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session ana = Open(s);
        const auto start = std::chrono::steady_clock::now();
        Reply turn = s.Post("/v1/cases/" + ana.case_id + "/turns",
                            {{"text", "where is my order LW-104233?"}}, ana.token);
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
        REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
        INFO(turn.body.dump());
        CHECK(turn.body["actions"][0]["outcome"] == "error");
        CHECK(SaidText(turn.body).find("ShopExpress") == std::string::npos);
        CHECK_FALSE(SaidText(turn.body).empty());  // the flow's words for the error
        CHECK(ms < 5000);
        // The action API says the same.
        Reply api = s.Post("/v1/cases/" + ana.case_id + "/actions",
                           {{"name", "lookup_order"}, {"params", {{"order_number", "LW-104233"}}}},
                           ana.token);
        CHECK(api.body["outcome"] == "error");
    }
}

TEST_CASE("connector wire: the action API's call does not hold the store's lock") {
    Shop shop;
    shop.SetMode("slow");  // never answers: the call ends at its 800 ms timeout
    Deployment deploy(shop);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Session ana = Open(s);
    auto slow = std::async(std::launch::async, [&] {
        return s.Post("/v1/cases/" + ana.case_id + "/actions",
                      {{"name", "lookup_order"}, {"params", {{"order_number", "LW-104233"}}}},
                      ana.token);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto start = std::chrono::steady_clock::now();
    Reply read = s.Get("/v1/cases/" + ana.case_id, ana.token);  // takes the store's lock
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    CHECK(read.status == 200);
    CHECK(ms < 400);  // not behind the call's remaining ~600 ms
    Reply r = slow.get();
    CHECK(r.body["outcome"] == "error");
}

TEST_CASE("connector wire: seamd refuses to start without a required secret, naming it") {
    Shop shop;
    Deployment deploy(shop, /*with_signing_key=*/false);
    TempDir data;
    seam::server::Options o;
    o.demo = true;
    o.data = data.path.string();
    o.assets = std::string(SEAM_SOURCE_DIR) + "/assets";
    o.today = "2026-11-22";
    o.site_secret = Server::kSiteSecret;
    deploy.Adjust()(o);
    auto app = seam::server::App::Open(o);
    REQUIRE_FALSE(app);
    CHECK(app.error().id == "seam.server.connectors");
    CHECK(app.error().message.find("DEMO_SHOP_SIGNING_KEY") != std::string::npos);
    CHECK(app.error().message.find("DEMO_SHOP_API_TOKEN") == std::string::npos);
}

TEST_CASE("connector wire: the builtin connectors of assets/ change nothing") {
    TempDir data;
    Server s(data.path.string());
    REQUIRE(s.ready());
    Session ana = Open(s);
    Reply r =
        s.Post("/v1/cases/" + ana.case_id + "/actions",
               {{"name", "lookup_order"}, {"params", {{"order_number", "LW-104233"}}}}, ana.token);
    CHECK(r.body["outcome"] == "ok");
    CHECK(r.body["result"]["carrier"] == "UPS");
}
