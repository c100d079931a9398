// tests/native/test_action_parity.cpp — every action gives the same answer builtin and over its
// http connector (issue 21). The steps are data: tests/actions/parity.jsonl, one JSON object a
// line, run in file order (later steps see what earlier ones changed):
//   {"name": "...", "action": "create_return", "params": {...},
//    "actor": {"kind": "customer", "customer": 1} | {"kind": "visitor"}
//           | {"kind": "agent", "login": "maya", "customer": 2 (the case's, optional)},
//    "case": "case-1", "locale": "en" | "es" (default en), "key": "idempotency key" (optional),
//    "expect": "ok",                       the outcome both routes must give
//    "resend": true (optional),            the call reaches the service a second time with the
//                                          same Idempotency-Key (a retry of the transport)
//    "differs": {"field": "why"} (optional) a result field the routes may legitimately differ in
//    "given": "SQL" (optional),            run first on the business's data in both worlds (the
//                                          builtin store and the service's), e.g. an event the
//                                          business reported that the demo data has none of
//    "note": "..." (optional)}
// A string parameter "{{step name.field}}" is that earlier step's result field, in each world
// its own (a recommendation's id, for example).
//
// World A: a store loaded with the demo data (seed 42, today 2026-11-30), actions::Runner
// builtin. World B: seamd's side — a store loaded the same way and a Runner with every connector
// of assets/connectors/demo-shop/ over a real Executor — and the demo shop service in-process
// with its own store and the same day. Each step runs the same Request in both worlds (the actor
// mapped as seamd's Service::RunAction maps it) and must give the same outcome, the same
// `result` (every key of either side, so a field the connector's rules do not map, or map
// wrongly, is named with the step) and the same replay flag. At the end the service's
// /v1/stats must show exactly the executions the steps should have caused: a step replayed by
// seamd's own idempotency record, or stopped by the gate (Job::Gate: a visitor's account
// action, verify_order locked in its case), never reaches it; a resent call is a replay there.
//
// Adding an action (say return_label): its connector file is picked up from the folder, and the
// test "every action of actions.json has a step" asks for its lines in the JSONL.
//
// A mixed deployment (the last test): recommend, advise_size, find_exchange and retention_offer
// over http, the clicks and the exchange builtin on seamd's store, which must hold the business's
// rec ids as its own recommendations rows (Job::AfterCall).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "actions/actions.hpp"
#include "connectors/executor.hpp"
#include "demo/generator.hpp"
#include "demo/loader.hpp"
#include "demo_shop_fixture.hpp"
#include "seam/policy/rules.hpp"
#include "server_fixture.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::testing::TempDir;
using seam_test::demo_shop::kToday;
using seam_test::demo_shop::kTodayDate;
using seam_test::demo_shop::ShopService;

