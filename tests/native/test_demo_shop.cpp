// tests/native/test_demo_shop.cpp — the demo shop service (native/demo_shop/, issue 21): the
// demo business's own system, started in-process on a loopback port with its own store, called
// raw and through a real connectors::Executor with the connector set of
// assets/connectors/demo-shop/. Proves: no bearer or a bad signature executes nothing; the
// service's answers, mapped by the connectors, are the builtin runner's; it checks ownership
// itself from the signed customer id; one Idempotency-Key executes once (counted by the
// service); a visitor's verify_order unlocks one order for its case only; an agent may look up
// any order; the program's options refuse a start without its secrets. And a seamd with the
// whole demo-shop connector set over http to it: a return created there has its label read
// back there (GET /v1/returns/{rma}/label through return_label), for its owner only.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "actions/actions.hpp"
#include "api/auth.hpp"
#include "connectors/executor.hpp"
#include "demo/generator.hpp"
#include "demo/loader.hpp"
#include "demo_shop/options.hpp"
#include "demo_shop/shop.hpp"
#include "demo_shop_fixture.hpp"
#include "identity/hmac.hpp"
#include "seam/connectors/connector.hpp"
#include "server_fixture.hpp"
#include "store/migrations.hpp"

using nlohmann::json;
using seam::testing::TempDir;

namespace {

using seam_test::demo_shop::kKey;
using seam_test::demo_shop::kToday;
using seam_test::demo_shop::kTodayDate;
using seam_test::demo_shop::kToken;
using seam_test::demo_shop::LoadConnector;
using seam_test::demo_shop::ShopService;

//! A raw POST /v1/actions/{name}, signed with `key` (or not at all when empty).
httplib::Result Post(const ShopService& s, const std::string& name, const std::string& body,
                     const std::string& bearer, const std::string& key,
                     const std::string& idempotency_key = "raw-1", httplib::Headers extra = {}) {
    const std::string path = "/v1/actions/" + name;
    httplib::Headers headers = std::move(extra);
    if (!bearer.empty()) headers.emplace("Authorization", "Bearer " + bearer);
    headers.emplace("Idempotency-Key", idempotency_key);
    if (!key.empty()) {
        headers.emplace(
            "X-Seam-Signature",
            seam::identity::HmacSha256Hex(
                key, seam::connectors::SigningString(seam::connectors::Method::kPost,
                                                     "http://x" + path, idempotency_key, body)));
    }
    httplib::Client client("127.0.0.1", s.port);
    return client.Post(path, headers, body, "application/json");
}

//! seamd's side: an executor with the two secrets and the service's URL.
struct Seam {
    seam::connectors::Executor executor;
    explicit Seam(const ShopService& s) : executor(s.Config()) {}
    //! The action's outcome and result as the runner would record them: the mapped result
    //! fields, and the mapped reason as result.reason.
    std::pair<std::string, json> Call(const std::string& action, const json& params,
                                      const seam::connectors::CallContext& ctx) {
        const seam::connectors::Call call =
            executor.Execute(LoadConnector(action), {{"params", params}}, ctx);
        INFO(call.audit.dump());
        REQUIRE(call.failure.empty());
        REQUIRE(call.status == 200);
        json result = call.mapped.result;
        if (!call.mapped.reason.empty()) result["reason"] = call.mapped.reason;
        return {call.mapped.outcome, result};
    }
};

seam::connectors::CallContext Customer(const std::string& external_id, const std::string& step,
                                       const std::string& case_id = "case-demo-shop") {
    seam::connectors::CallContext ctx;
    ctx.case_id = case_id;
    ctx.step_id = step;
    ctx.action = "";
    ctx.customer_id = external_id;
    ctx.actor_kind = "customer";
    return ctx;
}

seam::connectors::CallContext Visitor(const std::string& case_id, const std::string& step) {
    seam::connectors::CallContext ctx;
    ctx.case_id = case_id;
    ctx.step_id = step;
    ctx.actor_kind = "visitor";
    return ctx;
}

//! The builtin implementation on a store loaded with the same demo data.
struct Builtin {
    TempDir dir;
    std::unique_ptr<seam::store::Db> db;
    std::unique_ptr<seam::actions::Runner> runner;
    Builtin() {
        auto opened = seam::store::Db::Open((dir.path / "builtin.db").string());
        REQUIRE(opened.ok());
        db = std::move(*opened);
        REQUIRE(seam::store::Migrate(*db).ok());
        REQUIRE(seam::demo::Load(*db, seam::demo::Generate(42, kTodayDate)).ok());
        std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/assets/policy/rules.json");
        std::stringstream text;
        text << in.rdbuf();
        auto rules = seam::policy::ParseRules(text.str());
        REQUIRE(rules.ok());
        runner = std::make_unique<seam::actions::Runner>(std::move(*rules));
    }
    seam::actions::Response Run(const std::string& action, const json& params,
                                std::int64_t customer_id, const std::string& external_id) {
        seam::actions::Request r;
        r.name = action;
        r.params = params;
        r.actor.kind = "customer";
        r.actor.customer_id = customer_id;
        r.actor.external_id = external_id;
        r.actor.verified = true;
        r.case_id = "case-builtin";
        r.now_ms = 1'796'032'800'000;  // 2026-11-30 10:00 UTC
        r.today = kTodayDate;
        auto out = runner->Run(*db, r);
        REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
        return *out;
    }
};

}  // namespace

