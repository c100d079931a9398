// tests/native/test_content.cpp — issue 19: content publishing in seamd. Versions, drafts, the
// checks and saved tests before a publish, roles, conflicts (409 with whose change won), rollback,
// the audit rows, import/export, and a conversation in flight finishing on the version it
// started its flow with while new conversations run the new one.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "server_fixture.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

std::string AgentToken(const Server& s, const std::string& login) {
    Reply r = s.Post("/v1/agents/login", {{"login", login}, {"secret", login + "-demo-secret"}});
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    return r.body["token"];
}

json Export(const Server& s, const std::string& token, int version = 0) {
    Reply r = s.Get(
        "/v1/content/export" + (version ? "?version=" + std::to_string(version) : std::string()),
        token);
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    return r.body;
}

int RevisionOf(const json& exported, const std::string& path) {
    for (const json& item : exported["items"])
        if (item["path"] == path) return item["revision"];
    return 0;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
    std::size_t at = 0;
    int n = 0;
    while ((at = text.find(from, at)) != std::string::npos) {
        text.replace(at, from.size(), to);
        at += to.size();
        ++n;
    }
    REQUIRE_MESSAGE(n > 0, "no \"" << from << "\" in the text");
    return text;
}

Reply Publish(const Server& s, const std::string& token, const std::string& path, const json& text,
              int base, const std::string& note = "test") {
    return s.Post(
        "/v1/content/publish",
        {{"note", note},
         {"changes", json::array({{{"path", path}, {"text", text}, {"base_revision", base}}})}},
        token);
}

// The three things order_status says about an order, in Spanish, with a mark in front.
const char* const kSaid = "\"es\": [\"{{slot.order_number}}";
const char* const kSaidNew = "\"es\": [\"Novedad: {{slot.order_number}}";

//! Ana signed in, in Spanish, asking where her order is: the case waits on "which order?".
struct Conversation {
    std::string case_id, token, order;
};
Conversation StartOrderStatus(const Server& s) {
    Reply id = s.Post("/demo/identity", {{"customer", "demo-ana"}});
    REQUIRE(id.status == 200);
    Reply session =
        s.Post("/v1/sessions",
               {{"locale", "es"}, {"identity", {{"token", id.body["token"]}}}, {"new_case", true}});
    REQUIRE_MESSAGE(session.status == 201, session.body.dump());
    Conversation c{session.body["case"]["id"], session.body["session_token"], ""};
    Reply turn =
        s.Post("/v1/cases/" + c.case_id + "/turns", {{"text", "¿dónde está mi pedido?"}}, c.token);
    REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
    for (const json& e : turn.body["effects"]) {
        if (e.value("type", "") != "replies") continue;
        for (const json& r : e["options"]) {
            const std::string v = r.value("value", "");
            if (v.rfind("LW-", 0) == 0 && c.order.empty()) c.order = v;
        }
    }
    REQUIRE_MESSAGE(!c.order.empty(), turn.body.dump());
    return c;
}

//! Picks the order: the text said about it.
std::string PickOrder(const Server& s, const Conversation& c) {
    Reply turn = s.Post("/v1/cases/" + c.case_id + "/turns", {{"choice", c.order}}, c.token);
    REQUIRE_MESSAGE(turn.status == 200, turn.body.dump());
    std::string said;
    for (const json& m : turn.body["messages"])
        if (m["sender"] == "bot") said += m["text"].get<std::string>() + "\n";
    return said;
}

std::string OrderStatusText(const json& exported) {
    return exported["files"]["flows/order_status.json"];
}

}  // namespace