namespace {

constexpr std::int64_t kNowMs = 1'796'032'800'000;  // 2026-11-30 10:00 UTC
constexpr std::uint64_t kDemoSeed = 42;             // seamd's and the service's default

// [SECTION] The steps

struct Step {
    int line = 0;
    std::string name, action, case_id, locale = "en", key, expect, given;
    json params, actor, differs = json::object();
    bool resend = false;
};

std::string Where(const Step& s) {
    return "parity.jsonl:" + std::to_string(s.line) + " '" + s.name + "' (" + s.action + ")";
}

std::vector<Step> LoadSteps() {
    const std::string path = std::string(SEAM_SOURCE_DIR) + "/tests/actions/parity.jsonl";
    std::ifstream in(path);
    REQUIRE_MESSAGE(static_cast<bool>(in), path);
    static const std::set<std::string> kFields = {"name",   "action",  "params", "actor",
                                                  "case",   "locale",  "key",    "expect",
                                                  "resend", "differs", "note",   "given"};
    std::vector<Step> steps;
    std::set<std::string> names;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        INFO("parity.jsonl:" << line);
        const json doc = json::parse(text, nullptr, false);
        REQUIRE(doc.is_object());
        for (const auto& [field, value] : doc.items())
            CHECK_MESSAGE(kFields.count(field) == 1, "unknown field " << field);
        for (const char* field : {"name", "action", "case", "expect"})
            REQUIRE_MESSAGE(doc.value(field, json()).is_string(), field << " must be a string");
        REQUIRE(doc.value("params", json()).is_object());
        REQUIRE(doc.value("actor", json()).is_object());
        Step s;
        s.line = line;
        s.name = doc["name"];
        s.action = doc["action"];
        s.case_id = doc["case"];
        s.expect = doc["expect"];
        s.params = doc["params"];
        s.actor = doc["actor"];
        s.locale = doc.value("locale", "en");
        s.key = doc.value("key", "");
        s.resend = doc.value("resend", false);
        s.given = doc.value("given", "");
        s.differs = doc.value("differs", json::object());
        REQUIRE(s.differs.is_object());
        const std::string kind = s.actor.value("kind", "");
        REQUIRE_MESSAGE((kind == "customer" || kind == "visitor" || kind == "agent"), kind);
        if (kind == "customer") REQUIRE(s.actor.value("customer", 0) > 0);
        if (kind == "agent") REQUIRE_FALSE(s.actor.value("login", "").empty());
        REQUIRE_MESSAGE(names.insert(s.name).second, "a second step named " << s.name);
        steps.push_back(std::move(s));
    }
    REQUIRE_FALSE(steps.empty());
    return steps;
}

// [SECTION] The two worlds

std::vector<seam::policy::Rule> Rules() {
    std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/assets/policy/rules.json");
    std::stringstream text;
    text << in.rdbuf();
    auto rules = seam::policy::ParseRules(text.str());
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    return *rules;
}

//! A store loaded with the demo data, as seamd --demo and the service load theirs.
struct DemoStore {
    TempDir dir;
    std::unique_ptr<seam::store::Db> db;
    DemoStore() {
        auto opened = seam::store::Db::Open((dir.path / "seam.db").string());
        REQUIRE(opened.ok());
        db = std::move(*opened);
        REQUIRE(seam::store::Migrate(*db).ok());
        auto loaded = seam::demo::Load(*db, seam::demo::Generate(kDemoSeed, kTodayDate));
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
    }
    std::string ExternalId(std::int64_t customer) {
        auto s = db->Prepare("SELECT external_id FROM customers WHERE id = ?");
        REQUIRE(s.ok());
        s->Bind(1, customer);
        REQUIRE_MESSAGE(s->Next(), "no customer " << customer);
        return s->Text(0);
    }
};

//! One route: a store, its runner, and the results of the steps run so far (by step name).
struct World {
    DemoStore store;
    seam::actions::Runner runner{Rules()};
    std::map<std::string, json> results;
};

//! "{{step.field}}" in a string parameter: that earlier step's result field in this world.
json Substitute(const json& params, const World& world, const Step& step) {
    json out = params;
    for (auto& [key, value] : out.items()) {
        if (!value.is_string()) continue;
        const std::string text = value.get<std::string>();
        if (text.size() < 5 || text.rfind("{{", 0) != 0 || text.substr(text.size() - 2) != "}}")
            continue;
        const std::string ref = text.substr(2, text.size() - 4);
        const auto dot = ref.rfind('.');
        REQUIRE_MESSAGE(dot != std::string::npos, Where(step) << ": " << text);
        auto it = world.results.find(ref.substr(0, dot));
        REQUIRE_MESSAGE(it != world.results.end(), Where(step) << ": no earlier step " << text);
        const json* field =
            it->second.contains(ref.substr(dot + 1)) ? &it->second[ref.substr(dot + 1)] : nullptr;
        REQUIRE_MESSAGE(field != nullptr, Where(step) << ": no result field " << text);
        value = *field;
    }
    return out;
}

