// tests/unit/console/test_desk.cpp — the agent desk's model (seam/console/desk.hpp) through a
// scripted transport: queue parsing, sorting and filters, waiting time against its target,
// refresh timing, conditional refreshes (ETag, 304, waiting time from seamd's clock), claim /
// reply / resolve with their errors, the handoff payload unpacked, the suggested replies, and
// the reset at login and logout. Tables of cases where the behaviour is a function of data.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "fake_transport.hpp"
#include "seam/console/desk.hpp"

using nlohmann::json;
using namespace seam::console;
using seam::console::testing::FakeTransport;

namespace {

// [SECTION] Fixtures

//! A queue row as seamd sends it (native/service/desk.cpp, Service::Queue).
json Row(std::int64_t id, const std::string& customer, const std::string& priority, double waiting,
         double value, const std::string& status = "queued", const std::string& agent = "",
         const std::string& skill = "billing") {
    return {{"id", id},
            {"case_id", "c_" + std::to_string(id)},
            {"created_at", 1796031698633 - static_cast<std::int64_t>(waiting * 1000)},
            {"waiting_seconds", waiting},
            {"skill", skill},
            {"priority", priority},
            {"score", 100},
            {"status", status},
            {"agent", agent},
            {"customer", customer},
            {"customer_value", value},
            {"intent", "return_refund"},
            {"reason", "customer_request"},
            {"summary", customer + " wants a refund"}};
}

//! A handoff as GET /v1/handoffs/{id} answers (shape copied from a real seamd answer).
json Handoff(std::int64_t id, const std::string& status = "queued", const std::string& agent = "") {
    json h = json::parse(R"({
      "id": 0, "case_id": "c_ao63k5soq5psakrx", "created_at": 1796031698633, "skill": "returns",
      "status": "queued", "agent": "", "outcome": "", "note": "",
      "payload": {
        "version": 1, "reason": "customer_request", "queue": "returns", "priority": "high",
        "session": "c_ao63k5soq5psakrx", "flow": "talk_to_human", "step": "to_returns",
        "interrupted": {"flow": "return_refund", "step": "ask_reason"},
        "customer": {"id": "demo-ana", "first_name": "Ana", "email": "ana@example.com",
                     "verified": true, "verified_by": "identity_token"},
        "intents": [{"intent": "return_refund", "confidence": 0.91, "ambiguous": false},
                    {"intent": "talk_to_human", "confidence": 0.99, "ambiguous": false}],
        "slots": [{"slot": "order_number", "value": "LW-104233", "source": "first_message",
                   "text": "order LW-104233", "validated_as": "order_number"},
                  {"slot": "quantity", "value": 2, "source": "asked"}],
        "actions": [{"name": "lookup_order", "params": {"order_number": "LW-104233"},
                     "outcome": "ok", "result": {"status": "shipped"}},
                    {"name": "start_return", "params": {"order_number": "LW-104233", "reason": "damaged"},
                     "outcome": "refused",
                     "result": {"reason": "The return window closed 30 days after delivery.",
                                "decision": {"verdict": "refuse", "checks": [
                                  {"rule": "return_window", "description": "within 30 days",
                                   "passed": false, "detail": "42 days since delivery"},
                                  {"rule": "verified", "description": "customer verified",
                                   "passed": true, "detail": ""}]}}},
                    {"name": "refund", "params": {}, "outcome": null}],
        "remaining_steps": [{"id": "ask_reason", "kind": "ask", "slot": "return_reason"},
                            {"id": "do_return", "kind": "action", "action": "start_return"},
                            {"id": "done", "kind": "end"}],
        "transcript": [{"from": "customer", "text": "I want to return order LW-104233"},
                       {"from": "seam", "text": "Why are you returning it?"},
                       {"from": "customer", "text": "talk to a human"}],
        "summary": "Ana (verified) wants return_refund; order_number = LW-104233. Handed off: customer_request."
      },
      "messages": [
        {"id": 4042, "at": 1796031698413, "channel": "widget", "sender": "customer", "text": "I want to return order LW-104233"},
        {"id": 4043, "at": 1796031698414, "channel": "widget", "sender": "bot", "text": "Why are you returning it?"}
      ],
      "channels": [{"channel": "widget", "address": "", "first_at": 1796031695521, "last_at": 1796031708139}],
      "page_events": [{"at": 1796031690000, "name": "add_to_bag", "props": {"sku": "cascade-rain-jacket", "size": "M"}},
                      {"at": 1796031691000, "name": "viewed_orders", "props": {}}, {"at": 1, "name": ""}],
      "case": {"id": "c_ao63k5soq5psakrx", "status": "waiting_agent", "version": 6, "intent": "return_refund"},
      "customer": {"id": "demo-ana", "first_name": "Ana", "last_name": "Lima", "email": "ana@example.com",
                   "phone": "+15035550101", "locale": "en", "country": "US", "currency": "USD",
                   "lifetime_value": 1021.9},
      "orders": [{"number": "LW-104233", "placed_on": "2026-11-27", "status": "shipped", "currency": "USD",
                  "total": 189.0, "carrier": "UPS", "tracking_url": "https://ups.example/1Z",
                  "expected_on": "2026-12-02", "delivered_on": "", "items": "Rain Jacket x1"}],
      "past_cases": [{"id": "c_old", "status": "resolved", "intent": "order_status",
                      "created_at": 1795000000000, "outcome": "resolved"}]
    })",
                         nullptr, false);
    h["id"] = id;
    h["status"] = status;
    h["agent"] = agent;
    return h;
}

//! The desk with its plumbing, logged in as maya (an agent with billing and returns skills).
struct Rig {
    FakeTransport transport;
    Api api{transport};
    Session session{api};
    Desk desk{api, session};
    std::int64_t now = 1000000;

    explicit Rig(bool login = true, const std::string& role = "agent") {
        if (login) LogIn(role);
    }
    void LogIn(const std::string& role = "agent") {
        session.Login("maya", "maya-demo-secret");
        transport.Answer("POST /v1/agents/login", 200,
                         json{{"token", "t-maya"},
                              {"expires_at", 99999},
                              {"agent",
                               {{"login", "maya"},
                                {"name", "Maya Patel"},
                                {"role", role},
                                {"skills", {"billing", "returns"}}}}}
                             .dump());
        api.Pump();
    }
    //! One frame: answers land, then the desk updates, `ms` later than the last frame.
    void Frame(std::int64_t ms = 16) {
        api.Pump();
        now += ms;
        desk.Update(now);
    }
    //! FakeTransport answers by prefix, and "GET /v1/handoffs" is also the prefix of a
    //! handoff's detail: the detail requests are hidden while the oldest queue request is
    //! answered (or failed, when `status` is 0).
    bool AnswerQueueRaw(int status, const std::string& body, const std::string& etag = "") {
        std::vector<FakeTransport::Sent*> hidden;
        for (auto& s : transport.sent) {
            if (!s.answered && IsDetail(s.request)) {
                s.answered = true;
                hidden.push_back(&s);
            }
        }
        const bool found = status == 0 ? transport.Fail("GET /v1/handoffs", body)
                                       : transport.Answer("GET /v1/handoffs", status, body, etag);
        for (auto* s : hidden)
            s->answered = false;
        Frame();
        return found;
    }
    bool AnswerQueue(const json& rows) {
        return AnswerQueueRaw(200, json{{"handoffs", rows}}.dump());
    }
    static bool IsDetail(const HttpRequest& r) {
        return r.method == "GET" && r.path.rfind("/v1/handoffs/", 0) == 0;
    }
    //! Queue requests sent so far.
    int SentQueue() const {
        int n = 0;
        for (const auto& s : transport.sent)
            if (s.request.method == "GET" && s.request.path.rfind("/v1/handoffs", 0) == 0 &&
                !IsDetail(s.request))
                ++n;
        return n;
    }
    bool AnswerDetail(const json& handoff) {
        const bool found = transport.Answer(
            "GET /v1/handoffs/" + std::to_string(handoff["id"].get<std::int64_t>()), 200,
            handoff.dump());
        Frame();
        return found;
    }
    //! Loads a one-row queue and the handoff's detail; the desk selects it by itself.
    void LoadOne(const std::string& status = "queued", const std::string& agent = "") {
        Frame();
        AnswerQueue(json::array({Row(7, "Ana Lima", "high", 30, 1021.9, status, agent)}));
        AnswerDetail(Handoff(7, status, agent));
    }
    int Sent(const std::string& prefix) const {
        int n = 0;
        for (const auto& s : transport.sent)
            if ((s.request.method + " " + s.request.path).rfind(prefix, 0) == 0) ++n;
        return n;
    }
};

