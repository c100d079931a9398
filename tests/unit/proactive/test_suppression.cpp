// tests/unit/proactive/test_suppression.cpp — the suppression rules as data, the policy file and
// the hold-out group.
//
// tests/proactive/suppression/*.json: {"name", "why", "policy"? (a policy document; absent = the
// defaults, which are the shipped assets/policy/proactive.json), "situation": {"now",
// "time_zone", "kill_switch", "holdout", "agent_case_open", "opted_out_all", "opted_out",
// "reachable", "history": [{"at", "object_key", "sent"}]}, "object_key", "channels",
// "expected": {"send", "channel" | "reason", "deferred_until"?}}. Instants are ISO 8601 UTC
// ("2026-07-15T19:30:00Z", optionally with milliseconds) or milliseconds since the epoch.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "fixtures.hpp"
#include "seam/proactive/suppression.hpp"

using nlohmann::json;
using namespace seam::proactive;

namespace {

std::set<std::string> Strings(const json& obj, const char* key) {
    std::set<std::string> out;
    if (obj.contains(key) && obj[key].is_array()) {
        for (const json& v : obj[key]) {
            if (v.is_string()) out.insert(v.get<std::string>());
        }
    }
    return out;
}

//! The fixture's situation; `problem` names what could not be read.
Situation ReadSituation(const json& s, std::string& problem) {
    Situation out;
    bool ok = false;
    out.now = seam::testing::Instant(s.value("now", json()), ok);
    if (!ok) problem = "situation.now";
    out.time_zone = s.value("time_zone", std::string());
    out.kill_switch = s.value("kill_switch", false);
    out.holdout = s.value("holdout", false);
    out.agent_case_open = s.value("agent_case_open", false);
    out.opted_out_all = s.value("opted_out_all", false);
    out.opted_out = Strings(s, "opted_out");
    out.reachable = Strings(s, "reachable");
    for (const json& h : s.value("history", json::array())) {
        PastDecision d;
        d.at = seam::testing::Instant(h.value("at", json()), ok);
        if (!ok) problem = "situation.history[].at";
        d.object_key = h.value("object_key", std::string());
        d.sent = h.value("sent", false);
        out.history.push_back(d);
    }
    return out;
}

}  // namespace

TEST_CASE("proactive: suppression fixtures decide as hand-computed") {
    const std::vector<std::string> names = seam::testing::JsonFiles("tests/proactive/suppression");
    CHECK(names.size() >= 40);
    std::set<std::string> reasons;
    for (const std::string& file : names) {
        CAPTURE(file);
        const json f = seam::testing::ReadJson("tests/proactive/suppression/" + file);
        if (!f.is_object() || !f.contains("situation") || !f.contains("expected")) {
            FAIL_CHECK("not a suppression fixture");
            continue;
        }
        CHECK(f.value("why", std::string()).size() > 0);
        Policy policy;
        if (f.contains("policy")) {
            const seam::Result<Policy> parsed = ParsePolicy(f["policy"]);
            if (!parsed) {
                FAIL_CHECK(parsed.error().message);
                continue;
            }
            policy = *parsed;
        }
        std::string problem;
        const Situation situation = ReadSituation(f["situation"], problem);
        if (!problem.empty()) {
            const std::string what = "cannot read " + problem;
            FAIL_CHECK(what);
            continue;
        }
        std::vector<std::string> channels;
        for (const json& c : f.value("channels", json::array()))
            channels.push_back(c.get<std::string>());
        const Decision d =
            Decide(f.value("object_key", std::string()), channels, situation, policy);
        const json& e = f["expected"];
        CHECK(d.send == e.value("send", false));
        CHECK(d.channel == e.value("channel", std::string()));
        CHECK(d.reason == e.value("reason", std::string()));
        bool ok = true;
        const std::int64_t deferred =
            e.contains("deferred_until") ? seam::testing::Instant(e["deferred_until"], ok) : 0;
        CHECK(ok);
        CHECK(d.deferred_until == deferred);
        reasons.insert(d.send ? "send" : d.reason);
    }
    // Every rule, and sending, is covered by at least one fixture.
    CHECK(reasons == std::set<std::string>{"send", "kill_switch", "holdout", "duplicate",
                                           "agent_case_open", "opted_out", "no_channel",
                                           "quiet_hours", "cap_day", "cap_week"});
}

