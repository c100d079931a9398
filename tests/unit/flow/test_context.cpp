// tests/unit/flow/test_context.cpp — conditions, templates and phrasing choice, as tables.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "seam/flow/context.hpp"

using nlohmann::json;
using seam::flow::EvaluateCondition;
using seam::flow::Lookup;
using seam::flow::RenderTemplate;

namespace {

const json& Context() {
    static const json c = json::parse(R"({
        "slot": {"order_number": "LW-104233", "refund_amount": 84.5, "reason": "too_small",
                 "items": 2, "confirmed": true},
        "customer": {"first_name": "Ana", "tier": "plus", "verified": true},
        "result": {"shipped": false, "order": {"status": "packed", "days_since_delivery": 12},
                   "dates": ["2026-11-02", "2026-11-03"]},
        "context": {"channel": "widget", "locale": "es-MX"}
    })");
    return c;
}

}  // namespace

TEST_CASE("flow context: lookups by dotted path") {
    CHECK(Lookup(Context(), "slot.order_number") == "LW-104233");
    CHECK(Lookup(Context(), "result.order.status") == "packed");
    CHECK(Lookup(Context(), "slot.nothing").is_null());
    CHECK(Lookup(Context(), "slot.order_number.deeper").is_null());
    CHECK(Lookup(Context(), "nowhere.at.all").is_null());
    CHECK(Lookup(Context(), "").is_null());
    // List items by index.
    CHECK(Lookup(Context(), "result.dates.1") == "2026-11-03");
    CHECK(Lookup(Context(), "result.dates.2").is_null());
    CHECK(Lookup(Context(), "result.dates.x").is_null());
    CHECK(Lookup(Context(), "result.dates.-1").is_null());
    CHECK(Lookup(Context(), "result.dates.99999").is_null());
}

TEST_CASE("flow context: conditions (y_ true, n_ false)") {
    struct Case {
        const char* name;
        const char* condition;
        bool expected;
    };
    const std::vector<Case> cases = {
        {"y_eq_string", R"({"var": "slot.reason", "op": "==", "value": "too_small"})", true},
        {"n_eq_string", R"({"var": "slot.reason", "op": "==", "value": "defective"})", false},
        {"y_ne", R"({"var": "slot.reason", "op": "!=", "value": "defective"})", true},
        {"y_le_money", R"({"var": "slot.refund_amount", "op": "<=", "value": 100})", true},
        {"n_gt_money", R"({"var": "slot.refund_amount", "op": ">", "value": 100})", false},
        {"y_int_eq_float", R"({"var": "slot.items", "op": "==", "value": 2.0})", true},
        {"y_lt_nested", R"({"var": "result.order.days_since_delivery", "op": "<", "value": 30})",
         true},
        {"y_bool", R"({"var": "result.shipped", "op": "==", "value": false})", true},
        {"y_in", R"({"var": "customer.tier", "op": "in", "value": ["plus", "vip"]})", true},
        {"n_in", R"({"var": "customer.tier", "op": "in", "value": ["vip"]})", false},
        {"y_not_in", R"({"var": "slot.reason", "op": "not_in", "value": ["final_sale"]})", true},
        {"y_exists", R"({"var": "slot.order_number", "op": "exists"})", true},
        {"y_missing", R"({"var": "slot.email", "op": "missing"})", true},
        {"n_missing_lt", R"({"var": "slot.email", "op": "<", "value": 5})", false},
        {"y_missing_eq_null", R"({"var": "slot.email", "op": "==", "value": null})", true},
        {"y_missing_not_in", R"({"var": "slot.email", "op": "not_in", "value": ["a"]})", true},
        {"y_string_order", R"({"var": "context.channel", "op": ">", "value": "email"})", true},
        {"y_all", R"({"all": [{"var": "customer.verified", "op": "==", "value": true},
                              {"var": "slot.refund_amount", "op": "<=", "value": 100}]})",
         true},
        {"n_all", R"({"all": [{"var": "customer.verified", "op": "==", "value": true},
                              {"var": "slot.refund_amount", "op": ">", "value": 100}]})",
         false},
        {"y_any", R"({"any": [{"var": "slot.reason", "op": "==", "value": "x"},
                              {"var": "slot.items", "op": ">=", "value": 2}]})",
         true},
        {"y_not", R"({"not": {"var": "result.shipped", "op": "==", "value": true}})", true},
        {"n_nested", R"({"not": {"any": [{"var": "slot.confirmed", "op": "==", "value": true}]}})",
         false},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const auto r = EvaluateCondition(json::parse(c.condition), Context());
        SEAM_CHECK_OR_BREAK(r.ok());
        CHECK(*r == c.expected);
    }
}

TEST_CASE("flow context: malformed conditions are errors, not crashes") {
    for (const char* bad :
         {R"([])", R"({})", R"({"var": "slot.items"})", R"({"op": "=="})",
          R"({"var": "slot.items", "op": "<"})", R"({"var": "slot.items", "op": "in", "value": 2})",
          R"({"var": "slot.reason", "op": "<", "value": 3})", R"({"all": 3})", R"({"not": 5})"}) {
        CAPTURE(bad);
        const auto r = EvaluateCondition(json::parse(bad), Context());
        CHECK(!r.ok());
        if (!r.ok()) CHECK(r.error().id == "seam.flow.bad_condition");
    }
}

TEST_CASE("flow context: templates") {
    struct Case {
        const char* text;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"Hi {{customer.first_name}}!", "Hi Ana!"},
        {"Order {{ slot.order_number }} is {{result.order.status}}.", "Order LW-104233 is packed."},
        {"Refund of {{slot.refund_amount}} USD", "Refund of 84.5 USD"},
        {"{{slot.items}} items", "2 items"},
        {"Hi {{customer.nickname}}, welcome", "Hi, welcome"},
        {"like .com or .es", "like .com or .es"},
        {"Thanks {{customer.nickname}}.", "Thanks."},
        {"Shipped: {{result.shipped}}", "Shipped: no"},
        {"No placeholders", "No placeholders"},
        {"Unclosed {{slot.order_number", "Unclosed {{slot.order_number"},
        {"", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        CHECK(RenderTemplate(c.text, Context()) == c.expected);
    }
}

TEST_CASE("flow context: phrasing by language, deterministic by seed") {
    seam::flow::Text t;
    t.by_lang["en"] = {"Which order?", "What's the order number?"};
    t.by_lang["es"] = {"¿Qué pedido?"};
    CHECK(seam::flow::PickPhrasing(t, "en", 0) == "Which order?");
    CHECK(seam::flow::PickPhrasing(t, "en", 1) == "What's the order number?");
    CHECK(seam::flow::PickPhrasing(t, "en-GB", 2) == "Which order?");
    CHECK(seam::flow::PickPhrasing(t, "es-MX", 7) == "¿Qué pedido?");
    CHECK(seam::flow::PickPhrasing(t, "fr", 1) == "What's the order number?");  // falls back to en
    CHECK(seam::flow::PickPhrasing(seam::flow::Text{}, "en", 3).empty());
}
