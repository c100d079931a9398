// shared/src/console/ui/knowledge_view.cpp — the Content view's Knowledge tab drawn with Dear
// ImGui over KnowledgeEditor (see views.hpp): an article picker (a missing translation flagged),
// the selected article in English and Spanish side by side (title, intro, the questions it
// answers, each with its answer), and below it the preview (which recent customer questions it
// would now answer, stop answering, keep answering). What an edit does to the Markdown, and
// what the preview decides, are the model's (seam/console/knowledge_editor.hpp); this file only
// places them.
//
// ImGui 1.86 cannot wrap the text of a multi-line input, and an answer is one long paragraph: an
// answer is shown wrapped, and becomes an input box while it is edited (click it, or "Edit").
//
// Index of this file
//   [SECTION] Helpers
//   [SECTION] Article picker
//   [SECTION] Editor       title, intro, questions side by side
//   [SECTION] Preview
//   [SECTION] Entry point  DrawKnowledgeTab
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cfloat>
#include <string>

#include "seam/console/console.hpp"
#include "seam/console/knowledge_editor.hpp"
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

//! Which answer box is open for editing ("" = none): "<slug>/<lang>/<i>", "<slug>/<lang>/intro".
//! UI-only state (the UI runs on one thread).
std::string& Editing() {
    static std::string editing;
    return editing;
}

//! The box that had the keyboard given to it when it opened ("" = none).
std::string& Opened() {
    static std::string opened;
    return opened;
}