TEST_CASE("proactive: the shipped policy file is the documented one") {
    const json doc = seam::testing::ReadJson("assets/policy/proactive.json");
    const seam::Result<Policy> p = ParsePolicy(doc);
    SEAM_REQUIRE_OR_RETURN(p.ok());
    CHECK(p->per_day == 1);
    CHECK(p->per_week == 3);
    CHECK(p->quiet_from_minutes == 21 * 60);
    CHECK(p->quiet_to_minutes == 8 * 60);
    CHECK(p->dedupe_days == 30);
    CHECK(p->holdout_percent == 10);
    // Absent fields keep the defaults, which are the same values.
    const seam::Result<Policy> empty = ParsePolicy(json::object());
    SEAM_REQUIRE_OR_RETURN(empty.ok());
    CHECK(empty->per_week == 3);
    CHECK(empty->quiet_from_minutes == 21 * 60);
}

TEST_CASE("proactive: ParsePolicy refuses what it cannot use, naming the field") {
    struct Case {
        const char* doc;
        const char* message;
    };
    const Case cases[] = {
        {"[]", "[seam.proactive.policy] the policy must be a JSON object"},
        {R"({"caps": 1})", "[seam.proactive.policy] /caps: expected an object, got a number"},
        {R"({"caps": {"per_day": "1"}})",
         "[seam.proactive.policy] /caps/per_day: expected a whole number, got a string"},
        {R"({"caps": {"per_day": 0}})",
         "[seam.proactive.policy] /caps/per_day: must be from 1 to 100, not 0"},
        {R"({"caps": {"per_day": 4, "per_week": 3}})",
         "[seam.proactive.policy] /caps/per_week: must be at least per_day (4)"},
        {R"({"caps": {"per_hour": 1}})", "[seam.proactive.policy] /caps/per_hour: unknown field"},
        {R"({"quiet_hours": {"from": "9pm"}})",
         "[seam.proactive.policy] /quiet_hours/from: \"9pm\" is not a time of day \"HH:MM\" "
         "(00:00 to 23:59)"},
        {R"({"quiet_hours": {"to": "24:00"}})",
         "[seam.proactive.policy] /quiet_hours/to: \"24:00\" is not a time of day \"HH:MM\" "
         "(00:00 to 23:59)"},
        {R"({"quiet_hours": {"to": 8}})",
         "[seam.proactive.policy] /quiet_hours/to: expected a string, got a number"},
        {R"({"dedupe_days": -1})",
         "[seam.proactive.policy] /dedupe_days: must be from 0 to 365, not -1"},
        {R"({"holdout_percent": 51})",
         "[seam.proactive.policy] /holdout_percent: must be from 0 to 50, not 51"},
        {R"({"holdout": 10})", "[seam.proactive.policy] /holdout: unknown field"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.doc);
        const seam::Result<Policy> p = ParsePolicy(json::parse(c.doc));
        SEAM_CHECK_OR_BREAK(!p.ok());
        CHECK(p.error().id == "seam.proactive.policy");
        CHECK(p.error().message == c.message);
    }
    const seam::Result<Policy> edges = ParsePolicy(json::parse(
        R"({"caps": {"per_day": 100, "per_week": 700}, "quiet_hours": {"from": "00:00",
            "to": "23:59"}, "dedupe_days": 0, "holdout_percent": 50})"));
    SEAM_REQUIRE_OR_RETURN(edges.ok());
    CHECK(edges->quiet_to_minutes == 23 * 60 + 59);
}

TEST_CASE("proactive: Decision::ToJson names only what applies") {
    Decision send;
    send.send = true;
    send.channel = "email";
    CHECK(send.ToJson() == json{{"send", true}, {"channel", "email"}});
    Decision night;
    night.reason = "quiet_hours";
    night.deferred_until = 1784181600000;
    CHECK(night.ToJson() ==
          json{{"send", false}, {"reason", "quiet_hours"}, {"deferred_until", 1784181600000}});
    Decision held;
    held.reason = "holdout";
    CHECK(held.ToJson() == json{{"send", false}, {"reason", "holdout"}});
}

