// native/server/app.cpp — seamd's start-up sequence (see app.hpp).
#include "server/app.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "api/client_address.hpp"
#include "assets/assets.hpp"
#include "assistant/assistant.hpp"
#include "connectors/config.hpp"
#include "connectors/executor.hpp"
#include "demo/generator.hpp"
#include "demo/loader.hpp"
#include "identity/secret_hash.hpp"
#include "proactive/demo_feed.hpp"
#include "seam/core/date.hpp"
#include "store/migrations.hpp"
#include "store/node_lock.hpp"

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

// The demo's operator accounts, with public secrets: only ever seeded with --demo.
const std::vector<AgentSeed>& DemoAgents() {
    static const std::vector<AgentSeed> agents = {
        {"maya",
         "Maya Chen",
         "admin",
         "maya-demo-secret",
         {"billing", "returns", "delivery", "account", "general"}},
        {"sam", "Sam Okafor", "agent", "sam-demo-secret", {"returns", "delivery", "general"}},
        {"lee", "Lee Park", "agent", "lee-demo-secret", {"billing", "account", "general"}},
        // The second admin: who keeps the flows and the help articles (content publishing).
        {"rosa", "Rosa Vidal", "admin", "rosa-demo-secret", {"general"}}};
    return agents;
}

constexpr const char* kDisabledHash = "disabled:demo-agent";

Result<bool> SeedAgents(store::Db& db, const Options& o, std::string& notes) {
    std::vector<AgentSeed> seeds = o.agents;
    if (seeds.empty() && o.demo) {
        seeds = DemoAgents();
        notes +=
            "demo agents: maya / maya-demo-secret (admin), sam / sam-demo-secret, lee / "
            "lee-demo-secret, rosa / rosa-demo-secret (admin)\n";
    }
    if (!o.demo) {
        // A store that ran the demo keeps its demo agents, whose secrets are public: outside
        // demo mode they cannot sign in (their hash is replaced by one nothing matches).
        for (const AgentSeed& demo : DemoAgents()) {
            bool configured = false;
            for (const AgentSeed& a : o.agents)
                configured |= a.login == demo.login;
            if (configured) continue;
            auto s = db.Prepare("SELECT secret_hash FROM agents WHERE login = ?");
            if (!s) return s.error();
            s->Bind(1, demo.login);
            if (!s->Next()) continue;
            const std::string stored = s->Text(0);
            s->Reset();
            if (stored == kDisabledHash || !identity::VerifySecret(demo.secret, stored)) continue;
            auto off = db.Prepare("UPDATE agents SET secret_hash = ? WHERE login = ?");
            if (!off) return off.error();
            auto ran = off->Bind(1, std::string(kDisabledHash)).Bind(2, demo.login).Run();
            if (!ran) return ran.error();
            notes += "demo agent '" + demo.login + "' disabled (not in demo mode)\n";
        }
    }
    if (seeds.empty()) {
        auto count = db.Prepare("SELECT COUNT(*) FROM agents WHERE secret_hash != ?");
        if (!count) return count.error();
        count->Bind(1, std::string(kDisabledHash));
        if (count->Next() && count->Int(0) == 0) {
            notes +=
                "no operator accounts: list them under \"agents\" in a --config file "
                "(see seamd --help)\n";
        }
        return true;
    }
    auto upsert = db.Prepare(
        "INSERT INTO agents(login, name, role, skills, secret_hash) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role, "
        "skills = excluded.skills, secret_hash = excluded.secret_hash");
    if (!upsert) return upsert.error();
    const bool demo_seeds = o.agents.empty();
    for (const AgentSeed& a : seeds) {
        if (demo_seeds) {  // kept from an earlier --demo start, unless disabled since
            auto had = db.Prepare("SELECT secret_hash FROM agents WHERE login = ?");
            if (!had) return had.error();
            had->Bind(1, a.login);
            if (had->Next() && had->Text(0) != kDisabledHash) continue;
        }
        auto ran = upsert->Bind(1, a.login)
                       .Bind(2, a.name.empty() ? a.login : a.name)
                       .Bind(3, a.role)
                       .Bind(4, json(a.skills).dump())
                       .Bind(5, identity::HashSecret(a.secret))
                       .Run();
        if (!ran) return ran.error();
    }
    return true;
}

