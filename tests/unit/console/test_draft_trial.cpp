// tests/unit/console/test_draft_trial.cpp — trying a draft before it is published (issue 19,
// deliverable 2; seam/console/draft_trial.hpp and the inspector's draft additions): the
// simulation runs a draft's flows, a demo customer is picked, an action's unhandled outcomes are
// offered, a simulated run is saved as a .conv test that parses and passes with RunFlowTests on
// the same draft (and fails once the words change), and the saved tests of the changed flows run
// in the console before Publish.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../support/files.hpp"
#include "fake_transport.hpp"
#include "seam/assistant/bundle.hpp"
#include "seam/assistant/conversation.hpp"
#include "seam/console/api.hpp"
#include "seam/console/content.hpp"
#include "seam/console/draft_trial.hpp"
#include "seam/console/inspector.hpp"
#include "seam/console/session.hpp"
#include "seam/content/check.hpp"

using nlohmann::json;
using namespace seam::console;
using seam::console::testing::FakeTransport;

namespace {

// [SECTION] Fixtures

// 2026-11-22 12:00 UTC.
constexpr std::int64_t kNow = 1795348800000;

std::string Asset(const std::string& path) {
    return seam::testing::ReadFile(seam::testing::SourcePath("assets/" + path));
}

//! A flow small enough to read: asks the order, looks it up (two outcomes handled of the five
//! lookup_order reports), offers a choice, says goodbye.
const char* const kMini = R"({
  "flow": "mini", "version": 1, "intents": [],
  "slots": {"order_number": {"type": "order_number"},
            "more": {"type": "enum", "values": ["yes", "no"]}},
  "start": "ask",
  "steps": [
    {"id": "ask", "kind": "ask", "slot": "order_number",
     "say": {"en": "Which order?", "es": "¿Qué pedido?"}, "next": "look"},
    {"id": "look", "kind": "action", "action": "lookup_order",
     "params": {"order_number": "{{slot.order_number}}"},
     "on": {"ok": "shipped", "not_found": "missing"}},
    {"id": "shipped", "kind": "choice", "slot": "more",
     "say": {"en": "It travels with {{result.carrier}}. Anything else?",
             "es": "Viaja con {{result.carrier}}. ¿Algo más?"},
     "options": [{"value": "yes", "label": {"en": "Yes", "es": "Sí"}, "next": "bye"},
                 {"value": "no", "label": {"en": "No", "es": "No"}, "next": "bye"}]},
    {"id": "missing", "kind": "end", "outcome": "resolved",
     "say": {"en": "I cannot find it.", "es": "No lo encuentro."}},
    {"id": "bye", "kind": "end", "outcome": "resolved", "say": {"en": "Bye!", "es": "¡Adiós!"}}
  ]
}
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

//! The widget bundle: the engine's own flows and a small intent model (training is the slow
//! part: built once).
const std::string& BundleText() {
    static const std::string text = [] {
        seam::assistant::BundleSources s;
        s.flows.push_back({"flows/talk_to_human.json", Asset("flows/talk_to_human.json")});
        s.flows.push_back({"flows/kb_fallback.json", Asset("flows/kb_fallback.json")});
        s.actions = Asset("flows/actions.json");
        std::vector<seam::nlu::Example> examples;
        for (const char* t : {"where is my order", "track my package", "order status",
                              "where is my parcel", "has my order shipped", "where's my order"})
            examples.push_back({t, "order_status"});
        for (const char* t : {"hello", "hi there", "good morning", "hey", "hello friend", "hi"})
            examples.push_back({t, "greeting"});
        auto model = seam::nlu::IntentModel::Train(examples, seam::assistant::WidgetTrainOptions());
        s.model = model ? model->Serialize() : std::string();
        auto bundle = seam::assistant::MakeBundle(s);
        return bundle ? *bundle : std::string();
    }();
    return text;
}

//! The published content: the engine's flows and mini, at version 3.
json ExportBody() {
    json files = {{"flows/mini.json", kMini},
                  {"flows/talk_to_human.json", Asset("flows/talk_to_human.json")},
                  {"flows/kb_fallback.json", Asset("flows/kb_fallback.json")}};
    json items = json::array();
    for (const auto& [path, text] : files.items())
        items.push_back({{"path", path}, {"revision", 3}, {"author", "assets"}});
    return {{"version", 3},
            {"files", files},
            {"items", items},
            {"actions", Asset("flows/actions.json")}};
}