TEST_CASE("demo shop: no bearer, a wrong bearer or a bad signature is 401 and executes nothing") {
    ShopService s;
    const std::string body = R"({"params":{"order_number":"LW-104233"}})";
    const httplib::Headers ana = {{"X-Seam-Actor", "customer"}, {"X-Seam-Customer", "demo-ana"}};

    auto none = Post(s, "lookup_order", body, "", kKey, "k1", ana);
    REQUIRE(static_cast<bool>(none));
    CHECK(none->status == 401);
    CHECK(json::parse(none->body) == json({{"error", "unauthorized"}}));

    auto wrong = Post(s, "lookup_order", body, "not-the-token", kKey, "k2", ana);
    REQUIRE(static_cast<bool>(wrong));
    CHECK(wrong->status == 401);
    CHECK(json::parse(wrong->body) == json({{"error", "unauthorized"}}));

    auto unsigned_ = Post(s, "lookup_order", body, kToken, "", "k3", ana);
    REQUIRE(static_cast<bool>(unsigned_));
    CHECK(unsigned_->status == 401);
    CHECK(json::parse(unsigned_->body) == json({{"error", "bad_signature"}}));

    auto other_key = Post(s, "lookup_order", body, kToken, "another-key", "k4", ana);
    REQUIRE(static_cast<bool>(other_key));
    CHECK(other_key->status == 401);
    CHECK(json::parse(other_key->body) == json({{"error", "bad_signature"}}));

    // Signed for one order, sent for another: the body is part of what is signed.
    {
        const std::string path = "/v1/actions/lookup_order";
        httplib::Headers h = ana;
        h.emplace("Authorization", std::string("Bearer ") + kToken);
        h.emplace("Idempotency-Key", "k5");
        h.emplace("X-Seam-Signature",
                  seam::identity::HmacSha256Hex(
                      kKey, seam::connectors::SigningString(seam::connectors::Method::kPost, path,
                                                            "k5", body)));
        httplib::Client client("127.0.0.1", s.port);
        auto res =
            client.Post(path, h, R"({"params":{"order_number":"LW-103990"}})", "application/json");
        REQUIRE(static_cast<bool>(res));
        CHECK(res->status == 401);
    }

    // The stats need the bearer too.
    httplib::Client client("127.0.0.1", s.port);
    auto stats = client.Get("/v1/stats");
    REQUIRE(static_cast<bool>(stats));
    CHECK(stats->status == 401);
    auto health = client.Get("/healthz");
    REQUIRE(static_cast<bool>(health));
    CHECK(health->status == 200);
    CHECK(health->body == "ok");

    const json st = s.Stats();
    CHECK(st["executions"] == json::object());
    CHECK(st["requests"] == 5);
    CHECK(st["replays"] == 0);
}

