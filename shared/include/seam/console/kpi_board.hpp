// shared/include/seam/console/kpi_board.hpp — the operator console's KPI dashboard model: what
// GET /v1/kpis answered, for which range and filters, and the tables the view draws from it.
//
// Index of this file
//   [SECTION] Metrics      the 17 metrics of a KPI block (seam/kpi/kpis.hpp defines them), their
//                          labels, units and how the console writes them
//   [SECTION] Report       a parsed report: overall block, splits by intent / channel / day
//   [SECTION] Derived      the daily series of one metric, bars per split, the top-intents table
//   [SECTION] Proactive    the report's "proactive" block (seam/kpi/proactive.hpp): treated vs
//                          hold-out rows, daily sent / resolved, contacts per 100 compared
//   [SECTION] KpiBoard     the model: range presets, filters, loading, auto-refresh, errors
//
// The flow of one frame:
//
//     app: Api::Pump() ──> KpiBoard::Update(now_ms) ──> ui::DrawKpiBoard(board)
//                │                 │                          │
//       answer of GET /v1/kpis     sends GET /v1/kpis when     reads report(), Series(),
//       parsed into a KpiReport    the query changed, on       Bars(), TopIntents(); calls
//       (kept only if it is the    Refresh(), every 60 s, or   SetRange(), SetIntentFilter(),
//       latest request's)          first after a login         Refresh() on input
//
// The model has no clock: "now" comes in through Update(), and "today" is whatever seamd says it
// is (the "to" of a report asked with seamd's default range).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "seam/console/api.hpp"
#include "seam/console/session.hpp"
#include "seam/core/date.hpp"
#include "seam/core/result.hpp"

namespace seam::console {

// [SECTION] Metrics

//! The metrics of one block of GET /v1/kpis, in the order of seam/kpi/kpis.hpp's table.
enum class KpiMetric {
    kVolume,
    kFirstResponseSeconds,
    kFirstResponseP50Seconds,
    kResolved,
    kResolutionRate,
    kAverageResolutionSeconds,
    kFirstContactResolution,
    kSelfServiceResolutionRate,
    kContainment,
    kEscalationRate,
    kHandoffs,
    kEscalationQuality,
    kCsat,
    kCsatBot,
    kCsatAgent,
    kCsatResponses,
    kAbandoned,
};
inline constexpr std::size_t kKpiMetricCount = 17;

//! How a metric's value reads: a count of cases or events, seconds, a ratio in [0, 1], a number
//! per 100 (contacts per 100 customers), or money in minor units (cents).
enum class KpiUnit { kCount, kSeconds, kRatio, kPer100, kMinorUnits };

struct KpiMetricInfo {
    KpiMetric metric;
    const char* key;    //!< the JSON key in a block ("self_service_resolution_rate")
    const char* label;  //!< for people ("Self-service rate")
    KpiUnit unit;
    bool higher_is_better;  //!< false for times, escalation, handoffs and abandoned cases
};

//! The info of every metric, indexed by static_cast<std::size_t>(metric).
const KpiMetricInfo& MetricInfo(KpiMetric metric);
//! All metrics in table order (for the chart's metric picker).
const std::vector<KpiMetric>& AllKpiMetrics();
//! A value as the console writes it: counts as integers ("1,234"), seconds with FormatDuration,
//! ratios with FormatPercent; no value (a ratio with a zero denominator, a day without cases)
//! is always "n/a", never "0".
std::string FormatKpiValue(KpiMetric metric, std::optional<double> value);
//! The same by unit: per 100 with one decimal ("12.5"), minor units as major units with two
//! decimals and no currency sign ("1,234.50": orders may be in several currencies).
std::string FormatKpiUnitValue(KpiUnit unit, std::optional<double> value);

// [SECTION] Report

//! One block of metrics. Counts are always there (a missing count reads as 0); ratios and
//! averages are std::nullopt where seamd sent null (a zero denominator) or nothing at all.
struct KpiBlock {
    std::int64_t volume = 0;
    std::optional<double> first_response_seconds;
    std::optional<double> first_response_p50_seconds;
    std::int64_t resolved = 0;
    std::optional<double> resolution_rate;
    std::optional<double> average_resolution_seconds;
    std::optional<double> first_contact_resolution;
    std::optional<double> self_service_resolution_rate;
    std::optional<double> containment;
    std::optional<double> escalation_rate;
    std::int64_t handoffs = 0;
    std::optional<double> escalation_quality;
    std::optional<double> csat;
    std::optional<double> csat_bot;
    std::optional<double> csat_agent;
    std::int64_t csat_responses = 0;
    std::int64_t abandoned = 0;

