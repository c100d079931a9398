// shared/include/seam/nlu/features.hpp — what the intent model sees of a message.
//
// A message becomes a bag of hashed features: folded words, adjacent word pairs, and character
// n-grams of each word with boundary marks (which make the model robust to typos, inflections
// and missing accents). Numbers become their shape ("#3" for a 3-digit number) so "order 104233"
// and "order 998877" look alike. Only the first kMaxWords words are read: a 1 MB message costs
// no more than a long one.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace seam::nlu {

inline constexpr std::size_t kMaxWords = 256;
inline constexpr std::size_t kMaxWordChars = 32;

//! Feature groups, weighted separately (so the many character n-grams do not drown the words).
enum class FeatureGroup : std::uint8_t { kWord = 0, kBigram = 1, kChar = 2 };

struct FeatureOptions {
    int char_min = 3;  //!< shortest character n-gram (boundary marks count as characters)
    int char_max = 5;  //!< longest character n-gram
    bool bigrams = true;
    int span_char_min = 4;  //!< n-grams that cross a word boundary (0 = none)
    int span_char_max = 0;
    float word_weight = 1.0f;
    float bigram_weight = 0.7f;
    float char_weight = 0.45f;
};

//! One hashed feature occurrence count; `id` is a stable 32-bit hash, `group` its kind.
struct FeatureCount {
    std::uint32_t id;
    FeatureGroup group;
    float count;
};

//! Features of `text`, merged by id and sorted by id (deterministic in every build).
std::vector<FeatureCount> ExtractFeatures(std::string_view text, const FeatureOptions& options);

}  // namespace seam::nlu