//! seamd's error answer.
std::string Err(const std::string& code, const std::string& message) {
    return json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

std::vector<std::int64_t> Ids(const std::vector<QueueRow>& rows) {
    std::vector<std::int64_t> ids;
    for (const QueueRow& r : rows)
        ids.push_back(r.id);
    return ids;
}

bool HasLabel(const std::vector<Suggestion>& list, const std::string& label) {
    for (const Suggestion& s : list)
        if (s.label == label) return true;
    return false;
}

std::string AllText(const std::vector<Suggestion>& list) {
    std::string all;
    for (const Suggestion& s : list)
        all += s.label + ": " + s.text + "\n";
    return all;
}

}  // namespace

// [SECTION] Waiting targets

TEST_CASE("desk: waiting time against the target of its priority") {
    struct Case {
        const char* priority;
        double waiting;
        int target;
        WaitStatus status;
    };
    const Case cases[] = {
        {"urgent", 0, 120, WaitStatus::kWithin},     {"urgent", 89, 120, WaitStatus::kWithin},
        {"urgent", 90, 120, WaitStatus::kNear},      {"urgent", 120, 120, WaitStatus::kOver},
        {"high", 224, 300, WaitStatus::kWithin},     {"high", 225, 300, WaitStatus::kNear},
        {"high", 301, 300, WaitStatus::kOver},       {"normal", 600, 900, WaitStatus::kWithin},
        {"normal", 700, 900, WaitStatus::kNear},     {"normal", 900, 900, WaitStatus::kOver},
        {"low", 2699, 3600, WaitStatus::kWithin},    {"low", 2700, 3600, WaitStatus::kNear},
        {"low", 7200, 3600, WaitStatus::kOver},      {"", 900, 900, WaitStatus::kOver},
        {"whenever", 100, 900, WaitStatus::kWithin},
    };
    for (const Case& c : cases) {
        const std::string priority_text = c.priority;
        CAPTURE(priority_text);
        CAPTURE(c.waiting);
        CHECK(WaitTargetSeconds(c.priority) == c.target);
        CHECK(WaitStatusFor(c.waiting, c.priority) == c.status);
    }
    CHECK(PriorityRank("urgent") > PriorityRank("high"));
    CHECK(PriorityRank("high") > PriorityRank("normal"));
    CHECK(PriorityRank("normal") > PriorityRank("low"));
    CHECK(PriorityRank("???") == PriorityRank("normal"));
}

TEST_CASE("desk: a row's waiting time grows between refreshes") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array({Row(1, "Ana", "urgent", 60, 10)}));
    SEAM_REQUIRE_OR_RETURN(rig.desk.rows().size() == 1);
    const QueueRow& row = rig.desk.rows()[0];
    CHECK(rig.desk.WaitingSeconds(row) == doctest::Approx(60.0).epsilon(0.01));
    CHECK(rig.desk.WaitStatusOf(row) == WaitStatus::kWithin);
    rig.desk.Update(rig.now + 30000);  // no answer since: 30 s later
    CHECK(rig.desk.WaitingSeconds(rig.desk.rows()[0]) == doctest::Approx(90.0).epsilon(0.01));
    CHECK(rig.desk.WaitStatusOf(rig.desk.rows()[0]) == WaitStatus::kNear);
    rig.desk.Update(rig.now + 60000);
    CHECK(rig.desk.WaitStatusOf(rig.desk.rows()[0]) == WaitStatus::kOver);
}

// [SECTION] Unchanged queues (issue 7: an idle queue of 500 rows cost a frame its parse)

namespace {
//! seamd's clock in the answers below; Row() puts created_at `waiting` seconds before it.
constexpr std::int64_t kServerNow = 1796031698633;

//! seamd's answer to GET /v1/handoffs: the rows and its clock.
std::string Queue(const json& rows) {
    return json{{"handoffs", rows}, {"now", kServerNow}}.dump();
}
}  // namespace

TEST_CASE("desk: an unchanged queue comes back 304 and keeps its rows (issue 7)") {
    Rig rig;
    rig.Frame();
    const json rows = json::array({Row(1, "Ana", "high", 30, 10), Row(2, "Ben", "low", 5, 20)});
    CHECK(rig.transport.Last("GET /v1/handoffs")->request.if_none_match.empty());
    rig.AnswerQueueRaw(200, Queue(rows), "W/\"q-one\"");
    CHECK(rig.desk.queue_etag() == "W/\"q-one\"");
    CHECK(Ids(rig.desk.rows()) == std::vector<std::int64_t>{1, 2});

    // The next refresh is conditional; seamd says nothing changed.
    rig.Frame(Desk::kQueueRefreshMs);
    const auto* sent = rig.transport.Last("GET /v1/handoffs");
    SEAM_REQUIRE_OR_RETURN(sent != nullptr);
    CHECK(sent->request.path == "/v1/handoffs");
    CHECK(sent->request.if_none_match == "W/\"q-one\"");
    rig.AnswerQueueRaw(304, "");
    CHECK(rig.desk.queue_unchanged() == 1);
    CHECK(rig.desk.queue_error().empty());
    CHECK(rig.desk.queue_loaded());
    CHECK_FALSE(rig.desk.queue_loading());
    CHECK(Ids(rig.desk.rows()) == std::vector<std::int64_t>{1, 2});
    CHECK(rig.desk.queue_etag() == "W/\"q-one\"");

    // The period counts from the 304 too: no request before the next 3 s.
    const int after = rig.SentQueue();
    rig.Frame(1000);
    CHECK(rig.SentQueue() == after);
    rig.Frame(Desk::kQueueRefreshMs);
    CHECK(rig.SentQueue() == after + 1);

    // A changed queue comes in full with a new ETag, which the next refresh sends.
    rig.AnswerQueueRaw(200, Queue(json::array({Row(3, "Cleo", "urgent", 1, 5)})), "W/\"q-two\"");
    CHECK(Ids(rig.desk.rows()) == std::vector<std::int64_t>{3});
    CHECK(rig.desk.queue_etag() == "W/\"q-two\"");
    rig.Frame(Desk::kQueueRefreshMs);
    CHECK(rig.transport.Last("GET /v1/handoffs")->request.if_none_match == "W/\"q-two\"");
}