//! The step's request in `world`, the actor mapped as seamd's Service::RunAction maps a case's
//! customer (external id from the customers table, verified) and an agent (the case's customer).
seam::actions::Request MakeRequest(const Step& step, std::size_t index, World& world) {
    seam::actions::Request r;
    r.name = step.action;
    r.params = Substitute(step.params, world, step);
    r.locale = step.locale;
    r.idempotency_key = step.key;
    r.case_id = step.case_id;
    // One second a step: a key-less call's connector key (its sequence) differs from the last.
    r.now_ms = kNowMs + static_cast<std::int64_t>(index) * 1000;
    r.today = kTodayDate;
    const std::string kind = step.actor["kind"];
    const std::int64_t customer = step.actor.value("customer", std::int64_t{0});
    r.actor.kind = kind == "agent" ? "agent" : "customer";
    r.actor.agent_login = step.actor.value("login", "");
    r.actor.customer_id = kind == "visitor" ? 0 : customer;
    r.actor.external_id = r.actor.customer_id != 0 ? world.store.ExternalId(customer) : "";
    r.actor.verified = r.actor.customer_id != 0;
    return r;
}

//! The idempotency scope of a request, as the runner keeps keys (Scope in actions.cpp).
std::string KeyScope(const seam::actions::Request& r) {
    if (r.actor.kind == "agent") return "agent:" + r.actor.agent_login;
    if (r.actor.customer_id != 0) return "customer:" + std::to_string(r.actor.customer_id);
    return "case:" + r.case_id;
}

//! Actions open to anyone (OpenToVisitors in actions.cpp): the gate lets a visitor's through.
bool OpenToVisitors(const std::string& action) {
    return action == "start_password_reset" || action == "verify_order" ||
           action == "advise_size" || action == "recommendation_clicked";
}

seam::actions::Response Run(World& world, const seam::actions::Request& r, const Step& step) {
    auto out = world.runner.Run(*world.store.db, r);
    REQUIRE_MESSAGE(out.ok(), Where(step) << ": " << (out.ok() ? "" : out.error().message));
    return *out;
}

//! Every key of either result must be equal, but those the step documents in "differs".
void CheckSameResult(const Step& step, const json& builtin, const json& http) {
    std::set<std::string> keys;
    for (const auto& [k, v] : builtin.items())
        keys.insert(k);
    for (const auto& [k, v] : http.items())
        keys.insert(k);
    for (const std::string& k : keys) {
        if (step.differs.contains(k)) continue;
        const json a = builtin.contains(k) ? builtin[k] : json("<absent>");
        const json b = http.contains(k) ? http[k] : json("<absent>");
        CAPTURE(k);
        CHECK_MESSAGE(a == b, Where(step) << ": result." << k << " builtin " << a.dump()
                                          << " | http " << b.dump());
    }
    // A documented difference must still be one (or the note is stale).
    for (const auto& [k, why] : step.differs.items()) {
        CHECK_MESSAGE(builtin.value(k, json()) != http.value(k, json()),
                      Where(step) << ": result." << k << " is the same now; drop its differs");
    }
}

}  // namespace

TEST_CASE("action parity: every action of actions.json has a step and a demo-shop connector") {
    const std::vector<Step> steps = LoadSteps();
    std::map<std::string, std::set<std::string>> outcomes;
    for (const Step& s : steps)
        outcomes[s.action].insert(s.expect);
    const auto connectors = seam_test::demo_shop::LoadAllConnectors();
    for (const std::string& name : seam::actions::Runner::Names()) {
        INFO(name);
        CHECK(connectors.count(name) == 1);
        CHECK(outcomes.count(name) == 1);
    }
    for (const auto& [action, set] : outcomes) {
        INFO(action);
        CHECK(seam::actions::Runner::Routable(action));
        CHECK(set.count("error") == 0);  // an error is no answer to compare
    }
    CHECK(connectors.size() == seam::actions::Runner::Names().size());
}