std::vector<seam::flow::Flow> ParseFlows(const seam::content::Files& files) {
    return seam::content::ParseFlows(files, nullptr);
}

//! The console's parts this feature uses, signed in (admin), bundle and content loaded.
struct Rig {
    FakeTransport transport;
    Api api{transport};
    Session session{api};
    Inspector inspector{api, session};
    ContentModel content{api, session};
    DraftTrial trial{content, inspector};
    std::int64_t now = kNow;

    void Frame(std::int64_t advance_ms = 16) {
        now += advance_ms;
        api.Pump();
        inspector.Update(now);
        content.Update(now);
        trial.Update(now);
    }
    Rig() {
        session.Login("maya", "secret");
        REQUIRE(transport.Answer("POST /v1/agents/login", 200,
                                 R"({"token": "t", "agent": {"login": "maya", "role": "admin"},
                                     "expires_at": 1795352400})"));
        Frame();
        REQUIRE(!BundleText().empty());
        REQUIRE(transport.Answer("GET /widget/bundle.json", 200, BundleText()));
        REQUIRE(transport.Answer("GET /v1/policy/rules", 404, "{}"));
        REQUIRE(transport.Answer("GET /v1/content/export", 200, ExportBody().dump()));
        REQUIRE(transport.Answer("GET /v1/content/drafts", 200, "[]"));
        Frame();
        REQUIRE(inspector.loaded());
        REQUIRE(content.loaded());
    }
    //! Simulates the draft in mini: Ana in Spanish, LW-104233 shipped with UPS, "no".
    void RunMini() {
        REQUIRE(trial.TryDraft());
        inspector.SelectFlow("mini");
        REQUIRE(inspector.UseCustomer("ana_es"));
        REQUIRE(inspector.Start(true));
        REQUIRE(inspector.SendMessage("LW-104233"));
        inspector.inputs().action_result_json = R"({"carrier": "UPS"})";
        REQUIRE(inspector.AnswerAction("ok"));
        REQUIRE(inspector.Choose("no"));
    }
};

bool Said(const SimSnapshot& s, const std::string& words) {
    return std::any_of(s.rendered.begin(), s.rendered.end(),
                       [&](const std::string& line) { return line == "< " + words; });
}

}  // namespace

// [SECTION] The inspector on a draft

TEST_CASE("inspector: a draft's flows are simulated instead of the bundle's") {
    Rig rig;
    CHECK(rig.inspector.FindFlow("mini") == nullptr);  // not in the bundle
    CHECK(rig.inspector.flows_source().empty());
    seam::content::Files draft = rig.content.DraftSet();
    draft["flows/mini.json"] = Replace(kMini, "¿Qué pedido?", "¿Cuál es tu pedido?");
    REQUIRE(rig.inspector.UseFlows(ParseFlows(draft)));
    CHECK(rig.inspector.flows_source() == "draft");
    CHECK(rig.inspector.status().find("of the draft") != std::string::npos);
    REQUIRE(rig.inspector.FindFlow("mini"));
    REQUIRE(rig.inspector.GraphOf("mini"));
    rig.inspector.SelectFlow("mini");
    rig.inspector.inputs().locale = "es";
    REQUIRE(rig.inspector.Start(true));
    CHECK(Said(rig.inspector.snapshots().back(), "¿Cuál es tu pedido?"));

    rig.inspector.UsePublished();
    CHECK(rig.inspector.flows_source().empty());
    CHECK_FALSE(rig.inspector.simulating());  // a fresh start: the turns ran on other flows
    CHECK(rig.inspector.FindFlow("mini") == nullptr);
}

TEST_CASE("inspector: a demo customer sets who talks, in which language, verified or not") {
    Rig rig;
    REQUIRE(rig.inspector.UseCustomer("ana_es"));
    CHECK(rig.inspector.inputs().preset == "ana_es");
    CHECK(rig.inspector.inputs().locale == "es");
    CHECK(rig.inspector.inputs().verified);
    REQUIRE(rig.inspector.Start(false));
    const json& state = rig.inspector.snapshots().front().state;
    CHECK(state["customer"]["first_name"] == "Ana");
    CHECK(state["customer"]["id"] == "demo-ana");
    CHECK(state["customer"]["verified"] == true);
    CHECK(state["locale"] == "es");

    REQUIRE(rig.inspector.UseCustomer("visitor_en"));
    CHECK_FALSE(rig.inspector.inputs().verified);
    REQUIRE(rig.inspector.Start(false));
    CHECK_FALSE(rig.inspector.snapshots().front().state["customer"].contains("first_name"));
    CHECK_FALSE(rig.inspector.UseCustomer("nobody"));
    // Every preset's customer is a JSON object (the view offers them all).
    for (const DemoCustomer& c : DemoCustomers()) {
        CAPTURE(c.id);
        CHECK(json::parse(c.customer_json, nullptr, false).is_object());
    }
}

