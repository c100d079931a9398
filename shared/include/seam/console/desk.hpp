// shared/include/seam/console/desk.hpp — the agent desk's model: the handoff queue, the selected
// handoff's full context, and the agent's operations on it (claim, reply, resolve).
//
// The desk talks to seamd only through Api (GET /v1/handoffs, GET /v1/handoffs/{id}, POST
// .../claim, .../reply, .../resolve) and parses every answer into plain structs here, so the view
// (shared/src/console/ui/desk_view.cpp) only draws them and the rules (waiting targets, what
// blocks a claim, the suggested replies) are tested without a window.
//
//   app frame:  Api::Pump() ─► answers land in the Desk (callbacks)
//               Desk::Update(now_ms) ─► periodic refreshes: queue every 3 s, the selected
//                                       handoff every 2 s (customer messages appear live)
//               ui::DrawDesk(desk) ─► draws; clicks and shortcuts call the operations below
//
// A refresh period counts from the last answer, so a slow seamd is not asked faster than it
// answers, and requests are never duplicated: a refresh waits for the same request's answer.
// The queue refresh is conditional: it sends the ETag of the rows it holds (If-None-Match), and
// seamd answers 304 with no body while the queue is unchanged, so an idle queue of 500 rows
// costs a frame nothing to parse. Waiting times are therefore derived here (created_at against
// seamd's clock, learnt from the answer's "now"), not read from the rows: they go on growing
// across 304s. A
// login or a logout (Session::generation() changes) drops everything loaded, and answers to
// requests sent before it are ignored. Callbacks hold `this`: the Desk must outlive the Api's
// pending requests (the app owns both for the whole run).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "seam/console/api.hpp"
#include "seam/console/session.hpp"