TEST_CASE("action parity: builtin and http give the same answers, step by step") {
    const std::vector<Step> steps = LoadSteps();

    ShopService service(kToday);
    World builtin;
    World http;
    http.runner.SetConnectors(seam_test::demo_shop::LoadAllConnectors(),
                              std::make_shared<seam::connectors::Executor>(service.Config()));
    seam::connectors::Executor resender(service.Config());  // a transport's own retry

    std::map<std::string, std::int64_t> expected_executions;
    std::map<std::string, std::int64_t> expected_facts;  // facts requests read
    const std::map<std::string, seam::connectors::Connector> connectors =
        seam_test::demo_shop::LoadAllConnectors();
    std::int64_t expected_replays = 0;
    std::set<std::string> keys_seen;           // scope + key, as the runner keeps them
    std::map<std::string, int> verify_misses;  // per case, as the gate counts them
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Step& step = steps[i];
        CAPTURE(Where(step));
        if (!step.given.empty()) {
            auto shop = seam::store::Db::Open((service.dir.path / "shop" / "shop.db").string());
            REQUIRE(shop.ok());
            for (seam::store::Db* db : {builtin.store.db.get(), shop->get()}) {
                auto done = db->Exec(step.given);
                REQUIRE_MESSAGE(done.ok(), Where(step) << ": " << done.error().message);
            }
        }
        const seam::actions::Request a = MakeRequest(step, i, builtin);
        const seam::actions::Request b = MakeRequest(step, i, http);
        const seam::actions::Response ra = Run(builtin, a, step);
        const seam::actions::Response rb = Run(http, b, step);
        INFO("builtin: " << ra.outcome << " " << ra.result.dump());
        INFO("http:    " << rb.outcome << " " << rb.result.dump());
        CHECK_MESSAGE(ra.outcome == step.expect, Where(step) << ": builtin " << ra.outcome);
        CHECK_MESSAGE(rb.outcome == step.expect, Where(step) << ": http " << rb.outcome);
        CheckSameResult(step, ra.result, rb.result);

        // Replayed by the runner's own record (seamd's, in world B): the same flag both ways.
        const bool repeat =
            !step.key.empty() && !keys_seen.insert(KeyScope(a) + "\n" + step.key).second;
        CHECK_MESSAGE(ra.replayed == repeat, Where(step) << ": builtin replayed " << ra.replayed);
        CHECK_MESSAGE(rb.replayed == repeat, Where(step) << ": http replayed " << rb.replayed);
        builtin.results[step.name] = ra.result;
        http.results[step.name] = rb.result;

        // Did the call reach the service? Not for a replay, nor when the gate answered.
        const bool verified = a.actor.kind == "agent" || a.actor.customer_id != 0;
        // A visitor's action on one order (params with order_number, or return_label: a return
        // is of one order) goes to the business, which decides from the case's unlock.
        bool reached =
            !repeat && (OpenToVisitors(step.action) || verified ||
                        step.params.contains("order_number") || step.action == "return_label");
        if (step.action == "verify_order" && !repeat) {
            reached = verify_misses[step.case_id] < 3;  // the third miss locks, with no call
            if (rb.outcome == "mismatch" || rb.outcome == "not_found" ||
                (reached && rb.outcome == "locked"))
                ++verify_misses[step.case_id];
        }
        // With a facts request, the facts are read first and seamd decides: a refusal (or the
        // business's own answer to the facts request) ends it there, the action never sent.
        const bool with_facts = connectors.at(step.action).facts != nullptr;
        const bool decided_on_facts =
            with_facts && rb.decision.is_object() && rb.decision.contains("facts_call");
        if (reached && with_facts) {
            CHECK_MESSAGE(decided_on_facts, Where(step) << ": no facts request in the decision");
            ++expected_facts[step.action];
        }
        const bool action_sent =
            reached && (!with_facts || !rb.decision.contains("action_request_sent") ||
                        rb.decision["action_request_sent"] == true);
        if (with_facts && reached &&
            (rb.outcome == "refused" || rb.outcome == "not_found" || rb.outcome == "not_owner" ||
             rb.outcome == "not_verified")) {
            CHECK_MESSAGE(!action_sent, Where(step) << ": a refusal reached the action");
        }
        if (action_sent) ++expected_executions[step.action];

        if (step.resend) {
            // The same logical call again, as the executor's retry after a lost answer would
            // send it: the same Idempotency-Key (Runner::Run's CallContext), the same body.
            REQUIRE_MESSAGE(reached, Where(step) << ": resend of a call that never went");
            seam::connectors::CallContext ctx;
            ctx.case_id = b.case_id;
            ctx.step_id = b.idempotency_key;
            ctx.action = b.name;
            ctx.sequence = ctx.step_id.empty() ? static_cast<std::uint64_t>(b.now_ms) : 0;
            ctx.customer_id = b.actor.verified ? b.actor.external_id : "";
            ctx.actor_kind = b.actor.kind == "customer"
                                 ? (ctx.customer_id.empty() ? "visitor" : "customer")
                                 : b.actor.kind;
            ctx.agent_login = b.actor.agent_login;
            ctx.locale = b.locale;
            const seam::connectors::Call again = resender.Execute(
                seam_test::demo_shop::LoadConnector(step.action), {{"params", b.params}}, ctx);
            INFO(again.audit.dump());
            CHECK(again.failure.empty());
            CHECK(again.mapped.outcome == rb.outcome);
            ++expected_replays;
        }
    }

    // What reached the service, and what it executed: one execution per step that went there,
    // none for a seamd replay or a gate's answer; a resent call is the service's replay.
    const json stats = service.Stats();
    INFO(stats.dump());
    json expected = json::object();
    for (const auto& [action, n] : expected_executions)
        expected[action] = n;
    CHECK(stats["executions"] == expected);
    CHECK(stats["replays"] == expected_replays);
    json facts = json::object();
    for (const auto& [action, n] : expected_facts)
        facts[action] = n;
    CHECK(stats["facts"] == facts);
}

