// native/connectors/executor.hpp — executes `http` connectors (seam/connectors/connector.hpp):
// renders the request, adds the Idempotency-Key and the signature, sends it with cpp-httplib
// under a hard deadline, retries what the connector allows, maps the answer to the action's
// outcome, and describes the call for the audit. Thread-safe: seamd's HTTP threads share one.
//
// Index of this file
//   [SECTION] The call        CallContext, Call, IdempotencyKey
//   [SECTION] The executor    ExecutorOptions, Executor
//
// Guarantees (each proven by tests/native/test_connector_executor.cpp):
//   - Idempotency: every attempt of one logical call carries the same Idempotency-Key
//     (IdempotencyKey below), so a business that executes each key once never executes a retry
//     (ours, a proxy's or the customer's repeat of the same step) twice.
//   - Never a hang: each attempt has a deadline of the connector's timeout_ms (connect, read and
//     write timeouts, and a watchdog that shuts the socket down at the deadline, so a server
//     that drips a byte at a time cannot keep the call going); the whole call, retries and
//     backoff included, has CallContext::budget_ms (default: max_attempts * timeout_ms plus
//     the backoffs). No answer in time -> on_timeout; a refused or broken connection ->
//     on_network_error; a body over max_response_bytes or not JSON where a rule reads it ->
//     on_malformed.
//   - Retries only for the failures the connector lists in retry.on (connect, timeout,
//     network_error, 5xx, 429), with backoff_ms * 2^(n-1) between attempts, never past the
//     budget. `seam check` already refused retries that could execute twice.
//   - Circuit breaker per connector (action): `breaker_failures` failed calls in a row (a
//     failure: no answer, or a 5xx, after the call's retries), each within `breaker_window_ms`
//     of the first, open it; while open, calls fail at once with on_network_error and the
//     audit says "circuit open"; after `breaker_cooldown_ms` one call is let through as a probe
//     (half-open): its success closes the breaker, its failure opens it for another cool-down.
//   - Concurrency limit per connector: at most `max_in_flight` calls at once; one more fails at
//     once (on_network_error, "concurrency limit") instead of waiting: a queue would hold
//     seamd's own threads, which is the hang this module exists to prevent.
//   - Audit: every call, including those that never reached the network, returns Call::audit.
//
// Not here: the policy decision (the action runner decides before calling), storing the audit
// (the runner writes it in its transaction) and the routing of actions to http connectors
// (actions::Runner::SetConnectors, set up by seamd's start from --connectors DIR).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "connectors/config.hpp"
#include "seam/connectors/connector.hpp"

namespace seam::connectors {

// [SECTION] The call

//! Who and what a call is for: the key, the templates' case.id / customer.id, the budget.
struct CallContext {
    std::string case_id;  //!< {{case.id}} unless `values` has it; part of the key
    std::string locale;   //!< {{case.locale}}: the conversation's language ("" = "en")
    std::string step_id;  //!< the flow step that requested the action; part of the key
    std::string action;   //!< "" = the connector's action; part of the key
    //! Which request of this step in this case: the caller's counter of logical calls (for
    //! example the case's turn number, or the action run's sequence). The same logical call,
    //! repeated for whatever reason, must pass the same value; a new call a new one.
    std::uint64_t sequence = 0;
    std::string customer_id;  //!< the verified customer ({{customer.id}}); "" = none
    //! Who asks ({{actor.kind}}): customer | visitor | agent | system; "" = "customer" when
    //! customer_id is given, else "visitor".
    std::string actor_kind;
    std::string agent_login;  //!< {{actor.agent}}: the agent's login when actor_kind is agent
    //! Milliseconds for the whole call, retries and backoff included; 0 = max_attempts *
    //! timeout_ms + the backoffs. Never more than that.
    std::int64_t budget_ms = 0;
};

//! What a call gave.
struct Call {
    Mapped mapped;                //!< outcome, reason, result fields (MapResponse / MapFailure)
    int attempts = 0;             //!< requests sent (0: refused before the network)
    int status = 0;               //!< the last response's HTTP status; 0 = none
    std::int64_t latency_ms = 0;  //!< the whole call, retries included
    //! Why the call has no usable answer: "" (it has one), "connect", "timeout",
    //! "network_error", "too_large", "circuit_open", "concurrency_limit", "render",
    //! "secret_missing", "bad_url".
    std::string failure;
    std::string idempotency_key;
    //! {"action", "method", "url", "headers" (audit_headers: secrets as their templates), "body"
    //! (as sent, null when none), "idempotency_key", "attempts", "status", "latency_ms",
    //! "outcome", "reason", "failure", "detail", "tries": [{"status", "failure", "ms"}]}.
    //! The url and the body hold no secret by CheckConnectors' rule.
    nlohmann::json audit;
};

//! The Idempotency-Key of a logical call: "seam-" + the first 32 hex digits of
//! SHA-256("seam/idempotency/v1\n" case_id "\n" step_id "\n" action "\n" sequence). The same
//! inputs always give the same key (a retry by us, a proxy or the customer's repeat of the same
//! step); another case, step, action or sequence gives another. 128 bits: no collisions in
//! practice, and the key reveals nothing of the case id.
std::string IdempotencyKey(const std::string& case_id, const std::string& step_id,
                           const std::string& action, std::uint64_t sequence);

// [SECTION] The executor

struct ExecutorOptions {
    int breaker_failures = 5;                  //!< failed calls in a row that open the breaker
    std::int64_t breaker_window_ms = 60000;    //!< ... each within this of the first
    std::int64_t breaker_cooldown_ms = 30000;  //!< open for this long, then one probe
    int max_in_flight = 16;                    //!< calls at once per connector
    std::size_t max_response_bytes = 1 << 20;  //!< a larger body is on_malformed
    //! Monotonic milliseconds for the breaker (tests move it by hand); empty = steady_clock.
    std::function<std::int64_t()> clock;
    //! Waits between attempts (tests may record them); empty = std::this_thread::sleep_for.
    std::function<void(std::int64_t ms)> sleep;
};

enum class BreakerState { kClosed, kOpen, kHalfOpen };

class Executor {
  public:
    explicit Executor(ConnectorConfig config, ExecutorOptions options = {});
    ~Executor();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    //! Calls `connector` (kind http). `values` are Render's values: "params" and "facts" from
    //! the caller; "config" and "secret" come from this executor's ConnectorConfig and "case" /
    //! "customer" from `ctx` unless `values` has them. Never throws, never waits past the
    //! budget; every failure is an outcome the connector declares (see the file comment).
    //! A connector that cannot be rendered (a parameter missing) or needs a secret the
    //! deployment did not give is on_network_error with failure "render" / "secret_missing".
    Call Execute(const Connector& connector, const nlohmann::json& values, const CallContext& ctx);

    //! The breaker of `action` now (closed when it never ran).
    BreakerState State(const std::string& action) const;
    //! Calls of `action` in flight now.
    int InFlight(const std::string& action) const;

    const ExecutorOptions& options() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace seam::connectors
