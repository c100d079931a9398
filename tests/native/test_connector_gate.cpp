// tests/native/test_connector_gate.cpp — the gate of an action routed to an `http` connector
// (issue 21): seamd decides who may ask and the rules whose facts it knows, before any call and
// without the shop's tables; the business's service decides the rest on its data, and its answer
// is the outcome. A seamd with create_return, issue_refund, verify_order, pause_subscription and
// list_orders over http to a loopback "business" that records every request and answers scripted
// JSON. Proves: a verified customer's, a visitor's and an agent's requests carry who asks (the
// signed customer id, actor kind, agent login, case id); a visitor's account action is refused
// with no call; the service's not_verified / refused answers are the flow's words; verify_order
// over http unlocks the order for builtin actions in the case; the audit row holds the gate's
// decision and the call, no secret; seamd starts with all 26 actions over http.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <mutex>
#include <vector>

#include "actions/actions.hpp"
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

const char* kToken = "t0ken-of-the-gate-test";
const char* kKey = "k3y-of-the-gate-test";

struct Session {
    std::string case_id, token;
};

Session OpenAna(const Server& s) {
    Reply r = s.Post("/v1/sessions", {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"], r.body["session_token"]};
}

Session OpenVisitor(const Server& s) {
    Reply r = s.Post("/v1/sessions", json::object());
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"], r.body["session_token"]};
}

std::string AgentToken(const Server& s, const std::string& login) {
    Reply r = s.Post("/v1/agents/login", {{"login", login}, {"secret", login + "-demo-secret"}});
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    return r.body["token"];
}

//! One request as the business's service saw it.
struct Seen {
    std::string method, path, body;
    std::string customer, actor, agent, case_id, idempotency_key;
    bool signed_ok = false;
};

//! The business's service: records every request and answers what the test scripted for
//! "METHOD path" (200 {} when nothing is).
struct Business {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::vector<Seen> seen;
    std::map<std::string, std::pair<int, json>> script;

    Business() {
        auto handle = [this](const httplib::Request& req, httplib::Response& res) {
            Seen s;
            s.method = req.method;
            s.path = req.path;
            s.body = req.body;
            s.customer = req.get_header_value("X-Seam-Customer");
            s.actor = req.get_header_value("X-Seam-Actor");
            s.agent = req.get_header_value("X-Seam-Agent");
            s.case_id = req.get_header_value("X-Seam-Case");
            s.idempotency_key = req.get_header_value("Idempotency-Key");
            const auto method = req.method == "GET" ? seam::connectors::Method::kGet
                                                    : seam::connectors::Method::kPost;
            const std::string expected = seam::identity::HmacSha256Hex(
                kKey, seam::connectors::SigningString(method, "http://x" + req.target,
                                                      s.idempotency_key, req.body));
            s.signed_ok =
                req.get_header_value("Authorization") == std::string("Bearer ") + kToken &&
                seam::identity::ConstantTimeEquals(req.get_header_value("X-Seam-Signature"),
                                                   expected);
            std::pair<int, json> answer{200, json::object()};
            {
                std::lock_guard<std::mutex> guard(mutex);
                seen.push_back(s);
                auto it = script.find(req.method + " " + req.path);
                if (it != script.end()) answer = it->second;
            }
            res.status = answer.first;
            res.set_content(answer.second.dump(), "application/json");
        };
        server.Get(".*", handle);
        server.Post(".*", handle);
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
        for (int i = 0; i < 500 && !server.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        REQUIRE(server.is_running());
    }
    ~Business() {
        server.stop();
        if (thread.joinable()) thread.join();
    }
    void Answer(const std::string& method_path, int status, json body) {
        std::lock_guard<std::mutex> guard(mutex);
        script[method_path] = {status, std::move(body)};
    }
    std::vector<Seen> Requests() {
        std::lock_guard<std::mutex> guard(mutex);
        return seen;
    }
};

//! An http connector the way a business would write one: who asks in headers, signed.
json HttpConnector(const std::string& action, const std::string& method, const std::string& path,
                   json body, json response) {
    json doc = {{"action", action},
                {"kind", "http"},
                {"method", method},
                {"url", "{{config.BIZ_URL}}" + path},
                {"headers",
                 {{"Authorization", "Bearer {{secret.BIZ_TOKEN}}"},
                  {"X-Seam-Customer", "{{customer.id}}"},
                  {"X-Seam-Actor", "{{actor.kind}}"},
                  {"X-Seam-Agent", "{{actor.agent}}"},
                  {"X-Seam-Case", "{{case.id}}"}}},
                {"sign", {{"kind", "hmac_sha256"}, {"secret", "BIZ_KEY"}}},
                {"timeout_ms", 2000},
                {"response", std::move(response)}};
    if (!body.is_null()) doc["body"] = std::move(body);
    return doc;
}

//! A connectors folder with the five actions of these tests over http, and its config file.
struct Deployment {
    TempDir dir;
    std::string connectors, config;
    explicit Deployment(const Business& biz) {
        connectors = (dir.path / "connectors").string();
        std::filesystem::create_directories(connectors);
        const json error = {{"status", "default"}, {"outcome", "error"}};
        Write(HttpConnector(
            "create_return", "POST", "/v1/orders/{{params.order_number}}/returns",
            {{"reason", "{{params.reason}}"}},
            json::array({{{"status", "2xx"},
                          {"outcome", "ok"},
                          {"result",
                           {{"rma", "/rma"},
                            {"label_url", "/label_url"},
                            {"label_fee_note", "/label_fee_note"}}}},
                         {{"status", 404}, {"outcome", "not_found"}},
                         {{"status", 401}, {"outcome", "not_verified"}},
                         {{"status", 409}, {"outcome", "refused"}, {"reason", "/reason"}},
                         error})));
        Write(HttpConnector(
            "issue_refund", "POST", "/v1/orders/{{params.order_number}}/refunds",
            {{"method", "{{params.method}}"}},
            json::array({{{"status", 200},
                          {"outcome", "ok"},
                          {"result", {{"amount", "/amount"}, {"when", "/when"}}}},
                         {{"status", 202},
                          {"outcome", "needs_review"},
                          {"result", {{"amount", "/amount"}, {"limit", "/limit"}}}},
                         {{"status", 401}, {"outcome", "not_verified"}},
                         {{"status", 409}, {"outcome", "refused"}, {"reason", "/reason"}},
                         error})));
        Write(HttpConnector(
            "verify_order", "POST", "/v1/orders/{{params.order_number}}/verify",
            {{"email", "{{params.email}}"}, {"postal_code", "{{params.postal_code}}"}},
            json::array({{{"status", 200},
                          {"outcome", "ok"},
                          {"result", {{"order_number", "/order_number"}}}},
                         {{"status", 409}, {"outcome", "mismatch"}},
                         error})));
        Write(HttpConnector(
            "pause_subscription", "POST", "/v1/subscriptions/coffee_club/pause",
            {{"months", "{{params.months}}"}},
            json::array({{{"status", 200},
                          {"outcome", "ok"},
                          {"result", {{"paused_until", "/paused_until"}}}},
                         {{"status", 401}, {"outcome", "not_verified"}},
                         {{"status", 409}, {"outcome", "refused"}, {"reason", "/reason"}},
                         error})));
        Write(HttpConnector("list_orders", "GET", "/v1/orders", nullptr,
                            json::array({{{"status", 200},
                                          {"outcome", "ok"},
                                          {"result", {{"orders", "/orders"}, {"count", "/count"}}}},
                                         {{"status", 401}, {"outcome", "not_verified"}},
                                         error})));
        config = (dir.path / "connectors-config.json").string();
        std::ofstream(config)
            << json({{"secrets", {{"BIZ_TOKEN", kToken}, {"BIZ_KEY", kKey}}},
                     {"config", {{"BIZ_URL", "http://127.0.0.1:" + std::to_string(biz.port)}}}})
                   .dump();
        ::chmod(config.c_str(), 0600);
    }
    void Write(const json& doc) const {
        std::ofstream(connectors + "/" + doc["action"].get<std::string>() + ".json") << doc.dump(2);
    }
    std::function<void(seam::server::Options&)> Adjust() const {
        return [this](seam::server::Options& o) {
            o.connectors = connectors;
            o.connectors_config = config;
        };
    }
};

json AuditRows(const std::string& data, const std::string& action) {
    auto db = seam::store::Db::Open(seam::testing::StoreOf(data));
    REQUIRE(db);
    auto s = (*db)->Prepare(
        "SELECT actor, target, params, decision, outcome, result FROM audit WHERE action = ? "
        "ORDER BY id");
    REQUIRE(s);
    s->Bind(1, action);
    json rows = json::array();
    while (s->Next()) {
        rows.push_back({{"actor", s->Text(0)},
                        {"target", s->Text(1)},
                        {"params", json::parse(s->Text(2))},
                        {"decision", json::parse(s->Text(3))},
                        {"outcome", s->Text(4)},
                        {"result", json::parse(s->Text(5))}});
    }
    return rows;
}

std::int64_t Count(const std::string& data, const std::string& sql, const std::string& arg) {
    auto db = seam::store::Db::Open(seam::testing::StoreOf(data));
    REQUIRE(db);
    auto s = (*db)->Prepare(sql.c_str());
    REQUIRE(s);
    s->Bind(1, arg);
    return s->Next() ? s->Int(0) : -1;
}

bool HasRule(const json& checks, const std::string& id) {
    for (const json& c : checks)
        if (c.value("rule", "") == id) return true;
    return false;
}

}  // namespace

TEST_CASE(
    "connector gate: a verified customer's return reaches the business signed, as the "
    "customer; the audit holds the gate's decision and the call, no secret") {
    Business biz;
    biz.Answer("POST /v1/orders/LW-104233/returns", 201,
               {{"rma", "RMA-77"},
                {"label_url", "https://biz.example/labels/RMA-77.pdf"},
                {"label_fee_note", "The label is free."}});
    biz.Answer("GET /v1/orders", 200,
               {{"orders", json::array({{{"number", "LW-104233"}, {"label", "LW-104233"}}})},
                {"count", 1}});
    Deployment deploy(biz);
    TempDir data;
    std::string case_id;
    {
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session ana = OpenAna(s);
        case_id = ana.case_id;
        Reply r = s.Post("/v1/cases/" + ana.case_id + "/actions",
                         {{"name", "create_return"},
                          {"params", {{"order_number", "LW-104233"}, {"reason", "too_small"}}}},
                         ana.token, {{"Idempotency-Key", "gate-return-1"}});
        REQUIRE_MESSAGE(r.status == 200, r.body.dump());
        INFO(r.body.dump());
        CHECK(r.body["outcome"] == "ok");
        CHECK(r.body["result"]["rma"] == "RMA-77");
        CHECK(r.body["result"]["label_url"] == "https://biz.example/labels/RMA-77.pdf");
        std::vector<Seen> seen = biz.Requests();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].method == "POST");
        CHECK(seen[0].path == "/v1/orders/LW-104233/returns");
        CHECK(seen[0].customer == "demo-ana");
        CHECK(seen[0].actor == "customer");
        CHECK(seen[0].agent.empty());
        CHECK(seen[0].case_id == ana.case_id);
        CHECK(seen[0].signed_ok);
        CHECK(seen[0].idempotency_key ==
              seam::connectors::IdempotencyKey(ana.case_id, "gate-return-1", "create_return", 0));
        CHECK(json::parse(seen[0].body)["reason"] == "too_small");

        // list_orders over http: the business's list is what the flow gets.
        Reply list =
            s.Post("/v1/cases/" + ana.case_id + "/actions",
                   {{"name", "list_orders"}, {"params", {{"purpose", "return"}}}}, ana.token);
        CHECK(list.body["outcome"] == "ok");
        CHECK(list.body["result"]["count"] == 1);
        CHECK(list.body["result"]["orders"][0]["number"] == "LW-104233");
        CHECK(biz.Requests().size() == 2);
        CHECK(biz.Requests()[1].method == "GET");

        // The business does not know the order: the flow gets lookup's words for not_found.
        biz.Answer("POST /v1/orders/LW-999999/returns", 404, json::object());
        Reply unknown =
            s.Post("/v1/cases/" + ana.case_id + "/actions",
                   {{"name", "create_return"},
                    {"params", {{"order_number", "LW-999999"}, {"reason", "too_small"}}}},
                   ana.token);
        CHECK(unknown.body["outcome"] == "not_found");
        CHECK(unknown.body["result"]["reason"] == "I can't find order LW-999999.");
    }
    // Nothing of the return in seamd's own shop tables: the business keeps it.
    CHECK(Count(data.path.string(),
                "SELECT COUNT(*) FROM returns r JOIN orders o ON o.id = r.order_id WHERE "
                "o.number = ? AND r.created_at > 1700000000000",
                "LW-104233") == 0);
    json rows = AuditRows(data.path.string(), "create_return");
    REQUIRE(rows.size() == 2);
    const json& row = rows[0];
    INFO(row.dump());
    CHECK(row["actor"] == "customer:demo-ana");
    CHECK(row["target"] == "LW-104233");
    CHECK(row["outcome"] == "ok");
    CHECK(row["result"]["rma"] == "RMA-77");
    const json& decision = row["decision"];
    // The gate decided the identity, and left the return policy to the business.
    CHECK(decision["verdict"] == "allow");
    CHECK(HasRule(decision["checks"], "verified_identity"));
    CHECK_FALSE(HasRule(decision["checks"], "return_window_30_days"));
    CHECK(decision["actor"] == "customer");
    const json& business = decision["business_rules"];
    CHECK(std::find(business.begin(), business.end(), "return_window_30_days") != business.end());
    CHECK(std::find(business.begin(), business.end(), "owns_order") != business.end());
    // The call, secrets as their templates.
    const json& call = decision["call"];
    CHECK(call["status"] == 201);
    CHECK(call["outcome"] == "ok");
    CHECK(call["headers"]["Authorization"] == "Bearer {{secret.BIZ_TOKEN}}");
    CHECK(rows.dump().find(kToken) == std::string::npos);
    CHECK(rows.dump().find(kKey) == std::string::npos);
}

