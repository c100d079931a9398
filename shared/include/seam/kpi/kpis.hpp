// shared/include/seam/kpi/kpis.hpp — contact-centre KPIs computed from seamd's event log.
//
// Takes the rows of the append-only `events` table (already read by the host: the core does no
// I/O) and hands back one JSON report: the same block of metrics overall and split by intent, by
// channel and by UTC day of opening. Pure function of its input: no clock, so "now" never enters.
//
// A case is the set of events sharing `case_id`, in time order (ties keep log order). Rows with no
// case_id (business events, proactive decisions that sent nothing, actions outside a
// conversation) belong to no case and are left out here (proactive.hpp reads them). A case's
// opening time is the `at` of its case_opened (else of its first event); its channel is
// case_opened's channel (else the first event's); its intent is the first non-empty `intent` column
// among its events, else data.intent of its first `intent` event, else none ("(none)" in
// by_intent). A case counts when it was opened in the range and matches the filter. Repeat contacts
// (the two 72-hour rules) are looked for among ALL cases in the log, whatever the range and the
// channel filter, and only for known customers (customer_id != 0) on a known intent.
//
// Metrics of one block (ratios with a zero denominator are null, never 0; seconds are doubles):
// clang-format off
//
// | field                        | definition                                                     |
// |------------------------------|----------------------------------------------------------------|
// | volume                       | cases opened in range (matching the filter)                    |
// | first_response_seconds       | mean over cases of (first message_out at or after the first    |
// |                              | message_in - that message_in); cases lacking either: skipped   |
// | first_response_p50_seconds   | median of the same values (mean of the middle two when even)   |
// | resolved                     | cases with a case_resolved whose outcome is "resolved"         |
// | resolution_rate              | resolved / volume                                              |
// | average_resolution_seconds   | mean over resolved cases of (first resolving case_resolved -   |
// |                              | opening)                                                       |
// | first_contact_resolution     | resolved cases with no second contact / resolved. Second       |
// |                              | contact: the same customer opened another case with the same   |
// |                              | intent at or after the resolution and at most 72 h later       |
// |                              | (anonymous cases are single-contact)                           |
// | self_service_resolution_rate | cases resolved with no agent involvement (no handoff,          |
// |                              | agent_claimed or agent_message; resolver not "agent") and no   |
// |                              | agent contact for the customer on the same intent within 72 h  |
// |                              | after the resolution (another case of theirs whose first       |
// |                              | agent-involvement event is in [resolution, resolution + 72 h]) |
// |                              | / volume                                                       |
// | containment                  | cases with no handoff event / volume                           |
// | escalation_rate              | cases with a handoff event / volume                            |
// | handoffs                     | handoff events in those cases                                  |
// | escalation_quality           | among handoffs followed by at least one agent_message (before  |
// |                              | the case's next handoff), the share where none of those        |
// |                              | messages had a non-empty reasked_slots                         |
// | csat                         | rated cases whose last rating (1..5) is 4 or 5 / rated cases   |
// | csat_bot, csat_agent         | the same over rated cases whose last rating says handled_by    |
// |                              | "bot" / "agent"                                                |
// | csat_responses               | rated cases                                                    |
// | abandoned                    | cases with a case_resolved outcome "abandoned", none "resolved"|
//
// clang-format on
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::kpi {

//! One row of seamd's `events` table. Kinds and their `data`: case_opened {} (or {"proactive"}),
//! message_in {} (or {"intent","confidence"}: seamd since 2026-12-07 writes what a message was
//! understood as here), intent {"intent","confidence"} (older logs), flow_started {"flow"},
//! message_out {"sender"}, action {"name", "outcome"}, handoff {"skill","priority","slots"},
//! agent_claimed {"agent"}, agent_message
//! {"agent","reasked_slots"}, case_resolved {"outcome","by"}, csat {"rating","handled_by"};
//! proactive, recommendation, retention_offer and business_event as in proactive.hpp.
//! Unknown kinds are carried and ignored by Compute.
struct Event {
    std::int64_t at = 0;           //!< ms since the epoch, UTC
    std::string case_id;           //!< "" = the row belongs to no case
    std::int64_t customer_id = 0;  //!< 0 = anonymous
    std::string channel;           //!< widget | account | email | sms | voice
    std::string kind;
    std::string intent;  //!< may be empty
    nlohmann::json data = nlohmann::json::object();
};

//! Half-open [from_ms, to_ms): a case counts when it was opened in the range.
struct Range {
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
};

//! Restricts the counted cases; "" = all.
struct Filter {
    std::string intent;
    std::string channel;
};

//! Parses an array of event objects {"at", "case_id", "customer_id"?, "channel"?, "kind",
//! "intent"?, "data"?}. `case_id` is a non-empty string, or null for a row of no case (read as
//! ""). `at` and `customer_id` are integers (customer_id null or absent = 0);
//! `intent` may be null; `data` is an object, null, or a string holding a JSON object (as the
//! table stores it). Errors: seam.kpi.events (with the JSON pointer of the problem).
Result<std::vector<Event>> ParseEvents(const nlohmann::json& events);

//! The report: {"range": {"from", "to"}, "overall": {...}, "by_intent": {"<intent>": {...}},
//! "by_channel": {...}, "by_day": {"YYYY-MM-DD": {...}}}, each {...} a block of the metrics
//! above. Splits hold only keys that have cases; by_day is the UTC day of opening.
nlohmann::json Compute(const std::vector<Event>& events, Range range, const Filter& filter = {});

//! Which of the `held` slot names the agent's `text` asks for again (for escalation quality), in
//! the order of `held`. A slot is re-asked when a question sentence (one ending in '?', holding
//! '¿', or opening with could/can/what/which/please provide/... or puedes/cuál/qué/...) names the
//! slot's concept (order_number: "order number", "pedido"...; email: "email", "correo"...). A
//! statement that merely mentions it ("Thanks, I have your order number.") is not a re-ask.
//! Unknown slot names match their words (underscores as spaces). English and Spanish wording are
//! both recognised whatever `locale` says (agents switch languages mid-case); `locale` is kept in
//! the signature for lexicons that would clash across languages, and is unused today.
std::vector<std::string> ReaskedSlots(const std::string& text, const std::vector<std::string>& held,
                                      const std::string& locale);

}  // namespace seam::kpi
