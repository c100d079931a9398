// tests/native/test_card_data.cpp — PCI DSS end to end: a customer pastes a whole card (number,
// expiry, security code, last four) into a real seamd over HTTP, asks for a person, goes on
// writing while waiting for one; then nothing seamd answered (turns, the case, its messages, the
// desk's queue and handoff), nothing in its store (every table, read with SQLite, and every
// file's raw bytes, free pages and WAL included) and nothing in its access log holds any of it.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "server_fixture.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;

namespace {

// A Luhn-valid Visa number with digits found nowhere in the demo data (checked below).
constexpr const char* kNumber = "4539148803436467";
constexpr const char* kNumberSpaced = "4539 1488 0343 6467";
constexpr const char* kNumberDashed = "4539-1488-0343-6467";
constexpr const char* kExpiry = "09/29";
constexpr const char* kExpiryLong = "09/2029";
constexpr const char* kCvv = "837";
constexpr const char* kLastFour = "6467";

bool IsAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

//! Where `needle` occurs in `hay` as a whole token (no letter or digit glued to either side, so
//! "837" in a timestamp or a hash does not count), or npos.
std::size_t FindToken(const std::string& hay, const std::string& needle, std::size_t start = 0) {
    for (std::size_t at = hay.find(needle, start); at != std::string::npos;
         at = hay.find(needle, at + 1)) {
        const bool left = at == 0 || !IsAlnum(hay[at - 1]);
        const std::size_t end = at + needle.size();
        const bool right = end >= hay.size() || !IsAlnum(hay[end]);
        if (left && right) return at;
    }
    return std::string::npos;
}

bool IsTextByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u < 0x7f) || u >= 0x80;  // printable ASCII or a UTF-8 byte
}

//! Like FindToken, for raw file bytes: the piece must also sit in a run of text at least six
//! bytes longer than itself, as anything a customer typed does ("cvv 837 was"). Binary numbers in
//! the database pages (a timestamp's bytes can read "837") then do not count; they made this test
//! fail about once in a hundred runs.
std::size_t FindTextToken(const std::string& hay, const std::string& needle) {
    for (std::size_t at = FindToken(hay, needle); at != std::string::npos;) {
        std::size_t from = at;
        while (from > 0 && IsTextByte(hay[from - 1]))
            --from;
        std::size_t to = at + needle.size();
        while (to < hay.size() && IsTextByte(hay[to]))
            ++to;
        if (to - from >= needle.size() + 6) return at;
        at = FindToken(hay, needle, at + 1);
    }
    return std::string::npos;
}

//! The first piece of the card found in `hay`, or "" when none is; `raw` for file bytes.
std::string CardPieceIn(const std::string& hay, bool raw = false) {
    for (const char* piece : {kNumber, kNumberSpaced, kNumberDashed, "4539 1488", "0343 6467",
                              kExpiry, kExpiryLong, "0929", kCvv, kLastFour}) {
        const std::size_t at = raw ? FindTextToken(hay, piece) : FindToken(hay, piece);
        if (at != std::string::npos) {
            const std::size_t from = at < 60 ? 0 : at - 60;
            return std::string(piece) + " in ..." + hay.substr(from, 140) + "...";
        }
    }
    return "";
}

