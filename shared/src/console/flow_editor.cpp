// shared/src/console/flow_editor.cpp — the flow editor's model (seam/console/flow_editor.hpp):
// operations on one flow file's JSON document, undo/redo, and the checks after each change.
//
// Index of this file
// [SECTION] Helpers (kinds and their fields, targets inside a step, words)
// [SECTION] Opening, undo, refresh
// [SECTION] Reading
// [SECTION] Steps
// [SECTION] Fields, links, options, cases, words
// [SECTION] Slot definitions
#include "seam/console/flow_editor.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "seam/flow/check.hpp"
#include "seam/flow/parse.hpp"

namespace seam::console {

using ojson = nlohmann::ordered_json;

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

bool Contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::string StringOf(const ojson& obj, const char* key) {
    if (!obj.is_object()) return "";
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

//! A reference to another step inside one step: the object holding it and its key.
struct TargetRef {
    std::string field;  //!< "next", "on/ok", "options/1/next", ...
    std::string target;
};

//! Every field of `step` that names another step, in the step's own order.
std::vector<TargetRef> TargetsOf(const ojson& step) {
    std::vector<TargetRef> out;
    if (!step.is_object()) return out;
    for (auto it = step.begin(); it != step.end(); ++it) {
        const std::string& key = it.key();
        const ojson& v = it.value();
        if ((key == "next" || key == "else" || key == "on_exhausted") && v.is_string()) {
            out.push_back({key, v.get<std::string>()});
        } else if (key == "on" && v.is_object()) {
            for (auto o = v.begin(); o != v.end(); ++o)
                if (o.value().is_string())
                    out.push_back({"on/" + o.key(), o.value().get<std::string>()});
        } else if ((key == "options" || key == "cases") && v.is_array()) {
            for (std::size_t i = 0; i < v.size(); ++i) {
                const std::string next = StringOf(v[i], "next");
                if (v[i].is_object() && v[i].contains("next"))
                    out.push_back({key + "/" + std::to_string(i) + "/next", next});
            }
        }
    }
    return out;
}

//! The object and key a target field of `step` lives at ("on/ok" -> step["on"], "ok"), or
//! nullptr when the path does not exist (creating "on" when asked).
ojson* TargetHolder(ojson& step, const std::string& field, std::string& key, bool create) {
    if (field == "next" || field == "else" || field == "on_exhausted") {
        key = field;
        return &step;
    }
    if (field.rfind("on/", 0) == 0 && field.size() > 3) {
        key = field.substr(3);
        if (!step.contains("on")) {
            if (!create) return nullptr;
            step["on"] = ojson::object();
        }
        return step["on"].is_object() ? &step["on"] : nullptr;
    }
    for (const char* list : {"options", "cases"}) {
        const std::string prefix = std::string(list) + "/";
        if (field.rfind(prefix, 0) != 0) continue;
        const std::size_t slash = field.find('/', prefix.size());
        if (slash == std::string::npos || field.substr(slash) != "/next") return nullptr;
        const std::string digits = field.substr(prefix.size(), slash - prefix.size());
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
            digits.size() > 6)
            return nullptr;
        const std::size_t i = static_cast<std::size_t>(std::stoul(digits));
        auto it = step.find(list);
        if (it == step.end() || !it->is_array() || i >= it->size() || !(*it)[i].is_object())
            return nullptr;
        key = "next";
        return &(*it)[i];
    }
    return nullptr;
}

bool EmptyWords(const ojson& v) {
    if (v.is_string())
        return v.get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos;
    if (v.is_array()) {
        for (const ojson& p : v)
            if (!EmptyWords(p)) return false;
        return true;
    }
    return true;
}

std::string JoinPhrasings(const ojson& v) {
    if (v.is_string()) return v.get<std::string>();
    std::string out;
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out += '\n';
            if (v[i].is_string()) out += v[i].get<std::string>();
        }
    }
    return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

ojson EmptyWordsObject() {
    ojson w = ojson::object();
    for (const char* l : FlowEditor::kLocales)
        w[l] = "";
    return w;
}

ojson NewOption(const std::string& value) {
    ojson option = ojson::object();
    option["value"] = value;
    option["label"] = EmptyWordsObject();
    return option;
}

//! A new branch case: a condition every flow may read, and no target yet.
ojson NewCase() {
    ojson when = ojson::object();
    when["var"] = "customer.verified";
    when["op"] = "==";
    when["value"] = true;
    ojson c = ojson::object();
    c["when"] = std::move(when);
    return c;
}

