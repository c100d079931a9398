// shared/include/seam/console/inspector.hpp — the flow inspector's model: the widget bundle's
// flows as graphs, a turn-by-turn simulation with the shared engine (state, slots and policy
// decisions at every turn), and a live case's position in its flow.
//
// What it loads, once per login (Update() starts it; answers arrive through Api::Pump):
//   GET /widget/bundle.json   the widget's bundle (flows, actions, kb, small intent model): the
//                             same flows, validators and understanding the widget runs
//   GET /v1/policy/rules      assets/policy/rules.json as seamd reads it (agent-only); a 404 or
//                             any failure leaves the inspector usable, saying "policy rules
//                             unavailable" where decisions would be shown
//   GET /v1/cases/{id}        on OpenCase(): the case's engine state and messages
//
// The simulation runs exactly what the widget's brain runs (web/widget/brain.cpp): the business
// slot validator and entity finder with "today" taken from Update()'s clock, the talk_to_human
// and kb_fallback flows, assistant::MessageEvent for understanding. Action effects are not
// executed: the operator answers them with one of the step's declared outcomes and a result.
//
// Policy decisions are what the rules would decide for the facts given: facts = {"verified":
// the simulated customer's flag} + the action's params + the operator's extra facts (which win).
// seamd adds facts from its store before deciding (order_owner_matches, days_since_delivery,
// final_sale, shipped, amount...), so a rule that reads one of those and has none here fails
// closed (review) — type them into the extra facts to see the decision a real order would get.
//
// No I/O, clock or threads here (the core's rules): the view (ui/inspector_view.cpp) draws it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "seam/console/api.hpp"
#include "seam/console/session.hpp"
#include "seam/content/check.hpp"
#include "seam/content/files.hpp"
#include "seam/core/result.hpp"
#include "seam/flow/engine.hpp"
#include "seam/flow/flow.hpp"
#include "seam/flow/registry.hpp"
#include "seam/policy/rules.hpp"

namespace seam::assistant {
class Understander;
}

