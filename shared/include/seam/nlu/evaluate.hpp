// shared/include/seam/nlu/evaluate.hpp — the metrics `seam eval` reports, computed from labels and
// predictions (timing is measured by the host program, which owns a clock).
#pragma once

#include <string>
#include <vector>

#include "seam/nlu/dataset.hpp"

namespace seam::nlu {

struct EvalReport {
    std::size_t examples = 0;
    double accuracy = 0;           //!< share of predictions equal to the label ("oos" included)
    double macro_f1 = 0;           //!< mean F1 over every label present in gold or predictions
    bool has_oos = false;          //!< the test data has "oos" labels
    double in_scope_accuracy = 0;  //!< accuracy over in-scope examples (predicting oos is wrong)
    double oos_recall = 0;         //!< share of oos examples predicted oos
    double oos_precision = 0;      //!< share of oos predictions that are oos examples
};

//! Compares `predicted[i]` (an intent or "oos") with `test[i].intent`; sizes must match.
EvalReport Evaluate(const std::vector<Example>& test, const std::vector<std::string>& predicted);

}  // namespace seam::nlu
