// tests/unit/console/test_kpi_board.cpp — the KPI dashboard model (KpiBoard and its derived
// tables) driven through the scripted transport: the requests it sends for each range and filter,
// how it reads a real report, and what it keeps when seamd fails; the proactive block (issue 18):
// its table, daily series and treated vs hold-out comparison, and reports without it.
#include <doctest/doctest.h>

#include <string>

#include "../support/files.hpp"
#include "fake_transport.hpp"
#include "seam/console/api.hpp"
#include "seam/console/kpi_board.hpp"
#include "seam/console/session.hpp"
#include "seam/kpi/proactive.hpp"

using namespace seam::console;
using seam::console::testing::FakeTransport;

namespace {

// A real answer of GET /v1/kpis?from=2026-11-24&to=2026-11-30 (seamd's demo data, seed 42),
// trimmed: five of its eleven intents, and the day 2026-11-27 taken out of by_day so the week has
// a gap inside it as well as at its end (2026-11-30 had no case).
const char* const kWeekReport = R"json(
{"range":{"from":"2026-11-24","to":"2026-11-30"},
"overall":{"abandoned":5,"average_resolution_seconds":483.6413768115943,"containment":0.7027027027027027,"csat":0.8,"csat_agent":0.875,"csat_bot":0.7727272727272727,"csat_responses":30,"escalation_quality":0.7727272727272727,"escalation_rate":0.2972972972972973,"first_contact_resolution":1.0,"first_response_p50_seconds":2.5185,"first_response_seconds":2.5019594594594583,"handoffs":22,"resolution_rate":0.9324324324324325,"resolved":69,"self_service_resolution_rate":0.6351351351351351,"volume":74},
"by_intent":{
"order_status":{"abandoned":1,"average_resolution_seconds":289.29878571428577,"containment":0.8666666666666667,"csat":0.6,"csat_agent":null,"csat_bot":0.6,"csat_responses":5,"escalation_quality":1.0,"escalation_rate":0.13333333333333333,"first_contact_resolution":1.0,"first_response_p50_seconds":2.258,"first_response_seconds":2.4399333333333333,"handoffs":2,"resolution_rate":0.9333333333333333,"resolved":14,"self_service_resolution_rate":0.8,"volume":15},
"refund_status":{"abandoned":1,"average_resolution_seconds":883.1344545454544,"containment":0.4166666666666667,"csat":0.7142857142857143,"csat_agent":1.0,"csat_bot":0.5,"csat_responses":7,"escalation_quality":0.8571428571428571,"escalation_rate":0.5833333333333334,"first_contact_resolution":1.0,"first_response_p50_seconds":2.5355,"first_response_seconds":2.5557499999999997,"handoffs":7,"resolution_rate":0.9166666666666666,"resolved":11,"self_service_resolution_rate":0.3333333333333333,"volume":12},
"return_item":{"abandoned":1,"average_resolution_seconds":713.3269999999999,"containment":0.5714285714285714,"csat":0.6666666666666666,"csat_agent":0.5,"csat_bot":1.0,"csat_responses":3,"escalation_quality":1.0,"escalation_rate":0.42857142857142855,"first_contact_resolution":1.0,"first_response_p50_seconds":3.431,"first_response_seconds":3.1824285714285714,"handoffs":3,"resolution_rate":0.8571428571428571,"resolved":6,"self_service_resolution_rate":0.42857142857142855,"volume":7},
"reset_password":{"abandoned":0,"average_resolution_seconds":110.952,"containment":1.0,"csat":0.6666666666666666,"csat_agent":null,"csat_bot":0.6666666666666666,"csat_responses":3,"escalation_quality":null,"escalation_rate":0.0,"first_contact_resolution":1.0,"first_response_p50_seconds":2.0435,"first_response_seconds":2.098,"handoffs":0,"resolution_rate":1.0,"resolved":4,"self_service_resolution_rate":1.0,"volume":4},
"talk_to_human":{"abandoned":0,"average_resolution_seconds":969.4053333333335,"containment":0.0,"csat":null,"csat_agent":null,"csat_bot":null,"csat_responses":0,"escalation_quality":1.0,"escalation_rate":1.0,"first_contact_resolution":1.0,"first_response_p50_seconds":3.033,"first_response_seconds":2.625,"handoffs":3,"resolution_rate":1.0,"resolved":3,"self_service_resolution_rate":0.0,"volume":3}
},
"by_channel":{
"account":{"abandoned":1,"average_resolution_seconds":507.03053846153847,"containment":0.6428571428571429,"csat":0.7142857142857143,"csat_agent":0.5,"csat_bot":0.8,"csat_responses":7,"escalation_quality":0.8,"escalation_rate":0.35714285714285715,"first_contact_resolution":1.0,"first_response_p50_seconds":2.1565000000000003,"first_response_seconds":2.3365714285714287,"handoffs":5,"resolution_rate":0.9285714285714286,"resolved":13,"self_service_resolution_rate":0.5714285714285714,"volume":14},
"email":{"abandoned":1,"average_resolution_seconds":445.8437777777778,"containment":0.8,"csat":0.8,"csat_agent":1.0,"csat_bot":0.75,"csat_responses":5,"escalation_quality":0.5,"escalation_rate":0.2,"first_contact_resolution":1.0,"first_response_p50_seconds":2.069,"first_response_seconds":2.1629,"handoffs":2,"resolution_rate":0.9,"resolved":9,"self_service_resolution_rate":0.7,"volume":10},
"sms":{"abandoned":1,"average_resolution_seconds":505.286,"containment":0.5714285714285714,"csat":1.0,"csat_agent":1.0,"csat_bot":1.0,"csat_responses":2,"escalation_quality":0.6666666666666666,"escalation_rate":0.42857142857142855,"first_contact_resolution":1.0,"first_response_p50_seconds":3.118,"first_response_seconds":2.889,"handoffs":3,"resolution_rate":0.8571428571428571,"resolved":6,"self_service_resolution_rate":0.42857142857142855,"volume":7},
"widget":{"abandoned":2,"average_resolution_seconds":481.35482926829286,"containment":0.7209302325581395,"csat":0.8125,"csat_agent":1.0,"csat_bot":0.75,"csat_responses":16,"escalation_quality":0.8333333333333334,"escalation_rate":0.27906976744186046,"first_contact_resolution":1.0,"first_response_p50_seconds":2.569,"first_response_seconds":2.571651162790698,"handoffs":12,"resolution_rate":0.9534883720930233,"resolved":41,"self_service_resolution_rate":0.6744186046511628,"volume":43}
},
"by_day":{
"2026-11-24":{"abandoned":3,"average_resolution_seconds":743.5943749999998,"containment":0.5789473684210527,"csat":0.875,"csat_agent":1.0,"csat_bot":0.8,"csat_responses":8,"escalation_quality":0.75,"escalation_rate":0.42105263157894735,"first_contact_resolution":1.0,"first_response_p50_seconds":2.135,"first_response_seconds":2.4243684210526317,"handoffs":8,"resolution_rate":0.8421052631578947,"resolved":16,"self_service_resolution_rate":0.42105263157894735,"volume":19},
"2026-11-25":{"abandoned":0,"average_resolution_seconds":451.604875,"containment":0.625,"csat":0.6666666666666666,"csat_agent":1.0,"csat_bot":0.5,"csat_responses":3,"escalation_quality":1.0,"escalation_rate":0.375,"first_contact_resolution":1.0,"first_response_p50_seconds":2.45,"first_response_seconds":2.3623749999999997,"handoffs":3,"resolution_rate":1.0,"resolved":8,"self_service_resolution_rate":0.625,"volume":8},
"2026-11-26":{"abandoned":0,"average_resolution_seconds":516.3085,"containment":0.6666666666666666,"csat":1.0,"csat_agent":1.0,"csat_bot":1.0,"csat_responses":5,"escalation_quality":0.75,"escalation_rate":0.3333333333333333,"first_contact_resolution":1.0,"first_response_p50_seconds":3.4825,"first_response_seconds":2.89575,"handoffs":4,"resolution_rate":1.0,"resolved":12,"self_service_resolution_rate":0.6666666666666666,"volume":12},
"2026-11-28":{"abandoned":0,"average_resolution_seconds":248.00815384615382,"containment":0.9230769230769231,"csat":0.8571428571428571,"csat_agent":null,"csat_bot":0.8571428571428571,"csat_responses":7,"escalation_quality":1.0,"escalation_rate":0.07692307692307693,"first_contact_resolution":1.0,"first_response_p50_seconds":2.569,"first_response_seconds":2.5593846153846154,"handoffs":1,"resolution_rate":1.0,"resolved":13,"self_service_resolution_rate":0.9230769230769231,"volume":13},
"2026-11-29":{"abandoned":1,"average_resolution_seconds":263.7792857142857,"containment":0.875,"csat":0.5,"csat_agent":null,"csat_bot":0.5,"csat_responses":2,"escalation_quality":0.0,"escalation_rate":0.125,"first_contact_resolution":1.0,"first_response_p50_seconds":2.118,"first_response_seconds":2.001875,"handoffs":1,"resolution_rate":0.875,"resolved":7,"self_service_resolution_rate":0.75,"volume":8}
}
}
)json";

