// shared/src/flow/engine.cpp — the flow executor (see engine.hpp for the per-turn order).
//
// Index of this file
// [SECTION] Built-in phrasings
// [SECTION] Turn: one Step() call's working set
// [SECTION] Running steps
// [SECTION] Consuming the customer's input
// [SECTION] Handoff and finishing
// [SECTION] A customer's message or tap: new requests, the stack, resuming
// [SECTION] Engine::Step
#include "seam/flow/engine.hpp"

#include <algorithm>
#include <set>

#include "seam/core/hash.hpp"
#include "seam/core/json_read.hpp"
#include "seam/flow/context.hpp"
#include "seam/flow/mention.hpp"
#include "seam/flow/state.hpp"
#include "seam/nlu/entities.hpp"  // kCardDataRemoved, what card data was replaced by

namespace seam::flow {

namespace {

using nlohmann::json;

constexpr int kMaxStepsPerTurn = 64;
constexpr int kMaxStartsPerTurn = 4;            // flows starting flows within one turn
constexpr float kSwitchConfidence = 0.6f;       // a new request leaves the running flow from here
constexpr float kNearestFlowConfidence = 0.1f;  // "not sure" offers flows at least this close

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
        {"not_sure_person",
         "I'm not sure I can help with that here. Would you like to talk to a person?",
         "No estoy seguro de poder ayudarte con eso aquí. ¿Quieres hablar con una persona?"},
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
        {"resume", "Shall we get back to this: {{title}}?", "¿Seguimos con esto: {{title}}?"},
        {"resume_yes", "Yes, let's finish it", "Sí, terminémoslo"},
        {"resume_no", "No, leave it", "No, déjalo"},
        {"resume_dropped", "OK, I've left that. Anything else I can help with?",
         "De acuerdo, lo dejo. ¿Algo más en lo que pueda ayudarte?"},
        {"noted_choice", "Noted: {{label}}.", "Anotado: {{label}}."},
        {"or_request", "Or is it something I should do for you?",
         "¿O es algo que deba hacer por ti?"},
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

// How many words a folded text has.
std::size_t WordCount(const std::string& folded) {
    std::size_t words = 0;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded[i] != ' ' && (i == 0 || folded[i - 1] == ' ')) ++words;
    }
    return words;
}

// A built-in phrasing with one {{name}} filled.
std::string BuiltinWith(const std::string& locale, const std::string& key, const std::string& name,
                        const std::string& value) {
    std::string text = Builtin(locale, key);
    const std::string placeholder = "{{" + name + "}}";
    const auto at = text.find(placeholder);
    if (at != std::string::npos) text.replace(at, placeholder.size(), value);
    return text;
}

// The phrasings of `t` for `locale`: its own, its primary tag's, English's, the neutral ones.
const std::vector<std::string>* Variants(const Text& t, const std::string& locale) {
    for (const std::string& lang :
         {locale, locale.substr(0, locale.find('-')), std::string("en"), std::string()}) {
        const auto it = t.by_lang.find(lang);
        if (it != t.by_lang.end() && !it->second.empty()) return &it->second;
    }
    return t.by_lang.empty() ? nullptr : &t.by_lang.begin()->second;
}

// True when every {{placeholder}} of `text` has a non-empty value in `context`.
bool AllPlaceholdersKnown(const std::string& text, const json& context) {
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string::npos) {
        const std::size_t end = text.find("}}", pos + 2);
        if (end == std::string::npos) return false;
        std::string name = text.substr(pos + 2, end - pos - 2);
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        const json& v = Lookup(context, name);
        if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) return false;
        pos = end + 2;
    }
    return true;
}

// Whether the options of `step` include some listed from a list when it was asked.
bool HasListedOptions(const json& state, const flow::Step& step) {
    return !step.options_from.empty() && state.contains("listed_options");
}

// A choice step with the options it listed from a list when it was asked (state
// "listed_options"), so typed answers are matched against what the customer saw. Only for steps
// that have them (HasListedOptions): the copy is not for every match.
flow::Step WithListedOptions(const json& state, const flow::Step& step) {
    flow::Step out = step;
    if (!HasListedOptions(state, step)) return out;
    for (const json& o : state["listed_options"]) {
        ChoiceOption option;
        option.value = json_read::StringOr(o, "value");
        option.label.by_lang[""] = {json_read::StringOr(o, "label")};
        if (const json* match = json_read::Find(o, "match"); match && match->is_array()) {
            for (const json& m : *match) {
                if (m.is_string()) option.match.by_lang[""].push_back(m.get<std::string>());
            }
        }
        out.options.push_back(std::move(option));
    }
    return out;
}

// Words that send a request away from what was being discussed: "where is my OTHER order".
bool RefersElsewhere(const std::string& text) {
    static const char* const kWords[] = {"other",    "another",  "different", "second",
                                         "otro",     "otra",     "otros",     "otras",
                                         "distinto", "distinta", "segundo",   "segunda"};
    const std::string folded = FoldForMatch(text);
    for (const char* w : kWords) {
        if (MentionsPhrase(folded, w, false)) return true;
    }
    return false;
}

// "I want to...", "can you...", "quiero...": a message worded as a request, not as a description.
bool AsksForSomething(const std::string& text) {
    static const char* const kAsks[] = {
        "i want", "i d like", "id like",  "i would like", "i need",     "can you",   "could you",
        "can i",  "how do i", "where is", "where s",      "wheres",     "quiero",    "necesito",
        "puedes", "podeis",   "podrias",  "me gustaria",  "donde esta", "como puedo"};
    const std::string folded = FoldForMatch(text);
    for (const char* a : kAsks) {
        if (MentionsPhrase(folded, a, false)) return true;
    }
    return false;
}