TEST_CASE("desk: an ETag is sent only for the filter it came with, and is dropped at logout") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueueRaw(200, Queue(json::array()), "W/\"q-all\"");
    QueueFilter f;
    f.status = "resolved";
    rig.desk.SetFilter(f);
    rig.Frame();
    const auto* sent = rig.transport.Last("GET /v1/handoffs");
    SEAM_REQUIRE_OR_RETURN(sent != nullptr);
    CHECK(sent->request.path == "/v1/handoffs?status=resolved");
    CHECK(sent->request.if_none_match.empty());  // another path: ask in full

    // An answer without an ETag (an older seamd) leaves the refreshes unconditional.
    rig.transport.Answer("GET /v1/handoffs?status=resolved", 200,
                         json{{"handoffs", json::array()}}.dump());
    rig.Frame();
    CHECK(rig.desk.queue_etag().empty());
    rig.Frame(Desk::kQueueRefreshMs);
    CHECK(rig.transport.Last("GET /v1/handoffs")->request.if_none_match.empty());

    rig.session.Logout();
    rig.Frame();
    CHECK(rig.desk.queue_etag().empty());
    CHECK(rig.desk.queue_unchanged() == 0);
}

TEST_CASE("desk: the shown case's detail is refreshed conditionally and kept on 304") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array({Row(7, "Ana Lima", "high", 30, 1021.9)}));
    const auto* first = rig.transport.Last("GET /v1/handoffs/7");
    SEAM_REQUIRE_OR_RETURN(first != nullptr);
    CHECK(first->request.if_none_match.empty());
    rig.transport.Answer("GET /v1/handoffs/7", 200, Handoff(7).dump(), "W/\"h-one\"");
    rig.Frame();
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);

    // Two seconds on: the refresh names what the desk holds; seamd says it is unchanged.
    rig.Frame(Desk::kDetailRefreshMs);
    CHECK(rig.Sent("GET /v1/handoffs/7") == 2);
    const auto* again = rig.transport.Last("GET /v1/handoffs/7");
    SEAM_REQUIRE_OR_RETURN(again != nullptr);
    CHECK(again->request.if_none_match == "W/\"h-one\"");
    rig.transport.Answer("GET /v1/handoffs/7", 304, "");
    rig.Frame();
    CHECK(rig.desk.detail_unchanged() == 1);
    CHECK(rig.desk.detail_error().empty());
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->id == 7);

    // Another case, then back: what was held for 7 is gone, so 7 is asked for in full.
    rig.desk.Select(8);
    rig.Frame();
    rig.desk.Select(7);
    rig.Frame();
    const auto* fresh = rig.transport.Last("GET /v1/handoffs/7");
    SEAM_REQUIRE_OR_RETURN(fresh != nullptr);
    CHECK(fresh->request.if_none_match.empty());
}

TEST_CASE("desk: a 304 the desk did not ask for is not trusted: it asks again in full") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueueRaw(304, "");  // the first request carried no ETag
    CHECK_FALSE(rig.desk.queue_loaded());
    CHECK(rig.desk.queue_unchanged() == 0);
    rig.Frame();
    CHECK(rig.SentQueue() == 2);
    CHECK(rig.transport.Last("GET /v1/handoffs")->request.if_none_match.empty());
}

TEST_CASE("desk: waiting time comes from created_at and seamd's clock, and grows across 304s") {
    Rig rig;
    rig.Frame();
    // Row() says 12 s, but created_at is 60 s before seamd's "now": created_at wins, the
    // figure in the row is only a fallback.
    json row = Row(1, "Ana", "urgent", 60, 10);
    row["waiting_seconds"] = 12;
    rig.AnswerQueueRaw(200, Queue(json::array({row})), "W/\"q\"");
    SEAM_REQUIRE_OR_RETURN(rig.desk.rows().size() == 1);
    // The answer landed one frame ago: 16 ms have passed since.
    CHECK(rig.desk.WaitingSeconds(rig.desk.rows()[0]) == doctest::Approx(60.016));
    CHECK(rig.desk.WaitStatusOf(rig.desk.rows()[0]) == WaitStatus::kWithin);
    for (int i = 0; i < 10; ++i) {  // 30 s of unchanged refreshes
        rig.Frame(Desk::kQueueRefreshMs);
        rig.AnswerQueueRaw(304, "");
    }
    CHECK(rig.desk.queue_unchanged() == 10);
    const double waited = rig.desk.WaitingSeconds(rig.desk.rows()[0]);
    CHECK(waited > 90.0);
    CHECK(waited < 90.5);
    CHECK(rig.desk.WaitStatusOf(rig.desk.rows()[0]) == WaitStatus::kNear);
    rig.desk.Update(rig.now + 30000);
    CHECK(rig.desk.WaitStatusOf(rig.desk.rows()[0]) == WaitStatus::kOver);
}

TEST_CASE("desk: the console's clock need not agree with seamd's") {
    // The console's clock is an hour behind seamd's: waiting time is still seamd's.
    Rig rig;
    rig.now = kServerNow - 3600 * 1000;
    rig.Frame();
    rig.AnswerQueueRaw(200, Queue(json::array({Row(1, "Ana", "normal", 120, 10)})), "W/\"q\"");
    SEAM_REQUIRE_OR_RETURN(rig.desk.rows().size() == 1);
    CHECK(rig.desk.WaitingSeconds(rig.desk.rows()[0]) == doctest::Approx(120.016));
    // Ahead of seamd, a row created "in the future" waits 0 s, not a negative time.
    json fresh = Row(2, "Ben", "normal", 0, 10);
    fresh["created_at"] = kServerNow + 5000;
    rig.Frame(Desk::kQueueRefreshMs);
    rig.AnswerQueueRaw(200, Queue(json::array({fresh})), "W/\"q2\"");
    SEAM_REQUIRE_OR_RETURN(rig.desk.rows().size() == 1);
    CHECK(rig.desk.WaitingSeconds(rig.desk.rows()[0]) == 0.0);
}

// [SECTION] Queue

