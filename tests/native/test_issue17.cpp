// tests/native/test_issue17.cpp — issue 17: a state with a wrong-typed field, or a request body
// with one, never stops seamd. Over HTTP against a real in-process server:
//   - the crash reproduction: the state upload is refused (410), turns go on answering;
//   - stored states corrupted in the SQLite file: the turn answers clearly, a person gets the
//     case once (reason state_unreadable), the server stays up, later turns answer too;
//   - the table of wrong-typed request bodies in data/bad_bodies.json: each a 400 naming its
//     field.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "api/auth.hpp"
#include "api/bodies.hpp"
#include "server_fixture.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

struct Session {
    std::string case_id, token;
};

Session Open(const Server& s, const json& body = json::object()) {
    Reply r = s.Post("/v1/sessions", body);
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"].get<std::string>(), r.body["session_token"].get<std::string>()};
}

Reply Say(const Server& s, const Session& session, const std::string& text) {
    return s.Post("/v1/cases/" + session.case_id + "/turns", {{"text", text}}, session.token);
}

std::string SaidText(const json& turn) {
    std::string all;
    if (!turn.contains("effects") || !turn["effects"].is_array()) return all;
    for (const json& e : turn["effects"]) {
        if (e.value("type", "") == "say") all += e.value("text", "") + "\n";
    }
    return all;
}

std::string AgentToken(const Server& s) {
    Reply login = s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}});
    REQUIRE_MESSAGE(login.status == 200, login.body.dump());
    return login.body["token"].get<std::string>();
}

// The handoffs of `case_id` in the open queue.
std::vector<json> HandoffsOf(const Server& s, const std::string& agent,
                             const std::string& case_id) {
    Reply queue = s.Get("/v1/handoffs", agent);
    REQUIRE(queue.status == 200);
    std::vector<json> out;
    for (const json& h : queue.body["handoffs"]) {
        if (h["case_id"] == case_id) out.push_back(h);
    }
    return out;
}

// Writes `state_text` as the case's stored state, straight into seamd's SQLite file (as a
// failed migration, a hand edit or an older server could leave it), with a new version so the
// server's cache of the case is not taken for the store.
void CorruptState(const TempDir& dir, const std::string& case_id, const std::string& state_text) {
    auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
    REQUIRE(db);
    auto stmt = (*db)->Prepare("UPDATE cases SET state = ?, version = version + 1 WHERE id = ?");
    REQUIRE(stmt);
    REQUIRE(stmt->Bind(1, state_text).Bind(2, case_id).Run());
    CHECK((*db)->Changes() == 1);
}

std::string StoredState(const TempDir& dir, const std::string& case_id) {
    auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
    REQUIRE(db);
    auto stmt = (*db)->Prepare("SELECT state FROM cases WHERE id = ?");
    REQUIRE(stmt);
    stmt->Bind(1, case_id);
    REQUIRE(stmt->Next());
    return stmt->Text(0);
}

}  // namespace

TEST_CASE("issue 17: a state upload with a wrong-typed step is refused and turns keep working") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    Reply c = s.Get("/v1/cases/" + visitor.case_id, visitor.token);
    REQUIRE(c.status == 200);
    json state = c.body["state"];
    // The reported crash: a running flow whose step is a number. Before the fix the upload was
    // stored (200) and the next turn stopped seamd inside nlohmann's from_json.
    state["flow"] = "order_status";
    state["waiting"] = "input";
    state["step"] = 12;
    Reply put = s.Put("/v1/cases/" + visitor.case_id + "/state",
                      {{"version", c.body["version"]}, {"state", state}}, visitor.token);
    CHECK(put.status == 410);
    CHECK(put.body["error"]["code"] == "seam.api.state_upload_removed");
    CHECK(put.body["error"]["message"].get<std::string>().find("turns") != std::string::npos);
    // Nothing was stored: the case is as it was.
    Reply after = s.Get("/v1/cases/" + visitor.case_id, visitor.token);
    CHECK(after.body["version"] == c.body["version"]);
    CHECK(after.body["state"]["step"].is_null());
    // The next turn is answered, and so is every later one.
    for (const char* text : {"hi", "where is my order?", "thanks"}) {
        Reply turn = Say(s, visitor, text);
        REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
        CHECK_FALSE(SaidText(turn.body).empty());
    }
    CHECK(s.Get("/healthz").status == 200);
    // Without a token it is refused like any other case route.
    CHECK(s.Put("/v1/cases/" + visitor.case_id + "/state", {{"state", state}}).status == 401);
}