const char* const kLoginAnswer =
    R"({"token": "tok-1", "agent": {"login": "maya", "name": "Maya", "role": "admin"},
        "expires_at": 1900000000})";

//! A logged-in console's plumbing with a board on it.
struct Rig {
    FakeTransport transport;
    Api api{transport};
    Session session{api};
    KpiBoard board{api, session};
    std::int64_t now = 1000;

    void Login() {
        session.Login("maya", "maya-demo-secret");
        REQUIRE(transport.Answer("POST /v1/agents/login", 200, kLoginAnswer));
        api.Pump();
        REQUIRE(session.logged_in());
    }
    //! Pump then Update, as the app does once per frame.
    void Frame(std::int64_t advance_ms = 16) {
        now += advance_ms;
        api.Pump();
        board.Update(now);
    }
    std::string LastPath() const {
        const FakeTransport::Sent* s = transport.Last("GET /v1/kpis");
        return s ? s->request.path : std::string("<none>");
    }
    //! Logs in, loads the week report as if it were seamd's default answer.
    void LoadWeek() {
        Login();
        Frame();
        REQUIRE(transport.Answer("GET /v1/kpis", 200, kWeekReport));
        Frame();
        REQUIRE(board.report() != nullptr);
    }
};

KpiReport WeekReport() {
    auto parsed = ParseKpiReport(nlohmann::json::parse(kWeekReport));
    REQUIRE(parsed.ok());
    return *parsed;
}

}  // namespace

