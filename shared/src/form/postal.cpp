// shared/src/form/postal.cpp — postal codes per region (FieldRules::region): US ZIP and ZIP+4,
// UK postcodes (every outward format, normalised upper case with the space), DE, FR and ES five
// digits (ES provinces 01-52), PT "1234-567", CA "A1A 1A1".
#include <string>

#include "internal.hpp"

namespace seam::form::detail {
namespace {

// Characters of the input other than spaces and dashes, upper-cased; false on anything but
// ASCII letters and digits.
bool Compact(const std::string& clean, std::string& out) {
    out.clear();
    for (char c : clean) {
        if (c == ' ' || c == '-') continue;
        if (!IsDigit(c) && !IsAlpha(c)) return false;
        out.push_back(ToUpper(c));
    }
    return !out.empty();
}

bool IsUpperLetter(char c) {
    return c >= 'A' && c <= 'Z';
}

bool UkOutwardValid(const std::string& out) {
    // A9, A99, AA9, AA99, A9A, AA9A.
    auto l = [&](std::size_t i) { return IsUpperLetter(out[i]); };
    auto d = [&](std::size_t i) { return IsDigit(out[i]); };
    if (out.empty() || !l(0)) return false;
    if (std::string("QVX").find(out[0]) != std::string::npos) return false;
    switch (out.size()) {
        case 2:
            return d(1);
        case 3:
            return (d(1) && d(2)) || (l(1) && d(2)) || (d(1) && l(2));
        case 4:
            return l(1) && d(2) && (d(3) || l(3));
        default:
            return false;
    }
}

bool UkInwardValid(const std::string& in) {
    static const std::string kBad = "CIKMOV";
    return in.size() == 3 && IsDigit(in[0]) && IsUpperLetter(in[1]) && IsUpperLetter(in[2]) &&
           kBad.find(in[1]) == std::string::npos && kBad.find(in[2]) == std::string::npos;
}

}  // namespace

Validation ValidatePostalCode(const std::string& clean, const FieldRules& rules) {
    std::string region = Upper(rules.region);
    if (region == "UK") region = "GB";
    const Params params = {{"region", region}};
    std::string s;
    const bool compact_ok = Compact(clean, s);
    const char* id = nullptr;
    if (region == "US") {
        id = "seam.form.postal_code.invalid_us";
        if (compact_ok && AllDigits(s) && s.size() == 5) return Accept(s);
        if (compact_ok && AllDigits(s) && s.size() == 9)
            return Accept(s.substr(0, 5) + "-" + s.substr(5));
    } else if (region == "GB") {
        id = "seam.form.postal_code.invalid_gb";
        if (compact_ok && s == "GIR0AA") return Accept("GIR 0AA");
        if (compact_ok && s.size() >= 5 && s.size() <= 7) {
            const std::string outward = s.substr(0, s.size() - 3);
            const std::string inward = s.substr(s.size() - 3);
            if (UkOutwardValid(outward) && UkInwardValid(inward)) {
                return Accept(outward + " " + inward);
            }
        }
    } else if (region == "DE" || region == "FR" || region == "ES") {
        id = region == "DE"   ? "seam.form.postal_code.invalid_de"
             : region == "FR" ? "seam.form.postal_code.invalid_fr"
                              : "seam.form.postal_code.invalid_es";
        const bool five = compact_ok && AllDigits(s) && s.size() == 5 &&
                          clean.find(' ') == std::string::npos &&
                          clean.find('-') == std::string::npos;
        if (five) {
            const int head = (s[0] - '0') * 10 + (s[1] - '0');
            if (region == "ES" && (head < 1 || head > 52)) {
                return Fail("seam.form.postal_code.unknown_province", rules, params);
            }
            if (head == 0) return Fail(id, rules, params);
            return Accept(s);
        }
    } else if (region == "PT") {
        id = "seam.form.postal_code.invalid_pt";
        if (compact_ok && AllDigits(s) && s.size() == 7 && s[0] != '0') {
            return Accept(s.substr(0, 4) + "-" + s.substr(4));
        }
    } else if (region == "CA") {
        id = "seam.form.postal_code.invalid_ca";
        static const std::string kNever = "DFIOQU";
        if (compact_ok && s.size() == 6 && IsUpperLetter(s[0]) && IsDigit(s[1]) &&
            IsUpperLetter(s[2]) && IsDigit(s[3]) && IsUpperLetter(s[4]) && IsDigit(s[5]) &&
            kNever.find(s[0]) == std::string::npos && kNever.find(s[2]) == std::string::npos &&
            kNever.find(s[4]) == std::string::npos && s[0] != 'W' && s[0] != 'Z') {
            return Accept(s.substr(0, 3) + " " + s.substr(3));
        }
    } else {
        return Fail("seam.form.postal_code.unsupported_region", rules, params);
    }
    return Fail(id, rules, params);
}

}  // namespace seam::form::detail
