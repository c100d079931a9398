// shared/include/seam/text/normalize.hpp — one canonical form of a message, for matching.
//
// Pipeline (each stage optional): sanitize UTF-8 (always) -> drop controls and ignorables -> map
// compatibility forms (fullwidth, typographic quotes, dashes, ellipsis) -> fold case -> fold
// accents -> strip punctuation -> collapse white space and trim.
#pragma once

#include <string>
#include <string_view>

namespace seam::text {

struct NormalizeOptions {
    bool fold_case = true;
    bool fold_accents = true;
    bool normalize_punctuation = true;  //!< ’ -> ', “ -> ", — -> -, … -> ..., fullwidth -> ASCII
    bool strip_punctuation = false;   //!< punctuation and symbols become spaces
    bool collapse_whitespace = true;  //!< runs of any white space -> one ' ', trimmed
    bool drop_invisible = true;       //!< drop controls (except white space) and zero-width chars
};

//! Canonical form of `text` under `options`. Always returns well-formed UTF-8.
std::string Normalize(std::string_view text, const NormalizeOptions& options = {});

//! Case fold only (keeps accents, punctuation and spacing).
std::string FoldCase(std::string_view text);

//! Accent fold only (keeps case, punctuation and spacing).
std::string FoldAccents(std::string_view text);

//! White space collapsed to single spaces and trimmed; controls and ignorables dropped.
std::string CollapseWhitespace(std::string_view text);

//! Typographic punctuation mapped to ASCII equivalents (see NormalizeOptions).
std::string NormalizePunctuation(std::string_view text);

}  // namespace seam::text