TEST_CASE("inspector: an action offers its handled outcomes and, apart, those it does not") {
    Rig rig;
    REQUIRE(rig.trial.TryDraft());
    rig.inspector.SelectFlow("mini");
    REQUIRE(rig.inspector.Start(true));
    REQUIRE(rig.inspector.SendMessage("LW-104233"));
    SimPendingAction pending;
    REQUIRE(rig.inspector.PendingActionAt(pending));
    CHECK(pending.name == "lookup_order");
    CHECK(pending.outcomes == std::vector<std::string>{"not_found", "ok"});
    CHECK(pending.unhandled == std::vector<std::string>{"error", "not_owner", "not_verified"});
    // An unhandled one runs too: the engine hands the conversation to a person.
    REQUIRE(rig.inspector.AnswerAction("error"));
    const SimSnapshot& s = rig.inspector.snapshots().back();
    CHECK(std::any_of(s.rendered.begin(), s.rendered.end(), [](const std::string& line) {
        return line.rfind("handoff unhandled_outcome:error", 0) == 0;
    }));
    rig.inspector.StepBack();
    CHECK_FALSE(rig.inspector.AnswerAction("shipped"));  // not an outcome of lookup_order
}

// [SECTION] Saving a run as a test

TEST_CASE("MakeTest: the saved run parses and passes with RunFlowTests on the same draft") {
    Rig rig;
    rig.RunMini();
    seam::Result<SavedTest> test = rig.inspector.MakeTest("pedido_enviado", "Ana's order travels");
    REQUIRE(test);
    CHECK(test->flow == "mini");
    CHECK(test->path == "flows/tests/mini/pedido_enviado.conv");
    const std::string& text = test->text;
    CAPTURE(text);
    CHECK(text.rfind("# Ana's order travels\nlocale es\ncustomer {", 0) == 0);
    CHECK(text.find("\"first_name\":\"Ana\"") != std::string::npos);
    CHECK(text.find("context {\"channel\":\"widget\",\"today\":\"2026-11-22\"}") !=
          std::string::npos);
    CHECK(text.find("fixture lookup_order ok {\"carrier\":\"UPS\"}\n") != std::string::npos);
    CHECK(text.find("\nopen mini\n< ¿Qué pedido?\n") != std::string::npos);
    CHECK(text.find("\n> LW-104233\naction lookup_order {\"order_number\":\"LW-104233\"}\n"
                    "< Viaja con UPS. ¿Algo más?\nreplies yes no\n") != std::string::npos);
    CHECK(text.find("\nchoose no\n< ¡Adiós!\nend resolved\n") != std::string::npos);

    seam::Result<seam::assistant::Script> script = seam::assistant::ParseScript(text, test->path);
    REQUIRE(script);
    CHECK(script->fixtures.size() == 1);
    CHECK(script->turns.size() == 3);

    // Kept with the flow in the draft set, it passes as seamd will run it before publishing.
    seam::content::Files set = rig.content.DraftSet();
    set[test->path] = text;
    std::vector<seam::content::TestRun> runs = rig.inspector.RunTests(set, "mini");
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].path == test->path);
    CHECK(runs[0].passed);
    CHECK(runs[0].report.empty());

    // New Spanish words in the flow: the saved test now fails, and says where.
    set["flows/mini.json"] = Replace(kMini, "¡Adiós!", "¡Hasta pronto!");
    runs = rig.inspector.RunTests(set, "mini");
    REQUIRE(runs.size() == 1);
    CHECK_FALSE(runs[0].passed);
    CHECK(runs[0].report.find("¡Hasta pronto!") != std::string::npos);
    CHECK(rig.inspector.RunTests(set, "kb_fallback").empty());  // tests of mini only
}

