// shared/src/console/ui/flow_editor_view.cpp — the flow editor's drawing code (DrawFlowEditor in
// views.hpp) over the FlowEditor model (seam/console/flow_editor.hpp).
//
// Two resizable columns: on the left the flow's graph (graph_view.hpp: red outline and a badge
// with the count on each step with problems, an amber badge for missing translations) and the
// problems list under it; on the right the selected step (id, kind, its fields, where it goes,
// its words in English | Español side by side) and the flow itself (start, title, slot
// definitions). A toolbar on top: add a step of a kind, remove the selected one, undo, redo.
//
// Words show wrapped, whole, in both languages; a click on one turns it into a text box (one
// phrasing per line; Enter finishes, Ctrl+Enter starts another phrasing). Each keystroke is an
// edit (the checker runs on it); a field's typing is one undo step. What is typed but not yet
// accepted (JSON being written, an id being renamed) lives in this file's UI state until it is.
//
// Index of this file
// [SECTION] UI state and helpers
// [SECTION] Words (two languages side by side)
// [SECTION] The selected step
// [SECTION] The flow: start, title, slots
// [SECTION] Graph, problems, toolbar
// [SECTION] DrawFlowEditor
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "graph_view.hpp"
#include "seam/console/console.hpp"
#include "seam/console/flow_editor.hpp"
#include "seam/console/ui/app.hpp"
#include "seam/console/ui/keys.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

using ojson = nlohmann::ordered_json;

//-----------------------------------------------------------------------------
// [SECTION] UI state and helpers
//-----------------------------------------------------------------------------

namespace {

const ImVec4 kRed(0.95f, 0.42f, 0.40f, 1.0f);
const ImVec4 kAmber(0.96f, 0.72f, 0.26f, 1.0f);
const ImVec4 kGreen(0.45f, 0.85f, 0.45f, 1.0f);

//! What the view remembers between frames (UI only; the UI runs on one thread).
struct EditorUi {
    std::string path;     //!< the file the state below belongs to
    std::string step;     //!< the step it belongs to
    std::string editing;  //!< the words cell being edited: "<step>|<field>|<locale>"
    bool focus_editing = false;
    //! Text typed that the model has not taken yet (JSON being written, an id being renamed),
    //! by control; dropped when the control is left, so it shows the model's value again.
    std::map<std::string, std::string> buffers;
    bool cursor_to_end = false;  //!< the words box just opened: its cursor goes after the text
    std::string new_option = "";
    std::string new_slot;
    std::string new_slot_type = "text";
    int add_kind = 0;
    bool confirm_remove = false;
};

EditorUi& Ui() {
    static EditorUi ui;
    return ui;
}

const char* LocaleName(const std::string& locale) {
    if (locale == "en") return "English";
    if (locale == "es") return "Español";
    return locale.c_str();
}

//! Member `key` of `obj` when `obj` is an object that has it, else nullptr (the document is the
//! operator's: any member may have any type, and nlohmann's value() would abort on a wrong one).
const ojson* Member(const ojson* obj, const char* key) {
    if (!obj || !obj->is_object()) return nullptr;
    const auto it = obj->find(key);
    return it == obj->end() ? nullptr : &*it;
}

//! Element `i` of `list` when it is an array that long, else nullptr.
const ojson* Element(const ojson* list, std::size_t i) {
    return list && list->is_array() && i < list->size() ? &(*list)[i] : nullptr;
}

std::string StringOr(const ojson* v, std::string fallback = "") {
    return v && v->is_string() ? v->get<std::string>() : fallback;
}

bool BoolOr(const ojson* v, bool fallback) {
    return v && v->is_boolean() ? v->get<bool>() : fallback;
}

void SectionTitle(const char* text) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", text);
    ImGui::Separator();
}

//! A one-line text box over a value the model only takes when valid (JSON, a new id): the typed
//! text is kept while the box is active. True when `text` changed this frame.
bool BufferedInput(const std::string& key, const std::string& model_value, std::string*& text,
                   ImGuiInputTextFlags flags = 0) {
    EditorUi& ui = Ui();
    auto it = ui.buffers.find(key);
    if (it == ui.buffers.end()) it = ui.buffers.emplace(key, model_value).first;
    text = &it->second;
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool changed = ImGui::InputText(("##" + key).c_str(), &it->second, flags);
    return changed;
}

//! After a BufferedInput: forgets its text once the box is left.
void EndBufferedInput(const std::string& key) {
    if (!ImGui::IsItemActive()) Ui().buffers.erase(key);
}