TEST_CASE("connector gate: a visitor's pause_subscription is not_verified with no call") {
    Business biz;
    Deployment deploy(biz);
    TempDir data;
    {
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session visitor = OpenVisitor(s);
        for (const char* name : {"pause_subscription", "list_orders"}) {
            INFO(name);
            const json params =
                std::string(name) == "list_orders" ? json::object() : json({{"months", 2}});
            Reply r = s.Post("/v1/cases/" + visitor.case_id + "/actions",
                             {{"name", name}, {"params", params}}, visitor.token);
            REQUIRE_MESSAGE(r.status == 200, r.body.dump());
            CHECK(r.body["outcome"] == "not_verified");
            CHECK(r.body["result"]["reason"].get<std::string>().find("sign in") !=
                  std::string::npos);
        }
        CHECK(biz.Requests().empty());
    }
    // Recorded as the builtin records it: the verified_identity refusal, no call.
    json rows = AuditRows(data.path.string(), "pause_subscription");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["outcome"] == "not_verified");
    CHECK(rows[0]["decision"]["verdict"] == "refuse");
    CHECK_FALSE(rows[0]["decision"].contains("call"));
}

TEST_CASE(
    "connector gate: a visitor's return reaches the business as a visitor with the case; its "
    "not_verified is the flow's, verify_order over http unlocks the order") {
    Business biz;
    biz.Answer("POST /v1/orders/LW-104233/returns", 401, {{"error", "not_verified"}});
    biz.Answer("POST /v1/orders/LW-104233/verify", 200, {{"order_number", "LW-104233"}});
    Deployment deploy(biz);
    TempDir data;
    std::string case_id;
    {
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session visitor = OpenVisitor(s);
        case_id = visitor.case_id;
        const std::string turns = "/v1/cases/" + visitor.case_id + "/turns";
        Reply turn = s.Post(turns, {{"text", "I want to return order LW-104233, it's too small"}},
                            visitor.token);
        REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
        if (turn.body["actions"].empty()) {  // the flow asked for the reason
            turn = s.Post(turns, {{"text", "too small"}}, visitor.token);
            REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
        }
        INFO(turn.body.dump());
        REQUIRE(turn.body["actions"].size() >= 1);
        CHECK(turn.body["actions"][0]["name"] == "create_return");
        CHECK(turn.body["actions"][0]["outcome"] == "not_verified");
        // The flow's not_verified step: it asks for the order's email.
        CHECK(SaidText(turn.body).find("email address on LW-104233") != std::string::npos);
        std::vector<Seen> seen = biz.Requests();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].actor == "visitor");
        CHECK(seen[0].customer.empty());
        CHECK(seen[0].case_id == visitor.case_id);
        CHECK(seen[0].signed_ok);

        // The email: verify_order over http, then the return again (the business now honours
        // the case's unlock).
        biz.Answer("POST /v1/orders/LW-104233/returns", 201,
                   {{"rma", "RMA-78"}, {"label_url", "https://biz.example/labels/RMA-78.pdf"}});
        turn = s.Post(turns, {{"text", "ana@example.com"}}, visitor.token);
        REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
        INFO(turn.body.dump());
        REQUIRE(turn.body["actions"].size() == 3);
        CHECK(turn.body["actions"][0]["name"] == "verify_order");
        CHECK(turn.body["actions"][0]["outcome"] == "ok");
        CHECK(turn.body["actions"][1]["name"] == "create_return");
        CHECK(turn.body["actions"][1]["outcome"] == "ok");
        // find_exchange is builtin here (a mixed deployment): it reads the unlock seamd
        // recorded from verify_order's answer, and offers the next size.
        CHECK(turn.body["actions"][2]["name"] == "find_exchange");
        CHECK(turn.body["actions"][2]["outcome"] == "ok");
        CHECK(SaidText(turn.body).find("RMA-78.pdf") != std::string::npos);
        seen = biz.Requests();
        REQUIRE(seen.size() == 3);
        CHECK(seen[1].path == "/v1/orders/LW-104233/verify");
        CHECK(json::parse(seen[1].body)["email"] == "ana@example.com");
        CHECK(seen[2].actor == "visitor");

        // So does lookup_order, builtin too.
        Reply lookup = s.Post(
            "/v1/cases/" + visitor.case_id + "/actions",
            {{"name", "lookup_order"}, {"params", {{"order_number", "LW-104233"}}}}, visitor.token);
        CHECK(lookup.body["outcome"] == "ok");
    }
    CHECK(Count(data.path.string(), "SELECT COUNT(*) FROM case_unlocked_orders WHERE case_id = ?",
                case_id) == 1);
    // verify_order's audit row keeps what was typed masked, the call's body included.
    json rows = AuditRows(data.path.string(), "verify_order");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["params"]["email"] == "a***@example.com");
    CHECK(rows.dump().find("ana@example.com") == std::string::npos);
    CHECK(rows[0]["decision"]["actor"] == "visitor");
    // The visitor's return: the gate left the identity to the business (the case's unlock).
    json returns = AuditRows(data.path.string(), "create_return");
    REQUIRE(returns.size() == 2);
    CHECK(returns[0]["outcome"] == "not_verified");
    CHECK(returns[0]["decision"]["call"]["status"] == 401);
    const json& business = returns[0]["decision"]["business_rules"];
    CHECK(std::find(business.begin(), business.end(), "verified_identity") != business.end());
}

