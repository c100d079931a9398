// tests/native/test_actions.cpp — the transactional actions (native/actions/) against a small
// fixture database: every action's ok path, each policy refusal, idempotency, the audit trail.

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "actions_fixture.hpp"

using namespace seam_test;  // NOLINT: the fixture is this file's subject

TEST_CASE("actions: Names lists the actions of actions.json and unknown names are errors") {
    std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/assets/flows/actions.json");
    std::stringstream text;
    text << in.rdbuf();
    const json declared = json::parse(text.str(), nullptr, false);
    REQUIRE(declared.is_object());
    std::set<std::string> names;
    for (const auto& [name, spec] : declared["actions"].items())
        names.insert(name);
    const auto& run = seam::actions::Runner::Names();
    CHECK(std::set<std::string>(run.begin(), run.end()) == names);
    CHECK(run.size() == 26);
    Fixture f;
    auto r = f.runner.Run(*f.db, Fixture::Make("launch_rocket", json::object()));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "seam.actions.unknown_action");
}

TEST_CASE("actions: lookup_order") {
    Fixture f;
    SUBCASE("shipped order, number normalised like the validator does") {
        Response r = f.Run("lookup_order", {{"order_number", "100006"}});
        CHECK(r.outcome == "ok");
        CHECK(r.result["number"] == "LW-100006");
        CHECK(r.result["shipped"] == true);
        CHECK(r.result["carrier"] == "USPS");
        CHECK(r.result["eta"] == "2026-12-02");
        CHECK(r.result["status"] == "in transit");
        CHECK(r.result["tracking_url"] == "https://usps.example/9400006");
        CHECK(r.result["delivered_on"].is_null());
        CHECK(r.result["items"].size() == 1);
    }
    SUBCASE("not shipped yet") {
        Response r = f.Run("lookup_order", {{"order_number", "LW-100007"}});
        CHECK(r.outcome == "ok");
        CHECK(r.result["shipped"] == false);
        CHECK(r.result["order_status"] == "processing");
    }
    SUBCASE("delivered") {
        Response r = f.Run("lookup_order", {{"order_number", "LW-100001"}});
        CHECK(r.result["delivered_on"] == "2026-11-20");
    }
    SUBCASE("unknown order") {
        Response r = f.Run("lookup_order", {{"order_number", "LW-999999"}});
        CHECK(r.outcome == "not_found");
        CHECK_FALSE(Reason(r).empty());
    }
    SUBCASE("another customer's order") {
        Response r = f.Run("lookup_order", {{"order_number", "LW-200001"}});
        CHECK(r.outcome == "not_owner");
        CHECK(r.result.dump().find("Leeds") == std::string::npos);
    }
}

