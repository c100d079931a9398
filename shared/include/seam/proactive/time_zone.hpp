// shared/include/seam/proactive/time_zone.hpp — a customer's local time from UTC, without the OS
// time zone database (the core has no I/O): a built-in table of the zones the business serves,
// with their standard offsets and daylight-saving rules (US/Canada: second Sunday of March to
// first Sunday of November at 02:00 local; EU and UK: last Sunday of March to last Sunday of
// October at 01:00 UTC). Today's rules are applied to every year (North American times before
// 2007 may be an hour off); from 2020 to 2035 every zone matches the tz database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::proactive {

//! The zones the table knows: UTC, America/{New_York,Chicago,Denver,Phoenix,Los_Angeles,
//! Toronto,Vancouver,Halifax}, Europe/{London,Dublin,Lisbon,Madrid,Paris,Berlin,Rome,Amsterdam},
//! Atlantic/Canary; and, so every US state, Canadian province and EU country the shop ships to
//! has its own clock, America/{Anchorage,Regina,St_Johns}, Pacific/Honolulu,
//! Europe/{Athens,Helsinki}.
const std::vector<std::string>& KnownTimeZones();

//! The zone's offset from UTC at `utc_ms`, in minutes (Madrid in July: +120). Errors:
//! seam.proactive.time_zone (an unknown zone).
Result<int> UtcOffsetMinutes(std::string_view zone, std::int64_t utc_ms);

//! Minutes after local midnight at `utc_ms` (0..1439); an unknown zone reads as UTC.
int LocalMinuteOfDay(std::string_view zone, std::int64_t utc_ms);

//! A sensible zone for a customer from their country and region (US state or Canadian
//! province code): "ES" -> "Europe/Madrid", "US"+"CA" -> "America/Los_Angeles"; "UTC" when
//! nothing fits. Codes in any case; "US-CA" works too; "ES"+"CN" is the Canaries. A state split
//! between zones gets the one most of its people live in, and so does a country given alone
//! ("US" -> America/New_York, "CA" -> America/Toronto); a country with the same rules as a
//! listed zone borrows it ("BE" -> Europe/Paris).
std::string ZoneFor(std::string_view country, std::string_view region);

}  // namespace seam::proactive
