// tests/unit/kpi/test_proactive_kpis.cpp — the proactive and revenue KPIs (issue 18): the
// hand-computed fixtures of tests/kpi/proactive/*.json (same format as tests/kpi/, fixtures.hpp),
// and properties every report must have whatever the log: every block carries every key, the
// order of the rows does not matter, churn offers add up.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/files.hpp"
#include "fixtures.hpp"
#include "seam/kpi/proactive.hpp"

using nlohmann::json;
using namespace seam::kpi;

namespace {

struct Fixture {
    std::string file;
    std::vector<Event> events;
    Range range;
    json expected;
};

//! Every fixture of tests/kpi/proactive/ that parses; a broken one fails the test that loads it.
std::vector<Fixture> LoadFixtures() {
    std::vector<Fixture> out;
    for (const std::string& file : seam::testing::KpiFixtureNames("tests/kpi/proactive")) {
        CAPTURE(file);
        bool ok = false;
        const std::string text =
            seam::testing::ReadFile(seam::testing::SourcePath("tests/kpi/proactive/" + file), &ok);
        CHECK(ok);
        const json doc = json::parse(text, nullptr, false);
        if (doc.is_discarded() || !doc.is_object() || !doc.contains("range") ||
            !doc.contains("expected")) {
            FAIL_CHECK("not a fixture object");
            continue;
        }
        CHECK(doc.value("why", std::string()).size() > 0);
        auto events = ParseEvents(doc.value("events", json()));
        if (!events) {
            FAIL_CHECK(events.error().message);
            continue;
        }
        const json& r = doc["range"];
        out.push_back({file, std::move(*events),
                       Range{r.value("from", std::int64_t{0}), r.value("to", std::int64_t{0})},
                       doc["expected"]});
    }
    return out;
}

const char* const kDecisionKeys[] = {"decisions",
                                     "proactive_sent",
                                     "proactive_suppressed",
                                     "suppressed_by_reason",
                                     "customers",
                                     "contacts",
                                     "contacts_per_100",
                                     "proactive_resolved",
                                     "proactive_resolution_rate"};
const char* const kBusinessKeys[] = {"retention_offers_accepted",
                                     "churn_prevented",
                                     "churn_not_prevented",
                                     "churn_offers_pending",
                                     "orders",
                                     "attributed_orders",
                                     "attributed_revenue_cents",
                                     "attributed_revenue_by_currency",
                                     "automated_conversations",
                                     "revenue_per_automated_conversation",
                                     "recommendations_shown",
                                     "recommendations_clicked",
                                     "recommendation_take_rate"};

}  // namespace

TEST_CASE("kpi proactive: fixtures in tests/kpi/proactive compute the hand-computed reports") {
    const std::vector<Fixture> fixtures = LoadFixtures();
    CHECK(fixtures.size() >= 6);  // the listing found them (guards an empty directory read)
    for (const Fixture& f : fixtures) {
        CAPTURE(f.file);
        const json report = ComputeProactive(f.events, f.range);
        std::vector<std::string> problems;
        seam::testing::CompareReport(f.expected, report, "", problems);
        for (const std::string& p : problems)
            FAIL_CHECK(p);
        CHECK(problems.empty());
    }
}

TEST_CASE("kpi proactive: the order of the rows does not change the report") {
    for (const Fixture& f : LoadFixtures()) {
        CAPTURE(f.file);
        std::vector<Event> reversed = f.events;
        std::reverse(reversed.begin(), reversed.end());
        // Rows are put in time order inside (ties keep log order). Reversing also swaps rows at
        // the same ms; no fixture has a tie whose order matters (two case_opened of one case).
        CHECK(ComputeProactive(reversed, f.range) == ComputeProactive(f.events, f.range));
    }
}