// [SECTION] Requests

TEST_CASE("KpiBoard: nothing is asked before login; the first load uses seamd's default range") {
    Rig rig;
    rig.Frame();
    rig.Frame(120000);
    CHECK(rig.transport.sent.empty());
    CHECK(rig.board.StatusLine() == "No KPIs loaded");

    rig.Login();
    rig.Frame();
    REQUIRE(rig.transport.Waiting("GET /v1/kpis") == 1);
    CHECK(rig.LastPath() == "/v1/kpis");
    CHECK(rig.transport.Last("GET /v1/kpis")->request.token == "tok-1");
    CHECK(rig.board.loading());
    CHECK(rig.board.StatusLine() == "Loading KPIs...");
    rig.Frame();
    CHECK(rig.transport.Waiting("GET /v1/kpis") == 1);  // no second request while one is out

    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, kWeekReport));
    rig.Frame();
    CHECK_FALSE(rig.board.loading());
    REQUIRE(rig.board.today().has_value());
    CHECK(seam::FormatIsoDate(*rig.board.today()) == "2026-11-30");
    CHECK(rig.board.StatusLine() ==
          "2026-11-24 to 2026-11-30 | all intents | all channels | updated just now");
    rig.Frame(150000);
    rig.board.Refresh();
    CHECK(rig.board.StatusLine() ==
          "2026-11-24 to 2026-11-30 | all intents | all channels | updated 2m ago | refreshing...");
}

TEST_CASE("KpiBoard: range presets end at the report's own today, filters are URL-encoded") {
    Rig rig;
    rig.LoadWeek();

    rig.board.SetRange(KpiRange::k7);
    CHECK(rig.board.RequestPath() == "/v1/kpis?from=2026-11-24&to=2026-11-30");
    rig.board.SetRange(KpiRange::k90);
    CHECK(rig.board.RequestPath() == "/v1/kpis?from=2026-09-02&to=2026-11-30");
    rig.Frame();
    CHECK(rig.LastPath() == "/v1/kpis?from=2026-09-02&to=2026-11-30");

    rig.board.SetIntentFilter("order status&more");
    rig.board.SetChannelFilter("widget");
    rig.Frame();
    CHECK(rig.LastPath() ==
          "/v1/kpis?from=2026-09-02&to=2026-11-30&intent=order%20status%26more&channel=widget");

    rig.board.SetRange(KpiRange::k30);  // seamd's default range: asked without dates
    rig.board.SetChannelFilter("");
    rig.Frame();
    CHECK(rig.LastPath() == "/v1/kpis?intent=order%20status%26more");

    // Setting what is already set asks nothing.
    const auto sent = rig.transport.sent.size();
    rig.board.SetRange(KpiRange::k30);
    rig.board.SetIntentFilter("order status&more");
    rig.Frame();
    CHECK(rig.transport.sent.size() == sent);
}

TEST_CASE("KpiBoard: a 7-day preset picked before today is known is asked once it is") {
    Rig rig;
    rig.Login();
    rig.Frame();
    rig.board.SetRange(KpiRange::k7);
    rig.Frame();
    CHECK(rig.LastPath() == "/v1/kpis");                // the default range tells today
    CHECK(rig.transport.Waiting("GET /v1/kpis") == 1);  // the answer on its way will do
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, kWeekReport));
    rig.Frame();
    CHECK(rig.LastPath() == "/v1/kpis?from=2026-11-24&to=2026-11-30");
    CHECK(rig.board.report() != nullptr);  // the default answer is shown meanwhile
}

TEST_CASE("KpiBoard: Refresh asks again, and the report is asked again every 60 s") {
    Rig rig;
    rig.LoadWeek();
    const auto sent = rig.transport.sent.size();
    rig.Frame(30000);
    CHECK(rig.transport.sent.size() == sent);
    rig.board.Refresh();
    rig.Frame();
    CHECK(rig.transport.sent.size() == sent + 1);
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, kWeekReport));
    rig.Frame(KpiBoard::kAutoRefreshMs - 100);
    CHECK(rig.transport.sent.size() == sent + 1);
    rig.Frame(200);
    CHECK(rig.transport.sent.size() == sent + 2);
    CHECK(rig.LastPath() == "/v1/kpis");
    // A slow answer is not asked twice, however long it takes.
    rig.Frame(3 * KpiBoard::kAutoRefreshMs);
    CHECK(rig.transport.sent.size() == sent + 2);
}

TEST_CASE("KpiBoard: hidden, it neither loads nor refreshes; shown again, it catches up") {
    Rig rig;
    rig.Login();
    rig.board.SetVisible(false);
    rig.Frame(120000);
    CHECK(rig.transport.sent.size() == 1);  // the login only
    rig.board.SetVisible(true);
    rig.Frame();
    CHECK(rig.LastPath() == "/v1/kpis");
}

TEST_CASE("KpiBoard: an answer to a superseded request is ignored") {
    Rig rig;
    rig.LoadWeek();
    rig.board.SetRange(KpiRange::k7);
    rig.Frame();
    rig.board.SetRange(KpiRange::k90);
    rig.Frame();
    REQUIRE(rig.transport.Waiting("GET /v1/kpis") == 2);
    // The 7-day answer arrives first, but the 90-day request replaced it.
    REQUIRE(rig.transport.Answer("GET /v1/kpis?from=2026-11-24", 500,
                                 R"({"error": {"code": "seam.x", "message": "late"}})"));
    rig.Frame();
    CHECK(rig.board.error().empty());
    CHECK(rig.board.loading());
    REQUIRE(rig.transport.Answer("GET /v1/kpis?from=2026-09-02", 200, kWeekReport));
    rig.Frame();
    CHECK_FALSE(rig.board.loading());
}

