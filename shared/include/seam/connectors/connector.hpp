// shared/include/seam/connectors/connector.hpp — connectors as data: how each action of the
// registry (assets/flows/actions.json) reaches the business's own systems. Pure: parsing, the
// templates, the response mapping and the checks; the HTTP call itself belongs to the platform
// (native/ will execute `http` connectors; this header is what that executor calls).
//
// Index of this file
//   [SECTION] The connector          Connector, ParseConnector
//   [SECTION] Templates              Render, SigningString
//   [SECTION] Responses              MapResponse, MapFailure
//   [SECTION] Checks                 CheckConnectors, ParseSecrets
//
// One file per action, assets/connectors/<action>.json:
//
//   {"action": "lookup_order", "kind": "builtin"}          today's implementation inside seamd
//
//   {"action": "lookup_order", "kind": "http",
//    "method": "GET", "url": "{{config.SHOP_BASE_URL}}/orders/{{params.order_number}}",
//    "headers": {"X-Customer-Id": "{{customer.id}}"},
//    "sign": {"kind": "hmac_sha256", "secret": "SHOP_SIGNING_KEY"},
//    "timeout_ms": 3000,
//    "retry": {"max_attempts": 3, "backoff_ms": 200, "on": ["connect", "timeout", "5xx"]},
//    "response": [
//      {"status": "2xx", "outcome": "ok", "result": {"status": "/status", "eta": "/eta"}},
//      {"status": 404, "outcome": "not_found"},
//      {"status": 403, "outcome": "not_owner"},
//      {"status": "default", "outcome": "error"}],
//    "on_timeout": "error", "on_network_error": "error", "on_malformed": "error"}
//
// The policy decides before the action's call. An http connector may carry a `facts` request:
//
//   "facts": {"method": "POST", "url":
//   "{{config.SHOP_BASE_URL}}/orders/{{params.order_number}}/facts",
//             "headers": {...}, "body": {...}, "sign": {...}, "timeout_ms": 3000,
//             "response": [
//               {"status": 200, "facts": {"days_since_delivery": "/days_since_delivery",
//!                                         "final_sale": "/final_sale"}},
//               {"status": 404, "outcome": "not_found"},
//               {"status": "default", "outcome": "error"}]}
//
// seamd sends it first, then runs the policy rules of the action (assets/policy/rules.json) on
// those facts and its own (the actor's identity): a refusal is the answer and the action's
// request is never sent; "review" is sent on as {{decision.verdict}} for the business to hold
// the change for a person (or, for an action that declares no needs_review outcome, not sent:
// the answer is `error`, for a person). A facts rule's outcome (not_found, not_owner...) ends
// the run the same way. `seam check` refuses a facts request that leaves a fact some rule of
// the action reads unmapped (seam.connector.facts_missing). A facts request reads: it may be
// retried on any failure its `retry` lists, whatever its method. Without `facts`, the rules
// that need the business's data are the business's own to decide (the audit row names them).
//
// Placeholders `{{ns.name}}`, by where they may appear:
//   url      params.X (the action's parameters), case.id, case.locale, customer.id, actor.kind,
//            actor.agent, decision.verdict, config.NAME
//   headers  the same, and secret.NAME (the only way a secret enters a request)
//   body     params.X, facts.X (the case's facts), case.*, customer.id, actor.*, config.NAME
// case.locale is the conversation's language ("en", "es"), for the words the business answers with;
// decision.verdict (the action's request only, not its facts request): "allow" or "review",
// seamd's decision on the policy rules ("allow" when the connector has no facts request);
// customer.id is the verified customer's own id in the business ("" when not verified);
// actor.kind says who asks: "customer" (verified), "visitor" (not signed in: the business may
// accept an order the visitor proved in this case, see verify_order), "agent" (actor.agent is
// the agent's login, "" otherwise) or "system".
// A secret's value is never in a file: assets/connectors/secrets.json declares the names a
// deployment must provide (with what each is for) and seamd reads the values from its
// configuration. Secrets are refused in the url (logged by every proxy) and the body (audited).
//
// The retry rule (seam.connector.retry_unsafe). Every call carries an `Idempotency-Key` derived
// from the case and the step, but Seam cannot know that the business's endpoint honours it. So a
// retry may be declared when
//   - it only retries "connect" (the connection was never made: nothing was sent), or
//   - the method is idempotent by HTTP's definition (GET, HEAD, PUT, DELETE), or
//   - the connector states `"idempotency_key": "honoured"`: the business's endpoint executes a
//     request at most once per key (the demo shop's service will, and the fault tests prove it).
// A POST or PATCH retried on a timeout, a reset or a 5xx without that statement could refund
// twice, and `seam check` refuses it.
//
// Errors: seam.connector.schema (ParseConnector, the message names the JSON pointer),
// seam.connector.render (Render). Check diagnostics: see CheckConnectors.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"
#include "seam/flow/diagnostic.hpp"
#include "seam/flow/registry.hpp"
#include "seam/policy/rules.hpp"