//! Long text shown wrapped; click it (or its Edit button) and it becomes an input box until
//! "Done". Returns true (and the new text in `value`) when it changed this frame.
bool EditableText(const std::string& key, const std::string& mark, std::string& value,
                  const char* empty_hint) {
    bool changed = false;
    ImGui::PushID(key.c_str());
    if (Editing() == key) {
        const float lines = 7.0f;
        // Just opened: in view, and the keyboard goes to it (the agent types at once).
        if (Opened() != key) {
            Opened() = key;
            ImGui::SetScrollHereY(0.3f);
            ImGui::SetKeyboardFocusHere();
        }
        changed = ImGui::InputTextMultiline("##edit", &value,
                                            ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * lines));
        Mark(mark);
        if (ImGui::SmallButton("Done")) Editing().clear();
        Mark(mark + ".done");
        ImGui::SameLine();
        ImGui::TextDisabled("One paragraph per line; a blank line between paragraphs.");
    } else {
        if (Opened() == key) Opened().clear();
        const ImVec2 start = ImGui::GetCursorScreenPos();
        ImGui::BeginGroup();
        if (value.empty()) {
            ImGui::TextColored(kWarn, "%s", empty_hint);
        } else {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(value.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::EndGroup();
        const bool clicked = ImGui::IsItemClicked();
        if (ImGui::IsItemHovered()) {
            ImGui::GetWindowDrawList()->AddRect(
                ImVec2(start.x - 2, start.y - 2),
                ImVec2(ImGui::GetItemRectMax().x + 2, ImGui::GetItemRectMax().y + 2),
                ImGui::GetColorU32(ImGuiCol_FrameBgHovered));
        }
        Mark(mark);
        if (ImGui::SmallButton("Edit") || clicked) Editing() = key;
        Mark(mark + ".edit");
    }
    ImGui::PopID();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Article picker
//-----------------------------------------------------------------------------

//! "Returns and refunds (returns-policy)  es missing  draft  problems".
std::string EntryLabel(const ArticleEntry& a) {
    std::string label = a.title.empty() ? a.slug : a.title + "  (" + a.slug + ")";
    if (a.missing_translation()) label += a.has[0] ? "  [es missing]" : "  [en missing]";
    if (a.draft) label += "  [draft]";
    if (a.problems) label += "  [problems]";
    return label;
}

//! The article picker (the content view's file list is beside it; this one says what each
//! article lacks), and a new article.
void DrawArticlePicker(KnowledgeEditor& editor) {
    const std::vector<ArticleEntry> articles = editor.Articles();
    std::string current = "Pick an article";
    for (const ArticleEntry& a : articles)
        if (a.slug == editor.selected()) current = EntryLabel(a);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Article");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - Em() * 15.0f);
    if (ImGui::BeginCombo("##article", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const ArticleEntry& a : articles) {
            ImGui::PushID(a.slug.c_str());
            const bool flagged = a.missing_translation() || a.problems;
            if (flagged) ImGui::PushStyleColor(ImGuiCol_Text, a.problems ? kBad : kWarn);
            if (ImGui::Selectable(EntryLabel(a).c_str(), a.slug == editor.selected())) {
                editor.Select(a.slug);
                Editing().clear();
            }
            if (flagged) ImGui::PopStyleColor();
            Mark("kb.article." + a.slug);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    Mark("kb.article");
    ImGui::SameLine();
    static std::string new_slug;
    static std::string new_error;
    ImGui::SetNextItemWidth(Em() * 10.0f);
    ImGui::InputTextWithHint("##new", "new-article-id", &new_slug);
    Mark("kb.new.id");
    ImGui::SameLine();
    if (ImGui::Button("New")) {
        if (editor.NewArticle(new_slug, &new_error)) {
            new_slug.clear();
            new_error.clear();
            Editing().clear();
        }
    }
    Mark("kb.new");
    Tip("A new article in English and Spanish (drafts until published)");
    if (!new_error.empty()) Wrapped(kBad, new_error);
}

//-----------------------------------------------------------------------------
// [SECTION] Editor
//-----------------------------------------------------------------------------

void DrawProblems(const KnowledgeEditor& editor, int lang) {
    for (const std::string& p : editor.Problems(lang))
        Wrapped(kBad, p);
}

void DrawLanguageHeader(KnowledgeEditor& editor, int lang) {
    const char* code = kArticleLanguages[lang];
    ImGui::TextDisabled("%s (kb/%s/%s.md)", kLanguageNames[lang], code, editor.selected().c_str());
    if (editor.doc(lang)) return;
    ImGui::TextColored(kWarn, "Missing translation: no %s version.", kLanguageNames[lang]);
    const std::string label = std::string("Write the ") + kLanguageNames[lang] + " version";
    if (ImGui::SmallButton(label.c_str())) editor.CreateTranslation(lang);
    Mark(std::string("kb.translate.") + code);
    Tip("Starts it with as many questions as the other language, to fill in side by side");
}

void DrawEditor(KnowledgeEditor& editor) {
    if (editor.selected().empty()) {
        ImGui::TextDisabled("Pick an article above, or start a new one.");
        return;
    }
    const std::string& slug = editor.selected();
    if (ImGui::Button("Save draft")) editor.SaveDrafts();
    Mark("kb.save");
    Tip("Stores the draft on seamd, where colleagues see it; an admin publishes it");
    ImGui::SameLine();
    if (ImGui::Button("Discard changes")) {
        editor.DiscardDrafts();
        Editing().clear();
    }
    Mark("kb.discard");
    ImGui::SameLine();
    // A question added at the end is scrolled into view (UI-only state, one thread).
    static std::size_t scroll_to = static_cast<std::size_t>(-1);
    if (ImGui::Button("Add a question")) {
        editor.AddQuestion();
        scroll_to = editor.question_count() - 1;
    }
    Mark("kb.question.add");
    Tip("A new '## ' section at the end, in every language the article has");
    if (editor.has_draft()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(kGood, "draft");
        Mark("kb.state.draft");
        Tip("Changed here and not published yet");
    }

    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("kb.editor", 2, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(kLanguageNames[0]);
    ImGui::TableSetupColumn(kLanguageNames[1]);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int l = 0; l < 2; ++l) {
        ImGui::TableNextColumn();
        ImGui::PushID(l);
        DrawLanguageHeader(editor, l);
        ImGui::PopID();
    }
    // Title, intro, problems.
    ImGui::TableNextRow();
    for (int l = 0; l < 2; ++l) {
        ImGui::TableNextColumn();
        const ArticleDoc* doc = editor.doc(l);
        if (!doc) continue;
        const std::string code = kArticleLanguages[l];
        ImGui::PushID(l);
        DrawProblems(editor, l);
        if (!doc->structured()) {
            ImGui::TextDisabled("Not an article (no front matter): fix the file itself.");
            ImGui::PopID();
            continue;
        }
        ImGui::TextDisabled("Title");
        std::string title = doc->title();
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ImGui::InputText("##title", &title)) editor.SetTitle(l, title);
        Mark("kb.title." + code);
        ImGui::TextDisabled("Intro");
        std::string intro = doc->intro();
        if (EditableText(slug + "/" + code + "/intro", "kb.intro." + code, intro, "(no intro)")) {
            editor.SetIntro(l, intro);
        }
        ImGui::PopID();
    }
    // The questions, side by side.
    for (std::size_t i = 0; i < editor.question_count(); ++i) {
        ImGui::TableNextRow();
        if (i == scroll_to) {
            ImGui::SetScrollHereY(0.2f);
            scroll_to = static_cast<std::size_t>(-1);
        }
        for (int l = 0; l < 2; ++l) {
            ImGui::TableNextColumn();
            const ArticleDoc* doc = editor.doc(l);
            const std::string code = kArticleLanguages[l];
            const std::string base = "kb.question." + std::to_string(i);
            ImGui::PushID(static_cast<int>(i) * 2 + l);
            if (doc && i < doc->size()) {
                ImGui::TextDisabled("Question %d", static_cast<int>(i) + 1);
                if (l == 0) {
                    ImGui::SameLine(ImGui::GetContentRegionMax().x -
                                    ImGui::CalcTextSize("Remove").x -
                                    ImGui::GetStyle().FramePadding.x * 2);
                    if (ImGui::SmallButton("Remove")) {
                        editor.RemoveQuestion(i);
                        Editing().clear();
                    }
                    Mark(base + ".remove");
                    Tip("Removes this question and its answer in every language");
                }
                std::string heading = doc->heading(i);
                ImGui::SetNextItemWidth(-FLT_MIN);
                if (ImGui::InputTextWithHint("##q", "The question, as a customer asks it",
                                             &heading)) {
                    editor.SetHeading(i, l, heading);
                }
                Mark(base + "." + code);
                std::string answer = doc->answer(i);
                if (EditableText(slug + "/" + code + "/" + std::to_string(i),
                                 "kb.answer." + std::to_string(i) + "." + code, answer,
                                 "(no answer yet: click to write it)")) {
                    editor.SetAnswer(i, l, answer);
                }
            } else if (doc) {
                ImGui::TextColored(kWarn, "Missing translation of question %d",
                                   static_cast<int>(i) + 1);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Preview
//-----------------------------------------------------------------------------

//! A confidence in [0, 1] with two decimals: "0.73".
std::string Confidence(double c) {
    const int hundredths = static_cast<int>(c * 100.0 + 0.5);
    const int frac = hundredths % 100;
    return std::to_string(hundredths / 100) + "." + (frac < 10 ? "0" : "") + std::to_string(frac);
}

void DrawRows(const char* id, const std::vector<PreviewRow>& rows, const ImVec4& colour) {
    if (rows.empty()) {
        ImGui::TextDisabled("None.");
        return;
    }
    ImGui::PushID(id);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const PreviewRow& r = rows[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextColored(colour, "\"%s\"", r.question.text.c_str());
        Mark(std::string("kb.preview.") + id + "." + std::to_string(i));
        Tip("Case " + r.question.case_id + " · " + r.question.locale + " · " + r.question.at);
        ImGui::Indent();
        if (!r.before.empty() && !r.after.empty() && r.before != r.after) {
            ImGui::TextDisabled(
                "%s -> %s: \"%s\" -> \"%s\"", Confidence(r.before_confidence).c_str(),
                Confidence(r.after_confidence).c_str(), r.before.c_str(), r.after.c_str());
        } else if (!r.after.empty()) {
            ImGui::TextDisabled("%s: \"%s\"", Confidence(r.after_confidence).c_str(),
                                r.after.c_str());
        } else {
            ImGui::TextDisabled("was %s: \"%s\"", Confidence(r.before_confidence).c_str(),
                                r.before.c_str());
        }
        ImGui::Unindent();
        ImGui::PopID();
    }
    ImGui::PopID();
}

void DrawPreview(Console& console, KnowledgeEditor& editor) {
    ImGui::BeginGroup();
    const ArticlePreview& p = editor.preview();
    const std::size_t recent = console.content().questions().size();
    ImGui::TextWrapped(
        "Preview: the %d most recent customer questions, answered from the published articles "
        "and from the drafts (the product's own retriever and threshold).",
        static_cast<int>(recent));
    if (ImGui::SmallButton("Reload questions")) editor.RefreshQuestions();
    Mark("kb.preview.reload");
    ImGui::EndGroup();
    Mark("kb.preview");
    ImGui::Separator();
    if (editor.selected().empty()) {
        ImGui::TextDisabled("Pick an article to see what it answers.");
        return;
    }
    if (editor.preview_pending()) ImGui::TextDisabled("Updating…");
    if (!p.error.empty()) {
        Wrapped(kBad, p.error);
        return;
    }
    if (!p.ran) return;
    for (const std::string& w : p.warnings)
        Wrapped(kWarn, w);
    ImGui::BeginChild("kb.preview.rows");
    const ImGuiTreeNodeFlags open = ImGuiTreeNodeFlags_DefaultOpen;
    const std::string now = "Now answers (" + std::to_string(p.now_answers.size()) + ")###now";
    if (ImGui::CollapsingHeader(now.c_str(), open)) DrawRows("now", p.now_answers, kGood);
    Mark("kb.preview.now");
    const std::string stops =
        "Stops answering (" + std::to_string(p.stops_answering.size()) + ")###stops";
    if (ImGui::CollapsingHeader(stops.c_str(), open)) DrawRows("stops", p.stops_answering, kBad);
    Mark("kb.preview.stops");
    const std::string keeps =
        "Keeps answering (" + std::to_string(p.keeps_answering.size()) + ")###keeps";
    if (ImGui::CollapsingHeader(keeps.c_str())) {
        DrawRows("keeps", p.keeps_answering, ImGui::GetStyleColorVec4(ImGuiCol_Text));
    }
    Mark("kb.preview.keeps");
    ImGui::EndChild();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

void DrawKnowledgeTab(Console& console) {
    KnowledgeEditor& editor = console.knowledge();
    if (!console.content().loaded()) {
        ImGui::TextDisabled("%s", console.content().loading() ? "Loading the published content…"
                                                              : console.content().error().c_str());
        return;
    }
    DrawArticlePicker(editor);
    ImGui::Separator();
    // The article above, the preview below (the content view's centre column is too narrow for
    // two languages and the preview side by side).
    const float preview_height =
        editor.selected().empty() ? Em() * 3.0f : ImGui::GetContentRegionAvail().y * 0.38f;
    ImGui::BeginChild("kb.editor.pane", ImVec2(0, -preview_height));
    DrawEditor(editor);
    ImGui::EndChild();
    ImGui::BeginChild("kb.preview.pane", ImVec2(0, 0), true);
    DrawPreview(console, editor);
    ImGui::EndChild();
}

}  // namespace seam::console::ui
