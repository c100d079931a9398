// tests/unit/connectors/test_connector.cpp — connectors as data (issue 21): parse errors at their
// pointer, the templates rendered (and refused when a placeholder is unknown), responses mapped to
// the action's outcomes, and the checker on the shipped connectors and on broken ones. The broken
// fixture files of tests/connectors/broken/ are run through `seam check` by tests/flows/check.mjs;
// the worked example of native/README.md is checked here.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "../support/files.hpp"
#include "seam/connectors/connector.hpp"
#include "seam/core/json_read.hpp"
#include "seam/flow/registry.hpp"
#include "seam/policy/rules.hpp"

using nlohmann::json;
using seam::connectors::CheckConnectors;
using seam::connectors::Connector;
using seam::connectors::Failure;
using seam::connectors::MapFailure;
using seam::connectors::Mapped;
using seam::connectors::MapResponse;
using seam::connectors::Method;
using seam::connectors::ParseConnector;
using seam::connectors::Render;
using seam::connectors::SigningString;

namespace {

// The demo shop's return, the shape of assets/connectors/examples/create_return.json.
json ReturnDoc() {
    return json::parse(R"({
      "action": "create_return", "kind": "http", "method": "POST",
      "url": "{{config.SHOP}}/v1/orders/{{params.order_number}}/returns",
      "headers": {"Authorization": "Bearer {{secret.TOKEN}}", "X-Customer": "{{customer.id}}"},
      "body": {"order": "{{params.order_number}}", "reason": "{{params.reason}}",
               "qty": "{{facts.qty}}", "note": "case {{case.id}} for {{customer.id}}",
               "tags": ["seam", "{{params.reason}}"]},
      "timeout_ms": 2000,
      "idempotency_key": "honoured",
      "retry": {"max_attempts": 3, "backoff_ms": 100, "on": ["connect", "timeout", "5xx"]},
      "sign": {"kind": "hmac_sha256", "secret": "SIGNING"},
      "response": [
        {"status": "2xx", "outcome": "ok", "result": {"rma": "/rma", "label_url": "/label/url"}},
        {"status": 404, "outcome": "not_found"},
        {"status": [409, 422], "when": {"pointer": "/state", "equals": "refused"},
         "outcome": "refused", "reason": "/reason"},
        {"status": 403, "outcome": "refused", "reason": "not_yours"},
        {"status": "default", "outcome": "error"}],
      "on_timeout": "error", "on_malformed": "error"})");
}

Connector Parsed(const json& doc) {
    auto c = ParseConnector(doc);
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? std::string() : c.error().message));
    return *c;
}

std::string ParseError(const json& doc) {
    auto c = ParseConnector(doc);
    return c ? std::string("(parsed)") : c.error().message;
}

seam::flow::Registry DemoRegistry() {
    std::vector<seam::flow::Diagnostic> problems;
    seam::flow::Registry r = seam::flow::ParseRegistry(
        seam::testing::ReadFile(seam::testing::SourcePath("assets/flows/actions.json")),
        "actions.json", problems);
    REQUIRE(problems.empty());
    return r;
}

// Checks one document as a file named x.json; the diagnostics' ids and pointers.
std::vector<std::string> Check(const json& doc,
                               const std::set<std::string>& secrets = {"TOKEN", "SIGNING"}) {
    std::vector<seam::flow::Diagnostic> out;
    CheckConnectors({{"x.json", doc.dump()}}, DemoRegistry(), secrets, out);
    std::vector<std::string> ids;
    for (const auto& d : out)
        ids.push_back(d.id + " " + d.pointer + " " + d.message);
    return ids;
}

}  // namespace

