// tests/unit/console/test_api_session.cpp — the console's API client (answers into results,
// errors as seamd wrote them, 401 ends the session), the login, and the shared formats.
#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "fake_transport.hpp"
#include "seam/console/api.hpp"
#include "seam/console/format.hpp"
#include "seam/console/session.hpp"

using seam::console::Api;
using seam::console::ApiResult;
using seam::console::HttpResponse;
using seam::console::Session;
using seam::console::testing::FakeTransport;

TEST_CASE("console api: answers become results") {
    struct Case {
        int status;
        const char* body;
        const char* transport_error;
        bool ok;
        const char* code;
        const char* message_part;
    };
    const Case cases[] = {
        {200, R"({"a":1})", "", true, "", ""},
        {201, R"({"id":"x"})", "", true, "", ""},
        {204, "", "", true, "", ""},
        {200, "not json", "", false, "seam.console.json", "not JSON"},
        {409, R"({"error":{"code":"seam.cases.conflict","message":"[seam.cases.conflict] stale"}})",
         "", false, "seam.cases.conflict", "stale"},
        {500, "<html>oops</html>", "", false, "seam.console.http_500", "HTTP 500"},
        {404, R"({"error":{}})", "", false, "seam.console.http_404", "HTTP 404"},
        {0, "", "connection refused", false, "seam.console.network", "connection refused"},
        {0, "", "", false, "seam.console.network", "could not be reached"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.status);
        CAPTURE(c.body);
        HttpResponse response;
        response.status = c.status;
        response.body = c.body;
        response.transport_error = c.transport_error;
        const ApiResult r = Api::Interpret(response);
        CHECK(r.ok == c.ok);
        CHECK(r.status == c.status);
        CHECK(r.code == c.code);
        CHECK(r.message.find(c.message_part) != std::string::npos);
    }
}

TEST_CASE("console api: a 304 is an unchanged success with no body, and the ETag is kept") {
    HttpResponse unchanged;
    unchanged.status = 304;
    unchanged.etag = "W/\"q1\"";
    const ApiResult r = Api::Interpret(unchanged);
    CHECK(r.ok);
    CHECK(r.not_modified);
    CHECK(r.status == 304);
    CHECK(r.body.is_null());
    CHECK(r.code.empty());
    CHECK(r.etag == "W/\"q1\"");

    HttpResponse fresh;
    fresh.status = 200;
    fresh.body = R"({"handoffs":[]})";
    fresh.etag = "W/\"q2\"";
    const ApiResult f = Api::Interpret(fresh);
    CHECK(f.ok);
    CHECK_FALSE(f.not_modified);
    CHECK(f.etag == "W/\"q2\"");
}

TEST_CASE("console api: a conditional GET sends If-None-Match; a plain one does not") {
    FakeTransport t;
    Api api(t);
    api.Get("/v1/handoffs", nullptr);
    api.Get("/v1/handoffs", nullptr, "W/\"q1\"");
    REQUIRE(t.sent.size() == 2);
    CHECK(t.sent[0].request.if_none_match.empty());
    CHECK(t.sent[1].request.if_none_match == "W/\"q1\"");
}

TEST_CASE("console api: requests carry the token, callbacks run once from Pump") {
    FakeTransport t;
    Api api(t);
    api.SetToken("tok");
    int calls = 0;
    ApiResult seen;
    api.Post("/v1/handoffs/7/reply", {{"text", "Hello \"Ana\""}}, [&](const ApiResult& r) {
        ++calls;
        seen = r;
    });
    REQUIRE(t.sent.size() == 1);
    CHECK(t.sent[0].request.method == "POST");
    CHECK(t.sent[0].request.token == "tok");
    CHECK(nlohmann::json::parse(t.sent[0].request.body)["text"] == "Hello \"Ana\"");
    CHECK(api.in_flight() == 1);
    CHECK(api.Pump() == 0);  // nothing answered yet
    REQUIRE(t.Answer("POST /v1/handoffs/7/reply", 201, R"({"id":3})"));
    CHECK(api.Pump() == 1);
    CHECK(calls == 1);
    CHECK(seen.ok);
    CHECK(seen.body["id"] == 3);
    CHECK(api.Pump() == 0);
    CHECK(api.in_flight() == 0);
}

TEST_CASE("console api: cancelled requests drop their answers") {
    FakeTransport t;
    Api api(t);
    int calls = 0;
    api.Get("/v1/handoffs", [&](const ApiResult&) { ++calls; });
    api.CancelAll();
    REQUIRE(t.Answer("GET /v1/handoffs", 200, R"({"handoffs":[]})"));
    CHECK(api.Pump() == 0);
    CHECK(calls == 0);
}

