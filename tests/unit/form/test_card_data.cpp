// tests/unit/form/test_card_data.cpp — card data in customer messages (PCI DSS: never kept), as a
// table: y_ messages carry card data and must come out of RedactCardData() as written in the
// table; n_ messages carry none (dates, order numbers, amounts, door codes...) and must come out
// unchanged. Then properties over the table and over generated card messages, and the callers
// that rely on it (form::Validate, assistant::MessageEvent through form::ContainsCardNumber).
#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/form/validate.hpp"
#include "seam/nlu/entities.hpp"

namespace {

struct Row {
    const char* name;      // y_...: card data found and removed; n_...: the message is kept
    const char* input;     // what the customer typed
    const char* expected;  // y_: RedactCardData(input), "#" standing for the placeholder
};

// [SECTION] Tables

const std::vector<Row> kCardDataEn = {
    // The number, and what is pasted with it.
    {"y_en_number_exp_cvv_mid_request",
     "my card 4111 1111 1111 1111 exp 08/27 cvv 123 was charged twice",
     "my card # was charged twice"},
    {"y_en_number_spaces", "pay with 4111 1111 1111 1111 please", "pay with # please"},
    {"y_en_number_dashes", "card 4111-1111-1111-1111 ok", "card # ok"},
    {"y_en_number_plain_two", "a 4111111111111111 b 5500000000000004", "a # b #"},
    {"y_en_amex_15_with_cid", "amex 378282246310005 exp 09/28 cid 1234", "amex #"},
    {"y_en_amex_4_6_5_with_cvv4", "3782 822463 10005 cvv 4567", "#"},
    {"y_en_tail_commas", "5555 5555 5555 4444, 08/27, 123", "#"},
    {"y_en_tail_spaces", "5555 5555 5555 4444 08 27 123", "#"},
    {"y_en_tail_slashes", "4111111111111111 | 12/2029 | 987 thanks", "# thanks"},
    {"y_en_tail_lines", "4111 1111 1111 1111\n08/27\n123", "#\n#\n#"},
    {"y_en_number_then_year", "4111 1111 1111 1111 2027", "#"},
    {"y_en_number_makes_any_mm_yy_an_expiry", "4111111111111111 charged on 08/12",
     "# charged on #"},
    // Expiry dates.
    {"y_en_exp_mm_yy", "exp 08/27", "#"},
    {"y_en_exp_mm_yyyy", "exp 08/2027", "#"},
    {"y_en_expiry_mm_dash_yy", "expiry: 08-27", "#"},
    {"y_en_exp_dot_mm_yy", "exp. 08.27", "#"},
    {"y_en_exp_mm_space_yy", "exp 08 27", "#"},
    {"y_en_exp_mmyy", "exp 0827", "#"},
    {"y_en_exp_month_name", "exp August 2027", "#"},
    {"y_en_expiration_date_is", "the expiration date is 08/27", "the #"},
    {"y_en_expires_m_yy", "expires 8/27", "#"},
    {"y_en_card_expires_on", "my card expires on 08/27 and I need a new one",
     "my card # and I need a new one"},
    {"y_en_valid_thru", "valid thru 12/29", "#"},
    {"y_en_card_word_then_date", "card: 08/2027 please", "card: # please"},
    // Security codes.
    {"y_en_cvv_alone", "cvv 123", "#"},
    {"y_en_cvc_colon_4_digits", "cvc: 4567", "#"},
    {"y_en_cvv2", "CVV2 123", "#"},
    {"y_en_cvv_glued", "cvv123", "#"},
    {"y_en_ccv_typo", "ccv is 321", "#"},
    {"y_en_security_code", "security code 321", "#"},
    {"y_en_the_security_code_is", "the security code is 321", "the #"},
    {"y_en_card_verification_value", "card verification value 987", "card #"},
    {"y_en_exp_and_cvv_in_sentence", "it says exp 11/26 and cvv 045, is that ok?",
     "it says # and #, is that ok?"},
    // Last four digits.
    {"y_en_card_ending_in", "my card ending in 4242 was charged twice",
     "my card # was charged twice"},
    {"y_en_visa_that_ends_with", "the visa that ends with 4242", "the visa #"},
    {"y_en_amex_ending", "amex ending 0005", "amex #"},
    {"y_en_card_last_4_digits", "card last 4 digits 4242", "card #"},
    {"y_en_last_four_of_my_card", "the last four digits of my card are 4242", "#"},
    {"y_en_ending_in_masked_x", "visa ending in x4242", "visa #"},
    {"y_en_masked_stars", "charged to **** 4242", "charged to #"},
    {"y_en_masked_stars_glued", "****4242", "#"},
    {"y_en_masked_x_groups", "card xxxx-xxxx-xxxx-4242", "card #"},
    {"y_en_masked_old_redaction", "**** **** **** 1111", "#"},
};

const std::vector<Row> kCardDataEs = {
    {"y_es_number_vence_codigo",
     "mi tarjeta 4111 1111 1111 1111 vence 08/27 código de seguridad 123", "mi tarjeta #"},
    {"y_es_number_dashes", "mi tarjeta: 4111-1111-1111-1111", "mi tarjeta: #"},
    {"y_es_terminada_en", "mi tarjeta terminada en 4242 tiene un cargo doble",
     "mi tarjeta # tiene un cargo doble"},
    {"y_es_que_acaba_en", "la tarjeta que acaba en 4242", "la tarjeta #"},
    {"y_es_termina_en", "me cobraron dos veces en la visa que termina en 4242",
     "me cobraron dos veces en la visa #"},
    {"y_es_ultimos_4_digitos", "los últimos 4 dígitos de mi tarjeta son 4242", "#"},
    {"y_es_caduca_mm_yyyy", "caduca 08/2027", "#"},
    {"y_es_vence_mm_yy", "vence 08/27", "#"},
    {"y_es_tarjeta_vence_el", "mi tarjeta vence el 08/27", "mi tarjeta #"},
    {"y_es_tarjeta_credito_vence", "mi tarjeta de crédito vence 11/26", "mi tarjeta de crédito #"},
    {"y_es_fecha_de_caducidad", "fecha de caducidad: 08/27", "#"},
    {"y_es_vencimiento_espacio", "vencimiento 08 27", "#"},
    {"y_es_vto_guion", "vto 08-27", "#"},
    {"y_es_caduca_agosto", "caduca agosto de 2027", "#"},
    {"y_es_codigo_de_seguridad", "código de seguridad 123", "#"},
    {"y_es_codigo_seguridad_4", "codigo seguridad: 4567", "#"},
    {"y_es_el_cvv_es", "el cvv es 456", "el #"},
    {"y_es_codigo_cvv", "código CVV 789", "#"},
};

// Not card data: kept exactly as typed (and never refused by the forms).
const std::vector<Row> kNotCardData = {
    {"n_order_prefixed", "where is my order LW-104233?", nullptr},
    {"n_order_bare", "order 104233 hasn't arrived", nullptr},
    {"n_invoice", "factura INV-2026-004512", nullptr},
    {"n_deliver_on_date", "can you deliver on 08/12?", nullptr},
    {"n_date_alone", "08/27", nullptr},
    {"n_date_iso", "the order shipped 2026-08-12", nullptr},
    {"n_full_date_after_exp", "exp 08/27/2026", nullptr},
    {"n_amount", "I was charged $49.99 twice", nullptr},
    {"n_amount_es", "me cobraron 49,99 € dos veces", nullptr},
    {"n_zip", "my zip code is 97201", nullptr},
    {"n_postal_es", "código postal 08027", nullptr},
    {"n_phone", "call me at +1 (503) 555-0142", nullptr},
    {"n_phone_luhn_valid", "001 503 555 0142", nullptr},
    {"n_rating", "4/5 stars", nullptr},
    {"n_size", "size 10/11 please", nullptr},
    {"n_quantity", "I need 2 pairs", nullptr},
    {"n_luhn_fails", "4111 1111 1111 1112", nullptr},
    {"n_twelve_digits", "ref 411111111111", nullptr},
    {"n_card_word_only", "there's a charge on my card I don't recognise", nullptr},
    {"n_card_charged_on_date", "my card was charged on 08/12", nullptr},
    {"n_card_with_amount_date_order", "my card was charged $49.99 on 08/12 for LW-104233", nullptr},
    {"n_what_is_a_cvv", "what is a cvv?", nullptr},
    {"n_cvv_no_digits", "do you need my cvv", nullptr},
    {"n_security_code_six_digits", "security code 123456", nullptr},
    {"n_verification_code", "my verification code 123456 never arrived", nullptr},
    {"n_gate_security_code", "the gate security code is 4321", nullptr},
    {"n_door_codigo_seguridad", "el código de seguridad de la puerta es 1234", nullptr},
    {"n_expires_on_date", "it expires on 08/12", nullptr},
    {"n_es_vence_el", "vence el 08/12", nullptr},
    {"n_es_factura_vence", "la factura vence el 08/12", nullptr},
    {"n_es_factura_vencimiento", "fecha de vencimiento de la factura: 08/12", nullptr},
    {"n_coupon_expires", "the coupon expires 12/26", nullptr},
    {"n_link_expired", "the reset link expired 03/11", nullptr},
    {"n_link_expires_in_hours", "the link expires in 1 hour", nullptr},
    {"n_es_enlace_caduca", "el enlace caduca en 1 hora", nullptr},
    {"n_store_credit_expires", "my store credit expires 08/27", nullptr},
    {"n_gift_card_expires", "my gift card expires 12/27", nullptr},
    {"n_es_tarjeta_regalo_caduca", "la tarjeta regalo caduca 12/27", nullptr},
    {"n_ending_without_card", "ending in 4242", nullptr},
    {"n_last_4_without_card", "the last 4 digits are 4242", nullptr},
    {"n_phone_ends_in_card_message", "my card was declined, my phone ends in 0142", nullptr},
    {"n_order_ending_in_card_message", "I paid with my card, the order ending in 4233 never came",
     nullptr},
    {"n_last_4_of_phone", "card declined; last 4 digits of my phone are 0142", nullptr},
    {"n_es_pedido_termina_en", "mi tarjeta fue rechazada, el pedido que termina en 4233", nullptr},
    {"n_es_ultimos_4_telefono", "mi tarjeta, los últimos 4 dígitos de mi teléfono son 0142",
     nullptr},
    {"n_three_stars", "***", nullptr},
    {"n_empty", "", nullptr},
};

std::string Expected(const Row& row) {
    if (row.expected == nullptr) return row.input;
    std::string out;
    for (const char* p = row.expected; *p; ++p) {
        if (*p == '#') {
            out += seam::nlu::kCardDataRemoved;
        } else {
            out.push_back(*p);
        }
    }
    return out;
}

int RunCardTable(const std::vector<Row>& rows) {
    int count = 0;
    for (const Row& row : rows) {
        const std::string name = row.name;
        const std::string input = row.input;
        CAPTURE(name);
        CAPTURE(input);
        const bool card = name.compare(0, 2, "y_") == 0;
        const bool well_named = card || name.compare(0, 2, "n_") == 0;
        SEAM_CHECK_OR_BREAK(well_named);
        SEAM_CHECK_OR_BREAK(card == (row.expected != nullptr));
        const std::string redacted = seam::nlu::RedactCardData(input);
        CHECK(redacted == Expected(row));
        CHECK(seam::nlu::ContainsCardData(input) == card);
        CHECK(seam::form::ContainsCardData(input) == card);
        CHECK(seam::form::ContainsCardNumber(input) == card);  // the old name, same answer
        CHECK(seam::form::RedactCardNumbers(input) == redacted);
        CHECK(seam::nlu::FindCardData(input).empty() == !card);
        // Redacting again finds nothing more.
        CHECK(seam::nlu::RedactCardData(redacted) == redacted);
        CHECK_FALSE(seam::nlu::ContainsCardData(card ? redacted : std::string("")));
        ++count;
    }
    return count;
}

std::string Digits(std::uint64_t r, int n) {
    std::string s;
    for (int i = 0; i < n; ++i, r /= 10)
        s.push_back(static_cast<char>('0' + r % 10));
    return s;
}

//! A Luhn-valid number of `length` digits starting with `prefix`.
std::string LuhnNumber(seam::testing::FuzzBytes& fuzz, const std::string& prefix, int length) {
    std::string s = prefix;
    while (static_cast<int>(s.size()) < length - 1)
        s.push_back(static_cast<char>('0' + fuzz.Next() % 10));
    int sum = 0;
    bool twice = true;  // the check digit is not doubled, so the one before it is
    for (std::size_t k = s.size(); k-- > 0;) {
        int d = s[k] - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    s.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return s;
}

std::string Grouped(const std::string& digits, char sep) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back(sep);
        out.push_back(digits[i]);
    }
    return out;
}

}  // namespace

