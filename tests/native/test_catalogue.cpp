// tests/native/test_catalogue.cpp — issue 18: the catalogue and recommendations in the actions
// (native/actions/): size exchanges (in stock, sold out, someone else's order, replayed), the
// recommendation ids recorded shown -> clicked, accessories and win-back picks, size advice,
// retention offers and the Coffee Club every other month, reviews, proactive opt-outs. The events
// they write are a contract the KPIs read: kind "recommendation" {"rec", "sku", "context",
// "action"} and "retention_offer" {"offer", "subscription", "accepted"}, with case and customer.

#include <doctest/doctest.h>

#include <string>

#include "actions_fixture.hpp"

using namespace seam_test;  // NOLINT: the fixture is this file's subject

namespace {

// The fixture's products in sizes and colours (actions_fixture.hpp has the orders):
//   Ridge Shell Jacket (1):  S M L in Navy, all in stock          LW-100008 bought M Navy (x2)
//   Merino Base Layer (2):   S M L in Black, M sold out           LW-100001 bought S Black
//   Clearance Headlamp (3):  one size                             LW-200002: Ben's base layer, M
//   Trail Sock (5):          M in Charcoal; Camp Mug (6): one size; neither bought by anyone
// Often bought with: the base layer -> the sock, the jacket; the jacket -> the base layer, the
// mug; the headlamp -> the mug.
const char* kCatalogue = R"sql(
INSERT INTO products(id, sku, name, category, price_cents, final_sale)
VALUES (5, 'SCK-1', 'Trail Sock', 'socks', 2200, 0),
       (6, 'MUG-1', 'Camp Mug', 'coffee', 1800, 0);
INSERT INTO product_variants(id, product_id, sku, size, size_rank, colour, stock)
VALUES (1, 1, 'JKT-1-S-NAV', 'S', 0, 'Navy', 2),
       (2, 1, 'JKT-1-M-NAV', 'M', 1, 'Navy', 1),
       (3, 1, 'JKT-1-L-NAV', 'L', 2, 'Navy', 4),
       (4, 2, 'BL-1-S-BLA', 'S', 0, 'Black', 5),
       (5, 2, 'BL-1-M-BLA', 'M', 1, 'Black', 0),
       (6, 2, 'BL-1-L-BLA', 'L', 2, 'Black', 3),
       (7, 3, 'CLR-1-OS', 'One size', 0, '', 10),
       (8, 5, 'SCK-1-M-CHA', 'M', 0, 'Charcoal', 9),
       (9, 6, 'MUG-1-OS', 'One size', 0, '', 7);
INSERT INTO product_related(product_id, related_id, rank, reason)
VALUES (2, 5, 1, 'socks'), (2, 1, 2, 'layer'), (1, 2, 1, 'layer'), (1, 6, 2, 'brew'),
       (3, 6, 1, 'brew');
UPDATE order_items SET variant_id = 4 WHERE order_id IN (1, 2, 4, 7, 8);
UPDATE order_items SET variant_id = 2 WHERE order_id IN (5, 6, 10);
UPDATE order_items SET variant_id = 5 WHERE order_id = 9;
INSERT INTO cases(id, customer_id, status, version, state, channel, created_at, updated_at)
VALUES ('case-1', 1, 'open', 1, '{}', 'widget', 1796032800000, 1796032800000),
       ('case-2', 2, 'open', 1, '{}', 'email', 1796032800000, 1796032800000);
)sql";

struct Shop : Fixture {
    Shop() {
        auto loaded = db->Exec(kCatalogue);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
    }
    //! Events of `kind` whose data has every field of `match` (and rows passing `where`): the
    //! data is read here, not with SQLite's json_extract, so the tests run on both engines.
    std::int64_t Events(const std::string& kind, const json& match = json::object(),
                        const std::string& where = "1 = 1") {
        auto s =
            db->Prepare("SELECT data FROM events WHERE kind = '" + kind + "' AND (" + where + ")");
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
        std::int64_t n = 0;
        while (s->Next()) {
            const json data = json::parse(s->Text(0), nullptr, false);
            bool all = data.is_object();
            for (auto it = match.begin(); all && it != match.end(); ++it)
                all = data.contains(it.key()) && data[it.key()] == it.value();
            n += all ? 1 : 0;
        }
        return n;
    }
};

}  // namespace

