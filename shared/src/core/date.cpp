// shared/src/core/date.cpp — proleptic Gregorian date arithmetic (days since 1970-01-01), after
// Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms", in 64-bit integers throughout.
#include "seam/core/date.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace seam {

namespace {

// About two billion years either side of 1970: far beyond any real date, and the resulting year
// still fits an int (5,000,000 eras of 400 years).
constexpr std::int64_t kMaxAbsDays = 146097LL * 5000000LL;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t FloorMod(std::int64_t a, std::int64_t b) {
    return a - FloorDiv(a, b) * b;
}

// `value` with at least `width` digits, after a '-' when negative.
void AppendPadded(std::int64_t value, int width, std::string& out) {
    if (value < 0) {
        out.push_back('-');
        value = -value;  // |INT_MIN| fits: callers pass int fields widened to 64 bits
    }
    const std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()); i < width; ++i)
        out.push_back('0');
    out += digits;
}

int TwoDigits(std::string_view s, std::size_t at) {
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

}  // namespace

bool IsLeapYear(int year) {
    const std::int64_t y = year;
    return FloorMod(y, 4) == 0 && (FloorMod(y, 100) != 0 || FloorMod(y, 400) == 0);
}

int DaysInMonth(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && IsLeapYear(year)) return 29;
    return kDays[month - 1];
}

bool IsValidDate(const Date& date) {
    return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= DaysInMonth(date.year, date.month);
}

std::int64_t DaysFromCivil(const Date& date) {
    // Months outside 1..12 carry into the year, so every input has a defined answer.
    const std::int64_t month0 = static_cast<std::int64_t>(date.month) - 1;
    std::int64_t y = static_cast<std::int64_t>(date.year) + FloorDiv(month0, 12);
    const std::int64_t m = FloorMod(month0, 12) + 1;
    const std::int64_t d = date.day;
    if (m <= 2) --y;
    const std::int64_t era = FloorDiv(y, 400);
    const std::int64_t yoe = y - era * 400;                          // [0, 399]
    const std::int64_t mp = (m + 9) % 12;                            // March = 0
    const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;             // [0, 365] when valid
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096] when valid
    return era * 146097 + doe - 719468;
}

Date CivilFromDays(std::int64_t days) {
    if (days > kMaxAbsDays) days = kMaxAbsDays;
    if (days < -kMaxAbsDays) days = -kMaxAbsDays;
    const std::int64_t z = days + 719468;
    const std::int64_t era = FloorDiv(z, 146097);
    const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
    const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
    Date date;
    date.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    date.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    date.year = static_cast<int>(yoe + era * 400 + (date.month <= 2 ? 1 : 0));
    return date;
}

int DayOfWeek(const Date& date) {
    // 1970-01-01 was a Thursday (ISO 4).
    return static_cast<int>(FloorMod(DaysFromCivil(date) + 3, 7)) + 1;
}

Date AddMonths(const Date& date, int months) {
    const std::int64_t index =
        static_cast<std::int64_t>(date.year) * 12 + (date.month - 1) + months;
    std::int64_t year = index / 12;
    std::int64_t month0 = index % 12;
    if (month0 < 0) {  // floor division for dates before year 0
        month0 += 12;
        year -= 1;
    }
    Date out{static_cast<int>(year), static_cast<int>(month0) + 1, 1};
    out.day = std::min(date.day, DaysInMonth(out.year, out.month));
    return out;
}

Date AddDays(const Date& date, std::int64_t days) {
    const std::int64_t base = DaysFromCivil(date);
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    std::int64_t sum;
    if (days > 0 && base > kMax - days) {
        sum = kMax;
    } else if (days < 0 && base < kMin - days) {
        sum = kMin;
    } else {
        sum = base + days;
    }
    return CivilFromDays(sum);
}

std::int64_t DaysBetween(const Date& from, const Date& to) {
    return DaysFromCivil(to) - DaysFromCivil(from);
}

Result<Date> ParseIsoDate(std::string_view text) {
    static constexpr char kShape[] = "dddd-dd-dd";
    bool shaped = text.size() == sizeof(kShape) - 1;
    for (std::size_t i = 0; shaped && i < text.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        shaped = kShape[i] == 'd' ? digit : text[i] == kShape[i];
    }
    if (!shaped) {
        return Error::Make("seam.date.syntax", "expected a date as YYYY-MM-DD");
    }
    Date date;
    date.year = TwoDigits(text, 0) * 100 + TwoDigits(text, 2);
    date.month = TwoDigits(text, 5);
    date.day = TwoDigits(text, 8);
    if (!IsValidDate(date)) {
        return Error::Make("seam.date.invalid", "there is no such day: " + std::string(text));
    }
    return date;
}

std::string FormatIsoDate(const Date& date) {
    std::string out;
    AppendPadded(date.year, 4, out);
    out.push_back('-');
    AppendPadded(date.month, 2, out);
    out.push_back('-');
    AppendPadded(date.day, 2, out);
    return out;
}

}  // namespace seam
