// shared/include/seam/text/unicode.hpp — the small part of the Unicode character database Seam
// needs.
//
// Classification is deliberately coarse: it exists to split customer messages into words and to
// normalise them, for Latin, Greek and Cyrillic scripts in detail and other scripts as "letters"
// (with CJK ideographs standing alone, as there are no spaces between them).
#pragma once

#include <string>

namespace seam::text {

enum class CharClass {
    kLetter,      //!< part of a word (any script), including ª º µ
    kMark,        //!< combining mark: stays attached to the letter before it
    kDigit,       //!< 0-9 (after fullwidth mapping)
    kApostrophe,  //!< ' ’ ʼ ´ ` and friends: joins "don't" inside a word
    kSpace,       //!< any Unicode white space
    kPunct,       //!< punctuation: . , ! ? ¿ ¡ quotes dashes brackets ...
    kSymbol,      //!< currency, math, arrows, emoji, U+FFFD ...
    kIdeograph,   //!< CJK ideograph: a word on its own
    kIgnorable,   //!< zero-width, soft hyphen, bidi controls, variation selectors: dropped
    kControl,     //!< C0/C1 controls other than white space: dropped
};

//! Class of a code point, after NormalizeCodePoint() has been applied by the caller or not.
CharClass Classify(char32_t cp);

//! Compatibility mapping applied before classification: fullwidth ASCII to ASCII, typographic
//! quotes/apostrophes to ' and ", dashes and minus to '-', no-break and ideographic spaces to ' '.
//! Returns the code point unchanged when there is nothing to map. (The ellipsis expands to "..."
//! in NormalizePunctuation; it is a single code point here.)
char32_t NormalizeCodePoint(char32_t cp);

//! Simple case folding (lower case) for Latin, Greek, Cyrillic and Armenian; identity elsewhere.
//! Expanding folds (ß -> "ss", ẞ -> "ss", İ -> "i") are handled by AppendFolded.
char32_t FoldCaseSimple(char32_t cp);

//! Base letters of a Latin letter with diacritics ("é" -> "e", "Æ" -> "AE", "ß" -> "ss",
//! "ł" -> "l"), or an empty string when `cp` has no accent-free form or needs none.
//! Combining marks are not handled here (Classify() reports them as kMark).
const char* StripAccent(char32_t cp);

struct FoldOptions {
    bool fold_case = true;
    bool fold_accents = true;
};

//! Appends the folded form of one code point to `out` (UTF-8). With fold_accents, combining
//! marks append nothing.
void AppendFolded(char32_t cp, const FoldOptions& options, std::string& out);

}  // namespace seam::text
