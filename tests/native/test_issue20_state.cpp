// tests/native/test_issue20_state.cpp — issue 20: the conversation state seamd stores holds what
// the engine needs to resume, not the transcript (the messages table has every line). Over HTTP
// against a real in-process server:
//   - the stored state has no history.transcript and stays the same size however many turns;
//   - a case stored by an older seamd, with a transcript in its state, loads and resumes (the
//     transcript is dropped, the flow goes on where it was);
//   - a handoff's payload still carries the conversation's lines, read from the messages table;
//   - a turn writes one event for the customer's message and what it was understood as.
#include <doctest/doctest.h>

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

Session Open(const Server& s) {
    Reply r = s.Post("/v1/sessions", json::object());
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return {r.body["case"]["id"].get<std::string>(), r.body["session_token"].get<std::string>()};
}

Reply Say(const Server& s, const Session& session, const std::string& text) {
    return s.Post("/v1/cases/" + session.case_id + "/turns", {{"text", text}}, session.token);
}

std::string SaidText(const json& turn) {
    std::string all;
    for (const json& e : turn["effects"]) {
        if (e.value("type", "") == "say") all += e.value("text", "") + "\n";
    }
    return all;
}

std::unique_ptr<seam::store::Db> OpenStore(const TempDir& dir) {
    auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
    REQUIRE(db);
    return std::move(*db);
}

std::string StoredState(const TempDir& dir, const std::string& case_id) {
    auto db = OpenStore(dir);
    auto stmt = db->Prepare("SELECT state FROM cases WHERE id = ?");
    REQUIRE(stmt);
    stmt->Bind(1, case_id);
    REQUIRE(stmt->Next());
    return stmt->Text(0);
}

std::int64_t Count(const TempDir& dir, const std::string& sql, const std::string& case_id) {
    auto db = OpenStore(dir);
    auto stmt = db->Prepare(sql);
    REQUIRE(stmt);
    stmt->Bind(1, case_id);
    REQUIRE(stmt->Next());
    return stmt->Int(0);
}

}  // namespace

TEST_CASE("issue 20: the stored state keeps no transcript and does not grow with the turns") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    const char* texts[] = {"hi", "what is your return policy?", "how long does shipping take?",
                           "thanks"};
    std::size_t size_at_40 = 0;
    for (int turn = 1; turn <= 80; ++turn) {
        Reply r = Say(s, visitor, texts[turn % 4]);
        REQUIRE_MESSAGE(r.status == 200, r.body.dump());
        if (turn == 40) size_at_40 = StoredState(dir, visitor.case_id).size();
    }
    const std::string stored = StoredState(dir, visitor.case_id);
    const json state = json::parse(stored);
    CHECK_FALSE(state["history"].contains("transcript"));
    CHECK_FALSE(state["history"].value("dropped", json::object()).contains("transcript"));
    // Every list of the history is at its cap by turn 40: 40 more turns change only counts.
    CAPTURE(stored);
    CHECK(stored.size() < size_at_40 + 64);
    CHECK(stored.size() < 4096);
    // The lines are all in the messages table.
    CHECK(Count(dir, "SELECT COUNT(*) FROM messages WHERE case_id = ? AND sender = 'customer'",
                visitor.case_id) == 80);
}

