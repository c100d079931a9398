// shared/src/console/ui/content_view.cpp — the Content view (DrawContent in views.hpp; issue 19):
// no-code editing of what the business publishes, over ContentModel (drafts, problems,
// publishing, history) and DraftTrial (the draft in the simulation, saved tests).
//
//   ┌ files by kind ─┬ the selected file ──────────────┬ Publish | Try it | History ─┐
//   │ Flows          │ path, revision, Save / Discard   │ drafts to publish (ticks)    │
//   │  ● order_status│ its problems (click: the step)   │ note, problems, saved tests  │
//   │ Knowledge (2)  │ the flow editor, or the text     │ Publish (admins) / Save      │
//   │ Replies ...    │ of an article, trigger, reply    │ 409 / 422 banners            │
//   └────────────────┴──────────────────────────────────┴──────────────────────────────┘
//
// What a click does is the models' business; this file keeps only what is on screen (the
// selected file, the text being typed, ticks, the rollback dialog's note).
//
// Index of this file
// [SECTION] UI state and helpers
// [SECTION] Left: the files
// [SECTION] Centre: the selected file
// [SECTION] Right: Publish
// [SECTION] Right: Try it
// [SECTION] Right: History
// [SECTION] DrawContent
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "seam/console/console.hpp"
#include "seam/console/content.hpp"
#include "seam/console/draft_trial.hpp"
#include "seam/console/flow_editor.hpp"
#include "seam/console/ui/app.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"
#include "seam/content/check.hpp"
#include "seam/content/files.hpp"

namespace seam::console::ui {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] UI state and helpers
//-----------------------------------------------------------------------------

