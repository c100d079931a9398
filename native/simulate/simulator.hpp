// native/simulate/simulator.hpp — `seam simulate`: the demo shop's customers run through time
// against the real engine, policy and proactive triggers, to see what proactive engagement does
// to contacts, resolutions, churn and revenue, treated against the hold-out group.
//
//   demo::Generate(seed, start) ─► the first N customers' rows ─► a throwaway store
//                                                                    │
//   simulated clock ──► service::Service (the one seamd runs) ◄──────┘
//        │                ▲ IngestEvent: order.created, order.delayed, order.delivered, ...
//        │                │ RunProactiveDue: every simulated hour (schedules, quiet hours)
//        │                │ OpenCase / Turn / RunAction: customers contacting, replying, clicking
//        ▼                │ Claim / Resolve: the desk closing handoffs
//   the shop (orders, parcels, renewals, returns, carts) and the customers (behaviour.hpp)
//        │
//        └─► at the end: the store's event log ─► kpi::ComputeProactive ─► treated | hold-out
//
// The hold-out group is the service's own (the policy's holdout_percent, proactive::InHoldout):
// the simulation never asks who is in it, so it cannot treat the groups differently; it only
// sees which messages were sent. Deterministic: every draw comes from one seeded splitmix64
// stream taken in the order the simulated time gives, and nothing read back depends on the
// random case ids, so the same options give the same report.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "seam/core/date.hpp"
#include "seam/core/result.hpp"
#include "simulate/behaviour.hpp"

namespace seam::simulate {

struct Options {
    int days = 60;                  //!< 1..366
    int customers = 1200;           //!< the first N of the demo shop's 1,200 (1..1200)
    std::uint64_t seed = 1;         //!< the demo shop's seed and the behaviour's
    Date start{2026, 10, 5};        //!< the first simulated day (00:00 UTC); the shop as of then
    std::string assets = "assets";  //!< flows, intents, triggers, policy
    //! Where the throwaway store goes ("" = the system's temporary directory); removed after.
    std::string work_dir;
    //! When set, the store is written to `keep_dir`/seam.db and kept (a new or empty directory),
    //! for `seam kpis --data` or seamd to look into afterwards.
    std::string keep_dir;
    //! When set, each conversation turn as one JSON line: {"n" (the conversation's number),
    //! "at", "customer", "why", "said" | "chose", "bot": [...], "status"}. Case ids are left
    //! out: they are random, and the trace is as deterministic as the report.
    std::function<void(const std::string&)> trace;
};

//! What a run produced.
struct Report {
    //! kpi::ComputeProactive over the simulated days: {"range", "treated", "holdout",
    //! "overall", "by_trigger", "by_day"}.
    nlohmann::json kpis;
    //! What the simulation did, by group ("treated" / "holdout" / "all"): orders, parcels late,
    //! contacts by problem, messages answered, conversations, turns... For the table; the
    //! KPIs are the figures to compare.
    nlohmann::json activity;
};

//! Runs the simulation. Errors: seam.simulate.options (out of range), seam.simulate.assets
//! (the assistant, intent examples or triggers cannot be loaded, or the behaviour names a flow
//! slot, intent or trigger that is not there), seam.simulate.store, and the service's own.
Result<Report> Run(const Options& options, const Behaviour& behaviour);

}  // namespace seam::simulate
