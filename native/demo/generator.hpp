// native/demo/generator.hpp — the demo business, Larchwood Outfitters (assets/demo-business.md),
// generated as plain rows: customers, addresses, products with their variants (size, colour,
// stock) and "often bought with", orders and their items, shipments, subscriptions, invoices,
// returns, refunds; and a history of past conversations for the KPIs.
//
// Deterministic: the same seed and `today` give identical rows on every platform (a private
// splitmix64 PRNG, no <random> distributions). Row ids are assigned here (1-based, per table),
// so rows refer to each other by id and the loader inserts them as they are.
//
// Fixed demo accounts (ids 1..3) carry the facts the tests and the scripted demo rely on; see
// generator.cpp [SECTION] fixed accounts. Generated order numbers start at LW-200000, so they
// never collide with the fixed ones (LW-10xxxx).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "seam/core/date.hpp"

namespace seam::demo {

// Dates are ISO text 'YYYY-MM-DD' and instants ms since the epoch (UTC), as in the schema.
struct Customer {
    std::int64_t id = 0;
    std::string external_id;
    std::string first_name;
    std::string last_name;
    std::string email;
    std::optional<std::string> phone;  //!< E.164
    std::string locale;                //!< en | es
    std::string country;               //!< US CA GB ES DE FR PT
    std::string currency;              //!< USD | EUR | GBP
    std::string created_on;
    std::int64_t lifetime_value_cents = 0;  //!< the sum of the customer's order totals
};

struct Address {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::string line1;
    std::optional<std::string> line2;
    std::string city;
    std::optional<std::string> region;
    std::string postal_code;
    std::string country;
    bool is_default = false;
};

struct Product {
    std::int64_t id = 0;
    std::string sku;
    std::string name;
    std::string category;
    std::int64_t price_cents = 0;  //!< the same figure in USD, EUR and GBP
    bool final_sale = false;
    bool in_stock = true;  //!< reships and replacements need it (a few are sold out)
};

//! One size and colour of a product, with its stock. Clothing comes in XS-XXL (men's S-XXL,
//! women's XS-XL), boots and trail runners in EU sizes with the US size next to them ("EU 42 · US
//! 8.5"), socks in S-XL, gear and coffee in "One size". A few variants are sold out (stock 0);
//! every variant of a product that is not in stock is.
struct ProductVariant {
    std::int64_t id = 0;
    std::int64_t product_id = 0;
    std::string sku;  //!< the product's sku, size and colour: JKT-101-M-BLA
    std::string size;
    std::int64_t size_rank = 0;  //!< 0 = the product's smallest size
    std::string colour;          //!< "" for products without one (coffee)
    std::int64_t stock = 0;
};

//! "Often bought with": `related_id` is offered next to `product_id`, best first (rank 1).
struct RelatedProduct {
    std::int64_t product_id = 0;
    std::int64_t related_id = 0;
    std::int64_t rank = 1;
    std::string reason;  //!< socks | layer | footprint | light | power | sleep | brew | carry
};

struct Order {
    std::int64_t id = 0;
    std::string number;  //!< LW-######
    std::int64_t customer_id = 0;
    std::string placed_on;
    std::string status;  //!< processing | shipped | delivered | cancelled
    std::string currency;
    std::int64_t subtotal_cents = 0;
    std::int64_t shipping_cents = 0;
    std::int64_t total_cents = 0;
    std::string ship_line1;
    std::optional<std::string> ship_line2;
    std::string ship_city;
    std::optional<std::string> ship_region;
    std::string ship_postal_code;
    std::string ship_country;
    std::string payment_method;
};

struct OrderItem {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::int64_t product_id = 0;
    std::int64_t quantity = 1;
    std::int64_t unit_price_cents = 0;
    bool final_sale = false;
    std::optional<std::int64_t> variant_id;  //!< the size and colour bought (every line has one)
};

struct Shipment {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::string carrier;  //!< UPS | USPS | Canada Post | DHL
    std::string tracking_number;
    std::string tracking_url;
    std::string shipped_on;
    std::string expected_on;
    std::optional<std::string> delivered_on;
    std::string status;  //!< in_transit | out_for_delivery | delivered | held
};

struct Subscription {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::string plan;    //!< coffee_club | plus
    std::string status;  //!< active | paused | cancelled
    std::string started_on;
    std::optional<std::string> renews_on;
    std::optional<std::string> paused_until;
    std::optional<std::string> cancelled_on;
    std::string currency;
    std::int64_t price_cents = 0;
    std::int64_t every_months = 1;  //!< the Coffee Club every other month: 2
};

struct Invoice {
    std::int64_t id = 0;
    std::string number;  //!< INV-YYYY-######
    std::int64_t customer_id = 0;
    std::optional<std::int64_t> order_id;
    std::optional<std::int64_t> shipment_id;
    std::optional<std::int64_t> subscription_id;
    std::string issued_on;
    std::string currency;
    std::int64_t amount_cents = 0;
    std::string descriptor;  //!< LARCHWOOD*OUTFITTERS | LARCHWOOD*COFFEE CLUB | LARCHWOOD*PLUS
};

struct Return {
    std::int64_t id = 0;
    std::string number;  //!< RMA-104233-1
    std::int64_t order_id = 0;
    std::int64_t created_at = 0;
    std::string reason;
    std::string status;  //!< label_issued | received | closed
    std::int64_t label_fee_cents = 0;
    std::string label;                       //!< JSON
    std::optional<std::string> received_on;  //!< when the parcel reached the warehouse
};

struct Refund {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::int64_t created_at = 0;
    std::string method;  //!< original_payment | store_credit
    std::string currency;
    std::int64_t amount_cents = 0;
    std::string status;  //!< issued | pending_review
};

//! Every business table of the store, as rows.
struct DemoData {
    std::vector<Customer> customers;
    std::vector<Address> addresses;
    std::vector<Product> products;
    std::vector<ProductVariant> variants;
    std::vector<RelatedProduct> related;
    std::vector<Order> orders;
    std::vector<OrderItem> order_items;
    std::vector<Shipment> shipments;
    std::vector<Subscription> subscriptions;
    std::vector<Invoice> invoices;
    std::vector<Return> returns;
    std::vector<Refund> refunds;
};

//! The demo business as of `today`: ~150 products, ~1,200 customers, ~5,000 orders over the
//! 18 months before `today`, with the fixed accounts demo-ana, demo-lucia and demo-tom.
DemoData Generate(std::uint64_t seed, Date today);

struct HistoryCase {
    std::string id;  //!< h_000001
    std::optional<std::int64_t> customer_id;
    std::string status;  //!< resolved | abandoned
    std::int64_t version = 1;
    std::string state;  //!< JSON
    std::string channel;
    std::optional<std::string> intent;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> resolved_at;
    std::optional<std::string> outcome;
    std::string address;  //!< for case_channels: email, phone or '' (widget, account)
};

struct HistoryMessage {
    std::string case_id;
    std::int64_t at = 0;
    std::string sender;       //!< customer | bot | agent
    std::string agent_login;  //!< for sender agent; resolved to agents.id at load ("" = none)
    std::string channel;
    std::string text;
};

struct HistoryHandoff {
    std::string case_id;
    std::int64_t created_at = 0;
    std::string skill;  //!< billing | returns | delivery | account | general
    std::int64_t priority = 0;
    std::string payload;  //!< JSON (assets/schema/handoff.schema.json)
    std::string status;   //!< resolved
    std::string agent_login;
    std::optional<std::int64_t> claimed_at;
    std::optional<std::int64_t> resolved_at;
    std::optional<std::string> outcome;
    std::optional<std::string> note;
};

struct HistoryEvent {
    std::int64_t at = 0;
    std::string case_id;
    std::optional<std::int64_t> customer_id;
    std::string channel;
    std::string kind;  //!< case_opened, message_in, intent, flow_started, message_out, ...
    std::optional<std::string> intent;
    std::string data;  //!< JSON
};

//! Past conversations for the KPI dashboard: cases, their messages, handoffs and events.
struct History {
    std::vector<HistoryCase> cases;
    std::vector<HistoryMessage> messages;
    std::vector<HistoryHandoff> handoffs;
    std::vector<HistoryEvent> events;
};

//! ~600 closed conversations over the 60 days before `today`, ~20% of them handed to a person.
History GenerateHistory(std::uint64_t seed, Date today, const DemoData& data);

}  // namespace seam::demo