    //! The value of `metric` (counts as doubles, always set).
    std::optional<double> Value(KpiMetric metric) const;
};

//! One block of the report's "proactive" part (seam/kpi/proactive.hpp defines each field). Counts
//! read 0 when missing; ratios are std::nullopt where seamd sent null or nothing.
struct ProactiveBlock {
    std::int64_t decisions = 0;
    std::int64_t proactive_sent = 0;
    std::int64_t proactive_suppressed = 0;
    std::map<std::string, std::int64_t> suppressed_by_reason;
    std::int64_t customers = 0;
    std::int64_t contacts = 0;
    std::optional<double> contacts_per_100;
    std::int64_t proactive_resolved = 0;
    std::optional<double> proactive_resolution_rate;
    std::int64_t retention_offers_accepted = 0;
    std::int64_t churn_prevented = 0;
    std::int64_t churn_not_prevented = 0;
    std::int64_t churn_offers_pending = 0;
    std::int64_t orders = 0;
    std::int64_t attributed_orders = 0;
    std::int64_t attributed_revenue_cents = 0;
    std::int64_t automated_conversations = 0;
    std::optional<double> revenue_per_automated_conversation;  //!< minor units
    std::int64_t recommendations_shown = 0;
    std::int64_t recommendations_clicked = 0;
    std::optional<double> recommendation_take_rate;
    std::optional<double> contacts_avoided;  //!< the overall block only
};

//! One trigger of by_trigger: its decisions in each group.
struct ProactiveTrigger {
    ProactiveBlock treated;
    ProactiveBlock holdout;
    std::optional<double> contacts_avoided;
};

//! The "proactive" part of a GET /v1/kpis answer (seamd since issue 18).
struct ProactiveReport {
    ProactiveBlock treated;
    ProactiveBlock holdout;
    ProactiveBlock overall;
    std::map<std::string, ProactiveTrigger> by_trigger;
    std::map<std::string, ProactiveBlock> by_day;  //!< "YYYY-MM-DD" -> decisions that day
};

//! A parsed GET /v1/kpis answer.
struct KpiReport {
    Date from;                   //!< first day of the range (inclusive)
    Date to;                     //!< last day of the range (inclusive)
    std::string filter_intent;   //!< "" = all intents (the answer's "filter", when present)
    std::string filter_channel;  //!< "" = all channels
    KpiBlock overall;
    std::map<std::string, KpiBlock> by_intent;   //!< "(none)" = cases with no recognised intent
    std::map<std::string, KpiBlock> by_channel;  //!< widget | account | email | sms | voice
    std::map<std::string, KpiBlock> by_day;      //!< "YYYY-MM-DD" -> block; only days with cases
    //! std::nullopt when seamd sent no "proactive" block (older than issue 18) or one that does
    //! not parse; the rest of the report stands either way.
    std::optional<ProactiveReport> proactive;
    std::string proactive_error;  //!< why a present block did not parse ("" otherwise)
};

//! Parses the body of GET /v1/kpis: {"range": {"from", "to"} (ISO dates), "overall": {...},
//! "by_intent"?, "by_channel"?, "by_day"?, "filter"?}. Missing splits read as empty; a metric
//! may be a number, null or absent. Errors: seam.console.kpi_report (with the JSON path of the
//! first problem: not an object, a range that is not two ISO dates with from <= to, a metric
//! that is neither a number nor null). A "proactive" block that does not parse is no error: it
//! is left out, with the reason in proactive_error (the contact-centre figures still show).
Result<KpiReport> ParseKpiReport(const nlohmann::json& body);

//! Parses the "proactive" block alone (`path` prefixes error paths, e.g. "/proactive"). Splits
//! may be missing; a metric may be a number, null or absent; suppressed_by_reason an object of
//! numbers. Errors: seam.console.kpi_report (with the JSON path of the first problem).
Result<ProactiveReport> ParseProactiveReport(const nlohmann::json& block,
                                             const std::string& path = "/proactive");

// [SECTION] Derived

//! One point of a daily series.
struct KpiPoint {
    Date day;
    std::optional<double> value;  //!< std::nullopt = no data that day (a gap in the line)
    bool has_cases = false;       //!< the day is in by_day (a gap then means n/a: no ratings...)
};

//! One metric over every day of a report's range, from `from` to `to` inclusive.
struct KpiDaySeries {
    KpiMetric metric = KpiMetric::kVolume;  //!< for a series of a KpiBlock metric
    std::vector<KpiPoint> points;           //!< one per day of the range, in order
    std::optional<double> min;  //!< over the points with a value; nullopt when none has one
    std::optional<double> max;
    KpiUnit unit = KpiUnit::kCount;  //!< how values read: the metric's unit, or the proactive
                                     //!< series' (ProactiveDaySeries: counts)
};

//! The daily series of `metric`. A day missing from by_day had no case opened: counts read 0
//! there (zero cases IS the data), ratios and averages have no value (a gap, never 0). Days of
//! by_day outside the range are ignored.
KpiDaySeries DaySeries(const KpiReport& report, KpiMetric metric);

//! One bar of a split (an intent, a channel).
struct KpiBar {
    std::string key;
    std::optional<double> value;  //!< std::nullopt = n/a (drawn as an empty bar)
    std::int64_t volume = 0;      //!< the split's cases, to judge how much the value says
};

//! The bars of one split for one metric.
struct KpiBars {
    KpiMetric metric = KpiMetric::kVolume;
    std::vector<KpiBar> bars;  //!< by value, highest first; n/a last; ties by key
    double scale = 1;          //!< the value of a full-width bar: 1 for ratios, else the largest
                               //!< value (1 when there is none above 0)
};

KpiBars Bars(const std::map<std::string, KpiBlock>& split, KpiMetric metric);

//! Where automation stands for one intent (see the thresholds below).
enum class KpiVerdict { kTooFew, kNeutral, kHelps, kHurts };

//! Thresholds of TopIntents' verdicts. An intent with fewer than kFlagMinVolume cases in the
//! range is kTooFew (too small a sample to say anything). Otherwise it is kHurts when ANY of:
//!   - self-service rate < kHurtSelfService AND escalation rate > kHurtEscalation (the bot rarely
//!     finishes the job and mostly hands it on: customers wait twice);
//!   - bot CSAT < kHurtBotCsat (customers the bot served are unhappy);
//!   - bot CSAT < agent CSAT - kHurtCsatGap (the bot serves this intent clearly worse than people).
//! It is kHelps when not kHurts, self-service rate >= kHelpSelfService and bot CSAT is unknown or
//! >= kHelpBotCsat. Anything else is kNeutral. A ratio that is n/a never triggers a rule.
inline constexpr std::int64_t kFlagMinVolume = 5;
inline constexpr double kHurtSelfService = 0.40;
inline constexpr double kHurtEscalation = 0.40;
inline constexpr double kHurtBotCsat = 0.60;
inline constexpr double kHurtCsatGap = 0.25;
inline constexpr double kHelpSelfService = 0.60;
inline constexpr double kHelpBotCsat = 0.70;

//! One row of the top-intents table.
struct KpiIntentRow {
    std::string intent;
    std::int64_t volume = 0;
    std::optional<double> share;  //!< volume / overall volume (nullopt when overall is 0)
    std::optional<double> self_service_resolution_rate;
    std::optional<double> containment;
    std::optional<double> escalation_rate;
    std::optional<double> resolution_rate;
    std::optional<double> csat_bot;
    std::optional<double> csat_agent;
    KpiVerdict verdict = KpiVerdict::kTooFew;
    std::vector<std::string> reasons;  //!< why kHurts / kHelps, in words ("bot CSAT 50.0% < 60%")
};

//! by_intent as table rows, by volume (highest first; ties by name), at most `limit` rows
//! (0 = all). "(none)" is a row like the others: unrecognised requests are volume too.
std::vector<KpiIntentRow> TopIntents(const KpiReport& report, std::size_t limit = 0);
//! Judges one intent's block against the thresholds above (fills verdict and reasons).
void JudgeIntent(KpiIntentRow& row);

// [SECTION] Proactive

//! One row of the "Proactive & revenue" table: a field of ProactiveBlock in each group.
struct ProactiveRow {
    const char* key;    //!< the JSON key ("contacts_per_100")
    const char* label;  //!< for people ("Contacts per 100 customers")
    KpiUnit unit;
    bool higher_is_better;
    std::optional<double> treated;
    std::optional<double> holdout;
    std::optional<double> overall;
};

//! The table's rows in reading order: decisions, sent, held back, customers, contacts, contacts
//! per 100, proactive resolution rate, retention (accepted, prevented, not prevented, pending),
//! orders, attributed orders and revenue, automated conversations, revenue per automated
//! conversation, recommendations shown and take rate. Counts always have a value.
std::vector<ProactiveRow> ProactiveRows(const ProactiveReport& report);

//! The daily series the section draws.
enum class ProactiveSeries { kSent, kResolved, kSuppressed };

//! A count per day of the report's range from proactive.by_day: a day with no decision reads 0
//! (has_cases false: no decision that day); unit kCount. Empty when the report has no proactive
//! block.
KpiDaySeries ProactiveDaySeries(const KpiReport& report, ProactiveSeries which);

//! Contacts per 100 customers, treated vs hold-out: "all triggers" first, then each trigger by
//! name. A group without customers has no value (an empty bar, "n/a").
struct ProactiveComparison {
    std::string key;
    std::optional<double> treated;
    std::optional<double> holdout;
    std::int64_t treated_customers = 0;
    std::int64_t holdout_customers = 0;
    std::optional<double> avoided;  //!< contacts_avoided
};
struct ProactiveComparisons {
    std::vector<ProactiveComparison> rows;
    double scale = 1;  //!< the value of a full-width bar: the largest value (1 when none > 0)
};
inline constexpr const char* kAllTriggers = "all triggers";
ProactiveComparisons ContactsPer100(const ProactiveReport& report);

// [SECTION] KpiBoard

//! The date range presets. k30 is seamd's own default (30 days ending today), so it is asked
//! without dates and follows "today" as seamd moves it; k7 and k90 end at the "to" the last
//! k30 answer carried (until one arrives they cannot be asked: see SetRange).
enum class KpiRange { k7, k30, k90 };

//! Days in a preset (7, 30, 90).
int RangeDays(KpiRange range);

class KpiBoard {
  public:
    //! Auto-refresh period: the report is asked again this long after the last request started.
    static constexpr std::int64_t kAutoRefreshMs = 60000;