TEST_CASE("MakeTest: a run from the first message, in English, with a not-found order") {
    Rig rig;
    REQUIRE(rig.trial.TryDraft());
    rig.inspector.SelectFlow("mini");
    REQUIRE(rig.inspector.UseCustomer("tom_en"));
    REQUIRE(rig.inspector.Start(true));
    REQUIRE(rig.inspector.SendMessage("LW-999999"));
    REQUIRE(rig.inspector.AnswerAction("not_found"));
    seam::Result<SavedTest> test = rig.inspector.MakeTest("unknown_order", "");
    REQUIRE(test);
    CHECK(test->text.rfind("# Saved from the console's simulation\nlocale en\n", 0) == 0);
    CHECK(test->text.find("fixture lookup_order not_found {}\n") != std::string::npos);
    CHECK(test->text.find("< I cannot find it.\nend resolved\n") != std::string::npos);
    seam::content::Files set = rig.content.DraftSet();
    set[test->path] = test->text;
    const auto runs = rig.inspector.RunTests(set, "mini");
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].passed);
}

TEST_CASE("MakeTest: what cannot be saved says why") {
    Rig rig;
    REQUIRE(rig.trial.TryDraft());
    rig.inspector.SelectFlow("mini");
    CHECK(rig.inspector.MakeTest("x", "").error().id == "seam.console.test");  // no run
    REQUIRE(rig.inspector.Start(true));
    REQUIRE(rig.inspector.SendMessage("LW-104233"));
    seam::Result<SavedTest> waiting = rig.inspector.MakeTest("x", "");
    REQUIRE_FALSE(waiting);
    CHECK(waiting.error().message.find("waiting for its answer") != std::string::npos);
    rig.inspector.StepBack();  // the shown turn decides: up to the question, it saves
    CHECK(static_cast<bool>(rig.inspector.MakeTest("x", "")));
    CHECK_FALSE(static_cast<bool>(rig.inspector.MakeTest("Bad Name", "")));
    CHECK_FALSE(static_cast<bool>(rig.inspector.MakeTest("../x", "")));
}

// [SECTION] DraftTrial

TEST_CASE("DraftTrial: the changed flows' saved tests run after a pause; a failing one counts") {
    Rig rig;
    CHECK(DraftTrial::ChangedFlows(rig.content).empty());
    rig.Frame(DraftTrial::kSettleMs);
    CHECK_FALSE(rig.trial.pending());
    CHECK(rig.trial.runs().empty());

    // Save a run of the draft as a test: a draft file of mini's tests.
    rig.RunMini();
    REQUIRE(rig.trial.trying_current());
    REQUIRE(rig.trial.SaveRun("enviado", "Ana's parcel"));
    CHECK(rig.trial.saved_path() == "flows/tests/mini/enviado.conv");
    CHECK(rig.content.has_draft("flows/tests/mini/enviado.conv"));
    CHECK(rig.trial.message().find("saved flows/tests/mini/enviado.conv") != std::string::npos);
    CHECK(DraftTrial::ChangedFlows(rig.content) == std::vector<std::string>{"mini"});
    CHECK(rig.trial.trying_current());  // a test is not a flow: the run is still current

    rig.Frame();
    CHECK(rig.trial.pending());  // typed a moment ago: waits
    rig.Frame(DraftTrial::kSettleMs);
    CHECK_FALSE(rig.trial.pending());
    REQUIRE(rig.trial.runs().size() == 1);
    CHECK(rig.trial.failed() == 0);

    // The Spanish goodbye changes: the test fails, and the run is no longer the draft's.
    rig.content.SetDraft("flows/mini.json", Replace(kMini, "¡Adiós!", "¡Hasta pronto!"));
    rig.Frame();
    CHECK(rig.trial.pending());
    CHECK_FALSE(rig.trial.trying_current());
    CHECK_FALSE(rig.trial.SaveRun("again", ""));  // the run is of the old draft
    rig.Frame(DraftTrial::kSettleMs);
    CHECK(rig.trial.failed() == 1);
    CHECK(DraftTrial::ChangedFlows(rig.content) == std::vector<std::string>{"mini"});

    // Fixed by saving a new run of the new words over it.
    REQUIRE(rig.trial.TryDraft());
    rig.RunMini();
    REQUIRE(rig.trial.SaveRun("enviado", "Ana's parcel"));
    CHECK(rig.trial.message().find("replaced") != std::string::npos);
    rig.Frame(DraftTrial::kSettleMs);
    rig.Frame(DraftTrial::kSettleMs);
    CHECK(rig.trial.failed() == 0);
    CHECK(rig.content.DraftSet().at("flows/tests/mini/enviado.conv").find("¡Hasta pronto!") !=
          std::string::npos);
}
