// shared/src/flow/check.cpp — static checks of flows (see check.hpp for the list).
//
// Index of this file
// [SECTION] Reads: templates and conditions
// [SECTION] The step graph
// [SECTION] CheckFlow
#include "seam/flow/check.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace seam::flow {

namespace {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Reads: templates and conditions
//-----------------------------------------------------------------------------

struct Read {
    std::string slot;
    std::string pointer;
};

class Checker {
  public:
    Checker(const Flow& flow, const Registry& registry, std::vector<Diagnostic>& out)
        : flow_(flow), registry_(registry), out_(out) {}

    void Report(const char* id, const std::string& pointer, const std::string& message) {
        out_.push_back({id, flow_.source, pointer, message});
        ++problems_;
    }
    int problems() const { return problems_; }

    // A variable "slot.x" / "customer.x" / "result.x": records slot reads, reports bad ones.
    void Variable(const std::string& name, const std::string& at, std::vector<Read>& reads) {
        const auto dot = name.find('.');
        const std::string ns = name.substr(0, dot);
        const std::string field = dot == std::string::npos ? "" : name.substr(dot + 1);
        if (field.empty() || (ns != "slot" && ns != "customer" && ns != "result" &&
                              ns != "context" && ns != "answer")) {
            Report("seam.flow.bad_template", at,
                   "\"" + name +
                       "\" is not slot.NAME, customer.NAME, result.NAME, context.NAME or "
                       "answer.NAME");
            return;
        }
        if (ns == "slot") {
            const std::string slot = field.substr(0, field.find('.'));  // slot.amount.text
            if (flow_.slots.count(slot) == 0) {
                Report("seam.flow.undeclared_slot", at,
                       "slot \"" + slot + "\" is used but not declared in \"slots\"");
                return;
            }
            reads.push_back({slot, at});
        }
    }

    void Template(const std::string& text, const std::string& at, std::vector<Read>& reads) {
        std::size_t pos = 0;
        while ((pos = text.find("{{", pos)) != std::string::npos) {
            const std::size_t end = text.find("}}", pos + 2);
            if (end == std::string::npos) {
                Report("seam.flow.bad_template", at, "\"{{\" without a closing \"}}\"");
                return;
            }
            std::string name = text.substr(pos + 2, end - pos - 2);
            name.erase(0, name.find_first_not_of(' '));
            name.erase(name.find_last_not_of(' ') + 1);
            Variable(name, at, reads);
            pos = end + 2;
        }
    }

    void TextReads(const Text& t, const std::string& at, std::vector<Read>& reads) {
        for (const auto& [lang, variants] : t.by_lang) {
            for (const std::string& v : variants)
                Template(v, at, reads);
        }
    }

    void Condition(const json& c, const std::string& at, std::vector<Read>& reads) {
        if (!c.is_object() || c.empty()) {
            Report("seam.flow.bad_condition", at, "a condition must be an object");
            return;
        }
        for (const char* group : {"all", "any"}) {
            if (c.contains(group)) {
                const json& list = c[group];
                if (!list.is_array() || list.empty()) {
                    Report("seam.flow.bad_condition", at + "/" + group,
                           std::string("\"") + group + "\" needs a non-empty array of conditions");
                    return;
                }
                for (std::size_t i = 0; i < list.size(); ++i) {
                    Condition(list[i], at + "/" + group + "/" + std::to_string(i), reads);
                }
                return;
            }
        }
        if (c.contains("not")) {
            Condition(c["not"], at + "/not", reads);
            return;
        }
        if (!c.contains("var") || !c["var"].is_string() || !c.contains("op") ||
            !c["op"].is_string()) {
            Report("seam.flow.bad_condition", at,
                   "a comparison needs \"var\" and \"op\" (or use all/any/not)");
            return;
        }
        const std::string op = c["op"].get<std::string>();
        static const std::set<std::string> kOps = {"==", "!=", "<",      "<=",     ">",
                                                   ">=", "in", "not_in", "exists", "missing"};
        if (kOps.count(op) == 0) {
            Report("seam.flow.bad_condition", at + "/op",
                   "unknown operator \"" + op +
                       "\" (==, !=, <, <=, >, >=, in, not_in, exists, missing)");
            return;
        }
        const bool unary = op == "exists" || op == "missing";
        if (!unary && !c.contains("value")) {
            Report("seam.flow.bad_condition", at, "operator \"" + op + "\" needs a \"value\"");
        }
        if ((op == "in" || op == "not_in") && c.contains("value") && !c["value"].is_array()) {
            Report("seam.flow.bad_condition", at + "/value", "\"" + op + "\" needs an array value");
        }
        std::vector<Read> var_reads;
        Variable(c["var"].get<std::string>(), at + "/var", var_reads);
        // exists/missing may be asked of a slot that was never set: that is their purpose.
        if (!unary) reads.insert(reads.end(), var_reads.begin(), var_reads.end());
    }

