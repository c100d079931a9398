// native/proactive/facts.cpp — facts for the proactive triggers, read from the store (facts.hpp).
#include "proactive/facts.hpp"

#include <cstdio>

#include "seam/core/json_read.hpp"
#include "seam/proactive/time_zone.hpp"
#include "seam/proactive/trigger.hpp"

namespace seam::proactive_facts {

using nlohmann::json;

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

//! "54.00 USD": how the shop writes amounts in messages (both languages read it).
std::string Amount(std::int64_t cents, const std::string& currency) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lld.%02lld %s", static_cast<long long>(cents / 100),
                  static_cast<long long>(cents % 100), currency.c_str());
    return buf;
}

std::optional<Date> DateOf(const std::string& iso) {
    auto d = ParseIsoDate(iso);
    if (!d) return std::nullopt;
    return *d;
}

std::string PlanName(const std::string& plan) {
    if (plan == "coffee_club") return "Basecamp Coffee Club";
    if (plan == "plus") return "Larchwood Plus";
    return plan;
}

//! The customer block of the facts, and the subject's contact details.
bool LoadCustomer(store::Db& db, std::int64_t customer_id, const Date& today, Subject& s) {
    auto& q = db.Cached(
        "SELECT c.external_id, c.first_name, c.locale, c.country, c.email, "
        "COALESCE(c.phone, ''), c.lifetime_value_cents, COALESCE(c.time_zone, ''), "
        "COALESCE((SELECT region FROM addresses a WHERE a.customer_id = c.id "
        "           ORDER BY a.is_default DESC, a.id LIMIT 1), ''), "
        "(SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id), "
        "(SELECT MAX(placed_on) FROM orders o WHERE o.customer_id = c.id), "
        "EXISTS(SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.plan = 'plus' "
        "       AND s.status != 'cancelled'), "
        "EXISTS(SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id "
        "       AND s.status != 'cancelled') "
        "FROM customers c WHERE c.id = ?");
    q.Bind(1, customer_id);
    if (!q.Next()) {
        q.Reset();
        return false;
    }
    s.customer_id = customer_id;
    s.external_id = q.Text(0);
    s.locale = q.Text(2) == "es" ? "es" : "en";
    s.email = q.Text(4);
    s.phone = q.Text(5);
    const std::string country = q.Text(3);
    s.time_zone = q.Text(7);
    if (s.time_zone.empty()) s.time_zone = proactive::ZoneFor(country, q.Text(8));
    json c = {{"id", customer_id},
              {"external_id", s.external_id},
              {"first_name", q.Text(1)},
              {"locale", s.locale},
              {"country", country},
              {"time_zone", s.time_zone},
              {"lifetime_value_cents", q.Int(6)},
              {"orders_count", q.Int(9)},
              {"is_member", q.Int(11) != 0},
              {"has_subscription", q.Int(12) != 0}};
    if (!q.IsNull(10)) {
        if (auto last = DateOf(q.Text(10))) c["days_since_last_order"] = DaysBetween(*last, today);
    }
    q.Reset();
    s.facts["customer"] = std::move(c);
    return true;
}

//! The order block (with its latest shipment), or nullopt with the order's customer unknown.
std::optional<json> LoadOrder(store::Db& db, const std::string& number, const Date& today,
                              std::int64_t* customer_id) {
    auto& q = db.Cached(
        "SELECT o.customer_id, o.status, o.total_cents, o.currency, o.placed_on, "
        "s.expected_on, s.carrier, s.status, s.delivered_on, "
        "(SELECT GROUP_CONCAT(p.name, ', ') FROM order_items i JOIN products p "
        "   ON p.id = i.product_id WHERE i.order_id = o.id), "
        "(SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i WHERE i.order_id = o.id) "
        "FROM orders o LEFT JOIN shipments s ON s.id = "
        "  (SELECT MAX(id) FROM shipments WHERE order_id = o.id) "
        "WHERE o.number = ?");
    q.Bind(1, number);
    if (!q.Next()) {
        q.Reset();
        return std::nullopt;
    }
    *customer_id = q.Int(0);
    json o = {{"number", number},        {"status", q.Text(1)},    {"total_cents", q.Int(2)},
              {"currency", q.Text(3)},   {"placed_on", q.Text(4)}, {"item_names", q.Text(9)},
              {"items_count", q.Int(10)}};
    if (!q.IsNull(5)) {
        const std::string expected = q.Text(5);
        o["expected_on"] = expected;
        o["carrier"] = q.Text(6);
        o["shipment_status"] = q.Text(7);
        if (auto e = DateOf(expected)) {
            const std::int64_t late = DaysBetween(*e, today);
            o["days_late"] = q.Text(7) == "delivered" || late < 0 ? 0 : late;
        }
        if (!q.IsNull(8)) {
            o["delivered_on"] = q.Text(8);
            if (auto d = DateOf(q.Text(8))) o["days_since_delivery"] = DaysBetween(*d, today);
        }
    }
    q.Reset();
    return o;
}

