// shared/src/flow/parse.cpp — flow JSON to Flow, reporting schema problems at JSON pointers.
#include "seam/flow/parse.hpp"

#include <map>
#include <set>

#include "seam/text/utf8.hpp"

namespace seam::flow {

namespace {

using nlohmann::json;

std::string Escape(const std::string& key) {  // RFC 6901
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

class Parser {
  public:
    Parser(std::string_view source, std::vector<Diagnostic>& diagnostics)
        : source_(source), diagnostics_(diagnostics) {}

    void Error(const std::string& pointer, const std::string& message,
               const char* id = "seam.flow.schema") {
        diagnostics_.push_back({id, source_, pointer, message});
        ++errors_;
    }
    int errors() const { return errors_; }

    // A required or optional string member; reports wrong types.
    std::string String(const json& obj, const char* key, const std::string& at, bool required) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) Error(at, std::string("missing \"") + key + "\" (a string)");
            return {};
        }
        if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
            Error(at + "/" + key, std::string("\"") + key + "\" must be a non-empty string");
            return {};
        }
        return it->get<std::string>();
    }

    Text ParseText(const json& value, const std::string& at) {
        Text t;
        auto variants = [&](const json& v, const std::string& where,
                            std::vector<std::string>& out) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            } else if (v.is_array() && !v.empty()) {
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (!v[i].is_string()) {
                        Error(where + "/" + std::to_string(i), "a phrasing must be a string");
                    } else {
                        out.push_back(v[i].get<std::string>());
                    }
                }
            } else {
                Error(where, "text must be a string or a non-empty array of phrasings");
            }
        };
        if (value.is_object()) {
            for (const auto& [lang, v] : value.items()) {
                variants(v, at + "/" + Escape(lang), t.by_lang[lang]);
            }
            if (value.empty()) Error(at, "text has no language");
        } else {
            variants(value, at, t.by_lang[""]);
        }
        return t;
    }

    Text OptionalText(const json& obj, const char* key, const std::string& at, bool required) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) Error(at, std::string("missing \"") + key + "\" (the text to say)");
            return {};
        }
        return ParseText(*it, at + "/" + key);
    }

    std::map<std::string, std::string> StringMap(const json& obj, const char* key,
                                                 const std::string& at) {
        std::map<std::string, std::string> out;
        const auto it = obj.find(key);
        if (it == obj.end()) return out;
        if (!it->is_object()) {
            Error(at + "/" + key, std::string("\"") + key + "\" must be an object of strings");
            return out;
        }
        for (const auto& [k, v] : it->items()) {
            if (v.is_string()) {
                out[k] = v.get<std::string>();
            } else if (v.is_number() || v.is_boolean()) {
                out[k] = v.dump();
            } else {
                Error(at + "/" + key + "/" + Escape(k), "must be a string");
            }
        }
        return out;
    }

    void ParseStep(const json& s, const std::string& at, Step& step) {
        step.pointer = at;
        step.id = String(s, "id", at, true);
        const std::string kind = String(s, "kind", at, true);
        static const std::pair<const char*, StepKind> kKinds[] = {
            {"message", StepKind::kMessage}, {"ask", StepKind::kAsk},
            {"choice", StepKind::kChoice},   {"branch", StepKind::kBranch},
            {"action", StepKind::kAction},   {"set", StepKind::kSet},
            {"handoff", StepKind::kHandoff}, {"csat", StepKind::kCsat},
            {"end", StepKind::kEnd},         {"start", StepKind::kStart}};
        bool known = false;
        for (const auto& [name, k] : kKinds) {
            if (kind == name) {
                step.kind = k;
                known = true;
            }
        }
        if (!known) {
            if (!kind.empty()) {
                Error(at + "/kind", "unknown step kind \"" + kind +
                                        "\" (message, ask, choice, branch, action, set, "
                                        "handoff, csat, end)");
            }
            return;
        }
        static const std::map<StepKind, std::set<std::string>> kFields = {
            {StepKind::kMessage, {"say", "next"}},
            {StepKind::kAsk, {"slot", "say", "reprompt", "max_attempts", "next", "on_exhausted"}},
            {StepKind::kChoice, {"slot", "say", "options", "options_from", "next"}},
            {StepKind::kBranch, {"cases", "else"}},
            {StepKind::kAction, {"action", "params", "on", "next"}},
            {StepKind::kSet, {"values", "next"}},
            {StepKind::kHandoff, {"say", "reason", "queue", "priority", "next"}},
            {StepKind::kCsat, {"say", "slot", "next"}},
            {StepKind::kEnd, {"say", "outcome"}},
            {StepKind::kStart, {"say", "flow"}}};
        for (const auto& [key, value] : s.items()) {
            if (key != "id" && key != "kind" && kFields.at(step.kind).count(key) == 0) {
                Error(at + "/" + Escape(key),
                      "unknown field \"" + key + "\" (not a field of \"" + kind + "\" steps)");
            }
        }
        const bool needs_next = step.kind != StepKind::kBranch && step.kind != StepKind::kEnd &&
                                step.kind != StepKind::kStart && step.kind != StepKind::kHandoff &&
                                step.kind != StepKind::kChoice && step.kind != StepKind::kAction;
        step.next = String(s, "next", at, needs_next);
        switch (step.kind) {
            case StepKind::kMessage:
                step.say = OptionalText(s, "say", at, true);
                break;
            case StepKind::kAsk: {
                step.say = OptionalText(s, "say", at, true);
                step.reprompt = OptionalText(s, "reprompt", at, false);
                step.slot = String(s, "slot", at, true);
                step.on_exhausted = String(s, "on_exhausted", at, false);
                const auto m = s.find("max_attempts");
                if (m != s.end()) {
                    if (!m->is_number_integer() || m->get<int>() < 1 || m->get<int>() > 10) {
                        Error(at + "/max_attempts", "max_attempts must be an integer from 1 to 10");
                    } else {
                        step.max_attempts = m->get<int>();
                    }
                }
                break;
            }
            case StepKind::kChoice: {
                step.say = OptionalText(s, "say", at, true);
                step.slot = String(s, "slot", at, false);
                const auto from = s.find("options_from");
                if (from != s.end()) {
                    const std::string fat = at + "/options_from";
                    if (!from->is_object()) {
                        Error(fat, "options_from must be an object {list, value, label, match}");
                    } else {
                        step.options_from.list = String(*from, "list", fat, true);
                        step.options_from.value = String(*from, "value", fat, true);
                        step.options_from.label = String(*from, "label", fat, true);
                        step.options_from.match = String(*from, "match", fat, false);
                        if (step.next.empty()) {
                            Error(at,
                                  "a choice with options_from needs \"next\" (where a "
                                  "picked item goes)");
                        }
                    }
                }
                const auto o = s.find("options");
                if (from != s.end() && o == s.end()) break;
                if (o == s.end() || !o->is_array() || o->empty()) {
                    Error(at, "a choice needs \"options\": a non-empty array");
                    break;
                }
                for (std::size_t i = 0; i < o->size(); ++i) {
                    const json& opt = (*o)[i];
                    const std::string oat = at + "/options/" + std::to_string(i);
                    if (!opt.is_object()) {
                        Error(oat, "an option must be an object {value, label, next}");
                        continue;
                    }
                    ChoiceOption option;
                    option.pointer = oat;
                    option.value = String(opt, "value", oat, true);
                    option.label = OptionalText(opt, "label", oat, true);
                    option.match = OptionalText(opt, "match", oat, false);
                    option.next = String(opt, "next", oat, step.next.empty());
                    step.options.push_back(std::move(option));
                }
                break;
            }
            case StepKind::kBranch: {
                const auto c = s.find("cases");
                if (c == s.end() || !c->is_array() || c->empty()) {
                    Error(at, "a branch needs \"cases\": a non-empty array of {when, next}");
                } else {
                    for (std::size_t i = 0; i < c->size(); ++i) {
                        const std::string cat = at + "/cases/" + std::to_string(i);
                        const json& bc = (*c)[i];
                        if (!bc.is_object() || !bc.contains("when")) {
                            Error(cat, "a case must be an object {when, next}");
                            continue;
                        }
                        step.cases.push_back({bc["when"], String(bc, "next", cat, true), cat});
                    }
                }
                step.otherwise = String(s, "else", at, true);
                break;
            }
            case StepKind::kAction: {
                step.action = String(s, "action", at, true);
                step.params = StringMap(s, "params", at);
                step.on = StringMap(s, "on", at);
                break;
            }
            case StepKind::kSet: {
                const auto v = s.find("values");
                if (v == s.end() || !v->is_object() || v->empty()) {
                    Error(at, "a set step needs \"values\": an object of slot -> value");
                } else {
                    for (const auto& [k, val] : v->items())
                        step.values[k] = val;
                }
                break;
            }
            case StepKind::kHandoff: {
                step.say = OptionalText(s, "say", at, false);
                step.reason = String(s, "reason", at, true);
                step.queue = String(s, "queue", at, true);
                step.priority = String(s, "priority", at, false);
                if (step.priority.empty()) step.priority = "normal";
                if (step.priority != "low" && step.priority != "normal" &&
                    step.priority != "high" && step.priority != "urgent") {
                    Error(at + "/priority", "priority must be low, normal, high or urgent");
                }
                break;
            }
            case StepKind::kCsat:
                step.say = OptionalText(s, "say", at, true);
                step.slot = String(s, "slot", at, false);
                break;
            case StepKind::kEnd: {
                step.say = OptionalText(s, "say", at, false);
                step.outcome = String(s, "outcome", at, true);
                if (!step.outcome.empty() && step.outcome != "resolved" &&
                    step.outcome != "escalated" && step.outcome != "abandoned") {
                    Error(at + "/outcome", "outcome must be resolved, escalated or abandoned");
                }
                break;
            }
            case StepKind::kStart:
                step.say = OptionalText(s, "say", at, false);
                step.flow = String(s, "flow", at, true);
                break;
        }
    }

  private:
    std::string source_;
    std::vector<Diagnostic>& diagnostics_;
    int errors_ = 0;
};

}  // namespace