TEST_CASE("desk: queue answers are parsed tolerantly") {
    struct Case {
        const char* name;
        const char* body;
        bool ok;
        std::size_t rows;
    };
    const Case cases[] = {
        {"empty list", R"({"handoffs": []})", true, 0},
        {"one full row", R"({"handoffs": [{"id": 3, "customer": "Ana", "priority": "urgent"}]})",
         true, 1},
        {"rows without a numeric id are skipped",
         R"({"handoffs": [{"id": "x"}, {"customer": "B"}, {"id": 4}]})", true, 1},
        {"not an object", R"([1, 2])", false, 0},
        {"no handoffs key", R"({"rows": []})", false, 0},
        {"handoffs not a list", R"({"handoffs": {}})", false, 0},
    };
    for (const Case& c : cases) {
        const std::string name_text = c.name;
        CAPTURE(name_text);
        auto rows = ParseQueue(json::parse(c.body, nullptr, false));
        CHECK(rows.has_value() == c.ok);
        if (rows) CHECK(rows->size() == c.rows);
    }
    auto rows =
        ParseQueue(json{{"handoffs", {Row(9, "Ben Ode", "low", 12.5, 99.5, "claimed", "li")}}});
    SEAM_REQUIRE_OR_RETURN((rows && rows->size() == 1));
    const QueueRow& r = (*rows)[0];
    CHECK(r.id == 9);
    CHECK(r.case_id == "c_9");
    CHECK(r.customer == "Ben Ode");
    CHECK(r.priority == "low");
    CHECK(r.waiting_seconds == doctest::Approx(12.5));
    CHECK(r.customer_value == doctest::Approx(99.5));
    CHECK(r.status == "claimed");
    CHECK(r.agent == "li");
    CHECK(r.skill == "billing");
    CHECK(r.intent == "return_refund");
    CHECK(r.summary == "Ben Ode wants a refund");
    // A row with no priority is held to the normal target.
    auto bare = ParseQueue(json::parse(R"({"handoffs": [{"id": 1}]})"));
    SEAM_REQUIRE_OR_RETURN((bare && bare->size() == 1));
    CHECK((*bare)[0].priority == "normal");
}

TEST_CASE("desk: the queue loads at login, every 3 s, and never twice at once") {
    Rig rig(false);
    rig.Frame();
    CHECK(rig.SentQueue() == 0);  // logged out: nothing
    rig.LogIn();
    rig.Frame();
    CHECK(rig.SentQueue() == 1);
    CHECK(rig.transport.Last("GET /v1/handoffs")->request.path == "/v1/handoffs");
    CHECK(rig.transport.Last("GET /v1/handoffs")->request.token == "t-maya");
    CHECK(rig.desk.queue_loading());
    rig.Frame(5000);  // long past the period, but the same request is still on its way
    rig.desk.Refresh();
    rig.Frame();
    CHECK(rig.SentQueue() == 1);
    rig.AnswerQueue(json::array());
    CHECK(rig.desk.queue_loaded());
    CHECK_FALSE(rig.desk.queue_loading());
    const int after_answer = rig.SentQueue();
    rig.Frame(1000);
    CHECK(rig.SentQueue() == after_answer);
    rig.Frame(Desk::kQueueRefreshMs);
    CHECK(rig.SentQueue() == after_answer + 1);
}

TEST_CASE("desk: F5 reloads at once") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array());
    const int before = rig.SentQueue();
    rig.desk.Refresh();
    rig.Frame();
    CHECK(rig.SentQueue() == before + 1);
}

TEST_CASE("desk: status and skill filters go to seamd in the query string") {
    struct Case {
        const char* status;
        const char* skill;
        const char* path;
    };
    const Case cases[] = {
        {"", "", "/v1/handoffs"},
        {"queued", "", "/v1/handoffs?status=queued"},
        {"", "billing", "/v1/handoffs?skill=billing"},
        {"resolved", "returns", "/v1/handoffs?status=resolved&skill=returns"},
        {"", "a b&c", "/v1/handoffs?skill=a%20b%26c"},
    };
    for (const Case& c : cases) {
        const std::string path_text = c.path;
        CAPTURE(path_text);
        Rig rig;
        QueueFilter f;
        f.status = c.status;
        f.skill = c.skill;
        rig.desk.Update(rig.now);  // the first frame resets the desk (a new session generation)
        rig.desk.SetFilter(f);
        rig.Frame();
        const auto* sent = rig.transport.Last("GET /v1/handoffs");
        SEAM_CHECK_OR_BREAK(sent != nullptr);
        CHECK(sent->request.path == c.path);
    }
}

TEST_CASE("desk: an answer for an older filter is dropped") {
    Rig rig;
    rig.Frame();  // GET /v1/handoffs
    QueueFilter f;
    f.status = "resolved";
    rig.desk.SetFilter(f);
    rig.Frame();  // GET /v1/handoffs?status=resolved
    CHECK(rig.SentQueue() == 2);
    rig.AnswerQueue(json::array({Row(1, "Old filter", "normal", 1, 1)}));
    CHECK(rig.desk.all_rows().empty());
    rig.transport.Answer("GET /v1/handoffs?status=resolved", 200,
                         json{{"handoffs", {Row(2, "New", "normal", 1, 1, "resolved")}}}.dump());
    rig.Frame();
    CHECK(Ids(rig.desk.rows()) == std::vector<std::int64_t>{2});
}

TEST_CASE("desk: local filters and sort orders") {
    const json rows = json::array({
        Row(1, "Ana Lima", "normal", 100, 50),
        Row(2, "Ben Ode", "urgent", 30, 900, "claimed", "maya"),
        Row(3, "Cleo Park", "low", 2000, 10, "claimed", "li"),
        Row(4, "Dan Roe", "high", 500, 300, "queued", "", "returns"),
    });
    struct Case {
        const char* name;
        bool mine;
        const char* search;
        QueueSort sort;
        std::vector<std::int64_t> ids;
    };
    const Case cases[] = {
        {"seamd's order", false, "", QueueSort::kScore, {1, 2, 3, 4}},
        {"longest wait first", false, "", QueueSort::kWaiting, {3, 4, 1, 2}},
        {"highest value first", false, "", QueueSort::kValue, {2, 4, 1, 3}},
        {"mine only", true, "", QueueSort::kScore, {2}},
        {"search is case-insensitive", false, "cLeO", QueueSort::kScore, {3}},
        {"search looks in the skill too", false, "returns", QueueSort::kScore, {4}},
        {"search in case ids", false, "c_4", QueueSort::kScore, {4}},
        {"no match", false, "zebra", QueueSort::kScore, {}},
        {"mine and sorted", true, "", QueueSort::kValue, {2}},
    };
    for (const Case& c : cases) {
        const std::string name_text = c.name;
        CAPTURE(name_text);
        Rig rig;
        rig.Frame();
        rig.AnswerQueue(rows);
        QueueFilter f;
        f.mine_only = c.mine;
        f.search = c.search;
        f.sort = c.sort;
        rig.desk.SetFilter(f);
        CHECK(Ids(rig.desk.rows()) == c.ids);
        CHECK(rig.desk.all_rows().size() == 4);
        CHECK(rig.SentQueue() == 1);  // local filters do not reload
    }
}

TEST_CASE("desk: the skills offered are the agent's, then those seen in the queue") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array({Row(1, "A", "normal", 1, 1, "queued", "", "delivery"),
                                 Row(2, "B", "normal", 1, 1, "queued", "", "billing"),
                                 Row(3, "C", "normal", 1, 1, "queued", "", "account")}));
    CHECK(rig.desk.KnownSkills() ==
          std::vector<std::string>{"billing", "returns", "account", "delivery"});
}

TEST_CASE("desk: a failed queue load keeps the rows and says why") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array({Row(1, "Ana", "normal", 1, 1)}));
    rig.Frame(Desk::kQueueRefreshMs);
    rig.AnswerQueueRaw(503, Err("seam.store.busy", "the store is busy"));
    CHECK(rig.desk.queue_error() == "the store is busy");
    CHECK(rig.desk.rows().size() == 1);
    rig.Frame(Desk::kQueueRefreshMs);
    rig.AnswerQueueRaw(0, "connection refused");
    CHECK(rig.desk.queue_error() == "connection refused");
    rig.Frame(Desk::kQueueRefreshMs);
    rig.AnswerQueueRaw(200, R"({"nope": 1})");
    CHECK(rig.desk.queue_error().find("handoffs") != std::string::npos);
    rig.Frame(Desk::kQueueRefreshMs);
    rig.AnswerQueue(json::array());
    CHECK(rig.desk.queue_error().empty());
}

