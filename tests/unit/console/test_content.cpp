// tests/unit/console/test_content.cpp — the console's content model (seam/console/content.hpp;
// issue 19) through the scripted transport: the published set loaded after a login (with the
// drafts saved on seamd), local drafts and the draft set, the checker's problems recomputed on
// every change, saving a draft, publishing with the base revisions and reading 200 / 409 (whose
// change won) / 422 (problems, failing tests), history with a release's diffs, rollback, an
// agent who may only draft, and a logout that forgets everything.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../support/files.hpp"
#include "fake_transport.hpp"
#include "seam/console/api.hpp"
#include "seam/console/content.hpp"
#include "seam/console/session.hpp"

using nlohmann::json;
using namespace seam::console;
using seam::console::testing::FakeTransport;

namespace {

// [SECTION] Fixtures

std::string Asset(const std::string& path) {
    return seam::testing::ReadFile(seam::testing::SourcePath("assets/" + path));
}

//! A small flow of our own: easy to break in the ways the checker must see.
const char* const kHello = R"({
  "flow": "hello", "version": 1, "intents": [], "slots": {},
  "start": "hi",
  "steps": [
    {"id": "hi", "kind": "message", "say": {"en": "Hi!", "es": "¡Hola!"}, "next": "bye"},
    {"id": "bye", "kind": "end", "outcome": "resolved", "say": {"en": "Bye", "es": "Adiós"}}
  ]
}
)";

//! kHello with a step nothing leads to.
std::string HelloUnreachable() {
    std::string text = kHello;
    const std::string anchor = R"(    {"id": "bye")";
    text.insert(
        text.find(anchor),
        R"(    {"id": "lost", "kind": "message", "say": {"en": "?", "es": "?"}, "next": "bye"},
)");
    return text;
}

//! GET /v1/content/export of version 7: the engine's own flows, order_status and hello.
json ExportBody(int version = 7) {
    json files = {{"flows/hello.json", kHello},
                  {"flows/talk_to_human.json", Asset("flows/talk_to_human.json")},
                  {"flows/kb_fallback.json", Asset("flows/kb_fallback.json")}};
    json items = json::array();
    for (const auto& [path, text] : files.items())
        items.push_back({{"path", path},
                         {"kind", "flow"},
                         {"revision", path == "flows/hello.json" ? 5 : 1},
                         {"author", path == "flows/hello.json" ? "agent:lee" : "assets"},
                         {"at", "2026-11-20T10:00:00Z"}});
    return {{"version", version},
            {"files", files},
            {"items", items},
            {"actions", Asset("flows/actions.json")}};
}

//! The model with its plumbing, signed in as maya (admin) or ann (agent), loaded.
struct Rig {
    FakeTransport transport;
    Api api{transport};
    Session session{api};
    ContentModel content{api, session};

    void Frame() {
        api.Pump();
        content.Update(1000);
    }
    void SignIn(const std::string& login = "maya", const std::string& role = "admin") {
        session.Login(login, "secret");
        REQUIRE(transport.Answer("POST /v1/agents/login", 200,
                                 json{{"token", "t-" + login},
                                      {"expires_at", 99999},
                                      {"agent", {{"login", login}, {"role", role}}}}
                                     .dump()));
        Frame();
        REQUIRE(session.logged_in());
    }
    void Loaded(const std::string& login = "maya", const std::string& role = "admin",
                const std::string& drafts = R"({"drafts": []})") {
        SignIn(login, role);
        REQUIRE(transport.Answer("GET /v1/content/export", 200, ExportBody().dump()));
        REQUIRE(transport.Answer("GET /v1/content/drafts", 200, drafts));
        Frame();
        REQUIRE(content.loaded());
    }
    json LastBody(const std::string& prefix) const {
        const FakeTransport::Sent* s = transport.Last(prefix);
        return s ? json::parse(s->request.body, nullptr, false) : json();
    }
};

bool HasProblem(const std::vector<seam::flow::Diagnostic>& problems, const std::string& id,
                const std::string& file) {
    return std::any_of(problems.begin(), problems.end(), [&](const seam::flow::Diagnostic& d) {
        return d.id == id && d.file == file;
    });
}

}  // namespace

// [SECTION] Loading