TEST_CASE("card data: English table") {
    CHECK(RunCardTable(kCardDataEn) >= 40);
}

TEST_CASE("card data: Spanish table") {
    CHECK(RunCardTable(kCardDataEs) >= 15);
}

TEST_CASE("card data: what is not card data is kept as typed") {
    CHECK(RunCardTable(kNotCardData) >= 40);
}

TEST_CASE("card data: the tables' names are unique") {
    std::set<std::string> names;
    for (const auto* table : {&kCardDataEn, &kCardDataEs, &kNotCardData}) {
        for (const Row& row : *table) {
            CAPTURE(row.name);
            CHECK(names.insert(row.name).second);
        }
    }
}

TEST_CASE("card data: kinds and offsets point at what the customer typed") {
    const std::string text = "card 4111 1111 1111 1111 exp 08/27 cvv 123, ending in 1111";
    const std::vector<seam::nlu::CardData> found = seam::nlu::FindCardData(text);
    REQUIRE(found.size() == 4);
    CHECK(found[0].kind == seam::nlu::CardDataKind::kNumber);
    CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "4111 1111 1111 1111");
    CHECK(found[1].kind == seam::nlu::CardDataKind::kExpiry);
    CHECK(text.substr(found[1].begin, found[1].end - found[1].begin) == "exp 08/27");
    CHECK(found[2].kind == seam::nlu::CardDataKind::kSecurityCode);
    CHECK(text.substr(found[2].begin, found[2].end - found[2].begin) == "cvv 123");
    CHECK(found[3].kind == seam::nlu::CardDataKind::kLastFour);
    CHECK(text.substr(found[3].begin, found[3].end - found[3].begin) == "ending in 1111");
    // Accents and other scripts around the data are copied byte for byte.
    CHECK(seam::nlu::RedactCardData("caf\xC3\xA9 4111111111111111 \xE2\x9C\x93") ==
          "caf\xC3\xA9 [card data removed] \xE2\x9C\x93");
}

