// shared/src/form/money.cpp — amounts of money: "$12.50", "12,50 €", "EUR 40", "40 dollars",
// "1.043,75 €", "1 043,75 €" -> {"amount_minor": 104375, "currency": "EUR", "text": "1043.75 EUR"}.
//
// The decimal separator is decided by the amount itself, not the locale: with both '.' and ',',
// the last one is decimal; with one of them, it is decimal when one or two digits follow it
// ("12,50", "12.5") and a thousands separator when three do ("1,043", "1.043").
#include <cstdint>
#include <string>
#include <vector>

#include "internal.hpp"

namespace seam::form::detail {
namespace {

constexpr std::int64_t kMaxMajorDigits = 12;

// The currency a word or symbol names, or "" when it names none. `dollar` is the currency a bare
// "$" means for this field.
std::string CurrencyOf(const std::string& w, const std::string& dollar) {
    if (w == "$" || w == "dollar" || w == "dollars" || w == "dolar" || w == "dolares" ||
        w == "bucks") {
        return dollar;
    }
    if (w == "us$" || w == "usd") return "USD";
    if (w == "c$" || w == "ca$" || w == "cad") return "CAD";
    if (w == "€" || w == "eur" || w == "euro" || w == "euros") return "EUR";
    if (w == "£" || w == "gbp" || w == "pound" || w == "pounds" || w == "libra" || w == "libras") {
        return "GBP";
    }
    return "";
}

struct Amount {
    std::int64_t minor = 0;
    const char* error = nullptr;
};

Amount ParseAmount(const std::string& token) {
    Amount a;
    std::size_t dots = 0, commas = 0;
    for (char c : token) {
        dots += c == '.';
        commas += c == ',';
    }
    char decimal = 0;
    if (dots > 0 && commas > 0) {
        decimal = token.find_last_of(".,") == token.rfind('.') ? '.' : ',';
        if ((decimal == '.' ? dots : commas) != 1) {
            a.error = "seam.form.money.invalid_amount";
            return a;
        }
    } else if (dots + commas == 1) {
        const char sep = dots ? '.' : ',';
        const std::size_t after = token.size() - token.find(sep) - 1;
        if (after == 1 || after == 2) {
            decimal = sep;
        } else if (after != 3) {
            a.error =
                after > 3 ? "seam.form.money.too_many_decimals" : "seam.form.money.invalid_amount";
            return a;
        }
    }
    std::string integer = token, fraction;
    if (decimal != 0) {
        const std::size_t at = token.rfind(decimal);
        integer = token.substr(0, at);
        fraction = token.substr(at + 1);
    }
    if (fraction.size() > 2) {
        a.error = "seam.form.money.too_many_decimals";
        return a;
    }
    if (!fraction.empty() && !AllDigits(fraction)) {
        a.error = "seam.form.money.invalid_amount";
        return a;
    }
    // Thousands groups: first 1-3 digits, then exactly 3.
    std::string digits;
    std::vector<std::size_t> groups;
    std::size_t current = 0;
    for (char c : integer) {
        if (IsDigit(c)) {
            digits.push_back(c);
            ++current;
        } else {
            groups.push_back(current);
            current = 0;
        }
    }
    groups.push_back(current);
    if (groups.size() > 1) {
        for (std::size_t i = 0; i < groups.size(); ++i) {
            if ((i == 0 && (groups[i] < 1 || groups[i] > 3)) || (i > 0 && groups[i] != 3)) {
                a.error = "seam.form.money.invalid_amount";
                return a;
            }
        }
    }
    while (digits.size() > 1 && digits.front() == '0')
        digits.erase(0, 1);
    if (digits.empty()) digits = "0";
    if (static_cast<std::int64_t>(digits.size()) > kMaxMajorDigits) {
        a.error = "seam.form.money.too_large";
        return a;
    }
    std::int64_t major = 0;
    ParseDigits(digits, major);
    while (fraction.size() < 2)
        fraction.push_back('0');
    a.minor = major * 100 + (fraction[0] - '0') * 10 + (fraction[1] - '0');
    return a;
}

}  // namespace

Validation ValidateMoney(const std::string& clean, const FieldRules& rules) {
    const std::string s = Fold(clean);
    const std::string configured = Upper(rules.currency);
    const std::string dollar = configured == "CAD" ? "CAD" : "USD";
    std::string currency;
    std::vector<std::string> amounts;
    bool negative = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ') {
            ++i;
        } else if (c == '-' || c == '+') {
            negative = negative || c == '-';
            ++i;
        } else if (IsDigit(c) ||
                   ((c == '.' || c == ',') && i + 1 < s.size() && IsDigit(s[i + 1]))) {
            std::string token;
            while (i < s.size()) {
                if (IsDigit(s[i]) || s[i] == '.' || s[i] == ',') {
                    token.push_back(s[i++]);
                } else if (s[i] == ' ' && !token.empty() && IsDigit(token.back()) &&
                           i + 3 < s.size() && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) &&
                           IsDigit(s[i + 3]) && (i + 4 >= s.size() || !IsDigit(s[i + 4]))) {
                    token.push_back(' ');  // "1 043,75": a space between thousands
                    ++i;
                } else {
                    break;
                }
            }
            while (!token.empty() && (token.back() == '.' || token.back() == ',')) {
                token.pop_back();  // "12." at the end of a sentence
            }
            amounts.push_back(token);
        } else {
            // A word or a symbol: up to the next space or digit.
            std::string word;
            while (i < s.size() && s[i] != ' ' && !IsDigit(s[i]) && s[i] != '-') {
                word.push_back(s[i++]);
                // Symbols stand alone: "$12", "€40".
                if (word == "$" || word == "€" || word == "£" || word == "us$" || word == "c$" ||
                    word == "ca$") {
                    break;
                }
            }
            while (!word.empty() && (word.back() == '.' || word.back() == ','))
                word.pop_back();
            if (word.empty()) {
                ++i;
                continue;
            }
            const std::string named = CurrencyOf(word, dollar);
            if (named.empty()) {
                if (word == "con" || word == "and" || word == "y") continue;
                return Fail("seam.form.money.invalid", rules);
            }
            if (!currency.empty() && currency != named) {
                return Fail("seam.form.money.currency_conflict", rules);
            }
            currency = named;
        }
    }
    if (amounts.empty()) return Fail("seam.form.money.missing_amount", rules);
    if (amounts.size() > 1) return Fail("seam.form.money.invalid", rules);
    if (negative) return Fail("seam.form.money.negative", rules);
    const Amount a = ParseAmount(amounts[0]);
    if (a.error != nullptr) return Fail(a.error, rules);
    if (a.minor == 0) return Fail("seam.form.money.zero", rules);
    if (currency.empty()) currency = configured.empty() ? "USD" : configured;
    std::string cents = std::to_string(a.minor % 100);
    if (cents.size() < 2) cents.insert(0, "0");
    nlohmann::json value = nlohmann::json::object();
    value["amount_minor"] = a.minor;
    value["currency"] = currency;
    value["text"] = std::to_string(a.minor / 100) + "." + cents + " " + currency;
    return Accept(std::move(value));
}

}  // namespace seam::form::detail
