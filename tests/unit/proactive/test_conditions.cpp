// tests/unit/proactive/test_conditions.cpp — trigger conditions and templates as data.
//
// tests/proactive/conditions/*.json: {"name", "why", "facts", "when"?, "expected": true|false,
// "explain": [...]} — `when` is parsed inside a minimal trigger file (so ParseTrigger's reading of
// conditions is what runs), then Holds and Explain are checked against the hand-written answers.
// tests/proactive/templates/*.json: {"name", "why", "facts", "template", "expected": {"text"} or
// {"error": "<id>"}} for Render.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "fixtures.hpp"
#include "seam/proactive/trigger.hpp"

using nlohmann::json;
using namespace seam::proactive;

namespace {

//! A trigger file around `when` (absent when null), parsed.
bool ParseWhen(const json& when, Condition& out) {
    json doc = {{"id", "fixture"},
                {"on", {{"event", "order.delayed"}}},
                {"object", "order.number"},
                {"message", {{"en", "x"}, {"es", "x"}}},
                {"opens", {{"flow", "parcel_delayed"}}},
                {"channels", {"widget"}}};
    if (!when.is_null()) doc["when"] = when;
    Trigger t;
    std::vector<seam::flow::Diagnostic> diagnostics;
    const bool ok = ParseTrigger(doc.dump(), "fixture.json", t, diagnostics);
    for (const seam::flow::Diagnostic& d : diagnostics)
        FAIL_CHECK(d.ToString());
    out = t.when;
    return ok;
}

}  // namespace

TEST_CASE("proactive: condition fixtures hold (or not) and explain themselves as written") {
    const std::vector<std::string> names = seam::testing::JsonFiles("tests/proactive/conditions");
    CHECK(names.size() >= 20);  // the listing found the fixtures
    for (const std::string& file : names) {
        CAPTURE(file);
        const json f = seam::testing::ReadJson("tests/proactive/conditions/" + file);
        if (!f.is_object()) {
            FAIL_CHECK("not a JSON object");
            continue;
        }
        CHECK(f.value("why", std::string()).size() > 0);
        CHECK(f.value("name", std::string()) + ".json" == file);
        CHECK((file.compare(0, 2, "y_") == 0) == (f.value("expected", false) == true));
        Condition when;
        if (!ParseWhen(f.contains("when") ? f["when"] : json(), when)) continue;
        const json facts = f.value("facts", json::object());
        CHECK(Holds(when, facts) == f.value("expected", false));
        if (f.contains("explain")) {
            const std::vector<std::string> lines = Explain(when, facts);
            CHECK(json(lines) == f["explain"]);
        }
    }
}

TEST_CASE("proactive: template fixtures render, or fail with their error id") {
    const std::vector<std::string> names = seam::testing::JsonFiles("tests/proactive/templates");
    CHECK(names.size() >= 8);
    for (const std::string& file : names) {
        CAPTURE(file);
        const json f = seam::testing::ReadJson("tests/proactive/templates/" + file);
        if (!f.is_object() || !f.contains("expected") || !f.contains("template")) {
            FAIL_CHECK("not a template fixture");
            continue;
        }
        CHECK(f.value("why", std::string()).size() > 0);
        const json& expected = f["expected"];
        const seam::Result<std::string> r =
            Render(f["template"].get<std::string>(), f.value("facts", json::object()));
        if (expected.contains("error")) {
            CHECK(!r);
            if (!r) {
                CHECK(r.error().id == expected["error"].get<std::string>());
                CHECK(r.error().message.rfind("[" + r.error().id + "] ", 0) == 0);
            }
        } else {
            if (!r) {
                FAIL_CHECK(r.error().message);
                continue;
            }
            CHECK(*r == expected.value("text", std::string()));
        }
    }
}

TEST_CASE("proactive: Fact reads nested and flat names, and nothing else") {
    const json facts = json::parse(R"({"order": {"number": "LW-104233", "carrier": null,
        "lines": [1, 2]}, "cart.items_count": 2, "customer": 7})");
    SEAM_REQUIRE_OR_RETURN(Fact(facts, "order.number") != nullptr);
    CHECK(*Fact(facts, "order.number") == "LW-104233");
    CHECK(Fact(facts, "order.carrier") == nullptr);        // null is missing
    CHECK(Fact(facts, "order.number.length") == nullptr);  // through a string
    CHECK(Fact(facts, "customer.id") == nullptr);          // through a number
    CHECK(Fact(facts, "order.lines.0") == nullptr);        // no indexing into arrays
    CHECK(Fact(facts, "") == nullptr);
    CHECK(Fact(facts, "order.") == nullptr);
    SEAM_REQUIRE_OR_RETURN(Fact(facts, "cart.items_count") != nullptr);  // flat key
    CHECK(*Fact(facts, "cart.items_count") == 2);
    CHECK(Fact(json::array(), "order.number") == nullptr);    // facts that are not an object
    SEAM_REQUIRE_OR_RETURN(Fact(facts, "order") != nullptr);  // a namespace is a value too
    CHECK(Fact(facts, "order")->is_object());
}

TEST_CASE("proactive: a hand-built condition with odd shapes never crashes") {
    const json facts = {{"order", {{"days_late", 2}}}};
    Condition empty_not;
    empty_not.kind = Condition::Kind::kNot;
    CHECK(!Holds(empty_not, facts));
    Condition empty_any;
    empty_any.kind = Condition::Kind::kAny;
    CHECK(!Holds(empty_any, facts));
    CHECK(Holds(Condition{}, facts));  // an empty all: always
    Condition in_not_array;
    in_not_array.kind = Condition::Kind::kTest;
    in_not_array.fact = "order.days_late";
    in_not_array.op = "in";
    in_not_array.value = 2;
    CHECK(!Holds(in_not_array, facts));
    Condition exists_not_bool = in_not_array;
    exists_not_bool.op = "exists";
    CHECK(!Holds(exists_not_bool, facts));
    CHECK(Explain(exists_not_bool, facts) ==
          std::vector<std::string>{"order.days_late exists 2: 2 -> false"});

    // A fact that is not UTF-8 (straight from a host's database) is explained, not a crash.
    Condition carrier;
    carrier.kind = Condition::Kind::kTest;
    carrier.fact = "order.carrier";
    carrier.op = "eq";
    carrier.value = "DHL";
    CHECK(Explain(carrier, {{"order", {{"carrier", "D\xffL"}}}}) ==
          std::vector<std::string>{"order.carrier eq \"DHL\": \"D\xef\xbf\xbdL\" -> false"});
}
