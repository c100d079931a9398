// shared/src/console/ui/inspector_view.cpp — the flow inspector's drawing code (DrawInspector in
// views.hpp) over the Inspector model (seam/console/inspector.hpp).
//
// Three resizable columns: flows, simulation controls and the live case on the left; the flow
// graph (graph_view.hpp, shared with the flow editor) with the clicked step's details under it in
// the centre; the turn log with the shown turn's understanding, effects, policy decisions, slots
// and state on the right. Sizes are multiples of the font size (usable at 1280x720). What a click
// does is the model's business; this file only draws and forwards.
//
// Index of this file
// [SECTION] Helpers (colours, JSON tree)
// [SECTION] Left: flows, simulation controls
// [SECTION] Centre: graph and step details
// [SECTION] Right: live case and turn log
// [SECTION] DrawInspector
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph_view.hpp"
#include "seam/console/format.hpp"
#include "seam/console/inspector.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

ImVec4 VerdictColor(policy::Verdict v) {
    switch (v) {
        case policy::Verdict::kAllow:
            return ImVec4(0.45f, 0.85f, 0.45f, 1.0f);
        case policy::Verdict::kReview:
            return ImVec4(0.95f, 0.75f, 0.25f, 1.0f);
        case policy::Verdict::kRefuse:
            return ImVec4(0.95f, 0.40f, 0.40f, 1.0f);
    }
    return ImVec4(1, 1, 1, 1);
}

std::string Dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Scalar(const json& j) {
    return j.is_string() ? j.get<std::string>() : Dump(j);
}

//! A JSON value as a tree: objects and arrays fold, scalars are "key: value" lines.
void DrawJsonTree(const char* key, const json& j) {
    if (j.is_object() || j.is_array()) {
        const std::string label =
            std::string(key) + (j.is_array() ? " [" + std::to_string(j.size()) + "]" : "");
        if (ImGui::TreeNode(key, "%s", label.c_str())) {
            if (j.is_object()) {
                for (const auto& [k, v] : j.items())
                    DrawJsonTree(k.c_str(), v);
            } else {
                for (std::size_t i = 0; i < j.size(); ++i)
                    DrawJsonTree(std::to_string(i).c_str(), j[i]);
            }
            ImGui::TreePop();
        }
        return;
    }
    ImGui::BulletText("%s: %s", key, Scalar(j).c_str());
}

//! One effect as a line of the turn log.
std::string EffectLine(const json& e) {
    const std::string type = e.is_object() && e.contains("type") ? Scalar(e["type"]) : "?";
    if (type == "say") return "say: " + Scalar(e.value("text", json("")));
    if (type == "replies") {
        std::string out = "replies:";
        if (e.contains("options") && e["options"].is_array())
            for (const json& o : e["options"])
                out += " [" + (o.is_object() ? Scalar(o.value("label", json(""))) : "") + "]";
        return out;
    }
    if (type == "action")
        return "action: " + Scalar(e.value("name", json(""))) + " " +
               Dump(e.value("params", json::object()));
    if (type == "handoff")
        return "handoff: queue " + Scalar(e.value("queue", json(""))) + ", " +
               Scalar(e.value("reason", json("")));
    if (type == "end") return "end: " + Scalar(e.value("outcome", json("")));
    return Dump(e);
}

//! Keeps a row of buttons inside the column: the next one goes on this line when it fits.
void WrapBefore(const std::string& label) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + style.FramePadding.x * 2;
    const float right = ImGui::GetItemRectMax().x + style.ItemSpacing.x + w;
    if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

void SectionTitle(const char* text) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", text);
    ImGui::Separator();
}

void DrawDecision(const ActionDecision& d) {
    ImGui::Text("policy on %s:", d.action.c_str());
    ImGui::SameLine();
    ImGui::TextColored(VerdictColor(d.decision.verdict), "%s",
                       policy::VerdictName(d.decision.verdict));
    ImGui::Indent();
    if (!d.decision.reason.empty()) ImGui::TextWrapped("reason: %s", d.decision.reason.c_str());
    for (const policy::Check& c : d.decision.checks) {
        ImGui::TextColored(c.passed ? ImVec4(0.45f, 0.85f, 0.45f, 1) : ImVec4(0.95f, 0.4f, 0.4f, 1),
                           "%s", c.passed ? "pass" : "FAIL");
        ImGui::SameLine();
        ImGui::TextWrapped("%s: %s%s%s", c.rule.c_str(), c.description.c_str(),
                           c.detail.empty() ? "" : " - ", c.detail.c_str());
    }
    ImGui::TextDisabled("facts: %s", Dump(d.facts).c_str());
    ImGui::Unindent();
}