TEST_CASE("connector gate: a refused answer with its reason is the flow's refused words") {
    Business biz;
    biz.Answer("POST /v1/orders/LW-104233/returns", 409,
               {{"state", "refused"}, {"reason", "that order was delivered 45 days ago."}});
    Deployment deploy(biz);
    TempDir data;
    Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
    REQUIRE(s.ready());
    Session ana = OpenAna(s);
    const std::string turns = "/v1/cases/" + ana.case_id + "/turns";
    Reply turn =
        s.Post(turns, {{"text", "I want to return order LW-104233, it's too small"}}, ana.token);
    REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
    if (turn.body["actions"].empty()) {
        turn = s.Post(turns, {{"text", "too small"}}, ana.token);
        REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
    }
    INFO(turn.body.dump());
    REQUIRE(turn.body["actions"].size() >= 1);
    CHECK(turn.body["actions"][0]["name"] == "create_return");
    CHECK(turn.body["actions"][0]["outcome"] == "refused");
    CHECK(SaidText(turn.body).find(
              "I can't do that automatically: that order was delivered 45 days ago.") !=
          std::string::npos);
    REQUIRE(biz.Requests().size() == 1);
    CHECK(biz.Requests()[0].actor == "customer");

    // The action API says the same.
    Reply r = s.Post("/v1/cases/" + ana.case_id + "/actions",
                     {{"name", "issue_refund"},
                      {"params", {{"order_number", "LW-104233"}, {"method", "store_credit"}}}},
                     ana.token);
    CHECK(r.body["outcome"] == "ok");  // the service's default answer: 200 {}
    biz.Answer("POST /v1/orders/LW-104233/refunds", 409,
               {{"reason", "a refund was already issued for this order."}});
    r = s.Post("/v1/cases/" + ana.case_id + "/actions",
               {{"name", "issue_refund"},
                {"params", {{"order_number", "LW-104233"}, {"method", "original_payment"}}}},
               ana.token);
    CHECK(r.body["outcome"] == "refused");
    CHECK(r.body["result"]["reason"] == "a refund was already issued for this order.");
}

