// tests/native/server_fixture.hpp — a real seamd (HttpServer) on a free loopback port with a
// temporary data directory, and a small JSON client for driving it over HTTP.
#pragma once

#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "api/auth.hpp"
#include "identity/hmac.hpp"
#include "identity/jwt.hpp"
#include "seam/core/date.hpp"
#include "server/app.hpp"
#include "server/http_server.hpp"
#include "store/node_lock.hpp"

namespace seam::testing {

struct Reply {
    int status = 0;
    nlohmann::json body;
    httplib::Headers headers;
};

// [SECTION] The store of a test's seamd: DATA/seam.db, or a database of a PostgreSQL cluster

//! The backend suite on PostgreSQL (the backend-postgres run of scripts/test): when
//! SEAM_TEST_SERVER_POSTGRES_URL names a throwaway cluster's database, each data directory a
//! test gives seamd stands for a database of its own there (a restart on the same directory
//! finds it again; it is dropped with the directory). A new one is cloned from a template that
//! holds what a first start writes (the migrations, the demo business of that seed and day), made
//! once per run: a demo load over the wire costs seconds, a clone a fraction of one.
class PostgresStores {
  public:
    static PostgresStores* Get() {
        static PostgresStores* stores = [] {
            const char* url = std::getenv("SEAM_TEST_SERVER_POSTGRES_URL");
            const char* required = std::getenv("SEAM_TEST_SERVER_REQUIRE_POSTGRES");
            if (!(url && *url) && required && std::string(required) == "1") {
                throw std::runtime_error(
                    "the backend suite on PostgreSQL needs SEAM_TEST_SERVER_POSTGRES_URL "
                    "(scripts/test starts a throwaway cluster)");
            }
            return url && *url ? new PostgresStores(url) : nullptr;
        }();
        return stores;
    }
    //! The URL of `data`'s database, made (from the template for `o`) when it is new.
    std::string For(const std::string& data, const server::Options& o) {
        std::lock_guard<std::mutex> guard(mutex_);
        const std::string name = Name("seam_s_", data);
        if (made_.insert(name).second) {
            const std::string tpl = Template(o);
            Admin("CREATE DATABASE " + name + " TEMPLATE " + tpl + " STRATEGY FILE_COPY");
        }
        return Url(name);
    }
    //! `data`'s database URL when one was made (else "").
    std::string Existing(const std::string& data) {
        std::lock_guard<std::mutex> guard(mutex_);
        const std::string name = Name("seam_s_", data);
        return made_.count(name) ? Url(name) : std::string();
    }
    void Drop(const std::string& data) {
        std::lock_guard<std::mutex> guard(mutex_);
        const std::string name = Name("seam_s_", data);
        if (made_.erase(name)) Admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

  private:
    explicit PostgresStores(std::string server) : server_(std::move(server)) {}
    std::string Name(const char* prefix, const std::string& key) const {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx",
                      static_cast<unsigned long long>(store::NodeLock::Key(key)));
        return prefix + std::to_string(::getpid()) + "_" + hex;
    }
    std::string Url(const std::string& name) const {
        return server_.substr(0, server_.rfind('/') + 1) + name;
    }
    void Admin(const std::string& sql) {
        auto admin = store::Db::Open(server_);
        if (!admin) throw std::runtime_error(admin.error().message);
        auto ran = (*admin)->Exec(sql);
        if (!ran) throw std::runtime_error(sql + ": " + ran.error().message);
    }
    //! The template for what a first start with `o` writes (server::PrepareStore).
    std::string Template(const server::Options& o) {
        const std::string key = std::string(server::DemoData(o) ? "demo" : "plain") + "|" +
                                std::to_string(o.demo_seed) + "|" + o.today + "|" +
                                (o.demo ? "agents" : "");
        const std::string name = Name("seam_tpl_", key);
        if (templates_.insert(name).second) {
            Admin("CREATE DATABASE " + name);
            {
                auto db = store::Db::Open(Url(name));
                if (!db) throw std::runtime_error(db.error().message);
                server::Options first = o;
                first.migrate = true;
                auto pinned = ParseIsoDate(o.today);
                const std::time_t now = std::time(nullptr);
                std::tm utc{};
                gmtime_r(&now, &utc);
                const Date today =
                    pinned ? *pinned : Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
                std::string notes;
                auto prepared = server::PrepareStore(**db, first, today, notes);
                if (!prepared) throw std::runtime_error(prepared.error().message);
            }
        }
        return name;
    }
    std::string server_;
    std::mutex mutex_;
    std::set<std::string> made_, templates_;
};

//! Where seamd keeps the store of data directory `data`: DATA/seam.db, or (the suite on
//! PostgreSQL) its database's URL. For tests that read or change the store directly.
inline std::string StoreOf(const std::filesystem::path& data) {
    if (PostgresStores* pg = PostgresStores::Get()) {
        const std::string url = pg->Existing(data.string());
        if (!url.empty()) return url;
    }
    return (data / "seam.db").string();
}

//! Whether this run keeps seamd's stores on PostgreSQL (tests of SQLite's files skip).
inline bool OnPostgres() {
    return PostgresStores::Get() != nullptr;
}

//! A temporary directory removed at the end of the test (with its PostgreSQL store, if any).
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "seam-test-XXXXXX").string();
        path = mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
        if (PostgresStores* pg = PostgresStores::Get()) pg->Drop(path.string());
    }
};

class Server {
  public:
    static constexpr const char* kSiteSecret = "test-site-secret";

    //! Starts seamd on `data` (a fresh temp dir unless given), business day 2026-11-22.
    static constexpr const char* kWebhookSecret = "test-webhook-secret";

