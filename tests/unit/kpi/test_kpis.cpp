// tests/unit/kpi/test_kpis.cpp — the KPI fixtures (tests/kpi/*.json) and the re-asked slot table.
//
// A fixture is {"name", "why", "range": {"from", "to"}, "filter"?, "events": [...], "expected":
// {...}} (fixtures.hpp says how "expected" is compared). A fixture with "expected_error" instead
// names the error id ParseEvents must return. tests/kpi/proactive/ is test_proactive_kpis.cpp's.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/files.hpp"
#include "fixtures.hpp"
#include "seam/kpi/kpis.hpp"

using nlohmann::json;
using namespace seam::kpi;

using seam::testing::CompareReport;

TEST_CASE("kpi: fixtures in tests/kpi compute the hand-computed reports") {
    const std::vector<std::string> names = seam::testing::KpiFixtureNames("tests/kpi");
    CHECK(names.size() >= 6);  // the listing found the fixtures (guards an empty directory read)
    for (const std::string& file : names) {
        CAPTURE(file);
        bool ok = false;
        const std::string text =
            seam::testing::ReadFile(seam::testing::SourcePath("tests/kpi/" + file), &ok);
        CHECK(ok);
        const json fixture = json::parse(text, nullptr, false);
        if (fixture.is_discarded() || !fixture.is_object()) {
            FAIL_CHECK("not a JSON object");
            continue;
        }
        CHECK(fixture.value("why", std::string()).size() > 0);
        const seam::Result<std::vector<Event>> events =
            ParseEvents(fixture.value("events", json()));
        if (fixture.contains("expected_error")) {
            CHECK(!events);
            if (!events) CHECK(events.error().id == fixture["expected_error"].get<std::string>());
            continue;
        }
        if (!events) {
            FAIL_CHECK(events.error().message);
            continue;
        }
        const json& r = fixture["range"];
        const Range range{r.value("from", std::int64_t{0}), r.value("to", std::int64_t{0})};
        Filter filter;
        if (fixture.contains("filter")) {
            filter.intent = fixture["filter"].value("intent", std::string());
            filter.channel = fixture["filter"].value("channel", std::string());
        }
        const json report = Compute(*events, range, filter);
        std::vector<std::string> problems;
        CompareReport(fixture["expected"], report, "", problems);
        for (const std::string& p : problems)
            FAIL_CHECK(p);
        CHECK(problems.empty());
    }
}

TEST_CASE("kpi: every ratio is null when its denominator is zero (empty log)") {
    const json report = Compute({}, {0, 1000});
    for (const char* key :
         {"first_response_seconds", "first_response_p50_seconds", "resolution_rate",
          "average_resolution_seconds", "first_contact_resolution", "self_service_resolution_rate",
          "containment", "escalation_rate", "escalation_quality", "csat", "csat_bot",
          "csat_agent"}) {
        CAPTURE(key);
        CHECK(report["overall"][key].is_null());
    }
    CHECK(report["overall"]["volume"] == 0);
    CHECK(report["by_intent"].empty());
    CHECK(report["range"] == json({{"from", 0}, {"to", 1000}}));
}

TEST_CASE("kpi: ParseEvents accepts data stored as text and rejects malformed rows") {
    const json rows = json::parse(R"([
        {"at": 5, "case_id": "c1", "customer_id": null, "channel": "sms", "kind": "csat",
         "intent": null, "data": "{\"rating\": 5, \"handled_by\": \"bot\"}"}])",
                                  nullptr, false);
    const auto parsed = ParseEvents(rows);
    SEAM_REQUIRE_OR_RETURN(parsed.ok());
    SEAM_REQUIRE_OR_RETURN(parsed->size() == 1);
    CHECK((*parsed)[0].customer_id == 0);
    CHECK((*parsed)[0].data["rating"] == 5);
    CHECK((*parsed)[0].intent.empty());
    // A row of no case (a business event, a proactive decision that sent nothing): case_id null.
    const auto no_case = ParseEvents(json::parse(
        R"([{"at": 6, "case_id": null, "kind": "business_event", "data": {"type": "order.created"}}])",
        nullptr, false));
    SEAM_REQUIRE_OR_RETURN(no_case.ok());
    CHECK((*no_case)[0].case_id.empty());
    struct Bad {
        const char* rows;
        const char* message_contains;
    };
    for (const Bad& bad : std::vector<Bad>{
             {R"({"at": 1})", "expected an array"},
             {R"([{"case_id": "c", "kind": "csat"}])", "/0/at"},
             {R"([{"at": 1.5, "case_id": "c", "kind": "csat"}])", "/0/at"},
             {R"([{"at": 1, "case_id": "", "kind": "csat"}])", "/0/case_id"},
             {R"([{"at": 1, "kind": "csat"}])", "/0/case_id"},
             {R"([{"at": 1, "case_id": 5, "kind": "csat"}])", "/0/case_id"},
             {R"([{"at": 1, "case_id": "c", "kind": "csat"}, {"at": 1, "case_id": "c"}])",
              "/1/kind"},
             {R"([{"at": 1, "case_id": "c", "kind": "x", "customer_id": "7"}])", "/0/customer_id"},
             {R"([{"at": 1, "case_id": "c", "kind": "x", "channel": 3}])", "/0/channel"},
             {R"([{"at": 1, "case_id": "c", "kind": "x", "data": "{not json"}])", "/0/data"},
             {R"([{"at": 1, "case_id": "c", "kind": "x", "data": [1]}])", "/0/data"}}) {
        CAPTURE(bad.rows);
        const auto r = ParseEvents(json::parse(bad.rows, nullptr, false));
        SEAM_CHECK_OR_BREAK(!r.ok());
        CHECK(r.error().id == "seam.kpi.events");
        CHECK(r.error().message.find(bad.message_contains) != std::string::npos);
    }
}

