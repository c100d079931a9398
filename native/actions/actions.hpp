// native/actions/actions.hpp — the transactional actions of the demo business, run by seamd.
//
// The flow engine only *requests* an action (seam/flow/engine.hpp); this module decides and
// acts. Each Run(), in ONE SQLite transaction:
//   1. idempotency: a key seen before (same scope) returns the first response, acting never
//      twice; the same key with different parameters is refused (seam.actions.idempotency);
//   2. re-validates every parameter with the shared form validators (never trusts a client);
//   3. checks the actor may act: a verified customer who owns the object, an agent, or — for
//      one order — a visitor who proved it with verify_order in this same case (the unlock is
//      stored per case, never trusted from the client); anyone else gets "not_verified";
//   4. gathers facts and evaluates the policy rules (assets/policy/rules.json) — every rule
//      checked is recorded;
//   5. performs the change (return + label, refund, new delivery day, address, subscription,
//      invoice email, password reset, missing-parcel claim, replacement, order unlock, refund of
//      a duplicate charge, size exchange, review, recommendation shown or taken, retention
//      offer, proactive opt-out) or refuses, with a reason people can act on; the read-only
//      actions (lookup_order, list_orders, refund_status, return_label...) change nothing and
//      are recorded the same way (6);
//   6. writes the audit record, an "action" event (and the events of what it did:
//      "recommendation", "retention_offer") and the idempotency record, then commits.
// An action routed to an `http` connector (SetConnectors; any action may be) runs 1-3 and
// the gate in a transaction that is rolled back, then the connector's call outside it (and
// outside the caller's lock when Request::outside_lock lets go of it), then 6 in one
// transaction, the call's audit in the audit row; the business's answer is steps 4-5
// (native/README.md, "Switching an action to http").
//
// The gate of an http action decides only what seamd knows, never reading the business's data
// (orders, shipments, subscriptions, invoices, returns, refunds, the catalogue):
//   - who asks: a verified customer or an agent may ask for any action; a visitor (not signed
//     in) only for start_password_reset, verify_order, advise_size, recommendation_clicked and
//     the actions on one order (params.order_number, and return_label's params.rma: the
//     business opens it from the case's verify_order unlock, {{case.id}}); anything else is
//     not_verified, with no call;
//   - the rules whose facts seamd has: verified_identity (a verified actor), and for
//     verify_order verify_order_3_attempts (seamd counts the case's misses: `locked`, no call;
//     an answer with no case is `error`, no call).
// With a facts request on the connector (Connector::facts), seamd reads the business's facts
// first and decides every rule of the action before the call (DecideOnFacts): a refusal, or the
// facts request's own outcome (not_found...), is the answer and the action is never sent;
// "review" is sent on as {{decision.verdict}} when the connector can answer needs_review, else
// it is an error for a person (native/README.md, "The policy decides before the call").
// Without one, every other rule (ownership, windows, limits, stock...) is the business's, on its
// data: its answer (outcome, reason) is the decision. The audit row's `decision` holds the gate's
// checks, "business_rules" (the rule ids left to the business), "actor" and the call under "call".
// After the call, from the mapped answer, seamd fills the flow's reason when the answer has
// none (not_verified, not_found, not_owner: the builtin's words; return_label's not_found
// too) and keeps its own records:
//   verify_order       ok: an attempt (matched) and, when seamd's own orders table has that
//                      number (a mixed deployment), the case's unlock for builtin actions;
//                      mismatch | not_found: a missed attempt, `locked` at the third, and
//                      result.attempts_left when the answer has none; the email / postcode
//                      masked in the audit row, the call's body and URL included
//   recommend, advise_size, find_exchange   ok: a "recommendation" shown event and a
//                      recommendations row per result.rec (+ result.sku), or per
//                      result.recommendations[].{rec, sku} (win_back); the row's product and
//                      variant from seamd's catalogue (the sku), its order from
//                      params.order_number, when seamd's tables have them (a mixed deployment:
//                      a builtin recommendation_clicked or create_exchange reads the row)
//   create_exchange, recommendation_clicked ok, unless result.again is true: a "clicked"
//                      event for params.rec (result.sku; recommendation_clicked also
//                      result.context), and its row marked clicked when seamd has one
//   retention_offer    ok, unless result.recorded is false: a retention_offer event per offer
//                      (pause, downgrade; accepted = params.choice), and recommendation shown
//                      (and clicked, the one taken) events and rows for
//                      result.offers[].{offer, rec}
//   opt_out_proactive  ok: the proactive_opt_outs row seamd's proactive triggers read
//                      (result.already when the answer has none)
// Everything else the builtin writes (returns, refunds, labels, subscriptions, emails to the
// customer, replacement and exchange orders, reviews, password resets, claims) is the
// business's own record, in its own systems.
// Outcomes are those of assets/flows/actions.json; `result` holds what flows read (result.X).
//
// Events (the append-only `events` table, with the request's case, customer and the case's
// channel) — a contract the KPIs read:
//   action           {"name", "outcome"}                       every run that is not a replay
//   recommendation   {"rec", "sku", "context", "action"}       context exchange | accessory |
//                                                               retention | win_back | size;
//                                                               action shown | clicked (once)
//   retention_offer  {"offer", "subscription", "accepted"}     offer pause | downgrade, one per
//                                                               offer shown, when it is answered
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "connectors/executor.hpp"
#include "seam/connectors/connector.hpp"
#include "seam/core/date.hpp"
#include "seam/core/result.hpp"
#include "seam/policy/rules.hpp"
#include "store/sqlite.hpp"