//! A combo of the flow's step ids (and "(none)"); true with `chosen` set when one is picked.
bool TargetCombo(const std::string& key, const std::string& current,
                 const std::vector<std::string>& ids, std::string& chosen) {
    const bool dangling =
        !current.empty() && std::find(ids.begin(), ids.end(), current) == ids.end();
    const std::string preview = current.empty() ? "(none)"
                                : dangling      ? current + "  (no such step)"
                                                : current;
    bool picked = false;
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (dangling) ImGui::PushStyleColor(ImGuiCol_Text, kRed);
    const bool open = ImGui::BeginCombo(("##" + key).c_str(), preview.c_str());
    if (dangling) ImGui::PopStyleColor();
    if (open) {
        if (ImGui::Selectable("(none)", current.empty())) {
            chosen.clear();
            picked = true;
        }
        for (const std::string& id : ids) {
            if (ImGui::Selectable(id.c_str(), id == current)) {
                chosen = id;
                picked = true;
            }
        }
        ImGui::EndCombo();
    }
    return picked;
}

//! A combo of fixed choices; true with `chosen` set when one is picked.
bool ChoiceCombo(const std::string& key, const std::string& current,
                 const std::vector<std::string>& choices, std::string& chosen,
                 const char* none = nullptr) {
    bool picked = false;
    ImGui::SetNextItemWidth(-FLT_MIN);
    const std::string preview = current.empty() && none ? none : current;
    if (ImGui::BeginCombo(("##" + key).c_str(), preview.c_str())) {
        if (none && ImGui::Selectable(none, current.empty())) {
            chosen.clear();
            picked = true;
        }
        for (const std::string& c : choices) {
            if (ImGui::Selectable(c.c_str(), c == current)) {
                chosen = c;
                picked = true;
            }
        }
        ImGui::EndCombo();
    }
    return picked;
}

//! A label cell and a widget cell of a two-column fields table.
void Row(const char* label) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", label);
    ImGui::TableSetColumnIndex(1);
}

//-----------------------------------------------------------------------------
// [SECTION] Words
//-----------------------------------------------------------------------------

//! The first frame a words box is active, its cursor goes to the end (to add to the words; a
//! click inside moves it anywhere).
int CursorToEnd(ImGuiInputTextCallbackData* data) {
    if (Ui().cursor_to_end) {
        data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
        Ui().cursor_to_end = false;
    }
    return 0;
}

//! One language of one words field: wrapped text that turns into a text box when clicked.
void WordsCell(FlowEditor& editor, const std::string& step, const WordsField& w, std::size_t i) {
    EditorUi& ui = Ui();
    const std::string& locale = w.locales[i];
    const std::string key = step + "|" + w.field + "|" + locale;
    const std::string mark = "flowed.words." + w.field + "." + locale;
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const bool missing = w.missing[i];

    // Shown: the whole text, wrapped to the column, on a frame like a text box's; phrasings
    // apart, with a faint line between them.
    const float width = std::max(ImGui::GetContentRegionAvail().x, line * 4);
    const float wrap = width - pad.x * 2;
    std::vector<std::string> phrasings;
    for (std::size_t start = 0; start <= w.text[i].size();) {
        std::size_t end = w.text[i].find('\n', start);
        if (end == std::string::npos) end = w.text[i].size();
        phrasings.push_back(w.text[i].substr(start, end - start));
        start = end + 1;
    }
    const float gap = pad.y * 2;
    std::vector<float> heights;
    float total = missing ? line : 0;
    for (const std::string& p : phrasings) {
        heights.push_back(ImGui::CalcTextSize(p.c_str(), nullptr, false, wrap).y);
        total += heights.back() + (heights.size() > 1 ? gap : 0);
    }
    const float height = std::max(line * 2, total) + pad.y * 2;
    const ImVec2 pos = ImGui::GetCursorScreenPos();

    if (ui.editing == key) {
        if (ui.focus_editing) {  // just clicked: the box takes the keyboard (a frame later)
            ImGui::SetKeyboardFocusHere();
            ui.focus_editing = false;
        }
        std::string text = w.text[i];
        const float lines =
            static_cast<float>(std::count(text.begin(), text.end(), '\n') + 2);  // one more line
        const ImVec2 size(-FLT_MIN, std::max(height, lines * line + pad.y * 2));
        const ImGuiInputTextFlags flags =
            ImGuiInputTextFlags_CtrlEnterForNewLine | ImGuiInputTextFlags_CallbackAlways;
        if (ImGui::InputTextMultiline(("##" + key).c_str(), &text, size, flags, CursorToEnd)) {
            editor.SetWords(step, w.field, locale, text);
        }
        Mark(mark);
        if (step.empty() && w.field == "title") Mark("flowed.title." + locale);
        if (w.field == "say") Mark("flowed.words." + locale);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("One phrasing per line (Ctrl+Enter: a new line); Enter: done");
        if (ImGui::IsItemDeactivated()) {
            editor.EndTyping();
            ui.editing.clear();
        }
        return;
    }
    const bool clicked = ImGui::InvisibleButton(("##" + key).c_str(), ImVec2(width, height));
    Mark(mark);
    if (missing) Mark(mark + ".missing");
    if (w.field == "say") Mark("flowed.words." + locale);
    if (step.empty() && w.field == "title") Mark("flowed.title." + locale);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + width, pos.y + height);
    const float rounding = ImGui::GetStyle().FrameRounding;
    dl->AddRectFilled(pos, end,
                      ImGui::GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg),
                      rounding);
    float y = pos.y + pad.y;
    if (missing) {
        dl->AddRect(pos, end, ImGui::GetColorU32(kAmber), rounding, 0, 1.5f);
        dl->AddText(ImVec2(pos.x + pad.x, y), ImGui::GetColorU32(kAmber), "missing");
        y += line;
    }
    for (std::size_t p = 0; p < phrasings.size(); ++p) {
        if (p > 0) {
            dl->AddLine(ImVec2(pos.x + pad.x, y + gap / 2), ImVec2(end.x - pad.x, y + gap / 2),
                        ImGui::GetColorU32(ImGuiCol_Separator), 1.0f);
            y += gap;
        }
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + pad.x, y),
                    ImGui::GetColorU32(ImGuiCol_Text), phrasings[p].c_str(), nullptr, wrap);
        y += heights[p];
    }
    if (hovered) ImGui::SetTooltip("Click to edit the %s words", LocaleName(locale));
    if (clicked) {
        editor.EndTyping();
        ui.editing = key;
        ui.focus_editing = true;
        ui.cursor_to_end = true;
    }
}

