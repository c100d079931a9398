// tests/unit/core/test_json_text.cpp — seam::DumpJson gives exactly nlohmann's compact dump with
// ill-formed UTF-8 replaced (the oracle): every escape, every class of ill-formed UTF-8, the
// number forms, fuzzed byte strings, and the project's own documents (flows, NLU, policy).
#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "../support/files.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/core/json_text.hpp"

using nlohmann::json;

namespace {

std::string Oracle(const json& v) {
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("json text: strings, escapes and UTF-8 as nlohmann writes them") {
    std::vector<std::string> strings = {
        "",
        "plain ascii",
        "quote \" backslash \\ slash /",
        "\x7f delete is not escaped",
        "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8c\xb2",   // 2, 3 and 4 bytes
        "\xed\x9f\xbf \xee\x80\x80 \xf4\x8f\xbf\xbf",  // last before surrogates, private use, max
        "\xc0\x80",                                    // overlong NUL
        "\xc1\xbf",                                    // overlong
        "\xe0\x80\x80",                                // overlong 3 bytes
        "\xed\xa0\x80",                                // surrogate
        "\xf0\x80\x80\x80",                            // overlong 4 bytes
        "\xf4\x90\x80\x80",                            // above U+10FFFF
        "\xf5\x80\x80\x80",                            // lead byte never valid
        "ab\xe2\x80",                                  // truncated at the end
        "\xe2\x80x",                                   // truncated in the middle
        "\x80 stray continuation",
        "\xff\xfe",
        "ok then \xc3",
    };
    for (int c = 0; c < 0x20; ++c)
        strings.push_back(std::string("<") + char(c) + ">");
    for (const std::string& s : strings) {
        CAPTURE(s);
        CHECK(seam::DumpJson(json(s)) == Oracle(json(s)));
        const json as_key = {{s, s}};
        CHECK(seam::DumpJson(as_key) == Oracle(as_key));
    }
}

TEST_CASE("json text: numbers, literals and nesting") {
    const json doc = {
        {"ints",
         {0, -1, 1, 42, std::numeric_limits<std::int64_t>::min(),
          std::numeric_limits<std::int64_t>::max()}},
        {"unsigned", {std::numeric_limits<std::uint64_t>::max(), std::uint64_t{7}}},
        {"floats",
         {0.0, -0.0, 1.0, 0.1, 0.9999991655349731, 1e-7, 1.5e300, -2.5e-300, 123456789.125, 1e21,
          std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}},
        {"literals", {nullptr, true, false}},
        {"empty", {{"object", json::object()}, {"array", json::array()}, {"string", ""}}},
        {"nested", {{"a", {{"b", {{"c", json::array({json::array({1}), json::object()})}}}}}}},
    };
    CHECK(seam::DumpJson(doc) == Oracle(doc));
    CHECK(seam::DumpJson(json()) == "null");
    CHECK(seam::DumpJson(json::binary({1, 2, 3})) == Oracle(json::binary({1, 2, 3})));

    std::string appended = "prefix:";
    seam::AppendJson(json{{"k", 0.25}}, appended);
    CHECK(appended == "prefix:{\"k\":0.25}");
}

TEST_CASE("json text: fuzzed byte strings, alone and inside documents") {
    seam::testing::FuzzBytes fuzz(20261130);
    for (int i = 0; i < 2000; ++i) {
        const std::string s = fuzz.Bytes(static_cast<std::size_t>(fuzz.Next() % 40));
        const json doc = {{"said", s}, {"list", {s, 1, s}}, {s, {{"x", 0.5}}}};
        CAPTURE(i);
        REQUIRE(seam::DumpJson(doc) == Oracle(doc));
    }
}

TEST_CASE("json text: the project's own documents") {
    for (const char* path : {"assets/flows/order_status.json", "assets/flows/return_refund.json",
                             "assets/policy/rules.json", "tests/track/page_events.json"}) {
        CAPTURE(path);
        bool read = false;
        const json doc = json::parse(
            seam::testing::ReadFile(seam::testing::SourcePath(path), &read), nullptr, false);
        REQUIRE(read);
        REQUIRE_FALSE(doc.is_discarded());
        CHECK(seam::DumpJson(doc) == Oracle(doc));
    }
}
