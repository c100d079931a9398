// tests/unit/proactive/test_time_zone.cpp — the built-in zone table against tables written from
// the system's tz database (tests/proactive/time_zone/*.json), and ZoneFor.
//
// offsets_at_switch_instants.json: {"cases": [{"zone", "utc", "offset" | "error", "local":
// "HH:MM", "why"}]}; zone_for_country_and_region.json: {"cases": [{"country", "region",
// "zone"}]}.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "../support/check.hpp"
#include "fixtures.hpp"
#include "seam/proactive/time_zone.hpp"

using nlohmann::json;
using namespace seam::proactive;

namespace {

std::string HhMm(int minute) {
    const std::string h = std::to_string(minute / 60);
    const std::string m = std::to_string(minute % 60);
    return std::string(2 - h.size(), '0') + h + ":" + std::string(2 - m.size(), '0') + m;
}

}  // namespace

TEST_CASE("proactive: offsets one second either side of every switch match the tz database") {
    const json f =
        seam::testing::ReadJson("tests/proactive/time_zone/offsets_at_switch_instants.json");
    SEAM_REQUIRE_OR_RETURN((f.is_object() && f.contains("cases")));
    CHECK(f["cases"].size() >= 40);
    for (const json& c : f["cases"]) {
        const std::string zone = c.value("zone", std::string());
        const std::string utc = c.value("utc", std::string());
        CAPTURE(zone);
        CAPTURE(utc);
        bool ok = false;
        const std::int64_t at = seam::testing::Instant(c["utc"], ok);
        SEAM_CHECK_OR_BREAK(ok);
        const seam::Result<int> offset = UtcOffsetMinutes(zone, at);
        if (c.contains("error")) {
            CHECK(!offset);
            if (!offset) CHECK(offset.error().id == c["error"].get<std::string>());
        } else {
            CHECK(offset.ok());
            if (offset) CHECK(*offset == c.value("offset", 9999));
        }
        CHECK(HhMm(LocalMinuteOfDay(zone, at)) == c.value("local", std::string()));
    }
}

TEST_CASE("proactive: ZoneFor picks a zone for a country and region") {
    const json f =
        seam::testing::ReadJson("tests/proactive/time_zone/zone_for_country_and_region.json");
    SEAM_REQUIRE_OR_RETURN((f.is_object() && f.contains("cases")));
    for (const json& c : f["cases"]) {
        const std::string country = c.value("country", std::string());
        const std::string region = c.value("region", std::string());
        CAPTURE(country);
        CAPTURE(region);
        const std::string zone = ZoneFor(country, region);
        CHECK(zone == c.value("zone", std::string()));
        CHECK(UtcOffsetMinutes(zone, 0).ok());  // always one the table knows
    }
}

TEST_CASE("proactive: every known zone answers at every hour, with a minute of day in range") {
    const std::vector<std::string>& zones = KnownTimeZones();
    CHECK(zones.size() >= 18);
    CHECK(zones.front() == "UTC");
    for (const char* documented :
         {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
          "America/Los_Angeles", "America/Toronto", "America/Vancouver", "America/Halifax",
          "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris",
          "Europe/Berlin", "Europe/Rome", "Europe/Amsterdam", "Atlantic/Canary"}) {
        CAPTURE(documented);
        CHECK(std::find(zones.begin(), zones.end(), documented) != zones.end());
    }
    // 1960 to 2100 every 7 h 13 min: before the epoch too, and across many switches.
    const std::int64_t step = (7 * 60 + 13) * 60000LL;
    for (const std::string& zone : zones) {
        CAPTURE(zone);
        for (std::int64_t t = -315619200000LL; t < 4102444800000LL; t += step * 97) {
            const seam::Result<int> offset = UtcOffsetMinutes(zone, t);
            SEAM_CHECK_OR_BREAK((offset.ok() && *offset >= -12 * 60 && *offset <= 14 * 60));
            const int minute = LocalMinuteOfDay(zone, t);
            SEAM_CHECK_OR_BREAK((minute >= 0 && minute < 1440));
            const std::int64_t local = t + *offset * 60000LL;
            const std::int64_t day = 86400000LL;
            SEAM_CHECK_OR_BREAK(minute == ((local % day + day) % day) / 60000);
        }
    }
}
