// shared/src/proactive/time_zone.cpp — the built-in zone table and its daylight-saving rules.
//
// Index of this file
//   [SECTION] The table
//   [SECTION] Daylight-saving rules
//   [SECTION] Offsets and local time
//   [SECTION] A zone for a country and region
//
// Only today's rules (US/Canada since 2007, EU and UK since 1996) are known, and they are applied
// to every year: a time stamp from before 2007 in North America may be an hour off. The core only
// ever asks about "now" and the next few days.
#include "seam/proactive/time_zone.hpp"

#include <cstdint>

#include "seam/core/date.hpp"

namespace seam::proactive {

namespace {

constexpr std::int64_t kMinuteMs = 60LL * 1000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

//-----------------------------------------------------------------------------
// [SECTION] The table
//-----------------------------------------------------------------------------

enum class Rule {
    kNone,  //!< no daylight-saving time
    kUs,    //!< second Sunday of March to first Sunday of November, at 02:00 local
    kEu,    //!< last Sunday of March to last Sunday of October, at 01:00 UTC
};

struct Zone {
    const char* name;
    int standard_minutes;  //!< offset from UTC in winter
    Rule rule;
};

// Summer is always one hour ahead of the standard offset.
constexpr Zone kZones[] = {
    {"UTC", 0, Rule::kNone},
    {"America/New_York", -5 * 60, Rule::kUs},
    {"America/Chicago", -6 * 60, Rule::kUs},
    {"America/Denver", -7 * 60, Rule::kUs},
    {"America/Phoenix", -7 * 60, Rule::kNone},
    {"America/Los_Angeles", -8 * 60, Rule::kUs},
    {"America/Anchorage", -9 * 60, Rule::kUs},
    {"Pacific/Honolulu", -10 * 60, Rule::kNone},
    {"America/Toronto", -5 * 60, Rule::kUs},
    {"America/Vancouver", -8 * 60, Rule::kUs},
    {"America/Regina", -6 * 60, Rule::kNone},
    {"America/Halifax", -4 * 60, Rule::kUs},
    {"America/St_Johns", -3 * 60 - 30, Rule::kUs},
    {"Europe/London", 0, Rule::kEu},
    {"Europe/Dublin", 0, Rule::kEu},
    {"Europe/Lisbon", 0, Rule::kEu},
    {"Atlantic/Canary", 0, Rule::kEu},
    {"Europe/Madrid", 60, Rule::kEu},
    {"Europe/Paris", 60, Rule::kEu},
    {"Europe/Berlin", 60, Rule::kEu},
    {"Europe/Rome", 60, Rule::kEu},
    {"Europe/Amsterdam", 60, Rule::kEu},
    {"Europe/Athens", 120, Rule::kEu},
    {"Europe/Helsinki", 120, Rule::kEu},
};

const Zone* FindZone(std::string_view name) {
    for (const Zone& z : kZones) {
        if (name == z.name) return &z;
    }
    return nullptr;
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

//-----------------------------------------------------------------------------
// [SECTION] Daylight-saving rules
//-----------------------------------------------------------------------------

// Days since the epoch of the `nth` Sunday (1-based) of `month`, or of the last one when nth is 0.
std::int64_t Sunday(int year, int month, int nth) {
    if (nth == 0) {
        const Date last{year, month, DaysInMonth(year, month)};
        return DaysFromCivil(last) - (DayOfWeek(last) % 7);  // DayOfWeek: Sunday = 7
    }
    const Date first{year, month, 1};
    const int to_sunday = (7 - DayOfWeek(first)) % 7;
    return DaysFromCivil(first) + to_sunday + 7 * (nth - 1);
}

bool InSummer(const Zone& z, std::int64_t utc_ms) {
    if (z.rule == Rule::kNone) return false;
    // Every rule switches in spring and autumn, far from New Year: the UTC year is the rule's year.
    const int year = CivilFromDays(FloorDiv(utc_ms, kDayMs)).year;
    std::int64_t start = 0;
    std::int64_t end = 0;
    if (z.rule == Rule::kEu) {
        start = Sunday(year, 3, 0) * kDayMs + kHourMs;
        end = Sunday(year, 10, 0) * kDayMs + kHourMs;
    } else {
        // 02:00 local standard time in spring, 02:00 local summer time in autumn.
        start = Sunday(year, 3, 2) * kDayMs + 2 * kHourMs - z.standard_minutes * kMinuteMs;
        end = Sunday(year, 11, 1) * kDayMs + 2 * kHourMs - (z.standard_minutes + 60) * kMinuteMs;
    }
    return utc_ms >= start && utc_ms < end;
}

int OffsetOf(const Zone& z, std::int64_t utc_ms) {
    return z.standard_minutes + (InSummer(z, utc_ms) ? 60 : 0);
}

//-----------------------------------------------------------------------------
// [SECTION] A zone for a country and region
//-----------------------------------------------------------------------------

struct Region {
    const char* code;
    const char* zone;
};

// US states (and DC) by the time zone most of their people live in.
constexpr Region kUsStates[] = {
    {"CT", "America/New_York"},    {"DE", "America/New_York"},    {"DC", "America/New_York"},
    {"FL", "America/New_York"},    {"GA", "America/New_York"},    {"IN", "America/New_York"},
    {"KY", "America/New_York"},    {"ME", "America/New_York"},    {"MD", "America/New_York"},
    {"MA", "America/New_York"},    {"MI", "America/New_York"},    {"NH", "America/New_York"},
    {"NJ", "America/New_York"},    {"NY", "America/New_York"},    {"NC", "America/New_York"},
    {"OH", "America/New_York"},    {"PA", "America/New_York"},    {"RI", "America/New_York"},
    {"SC", "America/New_York"},    {"VT", "America/New_York"},    {"VA", "America/New_York"},
    {"WV", "America/New_York"},    {"AL", "America/Chicago"},     {"AR", "America/Chicago"},
    {"IL", "America/Chicago"},     {"IA", "America/Chicago"},     {"KS", "America/Chicago"},
    {"LA", "America/Chicago"},     {"MN", "America/Chicago"},     {"MS", "America/Chicago"},
    {"MO", "America/Chicago"},     {"NE", "America/Chicago"},     {"ND", "America/Chicago"},
    {"OK", "America/Chicago"},     {"SD", "America/Chicago"},     {"TN", "America/Chicago"},
    {"TX", "America/Chicago"},     {"WI", "America/Chicago"},     {"CO", "America/Denver"},
    {"ID", "America/Denver"},      {"MT", "America/Denver"},      {"NM", "America/Denver"},
    {"UT", "America/Denver"},      {"WY", "America/Denver"},      {"AZ", "America/Phoenix"},
    {"CA", "America/Los_Angeles"}, {"NV", "America/Los_Angeles"}, {"OR", "America/Los_Angeles"},
    {"WA", "America/Los_Angeles"}, {"AK", "America/Anchorage"},   {"HI", "Pacific/Honolulu"},
};

// Canadian provinces and territories; Alberta and the north-west keep Mountain time with the
// same rules as Denver, Manitoba Central time with Chicago's.
constexpr Region kCaProvinces[] = {
    {"ON", "America/Toronto"},   {"QC", "America/Toronto"}, {"NU", "America/Toronto"},
    {"BC", "America/Vancouver"}, {"YT", "America/Phoenix"}, {"AB", "America/Denver"},
    {"NT", "America/Denver"},    {"MB", "America/Chicago"}, {"SK", "America/Regina"},
    {"NB", "America/Halifax"},   {"NS", "America/Halifax"}, {"PE", "America/Halifax"},
    {"NL", "America/St_Johns"},
};

// Countries with one zone (or one that most people live in), by ISO 3166-1 alpha-2 code.
constexpr Region kCountries[] = {
    {"GB", "Europe/London"},   {"UK", "Europe/London"},   {"IE", "Europe/Dublin"},
    {"PT", "Europe/Lisbon"},   {"ES", "Europe/Madrid"},   {"FR", "Europe/Paris"},
    {"BE", "Europe/Paris"},    {"LU", "Europe/Paris"},    {"MC", "Europe/Paris"},
    {"DE", "Europe/Berlin"},   {"AT", "Europe/Berlin"},   {"CH", "Europe/Berlin"},
    {"DK", "Europe/Berlin"},   {"SE", "Europe/Berlin"},   {"NO", "Europe/Berlin"},
    {"PL", "Europe/Berlin"},   {"CZ", "Europe/Berlin"},   {"SK", "Europe/Berlin"},
    {"HU", "Europe/Berlin"},   {"SI", "Europe/Berlin"},   {"HR", "Europe/Berlin"},
    {"IT", "Europe/Rome"},     {"MT", "Europe/Rome"},     {"NL", "Europe/Amsterdam"},
    {"GR", "Europe/Athens"},   {"CY", "Europe/Athens"},   {"BG", "Europe/Athens"},
    {"RO", "Europe/Athens"},   {"FI", "Europe/Helsinki"}, {"EE", "Europe/Helsinki"},
    {"LV", "Europe/Helsinki"}, {"LT", "Europe/Helsinki"}, {"US", "America/New_York"},
    {"CA", "America/Toronto"},
};

std::string Upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

template <std::size_t N>
const char* Lookup(const Region (&table)[N], std::string_view code) {
    for (const Region& r : table) {
        if (code == r.code) return r.zone;
    }
    return nullptr;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Offsets and local time
//-----------------------------------------------------------------------------

const std::vector<std::string>& KnownTimeZones() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const Zone& z : kZones)
            names.emplace_back(z.name);
        return names;
    }();
    return kNames;
}

Result<int> UtcOffsetMinutes(std::string_view zone, std::int64_t utc_ms) {
    const Zone* z = FindZone(zone);
    if (z == nullptr) {
        return Error::Make("seam.proactive.time_zone",
                           "unknown time zone \"" + std::string(zone) +
                               "\" (the table knows: UTC, America/New_York, Europe/Madrid, ...)");
    }
    return OffsetOf(*z, utc_ms);
}

int LocalMinuteOfDay(std::string_view zone, std::int64_t utc_ms) {
    const Zone* z = FindZone(zone);
    const std::int64_t local = utc_ms + (z ? OffsetOf(*z, utc_ms) : 0) * kMinuteMs;
    return static_cast<int>((local - FloorDiv(local, kDayMs) * kDayMs) / kMinuteMs);
}

std::string ZoneFor(std::string_view country, std::string_view region) {
    const std::string c = Upper(country);
    std::string r = Upper(region);
    // "US-CA", "ES-CN": ISO 3166-2 codes carry the country in front.
    if (r.size() > c.size() + 1 && r.compare(0, c.size(), c) == 0 && r[c.size()] == '-') {
        r.erase(0, c.size() + 1);
    }
    if (c == "US") {
        if (const char* z = Lookup(kUsStates, r)) return z;
    } else if (c == "CA") {
        if (const char* z = Lookup(kCaProvinces, r)) return z;
    } else if (c == "ES" && (r == "CN" || r == "GC" || r == "TF")) {
        return "Atlantic/Canary";  // the Canary Islands: the autonomous community or a province
    }
    if (const char* z = Lookup(kCountries, c)) return z;
    return "UTC";
}

}  // namespace seam::proactive
