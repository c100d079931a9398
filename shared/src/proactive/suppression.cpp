// shared/src/proactive/suppression.cpp — the policy file, the hold-out group and the one decision
// whether a candidate reaches the customer now (suppression.hpp lists the rules in order).
//
// Index of this file
//   [SECTION] ParsePolicy
//   [SECTION] Decide
//   [SECTION] InHoldout
#include "seam/proactive/suppression.hpp"

#include <algorithm>
#include <set>

#include "seam/core/hash.hpp"
#include "seam/core/json_read.hpp"
#include "seam/proactive/time_zone.hpp"

namespace seam::proactive {

namespace {

using nlohmann::json;

constexpr std::int64_t kMinuteMs = 60LL * 1000;
constexpr std::int64_t kDayMs = 24 * 60 * kMinuteMs;

//-----------------------------------------------------------------------------
// [SECTION] ParsePolicy
//-----------------------------------------------------------------------------

Error PolicyError(const std::string& pointer, const std::string& what) {
    return Error::Make("seam.proactive.policy", pointer + ": " + what);
}

// The same problem under the policy's id (json_read names the field by the pointer we gave it).
Error AsPolicyError(const Error& e) {
    const std::string prefix = "[" + e.id + "] ";
    return Error::Make("seam.proactive.policy", e.message.compare(0, prefix.size(), prefix) == 0
                                                    ? e.message.substr(prefix.size())
                                                    : e.message);
}

// Reports the first key of `obj` outside `allowed`.
Result<bool> OnlyKeys(const json& obj, const std::string& at,
                      const std::set<std::string>& allowed) {
    for (const auto& [key, value] : obj.items()) {
        if (allowed.count(key) == 0) return PolicyError(at + "/" + key, "unknown field");
    }
    return true;
}

// An optional whole number in [low, high].
Result<int> Bounded(const json& obj, const char* key, const std::string& at, int fallback, int low,
                    int high) {
    const std::string pointer = at + "/" + key;
    Result<std::int64_t> v = json_read::OptInt(obj, key, pointer, fallback);
    if (!v) return AsPolicyError(v.error());
    if (*v < low || *v > high) {
        return PolicyError(pointer, "must be from " + std::to_string(low) + " to " +
                                        std::to_string(high) + ", not " + std::to_string(*v));
    }
    return static_cast<int>(*v);
}

// An optional "HH:MM" as minutes after midnight.
Result<int> TimeOfDay(const json& obj, const char* key, const std::string& at, int fallback) {
    const std::string pointer = at + "/" + key;
    Result<std::string> s = json_read::OptString(obj, key, pointer);
    if (!s) return AsPolicyError(s.error());
    if (!obj.contains(key)) return fallback;
    const std::string& t = *s;
    auto digit = [&](std::size_t i) { return t[i] >= '0' && t[i] <= '9'; };
    if (t.size() == 5 && t[2] == ':' && digit(0) && digit(1) && digit(3) && digit(4)) {
        const int hours = (t[0] - '0') * 10 + (t[1] - '0');
        const int minutes = (t[3] - '0') * 10 + (t[4] - '0');
        if (hours <= 23 && minutes <= 59) return hours * 60 + minutes;
    }
    return PolicyError(pointer, "\"" + t + "\" is not a time of day \"HH:MM\" (00:00 to 23:59)");
}

//-----------------------------------------------------------------------------
// [SECTION] Decide
//-----------------------------------------------------------------------------

int OffsetOr0(const std::string& zone, std::int64_t utc_ms) {
    Result<int> offset = UtcOffsetMinutes(zone, utc_ms);
    return offset ? *offset : 0;
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool InQuietHours(int minute, const Policy& p) {
    if (p.quiet_from_minutes == p.quiet_to_minutes) return false;  // no night at all
    if (p.quiet_from_minutes < p.quiet_to_minutes) {
        return minute >= p.quiet_from_minutes && minute < p.quiet_to_minutes;
    }
    return minute >= p.quiet_from_minutes || minute < p.quiet_to_minutes;  // across midnight
}

// The first instant after `now` when the customer's clock reads `to_minutes`:00. The wall-clock
// target is fixed in local time, so a daylight-saving change in the night moves it in UTC.
std::int64_t NightEnds(const std::string& zone, std::int64_t now, int to_minutes) {
    const int offset_now = OffsetOr0(zone, now);
    const std::int64_t local = now + offset_now * kMinuteMs;
    std::int64_t wall = FloorDiv(local, kDayMs) * kDayMs + to_minutes * kMinuteMs;
    if (wall <= local) wall += kDayMs;
    // Solve t + offset(t) = wall. The offset changes at most once a night, so the answer uses
    // either tonight's offset or the one in force at the first guess.
    const std::int64_t first = wall - offset_now * kMinuteMs;
    const std::int64_t second = wall - OffsetOr0(zone, first) * kMinuteMs;
    const bool first_fits = first + OffsetOr0(zone, first) * kMinuteMs == wall;
    const bool second_fits = second + OffsetOr0(zone, second) * kMinuteMs == wall;
    if (first_fits && second_fits) return std::min(first, second);  // the hour that repeats
    if (first_fits) return first;
    if (second_fits) return second;
    // `to` falls in the hour that is skipped: the night ends when the clock jumps over it, the
    // first instant with the later offset (between the two guesses; found to the millisecond).
    std::int64_t before = std::min(first, second);
    std::int64_t after = std::max(first, second);
    const int offset_after = OffsetOr0(zone, after);
    while (after - before > 1) {
        const std::int64_t mid = before + (after - before) / 2;
        (OffsetOr0(zone, mid) == offset_after ? after : before) = mid;
    }
    return after;
}

// Messages sent in (now - window, now]; later ones (a clock running behind) count too.
int SentWithin(const std::vector<PastDecision>& history, std::int64_t now, std::int64_t window) {
    int n = 0;
    for (const PastDecision& d : history) {
        if (d.sent && d.at > now - window) ++n;
    }
    return n;
}

}  // namespace

Result<Policy> ParsePolicy(const json& doc) {
    if (!doc.is_object()) {
        return Error::Make("seam.proactive.policy", "the policy must be a JSON object");
    }
    Policy p;
    if (auto ok =
            OnlyKeys(doc, "", {"$schema", "caps", "quiet_hours", "dedupe_days", "holdout_percent"});
        !ok) {
        return ok.error();
    }
    static const json kEmpty = json::object();
    const json* caps_field = json_read::Find(doc, "caps");
    Result<const json*> caps = json_read::Object(caps_field ? *caps_field : kEmpty, "/caps");
    if (!caps) return AsPolicyError(caps.error());
    if (auto ok = OnlyKeys(**caps, "/caps", {"per_day", "per_week"}); !ok) return ok.error();
    Result<int> per_day = Bounded(**caps, "per_day", "/caps", p.per_day, 1, 100);
    if (!per_day) return per_day.error();
    p.per_day = *per_day;
    Result<int> per_week = Bounded(**caps, "per_week", "/caps", p.per_week, 1, 700);
    if (!per_week) return per_week.error();
    p.per_week = *per_week;
    if (p.per_week < p.per_day) {
        return PolicyError("/caps/per_week",
                           "must be at least per_day (" + std::to_string(p.per_day) + ")");
    }

    const json* quiet_field = json_read::Find(doc, "quiet_hours");
    Result<const json*> quiet =
        json_read::Object(quiet_field ? *quiet_field : kEmpty, "/quiet_hours");
    if (!quiet) return AsPolicyError(quiet.error());
    if (auto ok = OnlyKeys(**quiet, "/quiet_hours", {"from", "to"}); !ok) return ok.error();
    Result<int> from = TimeOfDay(**quiet, "from", "/quiet_hours", p.quiet_from_minutes);
    if (!from) return from.error();
    p.quiet_from_minutes = *from;
    Result<int> to = TimeOfDay(**quiet, "to", "/quiet_hours", p.quiet_to_minutes);
    if (!to) return to.error();
    p.quiet_to_minutes = *to;

    Result<int> dedupe = Bounded(doc, "dedupe_days", "", p.dedupe_days, 0, 365);
    if (!dedupe) return dedupe.error();
    p.dedupe_days = *dedupe;
    Result<int> holdout = Bounded(doc, "holdout_percent", "", p.holdout_percent, 0, 50);
    if (!holdout) return holdout.error();
    p.holdout_percent = *holdout;
    return p;
}

json Decision::ToJson() const {
    json out = {{"send", send}};
    if (send) out["channel"] = channel;
    if (!send) out["reason"] = reason;
    if (deferred_until != 0) out["deferred_until"] = deferred_until;
    return out;
}

Decision Decide(const std::string& object_key, const std::vector<std::string>& channels,
                const Situation& situation, const Policy& policy) {
    Decision d;
    auto hold = [&d](const char* reason) {
        d.reason = reason;
        return d;
    };
    const Situation& s = situation;
    if (s.kill_switch) return hold("kill_switch");
    if (s.holdout) return hold("holdout");
    if (policy.dedupe_days > 0) {
        const std::int64_t window = policy.dedupe_days * kDayMs;
        for (const PastDecision& past : s.history) {
            if (past.object_key == object_key && past.at > s.now - window) return hold("duplicate");
        }
    }
    if (s.agent_case_open) return hold("agent_case_open");

    std::vector<std::string> allowed;
    for (const std::string& c : channels) {
        if (s.opted_out.count(c) == 0) allowed.push_back(c);
    }
    if (s.opted_out_all || (!channels.empty() && allowed.empty())) return hold("opted_out");
    std::string channel;
    for (const std::string& c : allowed) {
        if (s.reachable.count(c) != 0) {
            channel = c;
            break;
        }
    }
    if (channel.empty()) return hold("no_channel");

    if (InQuietHours(LocalMinuteOfDay(s.time_zone, s.now), policy)) {
        d.deferred_until = NightEnds(s.time_zone, s.now, policy.quiet_to_minutes);
        return hold("quiet_hours");
    }
    if (SentWithin(s.history, s.now, kDayMs) >= policy.per_day) return hold("cap_day");
    if (SentWithin(s.history, s.now, 7 * kDayMs) >= policy.per_week) return hold("cap_week");

    d.send = true;
    d.channel = channel;
    return d;
}

//-----------------------------------------------------------------------------
// [SECTION] InHoldout
//-----------------------------------------------------------------------------

bool InHoldout(std::string_view customer_key, std::string_view salt, int percent) {
    if (customer_key.empty() || percent <= 0) return false;
    if (percent >= 100) return true;
    // salt, a NUL, the key: ("ab", "c") and ("a", "bc") fall in unrelated buckets.
    std::uint64_t h = Fnv1a64(salt);
    h = Fnv1a64(std::string_view("\0", 1), h);
    h = Fnv1a64(customer_key, h);
    return Mix64(h) % 100 < static_cast<std::uint64_t>(percent);
}

}  // namespace seam::proactive