//! The words fields a step of `kind` can have: (field, label).
std::vector<std::pair<std::string, std::string>> WordFieldsOf(const ojson& step) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string kind = StringOf(step, "kind");
    if (Contains(FlowEditor::FieldsOf(kind), "say")) out.emplace_back("say", "say");
    if (kind == "ask") out.emplace_back("reprompt", "reprompt");
    if (kind == "choice" && step.contains("options") && step["options"].is_array()) {
        const ojson& options = step["options"];
        for (std::size_t i = 0; i < options.size(); ++i) {
            const std::string value = StringOf(options[i], "value");
            const std::string at = "options/" + std::to_string(i);
            out.emplace_back(at + "/label", "option \"" + value + "\" label");
            out.emplace_back(at + "/match", "option \"" + value + "\" also matches");
        }
    }
    return out;
}

//! The value at a '/'-separated path inside `base` ("options/0/label"), or nullptr.
const ojson* AtPath(const ojson& base, const std::string& path) {
    const ojson* v = &base;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(start, end - start);
        if (v->is_object()) {
            const auto it = v->find(part);
            if (it == v->end()) return nullptr;
            v = &*it;
        } else if (v->is_array()) {
            if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos ||
                part.size() > 6)
                return nullptr;
            const std::size_t i = static_cast<std::size_t>(std::stoul(part));
            if (i >= v->size()) return nullptr;
            v = &(*v)[i];
        } else {
            return nullptr;
        }
        start = end + 1;
    }
    return v;
}

bool ValidSlotName(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

//! What a new step of `kind` starts with besides id and kind (see AddStep).
void AddDefaults(ojson& step, const std::string& kind, const std::vector<std::string>& slots) {
    const bool says = kind == "message" || kind == "ask" || kind == "choice" || kind == "csat" ||
                      kind == "handoff";
    if (says && !step.contains("say")) step["say"] = EmptyWordsObject();
    if (kind == "ask" && !step.contains("slot") && !slots.empty()) step["slot"] = slots.front();
    if (kind == "choice" && !step.contains("options") && !step.contains("options_from")) {
        step["options"] = ojson::array();
        step["options"].push_back(NewOption("yes"));
    }
    if (kind == "branch" && !step.contains("cases")) {
        step["cases"] = ojson::array();
        step["cases"].push_back(NewCase());
    }
    if (kind == "end" && !step.contains("outcome")) step["outcome"] = "resolved";
}

}  // namespace

const std::vector<std::string>& FlowEditor::Kinds() {
    static const std::vector<std::string> kKinds = {
        "message", "ask", "choice", "branch", "action", "set", "handoff", "csat", "end", "start"};
    return kKinds;
}

const std::vector<std::string>& FlowEditor::FieldsOf(const std::string& kind) {
    // The schema's fields per kind (assets/schema/flow.schema.json), in the order the demo
    // flows write them.
    static const std::map<std::string, std::vector<std::string>> kFields = {
        {"message", {"say", "next"}},
        {"ask", {"slot", "say", "reprompt", "max_attempts", "next", "on_exhausted"}},
        {"choice", {"slot", "say", "options_from", "options", "next"}},
        {"branch", {"cases", "else"}},
        {"action", {"action", "params", "on", "next"}},
        {"set", {"values", "next"}},
        {"handoff", {"reason", "queue", "priority", "say", "next"}},
        {"csat", {"say", "slot", "next"}},
        {"end", {"outcome", "say"}},
        {"start", {"flow", "say"}}};
    static const std::vector<std::string> kNone;
    const auto it = kFields.find(kind);
    return it == kFields.end() ? kNone : it->second;
}

//-----------------------------------------------------------------------------
// [SECTION] Opening, undo, refresh
//-----------------------------------------------------------------------------

bool FlowEditor::Open(std::string path, std::string text, std::string actions_json) {
    JsonRewriter rewriter(std::move(text));
    if (!rewriter.original().is_object()) {
        return Fail("seam.flowed.open", path + " is not a JSON object (edit it as text)");
    }
    rewriter_ = std::move(rewriter);
    path_ = std::move(path);
    doc_ = rewriter_.original();
    registry_problems_.clear();
    if (actions_json.empty()) {
        registry_ = flow::Registry{};
        registry_.slot_types = flow::BuiltinSlotTypes();
    } else {
        registry_ = flow::ParseRegistry(actions_json, "flows/actions.json", registry_problems_);
    }
    undo_.clear();
    redo_.clear();
    typing_.clear();
    selected_.clear();
    error_.clear();
    revision_ = 0;
    open_ = true;
    Refresh();
    return true;
}

