// tests/unit/form/test_validate.cpp — the form validators as tables: y_ cases must be accepted
// with the expected normalised value, n_ cases refused with the expected error id; then card
// numbers, civil dates, messages, the engine adapter and hostile input.
//
// Every table row runs with today = Tuesday 2026-03-10.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/form/date.hpp"
#include "seam/form/slot_validator.hpp"
#include "seam/form/validate.hpp"

using seam::form::Date;
using seam::form::FieldRules;
using seam::form::Validate;
using seam::form::Validation;

namespace {

struct Case {
    const char* name;  // y_... must accept, n_... must reject
    const char* type;
    const char* locale;  // also decides day/month order
    const char* region;  // phone default country, postal code format
    const char* input;
    const char* expected;  // y_: the value (strings as is, others as JSON); n_: the error id
    // Type-dependent: enum "a,b,c" values; money the default currency; text "min,max";
    // order_number "prefix,digits".
    const char* extra = "";
};

std::vector<std::string> SplitComma(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

FieldRules RulesFor(const Case& c) {
    FieldRules r;
    r.type = c.type;
    r.locale = c.locale;
    r.region = c.region;
    r.today = Date{2026, 3, 10};
    const std::string extra = c.extra;
    if (!extra.empty()) {
        const std::string type = c.type;
        const std::vector<std::string> parts = SplitComma(extra);
        if (type == "enum") r.values = parts;
        if (type == "money") r.currency = extra;
        if (type == "text" && parts.size() == 2) {
            r.min_length = static_cast<std::size_t>(std::atoi(parts[0].c_str()));
            r.max_length = static_cast<std::size_t>(std::atoi(parts[1].c_str()));
        }
        if (type == "order_number" && parts.size() == 2) {
            r.order_prefix = parts[0];
            r.order_digits = std::atoi(parts[1].c_str());
        }
    }
    return r;
}

std::string ValueText(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

int RunTable(const std::vector<Case>& cases) {
    int count = 0;
    for (const Case& c : cases) {
        const std::string name = c.name;
        const std::string input = c.input;
        CAPTURE(name);
        CAPTURE(input);
        const bool accept = name.compare(0, 2, "y_") == 0;
        const bool well_named = accept || name.compare(0, 2, "n_") == 0;
        SEAM_CHECK_OR_BREAK(well_named);
        const Validation v = Validate(c.input, RulesFor(c));
        const std::string got = ValueText(v.value);
        CAPTURE(v.error_id);
        CAPTURE(got);
        if (accept) {
            CHECK(v.ok);
            CHECK(ValueText(v.value) == c.expected);
            CHECK(v.error_id.empty());
        } else {
            CHECK_FALSE(v.ok);
            CHECK(v.error_id == c.expected);
            CHECK(v.value.is_null());
            CHECK_FALSE(v.message.empty());
            CHECK(v.message.find('{') == std::string::npos);  // every placeholder filled
        }
        ++count;
    }
    return count;
}

// [SECTION] Tables

const std::vector<Case> kEmail = {
    {"y_email_plain", "email", "en-US", "US", "name@example.com", "name@example.com"},
    {"y_email_domain_lowered", "email", "en-US", "US", "  Name.Surname@Example.COM ",
     "Name.Surname@example.com"},
    {"y_email_plus_subdomains", "email", "en-US", "US", "first+tag@mail.example.co.uk",
     "first+tag@mail.example.co.uk"},
    {"y_email_angle_brackets", "email", "es-ES", "ES", "<ana@correo.es>", "ana@correo.es"},
    {"y_email_mailto", "email", "en-US", "US", "mailto:bob@example.org", "bob@example.org"},
    {"y_email_apostrophe", "email", "en-GB", "GB", "o'brien@example.ie", "o'brien@example.ie"},
    {"y_email_sentence_dot", "email", "en-US", "US", "ana@example.com.", "ana@example.com"},
    {"y_email_hyphen_underscore", "email", "en-US", "US", "user_1@sub-domain.example.com",
     "user_1@sub-domain.example.com"},
    {"y_email_upper", "email", "es-ES", "ES", "UPPER@EXAMPLE.ES", "UPPER@example.es"},
    {"y_email_fullwidth_at", "email", "en-US", "US",
     "name\xEF\xBC\xA0"
     "example.com",
     "name@example.com"},
    {"y_email_quoted", "email", "en-US", "US", "\"name@example.com\"", "name@example.com"},
    {"n_email_missing_at", "email", "en-US", "US", "nameexample.com", "seam.form.email.missing_at"},
    {"n_email_missing_at_es", "email", "es-ES", "ES", "ana.correo.es",
     "seam.form.email.missing_at"},
    {"n_email_double_at", "email", "en-US", "US", "name@@example.com",
     "seam.form.email.multiple_at"},
    {"n_email_two_addresses", "email", "en-US", "US", "a@b.com,c@d.com",
     "seam.form.email.multiple_at"},
    {"n_email_no_name", "email", "en-US", "US", "@example.com", "seam.form.email.missing_name"},
    {"n_email_no_domain", "email", "en-US", "US", "name@", "seam.form.email.missing_domain"},
    {"n_email_no_tld", "email", "en-US", "US", "name@example", "seam.form.email.missing_tld"},
    {"n_email_short_tld", "email", "en-US", "US", "name@example.c", "seam.form.email.missing_tld"},
    {"n_email_numeric_tld", "email", "en-US", "US", "name@example.123",
     "seam.form.email.missing_tld"},
    {"n_email_space_local", "email", "en-US", "US", "name @example.com", "seam.form.email.spaces"},
    {"n_email_space_domain", "email", "es-ES", "ES", "name@exam ple.com", "seam.form.email.spaces"},
    {"n_email_comma_domain", "email", "en-US", "US", "name@example,com",
     "seam.form.email.invalid_domain"},
    {"n_email_leading_dot_domain", "email", "en-US", "US", "name@.example.com",
     "seam.form.email.invalid_domain"},
    {"n_email_double_dot_domain", "email", "en-US", "US", "name@example..com",
     "seam.form.email.invalid_domain"},
    {"n_email_hyphen_label", "email", "en-US", "US", "name@-example.com",
     "seam.form.email.invalid_domain"},
    {"n_email_leading_dot_local", "email", "en-US", "US", ".name@example.com",
     "seam.form.email.invalid_name"},
    {"n_email_double_dot_local", "email", "en-US", "US", "na..me@example.com",
     "seam.form.email.invalid_name"},
    {"n_email_bad_char_local", "email", "en-US", "US", "na(me)@example.com",
     "seam.form.email.invalid_name"},
    {"n_email_accented", "email", "es-ES", "ES", "josé@example.com", "seam.form.email.non_ascii"},
    {"n_email_only_brackets", "email", "en-US", "US", "<>", "seam.form.email.invalid"},
    {"n_email_words", "email", "en-US", "US", "I don't have one", "seam.form.email.spaces"},
};

const std::vector<Case> kPhone = {
    {"y_phone_us_parens", "phone", "en-US", "US", "(503) 555-0142", "+15035550142"},
    {"y_phone_us_dashes", "phone", "en-US", "US", "503-555-0142", "+15035550142"},
    {"y_phone_us_dots", "phone", "en-US", "US", "503.555.0142", "+15035550142"},
    {"y_phone_us_trunk_one", "phone", "en-US", "US", "1 503 555 0142", "+15035550142"},
    {"y_phone_us_international", "phone", "en-US", "US", "+1 503 555 0142", "+15035550142"},
    {"y_phone_us_international_dashes", "phone", "en-US", "US", "+1-503-555-0142", "+15035550142"},
    {"y_phone_us_double_zero", "phone", "en-US", "US", "001 503 555 0142", "+15035550142"},
    {"y_phone_us_label", "phone", "en-US", "US", "tel: +1 503 555 0142", "+15035550142"},
    {"y_phone_us_compact", "phone", "en-US", "US", "5035550142", "+15035550142"},
    {"y_phone_ca_national", "phone", "en-US", "CA", "416 555 0199", "+14165550199"},
    {"y_phone_gb_london", "phone", "en-GB", "GB", "020 7946 0958", "+442079460958"},
    {"y_phone_gb_mobile", "phone", "en-GB", "GB", "07911 123456", "+447911123456"},
    {"y_phone_gb_international", "phone", "en-GB", "GB", "+44 20 7946 0958", "+442079460958"},
    {"y_phone_gb_paren_zero", "phone", "en-GB", "GB", "+44 (0)20 7946 0958", "+442079460958"},
    {"y_phone_gb_double_zero", "phone", "en-GB", "GB", "0044 7911 123456", "+447911123456"},
    {"y_phone_uk_alias", "phone", "en-GB", "UK", "07911 123456", "+447911123456"},
    {"y_phone_gb_from_us_field", "phone", "en-US", "US", "+44 20 7946 0958", "+442079460958"},
    {"y_phone_de_berlin", "phone", "de-DE", "DE", "030 1234567", "+49301234567"},
    {"y_phone_de_international", "phone", "de-DE", "DE", "+49 30 1234567", "+49301234567"},
    {"y_phone_de_mobile", "phone", "de-DE", "DE", "0151 2345678", "+491512345678"},
    {"y_phone_fr_mobile", "phone", "fr-FR", "FR", "06 12 34 56 78", "+33612345678"},
    {"y_phone_fr_international", "phone", "fr-FR", "FR", "+33 6 12 34 56 78", "+33612345678"},
    {"y_phone_fr_paris", "phone", "fr-FR", "FR", "01 23 45 67 89", "+33123456789"},
    {"y_phone_es_mobile", "phone", "es-ES", "ES", "612 345 678", "+34612345678"},
    {"y_phone_es_international", "phone", "es-ES", "ES", "+34 612 345 678", "+34612345678"},
    {"y_phone_es_madrid", "phone", "es-ES", "ES", "91 123 45 67", "+34911234567"},
    {"y_phone_es_code_without_plus", "phone", "es-ES", "ES", "34612345678", "+34612345678"},
    {"y_phone_es_label", "phone", "es-ES", "ES", "móvil: 612345678", "+34612345678"},
    {"y_phone_pt_mobile", "phone", "pt-PT", "PT", "912 345 678", "+351912345678"},
    {"y_phone_pt_international", "phone", "pt-PT", "PT", "+351 912 345 678", "+351912345678"},
    {"y_phone_pt_lisbon", "phone", "pt-PT", "PT", "21 123 4567", "+351211234567"},
    {"y_phone_pt_from_es_field", "phone", "es-ES", "ES", "00351 912 345 678", "+351912345678"},
    {"n_phone_us_too_short", "phone", "en-US", "US", "555-0142", "seam.form.phone.too_short"},
    {"n_phone_us_too_long", "phone", "en-US", "US", "503 555 01422", "seam.form.phone.too_long"},
    {"n_phone_words", "phone", "en-US", "US", "call me", "seam.form.phone.invalid"},
    {"n_phone_letters", "phone", "es-ES", "ES", "612 ABC 678", "seam.form.phone.invalid"},
    {"n_phone_unknown_country", "phone", "en-US", "US", "+999 123 456 789",
     "seam.form.phone.unknown_country"},
    {"n_phone_russia_unsupported", "phone", "en-US", "US", "+7 495 123 4567",
     "seam.form.phone.unknown_country"},
    {"n_phone_us_area_code_one", "phone", "en-US", "US", "+1 (123) 555-0142",
     "seam.form.phone.invalid_number"},
    {"n_phone_us_exchange_zero", "phone", "en-US", "US", "503 055 0142",
     "seam.form.phone.invalid_number"},
    {"n_phone_es_bad_first_digit", "phone", "es-ES", "ES", "512 345 678",
     "seam.form.phone.invalid_number"},
    {"n_phone_pt_bad_first_digit", "phone", "pt-PT", "PT", "812 345 678",
     "seam.form.phone.invalid_number"},
    {"n_phone_fr_too_short", "phone", "fr-FR", "FR", "06 12 34 56", "seam.form.phone.too_short"},
    {"n_phone_fr_too_long", "phone", "fr-FR", "FR", "06 12 34 56 78 9", "seam.form.phone.too_long"},
    {"n_phone_gb_too_short", "phone", "en-GB", "GB", "+44 20 7946", "seam.form.phone.too_short"},
    {"n_phone_es_too_long", "phone", "es-ES", "ES", "612 345 6789", "seam.form.phone.too_long"},
    {"n_phone_unsupported_region", "phone", "en-US", "JP", "03-1234-5678",
     "seam.form.phone.needs_country_code"},
    {"n_phone_twenty_digits", "phone", "en-US", "US", "12345678901234567890",
     "seam.form.phone.too_long"},
    {"n_phone_plus_only", "phone", "en-US", "US", "+", "seam.form.phone.invalid"},
    {"n_phone_two_plus", "phone", "en-US", "US", "+1 +503 555 0142", "seam.form.phone.invalid"},
};

const std::vector<Case> kDate = {
    {"y_date_iso", "date", "en-US", "US", "2026-03-12", "2026-03-12"},
    {"y_date_iso_slashes", "date", "es-ES", "ES", "2026/03/12", "2026-03-12"},
    {"y_date_us_numeric", "date", "en-US", "US", "03/12/2026", "2026-03-12"},
    {"y_date_gb_numeric", "date", "en-GB", "GB", "12/03/2026", "2026-03-12"},
    {"y_date_es_numeric", "date", "es-ES", "ES", "12/03/2026", "2026-03-12"},
    {"y_date_de_dots", "date", "de-DE", "DE", "12.03.2026", "2026-03-12"},
    {"y_date_fr_two_digit_year", "date", "fr-FR", "FR", "12/03/26", "2026-03-12"},
    {"y_date_pt_dashes", "date", "pt-PT", "PT", "12-03-2026", "2026-03-12"},
    {"y_date_us_single_digits", "date", "en-US", "US", "3/5/2026", "2026-03-05"},
    {"y_date_gb_no_year_future", "date", "en-GB", "GB", "12/03", "2026-03-12"},
    {"y_date_gb_no_year_past_rolls", "date", "en-GB", "GB", "05/03", "2027-03-05"},
    {"y_date_us_no_year_today", "date", "en-US", "US", "3/10", "2026-03-10"},
    {"y_date_us_no_year_month_first", "date", "en-US", "US", "12/03", "2026-12-03"},
    {"y_date_leap_day_no_year", "date", "en-GB", "GB", "29/02", "2028-02-29"},
    {"y_date_leap_day_2028", "date", "en-US", "US", "2028-02-29", "2028-02-29"},
    {"y_date_today", "date", "en-US", "US", "today", "2026-03-10"},
    {"y_date_today_punct", "date", "en-US", "US", "Today!", "2026-03-10"},
    {"y_date_tomorrow", "date", "en-US", "US", "tomorrow", "2026-03-11"},
    {"y_date_day_after_tomorrow", "date", "en-US", "US", "day after tomorrow", "2026-03-12"},
    {"y_date_the_day_after_tomorrow", "date", "en-GB", "GB", "the day after tomorrow",
     "2026-03-12"},
    {"y_date_next_tuesday", "date", "en-US", "US", "next Tuesday", "2026-03-17"},
    {"y_date_this_friday", "date", "en-US", "US", "this Friday", "2026-03-13"},
    {"y_date_bare_friday", "date", "en-US", "US", "Friday", "2026-03-13"},
    {"y_date_on_monday", "date", "en-US", "US", "on Monday", "2026-03-16"},
    {"y_date_bare_tuesday_is_today", "date", "en-US", "US", "tuesday", "2026-03-10"},
    {"y_date_in_3_days", "date", "en-US", "US", "in 3 days", "2026-03-13"},
    {"y_date_in_three_days", "date", "en-US", "US", "in three days", "2026-03-13"},
    {"y_date_in_two_weeks", "date", "en-US", "US", "in 2 weeks", "2026-03-24"},
    {"y_date_in_a_week", "date", "en-US", "US", "in a week", "2026-03-17"},
    {"y_date_in_30_days_month_end", "date", "en-US", "US", "in 30 days", "2026-04-09"},
    {"y_date_es_hoy", "date", "es-ES", "ES", "hoy", "2026-03-10"},
    {"y_date_es_manana", "date", "es-ES", "ES", "mañana", "2026-03-11"},
    {"y_date_es_manana_upper", "date", "es-ES", "ES", "MAÑANA", "2026-03-11"},
    {"y_date_es_pasado_manana", "date", "es-ES", "ES", "pasado mañana", "2026-03-12"},
    {"y_date_es_proximo_martes", "date", "es-ES", "ES", "el próximo martes", "2026-03-17"},
    {"y_date_es_martes_que_viene", "date", "es-ES", "ES", "el martes que viene", "2026-03-17"},
    {"y_date_es_dentro_de_3_dias", "date", "es-ES", "ES", "dentro de 3 días", "2026-03-13"},
    {"y_date_es_dentro_de_tres_dias", "date", "es-ES", "ES", "dentro de tres días", "2026-03-13"},
    {"y_date_es_en_5_dias", "date", "es-MX", "US", "en 5 días", "2026-03-15"},
    {"y_date_es_este_viernes", "date", "es-ES", "ES", "este viernes", "2026-03-13"},
    {"y_date_es_el_miercoles", "date", "es-ES", "ES", "el miércoles", "2026-03-11"},
    {"y_date_es_dentro_de_una_semana", "date", "es-ES", "ES", "dentro de una semana", "2026-03-17"},
    {"y_date_en_month_day", "date", "en-US", "US", "March 12", "2026-03-12"},
    {"y_date_en_month_day_year", "date", "en-US", "US", "March 12, 2026", "2026-03-12"},
    {"y_date_en_day_month_year", "date", "en-GB", "GB", "12 March 2026", "2026-03-12"},
    {"y_date_en_ordinal_of", "date", "en-GB", "GB", "the 12th of March", "2026-03-12"},
    {"y_date_en_abbrev_past_rolls", "date", "en-US", "US", "Mar 5", "2027-03-05"},
    {"y_date_en_abbrev_dot", "date", "en-US", "US", "Dec. 25", "2026-12-25"},
    {"y_date_en_weekday_and_date", "date", "en-US", "US", "Tuesday, March 17, 2026", "2026-03-17"},
    {"y_date_en_first", "date", "en-US", "US", "April 1st", "2026-04-01"},
    {"y_date_es_de_marzo", "date", "es-ES", "ES", "12 de marzo", "2026-03-12"},
    {"y_date_es_de_marzo_de_2027", "date", "es-ES", "ES", "12 de marzo de 2027", "2027-03-12"},
    {"y_date_es_enero_next_year", "date", "es-ES", "ES", "1 de enero", "2027-01-01"},
    {"y_date_es_abbrev", "date", "es-ES", "ES", "25 dic 2026", "2026-12-25"},
    {"y_date_es_septiembre", "date", "es-ES", "ES", "el 3 de septiembre", "2026-09-03"},
    {"y_date_es_setiembre", "date", "es-ES", "ES", "3 setiembre 2026", "2026-09-03"},
    {"y_date_es_two_digit_year", "date", "es-ES", "ES", "5 de mayo de 27", "2027-05-05"},
    {"n_date_feb_31_gb", "date", "en-GB", "GB", "31/02/2026", "seam.form.date.no_such_day"},
    {"n_date_feb_31_us", "date", "en-US", "US", "02/31/2026", "seam.form.date.no_such_day"},
    {"n_date_feb_30_iso", "date", "en-US", "US", "2026-02-30", "seam.form.date.no_such_day"},
    {"n_date_feb_29_not_leap", "date", "en-US", "US", "2027-02-29", "seam.form.date.no_such_day"},
    {"n_date_month_13", "date", "es-ES", "ES", "13/13/2026", "seam.form.date.no_such_day"},
    {"n_date_us_month_first_13", "date", "en-US", "US", "13/03/2026", "seam.form.date.no_such_day"},
    {"n_date_april_31_no_year", "date", "en-GB", "GB", "31/04", "seam.form.date.no_such_day"},
    {"n_date_zero", "date", "en-GB", "GB", "0/0", "seam.form.date.no_such_day"},
    {"n_date_march_32", "date", "en-GB", "GB", "32 March", "seam.form.date.no_such_day"},
    {"n_date_30_de_febrero", "date", "es-ES", "ES", "30 de febrero", "seam.form.date.no_such_day"},
    {"y_date_es_el_dia", "date", "es-ES", "ES", "el día 20 de abril", "2026-04-20"},
    {"y_date_next_friday", "date", "en-US", "US", "next friday", "2026-03-13"},
    {"y_date_en_gb_is_day_first", "date", "en-GB", "GB", "01/02/2027", "2027-02-01"},
    {"y_date_en_bare_is_month_first", "date", "en", "US", "01/02/2027", "2027-01-02"},
    {"y_date_sunday_weekend", "date", "en-US", "US", "Sunday", "2026-03-15"},
    {"y_date_es_sabado", "date", "es-ES", "ES", "el sábado", "2026-03-14"},
    {"n_date_word", "date", "en-US", "US", "banana", "seam.form.date.invalid"},
    {"n_date_next_month", "date", "en-US", "US", "next month", "seam.form.date.invalid"},
    {"n_date_too_many_parts", "date", "en-US", "US", "1/2/3/4", "seam.form.date.invalid"},
    {"n_date_mixed_separators", "date", "en-GB", "GB", "12-03/2026", "seam.form.date.invalid"},
    {"n_date_month_only", "date", "en-US", "US", "March", "seam.form.date.invalid"},
    {"n_date_two_months", "date", "en-US", "US", "March 12 April", "seam.form.date.invalid"},
    {"n_date_three_digit_year", "date", "en-GB", "GB", "12/03/202", "seam.form.date.invalid"},
    {"n_date_year_1800", "date", "en-US", "US", "1800-01-01", "seam.form.date.out_of_range"},
    {"n_date_in_1000_days", "date", "en-US", "US", "in 1000 days", "seam.form.date.invalid"},
    {"n_date_es_quizas", "date", "es-ES", "ES", "quizás el lunes o el martes",
     "seam.form.date.invalid"},
    {"n_date_lone_number", "date", "en-US", "US", "12", "seam.form.date.invalid"},
};

const std::vector<Case> kMoney = {
    {"y_money_dollar_sign", "money", "en-US", "US", "$12.50",
     R"({"amount_minor":1250,"currency":"USD","text":"12.50 USD"})"},
    {"y_money_euro_comma", "money", "es-ES", "ES", "12,50 €",
     R"({"amount_minor":1250,"currency":"EUR","text":"12.50 EUR"})"},
    {"y_money_eur_code_prefix", "money", "en-GB", "GB", "EUR 40",
     R"({"amount_minor":4000,"currency":"EUR","text":"40.00 EUR"})"},
    {"y_money_dollars_word", "money", "en-US", "US", "40 dollars",
     R"({"amount_minor":4000,"currency":"USD","text":"40.00 USD"})"},
    {"y_money_decimal_comma_thousands_dot", "money", "es-ES", "ES", "1.043,75 €",
     R"({"amount_minor":104375,"currency":"EUR","text":"1043.75 EUR"})"},
    {"y_money_thousands_comma", "money", "en-US", "US", "1,043.75 USD",
     R"({"amount_minor":104375,"currency":"USD","text":"1043.75 USD"})"},
    {"y_money_thousands_space", "money", "fr-FR", "FR", "1 043,75 €",
     R"({"amount_minor":104375,"currency":"EUR","text":"1043.75 EUR"})"},
    {"y_money_pound_sign", "money", "en-GB", "GB", "£7",
     R"({"amount_minor":700,"currency":"GBP","text":"7.00 GBP"})"},
    {"y_money_pounds_word", "money", "en-GB", "GB", "7 pounds",
     R"({"amount_minor":700,"currency":"GBP","text":"7.00 GBP"})"},
    {"y_money_default_currency", "money", "en-US", "US", "12.5",
     R"({"amount_minor":1250,"currency":"USD","text":"12.50 USD"})"},
    {"y_money_default_currency_eur", "money", "es-ES", "ES", "40",
     R"({"amount_minor":4000,"currency":"EUR","text":"40.00 EUR"})", "EUR"},
    {"y_money_euro_prefix", "money", "es-ES", "ES", "€40",
     R"({"amount_minor":4000,"currency":"EUR","text":"40.00 EUR"})"},
    {"y_money_euro_suffix_tight", "money", "es-ES", "ES", "40€",
     R"({"amount_minor":4000,"currency":"EUR","text":"40.00 EUR"})"},
    {"y_money_euros_word", "money", "es-ES", "ES", "40 euros",
     R"({"amount_minor":4000,"currency":"EUR","text":"40.00 EUR"})"},
    {"y_money_dolares_word", "money", "es-MX", "US", "20 dólares",
     R"({"amount_minor":2000,"currency":"USD","text":"20.00 USD"})"},
    {"y_money_us_dollar_sign", "money", "en-US", "US", "US$ 15",
     R"({"amount_minor":1500,"currency":"USD","text":"15.00 USD"})"},
    {"y_money_cad_code", "money", "en-US", "CA", "CAD 20",
     R"({"amount_minor":2000,"currency":"CAD","text":"20.00 CAD"})"},
    {"y_money_dollar_in_canada", "money", "en-US", "CA", "$20",
     R"({"amount_minor":2000,"currency":"CAD","text":"20.00 CAD"})", "CAD"},
    {"y_money_cents_only", "money", "en-US", "US", "0.99",
     R"({"amount_minor":99,"currency":"USD","text":"0.99 USD"})"},
    {"y_money_thousand", "money", "en-US", "US", "1,000",
     R"({"amount_minor":100000,"currency":"USD","text":"1000.00 USD"})"},
    {"y_money_million_dots", "money", "de-DE", "DE", "1.000.000 €",
     R"({"amount_minor":100000000,"currency":"EUR","text":"1000000.00 EUR"})"},
    {"y_money_lowercase_code", "money", "en-US", "US", "12.50 usd",
     R"({"amount_minor":1250,"currency":"USD","text":"12.50 USD"})"},
    {"y_money_sentence_dot", "money", "en-US", "US", "$12.",
     R"({"amount_minor":1200,"currency":"USD","text":"12.00 USD"})"},
    {"y_money_gbp_code_suffix", "money", "en-GB", "GB", "99.99 GBP",
     R"({"amount_minor":9999,"currency":"GBP","text":"99.99 GBP"})"},
    {"y_money_euro_code_lower_suffix", "money", "pt-PT", "PT", "19,99 eur",
     R"({"amount_minor":1999,"currency":"EUR","text":"19.99 EUR"})"},
    {"y_money_thousands_no_decimals_es", "money", "es-ES", "ES", "2.500 €",
     R"({"amount_minor":250000,"currency":"EUR","text":"2500.00 EUR"})"},
    {"n_money_words", "money", "en-US", "US", "twelve dollars", "seam.form.money.invalid"},
    {"n_money_negative", "money", "es-ES", "ES", "-5 €", "seam.form.money.negative"},
    {"n_money_zero", "money", "en-US", "US", "0", "seam.form.money.zero"},
    {"n_money_four_decimals", "money", "en-US", "US", "12.5055",
     "seam.form.money.too_many_decimals"},
    {"n_money_conflict", "money", "en-US", "US", "$12 EUR", "seam.form.money.currency_conflict"},
    {"n_money_bad_grouping", "money", "en-US", "US", "1,00,000", "seam.form.money.invalid_amount"},
    {"n_money_two_decimal_commas", "money", "en-US", "US", "12,345,67",
     "seam.form.money.invalid_amount"},
    {"n_money_unknown_word", "money", "en-US", "US", "abc", "seam.form.money.invalid"},
    {"n_money_symbol_only", "money", "es-ES", "ES", "€", "seam.form.money.missing_amount"},
    {"n_money_two_amounts", "money", "en-US", "US", "12 or 13", "seam.form.money.invalid"},
    {"n_money_too_large", "money", "en-US", "US", "1234567890123456", "seam.form.money.too_large"},
    {"n_money_unknown_currency", "money", "en-US", "US", "500 JPY", "seam.form.money.invalid"},
};

const std::vector<Case> kOrder = {
    {"y_order_canonical", "order_number", "en-US", "US", "LW-104233", "LW-104233"},
    {"y_order_lower_no_dash", "order_number", "en-US", "US", "lw104233", "LW-104233"},
    {"y_order_hash", "order_number", "en-US", "US", "#104233", "LW-104233"},
    {"y_order_digits_only", "order_number", "en-US", "US", "104233", "LW-104233"},
    {"y_order_space", "order_number", "en-US", "US", "LW 104233", "LW-104233"},
    {"y_order_word_order", "order_number", "en-US", "US", "order 104233", "LW-104233"},
    {"y_order_word_order_hash", "order_number", "en-US", "US", "Order #104233", "LW-104233"},
    {"y_order_prefix_hash", "order_number", "en-US", "US", "LW#104233", "LW-104233"},
    {"y_order_sentence", "order_number", "en-US", "US", "my order is LW-104233", "LW-104233"},
    {"y_order_es_pedido", "order_number", "es-ES", "ES", "pedido 104233", "LW-104233"},
    {"y_order_es_numero", "order_number", "es-ES", "ES", "mi pedido es el número LW-104233",
     "LW-104233"},
    {"y_order_es_n_ordinal", "order_number", "es-ES", "ES", "pedido nº 104233", "LW-104233"},
    {"y_order_es_no_dot", "order_number", "es-ES", "ES", "Pedido No. 104233", "LW-104233"},
    {"y_order_trailing_dot", "order_number", "en-US", "US", "LW-104233.", "LW-104233"},
    {"y_order_lower_dash", "order_number", "en-US", "US", "lw-104233", "LW-104233"},
    {"y_order_custom_prefix", "order_number", "en-US", "US", "ab1234", "AB-1234", "AB,4"},
    {"n_order_five_digits", "order_number", "en-US", "US", "10423",
     "seam.form.order_number.wrong_length"},
    {"n_order_seven_digits", "order_number", "en-US", "US", "LW-1042335",
     "seam.form.order_number.wrong_length"},
    {"n_order_other_prefix", "order_number", "en-US", "US", "AB-104233",
     "seam.form.order_number.wrong_prefix"},
    {"n_order_invoice_given", "order_number", "en-US", "US", "INV-2026-004512",
     "seam.form.order_number.looks_like_invoice"},
    {"n_order_prefix_only", "order_number", "en-US", "US", "LW-", "seam.form.order_number.invalid"},
    {"n_order_letter_inside", "order_number", "en-US", "US", "LW-10423X",
     "seam.form.order_number.invalid"},
    {"n_order_hash_only", "order_number", "en-US", "US", "#", "seam.form.order_number.invalid"},
    {"n_order_word_only", "order_number", "en-US", "US", "order", "seam.form.order_number.invalid"},
    {"n_order_es_dont_know", "order_number", "es-ES", "ES", "no lo sé",
     "seam.form.order_number.wrong_prefix"},
};

const std::vector<Case> kInvoice = {
    {"y_invoice_canonical", "invoice_number", "en-US", "US", "INV-2026-004512", "INV-2026-004512"},
    {"y_invoice_spaces", "invoice_number", "en-US", "US", "inv 2026 004512", "INV-2026-004512"},
    {"y_invoice_compact", "invoice_number", "en-US", "US", "INV2026004512", "INV-2026-004512"},
    {"y_invoice_no_prefix", "invoice_number", "en-US", "US", "2026-004512", "INV-2026-004512"},
    {"y_invoice_padded", "invoice_number", "en-US", "US", "INV-2026-4512", "INV-2026-004512"},
    {"y_invoice_word", "invoice_number", "en-US", "US", "invoice INV-2026-004512",
     "INV-2026-004512"},
    {"y_invoice_slashes", "invoice_number", "en-US", "US", "inv/2026/004512", "INV-2026-004512"},
    {"y_invoice_es_factura", "invoice_number", "es-ES", "ES", "factura INV-2026-004512",
     "INV-2026-004512"},
    {"n_invoice_missing_year", "invoice_number", "en-US", "US", "INV-004512",
     "seam.form.invoice_number.missing_year"},
    {"n_invoice_old_year", "invoice_number", "en-US", "US", "INV-1999-004512",
     "seam.form.invoice_number.bad_year"},
    {"n_invoice_order_given", "invoice_number", "en-US", "US", "LW-104233",
     "seam.form.invoice_number.looks_like_order"},
    {"n_invoice_serial_too_long", "invoice_number", "en-US", "US", "INV-2026-0045123",
     "seam.form.invoice_number.invalid"},
    {"n_invoice_word", "invoice_number", "en-US", "US", "hello",
     "seam.form.invoice_number.invalid"},
    {"n_invoice_zero_serial", "invoice_number", "en-US", "US", "INV-2026-000000",
     "seam.form.invoice_number.invalid"},
    {"n_invoice_es_missing_year", "invoice_number", "es-ES", "ES", "factura 4512",
     "seam.form.invoice_number.missing_year"},
};

const std::vector<Case> kPostal = {
    {"y_postal_us_zip", "postal_code", "en-US", "US", "97205", "97205"},
    {"y_postal_us_zip4", "postal_code", "en-US", "US", "97205-1234", "97205-1234"},
    {"y_postal_us_zip4_compact", "postal_code", "en-US", "US", "972051234", "97205-1234"},
    {"y_postal_us_zip4_space", "postal_code", "en-US", "US", "97205 1234", "97205-1234"},
    {"y_postal_gb_sw1a", "postal_code", "en-GB", "GB", "SW1A 1AA", "SW1A 1AA"},
    {"y_postal_gb_lower_compact", "postal_code", "en-GB", "GB", "sw1a1aa", "SW1A 1AA"},
    {"y_postal_gb_a9", "postal_code", "en-GB", "GB", "M1 1AE", "M1 1AE"},
    {"y_postal_gb_a99", "postal_code", "en-GB", "GB", "B33 8TH", "B33 8TH"},
    {"y_postal_gb_aa9", "postal_code", "en-GB", "GB", "CR2 6XH", "CR2 6XH"},
    {"y_postal_gb_aa99", "postal_code", "en-GB", "GB", "DN55 1PT", "DN55 1PT"},
    {"y_postal_gb_a9a", "postal_code", "en-GB", "GB", "W1A 0AX", "W1A 0AX"},
    {"y_postal_gb_aa9a", "postal_code", "en-GB", "GB", "EC1A 1BB", "EC1A 1BB"},
    {"y_postal_gb_gir", "postal_code", "en-GB", "GB", "gir 0aa", "GIR 0AA"},
    {"y_postal_uk_alias", "postal_code", "en-GB", "UK", "sw1a 1aa", "SW1A 1AA"},
    {"y_postal_de", "postal_code", "de-DE", "DE", "10115", "10115"},
    {"y_postal_fr", "postal_code", "fr-FR", "FR", "75001", "75001"},
    {"y_postal_es", "postal_code", "es-ES", "ES", "28013", "28013"},
    {"y_postal_es_leading_zero", "postal_code", "es-ES", "ES", "08001", "08001"},
    {"y_postal_es_melilla", "postal_code", "es-ES", "ES", "52001", "52001"},
    {"y_postal_pt", "postal_code", "pt-PT", "PT", "1100-148", "1100-148"},
    {"y_postal_pt_space", "postal_code", "pt-PT", "PT", "1100 148", "1100-148"},
    {"y_postal_pt_compact", "postal_code", "pt-PT", "PT", "1100148", "1100-148"},
    {"y_postal_ca", "postal_code", "en-US", "CA", "K1A 0B1", "K1A 0B1"},
    {"y_postal_ca_lower_compact", "postal_code", "en-US", "CA", "k1a0b1", "K1A 0B1"},
    {"y_postal_ca_toronto", "postal_code", "en-US", "CA", "M5V 3L9", "M5V 3L9"},
    {"n_postal_us_four", "postal_code", "en-US", "US", "9720", "seam.form.postal_code.invalid_us"},
    {"n_postal_us_six", "postal_code", "en-US", "US", "972056", "seam.form.postal_code.invalid_us"},
    {"n_postal_us_letters", "postal_code", "en-US", "US", "ABCDE",
     "seam.form.postal_code.invalid_us"},
    {"n_postal_us_short_plus4", "postal_code", "en-US", "US", "97205-12",
     "seam.form.postal_code.invalid_us"},
    {"n_postal_gb_short_inward", "postal_code", "en-GB", "GB", "SW1A 1A",
     "seam.form.postal_code.invalid_gb"},
    {"n_postal_gb_q_first", "postal_code", "en-GB", "GB", "QW1 1AA",
     "seam.form.postal_code.invalid_gb"},
    {"n_postal_gb_bad_inward_letter", "postal_code", "en-GB", "GB", "SW1A 1CA",
     "seam.form.postal_code.invalid_gb"},
    {"n_postal_gb_digits", "postal_code", "en-GB", "GB", "12345",
     "seam.form.postal_code.invalid_gb"},
    {"n_postal_de_four", "postal_code", "de-DE", "DE", "1011", "seam.form.postal_code.invalid_de"},
    {"n_postal_de_leading_zeros", "postal_code", "de-DE", "DE", "00123",
     "seam.form.postal_code.invalid_de"},
    {"n_postal_de_six", "postal_code", "de-DE", "DE", "101155", "seam.form.postal_code.invalid_de"},
    {"n_postal_fr_four", "postal_code", "fr-FR", "FR", "7500", "seam.form.postal_code.invalid_fr"},
    {"n_postal_fr_split", "postal_code", "fr-FR", "FR", "75 001",
     "seam.form.postal_code.invalid_fr"},
    {"n_postal_es_province_53", "postal_code", "es-ES", "ES", "53001",
     "seam.form.postal_code.unknown_province"},
    {"n_postal_es_province_00", "postal_code", "es-ES", "ES", "00123",
     "seam.form.postal_code.unknown_province"},
    {"n_postal_es_four", "postal_code", "es-ES", "ES", "2801", "seam.form.postal_code.invalid_es"},
    {"n_postal_pt_short", "postal_code", "pt-PT", "PT", "1100-14",
     "seam.form.postal_code.invalid_pt"},
    {"n_postal_pt_leading_zero", "postal_code", "pt-PT", "PT", "0100-148",
     "seam.form.postal_code.invalid_pt"},
    {"n_postal_ca_letter_d", "postal_code", "en-US", "CA", "D1A 0B1",
     "seam.form.postal_code.invalid_ca"},
    {"n_postal_ca_short", "postal_code", "en-US", "CA", "K1A0B",
     "seam.form.postal_code.invalid_ca"},
    {"n_postal_ca_w_first", "postal_code", "en-US", "CA", "W1A 0B1",
     "seam.form.postal_code.invalid_ca"},
    {"n_postal_ca_digits", "postal_code", "en-US", "CA", "12345",
     "seam.form.postal_code.invalid_ca"},
    {"n_postal_unsupported_region", "postal_code", "en-US", "JP", "100-0001",
     "seam.form.postal_code.unsupported_region"},
};

const std::vector<Case> kChoice = {
    {"y_enum_exact", "enum", "en-US", "US", "refund", "refund", "refund,exchange,store_credit"},
    {"y_enum_upper", "enum", "en-US", "US", "REFUND", "refund", "refund,exchange,store_credit"},
    {"y_enum_punct", "enum", "en-US", "US", "Refund.", "refund", "refund,exchange,store_credit"},
    {"y_enum_underscore_as_space", "enum", "en-US", "US", "store credit", "store_credit",
     "refund,exchange,store_credit"},
    {"y_enum_underscore_typed", "enum", "en-US", "US", "Store_Credit", "store_credit",
     "refund,exchange,store_credit"},
    {"y_enum_es_synonym", "enum", "es-ES", "ES", "reembolso", "refund",
     "refund,exchange,store_credit"},
    {"y_enum_es_cambio", "enum", "es-ES", "ES", "cambio", "exchange",
     "refund,exchange,store_credit"},
    {"y_enum_by_number", "enum", "en-US", "US", "2", "exchange", "refund,exchange,store_credit"},
    {"y_enum_prefix", "enum", "en-US", "US", "exch", "exchange", "refund,exchange,store_credit"},
    {"y_enum_money_back", "enum", "en-US", "US", "money back", "refund",
     "refund,exchange,store_credit"},
    {"y_enum_accent_value", "enum", "es-ES", "ES", "si", "Sí", "Sí,No"},
    {"y_enum_yes_synonym", "enum", "en-US", "US", "yes", "Sí", "Sí,No"},
    {"y_enum_nope", "enum", "en-US", "US", "nope", "No", "Sí,No"},
    {"y_enum_accent_typed", "enum", "es-ES", "ES", "Teléfono", "telefono", "email,telefono"},
    {"y_enum_es_correo", "enum", "es-ES", "ES", "correo electrónico", "email", "email,phone"},
    {"n_enum_no_match", "enum", "en-US", "US", "banana", "seam.form.enum.no_match",
     "refund,exchange,store_credit"},
    {"n_enum_number_out_of_range", "enum", "en-US", "US", "5", "seam.form.enum.no_match",
     "refund,exchange,store_credit"},
    {"n_enum_ambiguous_prefix", "enum", "en-US", "US", "expr", "seam.form.enum.ambiguous",
     "express_standard,express_plus"},
    {"n_enum_es_no_match", "enum", "es-ES", "ES", "plátano", "seam.form.enum.no_match",
     "refund,exchange"},
    {"y_yes_no_yes", "yes_no", "en-US", "US", "yes", "true"},
    {"y_yes_no_yes_bang", "yes_no", "en-US", "US", "Yes!", "true"},
    {"y_yes_no_yeah", "yes_no", "en-US", "US", "yeah", "true"},
    {"y_yes_no_yep", "yes_no", "en-US", "US", "yep", "true"},
    {"y_yes_no_sure", "yes_no", "en-US", "US", "sure", "true"},
    {"y_yes_no_ok", "yes_no", "en-US", "US", "OK", "true"},
    {"y_yes_no_of_course", "yes_no", "en-US", "US", "of course", "true"},
    {"y_yes_no_yes_please", "yes_no", "en-US", "US", "yes please", "true"},
    {"y_yes_no_yes_lead", "yes_no", "en-US", "US", "yes, that's the one", "true"},
    {"y_yes_no_si_accent", "yes_no", "es-ES", "ES", "sí", "true"},
    {"y_yes_no_si", "yes_no", "es-ES", "ES", "si", "true"},
    {"y_yes_no_claro", "yes_no", "es-ES", "ES", "claro", "true"},
    {"y_yes_no_vale", "yes_no", "es-ES", "ES", "vale", "true"},
    {"y_yes_no_por_supuesto", "yes_no", "es-ES", "ES", "por supuesto", "true"},
    {"y_yes_no_si_claro", "yes_no", "es-ES", "ES", "Sí, claro", "true"},
    {"y_yes_no_de_acuerdo", "yes_no", "es-ES", "ES", "de acuerdo", "true"},
    {"y_yes_no_no", "yes_no", "en-US", "US", "no", "false"},
    {"y_yes_no_no_upper", "yes_no", "en-US", "US", "NO", "false"},
    {"y_yes_no_nope", "yes_no", "en-US", "US", "nope", "false"},
    {"y_yes_no_nah", "yes_no", "en-US", "US", "nah", "false"},
    {"y_yes_no_no_thanks", "yes_no", "en-US", "US", "no thanks", "false"},
    {"y_yes_no_no_lead", "yes_no", "en-US", "US", "no, it's fine", "false"},
    {"y_yes_no_no_gracias", "yes_no", "es-ES", "ES", "No, gracias", "false"},
    {"y_yes_no_para_nada", "yes_no", "es-ES", "ES", "para nada", "false"},
    {"y_yes_no_nunca", "yes_no", "es-ES", "ES", "nunca", "false"},
    {"n_yes_no_maybe", "yes_no", "en-US", "US", "maybe", "seam.form.yes_no.unclear"},
    {"n_yes_no_both", "yes_no", "en-US", "US", "yes and no", "seam.form.yes_no.unclear"},
    {"n_yes_no_quizas", "yes_no", "es-ES", "ES", "quizás", "seam.form.yes_no.unclear"},
    {"n_yes_no_colour", "yes_no", "en-US", "US", "blue", "seam.form.yes_no.unclear"},
    {"n_yes_no_si_pero_no", "yes_no", "es-ES", "ES", "si pero no", "seam.form.yes_no.unclear"},
};

const std::vector<Case> kNumber = {
    {"y_number_digit", "number", "en-US", "US", "3", "3"},
    {"y_number_padded", "number", "en-US", "US", "  42 ", "42"},
    {"y_number_word_one", "number", "en-US", "US", "one", "1"},
    {"y_number_word_twenty", "number", "en-US", "US", "Twenty", "20"},
    {"y_number_es_uno", "number", "es-ES", "ES", "uno", "1"},
    {"y_number_es_una", "number", "es-ES", "ES", "una", "1"},
    {"y_number_es_veinte", "number", "es-ES", "ES", "veinte", "20"},
    {"y_number_es_dieciseis_accent", "number", "es-ES", "ES", "dieciséis", "16"},
    {"y_number_en_thousands", "number", "en-US", "US", "1,000", "1000"},
    {"y_number_es_thousands", "number", "es-ES", "ES", "1.000", "1000"},
    {"y_number_negative", "number", "en-US", "US", "-5", "-5"},
    {"y_number_leading_zeros", "number", "en-US", "US", "007", "7"},
    {"y_number_zero", "number", "en-US", "US", "0", "0"},
    {"y_number_es_cero", "number", "es-ES", "ES", "cero", "0"},
    {"y_number_fullwidth", "number", "en-US", "US", "\xEF\xBC\x91\xEF\xBC\x92", "12"},
    {"n_number_en_decimal", "number", "en-US", "US", "1.5", "seam.form.number.not_whole"},
    {"n_number_es_decimal", "number", "es-ES", "ES", "1,5", "seam.form.number.not_whole"},
    {"n_number_word", "number", "en-US", "US", "abc", "seam.form.number.invalid"},
    {"n_number_compound_word", "number", "en-US", "US", "twenty-one", "seam.form.number.invalid"},
    {"n_number_bad_grouping", "number", "en-US", "US", "1,00", "seam.form.number.invalid"},
    {"n_number_too_large", "number", "en-US", "US", "12345678901234567",
     "seam.form.number.too_large"},
    {"n_number_with_unit", "number", "en-US", "US", "3 apples", "seam.form.number.invalid"},
    {"n_number_sign_only", "number", "en-US", "US", "-", "seam.form.number.invalid"},
    {"y_rating_five", "rating", "en-US", "US", "5", "5"},
    {"y_rating_one", "rating", "en-US", "US", "1", "1"},
    {"y_rating_word", "rating", "en-US", "US", "four", "4"},
    {"y_rating_es_word", "rating", "es-ES", "ES", "cuatro", "4"},
    {"y_rating_slash", "rating", "en-US", "US", "4/5", "4"},
    {"y_rating_out_of", "rating", "en-US", "US", "4 out of 5", "4"},
    {"y_rating_es_de", "rating", "es-ES", "ES", "4 de 5", "4"},
    {"y_rating_stars_word", "rating", "en-US", "US", "3 stars", "3"},
    {"y_rating_star_chars", "rating", "en-US", "US", "★★★★", "4"},
    {"y_rating_star_emoji", "rating", "en-US", "US", "⭐⭐⭐⭐⭐", "5"},
    {"y_rating_es_estrellas", "rating", "es-ES", "ES", "cinco estrellas", "5"},
    {"n_rating_zero", "rating", "en-US", "US", "0", "seam.form.rating.out_of_range"},
    {"n_rating_six", "rating", "en-US", "US", "6", "seam.form.rating.out_of_range"},
    {"n_rating_ten", "rating", "es-ES", "ES", "10", "seam.form.rating.out_of_range"},
    {"n_rating_half", "rating", "en-US", "US", "4.5", "seam.form.rating.not_whole"},
    {"n_rating_word", "rating", "en-US", "US", "great", "seam.form.rating.invalid"},
    {"n_rating_out_of_ten", "rating", "en-US", "US", "4/10", "seam.form.rating.invalid"},
    {"n_rating_six_stars", "rating", "en-US", "US", "★★★★★★", "seam.form.rating.out_of_range"},
};

const std::vector<Case> kText = {
    {"y_text_trimmed", "text", "en-US", "US", "  hello world  ", "hello world"},
    {"y_text_spanish", "text", "es-ES", "ES", "Hola, ¿qué tal?", "Hola, ¿qué tal?"},
    {"y_text_newline_kept", "text", "en-US", "US", "line1\nline2\n", "line1\nline2"},
    {"y_text_emoji", "text", "en-US", "US", "😀", "😀"},
    {"y_text_code_points_not_bytes", "text", "es-ES", "ES", "ñññññ", "ñññññ", "1,5"},
    {"y_text_controls_dropped", "text", "en-US", "US",
     "a\x01"
     "b\xE2\x80\x8B"
     "c",
     "abc"},
    {"n_text_blank", "text", "en-US", "US", "   ", "seam.form.input.empty"},
    {"n_text_blank_newlines", "text", "es-ES", "ES", "\n\t \n", "seam.form.input.empty"},
    {"n_text_too_short", "text", "en-US", "US", "abc", "seam.form.text.too_short", "5,10"},
    {"n_text_too_long", "text", "en-US", "US", "this is longer than ten", "seam.form.text.too_long",
     "1,10"},
    {"n_text_too_long_code_points", "text", "es-ES", "ES", "ñññññññññññ", "seam.form.text.too_long",
     "1,10"},
};

// Card numbers are refused whatever the field type; the value never holds them.
const std::vector<Case> kCards = {
    {"n_card_in_text", "text", "en-US", "US", "my card is 4111 1111 1111 1111",
     "seam.form.card_number"},
    {"n_card_in_text_es", "text", "es-ES", "ES", "mi tarjeta: 4111-1111-1111-1111",
     "seam.form.card_number"},
    {"n_card_as_email", "email", "en-US", "US", "4111111111111111", "seam.form.card_number"},
    {"n_card_as_number", "number", "en-US", "US", "4111-1111-1111-1111", "seam.form.card_number"},
    {"n_card_as_order", "order_number", "en-US", "US", "5500 0000 0000 0004",
     "seam.form.card_number"},
    {"n_card_amex_as_phone", "phone", "en-US", "US", "378282246310005", "seam.form.card_number"},
    {"n_card_with_yes", "yes_no", "en-US", "US", "yes 4012888888881881", "seam.form.card_number"},
    {"n_card_in_money", "money", "en-US", "US", "$12 4111111111111111", "seam.form.card_number"},
    {"n_card_then_expiry", "text", "en-US", "US", "4111 1111 1111 1111 2027",
     "seam.form.card_number"},
    {"n_card_fullwidth_digits", "text", "en-US", "US",
     "\xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"
     "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"
     "\xEF\xBC\x91\xEF\xBC\x91",
     "seam.form.card_number"},
    {"n_card_as_date", "date", "en-GB", "GB", "4111111111111111", "seam.form.card_number"},
    {"y_card_failing_luhn_is_text", "text", "en-US", "US", "4111 1111 1111 1112",
     "4111 1111 1111 1112"},
    {"y_card_too_short_is_text", "text", "en-US", "US", "ref 411111111111", "ref 411111111111"},
    // Expiry dates, security codes and last four digits are card data too, in context.
    {"n_card_cvv_in_text", "text", "en-US", "US", "cvv 123", "seam.form.card_number"},
    {"n_card_expiry_in_text_es", "text", "es-ES", "ES", "fecha de caducidad 08/27",
     "seam.form.card_number"},
    {"n_card_last_four_in_text", "text", "en-US", "US", "my card ending in 4242",
     "seam.form.card_number"},
    {"n_card_security_code_as_number", "number", "en-US", "US", "security code 321",
     "seam.form.card_number"},
    {"y_card_word_and_date_is_a_date", "date", "en-US", "US", "08/12", "2026-08-12"},
    {"y_card_gate_code_is_text", "text", "en-US", "US", "gate security code 4321",
     "gate security code 4321"},
};

// Bad input for every type.
const std::vector<Case> kHostile = {
    {"n_hostile_empty_email", "email", "en-US", "US", "", "seam.form.input.empty"},
    {"n_hostile_empty_date", "date", "es-ES", "ES", "", "seam.form.input.empty"},
    {"n_hostile_spaces_phone", "phone", "en-US", "US", "   ", "seam.form.input.empty"},
    {"n_hostile_invisible_only", "order_number", "en-US", "US", "\xE2\x80\x8B\xE2\x80\x8B",
     "seam.form.input.empty"},
    {"n_hostile_bad_utf8_text", "text", "en-US", "US", "abc\xFF", "seam.form.input.encoding"},
    {"n_hostile_overlong_email", "email", "en-US", "US",
     "\xC0\xAF"
     "a@b.com",
     "seam.form.input.encoding"},
    {"n_hostile_surrogate_date", "date", "en-US", "US", "\xED\xA0\x80", "seam.form.input.encoding"},
    {"n_hostile_truncated_money", "money", "es-ES", "ES", "12 \xE2\x82",
     "seam.form.input.encoding"},
    {"n_hostile_unknown_type", "colour", "en-US", "US", "red", "seam.form.type.unknown"},
    {"n_hostile_empty_type", "", "en-US", "US", "red", "seam.form.type.unknown"},
    {"n_hostile_enum_no_values", "enum", "en-US", "US", "red", "seam.form.enum.no_options"},
    {"n_hostile_emoji_date", "date", "en-US", "US", "📅📅", "seam.form.date.invalid"},
    {"y_hostile_rtl_override_dropped", "postal_code", "en-US", "US",
     "\xE2\x80\xAE"
     "50279",
     "50279"},
    {"n_hostile_rtl_override_inside", "postal_code", "en-US", "US",
     "502\xE2\x80\xAE"
     "79x",
     "seam.form.postal_code.invalid_us"},
};

}  // namespace

TEST_CASE("form: email table") {
    CHECK(RunTable(kEmail) >= 30);
}
TEST_CASE("form: phone table") {
    CHECK(RunTable(kPhone) >= 45);
}
TEST_CASE("form: date table") {
    CHECK(RunTable(kDate) >= 70);
}
TEST_CASE("form: money table") {
    CHECK(RunTable(kMoney) >= 35);
}
TEST_CASE("form: order and invoice number tables") {
    CHECK(RunTable(kOrder) >= 20);
    CHECK(RunTable(kInvoice) >= 15);
}
TEST_CASE("form: postal code table") {
    CHECK(RunTable(kPostal) >= 45);
}
TEST_CASE("form: enum and yes/no table") {
    CHECK(RunTable(kChoice) >= 45);
}
TEST_CASE("form: number and rating table") {
    CHECK(RunTable(kNumber) >= 40);
}
TEST_CASE("form: text table") {
    CHECK(RunTable(kText) >= 10);
}
TEST_CASE("form: card number table") {
    CHECK(RunTable(kCards) >= 18);
}
TEST_CASE("form: hostile input table") {
    CHECK(RunTable(kHostile) >= 12);
}

TEST_CASE("form: the tables hold at least 250 cases with unique names") {
    std::set<std::string> names;
    std::size_t total = 0;
    for (const auto* table : {&kEmail, &kPhone, &kDate, &kMoney, &kOrder, &kInvoice, &kPostal,
                              &kChoice, &kNumber, &kText, &kCards, &kHostile}) {
        for (const Case& c : *table) {
            CAPTURE(c.name);
            CHECK(names.insert(c.name).second);
            ++total;
        }
    }
    CHECK(total >= 250);
}

TEST_CASE("form: card numbers are detected and redacted, never echoed") {
    using seam::form::ContainsCardNumber;
    using seam::form::RedactCardNumbers;
    CHECK(ContainsCardNumber("4111111111111111"));
    CHECK(ContainsCardNumber("pay with 4111 1111 1111 1111 please"));
    CHECK(ContainsCardNumber("378282246310005"));         // 15 digits (Amex test number)
    CHECK(ContainsCardNumber("6011-1111-1111-1117"));     // Discover test number
    CHECK(ContainsCardNumber("4222222222222"));           // 13 digits
    CHECK_FALSE(ContainsCardNumber("4111111111111112"));  // Luhn fails
    CHECK_FALSE(ContainsCardNumber("411111111111"));      // 12 digits
    CHECK_FALSE(ContainsCardNumber("LW-104233 and INV-2026-004512"));
    CHECK_FALSE(ContainsCardNumber("+1 (503) 555-0142"));
    CHECK_FALSE(ContainsCardNumber("001 503 555 0142"));  // passes Luhn, but a phone number
    CHECK_FALSE(ContainsCardNumber("+44 7911 123456 0"));
    CHECK_FALSE(ContainsCardNumber(""));
    // The whole number goes, last four digits included (test_card_data.cpp has the rest).
    CHECK(RedactCardNumbers("card 4111 1111 1111 1111 ok") == "card [card data removed] ok");
    CHECK(RedactCardNumbers("4111-1111-1111-1111") == "[card data removed]");
    CHECK(RedactCardNumbers("a 4111111111111111 b 5500000000000004") ==
          "a [card data removed] b [card data removed]");
    CHECK(RedactCardNumbers("order LW-104233") == "order LW-104233");
    CHECK(RedactCardNumbers("caf\xC3\xA9 4111111111111111") == "caf\xC3\xA9 [card data removed]");

    FieldRules rules;
    rules.type = "text";
    const Validation v = Validate("my card 4111 1111 1111 1111", rules);
    CHECK_FALSE(v.ok);
    CHECK(v.value.dump().find("4111") == std::string::npos);
    CHECK(v.message.find("4111") == std::string::npos);
    CHECK(v.message.find("card") != std::string::npos);
    rules.locale = "es-ES";
    CHECK(Validate("4111111111111111", rules).message.find("tarjeta") != std::string::npos);
}

TEST_CASE("form: civil dates") {
    using namespace seam::form;
    CHECK(DaysFromCivil({1970, 1, 1}) == 0);
    CHECK(DaysFromCivil({2000, 3, 1}) == 11017);
    CHECK(DaysFromCivil({1969, 12, 31}) == -1);
    CHECK(CivilFromDays(0) == Date{1970, 1, 1});
    CHECK(CivilFromDays(-1) == Date{1969, 12, 31});
    CHECK(Weekday({1970, 1, 1}) == 4);
    CHECK(Weekday({2026, 3, 10}) == 2);
    CHECK(Weekday({1969, 12, 28}) == 0);
    CHECK(Weekday({1900, 1, 1}) == 1);
    CHECK(AddDays({2026, 2, 28}, 1) == Date{2026, 3, 1});
    CHECK(AddDays({2028, 2, 28}, 1) == Date{2028, 2, 29});
    CHECK(AddDays({2026, 12, 31}, 1) == Date{2027, 1, 1});
    CHECK(AddDays({2026, 1, 1}, -1) == Date{2025, 12, 31});
    CHECK(IsLeapYear(2000));
    CHECK_FALSE(IsLeapYear(1900));
    CHECK(IsLeapYear(2028));
    CHECK(DaysInMonth(2026, 2) == 28);
    CHECK(DaysInMonth(2026, 13) == 0);
    CHECK_FALSE(IsValidDate({2026, 2, 29}));
    CHECK(IsValidDate({2024, 2, 29}));
    CHECK(FormatIsoDate({2026, 3, 5}) == "2026-03-05");
    // Round trip over four centuries, one day at a time.
    const std::int64_t start = DaysFromCivil({1900, 1, 1});
    for (std::int64_t d = start; d < start + 146097; ++d) {
        const Date date = CivilFromDays(d);
        SEAM_CHECK_OR_BREAK(IsValidDate(date));
        SEAM_CHECK_OR_BREAK(DaysFromCivil(date) == d);
        SEAM_CHECK_OR_BREAK(Weekday(AddDays(date, 1)) == (Weekday(date) + 1) % 7);
    }
}

TEST_CASE("form: every error id has distinct English and Spanish messages") {
    const std::vector<std::string> ids = seam::form::FormErrorIds();
    CHECK(ids.size() >= 50);
    std::set<std::string> seen_ids, en, es;
    for (const std::string& id : ids) {
        CAPTURE(id);
        CHECK(id.compare(0, 10, "seam.form.") == 0);
        CHECK(seen_ids.insert(id).second);
        const std::string m_en = seam::form::ErrorMessage(id, "en-US");
        const std::string m_es = seam::form::ErrorMessage(id, "es-ES");
        CHECK(m_en.size() > 20);
        CHECK(m_es.size() > 20);
        CHECK(m_en != m_es);
        CHECK(en.insert(m_en).second);  // different wording per error kind
        CHECK(es.insert(m_es).second);
    }
    CHECK(seam::form::ErrorMessage("seam.form.nope", "en").empty());
    CHECK(seam::form::ErrorMessage("seam.form.email.missing_at", "en-GB") ==
          "That email address is missing an @ — it should look like name@example.com.");
    CHECK(seam::form::ErrorMessage("seam.form.email.missing_at", "es-MX") ==
          "A esa dirección de correo le falta la @: debería ser como nombre@ejemplo.com.");
    // Every id a table expects is a documented one.
    for (const auto* table : {&kEmail, &kPhone, &kDate, &kMoney, &kOrder, &kInvoice, &kPostal,
                              &kChoice, &kNumber, &kText, &kCards, &kHostile}) {
        for (const Case& c : *table) {
            if (c.name[0] == 'n') {
                CAPTURE(c.name);
                CHECK(seen_ids.count(c.expected) == 1);
            }
        }
    }
}

TEST_CASE("form: messages follow the locale and fill their placeholders") {
    FieldRules rules;
    rules.type = "enum";
    rules.values = {"refund", "exchange"};
    Validation v = Validate("banana", rules);
    CHECK(v.message == "That isn't one of the options — please choose one of: refund, exchange.");
    rules.locale = "es";
    v = Validate("banana", rules);
    CHECK(v.message == "Esa no es una de las opciones: elige una de estas: refund, exchange.");
    rules.type = "order_number";
    v = Validate("10423", rules);
    CHECK(v.message ==
          "Un número de pedido tiene 6 cifras después de LW-: revísalo, como "
          "LW-104233.");
    rules.type = "date";
    rules.locale = "en-GB";
    v = Validate("31/02/2026", rules);
    CHECK(v.message.find("month 2 has no day 31") != std::string::npos);
}

TEST_CASE("form: FormSlotValidator adapts Validate to the engine") {
    using seam::flow::EntityValue;
    using seam::flow::SlotSpec;
    FieldRules defaults;
    defaults.today = Date{2026, 3, 10};
    const seam::flow::SlotValidator validator = seam::form::FormSlotValidator(defaults);
    SEAM_REQUIRE_OR_RETURN(static_cast<bool>(validator));

    SlotSpec order;
    order.name = "order_number";
    order.type = "order_number";
    auto check = validator(order, "it's lw104233", {}, "en-US");
    CHECK(check.ok);
    CHECK(check.value == "LW-104233");

    // An entity of the slot's type wins over the raw text.
    check = validator(order, "the order 104233 from march 3",
                      {EntityValue{"date", "2026-03-03", "march 3"},
                       EntityValue{"order_number", "LW-104233", "104233"}},
                      "en-US");
    CHECK(check.ok);
    CHECK(check.value == "LW-104233");

    // Invalid answers carry the message in the call's language.
    check = validator(order, "no lo sé", {}, "es-ES");
    CHECK_FALSE(check.ok);
    CHECK(check.error.find("pedido") != std::string::npos);

    SlotSpec reason;
    reason.name = "reason";
    reason.type = "enum";
    reason.values = {"damaged", "wrong_size", "other"};
    check = validator(reason, "Wrong size", {}, "en-US");
    CHECK(check.ok);
    CHECK(check.value == "wrong_size");

    SlotSpec when;
    when.name = "when";
    when.type = "date";
    check = validator(when, "pasado mañana", {}, "es-ES");
    CHECK(check.ok);
    CHECK(check.value == "2026-03-12");

    SlotSpec note;
    note.name = "note";
    note.type = "text";
    check = validator(note, "card 4111 1111 1111 1111", {}, "en-US");
    CHECK_FALSE(check.ok);
    CHECK(check.value.is_null());
    CHECK(check.error.find("card") != std::string::npos);
}

TEST_CASE("form: hostile input never crashes and always explains itself") {
    const std::vector<std::string> ids = seam::form::FormErrorIds();
    const std::set<std::string> known(ids.begin(), ids.end());
    const char* types[] = {"text",  "email",        "phone",          "date",
                           "money", "order_number", "invoice_number", "postal_code",
                           "enum",  "yes_no",       "number",         "rating"};
    seam::testing::FuzzBytes fuzz(20260310);
    FieldRules rules;
    rules.today = Date{2026, 3, 10};
    rules.values = {"a", "b"};
    int checked = 0;
    for (int round = 0; round < 300; ++round) {
        const std::string input = fuzz.Bytes(static_cast<std::size_t>(fuzz.Next() % 64));
        for (const char* type : types) {
            rules.type = type;
            rules.locale = round % 2 ? "es-ES" : "en-GB";
            const Validation v = Validate(input, rules);
            const bool consistent =
                v.ok ? !v.value.is_null() && v.error_id.empty()
                     : v.value.is_null() && known.count(v.error_id) == 1 && !v.message.empty();
            CAPTURE(type);
            CAPTURE(v.error_id);
            SEAM_CHECK_OR_BREAK(consistent);
            ++checked;
        }
    }
    CHECK(checked == 300 * 12);

    // NUL bytes, 1 MB inputs of several shapes.
    const std::string with_nul(
        "LW-104\0"
        "233",
        10);
    rules.type = "order_number";
    CHECK(Validate(with_nul, rules).ok);
    const std::string big_letters(1 << 20, 'a');
    const std::string big_digits(1 << 20, '7');
    std::string big_groups;
    while (big_groups.size() < (1u << 20))
        big_groups += "12 ";
    const std::string big_invalid(1 << 20, '\xFF');
    for (const char* type : types) {
        rules.type = type;
        for (const std::string* big : std::vector<const std::string*>{&big_letters, &big_digits,
                                                                      &big_groups, &big_invalid}) {
            const Validation v = Validate(*big, rules);
            CAPTURE(type);
            CHECK_FALSE(v.ok);
            CHECK(known.count(v.error_id) == 1);
        }
    }
    rules.type = "text";
    CHECK(Validate(big_letters, rules).error_id == "seam.form.text.too_long");
    CHECK(Validate(big_invalid, rules).error_id == "seam.form.input.encoding");
    rules.type = "email";
    CHECK(Validate(big_letters, rules).error_id == "seam.form.input.too_long");
}