    //-------------------------------------------------------------------------
    // [SECTION] The step graph
    //-------------------------------------------------------------------------

    struct Edge {
        std::size_t to;
        std::vector<std::string> assigns;  // slots certainly set when this edge is taken
        std::vector<std::string> clears;   // slots certainly emptied (set to null)
    };

    void Run() {
        const std::size_t n = flow_.steps.size();
        std::map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < n; ++i) {
            const Step& s = flow_.steps[i];
            if (s.id.empty()) continue;
            if (!index.emplace(s.id, i).second) {
                Report("seam.flow.duplicate_step", s.pointer + "/id",
                       "step id \"" + s.id + "\" is used twice (first at " +
                           flow_.steps[index[s.id]].pointer + ")");
            }
        }
        for (const auto& [name, slot] : flow_.slots) {
            if (!slot.type.empty() && registry_.slot_types.count(slot.type) == 0) {
                Report("seam.flow.unknown_slot_type", slot.pointer + "/type",
                       "unknown slot type \"" + slot.type + "\"");
            }
            if (slot.type == "enum" && slot.values.empty()) {
                Report("seam.flow.schema", slot.pointer, "an enum slot needs \"values\"");
            }
        }

        std::vector<std::vector<Edge>> edges(n);
        std::vector<std::vector<Read>> reads(n);
        std::vector<bool> terminal(n, false);
        auto link = [&](std::size_t from, const std::string& target, const std::string& at,
                        std::vector<std::string> assigns, std::vector<std::string> clears = {}) {
            if (target.empty()) return;
            const auto it = index.find(target);
            if (it == index.end()) {
                Report("seam.flow.unknown_step", at, "no step has the id \"" + target + "\"");
                return;
            }
            edges[from].push_back({it->second, std::move(assigns), std::move(clears)});
        };
        auto declared = [&](const std::string& slot, const std::string& at) {
            if (!slot.empty() && flow_.slots.count(slot) == 0) {
                Report("seam.flow.undeclared_slot", at,
                       "slot \"" + slot + "\" is not declared in \"slots\"");
            }
        };

