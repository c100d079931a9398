// shared/src/form/validate.cpp — Validate(): the checks every input goes through (encoding, card
// numbers, emptiness, size), dispatch per field type, card number detection and redaction, and
// the small types (email, text, order and invoice numbers).
//
// Index of this file:
//   [SECTION] Helpers
//   [SECTION] Card numbers
//   [SECTION] Email
//   [SECTION] Order and invoice numbers
//   [SECTION] Text
//   [SECTION] Validate
#include "seam/form/validate.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "internal.hpp"
#include "seam/nlu/entities.hpp"
#include "seam/text/normalize.hpp"
#include "seam/text/unicode.hpp"
#include "seam/text/utf8.hpp"

namespace seam::form {
namespace detail {

// [SECTION] Helpers

bool IsSpanish(std::string_view locale) {
    return locale.size() >= 2 && ToLower(locale[0]) == 'e' && ToLower(locale[1]) == 's' &&
           (locale.size() == 2 || locale[2] == '-' || locale[2] == '_');
}

Validation Fail(std::string_view error_id, const FieldRules& rules, const Params& params) {
    Validation v;
    v.ok = false;
    v.error_id = std::string(error_id);
    v.message = Message(error_id, rules.locale, params);
    return v;
}

Validation Accept(nlohmann::json value) {
    Validation v;
    v.ok = true;
    v.value = std::move(value);
    return v;
}

std::string Fold(std::string_view text) {
    return seam::text::Normalize(text);
}

std::string FoldWords(std::string_view text) {
    seam::text::NormalizeOptions o;
    o.strip_punctuation = true;
    return seam::text::Normalize(text, o);
}

std::vector<std::string> SplitSpaces(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ')
            ++i;
        if (i > start) parts.emplace_back(text.substr(start, i - start));
    }
    return parts;
}

std::string Upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ToUpper(c);
    return out;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ToLower(c);
    return out;
}

bool AllDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!IsDigit(c)) return false;
    }
    return true;
}

bool ParseDigits(std::string_view s, std::int64_t& out) {
    if (s.empty() || s.size() > 18 || !AllDigits(s)) return false;
    std::int64_t v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    out = v;
    return true;
}