std::optional<json> LoadSubscription(store::Db& db, std::int64_t customer_id,
                                     const std::string& plan, const Date& today) {
    auto& q = db.Cached(
        "SELECT plan, status, COALESCE(renews_on, ''), price_cents, currency FROM subscriptions "
        "WHERE customer_id = ? AND plan = ? ORDER BY id DESC LIMIT 1");
    q.Bind(1, customer_id).Bind(2, plan);
    if (!q.Next()) {
        q.Reset();
        return std::nullopt;
    }
    json s = {{"plan", q.Text(0)},
              {"plan_name", PlanName(q.Text(0))},
              {"status", q.Text(1)},
              {"price_cents", q.Int(3)},
              {"price", Amount(q.Int(3), q.Text(4))}};
    const std::string renews = q.Text(2);
    if (!renews.empty()) {
        s["renews_on"] = renews;
        if (auto r = DateOf(renews)) s["days_to_renewal"] = DaysBetween(today, *r);
    }
    q.Reset();
    return s;
}

std::optional<std::int64_t> CustomerByExternal(store::Db& db, const std::string& external_id) {
    auto& q = db.Cached("SELECT id FROM customers WHERE external_id = ?");
    q.Bind(1, external_id);
    std::optional<std::int64_t> id;
    if (q.Next()) id = q.Int(0);
    q.Reset();
    return id;
}

Error BadField(const std::string& field, const std::string& what) {
    return Error::Make("seam.api.bad_field", field + ": " + what);
}

}  // namespace

Result<BusinessEvent> ParseEvent(const json& body, std::int64_t now_ms) {
    if (!body.is_object()) return BadField("(body)", "an event is a JSON object");
    BusinessEvent e;
    const json* id = json_read::Find(body, "id");
    if (!id || !id->is_string() || id->get<std::string>().empty() ||
        id->get<std::string>().size() > 200) {
        return BadField("id", "the event's own id: a string of 1 to 200 bytes");
    }
    e.id = id->get<std::string>();
    const json* type = json_read::Find(body, "type");
    if (!type || !type->is_string()) return BadField("type", "a string such as \"order.delayed\"");
    e.type = type->get<std::string>();
    if (proactive::KnownEvents().count(e.type) == 0) {
        return Error::Make("seam.proactive.unknown_event",
                           "type \"" + e.type +
                               "\" is not an event seamd takes (see "
                               "POST /v1/events/ingest in the API document)");
    }
    e.at = now_ms;
    if (const json* at = json_read::Find(body, "at"); at && !at->is_null()) {
        if (!at->is_number_integer() || at->get<std::int64_t>() <= 0) {
            return BadField("at", "milliseconds since the epoch (UTC), an integer");
        }
        e.at = at->get<std::int64_t>();
    }
    if (const json* c = json_read::Find(body, "customer"); c && !c->is_null()) {
        if (!c->is_string()) return BadField("customer", "the customer's external id, a string");
        e.customer = c->get<std::string>();
    }
    if (const json* d = json_read::Find(body, "data"); d && !d->is_null()) {
        if (!d->is_object()) return BadField("data", "an object");
        e.data = *d;
    }
    for (const char* text_field :
         {"order", "subscription", "return", "new_expected_on", "exception", "url"}) {
        const json* f = json_read::Find(e.data, text_field);
        if (f && !f->is_string()) {
            return BadField(std::string("data.") + text_field, "a string");
        }
    }
    return e;
}