// Every generated paste of a whole card, in either language, loses every digit of its number,
// expiry, security code and last four; the words around it stay.
TEST_CASE("card data: generated card messages keep none of the card") {
    seam::testing::FuzzBytes fuzz(20261122);
    static const char* kPrefixes[] = {"4", "51", "55", "34", "37", "6011"};
    int checked = 0;
    for (int i = 0; i < 400; ++i) {
        const std::string prefix = kPrefixes[fuzz.Next() % 6];
        const bool amex = prefix == "34" || prefix == "37";
        const std::string number = LuhnNumber(fuzz, prefix, amex ? 15 : 16);
        const std::string last4 = number.substr(number.size() - 4);
        const int month = static_cast<int>(fuzz.Next() % 12) + 1;
        const std::string mm = (month < 10 ? "0" : "") + std::to_string(month);
        const std::string yy = Digits(fuzz.Next() % 90 + 10, 2);
        const std::string code = Digits(fuzz.Next() + 1000, amex ? 4 : 3);
        const bool spanish = fuzz.Next() % 2 == 0;
        const char sep = fuzz.Next() % 2 == 0 ? ' ' : '-';
        const std::string shown = fuzz.Next() % 3 == 0 ? number : Grouped(number, sep);
        const std::string expiry =
            fuzz.Next() % 2 == 0 ? mm + "/" + yy : mm + "/20" + std::string(yy);
        std::string message;
        switch (fuzz.Next() % 4) {
            case 0:
                message = spanish ? "hola, mi tarjeta " + shown + " vence " + expiry +
                                        " código de seguridad " + code + " no funciona"
                                  : "hi, my card " + shown + " exp " + expiry + " cvv " + code +
                                        " doesn't work";
                break;
            case 1:
                message = spanish ? "tarjeta que termina en " + last4 + ", caduca " + expiry +
                                        ", cvv " + code
                                  : "card ending in " + last4 + ", expires " + expiry +
                                        ", security code " + code;
                break;
            case 2:
                message = shown + " " + expiry + " " + code;
                break;
            default:
                message = spanish ? "los últimos 4 dígitos de mi tarjeta son " + last4 +
                                        " y la fecha de caducidad " + expiry
                                  : "the last four digits of my card are " + last4 +
                                        " and the expiry date is " + expiry;
                break;
        }
        const std::string redacted = seam::nlu::RedactCardData(message);
        CAPTURE(message);
        CAPTURE(redacted);
        SEAM_CHECK_OR_BREAK(seam::form::ContainsCardData(message));
        SEAM_CHECK_OR_BREAK(redacted.find(last4) == std::string::npos);
        SEAM_CHECK_OR_BREAK(redacted.find(expiry) == std::string::npos);
        SEAM_CHECK_OR_BREAK(redacted.find(mm + "/") == std::string::npos);
        SEAM_CHECK_OR_BREAK(redacted.find(code) == std::string::npos);
        SEAM_CHECK_OR_BREAK(redacted.find(number.substr(0, 4)) == std::string::npos);
        bool any_digit = false;
        for (char c : redacted)
            any_digit = any_digit || (c >= '0' && c <= '9');
        SEAM_CHECK_OR_BREAK(!any_digit);
        SEAM_CHECK_OR_BREAK(redacted.find(seam::nlu::kCardDataRemoved) != std::string::npos);
        ++checked;
    }
    CHECK(checked == 400);
}