namespace seam::actions {

//! Who asks. Customers act only on their own data and only when verified.
struct Actor {
    std::string kind = "customer";  //!< customer (a visitor when not verified) | agent | system
    std::int64_t customer_id = 0;   //!< customers.id (0 = anonymous)
    std::string external_id;        //!< customers.external_id
    bool verified = false;          //!< identity proven (JWT / user_hash / signed-in page)
    std::string agent_login;        //!< for kind == agent
};

struct Request {
    std::string name;       //!< an action of assets/flows/actions.json
    nlohmann::json params;  //!< as the flow (or an API client) sent them
    Actor actor;
    std::string locale = "en";    //!< for messages
    std::string idempotency_key;  //!< "" = none
    std::string case_id;          //!< for the audit record ("" outside a conversation)
    std::int64_t now_ms = 0;      //!< the clock, from the host
    Date today;                   //!< business date (policy windows, relative dates)
    //! The flow step that asked ("" = none): with the idempotency key, what makes an http
    //! connector's Idempotency-Key (connectors::IdempotencyKey) stable for one logical call.
    std::string step_id;
    //! Runs an http connector's call (`call`). The caller may let go of its store lock around
    //! `call` and take it back before returning (Service::RunAction does); `call` touches no
    //! store. Empty = `call()` right there (the caller keeps its lock for the call's length).
    std::function<void(const std::function<void()>& call)> outside_lock;
    //! The caller's policy decided "review" (seamd's X-Seam-Decision, at the business): a
    //! change the rules here allow is held for a person instead (needs_review).
    bool hold_for_review = false;
};

struct Response {
    //! ok | refused | needs_review | not_found | not_owner | not_verified | no_match | none |
    //! duplicate | mismatch | locked | error (each action's own list: assets/flows/actions.json)
    std::string outcome;
    nlohmann::json result;    //!< the data flows read as result.X (includes "reason" when refused)
    nlohmann::json decision;  //!< policy::Decision::ToJson() (null when no rule applied)
    bool replayed = false;    //!< the response of an earlier request with the same key
};

//! What the builtin would decide an action on (Runner::Facts).
struct FactsAnswer {
    //! The facts of its policy decision (an object), or null when it answered before deciding
    //! (not_found, not_owner, not_verified, a refused precondition...; an "ok" then: nothing
    //! to decide), or when a precondition after an allowing decision refused.
    nlohmann::json facts;
    Response answer;  //!< what it would answer (nothing of it kept)
};

class Runner {
  public:
    Runner(std::vector<policy::Rule> rules);