TEST_CASE("content: the published set and the saved drafts load after a login") {
    Rig rig;
    rig.Frame();
    CHECK(rig.transport.sent.empty());  // nothing before a login
    rig.SignIn();
    CHECK(rig.transport.Waiting("GET /v1/content/export") == 1);
    CHECK(rig.transport.Waiting("GET /v1/content/drafts") == 1);
    CHECK(rig.content.loading());
    REQUIRE(rig.transport.Answer("GET /v1/content/export", 200, ExportBody().dump()));
    // Drafts saved on seamd: maya's own, and a colleague's of a path she has none of.
    REQUIRE(rig.transport.Answer(
        "GET /v1/content/drafts", 200,
        json{{"drafts",
              json::array({{{"path", "flows/hello.json"},
                            {"text", "mine"},
                            {"base_revision", 5},
                            {"author", "agent:maya"}},
                           {{"path", "flows/hello.json"},
                            {"text", "lee's"},
                            {"base_revision", 5},
                            {"author", "agent:lee"}},
                           {{"path", "replies/thanks.json"},
                            {"text", "{}"},
                            {"base_revision", 0},
                            {"author", "agent:ann"}},
                           {{"path", "../etc/passwd"}, {"text", "x"}, {"author", "agent:maya"}}})}}
            .dump()));
    rig.Frame();
    CHECK(rig.content.loaded());
    CHECK_FALSE(rig.content.loading());
    CHECK(rig.content.version() == 7);
    CHECK(rig.content.published().size() == 3);
    CHECK(rig.content.items().at("flows/hello.json").revision == 5);
    CHECK(rig.content.items().at("flows/hello.json").author == "agent:lee");
    CHECK(rig.content.items().at("flows/hello.json").kind == seam::content::Kind::kFlow);
    CHECK(rig.content.actions_json().find("lookup_order") != std::string::npos);
    CHECK(*rig.content.Text("flows/hello.json") == "mine");
    CHECK(rig.content.has_draft("replies/thanks.json"));  // ann's, for an admin to publish
    CHECK_FALSE(rig.content.has_draft("../etc/passwd"));  // not a content path: ignored
    CHECK(rig.content.base_revision("flows/hello.json") == 5);
}

TEST_CASE("content: a failed load says why, and Reload tries again") {
    Rig rig;
    rig.SignIn();
    REQUIRE(rig.transport.Fail("GET /v1/content/export", "connection refused"));
    rig.Frame();
    CHECK_FALSE(rig.content.loaded());
    CHECK(rig.content.error().find("connection refused") != std::string::npos);
    rig.content.Reload();
    REQUIRE(rig.transport.Answer("GET /v1/content/export", 200, ExportBody().dump()));
    rig.Frame();
    CHECK(rig.content.loaded());
    CHECK(rig.content.error().empty());
}

// [SECTION] Drafts and problems

TEST_CASE("content: drafts sit on the published set; problems are recomputed on change") {
    Rig rig;
    rig.Loaded();
    CHECK(rig.content.problems().empty());
    CHECK(rig.content.DraftPaths().empty());
    const auto generation = rig.content.draft_generation();

    // A Spanish word changed: a draft, still clean.
    std::string edited = kHello;
    edited.replace(edited.find("¡Hola!"), std::string("¡Hola!").size(), "¡Buenas!");
    rig.content.SetDraft("flows/hello.json", edited);
    CHECK(rig.content.draft_generation() > generation);
    CHECK(rig.content.has_draft("flows/hello.json"));
    CHECK(*rig.content.Text("flows/hello.json") == edited);
    CHECK(rig.content.published().at("flows/hello.json") == kHello);  // untouched
    CHECK(rig.content.DraftSet().at("flows/hello.json") == edited);
    rig.Frame();
    CHECK(rig.content.problems().empty());

    // An unreachable step: the checker finds it, at the file and step.
    rig.content.SetDraft("flows/hello.json", HelloUnreachable());
    rig.Frame();
    CHECK(HasProblem(rig.content.problems(), "seam.flow.unreachable", "flows/hello.json"));
    CHECK(rig.content.ProblemsOf("flows/hello.json").size() == rig.content.problems().size());
    CHECK(rig.content.ProblemsOf("flows/kb_fallback.json").empty());

    // Back to the published text: no draft left, no problem left.
    rig.content.SetDraft("flows/hello.json", kHello);
    CHECK_FALSE(rig.content.has_draft("flows/hello.json"));
    rig.Frame();
    CHECK(rig.content.problems().empty());
}