TEST_CASE("catalogue: a size exchange in stock ships the next size and is not refunded as well") {
    Shop f;
    Response ret = f.Run("create_return", {{"order_number", "LW-100008"}, {"reason", "too_small"}});
    REQUIRE(ret.outcome == "ok");
    Response found =
        f.Run("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_small"}});
    REQUIRE(found.outcome == "ok");
    CHECK(found.result["rec"] == "REC-000001");
    CHECK(found.result["from_size"] == "M");
    CHECK(found.result["size"] == "L");
    CHECK(found.result["variant"] == "size L in Navy");
    CHECK(found.result["sku"] == "JKT-1-L-NAV");
    CHECK(f.Count("SELECT COUNT(*) FROM recommendations WHERE id = 'REC-000001' AND context = "
                  "'exchange' AND variant_id = 3 AND order_id = 10 AND clicked_at IS NULL") == 1);

    Response made =
        f.Run("create_exchange", {{"order_number", "LW-100008"}, {"rec", "REC-000001"}});
    REQUIRE(made.outcome == "ok");
    CHECK(made.result["exchange_order"] == "LW-200003");
    CHECK(made.result["size"] == "L");
    CHECK(made.result["from_size"] == "M");
    CHECK(made.result["eta"] == "2026-12-08");
    CHECK(made.result["label_url"] == "/v1/returns/RMA-100008-1/label");
    // The new order: the new size at no charge, naming the recommendation it came from.
    CHECK(f.Text("SELECT status || '|' || total_cents || '|' || payment_method FROM orders WHERE "
                 "number = 'LW-200003'") == "processing|0|exchange");
    CHECK(f.Count("SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE "
                  "o.number = 'LW-200003' AND i.variant_id = 3 AND i.unit_price_cents = 0 AND "
                  "i.recommendation_id = 'REC-000001'") == 1);
    CHECK(f.Count("SELECT stock FROM product_variants WHERE id = 3") == 3);
    CHECK(f.Count("SELECT label_fee_cents FROM returns WHERE number = 'RMA-100008-1'") == 0);
    CHECK(json::parse(f.Text(
              "SELECT label FROM returns WHERE number = 'RMA-100008-1'"))["fee"]["amount_cents"] ==
          0);
    CHECK(f.Count("SELECT COUNT(*) FROM exchanges WHERE order_id = 10 AND from_variant_id = 2 AND "
                  "to_variant_id = 3 AND recommendation_id = 'REC-000001'") == 1);
    CHECK(f.Count("SELECT clicked_at IS NOT NULL FROM recommendations WHERE id = 'REC-000001'") ==
          1);
    // shown, then clicked: the contract's two events, with the case, customer and channel.
    CHECK(f.Events("recommendation") == 2);
    {
        std::string actions;
        auto s = f.db->Prepare("SELECT data FROM events WHERE kind = 'recommendation' ORDER BY id");
        REQUIRE(s.ok());
        while (s->Next())
            actions += (actions.empty() ? "" : ",") + json::parse(s->Text(0)).value("action", "");
        CHECK(actions == "shown,clicked");
    }
    CHECK(f.Events("recommendation",
                   {{"rec", "REC-000001"}, {"sku", "JKT-1-L-NAV"}, {"context", "exchange"}},
                   "case_id = 'case-1' AND customer_id = 1 AND channel = 'widget'") == 2);
    CHECK(f.Count("SELECT COUNT(*) FROM outbound_email WHERE subject LIKE '%exchange%'") == 1);

    // An exchanged order is not refunded too, and not exchanged twice.
    Response refund =
        f.Run("issue_refund", {{"order_number", "LW-100008"}, {"method", "original_payment"}});
    CHECK(refund.outcome == "refused");
    CHECK(Contains(Reason(refund), "exchanged for another size (order LW-200003)"));
    Response again =
        f.Run("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_small"}});
    CHECK(again.outcome == "none");
    Response twice =
        f.Run("create_exchange", {{"order_number", "LW-100008"}, {"rec", "REC-000001"}});
    CHECK(twice.outcome == "refused");
    CHECK(twice.decision["verdict"] == "refuse");
    CHECK(Contains(Reason(twice), "already exchanged (LW-200003)"));
}