// Stores from before Argon2id hold PBKDF2 hashes: each is wrapped in Argon2id now, without the
// secret (see identity/secret_hash.hpp); the next sign-in replaces it with a plain Argon2id one.
Result<bool> UpgradeSecretHashes(store::Db& db, std::string& notes) {
    auto s = db.Prepare("SELECT login, secret_hash FROM agents WHERE secret_hash LIKE 'pbkdf2-%'");
    if (!s) return s.error();
    std::vector<std::pair<std::string, std::string>> upgraded;
    while (s->Next()) {
        std::string wrapped = identity::UpgradeLegacyHash(s->Text(1));
        if (!wrapped.empty()) upgraded.emplace_back(s->Text(0), std::move(wrapped));
    }
    s->Reset();
    for (const auto& [login, hash] : upgraded) {
        auto put = db.Prepare("UPDATE agents SET secret_hash = ? WHERE login = ?");
        if (!put) return put.error();
        auto ran = put->Bind(1, hash).Bind(2, login).Run();
        if (!ran) return ran.error();
    }
    if (!upgraded.empty()) {
        notes += std::to_string(upgraded.size()) + " agent secret hash(es) upgraded to Argon2id\n";
    }
    return true;
}

// The site secret: given, or generated once and kept in <data>/site-secret, readable by its
// owner only. Never a built-in default: a public one would let anyone forge identities.
//! The actions routed to `http` connectors: the connector files of --connectors (default
//! <assets>/connectors), each parsed; when one is http, the deployment's secrets and config
//! values (--connectors-config, SEAM_SECRET_* / SEAM_CONFIG_*) and one executor. Errors:
//! seam.server.connectors (a file unreadable or invalid, an action unknown, a second file for
//! one action, every secret or config value missing, named). Every action may be http.
struct Routing {
    std::map<std::string, connectors::Connector> http;
    std::shared_ptr<connectors::Executor> executor;
};

Result<Routing> LoadConnectors(const Options& o) {
    const std::string dir = o.connectors.empty() ? o.assets + "/connectors" : o.connectors;
    auto fail = [](const std::string& what) { return Error::Make("seam.server.connectors", what); };
    Routing routing;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        if (o.connectors.empty()) return routing;  // no folder in assets/: all builtin
        return fail("--connectors " + dir + ": not a folder");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const fs::path& path = entry.path();
        if (entry.is_regular_file() && path.extension() == ".json" &&
            path.filename() != "secrets.json") {
            files.push_back(path);
        }
    }
    std::sort(files.begin(), files.end());
    std::set<std::string> seen;
    std::vector<connectors::Connector> http;
    const std::vector<std::string>& names = actions::Runner::Names();
    for (const fs::path& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        if (!in) return fail(path.string() + ": cannot be read");
        const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
        if (doc.is_discarded()) return fail(path.string() + ": not JSON");
        auto parsed = connectors::ParseConnector(doc);
        if (!parsed) return fail(path.string() + ": " + parsed.error().message);
        const std::string& action = parsed->action;
        if (std::find(names.begin(), names.end(), action) == names.end()) {
            return fail(path.string() + ": no action named '" + action + "'");
        }
        if (!seen.insert(action).second) {
            return fail(path.string() + ": a second connector for '" + action + "'");
        }
        if (parsed->kind != connectors::Kind::kHttp) continue;
        http.push_back(std::move(parsed.value()));
    }
    if (http.empty()) return routing;
    auto config =
        connectors::LoadConnectorConfig(o.connectors_config, connectors::ProcessEnvironment());
    if (!config) return config.error();
    std::vector<std::string> missing;
    for (const std::string& name :
         connectors::MissingSecrets(*config, connectors::RequiredSecrets(http))) {
        missing.push_back("secret " + name + " (SEAM_SECRET_" + name + ")");
    }
    for (const std::string& name : connectors::RequiredConfig(http)) {
        if (!config->config.count(name)) {
            missing.push_back("config " + name + " (SEAM_CONFIG_" + name + ")");
        }
    }
    if (!missing.empty()) {
        std::string list;
        for (const std::string& m : missing)
            list += (list.empty() ? "" : ", ") + m;
        return fail("the http connectors of " + dir + " need values this deployment does not " +
                    "give (--connectors-config or the environment): " + list);
    }
    for (connectors::Connector& c : http) {
        const std::string action = c.action;
        routing.http.emplace(action, std::move(c));
    }
    routing.executor = std::make_shared<connectors::Executor>(std::move(config.value()));
    return routing;
}

