// native/server/options.cpp — parsing seamd's configuration: defaults < config file <
// SEAM_* environment < flags.
#include "server/options.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "seam/core/json_read.hpp"
#include "store/sqlite.hpp"

namespace seam::server {

namespace {

using nlohmann::json;

Result<long long> ParseNumber(const std::string& text, const std::string& source, long long lo,
                              long long hi) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return Error::Make("seam.options.bad_number", source + ": '" + text + "' is not a number");
    }
    const long long v = std::atoll(text.c_str());
    if (v < lo || v > hi) {
        return Error::Make(
            "seam.options.bad_number",
            source + ": " + text + " is outside " + std::to_string(lo) + "-" + std::to_string(hi));
    }
    return v;
}

Result<bool> ParseBool(const std::string& text, const std::string& source) {
    if (text == "1" || text == "true" || text == "yes" || text == "on") return true;
    if (text == "0" || text == "false" || text == "no" || text == "off") return false;
    return Error::Make("seam.options.bad_bool", source + ": '" + text + "' is not true/false");
}

// One setter per option, shared by the config file, the environment and the flags.
using Setter = std::function<Result<bool>(Options&, const std::string&, const std::string&)>;
struct Spec {
    const char* flag;
    const char* env;
    const char* key;  // in the config file
    Setter set;
};

Setter Text(std::string Options::*field) {
    return [field](Options& o, const std::string& v, const std::string&) -> Result<bool> {
        o.*field = v;
        return true;
    };
}
template <typename T>
Setter Number(T Options::*field, long long lo, long long hi) {
    return
        [field, lo, hi](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
            auto n = ParseNumber(v, src, lo, hi);
            if (!n) return n.error();
            o.*field = static_cast<T>(*n);
            return true;
        };
}

const std::vector<Spec>& Specs() {
    static const std::vector<Spec> specs = {
        {"--host", "SEAM_HOST", "host", Text(&Options::host)},
        {"--port", "SEAM_PORT", "port", Number(&Options::port, 1, 65535)},
        {"--web-root", "SEAM_WEB_ROOT", "web_root", Text(&Options::web_root)},
        {"--assets", "SEAM_ASSETS", "assets", Text(&Options::assets)},
        {"--data", "SEAM_DATA", "data", Text(&Options::data)},
        {"--database", "SEAM_DATABASE", "database",
         [](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
             if (v.rfind("sqlite:", 0) == 0) {
                 if (v.size() == 7) {
                     return Error::Make("seam.options.database",
                                        src + ": sqlite: needs a directory (sqlite:DIR)");
                 }
                 o.data = v.substr(7);
                 o.database.clear();
                 return true;
             }
             if (!store::Db::IsPostgresUrl(v)) {
                 return Error::Make("seam.options.database",
                                    src + ": '" + v.substr(0, v.find(':')) +
                                        "...' is neither sqlite:DIR nor a postgres:// URL");
             }
             o.database = v;
             return true;
         }},
        // Also a bare flag: `seamd --migrate` (see ParseOptions).
        {"--migrate", "SEAM_MIGRATE", "migrate",
         [](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
             auto b = ParseBool(v, src);
             if (!b) return b.error();
             o.migrate = *b;
             return true;
         }},
        {"--site-secret", "SEAM_SITE_SECRET", "site_secret", Text(&Options::site_secret)},
        {"--server-secret", "SEAM_SERVER_SECRET", "server_secret", Text(&Options::server_secret)},
        {"--today", "SEAM_TODAY", "today", Text(&Options::today)},
        {"--demo-seed", "SEAM_DEMO_SEED", "demo_seed",
         Number(&Options::demo_seed, 0, 999999999999LL)},
        {"--demo-data", "SEAM_DEMO_DATA", "demo_data",
         [](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
             auto b = ParseBool(v, src);
             if (!b) return b.error();
             o.demo_data = *b;
             return true;
         }},
        {"--max-body", "SEAM_MAX_BODY", "max_body",
         Number(&Options::max_body, 1024, 64LL * 1024 * 1024)},
        {"--rate-limit", "SEAM_RATE_LIMIT", "rate_limit",
         Number(&Options::rate_limit, 0, 10000000)},
        {"--threads", "SEAM_THREADS", "threads", Number(&Options::threads, 1, 1024)},
        {"--demo-site", "SEAM_DEMO_SITE", "demo_site",
         [](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
             auto b = ParseBool(v, src);
             if (!b) return b.error();
             o.demo_site = *b;
             return true;
         }},
        {"--access-log", "SEAM_ACCESS_LOG", "access_log",
         [](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
             auto b = ParseBool(v, src);
             if (!b) return b.error();
             o.access_log = *b;
             return true;
         }},
        {"--webhook-url", "SEAM_WEBHOOK_URL", "webhook_url", Text(&Options::webhook_url)},
        {"--webhook-secret", "SEAM_WEBHOOK_SECRET", "webhook_secret",
         Text(&Options::webhook_secret)},
        {"--max-headers", "SEAM_MAX_HEADERS", "max_headers",
         Number(&Options::max_headers, 8, 10000)},
        {"--max-header-bytes", "SEAM_MAX_HEADER_BYTES", "max_header_bytes",
         Number(&Options::max_header_bytes, 1024, 1024 * 1024)},
        {"--max-json-depth", "SEAM_MAX_JSON_DEPTH", "max_json_depth",
         Number(&Options::max_json_depth, 2, 10000)},
        {"--request-timeout", "SEAM_REQUEST_TIMEOUT", "request_timeout",
         Number(&Options::request_timeout, 1, 3600)},
        {"--max-connections", "SEAM_MAX_CONNECTIONS", "max_connections",
         Number(&Options::max_connections, 16, 1000000)},
        {"--max-connections-per-address", "SEAM_MAX_CONNECTIONS_PER_ADDRESS",
         "max_connections_per_address", Number(&Options::max_connections_per_address, 0, 1000000)},
        {"--trusted-proxies", "SEAM_TRUSTED_PROXIES", "trusted_proxies",
         Text(&Options::trusted_proxies)},
        {"--metrics-token", "SEAM_METRICS_TOKEN", "metrics_token", Text(&Options::metrics_token)},
        {"--demo-events", "SEAM_DEMO_EVENTS", "demo_events",
         [](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
             auto b = ParseBool(v, src);
             if (!b) return b.error();
             o.demo_events = *b;
             return true;
         }},
        {"--public-url", "SEAM_PUBLIC_URL", "public_url", Text(&Options::public_url)},
        {"--connectors-config", "SEAM_CONNECTORS_CONFIG", "connectors_config",
         Text(&Options::connectors_config)},
        {"--connectors", "SEAM_CONNECTORS", "connectors", Text(&Options::connectors)},
        {"--proactive-every", "SEAM_PROACTIVE_EVERY", "proactive_every",
         Number(&Options::proactive_every, 1, 3600)},
        // Also a bare flag: `seamd --demo` (see ParseOptions).
        {"--demo", "SEAM_DEMO", "demo",
         [](Options& o, const std::string& v, const std::string& src) -> Result<bool> {
             auto b = ParseBool(v, src);
             if (!b) return b.error();
             o.demo = *b;
             return true;
         }},
    };
    return specs;
}