    //! Keeps references: `api` and `session` must outlive the board.
    KpiBoard(Api& api, const Session& session);
    ~KpiBoard();
    KpiBoard(const KpiBoard&) = delete;
    KpiBoard& operator=(const KpiBoard&) = delete;

    //! Once per frame, after Api::Pump(). When session.generation() changed since the last call,
    //! drops everything loaded (report, error, learned filter choices and today) and resets range
    //! and filters. While logged in (and visible) it sends GET /v1/kpis when nothing was loaded
    //! yet in this session, when range or filters changed, after Refresh(), and kAutoRefreshMs
    //! after the last request started (also after an error: it retries at that pace).
    void Update(std::int64_t now_ms);

    //! Asks the report again at the next Update (a no-op while logged out).
    void Refresh();
    //! Picks a preset; a change reloads. k7 / k90 before "today" is known (no k30 answer yet)
    //! are kept and asked once it is: the first request is always seamd's default range.
    void SetRange(KpiRange range);
    //! Restricts to one intent / channel ("" = all); a change reloads. Any string is accepted
    //! (it is URL-encoded); the view offers intent_choices() / channel_choices().
    void SetIntentFilter(const std::string& intent);
    void SetChannelFilter(const std::string& channel);
    //! The metric of the daily line chart and of the bars per intent and channel.
    void SetChartMetric(KpiMetric metric) { chart_metric_ = metric; }
    //! While hidden (the app shows another tab) the board neither loads nor auto-refreshes; the
    //! pending load happens when it shows again. Visible by default.
    void SetVisible(bool visible) { visible_ = visible; }

