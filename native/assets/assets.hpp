// native/assets/assets.hpp — loading the demo business's data (assets/) for the CLI and seamd:
// flows and actions, intent examples, knowledge-base articles. Errors are printed; functions return
// false.
#pragma once

#include <string>
#include <vector>

#include "seam/assistant/understand.hpp"
#include "seam/content/files.hpp"
#include "seam/flow/engine.hpp"
#include "seam/flow/flow.hpp"
#include "seam/flow/registry.hpp"
#include "seam/form/date.hpp"
#include "seam/kb/article.hpp"
#include "seam/nlu/dataset.hpp"

namespace seam::assets {

//! Whole file into `out`.
bool ReadWholeFile(const std::string& path, std::string& out);

//! Files under `dir` (recursively) whose names end with `suffix`, sorted.
std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix);

//! Every file under `dir` that assets/ holds (*.json, *.jsonl, *.md, *.conv), by its path
//! relative to `dir` ('/'-separated): what Assistant::LoadFiles and content publishing read.
//! Empty when `dir` cannot be read.
content::Files ReadTree(const std::string& dir);

//! Every *.md article under `dir`.
bool LoadArticles(const std::string& dir, std::vector<kb::Article>& out);

//! Every flow in `dir` (all *.json but actions.json), parsed and checked against
//! `dir`/actions.json; prints problems like `seam check`.
bool LoadFlows(const std::string& dir, std::vector<flow::Flow>& out);

//! assistant::BusinessSlotValidator (seam/assistant/business.hpp), kept for the callers here.
flow::SlotValidator DemoSlotValidator(const form::Date& today);

//! assistant::BusinessEntityFinder (seam/assistant/business.hpp), kept for the callers here.
assistant::EntityFinder DemoEntityFinder(const form::Date& today);

//! Every *.jsonl example file in `dir`.
bool LoadIntentExamples(const std::string& dir, std::vector<nlu::Example>& out);

}  // namespace seam::assets
