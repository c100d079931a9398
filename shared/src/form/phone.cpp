// shared/src/form/phone.cpp — phone numbers to E.164 ("+15035550142"), in national form (with the
// field's default region) or international form ("+44 20 7946 0958", "0044 ...").
//
// Per country: the calling code, whether a national trunk prefix 0 is dropped ("020 7946 0958" ->
// "+442079460958", also "+44 (0)20 ..."), and the plausible lengths of the national number.
#include <string>

#include "internal.hpp"

namespace seam::form::detail {
namespace {

struct Country {
    const char* region;   // ISO 3166 code used in FieldRules::region
    const char* code;     // calling code
    bool trunk_zero;      // national numbers written with a leading 0 that E.164 drops
    std::size_t min_len;  // national significant number, without trunk prefix
    std::size_t max_len;
    const char* first;    // allowed first digits of the national number ("" = any)
    const char* example;  // for messages
};

constexpr Country kCountries[] = {
    {"US", "1", false, 10, 10, "23456789", "+1 503 555 0142"},
    {"CA", "1", false, 10, 10, "23456789", "+1 416 555 0199"},
    {"GB", "44", true, 9, 10, "123578", "+44 20 7946 0958"},
    {"UK", "44", true, 9, 10, "123578", "+44 20 7946 0958"},
    {"DE", "49", true, 6, 13, "123456789", "+49 30 1234567"},
    {"FR", "33", true, 9, 9, "123456789", "+33 6 12 34 56 78"},
    {"ES", "34", false, 9, 9, "6789", "+34 612 345 678"},
    {"PT", "351", false, 9, 9, "29", "+351 912 345 678"},
    {"IE", "353", true, 7, 9, "12456789", "+353 1 234 5678"},
    {"IT", "39", false, 6, 11, "", "+39 06 1234 5678"},
    {"NL", "31", true, 9, 9, "123456789", "+31 20 123 4567"},
    {"MX", "52", false, 10, 10, "", "+52 55 1234 5678"},
};

Params PhoneParams(const Country* country) {
    return {{"example", country != nullptr ? country->example : kCountries[0].example}};
}

const Country* ByRegion(const std::string& region) {
    const std::string r = Upper(region);
    for (const Country& c : kCountries) {
        if (r == c.region) return &c;
    }
    return nullptr;
}

// The country whose calling code starts `digits` (longest match first: 351 before 35x).
const Country* ByCallingCode(const std::string& digits) {
    const Country* best = nullptr;
    std::size_t best_len = 0;
    for (const Country& c : kCountries) {
        const std::string code = c.code;
        if (digits.compare(0, code.size(), code) == 0 && code.size() > best_len) {
            best = &c;
            best_len = code.size();
        }
    }
    return best;
}

Validation CheckNational(std::string nsn, const Country& country, const FieldRules& rules) {
    const Params params = PhoneParams(&country);
    if (country.trunk_zero && !nsn.empty() && nsn.front() == '0') nsn.erase(0, 1);
    if (nsn.size() < country.min_len) return Fail("seam.form.phone.too_short", rules, params);
    if (nsn.size() > country.max_len) return Fail("seam.form.phone.too_long", rules, params);
    const std::string first = country.first;
    if (!first.empty() && first.find(nsn.front()) == std::string::npos) {
        return Fail("seam.form.phone.invalid_number", rules, params);
    }
    if (std::string(country.code) == "1" && (nsn[3] == '0' || nsn[3] == '1')) {
        return Fail("seam.form.phone.invalid_number", rules, params);
    }
    return Accept(std::string("+") + country.code + nsn);
}

}  // namespace

Validation ValidatePhone(const std::string& clean, const FieldRules& rules) {
    std::string s = clean;
    // Common labels and extensions are not part of the number.
    for (const char* label : {"tel:", "tel.", "tel", "phone:", "phone", "mobile:", "mobile",
                              "movil:", "movil", "móvil:", "móvil", "teléfono:", "teléfono"}) {
        const std::string l = label;
        if (Lower(s).compare(0, l.size(), l) == 0) {
            s.erase(0, l.size());
            break;
        }
    }
    bool international = false;
    std::string digits;
    bool seen_digit = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (IsDigit(c)) {
            digits.push_back(c);
            seen_digit = true;
        } else if (c == '+' && !seen_digit && !international) {
            international = true;
        } else if (c == '(' && i + 2 < s.size() && s[i + 1] == '0' && s[i + 2] == ')' &&
                   international && seen_digit) {
            i += 2;  // "+44 (0)20 ...": the trunk 0 is not dialled from abroad
        } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
            continue;
        } else {
            return Fail("seam.form.phone.invalid", rules, PhoneParams(ByRegion(rules.region)));
        }
    }
    const Params params = PhoneParams(ByRegion(rules.region));
    if (digits.empty()) return Fail("seam.form.phone.invalid", rules, params);
    if (digits.size() > 17) return Fail("seam.form.phone.too_long", rules, params);
    if (!international && digits.compare(0, 2, "00") == 0) {
        international = true;
        digits.erase(0, 2);
    }
    if (international) {
        const Country* country = ByCallingCode(digits);
        if (country == nullptr) {
            return Fail("seam.form.phone.unknown_country", rules, params);
        }
        // Prefer the field's own region among countries sharing a code (US/CA).
        const Country* own = ByRegion(rules.region);
        if (own != nullptr && std::string(own->code) == country->code) country = own;
        return CheckNational(digits.substr(std::string(country->code).size()), *country, rules);
    }
    const Country* country = ByRegion(rules.region);
    if (country == nullptr) return Fail("seam.form.phone.needs_country_code", rules);
    if (std::string(country->code) == "1" && digits.size() == 11 && digits.front() == '1') {
        digits.erase(0, 1);
    }
    if (!country->trunk_zero && std::string(country->code) != "1" && digits.size() > 9 &&
        digits.compare(0, std::string(country->code).size(), country->code) == 0) {
        // "34612345678" typed without the +: the country code of the field's own region.
        digits.erase(0, std::string(country->code).size());
    }
    return CheckNational(digits, *country, rules);
}

}  // namespace seam::form::detail
