// shared/src/form/internal.hpp — helpers shared by the form validators. Internal: no
// compatibility promise; include only from shared/src/form/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seam/form/validate.hpp"

namespace seam::form::detail {

using Params = std::vector<std::pair<std::string, std::string>>;

//! True when messages should be Spanish (locale "es", "es-ES", "es-MX", ...).
bool IsSpanish(std::string_view locale);

//! The localised message for `error_id`, with "{name}" placeholders replaced from `params`.
std::string Message(std::string_view error_id, std::string_view locale, const Params& params);

//! A failed Validation carrying `error_id` and its message.
Validation Fail(std::string_view error_id, const FieldRules& rules, const Params& params = {});

//! A successful Validation.
Validation Accept(nlohmann::json value);

//! Lower case, accents removed, punctuation kept, white space collapsed and trimmed.
std::string Fold(std::string_view text);

//! Lower case, accents removed, punctuation and symbols as spaces, white space collapsed.
std::string FoldWords(std::string_view text);

//! Splits on ASCII spaces (no empty parts).
std::vector<std::string> SplitSpaces(std::string_view text);

//! ASCII helpers (bytes >= 0x80 are never digits or letters).
inline bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}
inline bool IsAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline char ToUpper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}
inline char ToLower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
std::string Upper(std::string_view s);
std::string Lower(std::string_view s);
bool AllDigits(std::string_view s);  //!< non-empty and only 0-9

//! Parses 1..18 ASCII digits; false for anything else.
bool ParseDigits(std::string_view s, std::int64_t& out);

//! "one".."twenty", "uno".."veinte" (folded, so "dieciséis" arrives as "dieciseis"), or digits.
//! False when `word` is neither.
bool ParseSmallNumber(std::string_view word, std::int64_t& out);

// Per type. `clean` is the input after sanitising, punctuation mapping (fullwidth digits,
// dashes), dropping invisibles and collapsing white space; never empty.
Validation ValidateEmail(const std::string& clean, const FieldRules& rules);
Validation ValidatePhone(const std::string& clean, const FieldRules& rules);
Validation ValidateDate(const std::string& clean, const FieldRules& rules);
Validation ValidateMoney(const std::string& clean, const FieldRules& rules);
Validation ValidateOrderNumber(const std::string& clean, const FieldRules& rules);
Validation ValidateInvoiceNumber(const std::string& clean, const FieldRules& rules);
Validation ValidatePostalCode(const std::string& clean, const FieldRules& rules);
Validation ValidateEnum(const std::string& clean, const FieldRules& rules);
Validation ValidateYesNo(const std::string& clean, const FieldRules& rules);
Validation ValidateNumber(const std::string& clean, const FieldRules& rules);
Validation ValidateRating(const std::string& clean, const FieldRules& rules);

}  // namespace seam::form::detail
