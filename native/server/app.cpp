// native/server/app.cpp — seamd's start-up sequence (see app.hpp).
#include "server/app.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>

#include "assistant/assistant.hpp"
#include "demo/generator.hpp"
#include "demo/loader.hpp"
#include "identity/secret_hash.hpp"
#include "seam/core/date.hpp"
#include "store/migrations.hpp"

namespace seam::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path Exe() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path("seamd") : exe;
}

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Date ClockToday() {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

Result<std::string> Setting(store::Db& db, const std::string& key) {
    auto s = db.Prepare("SELECT value FROM settings WHERE key = ?");
    if (!s) return s.error();
    s->Bind(1, key);
    if (s->Next()) return s->Text(0);
    return std::string();
}

Result<bool> SeedAgents(store::Db& db, const Options& o, std::string& notes) {
    auto count = db.Prepare("SELECT COUNT(*) FROM agents");
    if (!count) return count.error();
    if (count->Next() && count->Int(0) > 0 && o.agents.empty()) return true;
    std::vector<AgentSeed> seeds = o.agents;
    if (seeds.empty()) {
        seeds = {
            {"maya",
             "Maya Chen",
             "admin",
             "maya-demo-secret",
             {"billing", "returns", "delivery", "account", "general"}},
            {"sam", "Sam Okafor", "agent", "sam-demo-secret", {"returns", "delivery", "general"}},
            {"lee", "Lee Park", "agent", "lee-demo-secret", {"billing", "account", "general"}}};
        notes +=
            "demo agents: maya / maya-demo-secret (admin), sam / sam-demo-secret, lee / "
            "lee-demo-secret\n";
    }
    auto upsert = db.Prepare(
        "INSERT INTO agents(login, name, role, skills, secret_hash) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role, "
        "skills = excluded.skills, secret_hash = excluded.secret_hash");
    if (!upsert) return upsert.error();
    for (const AgentSeed& a : seeds) {
        auto ran = upsert->Bind(1, a.login)
                       .Bind(2, a.name.empty() ? a.login : a.name)
                       .Bind(3, a.role)
                       .Bind(4, json(a.skills).dump())
                       .Bind(5, identity::HashSecret(a.secret, identity::RandomToken(12)))
                       .Run();
        if (!ran) return ran.error();
    }
    return true;
}

}  // namespace

std::string DefaultWebRoot() {
    return (Exe().parent_path().parent_path() / "web").string();
}
std::string DefaultAssetsDir() {
    // The repository's assets/ above the binary, wherever the build put it (build/bin/seamd,
    // build/sanitize/bin/seamd, ...): the nearest ancestor holding assets/flows/actions.json.
    std::error_code ec;
    for (fs::path dir = Exe().parent_path(); !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / "assets" / "flows" / "actions.json", ec)) {
            return (dir / "assets").string();
        }
        if (dir == dir.parent_path()) break;
    }
    return (Exe().parent_path().parent_path().parent_path() / "assets").string();
}

Result<std::unique_ptr<App>> App::Open(Options options) {
    auto app = std::make_unique<App>();
    if (options.assets.empty()) options.assets = DefaultAssetsDir();
    if (options.web_root.empty()) options.web_root = DefaultWebRoot();
    app->options = options;

    // The business day: pinned, or today's UTC date from the clock.
    Date pinned{};
    if (!options.today.empty()) {
        auto d = ParseIsoDate(options.today);
        if (!d) return Error::Make("seam.server.today", "--today: " + d.error().message);
        pinned = *d;
    }
    const bool is_pinned = !options.today.empty();
    backend::Assistant::Today today = [pinned, is_pinned] {
        return is_pinned ? pinned : ClockToday();
    };

    std::error_code ec;
    fs::create_directories(options.data, ec);
    if (ec) {
        return Error::Make("seam.server.data", "cannot create the data directory '" + options.data +
                                                   "': " + ec.message());
    }
    auto db = store::Db::Open((fs::path(options.data) / "seam.db").string());
    if (!db) return db.error();
    auto version = store::Migrate(**db);
    if (!version) return version.error();

    // Agents first: the demo history assigns its handoffs to them.
    auto seeded = SeedAgents(**db, options, app->startup_notes);
    if (!seeded) return seeded.error();
    if (options.demo_data && !demo::IsLoaded(**db)) {
        const auto t0 = std::chrono::steady_clock::now();
        const demo::DemoData data = demo::Generate(options.demo_seed, today());
        auto loaded = demo::Load(**db, data);
        if (!loaded) return loaded.error();
        auto history =
            demo::LoadHistory(**db, demo::GenerateHistory(options.demo_seed, today(), data));
        if (!history) return history.error();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        app->startup_notes += "demo data loaded (seed " + std::to_string(options.demo_seed) + ", " +
                              std::to_string(static_cast<int>(ms)) + " ms)\n";
    }

    // seamd's own signing key: given, or generated once and kept with the data.
    std::string server_secret = options.server_secret;
    if (server_secret.empty()) {
        auto stored = Setting(**db, "server_secret");
        if (!stored) return stored.error();
        server_secret = *stored;
        if (server_secret.empty()) {
            server_secret = identity::RandomToken(32);
            auto put =
                (*db)->Prepare("INSERT INTO settings(key, value) VALUES ('server_secret', ?)");
            if (!put) return put.error();
            auto ran = put->Bind(1, server_secret).Run();
            if (!ran) return ran.error();
        }
    }

    // Checkpoints run in the background; the serving connection never stops for one.
    const std::string db_path = (fs::path(options.data) / "seam.db").string();
    auto checkpointer = store::Checkpointer::Start(db_path, 250);
    if (!checkpointer) return checkpointer.error();
    app->checkpointer = std::move(checkpointer.value());
    auto no_auto = (*db)->Exec("PRAGMA wal_autocheckpoint=0");
    if (!no_auto) return no_auto.error();

    auto assistant = backend::Assistant::Load(options.assets, today);
    if (!assistant) return assistant.error();
    app->service = std::make_unique<service::Service>(
        std::move(db.value()),
        std::shared_ptr<const backend::Assistant>(std::move(assistant.value())), NowMs);
    app->auth =
        std::make_unique<api::Auth>(server_secret, options.site_secret, options.webhook_secret);
    if (!options.webhook_url.empty()) {
        service::Service* service = app->service.get();
        app->dispatcher = std::make_unique<webhooks::Dispatcher>(
            [service](const std::function<void(store::Db&)>& use) {
                auto guard = service->lock();
                use(service->db());
            },
            NowMs);
        webhooks::Dispatcher* dispatcher = app->dispatcher.get();
        const api::Auth* auth = app->auth.get();
        app->service->SetWebhooks(
            {options.webhook_url,
             [auth](const std::string& body) { return auth->SignWebhook(body); }},
            [dispatcher] { dispatcher->Poke(); });
        app->dispatcher->Start();
    }
    app->context.reset(new api::Context{*app->service, *app->auth, app->metrics,
                                        options.assets + "/schema/openapi.json",
                                        options.demo_site});
    return app;
}

}  // namespace seam::server