TEST_CASE("catalogue: a sold-out next size is said plainly and nothing is recommended") {
    Shop f;
    Response r = f.Run("find_exchange", {{"order_number", "LW-100001"}, {"reason", "too_small"}});
    CHECK(r.outcome == "sold_out");
    CHECK(r.result["size"] == "M");
    CHECK(r.result["from_size"] == "S");
    CHECK(r.result["colour"] == "Black");
    CHECK(r.result["item"] == "Merino Base Layer");
    CHECK_FALSE(r.result.contains("rec"));
    CHECK(f.Count("SELECT COUNT(*) FROM recommendations") == 0);
    CHECK(f.Events("recommendation") == 0);

    SUBCASE("no size further down, nothing in sizes") {
        CHECK(f.Run("find_exchange", {{"order_number", "LW-100001"}, {"reason", "too_big"}})
                  .outcome == "none");
        CHECK(f.Run("find_exchange", {{"order_number", "LW-100003"}, {"reason", "too_big"}})
                  .outcome == "none");
    }
    SUBCASE("it sells out between the offer and the choice: refused by exchange_in_stock") {
        REQUIRE(f.Run("create_return", {{"order_number", "LW-100008"}, {"reason", "too_big"}})
                    .outcome == "ok");
        Response offer =
            f.Run("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_big"}});
        REQUIRE(offer.outcome == "ok");
        CHECK(offer.result["size"] == "S");
        REQUIRE(f.db->Exec("UPDATE product_variants SET stock = 0 WHERE id = 1"));
        Response made = f.Run("create_exchange", {{"order_number", "LW-100008"},
                                                  {"rec", offer.result["rec"].get<std::string>()}});
        CHECK(made.outcome == "refused");
        CHECK(Contains(Reason(made), "size S in Navy has just sold out"));
        CHECK(made.decision["checks"].dump().find("exchange_in_stock") != std::string::npos);
        CHECK(f.Count("SELECT COUNT(*) FROM exchanges") == 0);
        CHECK(f.Events("recommendation", {{"action", "clicked"}}) == 0);
    }
    SUBCASE("no return open yet: refused by exchange_return_open") {
        Response offer =
            f.Run("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_small"}});
        REQUIRE(offer.outcome == "ok");
        Response made =
            f.Run("create_exchange", {{"order_number", "LW-100008"}, {"rec", "REC-000001"}});
        CHECK(made.outcome == "refused");
        CHECK(Contains(Reason(made), "no return open"));
    }
}

TEST_CASE("catalogue: exchanges only for the order's owner and its own offer") {
    Shop f;
    CHECK(f.Run("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_small"}}, 2)
              .outcome == "not_owner");
    REQUIRE(
        f.Run("create_return", {{"order_number", "LW-100008"}, {"reason", "too_small"}}).outcome ==
        "ok");
    REQUIRE(
        f.Run("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_small"}}).outcome ==
        "ok");
    CHECK(f.Run("create_exchange", {{"order_number", "LW-100008"}, {"rec", "REC-000001"}}, 2)
              .outcome == "not_owner");
    // An offer made for another order is not this one's.
    Response wrong =
        f.Run("create_exchange", {{"order_number", "LW-100005"}, {"rec", "REC-000001"}});
    CHECK(wrong.outcome == "not_found");
    Request visitor =
        Fixture::Make("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_small"}}, 0);
    CHECK(f.Run(visitor).outcome == "not_verified");
    CHECK(f.Count("SELECT COUNT(*) FROM exchanges") == 0);
    CHECK(f.Count("SELECT stock FROM product_variants WHERE id = 3") == 4);
}