    KpiRange range() const { return range_; }
    const std::string& intent_filter() const { return intent_; }
    const std::string& channel_filter() const { return channel_; }
    KpiMetric chart_metric() const { return chart_metric_; }

    //! The path of the next request for the current range and filters, e.g.
    //! "/v1/kpis?from=2026-11-24&to=2026-11-30&intent=order%20status" ("/v1/kpis" for k30 with
    //! no filter). Parameters in the order from, to, intent, channel, each URL-encoded.
    std::string RequestPath() const;

    //! The last report that parsed (kept when a later request fails); nullptr when none yet.
    const KpiReport* report() const { return report_ ? &*report_ : nullptr; }
    //! True while a request is out.
    bool loading() const { return in_flight_; }
    //! The last request's failure ("" after a success): "[code] message".
    const std::string& error() const { return error_; }
    //! "Today" as seamd reported it (the "to" of the last k30 answer); nullopt until then.
    const std::optional<Date>& today() const { return today_; }
    //! Intents and channels seen in this session's reports (by_intent / by_channel keys), sorted;
    //! they grow as reports arrive, so a filter never hides the other choices. "(none)" is not an
    //! intent choice (seamd cannot filter on it).
    const std::vector<std::string>& intent_choices() const { return intent_choices_; }
    const std::vector<std::string>& channel_choices() const { return channel_choices_; }
    //! One line for the status bar: what is shown and how fresh, or the error and what is kept:
    //! "2026-11-01 to 2026-11-30 | all intents | all channels | updated 2m ago" (ASCII only).
    std::string StatusLine() const;

