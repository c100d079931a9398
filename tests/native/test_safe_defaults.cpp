// tests/native/test_safe_defaults.cpp — issue 17: a plain seamd is a production server (no demo
// identity endpoint, no demo agents, no public secrets, owner-only files); agent sign-in hashes
// outside every lock, costs the same for an unknown login, and backs off after failures.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "api/auth.hpp"
#include "api/bodies.hpp"
#include "api/client_address.hpp"
#include "api/login_throttle.hpp"
#include "identity/hmac.hpp"
#include "identity/secret_hash.hpp"
#include "server_fixture.hpp"
#include "store/sqlite.hpp"

using nlohmann::json;
using seam::testing::Reply;
using seam::testing::Server;
using seam::testing::TempDir;
namespace fs = std::filesystem;

namespace {

int Mode(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 0777);
}

//! seam_secret_verifications_total from GET /metrics (loopback).
long long Verifications(const Server& s) {
    Reply m = s.Get("/metrics");
    REQUIRE(m.status == 200);
    const std::string text = m.body.get<std::string>();
    const std::string name = "\nseam_secret_verifications_total ";
    const auto at = text.find(name);
    REQUIRE(at != std::string::npos);
    return std::atoll(text.c_str() + at + name.size());
}

Reply Login(const Server& s, const std::string& login, const std::string& secret) {
    return s.Post("/v1/agents/login", {{"login", login}, {"secret", secret}});
}

}  // namespace

TEST_CASE("issue 17: seamd without --demo has no demo identity endpoint, agents or data") {
    TempDir dir;
    Server s(dir.path.string(), 0, "", false, /*demo=*/false);
    REQUIRE(s.ready());
    Reply health = s.Get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.body["demo"] == false);
    Reply identity = s.Post("/demo/identity", {{"customer", "demo-ana"}});
    CHECK(identity.status == 404);
    CHECK(identity.body.dump().find("ana@example.com") == std::string::npos);
    for (const char* login : {"maya", "sam", "lee"}) {
        CHECK(Login(s, login, std::string(login) + "-demo-secret").status == 401);
    }
    // No demo data: a valid identity proof for a demo customer names nobody.
    const std::string hash = seam::identity::HmacSha256Hex(
        Server::SiteKey(seam::api::Auth::kUserHashPurpose), "demo-ana");
    Reply ana =
        s.Post("/v1/sessions", {{"identity", {{"user_id", "demo-ana"}, {"user_hash", hash}}}});
    CHECK(ana.status == 404);
    CHECK(ana.body["error"]["code"] == "seam.service.unknown_customer");
}

TEST_CASE("issue 17: seamd --demo says so, and serves the demo identity endpoint and agents") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    CHECK(s.Get("/healthz").body["demo"] == true);
    CHECK(s.Post("/demo/identity", {{"customer", "demo-ana"}}).status == 200);
    CHECK(Login(s, "maya", "maya-demo-secret").status == 200);
}

TEST_CASE("issue 17: a store that ran the demo disables its demo agents outside demo mode") {
    TempDir dir;
    {
        Server demo(dir.path.string());
        REQUIRE(demo.ready());
        CHECK(Login(demo, "sam", "sam-demo-secret").status == 200);
    }
    Server plain(dir.path.string(), 0, "", false, /*demo=*/false);
    REQUIRE(plain.ready());
    CHECK(Login(plain, "sam", "sam-demo-secret").status == 401);
}

TEST_CASE("issue 17: without --site-secret one is generated, kept owner-only; files are 0600") {
    if (seam::testing::OnPostgres()) return;  // SQLite's files (PostgreSQL needs the secret given)
    TempDir dir;
    const fs::path data = dir.path / "store";  // seamd creates it
    std::string first;
    {
        Server s(data.string(), 0, "", false, false,
                 [](seam::server::Options& o) { o.site_secret.clear(); });
        REQUIRE(s.ready());
        CHECK(s.Post("/v1/sessions", json::object()).status == 201);  // something written
        CHECK(Mode(data) == 0700);
        CHECK(Mode(data / "site-secret") == 0600);
        CHECK(Mode(data / "seam.db") == 0600);
        CHECK(Mode(data / "seam.db-wal") == 0600);
        CHECK(Mode(data / "seam.db-shm") == 0600);
        std::ifstream in(data / "site-secret");
        std::getline(in, first);
        CHECK(first.size() >= 40);
        CHECK(first != "demo-site-secret");
    }
    // Kept: the next start uses the same secret (a site's signed tokens stay valid).
    Server again(data.string(), 0, "", false, false,
                 [](seam::server::Options& o) { o.site_secret.clear(); });
    REQUIRE(again.ready());
    std::ifstream in(data / "site-secret");
    std::string second;
    std::getline(in, second);
    CHECK(second == first);
}