TEST_CASE("proactive: Decide with no channels allowed reaches no one") {
    Situation s;
    s.now = 1784109600000;  // 2026-07-15T10:00:00Z
    s.reachable = {"widget"};
    CHECK(Decide("x:1", {}, s, Policy{}).reason == "no_channel");
}

TEST_CASE("proactive: the hold-out group is stable, salted and sized by the percent") {
    // Buckets computed independently (Python: FNV-1a 64 of salt, NUL, key; splitmix64; % 100).
    const char* const salt = "proactive-2026";
    CHECK(!InHoldout("cus_000001", salt, 10));  // bucket 96
    CHECK(InHoldout("cus_000004", salt, 10));   // bucket 7
    CHECK(!InHoldout("cus_000004", salt, 7));   // below percent, strictly
    CHECK(InHoldout("cus_000004", salt, 8));
    CHECK(InHoldout("cus_000005", salt, 10));           // bucket 2
    CHECK(!InHoldout("demo-ana", salt, 50));            // bucket 58
    CHECK(InHoldout("demo-carla", salt, 50));           // bucket 28
    CHECK(InHoldout("cus_000001", "other-salt", 10));   // bucket 5: another salt, another group
    CHECK(!InHoldout("cus_000004", "other-salt", 10));  // bucket 88
    CHECK(!InHoldout("", salt, 50));                    // no key, never held out
    CHECK(!InHoldout("cus_000004", salt, 0));
    CHECK(InHoldout("cus_000001", salt, 100));

    int in10 = 0;
    for (int i = 0; i < 10000; ++i) {
        const std::string digits = std::to_string(i);
        const std::string k = "cus_" + std::string(6 - digits.size(), '0') + digits;
        const bool at10 = InHoldout(k, salt, 10);
        if (at10) ++in10;
        SEAM_CHECK_OR_BREAK((!at10 || InHoldout(k, salt, 20)));  // growing the group keeps members
        SEAM_CHECK_OR_BREAK(at10 == InHoldout(k, salt, 10));     // the same answer every time
    }
    CHECK(in10 == 943);  // Python's count for the same keys
}

TEST_CASE("proactive: a mutated policy is refused or within its ranges, never a crash") {
    const json pool[] = {nullptr,
                         0,
                         -5,
                         1,
                         3,
                         1.5,
                         400,
                         "",
                         "08:00",
                         "8:00",
                         "23:59",
                         true,
                         json::array(),
                         json::object(),
                         json{{"per_day", 2}}};
    const std::size_t n = sizeof(pool) / sizeof(pool[0]);
    const json original = seam::testing::ReadJson("assets/policy/proactive.json");
    std::vector<std::string> pointers;
    const json flat = original.flatten();  // kept alive: items() only refers to it
    for (const auto& [pointer, value] : flat.items())
        pointers.push_back(pointer);
    seam::testing::FuzzBytes gen(30);
    int accepted = 0;
    for (int i = 0; i < 2000; ++i) {
        json doc = original;
        std::string at = pointers[gen.Next() % pointers.size()];
        if (gen.Next() % 4 == 0) at = at.substr(0, at.rfind('/'));
        doc[json::json_pointer(at)] = pool[gen.Next() % n];
        CAPTURE(doc.dump());
        const seam::Result<Policy> p = ParsePolicy(doc);
        if (!p) {
            SEAM_CHECK_OR_BREAK(p.error().id == "seam.proactive.policy");
            continue;
        }
        ++accepted;
        SEAM_CHECK_OR_BREAK((p->per_day >= 1 && p->per_week >= p->per_day));
        SEAM_CHECK_OR_BREAK((p->quiet_from_minutes >= 0 && p->quiet_from_minutes < 1440));
        SEAM_CHECK_OR_BREAK((p->quiet_to_minutes >= 0 && p->quiet_to_minutes < 1440));
        SEAM_CHECK_OR_BREAK((p->holdout_percent >= 0 && p->holdout_percent <= 50));
        SEAM_CHECK_OR_BREAK((p->dedupe_days >= 0 && p->dedupe_days <= 365));
    }
    CHECK(accepted > 100);
}