namespace seam::console {

// [SECTION] Flow graphs

//! One step as a box. Positions are abstract: `x` is the column (0 = leftmost; layers are
//! centred on the widest one), `y` the layer; the view multiplies them by its spacing.
struct GraphNode {
    std::string id;
    flow::StepKind kind = flow::StepKind::kMessage;
    std::string kind_name;  //!< "ask", "action", ...
    std::string detail;     //!< a short second line: "slot order_number", "lookup_order", ...
    int layer = 0;          //!< shortest path depth from the start step; unreachable: last+1
    int order = 0;          //!< position within the layer (stable: breadth-first discovery)
    float x = 0, y = 0;
    bool reachable = true;
};

//! A labelled arrow: "next", an action outcome, a branch case's condition or "else", a choice
//! option's value, "exhausted" (ask's on_exhausted).
struct GraphEdge {
    int from = 0, to = 0;  //!< indices in FlowGraph::nodes
    std::string label;
    bool back = false;  //!< goes to the same or an earlier layer (a loop: drawn curved)
};

struct FlowGraph {
    std::string flow;
    std::vector<GraphNode> nodes;  //!< in the flow file's step order
    std::vector<GraphEdge> edges;  //!< per step in file order, then in the step's own order
    int layers = 0;                //!< number of layers
    int width = 0;                 //!< nodes in the widest layer
    //! Index of the node of step `id`, or -1.
    int Find(const std::string& id) const;
};

//! The graph of `flow`, laid out in layers from `flow.start`. Targets that name no step (cannot
//! happen in checked flows) get no edge.
FlowGraph BuildFlowGraph(const flow::Flow& flow);

//! A condition as one short line: {"var": "result.shipped", "op": "==", "value": true} ->
//! "result.shipped == true"; any/all joined by "or"/"and"; anything else as compact JSON.
std::string ConditionText(const nlohmann::json& condition);

//! What the detail pane says about one step: (label, text) rows, and the policy rules that
//! guard its action (every rule for the action and for "*", in file order).
struct StepDetails {
    std::string flow, step;
    std::vector<std::pair<std::string, std::string>> rows;
    std::vector<policy::Rule> rules;
};

// [SECTION] Simulation

//! The operator's inputs, edited in place by the view.
struct SimInputs {
    std::string preset;         //!< the DemoCustomer last picked ("" = typed by hand)
    std::string locale = "en";  //!< "en" | "es"
    bool verified = true;       //!< the customer's verified flag (and the "verified" fact)
    std::string customer_json = R"({"first_name": "Sam"})";
    std::string extra_facts_json = "{}";    //!< merged over the params as policy facts
    std::string message;                    //!< the next customer message
    std::string action_result_json = "{}";  //!< the result sent with an action outcome
};

//! A customer of the demo shop (native/demo/generator.cpp's fixed accounts), as seamd puts a
//! signed-in customer into a conversation (Service::CustomerBlock), or a visitor not signed in.
struct DemoCustomer {
    const char* id;     //!< "ana_en", "visitor", ...: the preset's key (and its ui mark)
    const char* label;  //!< "Ana Lima (verified, en)"
    const char* locale;
    bool verified;
    const char* customer_json;
};
//! Ana (verified, en and es), Lucía (verified, es), Tom (not verified, en), a visitor (en, es).
const std::vector<DemoCustomer>& DemoCustomers();

//! The policy decision on one action effect of a turn.
struct ActionDecision {
    std::string action;
    nlohmann::json facts;
    policy::Decision decision;
};

//! One turn of the simulation, and the state after it.
struct SimSnapshot {
    int turn = 0;  //!< 0 = the fresh state
    //! What the operator did, exactly (a saved test replays it): "start" (value = the flow),
    //! "message" (value = the text as typed), "choice" (value), "action" (value = the action,
    //! with outcome and result); "" for turn 0.
    std::string event, value, outcome;
    nlohmann::json result;
    std::string input;     //!< "start", "start order_status", "message: ...", "choice: yes",
                           //!< "action lookup_order -> ok {...}"
    std::string intent;    //!< message turns: the understood intent ("" otherwise)
    float confidence = 0;  //!< message turns
    std::vector<std::pair<std::string, float>> ranked;  //!< message turns, best first
    nlohmann::json entities = nlohmann::json::array();  //!< [{"type", "value", "text"}]
    std::vector<nlohmann::json> effects;                //!< flow::EffectToJson of each
    std::vector<std::string> rendered;   //!< assistant::RenderEffect of each (.conv lines)
    std::vector<ActionDecision> policy;  //!< one per action effect
    std::string flow, step;              //!< where the engine waits now ("" when no flow runs)
    std::string waiting;                 //!< "input" | "action" | ""
    std::string status;  //!< the state's status: open, active, resolved, escalated...
    nlohmann::json slots = nlohmann::json::object();
    nlohmann::json state;  //!< the whole engine state after the turn
};

//! The action the engine waits on at a snapshot, and what can answer it.
struct SimPendingAction {
    std::string name;
    nlohmann::json params;
    std::vector<std::string> outcomes;  //!< the step's `on` keys
    //! Outcomes the action may report (flows/actions.json) that the step does not handle: the
    //! engine hands such a conversation to a person ("unhandled_outcome:<name>"), and the
    //! checker refuses the flow. Offered so the operator sees what would happen.
    std::vector<std::string> unhandled;
};

//! A conversation test made from a simulated run (Inspector::MakeTest).
struct SavedTest {
    std::string path;  //!< flows/tests/<flow>/<name>.conv
    std::string flow;  //!< the flow it tests (the first the run entered)
    std::string text;  //!< the .conv script
};

// [SECTION] Live case

struct InspectedCase {
    std::string id;
    bool loading = false;
    std::string error;   //!< why it could not be loaded ("" when fine)
    std::string status;  //!< the case's status (open, waiting_agent, ...)
    std::string channel, intent;
    nlohmann::json state;  //!< its engine state
    //! Where it stopped: the running flow and step; when it ended (no flow runs), the last flow
    //! and step of its history. Empty when the conversation never entered a flow.
    std::string flow, step;
    bool ended = false;  //!< no flow runs any more (flow/step come from the history)
    std::string waiting;
    //! The flows it is in, outermost first: "flow@step" of an interrupted flow (left for
    //! talk_to_human), then the current one.
    std::vector<std::string> stack;
    nlohmann::json slots = nlohmann::json::object();
    nlohmann::json messages = nlohmann::json::array();  //!< the most recent (kRecentMessages)
};

// [SECTION] Inspector

class Inspector {
  public:
    static constexpr std::size_t kRecentMessages = 20;
    static constexpr const char* kNoRules = "policy rules unavailable";

