// tests/unit/console/test_proactive_board.cpp — the console's Proactive view model
// (seam/console/proactive_board.hpp; issue 18, part 3) through the scripted transport: reading
// GET /v1/proactive (and what it refuses), the reasons in plain words, loading and refreshing
// while shown, an agent who cannot change anything, the kill switch's confirmation, a settings
// change seamd refuses (its message shown, the draft kept), answers that cross a change, the
// log's filter, and a sent message opening its case.
#include <doctest/doctest.h>

#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "fake_transport.hpp"
#include "seam/console/api.hpp"
#include "seam/console/console.hpp"
#include "seam/console/proactive_board.hpp"
#include "seam/console/session.hpp"

using nlohmann::json;
using namespace seam::console;
using seam::console::testing::FakeTransport;

namespace {

// [SECTION] Fixtures

// The shape of a real GET /v1/proactive?limit=200 (seamd --demo after three ingested events:
// a late parcel sent to Ana, one held back in Lucia's quiet hours, one by the kill switch),
// with one trigger of each kind kept (descriptions shortened).
const char* const kOverview = R"json({
  "settings": {"enabled": true, "quiet_hours": {"from": "21:00", "to": "08:00"},
               "per_day": 1, "per_week": 3, "dedupe_days": 30, "holdout_percent": 10,
               "outbox": false},
  "triggers": [
    {"id": "parcel_delayed", "description": "A parcel is running late: say so first.",
     "flow": "parcel_delayed", "channels": ["widget", "email", "sms"], "priority": 80,
     "event": "order.delayed"},
    {"id": "renewal_reminder", "description": "Three days before an active subscription renews.",
     "flow": "subscription", "channels": ["email", "widget"], "priority": 40,
     "schedule": {"daily_at": "10:00", "for_each": "subscription"}}
  ],
  "last_7_days": {"sent": 1, "quiet_hours": 1, "kill_switch": 1},
  "customers_opted_out": 2,
  "decisions": [
    {"id": 3, "at": 1796031698633, "trigger": "parcel_delayed", "object": "parcel_delayed:LW-104251",
     "send": false, "reason": "kill_switch", "channel": "", "case_id": "", "customer": "demo-sam",
     "customer_name": "Sam Ortiz", "seen": false},
    {"id": 2, "at": 1796031600000, "trigger": "parcel_delayed", "object": "parcel_delayed:LW-104240",
     "send": false, "reason": "quiet_hours", "channel": "", "case_id": "", "customer": "demo-lucia",
     "customer_name": "Lucía Gómez", "seen": false},
    {"id": 1, "at": 1796031500000, "trigger": "parcel_delayed", "object": "parcel_delayed:LW-104233",
     "send": true, "reason": "", "channel": "widget", "case_id": "c_ao63k5soq5psakrx",
     "customer": "demo-ana", "customer_name": "Ana Lima", "seen": true}
  ]
})json";

//! PUT /v1/proactive/settings' answer: the settings in force (no "outbox").
json SettingsAnswer(bool enabled, const std::string& from = "21:00",
                    const std::string& to = "08:00", int holdout = 10) {
    return {{"enabled", enabled}, {"quiet_hours", {{"from", from}, {"to", to}}},
            {"per_day", 1},       {"per_week", 3},
            {"dedupe_days", 30},  {"holdout_percent", holdout}};
}

//! The board with its plumbing, signed in as maya with `role`, shown.
struct Rig {
    FakeTransport transport;
    Api api{transport};
    Session session{api};
    ProactiveBoard board{api, session};
    std::int64_t now = 1000000;