bool ParseSmallNumber(std::string_view word, std::int64_t& out) {
    static constexpr const char* kEnglish[] = {
        "zero",     "one",     "two",     "three",     "four",     "five",     "six",
        "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
    static constexpr const char* kSpanish[] = {
        "cero",    "uno",    "dos",       "tres",       "cuatro",    "cinco",      "seis",
        "siete",   "ocho",   "nueve",     "diez",       "once",      "doce",       "trece",
        "catorce", "quince", "dieciseis", "diecisiete", "dieciocho", "diecinueve", "veinte"};
    if (ParseDigits(word, out)) return true;
    for (int i = 0; i <= 20; ++i) {
        if (word == kEnglish[i] || word == kSpanish[i]) {
            out = i;
            return true;
        }
    }
    if (word == "un" || word == "una") {
        out = 1;
        return true;
    }
    return false;
}

// [SECTION] Card numbers
// One detector for the whole core, the entity extractor's (nlu/entities.hpp): what the forms
// refuse is exactly what messages have redacted. See ContainsCardData below.

// [SECTION] Email

Validation ValidateEmail(const std::string& clean, const FieldRules& rules) {
    std::string s = clean;
    if (s.size() > 7 && Lower(s.substr(0, 7)) == "mailto:") s = s.substr(7);
    // Tolerate the wrapping people paste: <name@example.com>, "name@example.com", a final dot.
    while (!s.empty() && (s.front() == '<' || s.front() == '"' || s.front() == '\'')) {
        s.erase(0, 1);
    }
    while (!s.empty() &&
           (s.back() == '>' || s.back() == '"' || s.back() == '\'' || s.back() == '.')) {
        s.pop_back();
    }
    if (s.empty()) return Fail("seam.form.email.invalid", rules);
    if (s.find(' ') != std::string::npos) return Fail("seam.form.email.spaces", rules);
    const std::size_t at = s.find('@');
    if (at == std::string::npos) return Fail("seam.form.email.missing_at", rules);
    if (s.find('@', at + 1) != std::string::npos) return Fail("seam.form.email.multiple_at", rules);
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return Fail("seam.form.email.non_ascii", rules);
    }
    const std::string local = s.substr(0, at);
    const std::string domain = Lower(s.substr(at + 1));
    if (local.empty()) return Fail("seam.form.email.missing_name", rules);
    if (domain.empty()) return Fail("seam.form.email.missing_domain", rules);
    static constexpr std::string_view kLocalSpecials = "!#$%&'*+/=?^_`{|}~-.";
    if (local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string::npos) {
        return Fail("seam.form.email.invalid_name", rules);
    }
    for (char c : local) {
        if (!IsDigit(c) && !IsAlpha(c) && kLocalSpecials.find(c) == std::string_view::npos) {
            return Fail("seam.form.email.invalid_name", rules);
        }
    }
    for (char c : domain) {
        if (!IsDigit(c) && !IsAlpha(c) && c != '-' && c != '.') {
            return Fail("seam.form.email.invalid_domain", rules);
        }
    }
    if (domain.find('.') == std::string::npos) return Fail("seam.form.email.missing_tld", rules);
    if (domain.size() > 253) return Fail("seam.form.email.invalid_domain", rules);
    std::vector<std::string> labels;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = domain.find('.', start);
        labels.push_back(domain.substr(start, dot == std::string::npos ? dot : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    for (const std::string& label : labels) {
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return Fail("seam.form.email.invalid_domain", rules);
        }
        for (char c : label) {
            if (!IsDigit(c) && !IsAlpha(c) && c != '-') {
                return Fail("seam.form.email.invalid_domain", rules);
            }
        }
    }
    const std::string& tld = labels.back();
    if (tld.size() < 2) return Fail("seam.form.email.missing_tld", rules);
    for (char c : tld) {
        if (!IsAlpha(c) && !(tld.size() > 4 && tld.compare(0, 4, "xn--") == 0)) {
            return Fail("seam.form.email.missing_tld", rules);
        }
    }
    return Accept(local + "@" + domain);
}

// [SECTION] Order and invoice numbers

namespace {

// Words people put around a reference: "order 104233", "pedido nº 104233", "invoice no. ...".
bool IsReferenceFiller(const std::string& word) {
    static constexpr const char* kFillers[] = {
        "order",      "my",  "is",  "it's", "its",     "number",  "no",  "no.",
        "nr",         "nr.", "num", "num.", "pedido",  "numero",  "n",   "no:",
        "mi",         "es",  "el",  "the",  "invoice", "factura", "ref", "reference",
        "referencia", "#:",  ":",   "nº",   "n.",      "n°"};
    for (const char* f : kFillers) {
        if (word == f) return true;
    }
    return false;
}

std::string StripFillers(const std::string& clean) {
    std::string rest;
    for (const std::string& w : SplitSpaces(Fold(clean))) {
        if (IsReferenceFiller(w)) continue;
        rest += w;
    }
    return rest;
}

}  // namespace

Validation ValidateOrderNumber(const std::string& clean, const FieldRules& rules) {
    const std::string prefix = Upper(rules.order_prefix);
    const int want = rules.order_digits > 0 && rules.order_digits <= 18 ? rules.order_digits : 6;
    const Params params = {
        {"prefix", prefix},
        {"digits", std::to_string(want)},
        // A realistic-looking example of the right length: LW-104233 for six digits.
        {"example",
         prefix + "-" +
             std::string("104233978512460317").substr(0, static_cast<std::size_t>(want))}};
    std::string s = Upper(StripFillers(clean));
    if (!s.empty() && s.front() == '#') s.erase(0, 1);
    if (!s.empty() && (s.front() == ':' || s.front() == '#')) s.erase(0, 1);
    if (s.empty()) return Fail("seam.form.order_number.invalid", rules, params);
    if (!prefix.empty() && s.compare(0, prefix.size(), prefix) == 0) {
        s.erase(0, prefix.size());
        if (!s.empty() && (s.front() == '-' || s.front() == '#' || s.front() == ':')) s.erase(0, 1);
    } else if (IsAlpha(s.front())) {
        if (s.compare(0, 3, "INV") == 0) {
            return Fail("seam.form.order_number.looks_like_invoice", rules, params);
        }
        return Fail("seam.form.order_number.wrong_prefix", rules, params);
    }
    std::string digits;
    for (char c : s) {
        if (IsDigit(c)) {
            digits.push_back(c);
        } else if (c != '-' && c != '.') {
            return Fail("seam.form.order_number.invalid", rules, params);
        }
    }
    if (digits.empty()) return Fail("seam.form.order_number.invalid", rules, params);
    if (static_cast<int>(digits.size()) != want) {
        return Fail("seam.form.order_number.wrong_length", rules, params);
    }
    return Accept(prefix.empty() ? digits : prefix + "-" + digits);
}

Validation ValidateInvoiceNumber(const std::string& clean, const FieldRules& rules) {
    const std::string prefix = Upper(rules.invoice_prefix);
    const Params params = {{"prefix", prefix}, {"example", prefix + "-2026-004512"}};
    std::string s = Upper(StripFillers(clean));
    if (!s.empty() && s.front() == '#') s.erase(0, 1);
    if (s.empty()) return Fail("seam.form.invoice_number.invalid", rules, params);
    if (!prefix.empty() && s.compare(0, prefix.size(), prefix) == 0) {
        s.erase(0, prefix.size());
    } else if (IsAlpha(s.front())) {
        if (s.compare(0, 2, "LW") == 0) {
            return Fail("seam.form.invoice_number.looks_like_order", rules, params);
        }
        return Fail("seam.form.invoice_number.invalid", rules, params);
    }
    // Digit groups: "2026-004512", "2026/4512", "2026004512".
    std::vector<std::string> groups;
    std::string current;
    for (char c : s) {
        if (IsDigit(c)) {
            current.push_back(c);
        } else if (c == '-' || c == '/' || c == '.' || c == '_') {
            if (!current.empty()) groups.push_back(current);
            current.clear();
        } else {
            return Fail("seam.form.invoice_number.invalid", rules, params);
        }
    }
    if (!current.empty()) groups.push_back(current);
    std::string year, serial;
    if (groups.size() == 1 && groups[0].size() == 10) {
        year = groups[0].substr(0, 4);
        serial = groups[0].substr(4);
    } else if (groups.size() == 2 && groups[0].size() == 4 && !groups[1].empty() &&
               groups[1].size() <= 6) {
        year = groups[0];
        serial = std::string(6 - groups[1].size(), '0') + groups[1];
    } else if (groups.size() == 1 && groups[0].size() <= 6 && !groups[0].empty()) {
        return Fail("seam.form.invoice_number.missing_year", rules, params);
    } else {
        return Fail("seam.form.invoice_number.invalid", rules, params);
    }
    std::int64_t y = 0;
    if (!ParseDigits(year, y) || y < 2000 || y > 2099) {
        return Fail("seam.form.invoice_number.bad_year", rules, params);
    }
    if (serial == "000000") return Fail("seam.form.invoice_number.invalid", rules, params);
    return Accept(prefix + "-" + year + "-" + serial);
}

// [SECTION] Text

namespace {

// Trims white space at both ends and drops controls (keeping new lines and tabs) and invisible
// characters; inner spacing is the customer's.
std::string TrimText(std::string_view input, std::size_t& code_points) {
    std::string out;
    std::string pending_space;
    code_points = 0;
    std::size_t pending_count = 0;
    std::size_t pos = 0;
    while (pos < input.size()) {
        const seam::text::Decoded d = seam::text::DecodeAt(input, pos);
        if (d.length == 0) break;
        const std::string_view bytes = input.substr(pos, d.length);
        pos += d.length;
        const seam::text::CharClass cls = seam::text::Classify(d.cp);
        if (cls == seam::text::CharClass::kSpace || d.cp == '\n' || d.cp == '\t' || d.cp == '\r') {
            if (!out.empty()) {
                pending_space.append(bytes);
                ++pending_count;
            }
            continue;
        }
        if (cls == seam::text::CharClass::kControl || cls == seam::text::CharClass::kIgnorable) {
            continue;
        }
        out += pending_space;
        code_points += pending_count;
        pending_space.clear();
        pending_count = 0;
        out.append(bytes);
        ++code_points;
    }
    return out;
}

Validation ValidateText(std::string_view input, const FieldRules& rules) {
    std::size_t count = 0;
    std::string text = TrimText(input, count);
    if (count == 0) return Fail("seam.form.input.empty", rules);
    const Params params = {{"min", std::to_string(rules.min_length)},
                           {"max", std::to_string(rules.max_length)},
                           {"length", std::to_string(count)}};
    if (count < rules.min_length) return Fail("seam.form.text.too_short", rules, params);
    if (count > rules.max_length) return Fail("seam.form.text.too_long", rules, params);
    return Accept(std::move(text));
}

}  // namespace
}  // namespace detail