TEST_CASE("connector: a builtin connector is its action and nothing more") {
    Connector c = Parsed(json::parse(R"({"action": "lookup_order", "kind": "builtin"})"));
    CHECK(c.kind == seam::connectors::Kind::kBuiltin);
    CHECK(c.action == "lookup_order");
    CHECK(ParseError(
              json::parse(R"({"action": "lookup_order", "kind": "builtin", "url": "http://x"})")) ==
          "[seam.connector.schema] /url: unknown field");
}

TEST_CASE("connector: an http connector parses whole") {
    Connector c = Parsed(ReturnDoc());
    CHECK(c.method == Method::kPost);
    CHECK(c.timeout_ms == 2000);
    CHECK(c.retry.max_attempts == 3);
    CHECK(c.retry.on.count(Failure::kTimeout) == 1);
    CHECK(c.idempotency_key_honoured);
    CHECK(c.sign.kind == seam::connectors::SignKind::kHmacSha256);
    CHECK(c.sign.header == "X-Seam-Signature");
    REQUIRE(c.response.size() == 5);
    CHECK(c.response[2].status.Covers(422));
    CHECK_FALSE(c.response[2].status.Covers(400));
    CHECK(c.response[0].status.Covers(204));
    CHECK(c.on_network_error == "error");  // the default
}

TEST_CASE("connector: parse errors name the JSON pointer") {
    const std::map<std::string, std::string> cases = {
        {R"([1])", "[seam.connector.schema] /: expected a connector object, got an array"},
        {R"({"kind": "builtin"})",
         "[seam.connector.schema] /action: missing (the action this file connects)"},
        {R"({"action": "lookup_order", "kind": "ftp"})",
         "[seam.connector.schema] /kind: expected \"builtin\" or \"http\""},
        {R"({"action": "lookup_order", "kind": "http", "method": "FETCH", "url": "http://x", "response": []})",
         "[seam.connector.schema] /method: expected GET, HEAD, POST, PUT, PATCH or DELETE"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "ftp://x", "response": []})",
         "[seam.connector.schema] /url: expected an http(s):// URL or one starting with "
         "{{config.NAME}}"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x/{{params.order_number", "response": []})",
         "[seam.connector.schema] /url: a \"{{\" with no \"}}\""},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "response": []})",
         "[seam.connector.schema] /response: expected a non-empty list of rules"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "response": [{"status": "2xx", "outcome": "ok"}, {"status": 700, "outcome": "error"}]})",
         "[seam.connector.schema] /response/1/status: expected an integer from 100 to 599, got "
         "700"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "response": [{"status": "2yy", "outcome": "ok"}]})",
         "[seam.connector.schema] /response/0/status: expected a status (200), a class (\"2xx\"), "
         "a list of them, or \"default\""},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "response": [{"status": 200, "outcome": "ok", "result": {"eta": "eta"}}]})",
         "[seam.connector.schema] /response/0/result/eta: expected a JSON pointer "
         "(\"/order/status\"), got \"eta\""},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "response": [{"status": 200, "outcome": "ok", "when": {"pointer": "/a"}}]})",
         "[seam.connector.schema] /response/0/when: expected exactly one of \"equals\" and "
         "\"exists\""},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "body": {}, "response": [{"status": 200, "outcome": "ok"}]})",
         "[seam.connector.schema] /body: a GET has no body"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "retry": {"max_attempts": 9}, "response": [{"status": 200, "outcome": "ok"}]})",
         "[seam.connector.schema] /retry/max_attempts: expected an integer from 1 to 5, got 9"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "retry": {"max_attempts": 2, "on": ["always"]}, "response": [{"status": 200, "outcome": "ok"}]})",
         "[seam.connector.schema] /retry/on/0: expected one of \"connect\", \"timeout\", "
         "\"network_error\", \"5xx\", \"429\""},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "headers": {"Idempotency-Key": "1"}, "response": [{"status": 200, "outcome": "ok"}]})",
         "[seam.connector.schema] /headers/Idempotency-Key: set by Seam itself"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "sign": {"kind": "bearer"}, "response": [{"status": 200, "outcome": "ok"}]})",
         "[seam.connector.schema] /sign/secret: missing (the secret's NAME)"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "timeout_ms": 0, "response": [{"status": 200, "outcome": "ok"}]})",
         "[seam.connector.schema] /timeout_ms: expected an integer from 1 to 60000, got 0"},
        {R"({"action": "lookup_order", "kind": "http", "method": "GET", "url": "http://x", "retyr": {}, "response": [{"status": 200, "outcome": "ok"}]})",
         "[seam.connector.schema] /retyr: unknown field"},
    };
    for (const auto& entry : cases) {  // not a structured binding: clang cannot capture one
        const std::string& text = entry.first;
        CAPTURE(text);
        CHECK(ParseError(json::parse(text)) == entry.second);
    }
}

