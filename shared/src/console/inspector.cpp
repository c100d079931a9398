// shared/src/console/inspector.cpp — the flow inspector's model (see inspector.hpp).
//
// Index of this file
// [SECTION] JSON helpers (the core has no exceptions: every read checks the type first)
// [SECTION] Flow graphs
// [SECTION] Step details
// [SECTION] Loading
// [SECTION] Simulation
// [SECTION] Draft flows, demo customers, saved tests
// [SECTION] Live case
#include "seam/console/inspector.hpp"

#include <algorithm>
#include <set>

#include "seam/assistant/bundle.hpp"
#include "seam/assistant/business.hpp"
#include "seam/assistant/conversation.hpp"
#include "seam/assistant/understand.hpp"
#include "seam/core/date.hpp"
#include "seam/core/json_text.hpp"

namespace seam::console {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] JSON helpers
//-----------------------------------------------------------------------------

namespace {

std::string Str(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Compact(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

//! Parses operator-typed JSON that must be an object; "" means {}.
bool ParseObject(const std::string& text, json& out) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        out = json::object();
        return true;
    }
    out = json::parse(text, nullptr, false);
    return !out.is_discarded() && out.is_object();
}

//! Where a state's conversation is, or stopped: the running flow and step; with no flow
//! running, the last flow and step of its history. Returns true when no flow runs any more.
bool StoppedAt(const json& state, std::string& flow, std::string& step) {
    flow = Str(state, "flow");
    step = Str(state, "step");
    if (!flow.empty()) return false;
    step.clear();
    if (!state.is_object()) return true;
    auto h = state.find("history");
    if (h == state.end() || !h->is_object()) return true;
    auto flows = h->find("flows");
    auto steps = h->find("steps");
    if (flows != h->end() && flows->is_array() && !flows->empty() && flows->back().is_string())
        flow = flows->back().get<std::string>();
    if (steps != h->end() && steps->is_array() && !steps->empty() && steps->back().is_string())
        step = steps->back().get<std::string>();
    return true;
}

std::vector<std::string> HistorySteps(const json& state) {
    std::vector<std::string> out;
    if (!state.is_object() || !state.contains("history") || !state["history"].is_object())
        return out;
    const json& h = state["history"];
    auto steps = h.find("steps");
    if (steps == h.end() || !steps->is_array()) return out;
    for (const json& s : *steps)
        if (s.is_string()) out.push_back(s.get<std::string>());
    return out;
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

//! The phrasing in `lang`, else the first there is (labels and details: no variety wanted).
std::string FirstText(const flow::Text& text, const std::string& lang) {
    auto it = text.by_lang.find(lang);
    if (it == text.by_lang.end() || it->second.empty()) it = text.by_lang.find("");
    if (it == text.by_lang.end() || it->second.empty()) it = text.by_lang.find("en");
    if (it == text.by_lang.end() || it->second.empty()) it = text.by_lang.begin();
    if (it == text.by_lang.end() || it->second.empty()) return {};
    return it->second.front();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Flow graphs
//-----------------------------------------------------------------------------

std::string ConditionText(const json& c) {
    if (c.is_object()) {
        for (const char* group : {"any", "all"}) {
            auto it = c.find(group);
            if (it == c.end() || !it->is_array()) continue;
            std::vector<std::string> parts;
            for (const json& sub : *it)
                parts.push_back(sub.is_object() && (sub.contains("any") || sub.contains("all"))
                                    ? "(" + ConditionText(sub) + ")"
                                    : ConditionText(sub));
            return Join(parts, std::string(group) == "any" ? " or " : " and ");
        }
        if (c.contains("not")) return "not (" + ConditionText(c["not"]) + ")";
        const std::string var = Str(c, "var");
        const std::string op = Str(c, "op");
        if (!var.empty() && !op.empty()) {
            if (!c.contains("value")) return var + " " + op;
            return var + " " + op + " " + Compact(c["value"]);
        }
    }
    return Compact(c);
}

int FlowGraph::Find(const std::string& id) const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].id == id) return static_cast<int>(i);
    return -1;
}

namespace {

//! A step's targets with their labels, in the order edges and layout use.
std::vector<std::pair<std::string, std::string>> Targets(const flow::Step& s) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!s.next.empty()) out.emplace_back(s.next, "next");
    for (const flow::ChoiceOption& o : s.options)
        out.emplace_back(o.next, o.value);
    for (const flow::BranchCase& c : s.cases)
        out.emplace_back(c.next, ConditionText(c.when));
    if (!s.otherwise.empty()) out.emplace_back(s.otherwise, "else");
    for (const auto& [outcome, to] : s.on)
        out.emplace_back(to, outcome);
    if (!s.on_exhausted.empty()) out.emplace_back(s.on_exhausted, "exhausted");
    return out;
}

