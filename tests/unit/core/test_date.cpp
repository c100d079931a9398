// tests/unit/core/test_date.cpp — calendar dates: validity, days since the epoch, weekdays, day
// arithmetic and the ISO "YYYY-MM-DD" form (tables; y_ must be accepted, n_ must be rejected).
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "../support/check.hpp"
#include "seam/core/date.hpp"

using seam::Date;

namespace {

std::string Show(const Date& d) {
    return std::to_string(d.year) + "-" + std::to_string(d.month) + "-" + std::to_string(d.day);
}

struct ValidityCase {
    const char* name;
    Date date;
    bool valid;
};

const std::vector<ValidityCase>& ValidityCases() {
    static const std::vector<ValidityCase> cases = {
        {"y_first_day", {2026, 1, 1}, true},
        {"y_last_day", {2026, 12, 31}, true},
        {"y_feb_28", {2026, 2, 28}, true},
        {"y_feb_29_leap", {2024, 2, 29}, true},
        {"y_feb_29_century_400", {2000, 2, 29}, true},
        {"y_feb_29_1600", {1600, 2, 29}, true},
        {"y_april_30", {2026, 4, 30}, true},
        {"y_june_30", {2026, 6, 30}, true},
        {"y_sept_30", {2026, 9, 30}, true},
        {"y_nov_30", {2026, 11, 30}, true},
        {"y_jan_31", {2026, 1, 31}, true},
        {"y_march_31", {2026, 3, 31}, true},
        {"y_may_31", {2026, 5, 31}, true},
        {"y_july_31", {2026, 7, 31}, true},
        {"y_august_31", {2026, 8, 31}, true},
        {"y_october_31", {2026, 10, 31}, true},
        {"y_year_zero", {0, 2, 29}, true},
        {"y_negative_year", {-44, 3, 15}, true},
        {"y_far_future", {100000, 6, 1}, true},
        {"n_feb_29_common", {2026, 2, 29}, false},
        {"n_feb_29_century", {1900, 2, 29}, false},
        {"n_feb_29_2100", {2100, 2, 29}, false},
        {"n_feb_30", {2024, 2, 30}, false},
        {"n_feb_31", {2026, 2, 31}, false},
        {"n_april_31", {2026, 4, 31}, false},
        {"n_june_31", {2026, 6, 31}, false},
        {"n_sept_31", {2026, 9, 31}, false},
        {"n_nov_31", {2026, 11, 31}, false},
        {"n_day_32", {2026, 1, 32}, false},
        {"n_day_0", {2026, 1, 0}, false},
        {"n_day_negative", {2026, 1, -1}, false},
        {"n_month_0", {2026, 0, 1}, false},
        {"n_month_13", {2026, 13, 1}, false},
        {"n_month_negative", {2026, -3, 1}, false},
        {"n_int_min_day", {2026, 1, std::numeric_limits<int>::min()}, false},
        {"n_int_max_month", {2026, std::numeric_limits<int>::max(), 1}, false},
    };
    return cases;
}

struct EpochCase {
    Date date;
    std::int64_t days;
    int weekday;  // ISO: 1 = Monday
};

const std::vector<EpochCase>& EpochCases() {
    // Known answers (checked against Python's datetime).
    static const std::vector<EpochCase> cases = {
        {{1970, 1, 1}, 0, 4},       {{1969, 12, 31}, -1, 3},     {{1970, 1, 2}, 1, 5},
        {{2000, 3, 1}, 11017, 3},   {{2026, 3, 10}, 20522, 2},   {{1900, 1, 1}, -25567, 1},
        {{2100, 12, 31}, 47846, 5}, {{1, 1, 1}, -719162, 1},     {{9999, 12, 31}, 2932896, 5},
        {{2024, 2, 29}, 19782, 4},  {{1600, 2, 29}, -135081, 2}, {{0, 3, 1}, -719468, 3},
    };
    return cases;
}

struct AddCase {
    Date from;
    std::int64_t days;
    Date expected;
};

const std::vector<AddCase>& AddCases() {
    static const std::vector<AddCase> cases = {
        {{2026, 3, 10}, 0, {2026, 3, 10}},     {{2026, 3, 10}, 1, {2026, 3, 11}},
        {{2026, 3, 10}, -1, {2026, 3, 9}},     {{2026, 3, 31}, 1, {2026, 4, 1}},
        {{2026, 4, 1}, -1, {2026, 3, 31}},     {{2026, 12, 31}, 1, {2027, 1, 1}},
        {{2027, 1, 1}, -1, {2026, 12, 31}},    {{2026, 2, 28}, 1, {2026, 3, 1}},
        {{2024, 2, 28}, 1, {2024, 2, 29}},     {{2024, 2, 29}, 1, {2024, 3, 1}},
        {{2026, 3, 10}, 14, {2026, 3, 24}},    {{2026, 3, 10}, 365, {2027, 3, 10}},
        {{2024, 3, 10}, 365, {2025, 3, 10}},   {{2024, 1, 10}, 365, {2025, 1, 9}},
        {{2026, 3, 10}, -3650, {2016, 3, 12}}, {{1970, 1, 1}, 20522, {2026, 3, 10}},
        {{2000, 1, 1}, 146097, {2400, 1, 1}},  {{2000, 1, 1}, -146097, {1600, 1, 1}},
    };
    return cases;
}

struct IsoCase {
    const char* name;
    std::string_view input;
    const char* expected;  // the date as FormatIsoDate writes it, or the error id
};

const std::vector<IsoCase>& IsoCases() {
    static const std::vector<IsoCase> cases = {
        {"y_plain", "2026-03-12", "2026-03-12"},
        {"y_first_day", "2026-01-01", "2026-01-01"},
        {"y_last_day", "2026-12-31", "2026-12-31"},
        {"y_leap_day", "2024-02-29", "2024-02-29"},
        {"y_leap_day_2000", "2000-02-29", "2000-02-29"},
        {"y_year_zero", "0000-01-01", "0000-01-01"},
        {"y_year_9999", "9999-12-31", "9999-12-31"},
        {"y_early_year", "0044-03-15", "0044-03-15"},
        {"n_feb_29_common_year", "2026-02-29", "seam.date.invalid"},
        {"n_feb_30", "2024-02-30", "seam.date.invalid"},
        {"n_april_31", "2026-04-31", "seam.date.invalid"},
        {"n_month_00", "2026-00-10", "seam.date.invalid"},
        {"n_month_13", "2026-13-01", "seam.date.invalid"},
        {"n_day_00", "2026-03-00", "seam.date.invalid"},
        {"n_day_32", "2026-01-32", "seam.date.invalid"},
        {"n_empty", "", "seam.date.syntax"},
        {"n_short_month", "2026-3-12", "seam.date.syntax"},
        {"n_short_day", "2026-03-1", "seam.date.syntax"},
        {"n_two_digit_year", "26-03-12", "seam.date.syntax"},
        {"n_five_digit_year", "12026-03-12", "seam.date.syntax"},
        {"n_slashes", "2026/03/12", "seam.date.syntax"},
        {"n_dots", "2026.03.12", "seam.date.syntax"},
        {"n_day_first", "12-03-2026", "seam.date.syntax"},
        {"n_leading_space", " 2026-03-12", "seam.date.syntax"},
        {"n_trailing_space", "2026-03-12 ", "seam.date.syntax"},
        {"n_trailing_newline", "2026-03-12\n", "seam.date.syntax"},
        {"n_time_attached", "2026-03-12T10:00", "seam.date.syntax"},
        {"n_letters", "YYYY-MM-DD", "seam.date.syntax"},
        {"n_sign", "+2026-03-12", "seam.date.syntax"},
        {"n_negative_month", "2026--3-12", "seam.date.syntax"},
        {"n_fullwidth_digits", "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96-03-12",
         "seam.date.syntax"},
        {"n_nul_inside", std::string_view("2026-03-1\0", 10), "seam.date.syntax"},
        {"n_invalid_utf8", "2026-03-\xFF\xFE", "seam.date.syntax"},
    };
    return cases;
}

struct FormatCase {
    Date date;
    const char* expected;
};

const std::vector<FormatCase>& FormatCases() {
    static const std::vector<FormatCase> cases = {
        {{2026, 3, 12}, "2026-03-12"},  {{2026, 12, 1}, "2026-12-01"},
        {{999, 1, 1}, "0999-01-01"},    {{44, 3, 15}, "0044-03-15"},
        {{0, 1, 1}, "0000-01-01"},      {{-44, 3, 15}, "-0044-03-15"},
        {{12026, 1, 1}, "12026-01-01"}, {{-12026, 1, 1}, "-12026-01-01"},
    };
    return cases;
}

}  // namespace

