// shared/include/seam/proactive/time_zone.hpp — a customer's local time from UTC, without the OS
// time zone database (the core has no I/O): a built-in table of the zones the business serves,
// with their standard offsets and daylight-saving rules (US/Canada: second Sunday of March to
// first Sunday of November at 02:00 local; EU and UK: last Sunday of March to last Sunday of
// October at 01:00 UTC).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::proactive {

//! The zones the table knows: UTC, America/{New_York,Chicago,Denver,Phoenix,Los_Angeles,
//! Toronto,Vancouver,Halifax}, Europe/{London,Dublin,Lisbon,Madrid,Paris,Berlin,Rome,Amsterdam},
//! Atlantic/Canary.
const std::vector<std::string>& KnownTimeZones();

//! The zone's offset from UTC at `utc_ms`, in minutes (Madrid in July: +120). Errors:
//! seam.proactive.time_zone (an unknown zone).
Result<int> UtcOffsetMinutes(std::string_view zone, std::int64_t utc_ms);

//! Minutes after local midnight at `utc_ms` (0..1439); an unknown zone reads as UTC.
int LocalMinuteOfDay(std::string_view zone, std::int64_t utc_ms);

//! A sensible zone for a customer from their country and region (US state or Canadian
//! province code): "ES" -> "Europe/Madrid", "US"+"CA" -> "America/Los_Angeles"; "UTC" when
//! nothing fits.
std::string ZoneFor(std::string_view country, std::string_view region);

}  // namespace seam::proactive
