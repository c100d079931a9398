// shared/include/seam/console/proactive_board.hpp — the console's Proactive view model (issue 18,
// part 3: suppression and consent shown in the console): the settings in force, the triggers,
// the decision log with why each message was sent or held back, the last 7 days' counts, and an
// admin's changes to the kill switch, quiet hours, caps and hold-out share.
//
// Index of this file
//   [SECTION] Parsed answer   GET /v1/proactive as plain structs (total readers: a mistyped field
//                             is an error value, never an abort)
//   [SECTION] Words           every hold-back reason in plain words, in the order the rules apply
//                             (seam/proactive/suppression.hpp), the log's filter
//   [SECTION] ProactiveBoard  loading and refreshing, the filter, the settings draft, the kill
//                             switch with its confirmation, opening a sent message's case
//
// The flow of one frame:
//
//     app: Api::Pump() ──> ProactiveBoard::Update(now_ms) ──> ui::DrawProactive(board)
//              │                    │                                 │
//     GET /v1/proactive answered:   sends GET /v1/proactive?limit=200   draws overview(), the
//     settings, triggers, log,      while the view is shown: first,     filtered decisions(),
//     counts replace the old ones   on Refresh(), kRefreshMs after      the draft; calls
//     (settings only if no PUT      the last answer (like the queue)    SetFilter, SetEnabled,
//     went out meanwhile)                                               SaveSettings on input
//     PUT /v1/proactive/settings answered: the settings in force, or seamd's refusal in words
//
// Who may change what is seamd's rule (PUT is admin-only); the board mirrors it so an agent sees
// the settings read-only with a note, and never sends a request that can only be refused.
// Switching proactive messages OFF takes two steps (SetEnabled(false), then ConfirmSwitchOff):
// it stops every message to every customer. Switching them on again is one step.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seam/console/api.hpp"
#include "seam/console/session.hpp"
#include "seam/core/result.hpp"

