// shared/src/kpi/proactive.cpp — events in, proactive and revenue KPIs out (definitions in
// seam/kpi/proactive.hpp's table).
//
// Index of this file
//   [SECTION] Reading data fields    total readers: a wrong type reads as absent
//   [SECTION] The log, indexed       one pass: cases, contacts, decisions, offers, orders, recs
//   [SECTION] Decision metrics       sent, suppressed, customers, contacts, resolution
//   [SECTION] Business metrics       churn, attributed revenue, automated conversations, recs
//   [SECTION] ComputeProactive
#include "seam/kpi/proactive.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "seam/core/date.hpp"

namespace seam::kpi {

namespace {

using nlohmann::json;

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
const char* const kNoReason = "(none)";
const char* const kNoTrigger = "(none)";

// [SECTION] Reading data fields

std::string Str(const json& data, const char* key) {
    if (!data.is_object()) return {};
    auto it = data.find(key);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsTrue(const json& data, const char* key) {
    if (!data.is_object()) return false;
    auto it = data.find(key);
    return it != data.end() && it->is_boolean() && it->get<bool>();
}

std::int64_t IntOr0(const json& data, const char* key) {
    if (!data.is_object()) return 0;
    auto it = data.find(key);
    if (it == data.end()) return 0;
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (it->is_number_unsigned()) {
        const auto u = it->get<std::uint64_t>();
        // Cannot be a real total; read as 0 rather than wrap.
        return u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                   ? 0
                   : static_cast<std::int64_t>(u);
    }
    return 0;
}

std::vector<std::string> Strings(const json& data, const char* key) {
    std::vector<std::string> out;
    if (!data.is_object()) return out;
    auto it = data.find(key);
    if (it == data.end() || !it->is_array()) return out;
    for (const json& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

bool InRange(std::int64_t at, Range range) {
    return at >= range.from_ms && at < range.to_ms;
}

//! t in [from, from + window]
bool Within(std::int64_t t, std::int64_t from, std::int64_t window) {
    return t >= from && t - from <= window;
}

bool IsAgentRow(const std::string& kind) {
    return kind == "handoff" || kind == "agent_claimed" || kind == "agent_message";
}

std::string DayOf(std::int64_t at_ms) {
    std::int64_t days = at_ms / kDayMs;
    if (at_ms % kDayMs < 0) --days;  // floor, for times before 1970
    return FormatIsoDate(CivilFromDays(days));
}

// [SECTION] The log, indexed

struct CaseInfo {
    std::int64_t customer_id = 0;
    std::int64_t opened_at = 0;
    bool opened_seen = false;
    bool contact = false;            //!< its first case_opened has no data.proactive
    std::vector<const Event*> rows;  //!< in time order
};

//! The case is resolved without people from `t` on: the first case_resolved "resolved" at or
//! after `t` is not by "agent", and no handoff / agent_claimed / agent_message is at or after `t`.
bool AutomatedFrom(const CaseInfo& c, std::int64_t t) {
    bool resolved = false;
    for (const Event* e : c.rows) {
        if (e->at < t) continue;
        if (IsAgentRow(e->kind)) return false;
        if (!resolved && e->kind == "case_resolved" && Str(e->data, "outcome") == "resolved") {
            if (Str(e->data, "by") == "agent") return false;
            resolved = true;
        }
    }
    return resolved;
}

struct Contact {
    std::int64_t at = 0;
    std::string case_id;
};

struct Decision {
    std::int64_t at = 0;
    std::int64_t customer_id = 0;
    std::string trigger;
    bool holdout = false;
    bool sent = false;
    bool suppressed = false;
    std::string reason;
    std::string case_id;    //!< the case opened or continued for a sent message
    bool resolved = false;  //!< the proactive_resolved rule holds
};

struct Offer {
    std::int64_t at = 0;
    std::int64_t customer_id = 0;
    std::string plan;
};

struct Order {
    std::int64_t at = 0;
    std::int64_t customer_id = 0;
    std::int64_t cents = 0;
    std::string currency;
    std::vector<std::string> skus;
    bool attributed = false;
};

struct Click {
    std::int64_t at = 0;
    std::string sku;
};

struct Log {
    std::map<std::string, CaseInfo> cases;
    std::map<std::int64_t, std::vector<Contact>> contacts;  //!< by customer, in time order
    std::vector<Decision> decisions;                        //!< in range, in time order
    std::vector<Offer> accepted_offers;                     //!< in range, known customers
    std::map<std::pair<std::int64_t, std::string>, std::vector<std::int64_t>> cancellations;
    std::vector<Order> orders;                          //!< in range, one per data.id
    std::map<std::int64_t, std::vector<Click>> clicks;  //!< by customer, whole log
    std::map<std::string, std::int64_t> recs_shown;     //!< in range: rec -> customer
    std::set<std::string> recs_clicked;                 //!< whole log
};

bool ContactWithin(const Log& log, std::int64_t customer_id, std::int64_t from,
                   std::int64_t window) {
    if (customer_id == 0) return false;
    auto it = log.contacts.find(customer_id);
    if (it == log.contacts.end()) return false;
    for (const Contact& c : it->second)
        if (Within(c.at, from, window)) return true;
    return false;
}

Log Index(const std::vector<Event>& events, Range range) {
    std::vector<const Event*> sorted;
    sorted.reserve(events.size());
    for (const Event& e : events)
        sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Event* a, const Event* b) { return a->at < b->at; });

    Log log;
    std::set<std::string> order_ids;
    for (const Event* e : sorted) {
        const std::string& k = e->kind;
        if (!e->case_id.empty()) {
            CaseInfo& c = log.cases[e->case_id];
            if (c.rows.empty()) c.opened_at = e->at;
            if (c.customer_id == 0) c.customer_id = e->customer_id;
            c.rows.push_back(e);
            if (k == "case_opened" && !c.opened_seen) {
                c.opened_seen = true;
                c.opened_at = e->at;
                c.contact = Str(e->data, "proactive").empty();
            }
        }
        if (k == "proactive") {
            if (!InRange(e->at, range)) continue;
            Decision d;
            d.at = e->at;
            d.customer_id = e->customer_id;
            d.trigger = Str(e->data, "trigger");
            if (d.trigger.empty()) d.trigger = kNoTrigger;
            d.case_id = e->case_id;
            d.reason = Str(e->data, "reason");
            d.holdout = Str(e->data, "group") == "holdout" || d.reason == "holdout";
            const std::string decision = Str(e->data, "decision");
            d.sent = decision == "sent";
            d.suppressed = decision == "suppressed";
            log.decisions.push_back(std::move(d));
        } else if (k == "retention_offer") {
            if (InRange(e->at, range) && e->customer_id != 0 && IsTrue(e->data, "accepted")) {
                log.accepted_offers.push_back(
                    {e->at, e->customer_id, Str(e->data, "subscription")});
            }
        } else if (k == "recommendation") {
            const std::string rec = Str(e->data, "rec");
            const std::string action = Str(e->data, "action");
            if (action == "clicked") {
                if (!rec.empty()) log.recs_clicked.insert(rec);
                if (e->customer_id != 0) {
                    log.clicks[e->customer_id].push_back({e->at, Str(e->data, "sku")});
                }
            } else if (action == "shown" && !rec.empty() && InRange(e->at, range)) {
                log.recs_shown.emplace(rec, e->customer_id);  // the first showing's customer
            }
        } else if (k == "business_event") {
            const std::string type = Str(e->data, "type");
            if (type == "subscription.cancelled") {
                log.cancellations[{e->customer_id, Str(e->data, "subscription")}].push_back(e->at);
            } else if (type == "order.created" && InRange(e->at, range)) {
                const std::string id = Str(e->data, "id");
                if (!id.empty() && !order_ids.insert(id).second) continue;  // re-ingested
                Order o;
                o.at = e->at;
                o.customer_id = e->customer_id;
                o.cents = IntOr0(e->data, "total_cents");
                o.currency = Str(e->data, "currency");
                o.skus = Strings(e->data, "skus");
                log.orders.push_back(std::move(o));
            }
        }
    }
    // Contacts, by customer, in time order (cases are visited by id; sort after).
    for (const auto& [id, c] : log.cases) {
        if (c.opened_seen && c.contact && c.customer_id != 0) {
            log.contacts[c.customer_id].push_back({c.opened_at, id});
        }
    }
    for (auto& [customer, list] : log.contacts) {
        std::stable_sort(list.begin(), list.end(),
                         [](const Contact& a, const Contact& b) { return a.at < b.at; });
    }
    // Which sent messages ended resolved by the bot with no contact within 72 h.
    for (Decision& d : log.decisions) {
        if (!d.sent || d.case_id.empty()) continue;
        auto c = log.cases.find(d.case_id);
        d.resolved = c != log.cases.end() && AutomatedFrom(c->second, d.at) &&
                     !ContactWithin(log, d.customer_id, d.at, kProactiveResolutionWindowMs);
    }
    // Orders a recommendation click led to.
    for (Order& o : log.orders) {
        auto it = o.customer_id != 0 ? log.clicks.find(o.customer_id) : log.clicks.end();
        if (it == log.clicks.end()) continue;
        for (const Click& click : it->second) {
            if (Within(o.at, click.at, kAttributionWindowMs) &&
                std::find(o.skus.begin(), o.skus.end(), click.sku) != o.skus.end()) {
                o.attributed = true;
                break;
            }
        }
    }
    return log;
}

// [SECTION] Decision metrics

json Ratio(double num, std::int64_t den) {
    return den == 0 ? json(nullptr) : json(num / static_cast<double>(den));
}

struct DecisionStats {
    std::int64_t decisions = 0, sent = 0, suppressed = 0, resolved = 0;
    std::map<std::string, std::int64_t> by_reason;
    std::map<std::int64_t, std::vector<std::int64_t>> times;  //!< customer -> decision times

    void Add(const Decision& d) {
        ++decisions;
        if (d.sent) ++sent;
        if (d.suppressed) {
            ++suppressed;
            ++by_reason[d.reason.empty() ? kNoReason : d.reason];
        }
        if (d.resolved) ++resolved;
        if (d.customer_id != 0) times[d.customer_id].push_back(d.at);
    }

    std::int64_t Customers() const { return static_cast<std::int64_t>(times.size()); }

    //! Each contact once, when any of its customer's decisions here holds it in its window.
    std::int64_t Contacts(const Log& log) const {
        std::int64_t n = 0;
        for (const auto& [customer, at] : times) {
            auto it = log.contacts.find(customer);
            if (it == log.contacts.end()) continue;
            for (const Contact& c : it->second) {
                for (std::int64_t t : at) {
                    if (Within(c.at, t, kContactWindowMs)) {
                        ++n;
                        break;
                    }
                }
            }
        }
        return n;
    }

    json PerHundred(const Log& log) const {
        return Customers() == 0 ? json(nullptr)
                                : json(static_cast<double>(Contacts(log)) * 100.0 /
                                       static_cast<double>(Customers()));
    }

    json ToJson(const Log& log) const {
        json out = json::object();
        out["decisions"] = decisions;
        out["proactive_sent"] = sent;
        out["proactive_suppressed"] = suppressed;
        json reasons = json::object();
        for (const auto& [reason, n] : by_reason)
            reasons[reason] = n;
        out["suppressed_by_reason"] = std::move(reasons);
        out["customers"] = Customers();
        out["contacts"] = Contacts(log);
        out["contacts_per_100"] = PerHundred(log);
        out["proactive_resolved"] = resolved;
        out["proactive_resolution_rate"] = Ratio(static_cast<double>(resolved), sent);
        return out;
    }

    std::set<std::int64_t> CustomerSet() const {
        std::set<std::int64_t> out;
        for (const auto& entry : times)
            out.insert(entry.first);
        return out;
    }
};

//! (holdout per 100 − treated per 100) / 100 × treated customers; null when a group is empty.
json ContactsAvoided(const DecisionStats& treated, const DecisionStats& holdout, const Log& log) {
    if (treated.Customers() == 0 || holdout.Customers() == 0) return nullptr;
    const double t = static_cast<double>(treated.Contacts(log)) * 100.0 /
                     static_cast<double>(treated.Customers());
    const double h = static_cast<double>(holdout.Contacts(log)) * 100.0 /
                     static_cast<double>(holdout.Customers());
    return (h - t) / 100.0 * static_cast<double>(treated.Customers());
}

// [SECTION] Business metrics

//! Retention, revenue and recommendations over the rows of `customers` (nullptr = every row).
void AddBusiness(const Log& log, Range range, const std::set<std::int64_t>* customers, json& out) {
    auto counts = [&](std::int64_t customer_id) {
        return customers == nullptr || customers->count(customer_id) > 0;
    };

    std::int64_t accepted = 0, prevented = 0, lost = 0, pending = 0;
    for (const Offer& o : log.accepted_offers) {
        if (!counts(o.customer_id)) continue;
        ++accepted;
        bool cancelled = false;
        auto it = log.cancellations.find({o.customer_id, o.plan});
        if (it != log.cancellations.end()) {
            for (std::int64_t t : it->second) {
                if (t < range.to_ms && Within(t, o.at, kChurnWindowMs)) cancelled = true;
            }
        }
        if (cancelled) {
            ++lost;
        } else if (o.at + kChurnWindowMs < range.to_ms) {
            ++prevented;
        } else {
            ++pending;
        }
    }
    out["retention_offers_accepted"] = accepted;
    out["churn_prevented"] = prevented;
    out["churn_not_prevented"] = lost;
    out["churn_offers_pending"] = pending;

    std::int64_t orders = 0, attributed = 0, revenue = 0;
    std::map<std::string, std::int64_t> by_currency;
    for (const Order& o : log.orders) {
        if (!counts(o.customer_id)) continue;
        ++orders;
        if (!o.attributed) continue;
        ++attributed;
        revenue += o.cents;
        by_currency[o.currency] += o.cents;
    }
    std::int64_t automated = 0;
    for (const auto& [id, c] : log.cases) {
        if (!InRange(c.opened_at, range) || !counts(c.customer_id)) continue;
        if (AutomatedFrom(c, std::numeric_limits<std::int64_t>::min())) ++automated;
    }
    out["orders"] = orders;
    out["attributed_orders"] = attributed;
    out["attributed_revenue_cents"] = revenue;
    json currencies = json::object();
    for (const auto& [currency, cents] : by_currency)
        currencies[currency] = cents;
    out["attributed_revenue_by_currency"] = std::move(currencies);
    out["automated_conversations"] = automated;
    out["revenue_per_automated_conversation"] = Ratio(static_cast<double>(revenue), automated);

    std::int64_t shown = 0, clicked = 0;
    for (const auto& [rec, customer_id] : log.recs_shown) {
        if (!counts(customer_id)) continue;
        ++shown;
        if (log.recs_clicked.count(rec)) ++clicked;
    }
    out["recommendations_shown"] = shown;
    out["recommendations_clicked"] = clicked;
    out["recommendation_take_rate"] = Ratio(static_cast<double>(clicked), shown);
}

struct DayStats {
    std::int64_t decisions = 0, sent = 0, suppressed = 0, resolved = 0;
};

}  // namespace

// [SECTION] ComputeProactive

json ComputeProactive(const std::vector<Event>& events, Range range) {
    const Log log = Index(events, range);

    DecisionStats treated, holdout, overall;
    std::map<std::string, std::pair<DecisionStats, DecisionStats>> by_trigger;  // treated, holdout
    std::map<std::string, DayStats> by_day;
    for (const Decision& d : log.decisions) {
        (d.holdout ? holdout : treated).Add(d);
        overall.Add(d);
        auto& trigger = by_trigger[d.trigger];
        (d.holdout ? trigger.second : trigger.first).Add(d);
        DayStats& day = by_day[DayOf(d.at)];
        ++day.decisions;
        day.sent += d.sent ? 1 : 0;
        day.suppressed += d.suppressed ? 1 : 0;
        day.resolved += d.resolved ? 1 : 0;
    }

    json report = json::object();
    report["range"] = {{"from", range.from_ms}, {"to", range.to_ms}};
    const std::set<std::int64_t> treated_customers = treated.CustomerSet();
    const std::set<std::int64_t> holdout_customers = holdout.CustomerSet();
    report["treated"] = treated.ToJson(log);
    AddBusiness(log, range, &treated_customers, report["treated"]);
    report["holdout"] = holdout.ToJson(log);
    AddBusiness(log, range, &holdout_customers, report["holdout"]);
    report["overall"] = overall.ToJson(log);
    AddBusiness(log, range, nullptr, report["overall"]);
    report["overall"]["contacts_avoided"] = ContactsAvoided(treated, holdout, log);

    json triggers = json::object();
    for (const auto& [id, stats] : by_trigger) {
        triggers[id] = {{"treated", stats.first.ToJson(log)},
                        {"holdout", stats.second.ToJson(log)},
                        {"contacts_avoided", ContactsAvoided(stats.first, stats.second, log)}};
    }
    report["by_trigger"] = std::move(triggers);
    json days = json::object();
    for (const auto& [day, s] : by_day) {
        days[day] = {{"decisions", s.decisions},
                     {"proactive_sent", s.sent},
                     {"proactive_suppressed", s.suppressed},
                     {"proactive_resolved", s.resolved},
                     {"proactive_resolution_rate", Ratio(static_cast<double>(s.resolved), s.sent)}};
    }
    report["by_day"] = std::move(days);
    return report;
}

}  // namespace seam::kpi