// [SECTION] Selection and the detail

TEST_CASE("desk: the first row is selected and its detail loads, then refreshes every 2 s") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array({Row(7, "Ana", "high", 1, 1), Row(8, "Ben", "low", 1, 1)}));
    CHECK(rig.desk.selected_id() == 7);
    CHECK(rig.Sent("GET /v1/handoffs/7") == 1);
    CHECK(rig.desk.detail_loading());
    CHECK(rig.desk.detail() == nullptr);
    rig.Frame(Desk::kDetailRefreshMs * 2);  // still in flight: not sent again
    CHECK(rig.Sent("GET /v1/handoffs/7") == 1);
    rig.AnswerDetail(Handoff(7));
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->id == 7);
    CHECK_FALSE(rig.desk.suggestions().empty());
    rig.Frame(Desk::kDetailRefreshMs - 100);
    CHECK(rig.Sent("GET /v1/handoffs/7") == 1);
    rig.Frame(200);
    CHECK(rig.Sent("GET /v1/handoffs/7") == 2);
}

TEST_CASE("desk: new customer messages appear with the next detail refresh") {
    Rig rig;
    rig.LoadOne();
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->messages.size() == 2);
    json later = Handoff(7);
    later["messages"].push_back({{"id", 4050},
                                 {"at", 1796031709000},
                                 {"channel", "widget"},
                                 {"sender", "customer"},
                                 {"text", "hello?"}});
    rig.Frame(Desk::kDetailRefreshMs);
    rig.AnswerDetail(later);
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->messages.size() == 3);
    CHECK(rig.desk.detail()->messages.back().text == "hello?");
}

TEST_CASE("desk: moving the selection and late answers for the handoff left behind") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array(
        {Row(1, "A", "normal", 1, 1), Row(2, "B", "normal", 1, 1), Row(3, "C", "normal", 1, 1)}));
    CHECK(rig.desk.selected_id() == 1);
    struct Step {
        int delta;
        std::int64_t selected;
    };
    const Step steps[] = {{+1, 2}, {+1, 3}, {+1, 3}, {-1, 2}, {-5, 1}, {+9, 3}};
    for (const Step& s : steps) {
        rig.desk.MoveSelection(s.delta);
        CHECK(rig.desk.selected_id() == s.selected);
    }
    // Handoff 1's detail was asked for first; its answer comes after the agent moved on.
    rig.Frame();
    rig.AnswerDetail(Handoff(1));
    CHECK(rig.desk.detail() == nullptr);
    rig.AnswerDetail(Handoff(3));
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->id == 3);
    // Nothing selected: the first move selects the first row.
    rig.desk.Select(0);
    rig.desk.MoveSelection(+1);
    CHECK(rig.desk.selected_id() == 1);
}

TEST_CASE("desk: a detail that fails to load says why") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array({Row(5, "A", "normal", 1, 1)}));
    rig.transport.Answer("GET /v1/handoffs/5", 404, Err("seam.service.not_found", "no handoff 5"));
    rig.Frame();
    CHECK(rig.desk.detail_error() == "no handoff 5");
    CHECK(rig.desk.detail() == nullptr);
    rig.Frame(Desk::kDetailRefreshMs);
    rig.transport.Answer("GET /v1/handoffs/5", 200, R"({"id": 6})");  // someone else's
    rig.Frame();
    CHECK(rig.desk.detail() == nullptr);
    CHECK(rig.desk.detail_error().find("not a handoff") != std::string::npos);
}

TEST_CASE("desk: the handoff payload is unpacked for the context pane") {
    auto parsed = ParseHandoffDetail(Handoff(7, "claimed", "maya"));
    SEAM_REQUIRE_OR_RETURN(parsed.has_value());
    const HandoffDetail& d = *parsed;
    CHECK(d.id == 7);
    CHECK(d.status == "claimed");
    CHECK(d.agent == "maya");
    CHECK(d.reason == "customer_request");
    CHECK(d.queue == "returns");
    CHECK(d.priority == "high");
    CHECK(d.flow == "talk_to_human");
    CHECK(d.interrupted_flow == "return_refund");
    CHECK(d.interrupted_step == "ask_reason");
    CHECK(d.summary.rfind("Ana (verified)", 0) == 0);
    // Who: seamd's record, verification from the payload.
    CHECK(d.customer.DisplayName() == "Ana Lima");
    CHECK(d.customer.verified);
    CHECK(d.customer.verified_by == "identity_token");
    CHECK(d.customer.phone == "+15035550101");
    CHECK(d.customer.lifetime_value == doctest::Approx(1021.9));
    SEAM_REQUIRE_OR_RETURN(d.intents.size() == 2);
    CHECK(d.intents[0].intent == "return_refund");
    CHECK(d.intents[0].confidence == doctest::Approx(0.91));
    SEAM_REQUIRE_OR_RETURN(d.slots.size() == 2);
    CHECK(d.slots[0].value == "LW-104233");
    CHECK(d.slots[0].text == "order LW-104233");
    CHECK(d.slots[0].validated_as == "order_number");
    CHECK(d.slots[1].value == "2");  // numbers shown as text
    SEAM_REQUIRE_OR_RETURN(d.actions.size() == 3);
    CHECK(d.actions[0].outcome == "ok");
    CHECK_FALSE(d.actions[0].failed());
    CHECK(d.actions[1].params == "order_number=LW-104233, reason=damaged");
    CHECK(d.actions[1].failed());
    CHECK(d.actions[1].reason == "The return window closed 30 days after delivery.");
    CHECK(d.actions[2].outcome == "pending");
    CHECK_FALSE(d.actions[2].failed());
    CHECK(d.actions[2].result.empty());
    SEAM_REQUIRE_OR_RETURN(d.checks.size() == 2);
    CHECK(d.checks[0].action == "start_return");
    CHECK(d.checks[0].rule == "return_window");
    CHECK_FALSE(d.checks[0].passed);
    CHECK(d.checks[0].detail == "42 days since delivery");
    CHECK(d.checks[1].passed);
    SEAM_REQUIRE_OR_RETURN(d.remaining_steps.size() == 3);
    CHECK(d.remaining_steps[0].slot == "return_reason");
    CHECK(d.remaining_steps[1].action == "start_return");
    CHECK(d.transcript.size() == 3);
    CHECK(d.transcript[1].from == "seam");
    SEAM_REQUIRE_OR_RETURN(d.messages.size() == 2);
    CHECK(d.messages[0].id == 4042);
    CHECK(d.messages[0].sender == "customer");
    SEAM_REQUIRE_OR_RETURN(d.channels.size() == 1);
    CHECK(d.channels[0].channel == "widget");
    // What the customer did on the site, described; an entry without a name is skipped.
    SEAM_REQUIRE_OR_RETURN(d.page_events.size() == 2);
    CHECK(d.page_events[0].at == 1796031690000);
    CHECK(d.page_events[0].text == "add_to_bag: size=M, sku=cascade-rain-jacket");
    CHECK(d.page_events[1].text == "viewed_orders");
    CHECK(d.case_status == "waiting_agent");
    CHECK(d.case_version == 6);
    SEAM_REQUIRE_OR_RETURN(d.orders.size() == 1);
    CHECK(d.orders[0].number == "LW-104233");
    CHECK(d.orders[0].total == doctest::Approx(189.0));
    CHECK(d.orders[0].carrier == "UPS");
    SEAM_REQUIRE_OR_RETURN(d.past_cases.size() == 1);
    CHECK(d.past_cases[0].intent == "order_status");
}