TEST_CASE("connector: Render fills url, headers and body; a lone placeholder keeps its JSON type") {
    Connector c = Parsed(ReturnDoc());
    const json values = json::parse(R"({
      "params": {"order_number": "LW-104233", "reason": "too small"},
      "facts": {"qty": 2}, "case": {"id": "c-1"}, "customer": {"id": "cust 7"},
      "config": {"SHOP": "https://shop.example"}, "secret": {"TOKEN": "t0k"}})");
    auto r = Render(c, values);
    REQUIRE(r.ok());
    CHECK(r->url == "https://shop.example/v1/orders/LW-104233/returns");
    CHECK(r->headers.at("Authorization") == "Bearer t0k");
    CHECK(r->headers.at("X-Customer") == "cust 7");
    CHECK(r->audit_headers.at("Authorization") == "Bearer {{secret.TOKEN}}");  // never the value
    CHECK(r->audit_headers.at("X-Customer") == "cust 7");
    CHECK(r->body == json::parse(R"({"order": "LW-104233", "reason": "too small", "qty": 2,
      "note": "case c-1 for cust 7", "tags": ["seam", "too small"]})"));
    CHECK(r->body_text == r->body.dump());

    // Who asks: actor.kind and actor.agent, in the url, headers and body.
    json by_agent = ReturnDoc();
    by_agent["headers"]["X-Actor"] = "{{actor.kind}}";
    by_agent["body"]["agent"] = "{{actor.agent}}";
    json agent_values = values;
    agent_values["actor"] = {{"kind", "agent"}, {"agent", "maya"}};
    auto agent = Render(Parsed(by_agent), agent_values);
    REQUIRE(agent.ok());
    CHECK(agent->headers.at("X-Actor") == "agent");
    CHECK(agent->body["agent"] == "maya");

    // URL values are percent-encoded (config.* is not: a base URL goes in as written).
    json odd = values;
    odd["params"]["order_number"] = "a/b c?";
    auto encoded = Render(c, odd);
    REQUIRE(encoded.ok());
    CHECK(encoded->url == "https://shop.example/v1/orders/a%2Fb%20c%3F/returns");

    // A missing optional parameter alone in a body string is null; anything else missing is an
    // error naming the placeholder.
    json no_reason = values;
    no_reason["params"].erase("reason");
    auto optional = Render(c, no_reason);
    REQUIRE(optional.ok());
    CHECK(optional->body["reason"].is_null());
    CHECK(optional->body["tags"] == json::parse(R"(["seam", null])"));
    json no_case = values;
    no_case.erase("case");
    auto missing = Render(c, no_case);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message ==
          "[seam.connector.render] /body/note: {{case.id}} has no value");
}

TEST_CASE(
    "connector: Render refuses unknown placeholders, misplaced secrets and header line breaks") {
    json doc = ReturnDoc();
    const json values =
        json::parse(R"({"params": {"order_number": "1", "reason": "x"}, "facts": {"qty": 1},
      "case": {"id": "c"}, "customer": {"id": "u"}, "config": {"SHOP": "http://s"}, "secret": {"TOKEN": "t\r\nX: y"}})");
    auto injected = Render(Parsed(doc), values);
    REQUIRE_FALSE(injected.ok());
    CHECK(injected.error().message ==
          "[seam.connector.render] /headers/Authorization: a value with a line break");

    json clean = values;
    clean["secret"]["TOKEN"] = "t";
    REQUIRE(Render(Parsed(doc), clean).ok());
    doc["body"]["who"] = "{{agent.name}}";
    auto unknown = Render(Parsed(doc), clean);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message ==
          "[seam.connector.render] /body/who: {{agent.name}} is not a known placeholder");

    doc = ReturnDoc();
    doc["url"] = "http://s/{{secret.TOKEN}}";
    auto in_url = Render(Parsed(doc), clean);
    REQUIRE_FALSE(in_url.ok());
    CHECK(in_url.error().message ==
          "[seam.connector.render] /url: {{secret.TOKEN}} is not allowed in the url");
}

