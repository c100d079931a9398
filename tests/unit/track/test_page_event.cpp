// tests/unit/track/test_page_event.cpp — the page event rules, seamd's side: every row of
// tests/track/page_events.json (y_ accepted and described as expected, n_ refused with the
// expected error id). tests/widget/track.test.mjs runs the same rows through the widget's copy.
#include <doctest/doctest.h>

#include <string>

#include "../support/files.hpp"
#include "seam/track/page_event.hpp"

using nlohmann::json;
using seam::track::ValidatePageEvent;

TEST_CASE("page events: the rules, row by row (tests/track/page_events.json)") {
    bool read = false;
    const json doc = json::parse(
        seam::testing::ReadFile(seam::testing::SourcePath("tests/track/page_events.json"), &read),
        nullptr, false);
    REQUIRE(read);
    REQUIRE(doc["rows"].size() >= 20);
    for (const json& row : doc["rows"]) {
        const std::string name = row["name"];
        CAPTURE(name);
        const json& event = row["event"];
        auto checked = ValidatePageEvent(event.value("name", json()), event.value("props", json()));
        if (name[0] == 'y') {
            REQUIRE(checked);
            CHECK(seam::track::Describe(*checked) == row["expected"].get<std::string>());
        } else {
            REQUIRE_FALSE(checked);
            CHECK(checked.error().id == row["expected"].get<std::string>());
            CHECK(checked.error().message.size() > checked.error().id.size() + 10);
        }
    }
}

TEST_CASE("page events: text that is not UTF-8 is refused") {
    const json props = {{"q", std::string("\xff\xfe", 2)}};  // JSON text cannot carry this
    CHECK(ValidatePageEvent("search", props).error().id == "seam.track.bad_props");
}
