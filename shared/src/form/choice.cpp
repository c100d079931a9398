// shared/src/form/choice.cpp — answers chosen from a small set: enum values (case- and
// accent-insensitive, simple synonyms, "2" for the second option, unambiguous prefixes), yes/no
// in English and Spanish, whole numbers (digits or number words), and 1-5 ratings.
#include <cstdint>
#include <string>
#include <vector>

#include "internal.hpp"
#include "seam/text/utf8.hpp"

namespace seam::form::detail {
namespace {

// [SECTION] Yes / no

constexpr const char* kYesPhrases[] = {"yes",          "y",
                                       "yeah",         "yep",
                                       "yup",          "yea",
                                       "sure",         "ok",
                                       "okay",         "of course",
                                       "correct",      "right",
                                       "thats right",  "that's right",
                                       "absolutely",   "definitely",
                                       "please",       "yes please",
                                       "affirmative",  "true",
                                       "indeed",       "certainly",
                                       "si",           "s",
                                       "claro",        "vale",
                                       "por supuesto", "correcto",
                                       "exacto",       "dale",
                                       "afirmativo",   "de acuerdo",
                                       "si por favor", "sip",
                                       "claro que si", "desde luego",
                                       "va",           "ok vale",
                                       "yes it is",    "it is",
                                       "sounds good",  "go ahead"};
constexpr const char* kNoPhrases[] = {"no",         "n",
                                      "nope",       "nah",
                                      "no thanks",  "no thank you",
                                      "not really", "never",
                                      "negative",   "false",
                                      "no gracias", "para nada",
                                      "nunca",      "de ninguna manera",
                                      "tampoco",    "no way",
                                      "not at all", "incorrect",
                                      "wrong",      "no es",
                                      "it isnt",    "it isn't",
                                      "no lo es",   "cancel"};
constexpr const char* kYesLead[] = {"yes",  "yeah", "yep",  "si",      "claro",    "vale",
                                    "sure", "ok",   "okay", "correct", "correcto", "exacto"};
constexpr const char* kNoLead[] = {"no", "nope", "nah", "never", "nunca"};

template <std::size_t N>
bool OneOf(const std::string& w, const char* const (&list)[N]) {
    for (const char* item : list) {
        if (w == item) return true;
    }
    return false;
}

// 1 = yes, 0 = no, -1 = unclear.
int YesNo(const std::string& clean) {
    const std::string phrase = FoldWords(clean);
    if (OneOf(phrase, kYesPhrases)) return 1;
    if (OneOf(phrase, kNoPhrases)) return 0;
    const std::vector<std::string> words = SplitSpaces(phrase);
    if (words.empty()) return -1;
    bool yes_seen = false, no_seen = false;
    for (const std::string& w : words) {
        yes_seen = yes_seen || OneOf(w, kYesLead);
        no_seen = no_seen || OneOf(w, kNoLead) || w == "not" || w == "dont" || w == "don't";
    }
    if (OneOf(words[0], kYesLead) && !no_seen) return 1;
    if (OneOf(words[0], kNoLead) && !yes_seen) return 0;
    return -1;
}

// [SECTION] Enum

// Groups of words that mean the same answer.
constexpr const char* kSynonyms[][8] = {
    {"yes", "y", "yeah", "yep", "si", "sure", "ok", "claro"},
    {"no", "n", "nope", "nah", nullptr, nullptr, nullptr, nullptr},
    {"email", "e mail", "mail", "correo", "correo electronico", nullptr, nullptr, nullptr},
    {"phone", "telephone", "call", "telefono", "llamada", "phone call", nullptr, nullptr},
    {"chat", "message", "mensaje", "whatsapp", nullptr, nullptr, nullptr, nullptr},
    {"refund", "money back", "reembolso", "devolucion del dinero", nullptr, nullptr, nullptr,
     nullptr},
    {"exchange", "swap", "cambio", "cambiar", nullptr, nullptr, nullptr, nullptr},
    {"store credit", "credit", "credito", "vale", nullptr, nullptr, nullptr, nullptr},
    {"cancel", "cancelar", "cancelacion", nullptr, nullptr, nullptr, nullptr, nullptr},
};

bool Synonymous(const std::string& a, const std::string& b) {
    for (const auto& group : kSynonyms) {
        bool has_a = false, has_b = false;
        for (const char* w : group) {
            if (w == nullptr) break;
            has_a = has_a || a == w;
            has_b = has_b || b == w;
        }
        if (has_a && has_b) return true;
    }
    return false;
}

std::string EnumKey(const std::string& value) {
    std::string v = value;
    for (char& c : v) {
        if (c == '_') c = ' ';
    }
    return FoldWords(v);
}

std::string OptionList(const std::vector<std::string>& values) {
    std::string list;
    for (std::size_t i = 0; i < values.size() && i < 12; ++i) {
        if (i > 0) list += ", ";
        list += values[i];
    }
    if (values.size() > 12) list += ", ...";
    return list;
}

}  // namespace

Validation ValidateEnum(const std::string& clean, const FieldRules& rules) {
    const Params params = {{"options", OptionList(rules.values)}};
    if (rules.values.empty()) return Fail("seam.form.enum.no_options", rules, params);
    const std::string input = FoldWords(clean);
    if (input.empty()) return Fail("seam.form.enum.no_match", rules, params);
    std::vector<std::size_t> exact, synonym, prefix;
    for (std::size_t i = 0; i < rules.values.size(); ++i) {
        const std::string key = EnumKey(rules.values[i]);
        if (key == input) exact.push_back(i);
        if (Synonymous(key, input)) synonym.push_back(i);
        if (input.size() >= 3 && key.size() > input.size() &&
            key.compare(0, input.size(), input) == 0) {
            prefix.push_back(i);
        }
    }
    for (const auto* found : {&exact, &synonym, &prefix}) {
        if (found->size() == 1) return Accept(rules.values[found->front()]);
        if (found->size() > 1) return Fail("seam.form.enum.ambiguous", rules, params);
    }
    // "2" or "the 2nd": the n-th option as listed.
    std::int64_t n = 0;
    if (ParseDigits(input, n) && n >= 1 && n <= static_cast<std::int64_t>(rules.values.size())) {
        return Accept(rules.values[static_cast<std::size_t>(n - 1)]);
    }
    return Fail("seam.form.enum.no_match", rules, params);
}

Validation ValidateYesNo(const std::string& clean, const FieldRules& rules) {
    const int answer = YesNo(clean);
    if (answer < 0) return Fail("seam.form.yes_no.unclear", rules);
    return Accept(answer == 1);
}

// [SECTION] Numbers

Validation ValidateNumber(const std::string& clean, const FieldRules& rules) {
    const std::string folded = Fold(clean);
    std::int64_t n = 0;
    if (!AllDigits(folded) && ParseSmallNumber(folded, n)) return Accept(n);
    // Digits, an optional sign, thousands separators in the locale's style.
    const char thousands = Lower(rules.locale).compare(0, 2, "en") == 0 ? ',' : '.';
    const char decimal = thousands == '.' ? ',' : '.';
    std::string s = folded;
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.erase(0, 1);
    }
    std::string digits;
    std::vector<std::size_t> groups{0};
    for (char c : s) {
        if (IsDigit(c)) {
            digits.push_back(c);
            ++groups.back();
        } else if (c == thousands || c == ' ') {
            groups.push_back(0);
        } else if (c == decimal) {
            return Fail("seam.form.number.not_whole", rules);
        } else {
            return Fail("seam.form.number.invalid", rules);
        }
    }
    if (digits.empty()) return Fail("seam.form.number.invalid", rules);
    if (groups.size() > 1) {
        for (std::size_t i = 0; i < groups.size(); ++i) {
            if ((i == 0 && (groups[i] < 1 || groups[i] > 3)) || (i > 0 && groups[i] != 3)) {
                return Fail("seam.form.number.invalid", rules);
            }
        }
    }
    while (digits.size() > 1 && digits.front() == '0')
        digits.erase(0, 1);
    if (digits.size() > 15) return Fail("seam.form.number.too_large", rules);
    ParseDigits(digits, n);
    return Accept(negative ? -n : n);
}