TEST_CASE("catalogue: a replayed exchange acts once") {
    Shop f;
    REQUIRE(
        f.Run("create_return", {{"order_number", "LW-100008"}, {"reason", "too_small"}}).outcome ==
        "ok");
    REQUIRE(
        f.Run("find_exchange", {{"order_number", "LW-100008"}, {"reason", "too_small"}}).outcome ==
        "ok");
    Request q =
        Fixture::Make("create_exchange", {{"order_number", "LW-100008"}, {"rec", "REC-000001"}});
    q.idempotency_key = "swap-1";
    Response first = f.Run(q);
    Response replay = f.Run(q);
    REQUIRE(first.outcome == "ok");
    CHECK(replay.replayed);
    CHECK(replay.result == first.result);
    CHECK(f.Count("SELECT COUNT(*) FROM exchanges") == 1);
    CHECK(f.Count("SELECT COUNT(*) FROM orders WHERE payment_method = 'exchange'") == 1);
    CHECK(f.Count("SELECT stock FROM product_variants WHERE id = 3") == 3);
    CHECK(f.Events("recommendation", {{"action", "clicked"}}) == 1);
}

TEST_CASE("catalogue: an accessory for an order is recorded shown, then clicked once") {
    Shop f;
    Response r = f.Run("recommend", {{"context", "accessory"}, {"order_number", "LW-100001"}});
    REQUIRE(r.outcome == "ok");
    // The sock: first "often bought with" the base layer; the jacket she has bought already.
    CHECK(r.result["sku"] == "SCK-1");
    CHECK(r.result["name"] == "Trail Sock");
    CHECK(r.result["price"] == "22.00 USD");
    CHECK(r.result["url"] == "https://larchwood.example/p/SCK-1?rec=REC-000001");
    CHECK(f.Events("recommendation", {{"context", "accessory"}, {"action", "shown"}}) == 1);
    // Asked again in the same conversation: nothing new to offer (the mug goes with jackets).
    CHECK(f.Run("recommend", {{"context", "accessory"}, {"order_number", "LW-100001"}}).outcome ==
          "none");

    Response taken = f.Run("recommendation_clicked", {{"rec", "REC-000001"}});
    REQUIRE(taken.outcome == "ok");
    CHECK(taken.result["url"] == "https://larchwood.example/p/SCK-1?rec=REC-000001");
    CHECK(taken.result["again"] == false);
    Response twice = f.Run("recommendation_clicked", {{"rec", "REC-000001"}});
    CHECK(twice.outcome == "ok");
    CHECK(twice.result["again"] == true);
    CHECK(f.Events("recommendation", {{"action", "clicked"}}) == 1);

    // Another conversation (and customer) cannot take it: not found, nothing written.
    Request other = Fixture::Make("recommendation_clicked", {{"rec", "REC-000001"}}, 2);
    other.case_id = "case-2";
    CHECK(f.Run(other).outcome == "not_found");
    // A visitor in the same conversation can (the link was shown there).
    Request visitor = Fixture::Make("recommendation_clicked", {{"rec", "REC-000001"}}, 0);
    CHECK(f.Run(visitor).outcome == "ok");
    CHECK(f.Events("recommendation", {{"action", "clicked"}}) == 1);

    // Spanish links go to the Spanish shop; an accessory needs an order.
    Request es =
        Fixture::Make("recommend", {{"context", "accessory"}, {"order_number", "LW-100008"}});
    es.locale = "es";
    Response mug = f.Run(es);
    CHECK(mug.result["url"] == "https://larchwood.example/es/p/MUG-1?rec=REC-000002");
    CHECK(mug.result["price"] == "18,00 USD");
    auto bad = f.runner.Run(*f.db, Fixture::Make("recommend", {{"context", "accessory"}}));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().id == "seam.actions.bad_params");
}