TEST_CASE("issue 20: a case stored with its transcript by an older seamd loads and resumes") {
    // SQLite's: no seamd before migration 10 kept a store on PostgreSQL (and an import takes
    // only an export of the same schema), so there migration 10 has nothing to do.
    if (seam::testing::OnPostgres()) return;
    TempDir dir;
    Session visitor;
    {
        Server s(dir.path.string());
        REQUIRE(s.ready());
        visitor = Open(s);
        Reply asked = Say(s, visitor, "where is my order?");
        REQUIRE_MESSAGE(asked.status == 200, asked.body.dump());
    }
    // What a seamd before issue 20 stored: the same state with the recent lines in it.
    json old = json::parse(StoredState(dir, visitor.case_id));
    REQUIRE(old["flow"] == "order_status");
    REQUIRE(old["waiting"] == "input");
    old["history"]["transcript"] = {{{"from", "customer"}, {"text", "where is my order?"}},
                                    {{"from", "seam"}, {"text", "Your order number, please?"}}};
    old["history"]["dropped"] = {{"transcript", 3}, {"intents", 1}};
    {
        auto db = OpenStore(dir);
        // As that seamd left it: schema 9 (the state migration not applied yet, nor 11's
        // recommendations.seq).
        REQUIRE(
            db->Exec("DROP INDEX recommendations_seq; ALTER TABLE recommendations DROP "
                     "COLUMN seq; DELETE FROM schema_migrations WHERE version >= 10"));
        auto stmt = db->Prepare("UPDATE cases SET state = ?, version = version + 1 WHERE id = ?");
        REQUIRE(stmt);
        REQUIRE(stmt->Bind(1, old.dump()).Bind(2, visitor.case_id).Run());
    }
    // The transcript is dropped once (migration 10) ...
    Server s(dir.path.string());
    REQUIRE(s.ready());
    json migrated = json::parse(StoredState(dir, visitor.case_id));
    CHECK_FALSE(migrated["history"].contains("transcript"));
    CHECK(migrated["history"]["dropped"] == json{{"intents", 1}});
    CHECK(migrated["step"] == old["step"]);
    // ... and a state that still has one (written back by hand, an import) is read without it.
    {
        auto db = OpenStore(dir);
        auto stmt = db->Prepare("UPDATE cases SET state = ?, version = version + 1 WHERE id = ?");
        REQUIRE(stmt);
        REQUIRE(stmt->Bind(1, old.dump()).Bind(2, visitor.case_id).Run());
    }
    Reply answered = Say(s, visitor, "LW-104233");
    REQUIRE_MESSAGE(answered.status == 200, answered.body.dump());
    CHECK(SaidText(answered.body).find("something went wrong") == std::string::npos);
    CHECK(answered.body["status"] != "waiting_agent");
    const json resumed = json::parse(StoredState(dir, visitor.case_id));
    CHECK_FALSE(resumed["history"].contains("transcript"));
    CHECK(resumed["slots"]["order_number"] == "LW-104233");
}

TEST_CASE("issue 20: a handoff's transcript is read from the messages table") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    REQUIRE(Say(s, visitor, "where is my order LW-104233?").status == 200);
    REQUIRE(Say(s, visitor, "I want to talk to a human").status == 200);
    // The talk_to_human flow asks what it is about; the tapped option hands off.
    Reply human = s.Post("/v1/cases/" + visitor.case_id + "/turns",
                         {{"choice", "orders"}, {"text", "An order or delivery"}}, visitor.token);
    REQUIRE_MESSAGE(human.status == 200, human.body.dump());
    CHECK(human.body["status"] == "waiting_agent");

    auto db = OpenStore(dir);
    auto stmt = db->Prepare("SELECT payload FROM handoffs WHERE case_id = ?");
    REQUIRE(stmt);
    stmt->Bind(1, visitor.case_id);
    REQUIRE(stmt->Next());
    const json payload = json::parse(stmt->Text(0));
    // Every line the customer saw and wrote, in order, from the first.
    json expected = json::array();
    auto lines = db->Prepare(
        "SELECT sender, text FROM messages WHERE case_id = ? AND sender <> 'system' ORDER BY id");
    REQUIRE(lines);
    lines->Bind(1, visitor.case_id);
    while (lines->Next()) {
        const std::string sender = lines->Text(0);
        expected.push_back({{"from", sender == "bot" ? "seam" : sender}, {"text", lines->Text(1)}});
    }
    CHECK(payload["transcript"] == expected);
    REQUIRE(payload["transcript"].size() >= 4);
    CHECK(payload["transcript"][0] ==
          json{{"from", "customer"}, {"text", "where is my order LW-104233?"}});
    bool asked = false;
    for (const json& line : payload["transcript"])
        asked |= line == json{{"from", "customer"}, {"text", "I want to talk to a human"}};
    CHECK(asked);
    // The tapped option as the customer saw it (the engine's own lines had its value).
    CHECK(payload["transcript"].dump().find("An order or delivery") != std::string::npos);
    CHECK(payload["transcript"].back()["from"] == "seam");
}

TEST_CASE("issue 20: a turn writes one event for the message and its intent") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Session visitor = Open(s);
    REQUIRE(Say(s, visitor, "what is your return policy?").status == 200);
    CHECK(Count(dir, "SELECT COUNT(*) FROM events WHERE case_id = ? AND kind = 'intent'",
                visitor.case_id) == 0);
    auto db = OpenStore(dir);
    auto stmt = db->Prepare(
        "SELECT intent, data FROM events WHERE case_id = ? AND kind = 'message_in' ORDER BY id");
    REQUIRE(stmt);
    stmt->Bind(1, visitor.case_id);
    REQUIRE(stmt->Next());
    const json data = json::parse(stmt->Text(1));
    CHECK(stmt->Text(0) == data["intent"].get<std::string>());
    CHECK_FALSE(data["intent"].get<std::string>().empty());
    CHECK(data["confidence"].is_number());
    CHECK_FALSE(stmt->Next());
}