Validation ValidateRating(const std::string& clean, const FieldRules& rules) {
    // Stars: "★★★★", "⭐⭐⭐".
    std::size_t stars = 0, others = 0;
    for (std::size_t pos = 0; pos < clean.size();) {
        const seam::text::Decoded d = seam::text::DecodeAt(clean, pos);
        pos += d.length == 0 ? 1 : d.length;
        if (d.cp == 0x2605 || d.cp == 0x2B50) {
            ++stars;
        } else if (d.cp != ' ' && d.cp != 0xFE0F) {
            ++others;
        }
    }
    if (stars > 0 && others == 0) {
        if (stars > 5) return Fail("seam.form.rating.out_of_range", rules);
        return Accept(static_cast<std::int64_t>(stars));
    }
    std::vector<std::string> words = SplitSpaces(FoldWords(clean));
    // "4/5", "4 out of 5", "4 de 5", "4 stars", "4 estrellas".
    if (clean.find('/') != std::string::npos) {
        const std::size_t slash = clean.find('/');
        words = SplitSpaces(FoldWords(clean.substr(0, slash)));
        const std::string scale = FoldWords(clean.substr(slash + 1));
        if (scale != "5") return Fail("seam.form.rating.invalid", rules);
    }
    if (words.size() >= 3 && words[words.size() - 1] == "5" &&
        (words[words.size() - 2] == "de" || (words.size() >= 4 && words[words.size() - 2] == "of" &&
                                             words[words.size() - 3] == "out"))) {
        words.resize(words[words.size() - 2] == "de" ? words.size() - 2 : words.size() - 3);
    }
    if (words.size() == 2 && (words[1] == "stars" || words[1] == "star" ||
                              words[1] == "estrellas" || words[1] == "estrella")) {
        words.pop_back();
    }
    if (words.size() != 1) {
        if (clean.find('.') != std::string::npos || clean.find(',') != std::string::npos) {
            return Fail("seam.form.rating.not_whole", rules);
        }
        return Fail("seam.form.rating.invalid", rules);
    }
    std::int64_t n = 0;
    if (words[0].find_first_of(".,") != std::string::npos) {
        return Fail("seam.form.rating.not_whole", rules);
    }
    if (!ParseSmallNumber(words[0], n)) return Fail("seam.form.rating.invalid", rules);
    if (n < 1 || n > 5) return Fail("seam.form.rating.out_of_range", rules);
    return Accept(n);
}

}  // namespace seam::form::detail