namespace seam::console {

// [SECTION] Parsed answer

//! The settings in force ("settings" of GET /v1/proactive; PUT /v1/proactive/settings answers
//! the same fields without "outbox").
struct ProactiveSettings {
    bool enabled = true;               //!< false = the global kill switch is on: nothing is sent
    std::string quiet_from = "21:00";  //!< "HH:MM" in the customer's own time
    std::string quiet_to = "08:00";    //!< may be before quiet_from (the night spans midnight)
    int per_day = 1;                   //!< messages a customer may get in 24 hours
    int per_week = 3;                  //!< ... in 7 days
    int dedupe_days = 30;              //!< read-only here (assets/policy/proactive.json)
    int holdout_percent = 10;          //!< share of customers never contacted, 0..50
    bool outbox = false;               //!< an email/SMS outbox (webhook) is configured
    //! from == to: no quiet hours at all.
    bool no_quiet_hours() const { return quiet_from == quiet_to; }
};

//! One trigger (assets/proactive/*.json) as seamd describes it.
struct TriggerInfo {
    std::string id;
    std::string description;
    std::string event;                  //!< the business event it answers ("" for a schedule)
    std::string daily_at;               //!< a schedule's "HH:MM" UTC ("" for an event trigger)
    std::string for_each;               //!< a schedule's subject: customer | subscription
    std::string flow;                   //!< the flow the message opens
    std::vector<std::string> channels;  //!< in order of preference
    int priority = 0;                   //!< higher first when several match
    //! "event order.delayed", or "daily at 10:00 UTC for each subscription".
    std::string When() const;
};

//! One row of the decision log (newest first in seamd's answer).
struct DecisionRow {
    std::int64_t id = 0;
    std::int64_t at = 0;  //!< ms since the epoch, seamd's clock
    std::string trigger;
    std::string object;  //!< what it is about ("parcel_delayed:LW-104233")
    bool sent = false;
    std::string reason;         //!< "" when sent, else a rule name (kHoldReasons)
    std::string channel;        //!< when sent: widget | email | sms
    std::string case_id;        //!< when sent: the conversation it started
    std::string customer;       //!< the shop's external id
    std::string customer_name;  //!< "Ana Lima" (may be blank)
    bool seen = false;          //!< the customer opened it (widget)
};

//! A parsed GET /v1/proactive.
struct ProactiveOverview {
    ProactiveSettings settings;
    std::vector<TriggerInfo> triggers;
    std::vector<DecisionRow> decisions;
    //! "sent" and each hold-back reason -> decisions in the last 7 days (only those that happened).
    std::map<std::string, std::int64_t> last_7_days;
    std::int64_t customers_opted_out = 0;  //!< customers with any opt-out recorded
};

//! Reads GET /v1/proactive's body. "settings" (an object) and "decisions" (an array) are
//! required; everything else may be missing (read as empty). A field of the wrong type, a
//! decision without an integer "id", or a count that is not an integer is an error:
//! seam.console.proactive, the message naming the field's path ("decisions[3].at: ...").
Result<ProactiveOverview> ParseProactiveOverview(const nlohmann::json& body);
//! The settings object alone (GET's "settings", or PUT's whole answer); `path` prefixes error
//! paths. Absent fields keep the defaults above. Errors: seam.console.proactive.
Result<ProactiveSettings> ParseProactiveSettings(const nlohmann::json& settings,
                                                 const std::string& path = "settings");

// [SECTION] Words

//! A rule that holds a message back, in the order seam/proactive/suppression.hpp applies them.
struct HoldReason {
    std::string_view id;     //!< the decision's "reason"
    std::string_view label;  //!< a few words, for the filter and the counts
    std::string_view words;  //!< the log's explanation, a plain sentence fragment
};
inline constexpr HoldReason kHoldReasons[] = {
    {"kill_switch", "kill switch", "proactive messages were switched off (the kill switch)"},
    {"holdout", "hold-out group",
     "the customer is in the hold-out group (never contacted, so the KPIs can compare)"},
    {"duplicate", "duplicate",
     "this trigger already decided about the same thing within the de-duplication days"},
    {"agent_case_open", "a person is on it", "a person already has an open case with the customer"},
    {"opted_out", "opted out", "the customer opted out of these messages"},
    {"no_channel", "no channel", "none of the trigger's channels reaches the customer"},
    {"quiet_hours", "quiet hours", "in the customer's quiet hours (decided again when they end)"},
    {"cap_day", "daily cap",
     "the daily cap: enough messages reached the customer in the last 24 hours"},
    {"cap_week", "weekly cap",
     "the weekly cap: enough messages reached the customer in the last 7 days"},
};

//! The plain words of a hold-back reason; an unknown one (a newer seamd) reads as itself.
std::string ReasonWords(std::string_view reason);
//! The short label of a reason ("quiet hours"); an unknown one reads as itself.
std::string ReasonLabel(std::string_view reason);
//! "sent by widget" (or "sent" without a channel), else "held back".
std::string OutcomeText(const DecisionRow& row);
//! "sent" for a sent decision, else its reason ("unknown" when blank): the key counts and marks
//! use.
std::string OutcomeKey(const DecisionRow& row);
//! What the decision is about, without the trigger's own prefix: "parcel_delayed:LW-104233" of
//! trigger parcel_delayed -> "LW-104233"; an object key of another form as it is.
std::string DecisionAbout(const DecisionRow& row);

//! The decision log's filter: "" every decision, "sent", "held" (held back for any reason), or
//! one reason id ("quiet_hours").
inline constexpr const char* kFilterAll = "";
inline constexpr const char* kFilterSent = "sent";
inline constexpr const char* kFilterHeld = "held";
//! Whether `row` passes `filter`.
bool DecisionMatches(const DecisionRow& row, const std::string& filter);

//! One line of the 7-day counts.
struct OutcomeCount {
    std::string key;    //!< "sent" or a reason id
    std::string label;  //!< "sent", "quiet hours", ...
    std::int64_t count = 0;
};
//! last_7_days in reading order: "sent" first (also when 0), then each reason that happened in
//! rule order, then reasons unknown to this console by name.
std::vector<OutcomeCount> WeekCounts(const ProactiveOverview& overview);
//! Held back in the last 7 days, all reasons together.
std::int64_t WeekHeldBack(const ProactiveOverview& overview);

//! "HH:MM" with 00..23 and 00..59.
bool IsClockTime(const std::string& hhmm);

// [SECTION] ProactiveBoard

class ProactiveBoard {
  public:
    //! Decisions asked for (seamd keeps the newest 500 at most per answer).
    static constexpr int kDecisionLimit = 200;
    //! The log refreshes this long after the last answer, while the view is shown (the queue's
    //! pace: a decision made now appears within a few seconds).
    static constexpr std::int64_t kRefreshMs = 3000;

    //! Keeps references: `api` and `session` must outlive the board.
    ProactiveBoard(Api& api, const Session& session);
    ~ProactiveBoard();
    ProactiveBoard(const ProactiveBoard&) = delete;
    ProactiveBoard& operator=(const ProactiveBoard&) = delete;

    //! Once per frame after Api::Pump(). A login or logout (the session's generation) drops
    //! everything. While logged in and visible it sends GET /v1/proactive when nothing is loaded
    //! yet, after Refresh() or a settings change, and kRefreshMs after the last answer (also after
    //! an error); never while the same request is on its way.
    void Update(std::int64_t now_ms);
    //! Hidden (another view is shown): no loading, no refresh; a due load waits until shown.
    void SetVisible(bool visible) { visible_ = visible; }
    //! Asks again at the next Update (F5).
    void Refresh() { due_ = true; }