    explicit Rig(const std::string& role = "admin") { LogIn(role); }
    void LogIn(const std::string& role) {
        session.Login("maya", "maya-demo-secret");
        transport.Answer("POST /v1/agents/login", 200,
                         json{{"token", "t-maya"},
                              {"expires_at", 99999},
                              {"agent", {{"login", "maya"}, {"name", "Maya"}, {"role", role}}}}
                             .dump());
        api.Pump();
    }
    //! One frame: answers land, then the board updates, `ms` later than the last frame.
    void Frame(std::int64_t ms = 16) {
        api.Pump();
        now += ms;
        board.Update(now);
    }
    int Sent(const std::string& prefix) const {
        int n = 0;
        for (const auto& s : transport.sent)
            if ((s.request.method + " " + s.request.path).rfind(prefix, 0) == 0) ++n;
        return n;
    }
    //! First frame, then the overview answered.
    bool Load(const std::string& body = kOverview) {
        Frame();
        const bool found = transport.Answer("GET /v1/proactive", 200, body);
        Frame();
        return found && board.overview() != nullptr;
    }
    json LastPutBody() const {
        const FakeTransport::Sent* s = transport.Last("PUT /v1/proactive/settings");
        return s ? json::parse(s->request.body, nullptr, false) : json();
    }
};

}  // namespace

// [SECTION] Reading the answer

TEST_CASE("proactive board: GET /v1/proactive is read into settings, triggers, log and counts") {
    auto parsed = ParseProactiveOverview(json::parse(kOverview));
    SEAM_REQUIRE_OR_RETURN(parsed.ok());
    const ProactiveOverview& o = *parsed;
    CHECK(o.settings.enabled);
    CHECK(o.settings.quiet_from == "21:00");
    CHECK(o.settings.quiet_to == "08:00");
    CHECK(o.settings.per_day == 1);
    CHECK(o.settings.per_week == 3);
    CHECK(o.settings.dedupe_days == 30);
    CHECK(o.settings.holdout_percent == 10);
    CHECK_FALSE(o.settings.outbox);
    CHECK_FALSE(o.settings.no_quiet_hours());

    SEAM_REQUIRE_OR_RETURN(o.triggers.size() == 2);
    CHECK(o.triggers[0].When() == "event order.delayed");
    CHECK(o.triggers[0].channels == std::vector<std::string>{"widget", "email", "sms"});
    CHECK(o.triggers[0].priority == 80);
    CHECK(o.triggers[1].When() == "daily at 10:00 UTC for each subscription");
    CHECK(o.triggers[1].flow == "subscription");

    SEAM_REQUIRE_OR_RETURN(o.decisions.size() == 3);
    const DecisionRow& sent = o.decisions[2];
    CHECK(sent.id == 1);
    CHECK(sent.sent);
    CHECK(sent.channel == "widget");
    CHECK(sent.case_id == "c_ao63k5soq5psakrx");
    CHECK(sent.seen);
    CHECK(sent.customer_name == "Ana Lima");
    CHECK(o.decisions[1].reason == "quiet_hours");
    CHECK(o.decisions[1].at == 1796031600000);
    CHECK(o.customers_opted_out == 2);
    CHECK(o.last_7_days.at("sent") == 1);
}

TEST_CASE("proactive board: a customer without a name reads as blank, not as a space") {
    json body = json::parse(kOverview);
    body["decisions"][0]["customer_name"] = " ";
    auto parsed = ParseProactiveOverview(body);
    SEAM_REQUIRE_OR_RETURN(parsed.ok());
    CHECK(parsed->decisions[0].customer_name.empty());
    CHECK(parsed->decisions[0].customer == "demo-sam");
}

