// tests/unit/nlu/test_dataset.cpp — JSON Lines datasets: good files parse, bad ones say where.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "seam/nlu/dataset.hpp"
#include "seam/nlu/evaluate.hpp"

using namespace seam::nlu;

TEST_CASE("dataset: JSON Lines parse; blank lines, CRLF and extra keys are fine") {
    const std::string content =
        "{\"text\": \"where is my order\", \"intent\": \"order_status\"}\r\n"
        "\n"
        "{\"intent\": \"greeting\", \"text\": \"hola\", \"lang\": \"es\"}\n";
    auto r = ParseJsonLines(content, "demo.jsonl");
    SEAM_REQUIRE_OR_RETURN(r.ok());
    SEAM_REQUIRE_OR_RETURN(r->size() == 2);
    CHECK((*r)[0].text == "where is my order");
    CHECK((*r)[1].intent == "greeting");
    CHECK(IntentLabels(*r) == std::vector<std::string>{"greeting", "order_status"});
    CHECK(ParseJsonLines("", "empty.jsonl")->empty());
}

TEST_CASE("dataset: errors name the file, the line and what is wrong") {
    struct Bad {
        const char* content;
        const char* id;
        const char* where;
    };
    const std::vector<Bad> cases = {
        {"{\"text\": \"a\", \"intent\": \"x\"}\n{oops}\n", "seam.dataset.json", "f.jsonl:2:"},
        {"[1, 2]\n", "seam.dataset.json", "f.jsonl:1:"},
        {"{\"intent\": \"x\"}\n", "seam.dataset.field", "f.jsonl:1:"},
        {"{\"text\": \"a\"}\n", "seam.dataset.field", "f.jsonl:1:"},
        {"{\"text\": \"a\", \"intent\": \"\"}\n", "seam.dataset.field", "f.jsonl:1:"},
        {"{\"text\": 5, \"intent\": \"x\"}\n", "seam.dataset.field", "f.jsonl:1:"},
        {"\n\n{\"text\": \"\xFF\", \"intent\": \"x\"}\n", "seam.dataset.utf8", "f.jsonl:3:"},
    };
    for (const Bad& b : cases) {
        CAPTURE(b.content);
        auto r = ParseJsonLines(b.content, "f.jsonl");
        SEAM_REQUIRE_OR_RETURN(!r.ok());
        CHECK(r.error().id == b.id);
        CHECK(r.error().message.find(b.where) != std::string::npos);
    }
}

TEST_CASE("evaluate: accuracy, macro-F1 and the out-of-scope metrics") {
    const std::vector<Example> gold = {
        {"a", "x"}, {"b", "x"}, {"c", "y"}, {"d", "oos"}, {"e", "oos"}};
    const std::vector<std::string> pred = {"x", "y", "y", "oos", "x"};
    const EvalReport r = Evaluate(gold, pred);
    CHECK(r.examples == 5);
    CHECK(r.accuracy == doctest::Approx(0.6));
    CHECK(r.has_oos);
    CHECK(r.in_scope_accuracy == doctest::Approx(2.0 / 3));
    CHECK(r.oos_recall == doctest::Approx(0.5));
    CHECK(r.oos_precision == doctest::Approx(1.0));
    // F1: x = 2/(2+1+1) = 0.5 (b missed, e wrongly x), y = 2/(2+1+0), oos = 2/(2+0+1)
    CHECK(r.macro_f1 == doctest::Approx((0.5 + 2.0 / 3 + 2.0 / 3) / 3));
    CHECK(!Evaluate({{"a", "x"}}, {"x"}).has_oos);
    CHECK(Evaluate({}, {}).examples == 0);
}