// [SECTION] Parsing

TEST_CASE("KpiBoard: a real report parses, null ratios stay n/a, never 0") {
    const KpiReport r = WeekReport();
    CHECK(seam::FormatIsoDate(r.from) == "2026-11-24");
    CHECK(seam::FormatIsoDate(r.to) == "2026-11-30");
    CHECK(r.filter_intent.empty());
    CHECK(r.overall.volume == 74);
    CHECK(r.overall.resolved == 69);
    CHECK(r.overall.handoffs == 22);
    CHECK(r.overall.csat_responses == 30);
    CHECK(r.overall.abandoned == 5);
    REQUIRE(r.overall.resolution_rate.has_value());
    CHECK(*r.overall.resolution_rate == doctest::Approx(0.9324324324324325));
    CHECK(*r.overall.first_response_p50_seconds == doctest::Approx(2.5185));
    CHECK(r.by_intent.size() == 5);
    CHECK(r.by_channel.size() == 4);
    CHECK(r.by_day.size() == 5);

    const KpiBlock& order = r.by_intent.at("order_status");
    CHECK_FALSE(order.csat_agent.has_value());
    CHECK(FormatKpiValue(KpiMetric::kCsatAgent, order.csat_agent) == "n/a");
    CHECK(FormatKpiValue(KpiMetric::kCsatAgent, 0.0) == "0.0%");
    CHECK(FormatKpiValue(KpiMetric::kCsatBot, order.csat_bot) == "60.0%");
    CHECK(FormatKpiValue(KpiMetric::kVolume, 1234.0) == "1,234");
    CHECK(FormatKpiValue(KpiMetric::kAverageResolutionSeconds,
                         r.overall.average_resolution_seconds) == "8m 04s");
    CHECK(FormatKpiValue(KpiMetric::kFirstResponseP50Seconds, std::nullopt) == "n/a");

    const KpiBlock& talk = r.by_intent.at("talk_to_human");
    CHECK(talk.self_service_resolution_rate == 0.0);  // a real zero stays zero
    CHECK_FALSE(talk.csat_bot.has_value());
}

TEST_CASE("KpiBoard: the metric table follows the report's keys") {
    REQUIRE(AllKpiMetrics().size() == kKpiMetricCount);
    const nlohmann::json overall = nlohmann::json::parse(kWeekReport)["overall"];
    const KpiReport r = WeekReport();
    for (KpiMetric m : AllKpiMetrics()) {
        CAPTURE(MetricInfo(m).key);
        REQUIRE(overall.contains(MetricInfo(m).key));
        CHECK(r.overall.Value(m).value() ==
              doctest::Approx(overall[MetricInfo(m).key].get<double>()));
    }
}

TEST_CASE("KpiBoard: reports that do not parse say where") {
    struct Case {
        const char* body;
        const char* where;
    };
    const Case cases[] = {
        {R"([1, 2])", "/:"},
        {R"({"overall": {}})", "/range"},
        {R"({"range": {"from": "2026-11-01", "to": "2026-11-31"}, "overall": {}})", "/range/to"},
        {R"({"range": {"from": "2026-11-02", "to": "2026-11-01"}, "overall": {}})", "/range"},
        {R"({"range": {"from": "2026-11-01", "to": "2026-11-01"}})", "/overall"},
        {R"({"range": {"from": "2026-11-01", "to": "2026-11-01"}, "overall": {"volume": "3"}})",
         "/overall/volume"},
        {R"({"range": {"from": "2026-11-01", "to": "2026-11-01"}, "overall": {},
             "by_day": {"2026-11-01": {"csat": true}}})",
         "/by_day/2026-11-01/csat"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.body);
        auto r = ParseKpiReport(nlohmann::json::parse(c.body));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "seam.console.kpi_report");
        CHECK(r.error().message.find(c.where) != std::string::npos);
    }
    // The smallest report that parses: splits may be missing, metrics null or absent.
    auto ok = ParseKpiReport(nlohmann::json::parse(
        R"({"range": {"from": "2026-11-01", "to": "2026-11-01"}, "overall": {"csat": null},
            "filter": {"intent": "refund_status", "channel": ""}})"));
    REQUIRE(ok.ok());
    CHECK(ok->overall.volume == 0);
    CHECK_FALSE(ok->overall.csat.has_value());
    CHECK(ok->filter_intent == "refund_status");
}

// [SECTION] Derived tables