    Inspector(Api& api, const Session& session);
    ~Inspector();
    Inspector(const Inspector&) = delete;
    Inspector& operator=(const Inspector&) = delete;

    //! Once per frame after Api::Pump: starts loading after a login, forgets everything after a
    //! logout, sends a case requested before the login.
    void Update(std::int64_t now_ms);

    // Loading
    bool loaded() const { return engine_ != nullptr; }  //!< the bundle is in
    bool loading() const { return bundle_loading_ || rules_loading_; }
    bool rules_loaded() const { return rules_loaded_; }
    //! One line for the status bar: loading, how many flows, rules state, the last error.
    std::string status() const;
    const std::string& bundle_error() const { return bundle_error_; }
    const std::string& rules_error() const { return rules_error_; }  //!< kNoRules on 404
    const std::vector<policy::Rule>& rules() const { return rules_; }
    //! Loads bundle and rules again (after a deploy).
    void Reload();

    // Which flows run: the bundle's (published) or a draft's
    //! Simulates `flows` (a draft being edited) instead of the bundle's: the engine is rebuilt
    //! from them with the bundle's understanding (model, articles) and validators, the graphs
    //! follow, and the simulation starts afresh (its turns ran on other flows). `label` names
    //! the source in status() ("draft"). False before the bundle is in.
    bool UseFlows(std::vector<flow::Flow> flows, std::string label = "draft");
    //! Back to the bundle's flows (the simulation starts afresh).
    void UsePublished();
    //! "" when the bundle's flows run, else UseFlows' label.
    const std::string& flows_source() const { return flows_source_; }
    //! The action registry of the bundle (flows/actions.json).
    const flow::Registry& registry() const { return registry_; }

    //! Runs the saved conversation tests of `flow_id` ("" = all) in `set` with an engine built
    //! from `set`'s flows and the bundle's understanding: what seamd runs before a publish. Empty
    //! before the bundle is in.
    std::vector<content::TestRun> RunTests(const content::Files& set,
                                           const std::string& flow_id) const;

    // Flows and graphs
    const std::vector<flow::Flow>& flows() const { return flows_; }
    const flow::Flow* FindFlow(const std::string& id) const;
    //! The flow shown in the centre ("" before the bundle is in: then the first flow).
    const std::string& selected_flow() const { return selected_flow_; }
    void SelectFlow(const std::string& id);
    //! The graph of the selected flow (an empty graph when none).
    const FlowGraph& graph() const;
    const FlowGraph* GraphOf(const std::string& flow_id) const;
    //! Clicked node of the selected flow ("" when none).
    const std::string& selected_step() const { return selected_step_; }
    void SelectStep(const std::string& step_id) { selected_step_ = step_id; }
    StepDetails Details(const std::string& flow_id, const std::string& step_id) const;

    //! The step to highlight in the selected flow ("" when none): the live case's when the case
    //! is focused, else the shown snapshot's.
    std::string HighlightedStep() const;
    //! Steps of the selected flow the shown snapshot (or the live case) went through.
    std::vector<std::string> VisitedSteps() const;
    bool case_focused() const { return case_focused_; }
    void FocusCase(bool on) { case_focused_ = on && !live_.id.empty(); }

    // Simulation
    SimInputs& inputs() { return inputs_; }
    const SimInputs& inputs() const { return inputs_; }
    //! A fresh state for the inputs' locale and customer; with `in_selected_flow` the selected
    //! flow starts at once (a start event), else the first message picks the flow by intent.
    //! False (and status() says why) when the bundle is not in or the customer JSON is bad.
    bool Start(bool in_selected_flow);
    //! Sends inputs().message as the customer's (clears it on success).
    bool SendMessage();
    bool SendMessage(const std::string& text);
    //! Taps a quick reply (a choice option, a csat rating, a fallback offer).
    bool Choose(const std::string& value);
    //! Answers the pending action with `outcome` and inputs().action_result_json.
    bool AnswerAction(const std::string& outcome);
    //! Forgets the simulation.
    void Reset();
    //! Decides again the shown snapshot's actions with the current extra facts and verified
    //! flag (the turn itself is unchanged).
    void RecheckPolicy();