Result<bool> ReadConfigFile(Options& o, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::Make("seam.options.config", "cannot read config file '" + path + "'");
    std::stringstream text;
    text << in.rdbuf();
    const json doc = json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return Error::Make("seam.options.config", path + ": not a JSON object");
    }
    for (const auto& [key, value] : doc.items()) {
        if (key == "agents") {
            if (!value.is_array())
                return Error::Make("seam.options.config", path + ": agents must be an array");
            for (const json& a : value) {
                if (!a.is_object() || !a.contains("login") || !a.contains("secret") ||
                    !a["login"].is_string() || !a["secret"].is_string()) {
                    return Error::Make("seam.options.config",
                                       path + ": each agent needs a login and a secret");
                }
                AgentSeed seed;
                seed.login = a["login"].get<std::string>();  // both checked above
                seed.secret = a["secret"].get<std::string>();
                auto name = json_read::OptString(a, "name", "agents[].name", seed.login);
                auto role = json_read::OptString(a, "role", "agents[].role", "agent");
                if (!name)
                    return Error::Make("seam.options.config", path + ": " + name.error().message);
                if (!role)
                    return Error::Make("seam.options.config", path + ": " + role.error().message);
                seed.name = *name;
                seed.role = *role;
                if (seed.role != "agent" && seed.role != "admin") {
                    return Error::Make("seam.options.config", path + ": role is agent or admin");
                }
                if (const json* skills = json_read::Find(a, "skills")) {
                    if (!skills->is_array()) {
                        return Error::Make("seam.options.config",
                                           path + ": agents[].skills: expected an array, got " +
                                               json_read::KindOf(*skills));
                    }
                    for (const json& k : *skills) {
                        if (!k.is_string()) {
                            return Error::Make("seam.options.config",
                                               path +
                                                   ": agents[].skills[]: expected a string, got " +
                                                   json_read::KindOf(k));
                        }
                        seed.skills.push_back(k.get<std::string>());
                    }
                }
                o.agents.push_back(std::move(seed));
            }
            continue;
        }
        const Spec* spec = nullptr;
        for (const Spec& s : Specs()) {
            if (key == s.key) spec = &s;
        }
        if (!spec)
            return Error::Make("seam.options.config", path + ": unknown key \"" + key + "\"");
        const std::string v = value.is_string() ? value.get<std::string>() : value.dump();
        auto set = spec->set(o, v, path + ": " + key);
        if (!set) return set.error();
    }
    return true;
}

}  // namespace