    //! The actions that go to the business's own systems: `http` connectors by action name,
    //! and the executor that calls them (shared by every thread). Call before serving; an
    //! action without an entry runs its builtin implementation; any action may have one.
    void SetConnectors(std::map<std::string, connectors::Connector> http,
                       std::shared_ptr<connectors::Executor> executor);
    //! Actions whose http connector this runner can route: every action of Names() (the gate
    //! above needs nothing of the business's data).
    static bool Routable(const std::string& action);

    //! Runs `request` against `db` (the caller serialises writers). Errors are for requests
    //! that cannot be run at all: seam.actions.unknown_action, seam.actions.bad_params (with
    //! the validator's message), seam.actions.idempotency (key reused with other params),
    //! seam.actions.store. A refusal is not an error: it is a Response with outcome "refused".
    //! With an idempotency key, the answer is kept for kIdempotencyMs (24 h, as payment APIs
    //! do), errors included (a retry gets the same error, not a second try), except
    //! seam.actions.store (nothing was decided) and seam.actions.idempotency itself.
    Result<Response> Run(store::Db& db, const Request& request) const;

    //! The facts the builtin decides `request` on, reading `db` and changing nothing (what a
    //! business answers to a connector's facts request; seam-demo-shop's POST /v1/facts).
    //! Errors as Run's (no idempotency: a read).
    Result<FactsAnswer> Facts(store::Db& db, const Request& request) const;

    static constexpr std::int64_t kIdempotencyMs = 24LL * 60 * 60 * 1000;
    //! Deletes up to kPurgeBatch idempotency records (actions' and turns') older than
    //! kIdempotencyMs before `now_ms`, oldest index first. Every write that adds a record runs
    //! it in its own transaction, so the table stays bounded by the last 24 hours' writes.
    static constexpr int kPurgeBatch = 32;
    static Result<bool> PurgeExpiredIdempotency(store::Db& db, std::int64_t now_ms);

    //! Names of every action, as in assets/flows/actions.json.
    static const std::vector<std::string>& Names();

  private:
    //! `called` = null: the whole run; for an http action whose gate passes, nothing is
    //! written and `*needs_call` is set. `called` given: the connector's answer is the
    //! decision and the change (steps 1-2 again, then seamd's own records from the answer and
    //! the record, with `call_audit` in the audit row).
    Result<Response> RunOnce(store::Db& db, const Request& request, const Response* called,
                             const nlohmann::json* call_audit, bool* needs_call) const;
    //! The policy on a facts request's answer (connector.facts): the business's facts with
    //! seamd's own over them (the gate's, in `decision`), under the rules the builtin applies.
    //! nullopt: send the action's request (`decision` is now the decision: verdict allow, or
    //! review when the connector maps a needs_review answer). Otherwise the answer, with no
    //! request sent: a facts rule's outcome, or the refusal (not_verified, not_owner, refused,
    //! else error; "review" the business cannot hold is an error, for a person).
    std::optional<Response> DecideOnFacts(const Request& request,
                                          const connectors::Connector& connector,
                                          const connectors::Call& facts_call,
                                          nlohmann::json& decision) const;
    //! Keeps an error answer under its idempotency key, so retries get it again (Run's tail).
    Result<Response> Kept(store::Db& db, const Request& request, Result<Response> r) const;
    std::vector<policy::Rule> rules_;
    std::map<std::string, connectors::Connector> http_;
    std::shared_ptr<connectors::Executor> executor_;
};

}  // namespace seam::actions