std::string NodeDetail(const flow::Step& s) {
    switch (s.kind) {
        case flow::StepKind::kAsk:
            return "slot " + s.slot;
        case flow::StepKind::kChoice:
            return std::to_string(s.options.size()) + " options" +
                   (s.slot.empty() ? "" : " -> " + s.slot);
        case flow::StepKind::kBranch:
            return std::to_string(s.cases.size()) + (s.cases.size() == 1 ? " case" : " cases");
        case flow::StepKind::kAction:
            return s.action;
        case flow::StepKind::kSet: {
            std::vector<std::string> names;
            for (const auto& [slot, value] : s.values)
                names.push_back(slot);
            return "set " + Join(names, ", ");
        }
        case flow::StepKind::kHandoff:
            return "queue " + (s.queue.empty() ? std::string("general") : s.queue);
        case flow::StepKind::kCsat:
            return "rating 1-5";
        case flow::StepKind::kEnd:
            return s.outcome.empty() ? std::string("end") : s.outcome;
        case flow::StepKind::kStart:
            return "start " + s.flow;
        case flow::StepKind::kMessage:
            break;
    }
    return "say";
}

}  // namespace

FlowGraph BuildFlowGraph(const flow::Flow& f) {
    FlowGraph g;
    g.flow = f.id;
    for (const flow::Step& s : f.steps) {
        GraphNode n;
        n.id = s.id;
        n.kind = s.kind;
        n.kind_name = flow::StepKindName(s.kind);
        n.detail = NodeDetail(s);
        n.layer = -1;
        g.nodes.push_back(std::move(n));
    }
    // Layers: breadth first from the start, so a node sits at its shortest depth and loops
    // (ask again, try the number again) point back up; the discovery order is the x order.
    std::vector<int> discovered;
    const int start = g.Find(f.start);
    if (start >= 0) {
        g.nodes[start].layer = 0;
        discovered.push_back(start);
        for (std::size_t i = 0; i < discovered.size(); ++i) {
            const int from = discovered[i];
            for (const auto& [to_id, label] : Targets(f.steps[from])) {
                const int to = g.Find(to_id);
                if (to < 0 || g.nodes[to].layer >= 0) continue;
                g.nodes[to].layer = g.nodes[from].layer + 1;
                discovered.push_back(to);
            }
        }
    }
    int last = -1;
    for (const GraphNode& n : g.nodes)
        last = std::max(last, n.layer);
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        if (g.nodes[i].layer >= 0) continue;
        g.nodes[i].layer = last + 1;  // unreachable: one row at the bottom, in file order
        g.nodes[i].reachable = false;
        discovered.push_back(static_cast<int>(i));
    }
    std::vector<int> count;
    for (int idx : discovered) {
        GraphNode& n = g.nodes[idx];
        if (static_cast<int>(count.size()) <= n.layer) count.resize(n.layer + 1, 0);
        n.order = count[n.layer]++;
    }
    g.layers = static_cast<int>(count.size());
    for (int c : count)
        g.width = std::max(g.width, c);
    for (GraphNode& n : g.nodes) {
        n.x = static_cast<float>(n.order) + static_cast<float>(g.width - count[n.layer]) / 2.0f;
        n.y = static_cast<float>(n.layer);
    }
    // Edges; two labels to the same target share one arrow ("not_found, not_owner").
    for (std::size_t i = 0; i < f.steps.size(); ++i) {
        for (const auto& [to_id, label] : Targets(f.steps[i])) {
            const int to = g.Find(to_id);
            if (to < 0) continue;
            const int from = static_cast<int>(i);
            auto same = std::find_if(g.edges.begin(), g.edges.end(), [&](const GraphEdge& e) {
                return e.from == from && e.to == to;
            });
            if (same != g.edges.end()) {
                same->label += ", " + label;
                continue;
            }
            GraphEdge e;
            e.from = from;
            e.to = to;
            e.label = label;
            e.back = g.nodes[to].layer <= g.nodes[from].layer;
            g.edges.push_back(std::move(e));
        }
    }
    return g;
}

//-----------------------------------------------------------------------------
// [SECTION] Step details
//-----------------------------------------------------------------------------