// [SECTION] Facts before the call
//
// A business's facts request that leaves out a fact a rule reads: seamd's policy fails closed
// (review), so nothing is done on a guess. An action that can be held (issue_refund maps
// needs_review) is sent with X-Seam-Decision: review and the business holds it for a person;
// one that cannot (create_return) is not sent at all: the answer is an error, for a person.

namespace {

//! The demo-shop connector of `action` with its facts rule reading `fact` from nowhere.
seam::connectors::Connector WithoutFact(const std::string& action, const std::string& fact) {
    std::ifstream in(seam_test::demo_shop::ConnectorDir() + "/" + action + ".json");
    json doc = json::parse(in);
    doc.erase("$schema");
    bool found = false;
    for (json& rule : doc["facts"]["response"]) {
        if (rule.contains("facts") && rule["facts"].contains(fact)) {
            rule["facts"][fact] = "/facts/not_sent_by_this_business";
            found = true;
        }
    }
    REQUIRE_MESSAGE(found, action << " maps no fact " << fact);
    auto parsed = seam::connectors::ParseConnector(doc);
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    return *parsed;
}

}  // namespace

TEST_CASE("facts before the call: a fact the business leaves out holds the change for a person") {
    ShopService service(kToday);
    auto executor = std::make_shared<seam::connectors::Executor>(service.Config());
    World normal;
    normal.runner.SetConnectors(seam_test::demo_shop::LoadAllConnectors(), executor);
    World missing;
    auto connectors = seam_test::demo_shop::LoadAllConnectors();
    connectors.erase("create_return");
    connectors.erase("issue_refund");
    connectors.emplace("create_return", WithoutFact("create_return", "final_sale"));
    connectors.emplace("issue_refund", WithoutFact("issue_refund", "amount"));
    missing.runner.SetConnectors(std::move(connectors), executor);

    Step step;
    step.name = "facts";
    auto request = [&](World& world, const std::string& action, json params, int index) {
        step.action = action;
        step.params = std::move(params);
        step.actor = {{"kind", "customer"}, {"customer", 1}};
        step.case_id = "case-ana";
        step.locale = "en";
        return MakeRequest(step, static_cast<std::size_t>(index), world);
    };
    const json ret = {{"order_number", "LW-104198"}, {"reason", "too_small"}};

    // create_return cannot be held: not sent, an error for a person, the facts recorded.
    const auto held = Run(missing, request(missing, "create_return", ret, 0), step);
    CHECK(held.outcome == "error");
    CHECK(held.result.value("reason", "").find("a person has to check this first") == 0);
    CHECK(held.decision["verdict"] == "review");
    CHECK(held.decision["action_request_sent"] == false);
    CHECK(held.decision["facts_missing"] == json::array({"final_sale"}));
    CHECK(held.decision["facts"]["days_since_delivery"].is_number());
    json stats = service.Stats();
    CHECK(stats["facts"]["create_return"] == 1);
    CHECK_FALSE(stats["executions"].contains("create_return"));

    // With every fact, the same return goes through.
    const auto opened = Run(normal, request(normal, "create_return", ret, 1), step);
    CHECK(opened.outcome == "ok");
    CHECK(opened.decision["verdict"] == "allow");
    CHECK(opened.decision["action_request_sent"] == true);

    // issue_refund can be held: sent with the review, and the business holds a refund its own
    // rules would have issued (store credit well under the 100.00 limit).
    const auto refund = Run(missing,
                            request(missing, "issue_refund",
                                    {{"order_number", "LW-104198"}, {"method", "store_credit"}}, 2),
                            step);
    CHECK(refund.outcome == "needs_review");
    CHECK(refund.result["status"] == "pending_review");
    CHECK(refund.result["amount_cents"].get<std::int64_t>() < 100 * 100);
    CHECK(refund.decision["verdict"] == "review");
    CHECK(refund.decision["action_request_sent"] == true);
    stats = service.Stats();
    CHECK(stats["executions"]["create_return"] == 1);
    CHECK(stats["executions"]["issue_refund"] == 1);
    CHECK(stats["facts"]["issue_refund"] == 1);
}

