// tests/unit/console/test_inspector.cpp — the flow inspector's model: graphs and their layout,
// loading the bundle and the policy rules after a login, a simulated conversation turn by turn
// (state, slots, policy decisions, stepping back), and a live case's position in its flow.
// Everything goes through the scripted FakeTransport; the bundle is made here from assets/
// (order_status flow, actions, policy rules) with a small intent model.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../support/files.hpp"
#include "fake_transport.hpp"
#include "seam/assistant/bundle.hpp"
#include "seam/console/api.hpp"
#include "seam/console/inspector.hpp"
#include "seam/console/session.hpp"
#include "seam/flow/parse.hpp"

using nlohmann::json;
using seam::console::Api;
using seam::console::BuildFlowGraph;
using seam::console::ConditionText;
using seam::console::FlowGraph;
using seam::console::InspectedCase;
using seam::console::Inspector;
using seam::console::Session;
using seam::console::SimPendingAction;
using seam::console::testing::FakeTransport;

namespace {

// 2026-11-22 12:00 UTC.
constexpr std::int64_t kNow = 1795348800000;

//! The widget bundle of the order_status flow, built once (training is the slow part).
const std::string& BundleText() {
    static const std::string text = [] {
        seam::assistant::BundleSources s;
        s.flows.push_back(
            {"flows/order_status.json",
             seam::testing::ReadFile(seam::testing::SourcePath("assets/flows/order_status.json"))});
        s.actions = seam::testing::ReadFile(seam::testing::SourcePath("assets/flows/actions.json"));
        std::vector<seam::nlu::Example> examples;
        for (const char* t : {"where is my order", "track my package", "order status",
                              "where is my parcel", "has my order shipped", "where's my order",
                              "track order", "my order has not arrived"})
            examples.push_back({t, "order_status"});
        for (const char* t : {"hello", "hi there", "good morning", "hey", "hello friend", "hi",
                              "good evening", "hey there"})
            examples.push_back({t, "greeting"});
        auto model = seam::nlu::IntentModel::Train(examples, seam::assistant::WidgetTrainOptions());
        s.model = model ? model->Serialize() : std::string();
        auto bundle = seam::assistant::MakeBundle(s);
        return bundle ? *bundle : std::string();
    }();
    return text;
}

std::string RulesText() {
    return seam::testing::ReadFile(seam::testing::SourcePath("assets/policy/rules.json"));
}

//! A console with an agent signed in and the inspector's first Update done.
struct Console {
    FakeTransport transport;
    Api api{transport};
    Session session{api};
    Inspector inspector{api, session};

    void Frame() {
        api.Pump();
        inspector.Update(kNow);
    }
    void SignIn() {
        session.Login("ann", "secret");
        REQUIRE(transport.Answer("POST /v1/agents/login", 200,
                                 R"({"token": "tok-1", "agent": {"login": "ann", "role": "agent"},
                                     "expires_at": 1795352400})"));
        Frame();
        REQUIRE(session.logged_in());
    }
    //! Signs in and answers the bundle and the rules.
    void Loaded(int rules_status = 200) {
        SignIn();
        REQUIRE(!BundleText().empty());
        REQUIRE(transport.Answer("GET /widget/bundle.json", 200, BundleText()));
        REQUIRE(transport.Answer(
            "GET /v1/policy/rules", rules_status,
            rules_status == 200 ? RulesText() : R"({"error": {"code": "seam.api.not_found",
                                                           "message": "no such route"}})"));
        Frame();
        REQUIRE(inspector.loaded());
    }
};

const char* kLoopFlow = R"({
  "flow": "loop", "version": 1, "intents": [], "slots": {"n": {"type": "text"},
    "pick": {"type": "enum", "values": ["a", "b"]}},
  "start": "ask",
  "steps": [
    {"id": "ask", "kind": "ask", "slot": "n", "say": "n?", "next": "act", "on_exhausted": "human"},
    {"id": "act", "kind": "action", "action": "do_it", "params": {"n": "{{slot.n}}"},
     "on": {"ok": "check", "missing": "ask", "gone": "ask", "error": "human"}},
    {"id": "check", "kind": "branch",
     "cases": [{"when": {"var": "result.big", "op": "==", "value": true}, "next": "pick"}],
     "else": "bye"},
    {"id": "pick", "kind": "choice", "slot": "pick", "say": "Which?",
     "options": [{"value": "a", "label": "A", "next": "bye"},
                 {"value": "b", "label": "B", "next": "human"}]},
    {"id": "bye", "kind": "end", "outcome": "resolved", "say": "Bye"},
    {"id": "human", "kind": "handoff", "reason": "r", "queue": "q", "say": "A person"},
    {"id": "orphan", "kind": "message", "say": "never", "next": "bye"}
  ]
})";

}  // namespace