// The knowledge answers of a message, each with its link: the first, then the other questions
// the message asked (answered in the order asked).
std::vector<std::string> AnswerTexts(const Understanding& u) {
    std::vector<std::string> out;
    auto one = [](const std::string& text, const std::string& url) {
        return text + (url.empty() ? "" : " (" + url + ")");
    };
    out.push_back(one(u.answer_text, u.answer_url));
    for (const KnowledgeAnswer& a : u.more_answers)
        out.push_back(one(a.text, a.url));
    return out;
}

// The last `n` words of `text` as written (separated by white space or commas), or "" when it
// has fewer than `n` words.
std::string LastWords(const std::string& text, std::size_t n) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text + " ") {
        if (c == ' ' || c == ',' || c == '\n' || c == '\t') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word.push_back(c);
        }
    }
    if (words.size() < n) return "";
    std::string out;
    for (std::size_t i = words.size() - n; i < words.size(); ++i)
        out += (out.empty() ? "" : " ") + words[i];
    return out;
}

// The words of a message besides the placeholder that replaced its card data.
std::size_t WordsBesidesCardData(const std::string& text) {
    std::string rest = text;
    const std::string_view placeholder = nlu::kCardDataRemoved;
    for (std::size_t at = rest.find(placeholder); at != std::string::npos;
         at = rest.find(placeholder)) {
        rest.replace(at, placeholder.size(), " ");
    }
    return WordCount(FoldForMatch(rest));
}

// "Actually it's order 104234", "no, perdona, es el pedido LW-104299": a value for a slot the
// running flow already has, given as a fix (a correction word, or hardly a word besides the
// value), not as a new request for another flow.
bool IsCorrection(const Flow& flow, const json& slots, const Event& event) {
    bool fixes_a_slot = false;
    for (const auto& [name, spec] : flow.slots) {
        if (!slots.contains(name) || slots[name].is_null()) continue;
        for (const EntityValue& e : event.understanding.entities) {
            if (e.type == spec.type) fixes_a_slot = true;
        }
    }
    if (!fixes_a_slot) return false;
    std::string rest = event.text;
    for (const EntityValue& e : event.understanding.entities) {
        const auto at = rest.find(e.text);
        if (!e.text.empty() && at != std::string::npos) rest.replace(at, e.text.size(), " ");
    }
    const std::string folded = FoldForMatch(rest);
    static const char* const kMarkers[] = {"actually",     "sorry",       "oops",        "i meant",
                                           "wrong",        "mistake",     "typo",        "instead",
                                           "correct",      "perdona",     "perdon",      "perdone",
                                           "me equivoque", "en realidad", "quise decir", "error",
                                           "equivocado",   "corrijo",     "mejor dicho"};
    for (const char* m : kMarkers) {
        if (MentionsPhrase(folded, m, false)) return true;
    }
    return WordCount(folded) <= 3;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Turn: one Step() call's working set
//-----------------------------------------------------------------------------

struct Engine::Turn {
    json& state;
    std::vector<Effect> effects;
    const Flow* flow = nullptr;
    int starts = 0;  //!< "start" steps run this turn

    std::string Locale() const { return json_read::StringOr(state, "locale", "en"); }

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
        Line("seam", text);
    }

    // A line of the conversation, kept in the state only where the host wants it there
    // (Transcript::kInState; a state without history.transcript leaves the lines to its host).
    void Line(const char* from, const std::string& text) {
        json& history = state["history"];
        const auto lines = history.find("transcript");
        if (lines == history.end() || !lines->is_array()) return;
        lines->push_back({{"from", from}, {"text", text}});
    }

    void SayText(const Text& t, const std::string& salt) {
        if (t.empty()) return;
        const std::uint64_t seed = Fnv1a64(salt, Fnv1a64(json_read::StringOr(state, "session"))) +
                                   static_cast<std::uint64_t>(json_read::IntOr(state, "attempts"));
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
                      const json& customer, Transcript transcript) {
    json history = {{"intents", json::array()},
                    {"actions", json::array()},
                    {"steps", json::array()},
                    {"flows", json::array()}};
    if (transcript == Transcript::kInState) history["transcript"] = json::array();
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
            {"history", std::move(history)}};
}

void Engine::DropTranscript(json& state) {
    if (!state.is_object()) return;
    const auto history = state.find("history");
    if (history == state.end() || !history->is_object()) return;
    history->erase("transcript");
    const auto dropped = history->find("dropped");
    if (dropped != history->end() && dropped->is_object()) dropped->erase("transcript");
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
        turn.state["context"]["message"] = first_message->text;  // already without card data
        FillMentioned(turn, *first_message, "first_message");
    }
    Enter(turn, flow.start);
    Run(turn);
}

