// shared/include/seam/assistant/bundle.hpp — everything the widget's in-browser brain needs, in
// one JSON document (written by `seam bundle`, read by web/widget/brain.cpp):
//
//   {"format": "seam-widget-bundle/1",
//    "flows": [flow objects], "actions": {actions.json object},
//    "articles": [{"path": "kb/en/returns.md", "text": "..."}],
//    "model": "<base64 of nlu::IntentModel::Serialize()>"}
//
// Loading checks the flows exactly as the native loader does (schema, then CheckFlow against the
// actions), parses and indexes the articles, and deserialises the model.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seam/core/result.hpp"
#include "seam/flow/flow.hpp"
#include "seam/kb/index.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::assistant {

inline constexpr std::string_view kBundleFormat = "seam-widget-bundle/1";

struct Bundle {
    std::vector<flow::Flow> flows;
    nlu::IntentModel model;
    kb::Index index;
};

//! How the widget's model is trained: the full model's algorithm over cheaper features
//! (character trigrams only, features seen in at least two examples, quantised weights below
//! 9/127 pruned): about an eighth of the full model's size (the widget's download budget).
//! `seam bundle --report` measures what it costs in accuracy.
nlu::TrainOptions WidgetTrainOptions();

//! The parts of a bundle as text, as `seam bundle` reads them from assets/.
struct BundleSources {
    std::vector<std::pair<std::string, std::string>> flows;     //!< (source name, JSON text)
    std::string actions;                                        //!< actions.json text
    std::vector<std::pair<std::string, std::string>> articles;  //!< (path, Markdown text)
    std::string model;                                          //!< IntentModel::Serialize()
};

//! The bundle document for `sources`. Errors: seam.bundle.json (a flow or the actions is not
//! JSON).
Result<std::string> MakeBundle(const BundleSources& sources);

//! Parses and checks a bundle document. Errors: seam.bundle.json, seam.bundle.format,
//! seam.bundle.flows (every flow problem listed, as `seam check` prints them), seam.bundle.model
//! (bad base64, or the model's own error message), and the kb's article errors.
Result<Bundle> LoadBundle(std::string_view json_text);

//! Standard base64 (RFC 4648, with padding).
std::string EncodeBase64(std::string_view bytes);
//! Decodes standard base64; white space is skipped. Errors: seam.base64.invalid.
Result<std::string> DecodeBase64(std::string_view text);

}  // namespace seam::assistant