TEST_CASE("connector gate: an agent's action goes as the agent, with the agent's login") {
    Business biz;
    biz.Answer("POST /v1/subscriptions/coffee_club/pause", 200, {{"paused_until", "2027-02-22"}});
    Deployment deploy(biz);
    TempDir data;
    {
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session ana = OpenAna(s);
        const std::string maya = AgentToken(s, "maya");
        Reply r = s.Post("/v1/cases/" + ana.case_id + "/actions",
                         {{"name", "pause_subscription"}, {"params", {{"months", 3}}}}, maya);
        REQUIRE_MESSAGE(r.status == 200, r.body.dump());
        CHECK(r.body["outcome"] == "ok");
        CHECK(r.body["result"]["paused_until"] == "2027-02-22");
        std::vector<Seen> seen = biz.Requests();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].actor == "agent");
        CHECK(seen[0].agent == "maya");
        CHECK(seen[0].customer == "demo-ana");  // the case's customer
        CHECK(json::parse(seen[0].body)["months"] == 3);
        // A visitor's case: an agent may still ask (the business decides on its data).
        Session visitor = OpenVisitor(s);
        Reply v = s.Post("/v1/cases/" + visitor.case_id + "/actions",
                         {{"name", "pause_subscription"}, {"params", {{"months", 1}}}}, maya);
        CHECK(v.body["outcome"] == "ok");
        REQUIRE(biz.Requests().size() == 2);
        CHECK(biz.Requests()[1].actor == "agent");
        CHECK(biz.Requests()[1].customer.empty());
    }
    json rows = AuditRows(data.path.string(), "pause_subscription");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["actor"] == "agent:maya");
    CHECK(rows[0]["decision"]["actor"] == "agent");
}