TEST_CASE("inspector: a flow's graph has labelled edges and a layered layout") {
    seam::flow::Flow parsed;
    std::vector<seam::flow::Diagnostic> diagnostics;
    REQUIRE(seam::flow::ParseFlow(kLoopFlow, "loop.json", parsed, diagnostics));
    const FlowGraph g = BuildFlowGraph(parsed);
    REQUIRE(g.nodes.size() == 7);
    auto node = [&](const char* id) { return g.nodes[static_cast<std::size_t>(g.Find(id))]; };
    CHECK(node("ask").layer == 0);
    CHECK(node("act").layer == 1);
    CHECK(node("human").layer == 1);  // on_exhausted: shortest depth wins
    CHECK(node("check").layer == 2);
    CHECK(node("pick").layer == 3);
    CHECK(node("bye").layer == 3);
    CHECK_FALSE(node("orphan").reachable);
    CHECK(node("orphan").layer == 4);
    CHECK(g.layers == 5);
    CHECK(g.width == 2);
    // Breadth-first discovery orders a layer: next before on_exhausted.
    CHECK(node("act").order == 0);
    CHECK(node("human").order == 1);
    CHECK(node("ask").x == doctest::Approx(0.5));  // a lone node is centred on the widest layer
    CHECK(node("act").kind_name == "action");
    CHECK(node("act").detail == "do_it");
    CHECK(node("ask").detail == "slot n");

    auto edge = [&](const char* from, const char* to) -> const seam::console::GraphEdge* {
        for (const auto& e : g.edges)
            if (e.from == g.Find(from) && e.to == g.Find(to)) return &e;
        return nullptr;
    };
    REQUIRE(edge("ask", "act"));
    CHECK(edge("ask", "act")->label == "next");
    CHECK(edge("ask", "human")->label == "exhausted");
    CHECK(edge("act", "check")->label == "ok");
    CHECK(edge("act", "ask")->label == "gone, missing");  // two outcomes share one arrow
    CHECK(edge("act", "ask")->back);
    CHECK_FALSE(edge("act", "check")->back);
    CHECK(edge("check", "pick")->label == "result.big == true");
    CHECK(edge("check", "bye")->label == "else");
    CHECK(edge("pick", "bye")->label == "a");
    CHECK(edge("pick", "human")->label == "b");
    CHECK(edge("orphan", "bye")->label == "next");
}

TEST_CASE("inspector: conditions read as one line") {
    CHECK(ConditionText(json::parse(R"({"var": "slot.n", "op": "<=", "value": 30})")) ==
          "slot.n <= 30");
    CHECK(ConditionText(json::parse(R"({"var": "facts.x", "op": "missing"})")) ==
          "facts.x missing");
    CHECK(ConditionText(json::parse(
              R"({"any": [{"var": "a", "op": "==", "value": "x"},
                          {"all": [{"var": "b", "op": "==", "value": 1},
                                   {"var": "c", "op": "!=", "value": null}]}]})")) ==
          R"(a == "x" or (b == 1 and c != null))");
}

TEST_CASE("inspector: loads the bundle and the policy rules after the login") {
    Console c;
    c.Frame();
    CHECK(c.transport.sent.empty());
    CHECK(c.inspector.status() == "Sign in to load the flows.");
    c.SignIn();
    CHECK(c.transport.Waiting("GET /widget/bundle.json") == 1);
    CHECK(c.transport.Waiting("GET /v1/policy/rules") == 1);
    CHECK(c.transport.Last("GET /v1/policy/rules")->request.token == "tok-1");
    CHECK(c.inspector.loading());
    CHECK(c.inspector.status() == "Loading the widget bundle...");
    REQUIRE(c.transport.Answer("GET /widget/bundle.json", 200, BundleText()));
    REQUIRE(c.transport.Answer("GET /v1/policy/rules", 200, RulesText()));
    c.Frame();
    REQUIRE(c.inspector.loaded());
    CHECK(c.inspector.rules_loaded());
    REQUIRE(c.inspector.flows().size() == 1);
    CHECK(c.inspector.selected_flow() == "order_status");
    CHECK(c.inspector.graph().Find("lookup") >= 0);
    CHECK(c.inspector.status().rfind("1 flow; ", 0) == 0);

    const auto d = c.inspector.Details("order_status", "lookup");
    CHECK(std::find(d.rows.begin(), d.rows.end(),
                    std::make_pair(std::string("action"), std::string("lookup_order"))) !=
          d.rows.end());
    std::vector<std::string> rule_ids;
    for (const auto& r : d.rules)
        rule_ids.push_back(r.id);
    CHECK(std::find(rule_ids.begin(), rule_ids.end(), "verified_identity") != rule_ids.end());
    CHECK(std::find(rule_ids.begin(), rule_ids.end(), "return_window_30_days") == rule_ids.end());
    const auto ask = c.inspector.Details("order_status", "ask_order");
    CHECK(std::find(ask.rows.begin(), ask.rows.end(),
                    std::make_pair(std::string("slot"),
                                   std::string("order_number : order_number (optional)"))) !=
          ask.rows.end());

    // A logout forgets everything.
    c.session.Logout();
    c.Frame();
    CHECK_FALSE(c.inspector.loaded());
    CHECK(c.inspector.flows().empty());
}

