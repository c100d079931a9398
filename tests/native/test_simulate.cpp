// tests/native/test_simulate.cpp — issue 18 (part 7): `seam simulate`. A small simulation (7 days,
// 150 customers) run twice with one seed gives the same report byte for byte; the hold-out group
// (the service's own) is never sent a message while the treated group is; every KPI the command
// prints is there. The behaviour file is read by total functions: a table of must-accept (y_) and
// must-reject (n_) documents, each rejection naming its JSON pointer.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "../unit/support/files.hpp"
#include "simulate/behaviour.hpp"
#include "simulate/simulator.hpp"

using nlohmann::json;

namespace {

json ShippedBehaviour() {
    bool ok = false;
    const std::string text =
        seam::testing::ReadFile(seam::testing::SourcePath("assets/simulate/behaviour.json"), &ok);
    REQUIRE(ok);
    json doc = json::parse(text, nullptr, false);
    REQUIRE(doc.is_object());
    return doc;
}

seam::simulate::Options Small(std::uint64_t seed) {
    seam::simulate::Options o;
    o.days = 7;
    o.customers = 150;
    o.seed = seed;
    o.start = seam::Date{2026, 10, 5};
    o.assets = seam::testing::SourcePath("assets");
    return o;
}

}  // namespace

TEST_CASE("simulate: the same seed gives the same report; the hold-out group is never sent one") {
    auto behaviour = seam::simulate::ParseBehaviour(ShippedBehaviour());
    REQUIRE_MESSAGE(behaviour.ok(), behaviour.error().message);
    auto first = seam::simulate::Run(Small(7), *behaviour);
    REQUIRE_MESSAGE(first.ok(), first.error().message);
    auto second = seam::simulate::Run(Small(7), *behaviour);
    REQUIRE_MESSAGE(second.ok(), second.error().message);
    CHECK(first->kpis.dump() == second->kpis.dump());
    CHECK(first->activity.dump() == second->activity.dump());

    const json& treated = first->kpis["treated"];
    const json& holdout = first->kpis["holdout"];
    for (const char* key : {"contacts_per_100", "proactive_resolution_rate", "churn_prevented",
                            "revenue_per_automated_conversation", "recommendation_take_rate",
                            "customers", "proactive_sent", "contacts"}) {
        CHECK_MESSAGE(treated.contains(key), key);
        CHECK_MESSAGE(holdout.contains(key), key);
    }
    CHECK(treated["proactive_sent"].get<int>() > 0);
    CHECK(holdout["decisions"].get<int>() > 0);  // the rule was met, not merely never tried
    CHECK(holdout["proactive_sent"] == 0);
    CHECK(holdout["suppressed_by_reason"]["holdout"] == holdout["decisions"]);
    // The simulation did something for the KPIs to read.
    CHECK(first->activity["all"]["orders"].get<int>() > 0);
    CHECK(first->activity["all"]["conversations"].get<int>() > 0);
    CHECK(first->activity["holdout"].value("messages_sent", 0) == 0);

    // Another seed is another shop and other customers: another report.
    auto other = seam::simulate::Run(Small(8), *behaviour);
    REQUIRE_MESSAGE(other.ok(), other.error().message);
    CHECK(other->kpis.dump() != first->kpis.dump());
}