TEST_CASE("proactive board: answers that do not read are errors naming the field, never aborts") {
    struct Case {
        const char* name;
        std::function<void(json&)> damage;
        const char* says;  // a part of the message
    };
    const std::vector<Case> cases = {
        {"n_not_an_object", [](json& b) { b = json::array(); }, "expected an object"},
        {"n_no_settings", [](json& b) { b.erase("settings"); }, "settings"},
        {"n_settings_a_string", [](json& b) { b["settings"] = "on"; }, "settings"},
        {"n_enabled_a_string", [](json& b) { b["settings"]["enabled"] = "yes"; },
         "settings.enabled"},
        {"n_per_day_a_float", [](json& b) { b["settings"]["per_day"] = 1.5; }, "settings.per_day"},
        {"n_quiet_hours_a_list", [](json& b) { b["settings"]["quiet_hours"] = json::array(); },
         "settings.quiet_hours"},
        {"n_no_decisions", [](json& b) { b.erase("decisions"); }, "decisions"},
        {"n_decision_without_id", [](json& b) { b["decisions"][1].erase("id"); },
         "decisions[1].id"},
        {"n_decision_time_a_string", [](json& b) { b["decisions"][2]["at"] = "yesterday"; },
         "decisions[2].at"},
        {"n_send_a_number", [](json& b) { b["decisions"][0]["send"] = 1; }, "decisions[0].send"},
        {"n_channels_not_strings",
         [](json& b) {
             b["triggers"][0]["channels"] = {1, 2};
         },
         "triggers[0].channels[0]"},
        {"n_schedule_a_string", [](json& b) { b["triggers"][1]["schedule"] = "10:00"; },
         "triggers[1].schedule"},
        {"n_count_a_string", [](json& b) { b["last_7_days"]["sent"] = "1"; }, "last_7_days.sent"},
        {"n_opted_out_a_string", [](json& b) { b["customers_opted_out"] = "2"; },
         "customers_opted_out"},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        json body = json::parse(kOverview);
        c.damage(body);
        auto parsed = ParseProactiveOverview(body);
        SEAM_CHECK_OR_BREAK(!parsed.ok());
        CAPTURE(parsed.error().message);
        CHECK(parsed.error().id == "seam.console.proactive");
        CHECK(parsed.error().message.find(c.says) != std::string::npos);
    }
    // What may be missing: triggers, counts, opted-out, and any setting (defaults hold).
    json lean = {{"settings", json::object()}, {"decisions", json::array()}};
    auto parsed = ParseProactiveOverview(lean);
    SEAM_REQUIRE_OR_RETURN(parsed.ok());
    CHECK(parsed->triggers.empty());
    CHECK(parsed->settings.enabled);
    CHECK(parsed->settings.per_week == 3);
}

// [SECTION] Words

TEST_CASE("proactive board: every reason is said in plain words; unknown ones as themselves") {
    CHECK(ReasonWords("quiet_hours") ==
          "in the customer's quiet hours (decided again when they end)");
    CHECK(ReasonWords("opted_out") == "the customer opted out of these messages");
    CHECK(ReasonWords("cap_day").find("24 hours") != std::string::npos);
    CHECK(ReasonWords("cap_week").find("7 days") != std::string::npos);
    CHECK(ReasonWords("kill_switch").find("switched off") != std::string::npos);
    CHECK(ReasonWords("a_newer_rule") == "a_newer_rule");
    CHECK(ReasonLabel("holdout") == "hold-out group");
    // Each rule of seam/proactive/suppression.hpp, in its order, with words of its own.
    const std::vector<std::string> rules = {"kill_switch",     "holdout",   "duplicate",
                                            "agent_case_open", "opted_out", "no_channel",
                                            "quiet_hours",     "cap_day",   "cap_week"};
    std::size_t i = 0;
    for (const HoldReason& r : kHoldReasons) {
        SEAM_CHECK_OR_BREAK(i < rules.size());
        CHECK(r.id == rules[i]);
        CHECK(ReasonWords(r.id) != std::string(r.id));
        ++i;
    }
    CHECK(i == rules.size());

    DecisionRow row;
    row.sent = true;
    row.channel = "email";
    CHECK(OutcomeText(row) == "sent by email");
    CHECK(OutcomeKey(row) == "sent");
    row.sent = false;
    row.reason = "cap_day";
    CHECK(OutcomeText(row) == "held back");
    CHECK(OutcomeKey(row) == "cap_day");

    // What it is about, without repeating the trigger.
    row.trigger = "parcel_delayed";
    row.object = "parcel_delayed:LW-104233";
    CHECK(DecisionAbout(row) == "LW-104233");
    row.object = "subscription_payment_failed:coffee_club";
    CHECK(DecisionAbout(row) == "subscription_payment_failed:coffee_club");
    row.object = "parcel_delayed:";
    CHECK(DecisionAbout(row) == "parcel_delayed:");
}