TEST_CASE("desk: handoff answers that are not handoffs, and a bare one") {
    struct Case {
        const char* body;
        bool ok;
    };
    const Case cases[] = {
        {"null", false},
        {"[]", false},
        {R"({"id": "7"})", false},
        {R"({"payload": {}})", false},
        {R"({"id": 7})", true},
        {R"({"id": 7, "payload": "garbage", "messages": {}, "customer": 3})", true},
    };
    for (const Case& c : cases) {
        const std::string body_text = c.body;
        CAPTURE(body_text);
        CHECK(ParseHandoffDetail(json::parse(c.body, nullptr, false)).has_value() == c.ok);
    }
    auto bare = ParseHandoffDetail(json::parse(R"({"id": 7})"));
    SEAM_REQUIRE_OR_RETURN(bare.has_value());
    CHECK(bare->customer.DisplayName() == "Anonymous visitor");
    CHECK_FALSE(bare->customer.verified);
    CHECK(bare->priority == "normal");
}

// [SECTION] Suggested next steps

TEST_CASE("desk: suggested replies come from the payload") {
    struct Case {
        const char* name;
        std::function<void(json&)> change;
        std::vector<const char*> labels;      //!< must be offered
        std::vector<const char*> not_labels;  //!< must not be
        std::vector<const char*> says;        //!< somewhere in the texts
    };
    const std::vector<Case> cases = {
        {"greeting names what is known and that they are verified",
         [](json&) {},
         {"Greet Ana", "Explain start return", "Ask return reason", "Anything else?"},
         {"Ask to verify", "Retry order number"},
         {"Hi Ana, this is Maya", "help with return refund", "order number LW-104233",
          "already verified", "The return window closed"}},
        {"the next step asks what is missing",
         [](json& h) { h["payload"]["remaining_steps"][0]["slot"] = "reason"; },
         {"Ask reason"},
         {},
         {"Could you tell me your reason?"}},
        {"never re-asks a slot already collected",
         [](json& h) { h["payload"]["remaining_steps"][0]["slot"] = "order_number"; },
         {"Next: start return"},
         {"Ask order number"},
         {"take care of the start return"}},
        {"not verified: ask to verify, no claim that they are",
         [](json& h) { h["payload"]["customer"]["verified"] = false; },
         {"Ask to verify"},
         {},
         {"confirm the email address"}},
        {"a value that kept failing validation",
         [](json& h) { h["payload"]["reason"] = "validation_exhausted:order_number"; },
         {"Retry order number"},
         {},
         {"the order number didn't pass our check"}},
        {"an action waiting for review",
         [](json& h) { h["payload"]["actions"][1]["outcome"] = "needs_review"; },
         {"Explain start return"},
         {},
         {"needs a quick review"}},
        {"an action that failed with an error: its technical text is not quoted",
         [](json& h) {
             h["payload"]["actions"][1]["outcome"] = "error";
             h["payload"]["actions"][1]["result"] = {{"error", "[seam.store.busy] retry"}};
         },
         {"Explain start return"},
         {},
         {"Something went wrong on our side with the start return."}},
        {"a refusal's reason gets its full stop",
         [](json& h) {
             h["payload"]["actions"][1]["result"] = {{"reason", "Too late"}};
         },
         {"Explain start return"},
         {},
         {"didn't go through: Too late. Let me"}},
        {"no failed action, no explanation",
         [](json& h) { h["payload"]["actions"] = json::array(); },
         {"Greet Ana"},
         {"Explain start return"},
         {}},
        {"anonymous and nothing known",
         [](json& h) {
             h["payload"] = json::object();
             h.erase("customer");
         },
         {"Greet", "Ask to verify", "Anything else?"},
         {},
         {"Hi there"}},
        {"a person requested: the topic comes from the intent, not talk_to_human",
         [](json& h) {
             h["payload"].erase("interrupted");
             h["payload"]["slots"] = json::array();
         },
         {"Greet Ana"},
         {},
         {"help with return refund."}},
    };
    for (const Case& c : cases) {
        const std::string name_text = c.name;
        CAPTURE(name_text);
        json h = Handoff(7);
        c.change(h);
        auto d = ParseHandoffDetail(h);
        SEAM_CHECK_OR_BREAK(d.has_value());
        const auto list = SuggestReplies(*d, "Maya Patel");
        const std::string all = AllText(list);
        CAPTURE(all);
        for (const char* l : c.labels)
            CHECK(HasLabel(list, l));
        for (const char* l : c.not_labels)
            CHECK_FALSE(HasLabel(list, l));
        for (const char* s : c.says)
            CHECK(all.find(s) != std::string::npos);
        CHECK(all.find("talk to human") == std::string::npos);
        CHECK(all.find("seam.") == std::string::npos);
        CHECK(SuggestReplies(*d, "Maya Patel").size() == list.size());  // deterministic
    }
}

TEST_CASE("desk: a suggestion goes into the draft with one click") {
    Rig rig;
    rig.LoadOne();
    SEAM_REQUIRE_OR_RETURN(rig.desk.suggestions().size() >= 2);
    rig.desk.UseSuggestion(0);
    CHECK(rig.desk.draft() == rig.desk.suggestions()[0].text);
    rig.desk.UseSuggestion(1);
    CHECK(rig.desk.draft() ==
          rig.desk.suggestions()[0].text + "\n" + rig.desk.suggestions()[1].text);
    rig.desk.UseSuggestion(99);  // out of range: nothing
    CHECK(rig.desk.draft().find('\n') != std::string::npos);
    CHECK(Humanize("order_number") == "order number");
}

// [SECTION] Claim

TEST_CASE("desk: what blocks a claim") {
    struct Case {
        const char* status;
        const char* agent;
        const char* blocker;  //!< "" = can claim
    };
    const Case cases[] = {
        {"queued", "", ""},
        {"claimed", "maya", "You have claimed this handoff."},
        {"claimed", "li", "Claimed by li."},
        {"resolved", "li", "This handoff is resolved."},
        {"weird", "", "This handoff is not waiting in the queue."},
    };
    for (const Case& c : cases) {
        const std::string status_text = c.status;
        CAPTURE(status_text);
        const std::string agent_text = c.agent;
        CAPTURE(agent_text);
        Rig rig;
        rig.LoadOne(c.status, c.agent);
        CHECK(rig.desk.ClaimBlocker() == c.blocker);
    }
    Rig none;
    CHECK(none.desk.ClaimBlocker() == "Select a handoff first.");
}

