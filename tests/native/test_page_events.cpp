// tests/native/test_page_events.cpp — POST /v1/cases/{id}/events (the widget's Seam('track')):
// a page event is kept with its case in the event log, checked with the widget's own rules
// (the table of cases is tests/unit/track/), refused for another case's token, and shown to the
// agent in the handoff, newest ten, oldest first.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "server_fixture.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

struct Session {
    std::string case_id, token;
};

Session Open(const Server& s) {
    Reply open = s.Post("/v1/sessions", {{"locale", "en"}});
    REQUIRE(open.status == 201);
    return {open.body["case"]["id"], open.body["session_token"]};
}

std::string Events(const Session& c) {
    return "/v1/cases/" + c.case_id + "/events";
}

}  // namespace

TEST_CASE("page events: recorded with the case, checked, and shown to the agent") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    const Session visitor = Open(s);

    Reply added = s.Post(Events(visitor),
                         {{"name", "add_to_bag"},
                          {"props", {{"sku", "cascade-rain-jacket"}, {"size", "M"}, {"qty", 1}}}},
                         visitor.token);
    REQUIRE(added.status == 201);
    CHECK(added.body["name"] == "add_to_bag");
    CHECK(added.body["id"].is_number_integer());
    CHECK(added.body["at"].is_number_integer());
    CHECK(s.Post(Events(visitor), {{"name", "viewed_page"}}, visitor.token).status == 201);

    // The widget's rules, re-checked: a clear 422 and nothing kept.
    Reply bad_name = s.Post(Events(visitor), {{"name", "add to bag"}}, visitor.token);
    CHECK(bad_name.status == 422);
    CHECK(bad_name.body["error"]["code"] == "seam.track.bad_name");
    Reply nested = s.Post(Events(visitor), {{"name", "x"}, {"props", {{"item", {{"sku", "A"}}}}}},
                          visitor.token);
    CHECK(nested.status == 422);
    CHECK(nested.body["error"]["code"] == "seam.track.bad_props");
    CHECK(s.Post(Events(visitor), {{"name", "x"}, {"props", {{"q", std::string(201, 'x')}}}},
                 visitor.token)
              .status == 422);
    // Another visitor's token, or none, cannot write to this case.
    const Session other = Open(s);
    CHECK(s.Post(Events(visitor), {{"name", "spoofed"}}, other.token).status == 403);
    CHECK(s.Post(Events(visitor), {{"name", "spoofed"}}, "").status == 401);
    CHECK(s.Post("/v1/cases/c_nosuchcase/events", {{"name", "x"}}, visitor.token).status >= 401);

    // More than ten: the agent sees the newest ten, oldest first.
    for (int i = 0; i < 10; ++i) {
        REQUIRE(s.Post(Events(visitor), {{"name", "step"}, {"props", {{"n", i}}}}, visitor.token)
                    .status == 201);
    }
    const std::string turns = "/v1/cases/" + visitor.case_id + "/turns";
    REQUIRE(s.Post(turns, {{"text", "I want to talk to a person"}}, visitor.token).status == 200);
    Reply routed = s.Post(turns, {{"choice", "returns"}}, visitor.token);
    REQUIRE(routed.body["status"] == "waiting_agent");
    Reply login = s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}});
    REQUIRE(login.status == 200);
    const std::string agent = login.body["token"];
    Reply queue = s.Get("/v1/handoffs", agent);
    REQUIRE(queue.status == 200);
    std::int64_t handoff = 0;
    for (const json& h : queue.body["handoffs"])
        if (h["case_id"] == visitor.case_id) handoff = h["id"];
    REQUIRE(handoff != 0);
    Reply detail = s.Get("/v1/handoffs/" + std::to_string(handoff), agent);
    REQUIRE(detail.status == 200);
    const json& seen = detail.body["page_events"];
    REQUIRE(seen.size() == 10);
    CHECK(seen.front()["name"] == "step");
    CHECK(seen.front()["props"]["n"] == 0);
    CHECK(seen.back()["props"]["n"] == 9);
    // The other visitor's case has none of them.
    const std::string other_turns = "/v1/cases/" + other.case_id + "/turns";
    REQUIRE(s.Post(other_turns, {{"text", "I want to talk to a person"}}, other.token).status ==
            200);
    REQUIRE(s.Post(other_turns, {{"choice", "billing"}}, other.token).status == 200);
    queue = s.Get("/v1/handoffs", agent);
    for (const json& h : queue.body["handoffs"]) {
        if (h["case_id"] != other.case_id) continue;
        Reply theirs = s.Get("/v1/handoffs/" + std::to_string(h["id"].get<std::int64_t>()), agent);
        CHECK(theirs.body["page_events"].empty());
    }
}