TEST_CASE("connector: the signing string binds method, path, key and body") {
    CHECK(SigningString(Method::kPost, "https://shop.example/v1/returns?x=1", "case-1:step-2",
                        "{}") == "POST\n/v1/returns?x=1\ncase-1:step-2\n{}");
    CHECK(SigningString(Method::kGet, "https://shop.example", "k", "") == "GET\n/\nk\n");
}

TEST_CASE("connector: responses map to outcomes, reasons and result fields") {
    Connector c = Parsed(ReturnDoc());
    Mapped ok = MapResponse(c, 201, R"({"rma": "R-9", "label": {"url": "/l/R-9"}})");
    CHECK(ok.outcome == "ok");
    CHECK(ok.rule == 0);
    CHECK(ok.result == json::parse(R"({"rma": "R-9", "label_url": "/l/R-9"})"));
    CHECK(ok.missing.empty());

    Mapped partial = MapResponse(c, 200, R"({"rma": "R-9"})");
    CHECK(partial.outcome == "ok");
    CHECK(partial.missing == std::vector<std::string>{"label_url"});

    CHECK(MapResponse(c, 404, "<html>not here</html>").outcome == "not_found");  // no body needed

    Mapped refused = MapResponse(c, 422, R"({"state": "refused", "reason": "final sale"})");
    CHECK(refused.outcome == "refused");
    CHECK(refused.reason == "final sale");
    CHECK(refused.rule == 2);

    // The `when` does not hold: the next rules decide (here the default).
    CHECK(MapResponse(c, 422, R"({"state": "invalid"})").outcome == "error");
    CHECK(MapResponse(c, 403, "").reason == "not_yours");  // a literal reason
    CHECK(MapResponse(c, 500, R"({"error": "boom"})").outcome == "error");
    CHECK(MapResponse(c, 302, "").outcome == "error");  // the default rule

    // A rule that reads the body, with a body that is not JSON: on_malformed.
    json doc = ReturnDoc();
    doc["on_malformed"] = "needs_review";
    Connector m = Parsed(doc);
    Mapped malformed = MapResponse(m, 200, "{\"rma\": ");
    CHECK(malformed.outcome == "needs_review");
    CHECK(malformed.rule == 0);
    CHECK(MapResponse(m, 99, "").outcome == "needs_review");
}

TEST_CASE("connector: a call with no response maps to on_timeout / on_network_error") {
    json doc = ReturnDoc();
    doc["on_timeout"] = "needs_review";
    Connector c = Parsed(doc);
    CHECK(MapFailure(c, Failure::kTimeout).outcome == "needs_review");
    CHECK(MapFailure(c, Failure::kNetworkError).outcome == "error");
    CHECK(MapFailure(c, Failure::kConnect).outcome == "error");
    CHECK(MapFailure(c, Failure::kTimeout).rule == -1);
}

TEST_CASE("connector: JSON pointers resolve totally") {
    const json doc = json::parse(R"({"a": [10, {"b/c": 1, "m~n": 2}], "": 3})");
    using seam::connectors::ResolvePointer;
    REQUIRE(ResolvePointer(doc, "/a/1/b~1c") != nullptr);
    CHECK(*ResolvePointer(doc, "/a/1/b~1c") == 1);
    CHECK(*ResolvePointer(doc, "/a/1/m~0n") == 2);
    CHECK(*ResolvePointer(doc, "/a/0") == 10);
    CHECK(*ResolvePointer(doc, "/") == 3);
    CHECK(ResolvePointer(doc, "") == &doc);
    CHECK(ResolvePointer(doc, "/a/01") == nullptr);
    CHECK(ResolvePointer(doc, "/a/2") == nullptr);
    CHECK(ResolvePointer(doc, "/a/-") == nullptr);
    CHECK(ResolvePointer(doc, "/a/0/x") == nullptr);
    CHECK(ResolvePointer(doc, "a") == nullptr);
    CHECK(ResolvePointer(doc, "/~2") == nullptr);
}