    //! Derived from report() for the chart metric (empty when there is no report).
    KpiDaySeries Series() const;
    KpiBars IntentBars() const;
    KpiBars ChannelBars() const;
    std::vector<KpiIntentRow> Intents(std::size_t limit = 0) const;

  private:
    void Reset();
    void Send(std::int64_t now_ms);
    void Learn(const KpiReport& report, bool default_range);

    Api& api_;
    const Session& session_;
    // Answers run inside Api::Pump(); a board destroyed earlier must not be touched by them.
    std::shared_ptr<KpiBoard*> alive_;

    int generation_ = -1;
    bool visible_ = true;
    KpiRange range_ = KpiRange::k30;
    std::string intent_;
    std::string channel_;
    KpiMetric chart_metric_ = KpiMetric::kVolume;

    bool want_load_ = true;
    bool in_flight_ = false;
    std::uint64_t request_seq_ = 0;  // the latest request; older answers are ignored
    std::string in_flight_path_;
    std::int64_t requested_at_ms_ = 0;
    std::int64_t now_ms_ = 0;
    bool answered_ = false;  // an answer arrived since the last Update (stamps loaded_at_ms_)
    std::int64_t loaded_at_ms_ = -1;

    std::optional<KpiReport> report_;
    std::string error_;
    std::optional<Date> today_;
    std::vector<std::string> intent_choices_;
    std::vector<std::string> channel_choices_;
};

}  // namespace seam::console