Result<Subject> FactsFor(store::Db& db, const BusinessEvent& event, const Date& today,
                         std::int64_t now_ms) {
    (void)now_ms;
    Subject s;
    std::int64_t customer_id = 0;
    if (!event.customer.empty()) {
        auto found = CustomerByExternal(db, event.customer);
        if (!found) {
            return Error::Make("seam.proactive.unknown_customer",
                               "no customer with external id \"" + event.customer + "\"");
        }
        customer_id = *found;
    }
    json facts = json::object();
    facts["event"] = {{"type", event.type}, {"id", event.id}, {"at", event.at}};

    // The return names its order; the order names its customer.
    std::string order_number = json_read::StringOr(event.data, "order");
    if (const std::string rma = json_read::StringOr(event.data, "return"); !rma.empty()) {
        auto& q = db.Cached(
            "SELECT o.number, COALESCE(r.received_on, ''), "
            "COALESCE((SELECT status FROM refunds f WHERE f.order_id = o.id ORDER BY f.id DESC "
            "          LIMIT 1), ''), "
            "COALESCE((SELECT amount_cents FROM refunds f WHERE f.order_id = o.id "
            "          ORDER BY f.id DESC LIMIT 1), -1), o.currency "
            "FROM returns r JOIN orders o ON o.id = r.order_id WHERE r.number = ?");
        q.Bind(1, rma);
        if (!q.Next()) {
            q.Reset();
            return Error::Make("seam.proactive.unknown_return", "no return \"" + rma + "\"");
        }
        json r = {{"number", rma}, {"order_number", q.Text(0)}};
        if (!q.Text(1).empty()) r["received_on"] = q.Text(1);
        r["refund_status"] = q.Text(2).empty() ? "pending" : q.Text(2);
        if (q.Int(3) >= 0) r["refund_amount"] = Amount(q.Int(3), q.Text(4));
        if (order_number.empty()) order_number = q.Text(0);
        q.Reset();
        facts["return"] = std::move(r);
    }
    if (!order_number.empty()) {
        std::int64_t owner = 0;
        auto order = LoadOrder(db, order_number, today, &owner);
        if (!order) {
            return Error::Make("seam.proactive.unknown_order", "no order \"" + order_number + "\"");
        }
        if (customer_id && owner != customer_id) {
            return Error::Make("seam.api.bad_field",
                               "data.order: " + order_number + " is not this customer's order");
        }
        customer_id = owner;
        if (const std::string later = json_read::StringOr(event.data, "new_expected_on");
            !later.empty()) {
            (*order)["new_expected_on"] = later;
            // How late it will be: the promised day (as the event says it was, else as the
            // store still has it) to the carrier's new one.
            const json* promised = json_read::Find(event.data, "previous_expected_on");
            if (!promised || !promised->is_string())
                promised = json_read::Find(*order, "expected_on");
            auto from = promised && promised->is_string() ? DateOf(promised->get<std::string>())
                                                          : std::nullopt;
            auto to = DateOf(later);
            if (from && to) {
                const std::int64_t by = DaysBetween(*from, *to);
                if (by > json_read::IntOr(*order, "days_late")) (*order)["days_late"] = by;
            }
        }
        if (const std::string why = json_read::StringOr(event.data, "exception"); !why.empty()) {
            (*order)["exception"] = why;
        }
        facts["order"] = std::move(*order);
    }
    if (!customer_id) {
        return Error::Make("seam.proactive.unknown_customer",
                           "the event names no customer (\"customer\") and no order or return "
                           "that leads to one");
    }
    if (!LoadCustomer(db, customer_id, today, s)) {
        return Error::Make("seam.proactive.unknown_customer", "the customer is gone");
    }
    if (const std::string plan = json_read::StringOr(event.data, "subscription"); !plan.empty()) {
        auto sub = LoadSubscription(db, customer_id, plan, today);
        if (!sub) {
            return Error::Make("seam.api.bad_field",
                               "data.subscription: the customer has no " + plan + " subscription");
        }
        if (event.type == "payment.failed") (*sub)["payment_failed"] = true;
        facts["subscription"] = std::move(*sub);
    }
    if (event.type.rfind("cart.", 0) == 0) {
        json cart = {{"items_count", 0}, {"value_cents", 0}, {"has_size_choice", false}};
        std::string names;
        int count = 0;
        bool sized = false;
        if (const json* items = json_read::Find(event.data, "items"); items && items->is_array()) {
            for (const json& item : *items) {
                ++count;
                const std::string name = json_read::StringOr(item, "name");
                if (!name.empty()) names += (names.empty() ? "" : ", ") + name;
                if (json_read::Find(item, "size")) sized = true;
            }
        }
        cart["items_count"] = count;
        cart["has_size_choice"] = sized;
        cart["product_names"] = names;
        if (const json* v = json_read::Find(event.data, "value_cents");
            v && v->is_number_integer()) {
            cart["value_cents"] = *v;
        }
        if (const json* m = json_read::Find(event.data, "minutes_idle");
            m && m->is_number_integer()) {
            cart["minutes_idle"] = *m;
        }
        facts["cart"] = std::move(cart);
    }
    for (auto& [key, value] : s.facts.items())
        facts[key] = value;
    s.facts = std::move(facts);
    return s;
}