// [SECTION] A mixed deployment: the business recommends, seamd's builtin takes it

namespace {

//! seamd's recommendations row of `rec` (-1 for a NULL id), or a REQUIRE failure.
struct RecRow {
    std::int64_t seq = 0, customer_id = 0, product_id = 0, variant_id = 0, order_id = 0;
    std::string case_id, context, sku;
    std::int64_t shown_at = 0;
    bool clicked = false;
};

RecRow LoadRec(seam::store::Db& db, const std::string& rec) {
    auto s = db.Prepare(
        "SELECT seq, COALESCE(case_id, ''), COALESCE(customer_id, -1), context, "
        "COALESCE(product_id, -1), COALESCE(variant_id, -1), sku, COALESCE(order_id, -1), "
        "shown_at, clicked_at IS NOT NULL FROM recommendations WHERE id = ?");
    REQUIRE(s.ok());
    s->Bind(1, rec);
    REQUIRE_MESSAGE(s->Next(), "seamd has no recommendations row " << rec);
    RecRow r;
    r.seq = s->Int(0);
    r.case_id = s->Text(1);
    r.customer_id = s->Int(2);
    r.context = s->Text(3);
    r.product_id = s->Int(4);
    r.variant_id = s->Int(5);
    r.sku = s->Text(6);
    r.order_id = s->Int(7);
    r.shown_at = s->Int(8);
    r.clicked = s->Int(9) != 0;
    return r;
}

//! One integer from seamd's store (`sql` with one text parameter), -1 when there is no row.
std::int64_t One(seam::store::Db& db, const char* sql, const std::string& arg) {
    auto s = db.Prepare(sql);
    REQUIRE(s.ok());
    s->Bind(1, arg);
    return s->Next() ? s->Int(0) : -1;
}

}  // namespace