TEST_CASE("issue 17: no client can write bot lines into the transcript") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    const json transcript =
        json::array({{{"from", "seam"}, {"text", "Your refund was approved."}}});
    Reply put = s.Put("/v1/cases/" + visitor.case_id + "/state",
                      {{"version", 1}, {"state", json::object()}, {"transcript", transcript}},
                      visitor.token);
    CHECK(put.status == 410);
    // A turn's text is the customer's, whatever it says.
    Reply turn =
        s.Post("/v1/cases/" + visitor.case_id + "/turns",
               {{"text", "Your refund was approved."}, {"channel", "widget"}}, visitor.token);
    REQUIRE(turn.status == 200);
    Reply messages = s.Get("/v1/cases/" + visitor.case_id + "/messages", visitor.token);
    REQUIRE(messages.status == 200);
    for (const json& m : messages.body["messages"]) {
        if (m["text"] == "Your refund was approved.") CHECK(m["sender"] == "customer");
    }
}

TEST_CASE("issue 17: a stored state that cannot be read gets a clear answer and one handoff") {
    struct Corruption {
        const char* name;
        const char* locale;  // of the session
        std::function<std::string(json)> apply;
        const char* first_words;  // of the apology, in the expected language
    };
    const std::vector<Corruption> corruptions = {
        {"step as a number", "en",
         [](json st) {
             st["step"] = 3;
             return st.dump();
         },
         "Sorry"},
        {"a running flow's step as a number", "en",
         [](json st) {
             st["flow"] = "order_status";
             st["waiting"] = "input";
             st["step"] = 3;
             return st.dump();
         },
         "Sorry"},
        {"step as a number, Spanish case", "es",
         [](json st) {
             st["step"] = 3;
             return st.dump();
         },
         "Lo siento"},
        {"locale as an array", "en",
         [](json st) {
             st["locale"] = json::array({"en"});
             return st.dump();
         },
         "Sorry"},
        {"version as a string", "es",
         [](json st) {
             st["version"] = "1";
             return st.dump();
         },
         "Lo siento"},
        {"history.steps holding a number", "en",
         [](json st) {
             st["history"]["steps"].push_back(7);
             return st.dump();
         },
         "Sorry"},
        {"a missing field (slots)", "en",
         [](json st) {
             st.erase("slots");
             return st.dump();
         },
         "Sorry"},
        {"not an object", "en", [](json) { return std::string("[1, 2, 3]"); }, "Sorry"},
        {"not JSON", "en", [](json) { return std::string("{\"version\": 1, \"step"); }, "Sorry"},
    };
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    const std::string agent = AgentToken(s);
    for (const Corruption& k : corruptions) {
        CAPTURE(k.name);
        Session visitor = Open(s, {{"locale", k.locale}});
        Reply hello = Say(s, visitor, "hi");  // a real state, remembered by the server
        REQUIRE(hello.status == 200);
        Reply c = s.Get("/v1/cases/" + visitor.case_id, visitor.token);
        REQUIRE(c.status == 200);
        const std::string corrupt = k.apply(c.body["state"]);
        CorruptState(dir, visitor.case_id, corrupt);

        Reply first = Say(s, visitor, "where is my order LW-104233?");
        REQUIRE_MESSAGE(first.status == 200, first.body.dump());
        CHECK(SaidText(first.body).rfind(k.first_words, 0) == 0);
        CHECK(first.body["status"] == "waiting_agent");
        bool handoff_effect = false;
        for (const json& e : first.body["effects"])
            handoff_effect |= e["type"] == "handoff" && e["reason"] == "state_unreadable";
        CHECK(handoff_effect);
        std::vector<json> queued = HandoffsOf(s, agent, visitor.case_id);
        REQUIRE(queued.size() == 1);
        CHECK(queued[0]["reason"] == "state_unreadable");
        // The agent sees what the customer wrote.
        Reply h =
            s.Get("/v1/handoffs/" + std::to_string(queued[0]["id"].get<std::int64_t>()), agent);
        REQUIRE(h.status == 200);
        CHECK(h.body["payload"]["reason"] == "state_unreadable");
        CHECK(h.body["payload"]["transcript"].dump().find("LW-104233") != std::string::npos);
        CHECK(h.body["payload"]["channel"] == "widget");

        // Later turns: answered, no second handoff, the server still up.
        Reply second = Say(s, visitor, "hello?");
        REQUIRE_MESSAGE(second.status == 200, second.body.dump());
        CHECK_FALSE(SaidText(second.body).empty());
        Reply third = s.Post("/v1/cases/" + visitor.case_id + "/turns",
                             {{"choice", "talk_to_human"}}, visitor.token);
        REQUIRE(third.status == 200);
        CHECK(HandoffsOf(s, agent, visitor.case_id).size() == 1);
        CHECK(s.Get("/healthz").status == 200);
        // The unreadable state is kept as it was stored, for whoever looks into it.
        CHECK(StoredState(dir, visitor.case_id) == corrupt);
        // Reading the case does not fail either.
        CHECK(s.Get("/v1/cases/" + visitor.case_id, visitor.token).status == 200);
    }
    // Other cases are untouched by all this.
    Session fresh = Open(s);
    Reply turn = Say(s, fresh, "where is my order?");
    REQUIRE(turn.status == 200);
    CHECK(SaidText(turn.body).find("something went wrong") == std::string::npos);
}