StepDetails Inspector::Details(const std::string& flow_id, const std::string& step_id) const {
    StepDetails d;
    d.flow = flow_id;
    d.step = step_id;
    const flow::Flow* f = FindFlow(flow_id);
    const flow::Step* s = f ? f->Find(step_id) : nullptr;
    if (!s) return d;
    auto row = [&d](std::string label, std::string text) {
        d.rows.emplace_back(std::move(label), std::move(text));
    };
    row("kind", flow::StepKindName(s->kind));
    auto texts = [&row](const char* what, const flow::Text& t) {
        for (const auto& [lang, phrasings] : t.by_lang)
            row(std::string(what) + (lang.empty() ? "" : " (" + lang + ")"),
                Join(phrasings, " | "));
    };
    texts("say", s->say);
    texts("reprompt", s->reprompt);
    if (!s->slot.empty()) {
        std::string spec = s->slot;
        auto it = f->slots.find(s->slot);
        if (it != f->slots.end()) {
            spec += " : " + it->second.type;
            if (!it->second.values.empty()) spec += " {" + Join(it->second.values, ", ") + "}";
            if (it->second.optional) spec += " (optional)";
            if (!it->second.prefill) spec += " (not prefilled)";
        }
        row("slot", spec);
    }
    if (s->kind == flow::StepKind::kAsk) {
        std::string v =
            "validated as its type, up to " + std::to_string(s->max_attempts) + " attempts";
        if (!s->on_exhausted.empty()) v += ", then -> " + s->on_exhausted;
        row("validation", v);
    }
    for (const flow::ChoiceOption& o : s->options)
        row("option " + o.value, FirstText(o.label, "en") + " -> " + o.next);
    for (std::size_t i = 0; i < s->cases.size(); ++i)
        row("case " + std::to_string(i + 1),
            ConditionText(s->cases[i].when) + " -> " + s->cases[i].next);
    if (!s->otherwise.empty()) row("else", "-> " + s->otherwise);
    if (!s->action.empty()) row("action", s->action);
    for (const auto& [name, value] : s->params)
        row("param " + name, value);
    for (const auto& [outcome, to] : s->on)
        row("on " + outcome, "-> " + to);
    for (const auto& [slot, value] : s->values)
        row("set " + slot, Compact(value));
    if (!s->reason.empty()) row("reason", s->reason);
    if (!s->queue.empty()) row("queue", s->queue);
    if (!s->priority.empty()) row("priority", s->priority);
    if (!s->outcome.empty()) row("outcome", s->outcome);
    if (!s->next.empty()) row("next", "-> " + s->next);
    if (s->kind == flow::StepKind::kAction) {
        for (const policy::Rule& r : rules_)
            if (r.action == s->action || r.action == "*") d.rules.push_back(r);
    }
    return d;
}

//-----------------------------------------------------------------------------
// [SECTION] Loading
//-----------------------------------------------------------------------------

Inspector::Inspector(Api& api, const Session& session) : api_(api), session_(session) {}

Inspector::~Inspector() = default;

void Inspector::Clear() {
    bundle_loading_ = rules_loading_ = rules_loaded_ = false;
    bundle_error_.clear();
    rules_error_.clear();
    flows_.clear();
    graphs_.clear();
    rules_.clear();
    bundle_flows_.clear();
    flows_source_.clear();
    registry_ = flow::Registry{};
    engine_.reset();
    understander_.reset();
    selected_flow_.clear();
    selected_step_.clear();
    Reset();
}

void Inspector::Update(std::int64_t now_ms) {
    now_ms_ = now_ms;
    // The UTC day of the console's clock: relative dates ("tomorrow") in the simulation.
    const std::int64_t kDayMs = 86400000;
    std::int64_t days = now_ms / kDayMs;
    if (now_ms < 0 && now_ms % kDayMs != 0) --days;
    today_ = FormatIsoDate(CivilFromDays(days));

    if (session_.generation() != generation_) {
        generation_ = session_.generation();
        Clear();
        if (!session_.logged_in()) {
            live_ = InspectedCase{};
            case_pending_ = false;
            case_focused_ = false;
            return;
        }
        Load();
        if (!live_.id.empty()) case_pending_ = true;
    }
    if (case_pending_ && session_.logged_in()) {
        case_pending_ = false;
        SendCase();
    }
}

void Inspector::Reload() {
    if (!session_.logged_in()) return;
    Clear();
    Load();
}

void Inspector::Load() {
    bundle_loading_ = rules_loading_ = true;
    const int gen = generation_;
    api_.Get("/widget/bundle.json", [this, gen](const ApiResult& r) {
        if (gen == generation_) OnBundle(r);
    });
    api_.Get("/v1/policy/rules", [this, gen](const ApiResult& r) {
        if (gen == generation_) OnRules(r);
    });
}

void Inspector::OnBundle(const ApiResult& r) {
    bundle_loading_ = false;
    if (!r.ok) {
        bundle_error_ = "the widget bundle could not be loaded: " + r.message;
        return;
    }
    Result<assistant::Bundle> bundle = assistant::LoadBundle(Compact(r.body));
    if (!bundle) {
        bundle_error_ = bundle.error().message;
        return;
    }
    Result<Date> today = ParseIsoDate(today_);
    const Date day = today ? *today : Date{};
    if (const json* actions =
            r.body.is_object() && r.body.contains("actions") ? &r.body["actions"] : nullptr) {
        std::vector<flow::Diagnostic> ignored;  // LoadBundle checked the flows against it
        registry_ = flow::ParseRegistry(Compact(*actions), "actions.json", ignored);
    }
    bundle_flows_ = bundle->flows;
    SetFlows(std::move(bundle->flows));
    understander_ = std::make_unique<assistant::Understander>(
        std::move(bundle->model), std::move(bundle->index), assistant::BusinessEntityFinder(day));
    bundle_error_.clear();
    // A live case opened while loading shows its flow; else the first flow.
    if (!live_.flow.empty() && FindFlow(live_.flow)) {
        SelectFlow(live_.flow);
        selected_step_ = live_.step;
    } else if (selected_flow_.empty() && !flows_.empty()) {
        SelectFlow(flows_.front().id);
    }
}