std::string UsageText() {
    std::string text =
        "usage: seamd [options]\n"
        "Seam's backend: the /v1 HTTP API, the shared state of every case, the handoff desk,\n"
        "and the web assets (widget, demo pages, console).\n\n"
        "options (environment variable; config-file key):\n"
        "  --config FILE        JSON file with any option below by key (SEAM_CONFIG)\n"
        "  --host ADDR          address to listen on (SEAM_HOST; host)      default 127.0.0.1\n"
        "  --port N             port (SEAM_PORT; port)                      default 8080\n"
        "  --data DIR           SQLite store directory (SEAM_DATA; data)    default seam-data\n"
        "  --database DB        the store: sqlite:DIR (as --data DIR), or postgres://USER@HOST/DB\n"
        "                       shared by any number of seamd nodes (SEAM_DATABASE; database)\n"
        "                       default sqlite:seam-data\n"
        "  --migrate [BOOL]     bring the store's schema up to date at start (SEAM_MIGRATE)\n"
        "                       default on for SQLite, off for PostgreSQL (seamd migrate)\n"
        "  --assets DIR         flows, intents, knowledge, policy (SEAM_ASSETS; assets)\n"
        "                       default <repo>/assets beside build/\n"
        "  --web-root DIR       static files (SEAM_WEB_ROOT; web_root)      default <seamd "
        "dir>/../web\n"
        "  --site-secret S      the site's secret: the keys of identity JWTs, user_hash and\n"
        "                       inbound signatures derive from it (SEAM_SITE_SECRET); default:\n"
        "                       generated once, kept in DATA/site-secret (owner-only)\n"
        "  --server-secret S    signs seamd's own tokens (SEAM_SERVER_SECRET); default: generated\n"
        "                       once and kept in the store\n"
        "  --today YYYY-MM-DD   pin the business day (SEAM_TODAY; tests and demos)\n"
        "  --demo               demo mode: demo shop data, POST /demo/identity, demo agents with\n"
        "                       public secrets, a banner (SEAM_DEMO=1)        default off\n"
        "  --demo-data BOOL     load the demo shop into an empty store (SEAM_DEMO_DATA) default "
        "as --demo\n"
        "  --demo-seed N        its generator seed (SEAM_DEMO_SEED)         default 42\n"
        "  --max-body BYTES     largest request body (SEAM_MAX_BODY)        default 65536\n"
        "  --rate-limit N       requests per minute per client (SEAM_RATE_LIMIT, 0 = off) default "
        "600\n"
        "  --threads N          HTTP worker threads (SEAM_THREADS)          default 32\n"
        "  --demo-site BOOL     POST /demo/identity signs demo customers' identity, as the demo\n"
        "                       shop's own server would (SEAM_DEMO_SITE)  default as --demo\n"
        "  --access-log BOOL    one JSON log line per request (SEAM_ACCESS_LOG) default true\n"
        "  --webhook-url URL    receives handoff.created / case.resolved (SEAM_WEBHOOK_URL)\n"
        "  --webhook-secret S   signs webhook bodies, X-Seam-Signature (SEAM_WEBHOOK_SECRET);\n"
        "                       default: a key derived from the site secret\n"
        "  (--threads: the HTTP worker threads kept ready; more start on demand, one per open\n"
        "  connection, up to --max-connections)\n"
        "  --max-headers N      header lines per request (SEAM_MAX_HEADERS) default 100\n"
        "  --max-header-bytes N request line + headers (SEAM_MAX_HEADER_BYTES) default 32768\n"
        "  --max-json-depth N   nesting of a JSON body (SEAM_MAX_JSON_DEPTH)  default 64\n"
        "  --request-timeout S  a whole request must arrive within S seconds of its first byte\n"
        "                       (SEAM_REQUEST_TIMEOUT)                      default 20\n"
        "  --max-connections N  open connections in all (SEAM_MAX_CONNECTIONS) default 4096\n"
        "  --max-connections-per-address N  per client address, loopback and trusted proxies\n"
        "                       exempt (SEAM_MAX_CONNECTIONS_PER_ADDRESS, 0 = off) default 256\n"
        "  --trusted-proxies A,B  proxy addresses exempt from the per-address cap; from\n"
        "                       them and loopback, sign-in back-off counts the client named\n"
        "                       in X-Forwarded-For (SEAM_TRUSTED_PROXIES)\n"
        "  --metrics-token T    GET /metrics from other than loopback with \"Authorization:\n"
        "                       Bearer T\" (SEAM_METRICS_TOKEN)           default loopback only\n"
        "  --demo-events [BOOL] the demo shop sends its business events (late parcels, failed\n"
        "                       payments, abandoned carts...) at start and while running, so\n"
        "                       proactive messages show (SEAM_DEMO_EVENTS; scripts/demo) default "
        "off\n"
        "  --public-url URL     how customers reach this seamd, for links in emails and SMS\n"
        "                       (SEAM_PUBLIC_URL)                    default http://HOST:PORT\n"
        "  --proactive-every S  seconds between runs of due proactive work: daily schedules,\n"
        "                       the end of quiet hours (SEAM_PROACTIVE_EVERY)   default 30\n"
        "  --connectors-config FILE  secrets and config values of the http connectors,\n"
        "                       {\"secrets\": {...}, \"config\": {...}}, not readable by others;\n"
        "                       SEAM_SECRET_<NAME> / SEAM_CONFIG_<NAME> win over it\n"
        "                       (SEAM_CONNECTORS_CONFIG)\n"
        "  --connectors DIR     the connector files, one <action>.json each: which actions go\n"
        "                       to the business's systems over http (SEAM_CONNECTORS)\n"
        "                                                   default ASSETS/connectors\n"
        "  --version            print the version and exit\n"
        "  --help               print this help and exit\n\n"
        "The config file may also list operator accounts: \"agents\": [{\"login\", \"name\",\n"
        "\"role\": \"agent\"|\"admin\", \"skills\": [...], \"secret\"}]; in demo mode without\n"
        "it the demo agents maya (admin), sam and lee are created with public secrets.\n\n"
        "The HTTP API is described in assets/schema/openapi.json (served at /v1/openapi.json).\n";
    return text;
}

Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& env) {
    Options o;
    std::map<std::string, std::string> vars;
    for (const std::string& kv : env) {
        const auto eq = kv.find('=');
        if (eq != std::string::npos) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    // The config file first (flag, else environment), so that env and flags override it.
    std::string config = vars.count("SEAM_CONFIG") ? vars["SEAM_CONFIG"] : "";
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--config") config = args[i + 1];
    }
    if (!config.empty()) {
        auto read = ReadConfigFile(o, config);
        if (!read) return read.error();
        o.config = config;
    }
    for (const Spec& s : Specs()) {
        auto it = vars.find(s.env);
        if (it == vars.end()) continue;
        auto set = s.set(o, it->second, s.env);
        if (!set) return set.error();
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            o.help = true;
            continue;
        }
        if (a == "--version") {
            o.version = true;
            continue;
        }
        // `--demo` alone (the usual form), or `--demo BOOL`; `--demo-events` likewise.
        if (a == "--demo" && (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)) {
            o.demo = true;
            continue;
        }
        if (a == "--migrate" && (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)) {
            o.migrate = true;
            continue;
        }
        if (a == "--demo-events" && (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)) {
            o.demo_events = true;
            continue;
        }
        const Spec* spec = nullptr;
        for (const Spec& s : Specs()) {
            if (a == s.flag) spec = &s;
        }
        if (a == "--config") {
            ++i;
            continue;
        }
        if (!spec)
            return Error::Make("seam.options.unknown", "unknown option '" + a + "' (see --help)");
        if (i + 1 >= args.size()) {
            return Error::Make("seam.options.missing_value", a + " needs a value");
        }
        auto set = spec->set(o, args[++i], a);
        if (!set) return set.error();
    }
    if (config.empty() && args.size() > 0) {
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (args[i] == "--config") {
                return Error::Make("seam.options.missing_value", "--config needs a value");
            }
        }
    }
    return o;
}

bool DemoData(const Options& o) {
    return o.demo_data.value_or(o.demo);
}
bool DemoSite(const Options& o) {
    return o.demo_site.value_or(o.demo);
}
bool OnPostgres(const Options& o) {
    return !o.database.empty();
}
std::string StoreLocation(const Options& o) {
    return OnPostgres(o) ? o.database : (std::filesystem::path(o.data) / "seam.db").string();
}
bool MigrateAtStart(const Options& o) {
    return o.migrate.value_or(!OnPostgres(o));
}

}  // namespace seam::server
