// native/demo_shop/shop.hpp — the demo shop service: Larchwood Outfitters' own order, payment
// and account system, the "business's system" seamd reaches only through the http connectors
// of assets/connectors/demo-shop/ (issue 21). `seam-demo-shop` (main.cpp) runs one; the backend
// tests start one in-process (tests/native/test_demo_shop.cpp).
//
// It owns its store (Options::data/shop.db: migrated with store::Migrate, the demo business
// loaded with demo::Generate/Load for the same seed and day as seamd's) and runs each action
// with the builtin implementation, actions::Runner, on that store: the same outcomes, results
// and policy (assets/policy/rules.json), with the Runner's per-case order unlocks and its
// idempotency by key.
//
// HTTP API (JSON):
//   POST /v1/actions/{name}   {"params": {...}}, checked in this order:
//        Authorization: Bearer <api_token>          else 401 {"error": "unauthorized"}
//        X-Seam-Signature: hex HMAC-SHA256(signing_key,
//            connectors::SigningString("POST", path, Idempotency-Key, body))
//                                                   else 401 {"error": "bad_signature"}
//        X-Seam-Actor    customer (default when X-Seam-Customer is given) | visitor (default
//                        otherwise) | agent | system
//        X-Seam-Customer the customer's external id: verified for customer; unknown -> 403
//                        {"error": "unknown_customer"}
//        X-Seam-Agent    the agent's login (agent)
//        X-Seam-Case     the conversation: verify_order's unlocks hold for it
//        X-Seam-Locale   en | es ("locale" in the body otherwise; default en)
//        X-Seam-Decision allow | review: seamd's policy decision; review holds for a person a
//                        change the rules here would allow (needs_review)
//        Idempotency-Key each key executes once; a repeat gets the first answer, "replayed"
//      -> 200 {"outcome", "result", "decision", "replayed"} for every outcome (refusals too);
//         400 {"error": "seam.actions.bad_params" | "bad_request" | "bad_actor", "message"};
//         404 seam.actions.unknown_action; 409 seam.actions.idempotency (a key reused with other
//         params); 500 seam.actions.store.
//   POST /v1/facts/{name}     the same request and checks (X-Seam-Decision aside); what the
//                             builtin would decide the action on, changing nothing
//                             (actions::Runner::Facts) -> 200 {"facts": {...}}, or, when it
//                             answers before any decision, 200 {"outcome", "result"}
//   GET /v1/stats (bearer)    {"requests", "executions": {"<action>": n}, "replays",
//                             "facts": {"<action>": n}}: an execution is a run that was not a
//                             replay; facts counts the facts reads
//   GET /healthz              200 "ok"
// One line per request on stderr (method, path, status, action, outcome, replayed, ms); never a
// secret. Requests are served one action at a time (a mutex): the runner is not thread-safe on
// one connection, and a demo service needs no more.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "actions/actions.hpp"
#include "demo_shop/options.hpp"
#include "seam/core/date.hpp"
#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace httplib {
class Server;
}

namespace seam::demo_shop {

//! An HTTP answer of the service (also what Handle returns to tests that skip the network).
struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
};

class Shop {
  public:
    //! Opens (creating) `options.data`/shop.db, migrates it, loads the demo business when the
    //! store is empty, and reads the policy rules. Errors: seam.demo_shop.data, the store's,
    //! seam.demo_shop.rules, seam.demo.load.
    static Result<std::unique_ptr<Shop>> Open(const Options& options);
    ~Shop();
    Shop(const Shop&) = delete;
    Shop& operator=(const Shop&) = delete;

    //! POST /v1/actions/{name}: `target` is the request's path (and query) as received, the
    //! signature's path. Header names are case-insensitive (`header` looks them up).
    Reply RunAction(const std::string& name, const std::string& target,
                    const std::function<std::string(const char*)>& header, const std::string& body);
    //! POST /v1/facts/{name}: the same checks and request as RunAction; the answer is what the
    //! builtin would decide the action on (actions::Runner::Facts), changing nothing.
    Reply ReadFacts(const std::string& name, const std::string& target,
                    const std::function<std::string(const char*)>& header, const std::string& body);
    //! GET /v1/stats's body.
    nlohmann::json Stats() const;

    //! Binds options.host:options.port (0 = a free port); the port, or seam.demo_shop.listen.
    Result<int> Bind();
    //! Serves until Stop() (blocks). Call after Bind().
    bool Listen();
    //! True once Listen() accepts connections.
    bool Running() const;
    void Stop();

    //! The business day the service runs on (pinned by --today, or the clock's).
    Date Today() const;

  private:
    Shop() = default;
    Reply Unauthorized(const char* error) const;
    bool BearerOk(const std::function<std::string(const char*)>& header) const;
    //! Steps 1-3 of both endpoints (bearer, signature, the request and who asks): a reply when
    //! refused. `kind` and `customer` are X-Seam-Actor's and X-Seam-Customer's.
    std::optional<Reply> ReadRequest(const std::string& name, const std::string& target,
                                     const std::function<std::string(const char*)>& header,
                                     const std::string& body, actions::Request& request,
                                     std::string& kind, std::string& customer);
    //! The verified customer of the request, from the store (hold mutex_): a reply when unknown.
    std::optional<Reply> ResolveCustomer(actions::Request& request, const std::string& kind,
                                         const std::string& customer);

    Options options_;
    std::unique_ptr<store::Db> db_;
    std::unique_ptr<actions::Runner> runner_;
    std::unique_ptr<httplib::Server> server_;
    mutable std::mutex mutex_;  // one action (and the stats) at a time
    std::int64_t requests_ = 0;
    std::int64_t replays_ = 0;
    std::map<std::string, std::int64_t> executions_;
    std::map<std::string, std::int64_t> facts_reads_;
};

}  // namespace seam::demo_shop
