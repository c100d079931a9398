// tests/native/test_openapi.cpp — the OpenAPI document and the server's route table agree,
// both ways: every registered route is documented, every documented operation is registered.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "api/routes.hpp"

namespace {
nlohmann::json LoadOpenApi() {
    std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/assets/schema/openapi.json");
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str(), nullptr, false);
}
std::string Lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
}  // namespace

TEST_CASE("openapi: the document is OpenAPI 3 and parses") {
    const nlohmann::json doc = LoadOpenApi();
    REQUIRE_FALSE(doc.is_discarded());
    CHECK(doc["openapi"].get<std::string>().rfind("3.", 0) == 0);
    CHECK(doc["paths"].is_object());
}

TEST_CASE("openapi: every registered route is documented and every documented one registered") {
    const nlohmann::json doc = LoadOpenApi();
    REQUIRE_FALSE(doc.is_discarded());
    std::set<std::string> registered, documented;
    for (const seam::api::RouteInfo& r : seam::api::Routes()) {
        registered.insert(Lower(r.method) + " " + r.path);
    }
    for (const auto& [path, item] : doc["paths"].items()) {
        for (const auto& [method, op] : item.items())
            documented.insert(method + " " + path);
    }
    for (const std::string& r : registered) {
        INFO("registered but not in openapi.json: " << r);
        CHECK(documented.count(r) == 1);
    }
    for (const std::string& d : documented) {
        INFO("in openapi.json but not registered: " << d);
        CHECK(registered.count(d) == 1);
    }
}

TEST_CASE("openapi: every operation documents its responses, and errors use the Error schema") {
    const nlohmann::json doc = LoadOpenApi();
    REQUIRE_FALSE(doc.is_discarded());
    for (const auto& [path, item] : doc["paths"].items()) {
        for (const auto& [method, op] : item.items()) {
            INFO(method << " " << path);
            CHECK(op.contains("operationId"));
            REQUIRE(op.contains("responses"));
            for (const auto& [status, response] : op["responses"].items()) {
                if (status[0] == '4' || status[0] == '5') {
                    CHECK(response["content"]["application/json"]["schema"]["$ref"] ==
                          "#/components/schemas/Error");
                }
            }
        }
    }
}