TEST_CASE("proactive board: the week's counts read sent first, then reasons in rule order") {
    ProactiveOverview o;
    o.last_7_days = {{"cap_day", 2}, {"quiet_hours", 4}, {"zzz_new", 1}, {"holdout", 3}};
    const auto counts = WeekCounts(o);
    std::vector<std::string> keys;
    for (const auto& c : counts)
        keys.push_back(c.key);
    CHECK(keys == std::vector<std::string>{"sent", "holdout", "quiet_hours", "cap_day", "zzz_new"});
    CHECK(counts[0].count == 0);  // no message sent this week is said, not left out
    CHECK(WeekHeldBack(o) == 10);
}

TEST_CASE("proactive board: clock times are HH:MM, 24-hour") {
    for (const std::string y : {"00:00", "08:00", "21:30", "23:59"}) {
        CAPTURE(y);
        CHECK(IsClockTime(y));
    }
    for (const std::string n : {"", "8:00", "24:00", "12:60", "12-00", "ab:cd", "12:000"}) {
        CAPTURE(n);
        CHECK_FALSE(IsClockTime(n));
    }
}

// [SECTION] Loading

TEST_CASE("proactive board: loads when shown, refreshes after each answer, never twice at once") {
    Rig rig;
    rig.board.SetVisible(false);
    rig.Frame();
    CHECK(rig.Sent("GET /v1/proactive") == 0);  // hidden: nothing asked

    rig.board.SetVisible(true);
    rig.Frame();
    CHECK(rig.Sent("GET /v1/proactive?limit=200") == 1);
    CHECK(rig.board.loading());
    CHECK(rig.board.StatusLine() == "Loading...");
    rig.Frame(ProactiveBoard::kRefreshMs * 2);
    CHECK(rig.Sent("GET /v1/proactive") == 1);  // the answer on its way is awaited

    rig.transport.Answer("GET /v1/proactive", 200, kOverview);
    rig.Frame();
    SEAM_REQUIRE_OR_RETURN(rig.board.overview() != nullptr);
    CHECK(rig.board.decisions().size() == 3);
    CHECK(rig.board.StatusLine() == "3 recent decisions | updated just now");
    rig.Frame(ProactiveBoard::kRefreshMs - 100);
    CHECK(rig.Sent("GET /v1/proactive") == 1);
    rig.Frame(100);  // kRefreshMs after the answer
    CHECK(rig.Sent("GET /v1/proactive") == 2);

    // A failure keeps what was shown and says why; the next refresh comes at the same pace.
    rig.transport.Answer(
        "GET /v1/proactive", 500,
        R"({"error": {"code": "seam.store.busy", "message": "the store is busy"}})");
    rig.Frame();
    CHECK(rig.board.error() == "the store is busy");
    CHECK(rig.board.overview() != nullptr);
    CHECK(rig.board.StatusLine().rfind("Error: the store is busy (showing 3 recent", 0) == 0);
    rig.Frame(ProactiveBoard::kRefreshMs);
    CHECK(rig.Sent("GET /v1/proactive") == 3);

    // An answer that does not read is an error too, the old overview kept.
    rig.transport.Answer("GET /v1/proactive", 200, R"({"settings": {}, "decisions": "none"})");
    rig.Frame();
    CAPTURE(rig.board.error());
    CHECK(rig.board.error().find("decisions") != std::string::npos);
    CHECK(rig.board.decisions().size() == 3);

    // F5.
    rig.board.Refresh();
    rig.Frame();
    CHECK(rig.Sent("GET /v1/proactive") == 4);
}

TEST_CASE("proactive board: a logout forgets everything; answers from before it are dropped") {
    Rig rig;
    SEAM_REQUIRE_OR_RETURN(rig.Load());
    rig.board.SetFilter("sent");
    rig.board.Refresh();
    rig.Frame();  // a refresh on its way
    rig.session.Logout();
    rig.Frame();
    CHECK(rig.board.overview() == nullptr);
    CHECK(rig.board.filter().empty());
    CHECK(rig.board.decisions().empty());
    CHECK(rig.Sent("GET /v1/proactive") == 2);                  // logged out: nothing asked
    rig.transport.Answer("GET /v1/proactive", 200, kOverview);  // the old session's answer
    rig.Frame();
    CHECK(rig.board.overview() == nullptr);
    rig.LogIn("agent");
    rig.Frame();  // the new session asks again
    CHECK(rig.Sent("GET /v1/proactive") == 3);
    rig.transport.Answer("GET /v1/proactive", 200, kOverview);
    rig.Frame();
    CHECK(rig.board.overview() != nullptr);
    CHECK_FALSE(rig.board.can_edit());
}