TEST_CASE(
    "issue 17: wrong-typed request bodies are a 400 naming the field (data/bad_bodies.json)") {
    std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/tests/native/data/bad_bodies.json");
    std::stringstream text;
    text << in.rdbuf();
    const json table = json::parse(text.str(), nullptr, false);
    REQUIRE(table.is_object());
    REQUIRE(table["cases"].is_array());
    REQUIRE(table["cases"].size() >= 20);

    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    const Session visitor = Open(s);
    const std::string agent = AgentToken(s);
    for (const json& row : table["cases"]) {
        const std::string route = row["route"];
        CAPTURE(route);
        CAPTURE(row["body"].dump());
        const std::string method = route.substr(0, route.find(' '));
        std::string path = route.substr(route.find(' ') + 1);
        for (const auto& [from, to] :
             {std::pair<std::string, std::string>{"{case}", visitor.case_id}, {"{handoff}", "1"}}) {
            const auto at = path.find(from);
            if (at != std::string::npos) path.replace(at, from.size(), to);
        }
        const std::string body = row["body"].dump();
        const std::string auth = row["auth"];
        httplib::Headers headers;
        std::string token;
        if (auth == "session") token = visitor.token;
        if (auth == "agent") token = agent;
        if (auth == "signed")
            headers.emplace("X-Seam-Signature",
                            seam::identity::HmacSha256Hex(
                                Server::SiteKey(seam::api::Auth::kInboundPurpose), body));
        Reply r = s.Send(method, path, nullptr, token, headers, &body);
        CHECK(r.status == 400);
        REQUIRE(r.body.is_object());
        CHECK(r.body["error"]["code"] == "seam.api.bad_field");
        const std::string message = r.body["error"]["message"];
        CHECK(message.rfind(row["field"].get<std::string>() + ":", 0) == 0);
        CHECK(message.find(row["expect"].get<std::string>()) != std::string::npos);
    }
    // Still up, and a correct turn still works exactly as before.
    CHECK(s.Get("/healthz").status == 200);
    Reply ok = s.Post("/v1/cases/" + visitor.case_id + "/turns",
                      {{"text", "hi"}, {"with_state", true}, {"client_id", "m-1"}}, visitor.token);
    REQUIRE_MESSAGE(ok.status == 200, ok.body.dump());
    CHECK(ok.body["state"].is_object());
}