bool FlowEditor::Fail(const char* id, const std::string& message) {
    error_ = "[" + std::string(id) + "] " + message;
    return false;
}

bool FlowEditor::Commit(ojson doc, const std::string& typing) {
    error_.clear();
    if (doc == doc_) return true;
    const bool continues = !typing.empty() && typing == typing_ && !undo_.empty();
    if (!continues) {
        undo_.push_back(std::move(doc_));
        if (undo_.size() > kUndoDepth) undo_.erase(undo_.begin());
    }
    redo_.clear();
    doc_ = std::move(doc);
    typing_ = typing;
    ++revision_;
    Refresh();
    return true;
}

bool FlowEditor::Undo() {
    if (undo_.empty()) return Fail("seam.flowed.undo", "nothing to undo");
    redo_.push_back(std::move(doc_));
    doc_ = std::move(undo_.back());
    undo_.pop_back();
    typing_.clear();
    error_.clear();
    ++revision_;
    Refresh();
    return true;
}

bool FlowEditor::Redo() {
    if (redo_.empty()) return Fail("seam.flowed.redo", "nothing to redo");
    undo_.push_back(std::move(doc_));
    doc_ = std::move(redo_.back());
    redo_.pop_back();
    typing_.clear();
    error_.clear();
    ++revision_;
    Refresh();
    return true;
}