TEST_CASE("KpiBoard: the daily series has one point per day, gaps where a day has no data") {
    const KpiReport r = WeekReport();
    const KpiDaySeries volume = DaySeries(r, KpiMetric::kVolume);
    REQUIRE(volume.points.size() == 7);
    CHECK(seam::FormatIsoDate(volume.points[0].day) == "2026-11-24");
    CHECK(seam::FormatIsoDate(volume.points[6].day) == "2026-11-30");
    CHECK(volume.points[0].value == 19.0);
    CHECK(volume.points[3].value == 0.0);  // 2026-11-27: no case opened, zero is the data
    CHECK(volume.points[6].value == 0.0);
    CHECK(volume.min == 0.0);
    CHECK(volume.max == 19.0);

    const KpiDaySeries bot = DaySeries(r, KpiMetric::kCsatBot);
    REQUIRE(bot.points.size() == 7);
    CHECK(bot.points[0].value.value() == doctest::Approx(0.8));
    CHECK_FALSE(bot.points[3].value.has_value());  // a ratio of no cases: a gap, never 0
    CHECK_FALSE(bot.points[3].has_cases);
    CHECK(volume.points[0].has_cases);
    CHECK_FALSE(bot.points[6].value.has_value());
    CHECK(bot.min.value() == doctest::Approx(0.5));
    CHECK(bot.max.value() == doctest::Approx(1.0));

    KpiReport empty = r;
    empty.by_day.clear();
    KpiReport unrated = r;
    unrated.by_day["2026-11-25"].csat_bot.reset();  // cases that day, none rated by the bot
    const KpiDaySeries gap = DaySeries(unrated, KpiMetric::kCsatBot);
    CHECK_FALSE(gap.points[1].value.has_value());
    CHECK(gap.points[1].has_cases);
    const KpiDaySeries none = DaySeries(empty, KpiMetric::kCsat);
    CHECK(none.points.size() == 7);
    CHECK_FALSE(none.min.has_value());
}

TEST_CASE("KpiBoard: top intents by volume with their self-service rate and verdict") {
    const auto rows = TopIntents(WeekReport());
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].intent == "order_status");
    CHECK(rows[0].volume == 15);
    CHECK(rows[0].self_service_resolution_rate.value() == doctest::Approx(0.8));
    CHECK(rows[0].share.value() == doctest::Approx(15.0 / 74.0));
    CHECK(rows[0].verdict == KpiVerdict::kNeutral);  // bot CSAT 60%: not bad, not good enough
    CHECK(rows[1].intent == "refund_status");
    CHECK(rows[1].verdict == KpiVerdict::kHurts);
    REQUIRE(rows[1].reasons.size() == 3);
    CHECK(rows[1].reasons[0] == "self-service 33.3% < 40% with escalation 58.3% > 40%");
    CHECK(rows[1].reasons[1] == "bot CSAT 50.0% < 60%");
    CHECK(rows[1].reasons[2] == "bot CSAT 50.0% trails agent CSAT 100.0% by more than 25%");
    CHECK(rows[2].intent == "return_item");
    CHECK(rows[3].intent == "reset_password");
    CHECK(rows[3].verdict == KpiVerdict::kTooFew);  // 4 cases
    CHECK(rows[4].intent == "talk_to_human");

    CHECK(TopIntents(WeekReport(), 2).size() == 2);
}

TEST_CASE("KpiBoard: where automation helps and where it hurts, at the thresholds") {
    struct Case {
        std::int64_t volume;
        std::optional<double> self, escalation, bot, agent;
        KpiVerdict verdict;
    };
    const Case cases[] = {
        {kFlagMinVolume - 1, 0.0, 1.0, 0.0, 1.0, KpiVerdict::kTooFew},
        {kFlagMinVolume, 0.39, 0.41, std::nullopt, std::nullopt, KpiVerdict::kHurts},
        {kFlagMinVolume, 0.40, 0.41, std::nullopt, std::nullopt, KpiVerdict::kNeutral},
        {kFlagMinVolume, 0.39, 0.40, std::nullopt, std::nullopt, KpiVerdict::kNeutral},
        {kFlagMinVolume, std::nullopt, std::nullopt, 0.59, std::nullopt, KpiVerdict::kHurts},
        {kFlagMinVolume, 0.9, 0.0, 0.70, 0.96, KpiVerdict::kHurts},  // 26 points behind agents
        {kFlagMinVolume, 0.9, 0.0, 0.70, 0.94, KpiVerdict::kHelps},  // 24 points behind
        {kFlagMinVolume, 0.60, 0.1, std::nullopt, 0.9, KpiVerdict::kHelps},
        {kFlagMinVolume, 0.60, 0.1, 0.69, std::nullopt, KpiVerdict::kNeutral},
        {kFlagMinVolume, 0.59, 0.1, 0.9, std::nullopt, KpiVerdict::kNeutral},
        {kFlagMinVolume, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
         KpiVerdict::kNeutral},  // n/a never triggers a rule
    };
    int i = 0;
    for (const Case& c : cases) {
        CAPTURE(i++);
        KpiIntentRow row;
        row.volume = c.volume;
        row.self_service_resolution_rate = c.self;
        row.escalation_rate = c.escalation;
        row.csat_bot = c.bot;
        row.csat_agent = c.agent;
        JudgeIntent(row);
        CHECK(row.verdict == c.verdict);
        CHECK(row.reasons.empty() ==
              (c.verdict == KpiVerdict::kNeutral || c.verdict == KpiVerdict::kTooFew));
    }
}

