// shared/src/flow/engine.cpp — the flow executor (see engine.hpp for the per-turn order).
//
// Index of this file
// [SECTION] Built-in phrasings
// [SECTION] Turn: one Step() call's working set
// [SECTION] Running steps
// [SECTION] Consuming the customer's input
// [SECTION] Handoff and finishing
// [SECTION] Engine::Step
#include "seam/flow/engine.hpp"

#include <algorithm>
#include <set>

#include "seam/core/hash.hpp"
#include "seam/flow/context.hpp"
#include "seam/text/normalize.hpp"

namespace seam::flow {

namespace {

using nlohmann::json;

constexpr int kStateVersion = 1;
constexpr int kMaxStepsPerTurn = 64;

//-----------------------------------------------------------------------------
// [SECTION] Built-in phrasings
//-----------------------------------------------------------------------------

// Things the engine itself says (flows say everything else). English and Spanish.
const char* Builtin(const std::string& locale, const std::string& key) {
    const bool es = locale.rfind("es", 0) == 0;
    struct Entry {
        const char* key;
        const char* en;
        const char* es;
    };
    static const Entry kEntries[] = {
        {"cancelled", "OK, I've stopped that. Is there anything else I can help with?",
         "De acuerdo, lo dejo aquí. ¿Hay algo más en lo que pueda ayudarte?"},
        {"nothing_to_cancel", "No problem. What can I help you with?",
         "Sin problema. ¿En qué puedo ayudarte?"},
        {"start_over", "Sure, let's start again.", "Claro, empecemos de nuevo."},
        {"handoff",
         "I'm connecting you with a person from our team. They'll see everything we've covered, so "
         "you won't need to repeat yourself.",
         "Te paso con una persona del equipo. Verá todo lo que hemos hablado, así que no tendrás "
         "que repetir nada."},
        {"not_sure",
         "I'm not sure I understood. Is it one of these, or would you like to talk to a person?",
         "No estoy seguro de haberte entendido. ¿Es alguna de estas opciones o prefieres hablar "
         "con una persona?"},
        {"did_you_mean", "Did you mean one of these?", "¿Te refieres a alguna de estas opciones?"},
        {"talk_to_human", "Talk to a person", "Hablar con una persona"},
        {"greeting",
         "Hi! I can check orders, start returns and refunds, change deliveries and more. What can "
         "I do for you?",
         "¡Hola! Puedo consultar pedidos, tramitar devoluciones y reembolsos, cambiar entregas y "
         "más. ¿Qué necesitas?"},
        {"thanks", "You're welcome! Anything else?", "¡De nada! ¿Algo más?"},
        {"goodbye", "Thanks for chatting with Larchwood. Have a great day!",
         "Gracias por escribir a Larchwood. ¡Que tengas un buen día!"},
        {"pick_option", "Please pick one of the options.", "Elige una de las opciones, por favor."},
        {"rating_range", "Please answer with a number from 1 to 5.",
         "Responde con un número del 1 al 5, por favor."},
        {"exhausted", "This isn't working as it should — let me get a person to help.",
         "Esto no está funcionando como debería; te paso con una persona."},
        {"noted", "Got it, I've updated that.", "Entendido, lo he actualizado."},
        {"back_to", "Now, back to where we were:", "Volviendo a lo que estábamos:"},
        {"thanks_rating", "Thanks for the feedback!", "¡Gracias por tu valoración!"},
        {"card_refused",
         "For your security, please never send card numbers in chat — I've removed it and kept "
         "nothing. I never need your card number.",
         "Por tu seguridad, no envíes nunca números de tarjeta por el chat: lo he eliminado y no "
         "he guardado nada. Nunca necesito tu número de tarjeta."},
    };
    for (const Entry& e : kEntries) {
        if (key == e.key) return es ? e.es : e.en;
    }
    return "";
}

std::string Folded(const std::string& s) {
    text::NormalizeOptions o;
    o.strip_punctuation = true;
    return text::Normalize(s, o);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Turn: one Step() call's working set
//-----------------------------------------------------------------------------

struct Engine::Turn {
    json& state;
    std::vector<Effect> effects;
    const Flow* flow = nullptr;

    std::string Locale() const { return state.value("locale", std::string("en")); }

    json Context() const {
        return {{"slot", state["slots"]},
                {"customer", state["customer"]},
                {"result", state["result"]},
                {"context", state["context"]},
                {"answer", state.contains("answer") ? state["answer"] : json::object()}};
    }

    void Say(const std::string& text) {
        if (text.empty()) return;
        effects.push_back({EffectKind::kSay, text, {}, {}, nullptr, nullptr, {}});
        state["history"]["transcript"].push_back({{"from", "seam"}, {"text", text}});
    }

    void SayText(const Text& t, const std::string& salt) {
        if (t.empty()) return;
        const std::uint64_t seed = Fnv1a64(salt, Fnv1a64(state.value("session", std::string()))) +
                                   static_cast<std::uint64_t>(state.value("attempts", 0));
        Say(RenderTemplate(PickPhrasing(t, Locale(), seed), Context()));
    }

    void QuickReplies(std::vector<std::pair<std::string, std::string>> options) {
        Effect e;
        e.kind = EffectKind::kQuickReplies;
        e.options = std::move(options);
        effects.push_back(std::move(e));
    }
};

Engine::Engine(EngineConfig config) : config_(std::move(config)) {}

json Engine::NewState(const std::string& session_id, const std::string& locale,
                      const json& customer) {
    return {{"version", kStateVersion},
            {"session", session_id},
            {"locale", locale},
            {"customer", customer.is_object() ? customer : json::object()},
            {"context", {{"locale", locale}}},
            {"flow", nullptr},
            {"step", nullptr},
            {"waiting", nullptr},
            {"attempts", 0},
            {"slots", json::object()},
            {"slot_log", json::object()},
            {"result", json::object()},
            {"status", "open"},
            {"history",
             {{"intents", json::array()},
              {"actions", json::array()},
              {"steps", json::array()},
              {"flows", json::array()},
              {"transcript", json::array()}}}};
}

// An entity's value as the slot's validator normalises it (the same value an answer to the ask
// step would get); null when it does not validate.
json Engine::Checked(const SlotSpec& spec, const EntityValue& e, const std::string& locale) const {
    if (!config_.validator) return e.value;
    const SlotCheck check = config_.validator(spec, e.text, {e}, locale);
    return check.ok ? check.value : json();
}

const Flow* Engine::FindFlow(const std::string& id) const {
    for (const Flow& f : config_.flows) {
        if (f.id == id) return &f;
    }
    return nullptr;
}

const Flow* Engine::FlowForIntent(const std::string& intent) const {
    for (const Flow& f : config_.flows) {
        if (std::find(f.intents.begin(), f.intents.end(), intent) != f.intents.end()) return &f;
    }
    return nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] Running steps
//-----------------------------------------------------------------------------

void Engine::Enter(Turn& turn, const std::string& step_id) const {
    turn.state["step"] = step_id;
    turn.state["attempts"] = 0;
    turn.state["waiting"] = nullptr;
    turn.state["history"]["steps"].push_back(step_id);
}

void Engine::StartFlow(Turn& turn, const Flow& flow, const Event* first_message) const {
    turn.flow = &flow;
    turn.state["flow"] = flow.id;
    turn.state["status"] = "active";
    turn.state["history"]["flows"].push_back(flow.id);
    // Slot filling from the first message: "return order 104233, it's too small". What the
    // customer says now wins over a value carried from an earlier flow (they asked about one
    // order, now they return another); without a mention the carried value stays.
    if (first_message) {
        turn.state["context"]["intent"] = first_message->understanding.intent;
        for (const auto& [name, spec] : flow.slots) {
            if (!spec.prefill) continue;
            for (const EntityValue& e : first_message->understanding.entities) {
                if (e.type != spec.type) continue;
                const json value = Checked(spec, e, turn.Locale());
                if (value.is_null()) continue;
                turn.state["slots"][name] = value;
                turn.state["slot_log"][name] = {{"value", value},
                                                {"source", "first_message"},
                                                {"text", e.text},
                                                {"validated_as", spec.type}};
                break;
            }
        }
    }
    Enter(turn, flow.start);
    Run(turn);
}

void Engine::Run(Turn& turn) const {
    for (int guard = 0; guard < kMaxStepsPerTurn; ++guard) {
        if (!turn.flow || !turn.state["step"].is_string()) return;
        const flow::Step* step = turn.flow->Find(turn.state["step"].get<std::string>());
        if (!step) {
            Handoff(turn, "flow_error", "general", "high");
            return;
        }
        switch (step->kind) {
            case StepKind::kMessage:
                turn.SayText(step->say, step->id);
                Enter(turn, step->next);
                break;
            case StepKind::kAsk:
                if (turn.state["slots"].contains(step->slot) &&
                    !turn.state["slots"][step->slot].is_null()) {
                    Enter(turn, step->next);  // already given (first message, correction)
                    break;
                }
                turn.SayText(step->say, step->id);
                turn.state["waiting"] = "input";
                return;
            case StepKind::kChoice: {
                turn.SayText(step->say, step->id);
                std::vector<std::pair<std::string, std::string>> options;
                for (const ChoiceOption& o : step->options) {
                    options.emplace_back(
                        o.value,
                        RenderTemplate(PickPhrasing(o.label, turn.Locale(), 0), turn.Context()));
                }
                turn.QuickReplies(std::move(options));
                turn.state["waiting"] = "input";
                return;
            }
            case StepKind::kBranch: {
                std::string next = step->otherwise;
                const json context = turn.Context();
                for (const BranchCase& c : step->cases) {
                    const Result<bool> r = EvaluateCondition(c.when, context);
                    if (r.ok() && *r) {
                        next = c.next;
                        break;
                    }
                }
                Enter(turn, next);
                break;
            }
            case StepKind::kAction: {
                Effect e;
                e.kind = EffectKind::kAction;
                e.name = step->action;
                e.params = json::object();
                const json context = turn.Context();
                for (const auto& [name, value] : step->params) {
                    // A lone placeholder keeps the slot's JSON type (numbers stay numbers).
                    const bool lone =
                        value.rfind("{{", 0) == 0 && value.find("}}") == value.size() - 2;
                    if (lone) {
                        std::string var = value.substr(2, value.size() - 4);
                        var.erase(0, var.find_first_not_of(' '));
                        var.erase(var.find_last_not_of(' ') + 1);
                        e.params[name] = Lookup(context, var);
                    } else {
                        e.params[name] = RenderTemplate(value, context);
                    }
                }
                json record = {{"name", step->action}, {"outcome", nullptr}};
                record["params"] = e.params;
                turn.state["history"]["actions"].push_back(std::move(record));
                turn.effects.push_back(std::move(e));
                turn.state["waiting"] = "action";
                return;
            }
            case StepKind::kSet: {
                const json context = turn.Context();
                for (const auto& [slot, value] : step->values) {
                    json v = value;
                    if (value.is_string()) v = RenderTemplate(value.get<std::string>(), context);
                    if (v.is_null()) {
                        turn.state["slots"].erase(slot);
                        turn.state["slot_log"].erase(slot);
                    } else {
                        turn.state["slots"][slot] = v;
                        turn.state["slot_log"][slot] = {{"value", v}, {"source", "set"}};
                    }
                }
                Enter(turn, step->next);
                break;
            }
            case StepKind::kHandoff:
                turn.SayText(step->say, step->id);
                Handoff(turn, step->reason, step->queue, step->priority);
                if (step->next.empty()) return;
                Enter(turn, step->next);
                break;
            case StepKind::kCsat:
                turn.SayText(step->say, step->id);
                turn.QuickReplies({{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}});
                turn.state["waiting"] = "input";
                return;
            case StepKind::kEnd:
                turn.SayText(step->say, step->id);
                Finish(turn, step->outcome);
                return;
        }
    }
    Handoff(turn, "flow_loop", "general", "high");  // cannot happen with checked flows
}

//-----------------------------------------------------------------------------
// [SECTION] Consuming the customer's input
//-----------------------------------------------------------------------------

// Returns true when the waiting step took the message.
std::string Engine::MatchOption(Turn& turn, const flow::Step& step, const Event& event) const {
    std::string chosen;
    const std::string said = Folded(event.kind == EventKind::kChoice ? event.value : event.text);
    if (step.kind == StepKind::kCsat) {
        if (said.size() == 1 && said[0] >= '1' && said[0] <= '5') chosen = said;
        return chosen;
    }
    if (step.kind != StepKind::kChoice) return chosen;
    for (const ChoiceOption& o : step.options) {
        if (said == Folded(o.value)) chosen = o.value;
        for (const auto& [lang, labels] : o.label.by_lang) {
            for (const std::string& l : labels) {
                if (said == Folded(RenderTemplate(l, turn.Context()))) chosen = o.value;
            }
        }
    }
    const std::string& intent = event.understanding.intent;
    if (chosen.empty() && (intent == "affirm" || intent == "deny")) {
        const std::string want = intent == "affirm" ? "yes" : "no";
        for (const ChoiceOption& o : step.options) {
            if (o.value == want) chosen = want;
        }
    }
    return chosen;
}

bool Engine::Consume(Turn& turn, const Event& event) const {
    const flow::Step* step = turn.flow->Find(turn.state["step"].get<std::string>());
    if (!step) return false;
    const std::string locale = turn.Locale();
    const std::string& intent = event.understanding.intent;
    switch (step->kind) {
        case StepKind::kAsk: {
            const auto spec_it = turn.flow->slots.find(step->slot);
            if (spec_it == turn.flow->slots.end()) return false;
            SlotCheck check;
            if (config_.validator) {
                check = config_.validator(spec_it->second, event.text, event.understanding.entities,
                                          locale);
            }
            if (check.ok) {
                turn.state["slots"][step->slot] = check.value;
                turn.state["slot_log"][step->slot] = {{"value", check.value},
                                                      {"source", "asked"},
                                                      {"text", event.text},
                                                      {"validated_as", spec_it->second.type}};
                Enter(turn, step->next);
                return true;
            }
            // Not an answer: a question the knowledge base answers is a digression.
            if (event.understanding.has_answer && intent == "oos") return false;
            const int attempts = turn.state.value("attempts", 0) + 1;
            turn.state["attempts"] = attempts;
            if (attempts >= step->max_attempts) {
                if (!step->on_exhausted.empty()) {
                    Enter(turn, step->on_exhausted);
                } else {
                    turn.Say(Builtin(locale, "exhausted"));
                    Handoff(turn, "validation_exhausted:" + step->slot, "general", "normal");
                }
                return true;
            }
            json context = turn.Context();
            context["result"]["error"] = check.error;
            const Text& words = step->reprompt.empty() ? step->say : step->reprompt;
            const std::uint64_t seed =
                Fnv1a64(step->id, Fnv1a64(turn.state.value("session", std::string()))) + attempts;
            std::string text = RenderTemplate(PickPhrasing(words, locale, seed), context);
            if (step->reprompt.empty() && !check.error.empty()) text = check.error + " " + text;
            turn.Say(text);
            return true;
        }
        case StepKind::kChoice:
        case StepKind::kCsat: {
            const std::string chosen = MatchOption(turn, *step, event);
            if (chosen.empty()) {
                if (event.understanding.has_answer && intent == "oos") return false;
                turn.Say(Builtin(locale,
                                 step->kind == StepKind::kCsat ? "rating_range" : "pick_option"));
                turn.state["waiting"] = nullptr;
                Run(turn);  // asks again, with the quick replies
                return true;
            }
            if (!step->slot.empty()) {
                const json v = step->kind == StepKind::kCsat ? json(chosen[0] - '0') : json(chosen);
                turn.state["slots"][step->slot] = v;
                turn.state["slot_log"][step->slot] = {{"value", v}, {"source", "choice"}};
            }
            if (step->kind == StepKind::kCsat) {
                turn.state["csat"] = chosen[0] - '0';
                turn.Say(Builtin(locale, "thanks_rating"));
                Enter(turn, step->next);
                return true;
            }
            std::string next = step->next;
            for (const ChoiceOption& o : step->options) {
                if (o.value == chosen && !o.next.empty()) next = o.next;
            }
            Enter(turn, next);
            return true;
        }
        default:
            return false;
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Handoff and finishing
//-----------------------------------------------------------------------------

void Engine::Handoff(Turn& turn, const std::string& reason, const std::string& queue,
                     const std::string& priority) const {
    json& s = turn.state;
    json slots = json::array();
    for (const auto& [name, log] : s["slot_log"].items()) {
        json entry = log;
        entry["slot"] = name;
        slots.push_back(entry);
    }
    json remaining = json::array();
    // The flow whose path is ahead: the one the customer left for a person, else this one.
    const Flow* path_flow = turn.flow;
    json path_from = s["step"];
    if (s.contains("interrupted") && s["interrupted"].is_object()) {
        if (const Flow* left = FindFlow(s["interrupted"].value("flow", std::string()))) {
            path_flow = left;
            path_from = s["interrupted"]["step"];
        }
    }
    if (path_flow && path_from.is_string()) {
        // The path ahead: the step the flow stopped at, then every step reachable from it
        // (breadth first, so nearer steps come first), up to the ends. Handoff steps are
        // where automation would have stopped anyway, so the walk does not go past them.
        std::vector<std::string> ahead = {path_from.get<std::string>()};
        std::set<std::string> seen(ahead.begin(), ahead.end());
        for (std::size_t i = 0; i < ahead.size(); ++i) {
            const flow::Step* st = path_flow->Find(ahead[i]);
            if (!st) continue;
            json entry = {{"id", st->id}, {"kind", StepKindName(st->kind)}};
            if (!st->slot.empty()) entry["slot"] = st->slot;
            if (!st->action.empty()) entry["action"] = st->action;
            remaining.push_back(std::move(entry));
            if (st->kind == StepKind::kHandoff || st->kind == StepKind::kEnd) continue;
            std::vector<std::string> next = {st->next, st->on_exhausted, st->otherwise};
            for (const ChoiceOption& o : st->options)
                next.push_back(o.next);
            for (const BranchCase& c : st->cases)
                next.push_back(c.next);
            for (const auto& [outcome, to] : st->on)
                next.push_back(to);
            for (const std::string& n : next) {
                if (!n.empty() && seen.insert(n).second) ahead.push_back(n);
            }
        }
    }
    std::string summary;
    const json& customer = s["customer"];
    summary += customer.contains("first_name") ? customer["first_name"].get<std::string>()
                                               : "The customer";
    summary += customer.value("verified", false) ? " (verified)" : " (not verified)";
    summary += turn.flow ? " wants " + turn.flow->id : " asked for help";
    for (const auto& [name, log] : s["slot_log"].items()) {
        summary +=
            "; " + name + " = " +
            (log["value"].is_string() ? log["value"].get<std::string>() : log["value"].dump());
    }
    for (const json& a : s["history"]["actions"]) {
        summary +=
            "; tried " + a["name"].get<std::string>() + " -> " +
            (a["outcome"].is_string() ? a["outcome"].get<std::string>() : std::string("pending"));
    }
    summary += ". Handed off: " + reason + ".";
    Effect e;
    e.kind = EffectKind::kHandoff;
    e.handoff = {{"version", 1},
                 {"reason", reason},
                 {"queue", queue},
                 {"priority", priority},
                 {"session", s["session"]},
                 {"customer", s["customer"]},
                 {"flow", s["flow"]},
                 {"step", s["step"]},
                 {"intents", s["history"]["intents"]},
                 {"slots", slots},
                 {"actions", s["history"]["actions"]},
                 {"interrupted", s.contains("interrupted") ? s["interrupted"] : json()},
                 {"remaining_steps", remaining},
                 {"transcript", s["history"]["transcript"]},
                 {"summary", summary}};
    turn.effects.push_back(std::move(e));
    s["status"] = "escalated";
    s["waiting"] = nullptr;
}

void Engine::Finish(Turn& turn, const std::string& outcome) const {
    Effect e;
    e.kind = EffectKind::kEnd;
    e.outcome = outcome;
    turn.effects.push_back(std::move(e));
    turn.state["status"] = outcome;
    turn.state["flow"] = nullptr;
    turn.state["step"] = nullptr;
    turn.state["waiting"] = nullptr;
    turn.flow = nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] Engine::Step
//-----------------------------------------------------------------------------

Result<std::vector<Effect>> Engine::Step(json& state, const Event& event) const {
    json working = state;  // errors leave the caller's state untouched
    auto effects = StepInPlace(working, event);
    if (effects) state = std::move(working);
    return effects;
}

Result<std::vector<Effect>> Engine::StepInPlace(json& working, const Event& event) const {
    if (!working.is_object() || working.value("version", 0) != kStateVersion) {
        return Error::Make("seam.engine.state",
                           "the conversation state is not a version 1 Seam state");
    }
    Turn turn{working, {}, nullptr};
    if (working["flow"].is_string()) {
        turn.flow = FindFlow(working["flow"].get<std::string>());
        if (!turn.flow)
            return Error::Make("seam.engine.unknown_flow", "state refers to an unknown flow");
    }
    const std::string locale = turn.Locale();

    switch (event.kind) {
        case EventKind::kStart: {
            const Flow* flow = FindFlow(event.flow);
            if (!flow)
                return Error::Make("seam.engine.unknown_flow", "no flow \"" + event.flow + "\"");
            StartFlow(turn, *flow, nullptr);
            break;
        }
        case EventKind::kActionResult: {
            if (!turn.flow || working["waiting"] != "action") {
                return Error::Make("seam.engine.unexpected_result",
                                   "no action is waiting for a result");
            }
            const flow::Step* step = turn.flow->Find(working["step"].get<std::string>());
            json& actions = working["history"]["actions"];
            if (!actions.empty()) {
                actions.back()["outcome"] = event.outcome;
                actions.back()["result"] = event.result;
            }
            working["result"] = event.result.is_object() ? event.result : json::object();
            const auto it = step->on.find(event.outcome);
            const std::string next = it != step->on.end() ? it->second : step->next;
            if (next.empty()) {
                Handoff(turn, "unhandled_outcome:" + event.outcome, "general", "normal");
                break;
            }
            Enter(turn, next);
            Run(turn);
            break;
        }
        case EventKind::kChoice:
        case EventKind::kMessage: {
            const Understanding& u = event.understanding;
            const std::string said = event.kind == EventKind::kChoice ? event.value : event.text;
            working["history"]["transcript"].push_back({{"from", "customer"}, {"text", said}});
            if (event.kind == EventKind::kMessage) {
                working["history"]["intents"].push_back({{"intent", u.intent},
                                                         {"confidence", u.confidence},
                                                         {"ambiguous", u.ambiguous}});
            }
            // A card number is refused wherever it appears; the step waits as before.
            if (u.card_number) {
                turn.Say(Builtin(locale, "card_refused"));
                if (turn.flow && working["waiting"] == "input") {
                    working["waiting"] = nullptr;
                    Run(turn);
                }
                break;
            }
            // Global intents, at any point.
            if (u.intent == "talk_to_human" ||
                (event.kind == EventKind::kChoice && event.value == "talk_to_human")) {
                // The business's own "talk to a person" flow (routing questions) when it has one;
                // what was collected so far stays in the state and goes with the handoff.
                const Flow* human =
                    config_.human_flow.empty() ? nullptr : FindFlow(config_.human_flow);
                if (human && turn.flow != human) {
                    // Where automation stopped, so the agent sees the path it did not finish.
                    if (turn.flow && working["step"].is_string()) {
                        working["interrupted"] = {{"flow", turn.flow->id},
                                                  {"step", working["step"]}};
                    }
                    StartFlow(turn, *human, nullptr);
                } else {
                    turn.Say(Builtin(locale, "handoff"));
                    Handoff(turn, "customer_request", "general", "normal");
                }
                break;
            }
            if (u.intent == "cancel") {
                if (turn.flow) {
                    turn.Say(Builtin(locale, "cancelled"));
                    Finish(turn, "abandoned");
                } else {
                    turn.Say(Builtin(locale, "nothing_to_cancel"));
                }
                break;
            }
            if (u.intent == "start_over" && turn.flow) {
                const Flow* flow = turn.flow;
                working["slots"] = json::object();
                working["slot_log"] = json::object();
                turn.Say(Builtin(locale, "start_over"));
                StartFlow(turn, *flow, nullptr);
                break;
            }
            if (turn.flow && turn.flow->interruptible && working["waiting"] == "input") {
                // A new request leaves an interruptible flow (the fallback's "did that help?").
                const flow::Step* step = turn.flow->Find(working["step"].get<std::string>());
                const bool answers = step && !MatchOption(turn, *step, event).empty();
                const bool new_request =
                    u.has_answer || (!u.ambiguous && FlowForIntent(u.intent) != nullptr);
                if (!answers && new_request) {
                    working["flow"] = nullptr;
                    working["step"] = nullptr;
                    working["waiting"] = nullptr;
                    turn.flow = nullptr;
                }
            }
            if (turn.flow && working["waiting"] == "input") {
                // Corrections: a value for another slot of this flow that is already filled.
                const flow::Step* step = turn.flow->Find(working["step"].get<std::string>());
                // The flow then resumes at the step that asked for the corrected slot, so what
                // depended on the old value (a lookup) runs again; other answers are kept.
                std::string corrected;
                for (const auto& [name, spec] : turn.flow->slots) {
                    if (step && step->slot == name) continue;
                    if (!working["slots"].contains(name)) continue;
                    for (const EntityValue& e : u.entities) {
                        const json value = e.type == spec.type ? Checked(spec, e, locale) : json();
                        if (!value.is_null() && working["slots"][name] != value) {
                            working["slots"][name] = value;
                            working["slot_log"][name] = {{"value", value},
                                                         {"source", "correction"},
                                                         {"text", e.text},
                                                         {"validated_as", spec.type}};
                            corrected = name;
                        }
                    }
                }
                if (!corrected.empty()) {
                    turn.Say(Builtin(locale, "noted"));
                    for (const flow::Step& st : turn.flow->steps) {
                        if (st.kind == StepKind::kAsk && st.slot == corrected) {
                            Enter(turn, st.id);
                            break;
                        }
                    }
                    working["waiting"] = nullptr;
                    Run(turn);
                    break;
                }
                if (Consume(turn, event)) {
                    if (working["waiting"].is_null()) Run(turn);
                    break;
                }
                // Digression: answer from the knowledge base, then ask again.
                if (u.has_answer) {
                    turn.Say(u.answer_text +
                             (u.answer_url.empty() ? "" : " (" + u.answer_url + ")"));
                    turn.Say(Builtin(locale, "back_to"));
                    working["waiting"] = nullptr;
                    Run(turn);
                }
                break;
            }
            // No flow waiting for input.
            if (u.intent == "greeting" || u.intent == "thanks" || u.intent == "goodbye") {
                turn.Say(Builtin(locale, u.intent));
                break;
            }
            if (u.ambiguous && u.ranked.size() >= 2) {
                turn.Say(Builtin(locale, "did_you_mean"));
                std::vector<std::pair<std::string, std::string>> options;
                for (std::size_t i = 0; i < 2; ++i) {
                    const Flow* f = FlowForIntent(u.ranked[i].first);
                    const std::string label =
                        f ? PickPhrasing(f->title, locale, 0) : u.ranked[i].first;
                    options.emplace_back(u.ranked[i].first,
                                         label.empty() ? u.ranked[i].first : label);
                }
                options.emplace_back("talk_to_human", Builtin(locale, "talk_to_human"));
                turn.QuickReplies(std::move(options));
                break;
            }
            const std::string wanted = event.kind == EventKind::kChoice ? event.value : u.intent;
            if (const Flow* flow = FlowForIntent(wanted)) {
                StartFlow(turn, *flow, &event);
                break;
            }
            if (u.has_answer) {
                const Flow* fallback =
                    config_.fallback_flow.empty() ? nullptr : FindFlow(config_.fallback_flow);
                if (fallback) {
                    working["answer"] = {
                        {"title", u.answer_title}, {"text", u.answer_text}, {"url", u.answer_url}};
                    StartFlow(turn, *fallback, nullptr);
                } else {
                    turn.Say(u.answer_text +
                             (u.answer_url.empty() ? "" : " (" + u.answer_url + ")"));
                }
                break;
            }
            turn.Say(Builtin(locale, "not_sure"));
            std::vector<std::pair<std::string, std::string>> options;
            for (const auto& [intent, confidence] : u.ranked) {
                if (options.size() >= 2) break;
                if (const Flow* f = FlowForIntent(intent)) {
                    options.emplace_back(intent, PickPhrasing(f->title, locale, 0));
                }
            }
            options.emplace_back("talk_to_human", Builtin(locale, "talk_to_human"));
            turn.QuickReplies(std::move(options));
            break;
        }
    }
    TrimHistory(working);
    return std::move(turn.effects);
}

// The state travels with every turn (and every widget write), so its history is bounded: the
// most recent entries of each list are kept and the number dropped is counted. The full
// transcript lives with the host (seamd's messages table); the handoff payload carries the
json EffectToJson(const Effect& e) {
    switch (e.kind) {
        case EffectKind::kSay:
            return {{"type", "say"}, {"text", e.text}};
        case EffectKind::kQuickReplies: {
            json options = json::array();
            for (const auto& [value, label] : e.options)
                options.push_back({{"value", value}, {"label", label}});
            return {{"type", "replies"}, {"options", options}};
        }
        case EffectKind::kAction:
            return {{"type", "action"}, {"name", e.name}, {"params", e.params}};
        case EffectKind::kHandoff:
            return {{"type", "handoff"},
                    {"queue", e.handoff.value("queue", "general")},
                    {"reason", e.handoff.value("reason", "")}};
        case EffectKind::kEnd:
            return {{"type", "end"}, {"outcome", e.outcome}};
    }
    return json::object();
}

// recent part, which is what an agent reads first.
void Engine::TrimHistory(json& state) {
    json& history = state["history"];
    if (!history.is_object()) return;
    for (const auto& [list, cap] : kHistoryLimits) {
        json& entries = history[list];
        if (!entries.is_array() || entries.size() <= cap) continue;
        const std::size_t drop = entries.size() - cap;
        entries.erase(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(drop));
        json& dropped = history["dropped"];
        if (!dropped.is_object()) dropped = json::object();
        dropped[list] = dropped.value(list, std::size_t{0}) + drop;
    }
}

}  // namespace seam::flow
