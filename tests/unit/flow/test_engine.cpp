// tests/unit/flow/test_engine.cpp — the executor on the demo order-status flow: happy path,
// exhausted re-prompts, global intents, digressions, corrections, resuming from saved state.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/files.hpp"
#include "seam/flow/engine.hpp"
#include "seam/flow/parse.hpp"
#include "seam/flow/state.hpp"

using nlohmann::json;
using namespace seam::flow;

namespace {

// The engine's collaborator for validation, reduced to the one slot type this flow asks for:
// an entity of the slot's type, or digits that make a six-digit order number.
SlotCheck OrderNumberOnly(const SlotSpec& slot, const std::string& text,
                          const std::vector<EntityValue>& entities, const std::string&) {
    for (const EntityValue& e : entities) {
        if (e.type == slot.type) return {true, e.value, ""};
    }
    std::string digits;
    for (char c : text) {
        if (c >= '0' && c <= '9') digits.push_back(c);
    }
    if (slot.type == "order_number" && digits.size() == 6) return {true, "LW-" + digits, ""};
    return {false, nullptr, "That doesn't look like an order number."};
}

const Engine& DemoEngine() {
    static const Engine engine = [] {
        EngineConfig config;
        std::vector<Diagnostic> diagnostics;
        Flow flow;
        ParseFlow(
            seam::testing::ReadFile(seam::testing::SourcePath("assets/flows/order_status.json")),
            "order_status.json", flow, diagnostics);
        config.flows.push_back(flow);
        config.validator = OrderNumberOnly;
        return Engine(config);
    }();
    return engine;
}

Event Message(const std::string& text, const std::string& intent,
              std::vector<EntityValue> entities = {}) {
    Event e;
    e.kind = EventKind::kMessage;
    e.text = text;
    e.understanding.intent = intent;
    e.understanding.confidence = 0.9f;
    e.understanding.ranked = {{intent, 0.9f}};
    e.understanding.entities = std::move(entities);
    return e;
}

Event ActionResult(const std::string& outcome, json result) {
    Event e;
    e.kind = EventKind::kActionResult;
    e.outcome = outcome;
    e.result = std::move(result);
    return e;
}

// A compact transcript of effects: "say: ...", "replies: a|b", "action: name {...}", "handoff:
// reason", "end: outcome".
std::vector<std::string> Render(const std::vector<Effect>& effects) {
    std::vector<std::string> out;
    for (const Effect& e : effects) {
        switch (e.kind) {
            case EffectKind::kSay:
                out.push_back("say: " + e.text);
                break;
            case EffectKind::kQuickReplies: {
                std::string s = "replies:";
                for (const auto& [value, label] : e.options)
                    s += " " + value;
                out.push_back(s);
                break;
            }
            case EffectKind::kAction:
                out.push_back("action: " + e.name + " " + e.params.dump());
                break;
            case EffectKind::kHandoff:
                out.push_back("handoff: " + e.handoff["reason"].get<std::string>());
                break;
            case EffectKind::kEnd:
                out.push_back("end: " + e.outcome);
                break;
        }
    }
    return out;
}

std::vector<std::string> Play(json& state, const Event& event) {
    auto r = DemoEngine().Step(state, event);
    if (!r.ok()) return {"error: " + r.error().id};
    return Render(*r);
}

const json kShipped = {{"shipped", true},
                       {"carrier", "UPS"},
                       {"status", "in transit"},
                       {"eta", "Thursday"},
                       {"tracking_url", "https://t.example/1Z999"}};

}  // namespace