void Engine::FillMentioned(Turn& turn, const Event& event, const char* source) const {
    if (!turn.flow || event.kind != EventKind::kMessage) return;
    // The first message may replace a value carried from an earlier flow; later ones only fill
    // what is still empty (changing a value is a correction, and says so).
    const bool first = std::string(source) == "first_message";
    json& slots = turn.state["slots"];
    const json context = turn.Context();
    const std::string said = FoldForMatch(event.text);
    for (const auto& [name, spec] : turn.flow->slots) {
        if (!spec.prefill) continue;
        if (!first && slots.contains(name) && !slots[name].is_null()) continue;
        for (const EntityValue& e : event.understanding.entities) {
            if (e.type != spec.type) continue;
            // "I won't be home on Friday": a day named as the one that does not work.
            if (SaidAsNot(said, FoldForMatch(e.text))) continue;
            const json value = Checked(spec, e, turn.Locale());
            if (value.is_null()) continue;
            slots[name] = value;
            turn.state["slot_log"][name] = {{"value", value},
                                            {"source", source},
                                            {"text", e.text},
                                            {"validated_as", spec.type}};
            break;
        }
        // A postal code closing an address given in one message ("221 Larch St, Apt 4,
        // Portland 97209"): the last word or two of a message of several words.
        if (spec.type == "postal_code" && config_.validator &&
            !(slots.contains(name) && !slots[name].is_null())) {
            const std::string tail = LastWords(event.text, 4);
            if (!tail.empty()) {
                for (const std::string& candidate :
                     {LastWords(event.text, 1), LastWords(event.text, 2)}) {
                    if (candidate.empty()) continue;
                    const SlotCheck check = config_.validator(spec, candidate, {}, turn.Locale());
                    if (!check.ok) continue;
                    slots[name] = check.value;
                    turn.state["slot_log"][name] = {{"value", check.value},
                                                    {"source", source},
                                                    {"text", candidate},
                                                    {"validated_as", spec.type}};
                    // The address itself, given in the same words, keeps the street and city.
                    for (const auto& [other, other_spec] : turn.flow->slots) {
                        json& v = slots[other];
                        if (other_spec.type != "text" || !v.is_string()) {
                            if (v.is_null()) slots.erase(other);
                            continue;
                        }
                        std::string text = v.get<std::string>();
                        if (text.size() <= candidate.size() ||
                            text.compare(text.size() - candidate.size(), candidate.size(),
                                         candidate) != 0) {
                            continue;
                        }
                        text.erase(text.size() - candidate.size());
                        while (!text.empty() && (text.back() == ' ' || text.back() == ','))
                            text.pop_back();
                        v = text;
                        if (turn.state["slot_log"].contains(other))
                            turn.state["slot_log"][other]["value"] = text;
                    }
                    break;
                }
            }
        }
        if (spec.type != "enum" || (slots.contains(name) && !slots[name].is_null())) continue;
        // An enum slot is named by the words of the choice that asks for it.
        for (const flow::Step& st : turn.flow->steps) {
            if (st.kind != StepKind::kChoice || st.slot != name) continue;
            const OptionMention m = NamedOptions(st, event.text, context);
            if (m.values.size() != 1) break;
            slots[name] = m.values[0];
            turn.state["slot_log"][name] = {{"value", m.values[0]},
                                            {"source", source},
                                            {"text", event.text},
                                            {"validated_as", "enum"}};
            break;
        }
    }
}

void Engine::Run(Turn& turn) const {
    for (int guard = 0; guard < kMaxStepsPerTurn; ++guard) {
        if (!turn.flow || !turn.state["step"].is_string()) return;
        const flow::Step* step = turn.flow->Find(turn.state["step"].get<std::string>());
        if (!step) {
            turn.Say(Builtin(turn.Locale(), "handoff"));
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
                // Already answered in the customer's own words: confirmed, not asked.
                const json& log = turn.state["slot_log"].value(step->slot, json());
                const std::string source =
                    log.is_object() ? json_read::StringOr(log, "source") : std::string();
                if (!step->slot.empty() &&
                    (source == "first_message" || source == "mentioned" || source == "set")) {
                    const json& v = turn.state["slots"][step->slot];
                    const ChoiceOption* named = nullptr;
                    for (const ChoiceOption& o : step->options) {
                        if (v.is_string() && o.value == v.get<std::string>()) named = &o;
                    }
                    if (named && json_read::BoolOr(log, "confirmed")) {
                        Enter(turn, named->next.empty() ? step->next : named->next);
                        break;
                    }
                    if (named) {
                        const std::string label = RenderTemplate(
                            PickPhrasing(named->label, turn.Locale(), 0), turn.Context());
                        turn.Say(BuiltinWith(turn.Locale(), "noted_choice", "label", label));
                        turn.state["slot_log"][step->slot]["confirmed"] = true;
                        Enter(turn, named->next.empty() ? step->next : named->next);
                        break;
                    }
                }
                std::vector<std::pair<std::string, std::string>> options;
                // Options from a list (the customer's own orders): shown first, and kept with
                // the state so the answer is matched against what was shown.
                json listed = json::array();
                if (!step->options_from.empty()) {
                    const json context = turn.Context();
                    const json& list = Lookup(context, step->options_from.list);
                    for (const json& item : list.is_array() ? list : json::array()) {
                        if (!item.is_object()) continue;
                        const json value = item.value(step->options_from.value, json());
                        const json label = item.value(step->options_from.label, json());
                        if (!value.is_string() || value.get<std::string>().empty()) continue;
                        json entry = {{"value", value},
                                      {"label", label.is_string() ? label : value},
                                      {"match", json::array()}};
                        const json match = step->options_from.match.empty()
                                               ? json()
                                               : item.value(step->options_from.match, json());
                        for (const json& m : match.is_array() ? match : json::array()) {
                            if (m.is_string()) entry["match"].push_back(m);
                        }
                        options.emplace_back(value.get<std::string>(),
                                             entry["label"].get<std::string>());
                        listed.push_back(std::move(entry));
                    }
                }
                if (listed.empty()) {
                    turn.state.erase("listed_options");
                } else {
                    turn.state["listed_options"] = std::move(listed);
                    // "I want to return my jacket": the message that started the flow names
                    // one of the listed items, so it is taken (and said), not asked.
                    static const json kNoMessage;  // null
                    const json* found = json_read::Find(turn.state["context"], "message");
                    const json& first = found ? *found : kNoMessage;
                    if (!step->slot.empty() && first.is_string()) {
                        flow::Step only_listed = *step;
                        only_listed.options.clear();
                        const OptionMention m =
                            NamedOptions(WithListedOptions(turn.state, only_listed),
                                         first.get<std::string>(), turn.Context());
                        if (m.values.size() == 1) {
                            std::string label = m.values[0];
                            for (const json& o : turn.state["listed_options"]) {
                                if (json_read::StringOr(o, "value") == m.values[0])
                                    label = json_read::StringOr(o, "label", label);
                            }
                            turn.state["slots"][step->slot] = m.values[0];
                            turn.state["slot_log"][step->slot] = {{"value", m.values[0]},
                                                                  {"source", "first_message"},
                                                                  {"text", first},
                                                                  {"confirmed", true}};
                            turn.Say(BuiltinWith(turn.Locale(), "noted_choice", "label", label));
                            Enter(turn, step->next);
                            break;
                        }
                    }
                }
                turn.SayText(step->say, step->id);
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
                // The rating waits for the end of the conversation, not of a request inside it.
                if (turn.state.contains("suspended") && !turn.state["suspended"].empty()) {
                    Enter(turn, step->next);
                    break;
                }
                turn.SayText(step->say, step->id);
                turn.QuickReplies({{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}});
                turn.state["waiting"] = "input";
                return;
            case StepKind::kEnd:
                turn.SayText(step->say, step->id);
                Finish(turn, step->outcome);
                return;
            case StepKind::kStart: {
                turn.SayText(step->say, step->id);
                const Flow* next = FindFlow(step->flow);
                if (!next || ++turn.starts > kMaxStartsPerTurn) {
                    turn.Say(Builtin(turn.Locale(), "handoff"));
                    Handoff(turn, next ? "flow_loop" : "flow_error", "general", "high");
                    return;
                }
                turn.state["history"]["flows"].push_back(turn.flow->id + ":done");
                StartFlow(turn, *next, nullptr);
                return;
            }
        }
    }
    turn.Say(Builtin(turn.Locale(), "handoff"));
    Handoff(turn, "flow_loop", "general", "high");  // cannot happen with checked flows
}