        for (std::size_t i = 0; i < n; ++i) {
            const Step& s = flow_.steps[i];
            const std::string& at = s.pointer;
            TextReads(s.say, at + "/say", reads[i]);
            switch (s.kind) {
                case StepKind::kMessage:
                    link(i, s.next, at + "/next", {});
                    break;
                case StepKind::kAsk:
                    declared(s.slot, at + "/slot");
                    TextReads(s.reprompt, at + "/reprompt", reads[i]);
                    link(i, s.next, at + "/next", {s.slot});
                    link(i, s.on_exhausted, at + "/on_exhausted", {});
                    break;
                case StepKind::kChoice: {
                    declared(s.slot, at + "/slot");
                    std::vector<std::string> assigns;
                    if (!s.slot.empty()) assigns.push_back(s.slot);
                    for (const ChoiceOption& o : s.options) {
                        link(i, o.next.empty() ? s.next : o.next, o.pointer + "/next", assigns);
                    }
                    if (!s.options_from.empty()) {  // a listed item goes to "next"
                        Variable(s.options_from.list, at + "/options_from/list", reads[i]);
                        link(i, s.next, at + "/next", assigns);
                    }
                    break;
                }
                case StepKind::kBranch:
                    for (const BranchCase& c : s.cases) {
                        Condition(c.when, c.pointer + "/when", reads[i]);
                        link(i, c.next, c.pointer + "/next", {});
                    }
                    link(i, s.otherwise, at + "/else", {});
                    break;
                case StepKind::kAction:
                    CheckAction(s, reads[i]);
                    for (const auto& [outcome, target] : s.on) {
                        link(i, target, at + "/on/" + outcome, {});
                    }
                    link(i, s.next, at + "/next", {});
                    break;
                case StepKind::kSet: {
                    std::vector<std::string> assigns;
                    std::vector<std::string> clears;
                    for (const auto& [slot, value] : s.values) {
                        declared(slot, at + "/values/" + slot);
                        if (value.is_string()) {
                            Template(value.get<std::string>(), at + "/values/" + slot, reads[i]);
                        }
                        (value.is_null() ? clears : assigns).push_back(slot);
                    }
                    link(i, s.next, at + "/next", assigns, clears);
                    break;
                }
                case StepKind::kHandoff:
                    // The customer is told what happens next, every time automation stops.
                    if (s.say.empty()) {
                        Report("seam.flow.silent_handoff", at,
                               "a handoff must tell the customer what happens next (add \"say\")");
                    }
                    terminal[i] = s.next.empty();
                    link(i, s.next, at + "/next", {});
                    break;
                case StepKind::kCsat:
                    declared(s.slot, at + "/slot");
                    link(i, s.next, at + "/next",
                         s.slot.empty() ? std::vector<std::string>{}
                                        : std::vector<std::string>{s.slot});
                    break;
                case StepKind::kEnd:
                case StepKind::kStart:  // another flow takes over (checked on its own)
                    terminal[i] = true;
                    break;
            }
        }

        // Graph-wide checks only on a well-formed graph: a broken reference or a duplicate id
        // would make every step after it look unreachable or stuck (one mistake, one message).
        if (problems_ > 0) return;

