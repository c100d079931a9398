// native/demo/loader.cpp — inserts the demo rows (generator.hpp) into the store.
#include "demo/loader.hpp"

#include <map>
#include <string>

namespace seam::demo {

namespace {

Error LoadError(const std::string& what, const Error& cause) {
    return Error::Make("seam.demo.load", what + ": " + cause.message);
}

// Runs the bound statement; on failure records the first error in `failed`.
bool RunInto(store::Stmt& stmt, const char* table, std::optional<Error>& failed) {
    auto ran = stmt.Run();
    if (!ran) {
        failed = LoadError(std::string("insert into ") + table, ran.error());
        return false;
    }
    return true;
}

std::int64_t Flag(bool b) {
    return b ? 1 : 0;
}

}  // namespace

bool IsLoaded(store::Db& db) {
    auto stmt = db.Prepare("SELECT EXISTS (SELECT 1 FROM customers)");
    if (!stmt || !stmt->Next()) return false;
    return stmt->Int(0) != 0;
}

Result<bool> Load(store::Db& db, const DemoData& data) {
    store::Transaction txn(db);
    if (!txn.ok()) return Error::Make("seam.demo.load", "cannot begin a transaction");
    std::optional<Error> failed;

    auto prepare = [&](const char* sql) -> std::optional<store::Stmt> {
        auto stmt = db.Prepare(sql);
        if (!stmt) {
            if (!failed) failed = LoadError("prepare", stmt.error());
            return std::nullopt;
        }
        return std::move(stmt.value());
    };

    auto customers = prepare(
        "INSERT INTO customers (id, external_id, first_name, last_name, email, phone, locale, "
        "country, currency, created_on, lifetime_value_cents) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    auto addresses = prepare(
        "INSERT INTO addresses (id, customer_id, line1, line2, city, region, postal_code, "
        "country, is_default) VALUES (?,?,?,?,?,?,?,?,?)");
    auto products = prepare(
        "INSERT INTO products (id, sku, name, category, price_cents, final_sale, in_stock) "
        "VALUES (?,?,?,?,?,?,?)");
    auto variants = prepare(
        "INSERT INTO product_variants (id, product_id, sku, size, size_rank, colour, stock) "
        "VALUES (?,?,?,?,?,?,?)");
    auto related = prepare(
        "INSERT INTO product_related (product_id, related_id, rank, reason) VALUES (?,?,?,?)");
    auto orders = prepare(
        "INSERT INTO orders (id, number, customer_id, placed_on, status, currency, "
        "subtotal_cents, shipping_cents, total_cents, ship_line1, ship_line2, ship_city, "
        "ship_region, ship_postal_code, ship_country, payment_method) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    auto items = prepare(
        "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents, "
        "final_sale, variant_id) VALUES (?,?,?,?,?,?,?)");
    auto shipments = prepare(
        "INSERT INTO shipments (id, order_id, carrier, tracking_number, tracking_url, "
        "shipped_on, expected_on, delivered_on, status) VALUES (?,?,?,?,?,?,?,?,?)");
    auto subscriptions = prepare(
        "INSERT INTO subscriptions (id, customer_id, plan, status, started_on, renews_on, "
        "paused_until, cancelled_on, currency, price_cents, every_months) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    auto invoices = prepare(
        "INSERT INTO invoices (id, number, customer_id, order_id, shipment_id, subscription_id, "
        "issued_on, currency, amount_cents, descriptor) VALUES (?,?,?,?,?,?,?,?,?,?)");
    auto returns = prepare(
        "INSERT INTO returns (id, number, order_id, created_at, reason, status, label_fee_cents, "
        "label, received_on) VALUES (?,?,?,?,?,?,?,?,?)");
    auto refunds = prepare(
        "INSERT INTO refunds (id, order_id, created_at, method, currency, amount_cents, status) "
        "VALUES (?,?,?,?,?,?,?)");
    if (failed) return *failed;

    for (const Customer& c : data.customers) {
        customers->Bind(1, c.id).Bind(2, c.external_id).Bind(3, c.first_name).Bind(4, c.last_name);
        customers->Bind(5, c.email).Bind(6, c.phone).Bind(7, c.locale).Bind(8, c.country);
        customers->Bind(9, c.currency).Bind(10, c.created_on).Bind(11, c.lifetime_value_cents);
        if (!RunInto(*customers, "customers", failed)) return *failed;
    }
    for (const Address& a : data.addresses) {
        addresses->Bind(1, a.id).Bind(2, a.customer_id).Bind(3, a.line1).Bind(4, a.line2);
        addresses->Bind(5, a.city).Bind(6, a.region).Bind(7, a.postal_code).Bind(8, a.country);
        addresses->Bind(9, Flag(a.is_default));
        if (!RunInto(*addresses, "addresses", failed)) return *failed;
    }
    for (const Product& p : data.products) {
        products->Bind(1, p.id).Bind(2, p.sku).Bind(3, p.name).Bind(4, p.category);
        products->Bind(5, p.price_cents).Bind(6, Flag(p.final_sale)).Bind(7, Flag(p.in_stock));
        if (!RunInto(*products, "products", failed)) return *failed;
    }
    for (const ProductVariant& v : data.variants) {
        variants->Bind(1, v.id).Bind(2, v.product_id).Bind(3, v.sku).Bind(4, v.size);
        variants->Bind(5, v.size_rank).Bind(6, v.colour).Bind(7, v.stock);
        if (!RunInto(*variants, "product_variants", failed)) return *failed;
    }
    for (const RelatedProduct& r : data.related) {
        related->Bind(1, r.product_id).Bind(2, r.related_id).Bind(3, r.rank).Bind(4, r.reason);
        if (!RunInto(*related, "product_related", failed)) return *failed;
    }
    for (const Order& o : data.orders) {
        orders->Bind(1, o.id).Bind(2, o.number).Bind(3, o.customer_id).Bind(4, o.placed_on);
        orders->Bind(5, o.status).Bind(6, o.currency).Bind(7, o.subtotal_cents);
        orders->Bind(8, o.shipping_cents).Bind(9, o.total_cents).Bind(10, o.ship_line1);
        orders->Bind(11, o.ship_line2).Bind(12, o.ship_city).Bind(13, o.ship_region);
        orders->Bind(14, o.ship_postal_code).Bind(15, o.ship_country).Bind(16, o.payment_method);
        if (!RunInto(*orders, "orders", failed)) return *failed;
    }
    for (const OrderItem& i : data.order_items) {
        items->Bind(1, i.id).Bind(2, i.order_id).Bind(3, i.product_id).Bind(4, i.quantity);
        items->Bind(5, i.unit_price_cents).Bind(6, Flag(i.final_sale)).Bind(7, i.variant_id);
        if (!RunInto(*items, "order_items", failed)) return *failed;
    }
    for (const Shipment& s : data.shipments) {
        shipments->Bind(1, s.id).Bind(2, s.order_id).Bind(3, s.carrier);
        shipments->Bind(4, s.tracking_number).Bind(5, s.tracking_url).Bind(6, s.shipped_on);
        shipments->Bind(7, s.expected_on).Bind(8, s.delivered_on).Bind(9, s.status);
        if (!RunInto(*shipments, "shipments", failed)) return *failed;
    }
    for (const Subscription& s : data.subscriptions) {
        subscriptions->Bind(1, s.id).Bind(2, s.customer_id).Bind(3, s.plan).Bind(4, s.status);
        subscriptions->Bind(5, s.started_on).Bind(6, s.renews_on).Bind(7, s.paused_until);
        subscriptions->Bind(8, s.cancelled_on).Bind(9, s.currency).Bind(10, s.price_cents);
        subscriptions->Bind(11, s.every_months);
        if (!RunInto(*subscriptions, "subscriptions", failed)) return *failed;
    }
    for (const Invoice& i : data.invoices) {
        invoices->Bind(1, i.id).Bind(2, i.number).Bind(3, i.customer_id).Bind(4, i.order_id);
        invoices->Bind(5, i.shipment_id).Bind(6, i.subscription_id).Bind(7, i.issued_on);
        invoices->Bind(8, i.currency).Bind(9, i.amount_cents).Bind(10, i.descriptor);
        if (!RunInto(*invoices, "invoices", failed)) return *failed;
    }
    for (const Return& r : data.returns) {
        returns->Bind(1, r.id).Bind(2, r.number).Bind(3, r.order_id).Bind(4, r.created_at);
        returns->Bind(5, r.reason).Bind(6, r.status).Bind(7, r.label_fee_cents).Bind(8, r.label);
        returns->Bind(9, r.received_on);
        if (!RunInto(*returns, "returns", failed)) return *failed;
    }
    for (const Refund& r : data.refunds) {
        refunds->Bind(1, r.id).Bind(2, r.order_id).Bind(3, r.created_at).Bind(4, r.method);
        refunds->Bind(5, r.currency).Bind(6, r.amount_cents).Bind(7, r.status);
        if (!RunInto(*refunds, "refunds", failed)) return *failed;
    }
    auto committed = txn.Commit();
    if (!committed) return LoadError("commit", committed.error());
    return true;
}

Result<bool> LoadHistory(store::Db& db, const History& history) {
    // Agents are seeded by the server (maya, sam, lee); unknown logins load as NULL.
    std::map<std::string, std::int64_t> agent_ids;
    {
        auto agents = db.Prepare("SELECT id, login FROM agents");
        if (!agents) return LoadError("agents", agents.error());
        while (agents->Next())
            agent_ids[agents->Text(1)] = agents->Int(0);
    }
    auto agent_id = [&](const std::string& login) -> std::optional<std::int64_t> {
        auto it = agent_ids.find(login);
        if (it == agent_ids.end()) return std::nullopt;
        return it->second;
    };

    store::Transaction txn(db);
    if (!txn.ok()) return Error::Make("seam.demo.load", "cannot begin a transaction");
    std::optional<Error> failed;
    auto prepare = [&](const char* sql) -> std::optional<store::Stmt> {
        auto stmt = db.Prepare(sql);
        if (!stmt) {
            if (!failed) failed = LoadError("prepare", stmt.error());
            return std::nullopt;
        }
        return std::move(stmt.value());
    };
    auto cases = prepare(
        "INSERT INTO cases (id, customer_id, status, version, state, channel, intent, created_at, "
        "updated_at, resolved_at, outcome) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    auto channels = prepare(
        "INSERT INTO case_channels (case_id, channel, address, first_at, last_at) "
        "VALUES (?,?,?,?,?)");
    auto messages = prepare(
        "INSERT INTO messages (case_id, at, sender, agent_id, channel, text) "
        "VALUES (?,?,?,?,?,?)");
    auto handoffs = prepare(
        "INSERT INTO handoffs (case_id, created_at, skill, priority, payload, status, agent_id, "
        "claimed_at, resolved_at, outcome, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    auto events = prepare(
        "INSERT INTO events (at, case_id, customer_id, channel, kind, intent, data) "
        "VALUES (?,?,?,?,?,?,?)");
    if (failed) return *failed;

    for (const HistoryCase& c : history.cases) {
        cases->Bind(1, c.id).Bind(2, c.customer_id).Bind(3, c.status).Bind(4, c.version);
        cases->Bind(5, c.state).Bind(6, c.channel).Bind(7, c.intent).Bind(8, c.created_at);
        cases->Bind(9, c.updated_at).Bind(10, c.resolved_at).Bind(11, c.outcome);
        if (!RunInto(*cases, "cases", failed)) return *failed;
        channels->Bind(1, c.id).Bind(2, c.channel).Bind(3, c.address).Bind(4, c.created_at);
        channels->Bind(5, c.updated_at);
        if (!RunInto(*channels, "case_channels", failed)) return *failed;
    }
    for (const HistoryMessage& m : history.messages) {
        messages->Bind(1, m.case_id).Bind(2, m.at).Bind(3, m.sender);
        messages->Bind(4, agent_id(m.agent_login)).Bind(5, m.channel).Bind(6, m.text);
        if (!RunInto(*messages, "messages", failed)) return *failed;
    }
    for (const HistoryHandoff& h : history.handoffs) {
        handoffs->Bind(1, h.case_id).Bind(2, h.created_at).Bind(3, h.skill).Bind(4, h.priority);
        handoffs->Bind(5, h.payload).Bind(6, h.status).Bind(7, agent_id(h.agent_login));
        handoffs->Bind(8, h.claimed_at).Bind(9, h.resolved_at).Bind(10, h.outcome);
        handoffs->Bind(11, h.note);
        if (!RunInto(*handoffs, "handoffs", failed)) return *failed;
    }
    for (const HistoryEvent& e : history.events) {
        events->Bind(1, e.at).Bind(2, e.case_id).Bind(3, e.customer_id).Bind(4, e.channel);
        events->Bind(5, e.kind).Bind(6, e.intent).Bind(7, e.data);
        if (!RunInto(*events, "events", failed)) return *failed;
    }
    auto committed = txn.Commit();
    if (!committed) return LoadError("commit", committed.error());
    return true;
}

}  // namespace seam::demo
