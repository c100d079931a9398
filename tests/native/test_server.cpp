// tests/native/test_server.cpp — seamd end to end over HTTP: a real server on a loopback port
// with a temporary store, driven like the widget, the site's server, the email provider and an
// agent would. One behaviour per test case.
#include <doctest/doctest.h>

#include <future>
#include <set>

#include "api/auth.hpp"
#include "server_fixture.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::api::Auth;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

const std::int64_t kNow = 1795000000;  // any time: tokens below are signed relative to the clock

std::int64_t WallSeconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

std::string SiteJwt(const std::string& sub, std::int64_t exp_offset = 600,
                    const std::string& secret = Server::SiteKey(Auth::kIdentityPurpose)) {
    return seam::identity::SignJwt(
        {{"sub", sub}, {"exp", WallSeconds() + exp_offset}, {"iat", WallSeconds()}}, secret);
}

std::string SaidText(const json& turn) {
    std::string all;
    for (const json& e : turn["effects"]) {
        if (e["type"] == "say") all += e["text"].get<std::string>() + "\n";
    }
    return all;
}

struct Session {
    std::string case_id, token, customer_token;
    std::int64_t version = 0;
};

Session Open(const Server& s, const json& body = json::object()) {
    Reply r = s.Post("/v1/sessions", body);
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    Session out;
    out.case_id = r.body["case"]["id"];
    out.token = r.body["session_token"];
    out.version = r.body["case"]["version"];
    if (r.body.contains("customer_token")) out.customer_token = r.body["customer_token"];
    return out;
}

Reply Say(const Server& s, const Session& session, const std::string& text) {
    return s.Post("/v1/cases/" + session.case_id + "/turns", {{"text", text}}, session.token);
}
Reply Choose(const Server& s, const Session& session, const std::string& value) {
    return s.Post("/v1/cases/" + session.case_id + "/turns", {{"choice", value}}, session.token);
}

std::string InboundSignature(const std::string& body) {
    return seam::identity::HmacSha256Hex(Server::SiteKey(Auth::kInboundPurpose), body);
}

}  // namespace

TEST_CASE("server: health, metrics, and JSON errors for unknown paths, bad bodies and big bodies") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Reply health = s.Get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.body["status"] == "ok");

    Reply missing = s.Get("/v1/nothing-here");
    CHECK(missing.status == 404);
    CHECK(missing.body["error"]["code"] == "seam.api.not_found");

    const std::string garbage = "{not json";
    Reply bad = s.Send("POST", "/v1/sessions", nullptr, "", {}, &garbage);
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["code"] == "seam.api.bad_json");

    const std::string huge(64 * 1024, 'x');
    Reply big = s.Send("POST", "/v1/sessions", nullptr, "", {}, &huge);
    CHECK(big.status == 413);
    CHECK(big.body["error"]["code"] == "seam.api.too_large");

    Reply metrics = s.Get("/metrics");
    CHECK(metrics.status == 200);
    CHECK(metrics.body.get<std::string>().find("seam_http_requests_total") != std::string::npos);
    (void)kNow;
}