TEST_CASE("kpi proactive: an empty log gives every key, counts 0 and ratios null") {
    const json report = ComputeProactive({}, {0, 86400000});
    CHECK(report["range"] == json({{"from", 0}, {"to", 86400000}}));
    for (const char* group : {"treated", "holdout", "overall"}) {
        CAPTURE(group);
        const json& b = report[group];
        for (const char* key : kDecisionKeys) {
            CAPTURE(key);
            CHECK(b.contains(key));
        }
        for (const char* key : kBusinessKeys) {
            CAPTURE(key);
            CHECK(b.contains(key));
        }
        for (const char* ratio :
             {"contacts_per_100", "proactive_resolution_rate", "revenue_per_automated_conversation",
              "recommendation_take_rate"}) {
            CAPTURE(ratio);
            CHECK(b[ratio].is_null());
        }
        CHECK(b["decisions"] == 0);
        CHECK(b["suppressed_by_reason"] == json::object());
        CHECK(b["attributed_revenue_by_currency"] == json::object());
        CHECK(b.contains("contacts_avoided") == (std::string(group) == "overall"));
    }
    CHECK(report["overall"]["contacts_avoided"].is_null());
    CHECK(report["by_trigger"] == json::object());
    CHECK(report["by_day"] == json::object());
}

TEST_CASE("kpi proactive: accepted offers are prevented, not prevented or pending, never two") {
    for (const Fixture& f : LoadFixtures()) {
        CAPTURE(f.file);
        const json report = ComputeProactive(f.events, f.range);
        for (const char* group : {"treated", "holdout", "overall"}) {
            CAPTURE(group);
            const json& b = report[group];
            CHECK(b["churn_prevented"].get<std::int64_t>() +
                      b["churn_not_prevented"].get<std::int64_t>() +
                      b["churn_offers_pending"].get<std::int64_t>() ==
                  b["retention_offers_accepted"].get<std::int64_t>());
            CHECK(b["proactive_sent"].get<std::int64_t>() +
                      b["proactive_suppressed"].get<std::int64_t>() <=
                  b["decisions"].get<std::int64_t>());
            CHECK(b["proactive_resolved"].get<std::int64_t>() <=
                  b["proactive_sent"].get<std::int64_t>());
            CHECK(b["recommendations_clicked"].get<std::int64_t>() <=
                  b["recommendations_shown"].get<std::int64_t>());
        }
        // The groups' decisions are the overall ones, split.
        CHECK(report["treated"]["decisions"].get<std::int64_t>() +
                  report["holdout"]["decisions"].get<std::int64_t>() ==
              report["overall"]["decisions"].get<std::int64_t>());
    }
}

TEST_CASE("kpi proactive: a decision outside the range is not counted, its contacts neither") {
    // One hold-out decision the ms before the range, one treated decision at its last ms.
    const std::int64_t from = 1772409600000, to = from + 86400000;
    std::vector<Event> events;
    Event early;
    early.at = from - 1;
    early.customer_id = 1;
    early.kind = "proactive";
    early.data = {{"trigger", "win_back"},
                  {"decision", "suppressed"},
                  {"reason", "holdout"},
                  {"group", "holdout"}};
    events.push_back(early);
    Event last = early;
    last.at = to - 1;
    last.customer_id = 2;
    last.data = {{"trigger", "win_back"},
                 {"decision", "suppressed"},
                 {"reason", "cap_week"},
                 {"group", "treated"}};
    events.push_back(last);
    Event contact;
    contact.at = from + 1000;
    contact.case_id = "K1";
    contact.customer_id = 1;
    contact.kind = "case_opened";
    events.push_back(contact);
    const json report = ComputeProactive(events, {from, to});
    CHECK(report["holdout"]["decisions"] == 0);
    CHECK(report["holdout"]["contacts"] == 0);
    CHECK(report["treated"]["decisions"] == 1);
    CHECK(report["treated"]["customers"] == 1);
    SEAM_REQUIRE_OR_RETURN(report["by_day"].size() == 1);
    CHECK(report["by_day"].begin().key() == "2026-03-02");
}