std::vector<Subject> ScheduleSubjects(store::Db& db, const std::string& for_each, const Date& today,
                                      std::int64_t now_ms) {
    (void)now_ms;
    std::vector<Subject> out;
    if (for_each == "subscription") {
        std::vector<std::pair<std::int64_t, std::string>> subs;
        auto q = db.Prepare(
            "SELECT customer_id, plan FROM subscriptions WHERE status = 'active' ORDER BY id");
        if (!q) return out;
        while (q->Next())
            subs.emplace_back(q->Int(0), q->Text(1));
        for (const auto& [customer_id, plan] : subs) {
            Subject s;
            if (!LoadCustomer(db, customer_id, today, s)) continue;
            auto sub = LoadSubscription(db, customer_id, plan, today);
            if (!sub) continue;
            s.facts["subscription"] = std::move(*sub);
            out.push_back(std::move(s));
        }
    } else if (for_each == "customer") {
        std::vector<std::int64_t> ids;
        auto q = db.Prepare("SELECT DISTINCT customer_id FROM orders ORDER BY customer_id");
        if (!q) return out;
        while (q->Next())
            ids.push_back(q->Int(0));
        for (std::int64_t id : ids) {
            Subject s;
            if (LoadCustomer(db, id, today, s)) out.push_back(std::move(s));
        }
    }
    return out;
}

std::optional<Subject> ScheduleSubject(store::Db& db, const std::string& for_each,
                                       std::int64_t customer_id, const std::string& plan,
                                       const Date& today) {
    Subject s;
    if (!LoadCustomer(db, customer_id, today, s)) return std::nullopt;
    if (for_each == "subscription") {
        auto sub = LoadSubscription(db, customer_id, plan, today);
        if (!sub) return std::nullopt;
        s.facts["subscription"] = std::move(*sub);
    }
    return s;
}

json EventToJson(const BusinessEvent& event) {
    return {{"id", event.id},
            {"type", event.type},
            {"at", event.at},
            {"customer", event.customer},
            {"data", event.data}};
}

BusinessEvent EventFromJson(const json& doc) {
    BusinessEvent e;
    e.id = json_read::StringOr(doc, "id");
    e.type = json_read::StringOr(doc, "type");
    e.at = json_read::IntOr(doc, "at");
    e.customer = json_read::StringOr(doc, "customer");
    if (const json* d = json_read::Find(doc, "data"); d && d->is_object()) e.data = *d;
    return e;
}

proactive::Situation SituationFor(store::Db& db, const Subject& subject, const std::string& trigger,
                                  std::int64_t now_ms, bool email_and_sms_reachable) {
    proactive::Situation s;
    s.now = now_ms;
    s.time_zone = subject.time_zone;
    {
        // The history the rules look at: what was sent, and what the hold-out group kept back
        // (a decision deferred or refused for another reason may come again). De-duplication
        // goes furthest back; a year is plenty.
        auto& q = db.Cached(
            "SELECT decided_at, object_key, sent FROM proactive_messages "
            "WHERE customer_id = ? AND decided_at >= ? AND (sent = 1 OR reason = 'holdout') "
            "ORDER BY decided_at");
        q.Bind(1, subject.customer_id).Bind(2, now_ms - 366 * kDayMs);
        while (q.Next())
            s.history.push_back({q.Int(0), q.Text(1), q.Int(2) != 0});
        q.Reset();
    }
    {
        auto& q = db.Cached("SELECT channel FROM proactive_consent WHERE customer_id = ?");
        q.Bind(1, subject.customer_id);
        while (q.Next()) {
            const std::string channel = q.Text(0);
            if (channel == "*") {
                s.opted_out_all = true;
            } else {
                s.opted_out.insert(channel);
            }
        }
        q.Reset();
    }
    {
        auto& q = db.Cached(
            "SELECT EXISTS(SELECT 1 FROM proactive_opt_outs WHERE customer_id = ? "
            "AND topic IN ('all', ?))");
        q.Bind(1, subject.customer_id).Bind(2, trigger);
        if (q.Next() && q.Int(0) != 0) s.opted_out_all = true;
        q.Reset();
    }
    {
        auto& q = db.Cached(
            "SELECT EXISTS(SELECT 1 FROM cases WHERE customer_id = ? "
            "AND status IN ('waiting_agent', 'with_agent'))");
        q.Bind(1, subject.customer_id);
        s.agent_case_open = q.Next() && q.Int(0) != 0;
        q.Reset();
    }
    s.reachable.insert("widget");
    if (email_and_sms_reachable) {
        if (!subject.email.empty()) s.reachable.insert("email");
        if (!subject.phone.empty()) s.reachable.insert("sms");
    }
    return s;
}

}  // namespace seam::proactive_facts