TEST_CASE(
    "inspector: without the rules endpoint it still simulates, saying rules are unavailable") {
    Console c;
    c.Loaded(404);
    CHECK_FALSE(c.inspector.rules_loaded());
    CHECK(c.inspector.rules_error() == "policy rules unavailable");
    CHECK(c.inspector.status().find("policy rules unavailable") != std::string::npos);
    REQUIRE(c.inspector.Start(true));
    c.inspector.inputs().message = "LW-104233";
    REQUIRE(c.inspector.SendMessage());
    const auto* s = c.inspector.shown_snapshot();
    REQUIRE(s);
    CHECK(s->waiting == "action");
    CHECK(s->policy.empty());
}

TEST_CASE("inspector: the bundle failing to load is said in the status") {
    Console c;
    c.SignIn();
    REQUIRE(c.transport.Fail("GET /widget/bundle.json", "connection refused"));
    REQUIRE(c.transport.Answer("GET /v1/policy/rules", 200, RulesText()));
    c.Frame();
    CHECK_FALSE(c.inspector.loaded());
    CHECK(c.inspector.status().find("connection refused") != std::string::npos);
    CHECK_FALSE(c.inspector.Start(false));
    CHECK_FALSE(c.inspector.SendMessage("hello"));
}

TEST_CASE("inspector: a simulated conversation records state, slots and policy at each turn") {
    Console c;
    c.Loaded();
    Inspector& in = c.inspector;
    REQUIRE(in.Start(true));
    REQUIRE(in.snapshots().size() == 2);
    CHECK(in.snapshots()[0].input == "start");
    const auto* s = in.shown_snapshot();
    CHECK(s->input == "start order_status");
    CHECK(s->flow == "order_status");
    // A signed-in customer's own orders are listed first; none fit, so the number is asked.
    CHECK(s->step == "list_orders");
    CHECK(s->waiting == "action");
    REQUIRE(in.AnswerAction("none"));
    s = in.shown_snapshot();
    CHECK(s->step == "ask_order");
    CHECK(s->waiting == "input");
    CHECK(in.HighlightedStep() == "ask_order");
    REQUIRE_FALSE(s->effects.empty());
    CHECK(s->effects[0]["type"] == "say");

    // An invalid answer stays on the step.
    REQUIRE(in.SendMessage("no idea"));
    CHECK(in.shown_snapshot()->step == "ask_order");

    // A valid order number: the lookup action, decided by the rules for the given facts.
    in.inputs().message = "LW-104233";
    REQUIRE(in.SendMessage());
    CHECK(in.inputs().message.empty());
    s = in.shown_snapshot();
    CHECK(s->turn == 4);
    CHECK(s->input == "message: LW-104233");
    CHECK(s->waiting == "action");
    CHECK(s->step == "lookup");
    CHECK(s->slots["order_number"] == "LW-104233");
    REQUIRE(s->policy.size() == 1);
    CHECK(s->policy[0].action == "lookup_order");
    CHECK(s->policy[0].facts["verified"] == true);
    CHECK(s->policy[0].facts["order_number"] == "LW-104233");
    CHECK(s->policy[0].decision.verdict == seam::policy::Verdict::kAllow);
    CHECK_FALSE(s->policy[0].decision.checks.empty());
    SimPendingAction pending;
    REQUIRE(in.PendingActionAt(pending));
    CHECK(pending.name == "lookup_order");
    CHECK(pending.outcomes ==
          std::vector<std::string>{"error", "not_found", "not_owner", "not_verified", "ok"});
    CHECK(pending.params["order_number"] == "LW-104233");
    CHECK(in.PendingChoices().empty());

    // The extra facts change the decision without changing the turn.
    in.inputs().extra_facts_json = R"({"order_owner_matches": false})";
    in.RecheckPolicy();
    CHECK(in.shown_snapshot()->policy[0].decision.verdict == seam::policy::Verdict::kRefuse);
    in.inputs().extra_facts_json = "{not json";
    in.RecheckPolicy();
    CHECK(in.sim_error() == "extra facts must be a JSON object");
    CHECK_FALSE(in.AnswerAction("ok"));  // refused while the extra facts are not JSON
    in.inputs().extra_facts_json = "{}";

    // Only the step's declared outcomes answer the action.
    CHECK_FALSE(in.AnswerAction("maybe"));
    CHECK(in.sim_error() == "lookup_order has no outcome \"maybe\"");
    in.inputs().action_result_json =
        R"({"shipped": true, "carrier": "UPS", "status": "in transit", "eta": "2026-11-24",
            "tracking_url": "https://t.example/1"})";
    REQUIRE(in.AnswerAction("ok"));
    s = in.shown_snapshot();
    CHECK(s->input.rfind("action lookup_order -> ok {", 0) == 0);
    CHECK(s->effects[0]["text"].get<std::string>().find("UPS") != std::string::npos);
    // After the answer, an accessory to mention (issue 18); none here, so straight on.
    CHECK(s->step == "accessory");
    CHECK(s->waiting == "action");
    in.inputs().action_result_json = "{}";
    REQUIRE(in.AnswerAction("none"));
    s = in.shown_snapshot();
    CHECK(s->step == "more");
    const auto choices = in.PendingChoices();
    REQUIRE(choices.size() == 2);
    CHECK(choices[0] == std::make_pair(std::string("yes"), std::string("Yes")));
    const auto visited = in.VisitedSteps();
    CHECK(std::find(visited.begin(), visited.end(), "shipped?") != visited.end());

    REQUIRE(in.Choose("no"));
    CHECK(in.shown_snapshot()->step == "rate");
    REQUIRE(in.Choose("5"));
    s = in.shown_snapshot();
    CHECK(s->flow.empty());
    CHECK(s->status == "resolved");
    CHECK(s->effects.back()["type"] == "end");
    CHECK(in.HighlightedStep() == "done");  // where it ended
    const std::size_t turns = in.snapshots().size();
    CHECK(turns == 9);

    // Stepping back shows an earlier state; a turn from there drops the later ones.
    in.StepBack();
    in.StepBack();
    CHECK(in.shown() == 6);
    CHECK(in.shown_snapshot()->step == "more");
    in.StepForward();
    CHECK(in.shown() == 7);
    in.Show(6);
    REQUIRE(in.Choose("yes"));
    CHECK(in.snapshots().size() == 8);
    CHECK(in.shown_snapshot()->status == "resolved");
    in.Show(99);
    CHECK(in.shown() == 7);

    in.Reset();
    CHECK_FALSE(in.simulating());
    CHECK(in.HighlightedStep().empty());
}

