// native/server/app.hpp — seamd put together: the store (opened, migrated, demo data on
// first start, agents seeded), the shared core, the service layer and the API's helpers.
// HttpServer serves an App; tests open one on a temporary data dir.
#pragma once

#include <memory>
#include <string>

#include "api/auth.hpp"
#include "api/metrics.hpp"
#include "api/routes.hpp"
#include "proactive/scheduler.hpp"
#include "seam/core/date.hpp"
#include "seam/core/result.hpp"
#include "server/options.hpp"
#include "service/service.hpp"
#include "store/checkpointer.hpp"
#include "store/listener.hpp"
#include "webhooks/dispatcher.hpp"

namespace seam::server {

struct App {
    Options options;
    std::unique_ptr<store::Checkpointer> checkpointer;  //!< before service: outlives it
    std::unique_ptr<service::Service> service;
    std::unique_ptr<api::Auth> auth;
    api::Metrics metrics;
    std::unique_ptr<api::Context> context;
    std::unique_ptr<webhooks::Dispatcher> dispatcher;  //!< after service: stops before it
    //! What the other nodes sharing a PostgreSQL store change (none on SQLite); after service.
    std::unique_ptr<store::Listener> listener;
    std::string startup_notes;  //!< what was created on this start (for the log)
    std::unique_ptr<api::LoginThrottle> login_throttle;  //!< sign-in back-off (context points here)
    //! Runs due proactive work (and the demo feed); after service: stops before it.
    std::unique_ptr<proactive_facts::Scheduler> scheduler;

    //! Opens everything `options` names. Errors: seam.server.* / seam.store.* / seam.assistant.*
    static Result<std::unique_ptr<App>> Open(Options options);
};

//! What a start does to the store before it serves, one node at a time (store::NodeLock
//! "seam.start"): the migrations (or, without Options::migrate, the check that none is due),
//! the operator accounts, the demo business on an empty store (business day `today`), seamd's
//! signing key (given, else generated once and kept in the store). Returns that key; what it
//! created is added to `notes`. Errors: seam.store.*, seam.server.*.
Result<std::string> PrepareStore(store::Db& db, const Options& o, Date today, std::string& notes);

//! <repo>/assets and build/web as seen from the running binary (build/bin/seamd).
std::string DefaultAssetsDir();
std::string DefaultWebRoot();

}  // namespace seam::server