namespace seam::console {

// [SECTION] Waiting targets

//! How long a queued handoff may wait for a person, per priority (the payload's "priority").
//! A priority not in the table is held to the "normal" target. The view colours the waiting
//! time with WaitStatus: within, near (at 75% of the target), over (at the target or later).
struct WaitTarget {
    std::string_view priority;
    int seconds;
};
inline constexpr WaitTarget kWaitTargets[] = {
    {"urgent", 2 * 60},
    {"high", 5 * 60},
    {"normal", 15 * 60},
    {"low", 60 * 60},
};
//! The fraction of the target from which a wait counts as "near".
inline constexpr double kWaitNearFraction = 0.75;

enum class WaitStatus { kWithin, kNear, kOver };

//! The target in seconds for `priority` (unknown -> the "normal" target).
int WaitTargetSeconds(std::string_view priority);
//! Where `waiting_seconds` stands against the target of `priority`.
WaitStatus WaitStatusFor(double waiting_seconds, std::string_view priority);
//! urgent 3, high 2, normal 1, low 0 (unknown -> 1): for sorting and the priority badge.
int PriorityRank(std::string_view priority);

// [SECTION] Parsed answers

//! One row of GET /v1/handoffs. Missing fields keep their defaults (an older seamd).
struct QueueRow {
    std::int64_t id = 0;
    std::string case_id;
    std::int64_t created_at = 0;  //!< ms since the epoch, seamd's clock
    //! As seamd computed it when it answered (older answers: the only clock there is). Draw
    //! Desk::WaitingSeconds(row) instead, which goes on from created_at.
    double waiting_seconds = 0;
    std::string skill;
    std::string priority = "normal";
    std::int64_t score = 0;
    std::string status;  //!< queued | claimed | resolved
    std::string agent;   //!< login of the agent who claimed it ("" when queued)
    std::string customer;
    double customer_value = 0;  //!< lifetime value in the shop's currency
    std::string intent;
    std::string reason;
    std::string summary;
    int server_order = 0;  //!< position in seamd's answer (its score order)
};

//! {"handoffs": [...]} -> rows in seamd's order; rows without a numeric id are skipped.
//! Anything but an object with a "handoffs" array -> nullopt.
std::optional<std::vector<QueueRow>> ParseQueue(const nlohmann::json& body);

//! Who the customer is (seamd's customer record) and how automation verified them (payload).
struct CustomerInfo {
    std::string id;  //!< the shop's external id ("" for an anonymous visitor)
    std::string first_name, last_name, email, phone, locale, country, currency;
    double lifetime_value = 0;
    bool verified = false;
    std::string verified_by;  //!< "identity_token", "email_address", "none"...
    //! "Ana Lima", else the email, else "Anonymous visitor".
    std::string DisplayName() const;
};

struct IntentGuess {
    std::string intent;
    double confidence = 0;
    bool ambiguous = false;
};

struct SlotValue {
    std::string slot;
    std::string value;         //!< strings as they are, other JSON values dumped
    std::string source;        //!< asked | first_message | correction | choice | set
    std::string text;          //!< what the customer wrote
    std::string validated_as;  //!< the slot type whose validation passed
};

//! One policy rule checked for an action (found in the action's result, when recorded).
struct PolicyCheck {
    std::string action;
    std::string rule;
    std::string description;
    bool passed = false;
    std::string detail;
};

struct ActionRecord {
    std::string name;
    std::string params;   //!< "order_number=LW-1042, reason=damaged"
    std::string outcome;  //!< "ok", "refused", "needs_review", "error"... "pending" when null
    std::string reason;   //!< result.reason or result.error ("" when none)
    std::string result;   //!< the result as compact JSON ("" when null or empty)
    //! Anything but "ok" or "pending": the agent has to look at it.
    bool failed() const { return outcome != "ok" && outcome != "pending"; }
};

struct StepRef {
    std::string id, kind, slot, action;
};

struct TranscriptLine {
    std::string from;  //!< customer | seam | agent
    std::string text;
};

//! A message of the case, on any channel (what the customer's widget shows).
struct CaseMessage {
    std::int64_t id = 0;
    std::int64_t at = 0;  //!< ms since the epoch
    std::string sender;   //!< customer | bot | agent | system
    std::string agent, agent_name, channel, text;
};

struct ChannelUse {
    std::string channel, address;
    std::int64_t first_at = 0, last_at = 0;
};

//! What the customer did on the site (Seam('track', ...)), described for people.
struct PageActivity {
    std::int64_t at = 0;  //!< ms since the epoch
    std::string text;     //!< "add_to_bag: size=M, sku=cascade-rain-jacket"
};

struct OrderInfo {
    std::string number, placed_on, status, currency = "USD";
    double total = 0;
    std::string carrier, tracking_url, expected_on, delivered_on, items;
};

struct PastCase {
    std::string id, status, intent, outcome;
    std::int64_t created_at = 0;
};

//! GET /v1/handoffs/{id} (also the answer of claim and resolve), payload unpacked.
struct HandoffDetail {
    std::int64_t id = 0;
    std::string case_id;
    std::int64_t created_at = 0;
    std::string skill, status, agent, outcome, note;
    // The payload (assets/schema/handoff.schema.json).
    std::string reason, queue, priority = "normal", flow, step, summary;
    std::string interrupted_flow, interrupted_step;  //!< the flow the customer left, if any
    CustomerInfo customer;
    std::vector<IntentGuess> intents;
    std::vector<SlotValue> slots;
    std::vector<ActionRecord> actions;
    std::vector<PolicyCheck> checks;
    std::vector<StepRef> remaining_steps;
    std::vector<TranscriptLine> transcript;
    // Around the payload.
    std::vector<CaseMessage> messages;
    std::vector<ChannelUse> channels;
    std::vector<PageActivity> page_events;  //!< the newest ten, oldest first
    std::string case_status, case_intent;
    std::string case_locale;  //!< the conversation's language ("" from an older seamd)
    std::int64_t case_version = 0;
    std::vector<OrderInfo> orders;
    std::vector<PastCase> past_cases;
};

//! Parses a handoff answer; tolerant of missing parts. nullopt when it is not an object with a
//! numeric "id".
std::optional<HandoffDetail> ParseHandoffDetail(const nlohmann::json& body);

// [SECTION] Suggested next steps

//! A reply template the agent inserts into the draft with one click.
struct Suggestion {
    std::string label;  //!< a few words for the button
    std::string text;   //!< the reply text
};

//! Derived from the payload only (deterministic): a greeting that names what the customer asked
//! and what was already verified or collected (so the agent never re-asks), a word on each
//! failed action (a refusal quotes the policy's reason; an error's technical text is never
//! quoted), a retry for a value that failed validation, a verification request when not
//! verified, the next remaining step (skipping slots already collected), a closing question.
//! `agent_name` signs the greeting ("" -> no name).
std::vector<Suggestion> SuggestReplies(const HandoffDetail& detail, const std::string& agent_name);

//! "order_number" -> "order number", "return_refund" -> "return refund".
std::string Humanize(std::string_view id);

// [SECTION] The desk

//! Queue order: seamd's score (priority plus waiting), longest wait first, highest customer
//! value first. Ties keep seamd's order.
enum class QueueSort { kScore, kWaiting, kValue };

//! What the queue shows. `status` and `skill` go to seamd (query string); `mine_only` and
//! `search` filter the answer locally.
struct QueueFilter {
    std::string status;  //!< "" (queued and claimed) | queued | claimed | resolved
    std::string skill;   //!< "" = every skill
    bool mine_only = false;
    std::string search;  //!< case-insensitive, in customer, intent, reason, summary, case id
    QueueSort sort = QueueSort::kScore;
};

//! The outcomes a handoff can be resolved with (Service::Resolve), with words for the agent.
struct ResolveOutcome {
    std::string_view id;
    std::string_view label;
};
inline constexpr ResolveOutcome kResolveOutcomes[] = {
    {"resolved", "Resolved: the customer's issue is solved"},
    {"abandoned", "Abandoned: the customer left"},
    {"escalated", "Escalated: passed on, still open"},
};

class Desk {
  public:
    static constexpr std::int64_t kQueueRefreshMs = 3000;
    static constexpr std::int64_t kDetailRefreshMs = 2000;