TEST_CASE("issue 19: the first start publishes assets/ as version 1; agents read, admins publish") {
    TempDir data;
    Server s(data.path.string());
    REQUIRE(s.ready());
    const std::string sam = AgentToken(s, "sam");
    const json v1 = Export(s, sam);
    CHECK(v1["version"] == 1);
    CHECK(v1["files"].contains("flows/order_status.json"));
    CHECK(v1["files"].contains("kb/en/returns-policy.md"));
    CHECK(v1["files"].contains("proactive/parcel_delayed.json"));
    CHECK_FALSE(v1["files"].contains("flows/actions.json"));  // the code's contract, not content
    CHECK(v1["actions"].get<std::string>().find("lookup_order") != std::string::npos);
    CHECK(RevisionOf(v1, "flows/order_status.json") == 1);
    Reply history = s.Get("/v1/content/history", sam);
    REQUIRE(history.status == 200);
    REQUIRE(history.body["releases"].size() == 1);
    CHECK(history.body["releases"][0]["action"] == "seed");

    // No token, a customer's token: refused. An agent publishes nothing.
    CHECK(s.Get("/v1/content/export").status == 401);
    const std::string text = Replace(OrderStatusText(v1), kSaid, kSaidNew);
    Reply agent = Publish(s, sam, "flows/order_status.json", text, 1);
    CHECK(agent.status == 403);
    CHECK(agent.body["error"]["code"] == "seam.api.forbidden");
    CHECK(s.Post("/v1/content/rollback", {{"version", 1}}, sam).status == 403);
    CHECK(s.Post("/v1/content/import", {{"files", json::object()}}, sam).status == 403);

    // An agent's draft is kept and checked, and served to nobody.
    Reply draft = s.Put("/v1/content/drafts?path=flows/order_status.json",
                        {{"text", text}, {"base_revision", 1}}, sam);
    REQUIRE_MESSAGE(draft.status == 200, draft.body.dump());
    CHECK(draft.body["author"] == "agent:sam");
    CHECK(draft.body["problems"].empty());
    Reply drafts = s.Get("/v1/content/drafts", sam);
    REQUIRE(drafts.body["drafts"].size() == 1);
    CHECK(drafts.body["drafts"][0]["text"] == text);
    CHECK(Export(s, sam)["version"] == 1);
    CHECK(s.Post("/v1/content/drafts/discard?path=flows/order_status.json", json::object(), sam)
              .body["discarded"] == true);
    CHECK(s.Get("/v1/content/drafts", sam).body["drafts"].empty());
    // A path that is not content.
    CHECK(s.Put("/v1/content/drafts?path=../etc/passwd", {{"text", "x"}}, sam).status == 400);
    CHECK(s.Put("/v1/content/drafts?path=flows/actions.json", {{"text", "x"}}, sam).status == 400);
}

TEST_CASE("issue 19: publish, in-flight pinning, history with the diff, rollback, audit rows") {
    TempDir data;
    Server s(data.path.string());
    REQUIRE(s.ready());
    const std::string maya = AgentToken(s, "maya");
    const json v1 = Export(s, maya);

    // Ana's conversation starts before the publish and waits in the flow.
    const Conversation before = StartOrderStatus(s);

    const std::string text = Replace(OrderStatusText(v1), kSaid, kSaidNew);
    Reply published = Publish(s, maya, "flows/order_status.json", text, 1, "Spanish wording");
    REQUIRE_MESSAGE(published.status == 200, published.body.dump());
    CHECK(published.body["version"] == 2);
    CHECK(published.body["paths"] == json::array({"flows/order_status.json"}));

    // A new conversation runs version 2; the one in flight finishes on version 1.
    const Conversation after = StartOrderStatus(s);
    const std::string new_words = PickOrder(s, after);
    CHECK_MESSAGE(new_words.find("Novedad: ") != std::string::npos, new_words);
    const std::string old_words = PickOrder(s, before);
    CHECK_MESSAGE(old_words.find("Novedad: ") == std::string::npos, old_words);
    CHECK(old_words.find(before.order) != std::string::npos);

    // History: newest first, the diff of the one line per message.
    Reply history = s.Get("/v1/content/history", maya);
    REQUIRE(history.body["releases"].size() == 2);
    CHECK(history.body["releases"][0]["version"] == 2);
    CHECK(history.body["releases"][0]["author"] == "agent:maya");
    CHECK(history.body["releases"][0]["note"] == "Spanish wording");
    Reply release = s.Get("/v1/content/history/2", maya);
    REQUIRE_MESSAGE(release.status == 200, release.body.dump());
    REQUIRE(release.body["changes"].size() == 1);
    CHECK(release.body["changes"][0]["change"] == "changed");
    const std::string diff = release.body["changes"][0]["diff"];
    CHECK(diff.find("+             \"es\": [\"Novedad: ") != std::string::npos);
    CHECK(diff.find("-             \"es\": [\"{{slot.order_number}}") != std::string::npos);
    CHECK(s.Get("/v1/content/history/99", maya).status == 404);
    CHECK(RevisionOf(Export(s, maya), "flows/order_status.json") == 2);
    CHECK(RevisionOf(Export(s, maya), "flows/return_refund.json") == 1);

    // Rollback: version 3 holds version 1's files; the next conversation says the old words.
    Reply rolled = s.Post("/v1/content/rollback", {{"version", 1}, {"note", "back"}}, maya);
    REQUIRE_MESSAGE(rolled.status == 200, rolled.body.dump());
    CHECK(rolled.body["version"] == 3);
    CHECK(Export(s, maya)["files"] == v1["files"]);
    const Conversation later = StartOrderStatus(s);
    const std::string back_words = PickOrder(s, later);
    CHECK_MESSAGE(back_words.find("Novedad: ") == std::string::npos, back_words);
    CHECK(s.Post("/v1/content/rollback", {{"version", 1}}, maya).status == 422);  // unchanged
    Reply v3 = s.Get("/v1/content/history", maya);
    CHECK(v3.body["releases"][0]["action"] == "rollback");
    CHECK(v3.body["releases"][0]["rolled_back_to"] == 1);

    // The audit log: who, when, what.
    s.Stop();
    auto db = seam::store::Db::Open(seam::testing::StoreOf(data.path));
    REQUIRE(db);
    auto rows = (*db)->Prepare(
        "SELECT actor, action, target, params FROM audit WHERE action LIKE 'content.%' ORDER BY "
        "id");
    REQUIRE(rows);
    std::vector<std::string> seen;
    while (rows->Next()) {
        seen.push_back(rows->Text(0) + " " + rows->Text(1) + " " + rows->Text(2));
        const json params = json::parse(rows->Text(3));
        CHECK(params.contains("note"));
        CHECK(params.contains("paths"));
    }
    CHECK(seen == std::vector<std::string>{"assets content.seed v1",
                                           "agent:maya content.publish v2",
                                           "agent:maya content.rollback v3"});
}

