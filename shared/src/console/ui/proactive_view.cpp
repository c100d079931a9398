// shared/src/console/ui/proactive_view.cpp — the Proactive view drawn with Dear ImGui over
// ProactiveBoard (see views.hpp): the kill switch and the settings in force on the left, with the
// last 7 days' counts below them; the decision log on the right, filtered by outcome or reason,
// with the triggers below it. What the words say, who may change what and when a request goes out
// are the model's (seam/console/proactive_board.hpp); this file only places them and turns input
// into the model's operations. Every size is a multiple of the font size (2x screens).
//
// Index of this file
//   [SECTION] Helpers
//   [SECTION] Settings panel     kill switch, quiet hours, caps, hold-out, outbox, save
//   [SECTION] Counts and triggers
//   [SECTION] Decision log
//   [SECTION] Switch-off confirmation
//   [SECTION] Entry point        DrawProactive
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "seam/console/format.hpp"
#include "seam/console/proactive_board.hpp"
#include "seam/console/ui/app.hpp"
#include "seam/console/ui/keys.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

namespace {

// [SECTION] Helpers

const ImVec4 kGood(0.45f, 0.80f, 0.45f, 1.0f);
const ImVec4 kWarn(0.95f, 0.75f, 0.20f, 1.0f);
const ImVec4 kBad(0.95f, 0.38f, 0.32f, 1.0f);

float Em() {
    return ImGui::GetFontSize();
}

void TextColored(const ImVec4& color, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

//! A tooltip on the last item, also when it is disabled (then it says why).
void Tip(const std::string& text) {
    if (!text.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(Em() * 30.0f);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

//! Starts a label | value row of the settings table; the value's cell is current after it.
void Row(const char* label) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", label);
    ImGui::TableNextColumn();
}

// [SECTION] Settings panel

void DrawKillSwitch(ProactiveBoard& board, const ProactiveSettings& s) {
    PushHeadingFont();
    if (s.enabled) {
        TextColored(kGood, "Proactive messages are ON");
        Mark("proactive.state.on");
    } else {
        TextColored(kBad, "Proactive messages are OFF (kill switch)");
        Mark("proactive.state.off");
    }
    PopHeadingFont();
    const std::string blocker = board.EditBlocker();
    bool on = s.enabled;
    ImGui::BeginDisabled(!blocker.empty());
    if (ImGui::Checkbox("Send proactive messages  (the global kill switch)", &on))
        board.SetEnabled(on);
    ImGui::EndDisabled();
    Mark("proactive.enabled");
    Tip(!blocker.empty() ? blocker
        : s.enabled
            ? "Untick to stop every proactive message to every customer at once (you will be "
              "asked to confirm)."
            : "Tick to let triggers reach customers again, within the rules below.");
    if (!s.enabled) {
        ImGui::TextWrapped(
            "Nothing goes out. Every match is still decided and logged, held back as "
            "\"kill switch\".");
    }
}

void DrawSettings(ProactiveBoard& board, const ProactiveSettings& s) {
    const float em = Em();
    DrawKillSwitch(board, s);
    ImGui::Separator();
    const bool editable = board.can_edit();
    if (!editable) {
        ImGui::PushTextWrapPos(0);
        TextColored(kWarn, board.EditBlocker());  // the model's words: read-only, and why
        ImGui::PopTextWrapPos();
        Mark("proactive.readonly");
    }
    ProactiveSettings& d = board.draft();
    // Label | value rows; values wrap in the column (it narrows when the log is widened).
    if (ImGui::BeginTable("##proactive.settings", 2, ImGuiTableFlags_None)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        ImGui::BeginDisabled(!editable || board.saving());

        Row("Quiet hours");
        ImGui::SetNextItemWidth(4 * em);
        ImGui::InputText("##proactive.quiet_from", &d.quiet_from);
        Mark("proactive.quiet_from");
        ImGui::SameLine();
        ImGui::TextUnformatted("to");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(4 * em);
        ImGui::InputText("##proactive.quiet_to", &d.quiet_to);
        Mark("proactive.quiet_to");
        ImGui::TextDisabled("%s", d.quiet_from == d.quiet_to ? "equal times: no quiet hours"
                                                             : "in the customer's own time");

        Row("Per day");
        ImGui::SetNextItemWidth(6.5f * em);
        ImGui::InputInt("##proactive.per_day", &d.per_day);
        Mark("proactive.per_day");
        ImGui::SameLine();
        ImGui::TextDisabled("messages in 24 hours");

        Row("Per week");
        ImGui::SetNextItemWidth(6.5f * em);
        ImGui::InputInt("##proactive.per_week", &d.per_week);
        Mark("proactive.per_week");
        ImGui::SameLine();
        ImGui::TextDisabled("messages in 7 days");

        Row("Hold-out share");
        ImGui::SetNextItemWidth(6.5f * em);
        ImGui::InputInt("##proactive.holdout", &d.holdout_percent);
        Mark("proactive.holdout");
        ImGui::SameLine();
        ImGui::TextDisabled("%% never contacted");
        ImGui::EndDisabled();
        Tip("Customers in the hold-out group get no proactive message; the KPIs (Proactive & "
            "revenue) compare them with the others to show what the messages change.");

        Row("De-duplication");
        ImGui::TextWrapped("%d days per trigger and object", s.dedupe_days);
        Tip("Set in assets/policy/proactive.json, not here.");
        Row("Email / SMS outbox");
        ImGui::PushTextWrapPos(0);
        if (s.outbox) {
            TextColored(kGood, "configured");
        } else {
            TextColored(kWarn, "not configured: email and SMS reach no one");
        }
        ImGui::PopTextWrapPos();
        Mark("proactive.outbox");
        ImGui::EndTable();
    }

    if (editable) {
        const std::string problem = board.DraftProblem();
        const bool changed = board.DraftChanged();
        std::string blocker = board.EditBlocker();
        if (blocker.empty()) blocker = problem;
        if (blocker.empty() && !changed) blocker = "Nothing changed yet.";
        ImGui::BeginDisabled(!blocker.empty());
        const bool save = ImGui::Button(board.saving() ? "Saving..." : "Save changes");
        ImGui::EndDisabled();
        Mark("proactive.save");
        Tip(blocker.empty() ? "PUT /v1/proactive/settings (audited)" : blocker);
        if (save && blocker.empty()) board.SaveSettings();
        ImGui::SameLine();
        ImGui::BeginDisabled(!changed || board.saving());
        if (ImGui::Button("Revert")) board.RevertDraft();
        ImGui::EndDisabled();
        if (!problem.empty()) {
            ImGui::PushTextWrapPos(0);
            TextColored(kWarn, problem);
            ImGui::PopTextWrapPos();
        }
    }
    if (!board.status().empty()) {
        ImGui::PushTextWrapPos(0);
        if (board.status_is_error()) {
            TextColored(kBad, board.status());
        } else {
            ImGui::TextUnformatted(board.status().c_str());
        }
        ImGui::PopTextWrapPos();
        Mark("proactive.status");
    }
}

// [SECTION] Counts and triggers

void DrawCounts(const ProactiveOverview& o) {
    ImGui::TextUnformatted("Last 7 days");
    const std::vector<OutcomeCount> counts = WeekCounts(o);
    if (ImGui::BeginTable("##proactive.counts", 2, ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthFixed, 4 * Em());
        for (const OutcomeCount& c : counts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (c.key == kFilterSent) {
                ImGui::TextUnformatted("Sent");
            } else {
                ImGui::Text("Held back: %s", c.label.c_str());
                Tip(ReasonWords(c.key));
            }
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(c.count));
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("Held back, all reasons");
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%lld", static_cast<long long>(WeekHeldBack(o)));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Customers opted out");
        Tip("Customers who asked for no proactive messages, on a channel or on all of them "
            "(unsubscribe link, STOP, or in a conversation).");
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(o.customers_opted_out));
        ImGui::EndTable();
    }
    Mark("proactive.counts");
}

void DrawTriggers(const ProactiveOverview& o) {
    ImGui::Text("Triggers (%zu)", o.triggers.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    const float h = std::max(ImGui::GetContentRegionAvail().y, 6 * Em());
    if (!ImGui::BeginTable("##proactive.triggers", 5, flags, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Trigger", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Event or schedule", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("Opens flow", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Channels", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("Priority", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (const TriggerInfo& t : o.triggers) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.id.c_str());
        Mark("proactive.trigger." + t.id);
        Tip(t.description);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", t.When().c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", t.flow.c_str());
        ImGui::TableNextColumn();
        std::string channels;
        for (const std::string& c : t.channels)
            channels += (channels.empty() ? "" : ", ") + c;
        ImGui::TextWrapped("%s", channels.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", t.priority);
    }
    ImGui::EndTable();
    Mark("proactive.triggers");
}

// [SECTION] Decision log

void DrawFilter(ProactiveBoard& board) {
    const auto choices = board.FilterChoices();
    std::string current = board.filter();
    for (const auto& [key, label] : choices)
        if (key == board.filter()) current = label;
    ImGui::SetNextItemWidth(16 * Em());
    if (ImGui::BeginCombo("##proactive.filter", current.c_str(), ImGuiComboFlags_HeightLargest)) {
        for (const auto& [key, label] : choices) {
            if (ImGui::Selectable(label.c_str(), key == board.filter())) board.SetFilter(key);
            Mark("proactive.filter." + (key.empty() ? std::string("all") : key));
        }
        ImGui::EndCombo();
    }
    Mark("proactive.filter");
}

void DrawLog(ProactiveBoard& board, float height) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Decision log");
    ImGui::SameLine();
    DrawFilter(board);
    ImGui::SameLine();
    if (ImGui::Button("Refresh (F5)")) board.Refresh();
    Mark("proactive.refresh");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", board.StatusLine().c_str());

    const std::vector<DecisionRow>& rows = board.decisions();
    if (rows.empty()) {
        ImGui::TextDisabled(
            "%s", board.filter().empty() ? "No decision yet." : "No decision matches this filter.");
        Mark("proactive.log.empty");
        ImGui::Dummy(ImVec2(0, std::max(0.0f, height - ImGui::GetTextLineHeightWithSpacing())));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("##proactive.log", 6, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Time (UTC)", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Trigger, about", ImGuiTableColumnFlags_WidthStretch, 1.8f);
    ImGui::TableSetupColumn("Outcome", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Why", ImGuiTableColumnFlags_WidthStretch, 1.8f);
    ImGui::TableSetupColumn("Seen", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (const DecisionRow& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(row.id));
        // "2026-11-22 14:03 UTC" without the zone: the column says it.
        std::string when = FormatTimestamp(row.at);
        if (when.size() > 4) when.resize(when.size() - 4);
        const bool openable = board.CanOpenCase(row);
        // The row is one selectable across its columns, as tall as its tallest cell (two lines).
        if (ImGui::Selectable(when.c_str(), false, ImGuiSelectableFlags_SpanAllColumns,
                              ImVec2(0, 2 * ImGui::GetTextLineHeight())) &&
            openable) {
            board.OpenCase(row);
        }
        Mark("proactive.decision." + std::to_string(row.id));
        Tip(openable ? "Open case " + row.case_id + " in the flow inspector"
                     : FormatAgo(row.at, board.now_ms()));
        ImGui::TableNextColumn();
        ImGui::TextWrapped(
            "%s", row.customer_name.empty() ? row.customer.c_str() : row.customer_name.c_str());
        Tip(row.customer);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.trigger.c_str());
        ImGui::TextDisabled("%s", DecisionAbout(row).c_str());
        Tip(row.object);
        ImGui::TableNextColumn();
        TextColored(row.sent ? kGood : kWarn, OutcomeText(row));
        Mark("proactive.outcome." + std::to_string(row.id) + "." + OutcomeKey(row));
        ImGui::TableNextColumn();
        if (row.sent) {
            ImGui::TextDisabled("%s", row.case_id.empty() ? "-" : ("case " + row.case_id).c_str());
            if (openable) ImGui::TextDisabled("(click to open it)");
        } else {
            ImGui::TextWrapped("%s", ReasonWords(row.reason).c_str());
        }
        ImGui::TableNextColumn();
        if (row.sent) {
            ImGui::TextUnformatted(row.seen ? "seen" : "not yet");
        } else {
            ImGui::TextDisabled("-");
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    Mark("proactive.log");
}

// [SECTION] Switch-off confirmation

void DrawConfirmOff(ProactiveBoard& board) {
    constexpr const char* kPopup = "Switch proactive messages off?###proactive.confirm";
    if (board.confirming_off() && !ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
    ImGui::SetNextWindowSize(ImVec2(Em() * 28.0f, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::TextWrapped(
        "No proactive message will reach any customer, on any channel, until an admin switches "
        "them on again. Late-parcel notices, payment reminders and the others stop at once; each "
        "match is logged as held back by the kill switch.");
    ImGui::Spacing();
    PushHeadingFont();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.70f, 0.22f, 0.18f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.82f, 0.28f, 0.22f, 1.0f));
    const bool off = ImGui::Button("Switch off");
    ImGui::PopStyleColor(2);
    PopHeadingFont();
    Mark("proactive.confirm_off");
    ImGui::SameLine();
    const bool cancel = ImGui::Button("Cancel (Esc)") ||
                        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) ||
                        !board.confirming_off();
    Mark("proactive.cancel_off");
    if (off) {
        board.ConfirmSwitchOff();
        ImGui::CloseCurrentPopup();
    } else if (cancel) {
        board.CancelSwitchOff();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

// [SECTION] Entry point

void DrawProactive(ProactiveBoard& board) {
    // F5 reloads, unless a field has the keyboard or the confirmation is open.
    if (!ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) &&
        Pressed(Key::kF5)) {
        board.Refresh();
    }
    const ProactiveOverview* o = board.overview();
    if (!o) {
        ImGui::Spacing();
        if (!board.error().empty()) {
            TextColored(kBad, "The proactive settings could not be loaded: " + board.error());
        } else {
            ImGui::TextDisabled("Loading the proactive settings and decisions...");
        }
        Mark("proactive.loading");
        return;
    }
    if (!board.error().empty()) {
        TextColored(kBad, "Refresh failed (showing the last answer): " + board.error());
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("proactive.layout", 2, flags)) {
        ImGui::TableSetupColumn("Settings", ImGuiTableColumnFlags_WidthStretch, 0.36f);
        ImGui::TableSetupColumn("Log", ImGuiTableColumnFlags_WidthStretch, 0.64f);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::BeginChild("proactive.left", ImVec2(0, 0));
        DrawSettings(board, o->settings);
        ImGui::Separator();
        DrawCounts(*o);
        ImGui::EndChild();
        ImGui::TableNextColumn();
        ImGui::BeginChild("proactive.right", ImVec2(0, 0));
        // The log above (most of the height), the triggers below it.
        const float avail = ImGui::GetContentRegionAvail().y;
        const float triggers = std::max(9 * Em(), avail * 0.36f);
        DrawLog(board, std::max(8 * Em(), avail - triggers - ImGui::GetFrameHeightWithSpacing() -
                                              ImGui::GetStyle().ItemSpacing.y * 2));
        ImGui::Separator();
        DrawTriggers(*o);
        ImGui::EndChild();
        ImGui::EndTable();
    }
    DrawConfirmOff(board);
}

}  // namespace seam::console::ui