TEST_CASE("content: new files, removed files and discarded drafts") {
    Rig rig;
    rig.Loaded();
    std::string other = kHello;
    other.replace(other.find("\"hello\""), 7, "\"hello2\"");
    rig.content.SetDraft("flows/hello2.json", other);
    CHECK(rig.content.has_draft("flows/hello2.json"));
    CHECK(rig.content.base_revision("flows/hello2.json") == 0);  // never published
    CHECK(rig.content.DraftSet().count("flows/hello2.json") == 1);

    rig.content.RemoveFile("flows/hello.json");
    CHECK(rig.content.removed("flows/hello.json"));
    CHECK(rig.content.Text("flows/hello.json") == nullptr);
    CHECK(rig.content.DraftSet().count("flows/hello.json") == 0);
    CHECK(rig.content.DraftPaths() ==
          std::vector<std::string>{"flows/hello.json", "flows/hello2.json"});

    rig.content.RemoveFile("flows/hello2.json");  // a new file removed: simply gone
    CHECK_FALSE(rig.content.has_draft("flows/hello2.json"));
    CHECK_FALSE(rig.content.removed("flows/hello2.json"));

    rig.content.DiscardDraft("flows/hello.json");
    CHECK_FALSE(rig.content.removed("flows/hello.json"));
    CHECK(*rig.content.Text("flows/hello.json") == kHello);
    const FakeTransport::Sent* discard = rig.transport.Last("POST /v1/content/drafts/discard");
    REQUIRE(discard);
    CHECK(discard->request.path == "/v1/content/drafts/discard?path=flows%2Fhello.json");
}

TEST_CASE("content: SaveDraft stores the draft on seamd with its base revision") {
    Rig rig;
    rig.Loaded("ann", "agent");
    rig.content.SetDraft("flows/hello.json", "draft text");
    rig.content.SaveDraft("flows/hello.json");
    const FakeTransport::Sent* put = rig.transport.Last("PUT /v1/content/drafts");
    REQUIRE(put);
    CHECK(put->request.path == "/v1/content/drafts?path=flows%2Fhello.json");
    CHECK(put->request.token == "t-ann");
    const json body = rig.LastBody("PUT /v1/content/drafts");
    CHECK(body["text"] == "draft text");
    CHECK(body["base_revision"] == 5);
    REQUIRE(rig.transport.Answer("PUT /v1/content/drafts", 200, R"({"problems": []})"));
    rig.Frame();
    CHECK(rig.content.notice().find("saved") != std::string::npos);

    // A removal is saved as a null text.
    rig.content.RemoveFile("flows/hello.json");
    rig.content.SaveDraft("flows/hello.json");
    CHECK(rig.LastBody("PUT /v1/content/drafts")["text"].is_null());
}

// [SECTION] Publishing

TEST_CASE("content: Publish sends the drafts with their base revisions; 200 clears them") {
    Rig rig;
    rig.Loaded();
    rig.content.SetDraft("flows/hello.json", HelloUnreachable());
    rig.content.SetDraft("flows/hello2.json", "new");
    rig.content.Publish({"flows/hello.json", "flows/hello2.json", "flows/kb_fallback.json"},
                        "greet in Spanish");
    CHECK(rig.content.publishing());
    const FakeTransport::Sent* post = rig.transport.Last("POST /v1/content/publish");
    REQUIRE(post);
    CHECK(post->request.if_match.empty());  // several changes: the bases are in the body
    const json body = rig.LastBody("POST /v1/content/publish");
    CHECK(body["note"] == "greet in Spanish");
    REQUIRE(body["changes"].size() == 2);  // kb_fallback has no draft: not sent
    CHECK(body["changes"][0] ==
          json{{"path", "flows/hello.json"}, {"text", HelloUnreachable()}, {"base_revision", 5}});
    CHECK(body["changes"][1]["base_revision"] == 0);

    REQUIRE(rig.transport.Answer(
        "POST /v1/content/publish", 200,
        R"({"version": 8, "paths": ["flows/hello.json", "flows/hello2.json"], "tests": []})"));
    rig.Frame();
    CHECK_FALSE(rig.content.publishing());
    CHECK(rig.content.last_publish().done);
    CHECK(rig.content.last_publish().ok);
    CHECK(rig.content.last_publish().version == 8);
    CHECK(rig.content.DraftPaths().empty());
    CHECK(rig.transport.Waiting("GET /v1/content/export") == 1);  // the new version is loaded
}

