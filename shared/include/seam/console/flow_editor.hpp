// shared/include/seam/console/flow_editor.hpp — the flow editor's model: one flow file
// (assets/flows/<id>.json, schema assets/schema/flow.schema.json) edited as a JSON document by
// small operations, each undoable, each checked at once with what `seam check` runs.
//
//   editor.Open("flows/order_status.json", published_text, actions_json);
//   editor.SetWords("ask_order", "say", "es", "¿Qué pedido es?");   // an operation
//   editor.Text()       the file as it is now: the opened text with only what changed rewritten
//                       (json_rewrite.hpp), so one changed word is one changed line
//   editor.problems()   ParseFlow + CheckFlow of Text() (seam check's diagnostics), each on the
//                       step its pointer falls in
//   editor.graph()      BuildFlowGraph of the flow parsed from Text() (steps kept even when the
//                       file has schema problems)
//
// Operations return false, change nothing, and set error() ("[seam.flowed.<what>] ...") when
// the edit is impossible: a step or slot that does not exist, an id already taken, a field the
// step's kind does not have, JSON text that does not parse. Edits the schema allows but the
// checker refuses (a dangling target, an unhandled outcome) are made, and show as problems.
//
// Undo: a stack of whole documents (kUndoDepth deep). Typing into one field (SetWords,
// SetField of a string) coalesces into one undo step until EndTyping() or another operation.
// revision() is bumped by every change, undo and redo included: the owner (the Content view)
// stores Text() as the file's draft when it moves. No I/O here; ui/flow_editor_view.cpp draws it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seam/console/inspector.hpp"
#include "seam/console/json_rewrite.hpp"
#include "seam/flow/diagnostic.hpp"
#include "seam/flow/flow.hpp"
#include "seam/flow/registry.hpp"

namespace seam::console {

//! One problem of the edited flow: what `seam check` says, and where.
struct FlowProblem {
    flow::Diagnostic diagnostic;
    std::string step;  //!< the id of the step its pointer falls in; "" when in none (slots...)
};

//! One words field (a step's say, reprompt, an option's label or match; the flow's title or
//! resume), each language's phrasings one per line.
struct WordsField {
    std::string field;     //!< relative to the step: "say", "options/0/label"; flow: "title"
    std::string label;     //!< for people: "say", "option \"yes\" label"
    std::string pointer;   //!< in the file: "/steps/4/say"
    bool neutral = false;  //!< one text for every language ("5"): not a words object
    std::vector<std::string> locales;  //!< kLocales, then any other language the object has
    std::vector<std::string> text;     //!< per locales[i]: phrasings joined by '\n'
    std::vector<bool> missing;         //!< per locales[i]: a kLocales entry absent or empty
};

//! A words object without one of kLocales (or with only empty phrasings in it).
struct MissingTranslation {
    std::string step;  //!< "" for the flow's own words (title, resume)
    std::string field, pointer, locale;
};

//! One place a step can go, present or not: "next", "else", "on_exhausted", "on/<outcome>",
//! "options/<i>/next", "cases/<i>/next".
struct StepLink {
    std::string field;
    std::string label;   //!< "next", "else", "exhausted", the outcome, "option yes", the condition
    std::string target;  //!< "" when unset
    bool required = false;  //!< the schema wants it (unset: a schema problem)
};

class FlowEditor {
  public:
    static constexpr std::size_t kUndoDepth = 200;
    //! The languages every words object should have, in column order.
    static constexpr const char* kLocales[] = {"en", "es"};

    //! The step kinds, in the order the editor offers them.
    static const std::vector<std::string>& Kinds();
    //! The fields a step of `kind` may have besides id and kind (the schema's), in file order.
    static const std::vector<std::string>& FieldsOf(const std::string& kind);

    // [SECTION] Opening, the text, undo

    //! Starts editing `text` (the file at `path`, as published or as drafted), checked against
    //! the action registry `actions_json` (flows/actions.json; "" checks with the builtin slot
    //! types and no actions). False (error() says why; nothing opened) when `text` is not a JSON
    //! object. Forgets the undo history and the selection.
    bool Open(std::string path, std::string text, std::string actions_json);
    bool is_open() const { return open_; }
    const std::string& path() const { return path_; }
    //! The file now: the opened text, rewritten only where the document changed.
    const std::string& Text() const { return text_; }
    const std::string& original_text() const { return rewriter_.text(); }
    //! Text() differs from the opened text.
    bool dirty() const { return text_ != rewriter_.text(); }
    //! Bumped by every change (undo and redo too); 0 right after Open.
    std::uint64_t revision() const { return revision_; }
    //! Why the last refused operation was refused; cleared by the next one that is done.
    const std::string& error() const { return error_; }
    const nlohmann::ordered_json& document() const { return doc_; }

    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    bool Undo();
    bool Redo();
    //! Ends a run of typing: the next keystroke starts a new undo step (a field lost focus).
    void EndTyping() { typing_.clear(); }

    // [SECTION] What the checks found (as of Text())

    const std::vector<FlowProblem>& problems() const { return problems_; }
    int ProblemCount(const std::string& step) const;
    const std::vector<MissingTranslation>& missing_translations() const { return missing_; }
    int MissingCount(const std::string& step) const;
    //! The flow parsed from Text(); its steps are kept even when the file has schema problems.
    const flow::Flow& flow() const { return flow_; }
    const FlowGraph& graph() const { return graph_; }
    const flow::Registry& registry() const { return registry_; }

    // [SECTION] Selection (kept here so a rename, a removal or a problem's click moves it)

    const std::string& selected() const { return selected_; }
    void Select(const std::string& step) { selected_ = step; }
    //! Selects the step of problem `index`; false when it is on no step.
    bool SelectProblem(std::size_t index);

