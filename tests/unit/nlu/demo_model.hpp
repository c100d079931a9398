// tests/unit/nlu/demo_model.hpp — the demo store's intent model, trained once per test run from
// assets/nlu/*.jsonl exactly as `seam train` does.
#pragma once

#include <string>
#include <vector>

#include "../support/files.hpp"
#include "seam/nlu/dataset.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::testing {

inline std::vector<nlu::Example> DemoExamples() {
    std::vector<nlu::Example> all;
    for (const char* file : {"assets/nlu/en.jsonl", "assets/nlu/es.jsonl"}) {
        auto parsed = nlu::ParseJsonLines(ReadFile(SourcePath(file)), file);
        if (parsed) all.insert(all.end(), parsed->begin(), parsed->end());
    }
    return all;
}

inline const nlu::IntentModel& DemoModel() {
    static const nlu::IntentModel model = [] {
        auto trained = nlu::TrainCalibrated(DemoExamples(), {});
        return trained ? std::move(trained.value()) : nlu::IntentModel();
    }();
    return model;
}

}  // namespace seam::testing
