// shared/src/console/ui/desk_view.cpp — the agent desk drawn with Dear ImGui (see views.hpp).
//
// Three resizable columns in one table, "desk.layout" (ImGui keeps its column widths in the
// layout the app saves): the queue | the selected handoff's context | the conversation and the
// reply. Everything shown comes from the Desk model (seam/console/desk.hpp); this file only
// decides where it goes, and turns clicks and shortcuts into the model's operations.
// Sizes are multiples of the font size or the frame height (the app scales fonts on 2x screens).
//
// Index of this file:
//   [SECTION] Small helpers (colours, tooltips, key codes)
//   [SECTION] Shortcuts
//   [SECTION] Queue column
//   [SECTION] Context column
//   [SECTION] Conversation column
//   [SECTION] DrawDesk
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cfloat>
#include <string>

#include "seam/console/desk.hpp"
#include "seam/console/format.hpp"
#include "seam/console/replies.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Small helpers
//-----------------------------------------------------------------------------

const ImVec4 kGood(0.45f, 0.80f, 0.45f, 1.0f);
const ImVec4 kWarn(0.95f, 0.75f, 0.20f, 1.0f);
const ImVec4 kBad(0.95f, 0.38f, 0.32f, 1.0f);
const ImVec4 kCustomer(0.55f, 0.75f, 1.00f, 1.0f);
const ImVec4 kAgentColour(0.55f, 0.90f, 0.60f, 1.0f);

ImVec4 WaitColour(WaitStatus s) {
    switch (s) {
        case WaitStatus::kOver:
            return kBad;
        case WaitStatus::kNear:
            return kWarn;
        case WaitStatus::kWithin:
            break;
    }
    return kGood;
}

ImVec4 PriorityColour(const std::string& priority) {
    const int rank = PriorityRank(priority);
    return rank >= 3 ? kBad : rank == 2 ? kWarn : ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

//! A tooltip on the last item, also when it is disabled (then it says why).
void Tip(const std::string& text) {
    if (!text.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

//! A button that is disabled (with the reason as its tooltip) when `blocker` is not empty.
bool GuardedButton(const char* label, const std::string& blocker, const char* hint) {
    ImGui::BeginDisabled(!blocker.empty());
    const bool clicked = ImGui::Button(label);
    ImGui::EndDisabled();
    Tip(blocker.empty() ? hint : blocker);
    return clicked && blocker.empty();
}

void Label(const char* name) {
    ImGui::TextDisabled("%s", name);
    ImGui::SameLine(ImGui::GetFontSize() * 7.0f);
}

void Field(const char* name, const std::string& value) {
    Label(name);
    ImGui::TextWrapped("%s", value.empty() ? "-" : value.c_str());
}

//! The platform's key index of a letter. Backends map letters contiguously from ImGuiKey_A
//! (GLFW, which both console platforms use, codes them as ASCII 'A'..'Z').
int LetterKey(char upper) {
    return ImGui::GetKeyIndex(ImGuiKey_A) + (upper - 'A');
}
// ImGui 1.86 names no function keys: GLFW_KEY_F5, as GLFW (native) and Emscripten's GLFW (web)
// both report it.
constexpr int kKeyF5 = 294;

bool Pressed(int key) {
    return key >= 0 && ImGui::IsKeyPressed(key, false);
}

//! What the frame's input asked of the desk (shortcuts and buttons meet here).
struct Intents {
    bool open_resolve = false;
};

//-----------------------------------------------------------------------------
// [SECTION] Shortcuts
//-----------------------------------------------------------------------------

bool CtrlEnter() {
    return ImGui::GetIO().KeyCtrl && (Pressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
                                      Pressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter)));
}

//! Ctrl+Enter send (also while typing the reply), Alt+C claim, Alt+R resolve, Up/Down or J/K
//! move in the queue, F5 refresh. Nothing but Ctrl+Enter while a text field has the keyboard,
//! and nothing at all while a popup is open (it handles its own keys).
void HandleShortcuts(Desk& desk, Intents& intents) {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    // Ctrl+Enter is handled where the reply box is drawn (SendShortcut), after the box has
    // taken this frame's typing: otherwise the last characters typed could miss the reply.
    if (io.KeyCtrl && CtrlEnter()) return;
    if (io.WantTextInput) return;
    if (io.KeyAlt && Pressed(LetterKey('C'))) desk.Claim();
    if (io.KeyAlt && Pressed(LetterKey('R'))) {
        if (desk.CanResolve()) {
            intents.open_resolve = true;
        } else {
            desk.Resolve();  // says why not in the status line
        }
    }
    if (io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)) ||
        ImGui::IsKeyPressed(LetterKey('J'))) {
        desk.MoveSelection(+1);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)) ||
        ImGui::IsKeyPressed(LetterKey('K'))) {
        desk.MoveSelection(-1);
    }
    if (Pressed(kKeyF5)) desk.Refresh();
}

