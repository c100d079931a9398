// tests/native/test_cluster.cpp — issue 20: several seamd nodes on one PostgreSQL store. Two
// nodes here are two Servers on the same data directory (so the same database, see
// server_fixture.hpp's PostgresStores), and a request goes to either, as a load balancer would
// send it: a customer's long poll on one node wakes when an agent answers on the other; a
// content version published on one is served by the other; a conversation continues on the
// other node from where it stopped; the outbox and the due proactive work run on one node at a
// time. Runs in the backend-postgres run (on SQLite one seamd serves a store file: skipped).
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "server_fixture.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::SiteJwt;
using seam::testing::TempDir;

namespace {

struct Session {
    std::string case_id, token;
};

Session OpenAna(const Server& s) {
    Reply r = s.Post("/v1/sessions", {{"identity", {{"token", SiteJwt("demo-ana")}}}});
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"], r.body["session_token"]};
}

Reply Turn(const Server& s, const Session& session, const json& body) {
    return s.Post("/v1/cases/" + session.case_id + "/turns", body, session.token);
}

std::string AgentToken(const Server& s, const std::string& login) {
    Reply r = s.Post("/v1/agents/login", {{"login", login}, {"secret", login + "-demo-secret"}});
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    return r.body["token"];
}

}  // namespace

