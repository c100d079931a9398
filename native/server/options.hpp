// native/server/options.hpp — seamd's configuration: defaults, then SEAM_* environment, then flags.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::server {

//! An operator account seeded at start (config file "agents", or the demo's three).
struct AgentSeed {
    std::string login, name, role, secret;
    std::vector<std::string> skills;
};

struct Options {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string web_root;  //!< static files; empty = <dir of seamd>/../web (build/web)
    std::string assets;    //!< flows, intents, knowledge; empty = <repo>/assets beside build/
    std::string data = "seam-data";  //!< directory of the SQLite database (created if missing)
    //! Where the store is: "" or "sqlite:DIR" (SQLite in DIR, which then stands for `data`), or
    //! a "postgres://" / "postgresql://" URL (any number of seamd nodes share it; see
    //! native/README.md "Store engines").
    std::string database;
    //! Bring the store's schema up to date at start. Unset: on for SQLite (one command, one
    //! node), off for PostgreSQL (nodes of a newer version must not change a shared schema under
    //! older ones: `seamd migrate` does it once, or one node starts with --migrate).
    std::optional<bool> migrate;
    std::string config;  //!< JSON file with any of these options (flags and env win)
    //! The site's secret: the keys of identity JWTs, user_hash, inbound-channel and webhook
    //! signatures are derived from it (api/auth.hpp). "" = generated on first start and kept in
    //! <data>/site-secret (owner-only), and seamd says so.
    std::string site_secret;
    std::string server_secret;     //!< signs seamd's own tokens; empty = generated once, stored
    std::string today;             //!< pins the business day (YYYY-MM-DD); empty = the clock's
    std::uint64_t demo_seed = 42;  //!< demo data generator seed (first start of an empty store)
    //! Load the demo business on first start. Unset = as `demo`.
    std::optional<bool> demo_data;
    //! Serve POST /demo/identity: the demo shop's own server signing its signed-in customer's
    //! identity (never on a real site). Unset = as `demo`.
    std::optional<bool> demo_site;
    std::size_t max_body = 64 * 1024;  //!< bytes; larger requests get 413
    int rate_limit = 600;              //!< requests per minute per client address (0 = off)
    int threads = 32;                  //!< HTTP worker threads
    bool access_log = true;            //!< one JSON line per request on stderr
    std::string webhook_url;           //!< POSTed on handoff.created / case.resolved ("" = off)
    //! The webhook signing key (X-Seam-Signature = hex HMAC-SHA256 of the body); "" = derived
    //! from the site secret ("webhook-signature").
    std::string webhook_secret;
    std::vector<AgentSeed> agents;  //!< empty = none, or the demo agents in demo mode
    bool help = false;
    bool version = false;
    // Transport limits (issue 17; native/server/transport.hpp).
    std::size_t max_headers = 100;          //!< header lines per request; more get 431
    std::size_t max_header_bytes = 32768;   //!< request line + headers; more get 431
    std::size_t max_json_depth = 64;        //!< nesting of a JSON body; deeper gets 400
    int request_timeout = 20;               //!< seconds for a whole request to arrive (408)
    int max_connections = 4096;             //!< open connections in all; more get 503
    int max_connections_per_address = 256;  //!< per client address (0 = no cap)
    //! Comma-separated proxy addresses: exempt from the per-address connection cap, and (as
    //! loopback is) believed in X-Forwarded-For by the sign-in back-off (api/client_address).
    std::string trusted_proxies;
    //! --demo: the demo shop (its data, POST /demo/identity, the agents maya, sam and lee with
    //! public secrets), announced by a banner at start and in GET /healthz ("demo": true). Off by
    //! default: a plain seamd is a production server.
    bool demo = false;
    //! GET /metrics answers loopback clients, and others that send "Authorization: Bearer
    //! <metrics_token>" ("" = loopback only).
    std::string metrics_token;
    //! The demo shop's business events (native/proactive/demo_feed.hpp): off unless asked
    //! (scripts/demo asks), so tests that start a demo seamd see no proactive messages.
    bool demo_events = false;
    //! How customers reach seamd (unsubscribe links); "" = http://<host>:<port>.
    std::string public_url;
    int proactive_every = 30;  //!< seconds between runs of due proactive work
    //! JSON file with the secrets and config values of the `http` connectors
    //! (native/connectors/config.hpp; must not be readable by others). "" = the environment's
    //! SEAM_SECRET_* / SEAM_CONFIG_* only.
    std::string connectors_config;
    //! The folder of connector files (one <action>.json each, as assets/connectors/) seamd
    //! routes its actions by; "" = <assets>/connectors. A deployment points it at its own
    //! folder to switch actions to `http` without editing assets/.
    std::string connectors;
};

//! The demo switches with their defaults applied (unset = as Options::demo).
bool DemoData(const Options& o);
bool DemoSite(const Options& o);
//! The store's location for store::Db::Open: DATA/seam.db, or the PostgreSQL URL.
std::string StoreLocation(const Options& o);
//! Whether the store is PostgreSQL.
bool OnPostgres(const Options& o);
//! Whether seamd migrates the store at start (Options::migrate with its default applied).
bool MigrateAtStart(const Options& o);

//! Reads the --config file (or SEAM_CONFIG), then SEAM_* variables from `env` (pairs
//! "NAME=value"), then the flags: later sources win. Errors carry ids "seam.options.*".
Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& env);

//! The --help text.
std::string UsageText();

}  // namespace seam::server