TEST_CASE("issue 19: two admins change one flow; the second publish gets 409 with whose won") {
    TempDir data;
    Server s(data.path.string());
    REQUIRE(s.ready());
    const std::string maya = AgentToken(s, "maya");
    const std::string rosa = AgentToken(s, "rosa");
    const json v1 = Export(s, maya);
    const int base = RevisionOf(v1, "flows/order_status.json");
    const std::string mine = Replace(OrderStatusText(v1), kSaid, kSaidNew);
    const std::string hers =
        Replace(OrderStatusText(v1), kSaid, "\"es\": [\"Aquí va: {{slot.order_number}}");
    Reply first = Publish(s, rosa, "flows/order_status.json", hers, base, "Rosa's wording");
    REQUIRE_MESSAGE(first.status == 200, first.body.dump());
    Reply second = Publish(s, maya, "flows/order_status.json", mine, base);
    REQUIRE(second.status == 409);
    CHECK(second.body["error"]["code"] == "seam.content.conflict");
    CHECK(second.body["current"]["author"] == "agent:rosa");
    CHECK(second.body["current"]["revision"] == 2);
    CHECK(second.body["current"]["note"] == "Rosa's wording");
    // The same through If-Match (one change, no base in the body).
    Reply by_header =
        s.Post("/v1/content/publish",
               {{"changes", json::array({{{"path", "flows/order_status.json"}, {"text", mine}}})}},
               maya, {{"If-Match", "\"1\""}});
    CHECK(by_header.status == 409);
    // An If-Match that names no revision, or goes with several changes, is refused.
    Reply bad_tag =
        s.Post("/v1/content/publish",
               {{"changes", json::array({{{"path", "flows/order_status.json"}, {"text", mine}}})}},
               maya, {{"If-Match", "\"v2\""}});
    CHECK(bad_tag.status == 400);
    CHECK(bad_tag.body["error"]["code"] == "seam.api.bad_if_match");
    // A change without "text" (a misspelt key) is refused, never read as "remove the file".
    Reply no_text = s.Post(
        "/v1/content/publish",
        {{"changes",
          json::array(
              {{{"path", "flows/order_status.json"}, {"content", mine}, {"base_revision", 2}}})}},
        maya);
    CHECK(no_text.status == 400);
    CHECK(no_text.body["error"]["code"] == "seam.api.bad_field");
    // On the new base it goes through.
    Reply rebased = Publish(s, maya, "flows/order_status.json", mine, 2);
    CHECK_MESSAGE(rebased.status == 200, rebased.body.dump());

    // A file removed by rosa, then a later release by maya: a change made on the removed file's
    // old revision names rosa (who removed it), not the author of the current version.
    const std::string reply = "replies/coffee_club_paused.json";
    const json before_removal = Export(s, maya);
    const int reply_base = RevisionOf(before_removal, reply);
    REQUIRE(reply_base > 0);
    Reply removed = Publish(s, rosa, reply, nullptr, reply_base, "No more pausing by reply");
    REQUIRE_MESSAGE(removed.status == 200, removed.body.dump());
    const json after_removal = Export(s, maya);
    Reply later = Publish(s, maya, "flows/order_status.json",
                          Replace(OrderStatusText(after_removal), kSaidNew, kSaid),
                          RevisionOf(after_removal, "flows/order_status.json"), "maya again");
    REQUIRE_MESSAGE(later.status == 200, later.body.dump());
    Reply on_removed = Publish(
        s, maya, reply, before_removal["files"][reply].get<std::string>() + "\n", reply_base);
    REQUIRE(on_removed.status == 409);
    CHECK(on_removed.body["current"]["revision"] == 0);
    CHECK(on_removed.body["current"]["author"] == "agent:rosa");
    CHECK(on_removed.body["current"]["note"] == "the file was removed");
}