TEST_CASE("engine: order status, slot filled from the first message, through to CSAT") {
    json state = Engine::NewState("s-1", "en", {{"first_name", "Ana"}, {"verified", true}});
    CHECK(Play(state, Message("where is my order LW-104233?", "order_status",
                              {{"order_number", "LW-104233", "LW-104233"}})) ==
          std::vector<std::string>{"action: lookup_order {\"order_number\":\"LW-104233\"}"});
    CHECK(state["waiting"] == "action");
    const auto after = Play(state, ActionResult("ok", kShipped));
    SEAM_REQUIRE_OR_RETURN(after.size() == 2);
    CHECK(after[0] ==
          "say: LW-104233 is on its way with UPS: in transit, expected Thursday. Tracking: "
          "https://t.example/1Z999");
    // The answer first, then an accessory to mention (issue 18): one line, or none.
    CHECK(after[1] ==
          "action: recommend {\"context\":\"accessory\",\"order_number\":\"LW-104233\"}");
    const auto wrap = Play(state, ActionResult("none", json::object()));
    SEAM_REQUIRE_OR_RETURN(wrap.size() == 2);
    CHECK(wrap[0] == "say: Anything else I can help with?");
    CHECK(wrap[1] == "replies: yes no");
    CHECK(Play(state, Message("no thanks", "deny")) ==
          std::vector<std::string>{"say: How did I do? Rate this chat from 1 to 5.",
                                   "replies: 1 2 3 4 5"});
    CHECK(Play(state, Message("5", "oos")) ==
          std::vector<std::string>{"say: Thanks for the feedback!", "end: resolved"});
    CHECK(state["status"] == "resolved");
    CHECK(state["csat"] == 5);
    CHECK(state["history"]["actions"][0]["outcome"] == "ok");
}

TEST_CASE("engine: Spanish phrasings come from the same flow") {
    json state = Engine::NewState("s-es", "es-MX", json::object());
    const auto first = Play(state, Message("¿dónde está mi pedido?", "order_status"));
    SEAM_REQUIRE_OR_RETURN(first.size() == 1);
    CHECK(first[0].rfind("say: ", 0) == 0);
    CHECK((first[0].find("pedido") != std::string::npos));
}

TEST_CASE("engine: invalid answers are re-prompted differently, then handed off with context") {
    json state = Engine::NewState("s-2", "en", {{"first_name", "Ben"}, {"verified", false}});
    const auto ask = Play(state, Message("where's my stuff", "order_status"));
    SEAM_REQUIRE_OR_RETURN(ask.size() == 1);
    const auto r1 = Play(state, Message("the blue one", "oos"));
    const auto r2 = Play(state, Message("no idea sorry", "oos"));
    SEAM_REQUIRE_OR_RETURN(r1.size() == 1);
    SEAM_REQUIRE_OR_RETURN(r2.size() == 1);
    CHECK(r1[0] != r2[0]);  // never the same words twice
    CHECK(r1[0].find("doesn't look like an order number") != std::string::npos);
    json before = state;
    const auto r3 = Play(state, Message("what?", "oos"));
    CHECK(r3 == std::vector<std::string>{
                    "say: I'm bringing in a colleague who can look into this order with you.",
                    "handoff: order_lookup_failed"});
    CHECK(state["status"] == "escalated");
    // The transcript went with it: everything the customer said.
    int customer_lines = 0;
    for (const json& line : state["history"]["transcript"])
        customer_lines += line["from"] == "customer";
    CHECK(customer_lines == 4);
}

TEST_CASE("engine: global intents — cancel, talk to a human, start over") {
    json state = Engine::NewState("s-3", "en", json::object());
    Play(state, Message("track my order", "order_status"));
    CHECK(Play(state, Message("forget it", "cancel")) ==
          std::vector<std::string>{
              "say: OK, I've stopped that. Is there anything else I can help with?",
              "end: abandoned"});
    CHECK(state["status"] == "abandoned");

    json human = Engine::NewState("s-4", "en", json::object());
    Play(human,
         Message("order 104233 status", "order_status", {{"order_number", "LW-104233", "104233"}}));
    auto r = DemoEngine().Step(human, Message("let me talk to a person", "talk_to_human"));
    SEAM_REQUIRE_OR_RETURN(r.ok());
    const Effect& handoff = r->back();
    SEAM_REQUIRE_OR_RETURN(handoff.kind == EffectKind::kHandoff);
    CHECK(handoff.handoff["reason"] == "customer_request");
    CHECK(handoff.handoff["slots"][0]["slot"] == "order_number");
    CHECK(handoff.handoff["slots"][0]["value"] == "LW-104233");
    CHECK(handoff.handoff["slots"][0]["source"] == "first_message");
    CHECK(handoff.handoff["summary"].get<std::string>().find("order_number = LW-104233") !=
          std::string::npos);

    json again = Engine::NewState("s-5", "en", json::object());
    Play(again, Message("where is my order", "order_status"));
    Play(again, Message("104233", "oos"));
    CHECK(again["slots"]["order_number"] == "LW-104233");
    const auto restart = Play(again, Message("start over", "start_over"));
    SEAM_REQUIRE_OR_RETURN(!restart.empty());
    CHECK(restart[0] == "say: Sure, let's start again.");
    CHECK(!again["slots"].contains("order_number"));
}

