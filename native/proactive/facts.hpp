// native/proactive/facts.hpp — what the proactive triggers' conditions read (the facts of
// seam/proactive/trigger.hpp), gathered from the store for one business event or one object of
// a daily schedule, and the situation the suppression rules weigh (seam/proactive/suppression.hpp).
//
//   business event ──► ResolveEvent (customer, order, subscription, return) ──► FactsFor ──► Match
//   schedule       ──► ScheduleSubjects (active subscriptions / customers) ──┘
//
// Reads only; the caller holds the store's lock.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "seam/core/date.hpp"
#include "seam/core/result.hpp"
#include "seam/proactive/suppression.hpp"
#include "store/sqlite.hpp"

namespace seam::proactive_facts {

//! One business event as POST /v1/events/ingest takes it:
//! {"id", "type", "at"? (ms since the epoch), "customer"? (external id), "data"? {...}}.
//! data by type: order.* {"order": "LW-104233", "new_expected_on"?, "previous_expected_on"? (the
//! day promised before the delay; default: the store's), "exception"?},
//! payment.failed / subscription.* {"subscription": "coffee_club"|"plus"},
//! return.received {"return": "RMA-..."}, refund.issued {"order", "amount_cents"?},
//! cart.* {"items": [{"sku"?, "name", "size"?}], "value_cents"?, "minutes_idle"?},
//! page.viewed {"url"}.
struct BusinessEvent {
    std::string id, type;
    std::int64_t at = 0;
    std::string customer;  //!< external id, "" = found from the order / return
    nlohmann::json data = nlohmann::json::object();
};

//! Parses an ingest body (one event). Errors: seam.api.bad_field (with the field),
//! seam.proactive.unknown_event.
Result<BusinessEvent> ParseEvent(const nlohmann::json& body, std::int64_t now_ms);

//! Facts about one customer and the objects an event or schedule names.
struct Subject {
    std::int64_t customer_id = 0;
    std::string external_id, locale, time_zone;
    std::string email, phone;
    nlohmann::json facts = nlohmann::json::object();
};

//! The customer and facts of `event`. Errors: seam.proactive.unknown_customer,
//! seam.proactive.unknown_order, seam.proactive.unknown_return (404s: the business named
//! something this store does not hold).
Result<Subject> FactsFor(store::Db& db, const BusinessEvent& event, const Date& today,
                         std::int64_t now_ms);

//! The subjects a daily schedule visits: every active subscription ("subscription") or every
//! customer with at least one order ("customer"), with their facts.
std::vector<Subject> ScheduleSubjects(store::Db& db, const std::string& for_each, const Date& today,
                                      std::int64_t now_ms);

//! One subject of a daily schedule again (a candidate held for quiet hours): the customer, and
//! for "subscription" their `plan`; nullopt when it is gone (the subscription ended...).
std::optional<Subject> ScheduleSubject(store::Db& db, const std::string& for_each,
                                       std::int64_t customer_id, const std::string& plan,
                                       const Date& today);

//! The event as JSON and back (what a held candidate keeps to read its facts again).
nlohmann::json EventToJson(const BusinessEvent& event);
BusinessEvent EventFromJson(const nlohmann::json& doc);

//! The customer's situation for the suppression rules (history, consent, an agent on a case,
//! reachable channels) for a message of `trigger`. Consent has two sources: opt-outs per channel
//! (proactive_consent: the unsubscribe link, the widget) and "don't send me these" said in a
//! conversation (proactive_opt_outs: a topic, the trigger's id, or "all"); either holds the
//! message back as opted_out. `kill_switch` and `holdout` are the caller's to set.
proactive::Situation SituationFor(store::Db& db, const Subject& subject, const std::string& trigger,
                                  std::int64_t now_ms, bool email_and_sms_reachable);

}  // namespace seam::proactive_facts