std::unique_ptr<flow::Engine> Inspector::MakeEngine(std::vector<flow::Flow> flows) const {
    Result<Date> today = ParseIsoDate(today_);
    const Date day = today ? *today : Date{};
    // As the widget's brain builds it (web/widget/brain.cpp), so turns run identically.
    flow::EngineConfig config;
    config.flows = std::move(flows);
    config.validator = assistant::BusinessSlotValidator(day);
    config.human_flow = "talk_to_human";
    config.fallback_flow = "kb_fallback";
    return std::make_unique<flow::Engine>(std::move(config));
}

void Inspector::SetFlows(std::vector<flow::Flow> flows) {
    flows_ = flows;
    graphs_.clear();
    for (const flow::Flow& f : flows_)
        graphs_[f.id] = BuildFlowGraph(f);
    engine_ = MakeEngine(std::move(flows));
    if (!selected_flow_.empty() && !FindFlow(selected_flow_)) {
        selected_flow_.clear();
        selected_step_.clear();
    }
}

void Inspector::OnRules(const ApiResult& r) {
    rules_loading_ = false;
    if (!r.ok) {
        rules_error_ =
            r.status == 404 ? std::string(kNoRules) : std::string(kNoRules) + ": " + r.message;
        return;
    }
    Result<std::vector<policy::Rule>> rules = policy::ParseRules(Compact(r.body));
    if (!rules) {
        rules_error_ = std::string(kNoRules) + ": " + rules.error().message;
        return;
    }
    rules_ = std::move(rules.value());
    rules_loaded_ = true;
    rules_error_.clear();
}

std::string Inspector::status() const {
    std::string s;
    if (!session_.logged_in()) {
        s = "Sign in to load the flows.";
    } else if (bundle_loading_) {
        s = "Loading the widget bundle...";
    } else if (!bundle_error_.empty()) {
        s = bundle_error_;
    } else {
        s = std::to_string(flows_.size()) + (flows_.size() == 1 ? " flow" : " flows");
        if (!flows_source_.empty()) s += " of the " + flows_source_;
        if (rules_loading_) {
            s += "; loading policy rules...";
        } else if (rules_loaded_) {
            s += "; " + std::to_string(rules_.size()) + " policy rules";
        } else {
            s += "; " + rules_error_;
        }
    }
    if (!sim_error_.empty()) s += " | " + sim_error_;
    return s;
}

const flow::Flow* Inspector::FindFlow(const std::string& id) const {
    for (const flow::Flow& f : flows_)
        if (f.id == id) return &f;
    return nullptr;
}

void Inspector::SelectFlow(const std::string& id) {
    if (!FindFlow(id) || id == selected_flow_) return;
    selected_flow_ = id;
    selected_step_.clear();
}

const FlowGraph& Inspector::graph() const {
    static const FlowGraph kEmpty;
    const FlowGraph* g = GraphOf(selected_flow_);
    return g ? *g : kEmpty;
}

const FlowGraph* Inspector::GraphOf(const std::string& flow_id) const {
    auto it = graphs_.find(flow_id);
    return it == graphs_.end() ? nullptr : &it->second;
}

std::string Inspector::HighlightedStep() const {
    std::string flow, step;
    if (case_focused_ && !live_.id.empty()) {
        flow = live_.flow;
        step = live_.step;
    } else if (const SimSnapshot* s = shown_snapshot()) {
        StoppedAt(s->state, flow, step);
    }
    return flow == selected_flow_ ? step : std::string();
}