namespace {

const ImVec4 kRed(0.95f, 0.42f, 0.40f, 1.0f);
const ImVec4 kGreen(0.45f, 0.85f, 0.45f, 1.0f);
const ImVec4 kAmber(0.95f, 0.75f, 0.25f, 1.0f);
const ImVec4 kBlue(0.45f, 0.70f, 0.95f, 1.0f);

// What the view keeps between frames that is not the models' (the UI runs on one thread).
struct ContentUi {
    std::string selected;  // the file shown in the centre
    std::string step;      // the step a clicked problem points at ("" = none)
    // The plain text editor: the text being typed, for `edit_path` as of `edit_generation`.
    std::string edit_path, edit_text;
    std::uint64_t edit_generation = 0;
    std::map<std::string, bool> unticked;  // drafts left out of the next publish
    std::string note;
    std::string new_path;
    std::string new_error;
    int centre_tab = 0;  // a tab to bring forward next frame: 1 File (a problem was clicked)
    bool history_loaded = false;
    int shown_release = 0;
    std::string rollback_note;
    std::string test_name = "my_test", test_description;
    int generation = -1;  // the session generation this state belongs to
    // The flow editor (flow_editor_view.cpp) of the selected flow: the view owns it and keeps it
    // in step with the content model (Open on selection and when the text changed underneath;
    // SetDraft when its revision moves).
    FlowEditor flow_editor;
    std::uint64_t flow_revision = 0, flow_generation = 0;
    std::string flow_error;     // why the flow could not be opened in it (not a JSON object)
    bool flow_as_text = false;  // the operator chose to edit the flow's JSON as text
    // Groups opened for the operator: one with a draft (once), the selected file's (on a pick).
    std::set<content::Kind> opened_for_drafts;
    bool open_selected_group = false;
};

ContentUi& Ui() {
    static ContentUi ui;
    return ui;
}

const char* GroupTitle(content::Kind kind) {
    switch (kind) {
        case content::Kind::kFlow:
            return "Flows";
        case content::Kind::kFlowTest:
            return "Flow tests";
        case content::Kind::kArticle:
            return "Knowledge";
        case content::Kind::kReply:
            return "Replies";
        case content::Kind::kTrigger:
            return "Triggers";
    }
    return "Other";
}

//! "agent:lee" -> "lee"; other authors ("assets") as they are.
std::string Who(const std::string& author) {
    return author.rfind("agent:", 0) == 0 ? author.substr(6) : author;
}

std::string FileName(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Str(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int Int(const json& j, const char* key) {
    if (!j.is_object()) return 0;
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

void Wrapped(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

//! A wrapped line that can be clicked (a problem: it leads to its file and step), highlighted
//! under the mouse like a Selectable, whose text would not wrap. The item is the click area.
bool ClickableWrapped(const ImVec4& colour, const std::string& text, const std::string& id) {
    const ImVec2 start = ImGui::GetCursorScreenPos();
    Wrapped(colour, text);
    const ImVec2 end = ImGui::GetItemRectMax();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, end.y - start.y);
    ImGui::SetCursorScreenPos(start);
    const bool clicked =
        ImGui::InvisibleButton(id.c_str(), ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
    if (ImGui::IsItemHovered()) {
        ImGui::GetWindowDrawList()->AddRectFilled(start, ImVec2(start.x + size.x, start.y + size.y),
                                                  ImGui::GetColorU32(ImGuiCol_HeaderHovered));
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    return clicked;
}

//! A skeleton for a new file of `kind`, so the checker has something to say about.
std::string Skeleton(const std::string& path, content::Kind kind) {
    std::string name = FileName(path);
    name = name.substr(0, name.find('.'));
    switch (kind) {
        case content::Kind::kFlow:
            return "{\n  \"flow\": \"" + name +
                   "\",\n  \"version\": 1,\n  \"intents\": [],\n  \"slots\": {},\n"
                   "  \"start\": \"hello\",\n  \"steps\": [\n    {\"id\": \"hello\", \"kind\": "
                   "\"end\", \"outcome\": \"resolved\",\n     \"say\": {\"en\": \"Hello!\", "
                   "\"es\": \"¡Hola!\"}}\n  ]\n}\n";
        case content::Kind::kReply:
            return "{\n  \"id\": \"" + name +
                   "\",\n  \"title\": {\"en\": \"\", \"es\": \"\"},\n  \"text\": {\"en\": \"\", "
                   "\"es\": \"\"},\n  \"tags\": []\n}\n";
        default:
            return "";
    }
}

//! Selects `path` in the centre (and its flow in the simulation).
void Select(Console& console, const std::string& path, const std::string& step = "") {
    ContentUi& ui = Ui();
    ui.selected = path;
    ui.step = step;
    ui.centre_tab = 1;
    ui.open_selected_group = true;
    content::Kind kind;
    if (content::KindOf(path, kind) && kind == content::Kind::kFlow) {
        const std::string id = FileName(path).substr(0, FileName(path).size() - 5);
        console.inspector().SelectFlow(id);
        if (!step.empty()) console.inspector().SelectStep(step);
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Left: the files
//-----------------------------------------------------------------------------

void DrawFiles(Console& console) {
    ContentModel& content = console.content();
    ContentUi& ui = Ui();
    // Every path there is: published, drafted (new files) and removed, by kind.
    std::map<content::Kind, std::vector<std::string>> groups;
    std::set<std::string> paths;
    for (const auto& [path, text] : content.published())
        paths.insert(path);
    for (const std::string& path : content.DraftPaths())
        paths.insert(path);
    for (const std::string& path : paths) {
        content::Kind kind;
        if (content::KindOf(path, kind)) groups[kind].push_back(path);
    }
    std::map<std::string, int> problems;
    for (const flow::Diagnostic& d : content.problems())
        ++problems[d.file];

    for (content::Kind kind :
         {content::Kind::kFlow, content::Kind::kFlowTest, content::Kind::kArticle,
          content::Kind::kReply, content::Kind::kTrigger}) {
        const std::vector<std::string>& list = groups[kind];
        int drafts = 0;
        for (const std::string& p : list)
            drafts += content.has_draft(p) ? 1 : 0;
        const std::string header = std::string(GroupTitle(kind)) + " (" +
                                   std::to_string(list.size()) + ")" +
                                   (drafts ? "  " + std::to_string(drafts) + " drafted" : "") +
                                   "###group." + content::KindName(kind);
        // A group opens by itself once it holds a draft, and when a file of it is picked
        // elsewhere (a problem, a saved test); the operator closes it again at will.
        if (drafts == 0) ui.opened_for_drafts.erase(kind);
        if (drafts > 0 && ui.opened_for_drafts.insert(kind).second) ImGui::SetNextItemOpen(true);
        content::Kind selected_kind;
        if (ui.open_selected_group && content::KindOf(ui.selected, selected_kind) &&
            selected_kind == kind)
            ImGui::SetNextItemOpen(true);
        const bool open = ImGui::CollapsingHeader(
            header.c_str(), kind == content::Kind::kFlow ? ImGuiTreeNodeFlags_DefaultOpen : 0);
        Mark(std::string("content.group.") + content::KindName(kind));
        if (!open) continue;
        for (const std::string& path : list) {
            const bool draft = content.has_draft(path);
            const bool removed = content.removed(path);
            // Flows and tests read better without their folder; the rest keep theirs.
            std::string label = kind == content::Kind::kFlow ? FileName(path)
                                : kind == content::Kind::kFlowTest
                                    ? path.substr(std::string("flows/tests/").size())
                                    : path.substr(path.find('/') + 1);
            label = (draft ? "\u25CF " : "   ") + label;
            if (removed) label += "  (removed)";
            auto n = problems.find(path);
            if (ImGui::Selectable((label + "##" + path).c_str(), ui.selected == path))
                Select(console, path);
            Mark("content.file." + path);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s%s", path.c_str(),
                                  draft ? "\nhas a draft (not published yet)" : "");
            if (n != problems.end()) {
                ImGui::SameLine();
                ImGui::TextColored(kRed, "%d", n->second);
                Mark("content.file_problems." + path);
            }
        }
    }

    ui.open_selected_group = false;

    ImGui::Spacing();
    ImGui::TextDisabled("New file (path under assets/)");
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.5f);
    ImGui::InputTextWithHint("##new", "flows/my_flow.json", &ui.new_path);
    Mark("content.new_path");
    ImGui::SameLine();
    if (ImGui::Button("Create", ImVec2(-1, 0))) {
        content::Kind kind;
        std::string why;
        if (!content::KindOf(ui.new_path, kind, &why)) {
            ui.new_error = why;
        } else if (content.Text(ui.new_path)) {
            ui.new_error = ui.new_path + " exists already";
        } else {
            content.SetDraft(ui.new_path, Skeleton(ui.new_path, kind));
            Select(console, ui.new_path);
            ui.new_path.clear();
            ui.new_error.clear();
        }
    }
    Mark("content.new");
    if (!ui.new_error.empty()) Wrapped(kRed, ui.new_error);
}

//-----------------------------------------------------------------------------
// [SECTION] Centre: the selected file
//-----------------------------------------------------------------------------

void DrawFileProblems(Console& console, const std::string& path) {
    ContentModel& content = console.content();
    const std::vector<flow::Diagnostic> problems = content.ProblemsOf(path);
    if (problems.empty()) {
        if (content.has_draft(path) && !content.removed(path)) {
            ImGui::TextColored(kGreen, "\u2713 The checker accepts this draft.");
            Mark("content.accepted");
        }
        return;
    }
    const std::string* text = content.Text(path);
    ImGui::TextColored(kRed, "%zu problem%s in this file", problems.size(),
                       problems.size() == 1 ? "" : "s");
    Mark("content.file_problems");
    for (std::size_t i = 0; i < problems.size(); ++i) {
        const flow::Diagnostic& d = problems[i];
        const std::string step = text ? content::StepOfPointer(*text, d.pointer) : std::string();
        const std::string line =
            (step.empty() ? d.pointer : "step " + step) + ": " + d.message + "  [" + d.id + "]";
        if (ClickableWrapped(kRed, line, "##fp" + std::to_string(i))) Select(console, path, step);
        Mark("content.file_problem." + (step.empty() ? std::to_string(i) : step));
    }
}

void DrawTextEditor(ContentModel& content, const std::string& path) {
    ContentUi& ui = Ui();
    const std::string* text = content.Text(path);
    if (!text) return;
    // The model's text replaces what is shown when another file is picked or the text changed
    // underneath (a reload, a discarded draft, a saved test). What is typed here reaches the
    // model at once (SetDraft), so it never differs from it for long.
    if (ui.edit_path != path ||
        (ui.edit_generation != content.draft_generation() && ui.edit_text != *text)) {
        ui.edit_path = path;
        ui.edit_text = *text;
    }
    ui.edit_generation = content.draft_generation();
    if (ImGui::InputTextMultiline("##text", &ui.edit_text, ImGui::GetContentRegionAvail(),
                                  ImGuiInputTextFlags_AllowTabInput))
        content.SetDraft(path, ui.edit_text);
    Mark("content.text");
}

void DrawFlow(Console& console, const std::string& path) {
    ContentModel& content = console.content();
    ContentUi& ui = Ui();
    FlowEditor& editor = ui.flow_editor;
    const std::string* text = content.Text(path);
    if (!text) return;
    ImGui::Checkbox("Edit as JSON text", &ui.flow_as_text);
    Mark("content.flow.as_text");
    if (ui.flow_as_text) {
        DrawTextEditor(content, path);
        return;
    }
    // (Re)opened on another file, or when its text changed underneath (a reload, a discarded
    // draft, their version after a 409, an edit as text): the undo history goes with it. What
    // the editor itself wrote comes back equal and changes nothing.
    const bool other = !editor.is_open() || editor.path() != path;
    const bool changed = ui.flow_generation != content.draft_generation() && *text != editor.Text();
    if (other || changed) {
        ui.flow_generation = content.draft_generation();
        if (editor.Open(path, *text, content.actions_json())) {
            ui.flow_error.clear();
        } else {
            ui.flow_error = editor.error();
        }
        ui.flow_revision = editor.revision();
    }
    ui.flow_generation = content.draft_generation();
    if (!ui.flow_error.empty() || !editor.is_open() || editor.path() != path) {
        Wrapped(kAmber, "The graph editor cannot open this text (" + ui.flow_error +
                            "): edit it as JSON text.");
        DrawTextEditor(content, path);
        return;
    }
    if (!ui.step.empty()) {  // a clicked problem selects its step
        editor.Select(ui.step);
        ui.step.clear();
    }
    DrawFlowEditor(console, editor);
    if (editor.revision() != ui.flow_revision) {
        ui.flow_revision = editor.revision();
        content.SetDraft(path, editor.Text());
        ui.flow_generation = content.draft_generation();
    }
}

void DrawSelected(Console& console) {
    ContentModel& content = console.content();
    ContentUi& ui = Ui();
    const std::string& path = ui.selected;
    if (path.empty()) {
        ImGui::TextDisabled("Pick a file on the left, or create one.");
        ImGui::Spacing();
        ImGui::TextWrapped(
            "Edits stay drafts until an admin publishes them. The checker (the same as `seam "
            "check`) runs on every change; the saved conversation tests of a changed flow run "
            "before Publish is offered.");
        return;
    }
    content::Kind kind = content::Kind::kFlow;
    content::KindOf(path, kind);
    PushHeadingFont();
    ImGui::TextUnformatted(path.c_str());
    PopHeadingFont();
    auto item = content.items().find(path);
    if (item != content.items().end())
        ImGui::TextDisabled("published: revision %d by %s, %s", item->second.revision,
                            Who(item->second.author).c_str(), item->second.at.c_str());
    else
        ImGui::TextDisabled("a new file (not published yet)");

    const bool draft = content.has_draft(path);
    if (draft) {
        ImGui::TextColored(kAmber,
                           content.removed(path) ? "\u25CF Removed in your draft"
                                                 : "\u25CF Draft (on revision %d)",
                           content.base_revision(path));
        ImGui::SameLine();
    }
    ImGui::BeginDisabled(!draft);
    if (ImGui::SmallButton("Save draft")) content.SaveDraft(path);
    Mark("content.save_draft");
    ImGui::SameLine();
    if (ImGui::SmallButton("Discard draft")) content.DiscardDraft(path);
    Mark("content.discard");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(content.removed(path));
    if (ImGui::SmallButton("Remove file")) content.RemoveFile(path);
    Mark("content.remove");
    ImGui::EndDisabled();
    if (!content.notice().empty()) ImGui::TextDisabled("%s", content.notice().c_str());

    // The graph editor shows each problem on its step; the text editor needs the list.
    if (kind != content::Kind::kFlow || ui.flow_as_text)
        DrawFileProblems(console, path);
    else if (content.has_draft(path) && !content.removed(path) &&
             content.ProblemsOf(path).empty()) {
        ImGui::TextColored(kGreen, "\u2713 The checker accepts this draft.");
        Mark("content.accepted");
    }
    ImGui::Separator();
    if (content.removed(path)) {
        ImGui::TextWrapped("Publishing removes this file. Discard the draft to keep it.");
        return;
    }
    ImGui::BeginChild("content.editor", ImVec2(0, 0), false);
    if (kind == content::Kind::kFlow) {
        DrawFlow(console, path);
    } else {
        DrawTextEditor(content, path);
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] Right: Publish
//-----------------------------------------------------------------------------

void DrawOutcome(Console& console) {
    ContentModel& content = console.content();
    const PublishOutcome& out = content.last_publish();
    if (!out.done) return;
    ImGui::Spacing();
    if (out.ok) {
        ImGui::TextColored(kGreen, "\u2713 Published as version %d.", out.version);
        Mark("content.published." + std::to_string(out.version));
        return;
    }
    if (out.code == "seam.content.conflict") {
        // Whose change won, in words, and the two ways out.
        const json& c = out.current;
        const std::string path = Str(c, "path");
        const std::string who = Who(Str(c, "author"));
        const std::string banner = (who.empty() ? std::string("Someone") : who) +
                                   "'s change (version " + std::to_string(Int(c, "revision")) +
                                   ", " + Str(c, "at") + ") was published first" +
                                   (path.empty() ? "." : " in " + path + ".");
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.35f, 0.22f, 0.10f, 1.0f));
        ImGui::BeginChild("content.conflict_box", ImVec2(0, ImGui::GetFontSize() * 9.5f), true);
        Wrapped(kAmber, banner);
        Mark("content.conflict");
        if (!Str(c, "note").empty()) ImGui::TextWrapped("Their note: %s", Str(c, "note").c_str());
        if (ImGui::Button("Load theirs (discard my draft)")) {
            if (!path.empty()) content.DiscardDraft(path);
            content.DismissOutcome();
            content.Reload();
        }
        Mark("content.conflict.theirs");
        if (ImGui::Button("Keep mine on top of theirs")) {
            if (!path.empty()) content.Rebase(path, Int(c, "revision"));
            content.DismissOutcome();
            content.Reload();
        }
        Mark("content.conflict.mine");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Your draft stays as it is and replaces their version when you "
                "publish again.\nCompare first: History shows their change.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }
    Wrapped(kRed, "Not published: " + out.message);
    Mark("content.refused");
    for (const json& p : out.problems) {
        const std::string step = Str(p, "step");
        Wrapped(kRed, "- " + Str(p, "file") + (step.empty() ? "" : " step " + step) + ": " +
                          Str(p, "message"));
    }
    for (const json& t : out.tests) {
        if (t.is_object() && t.contains("passed") && t["passed"] == true) continue;
        Wrapped(kRed, "- test " + Str(t, "path") + " failed");
        if (!Str(t, "report").empty()) ImGui::TextDisabled("%s", Str(t, "report").c_str());
    }
}

void DrawPublish(Console& console) {
    ContentModel& content = console.content();
    DraftTrial& trial = console.trial();
    ContentUi& ui = Ui();
    const std::vector<std::string> drafts = content.DraftPaths();

    ImGui::TextDisabled("Drafts to publish");
    if (drafts.empty()) ImGui::TextDisabled("(none: edit a file first)");
    std::vector<std::string> picked;
    for (const std::string& path : drafts) {
        bool on = !ui.unticked[path];
        if (ImGui::Checkbox(((content.removed(path) ? "remove " : "") + path).c_str(), &on))
            ui.unticked[path] = !on;
        Mark("content.pick." + path);
        if (on) picked.push_back(path);
    }

    // The problems of the draft set: each one leads to its file (and step).
    const content::Files set = content.DraftSet();
    const auto& problems = content.problems();
    ImGui::Spacing();
    if (problems.empty()) {
        ImGui::TextColored(kGreen, "\u2713 No problems");
        Mark("content.no_problems");
    } else {
        ImGui::TextColored(kRed, "%zu problem%s", problems.size(), problems.size() == 1 ? "" : "s");
        for (std::size_t i = 0; i < problems.size(); ++i) {
            const flow::Diagnostic& d = problems[i];
            const json j = content::DiagnosticToJson(d, set);
            const std::string step = Str(j, "step");
            const std::string line =
                d.file + (step.empty() ? "" : " step " + step) + ": " + d.message;
            if (ClickableWrapped(kRed, line, "##problem" + std::to_string(i)))
                Select(console, d.file, step);
            Mark("content.problem." + std::to_string(i));
        }
    }

    // The saved tests of the changed flows, as the console ran them.
    ImGui::Spacing();
    if (trial.unavailable()) {
        Wrapped(ImVec4(0.6f, 0.6f, 0.6f, 1),
                "Saved tests: the flows are still loading (seamd runs them anyway).");
    } else if (trial.pending()) {
        ImGui::TextDisabled("Running the saved tests...");
    } else if (trial.runs().empty()) {
        ImGui::TextDisabled("No saved test for the changed flows.");
        Mark("content.tests.none");
    } else {
        const int failed = trial.failed();
        const int passed = static_cast<int>(trial.runs().size()) - failed;
        ImGui::TextColored(failed ? kRed : kGreen, "Saved tests: %d passed, %d failed", passed,
                           failed);
        Mark(failed ? "content.tests.failed" : "content.tests.passed");
        for (const content::TestRun& r : trial.runs()) {
            ImGui::TextColored(r.passed ? kGreen : kRed, "%s %s", r.passed ? "\u2713" : "\u2717",
                               r.path.c_str());
            Mark("content.test." + r.path);
            if (!r.passed && ImGui::IsItemClicked()) Select(console, r.path);
            if (!r.passed && !r.report.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.8f, 0.8f, 1));
                ImGui::TextWrapped("%s", r.report.c_str());
                ImGui::PopStyleColor();
            }
        }
    }

    ImGui::Spacing();
    ImGui::TextDisabled("Note");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##note", "what changed and why", &ui.note);
    Mark("content.note");

    if (!content.can_publish()) {
        // Agents draft; an admin publishes (seamd refuses anyone else anyway).
        ImGui::BeginDisabled(picked.empty());
        if (ImGui::Button("Save draft", ImVec2(-1, 0)))
            for (const std::string& path : picked)
                content.SaveDraft(path);
        Mark("content.save_drafts");
        ImGui::EndDisabled();
        ImGui::TextDisabled("You draft; an admin publishes.");
        Mark("content.agent_note");
        return;
    }
    std::string blocked;
    if (content.publishing())
        blocked = "publishing...";
    else if (drafts.empty())
        blocked = "nothing is drafted";
    else if (picked.empty())
        blocked = "no draft is ticked";
    else if (!problems.empty())
        blocked = "fix the problems first (" + std::to_string(problems.size()) + ")";
    else if (!trial.unavailable() && trial.pending())
        blocked = "the saved tests are running";
    else if (trial.failed() > 0)
        blocked = "a saved test fails (" + std::to_string(trial.failed()) + ")";
    ImGui::BeginDisabled(!blocked.empty());
    if (ImGui::Button(content.publishing() ? "Publishing..." : "Publish", ImVec2(-1, 0)))
        content.Publish(picked, ui.note);
    ImGui::EndDisabled();
    Mark("content.publish");
    if (!blocked.empty()) {
        ImGui::TextColored(kAmber, "Publish is off: %s", blocked.c_str());
        Mark("content.publish.blocked");
    } else {
        ImGui::TextDisabled("Publishes %zu file%s as version %d.", picked.size(),
                            picked.size() == 1 ? "" : "s", content.version() + 1);
    }
    DrawOutcome(console);
}

//-----------------------------------------------------------------------------
// [SECTION] Right: Try it
//-----------------------------------------------------------------------------

void DrawTry(Console& console) {
    DraftTrial& trial = console.trial();
    Inspector& inspector = console.inspector();
    ContentUi& ui = Ui();
    if (!inspector.loaded()) {
        ImGui::TextDisabled("%s", inspector.status().c_str());
        return;
    }
    if (!trial.trying_current()) {
        const bool stale = !inspector.flows_source().empty();
        if (stale) {
            ImGui::TextColored(kAmber, "The draft changed since this run started.");
            Mark("content.sim.stale");
        } else {
            ImGui::TextWrapped(
                "Run the draft's flows in the simulation, with a demo customer "
                "and the action outcomes you pick.");
        }
        if (ImGui::Button(stale ? "Restart on the current draft" : "Run the draft", ImVec2(-1, 0)))
            trial.TryDraft();
        Mark("content.sim.try");
        if (!stale) return;
    } else {
        ImGui::TextColored(kGreen, "Simulating the draft (%zu flows)", inspector.flows().size());
        Mark("content.sim.running");
        ImGui::SameLine();
        if (ImGui::SmallButton("Stop")) trial.StopTrying();
    }
    ImGui::TextDisabled("Flow: %s", inspector.selected_flow().empty()
                                        ? "(pick one on the left)"
                                        : inspector.selected_flow().c_str());

    // Save the run first in the tab (the simulation below is long).
    if (ImGui::CollapsingHeader("Save this run as a test###content.sim.save_header",
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##test_name", "name: a-z, 0-9, _ and -", &ui.test_name);
        Mark("content.sim.test_name");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##test_description", "what it checks, as a sentence",
                                 &ui.test_description);
        Mark("content.sim.test_description");
        ImGui::BeginDisabled(!inspector.simulating());
        if (ImGui::Button("Save as test", ImVec2(-1, 0)))
            if (trial.SaveRun(ui.test_name, ui.test_description))
                Select(console, trial.saved_path());
        ImGui::EndDisabled();
        Mark("content.sim.save_test");
        if (!trial.message().empty()) {
            Wrapped(trial.saved_path().empty() ? kRed : kGreen, trial.message());
            Mark("content.sim.message");
        }
    }
    DrawSimulation(inspector, "content.sim");
}

//-----------------------------------------------------------------------------
// [SECTION] Right: History
//-----------------------------------------------------------------------------

void DrawDiff(const std::string& diff) {
    std::size_t pos = 0;
    while (pos < diff.size()) {
        std::size_t end = diff.find('\n', pos);
        if (end == std::string::npos) end = diff.size();
        const std::string line = diff.substr(pos, end - pos);
        pos = end + 1;
        ImVec4 colour(0.8f, 0.8f, 0.8f, 1);
        if (line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0)
            colour = ImVec4(0.6f, 0.6f, 0.6f, 1);
        else if (!line.empty() && line[0] == '+')
            colour = kGreen;
        else if (!line.empty() && line[0] == '-')
            colour = kRed;
        else if (line.rfind("@@", 0) == 0)
            colour = kBlue;
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopStyleColor();
    }
}

void DrawRollbackDialog(Console& console, int version) {
    ContentModel& content = console.content();
    ContentUi& ui = Ui();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 26, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Roll back###content.rollback_dialog", nullptr,
                                ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::TextWrapped(
        "Publish a new version (%d) with the files of version %d? Conversations "
        "in flight finish on the version they started with.",
        content.version() + 1, version);
    ImGui::TextDisabled("Note");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##rollback_note", "why", &ui.rollback_note);
    Mark("content.rollback.note");
    if (ImGui::Button("Roll back")) {
        content.Rollback(version, ui.rollback_note);
        ui.rollback_note.clear();
        ImGui::CloseCurrentPopup();
    }
    Mark("content.rollback.confirm");
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    Mark("content.rollback.cancel");
    ImGui::EndPopup();
}

void DrawHistory(Console& console) {
    ContentModel& content = console.content();
    ContentUi& ui = Ui();
    const float fs = ImGui::GetFontSize();
    if (!ui.history_loaded) {
        content.LoadHistory();
        ui.history_loaded = true;
    }
    if (ImGui::SmallButton("Refresh")) content.LoadHistory();
    Mark("content.history.refresh");
    ImGui::SameLine();
    ImGui::TextDisabled("current: version %d", content.version());
    if (content.history().empty()) ImGui::TextDisabled("(no history yet)");
    const float list_h = std::min(fs * 12.0f, ImGui::GetContentRegionAvail().y * 0.4f);
    ImGui::BeginChild("content.history", ImVec2(0, list_h), true);
    for (const Release& r : content.history()) {
        std::string label = "v" + std::to_string(r.version) + "  " + r.action +
                            (r.rolled_back_to ? " to v" + std::to_string(r.rolled_back_to) : "") +
                            "  " + Who(r.author) + "  " + r.at;
        if (!r.note.empty()) label += "\n    " + r.note;
        if (ImGui::Selectable((label + "##release" + std::to_string(r.version)).c_str(),
                              ui.shown_release == r.version)) {
            ui.shown_release = r.version;
            content.LoadRelease(r.version);
        }
        Mark("content.history." + std::to_string(r.version));
    }
    ImGui::EndChild();

    const json& detail = content.release_detail();
    if (!detail.is_object() || Int(detail, "version") == 0) return;
    const int version = Int(detail, "version");
    if (detail.contains("loading")) {
        ImGui::TextDisabled("loading version %d...", version);
        return;
    }
    if (!Str(detail, "error").empty()) {
        Wrapped(kRed, Str(detail, "error"));
        return;
    }
    ImGui::Text("Version %d by %s", version, Who(Str(detail, "author")).c_str());
    if (!Str(detail, "note").empty()) ImGui::TextWrapped("%s", Str(detail, "note").c_str());
    if (content.can_publish() && version != content.version()) {
        if (ImGui::Button("Roll back to this version"))
            ImGui::OpenPopup("###content.rollback_dialog");
        Mark("content.rollback");
    }
    DrawRollbackDialog(console, version);
    ImGui::BeginChild("content.diff", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    if (detail.contains("changes") && detail["changes"].is_array()) {
        for (const json& c : detail["changes"]) {
            ImGui::TextColored(kAmber, "%s  (%s)", Str(c, "path").c_str(),
                               Str(c, "change").c_str());
            DrawDiff(Str(c, "diff"));
            ImGui::Spacing();
        }
    }
    ImGui::EndChild();
    Mark("content.diff");
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] DrawContent
//-----------------------------------------------------------------------------

void DrawContent(Console& console) {
    ContentModel& content = console.content();
    ContentUi& ui = Ui();
    const float fs = ImGui::GetFontSize();
    if (ui.generation != console.session().generation()) {
        ui = ContentUi{};  // another login: nothing of the last agent's screen stays
        ui.generation = console.session().generation();
    }

    // One line: where the content stands.
    if (!content.loaded()) {
        ImGui::TextUnformatted(content.loading() ? "Loading the published content..."
                                                 : content.error().c_str());
        Mark("content.status");
        if (!content.loading() && ImGui::SmallButton("Reload")) content.Reload();
        return;
    }
    const std::size_t drafts = content.DraftPaths().size();
    ImGui::Text("Published version %d  ·  %zu draft%s  ·  %zu problem%s", content.version(), drafts,
                drafts == 1 ? "" : "s", content.problems().size(),
                content.problems().size() == 1 ? "" : "s");
    Mark("content.status");
    ImGui::SameLine();
    if (ImGui::SmallButton("Reload")) content.Reload();
    Mark("content.reload");
    if (!content.error().empty()) {
        ImGui::SameLine();
        ImGui::TextColored(kRed, "%s", content.error().c_str());
    }

    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("content.columns", 3, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupColumn("files", ImGuiTableColumnFlags_WidthFixed, fs * 15.0f);
    ImGui::TableSetupColumn("file", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("publish", ImGuiTableColumnFlags_WidthFixed, fs * 23.0f);
    ImGui::TableNextRow();

    ImGui::TableSetColumnIndex(0);
    ImGui::BeginChild("content.left", ImVec2(0, 0), false);
    DrawFiles(console);
    ImGui::EndChild();

    ImGui::TableSetColumnIndex(1);
    // The selected file's editor, and the knowledge and replies editors (branch kb-replies).
    if (ImGui::BeginTabBar("content.centre_tabs")) {
        struct Tab {
            const char* label;
            const char* mark;
            void (*draw)(Console&);
        };
        static const Tab kTabs[] = {{"File", "content.tab.file", DrawSelected},
                                    {"Knowledge", "content.tab.knowledge", DrawKnowledgeTab},
                                    {"Replies", "content.tab.replies", DrawRepliesTab}};
        for (const Tab& tab : kTabs) {
            const ImGuiTabItemFlags select =
                ui.centre_tab == &tab - kTabs + 1 ? ImGuiTabItemFlags_SetSelected : 0;
            const bool open = ImGui::BeginTabItem(tab.label, nullptr, select);
            Mark(tab.mark);
            if (!open) continue;
            ImGui::BeginChild(tab.mark, ImVec2(0, 0), false);
            tab.draw(console);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ui.centre_tab = 0;
        ImGui::EndTabBar();
    }

    ImGui::TableSetColumnIndex(2);
    ImGui::BeginChild("content.right", ImVec2(0, 0), false);
    if (ImGui::BeginTabBar("content.tabs")) {
        struct Tab {
            const char* label;
            const char* mark;
            void (*draw)(Console&);
        };
        static const Tab kTabs[] = {{"Publish", "content.tab.publish", DrawPublish},
                                    {"Try it", "content.tab.try", DrawTry},
                                    {"History", "content.tab.history", DrawHistory}};
        for (const Tab& tab : kTabs) {
            const bool open = ImGui::BeginTabItem(tab.label);
            Mark(tab.mark);
            if (!open) continue;
            ImGui::BeginChild(tab.mark, ImVec2(0, 0), false);
            tab.draw(console);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();

    ImGui::EndTable();
}

}  // namespace seam::console::ui