bool ParseFlow(std::string_view json_text, std::string_view source, Flow& out,
               std::vector<Diagnostic>& diagnostics) {
    Parser p(source, diagnostics);
    out = Flow{};
    out.source = std::string(source);
    if (!text::IsValidUtf8(json_text)) {
        p.Error("", "the file is not valid UTF-8", "seam.flow.json");
        return false;
    }
    const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded()) {
        p.Error("", "not valid JSON", "seam.flow.json");
        return false;
    }
    if (!doc.is_object()) {
        p.Error("", "a flow file must be a JSON object");
        return false;
    }
    for (const auto& [key, value] : doc.items()) {
        static const std::set<std::string> kTop = {"$schema",       "flow",  "version", "title",
                                                   "intents",       "slots", "start",   "steps",
                                                   "interruptible", "resume"};
        if (kTop.count(key) == 0) p.Error("/" + Escape(key), "unknown field \"" + key + "\"");
    }
    out.id = p.String(doc, "flow", "", true);
    const auto v = doc.find("version");
    if (v != doc.end()) {
        if (!v->is_number_integer() || v->get<int>() < 1) {
            p.Error("/version", "version must be a positive integer");
        } else {
            out.version = v->get<int>();
        }
    }
    if (doc.contains("title")) out.title = p.ParseText(doc["title"], "/title");
    if (doc.contains("resume")) out.resume = p.ParseText(doc["resume"], "/resume");
    if (doc.contains("interruptible")) {
        if (!doc["interruptible"].is_boolean()) {
            p.Error("/interruptible", "interruptible must be true or false");
        } else {
            out.interruptible = doc["interruptible"].get<bool>();
        }
    }
    const auto intents = doc.find("intents");
    if (intents != doc.end()) {
        if (!intents->is_array()) {
            p.Error("/intents", "intents must be an array of intent names");
        } else {
            for (std::size_t i = 0; i < intents->size(); ++i) {
                if ((*intents)[i].is_string()) {
                    out.intents.push_back((*intents)[i].get<std::string>());
                } else {
                    p.Error("/intents/" + std::to_string(i), "an intent name must be a string");
                }
            }
        }
    }
    const auto slots = doc.find("slots");
    if (slots != doc.end()) {
        if (!slots->is_object()) {
            p.Error("/slots", "slots must be an object of name -> {type}");
        } else {
            for (const auto& [name, spec] : slots->items()) {
                const std::string at = "/slots/" + Escape(name);
                SlotSpec slot;
                slot.name = name;
                slot.pointer = at;
                if (!spec.is_object()) {
                    p.Error(at, "a slot must be an object {type, ...}");
                    continue;
                }
                slot.type = p.String(spec, "type", at, true);
                const auto opt = spec.find("optional");
                if (opt != spec.end() && !opt->is_boolean())
                    p.Error(at + "/optional", "optional must be true or false");
                slot.optional = opt != spec.end() && opt->is_boolean() && opt->get<bool>();
                const auto pre = spec.find("prefill");
                if (pre != spec.end() && !pre->is_boolean())
                    p.Error(at + "/prefill", "prefill must be true or false");
                slot.prefill = pre == spec.end() || !pre->is_boolean() || pre->get<bool>();
                const auto vals = spec.find("values");
                if (vals != spec.end()) {
                    if (!vals->is_array() || vals->empty()) {
                        p.Error(at + "/values", "values must be a non-empty array of strings");
                    } else {
                        for (std::size_t i = 0; i < vals->size(); ++i) {
                            const json& x = (*vals)[i];
                            if (x.is_string())
                                slot.values.push_back(x.get<std::string>());
                            else
                                p.Error(at + "/values/" + std::to_string(i),
                                        "a value must be a string");
                        }
                    }
                }
                out.slots[name] = std::move(slot);
            }
        }
    }
    out.start = p.String(doc, "start", "", true);
    const auto steps = doc.find("steps");
    if (steps == doc.end() || !steps->is_array() || steps->empty()) {
        p.Error("", "missing \"steps\": a non-empty array of steps");
        return false;
    }
    for (std::size_t i = 0; i < steps->size(); ++i) {
        const std::string at = "/steps/" + std::to_string(i);
        if (!(*steps)[i].is_object()) {
            p.Error(at, "a step must be an object");
            continue;
        }
        Step step;
        p.ParseStep((*steps)[i], at, step);
        out.steps.push_back(std::move(step));
    }
    return p.errors() == 0;
}

const Step* Flow::Find(const std::string& step_id) const {
    for (const Step& s : steps) {
        if (s.id == step_id) return &s;
    }
    return nullptr;
}

const char* StepKindName(StepKind kind) {
    switch (kind) {
        case StepKind::kMessage:
            return "message";
        case StepKind::kAsk:
            return "ask";
        case StepKind::kChoice:
            return "choice";
        case StepKind::kBranch:
            return "branch";
        case StepKind::kAction:
            return "action";
        case StepKind::kSet:
            return "set";
        case StepKind::kHandoff:
            return "handoff";
        case StepKind::kCsat:
            return "csat";
        case StepKind::kEnd:
            return "end";
        case StepKind::kStart:
            return "start";
    }
    return "message";
}

}  // namespace seam::flow
