// shared/include/seam/core/date.hpp — calendar dates for the core: proleptic Gregorian civil dates,
// weekdays, day arithmetic and the ISO 8601 "YYYY-MM-DD" form.
//
// The core has no clock: whatever needs "today" (relative dates such as "tomorrow" or "el próximo
// martes") takes it as a parameter. All arithmetic is exact integer arithmetic on days since
// 1970-01-01 (Howard Hinnant's civil-from-days algorithms), identical in every build.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "seam/core/result.hpp"

namespace seam {

//! A calendar date. Not necessarily valid: check with IsValidDate().
struct Date {
    int year = 1970;
    int month = 1;  //!< 1..12
    int day = 1;    //!< 1..DaysInMonth(year, month)
};

inline bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
}
inline bool operator!=(const Date& a, const Date& b) {
    return !(a == b);
}
//! Chronological order (field by field: year, then month, then day).
inline bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year) return a.year < b.year;
    if (a.month != b.month) return a.month < b.month;
    return a.day < b.day;
}

//! True for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
bool IsLeapYear(int year);

//! Days in `month` (1..12) of `year`; 0 for a month outside 1..12.
int DaysInMonth(int year, int month);

//! True when month is 1..12 and day is 1..DaysInMonth(year, month). Any year is accepted,
//! including 0 and negative ones (proleptic calendar, astronomical year numbering).
bool IsValidDate(const Date& date);

//! Days since 1970-01-01 (negative before). Meant for valid dates; for any other field values the
//! result is still defined (months and days carry over arithmetically), never undefined behaviour.
std::int64_t DaysFromCivil(const Date& date);

//! The date `days` days after 1970-01-01 (inverse of DaysFromCivil). `days` is clamped to about
//! +/- two billion years, so the year always fits an int.
Date CivilFromDays(std::int64_t days);

//! ISO 8601 day of the week: 1 = Monday ... 7 = Sunday.
int DayOfWeek(const Date& date);

//! `date` moved by `days` (may be negative): CivilFromDays(DaysFromCivil(date) + days), with the
//! sum saturating instead of overflowing.
Date AddDays(const Date& date, std::int64_t days);

//! `date` moved by `months` (may be negative), the day clamped to the last day of a shorter
//! month (Jan 31 + 1 month = Feb 28/29).
Date AddMonths(const Date& date, int months);

//! Days from `from` to `to` (negative when `to` is earlier).
std::int64_t DaysBetween(const Date& from, const Date& to);

//! Parses exactly "YYYY-MM-DD" (four-digit year 0000..9999, two-digit month and day, nothing
//! around it). Errors: seam.date.syntax (not that shape), seam.date.invalid (no such day, e.g.
//! "2026-02-30").
Result<Date> ParseIsoDate(std::string_view text);

//! "YYYY-MM-DD": the year with at least four digits and a '-' sign when negative ("0044-03-15",
//! "-0044-03-15", "12026-01-01"), month and day with two.
std::string FormatIsoDate(const Date& date);

}  // namespace seam
