// tests/unit/core/test_json_read.cpp — the typed JSON readers (seam/core/json_read.hpp): every
// reader on every kind of value, as a table; a wrong type or a missing field is an error naming
// the field's path, never an abort (issue 17).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "seam/core/json_read.hpp"

using nlohmann::json;
namespace jr = seam::json_read;

namespace {

// One value of each kind the readers tell apart.
const std::vector<std::pair<const char*, json>>& Values() {
    static const std::vector<std::pair<const char*, json>> kValues = {
        {"null", nullptr},
        {"true or false", true},
        {"a string", "text"},
        {"a number", 42},
        {"a number", -7},
        {"a number", 2.5},
        {"a number", json(std::uint64_t{18446744073709551615ull})},
        {"an array", json::array({1, "two"})},
        {"an object", json::object({{"k", 1}})},
    };
    return kValues;
}

}  // namespace

TEST_CASE("json_read: KindOf names every kind the way error messages do") {
    for (const auto& kind_value : Values()) {  // no structured binding: CAPTURE is a lambda
        const std::string kind = kind_value.first;
        const json& value = kind_value.second;
        CAPTURE(value.dump());
        CHECK(jr::KindOf(value) == kind);
    }
}

TEST_CASE("json_read: each reader accepts its kind and refuses every other with the path") {
    struct Reader {
        const char* name;
        const char* expected;  // in the message
        bool (*accepts)(const json&);
        bool (*reads)(const json&, std::string* message);
    };
    const Reader readers[] = {
        {"String", "expected a string", [](const json& v) { return v.is_string(); },
         [](const json& v, std::string* m) {
             auto r = jr::String(v, "a.b[2]");
             if (!r) *m = r.error().message;
             return r.ok();
         }},
        {"Bool", "expected true or false", [](const json& v) { return v.is_boolean(); },
         [](const json& v, std::string* m) {
             auto r = jr::Bool(v, "a.b[2]");
             if (!r) *m = r.error().message;
             return r.ok();
         }},
        {"Int", "",
         [](const json& v) {
             return v.is_number_integer() && v != json(std::uint64_t{18446744073709551615ull});
         },
         [](const json& v, std::string* m) {
             auto r = jr::Int(v, "a.b[2]");
             if (!r) *m = r.error().message;
             return r.ok();
         }},
        {"Number", "expected a number", [](const json& v) { return v.is_number(); },
         [](const json& v, std::string* m) {
             auto r = jr::Number(v, "a.b[2]");
             if (!r) *m = r.error().message;
             return r.ok();
         }},
        {"Object", "expected an object", [](const json& v) { return v.is_object(); },
         [](const json& v, std::string* m) {
             auto r = jr::Object(v, "a.b[2]");
             if (!r) *m = r.error().message;
             return r.ok();
         }},
        {"Array", "expected an array", [](const json& v) { return v.is_array(); },
         [](const json& v, std::string* m) {
             auto r = jr::Array(v, "a.b[2]");
             if (!r) *m = r.error().message;
             return r.ok();
         }},
    };
    for (const Reader& reader : readers) {
        for (const auto& kind_value : Values()) {
            const std::string kind = kind_value.first;
            const json& value = kind_value.second;
            CAPTURE(reader.name);
            CAPTURE(value.dump());
            std::string message;
            const bool ok = reader.reads(value, &message);
            CHECK(ok == reader.accepts(value));
            if (!ok) {
                CHECK(message.rfind("[seam.json.", 0) == 0);
                CHECK(message.find("a.b[2]: ") != std::string::npos);
                CHECK(message.find(reader.expected) != std::string::npos);
                if (std::string(reader.name) != "Int" || !value.is_number())
                    CHECK(message.find("got " + kind) != std::string::npos);
            }
        }
    }
}

TEST_CASE("json_read: the issue's message, word for word") {
    const json state = {{"history", {{"steps", json::array({"a", "b", 3})}}}};
    const json& steps = state["history"]["steps"];
    auto r = jr::String(steps[2], jr::Join(jr::Join("history", "steps"), std::size_t{2}));
    REQUIRE_FALSE(r);
    CHECK(r.error().id == "seam.json.wrong_type");
    CHECK(r.error().message ==
          "[seam.json.wrong_type] history.steps[2]: expected a string, got a number");
}

TEST_CASE(
    "json_read: fields — required, optional, missing, null, and a parent that is not an object") {
    const json body = {
        {"text", "hi"}, {"n", 3}, {"flag", true}, {"none", nullptr}, {"list", json::array()}};
    CHECK(*jr::StringField(body, "text", "text") == "hi");
    CHECK(*jr::IntField(body, "n", "n") == 3);
    CHECK(*jr::NumberField(body, "n", "n") == 3.0);
    CHECK(*jr::BoolField(body, "flag", "flag"));
    CHECK(jr::ArrayField(body, "list", "list").ok());

    auto missing = jr::StringField(body, "absent", "absent");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().id == "seam.json.missing");
    CHECK(missing.error().message == "[seam.json.missing] absent: missing (expected a string)");
    CHECK(jr::StringField(body, "none", "none").error().id == "seam.json.wrong_type");

    // Optional: absent and null give the fallback; another type is an error.
    CHECK(*jr::OptString(body, "absent", "absent", "dflt") == "dflt");
    CHECK(*jr::OptString(body, "none", "none", "dflt") == "dflt");
    CHECK(*jr::OptBool(body, "absent", "absent", true));
    CHECK(*jr::OptInt(body, "absent", "absent", 9) == 9);
    auto wrong = jr::OptBool(body, "text", "with_state");
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().message ==
          "[seam.json.wrong_type] with_state: expected true or false, got a string");

    // The parent itself of the wrong kind: the error names the parent.
    for (const json& parent : {json(5), json("x"), json::array({1}), json(nullptr)}) {
        CAPTURE(parent.dump());
        auto r = jr::StringField(parent, "step", "state.step");
        REQUIRE_FALSE(r);
        CHECK(r.error().message.find("state: expected an object") != std::string::npos);
        CHECK_FALSE(jr::OptString(parent, "step", "state.step"));
        CHECK(jr::Find(parent, "step") == nullptr);
        CHECK(jr::StringOr(parent, "step", "fallback") == "fallback");
        CHECK(jr::BoolOr(parent, "step", true));
        CHECK(jr::IntOr(parent, "step", 4) == 4);
    }
    // Lenient reads take only their own type.
    CHECK(jr::StringOr(body, "n", "f") == "f");
    CHECK(jr::IntOr(body, "text", 1) == 1);
    CHECK(jr::IntOr(body, "n", 1) == 3);
}

TEST_CASE("json_read: Int refuses fractions and numbers beyond 64 bits; Parse never aborts") {
    CHECK_FALSE(jr::Int(json(1.0), "x"));
    CHECK(jr::Int(json(std::uint64_t{18446744073709551615ull}), "x").error().id ==
          "seam.json.bad_value");
    CHECK(*jr::Int(json(std::uint64_t{7}), "x") == 7);
    CHECK(jr::Parse("{\"a\": 1").error().id == "seam.json.parse");
    CHECK(jr::Parse("").error().id == "seam.json.parse");
    CHECK(jr::Parse("[1]").ok());
    CHECK(jr::ParseObject("[1]", "body").error().message ==
          "[seam.json.wrong_type] body: expected an object, got an array");
    CHECK(jr::ParseObject("{}", "body").ok());
}