//! Every row of every table of the SQLite database at `path`, as text (one line per row).
std::string DumpPostgres(const std::string& url, int* tables, int* rows) {
    std::string out;
    auto db = seam::store::Db::Open(url);
    if (!db) return "cannot open " + db.error().message;
    std::vector<std::string> names;
    auto list = (*db)->Prepare(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1");
    while (list && list->Next())
        names.push_back(list->Text(0));
    for (const std::string& name : names) {
        if (tables) ++*tables;
        auto all = (*db)->Prepare("SELECT * FROM \"" + name + "\"");
        if (!all) {
            out += "cannot read " + name + "\n";
            continue;
        }
        while (all->Next()) {
            if (rows) ++*rows;
            out += name + ":";
            for (int c = 0; c < all->Columns(); ++c) {
                if (all->Kind(c) != seam::store::ValueKind::kText) continue;  // as below
                out += '\t' + all->Text(c);
            }
            out += '\n';
        }
    }
    return out;
}

//! Every text in the store, a line per row ("table:\tcell\tcell..."); on SQLite read straight
//! from the file (free pages are RawFiles' part), on PostgreSQL through the engine.
std::string DumpDatabase(const std::string& path, int* tables = nullptr, int* rows = nullptr) {
    if (seam::store::Db::IsPostgresUrl(path)) return DumpPostgres(path, tables, rows);
    std::string out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open " + path;
    }
    std::vector<std::string> names;
    sqlite3_stmt* list = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &list,
                       nullptr);
    while (list && sqlite3_step(list) == SQLITE_ROW)
        names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
    sqlite3_finalize(list);
    for (const std::string& name : names) {
        if (tables) ++*tables;
        sqlite3_stmt* all = nullptr;
        const std::string sql = "SELECT * FROM \"" + name + "\"";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &all, nullptr) != SQLITE_OK) {
            out += "cannot read " + name + "\n";
            continue;
        }
        while (sqlite3_step(all) == SQLITE_ROW) {
            if (rows) ++*rows;
            out += name + ":";
            for (int c = 0; c < sqlite3_column_count(all); ++c) {
                // Text and blobs: what a customer typed can only be there (integer ids and
                // amounts are numbers, and "837" is some customer's id).
                const int type = sqlite3_column_type(all, c);
                if (type != SQLITE_TEXT && type != SQLITE_BLOB) continue;
                const void* bytes = sqlite3_column_blob(all, c);
                const int size = sqlite3_column_bytes(all, c);
                out += '\t';
                if (bytes)
                    out.append(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
            }
            out += '\n';
        }
        sqlite3_finalize(all);
    }
    sqlite3_close(db);
    return out;
}

//! The raw bytes of every file under `dir` (the database, its WAL and anything else seamd
//! wrote), so deleted rows left in free pages count too. The generated `site-secret` is left
//! out: it is random key material written before any customer typed.
std::string RawFiles(const std::filesystem::path& dir, int* files = nullptr) {
    std::string out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        if (entry.path().filename() == "site-secret") continue;
        if (files) ++*files;
        std::ifstream in(entry.path(), std::ios::binary);
        out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        out += '\n';
    }
    return out;
}