TEST_CASE("catalogue: win-back picks go with what the customer bought and were never bought") {
    Shop f;
    Response r = f.Run("recommend", {{"context", "win_back"}});
    REQUIRE(r.outcome == "ok");
    REQUIRE(r.result["count"] == 2);
    // Newest orders first: the sock goes with the base layer of 11-29, the mug with the jacket of
    // 11-26.
    CHECK(r.result["recommendations"][0]["sku"] == "SCK-1");
    CHECK(r.result["recommendations"][1]["sku"] == "MUG-1");
    CHECK(r.result["recommendations"][0]["label"] == "Trail Sock · 22.00 USD");
    CHECK(r.result["names"] == "Trail Sock and Camp Mug");
    CHECK(f.Events("recommendation", {{"context", "win_back"}}) == 2);
    CHECK(f.Run("recommend", {{"context", "win_back"}}).outcome == "none");
    Request visitor = Fixture::Make("recommend", {{"context", "win_back"}}, 0);
    CHECK(f.Run(visitor).outcome == "not_verified");
}

TEST_CASE("catalogue: size advice from the catalogue's stock") {
    Shop f;
    SUBCASE("usual size in stock: a recommendation with a link to the cart") {
        Response r = f.Run("advise_size",
                           {{"product", "merino base layer"}, {"size", "small"}, {"fit", "usual"}});
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["size"] == "S");
        CHECK(r.result["colours"] == "Black");
        CHECK(r.result["note"] == "Base layers are made to fit close.");
        CHECK(r.result["url"] ==
              "https://larchwood.example/cart?variant=BL-1-S-BLA&rec=REC-000001");
        CHECK(f.Events("recommendation", {{"context", "size"}, {"sku", "BL-1-S-BLA"}}) == 1);
        Response cart = f.Run("recommendation_clicked", {{"rec", "REC-000001"}});
        CHECK(cart.result["url"] ==
              "https://larchwood.example/cart?variant=BL-1-S-BLA&rec=REC-000001");
    }
    SUBCASE("usually tight: one size up, sold out, said so") {
        Response r =
            f.Run("advise_size", {{"product", "BL-1-S-BLA"}, {"size", "S"}, {"fit", "tight"}});
        CHECK(r.outcome == "sold_out");
        CHECK(r.result["size"] == "M");
        CHECK(f.Count("SELECT COUNT(*) FROM recommendations") == 0);
    }
    SUBCASE("a visitor may ask; unknown items and sizes are said so; one size is one size") {
        Request visitor = Fixture::Make(
            "advise_size", {{"product", "ridge shell"}, {"size", "M"}, {"fit", "loose"}}, 0);
        Response r = f.Run(visitor);
        REQUIRE(r.outcome == "ok");
        CHECK(r.result["size"] == "S");
        CHECK(f.Count("SELECT COUNT(*) FROM recommendations WHERE customer_id IS NULL AND "
                      "case_id = 'case-1'") == 1);
        Response size =
            f.Run("advise_size", {{"product", "JKT-1"}, {"size", "XXL"}, {"fit", "usual"}});
        CHECK(size.outcome == "no_match");
        CHECK(size.result["sizes"] == "S, M and L");
        CHECK(f.Run("advise_size", {{"product", "rocket boots"}, {"size", "M"}, {"fit", "usual"}})
                  .outcome == "not_found");
        Response lamp = f.Run("advise_size",
                              {{"product", "Clearance Headlamp"}, {"size", "M"}, {"fit", "usual"}});
        CHECK(lamp.outcome == "none");
        CHECK(lamp.result["in_stock"] == true);
    }
}