//-----------------------------------------------------------------------------
// [SECTION] Left: flows, simulation controls
//-----------------------------------------------------------------------------

void DrawFlowList(Inspector& in) {
    SectionTitle("Flows");
    if (!in.loaded()) {
        ImGui::TextDisabled("%s", in.loading() ? "loading..." : "no flows loaded");
        if (!in.loading() && ImGui::SmallButton("Reload")) in.Reload();
        return;
    }
    for (const flow::Flow& f : in.flows()) {
        std::string title;
        auto it = f.title.by_lang.find("en");
        if (it != f.title.by_lang.end() && !it->second.empty()) title = it->second.front();
        const std::string label = f.id + (title.empty() ? "" : "  (" + title + ")");
        if (ImGui::Selectable(label.c_str(), f.id == in.selected_flow())) in.SelectFlow(f.id);
        Mark("inspector.flow." + f.id);
    }
}

void DrawCustomerPicker(Inspector& in, const std::string& m) {
    SimInputs& inputs = in.inputs();
    std::string current = "Typed by hand";
    for (const DemoCustomer& c : DemoCustomers())
        if (inputs.preset == c.id) current = c.label;
    ImGui::TextUnformatted("Customer");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    const bool open = ImGui::BeginCombo("##customer_preset", current.c_str());
    Mark(m + ".customer");
    if (open) {
        for (const DemoCustomer& c : DemoCustomers()) {
            if (ImGui::Selectable(c.label, inputs.preset == c.id)) in.UseCustomer(c.id);
            Mark(m + ".customer." + c.id);
        }
        ImGui::EndCombo();
    }
}