TEST_CASE("inspector: an unverified customer's action is refused by the rules") {
    Console c;
    c.Loaded();
    Inspector& in = c.inspector;
    in.inputs().verified = false;
    in.inputs().locale = "es";
    REQUIRE(in.Start(true));
    REQUIRE(in.SendMessage("LW-104233"));
    const auto* s = in.shown_snapshot();
    REQUIRE(s->policy.size() == 1);
    CHECK(s->policy[0].facts["verified"] == false);
    CHECK(s->policy[0].decision.verdict == seam::policy::Verdict::kRefuse);
    CHECK(s->policy[0].decision.reason.find("confirmar") != std::string::npos);  // in Spanish
    // Rechecking with the flag on: allowed.
    in.inputs().verified = true;
    in.RecheckPolicy();
    CHECK(in.shown_snapshot()->policy[0].decision.verdict == seam::policy::Verdict::kAllow);
}

TEST_CASE("inspector: a first message picks the flow by intent and reports the understanding") {
    Console c;
    c.Loaded();
    Inspector& in = c.inspector;
    // No Start(): the first message starts a conversation.
    REQUIRE(in.SendMessage("where is my order LW-104233"));
    REQUIRE(in.snapshots().size() == 2);
    const auto* s = in.shown_snapshot();
    CHECK(s->intent == "order_status");
    CHECK(s->confidence > 0.0f);
    REQUIRE_FALSE(s->ranked.empty());
    CHECK(s->ranked[0].first == "order_status");
    bool found = false;
    for (const json& e : s->entities)
        found = found || (e["type"] == "order_number");
    CHECK(found);
    CHECK(s->flow == "order_status");
    CHECK(s->step == "lookup");  // the slot was prefilled from the message
    CHECK(in.selected_flow() == "order_status");

    CHECK_FALSE(in.SendMessage("   "));
    CHECK(in.sim_error() == "type the customer's message first");
    in.inputs().customer_json = "[1]";
    CHECK_FALSE(in.Start(false));
    CHECK(in.sim_error() == "the customer must be a JSON object");
}

