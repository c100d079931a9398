// tests/native/test_handoff_etag.cpp — GET /v1/handoffs is conditional (issue 7): every answer
// carries a weak ETag of the queue, If-None-Match with it gets 304 and no body while nothing
// changed (time passing is not a change), and a new handoff or a claim changes it.
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server_fixture.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

//! A customer who asks for a person and is routed to `topic`'s queue: one new handoff.
void Escalate(const Server& s, const std::string& topic) {
    Reply open = s.Post("/v1/sessions", {{"locale", "en"}});
    REQUIRE(open.status == 201);
    const std::string token = open.body["session_token"];
    const std::string path = "/v1/cases/" + open.body["case"]["id"].get<std::string>() + "/turns";
    REQUIRE(s.Post(path, {{"text", "I want to talk to a person"}}, token).status == 200);
    Reply routed = s.Post(path, {{"choice", topic}}, token);
    REQUIRE(routed.status == 200);
    REQUIRE(routed.body["status"] == "waiting_agent");
}

//! maya's agent token.
std::string AgentToken(const Server& s) {
    Reply login = s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}});
    REQUIRE(login.status == 200);
    return login.body["token"];
}

std::string Header(const Reply& r, const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? "" : it->second;
}

Reply GetIfNoneMatch(const Server& s, const std::string& path, const std::string& token,
                     const std::string& etag) {
    return s.Send("GET", path, nullptr, token, {{"If-None-Match", etag}});
}

}  // namespace

TEST_CASE("handoffs: the queue has an ETag, a repeat gets 304, a change a new ETag (issue 7)") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Escalate(s, "billing");
    const std::string agent = AgentToken(s);

    Reply first = s.Get("/v1/handoffs", agent);
    REQUIRE(first.status == 200);
    REQUIRE(first.body["handoffs"].size() >= 1);
    CHECK(first.body["now"].is_number_integer());
    const std::string etag = Header(first, "ETag");
    CHECK(etag.rfind("W/\"", 0) == 0);
    CHECK(etag.size() > 4);

    // Unchanged: 304, no body, the same ETag; also once time has passed (waiting_seconds moved,
    // which the ETag leaves out).
    Reply same = GetIfNoneMatch(s, "/v1/handoffs", agent, etag);
    CHECK(same.status == 304);
    CHECK((same.body.is_null() || same.body == ""));
    CHECK(Header(same, "ETag") == etag);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(GetIfNoneMatch(s, "/v1/handoffs", agent, etag).status == 304);
    // Weak comparison: the strong form of the tag, a list, and * match too; another tag does not.
    CHECK(GetIfNoneMatch(s, "/v1/handoffs", agent, etag.substr(2)).status == 304);
    CHECK(GetIfNoneMatch(s, "/v1/handoffs", agent, "W/\"other\", " + etag).status == 304);
    CHECK(GetIfNoneMatch(s, "/v1/handoffs", agent, "*").status == 304);
    Reply other = GetIfNoneMatch(s, "/v1/handoffs", agent, "W/\"other\"");
    CHECK(other.status == 200);
    CHECK(Header(other, "ETag") == etag);  // the same queue, answered in full
    // A filter is another list with its own ETag.
    Reply returns = s.Get("/v1/handoffs?skill=returns", agent);
    REQUIRE(returns.status == 200);
    CHECK(Header(returns, "ETag") != etag);
    // The token is checked before the ETag: no 304 for a customer.
    Reply customer = s.Post("/v1/sessions", {{"locale", "en"}});
    CHECK(GetIfNoneMatch(s, "/v1/handoffs", customer.body["session_token"], etag).status == 403);

    // A new handoff changes the queue.
    Escalate(s, "returns");
    Reply grown = GetIfNoneMatch(s, "/v1/handoffs", agent, etag);
    REQUIRE(grown.status == 200);
    CHECK(grown.body["handoffs"].size() == first.body["handoffs"].size() + 1);
    const std::string grown_etag = Header(grown, "ETag");
    CHECK(grown_etag != etag);
    CHECK(GetIfNoneMatch(s, "/v1/handoffs", agent, grown_etag).status == 304);

    // So does a claim.
    const std::int64_t id = grown.body["handoffs"][0]["id"];
    REQUIRE(s.Post("/v1/handoffs/" + std::to_string(id) + "/claim", json::object(), agent).status ==
            200);
    Reply claimed = GetIfNoneMatch(s, "/v1/handoffs", agent, grown_etag);
    REQUIRE(claimed.status == 200);
    const std::string claimed_etag = Header(claimed, "ETag");
    CHECK(claimed_etag != grown_etag);
    CHECK(claimed_etag != etag);
    bool seen = false;
    for (const json& h : claimed.body["handoffs"]) {
        if (h["id"] != id) continue;
        seen = true;
        CHECK(h["status"] == "claimed");
        CHECK(h["agent"] == "maya");
    }
    CHECK(seen);
    // And the resolution (it leaves the open queue).
    REQUIRE(
        s.Post("/v1/handoffs/" + std::to_string(id) + "/resolve", {{"outcome", "resolved"}}, agent)
            .status == 200);
    Reply resolved = GetIfNoneMatch(s, "/v1/handoffs", agent, claimed_etag);
    REQUIRE(resolved.status == 200);
    CHECK(Header(resolved, "ETag") != claimed_etag);
    CHECK(resolved.body["handoffs"].size() == claimed.body["handoffs"].size() - 1);
}

TEST_CASE("handoffs: one handoff's answer has an ETag; 304 until a reply changes it") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Escalate(s, "billing");
    const std::string agent = AgentToken(s);
    const std::int64_t id = s.Get("/v1/handoffs", agent).body["handoffs"][0]["id"];
    const std::string path = "/v1/handoffs/" + std::to_string(id);

    Reply first = s.Get(path, agent);
    REQUIRE(first.status == 200);
    const std::string etag = Header(first, "ETag");
    CHECK(etag.rfind("W/\"h", 0) == 0);
    Reply same = GetIfNoneMatch(s, path, agent, etag);
    CHECK(same.status == 304);
    CHECK(Header(same, "ETag") == etag);

    REQUIRE(s.Post(path + "/claim", json::object(), agent).status == 200);
    REQUIRE(s.Post(path + "/reply", {{"text", "Hi Ana, I'm on it."}}, agent).status == 201);
    Reply changed = GetIfNoneMatch(s, path, agent, etag);
    CHECK(changed.status == 200);
    CHECK(Header(changed, "ETag") != etag);
    CHECK(changed.body["messages"].back()["text"] == "Hi Ana, I'm on it.");
}
