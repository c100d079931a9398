// shared/src/assistant/conversation.cpp — parsing and running .conv conversation tests.
#include "seam/assistant/conversation.hpp"

#include <algorithm>

#include "seam/core/json_read.hpp"
#include "seam/core/json_text.hpp"

namespace seam::assistant {

namespace {

using nlohmann::json;

std::string Trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

bool StartsWith(const std::string& s, std::string_view prefix) {
    return s.rfind(prefix, 0) == 0;
}

}  // namespace

Result<Script> ParseScript(std::string_view text, std::string_view source) {
    Script script;
    script.source = std::string(source);
    int line_no = 0;
    std::size_t pos = 0;
    TurnSpec* turn = nullptr;
    auto fail = [&](const std::string& message) {
        return Error::Make("seam.conv.syntax",
                           script.source + ":" + std::to_string(line_no) + ": " + message);
    };
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string line = Trim(text.substr(pos, end - pos));
        ++line_no;
        pos = end + 1;
        if (line.empty()) {
            if (end == text.size()) break;
            continue;
        }
        if (line[0] == '#') {
            if (script.description.empty() && script.turns.empty())
                script.description = Trim(line.substr(1));
        } else if (StartsWith(line, "> ") || line == ">" || StartsWith(line, "choose ")) {
            TurnSpec t;
            t.line = line_no;
            t.choice = line[0] == 'c';
            t.input = Trim(line.substr(t.choice ? 7 : 1));
            script.turns.push_back(std::move(t));
            turn = &script.turns.back();
        } else if (StartsWith(line, "open ")) {
            TurnSpec t;
            t.line = line_no;
            const std::string rest = Trim(line.substr(5));
            const auto space = rest.find(' ');
            t.open_flow = rest.substr(0, space);
            if (space != std::string::npos) {
                t.open_slots = json::parse(Trim(rest.substr(space + 1)), nullptr, false);
                if (t.open_slots.is_discarded() || !t.open_slots.is_object())
                    return fail("open FLOW [JSON object of slots]");
            }
            t.input = rest;
            script.turns.push_back(std::move(t));
            turn = &script.turns.back();
        } else if (!turn) {
            const auto space = line.find(' ');
            const std::string key = line.substr(0, space);
            const std::string rest = space == std::string::npos ? "" : Trim(line.substr(space + 1));
            if (key == "locale" && !rest.empty()) {
                script.locale = rest;
            } else if (key == "account" && !rest.empty()) {
                script.account = rest;
            } else if (key == "customer" || key == "context") {
                const json j = json::parse(rest, nullptr, false);
                if (j.is_discarded() || !j.is_object()) return fail(key + " needs a JSON object");
                (key == "customer" ? script.customer : script.context) = j;
            } else if (key == "fixture") {
                const auto a = rest.find(' ');
                const auto b = a == std::string::npos ? a : rest.find(' ', a + 1);
                if (a == std::string::npos) return fail("fixture ACTION OUTCOME [JSON]");
                Fixture f;
                f.line = line_no;
                f.action = rest.substr(0, a);
                f.outcome =
                    rest.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
                f.result = json::object();
                if (b != std::string::npos) {
                    f.result = json::parse(rest.substr(b + 1), nullptr, false);
                    if (f.result.is_discarded()) return fail("the fixture's result is not JSON");
                }
                script.fixtures.push_back(std::move(f));
            } else {
                return fail("unknown header line \"" + key +
                            "\" (locale, customer, context, fixture, account, or a turn: > ..., "
                            "choose ..., open ...)");
            }
        } else if (StartsWith(line, "intent ")) {
            turn->intent = Trim(line.substr(7));
        } else if (StartsWith(line, "slot ")) {
            const std::string rest = Trim(line.substr(5));
            const auto space = rest.find(' ');
            if (space == std::string::npos) return fail("slot NAME JSON");
            const json v = json::parse(rest.substr(space + 1), nullptr, false);
            if (v.is_discarded()) return fail("the slot value is not JSON (quote strings)");
            turn->slots.emplace_back(rest.substr(0, space), v);
        } else if (StartsWith(line, "< ") || StartsWith(line, "replies") ||
                   StartsWith(line, "action ") || StartsWith(line, "handoff ") ||
                   StartsWith(line, "end ")) {
            if (StartsWith(line, "action ")) {  // normalise the JSON so spacing does not matter
                const std::string rest = line.substr(7);
                const auto space = rest.find(' ');
                const json params = json::parse(
                    space == std::string::npos ? "{}" : rest.substr(space + 1), nullptr, false);
                if (params.is_discarded()) return fail("the action's parameters are not JSON");
                turn->expect.push_back("action " + rest.substr(0, space) + " " + params.dump());
            } else {
                turn->expect.push_back(line);
            }
        } else {
            return fail(
                "unknown line: expected <, replies, action, handoff, end, intent, slot, >, "
                "choose or open");
        }
        if (end == text.size()) break;
    }
    if (script.turns.empty()) return fail("no turns (lines starting with >, choose or open)");
    return script;
}