TEST_CASE("card data: any bytes are accepted and redaction never grows digits") {
    seam::testing::FuzzBytes fuzz(4111);
    static const char* kPieces[] = {"4111", " ",   "1111", "-",          "/",       "08",
                                    "27",   "cvv", "exp",  "ending in ", "tarjeta", "****",
                                    "\n",   ":",   "2027", "123"};
    for (int i = 0; i < 3000; ++i) {
        std::string input;
        if (i % 2 == 0) {
            input = fuzz.Bytes(static_cast<std::size_t>(fuzz.Next() % 48));
        } else {
            const int n = static_cast<int>(fuzz.Next() % 14);
            for (int k = 0; k < n; ++k)
                input += kPieces[fuzz.Next() % 16];
        }
        CAPTURE(input);
        const std::string redacted = seam::nlu::RedactCardData(input);
        const bool found = seam::nlu::ContainsCardData(input);
        SEAM_CHECK_OR_BREAK(found == (redacted != input));
        std::size_t digits_in = 0, digits_out = 0;
        for (char c : input)
            digits_in += c >= '0' && c <= '9';
        for (char c : redacted)
            digits_out += c >= '0' && c <= '9';
        SEAM_CHECK_OR_BREAK(digits_out <= digits_in);
        for (const seam::nlu::CardData& d : seam::nlu::FindCardData(input)) {
            const bool inside = d.begin < d.end && d.end <= input.size();
            SEAM_CHECK_OR_BREAK(inside);
        }
    }
}

TEST_CASE("card data: forms refuse any of it and never echo it") {
    seam::form::FieldRules rules;
    rules.type = "text";
    for (const char* input : {"cvv 123", "exp 08/27", "my card ending in 4242",
                              "código de seguridad 123", "4111 1111 1111 1111"}) {
        CAPTURE(input);
        const seam::form::Validation v = seam::form::Validate(input, rules);
        CHECK_FALSE(v.ok);
        CHECK(v.error_id == "seam.form.card_number");
        CHECK(v.value.is_null());
    }
    rules.type = "date";
    rules.today = seam::form::Date{2026, 3, 10};
    CHECK(seam::form::Validate("08/12", rules).ok);  // a date, not an expiry
    rules.type = "postal_code";
    rules.region = "ES";
    CHECK(seam::form::Validate("08027", rules).ok);
}