//-----------------------------------------------------------------------------
// [SECTION] Queue column
//-----------------------------------------------------------------------------

const char* StatusFilterLabel(const std::string& status) {
    if (status == "queued") return "Queued";
    if (status == "claimed") return "Claimed";
    if (status == "resolved") return "Resolved";
    return "Open (queued + claimed)";
}

const char* SortLabel(QueueSort s) {
    switch (s) {
        case QueueSort::kWaiting:
            return "Longest wait";
        case QueueSort::kValue:
            return "Customer value";
        case QueueSort::kScore:
            break;
    }
    return "Score (priority + wait)";
}

void DrawQueueFilters(Desk& desk) {
    QueueFilter f = desk.filter();
    bool changed = false;
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;

    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##status", StatusFilterLabel(f.status))) {
        for (const char* s : {"", "queued", "claimed", "resolved"}) {
            if (ImGui::Selectable(StatusFilterLabel(s), f.status == s)) {
                f.status = s;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##skill", f.skill.empty() ? "Every skill" : f.skill.c_str())) {
        if (ImGui::Selectable("Every skill", f.skill.empty())) {
            f.skill.clear();
            changed = true;
        }
        for (const std::string& s : desk.KnownSkills()) {
            if (ImGui::Selectable(s.c_str(), f.skill == s)) {
                f.skill = s;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##sort", SortLabel(f.sort))) {
        for (QueueSort s : {QueueSort::kScore, QueueSort::kWaiting, QueueSort::kValue}) {
            if (ImGui::Selectable(SortLabel(s), f.sort == s)) {
                f.sort = s;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    changed |= ImGui::Checkbox("Mine", &f.mine_only);
    Tip("Only the handoffs you claimed");
    ImGui::SetNextItemWidth(-FLT_MIN);
    changed |= ImGui::InputTextWithHint("##search", "Search customer, intent, summary", &f.search);
    if (changed) desk.SetFilter(f);
}

void DrawQueue(Desk& desk) {
    ImGui::Text("Queue (%d)", static_cast<int>(desk.rows().size()));
    ImGui::SameLine();
    if (desk.queue_loading()) ImGui::TextDisabled("loading…");
    ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize("Refresh").x -
                    ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::SmallButton("Refresh")) desk.Refresh();
    Tip("Reload the queue and the selected handoff (F5)");
    DrawQueueFilters(desk);
    if (!desk.queue_error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kBad);
        ImGui::TextWrapped("%s", desk.queue_error().c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    if (desk.queue_loaded() && desk.rows().empty()) {
        ImGui::TextDisabled("No handoffs here. Nobody is waiting.");
        return;
    }

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp |
                                  ImGuiTableFlags_NoSavedSettings;
    if (!ImGui::BeginTable("desk.queue.rows", 3, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Wait / target", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableHeadersRow();
    // Scroll to the selection when it moved (J/K), not while the agent scrolls with the wheel:
    // the last selection drawn is kept in the window's ImGui storage.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID last_key = ImGui::GetID("desk.queue.last_selected");
    const int selected_key = static_cast<int>(desk.selected_id());
    const bool selection_moved = storage->GetInt(last_key, 0) != selected_key;
    storage->SetInt(last_key, selected_key);
    // Only the rows on screen are drawn (a queue can hold hundreds); the selected row is always
    // laid out so the view can scroll to it.
    const std::vector<QueueRow>& rows = desk.rows();
    int selected_index = -1;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].id == desk.selected_id()) selected_index = static_cast<int>(i);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    if (selected_index >= 0 && selection_moved) {
        clipper.ForceDisplayRangeByIndices(selected_index, selected_index + 1);
    }
    while (clipper.Step()) {
        for (int index = clipper.DisplayStart; index < clipper.DisplayEnd; ++index) {
            const QueueRow& row = rows[static_cast<std::size_t>(index)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(row.id));
            const bool selected = row.id == desk.selected_id();
            const std::string who = row.customer.empty() ? "Anonymous visitor" : row.customer;
            // Two lines per row: who, then priority and skill; the Selectable spans both, the text
            // is drawn over it.
            const ImVec2 at = ImGui::GetCursorPos();
            if (ImGui::Selectable(
                    "##row", selected,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                    ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 2))) {
                desk.Select(row.id);
            }
            Mark("desk.row." + std::to_string(row.id));
            if (selected && selection_moved && !ImGui::IsItemVisible()) ImGui::SetScrollHereY();
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                ImGui::Text("#%lld %s · %s · %s", static_cast<long long>(row.id), row.skill.c_str(),
                            row.priority.c_str(), row.status.c_str());
                if (!row.agent.empty()) ImGui::Text("Claimed by %s", row.agent.c_str());
                ImGui::TextUnformatted(row.summary.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::SetCursorPos(at);
            ImGui::BeginGroup();
            ImGui::TextUnformatted(who.c_str());
            ImGui::TextColored(PriorityColour(row.priority), "%s", row.priority.c_str());
            ImGui::SameLine();
            ImGui::TextDisabled("%s", row.skill.c_str());
            ImGui::EndGroup();

            ImGui::TableNextColumn();
            const double waiting = desk.WaitingSeconds(row);
            if (row.status == "queued") {
                ImGui::TextColored(WaitColour(desk.WaitStatusOf(row)), "%s",
                                   FormatDuration(waiting).c_str());
            } else {
                ImGui::TextDisabled("%s", FormatDuration(waiting).c_str());
            }
            ImGui::TextDisabled("/ %s", FormatDuration(WaitTargetSeconds(row.priority)).c_str());

            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatMoney(row.customer_value).c_str());
            if (row.status == "claimed") {
                ImGui::TextDisabled("%s",
                                    row.agent == desk.agent().login ? "mine" : row.agent.c_str());
            } else if (row.status != "queued") {
                ImGui::TextDisabled("%s", row.status.c_str());
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Context column
//-----------------------------------------------------------------------------

void DrawCustomer(const HandoffDetail& d) {
    const CustomerInfo& c = d.customer;
    Field("Name", c.DisplayName());
    Label("Verified");
    if (c.verified) {
        ImGui::TextColored(kGood, "yes, by %s", Humanize(c.verified_by).c_str());
    } else {
        ImGui::TextColored(kWarn, "NO: confirm who they are before account actions");
    }
    Field("Customer id", c.id);
    Field("Email", c.email);
    Field("Phone", c.phone);
    Field("Country", c.country + (c.locale.empty() ? "" : " · " + c.locale));
    Field("Lifetime", FormatMoney(c.lifetime_value, c.currency.empty() ? "USD" : c.currency));
}

void DrawWhy(const HandoffDetail& d) {
    Field("Reason", Humanize(d.reason));
    Field("Queue", d.queue + " · " + d.priority);
    Field("Flow", d.flow.empty() ? "" : d.flow + " at step " + d.step);
    if (!d.interrupted_flow.empty())
        Field("Left flow", d.interrupted_flow + " at step " + d.interrupted_step);
    Field("Case", d.case_id + " · " + d.case_status + " · v" + std::to_string(d.case_version));
}

void DrawIntents(const HandoffDetail& d) {
    if (d.intents.empty()) return ImGui::TextDisabled("No intent recognised.");
    if (!ImGui::BeginTable("intents", 2, ImGuiTableFlags_SizingStretchProp)) return;
    for (const IntentGuess& i : d.intents) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i.intent.c_str());
        ImGui::TableNextColumn();
        ImGui::ProgressBar(
            static_cast<float>(i.confidence), ImVec2(-FLT_MIN, 0),
            (FormatPercent(i.confidence) + (i.ambiguous ? " ambiguous" : "")).c_str());
    }
    ImGui::EndTable();
}

void DrawSlots(const HandoffDetail& d) {
    if (d.slots.empty()) return ImGui::TextDisabled("Nothing collected yet.");
    if (!ImGui::BeginTable("slots", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg))
        return;
    ImGui::TableSetupColumn("Slot");
    ImGui::TableSetupColumn("Value");
    ImGui::TableSetupColumn("How");
    ImGui::TableHeadersRow();
    for (const SlotValue& s : d.slots) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Humanize(s.slot).c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", s.value.c_str());
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", s.source.c_str());
        std::string tip;
        if (!s.text.empty()) tip += "The customer wrote: " + s.text;
        if (!s.validated_as.empty()) tip += (tip.empty() ? "" : "\n") + ("Valid " + s.validated_as);
        Tip(tip);
    }
    ImGui::EndTable();
}

void DrawActions(const HandoffDetail& d) {
    if (d.actions.empty()) return ImGui::TextDisabled("No action attempted.");
    for (const ActionRecord& a : d.actions) {
        ImGui::TextColored(a.failed()          ? kBad
                           : a.outcome == "ok" ? kGood
                                               : kWarn,
                           "%s", a.outcome.c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s(%s)", a.name.c_str(), a.params.c_str());
        if (!a.reason.empty()) {
            ImGui::Indent();
            ImGui::TextWrapped("%s", a.reason.c_str());
            ImGui::Unindent();
        }
        Tip(a.result);
    }
}

void DrawChecks(const HandoffDetail& d) {
    if (d.checks.empty()) return ImGui::TextDisabled("No policy rule was recorded.");
    for (const PolicyCheck& c : d.checks) {
        ImGui::TextColored(c.passed ? kGood : kBad, "%s", c.passed ? "pass" : "FAIL");
        ImGui::SameLine();
        ImGui::TextWrapped("%s: %s", c.rule.c_str(), c.description.c_str());
        Tip(c.action + (c.detail.empty() ? "" : ": " + c.detail));
    }
}

void DrawRemaining(const HandoffDetail& d) {
    if (d.remaining_steps.empty()) return ImGui::TextDisabled("No steps left.");
    for (const StepRef& s : d.remaining_steps) {
        const std::string what = !s.slot.empty()     ? " (" + Humanize(s.slot) + ")"
                                 : !s.action.empty() ? " (" + Humanize(s.action) + ")"
                                                     : "";
        ImGui::BulletText("%s: %s%s", s.kind.c_str(), s.id.c_str(), what.c_str());
    }
}

void DrawChannels(const Desk& desk, const HandoffDetail& d) {
    for (const ChannelUse& c : d.channels) {
        ImGui::BulletText("%s%s%s, since %s, last %s", c.channel.c_str(),
                          c.address.empty() ? "" : " ", c.address.c_str(),
                          FormatTimestamp(c.first_at).c_str(),
                          FormatAgo(c.last_at, desk.now_ms()).c_str());
    }
}

void DrawPageEvents(const Desk& desk, const HandoffDetail& d) {
    if (d.page_events.empty()) return ImGui::TextDisabled("Nothing recorded on the site.");
    for (const PageActivity& e : d.page_events) {
        ImGui::TextDisabled("%s", FormatAgo(e.at, desk.now_ms()).c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", e.text.c_str());
        Tip(FormatTimestamp(e.at));
    }
}

void DrawOrders(const HandoffDetail& d) {
    if (d.orders.empty()) return ImGui::TextDisabled("No orders.");
    const ImGuiTableFlags flags =
        ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH;
    if (!ImGui::BeginTable("orders", 4, flags)) return;
    ImGui::TableSetupColumn("Order");
    ImGui::TableSetupColumn("Status");
    ImGui::TableSetupColumn("Total");
    ImGui::TableSetupColumn("Items", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableHeadersRow();
    for (const OrderInfo& o : d.orders) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(o.number.c_str());
        ImGui::TextDisabled("%s", o.placed_on.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(o.status.c_str());
        if (!o.delivered_on.empty()) {
            ImGui::TextDisabled("delivered %s", o.delivered_on.c_str());
        } else if (!o.expected_on.empty()) {
            ImGui::TextDisabled("due %s", o.expected_on.c_str());
        }
        std::string tip = o.carrier;
        if (!o.tracking_url.empty()) tip += (tip.empty() ? "" : ": ") + o.tracking_url;
        Tip(tip);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatMoney(o.total, o.currency).c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", o.items.c_str());
    }
    ImGui::EndTable();
}

void DrawPastCases(const HandoffDetail& d) {
    if (d.past_cases.empty()) return ImGui::TextDisabled("No earlier cases.");
    if (!ImGui::BeginTable("past", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg))
        return;
    ImGui::TableSetupColumn("Opened");
    ImGui::TableSetupColumn("Intent");
    ImGui::TableSetupColumn("Status");
    ImGui::TableSetupColumn("Outcome");
    ImGui::TableHeadersRow();
    for (const PastCase& c : d.past_cases) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatTimestamp(c.created_at).c_str());
        Tip(c.id);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.intent.empty() ? "-" : c.intent.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.status.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.outcome.empty() ? "-" : c.outcome.c_str());
    }
    ImGui::EndTable();
}

void DrawTranscript(const HandoffDetail& d) {
    if (d.transcript.empty()) return ImGui::TextDisabled("No transcript.");
    for (const TranscriptLine& t : d.transcript) {
        ImGui::TextColored(t.from == "customer" ? kCustomer : kAgentColour, "%s", t.from.c_str());
        ImGui::SameLine(ImGui::GetFontSize() * 5.0f);
        ImGui::TextWrapped("%s", t.text.c_str());
    }
}

void DrawContext(Desk& desk) {
    if (desk.selected_id() == 0) {
        ImGui::TextDisabled("Select a handoff in the queue (Up/Down or J/K).");
        return;
    }
    const HandoffDetail* d = desk.detail();
    if (!desk.detail_error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kBad);
        ImGui::TextWrapped("%s", desk.detail_error().c_str());
        ImGui::PopStyleColor();
    }
    if (!d) {
        ImGui::TextDisabled("Loading handoff #%lld…", static_cast<long long>(desk.selected_id()));
        return;
    }

    // The header: who, where, and the two actions that do not need the conversation.
    ImGui::Text("#%lld  %s", static_cast<long long>(d->id), d->customer.DisplayName().c_str());
    ImGui::SameLine();
    ImGui::TextColored(PriorityColour(d->priority), "%s", d->priority.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s · %s%s%s", d->skill.c_str(), d->status.c_str(),
                        d->agent.empty() ? "" : " by ", d->agent.c_str());
    if (GuardedButton("Claim (Alt+C)", desk.ClaimBlocker(), "Take this handoff: it is yours")) {
        desk.Claim();
    }
    Mark("desk.claim");
    ImGui::SameLine();
    const std::string inspect_blocker =
        desk.CanInspect() ? "" : "The flow inspector is not available.";
    if (GuardedButton("Open in flow inspector", inspect_blocker,
                      "See where this case stands in its flow")) {
        desk.InspectSelected();
    }
    Mark("desk.inspect");
    ImGui::Separator();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(d->summary.c_str());
    ImGui::PopTextWrapPos();
    if (!d->note.empty()) {
        ImGui::TextDisabled("Case note (%s):", d->outcome.c_str());
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(d->note.c_str());
        ImGui::PopTextWrapPos();
    }

    if (!ImGui::BeginTabBar("desk.context.tabs")) return;
    if (ImGui::BeginTabItem("Context")) {
        ImGui::BeginChild("context", ImVec2(0, 0));
        const ImGuiTreeNodeFlags open = ImGuiTreeNodeFlags_DefaultOpen;
        if (ImGui::CollapsingHeader("Customer and verification", open)) DrawCustomer(*d);
        if (ImGui::CollapsingHeader("Why a person", open)) DrawWhy(*d);
        if (ImGui::CollapsingHeader("Intents", open)) DrawIntents(*d);
        if (ImGui::CollapsingHeader("Slots collected", open)) DrawSlots(*d);
        if (ImGui::CollapsingHeader("Actions attempted", open)) DrawActions(*d);
        if (ImGui::CollapsingHeader("Policy rules checked", open)) DrawChecks(*d);
        if (ImGui::CollapsingHeader("Remaining steps", open)) DrawRemaining(*d);
        if (ImGui::CollapsingHeader("Channels")) DrawChannels(desk, *d);
        const std::string site =
            "On the site (" + std::to_string(d->page_events.size()) + ")###site";
        if (ImGui::CollapsingHeader(site.c_str(), d->page_events.empty() ? 0 : open)) {
            DrawPageEvents(desk, *d);
        }
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    const std::string orders = "Orders (" + std::to_string(d->orders.size()) + ")###orders";
    if (ImGui::BeginTabItem(orders.c_str())) {
        ImGui::BeginChild("orders", ImVec2(0, 0));
        DrawOrders(*d);
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    const std::string past = "Past cases (" + std::to_string(d->past_cases.size()) + ")###past";
    if (ImGui::BeginTabItem(past.c_str())) {
        ImGui::BeginChild("past", ImVec2(0, 0));
        DrawPastCases(*d);
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Transcript")) {
        ImGui::BeginChild("transcript", ImVec2(0, 0));
        DrawTranscript(*d);
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

//-----------------------------------------------------------------------------
// [SECTION] Conversation column
//-----------------------------------------------------------------------------

void DrawMessages(const Desk& desk, const HandoffDetail& d) {
    for (const CaseMessage& m : d.messages) {
        const bool customer = m.sender == "customer";
        const bool agent = m.sender == "agent";
        const std::string who =
            customer ? d.customer.first_name.empty() ? "customer" : d.customer.first_name
            : agent  ? (m.agent_name.empty() ? m.agent : m.agent_name)
                     : m.sender;
        if (m.sender == "system") {
            ImGui::TextDisabled("— %s —", Humanize(m.text).c_str());
            continue;
        }
        ImGui::TextColored(customer ? kCustomer
                           : agent  ? kAgentColour
                                    : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
                           "%s", who.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s · %s", m.channel.c_str(), FormatAgo(m.at, desk.now_ms()).c_str());
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(m.text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    }
    // Stay at the bottom while the agent is there, so new messages show up.
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
}

void DrawSuggestions(Desk& desk) {
    const auto& list = desk.suggestions();
    if (list.empty()) return;
    ImGui::TextDisabled("Suggested:");
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (std::size_t i = 0; i < list.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const float width =
            ImGui::CalcTextSize(list[i].label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine();
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width > right)
            ImGui::NewLine();
        if (ImGui::SmallButton(list[i].label.c_str())) desk.UseSuggestion(i);
        Tip("Adds to the draft:\n" + list[i].text);
        ImGui::PopID();
    }
}

//! The published saved replies, rendered for this case: a filter box, the language, one
//! button per reply (its words as the tooltip). A reply with a placeholder the case has no
//! value for is flagged: the gap stays in the text as {{...}} for the agent to fill in.
void DrawSavedReplies(DeskReplies& replies) {
    const float em = ImGui::GetFontSize();
    ImGui::TextDisabled("Saved replies:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 10.0f);
    ImGui::InputTextWithHint("##filter", "Filter by title or tag", &replies.filter);
    Mark("desk.replies.filter");
    ImGui::SameLine();
    const std::string language = replies.Language();
    ImGui::SetNextItemWidth(em * 4.5f);
    if (ImGui::BeginCombo("##lang", language.c_str())) {
        if (ImGui::Selectable("case's", replies.locale.empty())) replies.locale.clear();
        for (const char* l : content::kLocales)
            if (ImGui::Selectable(l, replies.locale == l)) replies.locale = l;
        ImGui::EndCombo();
    }
    Mark("desk.replies.lang");
    Tip("The language the replies are written in: the case's unless you choose another");

    const std::vector<OfferedReply> offered = replies.Offered();
    if (offered.empty()) {
        ImGui::TextDisabled("No saved reply matches \"%s\".", replies.filter.c_str());
        return;
    }
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    for (const OfferedReply& o : offered) {
        ImGui::PushID(o.id.c_str());
        const std::string label = (o.missing.empty() ? "" : "! ") + o.title;
        const float width =
            ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width > right)
                ImGui::NewLine();
        }
        first = false;
        if (!o.missing.empty()) ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
        if (ImGui::SmallButton(label.c_str())) replies.Use(o.id);
        if (!o.missing.empty()) ImGui::PopStyleColor();
        Mark("desk.reply." + o.id);
        std::string tip = "Adds to the draft:\n" + o.text;
        if (!o.missing.empty()) {
            tip += "\n\nNo value in this case for:";
            for (const std::string& m : o.missing)
                tip += " {{" + m + "}}";
            tip += "\nFill it in before sending.";
        }
        Tip(tip);
        ImGui::PopID();
    }
}

void DrawConversation(Desk& desk, DeskReplies* replies, Intents& intents) {
    const HandoffDetail* d = desk.detail();
    if (!d) {
        ImGui::TextDisabled("The conversation shows here.");
        return;
    }
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float reply_height = line * 5.0f;
    // Messages above; below them, the suggestions (two rows, scrolling when they need more),
    // the reply box and its buttons.
    const float suggestions_height = ImGui::GetFrameHeightWithSpacing() * 2.0f;
    // The saved replies (when any are published): the filter line and three rows of buttons.
    const bool saved = replies && replies->published_count() > 0;
    const float saved_height = saved ? ImGui::GetFrameHeightWithSpacing() * 3.5f : 0.0f;
    const std::vector<std::string> unfilled =
        replies ? replies->Unfilled() : std::vector<std::string>{};
    const float warning_height = unfilled.empty() ? 0.0f : line;
    const float below = suggestions_height + saved_height + reply_height + warning_height +
                        ImGui::GetFrameHeightWithSpacing() * 2.0f;
    ImGui::BeginChild("messages", ImVec2(0, -below), true);
    DrawMessages(desk, *d);
    ImGui::EndChild();

    ImGui::BeginChild("suggestions", ImVec2(0, suggestions_height));
    DrawSuggestions(desk);
    ImGui::EndChild();
    if (saved) {
        ImGui::BeginChild("saved_replies", ImVec2(0, saved_height));
        DrawSavedReplies(*replies);
        ImGui::EndChild();
    }
    std::string& draft = desk.draft();
    ImGui::InputTextMultiline("##reply", &draft, ImVec2(-FLT_MIN, reply_height));
    Mark("desk.reply");
    if (!unfilled.empty()) {
        std::string gaps;
        for (const std::string& u : unfilled)
            gaps += " {{" + u + "}}";
        ImGui::TextColored(kWarn, "Fill in before sending:%s", gaps.c_str());
        Mark("desk.reply.unfilled");
    }
    if (CtrlEnter() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) desk.SendReply();
    Tip(desk.SendBlocker().empty() ? "Ctrl+Enter sends" : "");

    if (GuardedButton("Send (Ctrl+Enter)", desk.SendBlocker(),
                      "Sends the reply: it appears in the customer's widget at once")) {
        desk.SendReply();
    }
    Mark("desk.send");
    ImGui::SameLine();
    if (GuardedButton("Resolve… (Alt+R)", desk.ResolveBlocker(),
                      "Close the handoff with an outcome; the case note is written for you")) {
        intents.open_resolve = true;
    }
    Mark("desk.resolve");
    ImGui::SameLine();
    ImGui::TextDisabled("%d / 4000 bytes", static_cast<int>(draft.size()));
}

void DrawResolvePopup(Desk& desk) {
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26.0f, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Resolve the handoff###desk.resolve.popup", nullptr,
                                ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::TextWrapped(
        "How did it end? The case note (summary, your replies, the outcome) is "
        "written automatically.");
    for (const ResolveOutcome& o : kResolveOutcomes) {
        const std::string label(o.label);
        if (ImGui::RadioButton(label.c_str(), desk.resolve_outcome() == o.id))
            desk.resolve_outcome() = std::string(o.id);
    }
    ImGui::Spacing();
    const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
    if (ImGui::Button("Resolve (Enter)") || enter) {
        desk.Resolve();
        ImGui::CloseCurrentPopup();
    }
    Mark("desk.resolve.confirm");
    ImGui::SameLine();
    if (ImGui::Button("Cancel (Esc)") ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] DrawDesk
//-----------------------------------------------------------------------------

void DrawDesk(Desk& desk, DeskReplies* replies) {
    Intents intents;
    HandleShortcuts(desk, intents);

    // The status line sits under the three columns.
    const float status_height = ImGui::GetFrameHeightWithSpacing();
    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("desk.layout", 3, flags)) {
        ImGui::TableSetupColumn("Queue", ImGuiTableColumnFlags_WidthStretch, 0.27f);
        ImGui::TableSetupColumn("Context", ImGuiTableColumnFlags_WidthStretch, 0.40f);
        ImGui::TableSetupColumn("Conversation", ImGuiTableColumnFlags_WidthStretch, 0.33f);
        ImGui::TableNextRow();
        const ImVec2 pane(0, -status_height);
        ImGui::TableNextColumn();
        ImGui::BeginChild("desk.queue", pane);
        DrawQueue(desk);
        ImGui::EndChild();
        ImGui::TableNextColumn();
        ImGui::BeginChild("desk.context", pane);
        DrawContext(desk);
        ImGui::EndChild();
        ImGui::TableNextColumn();
        ImGui::BeginChild("desk.conversation", pane);
        DrawConversation(desk, replies, intents);
        ImGui::EndChild();
        ImGui::EndTable();
    }

    if (intents.open_resolve) ImGui::OpenPopup("###desk.resolve.popup");
    DrawResolvePopup(desk);

    const std::string& status = desk.status_line();
    const std::string shown = status.empty() ? "Ready. Alt+C claim · Ctrl+Enter send · Alt+R "
                                               "resolve · J/K or Up/Down move · F5 refresh"
                                             : status;
    if (desk.status_is_error()) {
        ImGui::TextColored(kBad, "%s", shown.c_str());
    } else if (status.empty()) {
        ImGui::TextDisabled("%s", shown.c_str());
    } else {
        ImGui::TextUnformatted(shown.c_str());
    }
    Mark("desk.status");
}

}  // namespace seam::console::ui