    //! `access_log`: seamd writes its JSON access log to stderr (tests that read it redirect
    //! stderr first).
    //! `demo`: seamd --demo (the demo shop, its agents, POST /demo/identity); false is a plain
    //! production seamd.
    explicit Server(const std::string& data, int rate_limit = 0,
                    const std::string& webhook_url = "", bool access_log = false, bool demo = true,
                    const std::function<void(server::Options&)>& adjust = nullptr) {
        server::Options o;
        o.demo = demo;
        o.host = "127.0.0.1";
        o.port = 0;
        o.data = data;
        o.assets = std::string(SEAM_SOURCE_DIR) + "/assets";
        o.web_root = std::string(SEAM_SOURCE_DIR) + "/web/static";
        o.today = "2026-11-22";
        o.site_secret = kSiteSecret;
        o.rate_limit = rate_limit;
        o.threads = 8;
        o.max_body = 16 * 1024;
        o.access_log = access_log;
        o.webhook_url = webhook_url;
        o.webhook_secret = kWebhookSecret;
        if (adjust) adjust(o);
        if (PostgresStores* pg = PostgresStores::Get()) {
            o.database = pg->For(o.data, o);
            o.migrate = true;
        }
        server_ = std::make_unique<server::HttpServer>(o);
        thread_ = std::thread([this] { ok_ = server_->Run(); });
        ready_ = server_->WaitReady();
    }
    ~Server() { Stop(); }
    void Stop() {
        if (thread_.joinable()) {
            server_->Stop();
            thread_.join();
        }
    }
    bool ready() const { return ready_; }

    //! The site's key for `purpose` (api::Auth::k*Purpose), derived from kSiteSecret as the
    //! site's own server does.
    static std::string SiteKey(const char* purpose) {
        return identity::DeriveKey(kSiteSecret, purpose);
    }
    int port() const { return server_->port(); }

    Reply Send(const std::string& method, const std::string& path, const nlohmann::json* body,
               const std::string& token = "", httplib::Headers headers = {},
               const std::string* raw = nullptr) const {
        httplib::Client client("127.0.0.1", port());
        client.set_read_timeout(40, 0);
        if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
        const std::string text = raw ? *raw : body ? body->dump() : std::string();
        httplib::Result r = method == "GET" ? client.Get(path.c_str(), headers)
                            : method == "PUT"
                                ? client.Put(path.c_str(), headers, text, "application/json")
                                : client.Post(path.c_str(), headers, text, "application/json");
        Reply out;
        if (!r) return out;
        out.status = r->status;
        out.headers = r->headers;
        out.body = nlohmann::json::parse(r->body, nullptr, false);
        if (out.body.is_discarded()) out.body = r->body;
        return out;
    }
    Reply Get(const std::string& path, const std::string& token = "") const {
        return Send("GET", path, nullptr, token);
    }
    Reply Post(const std::string& path, const nlohmann::json& body, const std::string& token = "",
               httplib::Headers headers = {}) const {
        return Send("POST", path, &body, token, std::move(headers));
    }
    Reply Put(const std::string& path, const nlohmann::json& body,
              const std::string& token = "") const {
        return Send("PUT", path, &body, token);
    }

  private:
    std::unique_ptr<server::HttpServer> server_;
    std::thread thread_;
    std::atomic<bool> ok_{false};
    bool ready_ = false;
};

//! A signed-in customer's identity (subject `sub`, valid ten minutes), signed with the test
//! site's identity key as the site's own server signs it.
inline std::string SiteJwt(const std::string& sub) {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    return identity::SignJwt({{"sub", sub}, {"exp", now + 600}, {"iat", now}},
                             Server::SiteKey(api::Auth::kIdentityPurpose));
}

//! What a turn's answer said: the text of each "say" effect, one per line.
inline std::string SaidText(const nlohmann::json& turn) {
    std::string all;
    for (const nlohmann::json& e : turn["effects"]) {
        if (e["type"] == "say") all += e["text"].get<std::string>() + "\n";
    }
    return all;
}

//! A connectors folder holding one connector of assets/connectors/ (`relative`, e.g.
//! "examples/lookup_order.json") over http to a test's shop on loopback `port`, with a timeout
//! far beyond any test's hold and no retries (one call per execution), and its config file
//! (the demo shop's two secrets, DEMO_SHOP_URL): for the tests that hold calls at the shop.
struct OneHttpConnector {
    TempDir dir;
    std::string connectors, config;
    OneHttpConnector(const std::string& relative, int port, const std::string& token,
                     const std::string& key) {
        connectors = (dir.path / "connectors").string();
        std::filesystem::create_directories(connectors);
        std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/assets/connectors/" + relative);
        nlohmann::json doc = nlohmann::json::parse(in);
        doc.erase("$schema");
        doc["timeout_ms"] = 60000;
        doc.erase("retry");
        std::ofstream(connectors + "/" + std::filesystem::path(relative).filename().string())
            << doc.dump(2);
        config = (dir.path / "connectors-config.json").string();
        std::ofstream(config)
            << nlohmann::json(
                   {{"secrets", {{"DEMO_SHOP_API_TOKEN", token}, {"DEMO_SHOP_SIGNING_KEY", key}}},
                    {"config", {{"DEMO_SHOP_URL", "http://127.0.0.1:" + std::to_string(port)}}}})
                   .dump();
        ::chmod(config.c_str(), 0600);
    }
    std::function<void(seam::server::Options&)> Adjust() const {
        return [this](seam::server::Options& o) {
            o.connectors = connectors;
            o.connectors_config = config;
        };
    }
};

}  // namespace seam::testing