TEST_CASE("desk: claiming a handoff") {
    Rig rig;
    rig.LoadOne();
    CHECK(rig.desk.CanClaim());
    CHECK_FALSE(rig.desk.CanSend());
    rig.desk.Claim();
    const auto* sent = rig.transport.Last("POST /v1/handoffs/7/claim");
    SEAM_REQUIRE_OR_RETURN(sent != nullptr);
    CHECK(sent->request.token == "t-maya");
    CHECK(rig.desk.busy());
    CHECK_FALSE(rig.desk.CanClaim());  // no double claim while the first is on its way
    rig.transport.Answer("POST /v1/handoffs/7/claim", 200, Handoff(7, "claimed", "maya").dump());
    rig.Frame();
    CHECK_FALSE(rig.desk.busy());
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->status == "claimed");
    CHECK(rig.desk.rows()[0].status == "claimed");  // the queue shows it before its refresh
    CHECK(rig.desk.rows()[0].agent == "maya");
    CHECK_FALSE(rig.desk.status_is_error());
    CHECK(rig.desk.status_line().rfind("Claimed", 0) == 0);
    CHECK(rig.SentQueue() == 2);  // and the queue reloads
}

TEST_CASE("desk: a claim someone else won is an error in words, and the desk looks again") {
    Rig rig;
    rig.LoadOne();
    const int details = rig.Sent("GET /v1/handoffs/7");
    rig.desk.Claim();
    rig.transport.Answer(
        "POST /v1/handoffs/7/claim", 409,
        Err("seam.service.not_claimable",
            "handoff 7 is not waiting in the queue (someone claimed or resolved it)"));
    rig.Frame();
    CHECK(rig.desk.status_is_error());
    CHECK(rig.desk.status_line() ==
          "handoff 7 is not waiting in the queue (someone claimed or resolved it)");
    CHECK(rig.Sent("GET /v1/handoffs/7") == details + 1);
    rig.AnswerDetail(Handoff(7, "claimed", "li"));
    CHECK(rig.desk.ClaimBlocker() == "Claimed by li.");
    // A blocked claim (a shortcut pressed anyway) says why and sends nothing.
    rig.desk.Claim();
    CHECK(rig.Sent("POST /v1/handoffs/7/claim") == 1);
    CHECK(rig.desk.status_line() == "Claimed by li.");
}

// [SECTION] Reply

TEST_CASE("desk: what blocks a reply") {
    struct Case {
        const char* status;
        const char* agent;
        const char* draft;
        const char* blocker;
    };
    const std::string long_text(4001, 'x');
    const Case cases[] = {
        {"claimed", "maya", "Hello", ""},
        {"claimed", "maya", "  \n ", "Write a reply first."},
        {"claimed", "maya", long_text.c_str(), "A reply is at most 4000 bytes (this one is 4001)."},
        {"queued", "", "Hello", "Claim the handoff before replying (Alt+C)."},
        {"claimed", "li", "Hello", "Claimed by li: only they reply."},
        {"resolved", "maya", "Hello", "This handoff is resolved."},
    };
    for (const Case& c : cases) {
        const std::string status_text = c.status;
        CAPTURE(status_text);
        const std::string agent_text = c.agent;
        CAPTURE(agent_text);
        Rig rig;
        rig.LoadOne(c.status, c.agent);
        rig.desk.draft() = c.draft;
        CHECK(rig.desk.SendBlocker() == c.blocker);
    }
}

TEST_CASE("desk: a reply is sent, shows in the conversation, and clears the draft") {
    Rig rig;
    rig.LoadOne("claimed", "maya");
    rig.desk.draft() = "  Hi Ana, I'm on it.\n";
    rig.desk.SendReply();
    const auto* sent = rig.transport.Last("POST /v1/handoffs/7/reply");
    SEAM_REQUIRE_OR_RETURN(sent != nullptr);
    CHECK(json::parse(sent->request.body) == json{{"text", "Hi Ana, I'm on it."}});
    CHECK_FALSE(rig.desk.CanSend());  // in flight
    rig.transport.Answer("POST /v1/handoffs/7/reply", 201,
                         R"({"message": {"id": 4100, "at": 1796031710000, "sender": "agent",
                             "agent": "maya", "agent_name": "Maya Patel", "channel": "widget",
                             "text": "Hi Ana, I'm on it."}, "reasked_slots": []})");
    rig.Frame();
    CHECK(rig.desk.status_line() == "Reply sent");
    CHECK_FALSE(rig.desk.status_is_error());
    CHECK(rig.desk.draft().empty());
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->messages.back().text == "Hi Ana, I'm on it.");
    CHECK(rig.desk.detail()->messages.back().agent_name == "Maya Patel");
}

TEST_CASE("desk: a reply that asks again for a known slot sends, with a warning") {
    Rig rig;
    rig.LoadOne("claimed", "maya");
    rig.desk.draft() = "What is your order number?";
    rig.desk.SendReply();
    rig.transport.Answer("POST /v1/handoffs/7/reply", 201,
                         R"({"message": {"id": 4101, "sender": "agent", "text": "x"},
                             "reasked_slots": ["order_number"]})");
    rig.Frame();
    CHECK_FALSE(rig.desk.status_is_error());
    CHECK(rig.desk.status_line() ==
          "Reply sent. Note: it asks again for order number, which the customer already gave.");
}

TEST_CASE("desk: a failed reply keeps the draft and shows seamd's message") {
    struct Case {
        int status;  //!< 0 = no answer at all
        std::string body;
        const char* shown;
    };
    const Case cases[] = {
        {403, Err("seam.service.not_yours", "claim the handoff before replying to it"),
         "claim the handoff before replying to it"},
        {400, Err("seam.service.bad_request", "a reply is 1 to 4000 bytes of text"),
         "a reply is 1 to 4000 bytes of text"},
        {500, "oops", "seamd answered HTTP 500"},
        {0, "", "connection refused"},
    };
    for (const Case& c : cases) {
        const std::string shown_text = c.shown;
        CAPTURE(shown_text);
        Rig rig;
        rig.LoadOne("claimed", "maya");
        rig.desk.draft() = "Hi Ana";
        rig.desk.SendReply();
        if (c.status == 0) {
            rig.transport.Fail("POST /v1/handoffs/7/reply", "connection refused");
        } else {
            rig.transport.Answer("POST /v1/handoffs/7/reply", c.status, c.body);
        }
        rig.Frame();
        CHECK(rig.desk.status_is_error());
        CHECK(rig.desk.status_line() == c.shown);
        CHECK(rig.desk.draft() == "Hi Ana");
        CHECK(rig.desk.CanSend());  // try again
    }
}

TEST_CASE("desk: typing on while a reply is on its way keeps the new text") {
    Rig rig;
    rig.LoadOne("claimed", "maya");
    rig.desk.draft() = "First";
    rig.desk.SendReply();
    rig.desk.draft() += " and more";
    rig.transport.Answer("POST /v1/handoffs/7/reply", 201, R"({"message": {"id": 1}})");
    rig.Frame();
    CHECK(rig.desk.draft() == "First and more");
}

TEST_CASE("desk: drafts are kept per handoff") {
    Rig rig;
    rig.Frame();
    rig.AnswerQueue(json::array({Row(1, "A", "normal", 1, 1), Row(2, "B", "normal", 1, 1)}));
    rig.desk.draft() = "for A";
    rig.desk.Select(2);
    CHECK(rig.desk.draft().empty());
    rig.desk.draft() = "for B";
    rig.desk.Select(1);
    CHECK(rig.desk.draft() == "for A");
}

