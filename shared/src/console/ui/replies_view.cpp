// shared/src/console/ui/replies_view.cpp — the Content view's Replies tab drawn with Dear ImGui
// over RepliesEditor (see views.hpp): a picker of the saved replies, the selected one's title and
// words in English and Spanish side by side, each with a preview rendered for a sample case and
// the placeholders it leaves unfilled. Parsing, rendering and writing the file
// are the model's (seam/console/replies.hpp).
//
// Index of this file
//   [SECTION] Helpers
//   [SECTION] Reply picker
//   [SECTION] Reply editor
//   [SECTION] Entry point  DrawRepliesTab
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cfloat>
#include <string>

#include "seam/console/console.hpp"
#include "seam/console/replies.hpp"
#include "seam/console/ui/app.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

const ImVec4 kGood(0.45f, 0.80f, 0.45f, 1.0f);
const ImVec4 kWarn(0.95f, 0.75f, 0.20f, 1.0f);
const ImVec4 kBad(0.95f, 0.38f, 0.32f, 1.0f);

const char* const kLanguageNames[] = {"English", "Español"};

float Em() {
    return ImGui::GetFontSize();
}

void Tip(const std::string& text) {
    if (!text.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(Em() * 30.0f);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void Wrapped(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

std::string Joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : separator) + s;
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Reply picker
//-----------------------------------------------------------------------------

std::string EntryLabel(const ReplyEntry& e) {
    std::string label = e.title.empty() ? e.id : e.title + "  (" + e.id + ")";
    if (e.removed) label += "  [removed on publish]";
    if (e.missing_translation) label += "  [translation missing]";
    if (e.draft && !e.removed) label += "  [draft]";
    if (e.problems) label += "  [problems]";
    return label;
}

//! The reply picker (what each reply lacks said in its entry), and a new reply.
void DrawReplyPicker(RepliesEditor& editor) {
    const std::vector<ReplyEntry> entries = editor.Entries();
    std::string current = "Pick a saved reply";
    for (const ReplyEntry& e : entries)
        if (e.id == editor.selected()) current = EntryLabel(e);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Reply");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - Em() * 15.0f);
    if (ImGui::BeginCombo("##reply", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const ReplyEntry& e : entries) {
            ImGui::PushID(e.id.c_str());
            const bool flagged = e.missing_translation || e.problems;
            if (flagged) ImGui::PushStyleColor(ImGuiCol_Text, e.problems ? kBad : kWarn);
            if (ImGui::Selectable(EntryLabel(e).c_str(), e.id == editor.selected()))
                editor.Select(e.id);
            if (flagged) ImGui::PopStyleColor();
            Mark("replies.item." + e.id);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    Mark("replies.picker");
    ImGui::SameLine();
    static std::string new_id;
    static std::string new_error;
    ImGui::SetNextItemWidth(Em() * 10.0f);
    ImGui::InputTextWithHint("##new", "new_reply_id", &new_id);
    Mark("replies.new.id");
    ImGui::SameLine();
    if (ImGui::Button("New")) {
        if (editor.Add(new_id, &new_error)) {
            new_id.clear();
            new_error.clear();
        }
    }
    Mark("replies.add");
    Tip("A new saved reply (a draft until published)");
    if (!new_error.empty()) Wrapped(kBad, new_error);
}

//-----------------------------------------------------------------------------
// [SECTION] Reply editor
//-----------------------------------------------------------------------------

void DrawReplyEditor(RepliesEditor& editor) {
    if (editor.selected().empty()) {
        ImGui::TextDisabled("Pick a saved reply above, or start a new one.");
        return;
    }
    ImGui::TextDisabled("replies/%s.json", editor.selected().c_str());
    ImGui::SameLine();
    if (ImGui::Button("Save draft")) editor.SaveDraft();
    Mark("replies.save");
    Tip("Stores the draft on seamd; agents see the reply in the desk once an admin publishes it");
    ImGui::SameLine();
    if (ImGui::Button("Discard changes")) editor.DiscardDraft();
    Mark("replies.discard");
    ImGui::SameLine();
    if (ImGui::Button("Remove")) editor.Remove();
    Mark("replies.remove");
    Tip("Removes the reply when the drafts are published (Discard changes undoes it)");

    for (const std::string& p : editor.Problems())
        Wrapped(kBad, p);
    const content::Reply* reply = editor.reply();
    if (!reply) {
        ImGui::TextDisabled("The file is not a JSON object; discard the draft to start again.");
        ImGui::BeginChild("raw", ImVec2(0, 0), true);
        ImGui::TextUnformatted(editor.raw_text().c_str());
        ImGui::EndChild();
        return;
    }
    ImGui::TextDisabled("Tags");
    ImGui::SameLine(Em() * 4);
    std::string tags = Joined(reply->tags, ", ");
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputTextWithHint("##tags", "returns, labels", &tags)) editor.SetTags(tags);
    Mark("replies.tags");
    Wrapped(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
            "Placeholders: {{customer.first_name}} {{customer.last_name}} {{customer.email}} "
            "{{slot.<name>}} {{case.id}} {{agent.name}}");

    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("replies.editor", 2, flags)) return;
    ImGui::TableSetupColumn(kLanguageNames[0]);
    ImGui::TableSetupColumn(kLanguageNames[1]);
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    for (int l = 0; l < 2; ++l) {
        ImGui::TableNextColumn();
        const std::string code = content::kLocales[l];
        ImGui::PushID(l);
        auto title_it = reply->title.find(code);
        auto text_it = reply->text.find(code);
        std::string title = title_it == reply->title.end() ? "" : title_it->second;
        std::string text = text_it == reply->text.end() ? "" : text_it->second;
        if (title.empty() || text.empty()) {
            ImGui::TextColored(kWarn, "Missing translation: write the %s words.",
                               kLanguageNames[l]);
        }
        ImGui::TextDisabled("Title");
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ImGui::InputText("##title", &title)) editor.SetTitle(code, title);
        Mark("replies.title." + code);
        ImGui::TextDisabled("Words");
        if (ImGui::InputTextMultiline("##text", &text,
                                      ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 8))) {
            editor.SetText(code, text);
        }
        Mark("replies.text." + code);
        ImGui::Spacing();
        Wrapped(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
                "As an agent sees it (a sample case: Ana Lima, LW-104233):");
        const content::RenderedReply preview = editor.Preview(code);
        ImGui::BeginGroup();
        Wrapped(ImGui::GetStyleColorVec4(ImGuiCol_Text), preview.text);
        if (!preview.missing.empty()) {
            Wrapped(kWarn, "No value in the sample case for: " + Joined(preview.missing, ", "));
        }
        ImGui::EndGroup();
        Mark("replies.preview." + code);
        ImGui::PopID();
    }
    ImGui::EndTable();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

void DrawRepliesTab(Console& console) {
    RepliesEditor& editor = console.replies();
    if (!console.content().loaded()) {
        ImGui::TextDisabled("%s", console.content().loading() ? "Loading the published content…"
                                                              : console.content().error().c_str());
        return;
    }
    DrawReplyPicker(editor);
    ImGui::Separator();
    ImGui::BeginChild("replies.editor.pane");
    DrawReplyEditor(editor);
    ImGui::EndChild();
}

}  // namespace seam::console::ui