TEST_CASE("content: one change also goes with If-Match") {
    Rig rig;
    rig.Loaded();
    rig.content.RemoveFile("flows/hello.json");
    rig.content.Publish({"flows/hello.json"}, "");
    const FakeTransport::Sent* post = rig.transport.Last("POST /v1/content/publish");
    REQUIRE(post);
    CHECK(post->request.if_match == "\"5\"");
    CHECK(rig.LastBody("POST /v1/content/publish")["changes"][0]["text"].is_null());
}

TEST_CASE("content: a 409 says whose change won; keep mine re-bases, theirs discards") {
    Rig rig;
    rig.Loaded();
    rig.content.SetDraft("flows/hello.json", "maya's");
    rig.content.Publish({"flows/hello.json"}, "mine");
    REQUIRE(rig.transport.Answer("POST /v1/content/publish", 409, R"({
        "error": {"code": "seam.content.conflict",
                  "message": "flows/hello.json changed since revision 5"},
        "current": {"path": "flows/hello.json", "revision": 9, "author": "agent:lee",
                    "at": "2026-11-22T11:59:00Z", "note": "lee's words"}})"));
    rig.Frame();
    const PublishOutcome& out = rig.content.last_publish();
    CHECK(out.done);
    CHECK_FALSE(out.ok);
    CHECK(out.code == "seam.content.conflict");
    CHECK(out.current["author"] == "agent:lee");
    CHECK(out.current["revision"] == 9);
    CHECK(rig.content.has_draft("flows/hello.json"));  // nothing lost

    rig.content.Rebase("flows/hello.json", 9);
    CHECK(rig.content.base_revision("flows/hello.json") == 9);
    rig.content.Publish({"flows/hello.json"}, "mine, on top");
    CHECK(rig.transport.Last("POST /v1/content/publish")->request.if_match == "\"9\"");
    CHECK(rig.LastBody("POST /v1/content/publish")["changes"][0]["base_revision"] == 9);

    // The details nested inside "error" are read too.
    REQUIRE(rig.transport.Answer("POST /v1/content/publish", 409, R"({
        "error": {"code": "seam.content.conflict", "message": "again",
                  "current": {"path": "flows/hello.json", "revision": 10,
                              "author": "agent:kim"}}})"));
    rig.Frame();
    CHECK(rig.content.last_publish().current["author"] == "agent:kim");
    rig.content.DiscardDraft("flows/hello.json");  // theirs
    CHECK_FALSE(rig.content.has_draft("flows/hello.json"));
}

TEST_CASE("content: a 422 carries the problems or the failing tests") {
    Rig rig;
    rig.Loaded();
    rig.content.SetDraft("flows/hello.json", HelloUnreachable());
    rig.content.Publish({"flows/hello.json"}, "");
    REQUIRE(rig.transport.Answer("POST /v1/content/publish", 422, R"({
        "error": {"code": "seam.content.invalid", "message": "1 problem"},
        "problems": [{"id": "seam.flow.unreachable", "file": "flows/hello.json",
                      "pointer": "/steps/1", "message": "nothing leads here", "step": "lost"}]})"));
    rig.Frame();
    CHECK(rig.content.last_publish().code == "seam.content.invalid");
    REQUIRE(rig.content.last_publish().problems.size() == 1);
    CHECK(rig.content.last_publish().problems[0]["step"] == "lost");
    CHECK(rig.content.has_draft("flows/hello.json"));

    rig.content.Publish({"flows/hello.json"}, "");
    REQUIRE(rig.transport.Answer("POST /v1/content/publish", 422, R"({
        "error": {"code": "seam.content.tests_failed", "message": "1 test failed"},
        "tests": [{"path": "flows/tests/hello/greets.conv", "passed": false,
                   "report": "greets.conv:3: > hi"}]})"));
    rig.Frame();
    CHECK(rig.content.last_publish().code == "seam.content.tests_failed");
    REQUIRE(rig.content.last_publish().tests.size() == 1);
    CHECK(rig.content.last_publish().tests[0]["passed"] == false);
}

TEST_CASE("content: an agent drafts but never sends a publish or a rollback") {
    Rig rig;
    rig.Loaded("ann", "agent");
    CHECK_FALSE(rig.content.can_publish());
    rig.content.SetDraft("flows/hello.json", "x");
    rig.content.Publish({"flows/hello.json"}, "");
    rig.content.Rollback(3, "");
    CHECK(rig.transport.Last("POST /v1/content/publish") == nullptr);
    CHECK(rig.transport.Last("POST /v1/content/rollback") == nullptr);
    CHECK(rig.content.last_publish().done);
    CHECK_FALSE(rig.content.last_publish().ok);
    CHECK(rig.content.has_draft("flows/hello.json"));
}

