// shared/include/seam/kpi/proactive.hpp — KPIs of proactive engagement and of revenue (issue 18):
// what reaching out first did to contacts and resolutions, measured against a hold-out group, and
// what retention offers and recommendations earned. Computed from the same event log as
// kpis.hpp (kpi::Event rows), by a pure function: no clock, so "now" is the range end.
//
// The rows it reads (other kinds are ignored; a field of the wrong type reads as absent):
//   proactive        one per proactive decision. data {"trigger", "object", "decision": "sent" |
//                    "suppressed", "reason" ("" when sent), "group": "treated" | "holdout"};
//                    case_id = the case opened or continued for it when sent, else none.
//   case_opened      data {"proactive": "<trigger>"} when a proactive message opened the case;
//                    without it the case is a CONTACT (the customer came to us).
//   case_resolved, handoff, agent_claimed, agent_message   as in kpis.hpp.
//   recommendation   data {"rec", "sku", "context", "action": "shown" | "clicked"}
//   retention_offer  data {"offer", "subscription": "<plan>", "accepted": true | false}
//   business_event   data {"type", "id", ...}: order.created adds "order", "total_cents",
//                    "currency", "skus": [...]; subscription.cancelled adds "subscription".
//
// Terms (windows include both ends: "within 7 days" of t is [t, t + 7 d]; ms precision):
//   decision   a `proactive` row with `at` in the range [from, to). Its group is "holdout" when
//              data.group is "holdout" (or, defensively, its reason is "holdout"), else "treated".
//              Its customer is the row's customer_id (0 = unknown: counted in decisions, never
//              in customers or contacts).
//   case       the rows sharing a non-empty case_id, in time order (ties keep log order); its
//              customer is the first non-zero customer_id among them, its opening the `at` of its
//              first case_opened (else of its first row).
//   contact    a case whose first case_opened has no non-empty data.proactive; its time is that
//              case_opened's `at`. A case without a case_opened is not a contact.
//   automated  (a case) it has a case_resolved with outcome "resolved" not `by` "agent" (the
//              first such decides) and no handoff, agent_claimed or agent_message at all.
//   group's customers   the distinct non-zero customers with a decision of that group. A
//              customer with decisions in both groups (the hold-out share changed) is in both.
//
// Blocks. "treated" and "holdout" hold every metric below over their group: decision metrics
// over the group's decisions, the business metrics (retention, revenue, recommendations) over the
// rows of the group's customers. "overall" holds them over all decisions and ALL rows (customers
// with no decision too, anonymous ones included), plus contacts_avoided. The comparison is by
// intention to treat: a treated customer whose message was held back (a cap, quiet hours) stays
// treated. Counts are integers; ratios with a zero denominator are null, never 0.
// clang-format off
//
// | field                              | definition                                               |
// |------------------------------------|----------------------------------------------------------|
// | decisions                          | decisions                                                |
// | proactive_sent                     | decisions with data.decision "sent"                      |
// | proactive_suppressed               | decisions with data.decision "suppressed"                |
// | suppressed_by_reason               | {reason: count} of those ("(none)" for a missing         |
// |                                    | reason); only reasons that occur                         |
// | customers                          | the group's customers                                    |
// | contacts                           | contacts by the group's customers opened within 7 d      |
// |                                    | after one of that customer's decisions in the group (at  |
// |                                    | or after the decision, at most 7 d later); each contact  |
// |                                    | once, however many decisions' windows hold it            |
// | contacts_per_100                   | contacts / customers × 100                               |
// | contacts_avoided                   | overall only: (holdout.contacts_per_100 −                |
// |                                    | treated.contacts_per_100) / 100 × treated.customers;     |
// |                                    | null when either group has no customers; negative when   |
// |                                    | proactive messages drew contacts                         |
// | proactive_resolved                 | sent decisions with a case_id whose case has a           |
// |                                    | case_resolved outcome "resolved" at or after the message |
// |                                    | (the first such not `by` "agent"), no handoff,           |
// |                                    | agent_claimed or agent_message at or after the message,  |
// |                                    | and whose customer opened no contact within 72 h after   |
// |                                    | the message                                              |
// | proactive_resolution_rate          | proactive_resolved / proactive_sent                      |
// | retention_offers_accepted          | retention_offer rows in range with data.accepted true    |
// |                                    | and a known customer (anonymous offers cannot be         |
// |                                    | followed: left out of the three below too)               |
// | churn_prevented                    | accepted offers whose 30 days are over by the range end  |
// |                                    | (at + 30 d < to) with no business_event                  |
// |                                    | subscription.cancelled for the same customer and plan    |
// |                                    | (data.subscription) within 30 d after the acceptance     |
// | churn_not_prevented                | accepted offers with such a cancellation before the      |
// |                                    | range end (known as soon as it happens)                  |
// | churn_offers_pending               | the rest: window still open at the range end, no         |
// |                                    | cancellation yet (prevented + not prevented + pending =  |
// |                                    | accepted)                                                |
// | orders                             | business_event order.created rows in range (one per      |
// |                                    | data.id: a re-ingested event counts once)                |
// | attributed_orders                  | those orders whose customer (non-zero) clicked a         |
// |                                    | recommendation (action "clicked") for one of data.skus   |
// |                                    | within the 7 d before the order (order − 7 d <= click <= |
// |                                    | order; the click may precede the range)                  |
// | attributed_revenue_cents           | the sum of their data.total_cents (0 when not an         |
// |                                    | integer), in each order's minor units whatever its       |
// |                                    | currency: the demo catalogue charges the same figure in  |
// |                                    | every currency, so the sum is meaningful there;          |
// |                                    | attributed_revenue_by_currency {"USD": cents, ...} keeps |
// |                                    | the split ("" = no currency)                             |
// | automated_conversations            | automated cases opened in range                          |
// | revenue_per_automated_conversation | attributed_revenue_cents / automated_conversations       |
// | recommendations_shown              | distinct data.rec with an action "shown" row in range    |
// | recommendations_clicked            | those of them with an action "clicked" row anywhere in   |
// |                                    | the log (so the take rate is at most 1)                  |
// | recommendation_take_rate           | recommendations_clicked / recommendations_shown          |
//
// clang-format on
//
// by_trigger: {"<trigger>": {"treated": {...}, "holdout": {...}, "contacts_avoided"}}, each
// {...} the decision metrics (decisions .. proactive_resolution_rate) over that trigger's
// decisions alone (its customers are those with a decision of that trigger; a contact counts once
// per trigger, and may count under several triggers). Only triggers with decisions in range;
// "(none)" holds decisions without a data.trigger.
// by_day: {"YYYY-MM-DD": {decisions, proactive_sent, proactive_suppressed, proactive_resolved,
// proactive_resolution_rate}} by the UTC day of the decision, both groups together; only days
// with decisions.
//
// What the host loads: windows reach outside the range, so the events must cover
// [from − kProactiveLookBackMs, to + kProactiveLookAheadMs). A case resolved, or a contact
// opened, later than that is not seen; a decision in the range's last 7 days whose window runs
// past "today" is judged on what has happened so far, in both groups alike. Churn is judged as of
// the range end and needs no look-ahead.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "seam/kpi/kpis.hpp"

namespace seam::kpi {

//! The windows of the definitions above.
inline constexpr std::int64_t kContactWindowMs = 7LL * 24 * 60 * 60 * 1000;
inline constexpr std::int64_t kProactiveResolutionWindowMs = 72LL * 60 * 60 * 1000;
inline constexpr std::int64_t kChurnWindowMs = 30LL * 24 * 60 * 60 * 1000;
inline constexpr std::int64_t kAttributionWindowMs = 7LL * 24 * 60 * 60 * 1000;

//! How far before the range start and after its end the events must reach (see above).
inline constexpr std::int64_t kProactiveLookBackMs = kAttributionWindowMs;
inline constexpr std::int64_t kProactiveLookAheadMs = kContactWindowMs;

//! The report: {"range": {"from", "to"}, "treated": {...}, "holdout": {...}, "overall": {...},
//! "by_trigger": {...}, "by_day": {...}} as defined above. Every block carries every one of its
//! keys (an empty group is all zeros and nulls). `events` in any order.
nlohmann::json ComputeProactive(const std::vector<Event>& events, Range range);

}  // namespace seam::kpi