    Desk(Api& api, const Session& session);

    //! Once per frame, after Api::Pump(). Starts the refreshes that are due, never one whose
    //! identical request is still in flight; drops everything when the session's generation
    //! changed. Does nothing while logged out. A resolved handoff is not refreshed by itself.
    void Update(std::int64_t now_ms);

    // Queue.
    //! The rows to draw: seamd's answer through the local filters, in the filter's order.
    const std::vector<QueueRow>& rows() const { return rows_; }
    //! Every row seamd sent (before the local filters).
    const std::vector<QueueRow>& all_rows() const { return all_rows_; }
    bool queue_loaded() const { return queue_loaded_; }
    bool queue_loading() const { return !queue_in_flight_.empty(); }
    //! Why the last queue load failed ("" when it did not).
    const std::string& queue_error() const { return queue_error_; }
    const QueueFilter& filter() const { return filter_; }
    //! Applies a new filter: re-filters at once, and reloads when status or skill changed.
    void SetFilter(const QueueFilter& filter);
    //! The row's waiting time now: seamd's clock now (the answer's "now" plus the time since)
    //! minus created_at. An answer without "now" (an older seamd): seamd's figure plus the
    //! time since that answer.
    double WaitingSeconds(const QueueRow& row) const;
    //! The ETag of the rows held (sent as If-None-Match by the next refresh); "" when none.
    const std::string& queue_etag() const { return queue_etag_; }
    //! Queue refreshes answered 304 (unchanged) since the login: for tests and the bench.
    int queue_unchanged() const { return queue_unchanged_; }
    WaitStatus WaitStatusOf(const QueueRow& row) const;
    //! The skills to offer in the filter: the agent's own, then any seen in the queue.
    std::vector<std::string> KnownSkills() const;

    // Selection.
    std::int64_t selected_id() const { return selected_id_; }
    //! The selected row, or nullptr (not in the current rows).
    const QueueRow* selected_row() const;
    //! Selects a handoff and loads its detail (at once, not at the next refresh).
    void Select(std::int64_t handoff_id);
    //! Moves the selection by `delta` rows in the drawn order (clamped); selects the first
    //! row when nothing is selected.
    void MoveSelection(int delta);
    //! Reloads the queue and the selected handoff at the next Update (F5).
    void Refresh();

    // The selected handoff.
    //! Its detail, once loaded (nullptr before, or when another handoff is selected).
    const HandoffDetail* detail() const;
    bool detail_loading() const { return detail_in_flight_.count(selected_id_) > 0; }
    const std::string& detail_error() const { return detail_error_; }
    //! Detail refreshes answered 304 (unchanged) since the login: for tests and the bench.
    int detail_unchanged() const { return detail_unchanged_; }
    //! Suggested replies for the selected handoff (empty without a detail).
    const std::vector<Suggestion>& suggestions() const { return suggestions_; }