TEST_CASE("issue 17: an older store's files are made owner-only when seamd opens them") {
    TempDir dir;
    const fs::path db = dir.path / "old.db";
    { std::ofstream(db.string()) << ""; }
    ::chmod(db.c_str(), 0644);
    auto opened = seam::store::Db::Open(db.string());
    REQUIRE(opened);
    CHECK(Mode(db) == 0600);
}

TEST_CASE("issue 17: unknown login and wrong secret take the same path: one Argon2id check") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    const long long before = Verifications(s);
    Reply wrong = Login(s, "maya", "not-her-secret");
    const long long after_wrong = Verifications(s);
    Reply unknown = Login(s, "nobody-here", "not-her-secret");
    const long long after_unknown = Verifications(s);
    CHECK(wrong.status == 401);
    CHECK(unknown.status == 401);
    CHECK(wrong.body == unknown.body);
    CHECK(after_wrong - before == 1);
    CHECK(after_unknown - after_wrong == 1);
}

TEST_CASE("issue 17: failed sign-ins back off per account (429, Retry-After), others go on") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Reply refused;
    for (int i = 0; i < 12 && refused.status != 429; ++i) {
        Reply r = Login(s, "maya", "guess-" + std::to_string(i));
        if (r.status == 429)
            refused = r;
        else
            CHECK(r.status == 401);
    }
    REQUIRE(refused.status == 429);
    CHECK(refused.body["error"]["code"] == "seam.api.login_backoff");
    CHECK(std::atoi(refused.headers.find("Retry-After")->second.c_str()) >= 1);
    // Refused before hashing: the right secret is not even looked at while backing off.
    const long long before = Verifications(s);
    CHECK(Login(s, "maya", "maya-demo-secret").status == 429);
    CHECK(Verifications(s) == before);
    // Another account from the same address, and other requests, are not held up.
    CHECK(Login(s, "sam", "sam-demo-secret").status == 200);
    CHECK(s.Get("/healthz").status == 200);
}

TEST_CASE("issue 17: the back-off grows with each failure, per account and per address") {
    using seam::api::LoginThrottle;
    LoginThrottle t;
    const std::int64_t t0 = 1'000'000;
    for (int i = 0; i < LoginThrottle::kFreeAccountFailures; ++i) {
        CHECK(t.RetryAfterSeconds("maya", "10.0.0.1", t0) == 0);
        t.Failed("maya", "10.0.0.1", t0);
    }
    CHECK(t.RetryAfterSeconds("maya", "10.0.0.1", t0) == 0);
    t.Failed("maya", "10.0.0.1", t0);
    CHECK(t.RetryAfterSeconds("maya", "10.0.0.2", t0) == 1);  // the account, from anywhere
    CHECK(t.RetryAfterSeconds("sam", "10.0.0.1", t0) == 0);   // the address is not blocked yet
    t.Failed("maya", "10.0.0.1", t0 + 1000);
    CHECK(t.RetryAfterSeconds("maya", "10.0.0.1", t0 + 1000) == 2);
    t.Failed("maya", "10.0.0.1", t0 + 3000);
    CHECK(t.RetryAfterSeconds("maya", "10.0.0.1", t0 + 3000) == 4);
    t.Succeeded("maya");
    CHECK(t.RetryAfterSeconds("maya", "10.0.0.1", t0 + 3000) == 0);

    // Many accounts from one address: the address backs off after its own allowance.
    for (int i = 0; i < LoginThrottle::kFreeAddressFailures + 1; ++i)
        t.Failed("user" + std::to_string(i), "10.0.0.9", t0);
    CHECK(t.RetryAfterSeconds("someone-else", "10.0.0.9", t0) == 1);
    CHECK(t.RetryAfterSeconds("someone-else", "10.0.0.8", t0) == 0);
    // Capped.
    for (int i = 0; i < 40; ++i)
        t.Failed("x", "10.0.0.7", t0);
    CHECK(t.RetryAfterSeconds("x", "10.0.0.6", t0) == LoginThrottle::kMaxWaitMs / 1000);
}

//! A demo store whose agent sam has an older store's PBKDF2 hash (as before issue 17).
static void StoreWithLegacyHashForSam(const TempDir& dir) {
    {
        Server demo(dir.path.string());
        REQUIRE(demo.ready());
    }
    auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
    REQUIRE(db);
    auto put = (*db)->Prepare("UPDATE agents SET secret_hash = ? WHERE login = 'sam'");
    REQUIRE(put);
    REQUIRE(put->Bind(1, seam::identity::LegacyPbkdf2Hash("sam-demo-secret", "salt", 20000)).Run());
}