TEST_CASE(
    "demo shop: bad JSON, bad params, an unknown action or customer are errors, not crashes") {
    ShopService s;
    const httplib::Headers ana = {{"X-Seam-Actor", "customer"}, {"X-Seam-Customer", "demo-ana"}};
    auto bad_json = Post(s, "lookup_order", "{not json", kToken, kKey, "e1", ana);
    REQUIRE(static_cast<bool>(bad_json));
    CHECK(bad_json->status == 400);
    CHECK(json::parse(bad_json->body)["error"] == "bad_request");

    auto bad_params =
        Post(s, "lookup_order", R"({"params":{"order_number":"nope"}})", kToken, kKey, "e2", ana);
    REQUIRE(static_cast<bool>(bad_params));
    CHECK(bad_params->status == 400);
    CHECK(json::parse(bad_params->body)["error"] == "seam.actions.bad_params");

    auto unknown = Post(s, "launch_rocket", R"({"params":{}})", kToken, kKey, "e3", ana);
    REQUIRE(static_cast<bool>(unknown));
    CHECK(unknown->status == 404);
    CHECK(json::parse(unknown->body)["error"] == "seam.actions.unknown_action");

    auto nobody = Post(s, "lookup_order", R"({"params":{"order_number":"LW-104233"}})", kToken,
                       kKey, "e4", {{"X-Seam-Actor", "customer"}, {"X-Seam-Customer", "cus_x"}});
    REQUIRE(static_cast<bool>(nobody));
    CHECK(nobody->status == 403);
    CHECK(json::parse(nobody->body) == json({{"error", "unknown_customer"}}));

    // The same key with other parameters is refused, not executed.
    auto first = Post(s, "lookup_order", R"({"params":{"order_number":"LW-104233"}})", kToken, kKey,
                      "e5", ana);
    REQUIRE(static_cast<bool>(first));
    CHECK(first->status == 200);
    auto reused = Post(s, "lookup_order", R"({"params":{"order_number":"LW-104198"}})", kToken,
                       kKey, "e5", ana);
    REQUIRE(static_cast<bool>(reused));
    CHECK(reused->status == 409);
    CHECK(json::parse(reused->body)["error"] == "seam.actions.idempotency");
    CHECK(s.Stats()["executions"] == json({{"lookup_order", 1}}));
}

TEST_CASE("demo shop: through the connectors, lookup_order is the builtin's answer") {
    ShopService s;
    Seam seamd(s);
    Builtin builtin;

    // Ana (customer 1, demo-ana) and her order on its way.
    const json params = {{"order_number", "LW-104233"}};
    const auto [outcome, result] = seamd.Call("lookup_order", params, Customer("demo-ana", "s1"));
    const seam::actions::Response expected = builtin.Run("lookup_order", params, 1, "demo-ana");
    CHECK(outcome == "ok");
    CHECK(outcome == expected.outcome);
    CHECK(result == expected.result);
    CHECK(result["number"] == "LW-104233");
    CHECK(result["items"].is_array());
    CHECK(result["items"].size() == 1);

    // A refusal carries its reason the same way.
    const json lucias = {{"order_number", "LW-103990"}};
    const auto [not_owner, refusal] =
        seamd.Call("lookup_order", lucias, Customer("demo-ana", "s2"));
    const seam::actions::Response builtin_refusal =
        builtin.Run("lookup_order", lucias, 1, "demo-ana");
    CHECK(not_owner == "not_owner");
    CHECK(builtin_refusal.outcome == "not_owner");
    CHECK(refusal == builtin_refusal.result);

    // Lucía may see her own.
    const auto [hers, _] = seamd.Call("lookup_order", lucias, Customer("demo-lucia", "s3"));
    CHECK(hers == "ok");
    CHECK(s.Stats()["executions"] == json({{"lookup_order", 3}}));
}

TEST_CASE("demo shop: create_return sent twice with one Idempotency-Key executes once") {
    ShopService s;
    Seam seamd(s);
    // LW-104198: Ana's base layer, delivered 10 days ago.
    const json params = {{"order_number", "LW-104198"}, {"reason", "too_small"}};
    const seam::connectors::CallContext ctx = Customer("demo-ana", "return-step");
    const auto [first, first_result] = seamd.Call("create_return", params, ctx);
    CHECK(first == "ok");
    CHECK(first_result.contains("rma"));
    CHECK(first_result.contains("label_url"));
    // The same logical call again (a retried turn, a proxy's repeat): the same key.
    const auto [second, second_result] = seamd.Call("create_return", params, ctx);
    CHECK(second == "ok");
    CHECK(second_result == first_result);
    CHECK_FALSE(second_result.contains("already_open"));  // the replay, not a second run

    json st = s.Stats();
    CHECK(st["executions"] == json({{"create_return", 1}}));
    CHECK(st["replays"] == 1);

    // A new call (another step) runs again: the return already open gives its label again.
    const auto [again, again_result] =
        seamd.Call("create_return", params, Customer("demo-ana", "return-step-2"));
    CHECK(again == "ok");
    CHECK(again_result["already_open"] == true);
    CHECK(again_result["rma"] == first_result["rma"]);
    st = s.Stats();
    CHECK(st["executions"] == json({{"create_return", 2}}));
}