TEST_CASE("desk: a detail asked for before a reply answered does not hide the reply") {
    Rig rig;
    rig.LoadOne("claimed", "maya");
    rig.Frame(Desk::kDetailRefreshMs);  // a detail refresh goes out
    const int details = rig.Sent("GET /v1/handoffs/7");
    rig.desk.draft() = "On it";
    rig.desk.SendReply();
    rig.transport.Answer("POST /v1/handoffs/7/reply", 201,
                         R"({"message": {"id": 4200, "sender": "agent", "text": "On it"}})");
    rig.Frame();
    rig.AnswerDetail(Handoff(7, "claimed", "maya"));  // older than the reply: dropped
    SEAM_REQUIRE_OR_RETURN(rig.desk.detail() != nullptr);
    CHECK(rig.desk.detail()->messages.back().text == "On it");
    CHECK(rig.Sent("GET /v1/handoffs/7") == details + 1);  // and a fresh one follows
}

// [SECTION] Resolve

TEST_CASE("desk: what blocks resolving") {
    struct Case {
        const char* status;
        const char* agent;
        const char* role;
        const char* blocker;
    };
    const Case cases[] = {
        {"claimed", "maya", "agent", ""},
        {"claimed", "li", "admin", ""},
        {"claimed", "li", "agent", "Claimed by li: only they or an admin resolve it."},
        {"queued", "", "agent", "Claim the handoff before resolving it (Alt+C)."},
        {"resolved", "maya", "agent", "This handoff is already resolved."},
    };
    for (const Case& c : cases) {
        const std::string status_text = c.status;
        CAPTURE(status_text);
        const std::string agent_text = c.agent;
        CAPTURE(agent_text);
        const std::string role_text = c.role;
        CAPTURE(role_text);
        Rig rig(true, c.role);
        rig.LoadOne(c.status, c.agent);
        CHECK(rig.desk.ResolveBlocker() == c.blocker);
    }
}

TEST_CASE("desk: resolving with an outcome") {
    for (const ResolveOutcome& o : kResolveOutcomes) {
        const std::string outcome(o.id);
        CAPTURE(outcome);
        Rig rig;
        rig.LoadOne("claimed", "maya");
        rig.desk.resolve_outcome() = std::string(o.id);
        rig.desk.Resolve();
        const auto* sent = rig.transport.Last("POST /v1/handoffs/7/resolve");
        SEAM_CHECK_OR_BREAK(sent != nullptr);
        CHECK(json::parse(sent->request.body) == json{{"outcome", std::string(o.id)}});
        json done = Handoff(7, "resolved", "maya");
        done["outcome"] = std::string(o.id);
        done["note"] = "Ana wants a return.\nOutcome: " + std::string(o.id) + " by maya.";
        rig.transport.Answer("POST /v1/handoffs/7/resolve", 200, done.dump());
        rig.Frame();
        CHECK_FALSE(rig.desk.status_is_error());
        CHECK(rig.desk.status_line() ==
              "Resolved as " + std::string(o.id) + "; the case note is written.");
        SEAM_CHECK_OR_BREAK(rig.desk.detail() != nullptr);
        CHECK(rig.desk.detail()->status == "resolved");
        CHECK(rig.desk.detail()->note.find("Outcome: ") != std::string::npos);
        CHECK_FALSE(rig.desk.CanResolve());
    }
}

TEST_CASE("desk: resolve errors") {
    Rig rig;
    rig.LoadOne("claimed", "maya");
    rig.desk.resolve_outcome() = "solved-ish";
    rig.desk.Resolve();
    CHECK(rig.Sent("POST /v1/handoffs/7/resolve") == 0);
    CHECK(rig.desk.status_is_error());
    rig.desk.resolve_outcome() = "resolved";
    rig.desk.Resolve();
    rig.transport.Answer("POST /v1/handoffs/7/resolve", 403,
                         Err("seam.service.not_yours",
                             "only the agent who claimed it (or an admin) can resolve it"));
    rig.Frame();
    CHECK(rig.desk.status_is_error());
    CHECK(rig.desk.status_line() == "only the agent who claimed it (or an admin) can resolve it");
    CHECK(rig.desk.CanResolve());
}

// [SECTION] Inspector, login and logout

TEST_CASE("desk: the selected case opens in the flow inspector") {
    Rig rig;
    rig.LoadOne();
    CHECK_FALSE(rig.desk.CanInspect());  // the app did not wire it
    std::vector<std::string> opened;
    rig.desk.on_inspect_case = [&](const std::string& id) { opened.push_back(id); };
    CHECK(rig.desk.CanInspect());
    rig.desk.InspectSelected();
    CHECK(opened == std::vector<std::string>{"c_ao63k5soq5psakrx"});
}

TEST_CASE("desk: logging out drops everything, and answers from before are ignored") {
    Rig rig;
    rig.LoadOne("claimed", "maya");
    rig.desk.draft() = "a secret draft";
    rig.desk.SendReply();              // in flight when the session ends
    rig.Frame(Desk::kQueueRefreshMs);  // a queue refresh in flight too
    rig.session.Logout();
    rig.Frame();
    CHECK(rig.desk.rows().empty());
    CHECK(rig.desk.selected_id() == 0);
    CHECK(rig.desk.detail() == nullptr);
    CHECK(rig.desk.status_line().empty());
    CHECK_FALSE(rig.desk.busy());
    const int before = static_cast<int>(rig.transport.sent.size());
    rig.Frame(Desk::kQueueRefreshMs * 2);
    CHECK(static_cast<int>(rig.transport.sent.size()) == before);  // logged out: quiet

    // Log in again (as someone else would): fresh state, and a late answer changes nothing.
    rig.LogIn();
    rig.Frame();
    rig.transport.Answer("POST /v1/handoffs/7/reply", 201, R"({"message": {"id": 1}})");
    rig.Frame();
    CHECK(rig.desk.status_line().empty());
    CHECK(rig.desk.draft().empty());
    CHECK(rig.transport.Last("GET /v1/handoffs")->request.token == "t-maya");
}

TEST_CASE("desk: a new login while answers are on their way ignores them") {
    Rig rig;
    rig.Frame();  // GET /v1/handoffs with the first session
    rig.LogIn();  // generation changes without a logout (re-login)
    rig.Frame();  // reset, and a new GET /v1/handoffs
    CHECK(rig.SentQueue() == 2);
    rig.AnswerQueue(json::array({Row(1, "From the old session", "normal", 1, 1)}));
    CHECK(rig.desk.all_rows().empty());
    rig.AnswerQueue(json::array({Row(2, "Current", "normal", 1, 1)}));
    CHECK(Ids(rig.desk.rows()) == std::vector<std::int64_t>{2});
}

TEST_CASE("desk: a resolved handoff is not polled, but F5 reloads it") {
    Rig rig;
    rig.LoadOne("resolved", "maya");
    const int details = rig.Sent("GET /v1/handoffs/7");
    rig.Frame(Desk::kDetailRefreshMs * 5);
    CHECK(rig.Sent("GET /v1/handoffs/7") == details);
    rig.desk.Refresh();
    rig.Frame();
    CHECK(rig.Sent("GET /v1/handoffs/7") == details + 1);
}