// [SECTION] Who may change what

TEST_CASE("proactive board: an agent sees the settings read-only and cannot change them") {
    Rig rig("agent");
    SEAM_REQUIRE_OR_RETURN(rig.Load());
    CHECK_FALSE(rig.board.can_edit());
    CHECK(rig.board.EditBlocker().find("Only an admin") != std::string::npos);

    rig.board.SetEnabled(false);
    CHECK_FALSE(rig.board.confirming_off());  // not even asked: it could only be refused
    CHECK(rig.board.status_is_error());
    CHECK(rig.board.status().find("read-only") != std::string::npos);
    rig.board.ConfirmSwitchOff();

    rig.board.draft().per_day = 2;
    rig.board.SaveSettings();
    rig.Frame();
    CHECK(rig.Sent("PUT") == 0);
    CHECK(rig.board.overview()->settings.enabled);
}

TEST_CASE("proactive board: switching off asks for a confirmation; switching on does not") {
    Rig rig;
    json body = json::parse(kOverview);
    body["settings"]["outbox"] = true;
    SEAM_REQUIRE_OR_RETURN(rig.Load(body.dump()));
    CHECK(rig.board.EditBlocker().empty());

    rig.board.SetEnabled(false);
    CHECK(rig.board.confirming_off());
    rig.Frame();
    CHECK(rig.Sent("PUT") == 0);  // nothing until confirmed
    rig.board.CancelSwitchOff();
    rig.board.ConfirmSwitchOff();  // a confirmation without the question does nothing
    rig.Frame();
    CHECK(rig.Sent("PUT") == 0);

    rig.board.SetEnabled(false);
    rig.board.ConfirmSwitchOff();
    CHECK(rig.Sent("PUT /v1/proactive/settings") == 1);
    CHECK(rig.LastPutBody() == json{{"enabled", false}});
    CHECK(rig.board.saving());
    CHECK_FALSE(rig.board.EditBlocker().empty());  // one change at a time
    rig.transport.Answer("PUT /v1/proactive/settings", 200, SettingsAnswer(false).dump());
    rig.Frame();
    CHECK_FALSE(rig.board.saving());
    CHECK_FALSE(rig.board.overview()->settings.enabled);
    CHECK(rig.board.status().find("Proactive messages are off") == 0);
    CHECK(rig.board.overview()->settings.outbox);  // kept: PUT does not repeat it

    rig.board.SetEnabled(true);
    CHECK_FALSE(rig.board.confirming_off());
    CHECK(rig.Sent("PUT /v1/proactive/settings") == 2);
    CHECK(rig.LastPutBody() == json{{"enabled", true}});
    rig.transport.Answer("PUT /v1/proactive/settings", 200, SettingsAnswer(true).dump());
    rig.Frame();
    CHECK(rig.board.overview()->settings.enabled);
}