TEST_CASE("connector gate: seamd starts with all 26 actions over http, refuses a second file") {
    Business biz;
    Deployment deploy(biz);  // for its config file
    TempDir all;
    const std::string dir = (all.path / "connectors").string();
    std::filesystem::create_directories(dir);
    const std::vector<std::string>& names = seam::actions::Runner::Names();
    CHECK(names.size() == 26);
    for (const std::string& name : names) {
        CHECK(seam::actions::Runner::Routable(name));
        std::ofstream(dir + "/" + name + ".json")
            << HttpConnector(name, "POST", "/v1/actions/" + name, json::object(),
                             json::array({{{"status", "default"}, {"outcome", "error"}}}))
                   .dump();
    }
    TempDir first, second;
    auto open = [&](const TempDir& data) {
        seam::server::Options o;
        o.demo = true;
        o.data = data.path.string();
        o.assets = std::string(SEAM_SOURCE_DIR) + "/assets";
        o.today = "2026-11-22";
        o.site_secret = Server::kSiteSecret;
        o.connectors = dir;
        o.connectors_config = deploy.config;
        return seam::server::App::Open(o);
    };
    {
        auto app = open(first);
        REQUIRE_MESSAGE(app, app.error().message);
        CHECK((*app)->startup_notes.find("over http (26 of 26)") != std::string::npos);
    }
    std::ofstream(dir + "/create_return_again.json")
        << HttpConnector("create_return", "POST", "/v1/again", json::object(),
                         json::array({{{"status", "default"}, {"outcome", "error"}}}))
               .dump();
    auto refused = open(second);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().id == "seam.server.connectors");
    CHECK(refused.error().message.find("a second connector for 'create_return'") !=
          std::string::npos);
}

