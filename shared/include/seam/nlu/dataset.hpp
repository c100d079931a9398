// shared/include/seam/nlu/dataset.hpp — labelled utterances in the uniform JSON Lines format:
// one {"text": "...", "intent": "..."} per line (other keys ignored; blank lines skipped).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::nlu {

//! The intent label of out-of-scope examples, by the convention of CLINC150.
inline constexpr std::string_view kOutOfScope = "oos";

struct Example {
    std::string text;
    std::string intent;
};

//! Parses JSON Lines. Errors ("seam.dataset.*") name `source` and the 1-based line number.
Result<std::vector<Example>> ParseJsonLines(std::string_view content, std::string_view source);

//! Sorted distinct intent labels of `examples`.
std::vector<std::string> IntentLabels(const std::vector<Example>& examples);

}  // namespace seam::nlu