namespace seam::connectors {

// [SECTION] The connector

enum class Kind { kBuiltin, kHttp };
enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete };
enum class SignKind { kNone, kHmacSha256, kBearer };
//! What a retry may be declared for ("on").
enum class Failure { kConnect, kTimeout, kNetworkError, kStatus5xx, kStatus429 };

const char* MethodName(Method method);
//! "connect", "timeout", "network_error", "5xx", "429".
const char* FailureName(Failure failure);
//! GET, HEAD, PUT, DELETE: repeating the request has the effect of sending it once.
bool IdempotentMethod(Method method);

struct Retry {
    int max_attempts = 1;  //!< 1..5, counting the first attempt; 1 = no retry
    int backoff_ms = 0;    //!< wait before attempt n+1: backoff_ms * 2^(n-1)
    std::set<Failure> on;  //!< which failures are retried (empty when max_attempts == 1)
};

struct Sign {
    SignKind kind = SignKind::kNone;
    std::string secret;  //!< the secret's NAME (secrets.json), never its value
    //! hmac_sha256: the header carrying hex(HMAC-SHA256(secret, SigningString(...))).
    //! bearer: always "Authorization" ("Bearer <secret>").
    std::string header;
};

//! Which statuses a response rule covers: inclusive ranges; "default" is every status.
struct StatusMatch {
    bool is_default = false;
    std::vector<std::pair<int, int>> ranges;  //!< [lo, hi]; 200 = {200,200}, "2xx" = {200,299}
    bool Covers(int status) const;
};

//! An optional test on the parsed body: the value at `pointer` equals `equals` (any JSON), or,
//! when `exists_only`, the pointer resolves at all.
struct When {
    std::string pointer;
    bool exists_only = false;
    nlohmann::json equals;
};

struct ResponseRule {
    StatusMatch status;
    bool has_when = false;
    When when;
    //! One the action declares (checked by CheckConnectors); kFactsOutcome for a facts
    //! request's rule that gives facts (`facts` below) instead of an outcome.
    std::string outcome;
    //! "" none; a string starting with '/' is a JSON pointer into the body, anything else a
    //! literal.
    std::string reason;
    std::map<std::string, std::string> result;  //!< result field -> JSON pointer into the body
    //! A facts request's rule: fact name -> JSON pointer into the body (outcome kFactsOutcome;
    //! `result` then maps what the answer says when the rules refuse).
    std::map<std::string, std::string> facts;
    std::string pointer;  //!< where the rule is in its file ("/response/2", "/facts/response/0")
    //! True when the rule reads the body (when, a pointer reason, result fields).
    bool NeedsBody() const;
};

//! The outcome MapResponse gives for a facts request's rule that read the facts (Mapped::result
//! holds them): not an outcome of any action, so never one a flow sees.
inline constexpr const char* kFactsOutcome = "facts";

struct Connector {
    std::string action;
    std::string description;
    Kind kind = Kind::kBuiltin;
    // The rest is for kind == kHttp only.
    Method method = Method::kGet;
    std::string url;                             //!< template
    std::map<std::string, std::string> headers;  //!< name -> template
    bool has_body = false;
    nlohmann::json body;  //!< JSON template (strings may hold placeholders)
    int timeout_ms = 5000;
    Retry retry;
    bool idempotency_key_honoured = false;  //!< `"idempotency_key": "honoured"`
    Sign sign;
    std::vector<ResponseRule> response;
    std::string on_timeout = "error";
    std::string on_network_error = "error";
    std::string on_malformed = "error";
    //! The facts request (`"facts": {...}`), or null: an http request of the same shape (no
    //! `action`, `kind` or nested `facts`) that READS what the policy rules of the action need
    //! from the business's systems, sent before the action's own request. Its response rules
    //! either give facts ({"status": 200, "facts": {"days_since_delivery": "/facts/days"}}) or
    //! an outcome of the action that ends the run without the action's request (404 ->
    //! not_found). It must change nothing: Seam may send it, decide "refuse", and not act.
    std::shared_ptr<const Connector> facts;
    bool is_facts_request = false;  //!< true for the `facts` member itself
};