TEST_CASE("catalogue: the retention offer's answer is recorded, then every other month") {
    Shop f;
    Response r =
        f.Run("retention_offer", {{"subscription", "coffee_club"}, {"choice", "downgrade"}});
    REQUIRE(r.outcome == "ok");
    CHECK(f.Events("retention_offer") == 2);
    CHECK(f.Events("retention_offer",
                   {{"offer", "downgrade"}, {"accepted", true}, {"subscription", "coffee_club"}},
                   "case_id = 'case-1' AND customer_id = 1") == 1);
    CHECK(f.Events("retention_offer", {{"offer", "pause"}, {"accepted", false}}) == 1);
    CHECK(f.Count("SELECT COUNT(*) FROM retention_offers WHERE accepted = 1 AND offer = "
                  "'downgrade'") == 1);
    CHECK(f.Events("recommendation", {{"context", "retention"}, {"action", "shown"}}) == 2);
    CHECK(f.Events("recommendation",
                   {{"sku", "coffee_club:every_other_month"}, {"action", "clicked"}}) == 1);

    Response down = f.Run("downgrade_subscription", {{"subscription", "coffee_club"}});
    REQUIRE(down.outcome == "ok");
    CHECK(down.result["next_renewal"] == "2026-12-15");
    CHECK(down.result["price"] == "19.00 USD");
    CHECK(f.Count("SELECT every_months FROM subscriptions WHERE id = 1") == 2);
    Response again = f.Run("downgrade_subscription", {{"subscription", "coffee_club"}});
    CHECK(again.outcome == "refused");
    CHECK(Contains(Reason(again), "already comes every other month"));

    // Declining both (a cancel) is recorded too; no subscription: nothing to record.
    f.Run("retention_offer", {{"subscription", "coffee_club"}, {"choice", "cancel"}});
    CHECK(f.Events("retention_offer", {{"accepted", false}}) == 3);
    CHECK(f.Run("retention_offer", {{"subscription", "coffee_club"}, {"choice", "keep"}}, 2)
              .outcome == "none");
    Request visitor =
        Fixture::Make("retention_offer", {{"subscription", "coffee_club"}, {"choice", "pause"}}, 0);
    CHECK(f.Run(visitor).outcome == "not_verified");
}

TEST_CASE("catalogue: a review is stored once, for a delivered order of the customer's own") {
    Shop f;
    Response r =
        f.Run("submit_review",
              {{"order_number", "LW-100001"}, {"rating", "2"}, {"comment", "Itchy seams"}});
    REQUIRE(r.outcome == "ok");
    CHECK(r.result["low"] == true);
    CHECK(f.Text("SELECT rating || '|' || comment || '|' || case_id FROM reviews WHERE order_id "
                 "= 1") == "2|Itchy seams|case-1");
    Response again = f.Run("submit_review", {{"order_number", "LW-100001"}, {"rating", 5}});
    CHECK(again.outcome == "refused");
    CHECK(Contains(Reason(again), "already rated this order"));
    Response happy = f.Run("submit_review", {{"order_number", "LW-100008"}, {"rating", "5 stars"}});
    CHECK(happy.outcome == "ok");
    CHECK(happy.result["low"] == false);
    CHECK(f.Count("SELECT COUNT(*) FROM reviews WHERE order_id = 10 AND comment IS NULL") == 1);
    Response early = f.Run("submit_review", {{"order_number", "LW-100006"}, {"rating", 4}});
    CHECK(early.outcome == "refused");
    CHECK(Contains(Reason(early), "hasn't been delivered yet"));
    CHECK(f.Run("submit_review", {{"order_number", "LW-100002"}, {"rating", 4}}, 2).outcome ==
          "not_owner");
    auto bad = f.runner.Run(
        *f.db, Fixture::Make("submit_review", {{"order_number", "LW-100002"}, {"rating", 7}}));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().id == "seam.actions.bad_params");
    CHECK(f.Count("SELECT COUNT(*) FROM reviews") == 2);
}

TEST_CASE("catalogue: \"don't send me these\" is kept for the proactive triggers") {
    Shop f;
    Response r = f.Run("opt_out_proactive", {{"topic", "win_back"}});
    REQUIRE(r.outcome == "ok");
    CHECK(r.result["already"] == false);
    CHECK(f.Run("opt_out_proactive", {{"topic", "win_back"}}).result["already"] == true);
    CHECK(f.Count("SELECT COUNT(*) FROM proactive_opt_outs WHERE customer_id = 1 AND topic = "
                  "'win_back' AND case_id = 'case-1'") == 1);
    Request visitor = Fixture::Make("opt_out_proactive", {{"topic", "all"}}, 0);
    CHECK(f.Run(visitor).outcome == "not_verified");
}
