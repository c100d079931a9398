// tests/unit/policy/test_rules.cpp — the demo store's policy rules, decided as a table.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/files.hpp"
#include "seam/policy/rules.hpp"

using nlohmann::json;
using namespace seam::policy;

namespace {

const std::vector<Rule>& DemoRules() {
    static const std::vector<Rule> rules = [] {
        auto parsed = ParseRules(
            seam::testing::ReadFile(seam::testing::SourcePath("assets/policy/rules.json")));
        return parsed ? parsed.value() : std::vector<Rule>{};
    }();
    return rules;
}

}  // namespace

TEST_CASE("policy: demo rules decide actions (every rule checked and recorded)") {
    SEAM_REQUIRE_OR_RETURN(!DemoRules().empty());
    struct Case {
        const char* name;
        const char* action;
        const char* facts;
        const char* verdict;
        const char* reason_contains;
        std::size_t checks;
    };
    const std::vector<Case> cases = {
        {"y_refund_small", "issue_refund",
         R"({"verified": true, "amount": 84.50, "refunds_on_order": 0})", "allow", "", 4},
        {"y_refund_at_limit", "issue_refund",
         R"({"verified": true, "amount": 100, "refunds_on_order": 0})", "allow", "", 4},
        {"n_refund_over_limit", "issue_refund",
         R"({"verified": true, "amount": 100.01, "refunds_on_order": 0})", "review", "over 100.00",
         4},
        {"n_second_refund", "issue_refund",
         R"({"verified": true, "amount": 20, "refunds_on_order": 1})", "refuse",
         "already been refunded", 4},
        {"n_second_refund_over_limit", "issue_refund",
         R"({"verified": true, "amount": 250, "refunds_on_order": 1})", "refuse",
         "already been refunded", 4},
        {"n_refund_unverified", "issue_refund",
         R"({"verified": false, "amount": 20, "refunds_on_order": 0})", "refuse",
         "confirm it's you", 4},
        {"n_refund_amount_unknown", "issue_refund", R"({"verified": true, "refunds_on_order": 0})",
         "review", "could not be checked", 4},
        {"y_return_day_30", "create_return",
         R"({"verified": true, "days_since_delivery": 30, "final_sale": false})", "allow", "", 4},
        {"n_return_day_31", "create_return",
         R"({"verified": true, "days_since_delivery": 31, "final_sale": false})", "refuse",
         "delivered 31 days ago", 4},
        {"n_return_final_sale", "create_return",
         R"({"verified": true, "days_since_delivery": 3, "final_sale": true})", "refuse",
         "final-sale", 4},
        {"n_return_not_owner", "create_return",
         R"({"verified": true, "order_owner_matches": false, "days_since_delivery": 3, "final_sale": false})",
         "refuse", "isn't on your account", 4},
        {"y_address_before_shipment", "change_address", R"({"verified": true, "shipped": false})",
         "allow", "", 3},
        {"n_address_after_shipment", "change_address", R"({"verified": true, "shipped": true})",
         "refuse", "already shipped", 3},
        {"y_reschedule_3_days", "reschedule_delivery", R"({"verified": true, "days_ahead": 3})",
         "allow", "", 3},
        {"n_reschedule_today", "reschedule_delivery", R"({"verified": true, "days_ahead": 0})",
         "refuse", "7 days", 3},
        {"n_reschedule_8_days", "reschedule_delivery", R"({"verified": true, "days_ahead": 8})",
         "refuse", "7 days", 3},
        {"y_pause_3", "pause_subscription", R"({"verified": true, "months": 3})", "allow", "", 3},
        {"n_pause_4", "pause_subscription", R"({"verified": true, "months": 4})", "refuse",
         "1 to 3 months", 3},
        {"y_unguarded_action", "lookup_order", R"({"verified": true})", "allow", "", 2},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const Decision d = Decide(DemoRules(), c.action, json::parse(c.facts), "en");
        CHECK(std::string(VerdictName(d.verdict)) == c.verdict);
        CHECK(d.reason.find(c.reason_contains) != std::string::npos);
        CHECK(d.checks.size() == c.checks);
        CHECK(d.ToJson()["checks"].size() == c.checks);
    }
}

TEST_CASE("policy: reasons are localised") {
    const Decision d =
        Decide(DemoRules(), "create_return",
               json::parse(R"({"verified": true, "days_since_delivery": 45, "final_sale": false})"),
               "es-ES");
    CHECK(d.reason ==
          "el pedido se entregó hace 45 días y las devoluciones se aceptan en los 30 días "
          "siguientes a la entrega.");
}

TEST_CASE("policy: malformed rule files are refused with the place of the problem") {
    for (
        const char* bad :
        {"", "[]", R"({"rules": 3})", R"({"rules": [{"id": "x"}]})",
         R"({"rules": [{"id": "x", "action": "a", "require": {"var": "facts.a", "op": "~", "value": 1}}]})",
         R"({"rules": [{"id": "x", "action": "a", "require": {"var": "facts.a", "op": "==", "value": 1}, "otherwise": "maybe"}]})",
         R"({"rules": [{"id": "x", "action": "a", "require": {"var": "facts.a", "op": "exists"}},
                                          {"id": "x", "action": "b", "require": {"var": "facts.a", "op": "exists"}}]})"}) {
        CAPTURE(bad);
        const auto r = ParseRules(bad);
        CHECK(!r.ok());
        if (!r.ok()) CHECK(r.error().id == "seam.policy.rules");
    }
}