TEST_CASE("server: an identified customer's order status is looked up in the demo store") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session ana = Open(s, {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    CHECK_FALSE(ana.customer_token.empty());
    Reply turn = Say(s, ana, "where is my order LW-104233?");
    REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
    const std::string said = SaidText(turn.body);
    INFO(said);
    CHECK(said.find("LW-104233") != std::string::npos);
    CHECK(said.find("UPS") != std::string::npos);
    CHECK(turn.body["actions"][0]["outcome"] == "ok");
}

TEST_CASE(
    "server: an anonymous visitor cannot read an order; another customer's order is refused") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    Reply anon = Say(s, visitor, "where is my order LW-104233?");
    REQUIRE(anon.status == 200);
    CHECK(anon.body["actions"][0]["outcome"] != "ok");
    CHECK(SaidText(anon.body).find("UPS") == std::string::npos);

    Session ana = Open(s, {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    Reply other = Say(s, ana, "where is my order LW-104240?");  // Lucía's
    REQUIRE(other.status == 200);
    CHECK(other.body["actions"][0]["outcome"] != "ok");
    CHECK(SaidText(other.body).find("DHL") == std::string::npos);
}

TEST_CASE("server: a visitor unlocks one order with its email, gets a replacement and its label") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    auto act = [&](const Session& who, const std::string& name, const json& params) {
        return s.Post("/v1/cases/" + who.case_id + "/actions", {{"name", name}, {"params", params}},
                      who.token);
    };
    Reply locked = act(visitor, "lookup_order", {{"order_number", "LW-104198"}});
    REQUIRE_MESSAGE(locked.status == 200, locked.body.dump());
    CHECK(locked.body["outcome"] == "not_verified");
    Reply wrong = act(visitor, "verify_order",
                      {{"order_number", "LW-104198"}, {"email", "someone@example.com"}});
    CHECK(wrong.body["outcome"] == "mismatch");
    CHECK(wrong.body["result"]["attempts_left"] == 2);
    Reply ok =
        act(visitor, "verify_order", {{"order_number", "104198"}, {"email", "Ana@Example.com"}});
    REQUIRE(ok.body["outcome"] == "ok");
    CHECK(act(visitor, "lookup_order", {{"order_number", "LW-104198"}}).body["outcome"] == "ok");
    CHECK(act(visitor, "lookup_order", {{"order_number", "LW-104233"}}).body["outcome"] ==
          "not_verified");
    Reply replaced = act(visitor, "request_replacement", {{"order_number", "LW-104198"}});
    REQUIRE_MESSAGE(replaced.body["outcome"] == "ok", replaced.body.dump());
    const std::string label_url = replaced.body["result"]["label_url"];
    CHECK(s.Get(label_url, visitor.token).status == 200);
    Session stranger = Open(s);
    CHECK(s.Get(label_url, stranger.token).status == 404);
    CHECK(act(stranger, "lookup_order", {{"order_number", "LW-104198"}}).body["outcome"] ==
          "not_verified");
}

TEST_CASE("server: forged, expired and malformed identity proofs are refused; user_hash works") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Reply forged = s.Post("/v1/sessions",
                          {{"identity", {{"token", SiteJwt("demo-ana", 600, "not-the-secret")}}}});
    CHECK(forged.status == 401);
    CHECK(forged.body["error"]["code"] == "seam.identity.signature");
    Reply expired = s.Post("/v1/sessions", {{"identity", {{"token", SiteJwt("demo-ana", -3600)}}}});
    CHECK(expired.status == 401);
    CHECK(expired.body["error"]["code"] == "seam.identity.expired");
    Reply garbage = s.Post("/v1/sessions", {{"identity", {{"token", "a.b"}}}});
    CHECK(garbage.status == 401);
    Reply hash_ok = s.Post(
        "/v1/sessions",
        {{"identity",
          {{"user_id", "demo-tom"},
           {"user_hash",
            seam::identity::HmacSha256Hex(Server::SiteKey(Auth::kUserHashPurpose), "demo-tom")}}}});
    CHECK(hash_ok.status == 201);
    Reply hash_bad =
        s.Post("/v1/sessions",
               {{"identity", {{"user_id", "demo-tom"}, {"user_hash", std::string(64, 'a')}}}});
    CHECK(hash_bad.status == 401);
    Reply no_token = s.Get("/v1/cases/c_nothing");
    CHECK(no_token.status == 401);
    CHECK(no_token.body["error"]["code"] == "seam.api.unauthorized");
}