TEST_CASE("date: validity (leap years, month lengths, out-of-range fields)") {
    for (const ValidityCase& c : ValidityCases()) {
        CAPTURE(c.name);
        CHECK(seam::IsValidDate(c.date) == c.valid);
    }
    CHECK(seam::IsLeapYear(2024));
    CHECK(seam::IsLeapYear(2000));
    CHECK(seam::IsLeapYear(0));
    CHECK(seam::IsLeapYear(-4));
    CHECK_FALSE(seam::IsLeapYear(2026));
    CHECK_FALSE(seam::IsLeapYear(1900));
    CHECK_FALSE(seam::IsLeapYear(-1));
    CHECK(seam::DaysInMonth(2026, 2) == 28);
    CHECK(seam::DaysInMonth(2024, 2) == 29);
    CHECK(seam::DaysInMonth(2026, 0) == 0);
    CHECK(seam::DaysInMonth(2026, 13) == 0);
}

TEST_CASE("date: days since 1970-01-01 and ISO weekdays (known answers)") {
    for (const EpochCase& c : EpochCases()) {
        CAPTURE(Show(c.date));
        CHECK(seam::DaysFromCivil(c.date) == c.days);
        CHECK(seam::CivilFromDays(c.days) == c.date);
        CHECK(seam::DayOfWeek(c.date) == c.weekday);
    }
}