TEST_CASE("proactive board: a change seamd refuses shows seamd's message; the draft stays") {
    Rig rig;
    SEAM_REQUIRE_OR_RETURN(rig.Load());
    CHECK_FALSE(rig.board.DraftChanged());
    rig.board.draft().quiet_from = "22:00";
    rig.board.draft().quiet_to = "07:00";
    rig.board.draft().holdout_percent = 0;
    CHECK(rig.board.DraftChanges() ==
          json{{"quiet_hours", {{"from", "22:00"}, {"to", "07:00"}}}, {"holdout_percent", 0}});
    rig.board.SaveSettings();
    CHECK(rig.LastPutBody() ==
          json{{"quiet_hours", {{"from", "22:00"}, {"to", "07:00"}}}, {"holdout_percent", 0}});
    rig.transport.Answer(
        "PUT /v1/proactive/settings", 400,
        R"({"error": {"code": "seam.proactive.settings", "message": "[seam.proactive.settings] holdout_percent: a whole number, 0 to 50"}})");
    rig.Frame();
    CHECK(rig.board.status_is_error());
    CHECK(rig.board.status() ==
          "[seam.proactive.settings] holdout_percent: a whole number, 0 to 50");
    CHECK(rig.board.draft().quiet_from == "22:00");  // as typed, to correct and send again
    CHECK(rig.board.overview()->settings.quiet_from == "21:00");
    // The refresh the refusal asks for does not overwrite the draft.
    rig.Frame();
    rig.transport.Answer("GET /v1/proactive", 200, kOverview);
    rig.Frame();
    CHECK(rig.board.draft().quiet_from == "22:00");

    // Accepted this time: the draft is what holds.
    rig.board.SaveSettings();
    rig.transport.Answer("PUT /v1/proactive/settings", 200,
                         SettingsAnswer(true, "22:00", "07:00", 0).dump());
    rig.Frame();
    CHECK_FALSE(rig.board.status_is_error());
    CHECK(rig.board.status() == "Saved.");
    CHECK(rig.board.overview()->settings.quiet_to == "07:00");
    CHECK(rig.board.overview()->settings.holdout_percent == 0);
    CHECK_FALSE(rig.board.DraftChanged());
}

TEST_CASE("proactive board: a draft that cannot be right is not sent") {
    struct Case {
        const char* name;
        std::function<void(ProactiveSettings&)> edit;
        const char* says;
    };
    const std::vector<Case> cases = {
        {"n_time_without_colon", [](ProactiveSettings& d) { d.quiet_from = "2100"; }, "HH:MM"},
        {"n_hour_24", [](ProactiveSettings& d) { d.quiet_to = "24:00"; }, "HH:MM"},
        {"n_per_day_negative", [](ProactiveSettings& d) { d.per_day = -1; }, "per day"},
        {"n_per_week_over_100", [](ProactiveSettings& d) { d.per_week = 101; }, "per week"},
        {"n_holdout_over_50", [](ProactiveSettings& d) { d.holdout_percent = 51; }, "hold-out"},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        Rig rig;
        SEAM_CHECK_OR_BREAK(rig.Load());
        c.edit(rig.board.draft());
        CHECK(rig.board.DraftProblem().find(c.says) != std::string::npos);
        rig.board.SaveSettings();
        CHECK(rig.Sent("PUT") == 0);
        CHECK(rig.board.status_is_error());
    }
    // y_: no quiet hours at all (equal times), no hold-out, no messages on a day.
    Rig rig;
    SEAM_REQUIRE_OR_RETURN(rig.Load());
    rig.board.draft().quiet_from = rig.board.draft().quiet_to = "00:00";
    rig.board.draft().holdout_percent = 0;
    rig.board.draft().per_day = 0;
    CHECK(rig.board.DraftProblem().empty());
    rig.board.SaveSettings();
    CHECK(rig.Sent("PUT /v1/proactive/settings") == 1);
    // Nothing changed: nothing sent.
    Rig same;
    SEAM_REQUIRE_OR_RETURN(same.Load());
    same.board.SaveSettings();
    CHECK(same.Sent("PUT") == 0);
    CHECK(same.board.status() == "Nothing changed.");
}

TEST_CASE("proactive board: a refresh sent before a change was answered does not undo it") {
    Rig rig;
    SEAM_REQUIRE_OR_RETURN(rig.Load());
    rig.board.Refresh();
    rig.Frame();  // GET on its way (seamd may answer it before or after the PUT)
    rig.board.SetEnabled(false);
    rig.board.ConfirmSwitchOff();
    rig.transport.Answer("PUT /v1/proactive/settings", 200, SettingsAnswer(false).dump());
    rig.Frame();
    CHECK_FALSE(rig.board.overview()->settings.enabled);
    rig.transport.Answer("GET /v1/proactive", 200, kOverview);  // still says enabled
    rig.Frame();
    CHECK_FALSE(rig.board.overview()->settings.enabled);
    CHECK(rig.board.decisions().size() == 3);  // its log is taken
    // ... and fresh settings are asked at once; that answer is believed.
    CHECK(rig.Sent("GET /v1/proactive") == 3);
    json off = json::parse(kOverview);
    off["settings"]["enabled"] = false;
    off["settings"]["per_day"] = 2;
    rig.transport.Answer("GET /v1/proactive", 200, off.dump());
    rig.Frame();
    CHECK(rig.board.overview()->settings.per_day == 2);
    CHECK(rig.board.draft().per_day == 2);  // the untouched draft follows
}