//! Limits a file may ask for (the executor enforces its own ceilings too).
inline constexpr int kMaxTimeoutMs = 60000;
inline constexpr int kMaxAttempts = 5;
inline constexpr int kMaxBackoffMs = 10000;

//! Reads one connector document. Errors: seam.connector.schema, the message naming the JSON
//! pointer of the first problem: "[seam.connector.schema] /response/1/status: expected a status
//! (200), a class ("2xx"), a list of them, or "default"". Unknown fields are refused (a typo in
//! "retry" must not silently mean "no retry"). Whether the action, outcomes and secrets exist is
//! CheckConnectors' business, not this function's.
Result<Connector> ParseConnector(const nlohmann::json& doc);

// [SECTION] Templates

//! One placeholder of a template: "{{ params.order_number }}" -> {"params", "order_number"}.
struct Placeholder {
    std::string ns;
    std::string name;
    std::string where;    //!< "url", "headers", "body"
    std::string pointer;  //!< into the connector file: "/headers/Authorization", "/body/items/0"
};

//! Every placeholder of an http connector's url, headers, sign and body, in file order. A `sign`
//! adds its secret as a "secret" placeholder at "/sign/secret".
std::vector<Placeholder> Placeholders(const Connector& connector);

//! A request ready to send, minus the Idempotency-Key and the signature (the executor adds
//! them: the key from the case and step, the signature over SigningString).
struct Rendered {
    std::string url;
    std::map<std::string, std::string> headers;
    //! The headers for the audit: a header whose template holds a {{secret.NAME}} keeps its
    //! template ("Bearer {{secret.SHOP_TOKEN}}"), so no secret value is ever written down.
    std::map<std::string, std::string> audit_headers;
    bool has_body = false;
    nlohmann::json body;
    std::string body_text;  //!< compact JSON of `body`, the exact bytes to send and to sign
};

//! Fills the templates from `values` = {"params": {...}, "facts": {...}, "case": {"id"},
//! "customer": {"id"}, "config": {...}, "secret": {...}}. URL values are percent-encoded except
//! `config.*` (a base URL is inserted as written); header values with CR or LF are refused; a
//! body string that is exactly one placeholder takes the value with its JSON type (a missing
//! `params.*` there is null: an optional parameter), other strings have the values written in
//! (non-strings as compact JSON). Errors: seam.connector.render, naming the placeholder and
//! where: an unknown namespace, a namespace not allowed there, a value missing.
Result<Rendered> Render(const Connector& connector, const nlohmann::json& values);

//! What `hmac_sha256` signs: METHOD "\n" path-and-query of `url` "\n" idempotency key "\n" body.
//! Binding the method, the path and the key (not just the body) keeps a GET's signature from
//! being replayed for another order.
std::string SigningString(Method method, std::string_view url, std::string_view idempotency_key,
                          std::string_view body_text);

// [SECTION] Responses

//! What a call means to the flow.
struct Mapped {
    std::string outcome;
    std::string reason;  //!< refused (or any outcome) with a reason; "" when none
    nlohmann::json result = nlohmann::json::object();  //!< result field -> value
    std::vector<std::string> missing;  //!< result fields whose pointer the body did not have
    //! A facts request's facts (outcome kFactsOutcome): fact -> value; `missing_facts` those
    //! whose pointer the body did not have (or had null).
    nlohmann::json facts = nlohmann::json::object();
    std::vector<std::string> missing_facts;
    int rule = -1;       //!< index of the response rule used; -1 for on_* outcomes
    std::string detail;  //!< for the audit: "status 422 matched /response/2", "body is not JSON"
};