TEST_CASE("simulate: the behaviour file is checked, each problem named by its pointer") {
    struct Case {
        const char* name;
        const char* pointer;  // a JSON pointer into the shipped file
        json value;           // what goes there (null: the key is removed)
        const char* error;    // "" = accepted; else a part of the message
    };
    const Case cases[] = {
        {"y_the_shipped_file", "", nullptr, ""},
        {"y_a_certain_event", "/shop/parcel_late/value", 1.0, ""},
        {"y_an_event_that_never_happens", "/shop/parcel_exception/value", 0, ""},
        {"n_a_probability_over_one", "/shop/parcel_late/value", 1.5,
         "/shop/parcel_late/value: a probability"},
        {"n_a_probability_as_text", "/reply/probability/win_back/value", "0.1",
         "/reply/probability/win_back/value: a probability"},
        {"n_a_number_without_its_reason", "/shop/parcel_late/why", nullptr,
         "/shop/parcel_late/why: every number needs its reason"},
        {"n_an_empty_reason", "/agents/resolve_hours/why", "",
         "/agents/resolve_hours/why: every number needs its reason"},
        {"n_a_bare_number", "/shop/order_cancelled", 0.02,
         "/shop/order_cancelled: expected {\"value\""},
        {"n_a_typo_in_a_key", "/shop/parcel_lates", json({{"value", 0.1}, {"why", "typo"}}),
         "/shop/parcel_lates: unknown key"},
        {"n_a_missing_leaf", "/subscriptions/payment_fails", nullptr,
         "/subscriptions/payment_fails: missing"},
        {"n_a_range_upside_down", "/contact/delay_hours/value", json({{"min", 5}, {"max", 1}}),
         "/contact/delay_hours/value: 0 <= min <= max"},
        {"n_weights_adding_up_to_nothing", "/conversation/csat/value", json({{"1", 0}, {"5", 0}}),
         "/conversation/csat/value: the weights add up to 0"},
        {"n_a_star_that_is_not_one", "/conversation/rating_happy/value", json({{"6", 1}}),
         "/conversation/rating_happy/value/6: not one of"},
        {"n_a_negative_weight", "/contact/intents/wismo/value", json({{"order_status", -1}}),
         "/contact/intents/wismo/value/order_status: a weight"},
        {"n_max_turns_of_zero", "/conversation/max_turns/value", 0,
         "/conversation/max_turns/value: a whole number from 1"},
        {"n_a_choice_not_naming_a_slot", "/conversation/choices/remedy",
         json({{"value", {{"wait", 1}}}, {"why", "no flow"}}), "name a flow's slot"},
        {"n_an_unknown_problem_kind", "/contact/probability/lost_keys",
         json({{"value", 0.1}, {"why", "not a problem the simulation has"}}),
         "/contact/probability/lost_keys: unknown key"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        json doc = ShippedBehaviour();
        if (*c.pointer) {
            const json::json_pointer at(c.pointer);
            if (c.value.is_null()) {
                doc[at.parent_pointer()].erase(at.back());
            } else {
                doc[at] = c.value;
            }
        }
        auto parsed = seam::simulate::ParseBehaviour(doc);
        if (!*c.error) {
            CHECK_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
            continue;
        }
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().id == "seam.simulate.behaviour");
        CHECK_MESSAGE(parsed.error().message.find(c.error) != std::string::npos,
                      parsed.error().message);
    }
}

TEST_CASE("simulate: a behaviour that names what the assets do not have is refused before a run") {
    const struct {
        const char* name;
        const char* pointer;
        json value;
        const char* error;
    } cases[] = {
        {"n_a_flow_that_is_not_there", "/conversation/choices/teleport.where",
         json({{"value", {{"moon", 1}}}, {"why", "no such flow"}}), "no flow teleport"},
        {"n_a_slot_the_flow_has_not", "/conversation/choices/parcel_delayed.colour",
         json({{"value", {{"red", 1}}}, {"why", "no such slot"}}), "has no slot colour"},
        {"n_a_value_the_slot_has_not", "/conversation/choices/parcel_delayed.remedy/value",
         json({{"teleport", 1}}), "not a value of slot remedy"},
        {"n_an_intent_without_examples", "/contact/intents/wismo/value",
         json({{"order_teleport", 1}}), "intent \"order_teleport\" has no en examples"},
        {"n_a_trigger_that_is_not_there", "/reply/probability/birthday",
         json({{"value", 0.5}, {"why", "no such trigger"}}), "no such trigger"},
        {"n_a_trigger_without_a_reply_chance", "/reply/probability/win_back", nullptr,
         "trigger \"win_back\" has no probability"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        json doc = ShippedBehaviour();
        const json::json_pointer at(c.pointer);
        if (c.value.is_null()) {
            doc[at.parent_pointer()].erase(at.back());
        } else {
            doc[at] = c.value;
        }
        auto parsed = seam::simulate::ParseBehaviour(doc);
        REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
        seam::simulate::Options o = Small(1);
        o.days = 1;
        o.customers = 5;
        auto run = seam::simulate::Run(o, *parsed);
        REQUIRE_FALSE(run.ok());
        CHECK(run.error().id == "seam.simulate.assets");
        CHECK_MESSAGE(run.error().message.find(c.error) != std::string::npos, run.error().message);
    }
}