TEST_CASE("connector check: a good http connector passes") {
    CHECK(Check(ReturnDoc()) == std::vector<std::string>{});
}

TEST_CASE("connector check: each problem with its id and pointer") {
    json doc = ReturnDoc();
    doc["action"] = "teleport_parcel";
    CHECK(Check(doc) ==
          std::vector<std::string>{"seam.connector.unknown_action /action action "
                                   "\"teleport_parcel\" is not declared in the actions file"});

    CHECK(Check(ReturnDoc(), {"SIGNING"}) ==
          std::vector<std::string>{"seam.connector.secret_missing /headers/Authorization secret "
                                   "\"TOKEN\" is not declared in "
                                   "secrets.json (the names a deployment must provide)"});

    doc = ReturnDoc();
    doc["headers"]["Authorization"] = "Bearer {{secret.}}";
    CHECK(Check(doc) ==
          std::vector<std::string>{
              "seam.connector.secret_missing /headers/Authorization a secret with no NAME"});

    doc = ReturnDoc();
    doc["headers"]["X-Api-Key"] = "abc123";
    CHECK(Check(doc) == std::vector<std::string>{
                            "seam.connector.literal_secret /headers/X-Api-Key header \"X-Api-Key\" "
                            "carries a credential "
                            "written in the file; use {{secret.NAME}} (declared in secrets.json)"});

    doc = ReturnDoc();
    doc["response"].erase(4);  // no default
    doc["response"][0]["status"] = 200;
    CHECK(Check(doc) ==
          std::vector<std::string>{"seam.connector.unmapped_status /response statuses 100-199, "
                                   "201-402, 405-599 have no outcome "
                                   "(add a \"default\" rule or cover them)"});

    doc = ReturnDoc();
    doc["response"][1]["outcome"] = "gone";
    doc["on_timeout"] = "later";
    CHECK(Check(doc) ==
          std::vector<std::string>{
              "seam.connector.outcome_unknown /response/1/outcome action \"create_return\" has no "
              "outcome "
              "\"gone\" (it declares error, not_found, not_verified, ok, refused)",
              "seam.connector.outcome_unknown /on_timeout action \"create_return\" has no outcome "
              "\"later\" (it declares error, not_found, not_verified, ok, refused)"});

    doc = ReturnDoc();
    doc.erase("idempotency_key");
    CHECK(Check(doc) ==
          std::vector<std::string>{
              "seam.connector.retry_unsafe /retry/on a POST retried on timeout, 5xx may execute "
              "twice: "
              "retry only \"connect\", or state \"idempotency_key\": \"honoured\" if the endpoint "
              "executes each Idempotency-Key once"});
    doc["retry"]["on"] = json::array({"connect"});  // nothing was sent: always safe
    CHECK(Check(doc) == std::vector<std::string>{});
    doc["method"] = "PUT";  // idempotent by definition
    doc["retry"]["on"] = json::array({"timeout", "5xx"});
    CHECK(Check(doc) == std::vector<std::string>{});

    doc = ReturnDoc();
    doc["body"]["size"] = "{{params.size}}";
    doc["body"]["key"] = "{{secret.TOKEN}}";
    CHECK(Check(doc) == std::vector<std::string>{"seam.connector.bad_placeholder /body/key a "
                                                 "secret in the body would be logged; secrets go "
                                                 "in headers or sign only",
                                                 "seam.connector.bad_placeholder /body/size action "
                                                 "\"create_return\" has no parameter \"size\""});

    doc = ReturnDoc();
    doc["headers"]["X-Actor"] = "{{actor.kind}}";
    doc["body"]["agent"] = "{{actor.agent}}";
    CHECK(Check(doc) == std::vector<std::string>{});
    doc["headers"]["X-Locale"] = "{{case.locale}}";
    CHECK(Check(doc) == std::vector<std::string>{});
    doc["headers"]["X-Channel"] = "{{case.channel}}";
    CHECK(Check(doc) ==
          std::vector<std::string>{"seam.connector.bad_placeholder /headers/X-Channel "
                                   "only case.id and case.locale are available"});
    doc["headers"].erase("X-Channel");
    doc["body"]["name"] = "{{actor.name}}";
    CHECK(Check(doc) == std::vector<std::string>{"seam.connector.bad_placeholder /body/name only "
                                                 "actor.kind and actor.agent are available"});
}