// [SECTION] The log

TEST_CASE("proactive board: the log's filter by outcome and reason") {
    Rig rig;
    json body = json::parse(kOverview);
    body["decisions"].push_back({{"id", 0},
                                 {"at", 1796031400000},
                                 {"trigger", "win_back"},
                                 {"object", "win_back:demo-ana"},
                                 {"send", false},
                                 {"reason", "a_newer_rule"},
                                 {"customer", "demo-ana"}});
    SEAM_REQUIRE_OR_RETURN(rig.Load(body.dump()));
    struct Case {
        const char* filter;
        std::vector<std::int64_t> ids;
    };
    const std::vector<Case> cases = {
        {"", {3, 2, 1, 0}},   {"sent", {1}},         {"held", {3, 2, 0}}, {"quiet_hours", {2}},
        {"kill_switch", {3}}, {"a_newer_rule", {0}}, {"cap_week", {}},
    };
    for (const Case& c : cases) {
        const std::string filter = c.filter;
        CAPTURE(filter);
        rig.board.SetFilter(c.filter);
        std::vector<std::int64_t> ids;
        for (const DecisionRow& r : rig.board.decisions())
            ids.push_back(r.id);
        CHECK(ids == c.ids);
    }
    // The choices: every rule, and the reason this console does not know.
    const auto choices = rig.board.FilterChoices();
    CHECK(choices.size() == 3 + std::size(kHoldReasons) + 1);
    CHECK(choices.back().first == "a_newer_rule");
    // The filter holds across a refresh.
    rig.board.SetFilter("quiet_hours");
    rig.board.Refresh();
    rig.Frame();
    rig.transport.Answer("GET /v1/proactive", 200, kOverview);
    rig.Frame();
    SEAM_REQUIRE_OR_RETURN(rig.board.decisions().size() == 1);
    CHECK(rig.board.decisions()[0].id == 2);
}

TEST_CASE("proactive board: a sent message opens its case; a held-back one has none") {
    Rig rig;
    SEAM_REQUIRE_OR_RETURN(rig.Load());
    const auto& rows = rig.board.overview()->decisions;
    CHECK_FALSE(rig.board.CanOpenCase(rows[2]));  // the app has not said it can show cases
    std::vector<std::string> opened;
    rig.board.on_open_case = [&](const std::string& id) { opened.push_back(id); };
    CHECK(rig.board.CanOpenCase(rows[2]));
    CHECK_FALSE(rig.board.CanOpenCase(rows[1]));
    rig.board.OpenCase(rows[1]);
    rig.board.OpenCase(rows[2]);
    CHECK(opened == std::vector<std::string>{"c_ao63k5soq5psakrx"});
}

TEST_CASE("proactive board: in the console, a view of its own whose cases open in the inspector") {
    CHECK(std::string(ViewName(View::kProactive)) == "proactive");
    CHECK(ViewFromName("proactive") == View::kProactive);
    FakeTransport transport;
    Console console(transport, "test");
    console.session().Login("maya", "maya-demo-secret");
    transport.Answer("POST /v1/agents/login", 200,
                     R"({"token": "t", "agent": {"login": "maya", "role": "admin"}})");
    std::int64_t now = 1000;
    console.Update(now);
    CHECK(transport.Waiting("GET /v1/proactive") == 0);  // another view is shown
    console.view = View::kProactive;
    console.Update(now += 16);
    CHECK(transport.Waiting("GET /v1/proactive") == 1);
    transport.Answer("GET /v1/proactive", 200, kOverview);
    console.Update(now += 16);
    SEAM_REQUIRE_OR_RETURN(console.proactive().overview() != nullptr);
    console.proactive().OpenCase(console.proactive().overview()->decisions[2]);
    CHECK(console.view == View::kInspector);
    CHECK(console.inspector().live_case().id == "c_ao63k5soq5psakrx");
}
