// tests/unit/console/test_json_rewrite.cpp — JSON written as an edit of its old text: what did
// not change keeps its bytes, what changed is rewritten where it is, new parts take their
// neighbours' separators.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "seam/console/json_rewrite.hpp"

using seam::console::JsonRewriter;
using seam::console::SpacedJson;
using ojson = nlohmann::ordered_json;

namespace {

// Hand formatting like the flow files': some objects on one line, lists one item per line.
const char* const kText = R"({
  "flow": "demo",
  "slots": {"a": {"type": "text"}, "b": {"type": "email", "optional": true}},
  "steps": [
    {"id": "one", "kind": "message",
     "say": {"en": "Hello", "es": "Hola"}, "next": "two"},
    {"id": "two", "kind": "end", "outcome": "resolved"},
    {"id": "three", "kind": "end", "outcome": "resolved"}
  ],
  "n": 1.50
}
)";

}  // namespace

TEST_CASE("json_rewrite: an unchanged value is its old text, byte for byte") {
    JsonRewriter w(kText);
    REQUIRE(w.original().is_object());
    CHECK(w.Write(w.original()) == kText);
}

TEST_CASE("json_rewrite: a changed word changes only its line") {
    JsonRewriter w(kText);
    ojson doc = w.original();
    doc["steps"][0]["say"]["es"] = "Buenas";
    const std::string expected =
        std::string(kText).replace(std::string(kText).find("\"Hola\""), 6, "\"Buenas\"");
    CHECK(w.Write(doc) == expected);
}

TEST_CASE("json_rewrite: members removed and added keep the object's separators") {
    JsonRewriter w(kText);
    ojson doc = w.original();
    doc["slots"]["b"].erase("optional");
    doc["slots"]["a"]["prefill"] = false;
    doc["steps"][0].erase("next");
    const std::string out = w.Write(doc);
    CHECK(out.find(
              R"("slots": {"a": {"type": "text", "prefill": false}, "b": {"type": "email"}},)") !=
          std::string::npos);
    CHECK(out.find(R"("say": {"en": "Hello", "es": "Hola"}},)") != std::string::npos);
    CHECK(out.find("\"n\": 1.50") != std::string::npos);  // untouched numbers keep their spelling
    CHECK(ojson::parse(out) == doc);
}

TEST_CASE("json_rewrite: an element inserted into a list one per line gets its own line") {
    JsonRewriter w(kText);
    ojson doc = w.original();
    ojson step = ojson::object();
    step["id"] = "four";
    step["kind"] = "end";
    doc["steps"].push_back(step);
    const std::string out = w.Write(doc);
    CHECK(
        out.find("\"outcome\": \"resolved\"},\n    {\"id\": \"four\", \"kind\": \"end\"}\n  ],") !=
        std::string::npos);
    CHECK(ojson::parse(out) == doc);

    // Removing the middle step drops it with the separator before it; the others are untouched.
    doc = w.original();
    doc["steps"].erase(1);
    const std::string removed = w.Write(doc);
    CHECK(removed.find("{\"id\": \"two\"") == std::string::npos);
    CHECK(removed.find("\"next\": \"two\"},\n    {\"id\": \"three\"") != std::string::npos);
    CHECK(ojson::parse(removed) == doc);
}

TEST_CASE("json_rewrite: an edited element between unchanged ones is edited in place") {
    JsonRewriter w(kText);
    ojson doc = w.original();
    doc["steps"].erase(0);                 // one step gone...
    doc["steps"][0]["say"] = "Bye";        // ...and the next one edited: still step "two", not
    const std::string out = w.Write(doc);  // step "one" rewritten into it
    CHECK(out.find("[\n    {\"id\": \"two\", \"kind\": \"end\", \"outcome\": \"resolved\", "
                   "\"say\": \"Bye\"},") != std::string::npos);
    CHECK(ojson::parse(out) == doc);
}

TEST_CASE("json_rewrite: reordered keys, type changes and any text stay correct JSON") {
    JsonRewriter w(kText);
    ojson doc = ojson::object();
    doc["n"] = ojson::array({1, 2});
    doc["flow"] = "demo";
    CHECK(ojson::parse(w.Write(doc)) == doc);
    doc = ojson::array({"x"});
    CHECK(w.Write(doc) == "[\"x\"]\n");

    JsonRewriter broken("{not json");
    CHECK(broken.original().is_discarded());
    CHECK(broken.Write(doc) == "[\"x\"]\n");

    // Duplicate keys: nlohmann keeps one, the text has two; written fresh, still right.
    JsonRewriter dup(R"({"a": 1, "a": 2, "b": [3]})");
    ojson d = dup.original();
    d["b"].push_back(4);
    CHECK(ojson::parse(dup.Write(d)) == d);
}

TEST_CASE("json_rewrite: SpacedJson is one line in the flow files' style") {
    ojson v = ojson::object();
    v["id"] = "ñandú";
    v["list"] = ojson::array({1, "two", nullptr});
    v["empty"] = ojson::object();
    CHECK(SpacedJson(v) == R"({"id": "ñandú", "list": [1, "two", null], "empty": {}})");
}