Result<std::string> SiteSecret(const Options& o, std::string& notes) {
    if (!o.site_secret.empty()) return o.site_secret;
    const std::string path = (fs::path(o.data) / "site-secret").string();
    std::ifstream in(path, std::ios::binary);
    if (in) {
        std::stringstream text;
        text << in.rdbuf();
        std::string secret = text.str();
        while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
            secret.pop_back();
        if (secret.empty()) {
            return Error::Make("seam.server.site_secret", path +
                                                              " is empty; delete it or set "
                                                              "--site-secret");
        }
        ::chmod(path.c_str(), 0600);
        return secret;
    }
    const std::string secret = identity::RandomToken(32);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error::Make("seam.server.site_secret", "cannot create " + path);
    const std::string line = secret + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!written || !synced) return Error::Make("seam.server.site_secret", "cannot write " + path);
    notes +=
        "site secret generated and kept in " + path +
        " (owner-only): your site's server derives its signing keys from it (native/README.md)\n";
    return secret;
}

constexpr const char* kDemoBanner =
    "\n"
    "  ************************************************************************\n"
    "  *  DEMO MODE (--demo): demo shop data, POST /demo/identity signs any   *\n"
    "  *  demo customer's identity, demo agents with public secrets.          *\n"
    "  *  For trying Seam out only; never expose this server.                 *\n"
    "  ************************************************************************\n\n";

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

Result<std::string> PrepareStore(store::Db& db, const Options& o, Date today, std::string& notes) {
    // Nodes starting together take turns here: one migrates, seeds and loads the demo, and the
    // others find it done.
    std::optional<store::NodeLock> starting;
    {
        auto taken = store::NodeLock::Take(db, "seam.start");
        if (!taken) return taken.error();
        starting.emplace(std::move(taken.value()));
    }
    auto version = MigrateAtStart(o) ? store::Migrate(db) : store::CheckSchema(db);
    if (!version) return version.error();

    // Agents first: the demo history assigns its handoffs to them.
    auto upgraded = UpgradeSecretHashes(db, notes);
    if (!upgraded) return upgraded.error();
    auto seeded = SeedAgents(db, o, notes);
    if (!seeded) return seeded.error();
    if (DemoData(o) && !demo::IsLoaded(db)) {
        const auto t0 = std::chrono::steady_clock::now();
        const demo::DemoData data = demo::Generate(o.demo_seed, today);
        auto loaded = demo::Load(db, data);
        if (!loaded) return loaded.error();
        auto history = demo::LoadHistory(db, demo::GenerateHistory(o.demo_seed, today, data));
        if (!history) return history.error();
        auto synced = store::SyncIdSequences(db);  // the loader gave ids (PostgreSQL)
        if (!synced) return synced.error();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        notes += "demo data loaded (seed " + std::to_string(o.demo_seed) + ", " +
                 std::to_string(static_cast<int>(ms)) + " ms)\n";
    }

    // seamd's own signing key: given, or generated once and kept with the data.
    std::string server_secret = o.server_secret;
    if (server_secret.empty()) {
        auto stored = Setting(db, "server_secret");
        if (!stored) return stored.error();
        server_secret = *stored;
        if (server_secret.empty()) {
            server_secret = identity::RandomToken(32);
            auto put = db.Prepare("INSERT INTO settings(key, value) VALUES ('server_secret', ?)");
            if (!put) return put.error();
            auto ran = put->Bind(1, server_secret).Run();
            if (!ran) return ran.error();
        }
    }
    return server_secret;
}