TEST_CASE("KpiBoard: bars per intent and channel follow the chart metric") {
    Rig rig;
    rig.LoadWeek();
    const KpiBars channels = rig.board.ChannelBars();
    REQUIRE(channels.bars.size() == 4);
    CHECK(channels.bars[0].key == "widget");
    CHECK(channels.bars[0].value == 43.0);
    CHECK(channels.scale == 43.0);

    rig.board.SetChartMetric(KpiMetric::kCsatAgent);
    CHECK(rig.board.Series().metric == KpiMetric::kCsatAgent);
    const KpiBars intents = rig.board.IntentBars();
    REQUIRE(intents.bars.size() == 5);
    CHECK(intents.scale == 1.0);
    CHECK(intents.bars[0].key == "refund_status");   // 100%
    CHECK(intents.bars[1].key == "return_item");     // 50%
    CHECK_FALSE(intents.bars[2].value.has_value());  // n/a last, by name
    CHECK(intents.bars[2].key == "order_status");
    CHECK(intents.bars[4].key == "talk_to_human");
}

// [SECTION] Errors and sessions

TEST_CASE("KpiBoard: errors are shown and the last good report is kept") {
    Rig rig;
    rig.LoadWeek();
    rig.board.SetRange(KpiRange::k90);
    rig.Frame();
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 400,
                                 R"({"error": {"code": "seam.kpi.range",
                                     "message": "a range is at most 366 days"}})"));
    rig.Frame();
    CHECK(rig.board.error() == "[seam.kpi.range] a range is at most 366 days");
    REQUIRE(rig.board.report() != nullptr);
    CHECK(rig.board.report()->overall.volume == 74);
    CHECK(rig.board.StatusLine().rfind("Error: [seam.kpi.range] a range is at most 366 days "
                                       "(showing 2026-11-24 to 2026-11-30 | all intents",
                                       0) == 0);

    rig.board.Refresh();
    rig.Frame();
    REQUIRE(rig.transport.Fail("GET /v1/kpis", "connection refused"));
    rig.Frame();
    CHECK(rig.board.error() == "[seam.console.network] connection refused");
    CHECK(rig.board.report() != nullptr);

    rig.board.Refresh();
    rig.Frame();
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, R"({"range": {}})"));
    rig.Frame();
    CHECK(rig.board.error().rfind("[seam.console.kpi_report] /range/from", 0) == 0);
    CHECK(rig.board.report()->overall.volume == 74);

    // A success clears the error.
    rig.board.Refresh();
    rig.Frame();
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, kWeekReport));
    rig.Frame();
    CHECK(rig.board.error().empty());
}

TEST_CASE("KpiBoard: a new session drops what the previous one loaded") {
    Rig rig;
    rig.LoadWeek();
    rig.board.SetRange(KpiRange::k7);
    rig.board.SetIntentFilter("refund_status");
    CHECK(rig.board.intent_choices().size() == 5);
    CHECK(rig.board.channel_choices() ==
          std::vector<std::string>{"account", "email", "sms", "widget"});

    rig.session.Logout();
    rig.Frame(KpiBoard::kAutoRefreshMs * 2);
    CHECK(rig.board.report() == nullptr);
    CHECK(rig.board.error().empty());
    CHECK(rig.board.intent_choices().empty());
    CHECK_FALSE(rig.board.today().has_value());
    CHECK(rig.board.range() == KpiRange::k30);
    CHECK(rig.board.intent_filter().empty());
    const auto sent = rig.transport.sent.size();
    rig.Frame(KpiBoard::kAutoRefreshMs * 2);
    CHECK(rig.transport.sent.size() == sent);  // logged out: nothing asked

    rig.Login();
    rig.Frame();
    CHECK(rig.LastPath() == "/v1/kpis");
}

TEST_CASE("KpiBoard: filter choices grow across reports and skip \"(none)\"") {
    Rig rig;
    rig.Login();
    rig.Frame();
    const char* const month = R"json(
        {"range": {"from": "2026-11-01", "to": "2026-11-30"}, "overall": {"volume": 3},
         "by_intent": {"(none)": {"volume": 1}, "refund_status": {"volume": 2}},
         "by_channel": {"sms": {"volume": 3}}})json";
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, month));
    rig.Frame();
    CHECK(rig.board.intent_choices() == std::vector<std::string>{"refund_status"});
    rig.board.SetChannelFilter("sms");
    rig.Frame();
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, kWeekReport));
    rig.Frame();
    CHECK(rig.board.intent_choices().size() == 5);
    CHECK(rig.board.channel_choices().size() == 4);
}

// [SECTION] Proactive (issue 18)

