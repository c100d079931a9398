// tests/native/test_json_depth.cpp — the JSON nesting scan seamd runs on request bodies before
// any tree is built (shared/include/seam/core/json_depth.hpp; issue 17). A table: `y_` texts
// nest within the limit, `n_` texts go deeper; each is also fed one byte at a time.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "seam/core/json_depth.hpp"

namespace {

struct Case {
    const char* name;
    std::string text;
    std::size_t limit;
    bool within;
    std::size_t deepest;  // what the scan reports (checked for `within` texts)
};

std::string Nest(std::size_t depth, const std::string& open = "[", const std::string& close = "]",
                 const std::string& inner = "") {
    std::string out;
    for (std::size_t i = 0; i < depth; ++i)
        out += open;
    out += inner;
    for (std::size_t i = 0; i < depth; ++i)
        out += close;
    return out;
}

const Case kCases[] = {
    {"y_scalar", "42", 1, true, 0},
    {"y_empty_text", "", 1, true, 0},
    {"y_flat_object", R"({"a": 1, "b": [1, 2]})", 2, true, 2},
    {"y_brackets_inside_a_string_do_not_count", R"({"text": "[[[[{{{{"})", 1, true, 1},
    {"y_escaped_quote_keeps_the_string_open", R"({"t": "\"[[[[\\\"{{"})", 1, true, 1},
    {"y_escaped_backslash_then_quote_closes_it", R"(["\\", []])", 2, true, 2},
    {"y_exactly_at_the_limit", Nest(64), 64, true, 64},
    {"y_siblings_do_not_add_up", "[[],[],[[]],{}]", 3, true, 3},
    {"y_objects_as_deep_as_the_limit", Nest(10, "{\"a\":", "}", "1"), 10, true, 10},
    {"n_one_over_the_limit", Nest(65), 64, false, 0},
    {"n_ten_thousand_arrays_issue_17", Nest(10000), 64, false, 0},
    {"n_ten_thousand_objects_issue_17", Nest(10000, "{\"a\":", "}", "1"), 64, false, 0},
    {"n_unclosed_opening_brackets_only", std::string(100, '['), 64, false, 0},
    {"n_deep_after_a_closed_string", R"({"a": "x", "b": )" + Nest(70), 64, false, 0},
    {"n_stray_closers_do_not_buy_depth", "]]]]]]]]" + Nest(65), 64, false, 0},
};

}  // namespace

TEST_CASE("json depth (#17): the scan bounds nesting outside strings, whole or in pieces") {
    for (const Case& c : kCases) {
        CAPTURE(c.name);
        CHECK(seam::JsonDepthWithin(c.text, c.limit) == c.within);
        seam::JsonDepthScanner bytewise(c.limit);
        bool ok = true;
        for (char ch : c.text)
            ok = bytewise.Feed(std::string_view(&ch, 1)) && ok;
        CHECK(ok == c.within);
        CHECK(bytewise.exceeded() == !c.within);
        if (c.within) CHECK(bytewise.deepest() == c.deepest);
    }
}

TEST_CASE("json depth (#17): what the scan lets through never nests deeper for the parser") {
    // Soundness on valid texts: the parser's depth equals the scan's.
    for (const Case& c : kCases) {
        CAPTURE(c.name);
        const nlohmann::json parsed = nlohmann::json::parse(c.text, nullptr, false);
        if (parsed.is_discarded() || !c.within) continue;
        std::size_t depth = 0;
        std::function<void(const nlohmann::json&, std::size_t)> walk = [&](const nlohmann::json& j,
                                                                           std::size_t d) {
            if (!j.is_structured()) return;
            depth = std::max(depth, d + 1);
            for (const auto& child : j)
                walk(child, d + 1);
        };
        walk(parsed, 0);
        CHECK(depth == c.deepest);
    }
}
