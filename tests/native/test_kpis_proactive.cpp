// tests/native/test_kpis_proactive.cpp — issue 18: the "proactive" block of GET /v1/kpis, read
// from the rows seamd's store holds. The hand-computed fixtures of tests/kpi/proactive/ are
// written into a store through the event log's own writer (cases::AppendEvent: case_id "" and
// customer 0 become NULL, data is stored as text) and must come back with the same figures,
// through api::ComputeKpis and over HTTP: the store's reading window (7 days either side of the
// range) must hold every row the definitions look at.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../unit/kpi/fixtures.hpp"
#include "api/kpis.hpp"
#include "cases/case_store.hpp"
#include "seam/core/date.hpp"
#include "seam/kpi/kpis.hpp"
#include "server_fixture.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

constexpr std::int64_t kDayMs = 86400000;

struct Fixture {
    std::string file;
    std::vector<seam::kpi::Event> events;
    std::string from, to;  //!< the range as the API takes it: ISO days, both included
    json expected;
};

Fixture Load(const std::string& file) {
    Fixture f;
    f.file = file;
    bool ok = false;
    const std::string text =
        seam::testing::ReadFile(seam::testing::SourcePath("tests/kpi/proactive/" + file), &ok);
    REQUIRE(ok);
    const json doc = json::parse(text, nullptr, false);
    REQUIRE(doc.is_object());
    auto events = seam::kpi::ParseEvents(doc["events"]);
    REQUIRE_MESSAGE(events.ok(), events.error().message);
    f.events = std::move(*events);
    const std::int64_t from = doc["range"]["from"], to = doc["range"]["to"];
    // The API speaks in whole UTC days; every proactive fixture's range is made of them.
    REQUIRE(from % kDayMs == 0);
    REQUIRE(to % kDayMs == 0);
    f.from = seam::FormatIsoDate(seam::CivilFromDays(from / kDayMs));
    f.to = seam::FormatIsoDate(seam::CivilFromDays(to / kDayMs - 1));
    f.expected = doc["expected"];
    return f;
}

void Insert(seam::store::Db& db, const std::vector<seam::kpi::Event>& events) {
    for (const seam::kpi::Event& e : events) {
        auto ok = seam::cases::AppendEvent(db, e.at, e.case_id, e.customer_id, e.channel, e.kind,
                                           e.intent, e.data);
        REQUIRE_MESSAGE(ok.ok(), ok.error().message);
    }
}

void CheckProactive(const json& report, const Fixture& f) {
    REQUIRE(report.contains("proactive"));
    const json& p = report["proactive"];
    CHECK_FALSE(p.contains("range"));  // the report's own range is the block's
    std::vector<std::string> problems;
    seam::testing::CompareReport(f.expected, p, "/proactive", problems);
    for (const std::string& problem : problems)
        FAIL_CHECK(problem);
    CHECK(problems.empty());
}

}  // namespace

TEST_CASE(
    "kpis proactive: every fixture comes back from the store with its hand-computed figures") {
    const std::vector<std::string> files = seam::testing::KpiFixtureNames("tests/kpi/proactive");
    REQUIRE(files.size() >= 6);
    for (const std::string& file : files) {
        CAPTURE(file);
        const Fixture f = Load(file);
        auto db = seam::store::Db::Open(":memory:");
        REQUIRE(db);
        REQUIRE(seam::store::Migrate(**db));
        Insert(**db, f.events);
        auto report =
            seam::api::ComputeKpis(**db, {f.from, f.to, "", ""}, seam::Date{2026, 11, 22});
        REQUIRE(report.ok());
        CHECK((*report)["range"] == json({{"from", f.from}, {"to", f.to}}));
        CheckProactive(*report, f);
        // Rows of no case (suppressed decisions, business events) are no case of the
        // contact-centre report.
        CHECK_FALSE((*report)["by_channel"].contains(""));
    }
}

TEST_CASE("kpis proactive: GET /v1/kpis serves the block; intent and channel filters leave it be") {
    TempDir dir;
    const Fixture f = Load("contacts_7_days_exactly_counts_one_second_over_does_not.json");
    {
        Server s(dir.path.string());  // creates the store (and the demo shop, months later)
        REQUIRE(s.ready());
    }
    {
        auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
        REQUIRE(db);
        Insert(**db, f.events);
    }
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Reply login = s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}});
    REQUIRE_MESSAGE(login.status == 200, login.body.dump());
    const std::string agent = login.body["token"];

    Reply kpis = s.Get("/v1/kpis?from=" + f.from + "&to=" + f.to, agent);
    REQUIRE_MESSAGE(kpis.status == 200, kpis.body.dump());
    CheckProactive(kpis.body, f);
    CHECK(kpis.body["proactive"]["overall"]["contacts_avoided"] == 2.0);

    Reply filtered = s.Get("/v1/kpis?from=" + f.from + "&to=" + f.to + "&channel=sms", agent);
    REQUIRE(filtered.status == 200);
    CHECK(filtered.body["filter"]["channel"] == "sms");
    CHECK(filtered.body["proactive"] == kpis.body["proactive"]);

    // The default range (the demo shop's last 30 days): the block is there whatever it holds.
    Reply demo = s.Get("/v1/kpis", agent);
    REQUIRE(demo.status == 200);
    REQUIRE(demo.body.contains("proactive"));
    CHECK(demo.body["proactive"]["overall"]["decisions"].is_number());
    CHECK(demo.body["proactive"]["overall"].contains("contacts_avoided"));
}