//! Every words field of `step` ("" = the flow's title and resume): a title line, then the two
//! languages side by side.
void DrawWords(FlowEditor& editor, const std::string& step) {
    for (const WordsField& w : editor.Words(step)) {
        ImGui::PushID(w.field.c_str());
        ImGui::TextDisabled("%s%s", w.label.c_str(),
                            w.neutral ? "  (one text for every language)" : "");
        const int columns = static_cast<int>(std::min<std::size_t>(w.locales.size(), 2));
        if (ImGui::BeginTable("words", columns,
                              ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) {
            for (int c = 0; c < columns; ++c)
                ImGui::TableSetupColumn(LocaleName(w.locales[static_cast<std::size_t>(c)]));
            ImGui::TableHeadersRow();
            ImGui::TableNextRow();
            for (int c = 0; c < columns; ++c) {
                ImGui::TableSetColumnIndex(c);
                WordsCell(editor, step, w, static_cast<std::size_t>(c));
            }
            ImGui::EndTable();
        }
        if (w.locales.size() > 2) {
            std::string more;
            for (std::size_t i = 2; i < w.locales.size(); ++i)
                more += (more.empty() ? "" : ", ") + w.locales[i];
            ImGui::TextDisabled("also in: %s (edit the file to change them)", more.c_str());
        }
        ImGui::PopID();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The selected step
//-----------------------------------------------------------------------------

//! A text field of the step typed straight into the model ("reason", "queue", "flow").
void StringField(FlowEditor& editor, const std::string& step, const char* key) {
    std::string value = editor.StepString(step, key);
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputText((std::string("##") + key).c_str(), &value))
        editor.SetField(step, key, value.empty() ? ojson(nullptr) : ojson(value));
    Mark(std::string("flowed.") + key);
    if (ImGui::IsItemDeactivated()) editor.EndTyping();
}

//! A JSON-valued field of the step ("params", "values", "options_from"): taken when it parses;
//! emptied, the field is removed.
void JsonField(FlowEditor& editor, const std::string& step, const char* key) {
    const ojson* v = Member(editor.Step(step), key);
    const std::string model = v ? SpacedJson(*v) : std::string();
    const std::string buffer_key = "json." + step + "." + key;
    std::string* text = nullptr;
    if (BufferedInput(buffer_key, model, text)) {
        if (text->find_first_not_of(" \t") == std::string::npos) {
            editor.SetField(step, key, nullptr);
        } else {
            editor.SetFieldJson(step, key, *text);
        }
    }
    Mark(std::string("flowed.") + key);
    if (ImGui::IsItemDeactivated()) editor.EndTyping();
    EndBufferedInput(buffer_key);
}

void DrawStepFields(FlowEditor& editor, const std::string& step, const std::string& kind) {
    const float fs = ImGui::GetFontSize();
    if (!ImGui::BeginTable("flowed.fields", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, fs * 6.5f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);

    Row("id");
    std::string* id = nullptr;
    const std::string id_key = "id." + step;
    const bool enter = BufferedInput(id_key, step, id, ImGuiInputTextFlags_EnterReturnsTrue);
    Mark("flowed.id");
    if ((enter || ImGui::IsItemDeactivatedAfterEdit()) && *id != step) editor.RenameStep(step, *id);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Renamed on Enter; every step that goes here follows");
    EndBufferedInput(id_key);

    Row("kind");
    std::string chosen;
    if (ChoiceCombo("kind", kind, FlowEditor::Kinds(), chosen)) editor.SetKind(step, chosen);
    Mark("flowed.kind");

    const std::vector<std::string>& fields = FlowEditor::FieldsOf(kind);
    auto has = [&](const char* f) {
        return std::find(fields.begin(), fields.end(), f) != fields.end();
    };
    if (has("slot")) {
        Row("slot");
        if (ChoiceCombo("slot", editor.StepString(step, "slot"), editor.SlotNames(), chosen,
                        kind == "ask" ? nullptr : "(none)"))
            editor.SetField(step, "slot", chosen.empty() ? ojson(nullptr) : ojson(chosen));
        Mark("flowed.slot");
    }
    if (has("max_attempts")) {
        Row("attempts");
        const ojson* m = Member(editor.Step(step), "max_attempts");
        int attempts = m && m->is_number_integer() ? m->get<int>() : 3;
        ImGui::SetNextItemWidth(fs * 7);
        if (ImGui::InputInt("##max_attempts", &attempts))
            editor.SetField(step, "max_attempts", std::clamp(attempts, 1, 10));
        Mark("flowed.max_attempts");
    }
    if (has("action")) {
        Row("action");
        std::vector<std::string> actions;
        for (const auto& [name, spec] : editor.registry().actions)
            actions.push_back(name);
        if (ChoiceCombo("action", editor.StepString(step, "action"), actions, chosen))
            editor.SetField(step, "action", chosen);
        Mark("flowed.action");
        const auto spec = editor.registry().actions.find(editor.StepString(step, "action"));
        if (spec != editor.registry().actions.end() && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", spec->second.description.c_str());
        Row("params");
        JsonField(editor, step, "params");
    }
    if (has("values")) {
        Row("values");
        JsonField(editor, step, "values");
    }
    if (has("options_from")) {
        Row("options from");
        JsonField(editor, step, "options_from");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "{\"list\": \"result.orders\", \"value\": \"number\", \"label\": "
                "\"label\"}: one more option per item (empty: none)");
    }
    if (has("reason")) {
        Row("reason");
        StringField(editor, step, "reason");
        Row("queue");
        StringField(editor, step, "queue");
        Row("priority");
        if (ChoiceCombo("priority", editor.StepString(step, "priority"),
                        {"low", "normal", "high", "urgent"}, chosen, "(normal)"))
            editor.SetField(step, "priority", chosen.empty() ? ojson(nullptr) : ojson(chosen));
        Mark("flowed.priority");
    }
    if (has("outcome")) {
        Row("outcome");
        if (ChoiceCombo("outcome", editor.StepString(step, "outcome"),
                        {"resolved", "escalated", "abandoned"}, chosen))
            editor.SetField(step, "outcome", chosen);
        Mark("flowed.outcome");
    }
    if (has("flow")) {
        Row("flow");
        StringField(editor, step, "flow");
    }
    ImGui::EndTable();
}

//! Where the step goes: one row per link (a target combo each), the outcomes the action
//! reports that go nowhere yet, options and cases with their own fields.
void DrawLinks(FlowEditor& editor, const std::string& step, const std::string& kind) {
    const float fs = ImGui::GetFontSize();
    const std::vector<std::string> ids = editor.StepIds();
    std::vector<StepLink> links = editor.Links(step);
    // The outcomes without a target, as rows to connect (amber: the checker's unhandled ones).
    std::vector<std::string> open_outcomes = editor.OutcomesWithoutTarget(step);
    if (links.empty() && open_outcomes.empty()) return;
    SectionTitle("Goes to");
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH;
    if (!ImGui::BeginTable("flowed.links", 3, flags)) return;
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("target", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("x", ImGuiTableColumnFlags_WidthFixed, fs * 1.6f);
    std::string chosen;
    bool open_drawn = false;
    auto draw_open_outcomes = [&] {
        open_drawn = true;
        for (const std::string& outcome : open_outcomes) {
            ImGui::PushID(("open." + outcome).c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(kAmber, "%s", outcome.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("The action can report \"%s\"; pick where it goes",
                                  outcome.c_str());
            ImGui::TableSetColumnIndex(1);
            if (TargetCombo("target", "", ids, chosen) && !chosen.empty())
                editor.SetOutcome(step, outcome, chosen);
            Mark("flowed.link.on/" + outcome);
            ImGui::PopID();
        }
    };
    for (const StepLink& l : links) {
        if (!open_drawn && l.field.rfind("on/", 0) != 0) draw_open_outcomes();
        ImGui::PushID(l.field.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const bool option = l.field.rfind("options/", 0) == 0;
        const bool branch_case = l.field.rfind("cases/", 0) == 0;
        const std::size_t index =
            option || branch_case
                ? static_cast<std::size_t>(std::stoul(l.field.substr(l.field.find('/') + 1)))
                : 0;
        if (option) {
            std::string value =
                StringOr(Member(Element(Member(editor.Step(step), "options"), index), "value"));
            ImGui::SetNextItemWidth(-FLT_MIN);
            if (ImGui::InputText("##value", &value)) editor.SetOptionValue(step, index, value);
            Mark("flowed.option." + std::to_string(index) + ".value");
            if (ImGui::IsItemDeactivated()) editor.EndTyping();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("The option's value (its slot value)");
        } else if (branch_case) {
            const ojson* when = Member(Element(Member(editor.Step(step), "cases"), index), "when");
            const std::string model = when ? SpacedJson(*when) : std::string();
            const std::string key = "when." + step + "." + std::to_string(index);
            std::string* text = nullptr;
            if (BufferedInput(key, model, text)) editor.SetCaseWhen(step, index, *text);
            Mark("flowed.case." + std::to_string(index) + ".when");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("when %s", l.label.c_str());
            if (ImGui::IsItemDeactivated()) editor.EndTyping();
            EndBufferedInput(key);
        } else if (l.required && l.target.empty()) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(kRed, "%s (required)", l.label.c_str());
        } else {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(l.label.c_str());
        }
        ImGui::TableSetColumnIndex(1);
        if (TargetCombo("target", l.target, ids, chosen)) editor.Connect(step, l.field, chosen);
        Mark("flowed.link." + l.field);
        ImGui::TableSetColumnIndex(2);
        const bool removable = option || branch_case || l.field.rfind("on/", 0) == 0;
        if (removable) {
            if (ImGui::SmallButton("x")) {
                if (option) {
                    editor.RemoveOption(step, index);
                } else if (branch_case) {
                    editor.RemoveCase(step, index);
                } else {
                    editor.RemoveOutcome(step, l.field.substr(3));
                }
            }
            Mark("flowed.remove." + l.field);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(option        ? "Remove this option"
                                  : branch_case ? "Remove this case"
                                                : "Remove this outcome");
        }
        ImGui::PopID();
    }
    if (!open_drawn) draw_open_outcomes();
    ImGui::EndTable();

    EditorUi& ui = Ui();
    if (kind == "choice") {
        ImGui::SetNextItemWidth(fs * 9);
        const bool enter =
            ImGui::InputTextWithHint("##new_option", "new option value", &ui.new_option,
                                     ImGuiInputTextFlags_EnterReturnsTrue);
        Mark("flowed.option.new");
        ImGui::SameLine();
        if ((ImGui::Button("Add option") || enter) && editor.AddOption(step, ui.new_option))
            ui.new_option.clear();
        Mark("flowed.option.add");
    }
    if (kind == "branch") {
        if (ImGui::Button("Add case")) editor.AddCase(step);
        Mark("flowed.case.add");
    }
}

void DrawStep(FlowEditor& editor) {
    const std::string step = editor.selected();
    const ojson* s = editor.Step(step);
    if (!s) {
        ImGui::TextDisabled("Click a step in the graph to edit it, or add one.");
        return;
    }
    const std::string kind = editor.StepString(step, "kind");
    PushHeadingFont();
    ImGui::Text("%s", step.c_str());
    PopHeadingFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s step%s", kind.c_str(),
                        StringOr(Member(&editor.document(), "start")) == step ? ", the start" : "");
    // Its problems first, in the checker's words.
    for (const FlowProblem& p : editor.problems()) {
        if (p.step != step) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, kRed);
        ImGui::TextWrapped("%s  [%s]", p.diagnostic.message.c_str(), p.diagnostic.id.c_str());
        ImGui::PopStyleColor();
    }
    DrawStepFields(editor, step, kind);
    DrawLinks(editor, step, kind);
    if (!editor.Words(step).empty()) {
        SectionTitle("Words");
        DrawWords(editor, step);
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The flow: start, title, slots
//-----------------------------------------------------------------------------

std::vector<std::string> SplitValues(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string v = text.substr(start, end - start);
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t") + 1);
        out.push_back(v);
        start = end + 1;
    }
    return out;
}

void DrawSlots(FlowEditor& editor) {
    const float fs = ImGui::GetFontSize();
    EditorUi& ui = Ui();
    std::vector<std::string> types(editor.registry().slot_types.begin(),
                                   editor.registry().slot_types.end());
    const ojson* slots = Member(&editor.document(), "slots");
    const ImGuiTableFlags flags =
        ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg;
    if (ImGui::BeginTable("flowed.slots", 6, flags)) {
        ImGui::TableSetupColumn("slot", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("type", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn("values (enum)", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("optional", ImGuiTableColumnFlags_WidthFixed, fs * 3.6f);
        ImGui::TableSetupColumn("prefill", ImGuiTableColumnFlags_WidthFixed, fs * 3.2f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, fs * 1.6f);
        ImGui::TableHeadersRow();
        for (const std::string& name : editor.SlotNames()) {
            const ojson* spec = Member(slots, name.c_str());
            if (!spec || !spec->is_object()) continue;
            ImGui::PushID(name.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(name.c_str());
            ImGui::TableSetColumnIndex(1);
            const std::string type = StringOr(Member(spec, "type"));
            std::string chosen;
            if (ChoiceCombo("type", type, types, chosen)) editor.SetSlotType(name, chosen);
            Mark("flowed.slot." + name + ".type");
            ImGui::TableSetColumnIndex(2);
            if (type == "enum") {
                std::string model;
                if (const ojson* values = Member(spec, "values"); values && values->is_array()) {
                    for (const ojson& v : *values)
                        if (v.is_string())
                            model += (model.empty() ? "" : ", ") + v.get<std::string>();
                }
                const std::string key = "values." + name;
                std::string* text = nullptr;
                if (BufferedInput(key, model, text)) editor.SetSlotValues(name, SplitValues(*text));
                Mark("flowed.slot." + name + ".values");
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("Values, separated by commas");
                if (ImGui::IsItemDeactivated()) editor.EndTyping();
                EndBufferedInput(key);
            }
            ImGui::TableSetColumnIndex(3);
            bool optional = BoolOr(Member(spec, "optional"), false);
            if (ImGui::Checkbox("##optional", &optional))
                editor.SetSlotFlag(name, "optional", optional);
            Mark("flowed.slot." + name + ".optional");
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("May be read before it is asked (empty when unset)");
            ImGui::TableSetColumnIndex(4);
            bool prefill = BoolOr(Member(spec, "prefill"), true);
            if (ImGui::Checkbox("##prefill", &prefill))
                editor.SetSlotFlag(name, "prefill", prefill);
            Mark("flowed.slot." + name + ".prefill");
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("May be filled from the message that starts the flow");
            ImGui::TableSetColumnIndex(5);
            if (ImGui::SmallButton("x")) editor.RemoveSlot(name);
            Mark("flowed.slot." + name + ".remove");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove the slot %s", name.c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::SetNextItemWidth(fs * 9);
    const bool enter = ImGui::InputTextWithHint("##new_slot", "new slot name", &ui.new_slot,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    Mark("flowed.slot.new");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8);
    std::string chosen;
    if (ChoiceCombo("new_slot_type", ui.new_slot_type, types, chosen)) ui.new_slot_type = chosen;
    ImGui::SameLine();
    if ((ImGui::Button("Add slot") || enter) && editor.AddSlot(ui.new_slot, ui.new_slot_type))
        ui.new_slot.clear();
    Mark("flowed.slot.add");
}

void DrawFlowSettings(FlowEditor& editor) {
    const float fs = ImGui::GetFontSize();
    if (ImGui::BeginTable("flowed.flow", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, fs * 6.5f);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        Row("start");
        std::string chosen;
        if (TargetCombo("start", StringOr(Member(&editor.document(), "start")), editor.StepIds(),
                        chosen) &&
            !chosen.empty())
            editor.SetStart(chosen);
        Mark("flowed.start");
        ImGui::EndTable();
    }
    DrawWords(editor, "");
    SectionTitle("Slots");
    DrawSlots(editor);
}

//-----------------------------------------------------------------------------
// [SECTION] Graph, problems, toolbar
//-----------------------------------------------------------------------------

//! A selectable row whose text wraps to the width (a long checker message is read whole).
bool WrappedRow(const std::string& text, const ImVec4& colour, bool selected) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::Selectable(("##" + text).c_str(), selected, 0, ImVec2(width, h));
    ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), pos,
                                        ImGui::GetColorU32(colour), text.c_str(), nullptr, width);
    return clicked;
}

void DrawProblems(FlowEditor& editor) {
    const auto& problems = editor.problems();
    const auto& missing = editor.missing_translations();
    if (problems.empty() && missing.empty()) {
        ImGui::TextColored(kGreen,
                           "No problems: seam check passes, every words field is in "
                           "English and Spanish.");
        return;
    }
    for (std::size_t i = 0; i < problems.size(); ++i) {
        const FlowProblem& p = problems[i];
        const std::string where = p.step.empty() ? "flow" : p.step;
        const std::string label =
            where + ": " + p.diagnostic.message + "  [" + p.diagnostic.id + "]";
        ImGui::PushID(static_cast<int>(i));
        const bool clicked =
            WrappedRow(label, kRed, !p.step.empty() && p.step == editor.selected());
        ImGui::PopID();
        Mark("flowed.problem." + std::to_string(i));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.diagnostic.ToString().c_str());
        if (clicked) {
            if (!editor.SelectProblem(i)) editor.Select("");  // the flow's own: its settings show
            Ui().editing.clear();
        }
    }
    for (std::size_t i = 0; i < missing.size(); ++i) {
        const MissingTranslation& m = missing[i];
        const std::string label = (m.step.empty() ? "flow" : m.step) + ": " + m.field + " - " +
                                  LocaleName(m.locale) + " missing";
        ImGui::PushID(static_cast<int>(i));
        const bool clicked = WrappedRow(label, kAmber, false);
        ImGui::PopID();
        Mark("flowed.missing." + std::to_string(i));
        if (clicked) editor.Select(m.step);
    }
}

void DrawToolbar(FlowEditor& editor) {
    const float fs = ImGui::GetFontSize();
    EditorUi& ui = Ui();
    const std::vector<std::string>& kinds = FlowEditor::Kinds();
    ImGui::SetNextItemWidth(fs * 7);
    ImGui::Combo(
        "##add_kind", &ui.add_kind,
        [](void* data, int i, const char** out) {
            const auto* k = static_cast<const std::vector<std::string>*>(data);
            *out = (*k)[static_cast<std::size_t>(i)].c_str();
            return true;
        },
        const_cast<std::vector<std::string>*>(&kinds), static_cast<int>(kinds.size()));
    Mark("flowed.add.kind");
    ImGui::SameLine();
    if (ImGui::Button("Add step")) {
        editor.AddStep(kinds[static_cast<std::size_t>(ui.add_kind)]);
        ui.editing.clear();
    }
    Mark("flowed.add");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "A new %s step, connected to nothing: pick where it goes and what goes "
            "to it",
            kinds[static_cast<std::size_t>(ui.add_kind)].c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(!editor.Step(editor.selected()));
    if (ImGui::Button("Remove step")) {
        if (editor.ReferencesTo(editor.selected()).empty()) {
            editor.RemoveStep(editor.selected());
        } else {
            ui.confirm_remove = true;
        }
    }
    Mark("flowed.remove");
    ImGui::EndDisabled();
    ImGui::SameLine(0, fs * 1.5f);
    ImGui::BeginDisabled(!editor.can_undo());
    if (ImGui::Button("Undo")) editor.Undo();
    Mark("flowed.undo");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Ctrl+Z");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!editor.can_redo());
    if (ImGui::Button("Redo")) editor.Redo();
    Mark("flowed.redo");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Ctrl+Y or Ctrl+Shift+Z");
    ImGui::EndDisabled();
    if (!editor.error().empty()) {
        ImGui::SameLine(0, fs * 1.5f);
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(kRed, "%s", editor.error().c_str());
        Mark("flowed.error");
    }
}

void DrawRemovePopup(FlowEditor& editor) {
    EditorUi& ui = Ui();
    if (ui.confirm_remove) {
        ImGui::OpenPopup("Remove step###flowed.remove");
        ui.confirm_remove = false;
    }
    if (!ImGui::BeginPopupModal("Remove step###flowed.remove", nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize))
        return;
    const std::string step = editor.selected();
    const std::vector<std::string> refs = editor.ReferencesTo(step);
    ImGui::Text("Remove the step %s?", step.c_str());
    ImGui::Text("%zu place%s go%s to it:", refs.size(), refs.size() == 1 ? "" : "s",
                refs.size() == 1 ? "es" : "");
    for (const std::string& r : refs)
        ImGui::BulletText("%s", r.c_str());
    ImGui::Spacing();
    if (ImGui::Button("Remove, and clear them")) {
        editor.RemoveStep(step, true);
        ImGui::CloseCurrentPopup();
    }
    Mark("flowed.remove.clear");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Those places go nowhere; required ones show as problems");
    ImGui::SameLine();
    if (ImGui::Button("Remove, keep them")) {
        editor.RemoveStep(step, false);
        ImGui::CloseCurrentPopup();
    }
    Mark("flowed.remove.keep");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("They still name %s and show as problems until you point them elsewhere",
                          step.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || Pressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    Mark("flowed.remove.cancel");
    ImGui::EndPopup();
}

void Shortcuts(FlowEditor& editor) {
    const ImGuiIO& io = ImGui::GetIO();
    // A text box has its own undo while it is being typed in.
    if (io.WantTextInput || !io.KeyCtrl) return;
    if (Pressed(ImGuiKey_Z)) {
        if (io.KeyShift) {
            editor.Redo();
        } else {
            editor.Undo();
        }
    }
    if (Pressed(ImGuiKey_Y)) editor.Redo();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] DrawFlowEditor
//-----------------------------------------------------------------------------

void DrawFlowEditor(Console& /*console*/, FlowEditor& editor) {
    const float fs = ImGui::GetFontSize();
    EditorUi& ui = Ui();
    if (!editor.is_open()) {
        ImGui::TextDisabled("No flow is open.");
        return;
    }
    if (ui.path != editor.path()) {  // another file: nothing typed for the last one applies
        ui = EditorUi{};
        ui.path = editor.path();
    }
    if (ui.step != editor.selected()) {
        ui.step = editor.selected();
        ui.editing.clear();
        ui.buffers.clear();
    }
    Shortcuts(editor);

    // Header: which file, whether it changed, how it checks.
    const int problems = static_cast<int>(editor.problems().size());
    const int missing = static_cast<int>(editor.missing_translations().size());
    ImGui::Text("Flow %s", editor.flow().id.empty() ? "?" : editor.flow().id.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s%s", editor.path().c_str(), editor.dirty() ? "  (edited)" : "");
    ImGui::SameLine(0, fs * 1.5f);
    if (problems > 0) {
        ImGui::TextColored(kRed, "%d problem%s", problems, problems == 1 ? "" : "s");
    } else {
        ImGui::TextColored(kGreen, "checks pass");
    }
    Mark("flowed.status");
    if (missing > 0) {
        ImGui::SameLine();
        ImGui::TextColored(kAmber, "%d missing translation%s", missing, missing == 1 ? "" : "s");
    }
    DrawToolbar(editor);

    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("flowed.columns", 2, flags, ImGui::GetContentRegionAvail())) {
        ImGui::TableSetupColumn("graph", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("edit", ImGuiTableColumnFlags_WidthFixed, fs * 34.0f);
        ImGui::TableNextRow();

        ImGui::TableSetColumnIndex(0);
        DrawKindLegend();
        const float avail = ImGui::GetContentRegionAvail().y;
        const float list_h = std::min(fs * 8.0f, avail * 0.3f);
        GraphLook look;
        look.child_id = "flowed.graph";
        look.node_mark = "flowed.step.";
        look.selected = editor.selected();
        look.scroll_to = editor.selected().empty() ? editor.flow().start : editor.selected();
        look.problems = [&](const std::string& id) { return editor.ProblemCount(id); };
        look.missing = [&](const std::string& id) { return editor.MissingCount(id); };
        look.empty_text = "The flow has no steps: add one.";
        const std::string clicked = DrawFlowGraph(
            editor.graph(), std::max(fs * 8.0f, avail - list_h - ImGui::GetStyle().ItemSpacing.y),
            look);
        if (!clicked.empty()) editor.Select(clicked);
        ImGui::BeginChild("flowed.problems", ImVec2(0, 0), true);
        DrawProblems(editor);
        ImGui::EndChild();

        ImGui::TableSetColumnIndex(1);
        ImGui::BeginChild("flowed.pane", ImVec2(0, 0), false);
        DrawStep(editor);
        ImGui::Spacing();
        if (ImGui::CollapsingHeader("Flow: start, title, slots###flowed.flow",
                                    ImGuiTreeNodeFlags_DefaultOpen)) {
            DrawFlowSettings(editor);
        }
        ImGui::EndChild();
        ImGui::EndTable();
    }
    DrawRemovePopup(editor);
}

}  // namespace seam::console::ui
