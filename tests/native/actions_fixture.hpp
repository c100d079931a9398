// tests/native/actions_fixture.hpp — the small fixture database the action tests run against
// (test_actions.cpp, test_catalogue.cpp): two customers, a dozen orders in every state, charges,
// subscriptions; and a runner with the real policy rules (assets/policy/rules.json).
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "actions/actions.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"

namespace seam_test {

using nlohmann::json;
using seam::actions::Request;
using seam::actions::Response;

inline std::vector<seam::policy::Rule> LoadRules() {
    std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/assets/policy/rules.json");
    std::stringstream text;
    text << in.rdbuf();
    auto rules = seam::policy::ParseRules(text.str());
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    return rules.value();
}

// Today is 2026-11-30. Customer 1 (Ana, US, Plus member, Coffee Club) and customer 2 (Ben, UK).
//   LW-100001 delivered 10 days ago, 54.00   LW-100002 delivered 45 days ago
//   LW-100003 has a final-sale item          LW-100004 returned and already refunded
//   LW-100005 returned, 150.00 (over limit)  LW-100006 shipped, in transit
//   LW-100007 processing (not shipped)       LW-200001 Ben's, processing
//   LW-200002 Ben's, delivered 2 days ago, 30.00 GBP
//   LW-100008 delivered 3 days ago, 300.00   LW-100009 delivered 5 days ago, an item out of stock
// Charges: Ana 54.00 OUTFITTERS (11-15), 19.00 COFFEE CLUB (11-25), 49.00 PLUS (03-01); Ben
// 30.00 GBP OUTFITTERS (11-22) and the same again the next day (a duplicate).
inline const char* const kFixture = R"sql(
INSERT INTO customers(id, external_id, first_name, last_name, email, country, currency, created_on)
VALUES (1, 'cus_ana', 'Ana', 'Ruiz', 'ana@example.com', 'US', 'USD', '2025-01-10'),
       (2, 'cus_ben', 'Ben', 'Okafor', 'ben@example.co.uk', 'GB', 'GBP', '2025-03-02');
INSERT INTO products(id, sku, name, category, price_cents, final_sale)
VALUES (1, 'JKT-1', 'Ridge Shell Jacket', 'jackets', 15000, 0),
       (2, 'BL-1', 'Merino Base Layer', 'base_layers', 5400, 0),
       (3, 'CLR-1', 'Clearance Headlamp', 'headlamps', 2000, 1);
INSERT INTO products(id, sku, name, category, price_cents, final_sale, in_stock)
VALUES (4, 'TNT-1', 'Summit Tent', 'tents', 9900, 0, 0);
INSERT INTO orders(id, number, customer_id, placed_on, status, currency, subtotal_cents,
                   shipping_cents, total_cents, ship_line1, ship_city, ship_region,
                   ship_postal_code, ship_country, payment_method)
VALUES (1, 'LW-100001', 1, '2026-11-14', 'delivered', 'USD', 5400, 0, 5400, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (2, 'LW-100002', 1, '2026-10-10', 'delivered', 'USD', 5400, 0, 5400, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (3, 'LW-100003', 1, '2026-11-20', 'delivered', 'USD', 2000, 695, 2695, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (4, 'LW-100004', 1, '2026-11-10', 'delivered', 'USD', 5400, 0, 5400, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (5, 'LW-100005', 1, '2026-11-18', 'delivered', 'USD', 15000, 0, 15000, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (6, 'LW-100006', 1, '2026-11-26', 'shipped', 'USD', 15000, 0, 15000, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (7, 'LW-100007', 1, '2026-11-29', 'processing', 'USD', 5400, 0, 5400, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (8, 'LW-200001', 2, '2026-11-29', 'processing', 'GBP', 5400, 0, 5400, '3 Mill Ln', 'Leeds', NULL, 'LS1 4AP', 'GB', 'visa'),
       (9, 'LW-200002', 2, '2026-11-20', 'delivered', 'GBP', 3000, 0, 3000, '3 Mill Ln', 'Leeds', NULL, 'LS1 4AP', 'GB', 'visa'),
       (10, 'LW-100008', 1, '2026-11-22', 'delivered', 'USD', 30000, 0, 30000, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa'),
       (11, 'LW-100009', 1, '2026-11-21', 'delivered', 'USD', 9900, 0, 9900, '1 Elm St', 'Portland', 'OR', '97201', 'US', 'visa');
INSERT INTO order_items(order_id, product_id, quantity, unit_price_cents, final_sale)
VALUES (1, 2, 1, 5400, 0), (2, 2, 1, 5400, 0), (3, 3, 1, 2000, 0), (4, 2, 1, 5400, 0),
       (5, 1, 1, 15000, 0), (6, 1, 1, 15000, 0), (7, 2, 1, 5400, 0), (8, 2, 1, 5400, 0),
       (9, 2, 1, 3000, 0), (10, 1, 2, 15000, 0), (11, 4, 1, 9900, 0);
INSERT INTO shipments(order_id, carrier, tracking_number, tracking_url, shipped_on, expected_on,
                      delivered_on, status)
VALUES (1, 'UPS', '1Z001', 'https://ups.example/1Z001', '2026-11-15', '2026-11-20', '2026-11-20', 'delivered'),
       (2, 'UPS', '1Z002', 'https://ups.example/1Z002', '2026-10-11', '2026-10-16', '2026-10-16', 'delivered'),
       (3, 'UPS', '1Z003', 'https://ups.example/1Z003', '2026-11-21', '2026-11-25', '2026-11-25', 'delivered'),
       (4, 'UPS', '1Z004', 'https://ups.example/1Z004', '2026-11-11', '2026-11-15', '2026-11-15', 'delivered'),
       (5, 'UPS', '1Z005', 'https://ups.example/1Z005', '2026-11-19', '2026-11-24', '2026-11-24', 'delivered'),
       (6, 'USPS', '9400006', 'https://usps.example/9400006', '2026-11-27', '2026-12-02', NULL, 'in_transit'),
       (9, 'DHL', 'DHL009', 'https://dhl.example/DHL009', '2026-11-22', '2026-11-28', '2026-11-28', 'delivered'),
       (10, 'UPS', '1Z010', 'https://ups.example/1Z010', '2026-11-23', '2026-11-27', '2026-11-27', 'delivered'),
       (11, 'UPS', '1Z011', 'https://ups.example/1Z011', '2026-11-22', '2026-11-25', '2026-11-25', 'delivered');
INSERT INTO returns(number, order_id, created_at, reason, status, label_fee_cents, label,
                    received_on)
VALUES ('RMA-100004-1', 4, 1794819600000, 'too_small', 'received', 0, '{}', '2026-11-18'),
       ('RMA-100005-1', 5, 1795770000000, 'too_big', 'received', 0, '{}', '2026-11-29');
INSERT INTO refunds(order_id, created_at, method, currency, amount_cents, status)
VALUES (4, 1795165200000, 'original_payment', 'USD', 5400, 'issued');
INSERT INTO subscriptions(id, customer_id, plan, status, started_on, renews_on, currency, price_cents)
VALUES (1, 1, 'coffee_club', 'active', '2026-01-15', '2026-12-15', 'USD', 1900),
       (2, 1, 'plus', 'active', '2026-03-01', '2027-03-01', 'USD', 4900);
INSERT INTO invoices(number, customer_id, order_id, subscription_id, issued_on, currency,
                     amount_cents, descriptor)
VALUES ('INV-2026-000101', 1, 1, NULL, '2026-11-15', 'USD', 5400, 'LARCHWOOD*OUTFITTERS'),
       ('INV-2026-000102', 1, NULL, 1, '2026-11-25', 'USD', 1900, 'LARCHWOOD*COFFEE CLUB'),
       ('INV-2026-000103', 1, NULL, 2, '2026-03-01', 'USD', 4900, 'LARCHWOOD*PLUS'),
       ('INV-2026-000201', 2, 9, NULL, '2026-11-22', 'GBP', 3000, 'LARCHWOOD*OUTFITTERS'),
       ('INV-2026-000202', 2, 9, NULL, '2026-11-23', 'GBP', 3000, 'LARCHWOOD*OUTFITTERS');
)sql";

//! On PostgreSQL (SEAM_TEST_ACTIONS_POSTGRES_URL): one database for the whole run, migrated
//! once and emptied before each fixture (TRUNCATE ... RESTART IDENTITY: a fresh database per
//! test cost 0.4 s each); dropped when the run ends.
struct PostgresActionsDb {
    std::string server, name, url;
    explicit PostgresActionsDb(std::string s) : server(std::move(s)) {
        name = "seam_actions_" + std::to_string(::getpid());
        auto admin = seam::store::Db::Open(server);
        REQUIRE_MESSAGE(admin.ok(), (admin.ok() ? "" : admin.error().message));
        REQUIRE((*admin)->Exec("DROP DATABASE IF EXISTS " + name).ok());
        REQUIRE((*admin)->Exec("CREATE DATABASE " + name).ok());
        url = server.substr(0, server.rfind('/') + 1) + name;
        auto db = seam::store::Db::Open(url);
        REQUIRE(db.ok());
        auto migrated = seam::store::Migrate(**db);
        REQUIRE_MESSAGE(migrated.ok(), (migrated.ok() ? "" : migrated.error().message));
    }
    ~PostgresActionsDb() {
        auto admin = seam::store::Db::Open(server);
        if (admin) (*admin)->Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    //! Every table but the migrations' record, empty, its ids starting again.
    static void Empty(seam::store::Db& db) {
        auto tables = db.Prepare(
            "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = "
            "current_schema() AND tablename <> 'schema_migrations'");
        REQUIRE(tables.ok());
        REQUIRE(tables->Next());
        const std::string list = tables->Text(0);
        REQUIRE(db.Exec("TRUNCATE " + list + " RESTART IDENTITY CASCADE").ok());
    }
};

struct Fixture {
    Fixture() : runner(LoadRules()) {
        static int counter = 0;  // an inline function's static: one for every test file
        const char* pg = std::getenv("SEAM_TEST_ACTIONS_POSTGRES_URL");
        const char* required = std::getenv("SEAM_TEST_ACTIONS_REQUIRE_POSTGRES");
        if (required && std::string(required) == "1" && !(pg && *pg)) {
            FAIL(
                "the action tests on PostgreSQL need SEAM_TEST_ACTIONS_POSTGRES_URL "
                "(scripts/test starts a throwaway cluster)");
        }
        if (pg && *pg) {
            static PostgresActionsDb shared(pg);
            path = shared.url;
            on_postgres = true;
        } else {
            path = (std::filesystem::temp_directory_path() /
                    ("seam_test_actions_" + std::to_string(::getpid()) + "_" +
                     std::to_string(++counter) + ".db"))
                       .string();
            Remove();
        }
        auto opened = seam::store::Db::Open(path);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
        db = std::move(opened.value());
        if (on_postgres) PostgresActionsDb::Empty(*db);
        auto migrated = seam::store::Migrate(*db);
        REQUIRE_MESSAGE(migrated.ok(), (migrated.ok() ? "" : migrated.error().message));
        auto loaded = db->Exec(kFixture);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
        REQUIRE(seam::store::SyncIdSequences(*db).ok());
    }
    ~Fixture() {
        db.reset();
        if (!on_postgres) Remove();
    }
    void Remove() {
        for (const char* suffix : {"", "-wal", "-shm"})
            std::remove((path + suffix).c_str());
    }

    static Request Make(const std::string& name, json params, std::int64_t customer = 1) {
        Request r;
        r.name = name;
        r.params = std::move(params);
        r.actor.kind = "customer";
        r.actor.customer_id = customer;
        r.actor.external_id = customer == 1 ? "cus_ana" : customer == 2 ? "cus_ben" : "";
        r.actor.verified = customer != 0;
        r.locale = "en";
        r.case_id = "case-1";
        r.now_ms = 1'796'032'800'000;  // 2026-11-30 10:00 UTC
        r.today = {2026, 11, 30};
        return r;
    }
    Response Run(const Request& r) {
        auto out = runner.Run(*db, r);
        REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
        return out.value();
    }
    Response Run(const std::string& name, json params, std::int64_t customer = 1) {
        return Run(Make(name, std::move(params), customer));
    }
    std::int64_t Count(const std::string& sql) {
        auto s = db->Prepare(sql);
        REQUIRE(s.ok());
        REQUIRE(s->Next());
        return s->Int(0);
    }
    std::string Text(const std::string& sql) {
        auto s = db->Prepare(sql);
        REQUIRE(s.ok());
        REQUIRE(s->Next());
        return s->Text(0);
    }

    std::string path;
    bool on_postgres = false;
    std::unique_ptr<seam::store::Db> db;
    seam::actions::Runner runner;
};

inline std::string Reason(const Response& r) {
    return r.result.value("reason", std::string());
}

inline bool Contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace seam_test