//-----------------------------------------------------------------------------
// [SECTION] Consuming the customer's input
//-----------------------------------------------------------------------------

std::string Engine::MatchOption(Turn& turn, const flow::Step& step, const Event& event) const {
    const std::string& said = event.kind == EventKind::kChoice ? event.value : event.text;
    if (step.kind == StepKind::kCsat) {
        const std::string folded = FoldForMatch(said);
        if (folded.size() == 1 && folded[0] >= '1' && folded[0] <= '5') return folded;
        return "";
    }
    if (step.kind != StepKind::kChoice) return "";
    const json context = turn.Context();
    const OptionMention m = HasListedOptions(turn.state, step)
                                ? NamedOptions(WithListedOptions(turn.state, step), said, context)
                                : NamedOptions(step, said, context);
    if (m.exact) return m.values[0];
    const std::string& intent = event.understanding.intent;
    if (event.kind == EventKind::kMessage && (intent == "affirm" || intent == "deny")) {
        const std::string want = intent == "affirm" ? "yes" : "no";
        for (const ChoiceOption& o : step.options) {
            if (o.value == want) return want;
        }
    }
    if (event.kind != EventKind::kMessage) return "";
    return m.values.size() == 1 ? m.values[0] : "";
}

bool Engine::Consume(Turn& turn, const Event& event) const {
    const flow::Step* step = turn.flow->Find(turn.state["step"].get<std::string>());
    if (!step) return false;
    const std::string locale = turn.Locale();
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
            if (event.understanding.has_answer) return false;
            const int attempts = static_cast<int>(json_read::IntOr(turn.state, "attempts")) + 1;
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
                Fnv1a64(step->id, Fnv1a64(json_read::StringOr(turn.state, "session"))) + attempts;
            std::string text = RenderTemplate(PickPhrasing(words, locale, seed), context);
            if (step->reprompt.empty() && !check.error.empty()) text = check.error + " " + text;
            turn.Say(text);
            return true;
        }
        case StepKind::kChoice:
        case StepKind::kCsat: {
            const std::string chosen = MatchOption(turn, *step, event);
            if (chosen.empty() && step->kind == StepKind::kChoice && !step->slot.empty()) {
                // A value of the slot's own type typed instead of picked ("104299" at "which
                // of your orders?"): taken, and the flow goes on as for a listed one.
                const auto spec = turn.flow->slots.find(step->slot);
                for (const EntityValue& e : event.understanding.entities) {
                    if (spec == turn.flow->slots.end() || e.type != spec->second.type) continue;
                    const json value = Checked(spec->second, e, locale);
                    if (value.is_null()) continue;
                    turn.state["slots"][step->slot] = value;
                    turn.state["slot_log"][step->slot] = {{"value", value},
                                                          {"source", "asked"},
                                                          {"text", e.text},
                                                          {"validated_as", spec->second.type}};
                    Enter(turn, step->next);
                    return true;
                }
            }
            if (chosen.empty()) {
                if (event.understanding.has_answer) return false;
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
        if (const Flow* left = FindFlow(json_read::StringOr(s["interrupted"], "flow"))) {
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
    summary += json_read::StringOr(customer, "first_name", "The customer");
    summary += json_read::BoolOr(customer, "verified") ? " (verified)" : " (not verified)";
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
    json suspended = json::array();
    if (s.contains("suspended") && s["suspended"].is_array()) {
        for (const json& frame : s["suspended"]) {
            json entry = {{"flow", json_read::StringOr(frame, "flow")},
                          {"step", json_read::StringOr(frame, "step")},
                          {"slots", frame.contains("slots") ? frame["slots"] : json::object()}};
            summary += "; left unfinished: " + entry["flow"].get<std::string>();
            suspended.push_back(std::move(entry));
        }
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
                 {"suspended", std::move(suspended)},
                 {"remaining_steps", remaining},
                 // Empty when the host keeps the lines (seamd fills it from its messages).
                 {"transcript",
                  s["history"].contains("transcript") ? s["history"]["transcript"] : json::array()},
                 {"summary", summary}};
    turn.effects.push_back(std::move(e));
    s["status"] = "escalated";
    s["waiting"] = nullptr;
}

void Engine::Finish(Turn& turn, const std::string& outcome) const {
    const auto stack = turn.state.find("suspended");
    if (outcome != "escalated" && stack != turn.state.end() && stack->is_array() &&
        !stack->empty()) {
        // A request inside another one ended: the conversation goes on with the offer to go
        // back, so the case is not closed yet.
        turn.state["flow"] = nullptr;
        turn.state["step"] = nullptr;
        turn.state["waiting"] = nullptr;
        turn.state["status"] = "active";
        turn.flow = nullptr;
        OfferResume(turn);
        return;
    }
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
// [SECTION] A customer's message or tap: new requests, the stack, resuming
//-----------------------------------------------------------------------------

const Flow* Engine::NewRequest(const Turn& turn, const Event& event) const {
    const Flow* f = NewRequestFor(turn.flow, event);
    if (f && turn.flow && IsCorrection(*turn.flow, turn.state["slots"], event)) return nullptr;
    return f;
}

const Flow* Engine::NewRequestFor(const Flow* running, const Event& event) const {
    if (event.kind != EventKind::kMessage) return nullptr;
    const Understanding& u = event.understanding;
    // A question the help centre answers is a digression, not a new request.
    if (u.ambiguous || u.has_answer) return nullptr;
    const Flow* f = FlowForIntent(u.intent);
    if (!f || f == running) return nullptr;
    // Leaving a flow the customer is in takes more than a guess ("it was 45.50" is not a
    // request, whatever the model's best intent for it).
    if (running && u.confidence < kSwitchConfidence) return nullptr;
    return f;
}

bool Engine::WorkLeft(const Flow& flow, const std::string& step_id) const {
    // Work left: an ask or an action still ahead. A flow waiting on its closing questions
    // ("anything else?", the rating) has done its job.
    std::vector<std::string> ahead = {step_id};
    std::set<std::string> seen = {step_id};
    for (std::size_t i = 0; i < ahead.size(); ++i) {
        const flow::Step* st = flow.Find(ahead[i]);
        if (!st) continue;
        if (st->kind == StepKind::kAsk || st->kind == StepKind::kAction) return true;
        if (st->kind == StepKind::kHandoff || st->kind == StepKind::kEnd) continue;
        std::vector<std::string> next = {st->next, st->on_exhausted, st->otherwise};
        for (const ChoiceOption& o : st->options)
            next.push_back(o.next);
        for (const BranchCase& c : st->cases)
            next.push_back(c.next);
        for (const std::string& n : next) {
            if (!n.empty() && seen.insert(n).second) ahead.push_back(n);
        }
    }
    return false;
}

void Engine::SwitchTo(Turn& turn, const Flow& next, const Event& event) const {
    json& s = turn.state;
    if (turn.flow && s["step"].is_string() && WorkLeft(*turn.flow, s["step"].get<std::string>())) {
        // The flow's own answers travel with it; the new request cannot overwrite them.
        json frame = {{"flow", turn.flow->id},
                      {"step", s["step"]},
                      {"slots", s["slots"]},
                      {"slot_log", s["slot_log"]},
                      {"result", s["result"]}};
        if (s.contains("listed_options")) frame["listed_options"] = s["listed_options"];
        json& stack = s["suspended"];
        if (!stack.is_array()) stack = json::array();
        stack.push_back(std::move(frame));
        while (stack.size() > kMaxSuspended)
            stack.erase(stack.begin());
        s["context"]["suspended"] = turn.flow->id;
    } else if (turn.flow) {
        s["history"]["flows"].push_back(turn.flow->id + ":done");
    }
    // "Where is my OTHER order": the order being discussed is not the one meant.
    if (RefersElsewhere(event.text)) {
        for (const auto& [name, spec] : next.slots) {
            if (spec.type == "order_number" || spec.type == "invoice_number") {
                s["slots"].erase(name);
                s["slot_log"].erase(name);
            }
        }
    }
    s["waiting"] = nullptr;
    StartFlow(turn, next, &event);
}

void Engine::OfferResume(Turn& turn) const {
    json& s = turn.state;
    const json& frame = s["suspended"].back();
    const Flow* f = FindFlow(json_read::StringOr(frame, "flow"));
    const std::string locale = turn.Locale();
    json context = turn.Context();
    context["slot"] = frame.contains("slots") ? frame["slots"] : json::object();
    context["result"] = frame.contains("result") ? frame["result"] : json::object();
    std::string text;
    if (f) {
        if (const std::vector<std::string>* variants = Variants(f->resume, locale)) {
            for (const std::string& v : *variants) {
                if (AllPlaceholdersKnown(v, context)) {
                    text = RenderTemplate(v, context);
                    break;
                }
            }
        }
        if (text.empty()) {
            std::string title = PickPhrasing(f->title, locale, 0);
            if (!title.empty() && title.back() == '?') title.pop_back();
            text = BuiltinWith(locale, "resume", "title", title.empty() ? f->id : title);
        }
    }
    turn.Say(text);
    turn.QuickReplies(
        {{"resume", Builtin(locale, "resume_yes")}, {"no_resume", Builtin(locale, "resume_no")}});
    s["offer"] = "resume";
}

bool Engine::AnswerResumeOffer(Turn& turn, const Event& event) const {
    json& s = turn.state;
    s.erase("offer");
    if (!s.contains("suspended") || !s["suspended"].is_array() || s["suspended"].empty())
        return false;
    const std::string& intent = event.understanding.intent;
    const std::string folded =
        FoldForMatch(event.kind == EventKind::kChoice ? event.value : event.text);
    const std::string locale = turn.Locale();
    const bool yes =
        (event.kind == EventKind::kChoice && event.value == "resume") ||
        (event.kind == EventKind::kMessage &&
         (intent == "affirm" || folded == FoldForMatch(Builtin(locale, "resume_yes"))));
    const bool no = (event.kind == EventKind::kChoice && event.value == "no_resume") ||
                    (event.kind == EventKind::kMessage &&
                     (intent == "deny" || folded == FoldForMatch(Builtin(locale, "resume_no"))));
    // The answer to the question the flow was waiting on ("it has a hole in it") also resumes it.
    const json& top = s["suspended"].back();
    const Flow* waiting_flow = FindFlow(json_read::StringOr(top, "flow"));
    const flow::Step* waiting_step =
        waiting_flow ? waiting_flow->Find(json_read::StringOr(top, "step")) : nullptr;
    bool answers = false;
    if (!yes && !no && waiting_step && event.kind == EventKind::kMessage &&
        !event.understanding.card_number && NewRequestFor(waiting_flow, event) == nullptr) {
        json context = turn.Context();
        context["slot"] = top.contains("slots") ? top["slots"] : json::object();
        if (waiting_step->kind == StepKind::kChoice) {
            json listed_state = json::object();
            if (top.contains("listed_options"))
                listed_state["listed_options"] = top["listed_options"];
            answers =
                NamedOptions(WithListedOptions(listed_state, *waiting_step), event.text, context)
                    .values.size() == 1;
        } else if (waiting_step->kind == StepKind::kAsk && config_.validator) {
            const auto spec = waiting_flow->slots.find(waiting_step->slot);
            answers =
                spec != waiting_flow->slots.end() &&
                config_.validator(spec->second, event.text, event.understanding.entities, locale)
                    .ok;
        }
    }
    if (!yes && !no && !answers) return false;  // heard as usual; the flow stays suspended
    json frame = s["suspended"].back();
    s["suspended"].erase(s["suspended"].size() - 1);
    if (s["suspended"].empty()) {
        s.erase("suspended");
        s["context"].erase("suspended");
    } else {
        s["context"]["suspended"] = s["suspended"].back()["flow"];
    }
    if (no) {
        s["history"]["flows"].push_back(json_read::StringOr(frame, "flow") + ":left");
        if (s.contains("suspended")) {
            OfferResume(turn);
            return true;
        }
        turn.Say(Builtin(locale, "resume_dropped"));
        Finish(turn, "resolved");
        return true;
    }
    const Flow* f = FindFlow(json_read::StringOr(frame, "flow"));
    if (!f || !frame["step"].is_string()) return false;
    turn.flow = f;
    s["flow"] = f->id;
    s["status"] = "active";
    s["slots"] = frame["slots"].is_object() ? frame["slots"] : json::object();
    s["slot_log"] = frame["slot_log"].is_object() ? frame["slot_log"] : json::object();
    s["result"] = frame["result"].is_object() ? frame["result"] : json::object();
    if (frame.contains("listed_options")) {
        s["listed_options"] = frame["listed_options"];
    } else {
        s.erase("listed_options");
    }
    s["history"]["flows"].push_back(f->id);
    Enter(turn, frame["step"].get<std::string>());
    if (answers) {
        s["waiting"] = "input";
        if (Consume(turn, event)) FillMentioned(turn, event, "mentioned");
        if (s["waiting"].is_null()) Run(turn);
        return true;
    }
    turn.Say(Builtin(locale, "back_to"));
    Run(turn);
    return true;
}

void Engine::OnMessage(Turn& turn, const Event& event) const {
    json& working = turn.state;
    const std::string locale = turn.Locale();
    const Understanding& u = event.understanding;
    const std::string said = event.kind == EventKind::kChoice ? event.value : event.text;
    turn.Line("customer", said);
    if (event.kind == EventKind::kMessage) {
        working["history"]["intents"].push_back(
            {{"intent", u.intent}, {"confidence", u.confidence}, {"ambiguous", u.ambiguous}});
    }
    // Card data is refused wherever it appears and never taken as an answer; the request the
    // message makes around it is still heard ("my card was charged twice").
    if (u.card_number) {
        turn.Say(Builtin(locale, "card_refused"));
        // "my card [removed]" alone asks for nothing; a sentence around it may.
        const bool says_more = WordsBesidesCardData(event.text) >= 4;
        const bool request = u.intent == "talk_to_human" || u.intent == "cancel" ||
                             (says_more && NewRequest(turn, event) != nullptr) ||
                             (!turn.flow && u.has_answer);
        if (!request) {
            if (turn.flow && working["waiting"] == "input") {
                working["waiting"] = nullptr;
                Run(turn);
            }
            return;
        }
    }
    // A message that answers the waiting step is an answer, whatever else it sounds like: "a
    // new one please" at "replacement or refund?" is not "start over", "cancel it" at the
    // retention offer is not "never mind".
    if (turn.flow && working["waiting"] == "input" && !u.card_number &&
        working["step"].is_string()) {
        const flow::Step* step = turn.flow->Find(working["step"].get<std::string>());
        // ... and so is an identifier of the asked slot's own type ("it's 104299 actually").
        bool typed_value = false;
        if (step && (step->kind == StepKind::kAsk || step->kind == StepKind::kChoice)) {
            const auto spec = turn.flow->slots.find(step->slot);
            const bool identifier =
                spec != turn.flow->slots.end() &&
                (spec->second.type == "order_number" || spec->second.type == "invoice_number" ||
                 spec->second.type == "email" || spec->second.type == "postal_code");
            for (const EntityValue& e : u.entities) {
                if (identifier && e.type == spec->second.type &&
                    !Checked(spec->second, e, locale).is_null()) {
                    typed_value = true;
                }
            }
        }
        // An option named only by some of its words yields to a request for another flow asked
        // in so many words ("I want to return my base layer top" at "which order?" is a return,
        // though the top is in one of the orders listed); a description stays an answer ("it
        // has a hole", "the boots one"), and so does an exact answer or a yes/no.
        bool answers = false;
        if (step && (step->kind == StepKind::kChoice || step->kind == StepKind::kCsat) &&
            !MatchOption(turn, *step, event).empty()) {
            const std::string& typed = event.kind == EventKind::kChoice ? event.value : event.text;
            const bool exact =
                event.kind == EventKind::kChoice || step->kind == StepKind::kCsat ||
                u.intent == "affirm" || u.intent == "deny" ||
                NamedOptions(
                    HasListedOptions(working, *step) ? WithListedOptions(working, *step) : *step,
                    typed, turn.Context())
                    .exact;
            answers = exact || !AsksForSomething(typed) || NewRequest(turn, event) == nullptr;
        }
        if (step && (typed_value || answers)) {
            if (Consume(turn, event)) {
                FillMentioned(turn, event, "mentioned");
                if (working["waiting"].is_null()) Run(turn);
                return;
            }
        }
    }
    // Global intents, at any point.
    if (u.intent == "talk_to_human" ||
        (event.kind == EventKind::kChoice && event.value == "talk_to_human")) {
        working.erase("offer");
        // The business's own "talk to a person" flow (routing questions) when it has one;
        // what was collected so far stays in the state and goes with the handoff.
        const Flow* human = config_.human_flow.empty() ? nullptr : FindFlow(config_.human_flow);
        if (human && turn.flow != human) {
            // Where automation stopped, so the agent sees the path it did not finish.
            if (turn.flow && working["step"].is_string()) {
                working["interrupted"] = {{"flow", turn.flow->id}, {"step", working["step"]}};
            }
            StartFlow(turn, *human, nullptr);
        } else {
            turn.Say(Builtin(locale, "handoff"));
            Handoff(turn, "customer_request", "general", "normal");
        }
        return;
    }
    if (u.intent == "cancel") {
        if (turn.flow) {
            turn.Say(Builtin(locale, "cancelled"));
            Finish(turn, "abandoned");
        } else if (json_read::StringOr(working, "offer") == "resume") {
            Event no = event;
            no.understanding.intent = "deny";
            AnswerResumeOffer(turn, no);
        } else {
            turn.Say(Builtin(locale, "nothing_to_cancel"));
        }
        return;
    }
    if (u.intent == "start_over" && turn.flow) {
        const Flow* flow = turn.flow;
        working["slots"] = json::object();
        working["slot_log"] = json::object();
        turn.Say(Builtin(locale, "start_over"));
        StartFlow(turn, *flow, nullptr);
        return;
    }
    if (!turn.flow && json_read::StringOr(working, "offer") == "resume" &&
        AnswerResumeOffer(turn, event)) {
        return;
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
        const flow::Step* step = turn.flow->Find(working["step"].get<std::string>());
        // A new request that is not an answer: the flow waits on the stack ("wait, first:
        // where is my other order?").
        if (const Flow* next = NewRequest(turn, event)) {
            bool answers = false;
            if (step && step->kind == StepKind::kAsk && config_.validator && !u.card_number) {
                const auto spec = turn.flow->slots.find(step->slot);
                answers = spec != turn.flow->slots.end() &&
                          config_.validator(spec->second, event.text, u.entities, locale).ok;
            }
            if (!answers) {
                SwitchTo(turn, *next, event);
                return;
            }
        }
        if (u.card_number) return;
        // Corrections: a value for another slot of this flow that is already filled. The flow
        // then resumes at the step that asked for the corrected slot, so what depended on the
        // old value (a lookup) runs again; other answers are kept.
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
            return;
        }
        // The waiting step takes the message; whatever else it gives fills the flow's slots.
        if (Consume(turn, event)) {
            FillMentioned(turn, event, "mentioned");
            if (working["waiting"].is_null()) Run(turn);
            return;
        }
        // Digression: answer from the knowledge base, then ask again.
        if (u.has_answer) {
            for (const std::string& answer : AnswerTexts(u))
                turn.Say(answer);
            turn.Say(Builtin(locale, "back_to"));
            working["waiting"] = nullptr;
            Run(turn);
        }
        return;
    }
    // No flow waiting for input.
    if (u.intent == "greeting" || u.intent == "thanks" || u.intent == "goodbye") {
        turn.Say(Builtin(locale, u.intent));
        return;
    }
    if (u.ambiguous && u.ranked.size() >= 2) {
        turn.Say(Builtin(locale, "did_you_mean"));
        std::vector<std::pair<std::string, std::string>> options;
        for (std::size_t i = 0; i < 2; ++i) {
            const Flow* f = FlowForIntent(u.ranked[i].first);
            const std::string label = f ? PickPhrasing(f->title, locale, 0) : u.ranked[i].first;
            options.emplace_back(u.ranked[i].first, label.empty() ? u.ranked[i].first : label);
        }
        options.emplace_back("talk_to_human", Builtin(locale, "talk_to_human"));
        turn.QuickReplies(std::move(options));
        return;
    }
    const std::string wanted = event.kind == EventKind::kChoice ? event.value : u.intent;
    if (const Flow* flow = FlowForIntent(wanted)) {
        // A question the help centre answers, with only a guess at a request behind it ("how
        // long do refunds take"): the answer first, the request one tap away. Never a guess
        // acted on.
        if (event.kind == EventKind::kMessage && u.has_answer) {
            for (const std::string& answer : AnswerTexts(u))
                turn.Say(answer);
            turn.Say(Builtin(locale, "or_request"));
            turn.QuickReplies({{wanted, PickPhrasing(flow->title, locale, 0)},
                               {"talk_to_human", Builtin(locale, "talk_to_human")}});
            return;
        }
        StartFlow(turn, *flow, &event);
        return;
    }
    if (u.has_answer) {
        const Flow* fallback =
            config_.fallback_flow.empty() ? nullptr : FindFlow(config_.fallback_flow);
        // Several questions: the first one's answer is what the fallback flow says; the others
        // are said after it (answer.more), in the order asked.
        if (fallback) {
            working["answer"] = {
                {"title", u.answer_title}, {"text", u.answer_text}, {"url", u.answer_url}};
            const std::vector<std::string> answers = AnswerTexts(u);
            if (answers.size() > 1) {
                std::string more;
                for (std::size_t i = 1; i < answers.size(); ++i)
                    more += (i > 1 ? " " : "") + answers[i];
                working["answer"]["more"] = more;
            }
            StartFlow(turn, *fallback, nullptr);
        } else {
            for (const std::string& answer : AnswerTexts(u))
                turn.Say(answer);
        }
        return;
    }
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& [intent, confidence] : u.ranked) {
        if (options.size() >= 2) break;
        if (confidence < kNearestFlowConfidence) continue;  // no relation: not worth offering
        if (const Flow* f = FlowForIntent(intent)) {
            options.emplace_back(intent, PickPhrasing(f->title, locale, 0));
        }
    }
    turn.Say(Builtin(locale, options.empty() ? "not_sure_person" : "not_sure"));
    options.emplace_back("talk_to_human", Builtin(locale, "talk_to_human"));
    turn.QuickReplies(std::move(options));
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

Result<bool> Engine::CheckState(const json& state) const {
    auto valid = ValidateState(state);
    if (!valid) return valid;
    // Validated: flow and step are strings or null.
    const json& flow = state["flow"];
    if (flow.is_string()) {
        const Flow* f = FindFlow(flow.get_ref<const std::string&>());
        if (!f) {
            return Error::Make(
                "seam.engine.unknown_flow",
                "state refers to an unknown flow \"" + flow.get_ref<const std::string&>() + "\"");
        }
        // Every path that reads the step of a running flow reads it as a string.
        if (!state["step"].is_string()) {
            return Error::Make("seam.engine.state", "step: expected a string while flow " + f->id +
                                                        " runs, got " +
                                                        json_read::KindOf(state["step"]));
        }
    } else if (state["waiting"] == "action") {
        return Error::Make("seam.engine.state", "waiting: an action is awaited, but no flow runs");
    }
    return true;
}

Result<json> Engine::LoadState(std::string_view text) const {
    auto parsed = json_read::Parse(text);
    if (!parsed) return parsed.error();
    auto checked = CheckState(*parsed);
    if (!checked) return checked.error();
    return parsed;
}

Result<std::vector<Effect>> Engine::StepInPlace(json& working, const Event& event) const {
    // A state comes from outside (a store, a client): checked whole before anything reads it,
    // so a wrong-typed field is this error, never an abort inside a read.
    auto checked = CheckState(working);
    if (!checked) return checked.error();
    return StepChecked(working, event);
}

Result<std::vector<Effect>> Engine::StepChecked(json& working, const Event& event) const {
    Turn turn{working, {}, nullptr};
    if (working["flow"].is_string()) turn.flow = FindFlow(working["flow"].get<std::string>());
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
            if (!step) {
                return Error::Make("seam.engine.state", "step: the action's step \"" +
                                                            working["step"].get<std::string>() +
                                                            "\" is not in flow " + turn.flow->id);
            }
            json& actions = working["history"]["actions"];
            if (!actions.empty()) {
                actions.back()["outcome"] = event.outcome;
                actions.back()["result"] = event.result;
            }
            working["result"] = event.result.is_object() ? event.result : json::object();
            const auto it = step->on.find(event.outcome);
            const std::string next = it != step->on.end() ? it->second : step->next;
            if (next.empty()) {
                // Never in silence (seam check refuses such flows; this is the safety net).
                turn.Say(Builtin(turn.Locale(), "handoff"));
                Handoff(turn, "unhandled_outcome:" + event.outcome, "general", "normal");
                break;
            }
            Enter(turn, next);
            Run(turn);
            break;
        }
        case EventKind::kChoice:
        case EventKind::kMessage:
            OnMessage(turn, event);
            break;
    }
    TrimHistory(working);
    return std::move(turn.effects);
}

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
                    {"queue", json_read::StringOr(e.handoff, "queue", "general")},
                    {"reason", json_read::StringOr(e.handoff, "reason")},
                    {"priority", json_read::StringOr(e.handoff, "priority", "normal")}};
        case EffectKind::kEnd:
            return {{"type", "end"}, {"outcome", e.outcome}};
    }
    return json::object();
}

// The state travels with every turn (and every widget write), so its history is bounded: the
// most recent entries of each list are kept and the number dropped is counted. Where the state
// keeps a transcript (Transcript::kInState), it is the recent part, which is what an agent reads
// first; seamd keeps none in the state (its messages table has every line).
void Engine::TrimHistory(json& state) {
    json& history = state["history"];
    if (!history.is_object()) return;
    for (const auto& [list, cap] : kHistoryLimits) {
        const auto found = history.find(list);  // never adds a list the state has not got
        if (found == history.end()) continue;
        json& entries = *found;
        if (!entries.is_array() || entries.size() <= cap) continue;
        const std::size_t drop = entries.size() - cap;
        entries.erase(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(drop));
        json& dropped = history["dropped"];
        if (!dropped.is_object()) dropped = json::object();
        dropped[list] = json_read::IntOr(dropped, list, 0) + static_cast<std::int64_t>(drop);
    }
}

}  // namespace seam::flow