TEST_CASE("connector check: two files for one action") {
    std::vector<seam::flow::Diagnostic> out;
    const std::string text = R"({"action": "lookup_order", "kind": "builtin"})";
    CHECK_FALSE(CheckConnectors({{"a.json", text}, {"b.json", text}}, DemoRegistry(), {}, out));
    REQUIRE(out.size() == 1);
    CHECK(out[0].ToString() ==
          "b.json#/action: [seam.connector.duplicate] action \"lookup_order\" is already connected "
          "by a.json");
}

TEST_CASE(
    "connector check: the shipped connectors pass, one per action, and the http examples too") {
    const seam::flow::Registry registry = DemoRegistry();
    std::vector<seam::flow::Diagnostic> out;
    const std::set<std::string> secrets = seam::connectors::ParseSecrets(
        seam::testing::ReadFile(seam::testing::SourcePath("assets/connectors/secrets.json")),
        "secrets.json", out);
    CHECK(secrets == std::set<std::string>{"DEMO_SHOP_API_TOKEN", "DEMO_SHOP_SIGNING_KEY"});
    std::map<std::string, std::string> shipped;
    for (const auto& [name, spec] : registry.actions) {
        const std::string path = "assets/connectors/" + name + ".json";
        shipped[path] = seam::testing::ReadFile(seam::testing::SourcePath(path));
    }
    CHECK(CheckConnectors(shipped, registry, secrets, out));
    std::map<std::string, std::string> examples;
    for (const char* name : {"lookup_order", "create_return"}) {
        const std::string path = std::string("assets/connectors/examples/") + name + ".json";
        examples[path] = seam::testing::ReadFile(seam::testing::SourcePath(path));
    }
    CHECK(CheckConnectors(examples, registry, secrets, out));
    // The demo shop's set, with the policy's facts and the declared config names.
    const std::set<std::string> config = seam::connectors::ParseConfigNames(
        seam::testing::ReadFile(seam::testing::SourcePath("assets/connectors/secrets.json")),
        "secrets.json", out);
    CHECK(config == std::set<std::string>{"DEMO_SHOP_URL"});
    auto rules = seam::policy::ParseRules(
        seam::testing::ReadFile(seam::testing::SourcePath("assets/policy/rules.json")));
    REQUIRE(rules.ok());
    std::map<std::string, std::string> demo_shop;
    for (const auto& [name, spec] : registry.actions) {
        const std::string path = "assets/connectors/demo-shop/" + name + ".json";
        demo_shop[path] = seam::testing::ReadFile(seam::testing::SourcePath(path));
    }
    CHECK(CheckConnectors(demo_shop, registry, secrets, out, &*rules, &config));
    for (const auto& d : out)
        FAIL_CHECK(d.ToString());

    // The example's demo-shop answers, as the next session's service will send them.
    auto doc = seam::json_read::Parse(examples["assets/connectors/examples/create_return.json"]);
    REQUIRE(doc.ok());
    Connector c = Parsed(*doc);
    Mapped refused =
        MapResponse(c, 422, R"({"state": "refused", "reason": "It was a final-sale item."})");
    CHECK(refused.outcome == "refused");
    CHECK(refused.reason == "It was a final-sale item.");
}

TEST_CASE("connector: the worked example in native/README.md parses and passes the checker") {
    const std::string readme =
        seam::testing::ReadFile(seam::testing::SourcePath("native/README.md"));
    const auto section = readme.find("## Connectors");
    REQUIRE(section != std::string::npos);
    const auto open = readme.find("```json\n", section);
    REQUIRE(open != std::string::npos);
    const auto close = readme.find("```", open + 8);
    REQUIRE(close != std::string::npos);
    const std::string example = readme.substr(open + 8, close - open - 8);
    std::vector<seam::flow::Diagnostic> out;
    const std::set<std::string> secrets = seam::connectors::ParseSecrets(
        seam::testing::ReadFile(seam::testing::SourcePath("assets/connectors/secrets.json")),
        "secrets.json", out);
    CHECK(CheckConnectors({{"README.md", example}}, DemoRegistry(), secrets, out));
    for (const auto& d : out)
        FAIL_CHECK(d.ToString());
}