TEST_CASE("console session: login, a wrong secret, and a 401 later") {
    FakeTransport t;
    Api api(t);
    Session session(api);
    CHECK(session.state() == Session::State::kLoggedOut);

    session.Login("", "x");  // refused without a request
    CHECK(t.sent.empty());
    CHECK_FALSE(session.message().empty());

    session.Login("maya", "wrong");
    CHECK(session.state() == Session::State::kLoggingIn);
    REQUIRE(t.Answer(
        "POST /v1/agents/login", 401,
        R"({"error":{"code":"seam.service.bad_credentials","message":"[seam.service.bad_credentials] unknown agent or wrong secret"}})"));
    api.Pump();
    CHECK(session.state() == Session::State::kLoggedOut);
    CHECK(session.message().find("do not match") != std::string::npos);

    const int generation = session.generation();
    session.Login("maya", "maya-demo-secret");
    const auto* sent = t.Last("POST /v1/agents/login");
    REQUIRE(sent);
    CHECK(nlohmann::json::parse(sent->request.body)["secret"] == "maya-demo-secret");
    REQUIRE(t.Answer(
        "POST /v1/agents/login", 200,
        R"({"token":"T1","expires_at":1700000000,"agent":{"login":"maya","name":"Maya Okafor","role":"admin","skills":["returns","billing"]}})"));
    api.Pump();
    REQUIRE(session.logged_in());
    CHECK(session.generation() == generation + 1);
    CHECK(session.agent().name == "Maya Okafor");
    CHECK(session.agent().admin());
    CHECK(session.agent().skills.size() == 2);
    CHECK(api.token() == "T1");

    // Any later 401 (expired token) ends the session and says so.
    api.Get("/v1/handoffs", nullptr);
    REQUIRE(t.Answer("GET /v1/handoffs", 401,
                     R"({"error":{"code":"seam.api.unauthorized","message":"expired"}})"));
    api.Pump();
    CHECK(session.state() == Session::State::kLoggedOut);
    CHECK(api.token().empty());
    CHECK(session.message().find("expired") != std::string::npos);
}

TEST_CASE("console session: seamd unreachable is said in words") {
    FakeTransport t;
    Api api(t);
    Session session(api);
    session.Login("maya", "s");
    REQUIRE(t.Fail("POST /v1/agents/login", "seamd at http://127.0.0.1:9 could not be reached"));
    api.Pump();
    CHECK(session.state() == Session::State::kLoggedOut);
    CHECK(session.message().find("could not be reached") != std::string::npos);
}

TEST_CASE("console format: durations, money, ratios, times") {
    using namespace seam::console;
    CHECK(FormatDuration(-3) == "0s");
    CHECK(FormatDuration(45) == "45s");
    CHECK(FormatDuration(245) == "4m 05s");
    CHECK(FormatDuration(7320) == "2h 02m");
    CHECK(FormatDuration(200000) == "2d 07h");
    CHECK(FormatMoney(1234.5) == "$1,234.50");
    CHECK(FormatMoney(0.07, "EUR") ==
          "\xE2\x82\xAC"
          "0.07");
    CHECK(FormatMoney(-12, "GBP") ==
          "-\xC2\xA3"
          "12.00");
    CHECK(FormatMoney(1000000, "CHF") == "1,000,000.00 CHF");
    CHECK(FormatPercent(nullptr) == "n/a");
    CHECK(FormatPercent("x") == "n/a");
    CHECK(FormatPercent(0.875) == "87.5%");
    CHECK(FormatPercent(0) == "0.0%");
    CHECK(FormatPercent(1) == "100.0%");
    CHECK(FormatTimestamp(0) == "1970-01-01 00:00 UTC");
    CHECK(FormatTimestamp(1795356180000LL) == "2026-11-22 14:03 UTC");
    CHECK(FormatAgo(0, 30000) == "just now");
    CHECK(FormatAgo(0, 180000) == "3m ago");
    CHECK(FormatAgo(0, 7200000) == "2h ago");
    CHECK(FormatAgo(0, 5 * 86400000LL) == "5d ago");
}

// Issue 17: the sign-in form shows the demo's public credentials only when seamd says it runs
// with --demo (GET /healthz "demo": true); a production seamd, or none, shows nothing.
TEST_CASE("console session: issue 17 — demo mode comes from seamd, once") {
    for (const auto& [body, demo] :
         {std::pair<const char*, bool>{R"({"status":"ok","demo":true})", true},
          {R"({"status":"ok","demo":false})", false},
          {R"({"status":"ok"})", false}}) {
        FakeTransport t;
        Api api(t);
        Session session(api);
        CHECK_FALSE(session.server_mode_asked());
        session.AskServerMode();
        session.AskServerMode();  // once
        CHECK(session.server_mode_asked());
        REQUIRE(t.Answer("GET /healthz", 200, body));
        CHECK_FALSE(t.Answer("GET /healthz", 200, body));
        CHECK_FALSE(session.demo());  // not before the answer is pumped
        api.Pump();
        CHECK(session.demo() == demo);
    }
    FakeTransport t;
    Api api(t);
    Session session(api);
    session.AskServerMode();
    REQUIRE(t.Fail("GET /healthz", "seamd could not be reached"));
    api.Pump();
    CHECK_FALSE(session.demo());
}