TEST_CASE("issue 17: the body parsers alone (what a fuzzer calls), on the same table") {
    std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/tests/native/data/bad_bodies.json");
    std::stringstream text;
    text << in.rdbuf();
    const json table = json::parse(text.str(), nullptr, false);
    REQUIRE(table.is_object());
    // The route's parser, by the route's last path segment.
    const auto parse = [](const std::string& route, const std::string& body) -> seam::Error {
        auto error = [](auto r) { return r ? seam::Error{} : r.error(); };
        if (route.find("/turns") != std::string::npos) return error(seam::api::ParseTurnBody(body));
        if (route.find("/sessions") != std::string::npos)
            return error(seam::api::ParseSessionBody(body));
        if (route.find("/actions") != std::string::npos)
            return error(seam::api::ParseActionBody(body));
        if (route.find("/csat") != std::string::npos) return error(seam::api::ParseCsatBody(body));
        if (route.find("/events") != std::string::npos)
            return error(seam::api::ParsePageEventBody(body));
        if (route.find("/inbound") != std::string::npos)
            return error(seam::api::ParseInboundBody(body));
        if (route.find("/login") != std::string::npos)
            return error(seam::api::ParseLoginBody(body));
        if (route.find("/reply") != std::string::npos)
            return error(seam::api::ParseReplyBody(body));
        if (route.find("/resolve") != std::string::npos)
            return error(seam::api::ParseResolveBody(body));
        return seam::Error::Make("test.no_parser", route);
    };
    for (const json& row : table["cases"]) {
        const std::string route = row["route"];
        CAPTURE(route);
        const seam::Error e = parse(route, row["body"].dump());
        CHECK(e.id == "seam.api.bad_field");
        CHECK(e.message.find("] " + row["field"].get<std::string>() + ":") != std::string::npos);
    }
    // Not a JSON object: bad_json; an empty body is {}; correct bodies parse as before.
    CHECK(seam::api::ParseTurnBody("[1]").error().id == "seam.api.bad_json");
    CHECK(seam::api::ParseTurnBody("{\"text\": ").error().id == "seam.api.bad_json");
    CHECK(seam::api::ParseBodyObject("").ok());
    auto turn = seam::api::ParseTurnBody(
        R"({"text": "hi", "choice": null, "with_state": true, "version": 3, "client_id": "m1"})");
    REQUIRE(turn);
    CHECK(turn->text == "hi");
    CHECK(turn->choice.empty());
    CHECK(turn->with_state);
    CHECK(turn->version == std::optional<std::int64_t>(3));
    CHECK(turn->client_id == "m1");
    auto session = seam::api::ParseSessionBody(R"({"identity": {"token": "x"}, "new_case": true})");
    REQUIRE(session);
    CHECK(session->identity.is_object());
    CHECK(session->new_case);
}

// Review of issue 17: turn records (client_id) expire like actions' keys, and turns purge the
// old ones too, so a busy widget with no actions does not grow the table forever.
TEST_CASE("issue 17: turns purge idempotency records older than 24 hours") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    const Session visitor = Open(s);
    {
        auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
        REQUIRE(db);
        auto put = (*db)->Prepare(
            "INSERT INTO idempotency(scope, key, request_hash, status, response, created_at) "
            "VALUES (?, ?, 'h', 200, '{}', ?)");
        REQUIRE(put);
        for (int i = 0; i < 40; ++i) {
            REQUIRE(put->Bind(1, "turn:old-case")
                        .Bind(2, "old-" + std::to_string(i))
                        .Bind(3, std::int64_t{1000 + i})
                        .Run());
            put->Reset();
        }
    }
    auto old_rows = [&] {
        auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
        auto q = (*db)->Prepare("SELECT COUNT(*) FROM idempotency WHERE scope = 'turn:old-case'");
        return q->Next() ? q->Int(0) : -1;
    };
    REQUIRE(old_rows() == 40);
    for (int i = 0; i < 2; ++i) {
        Reply r = s.Post("/v1/cases/" + visitor.case_id + "/turns",
                         {{"text", "hi"}, {"client_id", "m-" + std::to_string(i)}}, visitor.token);
        REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    }
    CHECK(old_rows() == 0);
    // The turns' own records stay (and still replay).
    Reply again = s.Post("/v1/cases/" + visitor.case_id + "/turns",
                         {{"text", "hi"}, {"client_id", "m-1"}}, visitor.token);
    REQUIRE(again.status == 200);
    CHECK(again.body["replayed"] == true);
}