// [SECTION] The facts request

namespace {

// ReturnDoc with a facts request: the order's facts, or the business's own answer.
json ReturnWithFacts() {
    json doc = ReturnDoc();
    doc["headers"]["X-Decision"] = "{{decision.verdict}}";
    doc["facts"] = json::parse(R"({
      "method": "GET", "url": "{{config.SHOP}}/v1/orders/{{params.order_number}}/return-facts",
      "headers": {"Authorization": "Bearer {{secret.TOKEN}}"},
      "timeout_ms": 1000,
      "response": [
        {"status": 200, "facts": {"days_since_delivery": "/days", "final_sale": "/final_sale"},
         "result": {"order_number": "/number"}},
        {"status": 404, "outcome": "not_found"},
        {"status": "default", "outcome": "error"}]})");
    return doc;
}

std::vector<seam::policy::Rule> DemoRules() {
    auto rules = seam::policy::ParseRules(
        seam::testing::ReadFile(seam::testing::SourcePath("assets/policy/rules.json")));
    REQUIRE(rules.ok());
    return *rules;
}

std::vector<std::string> CheckWithRules(const json& doc) {
    std::vector<seam::flow::Diagnostic> out;
    const auto rules = DemoRules();
    CheckConnectors({{"x.json", doc.dump()}}, DemoRegistry(), {"TOKEN", "SIGNING"}, out, &rules);
    std::vector<std::string> ids;
    for (const auto& d : out)
        ids.push_back(d.id + " " + d.pointer + " " + d.message);
    return ids;
}

}  // namespace

TEST_CASE("connector facts: the request parses, its rules give facts or an outcome") {
    Connector c = Parsed(ReturnWithFacts());
    REQUIRE(c.facts != nullptr);
    CHECK(c.facts->is_facts_request);
    CHECK(c.facts->method == Method::kGet);
    CHECK(c.facts->action == "create_return");
    CHECK(c.facts->response[0].outcome == seam::connectors::kFactsOutcome);
    CHECK(c.facts->response[0].pointer == "/facts/response/0");
    CHECK(c.facts->response[0].facts.at("final_sale") == "/final_sale");

    // Its answer: the facts (a null or absent one listed), result fields for a refusal's words.
    Mapped m = MapResponse(*c.facts, 200, R"({"days": 12, "final_sale": null, "number": "LW-1"})");
    CHECK(m.outcome == "facts");
    CHECK(m.facts == json({{"days_since_delivery", 12}}));
    CHECK(m.missing_facts == std::vector<std::string>{"final_sale"});
    CHECK(m.result == json({{"order_number", "LW-1"}}));
    CHECK(MapResponse(*c.facts, 404, "").outcome == "not_found");
    CHECK(MapResponse(*c.facts, 200, "not json").outcome == "error");  // on_malformed

    // Errors at their pointer under /facts.
    json doc = ReturnWithFacts();
    doc["facts"]["response"][0]["outcome"] = "ok";
    CHECK(ParseError(doc) ==
          "[seam.connector.schema] /facts/response/0/outcome: a rule gives either facts or an "
          "outcome, not both");
    doc = ReturnWithFacts();
    doc["facts"]["response"].erase(0);
    CHECK(ParseError(doc) ==
          "[seam.connector.schema] /facts/response: no rule gives facts (\"facts\": {...})");
    doc = ReturnWithFacts();
    doc["facts"]["facts"] = json::object();
    CHECK(ParseError(doc) == "[seam.connector.schema] /facts/facts: unknown field");
    doc = ReturnWithFacts();
    doc["facts"].erase("url");
    CHECK(ParseError(doc) == "[seam.connector.schema] /facts/url: missing");
    doc = ReturnWithFacts();
    doc["response"][0]["facts"] = {{"x", "/x"}};  // facts only in the facts request
    CHECK(ParseError(doc) == "[seam.connector.schema] /response/0/facts: unknown field");
}