void FlowEditor::Refresh() {
    text_ = rewriter_.Write(doc_);
    // What `seam check` does with one flow file: the schema first, the graph once it parses.
    std::vector<flow::Diagnostic> diagnostics = registry_problems_;
    flow_ = flow::Flow{};
    if (flow::ParseFlow(text_, path_, flow_, diagnostics)) {
        flow::CheckFlow(flow_, registry_, diagnostics);
    }
    graph_ = BuildFlowGraph(flow_);

    const ojson* steps = AtPath(doc_, "steps");
    auto step_of = [&](const std::string& pointer) -> std::string {
        const std::string prefix = "/steps/";
        if (!steps || !steps->is_array() || pointer.rfind(prefix, 0) != 0) return "";
        const std::size_t end = pointer.find('/', prefix.size());
        const std::string digits = pointer.substr(prefix.size(), end - prefix.size());
        if (digits.empty() || digits.size() > 6 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            return "";
        const std::size_t i = static_cast<std::size_t>(std::stoul(digits));
        return i < steps->size() ? StringOf((*steps)[i], "id") : std::string();
    };
    problems_.clear();
    for (flow::Diagnostic& d : diagnostics) {
        std::string step = d.file == path_ ? step_of(d.pointer) : std::string();
        problems_.push_back({std::move(d), std::move(step)});
    }

    missing_.clear();
    auto scan = [&](const std::string& step, const std::string& field, const std::string& pointer,
                    const ojson* words) {
        if (!words || !words->is_object()) return;  // absent, or one text for every language
        for (const char* locale : kLocales) {
            const auto it = words->find(locale);
            if (it == words->end() || EmptyWords(*it))
                missing_.push_back({step, field, pointer, locale});
        }
    };
    for (const char* field : {"title", "resume"})
        scan("", field, std::string("/") + field, AtPath(doc_, field));
    if (steps && steps->is_array()) {
        for (std::size_t i = 0; i < steps->size(); ++i) {
            const ojson& s = (*steps)[i];
            const std::string id = StringOf(s, "id");
            for (const auto& [field, label] : WordFieldsOf(s))
                scan(id, field, "/steps/" + std::to_string(i) + "/" + field, AtPath(s, field));
        }
    }
}

int FlowEditor::ProblemCount(const std::string& step) const {
    return static_cast<int>(std::count_if(problems_.begin(), problems_.end(),
                                          [&](const FlowProblem& p) { return p.step == step; }));
}

int FlowEditor::MissingCount(const std::string& step) const {
    return static_cast<int>(
        std::count_if(missing_.begin(), missing_.end(),
                      [&](const MissingTranslation& m) { return m.step == step; }));
}

bool FlowEditor::SelectProblem(std::size_t index) {
    if (index >= problems_.size() || problems_[index].step.empty()) return false;
    selected_ = problems_[index].step;
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------

std::vector<std::string> FlowEditor::StepIds() const {
    std::vector<std::string> out;
    const ojson* steps = AtPath(doc_, "steps");
    if (!steps || !steps->is_array()) return out;
    for (const ojson& s : *steps) {
        std::string id = StringOf(s, "id");
        if (!id.empty() && !Contains(out, id)) out.push_back(std::move(id));
    }
    return out;
}

const ojson* FlowEditor::Step(const std::string& id) const {
    const ojson* steps = AtPath(doc_, "steps");
    if (id.empty() || !steps || !steps->is_array()) return nullptr;
    for (const ojson& s : *steps)
        if (StringOf(s, "id") == id) return &s;
    return nullptr;
}

std::string FlowEditor::StepString(const std::string& id, const std::string& key) const {
    const ojson* s = Step(id);
    return s ? StringOf(*s, key.c_str()) : std::string();
}

std::vector<StepLink> FlowEditor::Links(const std::string& id) const {
    std::vector<StepLink> out;
    const ojson* s = Step(id);
    if (!s) return out;
    const std::string kind = StringOf(*s, "kind");
    const bool has_next = Contains(FieldsOf(kind), "next");
    const std::string next = StringOf(*s, "next");
    if (kind == "action" && s->contains("on") && (*s)["on"].is_object()) {
        for (auto it = (*s)["on"].begin(); it != (*s)["on"].end(); ++it) {
            out.push_back({"on/" + it.key(), it.key(),
                           it.value().is_string() ? it.value().get<std::string>() : "", true});
        }
    }
    if (kind == "choice" && s->contains("options") && (*s)["options"].is_array()) {
        const ojson& options = (*s)["options"];
        for (std::size_t i = 0; i < options.size(); ++i) {
            out.push_back({"options/" + std::to_string(i) + "/next",
                           "option " + StringOf(options[i], "value"), StringOf(options[i], "next"),
                           next.empty()});
        }
    }
    if (kind == "branch" && s->contains("cases") && (*s)["cases"].is_array()) {
        const ojson& cases = (*s)["cases"];
        for (std::size_t i = 0; i < cases.size(); ++i) {
            std::string when = "?";
            if (cases[i].is_object() && cases[i].contains("when"))
                when = ConditionText(nlohmann::json::parse(
                    cases[i]["when"].dump(-1, ' ', false, ojson::error_handler_t::replace), nullptr,
                    false));
            out.push_back(
                {"cases/" + std::to_string(i) + "/next", when, StringOf(cases[i], "next"), true});
        }
        out.push_back({"else", "else", StringOf(*s, "else"), true});
    }
    if (has_next) {
        const bool required = kind == "message" || kind == "ask" || kind == "set" ||
                              kind == "csat" || (kind == "choice" && s->contains("options_from"));
        out.push_back({"next", "next", next, required});
    }
    if (kind == "ask") out.push_back({"on_exhausted", "exhausted", StringOf(*s, "on_exhausted")});
    return out;
}

std::vector<WordsField> FlowEditor::Words(const std::string& id) const {
    std::vector<WordsField> out;
    const ojson* base = id.empty() ? &doc_ : Step(id);
    if (!base) return out;
    std::vector<std::pair<std::string, std::string>> fields;
    if (id.empty()) {
        fields = {{"title", "title"}, {"resume", "resume"}};
    } else {
        fields = WordFieldsOf(*base);
    }
    std::string prefix;
    if (!id.empty()) {
        const ojson* steps = AtPath(doc_, "steps");
        for (std::size_t i = 0; steps && i < steps->size(); ++i)
            if (&(*steps)[i] == base) prefix = "/steps/" + std::to_string(i);
    }
    for (const auto& [field, label] : fields) {
        WordsField w;
        w.field = field;
        w.label = label;
        w.pointer = prefix + "/" + field;
        for (const char* l : kLocales)
            w.locales.push_back(l);
        const ojson* v = AtPath(*base, field);
        w.neutral = v && !v->is_object();
        if (v && v->is_object()) {
            for (auto it = v->begin(); it != v->end(); ++it)
                if (!Contains(w.locales, it.key())) w.locales.push_back(it.key());
        }
        for (const std::string& l : w.locales) {
            const ojson* phrasings = nullptr;
            if (v && v->is_object() && v->contains(l)) phrasings = &(*v)[l];
            if (v && !v->is_object()) phrasings = v;
            w.text.push_back(phrasings ? JoinPhrasings(*phrasings) : std::string());
            const bool wanted = Contains({"en", "es"}, l);
            w.missing.push_back(v && v->is_object() && wanted &&
                                (!phrasings || EmptyWords(*phrasings)));
        }
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<std::string> FlowEditor::ReferencesTo(const std::string& id) const {
    std::vector<std::string> out;
    if (StringOf(doc_, "start") == id) out.push_back("start");
    const ojson* steps = AtPath(doc_, "steps");
    if (!steps || !steps->is_array()) return out;
    for (const ojson& s : *steps) {
        for (const TargetRef& t : TargetsOf(s))
            if (t.target == id) out.push_back(StringOf(s, "id") + "/" + t.field);
    }
    return out;
}

std::vector<std::string> FlowEditor::SlotNames() const {
    std::vector<std::string> out;
    const ojson* slots = AtPath(doc_, "slots");
    if (!slots || !slots->is_object()) return out;
    for (auto it = slots->begin(); it != slots->end(); ++it)
        out.push_back(it.key());
    return out;
}

std::vector<std::string> FlowEditor::OutcomesWithoutTarget(const std::string& id) const {
    std::vector<std::string> out;
    const ojson* s = Step(id);
    if (!s) return out;
    const auto spec = registry_.actions.find(StringOf(*s, "action"));
    if (spec == registry_.actions.end()) return out;
    for (const std::string& outcome : spec->second.outcomes) {
        const ojson* on = AtPath(*s, "on");
        if (!on || !on->is_object() || !on->contains(outcome)) out.push_back(outcome);
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Steps
//-----------------------------------------------------------------------------

ojson* FlowEditor::FindStep(ojson& doc, const std::string& id) {
    auto steps = doc.find("steps");
    if (steps != doc.end() && steps->is_array()) {
        for (ojson& s : *steps)
            if (!id.empty() && StringOf(s, "id") == id) return &s;
    }
    Fail("seam.flowed.no_step", "no step has the id \"" + id + "\"");
    return nullptr;
}

std::string FlowEditor::NewStepId(const std::string& kind) const {
    const std::string base = kind.empty() ? "step" : kind;
    if (!Step(base)) return base;
    for (int n = 2;; ++n) {
        std::string id = base + "_" + std::to_string(n);
        if (!Step(id)) return id;
    }
}

bool FlowEditor::AddStep(const std::string& kind, const std::string& id) {
    if (!Contains(Kinds(), kind))
        return Fail("seam.flowed.kind", "unknown step kind \"" + kind + "\"");
    const std::string new_id = id.empty() ? NewStepId(kind) : id;
    if (Step(new_id))
        return Fail("seam.flowed.duplicate_id", "a step is already called \"" + new_id + "\"");
    ojson doc = doc_;
    if (!doc.contains("steps")) doc["steps"] = ojson::array();
    if (!doc["steps"].is_array()) return Fail("seam.flowed.steps", "\"steps\" is not a list");
    ojson step = ojson::object();
    step["id"] = new_id;
    step["kind"] = kind;
    AddDefaults(step, kind, SlotNames());
    doc["steps"].push_back(std::move(step));
    selected_ = new_id;
    return Commit(std::move(doc));
}

bool FlowEditor::RemoveStep(const std::string& id, bool clear_references) {
    ojson doc = doc_;
    if (!FindStep(doc, id)) return false;
    ojson& steps = doc["steps"];
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (StringOf(steps[i], "id") == id) {
            steps.erase(i);
            break;
        }
    }
    if (clear_references) {
        for (ojson& s : steps) {
            for (const TargetRef& t : TargetsOf(s)) {
                if (t.target != id) continue;
                std::string key;
                if (ojson* holder = TargetHolder(s, t.field, key, false)) holder->erase(key);
            }
            if (s.contains("on") && s["on"].is_object() && s["on"].empty()) s.erase("on");
        }
    }
    if (selected_ == id) selected_.clear();
    return Commit(std::move(doc));
}

bool FlowEditor::RenameStep(const std::string& from, const std::string& to) {
    if (to.empty() || to.find_first_of(" \t\r\n") != std::string::npos)
        return Fail("seam.flowed.bad_id", "a step id is one word without spaces");
    if (from == to) return Commit(doc_);
    if (Step(to))
        return Fail("seam.flowed.duplicate_id", "a step is already called \"" + to + "\"");
    ojson doc = doc_;
    ojson* step = FindStep(doc, from);
    if (!step) return false;
    (*step)["id"] = to;
    if (StringOf(doc, "start") == from) doc["start"] = to;
    for (ojson& s : doc["steps"]) {
        for (const TargetRef& t : TargetsOf(s)) {
            if (t.target != from) continue;
            std::string key;
            if (ojson* holder = TargetHolder(s, t.field, key, false)) (*holder)[key] = to;
        }
    }
    if (selected_ == from) selected_ = to;
    return Commit(std::move(doc));
}

bool FlowEditor::SetKind(const std::string& id, const std::string& kind) {
    if (!Contains(Kinds(), kind))
        return Fail("seam.flowed.kind", "unknown step kind \"" + kind + "\"");
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    if (StringOf(*step, "kind") == kind) return Commit(std::move(doc));
    ojson changed = ojson::object();
    changed["id"] = id;
    changed["kind"] = kind;
    const std::vector<std::string>& fields = FieldsOf(kind);
    for (auto it = step->begin(); it != step->end(); ++it)
        if (Contains(fields, it.key())) changed[it.key()] = it.value();
    AddDefaults(changed, kind, SlotNames());
    *step = std::move(changed);
    return Commit(std::move(doc));
}

bool FlowEditor::SetStart(const std::string& id) {
    ojson doc = doc_;
    if (!FindStep(doc, id)) return false;
    doc["start"] = id;
    return Commit(std::move(doc));
}

//-----------------------------------------------------------------------------
// [SECTION] Fields, links, options, cases, words
//-----------------------------------------------------------------------------

bool FlowEditor::SetField(const std::string& id, const std::string& key, const ojson& value) {
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    const std::string kind = StringOf(*step, "kind");
    if (!Contains(FieldsOf(kind), key)) {
        return Fail("seam.flowed.field", "a " + kind + " step has no \"" + key + "\"" +
                                             (key == "id"     ? " to set (rename the step)"
                                              : key == "kind" ? " to set (change its kind)"
                                                              : ""));
    }
    if (value.is_null()) {
        step->erase(key);
    } else {
        (*step)[key] = value;
    }
    return Commit(std::move(doc), value.is_string() ? "field:" + id + "/" + key : "");
}

bool FlowEditor::SetFieldJson(const std::string& id, const std::string& key,
                              const std::string& json_text) {
    const ojson value = ojson::parse(json_text, nullptr, false);
    if (value.is_discarded()) return Fail("seam.flowed.json", key + ": not valid JSON");
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    const std::string kind = StringOf(*step, "kind");
    if (!Contains(FieldsOf(kind), key))
        return Fail("seam.flowed.field", "a " + kind + " step has no \"" + key + "\"");
    (*step)[key] = value;
    return Commit(std::move(doc), "json:" + id + "/" + key);
}

bool FlowEditor::Connect(const std::string& id, const std::string& field,
                         const std::string& target) {
    if (!target.empty() && !Step(target))
        return Fail("seam.flowed.no_step", "no step has the id \"" + target + "\"");
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    const std::string kind = StringOf(*step, "kind");
    const bool plain = field == "next" || field == "else" || field == "on_exhausted";
    const bool fits = plain ? Contains(FieldsOf(kind), field)
                            : (field.rfind("on/", 0) == 0        ? kind == "action"
                               : field.rfind("options/", 0) == 0 ? kind == "choice"
                               : field.rfind("cases/", 0) == 0   ? kind == "branch"
                                                                 : false);
    std::string key;
    ojson* holder = fits ? TargetHolder(*step, field, key, !target.empty()) : nullptr;
    if (!holder) {
        if (fits && target.empty()) return Commit(std::move(doc));  // nothing there to unset
        return Fail("seam.flowed.field", "a " + kind + " step has no \"" + field + "\"");
    }
    if (target.empty()) {
        holder->erase(key);
        if (field.rfind("on/", 0) == 0 && holder->empty()) step->erase("on");
    } else {
        (*holder)[key] = target;
    }
    return Commit(std::move(doc));
}

bool FlowEditor::SetOutcome(const std::string& id, const std::string& outcome,
                            const std::string& target) {
    if (outcome.empty() || outcome.find('/') != std::string::npos)
        return Fail("seam.flowed.outcome", "an outcome is a name like \"ok\" or \"not_found\"");
    return Connect(id, "on/" + outcome, target);
}

bool FlowEditor::RemoveOutcome(const std::string& id, const std::string& outcome) {
    return Connect(id, "on/" + outcome, "");
}

namespace {

//! The array `key` of a step of kind `kind`, or nullptr.
ojson* ListOf(ojson* step, const char* kind, const char* key, bool create) {
    if (!step || StringOf(*step, "kind") != kind) return nullptr;
    if (!step->contains(key)) {
        if (!create) return nullptr;
        (*step)[key] = ojson::array();
    }
    return (*step)[key].is_array() ? &(*step)[key] : nullptr;
}

}  // namespace

bool FlowEditor::AddOption(const std::string& id, const std::string& value) {
    if (value.empty()) return Fail("seam.flowed.option", "an option needs a value");
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    ojson* options = ListOf(step, "choice", "options", true);
    if (!options) return Fail("seam.flowed.field", "only a choice step has options");
    for (const ojson& o : *options)
        if (StringOf(o, "value") == value)
            return Fail("seam.flowed.option", "an option already has the value \"" + value + "\"");
    options->push_back(NewOption(value));
    return Commit(std::move(doc));
}

bool FlowEditor::RemoveOption(const std::string& id, std::size_t index) {
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    ojson* options = ListOf(step, "choice", "options", false);
    if (!options || index >= options->size())
        return Fail("seam.flowed.index",
                    "step \"" + id + "\" has no option " + std::to_string(index));
    options->erase(index);
    if (options->empty()) step->erase("options");
    return Commit(std::move(doc));
}

bool FlowEditor::SetOptionValue(const std::string& id, std::size_t index,
                                const std::string& value) {
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    ojson* options = ListOf(step, "choice", "options", false);
    if (!options || index >= options->size() || !(*options)[index].is_object())
        return Fail("seam.flowed.index",
                    "step \"" + id + "\" has no option " + std::to_string(index));
    if (value.empty()) return Fail("seam.flowed.option", "an option needs a value");
    for (std::size_t i = 0; i < options->size(); ++i)
        if (i != index && StringOf((*options)[i], "value") == value)
            return Fail("seam.flowed.option", "an option already has the value \"" + value + "\"");
    (*options)[index]["value"] = value;
    return Commit(std::move(doc), "option:" + id + "/" + std::to_string(index));
}

bool FlowEditor::AddCase(const std::string& id) {
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    ojson* cases = ListOf(step, "branch", "cases", true);
    if (!cases) return Fail("seam.flowed.field", "only a branch step has cases");
    cases->push_back(NewCase());
    return Commit(std::move(doc));
}

bool FlowEditor::RemoveCase(const std::string& id, std::size_t index) {
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    ojson* cases = ListOf(step, "branch", "cases", false);
    if (!cases || index >= cases->size())
        return Fail("seam.flowed.index",
                    "step \"" + id + "\" has no case " + std::to_string(index));
    cases->erase(index);
    return Commit(std::move(doc));
}

bool FlowEditor::SetCaseWhen(const std::string& id, std::size_t index,
                             const std::string& json_text) {
    const ojson when = ojson::parse(json_text, nullptr, false);
    if (when.is_discarded() || !when.is_object())
        return Fail("seam.flowed.json",
                    "a condition is a JSON object: {\"var\", \"op\", \"value\"}");
    ojson doc = doc_;
    ojson* step = FindStep(doc, id);
    if (!step) return false;
    ojson* cases = ListOf(step, "branch", "cases", false);
    if (!cases || index >= cases->size() || !(*cases)[index].is_object())
        return Fail("seam.flowed.index",
                    "step \"" + id + "\" has no case " + std::to_string(index));
    (*cases)[index]["when"] = when;
    return Commit(std::move(doc), "when:" + id + "/" + std::to_string(index));
}

bool FlowEditor::SetWords(const std::string& id, const std::string& field,
                          const std::string& locale, const std::string& text) {
    if (locale.empty() || locale.size() > 8)
        return Fail("seam.flowed.locale", "a language is a code like \"en\" or \"es\"");
    ojson doc = doc_;
    ojson* base = &doc;
    if (!id.empty()) {
        base = FindStep(doc, id);
        if (!base) return false;
    }
    std::vector<std::pair<std::string, std::string>> fields =
        id.empty() ? std::vector<std::pair<std::string, std::string>>{{"title", ""}, {"resume", ""}}
                   : WordFieldsOf(*base);
    if (std::none_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == field; }))
        return Fail("seam.flowed.field",
                    (id.empty() ? std::string("the flow") : "step \"" + id + "\"") +
                        " has no words \"" + field + "\"");
    // The holder of the words: the step (or flow) itself, or an option.
    ojson* holder = base;
    std::string key = field;
    const std::size_t slash = field.rfind('/');
    if (slash != std::string::npos) {
        holder = const_cast<ojson*>(AtPath(*base, field.substr(0, slash)));
        key = field.substr(slash + 1);
        if (!holder || !holder->is_object()) return Fail("seam.flowed.field", "no " + field);
    }
    const std::vector<std::string> lines = SplitLines(text);
    if (!holder->contains(key)) {
        if (lines.empty()) return Commit(std::move(doc));
        (*holder)[key] = ojson::object();
    }
    ojson& words = (*holder)[key];
    if (!words.is_object()) {  // one text for every language: each keeps it, this one changes
        const ojson neutral = words;
        words = ojson::object();
        for (const char* l : kLocales)
            words[l] = neutral;
    }
    if (lines.empty()) {
        if (words.size() > 1 || !words.contains(locale)) {
            words.erase(locale);
        } else {
            words[locale] = "";
        }
        if (words.empty()) words[locale] = "";
    } else if (lines.size() == 1 && !(words.contains(locale) && words[locale].is_array())) {
        words[locale] = lines.front();
    } else {
        words[locale] = ojson(lines);
    }
    return Commit(std::move(doc), "words:" + id + "/" + field + "/" + locale);
}

//-----------------------------------------------------------------------------
// [SECTION] Slot definitions
//-----------------------------------------------------------------------------

ojson* FlowEditor::FindSlot(ojson& doc, const std::string& name) {
    auto slots = doc.find("slots");
    if (slots != doc.end() && slots->is_object()) {
        auto it = slots->find(name);
        if (it != slots->end() && it->is_object()) return &*it;
    }
    Fail("seam.flowed.no_slot", "no slot is called \"" + name + "\"");
    return nullptr;
}

bool FlowEditor::AddSlot(const std::string& name, const std::string& type) {
    if (!ValidSlotName(name))
        return Fail("seam.flowed.slot_name",
                    "a slot name is letters, digits and _ (\"order_number\")");
    if (registry_.slot_types.count(type) == 0)
        return Fail("seam.flowed.slot_type", "unknown slot type \"" + type + "\"");
    ojson doc = doc_;
    if (!doc.contains("slots")) doc["slots"] = ojson::object();
    if (!doc["slots"].is_object()) return Fail("seam.flowed.slots", "\"slots\" is not an object");
    if (doc["slots"].contains(name))
        return Fail("seam.flowed.duplicate_slot", "a slot is already called \"" + name + "\"");
    doc["slots"][name] = ojson::object();
    doc["slots"][name]["type"] = type;
    return Commit(std::move(doc));
}

bool FlowEditor::RemoveSlot(const std::string& name) {
    ojson doc = doc_;
    if (!FindSlot(doc, name)) return false;
    doc["slots"].erase(name);
    return Commit(std::move(doc));
}

bool FlowEditor::SetSlotType(const std::string& name, const std::string& type) {
    if (registry_.slot_types.count(type) == 0)
        return Fail("seam.flowed.slot_type", "unknown slot type \"" + type + "\"");
    ojson doc = doc_;
    ojson* slot = FindSlot(doc, name);
    if (!slot) return false;
    (*slot)["type"] = type;
    if (type != "enum") slot->erase("values");
    return Commit(std::move(doc));
}

bool FlowEditor::SetSlotValues(const std::string& name, const std::vector<std::string>& values) {
    ojson doc = doc_;
    ojson* slot = FindSlot(doc, name);
    if (!slot) return false;
    std::vector<std::string> kept;
    for (const std::string& v : values)
        if (!v.empty() && !Contains(kept, v)) kept.push_back(v);
    if (kept.empty()) {
        slot->erase("values");
    } else {
        (*slot)["values"] = kept;
    }
    return Commit(std::move(doc), "values:" + name);
}

bool FlowEditor::SetSlotFlag(const std::string& name, const std::string& flag, bool on) {
    if (flag != "optional" && flag != "prefill")
        return Fail("seam.flowed.slot_flag", "a slot's flags are \"optional\" and \"prefill\"");
    ojson doc = doc_;
    ojson* slot = FindSlot(doc, name);
    if (!slot) return false;
    const bool fallback = flag == "prefill";
    if (on == fallback) {
        slot->erase(flag);
    } else {
        (*slot)[flag] = on;
    }
    return Commit(std::move(doc));
}

}  // namespace seam::console