// [SECTION] Re-asked slots

TEST_CASE("kpi: ReaskedSlots finds questions that ask for held slots again (en + es)") {
    struct Case {
        const char* name;
        const char* locale;
        const char* text;
        std::vector<std::string> held;
        std::vector<std::string> expected;
    };
    const std::vector<std::string> all = {"order_number", "email",         "address", "postal_code",
                                          "date",         "reason",        "method",  "months",
                                          "subscription", "invoice_number"};
    const std::vector<Case> cases = {
        {"y_order_number_question", "en", "Hi! What is your order number?", all, {"order_number"}},
        {"y_order_hash", "en", "Could you give me the order # again", all, {"order_number"}},
        {"y_please_provide_email", "en", "Please provide your e-mail address.", all, {"email"}},
        {"y_two_slots_one_question",
         "en",
         "Can you confirm your address and ZIP code?",
         all,
         {"address", "postal_code"}},
        {"y_which_day", "en", "Which day suits you best?", all, {"date"}},
        {"y_why", "en", "Why would you like to return it?", all, {"reason"}},
        {"y_refund_method", "en", "Do you want store credit or a card refund?", all, {"method"}},
        {"y_months", "en", "How many months should we pause for?", all, {"months"}},
        {"y_subscription", "en", "Which subscription is this about?", all, {"subscription"}},
        {"y_invoice", "en", "What's the invoice number?", all, {"invoice_number"}},
        {"y_only_held_slots", "en", "What is your order number and email?", {"email"}, {"email"}},
        {"y_second_sentence_asks",
         "en",
         "Thanks, I have your order number. What's your email?",
         all,
         {"email"}},
        {"y_unknown_slot_words",
         "en",
         "Could you tell me the serial number?",
         {"serial_number", "order_number"},
         {"serial_number"}},
        {"y_es_numero_de_pedido", "es", "¿Me das el número de pedido?", all, {"order_number"}},
        {"y_es_without_accents", "es", "me das el numero de pedido?", all, {"order_number"}},
        {"y_es_puedes_correo", "es", "Puedes confirmarme tu correo", all, {"email"}},
        {"y_es_cual_direccion", "es", "Cuál es tu dirección de envío", all, {"address"}},
        {"y_es_codigo_postal", "es", "¿Y el código postal?", all, {"postal_code"}},
        {"y_es_que_dia", "es", "¿Qué día te viene bien?", all, {"date"}},
        {"y_es_motivo", "es", "¿Cuál es el motivo de la devolución?", all, {"reason"}},
        {"y_es_meses", "es", "¿Cuántos meses quieres pausarla?", all, {"months"}},
        {"y_es_factura", "es", "Por favor indica el número de factura.", all, {"invoice_number"}},
        {"n_statement_mentions_order", "en", "Your order is on its way.", all, {}},
        {"n_thanks_have_order_number", "en", "Thanks, I have your order number", all, {}},
        {"n_statement_with_full_stop", "en", "I can see your email and address here.", all, {}},
        {"n_question_other_topic", "en", "Is there anything else I can help with?", all, {}},
        {"n_slot_not_held", "en", "What is your order number?", {"email"}, {}},
        {"n_es_statement", "es", "Ya tengo tu número de pedido, gracias.", all, {}},
        {"n_es_que_is_not_a_question", "es", "Que tengas buen día, tu pedido ya salió.", all, {}},
        {"n_cant_is_not_a_question",
         "en",
         "Can’t see any problem with your order number.",
         all,
         {}},
        {"y_typographic_apostrophe", "en", "What’s your email?", all, {"email"}},
        {"n_word_inside_word", "en", "Can you check the zipper on the jacket?", all, {}},
        {"n_empty", "en", "", all, {}},
    };
    auto joined = [](const std::vector<std::string>& v) {
        std::string out;
        for (const std::string& s : v)
            out += (out.empty() ? "" : ",") + s;
        return "[" + out + "]";
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        CHECK(joined(ReaskedSlots(c.text, c.held, c.locale)) == joined(c.expected));
    }
}