void DrawSimulationControls(Inspector& in, const std::string& m) {
    const float fs = ImGui::GetFontSize();
    SimInputs& inputs = in.inputs();
    SectionTitle(in.flows_source().empty() ? "Simulation"
                                           : ("Simulation of the " + in.flows_source()).c_str());
    DrawCustomerPicker(in, m);
    ImGui::TextUnformatted("Locale");
    ImGui::SameLine();
    if (ImGui::RadioButton("en", inputs.locale == "en")) inputs.locale = "en";
    ImGui::SameLine();
    if (ImGui::RadioButton("es", inputs.locale == "es")) inputs.locale = "es";
    ImGui::SameLine();
    ImGui::Checkbox("verified", &inputs.verified);
    ImGui::TextUnformatted("Customer (JSON)");
    if (ImGui::InputTextMultiline("##customer", &inputs.customer_json, ImVec2(-1, fs * 3.2f)))
        inputs.preset.clear();

    ImGui::BeginDisabled(!in.loaded());
    if (ImGui::Button("Start in flow")) in.Start(true);
    Mark(m + ".start");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A fresh conversation that starts %s at once",
                          in.selected_flow().c_str());
    WrapBefore("Start empty");
    if (ImGui::Button("Start empty")) in.Start(false);
    Mark(m + ".start_empty");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A fresh conversation: the first message picks the flow by intent");
    WrapBefore("Reset");
    if (ImGui::Button("Reset")) in.Reset();

    ImGui::Spacing();
    ImGui::TextUnformatted("Customer says");
    ImGui::SetNextItemWidth(-fs * 4.5f);
    const bool enter =
        ImGui::InputText("##message", &inputs.message, ImGuiInputTextFlags_EnterReturnsTrue);
    Mark(m + ".input");
    if (enter) {
        in.SendMessage();
        ImGui::SetKeyboardFocusHere(-1);  // keep typing the next message
    }
    ImGui::SameLine();
    if (ImGui::Button("Send", ImVec2(-1, 0))) in.SendMessage();
    Mark(m + ".send");

    const auto choices = in.PendingChoices();
    if (!choices.empty()) {
        ImGui::TextUnformatted("Quick replies");
        for (std::size_t i = 0; i < choices.size(); ++i) {
            const std::string label = choices[i].second + "##choice" + choices[i].first;
            if (i > 0) WrapBefore(label);
            if (ImGui::Button(label.c_str())) in.Choose(choices[i].first);
            Mark(m + ".choice." + choices[i].first);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("value: %s", choices[i].first.c_str());
        }
    }

    SimPendingAction pending;
    if (in.PendingActionAt(pending)) {
        ImGui::Spacing();
        ImGui::Text("Action waiting: %s", pending.name.c_str());
        ImGui::TextDisabled("params: %s", Dump(pending.params).c_str());
        ImGui::TextUnformatted("Result (JSON)");
        ImGui::InputTextMultiline("##result", &inputs.action_result_json, ImVec2(-1, fs * 4.0f));
        ImGui::TextUnformatted("Answer with outcome:");
        for (std::size_t i = 0; i < pending.outcomes.size(); ++i) {
            if (i > 0) WrapBefore(pending.outcomes[i]);
            if (ImGui::Button(pending.outcomes[i].c_str())) in.AnswerAction(pending.outcomes[i]);
            Mark(m + ".outcome." + pending.outcomes[i]);
        }
        if (!pending.unhandled.empty()) {
            ImGui::TextDisabled("Not handled by this step (a person takes over):");
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.45f, 0.30f, 0.20f, 1.0f));
            for (std::size_t i = 0; i < pending.unhandled.size(); ++i) {
                const std::string label = pending.unhandled[i] + "##unhandled";
                if (i > 0) WrapBefore(label);
                if (ImGui::Button(label.c_str())) in.AnswerAction(pending.unhandled[i]);
                Mark(m + ".outcome." + pending.unhandled[i]);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s can report %s, but the step has no \"on\" for it",
                                      pending.name.c_str(), pending.unhandled[i].c_str());
            }
            ImGui::PopStyleColor();
        }
    }

    ImGui::Spacing();
    ImGui::TextUnformatted("Extra policy facts (JSON)");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Merged over the action's params and {\"verified\"}. seamd adds facts from its store\n"
            "(order_owner_matches, days_since_delivery, final_sale...): type them here to see\n"
            "what the rules decide for them. A missing fact fails closed (review).");
    ImGui::InputTextMultiline("##facts", &inputs.extra_facts_json, ImVec2(-1, fs * 3.2f));
    if (ImGui::Button("Recheck policy")) in.RecheckPolicy();
    ImGui::EndDisabled();

    if (in.simulating()) {
        ImGui::Spacing();
        ImGui::BeginDisabled(in.shown() <= 0);
        if (ImGui::ArrowButton("##back", ImGuiDir_Left)) in.StepBack();
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::Text("turn %d of %d", in.shown(), static_cast<int>(in.snapshots().size()) - 1);
        ImGui::SameLine();
        ImGui::BeginDisabled(in.shown() + 1 >= static_cast<int>(in.snapshots().size()));
        if (ImGui::ArrowButton("##forward", ImGuiDir_Right)) in.StepForward();
        ImGui::EndDisabled();
    }
    if (!in.sim_error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.4f, 0.4f, 1));
        ImGui::TextWrapped("%s", in.sim_error().c_str());
        ImGui::PopStyleColor();
        Mark(m + ".error");
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Centre: graph and step details
//-----------------------------------------------------------------------------

void DrawGraph(Inspector& in, float height) {
    GraphLook look;
    look.child_id = "inspector.graph";
    look.node_mark = "inspector.node.";
    look.selected = in.selected_step();
    look.highlight = in.HighlightedStep();
    look.visited = in.VisitedSteps();
    look.empty_text = in.loaded() ? std::string("Pick a flow.") : in.status();
    const std::string clicked = DrawFlowGraph(in.graph(), height, look);
    if (!clicked.empty()) in.SelectStep(clicked);
}