Result<std::unique_ptr<App>> App::Open(Options options) {
    auto app = std::make_unique<App>();
    if (options.assets.empty()) options.assets = DefaultAssetsDir();
    // Connectors first: a deployment missing a secret is refused before anything is opened.
    auto routing = LoadConnectors(options);
    if (!routing) return routing.error();
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

    if (options.demo) app->startup_notes += kDemoBanner;
    const bool postgres = OnPostgres(options);
    Result<std::string> site_secret = options.site_secret;
    if (postgres) {
        // Every node must sign and check with the same keys: they come from the configuration,
        // never generated by one node.
        if (options.site_secret.empty()) {
            return Error::Make("seam.server.site_secret",
                               "with a PostgreSQL store, give every node the same --site-secret "
                               "(SEAM_SITE_SECRET)");
        }
    } else {
        std::error_code ec;
        const bool existed = fs::exists(options.data, ec);
        fs::create_directories(options.data, ec);
        if (ec) {
            return Error::Make("seam.server.data", "cannot create the data directory '" +
                                                       options.data + "': " + ec.message());
        }
        // The store and the site secret are the business's customers and keys: owner-only. A
        // directory seamd made is 0700; one that was there keeps its mode (it may be shared on
        // purpose), but every file seamd keeps in it is 0600 (store::Db::Open sees to the
        // store).
        if (!existed) ::chmod(options.data.c_str(), 0700);
        site_secret = SiteSecret(options, app->startup_notes);
        if (!site_secret) return site_secret.error();
    }
    auto db = store::Db::Open(StoreLocation(options));
    if (!db) return db.error();
    auto server_secret = PrepareStore(**db, options, today(), app->startup_notes);
    if (!server_secret) return server_secret.error();

    if (!postgres) {
        // Checkpoints run in the background; the serving connection never stops for one.
        auto checkpointer = store::Checkpointer::Start(StoreLocation(options), 250);
        if (!checkpointer) return checkpointer.error();
        app->checkpointer = std::move(checkpointer.value());
        auto no_auto = (*db)->Exec("PRAGMA wal_autocheckpoint=0");
        if (!no_auto) return no_auto.error();
        // Commits durable without holding the store for their fsync (store::Db::DeferSync),
        // unless the operator chose to lose the last commits in an OS crash (NORMAL).
        const char* sync = std::getenv("SEAM_SQLITE_SYNCHRONOUS");
        if (!sync || std::string(sync) == "FULL" || std::string(sync) == "EXTRA") {
            auto deferred = (*db)->DeferSync();
            if (!deferred) return deferred.error();
        }
    }

    auto assistant = backend::Assistant::Load(options.assets, today);
    if (!assistant) return assistant.error();
    app->service = std::make_unique<service::Service>(
        std::move(db.value()),
        std::shared_ptr<const backend::Assistant>(std::move(assistant.value())), NowMs);
    if (app->checkpointer) {
        store::Checkpointer* checkpointer = app->checkpointer.get();
        app->service->SetBetweenBatches(
            [checkpointer](store::Db& serving) { checkpointer->RestartIfDue(serving); });
    }
    if (!routing->http.empty()) {
        std::string routed;
        for (const auto& [action, connector] : routing->http)
            routed += " " + action;
        app->startup_notes += "connectors: over http (" + std::to_string(routing->http.size()) +
                              " of " + std::to_string(actions::Runner::Names().size()) +
                              "):" + routed + "\n";
        app->service->SetConnectors(std::move(routing->http), std::move(routing->executor));
    }
    {
        // Content publishing: the published versions live in the store; assets/ seeds the first
        // and anything changed there since the last start is published over the current one.
        const content::Files tree = assets::ReadTree(options.assets);
        content::Files base;
        for (const auto& [path, text] : tree) {
            content::Kind kind;
            if (!content::KindOf(path, kind)) base[path] = text;
        }
        // The intent model is not content (nlu/): every version reuses the one trained at start.
        const content_store::AssistantPtr first = app->service->assistant();
        auto build =
            [base, today, first](
                const content::Files& files,
                std::vector<flow::Diagnostic>& problems) -> Result<content_store::AssistantPtr> {
            content::Files all = base;
            for (const auto& [path, text] : files)
                all[path] = text;
            auto loaded =
                backend::Assistant::LoadFiles(all, today, problems, &first->understander().model());
            if (!loaded) return loaded.error();
            return content_store::AssistantPtr(std::move(loaded.value()));
        };
        auto started = app->service->StartContent(tree, std::move(build));
        if (!started) return started.error();
        app->startup_notes += *started;
    }
    app->auth = std::make_unique<api::Auth>(*server_secret, *site_secret, options.webhook_secret);
    identity::VerifyAgainstDummy("");  // makes the dummy hash now, not on the first bad login
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
    {
        // Links in proactive emails and SMS: one-click unsubscribe, signed per customer+channel.
        std::string base = options.public_url;
        if (base.empty()) base = "http://" + options.host + ":" + std::to_string(options.port);
        while (!base.empty() && base.back() == '/')
            base.pop_back();
        const api::Auth* auth = app->auth.get();
        app->service->SetUnsubscribeLinks(
            [auth, base](const std::string& customer, const std::string& channel) {
                return base + "/v1/unsubscribe?customer=" + api::UrlEncode(customer) +
                       "&channel=" + api::UrlEncode(channel) +
                       "&sig=" + auth->SignUnsubscribe(customer, channel);
            });
    }
    if (!options.demo || options.demo_events) {
        // Due proactive work (schedules, the end of quiet hours) and the demo shop's events.
        // A demo seamd without --demo-events is a still picture of the shop (the tests start
        // it so): no schedule reaches its customers on its own.
        service::Service* service = app->service.get();
        const bool demo_events = options.demo_events;
        auto ticks = std::make_shared<int>(0);
        auto store_down = std::make_shared<bool>(false);
        app->scheduler = std::make_unique<proactive_facts::Scheduler>(
            [service, demo_events, ticks, store_down] {
                // A store that cannot be reached fails the tick's work (nothing half-written:
                // each pass is one transaction); the next tick does it. Logged once an outage.
                const std::uint64_t unavailable = store::Db::UnavailableSeen();
                const int tick = (*ticks)++;
                if (demo_events) {
                    std::vector<proactive_facts::BusinessEvent> events;
                    const Date day = service->assistant()->today();
                    service->WriteInBatch([&](store::Db& store) -> Result<bool> {
                        if (tick == 0) {
                            events = proactive_facts::DemoBacklog(store, day, service->Now());
                        } else if (tick % 20 == 0) {  // an abandoned cart now and then
                            events.push_back(proactive_facts::DemoAbandonedCart(
                                store, day, service->Now(), 3 + tick / 20));
                        }
                        return true;
                    });
                    service->AwaitDurable();
                    for (const proactive_facts::BusinessEvent& e : events) {
                        auto r = service->IngestEvent(e, "demo-feed");
                        service->AwaitDurable();
                        if (!r) {
                            std::fprintf(stderr, "demo events: %s not taken: %s\n", e.id.c_str(),
                                         r.error().message.c_str());
                        }
                    }
                }
                service->RunProactiveDue();
                service->AwaitDurable();
                const bool down = store::Db::UnavailableSeen() != unavailable;
                if (down != *store_down) {
                    *store_down = down;
                    std::fprintf(stderr,
                                 down ? "{\"level\":\"warn\",\"what\":\"proactive: the store "
                                        "cannot be reached; due work waits for the next "
                                        "tick\"}\n"
                                      : "{\"level\":\"info\",\"what\":\"proactive: the "
                                        "store is back\"}\n");
                }
            },
            std::chrono::seconds(options.proactive_every));
        app->scheduler->Start();
    }
    if (postgres) {  // last: the service is complete (content publishing started)
        // Other nodes' writes wake this one's long polls, and their content versions are served
        // here too (service::Service::FromPeer).
        service::Service* service = app->service.get();
        auto listener = store::Listener::Start(
            options.database, service::Service::kPeerChannel,
            [service] {
                auto guard = service->lock();
                return service->db().BackendPid();
            },
            [service](const std::string& what) { service->FromPeer(what); });
        if (!listener) return listener.error();
        app->listener = std::move(listener.value());
    }
    app->login_throttle = std::make_unique<api::LoginThrottle>();
    app->context.reset(new api::Context{
        *app->service, *app->auth, app->metrics, options.assets + "/schema/openapi.json",
        DemoSite(options), options.demo, options.metrics_token, app->login_throttle.get(),
        api::ParseAddressList(options.trusted_proxies)});
    return app;
}

}  // namespace seam::server