// [SECTION] History and rollback

TEST_CASE("content: history newest first, a release's diffs, rollback to it") {
    Rig rig;
    rig.Loaded();
    rig.content.LoadHistory();
    REQUIRE(rig.transport.Answer("GET /v1/content/history", 200, R"([
        {"version": 6, "at": "2026-11-21T09:00:00Z", "author": "agent:maya", "note": "words",
         "action": "publish", "rolled_back_to": 0, "paths": ["flows/hello.json"]},
        {"version": 7, "at": "2026-11-22T09:00:00Z", "author": "agent:lee", "note": "undo",
         "action": "rollback", "rolled_back_to": 5, "paths": ["flows/hello.json"]},
        {"version": "bad"}])"));
    rig.Frame();
    REQUIRE(rig.content.history().size() == 3);
    CHECK(rig.content.history()[0].version == 7);
    CHECK(rig.content.history()[0].action == "rollback");
    CHECK(rig.content.history()[0].rolled_back_to == 5);
    CHECK(rig.content.history()[1].paths == std::vector<std::string>{"flows/hello.json"});

    rig.content.LoadRelease(6);
    CHECK(rig.content.release_detail()["loading"] == true);
    REQUIRE(rig.transport.Answer("GET /v1/content/history/6", 200, R"({
        "version": 6, "author": "agent:maya", "note": "words", "action": "publish",
        "changes": [{"path": "flows/hello.json", "change": "changed",
                     "diff": "--- a/flows/hello.json\n+++ b/flows/hello.json\n@@ -1 +1 @@\n-a\n+b\n"}]})"));
    rig.Frame();
    CHECK(rig.content.release_detail()["changes"][0]["change"] == "changed");

    rig.content.Rollback(6, "the new words confused people");
    CHECK(rig.LastBody("POST /v1/content/rollback") ==
          json{{"version", 6}, {"note", "the new words confused people"}});
    REQUIRE(rig.transport.Answer("POST /v1/content/rollback", 200, R"({"version": 8})"));
    rig.Frame();
    CHECK(rig.content.last_publish().ok);
    CHECK(rig.content.last_publish().version == 8);
    CHECK(rig.transport.Waiting("GET /v1/content/export") == 1);
    CHECK(rig.transport.Waiting("GET /v1/content/history") == 1);
}

TEST_CASE("content: a release that cannot be loaded says so; the newer request wins") {
    Rig rig;
    rig.Loaded();
    rig.content.LoadRelease(3);
    rig.content.LoadRelease(4);
    REQUIRE(rig.transport.Answer("GET /v1/content/history/4", 404,
                                 R"({"error": {"code": "seam.content.no_version",
                                               "message": "no version 4"}})"));
    REQUIRE(rig.transport.Answer("GET /v1/content/history/3", 200, R"({"version": 3})"));
    rig.Frame();
    CHECK(rig.content.release_detail()["version"] == 4);
    CHECK(rig.content.release_detail()["error"] == "no version 4");
}

TEST_CASE("content: the recent questions for the knowledge preview") {
    Rig rig;
    rig.Loaded();
    rig.content.LoadQuestions();
    REQUIRE(rig.transport.Answer("GET /v1/content/questions", 200, R"([
        {"case_id": "c_1", "text": "do you ship to Canada?", "locale": "en", "at": "x"},
        {"case_id": "c_2", "text": 42}])"));
    rig.Frame();
    REQUIRE(rig.content.questions().size() == 1);
    CHECK(rig.content.questions()[0].text == "do you ship to Canada?");
}

// [SECTION] Logout

TEST_CASE("content: a logout forgets the set, the drafts and the history") {
    Rig rig;
    rig.Loaded();
    rig.content.SetDraft("flows/hello.json", "x");
    rig.content.Publish({"flows/hello.json"}, "");
    rig.session.Logout("bye");
    rig.Frame();
    CHECK_FALSE(rig.content.loaded());
    CHECK(rig.content.published().empty());
    CHECK(rig.content.DraftPaths().empty());
    CHECK_FALSE(rig.content.publishing());
    CHECK_FALSE(rig.content.last_publish().done);
    // The next agent starts from seamd again.
    rig.SignIn("ann", "agent");
    CHECK(rig.transport.Waiting("GET /v1/content/export") == 1);
}
