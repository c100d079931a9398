// shared/include/seam/form/date.hpp — the civil dates of form validation: the core's
// (core/date.hpp) under the names the form library uses, plus Sunday-first weekdays for its
// relative dates.
#pragma once

#include "seam/core/date.hpp"

namespace seam::form {

using seam::AddDays;
using seam::CivilFromDays;
using seam::Date;
using seam::DaysFromCivil;
using seam::DaysInMonth;
using seam::FormatIsoDate;
using seam::IsLeapYear;
using seam::IsValidDate;

//! Day of the week: 0 = Sunday, 1 = Monday, ... 6 = Saturday.
inline int Weekday(const Date& date) {
    return seam::DayOfWeek(date) % 7;
}

}  // namespace seam::form