TEST_CASE("demo shop: a visitor verifies an order for its own case only") {
    ShopService s;
    Seam seamd(s);
    const json order = {{"order_number", "LW-104233"}};

    // An account action needs a verified customer.
    const auto [paused, _p] = seamd.Call("pause_subscription", {{"months", 1}}, Visitor("X", "p"));
    CHECK(paused == "not_verified");
    const auto [before, _b] = seamd.Call("lookup_order", order, Visitor("X", "l1"));
    CHECK(before == "not_verified");

    const auto [verified, vresult] = seamd.Call(
        "verify_order",
        {{"order_number", "LW-104233"}, {"email", "ana@example.com"}, {"postal_code", "97214"}},
        Visitor("X", "v"));
    CHECK(verified == "ok");
    CHECK(vresult["order_number"] == "LW-104233");

    const auto [in_x, xresult] = seamd.Call("lookup_order", order, Visitor("X", "l2"));
    CHECK(in_x == "ok");
    CHECK(xresult["number"] == "LW-104233");
    const auto [in_y, _y] = seamd.Call("lookup_order", order, Visitor("Y", "l3"));
    CHECK(in_y == "not_verified");
}

TEST_CASE("demo shop: an agent may look up any customer's order") {
    ShopService s;
    Seam seamd(s);
    seam::connectors::CallContext ctx;
    ctx.case_id = "case-agent";
    ctx.step_id = "a1";
    ctx.actor_kind = "agent";
    ctx.agent_login = "sam";
    const auto [outcome, result] = seamd.Call("lookup_order", {{"order_number", "LW-103990"}}, ctx);
    CHECK(outcome == "ok");
    CHECK(result["number"] == "LW-103990");
}

TEST_CASE("demo shop: options: --help, and no start without both secrets") {
    using seam::demo_shop::ParseOptions;
    auto help = ParseOptions({"--help"}, {});
    REQUIRE(help.ok());
    CHECK(help->help);
    CHECK(seam::demo_shop::UsageText().find("--config FILE") != std::string::npos);

    auto none = ParseOptions({"--port", "0"}, {});
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().id == "seam.demo_shop.secrets");
    auto one = ParseOptions({}, {"SEAM_DEMO_SHOP_API_TOKEN=t"});
    REQUIRE_FALSE(one.ok());
    CHECK(one.error().id == "seam.demo_shop.secrets");
    CHECK(one.error().message.find("signing key") != std::string::npos);

    auto both = ParseOptions({"--port", "0", "--demo-seed", "7", "--today", kToday},
                             {"SEAM_DEMO_SHOP_API_TOKEN=t", "SEAM_DEMO_SHOP_SIGNING_KEY=k"});
    REQUIRE(both.ok());
    CHECK(both->port == 0);
    CHECK(both->demo_seed == 7);
    CHECK(both->api_token == "t");
    CHECK(both->signing_key == "k");
    CHECK(ParseOptions({}, {}).error().id == "seam.demo_shop.secrets");
    CHECK(ParseOptions({"--bogus"}, {}).error().id == "seam.demo_shop.usage");
    CHECK(ParseOptions({"--today", "30/11/2026"}, {}).error().id == "seam.demo_shop.value");

    // The secrets file: owner-only, or refused.
    TempDir dir;
    const std::string file = (dir.path / "shop.json").string();
    std::ofstream(file) << json({{"api_token", "ft"}, {"signing_key", "fk"}}).dump();
    ::chmod(file.c_str(), 0644);
    auto open_file = ParseOptions({"--config", file}, {});
    REQUIRE_FALSE(open_file.ok());
    CHECK(open_file.error().id == "seam.demo_shop.config_mode");
    ::chmod(file.c_str(), 0600);
    auto from_file = ParseOptions({"--config", file}, {"SEAM_DEMO_SHOP_API_TOKEN=env"});
    REQUIRE(from_file.ok());
    CHECK(from_file->api_token == "env");  // the environment wins
    CHECK(from_file->signing_key == "fk");
}