void DrawStepDetails(Inspector& in) {
    const float fs = ImGui::GetFontSize();
    const StepDetails d = in.Details(in.selected_flow(), in.selected_step());
    if (d.rows.empty()) {
        ImGui::TextDisabled("Click a step to see its prompts, slot, validation and policy.");
        return;
    }
    ImGui::Text("Step %s / %s", d.flow.c_str(), d.step.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("close")) in.SelectStep("");
    if (ImGui::BeginTable("inspector.details", 2,
                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, fs * 7.5f);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (const auto& [label, text] : d.rows) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextDisabled("%s", label.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextWrapped("%s", text.c_str());
        }
        ImGui::EndTable();
    }
    const flow::Flow* f = in.FindFlow(d.flow);
    const flow::Step* s = f ? f->Find(d.step) : nullptr;
    if (s && s->kind == flow::StepKind::kAction) {
        ImGui::Spacing();
        if (!in.rules_loaded()) {
            ImGui::TextDisabled(
                "%s", in.rules_error().empty() ? Inspector::kNoRules : in.rules_error().c_str());
        } else if (d.rules.empty()) {
            ImGui::TextDisabled("No policy rule guards %s.", s->action.c_str());
        } else {
            ImGui::Text("Policy rules for %s", s->action.c_str());
            for (const policy::Rule& r : d.rules) {
                ImGui::BulletText("%s (%s, otherwise %s)", r.id.c_str(), r.action.c_str(),
                                  policy::VerdictName(r.otherwise));
                ImGui::Indent();
                ImGui::TextWrapped("%s", r.description.c_str());
                ImGui::TextDisabled("requires %s", ConditionText(r.require).c_str());
                ImGui::Unindent();
            }
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Right: live case and turn log
//-----------------------------------------------------------------------------

void DrawLiveCaseBody(Inspector& in, const InspectedCase& c) {
    if (ImGui::SmallButton("Refresh")) in.RefreshCase();
    ImGui::SameLine();
    if (ImGui::SmallButton("Close")) {
        in.CloseCase();
        return;
    }
    ImGui::SameLine();
    bool focused = in.case_focused();
    if (ImGui::Checkbox("show on graph", &focused)) in.FocusCase(focused);
    if (c.loading) {
        ImGui::TextDisabled("loading...");
        return;
    }
    if (!c.error.empty()) {
        ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.4f, 1), "%s", c.error.c_str());
        return;
    }
    ImGui::Text("status %s, channel %s, intent %s", c.status.c_str(), c.channel.c_str(),
                c.intent.empty() ? "-" : c.intent.c_str());
    if (c.flow.empty()) {
        ImGui::TextDisabled("It never entered a flow.");
    } else {
        ImGui::Text("%s at %s / %s%s", c.ended ? "Ended" : "Stopped", c.flow.c_str(),
                    c.step.c_str(),
                    c.waiting.empty() ? "" : (" (waiting " + c.waiting + ")").c_str());
        if (!in.FindFlow(c.flow))
            ImGui::TextDisabled("(that flow is not in the widget bundle)");
        else if (ImGui::SmallButton("Show its flow")) {
            in.SelectFlow(c.flow);
            in.SelectStep(c.step);
            in.FocusCase(true);
        }
    }
    if (!c.stack.empty()) {
        std::string stack;
        for (const std::string& s : c.stack)
            stack += (stack.empty() ? "" : "  >  ") + s;
        ImGui::TextWrapped("flows: %s", stack.c_str());
    }
    DrawJsonTree("slots", c.slots);
    if (ImGui::TreeNode("recent messages")) {
        for (const json& m : c.messages) {
            if (!m.is_object()) continue;
            ImGui::TextDisabled("%s", Scalar(m.value("sender", json(""))).c_str());
            ImGui::SameLine();
            ImGui::TextWrapped("%s", Scalar(m.value("text", json(""))).c_str());
        }
        ImGui::TreePop();
    }
    DrawJsonTree("state", c.state);
}

void DrawLiveCase(Inspector& in) {
    if (in.live_case().id.empty()) return;
    const std::string header = "Live case " + in.live_case().id + "###inspector.case";
    const bool open = ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
    Mark("inspector.case." + in.live_case().id);  // which case is shown (the e2e test reads it)
    if (!open) return;
    ImGui::PushID("inspector.case");         // its tree nodes apart from the turn's ("state", ...)
    const InspectedCase c = in.live_case();  // a copy: Close/Refresh reset the model's
    DrawLiveCaseBody(in, c);
    ImGui::PopID();
}

void DrawSnapshot(Inspector& in, const SimSnapshot& s) {
    ImGui::Text("turn %d: %s", s.turn, s.input.c_str());
    if (!s.intent.empty()) {
        std::string ranked;
        for (const auto& [intent, conf] : s.ranked)
            ranked += (ranked.empty() ? "" : ", ") + intent + " " +
                      FormatPercent(static_cast<double>(conf));
        ImGui::TextWrapped("understood: %s (%s)%s%s", s.intent.c_str(),
                           FormatPercent(static_cast<double>(s.confidence)).c_str(),
                           ranked.empty() ? "" : "; ranked: ", ranked.c_str());
    }
    if (!s.entities.empty()) ImGui::TextWrapped("entities: %s", Dump(s.entities).c_str());
    for (const json& e : s.effects)
        ImGui::TextWrapped("- %s", EffectLine(e).c_str());
    bool any_action = false;
    for (const json& e : s.effects)
        any_action = any_action || (e.is_object() && e.value("type", json("")) == "action");
    if (any_action && s.policy.empty())
        ImGui::TextDisabled("policy: %s", in.rules_error().empty() ? Inspector::kNoRules
                                                                   : in.rules_error().c_str());
    for (const ActionDecision& d : s.policy)
        DrawDecision(d);
    ImGui::Separator();
    ImGui::Text("flow %s, step %s", s.flow.empty() ? "-" : s.flow.c_str(),
                s.step.empty() ? "-" : s.step.c_str());
    ImGui::Text("waiting %s, status %s", s.waiting.empty() ? "-" : s.waiting.c_str(),
                s.status.c_str());
    if (ImGui::BeginTable("inspector.slots", 2, ImGuiTableFlags_BordersInnerH)) {
        for (const auto& [name, value] : s.slots.items()) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextDisabled("%s", name.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextWrapped("%s", Scalar(value).c_str());
        }
        ImGui::EndTable();
    }
    if (s.slots.empty()) ImGui::TextDisabled("no slots yet");
    DrawJsonTree("state", s.state);
}

void DrawTurnLog(Inspector& in, const std::string& m) {
    const float fs = ImGui::GetFontSize();
    if (!ImGui::CollapsingHeader("Turns###inspector.turns", ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (!in.simulating()) {
        ImGui::TextDisabled("Start a simulation, or type a customer message.");
        return;
    }
    const auto& snaps = in.snapshots();
    const float list_h = std::min(fs * 8.0f, fs * 1.4f * static_cast<float>(snaps.size()) + fs);
    ImGui::BeginChild("inspector.log", ImVec2(0, list_h), true);
    for (std::size_t i = 0; i < snaps.size(); ++i) {
        const std::string label =
            std::to_string(i) + "  " + snaps[i].input + "##turn" + std::to_string(i);
        const bool shown = static_cast<int>(i) == in.shown();
        if (ImGui::Selectable(label.c_str(), shown)) in.Show(static_cast<int>(i));
        Mark(m + ".turn." + std::to_string(i));
        if (shown && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
    }
    ImGui::EndChild();
    if (const SimSnapshot* s = in.shown_snapshot()) DrawSnapshot(in, *s);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] DrawInspector
//-----------------------------------------------------------------------------

void DrawSimulation(Inspector& inspector, const std::string& mark_prefix) {
    DrawSimulationControls(inspector, mark_prefix);
    ImGui::Spacing();
    DrawTurnLog(inspector, mark_prefix);
}

void DrawInspector(Inspector& inspector) {
    const float fs = ImGui::GetFontSize();
    const std::string status = inspector.status();
    ImGui::TextUnformatted(status.c_str());
    Mark("inspector.status");

    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("inspector.columns", 3, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupColumn("left", ImGuiTableColumnFlags_WidthFixed, fs * 17.0f);
    ImGui::TableSetupColumn("graph", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("log", ImGuiTableColumnFlags_WidthFixed, fs * 22.0f);
    ImGui::TableNextRow();

    ImGui::TableSetColumnIndex(0);
    ImGui::BeginChild("inspector.left", ImVec2(0, 0), false);
    DrawFlowList(inspector);
    if (!inspector.flows_source().empty()) {
        ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.25f, 1), "Showing the %s's flows",
                           inspector.flows_source().c_str());
        if (ImGui::SmallButton("Back to the published flows")) inspector.UsePublished();
        Mark("inspector.published");
    }
    DrawSimulationControls(inspector, "inspector");
    ImGui::EndChild();

    ImGui::TableSetColumnIndex(1);
    DrawKindLegend();
    const float avail = ImGui::GetContentRegionAvail().y;
    const bool details = !inspector.selected_step().empty();
    const float details_h = details ? std::min(fs * 13.0f, avail * 0.45f) : fs * 1.8f;
    DrawGraph(inspector, std::max(fs * 8.0f, avail - details_h - ImGui::GetStyle().ItemSpacing.y));
    ImGui::BeginChild("inspector.step", ImVec2(0, 0), false);
    DrawStepDetails(inspector);
    ImGui::EndChild();

    ImGui::TableSetColumnIndex(2);
    ImGui::BeginChild("inspector.right", ImVec2(0, 0), false);
    DrawLiveCase(inspector);
    DrawTurnLog(inspector, "inspector");
    ImGui::EndChild();

    ImGui::EndTable();
}

}  // namespace seam::console::ui
