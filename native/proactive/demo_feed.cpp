// native/proactive/demo_feed.cpp — the demo shop's business events (demo_feed.hpp).
#include "proactive/demo_feed.hpp"

#include <string>

namespace seam::proactive_facts {

using nlohmann::json;

namespace {

constexpr int kPerKind = 12;  // events of one kind at most: the demo stays readable

BusinessEvent Make(const std::string& type, const std::string& object, const Date& today,
                   std::int64_t now_ms, json data) {
    BusinessEvent e;
    e.type = type;
    e.id = "demo-" + type + "-" + object + "-" + FormatIsoDate(today);
    e.at = now_ms;
    e.data = std::move(data);
    return e;
}

Date NextBusinessDay(Date d) {
    do {
        d = AddDays(d, 1);
    } while (DayOfWeek(d) == 0 || DayOfWeek(d) == 6);
    return d;
}

}  // namespace

std::vector<BusinessEvent> DemoBacklog(store::Db& db, const Date& today, std::int64_t now_ms) {
    std::vector<BusinessEvent> out;
    const std::string day = FormatIsoDate(today);

    // Ana's and Lucía's parcels on their way: the carrier reports two more days.
    {
        std::vector<std::pair<std::int64_t, std::string>> moved;  // shipment id, order number
        std::vector<std::string> dates, promised;
        auto q = db.Prepare(
            "SELECT s.id, o.number, s.expected_on FROM shipments s JOIN orders o "
            "ON o.id = s.order_id JOIN customers c ON c.id = o.customer_id "
            "WHERE c.external_id IN ('demo-ana', 'demo-lucia') AND s.status IN ('in_transit', "
            "'out_for_delivery') AND s.delivered_on IS NULL ORDER BY s.id");
        if (q) {
            while (q->Next()) {
                auto expected = ParseIsoDate(q->Text(2));
                if (!expected) continue;
                moved.emplace_back(q->Int(0), q->Text(1));
                promised.push_back(q->Text(2));
                dates.push_back(FormatIsoDate(NextBusinessDay(NextBusinessDay(*expected))));
            }
        }
        for (std::size_t i = 0; i < moved.size(); ++i) {
            // Only once: a restart finds the event already received and leaves the day alone.
            auto seen = db.Prepare("SELECT 1 FROM business_events WHERE id = ?");
            const BusinessEvent e = Make("order.delayed", moved[i].second, today, now_ms,
                                         {{"order", moved[i].second},
                                          {"previous_expected_on", promised[i]},
                                          {"new_expected_on", dates[i]},
                                          {"reason", "carrier_delay"}});
            if (seen && seen->Bind(1, e.id).Next()) continue;
            auto up = db.Prepare("UPDATE shipments SET expected_on = ? WHERE id = ?");
            if (up) up->Bind(1, dates[i]).Bind(2, moved[i].first).Run();
            out.push_back(e);
        }
    }
    // Parcels past their delivery day, still with the carrier.
    if (auto q = db.Prepare(
            "SELECT o.number FROM shipments s JOIN orders o ON o.id = s.order_id "
            "WHERE s.status IN ('in_transit', 'out_for_delivery') AND s.delivered_on IS NULL "
            "AND s.expected_on < ? ORDER BY s.id LIMIT ?")) {
        q->Bind(1, day).Bind(2, kPerKind);
        while (q->Next()) {
            const std::string number = q->Text(0);
            out.push_back(Make("order.delayed", number, today, now_ms,
                               {{"order", number},
                                {"new_expected_on", FormatIsoDate(NextBusinessDay(today))},
                                {"reason", "carrier_delay"}}));
        }
    }
    // Parcels held at the carrier's depot.
    if (auto q = db.Prepare("SELECT o.number FROM shipments s JOIN orders o ON o.id = s.order_id "
                            "WHERE s.status = 'held' ORDER BY s.id LIMIT ?")) {
        q->Bind(1, kPerKind);
        while (q->Next()) {
            const std::string number = q->Text(0);
            out.push_back(Make("order.delivery_exception", number, today, now_ms,
                               {{"order", number}, {"exception", "held_at_depot"}}));
        }
    }
    // Returns that reached the warehouse yesterday or today.
    if (auto q =
            db.Prepare("SELECT number FROM returns WHERE received_on >= ? ORDER BY id LIMIT ?")) {
        q->Bind(1, FormatIsoDate(AddDays(today, -1))).Bind(2, kPerKind);
        while (q->Next()) {
            const std::string rma = q->Text(0);
            out.push_back(Make("return.received", rma, today, now_ms, {{"return", rma}}));
        }
    }
    // Parcels delivered yesterday: a review request.
    if (auto q = db.Prepare("SELECT o.number FROM shipments s JOIN orders o ON o.id = s.order_id "
                            "WHERE s.delivered_on = ? ORDER BY s.id LIMIT ?")) {
        q->Bind(1, FormatIsoDate(AddDays(today, -1))).Bind(2, kPerKind);
        while (q->Next()) {
            const std::string number = q->Text(0);
            out.push_back(Make("order.delivered", number, today, now_ms, {{"order", number}}));
        }
    }
    // Coffee Club payments that did not go through (every 97th active subscription).
    if (auto q = db.Prepare(
            "SELECT c.external_id FROM subscriptions s JOIN customers c ON c.id = s.customer_id "
            "WHERE s.plan = 'coffee_club' AND s.status = 'active' AND s.id % 97 = 3 "
            "ORDER BY s.id LIMIT ?")) {
        q->Bind(1, kPerKind);
        while (q->Next()) {
            BusinessEvent e = Make("payment.failed", q->Text(0), today, now_ms,
                                   {{"subscription", "coffee_club"}, {"reason", "card_expired"}});
            e.customer = q->Text(0);
            out.push_back(std::move(e));
        }
    }
    for (int n = 0; n < 4; ++n)
        out.push_back(DemoAbandonedCart(db, today, now_ms, n));
    return out;
}

BusinessEvent DemoAbandonedCart(store::Db& db, const Date& today, std::int64_t now_ms, int n) {
    // A customer with orders, picked by n; two sized items from the catalogue.
    std::string customer = "demo-ana";
    if (auto q = db.Prepare(
            "SELECT external_id FROM customers WHERE id > 3 AND id IN "
            "(SELECT customer_id FROM orders) ORDER BY (id * 7919 + ?) % 1201 LIMIT 1")) {
        q->Bind(1, static_cast<std::int64_t>(n) * 104729 +
                       DaysFromCivil(today));  // a different customer each time and day
        if (q->Next()) customer = q->Text(0);
    }
    json items = json::array();
    std::int64_t value = 0;
    static const char* kSizes[] = {"S", "M", "L", "XL"};
    if (auto q = db.Prepare(
            "SELECT sku, name, price_cents FROM products WHERE category IN ('jackets', "
            "'base_layers', 'boots', 'trail_runners') ORDER BY (id * 31 + ?) % 97 LIMIT 2")) {
        q->Bind(1, static_cast<std::int64_t>(n));
        int k = 0;
        while (q->Next()) {
            items.push_back(
                {{"sku", q->Text(0)}, {"name", q->Text(1)}, {"size", kSizes[(n + k++) % 4]}});
            value += q->Int(2);
        }
    }
    BusinessEvent e = Make("cart.abandoned", customer + "-" + std::to_string(n), today, now_ms,
                           {{"items", items}, {"value_cents", value}, {"minutes_idle", 45}});
    e.customer = customer;
    return e;
}

}  // namespace seam::proactive_facts
