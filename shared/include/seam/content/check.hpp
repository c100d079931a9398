// shared/include/seam/content/check.hpp — checking a whole content set before it is published,
// with the same diagnostics `seam check` prints (each at its file and JSON pointer), and running
// the conversation tests saved with a flow. The console checks a draft on every change with it;
// seamd checks again before it publishes (the server re-validates everything).
//
//   flows       parsed (schema) and checked (flow::CheckFlow) against the action registry
//   tests       parsed (.conv syntax), and their flow must exist in the set
//   articles    parsed (kb::ParseArticle); lang folder and the article's `lang` agree
//   triggers    parsed and checked against the set's flows (proactive::CheckTrigger)
//   replies     parsed (content::ParseReply)
//   the set     the engine's own flows exist (talk_to_human, kb_fallback); no two articles of
//               one language share an id; sizes within kMaxFileBytes / kMaxFiles
//
// The parsers' and checkers' own ids are kept (seam.flow.*, seam.conv.syntax, seam.kb.*,
// seam.proactive.*, seam.reply.*); what only the set can tell:
//   seam.content.path              a path that is not content (KindOf's reason)
//   seam.content.too_large         a file over kMaxFileBytes, or a set over kMaxFiles (file "")
//   seam.content.too_deep          JSON nested deeper than 64 levels (refused before parsing)
//   seam.content.id_mismatch       a flow's, trigger's or reply's id is not its file's name
//   seam.content.unknown_flow      a test of a flow the set does not have
//   seam.content.lang_mismatch     kb/<lang>/ and the article's `lang` differ
//   seam.content.duplicate_article two articles of one language with one id (at the later path)
//   seam.content.missing_flow      talk_to_human or kb_fallback missing (file: its flow path)
// Tests and triggers refer to flows by file name, so a broken flow is reported once, at itself.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seam/assistant/understand.hpp"
#include "seam/content/files.hpp"
#include "seam/flow/diagnostic.hpp"
#include "seam/flow/engine.hpp"
#include "seam/flow/flow.hpp"
#include "seam/kb/article.hpp"

namespace seam::content {

//! Appends every problem of `content` to `out` (Diagnostic::file = the content path); true when
//! there was none. `actions_json` is flows/actions.json's text.
bool CheckContent(const Files& content, std::string_view actions_json,
                  std::vector<flow::Diagnostic>& out);

//! The flows of `content` that parse (in path order); problems appended to `out` when given.
std::vector<flow::Flow> ParseFlows(const Files& content, std::vector<flow::Diagnostic>* out);

//! The articles of `content` that parse (in path order); problems appended when `out` is given.
std::vector<kb::Article> ParseArticles(const Files& content, std::vector<flow::Diagnostic>* out);

//! The id of the step a diagnostic's pointer falls in, in the flow file `flow_json`:
//! "/steps/3/next" -> the id of steps[3]; "" when the pointer is not inside a step (or the text
//! is not a flow).
std::string StepOfPointer(std::string_view flow_json, const std::string& pointer);

//! A diagnostic as JSON: {"id", "file", "pointer", "message", "step"} ("step" only for flows,
//! from StepOfPointer on `content`'s text of the file; "" when none).
nlohmann::json DiagnosticToJson(const flow::Diagnostic& d, const Files& content);

//! One saved conversation test and how it went.
struct TestRun {
    std::string path;  //!< flows/tests/<flow>/<name>.conv
    bool passed = false;
    std::string report;  //!< "" when passed; else what failed (assistant::FormatFailure lines,
                         //!< or the syntax error)
};

//! Runs every saved test of `flow_id` ("" = of every flow) in `content`, in path order, against
//! `engine` and `understander` (built from the set under test).
std::vector<TestRun> RunFlowTests(const Files& content, const std::string& flow_id,
                                  const flow::Engine& engine,
                                  const assistant::Understander& understander);

}  // namespace seam::content