TEST_CASE("inspector: a live case shows the flow and step where it stopped") {
    Console c;
    c.Frame();
    // The desk may open a case before the inspector has loaded: it is sent after the login.
    c.inspector.OpenCase("C42");
    CHECK(c.transport.sent.empty());
    CHECK(c.inspector.live_case().loading);
    c.Loaded();
    REQUIRE(c.transport.Waiting("GET /v1/cases/C42") == 1);
    CHECK(c.transport.Last("GET /v1/cases/C42")->request.token == "tok-1");

    json state = seam::flow::Engine::NewState("C42", "en", json::object());
    state["flow"] = "order_status";
    state["step"] = "lookup";
    state["waiting"] = "action";
    state["status"] = "active";
    state["slots"] = {{"order_number", "LW-104233"}};
    state["interrupted"] = {{"flow", "return_refund"}, {"step", "ask_reason"}};
    state["history"]["steps"] = {"ask_order", "lookup"};
    json messages = json::array();
    for (int i = 0; i < 25; ++i)
        messages.push_back({{"id", i}, {"at", i}, {"sender", "customer"}, {"text", "m"}});
    const json body = {{"id", "C42"},          {"status", "open"},    {"version", 3},
                       {"state", state},       {"channel", "widget"}, {"intent", "order_status"},
                       {"messages", messages}, {"created_at", 1}};
    REQUIRE(c.transport.Answer("GET /v1/cases/C42", 200, body.dump()));
    c.Frame();
    const InspectedCase& live = c.inspector.live_case();
    CHECK_FALSE(live.loading);
    CHECK(live.error.empty());
    CHECK(live.status == "open");
    CHECK(live.flow == "order_status");
    CHECK(live.step == "lookup");
    CHECK(live.waiting == "action");
    CHECK_FALSE(live.ended);
    CHECK(live.stack ==
          std::vector<std::string>{"return_refund@ask_reason", "order_status@lookup"});
    CHECK(live.slots["order_number"] == "LW-104233");
    REQUIRE(live.messages.size() == Inspector::kRecentMessages);
    CHECK(live.messages[0]["id"] == 5);
    CHECK(c.inspector.case_focused());
    CHECK(c.inspector.selected_flow() == "order_status");
    CHECK(c.inspector.HighlightedStep() == "lookup");
    CHECK(c.inspector.VisitedSteps() == std::vector<std::string>{"ask_order", "lookup"});

    // A simulation turn takes the focus; focusing the case again brings its step back.
    REQUIRE(c.inspector.Start(true));
    CHECK(c.inspector.HighlightedStep() == "list_orders");
    c.inspector.FocusCase(true);
    CHECK(c.inspector.HighlightedStep() == "lookup");

    // Not found.
    c.inspector.OpenCase("nope");
    REQUIRE(c.transport.Answer("GET /v1/cases/nope", 404,
                               R"({"error": {"code": "seam.cases.not_found", "message": "x"}})"));
    c.Frame();
    CHECK(c.inspector.live_case().error == "case nope was not found");

    c.inspector.CloseCase();
    CHECK(c.inspector.live_case().id.empty());
    CHECK_FALSE(c.inspector.case_focused());
}

TEST_CASE("inspector: an ended case, wrapped in {case}, points at its last step") {
    InspectedCase live;
    json state = seam::flow::Engine::NewState("C7", "en", json::object());
    state["status"] = "resolved";
    state["history"]["flows"] = {"order_status"};
    state["history"]["steps"] = {"ask_order", "lookup", "more", "rate", "done"};
    Inspector::ReadCase({{"case", {{"id", "C7"}, {"status", "resolved"}, {"state", state}}}}, live);
    CHECK(live.id == "C7");
    CHECK(live.ended);
    CHECK(live.flow == "order_status");
    CHECK(live.step == "done");
    CHECK(live.stack.empty());
    CHECK(live.messages.empty());

    InspectedCase bad;
    Inspector::ReadCase(json::array(), bad);
    CHECK(bad.error == "seamd's answer has no case");
}