TEST_CASE("issue 17: a PBKDF2 hash of an older store keeps working and is upgraded") {
    TempDir dir;
    StoreWithLegacyHashForSam(dir);
    auto hash_of_sam = [&] {
        auto db = seam::store::Db::Open(seam::testing::StoreOf(dir.path));
        auto q = (*db)->Prepare("SELECT secret_hash FROM agents WHERE login = 'sam'");
        return q->Next() ? q->Text(0) : std::string();
    };
    Server s(dir.path.string());
    REQUIRE(s.ready());
    CHECK(hash_of_sam().rfind("argon2id+pbkdf2-sha256$20000$salt$", 0) == 0);  // wrapped at start
    CHECK(Login(s, "sam", "wrong").status == 401);
    CHECK(Login(s, "sam", "sam-demo-secret").status == 200);
    CHECK(hash_of_sam().rfind("$argon2id$", 0) == 0);  // replaced at sign-in
    CHECK(Login(s, "sam", "sam-demo-secret").status == 200);
}

TEST_CASE("issue 17: options — production unless --demo; --demo alone or with a value") {
    using seam::server::ParseOptions;
    auto plain = ParseOptions({}, {});
    REQUIRE(plain);
    CHECK_FALSE(plain->demo);
    CHECK(plain->site_secret.empty());
    CHECK(plain->webhook_secret.empty());
    CHECK_FALSE(seam::server::DemoData(*plain));
    CHECK_FALSE(seam::server::DemoSite(*plain));
    auto demo = ParseOptions({"--demo", "--port", "9000"}, {});
    REQUIRE(demo);
    CHECK(demo->demo);
    CHECK(demo->port == 9000);
    CHECK(seam::server::DemoData(*demo));
    CHECK(seam::server::DemoSite(*demo));
    auto no_site = ParseOptions({"--demo-site", "false", "--demo"}, {});
    REQUIRE(no_site);
    CHECK(seam::server::DemoData(*no_site));
    CHECK_FALSE(seam::server::DemoSite(*no_site));
    auto off = ParseOptions({"--demo", "false"}, {"SEAM_DEMO=1"});
    REQUIRE(off);
    CHECK_FALSE(off->demo);
    auto env = ParseOptions({"--metrics-token", "t0k"}, {"SEAM_DEMO=true"});
    REQUIRE(env);
    CHECK(env->demo);
    CHECK(env->metrics_token == "t0k");
}

