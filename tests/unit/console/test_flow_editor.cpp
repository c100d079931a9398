// tests/unit/console/test_flow_editor.cpp — the flow editor's model on the demo's order_status
// flow: each edit changes only its lines, the checker's problems land on their steps, missing
// translations are flagged, undo/redo round-trips byte for byte, impossible edits are refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../support/files.hpp"
#include "seam/console/flow_editor.hpp"

using seam::console::FlowEditor;
using seam::console::FlowProblem;

namespace {

const std::string& FlowText() {
    static const std::string text =
        seam::testing::ReadFile(seam::testing::SourcePath("assets/flows/order_status.json"));
    return text;
}

const std::string& ActionsText() {
    static const std::string text =
        seam::testing::ReadFile(seam::testing::SourcePath("assets/flows/actions.json"));
    return text;
}

void OpenDemo(FlowEditor& e) {
    REQUIRE(e.Open("flows/order_status.json", FlowText(), ActionsText()));
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

//! The lines that differ between two texts of the same length in lines ({-1} when the line
//! counts differ).
std::vector<int> ChangedLines(const std::string& a, const std::string& b) {
    const auto la = Lines(a), lb = Lines(b);
    if (la.size() != lb.size()) return {-1};
    std::vector<int> out;
    for (std::size_t i = 0; i < la.size(); ++i)
        if (la[i] != lb[i]) out.push_back(static_cast<int>(i));
    return out;
}

//! The problems with diagnostic id `id` on step `step`.
int Count(const FlowEditor& e, const std::string& id, const std::string& step) {
    return static_cast<int>(std::count_if(
        e.problems().begin(), e.problems().end(),
        [&](const FlowProblem& p) { return p.diagnostic.id == id && p.step == step; }));
}

std::string Problems(const FlowEditor& e) {
    std::string out;
    for (const FlowProblem& p : e.problems())
        out += p.step + ": " + p.diagnostic.ToString() + "\n";
    return out;
}

}  // namespace

TEST_CASE("flow editor: the demo flow opens as it is, with no problems") {
    FlowEditor e;
    OpenDemo(e);
    CHECK(e.is_open());
    CHECK(e.Text() == FlowText());
    CHECK_FALSE(e.dirty());
    CHECK(e.revision() == 0);
    INFO(Problems(e));
    CHECK(e.problems().empty());
    CHECK(e.missing_translations().empty());
    CHECK(e.flow().id == "order_status");
    CHECK(e.graph().nodes.size() == e.StepIds().size());
    CHECK_FALSE(e.can_undo());

    FlowEditor bad;
    CHECK_FALSE(bad.Open("flows/x.json", "[1, 2]", ActionsText()));
    CHECK(bad.error().rfind("[seam.flowed.open]", 0) == 0);
    CHECK_FALSE(bad.is_open());
}

TEST_CASE("flow editor: changing a Spanish message changes exactly its line") {
    FlowEditor e;
    OpenDemo(e);
    const std::string before = e.Text();
    REQUIRE(e.SetWords("say_accessory", "say", "es",
                       "Muchos lo compran junto: {{result.name}} ({{result.price}})"));
    CHECK(e.dirty());
    CHECK(e.revision() == 1);
    const std::vector<int> changed = ChangedLines(before, e.Text());
    REQUIRE(changed.size() == 1);
    CHECK(Lines(e.Text())[static_cast<std::size_t>(changed[0])].find("Muchos lo compran") !=
          std::string::npos);
    INFO(Problems(e));
    CHECK(e.problems().empty());
    const auto words = e.Words("say_accessory");
    REQUIRE(words.size() == 1);
    CHECK(words[0].field == "say");
    CHECK(words[0].text[1] == "Muchos lo compran junto: {{result.name}} ({{result.price}})");
}

TEST_CASE("flow editor: words of several phrasings, one per line") {
    FlowEditor e;
    OpenDemo(e);
    const auto words = e.Words("ask_order");
    REQUIRE(words.size() == 2);  // say, reprompt
    CHECK(words[0].locales == std::vector<std::string>{"en", "es"});
    CHECK(std::count(words[0].text[0].begin(), words[0].text[0].end(), '\n') == 1);
    CHECK(words[1].field == "reprompt");
    // An added phrasing (and a blank line, dropped) keeps the list a list.
    REQUIRE(e.SetWords("ask_order", "say", "en", words[0].text[0] + "\n\nOrder number, please?"));
    const auto* step = e.Step("ask_order");
    REQUIRE(step);
    CHECK((*step)["say"]["en"].size() == 3);
    // Option labels are words too.
    const auto more = e.Words("more");
    REQUIRE(more.size() == 5);  // say, then label + match of each option
    CHECK(more[1].field == "options/0/label");
    CHECK(more[1].text[1] == "Sí");
}

TEST_CASE("flow editor: an added step is connected to nothing: unreachable, on that step") {
    FlowEditor e;
    OpenDemo(e);
    CHECK(e.NewStepId("end") == "end");
    REQUIRE(e.AddStep("end"));
    CHECK(e.selected() == "end");
    INFO(Problems(e));
    CHECK(Count(e, "seam.flow.unreachable", "end") == 1);
    CHECK(e.ProblemCount("end") == 1);
    CHECK(e.ProblemCount("lookup") == 0);
    const int node = e.graph().Find("end");
    REQUIRE(node >= 0);
    CHECK_FALSE(e.graph().nodes[static_cast<std::size_t>(node)].reachable);

    // Connected from a new case of a branch, it is reachable and the problem is gone.
    REQUIRE(e.AddCase("wrap_up?"));
    REQUIRE(e.Connect("wrap_up?", "cases/1/next", "end"));
    CHECK(e.problems().empty());

    // Ids are made unique; a message step starts with empty words in both languages (flagged)
    // and without "next", which the schema check names on that step.
    CHECK(e.NewStepId("ask") == "ask");
    REQUIRE(e.AddStep("message"));
    REQUIRE(e.AddStep("message"));
    CHECK(e.selected() == "message_2");
    CHECK(e.ProblemCount("message_2") >= 1);
    CHECK(Count(e, "seam.flow.schema", "message_2") == 1);
    CHECK(e.MissingCount("message_2") == 2);
}

TEST_CASE("flow editor: an outcome without a target is a problem on its action step") {
    FlowEditor e;
    OpenDemo(e);
    REQUIRE(e.RemoveOutcome("lookup", "error"));
    INFO(Problems(e));
    CHECK(Count(e, "seam.flow.unhandled_outcome", "lookup") == 1);
    CHECK(e.OutcomesWithoutTarget("lookup") == std::vector<std::string>{"error"});
    REQUIRE(e.SetOutcome("lookup", "error", "handoff"));
    CHECK(e.problems().empty());

    // An outcome the action never reports.
    REQUIRE(e.SetOutcome("lookup", "teleported", "handoff"));
    CHECK(Count(e, "seam.flow.unknown_outcome", "lookup") == 1);
}

TEST_CASE("flow editor: removing a step leaves its references as problems, or clears them") {
    FlowEditor e;
    OpenDemo(e);
    CHECK(e.ReferencesTo("verify_failed") == std::vector<std::string>{"verify_ask/on_exhausted",
                                                                      "verify/on/locked",
                                                                      "verify/on/error"});
    REQUIRE(e.RemoveStep("verify_failed"));
    INFO(Problems(e));
    CHECK(Count(e, "seam.flow.unknown_step", "verify_ask") == 1);
    CHECK(Count(e, "seam.flow.unknown_step", "verify") == 2);
    REQUIRE(e.Undo());

    REQUIRE(e.RemoveStep("verify_failed", true));
    CHECK(e.ReferencesTo("verify_failed").empty());
    CHECK(Count(e, "seam.flow.unknown_step", "verify") == 0);
    CHECK(Count(e, "seam.flow.unhandled_outcome", "verify") == 2);  // locked, error: nowhere
    CHECK(e.StepString("verify_ask", "on_exhausted").empty());
}

TEST_CASE("flow editor: undo and redo round-trip byte for byte") {
    FlowEditor e;
    OpenDemo(e);
    REQUIRE(e.SetWords("rate", "say", "en", "How did I do?"));
    REQUIRE(e.AddStep("ask"));
    REQUIRE(e.SetKind("say_accessory", "end"));
    REQUIRE(e.RenameStep("lookup", "find_order"));
    REQUIRE(e.AddSlot("gift_note", "text"));
    const std::string edited = e.Text();
    const auto revision = e.revision();
    int undone = 0;
    while (e.can_undo()) {
        REQUIRE(e.Undo());
        ++undone;
    }
    CHECK(undone == 5);
    CHECK(e.revision() == revision + 5);
    CHECK(e.Text() == FlowText());
    CHECK_FALSE(e.dirty());
    CHECK_FALSE(e.Undo());
    CHECK(e.error().rfind("[seam.flowed.undo]", 0) == 0);
    while (e.can_redo())
        REQUIRE(e.Redo());
    CHECK(e.Text() == edited);
    // A new edit after an undo drops what could be redone.
    REQUIRE(e.Undo());
    REQUIRE(e.SetStart("ask_order"));
    CHECK_FALSE(e.can_redo());
}

TEST_CASE("flow editor: typing into one field is one undo step") {
    FlowEditor e;
    OpenDemo(e);
    REQUIRE(e.SetWords("rate", "say", "es", "¿Q"));
    REQUIRE(e.SetWords("rate", "say", "es", "¿Qué"));
    REQUIRE(e.SetWords("rate", "say", "es", "¿Qué tal?"));
    CHECK(e.revision() == 3);
    e.EndTyping();
    REQUIRE(e.SetWords("rate", "say", "es", "¿Qué tal lo hice?"));
    REQUIRE(e.Undo());
    CHECK(e.StepString("rate", "kind") == "csat");
    CHECK(e.Words("rate")[0].text[1] == "¿Qué tal?");
    REQUIRE(e.Undo());
    CHECK(e.Text() == FlowText());
}

TEST_CASE("flow editor: a missing translation is flagged on its step") {
    FlowEditor e;
    OpenDemo(e);
    REQUIRE(e.SetWords("rate", "say", "es", ""));
    REQUIRE(e.missing_translations().size() == 1);
    CHECK(e.missing_translations()[0].step == "rate");
    CHECK(e.missing_translations()[0].field == "say");
    CHECK(e.missing_translations()[0].locale == "es");
    CHECK(e.MissingCount("rate") == 1);
    const auto words = e.Words("rate");
    CHECK_FALSE(words[0].missing[0]);
    CHECK(words[0].missing[1]);
    // Emptied, the language is gone from the file (the engine then says the English words).
    CHECK_FALSE((*e.Step("rate"))["say"].contains("es"));
    CHECK(e.problems().empty());  // not a checker problem: the flow still works

    // Emptying the last language leaves "" so the text stays valid.
    REQUIRE(e.SetWords("rate", "say", "en", ""));
    CHECK((*e.Step("rate"))["say"]["en"] == "");
    CHECK(e.MissingCount("rate") == 2);

    // Words in one text for every language ("5") are not flagged; editing one language splits
    // them.
    REQUIRE(e.SetWords("", "title", "es", ""));
    CHECK(e.MissingCount("") == 1);
}

TEST_CASE("flow editor: renaming a step renames every reference to it") {
    FlowEditor e;
    OpenDemo(e);
    e.Select("lookup");
    const auto refs = e.ReferencesTo("lookup");
    CHECK(refs.size() == 3);  // ask_order/next, ask_order_again/next, verify/on/ok
    REQUIRE(e.RenameStep("lookup", "find_order"));
    CHECK(e.selected() == "find_order");
    CHECK(e.ReferencesTo("lookup").empty());
    CHECK(e.ReferencesTo("find_order").size() == refs.size());
    CHECK(e.StepString("ask_order", "next") == "find_order");
    INFO(Problems(e));
    CHECK(e.problems().empty());
    REQUIRE(e.RenameStep("known?", "start_here"));
    CHECK(e.document()["start"] == "start_here");
}

TEST_CASE("flow editor: impossible edits are refused and change nothing") {
    FlowEditor e;
    OpenDemo(e);
    auto refused = [&](bool done, const char* id) {
        CHECK_FALSE(done);
        CHECK(e.error().rfind(std::string("[") + id + "]", 0) == 0);
        CHECK(e.revision() == 0);
        CHECK(e.Text() == FlowText());
    };
    refused(e.AddStep("teleport"), "seam.flowed.kind");
    refused(e.AddStep("end", "lookup"), "seam.flowed.duplicate_id");
    refused(e.RenameStep("lookup", "verify"), "seam.flowed.duplicate_id");
    refused(e.RenameStep("lookup", "two words"), "seam.flowed.bad_id");
    refused(e.RemoveStep("nowhere"), "seam.flowed.no_step");
    refused(e.Connect("lookup", "next", "nowhere"), "seam.flowed.no_step");
    refused(e.Connect("say_tracking", "on/ok", "done"), "seam.flowed.field");
    refused(e.SetField("say_tracking", "slot", "order_number"), "seam.flowed.field");
    refused(e.SetField("say_tracking", "id", "x"), "seam.flowed.field");
    refused(e.SetFieldJson("lookup", "params", "{oops"), "seam.flowed.json");
    refused(e.SetCaseWhen("known?", 0, "[1]"), "seam.flowed.json");
    refused(e.SetCaseWhen("known?", 9, "{}"), "seam.flowed.index");
    refused(e.AddOption("more", "yes"), "seam.flowed.option");
    refused(e.RemoveOption("more", 5), "seam.flowed.index");
    refused(e.SetWords("lookup", "say", "en", "Hi"), "seam.flowed.field");
    refused(e.AddSlot("order_number", "text"), "seam.flowed.duplicate_slot");
    refused(e.AddSlot("gift note", "text"), "seam.flowed.slot_name");
    refused(e.AddSlot("gift_note", "hologram"), "seam.flowed.slot_type");
    refused(e.SetSlotType("nothing", "text"), "seam.flowed.no_slot");
    // The next edit that is done clears the message.
    REQUIRE(e.SetStart("ask_order"));
    CHECK(e.error().empty());
}

TEST_CASE("flow editor: kinds, fields, options and cases") {
    FlowEditor e;
    OpenDemo(e);
    // A message becomes an end step: say kept, next dropped, an outcome added.
    REQUIRE(e.SetKind("say_accessory", "end"));
    const auto* s = e.Step("say_accessory");
    REQUIRE(s);
    CHECK((*s)["outcome"] == "resolved");
    CHECK_FALSE(s->contains("next"));
    CHECK(s->contains("say"));
    INFO(Problems(e));
    CHECK(e.problems().empty());

    // Links list every place a step can go, by kind.
    const auto links = e.Links("ask_order");
    REQUIRE(links.size() == 2);
    CHECK(links[0].field == "next");
    CHECK(links[0].target == "lookup");
    CHECK(links[0].required);
    CHECK(links[1].field == "on_exhausted");
    const auto branch = e.Links("known?");
    REQUIRE(branch.size() == 3);
    CHECK(branch[0].label == "slot.order_number exists");
    CHECK(branch[2].field == "else");

    // Options and cases.
    REQUIRE(e.AddOption("more", "maybe"));
    CHECK(e.Words("more").size() == 7);
    CHECK(Count(e, "seam.flow.schema", "more") == 1);  // the new option goes nowhere yet
    REQUIRE(e.Connect("more", "options/2/next", "rate"));
    REQUIRE(e.SetOptionValue("more", 2, "perhaps"));
    REQUIRE(e.RemoveOption("more", 2));
    REQUIRE(e.AddCase("known?"));
    REQUIRE(e.SetCaseWhen("known?", 2, R"({"var": "slot.order_number", "op": "missing"})"));
    REQUIRE(e.Connect("known?", "cases/2/next", "ask_order"));
    REQUIRE(e.RemoveCase("known?", 2));
    REQUIRE(e.SetFieldJson("lookup", "params", R"({"order_number": "{{slot.verify_email}}"})"));
    REQUIRE(e.SetField("ask_order", "max_attempts", 5));
    REQUIRE(e.SetField("ask_order", "max_attempts", nullptr));
    CHECK_FALSE(e.Step("ask_order")->contains("max_attempts"));
    REQUIRE(e.SetFieldJson("lookup", "params", R"({"order_number": "{{slot.order_number}}"})"));
    REQUIRE(e.SetField("ask_order", "max_attempts", 3));
    INFO(Problems(e));
    CHECK(e.problems().empty());
}

TEST_CASE("flow editor: slot definitions") {
    FlowEditor e;
    OpenDemo(e);
    CHECK(e.SlotNames() ==
          std::vector<std::string>{"verify_email", "order_number", "anything_else"});
    REQUIRE(e.AddSlot("size", "enum"));
    INFO(Problems(e));
    CHECK(e.ProblemCount("") == 1);  // an enum slot needs values: on no step
    REQUIRE(e.SetSlotValues("size", {"S", "M", "", "M", "L"}));
    CHECK(e.document()["slots"]["size"]["values"].size() == 3);
    CHECK(e.problems().empty());
    REQUIRE(e.SetSlotType("size", "text"));
    CHECK_FALSE(e.document()["slots"]["size"].contains("values"));
    REQUIRE(e.SetSlotFlag("size", "prefill", false));
    CHECK(e.document()["slots"]["size"]["prefill"] == false);
    REQUIRE(e.SetSlotFlag("size", "prefill", true));
    CHECK_FALSE(e.document()["slots"]["size"].contains("prefill"));
    REQUIRE(e.RemoveSlot("size"));
    // Removing a slot the steps use: the checker names each use.
    REQUIRE(e.RemoveSlot("anything_else"));
    CHECK(Count(e, "seam.flow.undeclared_slot", "more") == 1);
}

TEST_CASE("flow editor: the undo stack is bounded") {
    FlowEditor e;
    OpenDemo(e);
    for (std::size_t i = 0; i < FlowEditor::kUndoDepth + 20; ++i) {
        REQUIRE(e.SetField("ask_order", "max_attempts", static_cast<int>(1 + i % 9)));
    }
    std::size_t undone = 0;
    while (e.Undo())
        ++undone;
    CHECK(undone == FlowEditor::kUndoDepth);
}

TEST_CASE("flow editor: odd documents are shown and edited without a crash") {
    // Whatever a draft holds (a half-written file, wrong types everywhere), reading and editing
    // it never aborts: the checker names the problems instead.
    const char* const kOdd = R"({"flow": 7, "slots": [1], "start": ["x"], "steps": [
      3, {"id": "a", "kind": "action", "on": "nowhere", "options": {"x": 1}},
      {"id": "b", "kind": "choice", "options": [1, {"value": 2, "label": 5, "next": 9}],
       "say": {"en": ["", 4], "es": null}},
      {"id": "c", "kind": "branch", "cases": [{"when": "always"}, 5], "else": 3},
      {"kind": "mystery", "reprompt": {}}, {"id": "b", "kind": "end"}]})";
    FlowEditor e;
    REQUIRE(e.Open("flows/odd.json", kOdd, ActionsText()));
    CHECK_FALSE(e.problems().empty());
    for (const std::string& id : {std::string("a"), std::string("b"), std::string("c"),
                                  std::string(""), std::string("zzz")}) {
        e.Links(id);
        e.Words(id);
        e.ReferencesTo(id);
        e.OutcomesWithoutTarget(id);
        e.SetWords(id, "say", "es", "hola");
        e.SetWords(id, "options/1/label", "en", "Two");
        e.Connect(id, "options/1/next", "c");
        e.Connect(id, "cases/0/next", "a");
        e.Connect(id, "on/ok", "c");
        e.SetOutcome(id, "ok", "b");
        e.AddOption(id, "yes");
        e.SetOptionValue(id, 0, "no");
        e.AddCase(id);
        e.SetCaseWhen(id, 1, "{}");
        e.SetKind(id, "message");
        e.RenameStep(id, id + "2");
    }
    e.SetStart("a2");
    e.AddSlot("x", "text");
    e.SetSlotValues("x", {"1"});
    e.AddStep("ask");
    while (e.can_undo())
        REQUIRE(e.Undo());
    CHECK(e.Text() == kOdd);
}