namespace {

// The week report with a "proactive" block as seamd writes it (seam/kpi/proactive.hpp), trimmed
// to two triggers and two days.
std::string WeekWithProactive() {
    nlohmann::json body = nlohmann::json::parse(kWeekReport);
    body["proactive"] = nlohmann::json::parse(R"json({
      "treated": {"decisions": 40, "proactive_sent": 30, "proactive_suppressed": 10,
        "suppressed_by_reason": {"quiet_hours": 6, "cap_day": 4}, "customers": 32, "contacts": 4,
        "contacts_per_100": 12.5, "proactive_resolved": 21, "proactive_resolution_rate": 0.7,
        "retention_offers_accepted": 5, "churn_prevented": 3, "churn_not_prevented": 1,
        "churn_offers_pending": 1, "orders": 12, "attributed_orders": 3,
        "attributed_revenue_cents": 123450, "attributed_revenue_by_currency": {"USD": 123450},
        "automated_conversations": 50, "revenue_per_automated_conversation": 2469.0,
        "recommendations_shown": 20, "recommendations_clicked": 5, "recommendation_take_rate": 0.25},
      "holdout": {"decisions": 4, "proactive_sent": 0, "proactive_suppressed": 4,
        "suppressed_by_reason": {"holdout": 4}, "customers": 4, "contacts": 1,
        "contacts_per_100": 25.0, "proactive_resolved": 0, "proactive_resolution_rate": null,
        "automated_conversations": 0, "revenue_per_automated_conversation": null},
      "overall": {"decisions": 44, "proactive_sent": 30, "proactive_suppressed": 14,
        "suppressed_by_reason": {"quiet_hours": 6, "cap_day": 4, "holdout": 4}, "customers": 36,
        "contacts": 5, "contacts_per_100": 13.888888888888889, "contacts_avoided": 4.0,
        "proactive_resolved": 21, "proactive_resolution_rate": 0.7},
      "by_trigger": {
        "parcel_delayed": {"treated": {"customers": 20, "contacts_per_100": 10.0, "proactive_sent": 18},
                           "holdout": {"customers": 2, "contacts_per_100": 50.0}, "contacts_avoided": 8.0},
        "win_back": {"treated": {"customers": 12, "contacts_per_100": 0.0},
                     "holdout": {"customers": 0, "contacts_per_100": null}, "contacts_avoided": null}},
      "by_day": {
        "2026-11-24": {"decisions": 20, "proactive_sent": 14, "proactive_suppressed": 6, "proactive_resolved": 10},
        "2026-11-26": {"decisions": 24, "proactive_sent": 16, "proactive_suppressed": 8, "proactive_resolved": 11}}
    })json");
    return body.dump();
}

}  // namespace

TEST_CASE("KpiBoard: the proactive block parses, treated vs hold-out, null stays n/a") {
    auto parsed = ParseKpiReport(nlohmann::json::parse(WeekWithProactive()));
    REQUIRE(parsed.ok());
    REQUIRE(parsed->proactive.has_value());
    CHECK(parsed->proactive_error.empty());
    const ProactiveReport& p = *parsed->proactive;
    CHECK(p.treated.proactive_sent == 30);
    CHECK(p.treated.suppressed_by_reason.at("quiet_hours") == 6);
    CHECK(p.holdout.suppressed_by_reason.at("holdout") == 4);
    CHECK(p.treated.contacts_per_100 == 12.5);
    CHECK_FALSE(p.holdout.proactive_resolution_rate.has_value());
    CHECK(p.holdout.retention_offers_accepted == 0);  // missing count reads 0
    CHECK(p.overall.contacts_avoided == 4.0);
    CHECK_FALSE(p.treated.contacts_avoided.has_value());
    REQUIRE(p.by_trigger.size() == 2);
    CHECK(p.by_trigger.at("parcel_delayed").contacts_avoided == 8.0);
    CHECK_FALSE(p.by_trigger.at("win_back").holdout.contacts_per_100.has_value());
    CHECK(p.by_day.size() == 2);
    CHECK(parsed->overall.volume == 74);  // the contact-centre part is untouched

    const std::vector<ProactiveRow> rows = ProactiveRows(p);
    REQUIRE(rows.size() == 18);
    CHECK(std::string(rows[0].key) == "decisions");
    auto row = [&](const std::string& key) -> const ProactiveRow* {
        for (const ProactiveRow& r : rows)
            if (key == r.key) return &r;
        return nullptr;
    };
    const ProactiveRow* per100 = row("contacts_per_100");
    REQUIRE(per100 != nullptr);
    CHECK(FormatKpiUnitValue(per100->unit, per100->treated) == "12.5");
    CHECK(FormatKpiUnitValue(per100->unit, per100->holdout) == "25.0");
    CHECK(FormatKpiUnitValue(per100->unit, per100->overall) == "13.9");
    const ProactiveRow* revenue = row("attributed_revenue_cents");
    REQUIRE(revenue != nullptr);
    CHECK(FormatKpiUnitValue(revenue->unit, revenue->treated) == "1,234.50");
    CHECK(FormatKpiUnitValue(revenue->unit, revenue->holdout) == "0.00");  // a count: always set
    const ProactiveRow* per_conv = row("revenue_per_automated_conversation");
    REQUIRE(per_conv != nullptr);
    CHECK(FormatKpiUnitValue(per_conv->unit, per_conv->treated) == "24.69");
    CHECK(FormatKpiUnitValue(per_conv->unit, per_conv->holdout) == "n/a");
    const ProactiveRow* take = row("recommendation_take_rate");
    REQUIRE(take != nullptr);
    CHECK(FormatKpiUnitValue(take->unit, take->treated) == "25.0%");
    CHECK(FormatKpiUnitValue(KpiUnit::kPer100, -1.0) == "-1.0");
    CHECK(FormatKpiUnitValue(KpiUnit::kMinorUnits, -5.0) == "-0.05");
}