TEST_CASE("engine: a knowledge question mid-flow is answered, then the step is asked again") {
    json state = Engine::NewState("s-6", "en", json::object());
    Play(state, Message("where is my order", "order_status"));
    Event question = Message("how much is express shipping?", "oos");
    question.understanding.has_answer = true;
    question.understanding.answer_text = "Express shipping is $14.95 and takes 1-2 business days.";
    question.understanding.answer_url = "/help/shipping";
    const auto r = Play(state, question);
    SEAM_REQUIRE_OR_RETURN(r.size() == 3);
    CHECK(r[0] == "say: Express shipping is $14.95 and takes 1-2 business days. (/help/shipping)");
    CHECK(r[1] == "say: Now, back to where we were:");
    CHECK(state["step"] == "ask_order");
    CHECK(state["attempts"] == 0);  // a digression is not a failed attempt
}

TEST_CASE("engine: a correction replaces a slot the customer already gave") {
    json state = Engine::NewState("s-7", "en", json::object());
    Play(state, Message("where is LW-104233", "order_status",
                        {{"order_number", "LW-104233", "LW-104233"}}));
    Play(state, ActionResult("ok", kShipped));
    Play(state, ActionResult("none", json::object()));  // no accessory to mention
    CHECK(state["step"] == "more");
    Play(state, Message("actually it's order 104299", "order_status",
                        {{"order_number", "LW-104299", "104299"}}));
    CHECK(state["slots"]["order_number"] == "LW-104299");
    CHECK(state["slot_log"]["order_number"]["source"] == "correction");
}

TEST_CASE("engine: state is JSON — a conversation resumes on another device unchanged") {
    json a = Engine::NewState("s-8", "en", {{"first_name", "Ana"}});
    Play(a, Message("where is my order", "order_status"));
    json b = json::parse(a.dump());  // saved by one channel, loaded by another
    const Event answer = Message("LW-104233", "oos", {{"order_number", "LW-104233", "LW-104233"}});
    CHECK(Play(a, answer) == Play(b, answer));
    CHECK(a == b);
}

TEST_CASE("engine: events that do not fit are refused and change nothing") {
    json state = Engine::NewState("s-9", "en", json::object());
    const json before = state;
    CHECK(Play(state, ActionResult("ok", json::object())) ==
          std::vector<std::string>{"error: seam.engine.unexpected_result"});
    CHECK(state == before);
    Event start;
    start.kind = EventKind::kStart;
    start.flow = "no_such_flow";
    CHECK(Play(state, start) == std::vector<std::string>{"error: seam.engine.unknown_flow"});
    json garbage = {{"hello", "world"}};
    CHECK(Play(garbage, Message("hi", "greeting")) ==
          std::vector<std::string>{"error: seam.engine.state"});
}