TEST_CASE("actions: create_return") {
    Fixture f;
    SUBCASE("ok: a Plus member's label is free") {
        Response r =
            f.Run("create_return", {{"order_number", "LW-100001"}, {"reason", "too_small"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["label_url"] == "/v1/returns/RMA-100001-1/label");
        CHECK(r.result["label_fee"] == 0);
        CHECK(Contains(r.result["label_fee_note"], "free"));
        CHECK(r.decision["verdict"] == "allow");
        json label = json::parse(f.Text("SELECT label FROM returns WHERE number = 'RMA-100001-1'"));
        CHECK(label["order"] == "LW-100001");
        CHECK(label["to"] ==
              "Larchwood Outfitters Returns, 2200 NW Front Ave, Portland, OR 97209, US");
        CHECK(label["from"]["city"] == "Portland");
        CHECK(label["carrier"] == "UPS");
    }
    SUBCASE("ok: the label fee is charged to others") {
        Response r =
            f.Run("create_return", {{"order_number", "LW-200002"}, {"reason", "too_big"}}, 2);
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["label_fee"] == 595);
        CHECK(Contains(r.result["label_fee_note"], "5.95 GBP"));
    }
    SUBCASE("ok: wrong or defective items always get a free label") {
        Response r =
            f.Run("create_return", {{"order_number", "LW-200002"}, {"reason", "defective"}}, 2);
        CHECK(r.result["label_fee"] == 0);
    }
    SUBCASE("refused: outside the 30-day window") {
        Response r = f.Run("create_return", {{"order_number", "LW-100002"}, {"reason", "too_big"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "45 days ago"));
        CHECK(f.Count("SELECT COUNT(*) FROM returns WHERE order_id = 2") == 0);
    }
    SUBCASE("refused: final sale") {
        Response r = f.Run("create_return", {{"order_number", "LW-100003"}, {"reason", "too_big"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "final-sale"));
    }
    SUBCASE("refused: not delivered yet") {
        Response r = f.Run("create_return", {{"order_number", "LW-100006"}, {"reason", "too_big"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "hasn't been delivered yet"));
    }
    SUBCASE("refused: another customer's order") {
        Response r = f.Run("create_return", {{"order_number", "LW-200002"}, {"reason", "too_big"}});
        CHECK(r.outcome == "refused");
        CHECK(Reason(r) == "that order isn't on your account.");
        CHECK(f.Count("SELECT COUNT(*) FROM returns WHERE order_id = 9") == 0);
    }
    SUBCASE("refused in Spanish") {
        Request q = Fixture::Make("create_return",
                                  {{"order_number", "LW-100003"}, {"reason", "changed_mind"}});
        q.locale = "es-ES";
        Response r = f.Run(q);
        CHECK(Contains(Reason(r), "venta final"));
    }
}

TEST_CASE("actions: issue_refund") {
    Fixture f;
    SUBCASE("store credit carries the 10% bonus") {
        REQUIRE(f.Run("create_return", {{"order_number", "LW-100001"}, {"reason", "too_small"}})
                    .outcome == "ok");
        Response r =
            f.Run("issue_refund", {{"order_number", "LW-100001"}, {"method", "store_credit"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["amount"] == "59.40 USD");
        CHECK(Contains(r.result["when"], "store credit"));
        CHECK(f.Text("SELECT status || ':' || amount_cents FROM refunds WHERE order_id = 1") ==
              "issued:5940");
    }
    SUBCASE("original payment, minus the label fee") {
        REQUIRE(f.Run("create_return", {{"order_number", "LW-200002"}, {"reason", "too_big"}}, 2)
                    .outcome == "ok");
        Response r = f.Run("issue_refund",
                           {{"order_number", "LW-200002"}, {"method", "original_payment"}}, 2);
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["amount"] == "24.05 GBP");
        CHECK(Contains(r.result["when"], "5–10 business days"));
    }
    SUBCASE("refused: a second refund") {
        Response r =
            f.Run("issue_refund", {{"order_number", "LW-100004"}, {"method", "original_payment"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "already been refunded"));
        CHECK(f.Count("SELECT COUNT(*) FROM refunds WHERE order_id = 4") == 1);
    }
    SUBCASE("over the automatic limit: a person reviews it") {
        Response r =
            f.Run("issue_refund", {{"order_number", "LW-100005"}, {"method", "original_payment"}});
        CHECK(r.outcome == "needs_review");
        CHECK(r.result["amount"] == "150.00 USD");
        CHECK(r.result["limit"] == "100.00 USD");
        CHECK(f.Text("SELECT status FROM refunds WHERE order_id = 5") == "pending_review");
    }
    SUBCASE("refused: no return yet") {
        Response r =
            f.Run("issue_refund", {{"order_number", "LW-100001"}, {"method", "store_credit"}});
        CHECK(r.outcome == "refused");
        CHECK_FALSE(Reason(r).empty());
    }
}

TEST_CASE("actions: reschedule_delivery") {
    Fixture f;
    SUBCASE("ok within 7 days") {
        Response r =
            f.Run("reschedule_delivery", {{"order_number", "LW-100006"}, {"date", "2026-12-03"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["date"] == "2026-12-03");
        CHECK(f.Text("SELECT expected_on FROM shipments WHERE order_id = 6") == "2026-12-03");
    }
    SUBCASE("refused: 9 days ahead") {
        Response r =
            f.Run("reschedule_delivery", {{"order_number", "LW-100006"}, {"date", "2026-12-09"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "within the next 7 days"));
        CHECK(f.Text("SELECT expected_on FROM shipments WHERE order_id = 6") == "2026-12-02");
    }
    SUBCASE("refused: not shipped yet") {
        Response r =
            f.Run("reschedule_delivery", {{"order_number", "LW-100007"}, {"date", "2026-12-03"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "hasn't shipped"));
    }
}

TEST_CASE("actions: refund_shipping (a late parcel's shipping, once)") {
    Fixture f;
    // LW-100006 is in transit, due 2026-12-02 (today is 2026-11-30): not late by itself.
    REQUIRE(f.db->Exec("UPDATE orders SET shipping_cents = 695, total_cents = 15695 WHERE id = 6"));
    SUBCASE("refused: on time, nobody reported it late") {
        Response r = f.Run("refund_shipping", {{"order_number", "LW-100006"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "isn't late"));
        CHECK(f.Count("SELECT COUNT(*) FROM shipping_refunds") == 0);
    }
    SUBCASE("ok once the business reported the delay; a second time is refused") {
        REQUIRE(f.db->Exec(
            "INSERT INTO business_events(id, type, received_at, at, customer_id, body_hash, "
            "order_number, data, result) VALUES ('e1', 'order.delayed', 0, 0, 1, 'h', 'LW-100006', "
            "'{\"order\":\"LW-100006\",\"new_expected_on\":\"2026-12-06\"}', '{}')"));
        Response r = f.Run("refund_shipping", {{"order_number", "LW-100006"}});
        REQUIRE_MESSAGE(r.outcome == "ok", r.result.dump());
        CHECK(r.result["amount_cents"] == 695);
        CHECK(f.Count("SELECT COUNT(*) FROM shipping_refunds WHERE order_id = 6") == 1);
        Response again = f.Run("refund_shipping", {{"order_number", "LW-100006"}});
        CHECK(again.outcome == "refused");
        CHECK(Contains(Reason(again), "already refunded"));
    }
    SUBCASE("ok past its delivery day; free shipping has nothing to refund") {
        REQUIRE(f.db->Exec("UPDATE shipments SET expected_on = '2026-11-28' WHERE order_id = 6"));
        CHECK(f.Run("refund_shipping", {{"order_number", "LW-100006"}}).outcome == "ok");
        REQUIRE(f.db->Exec("UPDATE orders SET shipping_cents = 0 WHERE id = 1"));
        Response delivered = f.Run("refund_shipping", {{"order_number", "LW-100001"}});
        CHECK(delivered.outcome == "refused");
    }
    SUBCASE("not another customer's order") {
        Response r = f.Run("refund_shipping", {{"order_number", "LW-200001"}});
        CHECK(r.outcome == "refused");
    }
}

TEST_CASE("actions: change_address") {
    Fixture f;
    SUBCASE("ok before shipment") {
        Response r = f.Run("change_address", {{"order_number", "LW-100007"},
                                              {"address", "12 Oak St, Apt 4, Salem"},
                                              {"postal_code", "97301"}});
        REQUIRE(r.outcome == "ok");
        CHECK(f.Text("SELECT ship_line1 || '|' || ship_line2 || '|' || ship_city || '|' || "
                     "ship_postal_code FROM orders WHERE id = 7") == "12 Oak St|Apt 4|Salem|97301");
    }
    SUBCASE("refused after shipment") {
        Response r = f.Run("change_address", {{"order_number", "LW-100006"},
                                              {"address", "12 Oak St, Salem"},
                                              {"postal_code", "97301"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "already shipped"));
        CHECK(f.Text("SELECT ship_line1 FROM orders WHERE id = 6") == "1 Elm St");
    }
    SUBCASE("a postal code in the wrong format for the country is a bad parameter") {
        auto r =
            f.runner.Run(*f.db, Fixture::Make("change_address", {{"order_number", "LW-100007"},
                                                                 {"address", "12 Oak St, Salem"},
                                                                 {"postal_code", "ABC"}}));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "seam.actions.bad_params");
        CHECK(f.Count("SELECT COUNT(*) FROM audit") == 0);
    }
}

TEST_CASE("actions: subscriptions") {
    Fixture f;
    SUBCASE("pause for 2 months") {
        Response r = f.Run("pause_subscription", {{"months", "2"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["resumes_on"] == "2027-01-30");
        CHECK(f.Text("SELECT status || ':' || paused_until FROM subscriptions WHERE id = 1") ==
              "paused:2027-01-30");
    }
    SUBCASE("refused: pause for 5 months") {
        Response r = f.Run("pause_subscription", {{"months", 5}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "1 to 3 months"));
        CHECK(f.Text("SELECT status FROM subscriptions WHERE id = 1") == "active");
    }
    SUBCASE("refused: nothing to pause") {
        Response r = f.Run("pause_subscription", {{"months", 1}}, 2);
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "no active Coffee Club"));
    }
    SUBCASE("cancel the Coffee Club") {
        Response r = f.Run("cancel_subscription", {{"subscription", "coffee_club"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["last_charge_on"] == "2026-11-25");
        CHECK(f.Text("SELECT status || ':' || cancelled_on FROM subscriptions WHERE id = 1") ==
              "cancelled:2026-11-30");
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email WHERE to_address = 'ana@example.com'") ==
              1);
    }
    SUBCASE("cancel Plus: benefits last until the renewal") {
        Response r = f.Run("cancel_subscription", {{"subscription", "plus"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["benefits_until"] == "2027-03-01");
        CHECK(Contains(r.result["note"], "2027-03-01"));
    }
    SUBCASE("refused: no membership to cancel") {
        Response r = f.Run("cancel_subscription", {{"subscription", "plus"}}, 2);
        CHECK(r.outcome == "refused");
        CHECK_FALSE(Reason(r).empty());
    }
}

TEST_CASE("actions: email_invoice and explain_charges") {
    Fixture f;
    SUBCASE("by invoice number") {
        Response r = f.Run("email_invoice", {{"invoice_number", "INV-2026-000102"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["invoice_number"] == "INV-2026-000102");
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email WHERE to_address = 'ana@example.com' "
                      "AND subject LIKE '%INV-2026-000102%'") == 1);
    }
    SUBCASE("by order number") {
        Response r = f.Run("email_invoice", {{"order_number", "100001"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["invoice_number"] == "INV-2026-000101");
    }
    SUBCASE("someone else's invoice is not found") {
        Response r = f.Run("email_invoice", {{"invoice_number", "INV-2026-000201"}});
        CHECK(r.outcome == "not_found");
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 0);
    }
    SUBCASE("issue 21: someone else's order is not found, as an unknown one (no refusal)") {
        Response r = f.Run("email_invoice", {{"order_number", "LW-200002"}});
        CHECK(r.outcome == "not_found");
        CHECK(Reason(r) == "I can't find order LW-200002.");
        CHECK(Reason(f.Run("email_invoice", {{"order_number", "LW-999999"}})) ==
              "I can't find order LW-999999.");
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 0);
    }
    SUBCASE("neither number is a bad request") {
        auto r = f.runner.Run(*f.db, Fixture::Make("email_invoice", json::object()));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "seam.actions.bad_params");
    }
    SUBCASE("explain the charge the customer names") {
        Response r = f.Run("explain_charges", {{"descriptor", "LARCHWOOD*COFFEE"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["descriptor"] == "LARCHWOOD*COFFEE CLUB");
        CHECK(r.result["amount"] == "19.00 USD");
        CHECK(r.result["date"] == "2026-11-25");
        CHECK(r.result["invoice_number"] == "INV-2026-000102");
        CHECK(Contains(r.result["description"], "Coffee Club"));
    }
    SUBCASE("no charges on the account") {
        Fixture g;
        REQUIRE(g.db->Exec("DELETE FROM invoices WHERE customer_id = 2").ok());
        Response r = g.Run("explain_charges", json::object(), 2);
        CHECK(r.outcome == "no_match");
    }
}

TEST_CASE("actions: start_password_reset says the same whether or not the account exists") {
    Fixture f;
    Request q = Fixture::Make("start_password_reset", {{"email", "Ana@Example.com"}}, 0);
    Response known = f.Run(q);
    CHECK(known.outcome == "ok");
    CHECK(f.Count("SELECT COUNT(*) FROM password_resets WHERE customer_id = 1 AND "
                  "expires_at - created_at = 3600000") == 1);
    const std::string hash = f.Text("SELECT token_hash FROM password_resets");
    CHECK(hash.size() == 64);
    CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
    // Issue 17: the link is a password for an hour; the store keeps only its hash, and the
    // copy of the email names the link without the token.
    const std::string body = f.Text("SELECT body FROM outbound_email");
    const auto at = body.find("reset-password?token=");
    REQUIRE(at != std::string::npos);
    CHECK(body.substr(at + 21, 6) == "[sent;");
    CHECK(body.find(hash) == std::string::npos);

    Response unknown =
        f.Run(Fixture::Make("start_password_reset", {{"email", "nobody@example.com"}}, 0));
    CHECK(unknown.outcome == "ok");
    CHECK(unknown.result == known.result);
    CHECK(f.Count("SELECT COUNT(*) FROM password_resets") == 1);
    CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 1);
}

TEST_CASE("actions: who may act") {
    Fixture f;
    SUBCASE("an unverified customer gets not_verified, with the verified_identity rule") {
        Request q =
            Fixture::Make("create_return", {{"order_number", "LW-100001"}, {"reason", "too_big"}});
        q.actor.verified = false;
        Response r = f.Run(q);
        CHECK(r.outcome == "not_verified");
        CHECK(Contains(Reason(r), "confirm it's you"));
        CHECK(r.decision["checks"][0]["rule"] == "verified_identity");
        CHECK(f.Count("SELECT COUNT(*) FROM returns WHERE order_id = 1") == 0);
        CHECK(f.Count("SELECT COUNT(*) FROM audit WHERE outcome = 'not_verified'") == 1);
    }
    SUBCASE("an agent may act on any customer's order") {
        Request q = Fixture::Make("create_return",
                                  {{"order_number", "LW-200002"}, {"reason", "too_big"}}, 0);
        q.actor.kind = "agent";
        q.actor.agent_login = "maria";
        Response r = f.Run(q);
        CHECK(r.outcome == "ok");
        CHECK(f.Text("SELECT actor FROM audit") == "agent:maria");
    }
}

TEST_CASE("actions: idempotency") {
    Fixture f;
    Request q =
        Fixture::Make("create_return", {{"order_number", "LW-100001"}, {"reason", "too_small"}});
    q.idempotency_key = "key-1";
    Response first = f.Run(q);
    CHECK(first.outcome == "ok");
    CHECK_FALSE(first.replayed);
    Response second = f.Run(q);
    CHECK(second.replayed);
    CHECK(second.outcome == "ok");
    CHECK(second.result == first.result);
    CHECK(f.Count("SELECT COUNT(*) FROM audit") == 1);
    CHECK(f.Count("SELECT COUNT(*) FROM returns WHERE order_id = 1") == 1);
    CHECK(f.Count("SELECT COUNT(*) FROM idempotency WHERE scope = 'customer:1'") == 1);

    Request other =
        Fixture::Make("create_return", {{"order_number", "LW-100001"}, {"reason", "too_big"}});
    other.idempotency_key = "key-1";
    auto r = f.runner.Run(*f.db, other);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "seam.actions.idempotency");

    // The same key from another customer is another scope.
    Request ben = Fixture::Make("lookup_order", {{"order_number", "LW-200001"}}, 2);
    ben.idempotency_key = "key-1";
    CHECK(f.Run(ben).outcome == "ok");
}

TEST_CASE("actions: bad parameters are errors, with the validator's message") {
    Fixture f;
    auto r = f.runner.Run(*f.db, Fixture::Make("lookup_order", {{"order_number", "hello"}}));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "seam.actions.bad_params");
    CHECK(Contains(r.error().message, "order_number"));
    auto e = f.runner.Run(*f.db, Fixture::Make("start_password_reset", {{"email", "nope"}}, 0));
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "seam.actions.bad_params");
    auto m = f.runner.Run(*f.db, Fixture::Make("cancel_subscription", {{"subscription", "gym"}}));
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().id == "seam.actions.bad_params");
    CHECK(f.Count("SELECT COUNT(*) FROM audit") == 0);
}

TEST_CASE("actions: validated parameters validate again (a business re-checks what we send)") {
    // The normal form of money is an object; an http connector sends it as it is, and the demo
    // shop's service runs the same validators on it.
    Fixture f;
    const json typed = {{"descriptor", "a charge I don't know"}, {"amount", "77.77"}};
    Response first = f.Run("explain_charges", typed);
    const json money = {{"amount_minor", 7777}, {"currency", "USD"}, {"text", "77.77 USD"}};
    Response again =
        f.Run("explain_charges", {{"descriptor", "a charge I don't know"}, {"amount", money}});
    CHECK(again.outcome == first.outcome);
    CHECK(again.result == first.result);
}

TEST_CASE("actions: every run writes an audit row and an event") {
    Fixture f;
    f.Run("create_return", {{"order_number", "LW-100001"}, {"reason", "too_small"}});
    f.Run("create_return", {{"order_number", "LW-100002"}, {"reason", "too_small"}});
    CHECK(f.Count("SELECT COUNT(*) FROM audit") == 2);
    CHECK(f.Text("SELECT actor || '|' || action || '|' || target || '|' || outcome FROM audit "
                 "ORDER BY id LIMIT 1") == "customer:cus_ana|create_return|LW-100001|ok");
    json decision = json::parse(f.Text("SELECT decision FROM audit ORDER BY id DESC LIMIT 1"));
    CHECK(decision["verdict"] == "refuse");
    CHECK(decision["checks"].size() == 4);
    json params = json::parse(f.Text("SELECT params FROM audit ORDER BY id LIMIT 1"));
    CHECK(params["order_number"] == "LW-100001");
    CHECK(f.Count("SELECT COUNT(*) FROM events WHERE kind = 'action' AND case_id = 'case-1' AND "
                  "customer_id = 1") == 2);
    json data = json::parse(f.Text("SELECT data FROM events ORDER BY id DESC LIMIT 1"));
    CHECK(data == json({{"name", "create_return"}, {"outcome", "refused"}}));
}

// [SECTION] The second wave: not_verified, refund_status, missing parcels, verify_order,
// explain_charges matching, replacements.

namespace {

//! A visitor who is not signed in, in conversation `case_id`.
Request Visitor(const std::string& name, json params, const std::string& case_id = "case-v") {
    Request r = Fixture::Make(name, std::move(params), 0);
    r.case_id = case_id;
    return r;
}

}  // namespace

TEST_CASE("actions: every account action answers not_verified to an unverified actor") {
    Fixture f;
    const std::vector<std::pair<std::string, json>> calls = {
        {"lookup_order", {{"order_number", "LW-100001"}}},
        {"create_return", {{"order_number", "LW-100001"}, {"reason", "too_big"}}},
        {"issue_refund", {{"order_number", "LW-100004"}, {"method", "store_credit"}}},
        {"reschedule_delivery", {{"order_number", "LW-100006"}, {"date", "2026-12-03"}}},
        {"change_address",
         {{"order_number", "LW-100007"},
          {"address", "12 Oak St, Salem"},
          {"postal_code", "97301"}}},
        {"pause_subscription", {{"months", 1}}},
        {"cancel_subscription", {{"subscription", "plus"}}},
        {"email_invoice", {{"invoice_number", "INV-2026-000101"}}},
        {"email_invoice", {{"order_number", "LW-100001"}}},
        {"explain_charges", json::object()},
        {"refund_status", {{"order_number", "LW-100004"}}},
        {"refund_status", json::object()},
        {"report_missing_parcel", {{"order_number", "LW-100001"}}},
        {"request_replacement", {{"order_number", "LW-100001"}}},
        // An order number that does not exist answers the same: nothing to learn by guessing.
        {"lookup_order", {{"order_number", "LW-999999"}}},
    };
    for (const auto& [name, params] : calls) {
        for (std::int64_t customer : {0, 1}) {
            CAPTURE(name);
            CAPTURE(customer);
            Request q = Fixture::Make(name, params, customer);
            q.actor.verified = false;
            Response r = f.Run(q);
            CHECK(r.outcome == "not_verified");
            CHECK(Contains(Reason(r), "confirm it's you"));
            CHECK(r.decision["checks"][0]["rule"] == "verified_identity");
            CHECK(r.decision["checks"][0]["passed"] == false);
        }
    }
    CHECK(f.Count("SELECT COUNT(*) FROM audit WHERE outcome = 'not_verified'") ==
          static_cast<std::int64_t>(calls.size() * 2));
    CHECK(f.Count("SELECT COUNT(*) FROM returns") == 2);
    CHECK(f.Count("SELECT COUNT(*) FROM refunds") == 1);
    CHECK(f.Count("SELECT COUNT(*) FROM parcel_claims") == 0);
    CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 0);
    CHECK(f.Text("SELECT status FROM subscriptions WHERE id = 2") == "active");
}

TEST_CASE("actions: refund_status") {
    Fixture f;
    SUBCASE("issued to the original payment method: 10 business days, Thanksgiving skipped") {
        Response r = f.Run("refund_status", {{"order_number", "LW-100004"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["order_number"] == "LW-100004");
        CHECK(r.result["status"] == "issued");
        CHECK(r.result["amount"] == "54.00 USD");
        CHECK(r.result["method"] == "original_payment");
        CHECK(r.result["method_text"] == "to your original payment method");
        CHECK(r.result["issued_on"] == "2026-11-20");
        CHECK(r.result["expected_by"] == "2026-12-07");
        CHECK(r.result["return_received_on"] == "2026-11-18");
    }
    SUBCASE("store credit is there the day it is issued; Spanish words") {
        REQUIRE(f.Run("create_return", {{"order_number", "LW-100001"}, {"reason", "too_small"}})
                    .outcome == "ok");
        REQUIRE(f.db->Exec("UPDATE returns SET status = 'received', received_on = '2026-11-30' "
                           "WHERE order_id = 1")
                    .ok());
        REQUIRE(f.Run("issue_refund", {{"order_number", "LW-100001"}, {"method", "store_credit"}})
                    .outcome == "ok");
        Request q = Fixture::Make("refund_status", {{"order_number", "LW-100001"}});
        q.locale = "es";
        Response r = f.Run(q);
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["status"] == "issued");
        CHECK(r.result["amount"] == "59,40 USD");
        CHECK(r.result["method_text"] == "como saldo en tienda");
        CHECK(r.result["issued_on"] == "2026-11-30");
        CHECK(r.result["expected_by"] == "2026-11-30");
    }
    SUBCASE("a return whose parcel has not arrived: awaiting_return, refund recorded or not") {
        REQUIRE(f.Run("create_return", {{"order_number", "LW-100001"}, {"reason", "too_small"}})
                    .outcome == "ok");
        Response before = f.Run("refund_status", {{"order_number", "LW-100001"}});
        REQUIRE(before.outcome == "ok");
        CHECK(before.result["status"] == "awaiting_return");
        CHECK(before.result["issued_on"] == "");
        CHECK(before.result["expected_by"] == "");
        CHECK(before.result["return_received_on"] == "");
        CHECK(before.result["amount"] == "54.00 USD");
        REQUIRE(
            f.Run("issue_refund", {{"order_number", "LW-100001"}, {"method", "original_payment"}})
                .outcome == "ok");
        Response after = f.Run("refund_status", {{"order_number", "LW-100001"}});
        CHECK(after.result["status"] == "awaiting_return");
        CHECK(after.result["method"] == "original_payment");
    }
    SUBCASE("received, refund not issued yet, and one under review: pending") {
        Response received = f.Run("refund_status", {{"order_number", "LW-100005"}});
        REQUIRE(received.outcome == "ok");
        CHECK(received.result["status"] == "pending");
        CHECK(received.result["return_received_on"] == "2026-11-29");
        REQUIRE(
            f.Run("issue_refund", {{"order_number", "LW-100005"}, {"method", "original_payment"}})
                .outcome == "needs_review");
        Response review = f.Run("refund_status", {{"order_number", "LW-100005"}});
        CHECK(review.result["status"] == "pending");
        CHECK(review.result["amount"] == "150.00 USD");
        CHECK(review.result["expected_by"] == "2026-12-15");  // 1 day of review + 10
    }
    SUBCASE("without an order number: the most recent refund or return of the account") {
        Response r = f.Run("refund_status", json::object());
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["order_number"] == "LW-100005");
        Response ben = f.Run("refund_status", json::object(), 2);
        CHECK(ben.outcome == "none");
        CHECK_FALSE(Reason(ben).empty());
    }
    SUBCASE("none, not_found, not_owner") {
        CHECK(f.Run("refund_status", {{"order_number", "LW-100001"}}).outcome == "none");
        CHECK(f.Run("refund_status", {{"order_number", "LW-999999"}}).outcome == "not_found");
        Response other = f.Run("refund_status", {{"order_number", "LW-200002"}});
        CHECK(other.outcome == "not_owner");
        CHECK(other.result.dump().find("30.00") == std::string::npos);
    }
}

TEST_CASE("actions: report_missing_parcel") {
    Fixture f;
    SUBCASE("ok: reshipped as a new order at no charge, claim kept, email sent") {
        Response r = f.Run("report_missing_parcel", {{"order_number", "LW-100001"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["claim_id"] == "CLM-100001");
        CHECK(r.result["resolution"] == "reship");
        CHECK(r.result["delivered_on"] == "2026-11-20");
        CHECK(r.result["replacement_order"] == "LW-200003");
        CHECK(r.result["eta"] == "2026-12-08");  // 6 business days from Monday 11-30
        CHECK(f.Text("SELECT status || '|' || total_cents || '|' || payment_method || '|' || "
                     "ship_city FROM orders WHERE number = 'LW-200003'") ==
              "processing|0|replacement|Portland");
        CHECK(f.Count("SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id "
                      "WHERE o.number = 'LW-200003'") == 1);
        CHECK(f.Text("SELECT status || '|' || resolution FROM parcel_claims WHERE order_id = 1") ==
              "reshipped|reship");
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email WHERE to_address = 'ana@example.com'") ==
              1);
        // The replacement is an order like any other: the customer can follow it.
        CHECK(f.Run("lookup_order", {{"order_number", "LW-200003"}}).outcome == "ok");
    }
    SUBCASE("ok: refunded when an item is out of stock") {
        Response r = f.Run("report_missing_parcel", {{"order_number", "LW-100009"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["resolution"] == "refund");
        CHECK(r.result["amount"] == "99.00 USD");
        CHECK(f.Text("SELECT status || ':' || amount_cents FROM refunds WHERE order_id = 11") ==
              "issued:9900");
        CHECK(f.Count("SELECT COUNT(*) FROM orders") == 11);
    }
    SUBCASE("needs_review over the value limit: the claim is kept, nothing sent yet") {
        Response r = f.Run("report_missing_parcel", {{"order_number", "LW-100008"}});
        CHECK(r.outcome == "needs_review");
        CHECK(r.result["claim_id"] == "CLM-100008");
        CHECK(Contains(Reason(r), "over 250.00"));
        CHECK(f.Text("SELECT status FROM parcel_claims WHERE order_id = 10") == "needs_review");
        CHECK(f.Count("SELECT COUNT(*) FROM orders") == 11);
        CHECK(f.Count("SELECT COUNT(*) FROM refunds WHERE order_id = 10") == 0);
    }
    SUBCASE("refused: one claim per order") {
        REQUIRE(f.Run("report_missing_parcel", {{"order_number", "LW-100001"}}).outcome == "ok");
        Response again = f.Run("report_missing_parcel", {{"order_number", "LW-100001"}});
        CHECK(again.outcome == "refused");
        CHECK(Contains(Reason(again), "CLM-100001"));
        CHECK(again.result["claim_id"] == "CLM-100001");
        CHECK(f.Count("SELECT COUNT(*) FROM parcel_claims") == 1);
        CHECK(f.Count("SELECT COUNT(*) FROM orders") == 12);
    }
    SUBCASE("refused: more than 30 days after delivery, with what to do") {
        Response r = f.Run("report_missing_parcel", {{"order_number", "LW-100002"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "45 days ago"));
        CHECK(Contains(Reason(r), "A person can still look at it"));
        CHECK(r.result["delivered_on"] == "2026-10-16");
    }
    SUBCASE("refused: not delivered yet, or not shipped") {
        Response r = f.Run("report_missing_parcel", {{"order_number", "LW-100006"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "still with the carrier"));
        CHECK(r.decision["checks"][2]["rule"] == "missing_parcel_delivered");
        CHECK(f.Run("report_missing_parcel", {{"order_number", "LW-100007"}}).outcome == "refused");
        CHECK(f.Count("SELECT COUNT(*) FROM parcel_claims") == 0);
    }
    SUBCASE("refused: already refunded") {
        Response r = f.Run("report_missing_parcel", {{"order_number", "LW-100004"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "already been refunded"));
    }
    SUBCASE("not_owner and not_found") {
        CHECK(f.Run("report_missing_parcel", {{"order_number", "LW-200002"}}).outcome ==
              "not_owner");
        CHECK(f.Run("report_missing_parcel", {{"order_number", "LW-999999"}}).outcome ==
              "not_found");
        CHECK(f.Count("SELECT COUNT(*) FROM parcel_claims") == 0);
    }
    SUBCASE("an idempotent replay answers the first claim and acts once") {
        Request q = Fixture::Make("report_missing_parcel", {{"order_number", "LW-100001"}});
        q.idempotency_key = "claim-1";
        Response first = f.Run(q);
        Response second = f.Run(q);
        CHECK(first.outcome == "ok");
        CHECK(second.replayed);
        CHECK(second.result == first.result);
        CHECK(f.Count("SELECT COUNT(*) FROM orders") == 12);
        CHECK(f.Count("SELECT COUNT(*) FROM audit WHERE action = 'report_missing_parcel'") == 1);
    }
}

TEST_CASE("actions: request_replacement") {
    Fixture f;
    SUBCASE("ok: final sale does not stop a defective item's replacement; a free label back") {
        Response r = f.Run("request_replacement", {{"order_number", "LW-100003"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["replacement_order"] == "LW-200003");
        CHECK(r.result["eta"] == "2026-12-08");
        CHECK(r.result["label_url"] == "/v1/returns/RMA-100003-1/label");
        CHECK(f.Text("SELECT reason || '|' || label_fee_cents || '|' || status FROM returns "
                     "WHERE number = 'RMA-100003-1'") == "damaged|0|label_issued");
        json label = json::parse(f.Text("SELECT label FROM returns WHERE number = 'RMA-100003-1'"));
        CHECK(label["replacement_order"] == "LW-200003");
        CHECK(f.Count("SELECT COUNT(*) FROM replacements WHERE order_id = 3") == 1);
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 1);
        // The label is for the damaged item, not for a refund on top of the replacement.
        Response refund =
            f.Run("issue_refund", {{"order_number", "LW-100003"}, {"method", "store_credit"}});
        CHECK(refund.outcome == "refused");
        CHECK(Contains(Reason(refund), "LW-200003"));
    }
    SUBCASE("refused: one replacement per order") {
        REQUIRE(f.Run("request_replacement", {{"order_number", "LW-100001"}}).outcome == "ok");
        Response again = f.Run("request_replacement", {{"order_number", "LW-100001"}});
        CHECK(again.outcome == "refused");
        CHECK(again.result["replacement_order"] == "LW-200003");
        CHECK(Contains(Reason(again), "already sent"));
        CHECK(f.Count("SELECT COUNT(*) FROM orders") == 12);
    }
    SUBCASE("refused: out of stock, so the flow can offer a refund") {
        Response r = f.Run("request_replacement", {{"order_number", "LW-100009"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "Summit Tent is out of stock"));
        CHECK(r.result["in_stock"] == false);
        CHECK(f.Count("SELECT COUNT(*) FROM orders") == 11);
    }
    SUBCASE("refused: after 30 days, the guarantee is named") {
        Response r = f.Run("request_replacement", {{"order_number", "LW-100002"}});
        CHECK(r.outcome == "refused");
        CHECK(Contains(Reason(r), "Built to Last"));
    }
    SUBCASE("refused: not delivered, a return already open, already refunded") {
        CHECK(f.Run("request_replacement", {{"order_number", "LW-100006"}}).outcome == "refused");
        Response open = f.Run("request_replacement", {{"order_number", "LW-100005"}});
        CHECK(open.outcome == "refused");
        CHECK(Contains(Reason(open), "RMA-100005-1"));
        CHECK(f.Run("request_replacement", {{"order_number", "LW-100004"}}).outcome == "refused");
        CHECK(f.Count("SELECT COUNT(*) FROM replacements") == 0);
    }
    SUBCASE("not_owner and not_found") {
        CHECK(f.Run("request_replacement", {{"order_number", "LW-200002"}}).outcome == "not_owner");
        CHECK(f.Run("request_replacement", {{"order_number", "LW-999999"}}).outcome == "not_found");
    }
    SUBCASE("an idempotent replay acts once") {
        Request q = Fixture::Make("request_replacement", {{"order_number", "LW-100001"}});
        q.idempotency_key = "replace-1";
        CHECK(f.Run(q).outcome == "ok");
        Response second = f.Run(q);
        CHECK(second.replayed);
        CHECK(second.outcome == "ok");
        CHECK(f.Count("SELECT COUNT(*) FROM replacements") == 1);
    }
}

TEST_CASE("actions: verify_order unlocks one order for one conversation") {
    Fixture f;
    SUBCASE("by email, case-insensitively: that order acts as verified, in that case only") {
        CHECK(f.Run(Visitor("lookup_order", {{"order_number", "LW-200002"}})).outcome ==
              "not_verified");
        Response v = f.Run(Visitor(
            "verify_order", {{"order_number", "LW-200002"}, {"email", "BEN@Example.co.uk"}}));
        REQUIRE(v.outcome == "ok");
        CHECK(v.result["order_number"] == "LW-200002");
        CHECK(v.result["matched_by"] == "email");
        Response look = f.Run(Visitor("lookup_order", {{"order_number", "200002"}}));
        CHECK(look.outcome == "ok");
        CHECK(look.result["carrier"] == "DHL");
        CHECK(f.Run(Visitor("refund_status", {{"order_number", "LW-200002"}})).outcome == "none");
        CHECK(f.Run(Visitor("email_invoice", {{"order_number", "LW-200002"}})).outcome == "ok");
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email WHERE to_address = "
                      "'ben@example.co.uk'") == 1);
        // Another order of the same customer, another conversation, account-wide actions:
        // still locked.
        CHECK(f.Run(Visitor("lookup_order", {{"order_number", "LW-200001"}})).outcome ==
              "not_verified");
        CHECK(f.Run(Visitor("lookup_order", {{"order_number", "LW-200002"}}, "case-w")).outcome ==
              "not_verified");
        CHECK(f.Run(Visitor("explain_charges", json::object())).outcome == "not_verified");
        CHECK(f.Run(Visitor("pause_subscription", {{"months", 1}})).outcome == "not_verified");
        CHECK(f.Run(Visitor("refund_status", json::object())).outcome == "not_verified");
        CHECK(f.Run(Visitor("email_invoice", {{"invoice_number", "INV-2026-000201"}})).outcome ==
              "not_verified");
        CHECK(f.Count("SELECT COUNT(*) FROM case_unlocked_orders") == 1);
    }
    SUBCASE("by postcode, spaces and case ignored; a US ZIP+4 matches its ZIP") {
        CHECK(f.Run(Visitor("verify_order",
                            {{"order_number", "LW-200001"}, {"postal_code", "ls14ap"}}))
                  .outcome == "ok");
        Response us = f.Run(Visitor(
            "verify_order", {{"order_number", "LW-100001"}, {"postal_code", "97201-1234"}}));
        CHECK(us.outcome == "ok");
        CHECK(us.result["matched_by"] == "postal_code");
        // Unlocked, a visitor can act on the order as its owner would.
        Response claim = f.Run(Visitor("report_missing_parcel", {{"order_number", "LW-100001"}}));
        CHECK(claim.outcome == "ok");
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email WHERE to_address = "
                      "'ana@example.com'") == 1);
        Response ret =
            f.Run(Visitor("create_return", {{"order_number", "LW-200002"}, {"reason", "too_big"}}));
        CHECK(ret.outcome == "not_verified");
    }
    SUBCASE("three misses lock the case; unknown numbers count as misses; other cases can try") {
        Response wrong = f.Run(
            Visitor("verify_order", {{"order_number", "LW-200002"}, {"email", "ana@example.com"}}));
        CHECK(wrong.outcome == "mismatch");
        CHECK(wrong.result["attempts_left"] == 2);
        Response unknown = f.Run(Visitor(
            "verify_order", {{"order_number", "LW-999999"}, {"email", "ben@example.co.uk"}}));
        CHECK(unknown.outcome == "mismatch");
        CHECK(unknown.result["attempts_left"] == 1);
        CHECK(Reason(unknown) == Reason(wrong));
        Response third = f.Run(
            Visitor("verify_order", {{"order_number", "LW-200002"}, {"postal_code", "LS1 9ZZ"}}));
        CHECK(third.outcome == "locked");
        CHECK(Contains(Reason(third), "3 times"));
        // Locked: even the right details no longer open anything in this conversation.
        Response right = f.Run(Visitor(
            "verify_order", {{"order_number", "LW-200002"}, {"email", "ben@example.co.uk"}}));
        CHECK(right.outcome == "locked");
        CHECK(right.decision["checks"][0]["rule"] == "verify_order_3_attempts");
        CHECK(f.Count("SELECT COUNT(*) FROM case_unlocked_orders") == 0);
        CHECK(f.Count("SELECT COUNT(*) FROM order_verification_attempts") == 3);
        Response elsewhere = f.Run(
            Visitor("verify_order", {{"order_number", "LW-200002"}, {"email", "ben@example.co.uk"}},
                    "case-w"));
        CHECK(elsewhere.outcome == "ok");
    }
    SUBCASE("every attempt is audited without the email or postcode in clear") {
        f.Run(Visitor("verify_order",
                      {{"order_number", "LW-200002"}, {"email", "ben@example.co.uk"}}));
        f.Run(Visitor("verify_order", {{"order_number", "LW-200001"}, {"postal_code", "LS1 9ZZ"}}));
        CHECK(f.Count("SELECT COUNT(*) FROM audit WHERE action = 'verify_order'") == 2);
        const std::string audit = f.Text(
            "SELECT group_concat(params || result || decision, ' ') "
            "FROM audit WHERE action = 'verify_order'");
        CHECK(audit.find("ben@example") == std::string::npos);
        CHECK(audit.find("9ZZ") == std::string::npos);
        CHECK(Contains(audit, "b***@example.co.uk"));
        CHECK(Contains(audit, "LS***"));
        CHECK(f.Text("SELECT outcome FROM audit WHERE action = 'verify_order' ORDER BY id DESC "
                     "LIMIT 1") == "mismatch");
    }
    SUBCASE("neither email nor postcode is a bad request; no conversation is an error") {
        auto r = f.runner.Run(*f.db, Visitor("verify_order", {{"order_number", "LW-200002"}}));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "seam.actions.bad_params");
        Response none = f.Run(Visitor(
            "verify_order", {{"order_number", "LW-200002"}, {"email", "ben@example.co.uk"}}, ""));
        CHECK(none.outcome == "error");
        CHECK(f.Count("SELECT COUNT(*) FROM case_unlocked_orders") == 0);
    }
}

TEST_CASE("actions: explain_charges matches what the customer named, or says it cannot") {
    Fixture f;
    SUBCASE("no hint and several recent charges: no_match with candidates to ask") {
        Response r = f.Run("explain_charges", json::object());
        CHECK(r.outcome == "no_match");
        REQUIRE(r.result["candidates"].size() == 2);
        CHECK(r.result["candidates"][0]["descriptor"] == "LARCHWOOD*COFFEE CLUB");
        CHECK(r.result["candidates"][0]["amount"] == "19.00 USD");
        CHECK(r.result["candidates"][1]["date"] == "2026-11-15");
        CHECK(r.result["candidates"][1]["description"] != "");
    }
    SUBCASE("no hint and a single charge in 60 days: that one") {
        REQUIRE(f.db->Exec("DELETE FROM invoices WHERE number = 'INV-2026-000202'").ok());
        Response r = f.Run("explain_charges", json::object(), 2);
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["invoice_number"] == "INV-2026-000201");
        CHECK(r.result["amount"] == "30.00 GBP");
        CHECK(r.result["matched_by"] == "only_recent");
    }
    SUBCASE("by amount (exact cents), by date (±3 days), by words") {
        Response amount = f.Run("explain_charges", {{"amount", "$54"}});
        REQUIRE(amount.outcome == "ok");
        CHECK(amount.result["invoice_number"] == "INV-2026-000101");
        CHECK(Contains(amount.result["description"], "LW-100001"));
        CHECK(f.Run("explain_charges", {{"amount", "54.01"}}).outcome == "no_match");
        Response date = f.Run("explain_charges", {{"date", "2026-11-12"}});
        REQUIRE(date.outcome == "ok");
        CHECK(date.result["invoice_number"] == "INV-2026-000101");
        CHECK(f.Run("explain_charges", {{"date", "2026-11-19"}}).outcome == "no_match");
        Response words = f.Run("explain_charges", {{"descriptor", "plus membership"}});
        REQUIRE(words.outcome == "ok");
        CHECK(words.result["descriptor"] == "LARCHWOOD*PLUS");
        Response both = f.Run("explain_charges", {{"descriptor", "coffee"}, {"amount", "54"}});
        CHECK(both.outcome == "no_match");
    }
    SUBCASE("a name that matches nothing, or several different charges: no_match") {
        Response none = f.Run("explain_charges", {{"descriptor", "NETFLIX.COM"}});
        CHECK(none.outcome == "no_match");
        CHECK(Contains(Reason(none), "can't find"));
        CHECK(none.result["candidates"].size() == 2);
        Response several = f.Run("explain_charges", {{"descriptor", "Larchwood"}});
        CHECK(several.outcome == "no_match");
        CHECK_FALSE(several.result["candidates"].empty());
    }
    SUBCASE("the customer's whole message as the hint: statement words count, chatter does not") {
        Response coffee = f.Run("explain_charges",
                                {{"descriptor", "why did you charge me for the coffee thing?"}});
        REQUIRE(coffee.outcome == "ok");
        CHECK(coffee.result["descriptor"] == "LARCHWOOD*COFFEE CLUB");
        CHECK(coffee.result["matched_by"] == "hint");
        // Nothing named: several recent charges, so no guess.
        Response vague = f.Run("explain_charges",
                               {{"descriptor", "there's a charge on my card I don't recognise"}});
        CHECK(vague.outcome == "no_match");
        // A statement line that is not ours never matches one of ours.
        CHECK(f.Run("explain_charges", {{"descriptor", "what is ACME*STORE on my statement?"}})
                  .outcome == "no_match");
        CHECK(f.Run("explain_charges", {{"descriptor", "who is SPOTIFY, I never signed up"}})
                  .outcome == "no_match");
        // Shouting is not a statement line.
        Response shouting =
            f.Run("explain_charges", {{"descriptor", "WHY WAS I CHARGED FOR COFFEE"}});
        REQUIRE(shouting.outcome == "ok");
        CHECK(shouting.result["descriptor"] == "LARCHWOOD*COFFEE CLUB");
    }
    SUBCASE("a recurring charge named by its words: the newest, and the other dates") {
        REQUIRE(f.db->Exec("INSERT INTO invoices(number, customer_id, subscription_id, issued_on, "
                           "currency, amount_cents, descriptor) VALUES ('INV-2026-000099', 1, 1, "
                           "'2026-10-25', 'USD', 1900, 'LARCHWOOD*COFFEE CLUB')")
                    .ok());
        Response r = f.Run("explain_charges", {{"descriptor", "LARCHWOOD*COFFEE"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["date"] == "2026-11-25");
        CHECK(r.result["recurring"] == true);
        CHECK(r.result["also_on"] == json::array({"2026-10-25"}));
    }
    SUBCASE("duplicate: the second charge is refunded once, under the policy rule") {
        Response r = f.Run("explain_charges", {{"amount", "30"}}, 2);
        REQUIRE(r.outcome == "duplicate");
        CHECK(r.result["dates"] == json::array({"2026-11-22", "2026-11-23"}));
        CHECK(r.result["amount"] == "30.00 GBP");
        CHECK(r.result["descriptor"] == "LARCHWOOD*OUTFITTERS");
        CHECK(r.result["pending_authorisation"] == false);
        CHECK(r.result["refund_amount"] == "30.00 GBP");
        CHECK(r.result["refund_status"] == "issued");
        CHECK(r.result["refunded_invoice"] == "INV-2026-000202");
        CHECK(f.Text("SELECT status || ':' || amount_cents FROM charge_refunds") == "issued:3000");
        bool rule_checked = false;
        for (const json& c : r.decision["checks"])
            rule_checked = rule_checked || c["rule"] == "duplicate_charge_refund";
        CHECK(rule_checked);
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email WHERE to_address = "
                      "'ben@example.co.uk'") == 1);
        Response again = f.Run("explain_charges", {{"descriptor", "outfitters"}}, 2);
        CHECK(again.outcome == "duplicate");
        CHECK(again.result["already_refunded"] == true);
        CHECK(f.Count("SELECT COUNT(*) FROM charge_refunds") == 1);
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 1);
    }
    SUBCASE("duplicate over the automatic limit: refund pending a person's review") {
        REQUIRE(f.db->Exec("UPDATE invoices SET amount_cents = 15000 WHERE customer_id = 2").ok());
        Response r = f.Run("explain_charges", {{"date", "2026-11-22"}}, 2);
        REQUIRE(r.outcome == "duplicate");
        CHECK(r.result["refund_status"] == "pending_review");
        CHECK_FALSE(Reason(r).empty());
        CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 0);
    }
    SUBCASE("two orders of the same amount are two purchases, not a duplicate") {
        REQUIRE(
            f.db->Exec("UPDATE invoices SET order_id = 8 WHERE number = 'INV-2026-000202'").ok());
        Response r = f.Run("explain_charges", {{"amount", "30"}}, 2);
        CHECK(r.outcome == "no_match");
        CHECK(f.Count("SELECT COUNT(*) FROM charge_refunds") == 0);
    }
}

TEST_CASE("actions: email_invoice says not_found clearly and not_verified per order") {
    Fixture f;
    Response unknown_order = f.Run("email_invoice", {{"order_number", "LW-999999"}});
    CHECK(unknown_order.outcome == "not_found");
    CHECK(Contains(Reason(unknown_order), "LW-999999"));
    Response no_invoice = f.Run("email_invoice", {{"order_number", "LW-100007"}});
    CHECK(no_invoice.outcome == "not_found");
    CHECK(Contains(Reason(no_invoice), "no invoice yet"));
    Response unknown_invoice = f.Run("email_invoice", {{"invoice_number", "INV-2026-999999"}});
    CHECK(unknown_invoice.outcome == "not_found");
    CHECK(Contains(Reason(unknown_invoice), "INV-2026-999999"));
    CHECK(f.Run(Visitor("email_invoice", {{"order_number", "LW-100001"}})).outcome ==
          "not_verified");
    CHECK(f.Count("SELECT COUNT(*) FROM outbound_email") == 0);
}

TEST_CASE("actions: list_orders offers a signed-in customer's own orders, likely ones first") {
    Fixture f;
    SUBCASE("track: the parcel on its way first, then the one being prepared") {
        Response r = f.Run("list_orders", {{"purpose", "track"}});
        REQUIRE(r.outcome == "ok");
        REQUIRE(r.result["orders"].size() == 4);
        CHECK(r.result["orders"][0]["number"] == "LW-100006");
        CHECK(r.result["orders"][0]["status_text"] == "on its way");
        CHECK(r.result["orders"][1]["number"] == "LW-100007");
        CHECK(r.result["orders"][1]["status_text"] == "being prepared");
        CHECK(Contains(r.result["orders"][0]["label"], "Ridge Shell Jacket"));
        CHECK(r.result["orders"][0]["keywords"] == json::array({"Ridge Shell Jacket", "jacket"}));
    }
    SUBCASE("return: only delivered orders, those inside the 30-day window first") {
        Response r = f.Run("list_orders", {{"purpose", "return"}});
        REQUIRE(r.outcome == "ok");
        for (const json& o : r.result["orders"])
            CHECK(Contains(o["status_text"], "delivered"));
        CHECK(r.result["orders"][0]["number"] == "LW-100008");  // delivered 2026-11-27
    }
    SUBCASE("change: only what has not shipped") {
        Response r = f.Run("list_orders", {{"purpose", "change"}});
        REQUIRE(r.outcome == "ok");
        REQUIRE(r.result["orders"].size() == 1);
        CHECK(r.result["orders"][0]["number"] == "LW-100007");
    }
    SUBCASE("nothing that fits: none; someone else's orders never appear") {
        REQUIRE(f.db->Exec("UPDATE orders SET status = 'shipped' WHERE id = 7").ok());
        REQUIRE(f.db->Exec("INSERT INTO shipments(order_id, carrier, tracking_number, "
                           "tracking_url, shipped_on, expected_on, delivered_on, status) VALUES "
                           "(7, 'UPS', '1Z007', 'u', '2026-11-29', '2026-12-02', NULL, "
                           "'in_transit')")
                    .ok());
        CHECK(f.Run("list_orders", {{"purpose", "change"}}).outcome == "none");
        Response ben = f.Run("list_orders", json::object(), 2);
        REQUIRE(ben.outcome == "ok");
        for (const json& o : ben.result["orders"])
            CHECK(o["number"].get<std::string>().rfind("LW-2", 0) == 0);
    }
    SUBCASE("a visitor who is not signed in: not_verified") {
        CHECK(f.Run(Visitor("list_orders", {{"purpose", "track"}})).outcome == "not_verified");
    }
}

TEST_CASE("actions: a return that already reached the warehouse is not opened again") {
    Fixture f;
    // LW-100004: returned, received on 2026-11-18 and refunded.
    Response r = f.Run("create_return", {{"order_number", "LW-100004"}, {"reason", "too_small"}});
    CHECK(r.outcome == "refused");
    CHECK(Contains(r.result["reason"], "2026-11-18"));
    CHECK(f.Count("SELECT COUNT(*) FROM returns WHERE order_id = 4") == 1);
}

// Issue 17: an idempotency key is remembered for 24 hours (as payment APIs do), then free again,
// and the old records are purged.
TEST_CASE("actions: issue 17 — idempotency records expire after 24 hours") {
    Fixture f;
    Request q = Fixture::Make("lookup_order", {{"order_number", "LW-100001"}});
    q.idempotency_key = "day-1";
    CHECK_FALSE(f.Run(q).replayed);
    Request later = q;
    later.now_ms = q.now_ms + seam::actions::Runner::kIdempotencyMs - 1;
    CHECK(f.Run(later).replayed);  // still within the day
    Request next_day = q;
    next_day.now_ms = q.now_ms + seam::actions::Runner::kIdempotencyMs + 1;
    CHECK_FALSE(f.Run(next_day).replayed);  // acted again
    CHECK(f.Count("SELECT COUNT(*) FROM audit") == 2);
    CHECK(f.Count("SELECT COUNT(*) FROM idempotency WHERE key = 'day-1'") == 1);

    // Another key's request purges what expired.
    Request other = Fixture::Make("lookup_order", {{"order_number", "LW-100001"}});
    other.idempotency_key = "other";
    other.now_ms = next_day.now_ms + seam::actions::Runner::kIdempotencyMs + 1;
    CHECK_FALSE(f.Run(other).replayed);
    CHECK(f.Count("SELECT COUNT(*) FROM idempotency WHERE key = 'day-1'") == 0);
}

// Review of issue 17: a key whose record expired is reused for a request that fails: RunOnce
// deleted the expired record inside its transaction, the failure rolled that back, and the
// error answer must still replace it (else a retry acts again, or other params get through).
TEST_CASE("actions: issue 17 — a key reused after 24 hours keeps its new error answer") {
    Fixture f;
    Request q = Fixture::Make("lookup_order", {{"order_number", "LW-100001"}});
    q.idempotency_key = "reuse-1";
    REQUIRE(f.runner.Run(*f.db, q).ok());
    Request failing = Fixture::Make("lookup_order", {{"order_number", "hello"}});
    failing.idempotency_key = "reuse-1";
    failing.now_ms = q.now_ms + seam::actions::Runner::kIdempotencyMs + 1000;
    auto first = f.runner.Run(*f.db, failing);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().id == "seam.actions.bad_params");
    CHECK(f.Count("SELECT COUNT(*) FROM idempotency WHERE key = 'reuse-1'") == 1);
    CHECK(f.Count("SELECT COUNT(*) FROM idempotency WHERE key = 'reuse-1' AND status = 400") == 1);
    // Retried: the error is replayed.
    Request retry = failing;
    retry.now_ms = failing.now_ms + 1000;
    auto again = f.runner.Run(*f.db, retry);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().id == first.error().id);
    CHECK(again.error().message == first.error().message);
    // And the key is taken: other params within the day are refused, not run.
    Request other = q;
    other.now_ms = retry.now_ms;
    auto reused = f.runner.Run(*f.db, other);
    REQUIRE_FALSE(reused.ok());
    CHECK(reused.error().id == "seam.actions.idempotency");
    CHECK(f.Count("SELECT COUNT(*) FROM audit") == 1);
}

// Issue 17: an error answer is kept like a success: a retry with the key gets the same error,
// and the key cannot be reused for another request.
TEST_CASE("actions: issue 17 — an idempotency key keeps its error answer") {
    Fixture f;
    Request q = Fixture::Make("lookup_order", {{"order_number", "hello"}});
    q.idempotency_key = "err-1";
    auto first = f.runner.Run(*f.db, q);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().id == "seam.actions.bad_params");
    CHECK(f.Count("SELECT COUNT(*) FROM idempotency WHERE key = 'err-1' AND status = 400") == 1);
    auto again = f.runner.Run(*f.db, q);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().id == first.error().id);
    CHECK(again.error().message == first.error().message);
    Request other = Fixture::Make("lookup_order", {{"order_number", "LW-100001"}});
    other.idempotency_key = "err-1";
    auto reused = f.runner.Run(*f.db, other);
    REQUIRE_FALSE(reused.ok());
    CHECK(reused.error().id == "seam.actions.idempotency");
    CHECK(f.Count("SELECT COUNT(*) FROM audit") == 0);
}

TEST_CASE("actions: return_label reads a return's label for whoever may see its order") {
    Fixture f;
    Response made =
        f.Run("create_return", {{"order_number", "LW-100001"}, {"reason", "too_small"}});
    REQUIRE(made.outcome == "ok");
    const std::string rma = made.result["rma"];
    CHECK(rma == "RMA-100001-1");
    const json params = {{"rma", rma}};

    SUBCASE("the order's customer: the label create_return stored") {
        Response r = f.Run("return_label", params);
        CHECK(r.outcome == "ok");
        CHECK(r.result["rma"] == rma);
        CHECK(r.result["order_number"] == "LW-100001");
        CHECK(r.result["label"]["rma"] == rma);
        CHECK(r.result["label"]["order"] == "LW-100001");
        CHECK(r.result["label"]["carrier"] == "UPS");
        CHECK(r.result["label"]["fee"]["amount_cents"] == 0);  // Ana is a Plus member
        // A number as typed (lower case, spaces) is the same return.
        CHECK(f.Run("return_label", {{"rma", " rma-100001-1 "}}).result["rma"] == rma);
    }
    SUBCASE("another customer's return answers like no return") {
        Response r = f.Run("return_label", params, 2);
        CHECK(r.outcome == "not_found");
        CHECK(Contains(Reason(r), "no return " + rma));
        CHECK_FALSE(r.result.contains("label"));
        Response unknown = f.Run("return_label", {{"rma", "RMA-999999-1"}}, 2);
        CHECK(unknown.outcome == "not_found");
        CHECK(Reason(unknown) == "there's no return RMA-999999-1 on your account.");
        CHECK(Reason(r) == "there's no return " + rma + " on your account.");
    }
    SUBCASE("a visitor whose conversation verify_order unlocked the order; not another one") {
        CHECK(f.Run(Visitor("return_label", params)).outcome == "not_verified");
        Response v = f.Run(
            Visitor("verify_order", {{"order_number", "LW-100001"}, {"email", "ana@example.com"}}));
        REQUIRE(v.outcome == "ok");
        Response r = f.Run(Visitor("return_label", params));
        CHECK(r.outcome == "ok");
        CHECK(r.result["label"]["order"] == "LW-100001");
        CHECK(f.Run(Visitor("return_label", params, "case-w")).outcome == "not_verified");
        // A return of another order of the same customer stays locked; an unknown number
        // answers the same: nothing to learn by guessing.
        CHECK(f.Run(Visitor("return_label", {{"rma", "RMA-100004-1"}})).outcome == "not_verified");
        CHECK(f.Run(Visitor("return_label", {{"rma", "RMA-999999-1"}})).outcome == "not_verified");
        // Ben, signed in, in a case that unlocked Ana's order: the unlock opens it to him too.
        Request ben = Fixture::Make("return_label", params, 2);
        ben.case_id = "case-v";
        CHECK(f.Run(ben).outcome == "ok");
    }
    SUBCASE("an agent reads any return's label") {
        Request q = Fixture::Make("return_label", params, 0);
        q.actor.kind = "agent";
        q.actor.agent_login = "maya";
        Response r = f.Run(q);
        CHECK(r.outcome == "ok");
        CHECK(r.result["order_number"] == "LW-100001");
        q.params = {{"rma", "RMA-999999-1"}};
        CHECK(f.Run(q).outcome == "not_found");
        CHECK(f.Text("SELECT actor FROM audit ORDER BY id DESC LIMIT 1") == "agent:maya");
    }
    SUBCASE("an unknown number is not_found; a number of another shape is bad_params") {
        CHECK(f.Run("return_label", {{"rma", "RMA-100001-9"}}).outcome == "not_found");
        for (const char* bad : {"LW-100001", "RMA-", "RMA-100001", "RMA-1x-1", "", "RMA--1"}) {
            CAPTURE(bad);
            auto r = f.runner.Run(*f.db, Fixture::Make("return_label", {{"rma", bad}}));
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().id == "seam.actions.bad_params");
        }
    }
    // Each run is audited and counted like any read (lookup_order): an audit row and an
    // "action" event; it writes nothing else.
    CHECK(f.Count("SELECT COUNT(*) FROM audit WHERE action = 'return_label'") > 0);
    CHECK(f.Count("SELECT COUNT(*) FROM events WHERE kind = 'action' AND "
                  "data LIKE '%\"name\":\"return_label\"%'") ==
          f.Count("SELECT COUNT(*) FROM audit WHERE action = 'return_label'"));
    CHECK(f.Count("SELECT COUNT(*) FROM audit WHERE action = 'return_label' AND target GLOB "
                  "'RMA-[0-9]*-[0-9]*'") ==
          f.Count("SELECT COUNT(*) FROM audit WHERE action = 'return_label'"));
    CHECK(f.Count("SELECT COUNT(*) FROM returns") == 3);
}