std::vector<std::string> Inspector::VisitedSteps() const {
    std::vector<std::string> out;
    const json* state = nullptr;
    if (case_focused_ && !live_.id.empty()) {
        state = &live_.state;
    } else if (const SimSnapshot* s = shown_snapshot()) {
        state = &s->state;
    }
    const flow::Flow* f = FindFlow(selected_flow_);
    if (!state || !f) return out;
    std::set<std::string> seen;
    for (const std::string& id : HistorySteps(*state))
        if (f->Find(id) && seen.insert(id).second) out.push_back(id);
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Simulation
//-----------------------------------------------------------------------------

void Inspector::Reset() {
    snapshots_.clear();
    shown_ = -1;
    sim_error_.clear();
}

const SimSnapshot* Inspector::shown_snapshot() const {
    if (shown_ < 0 || shown_ >= static_cast<int>(snapshots_.size())) return nullptr;
    return &snapshots_[static_cast<std::size_t>(shown_)];
}

void Inspector::Show(int index) {
    if (snapshots_.empty()) return;
    shown_ = std::clamp(index, 0, static_cast<int>(snapshots_.size()) - 1);
    case_focused_ = false;
    std::string flow, step;
    StoppedAt(snapshots_[static_cast<std::size_t>(shown_)].state, flow, step);
    if (FindFlow(flow)) SelectFlow(flow);
}

json Inspector::ExtraFacts(std::string* error) const {
    json extra;
    if (!ParseObject(inputs_.extra_facts_json, extra)) {
        if (error) *error = "extra facts must be a JSON object";
        return json::object();
    }
    return extra;
}

std::vector<ActionDecision> Inspector::Decide(const std::vector<json>& effects, const json& state,
                                              std::string* error) const {
    std::vector<ActionDecision> out;
    if (!rules_loaded_) return out;
    const json extra = ExtraFacts(error);
    bool verified = false;
    if (state.is_object() && state.contains("customer") && state["customer"].is_object()) {
        const json& v =
            state["customer"].contains("verified") ? state["customer"]["verified"] : json();
        verified = v.is_boolean() && v.get<bool>();
    }
    std::string locale = Str(state, "locale");
    if (locale.empty()) locale = "en";
    for (const json& e : effects) {
        if (Str(e, "type") != "action") continue;
        ActionDecision c;
        c.action = Str(e, "name");
        c.facts = {{"verified", verified}};
        if (e.contains("params") && e["params"].is_object())
            for (const auto& [k, v] : e["params"].items())
                c.facts[k] = v;
        for (const auto& [k, v] : extra.items())
            c.facts[k] = v;
        c.decision = policy::Decide(rules_, c.action, c.facts, locale);
        out.push_back(std::move(c));
    }
    return out;
}

SimSnapshot Inspector::MakeSnapshot(json state, std::string input) const {
    SimSnapshot s;
    s.input = std::move(input);
    s.flow = Str(state, "flow");
    s.step = Str(state, "step");
    s.waiting = Str(state, "waiting");
    s.status = Str(state, "status");
    if (state.contains("slots") && state["slots"].is_object()) s.slots = state["slots"];
    s.state = std::move(state);
    return s;
}

bool Inspector::Start(bool in_selected_flow) {
    sim_error_.clear();
    if (!engine_) {
        sim_error_ = "the flows are not loaded yet";
        return false;
    }
    json customer;
    if (!ParseObject(inputs_.customer_json, customer)) {
        sim_error_ = "the customer must be a JSON object";
        return false;
    }
    customer["verified"] = inputs_.verified;
    const std::string locale = inputs_.locale == "es" ? "es" : "en";
    json state = flow::Engine::NewState("inspector-simulation", locale, customer);
    state["context"]["channel"] = "widget";  // the channel the bundle's flows run in
    state["context"]["today"] = today_;
    snapshots_.clear();
    snapshots_.push_back(MakeSnapshot(std::move(state), "start"));
    shown_ = 0;
    case_focused_ = false;
    if (in_selected_flow && FindFlow(selected_flow_)) {
        flow::Event e;
        e.kind = flow::EventKind::kStart;
        e.flow = selected_flow_;
        SimSnapshot how;
        how.event = "start";
        how.value = selected_flow_;
        return Turn(e, "start " + selected_flow_, std::move(how));
    }
    return true;
}

bool Inspector::Turn(const flow::Event& event, std::string input, SimSnapshot how) {
    sim_error_.clear();
    if (!engine_) {
        sim_error_ = "the flows are not loaded yet";
        return false;
    }
    if (!simulating() && !Start(false)) return false;
    std::string facts_error;
    ExtraFacts(&facts_error);
    if (!facts_error.empty()) {
        sim_error_ = facts_error;
        return false;
    }
    json state = snapshots_[static_cast<std::size_t>(shown_)].state;
    state["context"]["today"] = today_;
    Result<std::vector<flow::Effect>> effects = engine_->Step(state, event);
    if (!effects) {
        sim_error_ = effects.error().message;  // the state is unchanged: no snapshot
        return false;
    }
    SimSnapshot s = MakeSnapshot(std::move(state), std::move(input));
    s.event = std::move(how.event);
    s.value = std::move(how.value);
    s.outcome = std::move(how.outcome);
    s.result = std::move(how.result);
    for (const flow::Effect& e : *effects) {
        s.effects.push_back(flow::EffectToJson(e));
        s.rendered.push_back(assistant::RenderEffect(e));
    }
    if (event.kind == flow::EventKind::kMessage) {
        const flow::Understanding& u = event.understanding;
        s.intent = u.intent;
        s.confidence = u.confidence;
        s.ranked = u.ranked;
        for (const flow::EntityValue& e : u.entities)
            s.entities.push_back({{"type", e.type}, {"value", e.value}, {"text", e.text}});
    }
    s.policy = Decide(s.effects, s.state, nullptr);
    // A turn from an earlier snapshot starts a new branch of the conversation.
    snapshots_.resize(static_cast<std::size_t>(shown_) + 1);
    s.turn = static_cast<int>(snapshots_.size());
    snapshots_.push_back(std::move(s));
    Show(static_cast<int>(snapshots_.size()) - 1);
    return true;
}

bool Inspector::SendMessage() {
    if (!SendMessage(inputs_.message)) return false;
    inputs_.message.clear();
    return true;
}

bool Inspector::SendMessage(const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        sim_error_ = "type the customer's message first";
        return false;
    }
    if (!understander_) {
        sim_error_ = "the flows are not loaded yet";
        return false;
    }
    std::string locale = inputs_.locale == "es" ? "es" : "en";
    if (const SimSnapshot* s = shown_snapshot()) {
        const std::string l = Str(s->state, "locale");
        if (!l.empty()) locale = l;
    }
    // Card numbers are redacted before anything sees the text, as in seamd and the widget.
    const flow::Event e = assistant::MessageEvent(*understander_, text, locale);
    SimSnapshot how;
    how.event = "message";
    how.value = text;
    return Turn(e, "message: " + e.text, std::move(how));
}