TEST_CASE("issue 19: an unreachable step, an unhandled outcome or a failing saved test blocks it") {
    TempDir data;
    Server s(data.path.string());
    REQUIRE(s.ready());
    const std::string maya = AgentToken(s, "maya");
    const json v1 = Export(s, maya);
    const std::string flow = OrderStatusText(v1);

    // An unreachable step: the problem names the step.
    json doc = json::parse(flow);
    doc["steps"].push_back({{"id", "orphan"},
                            {"kind", "message"},
                            {"say", {{"en", "Hello"}, {"es", "Hola"}}},
                            {"next", "wrap_up?"}});
    Reply unreachable = Publish(s, maya, "flows/order_status.json", doc.dump(2), 1);
    REQUIRE(unreachable.status == 422);
    CHECK(unreachable.body["error"]["code"] == "seam.content.invalid");
    bool found = false;
    for (const json& p : unreachable.body["problems"])
        found = found || (p["id"] == "seam.flow.unreachable" && p["step"] == "orphan");
    CHECK_MESSAGE(found, unreachable.body.dump());

    // An action outcome with nowhere to go.
    json unhandled = json::parse(flow);
    for (json& step : unhandled["steps"])
        if (step["id"] == "lookup") step["on"].erase("not_found");
    Reply refused = Publish(s, maya, "flows/order_status.json", unhandled.dump(2), 1);
    REQUIRE(refused.status == 422);
    found = false;
    for (const json& p : refused.body["problems"])
        found = found || (p["id"] == "seam.flow.unhandled_outcome" && p["step"] == "lookup");
    CHECK_MESSAGE(found, refused.body.dump());
    CHECK(Export(s, maya)["version"] == 1);

    // A saved conversation test that passes goes with the flow; one that fails blocks it.
    const std::string passing =
        "# Where is my order, anonymous: the number is asked for.\n"
        "locale en\n\n"
        "> where is my order?\n"
        "< Sure — what's the order number? It starts with LW, for example LW-104233.\n";
    Reply with_test =
        s.Post("/v1/content/publish",
               {{"note", "a test"},
                {"changes", json::array({{{"path", "flows/tests/order_status/asks.conv"},
                                          {"text", passing},
                                          {"base_revision", 0}}})}},
               maya);
    REQUIRE_MESSAGE(with_test.status == 200, with_test.body.dump());
    REQUIRE(with_test.body["tests"].size() == 1);
    CHECK(with_test.body["tests"][0]["passed"] == true);
    // Now a change of the words the test expects fails it.
    const std::string reworded =
        Replace(flow, "Sure — what's the order number?", "Sure, the order number?");
    Reply failing = Publish(s, maya, "flows/order_status.json", reworded, 1);
    REQUIRE(failing.status == 422);
    CHECK(failing.body["error"]["code"] == "seam.content.tests_failed");
    REQUIRE(failing.body["tests"].size() == 1);
    CHECK(failing.body["tests"][0]["passed"] == false);
    CHECK(failing.body["tests"][0]["report"].get<std::string>().find("asks.conv") !=
          std::string::npos);
    CHECK(Export(s, maya)["version"] == 2);
}