TEST_CASE("cluster: a long poll on one node wakes when an agent answers on the other") {
    if (!seam::testing::OnPostgres()) return;
    TempDir dir;
    Server a(dir.path.string());
    Server b(dir.path.string());
    REQUIRE(a.ready());
    REQUIRE(b.ready());

    // Ana asks for a person on node A; Maya claims her handoff on node B.
    const Session ana = OpenAna(a);
    REQUIRE(Turn(a, ana, {{"text", "I want to talk to a person"}}).status == 200);
    Reply routed = Turn(a, ana, {{"choice", "billing"}});
    REQUIRE_MESSAGE(routed.status == 200, routed.body.dump());
    REQUIRE(routed.body["status"] == "waiting_agent");
    const std::string maya = AgentToken(b, "maya");
    Reply queue = b.Get("/v1/handoffs?skill=billing", maya);
    REQUIRE(queue.status == 200);
    REQUIRE(queue.body["handoffs"].size() >= 1);
    const std::int64_t id = queue.body["handoffs"][0]["id"];
    REQUIRE(b.Post("/v1/handoffs/" + std::to_string(id) + "/claim", json::object(), maya).status ==
            200);

    // Her widget waits on node A (up to 20 s) while Maya answers on node B: the answer reaches
    // the waiting poll (without the nodes telling each other, the poll would end empty).
    Reply history = a.Get("/v1/cases/" + ana.case_id + "/messages?after=0", ana.token);
    const std::int64_t last = history.body["messages"].back()["id"];
    auto waiting = std::async(std::launch::async, [&] {
        return a.Get(
            "/v1/cases/" + ana.case_id + "/messages?after=" + std::to_string(last) + "&wait=20",
            ana.token);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the poll is waiting
    Reply sent = b.Post("/v1/handoffs/" + std::to_string(id) + "/reply",
                        {{"text", "Hi Ana, Maya here, on the other node."}}, maya);
    REQUIRE(sent.status == 201);
    Reply live = waiting.get();
    REQUIRE(live.status == 200);
    REQUIRE(live.body["messages"].size() == 1);
    CHECK(live.body["messages"][0]["sender"] == "agent");
    CHECK(live.body["messages"][0]["text"] == "Hi Ana, Maya here, on the other node.");

    // What she writes next, on node B, reaches Maya's desk read on node A.
    REQUIRE(Turn(b, ana, {{"text", "Thanks, it is the 49 dollar charge"}}).status == 200);
    Reply desk = a.Get("/v1/handoffs/" + std::to_string(id), maya);
    REQUIRE(desk.status == 200);
    CHECK(desk.body["messages"].back()["text"] == "Thanks, it is the 49 dollar charge");
}

TEST_CASE("cluster: a conversation goes on on the other node from where it stopped") {
    if (!seam::testing::OnPostgres()) return;
    TempDir dir;
    Server a(dir.path.string());
    Server b(dir.path.string());
    REQUIRE(a.ready());
    REQUIRE(b.ready());
    const Session ana = OpenAna(a);
    Reply asked = Turn(a, ana, {{"text", "where is my order?"}});
    REQUIRE_MESSAGE(asked.status == 200, asked.body.dump());
    // Each node keeps the cases it served in memory; the other node's turn (a newer version)
    // makes node A read the store again instead of answering from what it remembers.
    Reply on_b = Turn(b, ana, {{"text", "never mind"}});
    REQUIRE_MESSAGE(on_b.status == 200, on_b.body.dump());
    Reply back_on_a = Turn(a, ana, {{"text", "where is my order?"}});
    REQUIRE_MESSAGE(back_on_a.status == 200, back_on_a.body.dump());
    Reply read_on_b = b.Get("/v1/cases/" + ana.case_id, ana.token);
    REQUIRE(read_on_b.status == 200);
    CHECK(read_on_b.body["version"] == back_on_a.body["version"]);
    // The same client_id sent to both nodes is one turn: the second node answers with the first
    // node's answer (a proxy retrying on another node).
    Reply first = Turn(a, ana, {{"text", "thanks"}, {"client_id", "retry-1"}});
    Reply again = Turn(b, ana, {{"text", "thanks"}, {"client_id", "retry-1"}});
    REQUIRE(first.status == 200);
    REQUIRE(again.status == 200);
    CHECK(again.body.value("replayed", false));
    json replayed = again.body;
    replayed.erase("replayed");
    CHECK(replayed == first.body);
}

//! Ana, in Spanish, asks where her order is and picks the first one: what the bot says of it.
std::string OrderStatusWords(const Server& s) {
    Reply id = s.Post("/demo/identity", {{"customer", "demo-ana"}});
    REQUIRE(id.status == 200);
    Reply session =
        s.Post("/v1/sessions",
               {{"locale", "es"}, {"identity", {{"token", id.body["token"]}}}, {"new_case", true}});
    REQUIRE_MESSAGE(session.status == 201, session.body.dump());
    const Session c{session.body["case"]["id"], session.body["session_token"]};
    Reply asked = Turn(s, c, {{"text", "¿dónde está mi pedido?"}});
    REQUIRE_MESSAGE(asked.status == 200, asked.body.dump());
    std::string order;
    for (const json& e : asked.body["effects"]) {
        if (e.value("type", "") != "replies") continue;
        for (const json& r : e["options"]) {
            const std::string v = r.value("value", "");
            if (v.rfind("LW-", 0) == 0 && order.empty()) order = v;
        }
    }
    REQUIRE_MESSAGE(!order.empty(), asked.body.dump());
    Reply picked = Turn(s, c, {{"choice", order}});
    REQUIRE_MESSAGE(picked.status == 200, picked.body.dump());
    std::string said;
    for (const json& m : picked.body["messages"])
        if (m["sender"] == "bot") said += m["text"].get<std::string>() + "\n";
    return said;
}

TEST_CASE("cluster: a content version published on one node is served by the other") {
    if (!seam::testing::OnPostgres()) return;
    TempDir dir;
    Server a(dir.path.string());
    Server b(dir.path.string());
    REQUIRE(a.ready());
    REQUIRE(b.ready());
    CHECK(OrderStatusWords(b).find("Novedad: ") == std::string::npos);

    // Maya publishes new Spanish words for the order status on node A.
    const std::string maya = AgentToken(a, "maya");
    Reply exported = a.Get("/v1/content/export", maya);
    REQUIRE(exported.status == 200);
    std::string text = exported.body["files"]["flows/order_status.json"];
    const std::string from = "\"es\": [\"{{slot.order_number}}";
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "\"es\": [\"Novedad: {{slot.order_number}}");
    Reply published = a.Post(
        "/v1/content/publish",
        {{"note", "Spanish wording"},
         {"changes",
          json::array(
              {{{"path", "flows/order_status.json"}, {"text", text}, {"base_revision", 1}}})}},
        maya);
    REQUIRE_MESSAGE(published.status == 200, published.body.dump());

    // Node B hears of it and serves it to new conversations (it builds the version first: the
    // test looks again for a while).
    std::string words;
    for (int i = 0; i < 100; ++i) {
        words = OrderStatusWords(b);
        if (words.find("Novedad: ") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK_MESSAGE(words.find("Novedad: ") != std::string::npos, words);
}