bool Inspector::Choose(const std::string& value) {
    flow::Event e;
    e.kind = flow::EventKind::kChoice;
    e.value = value;
    SimSnapshot how;
    how.event = "choice";
    how.value = value;
    return Turn(e, "choice: " + value, std::move(how));
}

bool Inspector::AnswerAction(const std::string& outcome) {
    SimPendingAction pending;
    if (!PendingActionAt(pending)) {
        sim_error_ = "no action is waiting for a result";
        return false;
    }
    auto offered = [&](const std::vector<std::string>& list) {
        return std::find(list.begin(), list.end(), outcome) != list.end();
    };
    if (!offered(pending.outcomes) && !offered(pending.unhandled)) {
        sim_error_ = pending.name + " has no outcome \"" + outcome + "\"";
        return false;
    }
    json result;
    if (!ParseObject(inputs_.action_result_json, result)) {
        sim_error_ = "the action result must be a JSON object";
        return false;
    }
    flow::Event e;
    e.kind = flow::EventKind::kActionResult;
    e.outcome = outcome;
    e.result = result;
    SimSnapshot how;
    how.event = "action";
    how.value = pending.name;
    how.outcome = outcome;
    how.result = result;
    return Turn(e, "action " + pending.name + " -> " + outcome + " " + Compact(result),
                std::move(how));
}

void Inspector::RecheckPolicy() {
    if (shown_ < 0 || shown_ >= static_cast<int>(snapshots_.size())) return;
    SimSnapshot& s = snapshots_[static_cast<std::size_t>(shown_)];
    std::string error;
    ExtraFacts(&error);
    sim_error_ = error;
    if (!error.empty()) return;
    // The verified flag as the operator has it now (the turn's state is left as it was).
    json state = s.state;
    if (state.is_object() && state.contains("customer") && state["customer"].is_object())
        state["customer"]["verified"] = inputs_.verified;
    s.policy = Decide(s.effects, state, nullptr);
}

std::vector<std::pair<std::string, std::string>> Inspector::PendingChoices() const {
    std::vector<std::pair<std::string, std::string>> out;
    const SimSnapshot* s = shown_snapshot();
    if (!s || s->waiting == "action") return out;
    for (auto it = s->effects.rbegin(); it != s->effects.rend(); ++it) {
        auto options = it->find("options");
        if (Str(*it, "type") != "replies" || options == it->end() || !options->is_array()) continue;
        for (const json& o : *options)
            out.emplace_back(Str(o, "value"), Str(o, "label"));
        break;
    }
    return out;
}