std::string RenderEffect(const flow::Effect& e) {
    switch (e.kind) {
        case flow::EffectKind::kSay:
            return "< " + e.text;
        case flow::EffectKind::kQuickReplies: {
            std::string s = "replies";
            for (const auto& [value, label] : e.options)
                s += " " + value;
            return s;
        }
        case flow::EffectKind::kAction:
            return "action " + e.name + " " + DumpJson(e.params);  // dump() aborts on bad UTF-8
        case flow::EffectKind::kHandoff:
            return "handoff " + json_read::StringOr(e.handoff, "reason") + " " +
                   json_read::StringOr(e.handoff, "queue") + " " +
                   json_read::StringOr(e.handoff, "priority");
        case flow::EffectKind::kEnd:
            return "end " + e.outcome;
    }
    return "";
}

RunResult RunScript(const Script& script, const flow::Engine& engine,
                    const Understander& understander) {
    RunResult run;
    json state = flow::Engine::NewState(script.source, script.locale, script.customer);
    for (const auto& [k, v] : script.context.items())
        state["context"][k] = v;
    std::vector<bool> used(script.fixtures.size(), false);

    for (const TurnSpec& t : script.turns) {
        TurnFailure failure;
        failure.line = t.line;
        failure.input = (!t.open_flow.empty() ? "open " : t.choice ? "choose " : "> ") + t.input;
        flow::Event event;
        std::string understood;
        if (!t.open_flow.empty()) {
            // What the proactive trigger passes: slots first, then the flow starts with them.
            // They were set by the host, not said by the customer: source "set", as a flow's
            // own "set" step records (a handoff payload names it so), and already confirmed (a
            // choice on one goes on without "Noted: ..."), as seamd's proactive messages do.
            for (const auto& [name, value] : t.open_slots.items()) {
                state["slots"][name] = value;
                state["slot_log"][name] = {
                    {"value", value}, {"source", "set"}, {"confirmed", true}};
            }
            event.kind = flow::EventKind::kStart;
            event.flow = t.open_flow;
        } else if (t.choice) {
            event.kind = flow::EventKind::kChoice;
            event.value = t.input;
            event.text = t.input;
        } else {
            event = MessageEvent(understander, t.input, script.locale);
            understood = event.understanding.intent;
        }
        std::vector<std::string> actual;
        for (int hop = 0; hop < 16; ++hop) {
            Result<std::vector<flow::Effect>> effects = engine.Step(state, event);
            if (!effects) {
                failure.note = effects.error().message;
                break;
            }
            const flow::Effect* action = nullptr;
            for (const flow::Effect& e : *effects) {
                actual.push_back(RenderEffect(e));
                if (e.kind == flow::EffectKind::kHandoff) run.handoffs.push_back(e.handoff);
                if (e.kind == flow::EffectKind::kAction) action = &e;
            }
            if (!action) break;
            // Answer the action from the next unused fixture for it.
            std::size_t i = 0;
            while (i < script.fixtures.size() &&
                   (used[i] || script.fixtures[i].action != action->name))
                ++i;
            if (i == script.fixtures.size()) {
                failure.note = "no fixture left for action " + action->name;
                break;
            }
            used[i] = true;
            event = flow::Event{};
            event.kind = flow::EventKind::kActionResult;
            event.outcome = script.fixtures[i].outcome;
            event.result = script.fixtures[i].result;
        }
        if (!t.intent.empty() && t.intent != understood) {
            failure.note += (failure.note.empty() ? "" : "; ") + std::string("intent: expected ") +
                            t.intent + ", understood " +
                            (understood.empty() ? "(none)" : understood);
        }
        for (const auto& [slot, value] : t.slots) {
            const json& have = state["slots"].contains(slot) ? state["slots"][slot] : json(nullptr);
            if (have != value) {
                failure.note += (failure.note.empty() ? "" : "; ") + std::string("slot ") + slot +
                                ": expected " + value.dump() + ", got " + have.dump();
            }
        }
        run.transcript.push_back(failure.input);
        run.transcript.insert(run.transcript.end(), actual.begin(), actual.end());
        if (actual != t.expect || !failure.note.empty()) {
            failure.expected = t.expect;
            failure.actual = actual;
            run.failures.push_back(std::move(failure));
            run.passed = false;
        }
    }
    run.state = state;
    return run;
}

std::string FormatFailure(const Script& script, const TurnFailure& f) {
    std::string out = script.source + ":" + std::to_string(f.line) + ": " + f.input + "\n";
    if (!f.note.empty()) out += "  " + f.note + "\n";
    if (f.expected != f.actual) {
        // A line-by-line diff: '-' expected only, '+' actual only, ' ' both.
        const std::size_t n = std::max(f.expected.size(), f.actual.size());
        for (std::size_t i = 0; i < n; ++i) {
            const bool has_e = i < f.expected.size();
            const bool has_a = i < f.actual.size();
            if (has_e && has_a && f.expected[i] == f.actual[i]) {
                out += "    " + f.expected[i] + "\n";
                continue;
            }
            if (has_e) out += "  - " + f.expected[i] + "\n";
            if (has_a) out += "  + " + f.actual[i] + "\n";
        }
    }
    return out;
}

}  // namespace seam::assistant