    //! The last answer that parsed (kept when a later one fails); nullptr before.
    const ProactiveOverview* overview() const { return overview_ ? &*overview_ : nullptr; }
    bool loading() const { return get_in_flight_; }
    //! Why the last load failed ("" after a success): seamd's message, or what did not parse.
    const std::string& error() const { return error_; }
    //! "42 decisions | updated 3m ago" (ASCII), or the error and what is still shown.
    std::string StatusLine() const;

    // Decision log
    const std::string& filter() const { return filter_; }
    void SetFilter(const std::string& filter);
    //! The filter's choices (key, label): every decision, sent, held back, each reason in rule
    //! order, then reasons seen in the log that this console does not know.
    std::vector<std::pair<std::string, std::string>> FilterChoices() const;
    //! The loaded decisions that pass the filter, newest first.
    const std::vector<DecisionRow>& decisions() const { return shown_; }
    //! A sent decision with a case, when the app can show cases (on_open_case is set).
    bool CanOpenCase(const DecisionRow& row) const;
    //! Opens the decision's case through on_open_case (nothing when !CanOpenCase).
    void OpenCase(const DecisionRow& row);
    //! Set by the app: show `case_id` (the flow inspector's live case).
    std::function<void(const std::string& case_id)> on_open_case;

    // Settings
    //! Only an admin changes settings (seamd's rule for PUT /v1/proactive/settings).
    bool can_edit() const { return session_.agent().admin(); }
    //! Why the settings cannot be changed now ("" when they can): not an admin, not loaded yet,
    //! or a change on its way.
    std::string EditBlocker() const;
    //! What the admin edits: quiet hours, caps, hold-out share (the other fields are ignored).
    //! Follows seamd's settings while unchanged; kept as typed once changed, and after a refusal.
    ProactiveSettings& draft() { return draft_; }
    const ProactiveSettings& draft() const { return draft_; }
    //! The draft's fields that differ from the settings in force, as PUT's body ({} = none).
    nlohmann::json DraftChanges() const;
    bool DraftChanged() const { return !DraftChanges().empty(); }
    //! What is wrong with the draft in words ("" when nothing): times that are not HH:MM, a cap
    //! outside 0..100, a hold-out share outside 0..50 (the ranges seamd accepts).
    std::string DraftProblem() const;
    //! PUT /v1/proactive/settings with DraftChanges(). Refused here (with the reason in the
    //! status line, no request) when EditBlocker() or DraftProblem() says so or nothing changed.
    void SaveSettings();
    //! Back to the settings in force.
    void RevertDraft();

    // Kill switch
    //! On: sends at once. Off: asks for a confirmation first (confirming_off() turns true; the
    //! view shows it; nothing is sent until ConfirmSwitchOff). Refused with words for an agent.
    void SetEnabled(bool enabled);
    bool confirming_off() const { return confirming_off_; }
    void ConfirmSwitchOff();
    void CancelSwitchOff() { confirming_off_ = false; }

    //! A PUT on its way.
    bool saving() const { return put_in_flight_; }
    //! The last change's result ("Saved.", or seamd's refusal in its words).
    const std::string& status() const { return status_; }
    bool status_is_error() const { return status_is_error_; }

    std::int64_t now_ms() const { return now_ms_; }

  private:
    void Reset();
    void Load();
    void Put(const nlohmann::json& changes, const std::string& done_words);
    void TakeSettings(const ProactiveSettings& settings);
    void ApplyFilter();
    void SetStatus(std::string text, bool error);

    Api& api_;
    const Session& session_;
    // Answers run inside Api::Pump(); a board destroyed earlier must not be touched by them.
    std::shared_ptr<ProactiveBoard*> alive_;
    int generation_ = -1;
    std::uint64_t epoch_ = 0;  //!< bumped by Reset(): answers to older requests are dropped
    bool visible_ = true;
    std::int64_t now_ms_ = 0;

    bool due_ = true;
    bool get_in_flight_ = false;
    std::int64_t answered_at_ms_ = 0;  //!< of the last GET answer (the refresh counts from it)
    std::int64_t loaded_at_ms_ = -1;   //!< of the last GET answer that parsed
    std::optional<ProactiveOverview> overview_;
    std::string error_;

    std::string filter_;
    std::vector<DecisionRow> shown_;

    ProactiveSettings draft_;
    //! Bumped when a PUT goes out and when it is answered: a GET sent before either carries
    //! settings older than what the PUT made (seamd serves requests in parallel), so its settings
    //! are not taken (its log is).
    std::uint64_t writes_ = 0;
    bool put_in_flight_ = false;
    bool confirming_off_ = false;
    std::string status_;
    bool status_is_error_ = false;
};

}  // namespace seam::console