// Review of issue 17: behind nginx every peer is 127.0.0.1; the address bucket must count the
// client the proxy names, or 21 failures anywhere lock every operator out.
TEST_CASE("issue 17: the client address behind loopback or trusted proxies") {
    using seam::api::ClientAddress;
    using seam::api::ParseAddressList;
    CHECK(ParseAddressList(" 10.0.0.2, ,10.0.0.3 ,") ==
          std::vector<std::string>{"10.0.0.2", "10.0.0.3"});
    CHECK(ParseAddressList("").empty());
    const std::vector<std::string> trusted = {"10.0.0.2"};
    // A peer that is no proxy is the client; what it says it forwards for is not believed.
    CHECK(ClientAddress("198.51.100.7", "1.2.3.4", trusted) == "198.51.100.7");
    // From loopback or a trusted proxy: the rightmost entry no proxy of ours added.
    CHECK(ClientAddress("127.0.0.1", "203.0.113.5", trusted) == "203.0.113.5");
    CHECK(ClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5", trusted) == "203.0.113.5");
    CHECK(ClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2", trusted) == "203.0.113.5");
    CHECK(ClientAddress("::1", "203.0.113.5,127.0.0.1", {}) == "203.0.113.5");
    // Without X-Forwarded-For: the peer, as before.
    CHECK(ClientAddress("127.0.0.1", "", trusted) == "127.0.0.1");
    CHECK(ClientAddress("10.0.0.2", " , ", trusted) == "10.0.0.2");
    // Only proxies named: the farthest of them.
    CHECK(ClientAddress("127.0.0.1", "10.0.0.2, 127.0.0.1", trusted) == "10.0.0.2");
}

TEST_CASE("issue 17: behind a proxy, one client's failures do not lock out the others") {
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    auto from = [&](const std::string& client, const std::string& login,
                    const std::string& secret) {
        return s.Post("/v1/agents/login", {{"login", login}, {"secret", secret}}, "",
                      {{"X-Forwarded-For", client}});
    };
    // One client behind the proxy guesses many accounts until its address backs off.
    Reply refused;
    for (int i = 0; i < 3 * seam::api::LoginThrottle::kFreeAddressFailures && refused.status != 429;
         ++i) {
        Reply r = from("203.0.113.9", "ghost-" + std::to_string(i), "guess");
        if (r.status == 429)
            refused = r;
        else
            CHECK(r.status == 401);
    }
    REQUIRE(refused.status == 429);
    // A forged X-Forwarded-For prefix does not escape: the proxy's appended entry counts.
    CHECK(from("198.51.100.99, 203.0.113.9", "lee", "wrong").status == 429);
    // Another operator behind the same proxy signs in (the peer is 127.0.0.1 for both).
    CHECK(from("198.51.100.20", "sam", "sam-demo-secret").status == 200);
}

TEST_CASE("issue 17: a success clears the account's count, never the address's") {
    using seam::api::LoginThrottle;
    LoginThrottle t;
    const std::int64_t t0 = 5'000'000;
    for (int i = 0; i < LoginThrottle::kFreeAddressFailures; ++i)
        t.Failed("guess-" + std::to_string(i), "10.1.0.1", t0);
    t.Succeeded("sam");  // a valid account signing in from the guessing address
    t.Failed("another-guess", "10.1.0.1", t0);
    CHECK(t.RetryAfterSeconds("anyone", "10.1.0.1", t0) == 1);
    // The account's own count is cleared.
    for (int i = 0; i < LoginThrottle::kFreeAccountFailures; ++i)
        t.Failed("maya", "10.1.0." + std::to_string(10 + i), t0);
    t.Succeeded("maya");
    t.Failed("maya", "10.1.0.50", t0);
    CHECK(t.RetryAfterSeconds("maya", "10.1.0.51", t0) == 0);
}

TEST_CASE("issue 17: the back-off's memory is bounded, and entries backing off are kept") {
    using seam::api::LoginThrottle;
    LoginThrottle t(8);
    const std::int64_t t0 = 9'000'000;
    // Three accounts backing off (each from its own addresses).
    for (int a = 0; a < 3; ++a) {
        for (int i = 0; i <= LoginThrottle::kFreeAccountFailures; ++i)
            t.Failed("victim-" + std::to_string(a), "10.2." + std::to_string(a) + ".1", t0);
    }
    // A churn of single failures from everywhere.
    for (int i = 0; i < 500; ++i)
        t.Failed("churn-" + std::to_string(i), "10.3.0." + std::to_string(i), t0 + 1 + i);
    CHECK(t.AccountEntries() <= 8);
    CHECK(t.AddressEntries() <= 8);
    for (int a = 0; a < 3; ++a)
        CHECK(t.RetryAfterSeconds("victim-" + std::to_string(a), "10.9.9.9", t0 + 600) >= 1);
    // When every entry is backing off none is dropped (they all end within kMaxWaitMs).
    LoginThrottle full(4);
    for (int a = 0; a < 6; ++a) {
        for (int i = 0; i <= LoginThrottle::kFreeAccountFailures; ++i)
            full.Failed("busy-" + std::to_string(a), "10.4.0.1", t0);
    }
    CHECK(full.AccountEntries() == 6);
    for (int a = 0; a < 6; ++a)
        CHECK(full.RetryAfterSeconds("busy-" + std::to_string(a), "10.9.9.9", t0) >= 1);
}

TEST_CASE("issue 17: a login longer than 256 bytes is a bad field") {
    auto parsed =
        seam::api::ParseLoginBody(json({{"login", std::string(257, 'a')}, {"secret", "x"}}).dump());
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().id == "seam.api.bad_field");
    CHECK(parsed.error().message.find("login:") != std::string::npos);
    CHECK(seam::api::ParseLoginBody(
        json({{"login", std::string(256, 'a')}, {"secret", "x"}}).dump()));
    TempDir dir;
    Server s(dir.path.string());
    REQUIRE(s.ready());
    Reply r = Login(s, std::string(5000, 'x'), "secret");
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "seam.api.bad_field");
}

// Review of issue 17: a wrapped legacy hash costs PBKDF2 and Argon2id; a plain Argon2id hash
// and an unknown login must cost the same, or timing tells the upgraded accounts apart.
TEST_CASE("issue 17: unknown login, plain and wrapped hashes do the same work") {
    TempDir dir;
    StoreWithLegacyHashForSam(dir);
    Server s(dir.path.string());
    REQUIRE(s.ready());
    struct Work {
        long long argon2, pbkdf2;
    };
    auto work_of = [&](const std::string& login) {
        const long long a = Verifications(s);
        const auto p = static_cast<long long>(seam::identity::SecretPbkdf2Iterations());
        CHECK(Login(s, login, "not-the-secret").status == 401);
        return Work{Verifications(s) - a,
                    static_cast<long long>(seam::identity::SecretPbkdf2Iterations()) - p};
    };
    const Work wrapped = work_of("sam");
    const Work plain = work_of("maya");
    const Work unknown = work_of("nobody-here");
    CHECK(wrapped.argon2 == 1);
    CHECK(plain.argon2 == 1);
    CHECK(unknown.argon2 == 1);
    CHECK(wrapped.pbkdf2 == 20000);
    CHECK(plain.pbkdf2 == wrapped.pbkdf2);
    CHECK(unknown.pbkdf2 == wrapped.pbkdf2);
}