    const std::vector<SimSnapshot>& snapshots() const { return snapshots_; }
    bool simulating() const { return !snapshots_.empty(); }
    //! The snapshot shown; a new turn continues from it and drops those after it. Show()
    //! clamps the index, takes the graph's focus from a live case and selects the snapshot's
    //! flow.
    int shown() const { return shown_; }
    void Show(int index);
    void StepBack() { Show(shown_ - 1); }
    void StepForward() { Show(shown_ + 1); }
    const SimSnapshot* shown_snapshot() const;
    //! Quick replies the customer sees at the shown snapshot (value, label).
    std::vector<std::pair<std::string, std::string>> PendingChoices() const;
    //! The action the engine waits on at the shown snapshot, or false.
    bool PendingActionAt(SimPendingAction& out) const;
    //! Why the last simulation input was refused ("" when it was not).
    const std::string& sim_error() const { return sim_error_; }
    //! Sets the inputs' customer, verified flag and locale from DemoCustomers()' `id`.
    bool UseCustomer(const std::string& id);

    //! The run up to the shown turn as a conversation test named `name` (ValidName) in
    //! flows/tests/<flow>/: header (locale, customer, context), a `fixture` line per answered
    //! action in order, and each turn ("open FLOW", "> text", "choose value") with the effects
    //! expected. The expectations come from replaying the turns as the test runner will (same
    //! session name = the path, so the same phrasings), and the script is checked to pass on
    //! the flows simulated now. Errors (seam.console.test): no turn yet, an action still waiting
    //! for its answer, a bad name, a run that does not replay the same way.
    Result<SavedTest> MakeTest(const std::string& name, const std::string& description) const;

    // Live case
    //! GET /v1/cases/{id}; shows its flow with the step it stopped at (the desk calls it).
    void OpenCase(const std::string& case_id);
    void RefreshCase() {
        if (!live_.id.empty()) OpenCase(live_.id);
    }
    void CloseCase();
    const InspectedCase& live_case() const { return live_; }

    //! Exposed for tests: reads a case's JSON (GET /v1/cases/{id}'s answer, bare or wrapped
    //! in {"case": ...}) into `out`.
    static void ReadCase(const nlohmann::json& body, InspectedCase& out);

  private:
    void Clear();
    void Load();
    void OnBundle(const ApiResult& r);
    void OnRules(const ApiResult& r);
    void SendCase();
    void SetFlows(std::vector<flow::Flow> flows);
    std::unique_ptr<flow::Engine> MakeEngine(std::vector<flow::Flow> flows) const;
    bool Turn(const flow::Event& event, std::string input, SimSnapshot how);
    SimSnapshot MakeSnapshot(nlohmann::json state, std::string input) const;
    std::vector<ActionDecision> Decide(const std::vector<nlohmann::json>& effects,
                                       const nlohmann::json& state, std::string* error) const;
    nlohmann::json ExtraFacts(std::string* error) const;

    Api& api_;
    const Session& session_;
    int generation_ = -1;  //!< the session generation loaded for
    std::int64_t now_ms_ = 0;

    bool bundle_loading_ = false, rules_loading_ = false, rules_loaded_ = false;
    std::string bundle_error_, rules_error_;
    std::vector<flow::Flow> flows_;
    std::map<std::string, FlowGraph> graphs_;
    std::vector<policy::Rule> rules_;
    std::string today_;
    std::vector<flow::Flow> bundle_flows_;  //!< the bundle's, while a draft's run
    std::string flows_source_;
    flow::Registry registry_;
    std::unique_ptr<flow::Engine> engine_;
    std::unique_ptr<assistant::Understander> understander_;

    std::string selected_flow_, selected_step_;
    bool case_focused_ = false;

    SimInputs inputs_;
    std::vector<SimSnapshot> snapshots_;
    int shown_ = -1;
    std::string sim_error_;

    InspectedCase live_;
    bool case_pending_ = false;  //!< OpenCase before the login: sent by Update
    std::uint64_t case_request_ = 0;
};

}  // namespace seam::console