TEST_CASE(
    "demo shop: a return created over http has its label read over http, for its owner only "
    "(GET /v1/returns/{rma}/label, issue 21)") {
    ShopService shop("2026-11-22");  // seamd's test server's business day: the same demo data
    TempDir deploy;
    const std::string config = (deploy.path / "connectors-config.json").string();
    std::ofstream(config)
        << json({{"secrets", {{"DEMO_SHOP_API_TOKEN", kToken}, {"DEMO_SHOP_SIGNING_KEY", kKey}}},
                 {"config", {{"DEMO_SHOP_URL", shop.Url()}}}})
               .dump();
    ::chmod(config.c_str(), 0600);
    TempDir data;
    seam::testing::Server s(data.path.string(), 0, "", false, true, [&](seam::server::Options& o) {
        o.connectors = std::string(SEAM_SOURCE_DIR) + "/assets/connectors/demo-shop";
        o.connectors_config = config;
    });
    REQUIRE(s.ready());
    auto open = [&](const std::string& customer) {
        const auto now = static_cast<std::int64_t>(std::time(nullptr));
        const std::string jwt = seam::identity::SignJwt(
            {{"sub", customer}, {"exp", now + 600}, {"iat", now}},
            seam::testing::Server::SiteKey(seam::api::Auth::kIdentityPurpose));
        seam::testing::Reply r = s.Post("/v1/sessions", {{"identity", {{"token", jwt}}}});
        REQUIRE_MESSAGE(r.status == 201, r.body.dump());
        return r.body;
    };
    const json ana = open("demo-ana");
    const std::string case_id = ana["case"]["id"];
    seam::testing::Reply made =
        s.Post("/v1/cases/" + case_id + "/actions",
               {{"name", "create_return"},
                {"params", {{"order_number", "LW-104198"}, {"reason", "too_small"}}}},
               ana["session_token"]);
    REQUIRE_MESSAGE(made.status == 200, made.body.dump());
    REQUIRE_MESSAGE(made.body["outcome"] == "ok", made.body.dump());
    const std::string rma = made.body["result"]["rma"];
    CHECK(made.body["result"]["label_url"] == "/v1/returns/" + rma + "/label");
    const std::string path = "/v1/returns/" + rma + "/label";

    // Her token, her session, an agent: the label, read from the shop's store.
    seam::testing::Reply hers = s.Get(path, ana["customer_token"]);
    REQUIRE_MESSAGE(hers.status == 200, hers.body.dump());
    CHECK(hers.body["rma"] == rma);
    CHECK(hers.body["label"]["order"] == "LW-104198");
    CHECK(hers.body["label"]["rma"] == rma);
    CHECK(s.Get(path, ana["session_token"]).status == 200);
    seam::testing::Reply agent_login =
        s.Post("/v1/agents/login", {{"login", "sam"}, {"secret", "sam-demo-secret"}});
    REQUIRE(agent_login.status == 200);
    CHECK(s.Get(path, agent_login.body["token"]).body["label"]["order"] == "LW-104198");

    // Another customer, or no such return: the same 404.
    const json lucia = open("demo-lucia");
    seam::testing::Reply other = s.Get(path, lucia["customer_token"]);
    CHECK(other.status == 404);
    CHECK(other.body["error"]["code"] == "seam.api.not_found");
    CHECK(other.body["error"]["message"] == "no return " + rma + " on this account");
    CHECK(s.Get("/v1/returns/RMA-104198-9/label", ana["customer_token"]).status == 404);
    CHECK(s.Get("/v1/returns/LW-104198/label", ana["customer_token"]).status == 404);

    // seamd's own tables never held it: the return and its label are the shop's.
    {
        auto db = seam::store::Db::Open(seam::testing::StoreOf(data.path));
        REQUIRE(db);
        auto q = (*db)->Prepare("SELECT COUNT(*) FROM returns WHERE number = ?");
        REQUIRE(q);
        q->Bind(1, rma);
        REQUIRE(q->Next());
        CHECK(q->Int(0) == 0);
    }
    // 3 reads that found it + Lucía's + the unknown number (the malformed one is refused
    // before any call).
    CHECK(shop.Stats()["executions"]["return_label"] == 5);

    // The shop gone: the business's system did not answer, a 502 (never a 404 that would say
    // the return does not exist).
    shop.shop->Stop();
    if (shop.thread.joinable()) shop.thread.join();
    seam::testing::Reply down = s.Get(path, ana["customer_token"]);
    CHECK(down.status == 502);
    CHECK(down.body["error"]["code"] == "seam.api.upstream");
}