    // [SECTION] Reading

    std::vector<std::string> StepIds() const;
    //! The step object with this id (the first of duplicates), or nullptr.
    const nlohmann::ordered_json* Step(const std::string& id) const;
    //! A string field of a step ("" when absent or not a string).
    std::string StepString(const std::string& id, const std::string& key) const;
    //! The places step `id` can go, for its kind (set or not), in the step's own order.
    std::vector<StepLink> Links(const std::string& id) const;
    //! The words fields of step `id`; "" gives the flow's own (title, resume).
    std::vector<WordsField> Words(const std::string& id) const;
    //! Where other steps (and "start") go to `id`: "<step>/<field>" and "start".
    std::vector<std::string> ReferencesTo(const std::string& id) const;
    std::vector<std::string> SlotNames() const;
    //! Outcomes the registry declares for step `id`'s action that it has no "on" entry for.
    std::vector<std::string> OutcomesWithoutTarget(const std::string& id) const;

    // [SECTION] Steps

    //! A free id for a new step of `kind`: "ask", else "ask_2", "ask_3"...
    std::string NewStepId(const std::string& kind) const;
    //! Appends a step of `kind` with id `id` (NewStepId(kind) when ""), connected to nothing,
    //! with empty words in both languages; selects it. Fields the schema requires and no
    //! default fits (a message's next, an action's name) are left out: the checker names them.
    bool AddStep(const std::string& kind, const std::string& id = "");
    //! Removes step `id`. References to it stay (and show as seam.flow.unknown_step problems)
    //! unless `clear_references`: then optional ones are removed and required ones too (they
    //! show as missing). "start" is never cleared.
    bool RemoveStep(const std::string& id, bool clear_references = false);
    //! Renames a step and every reference to it ("start" included).
    bool RenameStep(const std::string& from, const std::string& to);
    //! Changes a step's kind: keeps id, the fields the new kind has (words, slot, next...),
    //! drops the rest, adds the new kind's defaults (as AddStep).
    bool SetKind(const std::string& id, const std::string& kind);
    bool SetStart(const std::string& id);

    // [SECTION] Fields

    //! Sets field `key` of step `id` (one FieldsOf its kind); a null `value` removes it.
    //! String values typed key by key coalesce into one undo step.
    bool SetField(const std::string& id, const std::string& key,
                  const nlohmann::ordered_json& value);
    //! SetField from JSON text the operator typed ("params", "values", "options_from").
    bool SetFieldJson(const std::string& id, const std::string& key, const std::string& json_text);
    //! Points one of step `id`'s Links() at `target` (an existing step); "" unsets it.
    bool Connect(const std::string& id, const std::string& field, const std::string& target);
    //! An action's outcome: on[outcome] = target (Connect("on/<outcome>")); RemoveOutcome drops
    //! the entry.
    bool SetOutcome(const std::string& id, const std::string& outcome, const std::string& target);
    bool RemoveOutcome(const std::string& id, const std::string& outcome);
    //! A choice's options: {"value", "label": {"en": "", "es": ""}} appended; removed; value.
    bool AddOption(const std::string& id, const std::string& value);
    bool RemoveOption(const std::string& id, std::size_t index);
    bool SetOptionValue(const std::string& id, std::size_t index, const std::string& value);
    //! A branch's cases: {"when": {"var": "customer.verified", "op": "==", "value": true}}
    //! appended; removed; the condition from JSON text.
    bool AddCase(const std::string& id);
    bool RemoveCase(const std::string& id, std::size_t index);
    bool SetCaseWhen(const std::string& id, std::size_t index, const std::string& json_text);
    //! One language of a words field of step `id` ("" = the flow's title/resume): `text`'s
    //! lines are the phrasings (empty lines dropped; one line stays a string unless it was a
    //! list). Emptied: the language is removed when another has words, else left as "".
    bool SetWords(const std::string& id, const std::string& field, const std::string& locale,
                  const std::string& text);

    // [SECTION] Slot definitions ("slots": name -> {type, values, optional, prefill})

    bool AddSlot(const std::string& name, const std::string& type);
    bool RemoveSlot(const std::string& name);
    bool SetSlotType(const std::string& name, const std::string& type);
    //! An enum slot's values (empty: "values" removed).
    bool SetSlotValues(const std::string& name, const std::vector<std::string>& values);
    //! "optional" (default false) or "prefill" (default true); the default removes the key.
    bool SetSlotFlag(const std::string& name, const std::string& flag, bool on);

  private:
    bool Fail(const char* id, const std::string& message);
    //! Makes `doc` the document: pushes the old one on the undo stack (unless `typing` continues
    //! the last run), refreshes. An unchanged document changes nothing (true).
    bool Commit(nlohmann::ordered_json doc, const std::string& typing = "");
    void Refresh();
    //! The step `id` in `doc`, or nullptr (and error() set).
    nlohmann::ordered_json* FindStep(nlohmann::ordered_json& doc, const std::string& id);
    nlohmann::ordered_json* FindSlot(nlohmann::ordered_json& doc, const std::string& name);

    bool open_ = false;
    std::string path_;
    JsonRewriter rewriter_{""};
    nlohmann::ordered_json doc_;
    std::string text_;
    flow::Registry registry_;
    std::vector<flow::Diagnostic> registry_problems_;
    flow::Flow flow_;
    FlowGraph graph_;
    std::vector<FlowProblem> problems_;
    std::vector<MissingTranslation> missing_;
    std::vector<nlohmann::ordered_json> undo_, redo_;
    std::string typing_;
    std::string selected_;
    std::string error_;
    std::uint64_t revision_ = 0;
};

}  // namespace seam::console