    // Operations on the selected handoff. Each Can*/…Blocker says why not in words ("" = can).
    //! Claim is possible when the handoff is queued and no claim is in flight.
    std::string ClaimBlocker() const;
    bool CanClaim() const { return ClaimBlocker().empty(); }
    void Claim();
    //! The reply draft of the selected handoff (kept per handoff, kept when sending fails).
    std::string& draft();
    //! Appends a suggestion to the draft (on a new line when the draft is not empty).
    void UseSuggestion(std::size_t index);
    //! Reply needs the handoff claimed by this agent, a non-empty draft of at most 4000 bytes,
    //! and no reply in flight.
    std::string SendBlocker() const;
    bool CanSend() const { return SendBlocker().empty(); }
    void SendReply();
    //! Resolve needs the handoff claimed by this agent (or the agent to be an admin).
    std::string ResolveBlocker() const;
    bool CanResolve() const { return ResolveBlocker().empty(); }
    //! The outcome the resolve dialog has chosen (one of kResolveOutcomes' ids).
    std::string& resolve_outcome() { return resolve_outcome_; }
    void Resolve();
    //! True while a claim, reply or resolve is in flight.
    bool busy() const { return op_in_flight_; }

    //! Opens the selected case in the flow inspector through on_inspect_case.
    bool CanInspect() const;
    void InspectSelected();
    //! Set by the app: switch to the flow inspector on `case_id`.
    std::function<void(const std::string& case_id)> on_inspect_case;

    //! The last operation's result for the status line ("Reply sent", or seamd's message).
    const std::string& status_line() const { return status_line_; }
    bool status_is_error() const { return status_is_error_; }

    const Agent& agent() const { return session_.agent(); }
    std::int64_t now_ms() const { return now_ms_; }

  private:
    void Reset();
    void RequestQueue();
    void RequestDetail();
    void ApplyFilter();
    void SetDetail(HandoffDetail detail);
    void SetStatus(std::string text, bool error);
    std::string QueuePath() const;
    //! Runs `done` only if the answer belongs to the current generation.
    Api::Callback Guard(std::function<void(const ApiResult&)> done);

    Api& api_;
    const Session& session_;
    int generation_ = -1;
    int epoch_ = 0;  //!< bumped by Reset(): answers to older requests are dropped
    std::int64_t now_ms_ = 0;

    QueueFilter filter_;
    std::vector<QueueRow> all_rows_, rows_;
    bool queue_loaded_ = false;
    std::set<std::string> queue_in_flight_;  //!< paths of the queue requests on their way
    bool queue_due_ = true;
    std::int64_t queue_requested_at_ = 0;
    std::int64_t queue_answered_at_ = 0;
    std::string queue_error_;
    std::string queue_etag_;       //!< of all_rows_ as seamd sent them ("" = ask in full)
    std::string queue_etag_path_;  //!< the request path queue_etag_ belongs to
    int queue_unchanged_ = 0;
    std::string detail_etag_;            //!< of detail_ as seamd sent it ("" = ask in full)
    int detail_unchanged_ = 0;           //!< detail refreshes answered 304 since the login
    bool server_clock_known_ = false;    //!< an answer carried seamd's "now"
    std::int64_t server_offset_ms_ = 0;  //!< seamd's clock minus now_ms_, at that answer

    std::int64_t selected_id_ = 0;
    std::optional<HandoffDetail> detail_;
    std::vector<Suggestion> suggestions_;
    std::set<std::int64_t> detail_in_flight_;  //!< handoff ids whose GET is on its way
    int detail_writes_ = 0;  //!< bumped when an operation's answer updates the detail
    bool detail_due_ = false;
    std::int64_t detail_requested_at_ = 0;
    std::string detail_error_;

    std::map<std::int64_t, std::string> drafts_;
    std::string resolve_outcome_ = "resolved";
    bool op_in_flight_ = false;
    std::string status_line_;
    bool status_is_error_ = false;
};

}  // namespace seam::console