TEST_CASE("connector facts: the checker wants every fact the action's rules read") {
    CHECK(CheckWithRules(ReturnWithFacts()).empty());

    json doc = ReturnWithFacts();
    doc["facts"]["response"][0]["facts"].erase("final_sale");
    CHECK(CheckWithRules(doc) ==
          std::vector<std::string>{
              "seam.connector.facts_missing /facts/response rule \"not_final_sale\" reads "
              "facts.final_sale, which no rule of the facts request maps: seamd would send every "
              "such action to a person"});

    // The decision comes after the facts request; an unknown outcome is found there too.
    doc = ReturnWithFacts();
    doc["facts"]["headers"]["X-Decision"] = "{{decision.verdict}}";
    doc["facts"]["response"][1]["outcome"] = "no_such_outcome";
    const auto problems = CheckWithRules(doc);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].rfind("seam.connector.bad_placeholder /facts/headers/X-Decision", 0) == 0);
    CHECK(problems[1].rfind("seam.connector.outcome_unknown /facts/response/1/outcome", 0) == 0);

    // A facts request reads: a POST may retry on a timeout without "honoured".
    doc = ReturnWithFacts();
    doc["facts"]["method"] = "POST";
    doc["facts"]["retry"] = {{"max_attempts", 3}, {"on", {"timeout", "5xx"}}};
    CHECK(CheckWithRules(doc).empty());
    // Without the rules (no policy beside the actions), only the rest is checked.
    doc = ReturnWithFacts();
    doc["facts"]["response"][0]["facts"].erase("final_sale");
    CHECK(Check(doc).empty());
}

TEST_CASE("connector facts: the facts a rule reads, and those it only tests for missing") {
    std::set<std::string> facts, optional;
    seam::connectors::RuleFacts(
        json::parse(R"({"any": [{"var": "facts.order_owner_matches", "op": "missing"},
                                {"var": "facts.order_owner_matches", "op": "==", "value": true}],
                       "all": [{"var": "facts.days.total", "op": ">", "value": 1}]})"),
        facts, optional);
    CHECK(facts == std::set<std::string>{"days", "order_owner_matches"});
    CHECK(optional == std::set<std::string>{"order_owner_matches"});
    CHECK(seam::connectors::SeamdFact("verified"));
    CHECK_FALSE(seam::connectors::SeamdFact("days_since_delivery"));
}

TEST_CASE("connector check: config names are declared like secrets") {
    std::vector<seam::flow::Diagnostic> out;
    const std::string file = R"({"secrets": {"TOKEN": {"description": "a token"}},
                                 "config": {"SHOP": {"description": "the shop's base URL"}}})";
    CHECK(seam::connectors::ParseConfigNames(file, "secrets.json", out) ==
          std::set<std::string>{"SHOP"});
    CHECK(seam::connectors::ParseSecrets(file, "secrets.json", out) ==
          std::set<std::string>{"TOKEN"});
    CHECK(out.empty());
    // No "config": no names (every {{config.NAME}} is then undeclared).
    CHECK(seam::connectors::ParseConfigNames(R"({"secrets": {}})", "s.json", out).empty());
    CHECK(out.empty());
    seam::connectors::ParseConfigNames(R"({"config": {"shop": {"description": "x"}}})", "s.json",
                                       out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].ToString() ==
          "s.json#/config/shop: [seam.connector.secrets] a name is [A-Z][A-Z0-9_]*");

    const std::set<std::string> config = {"SHOP"};
    json doc = ReturnDoc();
    out.clear();
    CHECK(CheckConnectors({{"x.json", doc.dump()}}, DemoRegistry(), {"TOKEN", "SIGNING"}, out,
                          nullptr, &config));
    doc["url"] = "{{config.SHOPP}}/v1/orders/{{params.order_number}}/returns";
    CHECK_FALSE(CheckConnectors({{"x.json", doc.dump()}}, DemoRegistry(), {"TOKEN", "SIGNING"}, out,
                                nullptr, &config));
    REQUIRE(out.size() == 1);
    CHECK(out[0].id == "seam.connector.config_undeclared");
    CHECK(out[0].pointer == "/url");
}
