// tests/unit/content/test_files.cpp — content paths: what each kind of file is called, and the
// paths that are refused (y_ must be accepted, n_ must be refused, with the reason's words).
#include <doctest/doctest.h>

#include <string>

#include "seam/content/files.hpp"

using seam::content::Kind;

TEST_CASE("content paths: each kind, and every refusal with its reason") {
    const struct {
        const char* path;
        bool ok;
        Kind kind;
        const char* why;  // words the reason must contain (refusals)
    } cases[] = {
        {"flows/order_status.json", true, Kind::kFlow, ""},
        {"flows/kb-fallback2.json", true, Kind::kFlow, ""},
        {"flows/tests/order_status/shipped_order_is_tracked.conv", true, Kind::kFlowTest, ""},
        {"kb/en/returns-policy.md", true, Kind::kArticle, ""},
        {"kb/es/returns-policy.md", true, Kind::kArticle, ""},
        {"proactive/parcel_delayed.json", true, Kind::kTrigger, ""},
        {"replies/return_label_resent.json", true, Kind::kReply, ""},
        {"flows/actions.json", false, Kind::kFlow, "action registry"},
        {"flows/../policy/rules.json", false, Kind::kFlow, "'..'"},
        {"flows/Order.json", false, Kind::kFlow, "not a valid name"},
        {"flows/_x.json", false, Kind::kFlow, "not a valid name"},
        {"flows/-x.json", false, Kind::kFlow, "not a valid name"},
        {"flows/.json", false, Kind::kFlow, "not a valid name"},
        {"flows/x.yaml", false, Kind::kFlow, "must end in .json"},
        {"flows/a b.json", false, Kind::kFlow, "not a valid name"},
        {"flows/tests/order_status/x.json", false, Kind::kFlow, "must end in .conv"},
        {"flows/tests/Order/x.conv", false, Kind::kFlow, "not a valid flow id"},
        {"flows/tests/x.conv", false, Kind::kFlow, "content path is"},
        {"kb/fr/returns.md", false, Kind::kFlow, "not a language"},
        {"kb/en/returns.txt", false, Kind::kFlow, "must end in .md"},
        {"kb/returns.md", false, Kind::kFlow, "content path is"},
        {"nlu/en.jsonl", false, Kind::kFlow, "content path is"},
        {"policy/rules.json", false, Kind::kFlow, "content path is"},
        {"/flows/order_status.json", false, Kind::kFlow, "content path is"},
        {"flows//order_status.json", false, Kind::kFlow, "content path is"},
        {"replies/sub/x.json", false, Kind::kFlow, "content path is"},
        {"", false, Kind::kFlow, "empty path"},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.path));
        Kind kind = Kind::kReply;
        std::string why;
        CHECK(seam::content::KindOf(c.path, kind, &why) == c.ok);
        if (c.ok) {
            CHECK(kind == c.kind);
        } else {
            CHECK(why.find(c.why) != std::string::npos);
        }
    }
}

TEST_CASE("content names: [a-z0-9_-], 1..64, starting with a letter or digit") {
    CHECK(seam::content::ValidName("a"));
    CHECK(seam::content::ValidName("3-day_returns"));
    CHECK(seam::content::ValidName(std::string(64, 'x')));
    CHECK_FALSE(seam::content::ValidName(std::string(65, 'x')));
    CHECK_FALSE(seam::content::ValidName(""));
    CHECK_FALSE(seam::content::ValidName("_a"));
    CHECK_FALSE(seam::content::ValidName("a.b"));
    CHECK_FALSE(seam::content::ValidName("caf\xc3\xa9"));
    CHECK_FALSE(seam::content::ValidName(std::string("a\0b", 3)));
}

TEST_CASE("content: a test's flow, a flow's file, kind names and Select") {
    CHECK(seam::content::FlowOfTest("flows/tests/order_status/x.conv") == "order_status");
    CHECK(seam::content::FlowOfTest("flows/order_status.json").empty());
    CHECK(seam::content::FlowOfTest("flows/tests/../x.conv").empty());
    CHECK(seam::content::FlowPath("order_status") == "flows/order_status.json");
    CHECK(std::string(seam::content::KindName(Kind::kFlowTest)) == "flow_test");
    CHECK(std::string(seam::content::KindName(Kind::kReply)) == "reply");

    const seam::content::Files all = {{"flows/a.json", "{}"},
                                      {"flows/actions.json", "{}"},
                                      {"nlu/en.jsonl", ""},
                                      {"kb/en/a.md", ""},
                                      {"schema/flow.schema.json", "{}"}};
    const seam::content::Files picked = seam::content::Select(all);
    REQUIRE(picked.size() == 2);
    CHECK(picked.count("flows/a.json") == 1);
    CHECK(picked.count("kb/en/a.md") == 1);
}