TEST_CASE("server: a return is idempotent under retries with the same Idempotency-Key") {
    TempDir dir;
    {
        Server s(dir.path.string());
        REQUIRE(s.ready());
        Session ana = Open(s, {{"identity", {{"token", SiteJwt("demo-ana")}}}});
        const json request = {{"name", "create_return"},
                              {"params", {{"order_number", "LW-104198"}, {"reason", "too_small"}}}};
        const httplib::Headers key = {{"Idempotency-Key", "return-once-1"}};
        Reply first = s.Post("/v1/cases/" + ana.case_id + "/actions", request, ana.token, key);
        REQUIRE_MESSAGE(first.status == 200, first.body.dump());
        CHECK(first.body["outcome"] == "ok");
        CHECK(first.body["replayed"] == false);
        Reply again = s.Post("/v1/cases/" + ana.case_id + "/actions", request, ana.token, key);
        REQUIRE(again.status == 200);
        CHECK(again.body["replayed"] == true);
        CHECK(again.body["result"] == first.body["result"]);
        json other = request;
        other["params"]["reason"] = "changed_mind";
        Reply reused = s.Post("/v1/cases/" + ana.case_id + "/actions", other, ana.token, key);
        CHECK(reused.status == 422);
        CHECK(reused.body["error"]["code"] == "seam.actions.idempotency");

        // The label the result links to: Ana's to read, nobody else's.
        const std::string label_url = first.body["result"]["label_url"];
        Reply label = s.Get(label_url, ana.token);
        REQUIRE_MESSAGE(label.status == 200, label.body.dump());
        CHECK(label.body["label"]["order"] == "LW-104198");
        Session tom =
            Open(s, {{"identity",
                      {{"user_id", "demo-tom"},
                       {"user_hash", seam::identity::HmacSha256Hex(
                                         Server::SiteKey(Auth::kUserHashPurpose), "demo-tom")}}}});
        CHECK(s.Get(label_url, tom.token).status == 404);
        CHECK(s.Get(label_url, tom.customer_token).status == 404);
        CHECK(s.Get(label_url).status == 401);
    }
    auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
    REQUIRE(db);
    auto count = (*db)->Prepare(
        "SELECT COUNT(*) FROM returns r JOIN orders o ON o.id = r.order_id WHERE o.number = "
        "'LW-104198'");
    REQUIRE(count);
    REQUIRE(count->Next());
    CHECK(count->Int(0) == 1);
}

TEST_CASE("server: a customer moves from the widget to email to the account page in one case") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session widget = Open(s, {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    Reply asked = Say(s, widget, "I won't be home on Friday, can you deliver another day?");
    REQUIRE(asked.status == 200);
    Reply number = Say(s, widget, "LW-104233");
    REQUIRE(number.status == 200);
    INFO(SaidText(number.body));

    const std::string body =
        json{{"from", "ana@example.com"}, {"text", "next Tuesday please"}}.dump();
    Reply mail = s.Send("POST", "/v1/channels/email/inbound", nullptr, "",
                        {{"X-Seam-Signature", InboundSignature(body)}}, &body);
    REQUIRE_MESSAGE(mail.status == 200, mail.body.dump());
    CHECK(mail.body["case_id"] == widget.case_id);  // the same case, not a new one
    INFO(SaidText(mail.body));
    CHECK(SaidText(mail.body).find("LW-104233") != std::string::npos);  // the order carried over

    Session account =
        Open(s, {{"channel", "account"}, {"identity", {{"token", SiteJwt("demo-ana")}}}});
    CHECK(account.case_id == widget.case_id);
    Reply c = s.Get("/v1/cases/" + account.case_id, account.token);
    REQUIRE(c.status == 200);
    CHECK(c.body["state"]["slots"]["order_number"] == "LW-104233");

    const std::string unsigned_body = json{{"from", "ana@example.com"}, {"text", "hi"}}.dump();
    Reply forged = s.Send("POST", "/v1/channels/email/inbound", nullptr, "",
                          {{"X-Seam-Signature", std::string(64, '0')}}, &unsigned_body);
    CHECK(forged.status == 401);
}

TEST_CASE("server: a stale write is refused with a conflict, never lost") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session tab = Open(s);
    Reply c = s.Get("/v1/cases/" + tab.case_id, tab.token);
    REQUIRE(c.status == 200);
    const std::int64_t version = c.body["version"];
    const std::string turns = "/v1/cases/" + tab.case_id + "/turns";
    Reply first = s.Post(turns, {{"text", "hi"}, {"version", version}}, tab.token);
    CHECK(first.status == 200);
    Reply second = s.Post(turns, {{"text", "hello again"}, {"version", version}}, tab.token);
    CHECK(second.status == 409);
    CHECK(second.body["error"]["code"] == "seam.cases.conflict");
    // The refused turn left nothing behind: the case is where the first one put it.
    Reply after = s.Get("/v1/cases/" + tab.case_id, tab.token);
    CHECK(after.body["version"] == first.body["version"]);
    for (const json& m : after.body["messages"])
        CHECK(m["text"] != "hello again");
    // A client cannot write the state (or a verified identity) at all: issue 17.
    json state = c.body["state"];
    state["customer"] = {{"id", "demo-ana"}, {"verified", true}};
    Reply smuggled = s.Put("/v1/cases/" + tab.case_id + "/state",
                           {{"version", after.body["version"]}, {"state", state}}, tab.token);
    CHECK(smuggled.status == 410);
    CHECK(smuggled.body["error"]["code"] == "seam.api.state_upload_removed");
    Reply still = s.Get("/v1/cases/" + tab.case_id, tab.token);
    CHECK(still.body["state"]["customer"].value("verified", false) == false);
}