TEST_CASE("engine: no flow running — small talk, did-you-mean, not sure") {
    json state = Engine::NewState("s-10", "en", json::object());
    const auto hi = Play(state, Message("hello", "greeting"));
    SEAM_REQUIRE_OR_RETURN(hi.size() == 1);
    CHECK(hi[0].rfind("say: Hi!", 0) == 0);
    Event vague = Message("my order thing", "order_status");
    vague.understanding.ambiguous = true;
    vague.understanding.ranked = {{"order_status", 0.45f}, {"return_item", 0.40f}};
    const auto dym = Play(state, vague);
    CHECK(dym == std::vector<std::string>{"say: Did you mean one of these?",
                                          "replies: order_status return_item talk_to_human"});
    const auto unsure = Play(state, Message("purple monkey dishwasher", "oos"));
    SEAM_REQUIRE_OR_RETURN(unsure.size() == 2);
    CHECK(unsure[0].find("not sure") != std::string::npos);
}

TEST_CASE("engine: a long conversation's history keeps the recent part and counts the rest") {
    json state = Engine::NewState("s-11", "en", json::object());
    for (int i = 0; i < 150; ++i) {
        (void)Play(state, Message("hello " + std::to_string(i), "greeting"));
    }
    const json& history = state["history"];
    CHECK(history["transcript"].size() == 24);
    CHECK(history["intents"].size() == 12);
    CHECK(history["intents"].back()["intent"] == "greeting");
    // 150 customer lines + 150 replies were said; the newest 24 are kept, in order.
    CHECK(history["dropped"]["transcript"] == 276);
    CHECK(history["dropped"]["intents"] == 138);
    CHECK(history["transcript"].back()["from"] == "seam");
    CHECK(history["transcript"][22]["text"] == "hello 149");
}

TEST_CASE("engine: a state for a host that keeps the transcript (issue 20) stays without one") {
    json state = Engine::NewState("s-20", "en", json::object(), Engine::Transcript::kWithHost);
    CHECK_FALSE(state["history"].contains("transcript"));
    CHECK(seam::flow::ValidateState(state).ok());
    for (int i = 0; i < 30; ++i) {
        (void)Play(state, Message("hello " + std::to_string(i), "greeting"));
    }
    CHECK_FALSE(state["history"].contains("transcript"));
    CHECK_FALSE(state["history"]["dropped"].contains("transcript"));
    // The same words as with a transcript in the state: the lines are the host's to keep.
    json kept = Engine::NewState("s-20", "en", json::object());
    json host = Engine::NewState("s-20", "en", json::object(), Engine::Transcript::kWithHost);
    for (const char* text : {"where is my order", "no idea"}) {
        CHECK(Play(kept, Message(text, text[0] == 'w' ? "order_status" : "oos")) ==
              Play(host, Message(text, text[0] == 'w' ? "order_status" : "oos")));
    }
    // A handoff's payload has an empty transcript for the host to fill.
    auto r = DemoEngine().Step(host, Message("let me talk to a person", "talk_to_human"));
    SEAM_REQUIRE_OR_RETURN(r.ok());
    SEAM_REQUIRE_OR_RETURN(r->back().kind == EffectKind::kHandoff);
    CHECK(r->back().handoff["transcript"] == json::array());
}

TEST_CASE("engine: DropTranscript turns an older state into one without its lines, totally") {
    json state = Engine::NewState("s-21", "en", json::object());
    for (int i = 0; i < 20; ++i) {
        (void)Play(state, Message("hello " + std::to_string(i), "greeting"));
    }
    REQUIRE(state["history"]["dropped"].contains("transcript"));
    Engine::DropTranscript(state);
    CHECK_FALSE(state["history"].contains("transcript"));
    CHECK_FALSE(state["history"]["dropped"].contains("transcript"));
    CHECK(state["history"]["dropped"].contains("intents"));
    CHECK(DemoEngine().CheckState(state).ok());
    CHECK_FALSE(Play(state, Message("hello again", "greeting")).empty());
    // Any shape: left as it was, never an abort.
    for (json odd : {json(), json::array({1, 2}), json{{"history", 3}},
                     json{{"history", {{"transcript", 1}, {"dropped", "x"}}}}}) {
        const json before = odd;
        Engine::DropTranscript(odd);
        if (before.is_object() && before["history"].is_object())
            CHECK_FALSE(odd["history"].contains("transcript"));
        else
            CHECK(odd == before);
    }
}