TEST_CASE("KpiBoard: sent and resolved per day, and contacts per 100 compared per trigger") {
    auto parsed = ParseKpiReport(nlohmann::json::parse(WeekWithProactive()));
    REQUIRE(parsed.ok());
    const KpiDaySeries sent = ProactiveDaySeries(*parsed, ProactiveSeries::kSent);
    REQUIRE(sent.points.size() == 7);
    CHECK(sent.unit == KpiUnit::kCount);
    CHECK(sent.points[0].value == 14.0);
    CHECK(sent.points[0].has_cases);
    CHECK(sent.points[1].value == 0.0);  // no decision that day: zero is the data
    CHECK_FALSE(sent.points[1].has_cases);
    CHECK(sent.points[2].value == 16.0);
    CHECK(sent.max == 16.0);
    CHECK(sent.min == 0.0);
    const KpiDaySeries resolved = ProactiveDaySeries(*parsed, ProactiveSeries::kResolved);
    CHECK(resolved.points[2].value == 11.0);
    CHECK(ProactiveDaySeries(*parsed, ProactiveSeries::kSuppressed).points[0].value == 6.0);

    const ProactiveComparisons c = ContactsPer100(*parsed->proactive);
    REQUIRE(c.rows.size() == 3);
    CHECK(c.rows[0].key == kAllTriggers);
    CHECK(c.rows[0].treated == 12.5);
    CHECK(c.rows[0].holdout == 25.0);
    CHECK(c.rows[0].avoided == 4.0);
    CHECK(c.rows[0].treated_customers == 32);
    CHECK(c.rows[1].key == "parcel_delayed");
    CHECK(c.rows[2].key == "win_back");
    CHECK_FALSE(c.rows[2].holdout.has_value());  // no hold-out customer: n/a, not 0
    CHECK(c.rows[2].treated == 0.0);
    CHECK(c.scale == 50.0);
}

TEST_CASE("KpiBoard: an older seamd without the proactive block still shows its report") {
    Rig rig;
    rig.LoadWeek();  // kWeekReport has no "proactive"
    const KpiReport* r = rig.board.report();
    REQUIRE(r != nullptr);
    CHECK_FALSE(r->proactive.has_value());
    CHECK(r->proactive_error.empty());
    CHECK(rig.board.error().empty());
    CHECK(ProactiveDaySeries(*r, ProactiveSeries::kSent).points.empty());

    // A block that does not parse is left out, with the reason; the rest of the report stands.
    nlohmann::json body = nlohmann::json::parse(kWeekReport);
    body["proactive"] = {{"treated", {{"contacts_per_100", "12"}}}};
    auto odd = ParseKpiReport(body);
    REQUIRE(odd.ok());
    CHECK_FALSE(odd->proactive.has_value());
    CHECK(odd->proactive_error.find("/proactive/treated/contacts_per_100") != std::string::npos);
    CHECK(odd->overall.volume == 74);
    body["proactive"] = nlohmann::json::array();
    CHECK(ParseKpiReport(body)->proactive_error.find("/proactive") != std::string::npos);
    body["proactive"] = {{"by_day", {{"2026-11-24", {{"suppressed_by_reason", {{"x", true}}}}}}}};
    CHECK(ParseKpiReport(body)->proactive_error.find(
              "/proactive/by_day/2026-11-24/suppressed_by_reason/x") != std::string::npos);
    body["proactive"] = nullptr;  // null: as if absent
    auto null_block = ParseKpiReport(body);
    REQUIRE(null_block.ok());
    CHECK_FALSE(null_block->proactive.has_value());
    CHECK(null_block->proactive_error.empty());

    // Loaded through the board: the report with the block replaces the one without.
    rig.board.Refresh();
    rig.Frame();
    REQUIRE(rig.transport.Answer("GET /v1/kpis", 200, WeekWithProactive()));
    rig.Frame();
    REQUIRE(rig.board.report() != nullptr);
    CHECK(rig.board.report()->proactive.has_value());
}

TEST_CASE("KpiBoard: the console reads every key the core's proactive report writes") {
    bool ok = false;
    const std::string text = seam::testing::ReadFile(
        seam::testing::SourcePath(
            "tests/kpi/proactive/contacts_7_days_exactly_counts_one_second_over_does_not.json"),
        &ok);
    REQUIRE(ok);
    const nlohmann::json fixture = nlohmann::json::parse(text, nullptr, false);
    REQUIRE(fixture.is_object());
    auto events = seam::kpi::ParseEvents(fixture["events"]);
    REQUIRE(events.ok());
    const nlohmann::json core = seam::kpi::ComputeProactive(
        *events,
        {fixture["range"]["from"].get<std::int64_t>(), fixture["range"]["to"].get<std::int64_t>()});
    auto parsed = ParseProactiveReport(core);
    REQUIRE(parsed.ok());
    // Every key of a core block is a row of the table or read into the model.
    const std::vector<ProactiveRow> rows = ProactiveRows(*parsed);
    for (const auto& item : core["treated"].items()) {
        const std::string key = item.key();  // a named copy: clang 14 cannot capture a binding
        CAPTURE(key);
        bool shown = false;
        for (const ProactiveRow& r : rows)
            shown = shown || key == r.key;
        const bool elsewhere = key == "suppressed_by_reason" || key == "proactive_resolved" ||
                               key == "recommendations_clicked" ||
                               key == "attributed_revenue_by_currency";
        CHECK((shown || elsewhere));
    }
    for (const ProactiveRow& r : rows) {
        CAPTURE(r.key);
        REQUIRE(core["overall"].contains(r.key));
        const nlohmann::json& v = core["overall"][r.key];
        if (v.is_null()) {
            CHECK_FALSE(r.overall.has_value());
        } else {
            CHECK(r.overall.value() == doctest::Approx(v.get<double>()));
        }
    }
    CHECK(parsed->overall.contacts_avoided == 2.0);
    CHECK(parsed->by_trigger.at("payment_failed").contacts_avoided == -1.0);
    CHECK(parsed->by_day.size() == 4);
}