TEST_CASE("server: turns sent at once to one case (two tabs) all run, one after another") {
    // Turns are planned without the store's lock and written only if the case is still at
    // the version they were planned from; a turn that lost the race plans again. None is lost
    // and none is written twice.
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session tab = Open(s);
    const int kTabs = 4, kTurns = 8;
    std::vector<std::future<int>> tabs;
    for (int t = 0; t < kTabs; ++t) {
        tabs.push_back(std::async(std::launch::async, [&, t] {
            int ok = 0;
            for (int i = 0; i < kTurns; ++i) {
                const std::string text = i % 2 ? "thanks" : "what is your return policy?";
                Reply r = Say(s, tab, text + " #" + std::to_string(t) + "." + std::to_string(i));
                if (r.status == 200) ++ok;
            }
            return ok;
        }));
    }
    int ok = 0;
    for (auto& f : tabs)
        ok += f.get();
    CHECK(ok == kTabs * kTurns);
    Reply c = s.Get("/v1/cases/" + tab.case_id, tab.token);
    REQUIRE(c.status == 200);
    CHECK(c.body["version"] == tab.version + kTabs * kTurns);  // one write per turn
    Reply messages = s.Get("/v1/cases/" + tab.case_id + "/messages", tab.token);
    REQUIRE(messages.status == 200);
    std::set<std::string> said;
    for (const json& m : messages.body["messages"]) {
        if (m["sender"] == "customer") CHECK(said.insert(m["text"].get<std::string>()).second);
    }
    CHECK(said.size() == static_cast<std::size_t>(kTabs * kTurns));
}