TEST_CASE("date: every day from 1600 to 2400 round-trips, in order, with weekdays in turn") {
    Date d{1600, 1, 1};
    std::int64_t days = seam::DaysFromCivil(d);
    int weekday = seam::DayOfWeek(d);
    for (int step = 0; step < 292194; ++step) {  // 800 years
        SEAM_CHECK_OR_BREAK(seam::IsValidDate(d));
        SEAM_CHECK_OR_BREAK(seam::DaysFromCivil(d) == days);
        SEAM_CHECK_OR_BREAK(seam::CivilFromDays(days) == d);
        SEAM_CHECK_OR_BREAK(seam::DayOfWeek(d) == weekday);
        const Date next = seam::AddDays(d, 1);
        SEAM_CHECK_OR_BREAK(d < next);
        SEAM_CHECK_OR_BREAK(seam::DaysBetween(d, next) == 1);
        d = next;
        ++days;
        weekday = weekday % 7 + 1;
    }
    CHECK(d == Date{2400, 1, 1});
}

TEST_CASE("date: adding days across months, years and leap days") {
    for (const AddCase& c : AddCases()) {
        CAPTURE(Show(c.from));
        CAPTURE(c.days);
        CHECK(seam::AddDays(c.from, c.days) == c.expected);
        CHECK(seam::DaysBetween(c.from, c.expected) == c.days);
    }
}

TEST_CASE("date: extreme inputs are defined, never undefined behaviour") {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    const Date far_future = seam::CivilFromDays(kMax);
    const Date far_past = seam::CivilFromDays(kMin);
    CHECK(seam::IsValidDate(far_future));
    CHECK(seam::IsValidDate(far_past));
    CHECK(far_past < far_future);
    CHECK(far_future.year > 1000000000);
    CHECK(far_past.year < -1000000000);
    CHECK(seam::AddDays({2026, 3, 10}, kMax) == far_future);
    CHECK(seam::AddDays({2026, 3, 10}, kMin) == far_past);
    // Months outside 1..12 carry into the year: month 13 of 2025 is January 2026.
    CHECK(seam::DaysFromCivil({2025, 13, 1}) == seam::DaysFromCivil({2026, 1, 1}));
    CHECK(seam::DaysFromCivil({2026, 0, 1}) == seam::DaysFromCivil({2025, 12, 1}));
    CHECK(seam::DaysFromCivil({2026, 3, 0}) == seam::DaysFromCivil({2026, 2, 28}));
    const int kIntMax = std::numeric_limits<int>::max();
    const int kIntMin = std::numeric_limits<int>::min();
    CHECK(seam::DaysFromCivil({kIntMax, kIntMax, kIntMax}) > 0);
    CHECK(seam::DaysFromCivil({kIntMin, kIntMin, kIntMin}) < 0);
    CHECK(seam::DayOfWeek({kIntMin, 1, 1}) >= 1);
    CHECK(seam::DayOfWeek({kIntMax, 12, 31}) <= 7);
    CHECK_FALSE(seam::FormatIsoDate({kIntMin, kIntMin, kIntMin}).empty());
}

TEST_CASE("date: ParseIsoDate accepts exactly YYYY-MM-DD") {
    for (const IsoCase& c : IsoCases()) {
        CAPTURE(c.name);
        const seam::Result<Date> parsed = seam::ParseIsoDate(c.input);
        const std::string got = parsed ? seam::FormatIsoDate(*parsed) : parsed.error().id;
        CHECK(got == c.expected);
        CHECK(std::string(c.name).rfind(parsed ? "y_" : "n_", 0) == 0);
        if (!parsed) CHECK(parsed.error().message.rfind("[" + parsed.error().id + "]", 0) == 0);
    }
}

TEST_CASE("date: FormatIsoDate pads and signs years") {
    for (const FormatCase& c : FormatCases()) {
        CAPTURE(Show(c.date));
        CHECK(seam::FormatIsoDate(c.date) == c.expected);
    }
}

TEST_CASE("date: ordering is chronological") {
    CHECK(Date{2026, 3, 10} < Date{2026, 3, 11});
    CHECK(Date{2026, 3, 31} < Date{2026, 4, 1});
    CHECK(Date{2025, 12, 31} < Date{2026, 1, 1});
    CHECK_FALSE(Date{2026, 3, 10} < Date{2026, 3, 10});
    CHECK(Date{2026, 3, 10} != Date{2026, 3, 11});
}

TEST_CASE("date: AddMonths clamps to a shorter month and crosses years both ways") {
    CHECK(seam::AddMonths({2026, 1, 31}, 1) == seam::Date{2026, 2, 28});
    CHECK(seam::AddMonths({2028, 1, 31}, 1) == seam::Date{2028, 2, 29});
    CHECK(seam::AddMonths({2026, 11, 22}, 3) == seam::Date{2027, 2, 22});
    CHECK(seam::AddMonths({2026, 3, 31}, -1) == seam::Date{2026, 2, 28});
    CHECK(seam::AddMonths({2026, 1, 15}, -13) == seam::Date{2024, 12, 15});
    CHECK(seam::AddMonths({0, 1, 10}, -1) == seam::Date{-1, 12, 10});
}