        // Reachability from the start.
        const auto start = index.find(flow_.start);
        if (flow_.start.empty()) return;
        if (start == index.end()) {
            Report("seam.flow.unknown_step", "/start",
                   "no step has the id \"" + flow_.start + "\"");
            return;
        }
        std::vector<bool> reached(n, false);
        std::vector<std::size_t> stack = {start->second};
        reached[start->second] = true;
        while (!stack.empty()) {
            const std::size_t s = stack.back();
            stack.pop_back();
            for (const Edge& e : edges[s]) {
                if (!reached[e.to]) {
                    reached[e.to] = true;
                    stack.push_back(e.to);
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (!reached[i] && !flow_.steps[i].id.empty()) {
                Report("seam.flow.unreachable", flow_.steps[i].pointer,
                       "step \"" + flow_.steps[i].id + "\" cannot be reached from \"" +
                           flow_.start + "\"");
            }
        }

        // Every reached step must lead to an exit (end, or a handoff without "next").
        std::vector<bool> exits(n, false);
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t i = 0; i < n; ++i) {
                if (exits[i]) continue;
                bool ok = terminal[i];
                for (const Edge& e : edges[i])
                    ok = ok || exits[e.to];
                if (ok) {
                    exits[i] = true;
                    changed = true;
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (reached[i] && !exits[i]) {
                Report("seam.flow.no_exit", flow_.steps[i].pointer,
                       "from step \"" + flow_.steps[i].id +
                           "\" no path reaches an end or a handoff (a loop with no way out?)");
            }
        }

        // Slots certainly set on entry to each step: intersection over incoming edges.
        std::set<std::string> all;
        for (const auto& [name, slot] : flow_.slots)
            all.insert(name);
        std::vector<std::set<std::string>> in(n, all);
        in[start->second].clear();
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t i = 0; i < n; ++i) {
                if (!reached[i]) continue;
                for (const Edge& e : edges[i]) {
                    std::set<std::string> out = in[i];
                    out.insert(e.assigns.begin(), e.assigns.end());
                    for (const std::string& c : e.clears)
                        out.erase(c);
                    std::set<std::string> meet;
                    std::set_intersection(in[e.to].begin(), in[e.to].end(), out.begin(), out.end(),
                                          std::inserter(meet, meet.begin()));
                    if (e.to == start->second) meet.clear();
                    if (meet != in[e.to]) {
                        in[e.to] = std::move(meet);
                        changed = true;
                    }
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (!reached[i]) continue;
            const Step& s = flow_.steps[i];
            for (const Read& r : reads[i]) {
                const auto found = flow_.slots.find(r.slot);  // reads are of declared slots
                if (found == flow_.slots.end()) continue;
                const SlotSpec& spec = found->second;
                const bool self = s.kind == StepKind::kAsk && s.slot == r.slot;
                if (!spec.optional && !self && in[i].count(r.slot) == 0) {
                    Report("seam.flow.slot_before_ask", r.pointer,
                           "slot \"" + r.slot +
                               "\" may be read before any step asks for or sets "
                               "it (ask for it first, or declare it \"optional\": true)");
                }
            }
        }
    }

    void CheckAction(const Step& s, std::vector<Read>& reads) {
        for (const auto& [name, value] : s.params) {
            Template(value, s.pointer + "/params/" + name, reads);
        }
        if (s.action.empty()) return;
        const auto it = registry_.actions.find(s.action);
        if (it == registry_.actions.end()) {
            Report("seam.flow.unknown_action", s.pointer + "/action",
                   "action \"" + s.action + "\" is not declared in the actions file");
            return;
        }
        const ActionSpec& spec = it->second;
        for (const auto& [name, value] : s.params) {
            if (spec.params.count(name) == 0) {
                Report("seam.flow.bad_params", s.pointer + "/params/" + name,
                       "action \"" + s.action + "\" has no parameter \"" + name + "\"");
            }
        }
        for (const auto& [name, param] : spec.params) {
            if (param.required && s.params.count(name) == 0) {
                Report("seam.flow.bad_params", s.pointer + "/params",
                       "action \"" + s.action + "\" needs the parameter \"" + name + "\"");
            }
        }
        for (const auto& [outcome, target] : s.on) {
            if (spec.outcomes.count(outcome) == 0) {
                Report("seam.flow.unknown_outcome", s.pointer + "/on/" + outcome,
                       "action \"" + s.action + "\" never reports the outcome \"" + outcome + "\"");
            }
        }
        if (s.next.empty()) {
            for (const std::string& outcome : spec.outcomes) {
                if (s.on.count(outcome) == 0) {
                    Report("seam.flow.unhandled_outcome", s.pointer + "/on",
                           "outcome \"" + outcome + "\" of \"" + s.action +
                               "\" has nowhere to go (add it to \"on\" or give a \"next\")");
                }
            }
        }
    }

  private:
    const Flow& flow_;
    const Registry& registry_;
    std::vector<Diagnostic>& out_;
    int problems_ = 0;
};

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] CheckFlow
//-----------------------------------------------------------------------------

bool CheckFlow(const Flow& flow, const Registry& registry, std::vector<Diagnostic>& diagnostics) {
    Checker checker(flow, registry, diagnostics);
    checker.Run();
    return checker.problems() == 0;
}

}  // namespace seam::flow