//! Maps a response. Rules are tried in order: the status must match and, when the rule has a
//! `when`, the body must be JSON and pass it (a body that is not JSON fails every `when`). The
//! first rule that matches decides; when it reads the body (NeedsBody) and the body is not JSON,
//! the outcome is on_malformed. No rule matching (CheckConnectors refuses such files, but a
//! `when` can still leave a status uncovered), or a status outside 100..599, is on_malformed.
//! Result fields whose pointer is absent are left out and listed in `missing`.
Mapped MapResponse(const Connector& connector, int status, std::string_view body_text);
//! The same with the body already parsed (`body` null = not JSON).
Mapped MapResponse(const Connector& connector, int status, const nlohmann::json* body);

//! The outcome of a call that got no response: kTimeout -> on_timeout, kConnect and
//! kNetworkError -> on_network_error, kStatus5xx / kStatus429 are responses (MapResponse).
Mapped MapFailure(const Connector& connector, Failure failure);

//! The value at an RFC 6901 pointer, or nullptr (a malformed pointer resolves to nothing).
const nlohmann::json* ResolvePointer(const nlohmann::json& doc, std::string_view pointer);
//! True for "" and strings of "/token" parts with only ~0 and ~1 escapes.
bool ValidPointer(std::string_view pointer);

// [SECTION] Checks

//! secrets.json: {"secrets": {"NAME": {"description": "..."}}, "config": {"NAME": {...}}};
//! NAME is [A-Z][A-Z0-9_]*. The secret names; problems of the whole file
//! (seam.connector.secrets) are appended to `diagnostics` at `source`.
std::set<std::string> ParseSecrets(std::string_view json_text, std::string_view source,
                                   std::vector<flow::Diagnostic>& diagnostics);
//! The same file's "config" names: the non-secret values ({{config.NAME}}, a base URL...) a
//! deployment must provide. No "config" is no names; only its own problems are appended.
std::set<std::string> ParseConfigNames(std::string_view json_text, std::string_view source,
                                       std::vector<flow::Diagnostic>& diagnostics);

//! Checks a set of connector files (path -> text) against the action registry and the declared
//! secret names. Appends every problem; true when there was none.
//!   seam.connector.json           not JSON
//!   seam.connector.schema         ParseConnector's error, at its pointer
//!   seam.connector.unknown_action an action the registry does not declare
//!   seam.connector.duplicate      a second file for one action (at the later path)
//!   seam.connector.bad_placeholder params.X the action does not declare; a namespace not
//!                                 allowed where it is (a secret in the url or body)
//!   seam.connector.secret_missing {{secret.NAME}} (or sign's secret) with an empty NAME, or a
//!                                 NAME secrets.json does not declare
//!   seam.connector.literal_secret a credential-looking header (Authorization, Cookie, *-Key,
//!                                 *Token*, *Secret*, *Password*, *Api-Key*) whose value holds no
//!                                 {{secret.NAME}}
//!   seam.connector.unmapped_status statuses 100..599 no rule covers without a `when`
//!                                 ("statuses 300-399, 500-599 have no outcome")
//!   seam.connector.outcome_unknown an outcome (rule or on_*) the action does not declare
//!   seam.connector.retry_unsafe   a retry the rule above does not allow
//!   seam.connector.config_undeclared (with `declared_config`) {{config.NAME}} with a NAME
//!                                 secrets.json's "config" does not declare (a typo would show
//!                                 only when a request is rendered)
//!   seam.connector.facts_missing  (with `rules`) a fact some policy rule of the action needs that
//!                                 no rule of the facts request maps (facts seamd has itself —
//!                                 verified, failed_attempts — and facts a rule only tests for
//!                                 "missing" are not needed)
bool CheckConnectors(const std::map<std::string, std::string>& files,
                     const flow::Registry& registry, const std::set<std::string>& declared_secrets,
                     std::vector<flow::Diagnostic>& diagnostics,
                     const std::vector<policy::Rule>* rules = nullptr,
                     const std::set<std::string>* declared_config = nullptr);

//! The facts a rule's condition reads ("days_since_delivery" for {"var":
//! "facts.days_since_delivery"}), and those it also tests with "missing" (`optional`).
void RuleFacts(const nlohmann::json& condition, std::set<std::string>& facts,
               std::set<std::string>& optional);

//! The facts seamd supplies itself before any call: not the business's to map.
bool SeamdFact(const std::string& name);

//! Splits an Error whose detail begins with a JSON pointer ("[id] /a/b: what") into a diagnostic
//! for `file`.
flow::Diagnostic ErrorToDiagnostic(const Error& error, const std::string& file);

}  // namespace seam::connectors