TEST_CASE(
    "connector gate: seamd keeps its own records from the answer: opt-outs, retention offers, "
    "recommendations shown") {
    Business biz;
    biz.Answer("POST /v1/retention", 200,
               {{"offers", json::array({{{"offer", "pause"}, {"rec", "BIZ-REC-1"}},
                                        {{"offer", "downgrade"}, {"rec", "BIZ-REC-2"}}})}});
    biz.Answer("POST /v1/recommendations", 200,
               {{"recommendations", json::array({{{"rec", "BIZ-REC-3"}, {"sku", "SKU-A"}},
                                                 {{"rec", "BIZ-REC-4"}, {"sku", "SKU-B"}}})},
                {"count", 2}});
    Deployment deploy(biz);
    const json error = {{"status", "default"}, {"outcome", "error"}};
    deploy.Write(HttpConnector("opt_out_proactive", "POST", "/v1/opt-outs",
                               {{"topic", "{{params.topic}}"}},
                               json::array({{{"status", 200}, {"outcome", "ok"}}, error})));
    deploy.Write(HttpConnector(
        "retention_offer", "POST", "/v1/retention", {{"choice", "{{params.choice}}"}},
        json::array(
            {{{"status", 200}, {"outcome", "ok"}, {"result", {{"offers", "/offers"}}}}, error})));
    deploy.Write(HttpConnector(
        "recommend", "POST", "/v1/recommendations", {{"context", "{{params.context}}"}},
        json::array({{{"status", 200},
                      {"outcome", "ok"},
                      {"result", {{"recommendations", "/recommendations"}, {"count", "/count"}}}},
                     error})));
    TempDir data;
    std::string case_id;
    {
        Server s(data.path.string(), 0, "", false, true, deploy.Adjust());
        REQUIRE(s.ready());
        Session ana = OpenAna(s);
        case_id = ana.case_id;
        auto act = [&](const std::string& name, const json& params) {
            Reply r = s.Post("/v1/cases/" + ana.case_id + "/actions",
                             {{"name", name}, {"params", params}}, ana.token);
            REQUIRE_MESSAGE(r.status == 200, r.body.dump());
            return r.body;
        };
        CHECK(act("opt_out_proactive", {{"topic", "win_back"}})["outcome"] == "ok");
        CHECK(act("retention_offer",
                  {{"subscription", "coffee_club"}, {"choice", "pause"}})["outcome"] == "ok");
        CHECK(act("recommend", {{"context", "win_back"}})["outcome"] == "ok");
        CHECK(biz.Requests().size() == 3);
    }
    const std::string d = data.path.string();
    CHECK(Count(d, "SELECT COUNT(*) FROM proactive_opt_outs WHERE case_id = ?", case_id) == 1);
    // The events' data, read in C++ (the same on both engines).
    auto events = [&](const char* kind, const json& fields) {
        auto db = seam::store::Db::Open(seam::testing::StoreOf(d));
        REQUIRE(db);
        auto q = (*db)->Prepare("SELECT data FROM events WHERE case_id = ? AND kind = ?");
        REQUIRE(q);
        q->Bind(1, case_id).Bind(2, kind);
        int n = 0;
        while (q->Next()) {
            const json held = json::parse(q->Text(0));
            bool all = true;
            for (const auto& [key, value] : fields.items())
                all = all && held.contains(key) && held[key] == value;
            n += all ? 1 : 0;
        }
        return n;
    };
    CHECK(events("retention_offer", {{"accepted", true}, {"offer", "pause"}}) == 1);
    CHECK(events("retention_offer", json::object()) == 2);
    CHECK(events("recommendation", {{"action", "shown"}}) == 4);  // two offers, two win-back picks
    CHECK(events("recommendation", {{"action", "clicked"}, {"rec", "BIZ-REC-1"}}) == 1);
    CHECK(events("recommendation", {{"sku", "SKU-B"}, {"context", "win_back"}}) == 1);
}
