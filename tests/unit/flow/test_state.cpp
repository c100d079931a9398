// tests/unit/flow/test_state.cpp — loading a conversation state (seam/flow/state.hpp,
// Engine::CheckState / LoadState), issue 17: a real state, every field of it replaced by each
// other kind of JSON value (the mutations are generated here from the state, not written by
// hand). Each must load as an error naming the field, or be a state the engine steps; none may
// abort. A stored state used to take seamd down with one wrong-typed field.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../support/files.hpp"
#include "seam/core/json_read.hpp"
#include "seam/flow/engine.hpp"
#include "seam/flow/parse.hpp"
#include "seam/flow/state.hpp"

using nlohmann::json;
using namespace seam::flow;

namespace {

SlotCheck AnyOrderNumber(const SlotSpec& slot, const std::string& text,
                         const std::vector<EntityValue>& entities, const std::string&) {
    for (const EntityValue& e : entities) {
        if (e.type == slot.type) return {true, e.value, ""};
    }
    if (text.size() == 6) return {true, "LW-" + text, ""};
    return {false, nullptr, "That doesn't look like an order number."};
}

const Engine& OrderEngine() {
    static const Engine engine = [] {
        EngineConfig config;
        std::vector<Diagnostic> diagnostics;
        Flow flow;
        ParseFlow(
            seam::testing::ReadFile(seam::testing::SourcePath("assets/flows/order_status.json")),
            "order_status.json", flow, diagnostics);
        config.flows.push_back(flow);
        config.validator = AnyOrderNumber;
        return Engine(config);
    }();
    return engine;
}

Event Message(const std::string& text, const std::string& intent) {
    Event e;
    e.kind = EventKind::kMessage;
    e.text = text;
    e.understanding.intent = intent;
    e.understanding.confidence = 0.9f;
    e.understanding.ranked = {{intent, 0.9f}};
    return e;
}

// A state as the engine leaves it mid-conversation (the order-status flow waiting for the
// order number), with every optional part of the schema present as the engine writes it.
json RealState() {
    json state = Engine::NewState("s-17", "en", {{"first_name", "Ana"}, {"verified", false}});
    auto r = OrderEngine().Step(state, Message("where is my order?", "order_status"));
    REQUIRE(r);
    REQUIRE(state["waiting"] == "input");
    REQUIRE(state["step"].is_string());
    state["slots"]["verify_email"] = "ana@example.com";
    state["slot_log"]["verify_email"] = {{"value", "ana@example.com"},
                                         {"source", "mentioned"},
                                         {"text", "ana@example.com"},
                                         {"validated_as", "email"},
                                         {"confirmed", true}};
    state["history"]["actions"].push_back(
        {{"name", "lookup_order"}, {"outcome", "ok"}, {"params", {{"order_number", "LW-1"}}}});
    state["history"]["dropped"] = {{"steps", 3}};
    state["offer"] = "resume";
    state["csat"] = 4;
    state["answer"] = {{"title", "Returns"}, {"text", "30 days"}, {"url", "/help/returns"}};
    state["interrupted"] = {{"flow", "order_status"}, {"step", "ask_order"}};
    const json listed =
        json::array({{{"value", "LW-1"}, {"label", "Boots"}, {"match", json::array({"boots"})}}});
    state["listed_options"] = listed;
    state["suspended"] = json::array({{{"flow", "order_status"},
                                       {"step", "ask_order"},
                                       {"slots", json::object()},
                                       {"slot_log", state["slot_log"]},
                                       {"result", json::object()},
                                       {"listed_options", listed}}});
    state["context"]["channel"] = "widget";
    return state;
}

// Where any value is the state's business (slot values, action results and parameters, keys
// a host or a template adds): a mutation there is a state like any other.
bool FreePath(const std::string& p) {
    static const char* const kFree[] = {"/slots/",
                                        "/result/",
                                        "/history/actions/*/params",
                                        "/history/actions/*/result",
                                        "/slot_log/*/value",
                                        "/suspended/*/slots/",
                                        "/suspended/*/result/",
                                        "/suspended/*/slot_log/*/value"};
    for (const char* free : kFree) {
        // '*' matches one path segment.
        std::size_t i = 0, j = 0;
        const std::string f = free;
        bool match = true;
        while (j < f.size()) {
            if (f[j] == '*') {
                while (i < p.size() && p[i] != '/')
                    ++i;
                ++j;
            } else if (i < p.size() && p[i] == f[j]) {
                ++i;
                ++j;
            } else {
                match = false;
                break;
            }
        }
        if (match) return true;
    }
    // Customer and context keys other than those the schema types.
    for (const char* parent : {"/customer/", "/context/"}) {
        if (p.rfind(parent, 0) != 0) continue;
        const std::string key = p.substr(std::string(parent).size());
        static const char* const kTyped[] = {"first_name", "id",      "email",    "verified_by",
                                             "verified",   "locale",  "channel",  "today",
                                             "intent",     "message", "suspended"};
        bool typed = false;
        for (const char* t : kTyped)
            typed |= key.rfind(t, 0) == 0;
        if (!typed) return true;
    }
    return false;
}

struct Mutation {
    std::string pointer;  // JSON pointer of the replaced value
    json replacement;
    bool original_null = false;
};

// Every value of `state` (every field and array element, at every depth), replaced by one value
// of each other kind.
std::vector<Mutation> Mutations(const json& state) {
    const std::vector<json> kinds = {nullptr, true, "x", 7, 2.5, json::array(), json::object()};
    std::vector<Mutation> out;
    const json flat = state.flatten();  // leaves; their parents are listed below
    std::vector<std::string> pointers;
    for (const auto& [leaf, value] : flat.items()) {
        std::string p = leaf;
        while (!p.empty()) {
            if (std::find(pointers.begin(), pointers.end(), p) == pointers.end())
                pointers.push_back(p);
            p = p.substr(0, p.rfind('/'));
        }
    }
    for (const std::string& p : pointers) {
        const json& original = state.at(json::json_pointer(p));
        for (const json& k : kinds) {
            if (seam::json_read::KindOf(k) == seam::json_read::KindOf(original) &&
                !(original.is_number_integer() && k.is_number_float()))
                continue;
            out.push_back({p, k, original.is_null()});
        }
    }
    return out;
}

// "/history/steps/2" -> "history.steps[2]", the form error messages name fields in.
std::string DottedPath(const std::string& pointer) {
    std::string out;
    std::size_t pos = 1;
    while (pos <= pointer.size()) {
        std::size_t next = pointer.find('/', pos);
        if (next == std::string::npos) next = pointer.size();
        const std::string part = pointer.substr(pos, next - pos);
        if (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos)
            out += "[" + part + "]";
        else
            out += (out.empty() ? "" : ".") + part;
        pos = next + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("state: a real state, and the engine's own states, load") {
    const json state = RealState();
    CHECK(ValidateState(state).ok());
    CHECK(OrderEngine().CheckState(state).ok());
    auto loaded = OrderEngine().LoadState(state.dump());
    REQUIRE(loaded);
    CHECK(*loaded == state);
    CHECK(ValidateState(Engine::NewState("s", "es", json::object())).ok());
    CHECK(ParseState(Engine::NewState("s", "en", json::object()).dump()).ok());
}

TEST_CASE("state: text that is not a state is an error") {
    CHECK(OrderEngine().LoadState("").error().id == "seam.json.parse");
    CHECK(OrderEngine().LoadState("{\"version\": 1,").error().id == "seam.json.parse");
    CHECK(OrderEngine().LoadState("[1,2]").error().id == "seam.engine.state");
    CHECK(OrderEngine().LoadState("\"state\"").error().id == "seam.engine.state");
    CHECK(OrderEngine().LoadState("{}").error().id == "seam.engine.state");  // no version
    json other = RealState();
    other["version"] = 2;
    CHECK(OrderEngine().CheckState(other).error().id == "seam.engine.state");
    other = RealState();
    other["flow"] = "no_such_flow";
    CHECK(OrderEngine().CheckState(other).error().id == "seam.engine.unknown_flow");
    other = RealState();
    other["step"] = nullptr;  // a running flow with no step
    CHECK(OrderEngine().CheckState(other).error().id == "seam.engine.state");
}

TEST_CASE("state: the issue's fields, each with the wrong type, are errors naming them") {
    struct Row {
        const char* pointer;
        json value;
        const char* message;
    };
    const Row rows[] = {
        {"/step", 3, "step: expected a string or null, got a number"},
        {"/locale", json::array({"en"}), "locale: expected a string, got an array"},
        {"/version", "1", "version: expected a whole number, got a string"},
        {"/history/steps/0", 12, "history.steps[0]: expected a string, got a number"},
        {"/attempts", 1.5, "attempts: expected a whole number, got a number"},
        {"/waiting", "soon", "waiting: expected null, \"input\" or \"action\", got \"soon\""},
        {"/customer/verified", "yes", "customer.verified: expected true or false, got a string"},
        {"/suspended/0/step", nullptr, "suspended[0].step: expected a string, got null"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.pointer);
        json state = RealState();
        state[json::json_pointer(row.pointer)] = row.value;
        auto checked = OrderEngine().CheckState(state);
        REQUIRE_FALSE(checked);
        CHECK(checked.error().message.find(row.message) != std::string::npos);
        // Stepping it is the same error, and leaves the state as it was.
        const json before = state;
        auto stepped = OrderEngine().Step(state, Message("104233", "oos"));
        REQUIRE_FALSE(stepped);
        CHECK(stepped.error().message == checked.error().message);
        CHECK(state == before);
    }
    json missing = RealState();
    missing.erase("slots");
    CHECK(OrderEngine().CheckState(missing).error().message ==
          "[seam.json.missing] slots: missing (expected an object)");
}

TEST_CASE("state: every field of a real state replaced by every other kind never aborts") {
    const json base = RealState();
    const std::vector<Mutation> mutations = Mutations(base);
    REQUIRE(mutations.size() > 300);
    int refused = 0, stepped = 0;
    for (const Mutation& m : mutations) {
        CAPTURE(m.pointer);
        CAPTURE(m.replacement.dump());
        json state = base;
        state[json::json_pointer(m.pointer)] = m.replacement;
        auto checked = OrderEngine().CheckState(state);
        auto loaded = OrderEngine().LoadState(state.dump());
        CHECK(loaded.ok() == checked.ok());
        const bool schema_field = !FreePath(m.pointer);
        if (schema_field && !m.replacement.is_null() &&
            !(m.original_null && m.replacement.is_string())) {
            // A typed field with a value of another kind: always refused, naming the field (or,
            // for a value nested in it, a field on the way to it).
            REQUIRE_FALSE(checked);
            std::string path = DottedPath(m.pointer);
            bool named = false;
            while (!named && !path.empty()) {
                named = checked.error().message.find(path) != std::string::npos;
                const std::size_t cut = path.find_last_of(".[");
                path = cut == std::string::npos ? std::string() : path.substr(0, cut);
            }
            CHECK_MESSAGE(named, checked.error().message);
        }
        if (!checked) {
            ++refused;
            continue;
        }
        // Loadable: the engine steps it through a message, a choice and an action result
        // without aborting (errors are allowed: an action result nobody asked for).
        ++stepped;
        json copy = state;
        (void)OrderEngine().Step(copy, Message("104233", "oos"));
        copy = state;
        Event choice;
        choice.kind = EventKind::kChoice;
        choice.value = "resume";
        (void)OrderEngine().Step(copy, choice);
        copy = state;
        Event result;
        result.kind = EventKind::kActionResult;
        result.outcome = "ok";
        result.result = {{"shipped", true}};
        (void)OrderEngine().Step(copy, result);
        copy = state;
        (void)OrderEngine().Step(copy, Message("talk to a person", "talk_to_human"));
    }
    CHECK(refused > 0);
    CHECK(stepped > 0);
}