//! Sends stderr (where seamd writes its access log and error lines) to a file until destroyed.
class StderrToFile {
  public:
    explicit StderrToFile(const std::string& path) {
        std::fflush(stderr);
        saved_ = dup(fileno(stderr));
        std::FILE* f = std::fopen(path.c_str(), "w");
        if (f) {
            dup2(fileno(f), fileno(stderr));
            std::fclose(f);
        }
    }
    ~StderrToFile() { Restore(); }
    void Restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        dup2(saved_, fileno(stderr));
        close(saved_);
        saved_ = -1;
    }

  private:
    int saved_ = -1;
};

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("server: a pasted card is kept nowhere - store, desk, responses, access log") {
    TempDir data;
    TempDir logs;
    const std::string log_path = (logs.path / "seamd-stderr.log").string();
    StderrToFile capture(log_path);
    Server s(data.path.string(), 0, "", true);
    REQUIRE(s.ready());

    Reply opened = s.Post("/v1/sessions", json::object());
    REQUIRE_MESSAGE(opened.status == 201, opened.body.dump());
    const std::string case_id = opened.body["case"]["id"];
    const std::string token = opened.body["session_token"];
    const std::string turns = "/v1/cases/" + case_id + "/turns";

    // The card pieces are nowhere before the customer types them, so finding none later means
    // something (the demo data is deterministic; the random ids are glued letters and digits).
    CHECK(CardPieceIn(DumpDatabase(seam::testing::StoreOf(data.path))) == "");
    CHECK(CardPieceIn(RawFiles(data.path), true) == "");

    std::vector<Reply> answers;
    // The whole card in one message, in the middle of a request; a client_id so an idempotency
    // record is written too.
    answers.push_back(
        s.Post(turns,
               {{"text", std::string("hi, my card ") + kNumberSpaced + " exp " + kExpiry + " cvv " +
                             kCvv + " was charged twice for the same jacket"},
                {"client_id", "card-1"}},
               token));
    REQUIRE_MESSAGE(answers.back().status == 200, answers.back().body.dump());
    // The pieces again, apart, in Spanish.
    answers.push_back(
        s.Post(turns,
               {{"text", std::string("es la visa terminada en ") + kLastFour + ", caduca " +
                             kExpiryLong + ", código de seguridad " + kCvv}},
               token));
    REQUIRE(answers.back().status == 200);
    answers.push_back(s.Post(turns, {{"text", "I want to talk to a person"}}, token));
    REQUIRE(answers.back().status == 200);
    answers.push_back(s.Post(turns, {{"choice", "billing"}}, token));
    REQUIRE(answers.back().status == 200);
    CHECK(answers.back().body["status"] == "waiting_agent");
    // While waiting for a person, what the customer writes goes to the desk, not the bot.
    answers.push_back(
        s.Post(turns, {{"text", std::string(kNumberDashed) + " " + kExpiry + " " + kCvv}}, token));
    REQUIRE(answers.back().status == 200);

    Reply login = s.Post("/v1/agents/login", {{"login", "maya"}, {"secret", "maya-demo-secret"}});
    REQUIRE_MESSAGE(login.status == 200, login.body.dump());
    const std::string agent = login.body["token"];
    Reply queue = s.Get("/v1/handoffs", agent);
    REQUIRE(queue.status == 200);
    std::int64_t handoff_id = 0;  // the case's last handoff (the one the customer asked for)
    for (const json& h : queue.body["handoffs"]) {
        if (h.value("case_id", std::string()) == case_id) {
            handoff_id = std::max(handoff_id, h["id"].get<std::int64_t>());
        }
    }
    REQUIRE_MESSAGE(handoff_id != 0, queue.body.dump());
    const std::string handoff_path = "/v1/handoffs/" + std::to_string(handoff_id);
    Reply handoff = s.Get(handoff_path, agent);
    REQUIRE(handoff.status == 200);
    Reply claimed = s.Post(handoff_path + "/claim", json::object(), agent);
    REQUIRE(claimed.status == 200);
    Reply the_case = s.Get("/v1/cases/" + case_id, token);
    REQUIRE(the_case.status == 200);
    Reply messages = s.Get("/v1/cases/" + case_id + "/messages?after=0", token);
    REQUIRE(messages.status == 200);

    // What seamd answered: the turns, the case, its messages, the desk's queue and handoff.
    for (std::size_t k = 0; k < answers.size(); ++k) {
        CAPTURE(k);
        CHECK(CardPieceIn(answers[k].body.dump()) == "");
    }
    CHECK(CardPieceIn(queue.body.dump()) == "");
    CHECK(CardPieceIn(handoff.body.dump()) == "");
    CHECK(CardPieceIn(claimed.body.dump()) == "");
    CHECK(CardPieceIn(the_case.body.dump()) == "");
    CHECK(CardPieceIn(messages.body.dump()) == "");
    // ... and the customer's words did arrive, with the card data cut out of them: the desk
    // sees the request and the handoff's transcript carries it.
    const std::string desk = handoff.body.dump();
    CHECK(desk.find("was charged twice for the same jacket") != std::string::npos);
    CHECK(desk.find("[card data removed]") != std::string::npos);
    CHECK(claimed.body["payload"]["transcript"].dump().find(
              "hi, my card [card data removed] was charged twice") != std::string::npos);

    // The store, after seamd has stopped (so everything it wrote is in the files).
    s.Stop();
    capture.Restore();
    int tables = 0;
    int rows = 0;
    const std::string stored = DumpDatabase(seam::testing::StoreOf(data.path), &tables, &rows);
    MESSAGE("store: " << tables << " tables, " << rows << " rows read");
    CHECK(tables >= 10);
    CHECK(CardPieceIn(stored) == "");
    CHECK(stored.find("was charged twice for the same jacket") != std::string::npos);
    for (const char* table : {"messages:", "events:", "cases:", "handoffs:", "idempotency:"}) {
        CAPTURE(table);
        CHECK(stored.find(table) != std::string::npos);  // each was written and read
    }
    int files = 0;
    const std::string raw = RawFiles(data.path, &files);
    MESSAGE("data directory: " << files << " files, " << raw.size() << " bytes scanned");
    CHECK(CardPieceIn(raw, true) == "");

    // The access log (JSON lines on stderr: method, path, status, client; never bodies).
    const std::string log = ReadFile(log_path);
    CHECK(log.find("\"path\":\"/v1/cases/" + case_id + "/turns\"") != std::string::npos);
    CHECK(CardPieceIn(log) == "");
}
