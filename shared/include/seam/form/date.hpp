// shared/include/seam/form/date.hpp — proleptic Gregorian civil dates: the arithmetic behind date
// validation (days since 1970-01-01, weekdays, adding days). No clock: "today" is always passed in.
#pragma once

#include <cstdint>
#include <string>

namespace seam::form {

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

//! True for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
bool IsLeapYear(int year);

//! Days in `month` (1..12) of `year`; 0 for a month outside 1..12.
int DaysInMonth(int year, int month);

//! True when month is 1..12 and day is 1..DaysInMonth (any year, including <= 0).
bool IsValidDate(const Date& date);

//! Days since 1970-01-01 (negative before). `date` must be valid; out-of-range fields are
//! carried arithmetically, never undefined behaviour, for |year| <= 1,000,000.
std::int64_t DaysFromCivil(const Date& date);

//! The date `days` days after 1970-01-01 (inverse of DaysFromCivil).
Date CivilFromDays(std::int64_t days);

//! Day of the week: 0 = Sunday, 1 = Monday, ... 6 = Saturday.
int Weekday(const Date& date);

//! `date` moved by `days` (may be negative).
Date AddDays(const Date& date, std::int64_t days);

//! "YYYY-MM-DD" (years outside 0..9999 are written as they are, with a sign when negative).
std::string FormatIsoDate(const Date& date);

}  // namespace seam::form
