// tests/fuzz/fuzz_support.hpp — what the libFuzzer harnesses share: the demo business (flows,
// actions, intent model, knowledge base) loaded once from the source tree, as the widget's brain
// and seamd assemble it, and small helpers for splitting an input.
//
// Harnesses may do I/O at start-up (LLVMFuzzerInitialize); the code they fuzz may not. Loading
// failures end the process with a message: a harness without its data would fuzz nothing.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seam/assistant/bundle.hpp"
#include "seam/assistant/business.hpp"
#include "seam/assistant/understand.hpp"
#include "seam/core/date.hpp"
#include "seam/flow/check.hpp"
#include "seam/flow/engine.hpp"
#include "seam/flow/parse.hpp"
#include "seam/flow/registry.hpp"
#include "seam/kb/article.hpp"
#include "seam/kb/index.hpp"
#include "seam/nlu/dataset.hpp"
#include "seam/nlu/intent_model.hpp"

#ifndef SEAM_SOURCE_DIR
#error "SEAM_SOURCE_DIR must be defined by tests/fuzz/CMakeLists.txt"
#endif

namespace seam::fuzz {

//! Ends the harness when its start-up data is missing (never for a fuzzed input).
[[noreturn]] inline void Die(const std::string& why) {
    std::fprintf(stderr, "fuzz harness: %s\n", why.c_str());
    std::exit(2);
}

inline std::string SourcePath(const std::string& relative) {
    return std::string(SEAM_SOURCE_DIR) + "/" + relative;
}

inline std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) Die("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

//! Files under `dir` (relative to the source tree) ending in `suffix`, sorted.
inline std::vector<std::string> SourceFiles(const std::string& dir, const std::string& suffix) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(SourcePath(dir))) {
        const std::string p = e.path().string();
        if (e.is_regular_file() && p.size() > suffix.size() &&
            p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0) {
            out.push_back(p);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

//! The business day every harness runs on (the tests' and the live scripts' day).
inline Date Today() {
    return Date{2026, 11, 22};
}

//! assets/flows/actions.json as the checker reads it.
inline const flow::Registry& DemoRegistry() {
    static const flow::Registry registry = [] {
        std::vector<flow::Diagnostic> diagnostics;
        const std::string path = SourcePath("assets/flows/actions.json");
        flow::Registry r = flow::ParseRegistry(ReadFile(path), path, diagnostics);
        if (!diagnostics.empty()) Die(path + ": " + diagnostics.front().ToString());
        return r;
    }();
    return registry;
}

//! Every demo flow, parsed and checked (what `seam check assets/flows` accepts).
inline std::vector<flow::Flow> DemoFlows() {
    std::vector<flow::Flow> flows;
    for (const std::string& path : SourceFiles("assets/flows", ".json")) {
        if (path.size() >= 12 && path.compare(path.size() - 12, 12, "actions.json") == 0) continue;
        std::vector<flow::Diagnostic> diagnostics;
        flow::Flow f;
        if (!flow::ParseFlow(ReadFile(path), path, f, diagnostics) ||
            !flow::CheckFlow(f, DemoRegistry(), diagnostics)) {
            Die(path + ": " + (diagnostics.empty() ? "invalid" : diagnostics.front().ToString()));
        }
        flows.push_back(std::move(f));
    }
    return flows;
}

//! An engine over `flows` with the business's validator, configured as seamd and the widget are.
inline std::unique_ptr<flow::Engine> MakeEngine(std::vector<flow::Flow> flows) {
    flow::EngineConfig config;
    config.flows = std::move(flows);
    config.validator = assistant::BusinessSlotValidator(Today());
    config.human_flow = "talk_to_human";
    config.fallback_flow = "kb_fallback";
    return std::make_unique<flow::Engine>(std::move(config));
}

//! The demo business's brain: the widget's model (trained at start-up from assets/nlu with
//! assistant::WidgetTrainOptions, a few seconds), the knowledge base, the demo flows.
struct Brain {
    std::unique_ptr<flow::Engine> engine;
    std::unique_ptr<assistant::Understander> understander;
};

inline const Brain& DemoBrain() {
    static const Brain brain = [] {
        std::vector<nlu::Example> examples;
        for (const std::string& path : SourceFiles("assets/nlu", ".jsonl")) {
            Result<std::vector<nlu::Example>> parsed = nlu::ParseJsonLines(ReadFile(path), path);
            if (!parsed) Die(parsed.error().message);
            examples.insert(examples.end(), parsed->begin(), parsed->end());
        }
        Result<nlu::IntentModel> model =
            nlu::TrainCalibrated(examples, {}, assistant::WidgetTrainOptions());
        if (!model) Die(model.error().message);
        std::vector<kb::Article> articles;
        for (const std::string& path : SourceFiles("assets/kb", ".md")) {
            Result<kb::Article> article = kb::ParseArticle(ReadFile(path), path);
            if (!article) Die(article.error().message);
            articles.push_back(std::move(article.value()));
        }
        Result<kb::Index> index = kb::Index::Build(std::move(articles));
        if (!index) Die(index.error().message);
        Brain b;
        b.engine = MakeEngine(DemoFlows());
        b.understander = std::make_unique<assistant::Understander>(
            std::move(model.value()), std::move(index.value()),
            assistant::BusinessEntityFinder(Today()));
        return b;
    }();
    return brain;
}

//! The bytes up to the first '\n' (removed from `rest`); all of it when there is none.
inline std::string_view TakeLine(std::string_view& rest) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    return line;
}

//! Stops the fuzzer with a crash report when a promise of the fuzzed API is broken (the same
//! outcome as a sanitizer finding: libFuzzer saves the input).
#define SEAM_FUZZ_CHECK(condition, why)                                            \
    do {                                                                           \
        if (!(condition)) {                                                        \
            std::fprintf(stderr, "fuzz check failed: %s (%s)\n", #condition, why); \
            std::abort();                                                          \
        }                                                                          \
    } while (false)

}  // namespace seam::fuzz