bool Inspector::PendingActionAt(SimPendingAction& out) const {
    const SimSnapshot* s = shown_snapshot();
    if (!s || s->waiting != "action") return false;
    const flow::Flow* f = FindFlow(s->flow);
    const flow::Step* step = f ? f->Find(s->step) : nullptr;
    if (!step || step->kind != flow::StepKind::kAction) return false;
    out = SimPendingAction{};
    out.name = step->action;
    for (const auto& [outcome, to] : step->on)
        out.outcomes.push_back(outcome);
    auto spec = registry_.actions.find(step->action);
    if (spec != registry_.actions.end())
        for (const std::string& outcome : spec->second.outcomes)
            if (!step->on.count(outcome)) out.unhandled.push_back(outcome);
    out.params = json::object();
    for (auto it = s->effects.rbegin(); it != s->effects.rend(); ++it) {
        if (Str(*it, "type") == "action" && it->contains("params")) {
            out.params = (*it)["params"];
            break;
        }
    }
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Draft flows, demo customers, saved tests
//-----------------------------------------------------------------------------

bool Inspector::UseFlows(std::vector<flow::Flow> flows, std::string label) {
    if (!engine_) {
        sim_error_ = "the flows are not loaded yet";
        return false;
    }
    Reset();
    SetFlows(std::move(flows));
    flows_source_ = label.empty() ? std::string("draft") : std::move(label);
    if (selected_flow_.empty() && !flows_.empty()) SelectFlow(flows_.front().id);
    return true;
}

void Inspector::UsePublished() {
    if (!engine_ || flows_source_.empty()) return;
    Reset();
    SetFlows(bundle_flows_);
    flows_source_.clear();
    if (selected_flow_.empty() && !flows_.empty()) SelectFlow(flows_.front().id);
}

std::vector<content::TestRun> Inspector::RunTests(const content::Files& set,
                                                  const std::string& flow_id) const {
    if (!understander_) return {};
    const std::unique_ptr<flow::Engine> engine = MakeEngine(content::ParseFlows(set, nullptr));
    return content::RunFlowTests(set, flow_id, *engine, *understander_);
}

const std::vector<DemoCustomer>& DemoCustomers() {
    // The demo shop's fixed accounts (native/demo/generator.cpp, MakeCustomers) as seamd's
    // Service::CustomerBlock puts a signed-in customer into a conversation.
    static const std::vector<DemoCustomer> kCustomers = {
        {"ana_en", "Ana Lima (verified, en)", "en", true,
         R"({"id": "demo-ana", "first_name": "Ana", "email": "ana@example.com", )"
         R"("verified_by": "identity_token"})"},
        {"ana_es", "Ana Lima (verified, es)", "es", true,
         R"({"id": "demo-ana", "first_name": "Ana", "email": "ana@example.com", )"
         R"("verified_by": "identity_token"})"},
        {"lucia_es", "Lucía Fernández (verified, es)", "es", true,
         R"({"id": "demo-lucia", "first_name": "Lucía", "email": "lucia@example.com", )"
         R"("verified_by": "identity_token"})"},
        {"tom_en", "Tom Becker (not verified, en)", "en", false,
         R"({"id": "demo-tom", "first_name": "Tom", "email": "tom@example.com", )"
         R"("verified_by": "none"})"},
        {"visitor_en", "A visitor, not signed in (en)", "en", false, "{}"},
        {"visitor_es", "A visitor, not signed in (es)", "es", false, "{}"},
    };
    return kCustomers;
}

bool Inspector::UseCustomer(const std::string& id) {
    for (const DemoCustomer& c : DemoCustomers()) {
        if (id != c.id) continue;
        inputs_.preset = c.id;
        inputs_.locale = c.locale;
        inputs_.verified = c.verified;
        inputs_.customer_json = c.customer_json;
        return true;
    }
    return false;
}

namespace {

Error TestError(const std::string& message) {
    return Error::Make("seam.console.test", message);
}

//! One line of a .conv file: the script format is line-based, so a line break typed into a
//! message would start a line of its own.
std::string OneLine(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
}

}  // namespace

Result<SavedTest> Inspector::MakeTest(const std::string& name,
                                      const std::string& description) const {
    if (!engine_ || !understander_) return TestError("the flows are not loaded yet");
    if (!content::ValidName(name))
        return TestError("a test's name is a-z, 0-9, - and _ (up to 64), like spanish_greeting");
    if (shown_ < 1) return TestError("simulate a turn or more first");
    const SimSnapshot& last = snapshots_[static_cast<std::size_t>(shown_)];
    if (last.waiting == "action")
        return TestError("the action " + Str(last.state, "step") +
                         " is waiting for its answer: pick an outcome first (or step back)");
    // The flow it belongs to: the first one the run entered.
    std::string flow_id;
    for (int i = 1; i <= shown_ && flow_id.empty(); ++i) {
        const SimSnapshot& s = snapshots_[static_cast<std::size_t>(i)];
        if (s.event == "start") flow_id = s.value;
        const json* h = s.state.contains("history") ? &s.state["history"] : nullptr;
        if (flow_id.empty() && h && h->is_object() && h->contains("flows") &&
            (*h)["flows"].is_array() && !(*h)["flows"].empty() && (*h)["flows"][0].is_string())
            flow_id = (*h)["flows"][0].get<std::string>();
    }
    if (flow_id.empty()) return TestError("the run never entered a flow: nothing to test");

    SavedTest out;
    out.flow = flow_id;
    out.path = "flows/tests/" + flow_id + "/" + name + ".conv";

    // The script without expectations: who, where, the answers to actions, the turns.
    const json& fresh = snapshots_.front().state;
    assistant::Script script;
    script.source = out.path;
    script.description = OneLine(description);
    script.locale = Str(fresh, "locale").empty() ? "en" : Str(fresh, "locale");
    script.customer = fresh.contains("customer") && fresh["customer"].is_object()
                          ? fresh["customer"]
                          : json::object();
    script.context = json::object();
    if (fresh.contains("context") && fresh["context"].is_object())
        for (const char* key : {"channel", "today"})
            if (fresh["context"].contains(key)) script.context[key] = fresh["context"][key];
    for (int i = 1; i <= shown_; ++i) {
        const SimSnapshot& s = snapshots_[static_cast<std::size_t>(i)];
        if (s.event == "action") {
            assistant::Fixture f;
            f.action = s.value;
            f.outcome = s.outcome;
            f.result = s.result.is_object() ? s.result : json::object();
            script.fixtures.push_back(std::move(f));
            continue;
        }
        assistant::TurnSpec t;
        t.line = i;  // the snapshot: matches the replay's failures back to turns
        if (s.event == "start") {
            t.open_flow = s.value;
            t.input = s.value;
        } else if (s.event == "choice") {
            t.choice = true;
            t.input = s.value;
        } else if (s.event == "message") {
            t.input = OneLine(s.value);
        } else {
            return TestError("turn " + std::to_string(i) + " cannot be replayed");
        }
        script.turns.push_back(std::move(t));
    }
    if (script.turns.empty()) return TestError("simulate a turn or more first");

    // Replayed as the test runner will run it (the session is named after the script, which
    // picks the phrasings): every turn "fails" against its empty expectations and so reports
    // what it did, which becomes what the test expects.
    const assistant::RunResult replay = assistant::RunScript(script, *engine_, *understander_);
    std::map<int, std::vector<std::string>> actual;
    for (const assistant::TurnFailure& f : replay.failures) {
        const std::string note = f.note;
        if (!note.empty()) return TestError("the run does not replay: " + note);
        actual[f.line] = f.actual;
    }

    std::string text;
    text +=
        "# " +
        (script.description.empty() ? "Saved from the console's simulation" : script.description) +
        "\n";
    text += "locale " + script.locale + "\n";
    text += "customer " + DumpJson(script.customer) + "\n";
    if (!script.context.empty()) text += "context " + DumpJson(script.context) + "\n";
    for (const assistant::Fixture& f : script.fixtures)
        text += "fixture " + f.action + " " + f.outcome + " " + DumpJson(f.result) + "\n";
    for (const assistant::TurnSpec& t : script.turns) {
        text += "\n";
        if (!t.open_flow.empty()) {
            text += "open " + t.open_flow + "\n";
        } else if (t.choice) {
            text += "choose " + t.input + "\n";
        } else {
            text += "> " + t.input + "\n";
        }
        for (const std::string& line : actual[t.line])
            text += line + "\n";
    }

    // What is saved must pass on the flows simulated now.
    Result<assistant::Script> parsed = assistant::ParseScript(text, out.path);
    if (!parsed) return TestError("the script does not parse: " + parsed.error().message);
    const assistant::RunResult check = assistant::RunScript(*parsed, *engine_, *understander_);
    if (!check.passed) {
        std::string report;
        for (const assistant::TurnFailure& f : check.failures)
            report += assistant::FormatFailure(*parsed, f);
        return TestError("the saved script would not pass:\n" + report);
    }
    out.text = std::move(text);
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Live case
//-----------------------------------------------------------------------------

void Inspector::OpenCase(const std::string& case_id) {
    if (case_id.empty()) return;
    live_ = InspectedCase{};
    live_.id = case_id;
    live_.loading = true;
    case_focused_ = true;
    if (session_.logged_in() && session_.generation() == generation_) {
        SendCase();
    } else {
        case_pending_ = true;  // Update sends it once the session is in
    }
}

void Inspector::CloseCase() {
    live_ = InspectedCase{};
    case_pending_ = false;
    case_focused_ = false;
    ++case_request_;  // an answer in flight is dropped
}

void Inspector::SendCase() {
    live_.loading = true;
    const std::uint64_t request = ++case_request_;
    const int gen = generation_;
    const std::string id = live_.id;
    api_.Get("/v1/cases/" + UrlEncode(id), [this, request, gen, id](const ApiResult& r) {
        if (request != case_request_ || gen != generation_) return;  // superseded
        live_.loading = false;
        if (!r.ok) {
            live_.error = r.status == 404 ? "case " + id + " was not found" : r.message;
            return;
        }
        ReadCase(r.body, live_);
        live_.id = id;
        if (FindFlow(live_.flow)) {
            SelectFlow(live_.flow);
            selected_step_ = live_.step;
        }
        case_focused_ = true;
    });
}

void Inspector::ReadCase(const json& body, InspectedCase& out) {
    const json* c = &body;
    if (body.is_object() && body.contains("case") && body["case"].is_object()) c = &body["case"];
    out.error.clear();
    if (!c->is_object()) {
        out.error = "seamd's answer has no case";
        return;
    }
    const std::string id = Str(*c, "id");
    if (!id.empty()) out.id = id;
    out.status = Str(*c, "status");
    out.channel = Str(*c, "channel");
    out.intent = Str(*c, "intent");
    out.state = c->contains("state") ? (*c)["state"] : json();
    if (out.state.is_string()) {  // a store that keeps the state as text
        out.state = json::parse(out.state.get<std::string>(), nullptr, false);
        if (out.state.is_discarded()) out.state = json();
    }
    out.ended = StoppedAt(out.state, out.flow, out.step);
    out.waiting = Str(out.state, "waiting");
    out.stack.clear();
    if (out.state.is_object() && out.state.contains("interrupted") &&
        out.state["interrupted"].is_object()) {
        const json& i = out.state["interrupted"];
        out.stack.push_back(Str(i, "flow") + "@" + Str(i, "step"));
    }
    if (!out.ended && !out.flow.empty()) out.stack.push_back(out.flow + "@" + out.step);
    out.slots = json::object();
    if (out.state.is_object() && out.state.contains("slots") && out.state["slots"].is_object())
        out.slots = out.state["slots"];
    out.messages = json::array();
    if (c->contains("messages") && (*c)["messages"].is_array()) {
        const json& all = (*c)["messages"];
        const std::size_t from = all.size() > kRecentMessages ? all.size() - kRecentMessages : 0;
        for (std::size_t i = from; i < all.size(); ++i)
            out.messages.push_back(all[i]);
    }
}

}  // namespace seam::console