TEST_CASE(
    "action parity: a mixed deployment — the business's recommendations are seamd's rows, so a "
    "builtin click or exchange finds them") {
    // recommend, advise_size, find_exchange and retention_offer over http (the business picks,
    // numbering its rec ids in its own store); recommendation_clicked and create_exchange
    // builtin, on seamd's store. Before, seamd kept only the KPI events of the business's
    // answers: the builtin found no row for their rec ids ("I can't find that suggestion").
    ShopService service(kToday);
    World seamd;
    std::map<std::string, seam::connectors::Connector> http;
    for (const char* action : {"recommend", "advise_size", "find_exchange", "retention_offer"})
        http.emplace(action, seam_test::demo_shop::LoadConnector(action));
    seamd.runner.SetConnectors(std::move(http),
                               std::make_shared<seam::connectors::Executor>(service.Config()));
    seam::store::Db& db = *seamd.store.db;
    {
        // The business recommended before seamd was connected: its numbering is ahead of
        // seamd's, and its next ids (REC-000006...) are ones seamd's builtin would make next
        // if the rows it keeps took the next seq numbers.
        auto shop = seam::store::Db::Open((service.dir.path / "shop" / "shop.db").string());
        REQUIRE(shop.ok());
        for (int n = 1; n <= 5; ++n) {
            char id[16];
            std::snprintf(id, sizeof id, "REC-%06d", n);
            auto done = (*shop)->Exec(
                "INSERT INTO recommendations(seq, id, context, sku, "
                "shown_at) VALUES (" +
                std::to_string(n) + ", '" + id + "', 'win_back', 'x', 0)");
            REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
        }
    }
    int index = 0;
    std::int64_t last_at = 0;  // the last request's now_ms
    auto run = [&](const std::string& action, const json& params, std::int64_t customer,
                   const std::string& case_id) {
        Step step;
        step.name = action + " " + std::to_string(index);
        step.action = action;
        step.params = params;
        step.actor = customer ? json{{"kind", "customer"}, {"customer", customer}}
                              : json{{"kind", "visitor"}};
        step.case_id = case_id;
        step.key = "mixed-" + std::to_string(index);
        const seam::actions::Request r =
            MakeRequest(step, static_cast<std::size_t>(index++), seamd);
        const seam::actions::Response out = Run(seamd, r, step);
        last_at = r.now_ms;
        return out;
    };

    // An accessory for Ana's order: the business's rec id, with seamd's product and order.
    const seam::actions::Response accessory =
        run("recommend", {{"context", "accessory"}, {"order_number", "LW-104198"}}, 1, "case-ana");
    INFO("accessory: " << accessory.result.dump());
    REQUIRE(accessory.outcome == "ok");
    const std::string rec = accessory.result["rec"];
    RecRow row = LoadRec(db, rec);
    CHECK(row.case_id == "case-ana");
    CHECK(row.customer_id == 1);
    CHECK(row.context == "accessory");
    CHECK(row.sku == accessory.result["sku"]);
    CHECK(row.product_id > 0);
    CHECK(row.product_id == One(db, "SELECT id FROM products WHERE sku = ?", row.sku));
    CHECK(row.variant_id == -1);
    CHECK(row.order_id == One(db, "SELECT id FROM orders WHERE number = ?", "LW-104198"));
    CHECK(row.shown_at == last_at);
    CHECK_FALSE(row.clicked);
    CHECK(rec == "REC-000006");
    CHECK(row.seq == 6);  // its number is its seq, as the builtin's

    // Ana takes it: the builtin finds it, marks it clicked once.
    const seam::actions::Response taken =
        run("recommendation_clicked", {{"rec", rec}}, 1, "case-ana");
    CHECK(taken.outcome == "ok");
    CHECK(taken.result["sku"] == row.sku);
    CHECK(taken.result["context"] == "accessory");
    CHECK(taken.result["again"] == false);
    CHECK(LoadRec(db, rec).clicked);
    const seam::actions::Response again =
        run("recommendation_clicked", {{"rec", rec}}, 1, "case-ana");
    CHECK(again.result["again"] == true);
    CHECK(One(db,
              "SELECT COUNT(*) FROM events WHERE kind = 'recommendation' AND "
              "json_extract(data, '$.rec') = ?",
              rec) == 2);  // shown (the http answer's), clicked (the builtin's), once each

    // Lucía's exchange: the business finds the next size down; the builtin makes the exchange
    // on seamd's side from the row's variant and order.
    const seam::actions::Response offer = run(
        "find_exchange", {{"order_number", "LW-104215"}, {"reason", "too_big"}}, 2, "case-lucia");
    REQUIRE(offer.outcome == "ok");
    const std::string swap = offer.result["rec"];
    row = LoadRec(db, swap);
    CHECK(row.context == "exchange");
    CHECK(row.variant_id == One(db, "SELECT id FROM product_variants WHERE sku = ?", row.sku));
    CHECK(row.product_id ==
          One(db, "SELECT product_id FROM product_variants WHERE sku = ?", row.sku));
    CHECK(row.order_id == One(db, "SELECT id FROM orders WHERE number = ?", "LW-104215"));
    const seam::actions::Response exchanged =
        run("create_exchange", {{"order_number", "LW-104215"}, {"rec", swap}}, 2, "case-lucia");
    CHECK(exchanged.outcome == "ok");
    CHECK(LoadRec(db, swap).clicked);

    // A visitor's size advice: no customer; the variant from seamd's catalogue.
    const seam::actions::Response size = run(
        "advise_size",
        {{"product", "Women's Fernrunner Trail Shoe"}, {"size", "EU 39 · US 8"}, {"fit", "usual"}},
        0, "case-visitor");
    REQUIRE(size.outcome == "ok");
    row = LoadRec(db, size.result["rec"]);
    CHECK(row.customer_id == -1);
    CHECK(row.case_id == "case-visitor");
    CHECK(row.context == "size");
    CHECK(row.variant_id == One(db, "SELECT id FROM product_variants WHERE sku = ?", row.sku));

    // Ana's answer to the retention offer: a row per offer (a plan, not a product: no ids), the
    // one she took clicked.
    const seam::actions::Response kept =
        run("retention_offer", {{"subscription", "coffee_club"}, {"choice", "downgrade"}}, 1,
            "case-ana");
    REQUIRE(kept.outcome == "ok");
    REQUIRE(kept.result["offers"].size() == 2);
    for (const json& o : kept.result["offers"]) {
        row = LoadRec(db, o["rec"]);
        CHECK(row.context == "retention");
        CHECK(row.product_id == -1);
        CHECK(row.variant_id == -1);
        CHECK(row.clicked == (o["offer"] == "downgrade"));
        CHECK(row.sku ==
              (o["offer"] == "downgrade" ? "coffee_club:every_other_month" : "coffee_club:pause"));
    }

    // seamd's own numbering goes on past the business's ids (REC-n is row n): a builtin
    // recommendation now gets new ids, not a clash with one the business made (which would be
    // seam.actions.store on the id's key).
    seam::actions::Runner builtin{Rules()};
    const std::int64_t rows = One(db, "SELECT COUNT(*) FROM recommendations WHERE ? = ''", "");
    Step step;
    step.name = "ana is shown win-back picks, builtin";
    step.action = "recommend";
    step.params = {{"context", "win_back"}};
    step.actor = {{"kind", "customer"}, {"customer", 1}};
    step.case_id = "case-ana-later";
    auto own = builtin.Run(db, MakeRequest(step, static_cast<std::size_t>(index), seamd));
    REQUIRE_MESSAGE(own.ok(), (own.ok() ? "" : own.error().message));
    REQUIRE(own->outcome == "ok");
    const json& picks = own->result["recommendations"];
    REQUIRE_FALSE(picks.empty());
    CHECK(One(db, "SELECT COUNT(*) FROM recommendations WHERE ? = ''", "") ==
          rows + static_cast<std::int64_t>(picks.size()));
    for (const json& pick : picks)
        CHECK(LoadRec(db, pick["rec"]).case_id == "case-ana-later");
}
