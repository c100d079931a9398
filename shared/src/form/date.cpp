// shared/src/form/date.cpp — the date field: ISO, numeric dates in the locale's day/month order,
// month names (en, es), and dates relative to FieldRules::today (arithmetic: core/date.hpp).
//
// Index of this file:
//   [SECTION] Words: months, weekdays, relative days
//   [SECTION] Parsing
#include "seam/form/date.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "internal.hpp"

namespace seam::form {

namespace detail {
namespace {

// [SECTION] Words: months, weekdays, relative days

int MonthFromWord(const std::string& w) {
    struct Name {
        const char* word;
        int month;
    };
    static constexpr Name kNames[] = {
        {"january", 1},    {"jan", 1},       {"february", 2},  {"feb", 2},      {"march", 3},
        {"mar", 3},        {"april", 4},     {"apr", 4},       {"may", 5},      {"june", 6},
        {"jun", 6},        {"july", 7},      {"jul", 7},       {"august", 8},   {"aug", 8},
        {"september", 9},  {"sep", 9},       {"sept", 9},      {"october", 10}, {"oct", 10},
        {"november", 11},  {"nov", 11},      {"december", 12}, {"dec", 12},     {"enero", 1},
        {"ene", 1},        {"febrero", 2},   {"marzo", 3},     {"abril", 4},    {"abr", 4},
        {"mayo", 5},       {"junio", 6},     {"julio", 7},     {"agosto", 8},   {"ago", 8},
        {"septiembre", 9}, {"setiembre", 9}, {"set", 9},       {"octubre", 10}, {"noviembre", 11},
        {"diciembre", 12}, {"dic", 12}};
    std::string word = w;
    if (!word.empty() && word.back() == '.') word.pop_back();
    for (const Name& n : kNames) {
        if (word == n.word) return n.month;
    }
    return 0;
}

// 0 = Sunday ... 6 = Saturday; -1 when not a weekday name.
int WeekdayFromWord(const std::string& w) {
    struct Name {
        const char* word;
        int weekday;
    };
    static constexpr Name kNames[] = {
        {"sunday", 0}, {"sun", 0},     {"monday", 1},    {"mon", 1},    {"tuesday", 2},
        {"tue", 2},    {"tues", 2},    {"wednesday", 3}, {"wed", 3},    {"thursday", 4},
        {"thu", 4},    {"thurs", 4},   {"friday", 5},    {"fri", 5},    {"saturday", 6},
        {"sat", 6},    {"domingo", 0}, {"lunes", 1},     {"martes", 2}, {"miercoles", 3},
        {"jueves", 4}, {"viernes", 5}, {"sabado", 6}};
    for (const Name& n : kNames) {
        if (w == n.word) return n.weekday;
    }
    return -1;
}

bool IsFiller(const std::string& w) {
    static constexpr const char* kFillers[] = {"the", "of",   "on", "de", "del", "el",  "la",
                                               "for", "para", "a",  "al", "dia", "day", ","};
    for (const char* f : kFillers) {
        if (w == f) return true;
    }
    return false;
}

// Splits "march 12th, 2026" into words and numbers; strips ordinal suffixes (12th, 1st, 3º).
std::vector<std::string> DateWords(const std::string& folded) {
    std::vector<std::string> words;
    std::string current;
    auto flush = [&]() {
        if (current.empty()) return;
        // "12th" -> "12", "1st" -> "1", "3o"/"3a" (from 3º / 3ª) -> "3".
        std::size_t digits = 0;
        while (digits < current.size() && IsDigit(current[digits]))
            ++digits;
        if (digits > 0 && digits < current.size()) {
            const std::string suffix = current.substr(digits);
            if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th" ||
                suffix == "o" || suffix == "a") {
                current.resize(digits);
            }
        }
        words.push_back(current);
        current.clear();
    };
    for (char c : folded) {
        if (c == ' ' || c == ',') {
            flush();
        } else if (IsDigit(c) && !current.empty() && IsAlpha(current.back())) {
            flush();
            current.push_back(c);
        } else {
            current.push_back(c);
        }
    }
    flush();
    return words;
}

struct Parsed {
    bool matched = false;  // the text had the shape of a date
    bool valid = false;    // ... and it names a real day
    Date date;
};

Parsed Result(const Date& d) {
    Parsed p;
    p.matched = true;
    p.valid = IsValidDate(d);
    p.date = d;
    return p;
}

// A day and month with no year: the next time it comes, today included.
Parsed NextOccurrence(int month, int day, const Date& today) {
    Date d{today.year, month, day};
    if (month < 1 || month > 12 || day < 1 || day > 31) return Result(d);
    if (month == 2 && day == 29) {
        // The next 29 February, within the next eight years.
        for (int y = today.year; y <= today.year + 8; ++y) {
            if (IsLeapYear(y) && DaysFromCivil({y, 2, 29}) >= DaysFromCivil(today)) {
                return Result({y, 2, 29});
            }
        }
        return Result(d);
    }
    if (!IsValidDate(d)) return Result(d);
    if (DaysFromCivil(d) < DaysFromCivil(today)) d.year += 1;
    return Result(d);
}

int ExpandYear(std::int64_t y, std::size_t digits) {
    if (digits == 2) return static_cast<int>(2000 + y);
    return static_cast<int>(y);
}

// [SECTION] Parsing

// "2026-03-12", "12/03/2026", "03/12", "12.03.26".
Parsed ParseNumeric(const std::string& s, bool month_first, const Date& today) {
    std::vector<std::string> parts;
    std::string current;
    char sep = 0;
    for (char c : s) {
        if (IsDigit(c)) {
            current.push_back(c);
        } else if (c == '/' || c == '-' || c == '.') {
            if (current.empty()) return {};
            if (sep != 0 && c != sep) return {};
            sep = c;
            parts.push_back(current);
            current.clear();
        } else {
            return {};
        }
    }
    if (current.empty()) return {};
    parts.push_back(current);
    if (parts.size() < 2 || parts.size() > 3) return {};
    std::int64_t a = 0, b = 0, c = 0;
    if (!ParseDigits(parts[0], a) || !ParseDigits(parts[1], b)) return {};
    if (parts.size() == 3 && !ParseDigits(parts[2], c)) return {};
    if (parts[0].size() == 4 && parts.size() == 3) {  // ISO order, always
        if (parts[1].size() > 2 || parts[2].size() > 2) return {};
        return Result({static_cast<int>(a), static_cast<int>(b), static_cast<int>(c)});
    }
    if (parts[0].size() > 2 || parts[1].size() > 2) return {};
    const int month = static_cast<int>(month_first ? a : b);
    const int day = static_cast<int>(month_first ? b : a);
    if (parts.size() == 2) return NextOccurrence(month, day, today);
    if (parts[2].size() != 2 && parts[2].size() != 4) return {};
    return Result({ExpandYear(c, parts[2].size()), month, day});
}

// "12 de marzo de 2026", "March 12th, 2026", "12 March", "marzo 12".
Parsed ParseMonthName(const std::vector<std::string>& words, const Date& today) {
    int month = 0;
    std::vector<std::string> numbers;
    for (const std::string& w : words) {
        if (IsFiller(w) || WeekdayFromWord(w) >= 0) continue;
        const int m = MonthFromWord(w);
        if (m > 0) {
            if (month != 0) return {};
            month = m;
        } else if (AllDigits(w)) {
            numbers.push_back(w);
        } else {
            return {};
        }
    }
    if (month == 0 || numbers.empty() || numbers.size() > 2) return {};
    std::int64_t day = 0, year = 0;
    if (numbers.size() == 1) {
        if (numbers[0].size() > 2 || !ParseDigits(numbers[0], day)) return {};
        return NextOccurrence(month, static_cast<int>(day), today);
    }
    std::size_t day_index = numbers[0].size() <= 2 ? 0 : 1;
    const std::string& y = numbers[1 - day_index];
    if (numbers[day_index].size() > 2 || !ParseDigits(numbers[day_index], day)) return {};
    if ((y.size() != 4 && y.size() != 2) || !ParseDigits(y, year)) return {};
    return Result({ExpandYear(year, y.size()), month, static_cast<int>(day)});
}

// today, tomorrow, day after tomorrow, next Tuesday, this Friday, in 3 days, hoy, mañana,
// pasado mañana, el próximo martes, dentro de 3 días. "next X" is the first X after today;
// "this X" and a bare "X" the first X from today on.
Parsed ParseRelative(const std::vector<std::string>& all_words, const Date& today) {
    std::vector<std::string> w;
    for (const std::string& word : all_words) {
        if (word != "the" && word != "el" && word != "la" && word != "on" && word != "for" &&
            word != "para" && word != "this" && word != "este" && word != "esta") {
            w.push_back(word);
        }
    }
    const bool this_word = w.size() != all_words.size();
    auto is = [&](std::initializer_list<const char*> phrase) {
        if (phrase.size() != w.size()) return false;
        std::size_t i = 0;
        for (const char* p : phrase) {
            if (w[i++] != p) return false;
        }
        return true;
    };
    if (is({"today"}) || is({"hoy"})) return Result(today);
    if (is({"tomorrow"}) || is({"manana"})) return Result(AddDays(today, 1));
    if (is({"yesterday"}) || is({"ayer"})) return Result(AddDays(today, -1));
    if (is({"day", "after", "tomorrow"}) || is({"pasado", "manana"})) {
        return Result(AddDays(today, 2));
    }
    // in N days / weeks; dentro de N días / semanas; en N días.
    std::size_t i = 0;
    if (w.size() >= 3 && (w[0] == "in" || w[0] == "en")) i = 1;
    if (w.size() >= 4 && w[0] == "dentro" && w[1] == "de") i = 2;
    if (i > 0 && w.size() == i + 2) {
        std::int64_t n = 0;
        const bool one = w[i] == "a" || w[i] == "an";
        if (one) n = 1;
        const bool parsed =
            AllDigits(w[i]) ? w[i].size() <= 3 && ParseDigits(w[i], n) : ParseSmallNumber(w[i], n);
        if (one || parsed) {
            const std::string& unit = w[i + 1];
            if (unit == "day" || unit == "days" || unit == "dia" || unit == "dias") {
                return Result(AddDays(today, n));
            }
            if (unit == "week" || unit == "weeks" || unit == "semana" || unit == "semanas") {
                return Result(AddDays(today, 7 * n));
            }
        }
        return {};
    }
    // next tuesday / el próximo martes / el martes que viene / this friday / friday.
    bool next = false;
    std::vector<std::string> rest;
    for (const std::string& word : w) {
        if (word == "next" || word == "proximo" || word == "proxima") {
            next = true;
        } else if (word == "que" || word == "viene") {
            next = true;
        } else {
            rest.push_back(word);
        }
    }
    if (rest.size() == 1) {
        const int weekday = WeekdayFromWord(rest[0]);
        if (weekday >= 0) {
            int delta = (weekday - Weekday(today) + 7) % 7;
            if (next && delta == 0) delta = 7;
            (void)this_word;
            return Result(AddDays(today, delta));
        }
    }
    return {};
}

bool MonthFirst(std::string_view locale) {
    const std::string l = Lower(locale);
    return l == "en-us" || l == "en_us" || l == "en";
}

}  // namespace

Validation ValidateDate(const std::string& clean, const FieldRules& rules) {
    const std::string folded = Fold(clean);
    Parsed p;
    bool has_digit = false;
    bool has_alpha = false;
    for (char c : folded) {
        has_digit = has_digit || IsDigit(c);
        has_alpha = has_alpha || IsAlpha(c);
    }
    if (has_digit && !has_alpha && folded.find(' ') == std::string::npos) {
        p = ParseNumeric(folded, MonthFirst(rules.locale), rules.today);
    } else {
        std::string text = folded;
        for (char& c : text) {
            if (c == '.' || c == '!' || c == '?' || c == '/') c = ' ';
        }
        // "12/03" inside words ("on 12/03 please") is not supported; whole words only.
        const std::vector<std::string> words = DateWords(Fold(text));
        p = ParseRelative(words, rules.today);
        if (!p.matched) p = ParseMonthName(words, rules.today);
    }
    const std::string example = MonthFirst(rules.locale) ? "03/12/2026" : "12/03/2026";
    if (!p.matched) return Fail("seam.form.date.invalid", rules, {{"example", example}});
    if (!p.valid) {
        return Fail("seam.form.date.no_such_day", rules,
                    {{"example", example},
                     {"month", std::to_string(p.date.month)},
                     {"day", std::to_string(p.date.day)}});
    }
    if (p.date.year < 1900 || p.date.year > 2199) {
        return Fail("seam.form.date.out_of_range", rules, {{"example", example}});
    }
    return Accept(FormatIsoDate(p.date));
}

}  // namespace detail
}  // namespace seam::form
