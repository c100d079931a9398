// shared/include/seam/text/stem.hpp — light stemming and stop words for English and Spanish.
//
// Retrieval compares words, and customers inflect them: "returns", "returning", "returned" and
// "return" must meet, as must "devoluciones" and "devolución". The stemmers here strip a small,
// fixed set of suffixes (plurals, -ing/-ed/-ly/-ment/-ation in English; plurals, -mente, -ción,
// common verb endings and enclitic pronouns in Spanish). They are deliberately conservative:
// a stem is a matching key, never shown to anyone, and a wrong merge costs more than a missed one.
//
// Input is a token's `norm` from seam::text::Tokenize (case and accents folded, apostrophes
// removed). Words with digits or characters outside a-z are returned unchanged, so numbers, codes
// and other scripts pass through. Everything is a pure function of its input: identical in every
// build.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace seam::text {

//! Languages with a stemmer and a stop-word list; kOther stems nothing and stops nothing.
enum class Language { kOther, kEnglish, kSpanish };

//! The language of a BCP 47-ish code by its primary subtag, case-insensitively: "en", "EN-gb"
//! -> kEnglish; "es", "es-MX", "es_419" -> kSpanish; anything else (including "") -> kOther.
Language LanguageFromCode(std::string_view code);

//! The primary subtag of `code`, lower-cased ASCII ("es-MX" -> "es", " EN " -> "en"); characters
//! other than ASCII letters end it. Empty when `code` does not start with a letter.
std::string PrimaryLanguageTag(std::string_view code);

//! The stem of one folded word. Short words (3 bytes or fewer), words containing anything but
//! a-z (digits, other scripts), and all words of kOther come back unchanged. Idempotent is NOT
//! promised (Stem(Stem(w)) may differ from Stem(w)); always stem surface words.
std::string Stem(std::string_view word, Language language);

//! True when the folded word is on the language's stop-word list (function words and
//! conversational filler such as "please", "hola", "quiero"). Always false for kOther.
bool IsStopWord(std::string_view word, Language language);

//! True when the folded word asks a question ("how", "what", "when", "where", "which", "why",
//! "who", "much", "many"; "como", "cuando", "cuanto", "donde", "cual", "quien" ...). These are not
//! stop words: they tell "When will I get my refund?" from "Where will my refund go?". But they
//! say nothing about the topic, which is what seam::kb's confidence needs to know.
bool IsQuestionWord(std::string_view word, Language language);

//! The stop-word list of `language`, sorted (byte order) and without duplicates; empty for
//! kOther. Exposed for documentation and tests.
const std::vector<std::string_view>& StopWords(Language language);

//! Matching terms of free text: Tokenize() (default folding), stop words dropped, the rest
//! stemmed, numbers kept as they are; in text order, duplicates kept.
std::vector<std::string> AnalyzeTerms(std::string_view text, Language language);

}  // namespace seam::text