bool ContainsCardData(std::string_view text) {
    return nlu::ContainsCardData(text);
}

std::string RedactCardData(std::string_view text) {
    return nlu::RedactCardData(text);
}

bool ContainsCardNumber(std::string_view text) {
    return nlu::ContainsCardData(text);
}

std::string RedactCardNumbers(std::string_view text) {
    return nlu::RedactCardData(text);
}

// [SECTION] Validate

namespace {
// Structured fields are short; anything longer is refused before parsing (text has its own limit).
constexpr std::size_t kMaxStructuredBytes = 1024;
// Free text longer than this many bytes cannot be within any sensible max_length.
constexpr std::size_t kMaxTextBytes = 256 * 1024;
}  // namespace

Validation Validate(std::string_view input, const FieldRules& rules) {
    using detail::Fail;
    if (!seam::text::IsValidUtf8(input)) return Fail("seam.form.input.encoding", rules);
    const std::string clean =
        seam::text::CollapseWhitespace(seam::text::NormalizePunctuation(input));
    if (ContainsCardData(input) || ContainsCardData(clean)) {
        return Fail("seam.form.card_number", rules);
    }
    if (clean.empty()) return Fail("seam.form.input.empty", rules);
    const std::string& type = rules.type;
    if (type == "text") {
        // A code point takes at most 4 bytes; the slack covers trimmed spaces and dropped
        // invisibles. (Compared without multiplying, so a huge max_length cannot overflow.)
        const bool hopeless = input.size() > kMaxTextBytes ||
                              (input.size() > 4096 && (input.size() - 4096) / 4 > rules.max_length);
        if (hopeless) {
            return Fail("seam.form.text.too_long", rules,
                        {{"max", std::to_string(rules.max_length)},
                         {"min", std::to_string(rules.min_length)},
                         {"length", std::to_string(seam::text::CountCodePoints(input))}});
        }
        return detail::ValidateText(input, rules);
    }
    if (clean.size() > kMaxStructuredBytes) return Fail("seam.form.input.too_long", rules);
    if (type == "email") return detail::ValidateEmail(clean, rules);
    if (type == "phone") return detail::ValidatePhone(clean, rules);
    if (type == "date") return detail::ValidateDate(clean, rules);
    if (type == "money") return detail::ValidateMoney(clean, rules);
    if (type == "order_number") return detail::ValidateOrderNumber(clean, rules);
    if (type == "invoice_number") return detail::ValidateInvoiceNumber(clean, rules);
    if (type == "postal_code") return detail::ValidatePostalCode(clean, rules);
    if (type == "enum") return detail::ValidateEnum(clean, rules);
    if (type == "yes_no") return detail::ValidateYesNo(clean, rules);
    if (type == "number") return detail::ValidateNumber(clean, rules);
    if (type == "rating") return detail::ValidateRating(clean, rules);
    return Fail("seam.form.type.unknown", rules, {{"type", type}});
}

}  // namespace seam::form