TEST_CASE("issue 19: import and export a whole set; a restart publishes what changed on disk") {
    TempDir data, assets;
    std::filesystem::copy(std::string(SEAM_SOURCE_DIR) + "/assets", assets.path,
                          std::filesystem::copy_options::recursive);
    auto use_copy = [&](seam::server::Options& o) { o.assets = assets.path.string(); };
    json v1;
    {
        Server s(data.path.string(), 0, "", false, true, use_copy);
        REQUIRE(s.ready());
        const std::string maya = AgentToken(s, "maya");
        v1 = Export(s, maya);
        // Import: the set without one trigger, with a flow reworded.
        json files = v1["files"];
        files.erase("proactive/win_back.json");
        files["flows/order_status.json"] =
            Replace(files["flows/order_status.json"], kSaid, kSaidNew);
        Reply imported =
            s.Post("/v1/content/import", {{"files", files}, {"note", "from git"}}, maya);
        REQUIRE_MESSAGE(imported.status == 200, imported.body.dump());
        CHECK(imported.body["paths"] ==
              json::array({"flows/order_status.json", "proactive/win_back.json"}));
        const json v2 = Export(s, maya);
        CHECK(v2["version"] == 2);
        CHECK_FALSE(v2["files"].contains("proactive/win_back.json"));
        CHECK(s.Get("/v1/content/history", maya).body["releases"][0]["action"] == "import");
        // Files exported from version 1 imported again: order_status was published after it,
        // so the import is a conflict (nothing is silently reverted); without a base it goes.
        Reply stale =
            s.Post("/v1/content/import", {{"files", v1["files"]}, {"base_version", 1}}, maya);
        CHECK(stale.status == 409);
        CHECK(stale.body["current"]["author"] == "agent:maya");
        CHECK(Export(s, maya)["version"] == 2);
        // A body over the usual limit is read only for an operator.
        const std::string big(100 * 1024, ' ');
        std::string raw = "{\"files\": {}, \"note\": \"" + big + "\"}";
        CHECK(s.Send("POST", "/v1/content/import", nullptr, "", {}, &raw).status == 401);
        // The knowledge preview's questions: what customers wrote, newest first.
        const Conversation c = StartOrderStatus(s);
        Reply questions = s.Get("/v1/content/questions?limit=5", maya);
        REQUIRE(questions.status == 200);
        REQUIRE_FALSE(questions.body["questions"].empty());
        CHECK(questions.body["questions"][0]["text"] == "¿dónde está mi pedido?");
        CHECK(questions.body["questions"][0]["locale"] == "es");
        CHECK(questions.body["questions"][0]["case_id"] == c.case_id);
    }
    {
        // Restarted, assets/ unchanged: the published version stays.
        Server s(data.path.string(), 0, "", false, true, use_copy);
        REQUIRE(s.ready());
        const json now = Export(s, AgentToken(s, "maya"));
        CHECK(now["version"] == 2);
        CHECK_FALSE(now["files"].contains("proactive/win_back.json"));
    }
    {
        // A file changed in assets/ on disk is published over the current version.
        const auto path = assets.path / "kb" / "en" / "returns-policy.md";
        std::string text;
        {
            std::ifstream in(path);
            text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        std::ofstream(path) << Replace(text, "## ", "## Quick question: ");
        Server s(data.path.string(), 0, "", false, true, use_copy);
        REQUIRE(s.ready());
        const std::string maya = AgentToken(s, "maya");
        const json now = Export(s, maya);
        CHECK(now["version"] == 3);
        CHECK_FALSE(now["files"].contains("proactive/win_back.json"));  // the import stays
        CHECK(now["files"]["kb/en/returns-policy.md"].get<std::string>().find("Quick question") !=
              std::string::npos);
        CHECK(s.Get("/v1/content/history", maya).body["releases"][0]["action"] == "assets");
        // An admin publishes the same article after that start.
        std::string published = now["files"]["kb/en/returns-policy.md"];
        published = Replace(published, "Quick question: ", "Q: ");
        Reply r = Publish(s, maya, "kb/en/returns-policy.md", published,
                          RevisionOf(now, "kb/en/returns-policy.md"));
        REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    }
    {
        // The file changes on disk again (an upgrade, a git pull): the admin's publish stays.
        const auto path = assets.path / "kb" / "en" / "returns-policy.md";
        std::string text;
        {
            std::ifstream in(path);
            text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        std::ofstream(path) << Replace(text, "Quick question: ", "From disk: ");
        Server s(data.path.string(), 0, "", false, true, use_copy);
        REQUIRE(s.ready());
        const json now = Export(s, AgentToken(s, "maya"));
        CHECK(now["version"] == 4);
        const std::string kept = now["files"]["kb/en/returns-policy.md"];
        CHECK(kept.find("Q: ") != std::string::npos);
        CHECK(kept.find("From disk") == std::string::npos);
    }
}