TEST_CASE("server: an escalation is claimed, answered live and resolved with a case note") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session ana = Open(s, {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    REQUIRE(Say(s, ana, "I want to talk to a person").status == 200);
    Reply routed = Choose(s, ana, "billing");
    REQUIRE_MESSAGE(routed.status == 200, routed.body.dump());
    CHECK(routed.body["status"] == "waiting_agent");

    Reply login = s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}});
    REQUIRE_MESSAGE(login.status == 200, login.body.dump());
    const std::string agent = login.body["token"];
    CHECK(s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "wrong"}}).status == 401);
    CHECK(s.Get("/v1/handoffs", ana.token).status == 403);  // customers are not operators

    Reply queue = s.Get("/v1/handoffs?skill=billing", agent);
    REQUIRE(queue.status == 200);
    REQUIRE(queue.body["handoffs"].size() >= 1);
    const std::int64_t id = queue.body["handoffs"][0]["id"];
    Reply claimed = s.Post("/v1/handoffs/" + std::to_string(id) + "/claim", json::object(), agent);
    REQUIRE_MESSAGE(claimed.status == 200, claimed.body.dump());
    CHECK(claimed.body["payload"]["queue"] == "billing");
    CHECK(claimed.body["customer"]["id"] == "demo-ana");
    CHECK(s.Post("/v1/handoffs/" + std::to_string(id) + "/claim", json::object(), agent).status ==
          409);

    Reply history = s.Get("/v1/cases/" + ana.case_id + "/messages?after=0", ana.token);
    const std::int64_t last = history.body["messages"].back()["id"];
    auto waiting = std::async(std::launch::async, [&] {
        return s.Get(
            "/v1/cases/" + ana.case_id + "/messages?after=" + std::to_string(last) + "&wait=10",
            ana.token);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Reply sent = s.Post("/v1/handoffs/" + std::to_string(id) + "/reply",
                        {{"text", "Hi Ana, I'm looking at your charges now."}}, agent);
    CHECK(sent.status == 201);
    Reply live = waiting.get();
    REQUIRE(live.status == 200);
    REQUIRE(live.body["messages"].size() == 1);
    CHECK(live.body["messages"][0]["sender"] == "agent");
    CHECK(live.body["messages"][0]["text"] == "Hi Ana, I'm looking at your charges now.");
    CHECK(live.body["messages"][0]["agent_name"] == "Maya Chen");
    const std::int64_t agent_said = live.body["messages"][0]["id"];

    // While a person has the conversation, what the customer writes goes to them, not the bot.
    Reply to_agent = Say(s, ana, "It's the 49 dollar one from last week");
    REQUIRE(to_agent.status == 200);
    CHECK(to_agent.body["effects"].empty());
    CHECK(to_agent.body["status"] == "with_agent");
    Reply desk = s.Get("/v1/handoffs/" + std::to_string(id), agent);
    CHECK(desk.body["messages"].back()["text"] == "It's the 49 dollar one from last week");

    Reply resolved =
        s.Post("/v1/handoffs/" + std::to_string(id) + "/resolve", {{"outcome", "resolved"}}, agent);
    REQUIRE(resolved.status == 200);
    CHECK(resolved.body["status"] == "resolved");
    CHECK(resolved.body["note"].get<std::string>().find("looking at your charges") !=
          std::string::npos);
    // The widget hears of it at once: a system message wakes its long poll.
    Reply closing =
        s.Get("/v1/cases/" + ana.case_id + "/messages?after=" + std::to_string(agent_said + 1),
              ana.token);
    REQUIRE(closing.body["messages"].size() == 1);
    CHECK(closing.body["messages"][0]["sender"] == "system");
    CHECK(closing.body["messages"][0]["text"] == "case_resolved");

    Reply kpis = s.Get("/v1/kpis", agent);
    CHECK(kpis.status == 200);
}

TEST_CASE("server: data and sessions survive a restart") {
    TempDir dir;
    Session ana;
    {
        Server s(dir.path.string());
        REQUIRE(s.ready());
        ana = Open(s, {{"identity", {{"token", SiteJwt("demo-ana")}}}});
        REQUIRE(Say(s, ana, "I want to return something").status == 200);
    }
    Server again(dir.path.string());
    REQUIRE(again.ready());
    Reply c = again.Get("/v1/cases/" + ana.case_id, ana.token);
    REQUIRE_MESSAGE(c.status == 200, c.body.dump());
    CHECK(c.body["state"]["flow"] == "return_refund");
    CHECK(c.body["messages"].size() >= 2);
}

TEST_CASE("server: too many requests from one address get 429 with Retry-After") {
    TempDir dir;
    Server s(dir.path.string(), 60);
    REQUIRE(s.ready());
    int limited = 0;
    for (int i = 0; i < 40; ++i) {
        Reply r = s.Get("/v1/me/orders");
        if (r.status == 429) {
            ++limited;
            CHECK(r.body["error"]["code"] == "seam.api.rate_limited");
        }
    }
    CHECK(limited > 0);
}

TEST_CASE("server: handoff.created and case.resolved webhooks arrive signed") {
    // The business's receiver: records what arrives.
    std::mutex mutex;
    std::vector<std::pair<std::string, httplib::Request>> received;
    httplib::Server receiver;
    receiver.Post("/hooks/seam", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard<std::mutex> guard(mutex);
        received.emplace_back(req.get_header_value("X-Seam-Event"), req);
        res.status = 204;
    });
    const int port = receiver.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { receiver.listen_after_bind(); });

    TempDir dir;
    Server s(dir.path.string(), 0, "http://127.0.0.1:" + std::to_string(port) + "/hooks/seam");
    REQUIRE(s.ready());
    Session ana = Open(s, {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    REQUIRE(Say(s, ana, "I want to talk to a person").status == 200);
    REQUIRE(Choose(s, ana, "billing").status == 200);
    const std::string agent =
        s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}})
            .body["token"];
    const std::int64_t id = s.Get("/v1/handoffs?skill=billing", agent).body["handoffs"][0]["id"];
    REQUIRE(s.Post("/v1/handoffs/" + std::to_string(id) + "/claim", json::object(), agent).status ==
            200);
    REQUIRE(
        s.Post("/v1/handoffs/" + std::to_string(id) + "/resolve", {{"outcome", "resolved"}}, agent)
            .status == 200);

    for (int i = 0; i < 100; ++i) {  // delivered asynchronously, right after each commit
        {
            std::lock_guard<std::mutex> guard(mutex);
            if (received.size() >= 2) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    receiver.stop();
    serving.join();
    REQUIRE(received.size() == 2);
    CHECK(received[0].first == "handoff.created");
    CHECK(received[1].first == "case.resolved");
    for (const auto& [event, req] : received) {
        CHECK(req.get_header_value("X-Seam-Signature") ==
              seam::identity::HmacSha256Hex(Server::kWebhookSecret, req.body));
        const json body = json::parse(req.body);
        CHECK(body["event"] == event);
        CHECK(body["data"]["case_id"] == ana.case_id);
    }
    CHECK(json::parse(received[0].second.body)["data"]["payload"]["queue"] == "billing");
}

TEST_CASE("server: a message sent twice with the same client_id runs once") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    const json said = {{"text", "where is my order?"}, {"client_id", "m-1"}, {"with_state", true}};
    const std::string path = "/v1/cases/" + visitor.case_id + "/turns";
    Reply first = s.Post(path, said, visitor.token);
    REQUIRE_MESSAGE(first.status == 200, first.body.dump());
    CHECK(first.body["state"]["flow"] == "order_status");
    Reply again = s.Post(path, said, visitor.token);  // the widget retrying after a timeout
    REQUIRE(again.status == 200);
    CHECK(again.body["replayed"] == true);
    CHECK(again.body["effects"] == first.body["effects"]);
    CHECK(again.body["version"] == first.body["version"]);
    Reply c = s.Get("/v1/cases/" + visitor.case_id, visitor.token);
    int customer_lines = 0;
    for (const json& m : c.body["messages"])
        customer_lines += m["sender"] == "customer";
    CHECK(customer_lines == 1);
    Reply other = s.Post(path, {{"text", "hello"}, {"client_id", "m-1"}}, visitor.token);
    CHECK(other.status == 422);
    CHECK(other.body["error"]["code"] == "seam.service.client_id_reused");
}

TEST_CASE("server: the demo shop's server signs its signed-in customer's identity") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Reply signed_in = s.Post("/demo/identity", {{"customer", "demo-ana"}});
    REQUIRE_MESSAGE(signed_in.status == 200, signed_in.body.dump());
    Reply session = s.Post("/v1/sessions", {{"identity", {{"token", signed_in.body["token"]}}}});
    REQUIRE(session.status == 201);
    CHECK_FALSE(session.body["customer_token"].get<std::string>().empty());
    CHECK(session.body["today"] == "2026-11-22");
    Reply orders = s.Get("/v1/me/orders", session.body["customer_token"]);
    REQUIRE(orders.status == 200);
    CHECK(orders.body["orders"].size() >= 4);
    CHECK(s.Post("/demo/identity", {{"customer", "nobody"}}).status == 404);
}
