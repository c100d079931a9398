// shared/include/seam/form/validate.hpp — validating and normalising what customers type into a
// form field or an ask step: one function, Validate(), shared by the widget (WASM) and the backend.
//
//   untrusted bytes --Validate(input, rules)--> {ok, normalised value} | {error_id, message}
//
// Every input is checked in this order: well-formed UTF-8 (else seam.form.input.encoding), no
// card data anywhere (a payment card number, or an expiry date, security code or last four
// digits in card context: else seam.form.card_number — whatever the field type, and the data is
// never copied into the result), not empty after trimming, not absurdly long, then the
// rules of the field type. Messages are in English or Spanish (from rules.locale) and say what was
// wrong and how to fix it; error ids are stable and listed in src/form/messages.cpp.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seam/form/date.hpp"

namespace seam::form {

//! How one field is validated. Only the members that matter for `type` are read.
struct FieldRules {
    //! A slot type of flow::BuiltinSlotTypes(): text, email, phone, date, money, order_number,
    //! invoice_number, postal_code, enum, yes_no, number, rating.
    std::string type;
    std::vector<std::string> values;  //!< enum: the allowed values, as stored
    std::size_t min_length = 1;       //!< text: minimum length in code points (after trimming)
    std::size_t max_length = 500;     //!< text: maximum length in code points
    std::string region = "US";        //!< phone default country; postal code format (US GB DE ...)
    std::string locale = "en-US";     //!< message language (es* = Spanish) and date order
    Date today;                       //!< date: what "today", "mañana", "12/03" are relative to
    std::string order_prefix = "LW";  //!< order_number: prefix of the canonical form
    int order_digits = 6;             //!< order_number: digits after the prefix
    std::string invoice_prefix = "INV";  //!< invoice_number: prefix ("INV-2026-004512")
    std::string currency = "USD";        //!< money: currency when the customer names none
};

//! The outcome of Validate(). On success `value` holds the normalised value and the error fields
//! are empty; on failure `value` is null.
struct Validation {
    bool ok = false;
    nlohmann::json value;  //!< normalised: see Validate() for the shape per type
    std::string error_id;  //!< stable: "seam.form.email.missing_at", ...
    std::string message;   //!< localised: what is wrong and how to fix it
};

//! Validates one answer. Never crashes, never throws, for any bytes (empty, binary, 1 MB).
//! Normalised values: email "name@example.com" (domain lower-cased); phone E.164 "+15035550142";
//! date "YYYY-MM-DD"; money {"amount_minor", "currency", "text": "12.50 USD"}; order_number
//! "LW-104233"; invoice_number "INV-2026-004512"; postal_code "SW1A 1AA" / "12345-6789";
//! enum the matching entry of rules.values; yes_no true/false; number and rating integers;
//! text the trimmed string. An unknown type fails with seam.form.type.unknown.
//! Dates: numeric dates are month-first for locales "en-US" and "en", day-first otherwise; a day
//! and month with no year is its next occurrence from rules.today (today included); "this
//! Friday" and "Friday" are the first Friday from today on, "next Friday" the first after today.
//! Money: the decimal separator is read from the amount ("1.043,75", "1,043.75"); one separator
//! followed by exactly three digits is a thousands separator ("2.500 €" = 2500 EUR).
Validation Validate(std::string_view input, const FieldRules& rules);

//! Every error id Validate() can return, in a stable order (for documentation and tests).
std::vector<std::string> FormErrorIds();

//! The message for `error_id` in the language of `locale` (es* = Spanish, else English), with
//! its "{name}" placeholders unfilled; empty for an unknown id.
std::string ErrorMessage(std::string_view error_id, std::string_view locale);

//! True when `text` holds card data (nlu::ContainsCardData): a card number — 13-19 digits
//! (single spaces or dashes between them allowed) that pass the Luhn check and neither start
//! with 0 nor follow a "+" — or, in its card context, an expiry date, a security code or the
//! last four digits ("cvv 123", "exp 08/27", "card ending in 4242"): something that must not be
//! kept or echoed.
bool ContainsCardData(std::string_view text);

//! `text` with its card data (as ContainsCardData finds it) replaced by "[card data removed]"
//! (nlu::kCardDataRemoved). Other bytes are copied unchanged.
std::string RedactCardData(std::string_view text);

//! The same as ContainsCardData(): the name stays for existing callers, who now refuse and
//! redact expiry dates, security codes and last four digits too.
bool ContainsCardNumber(std::string_view text);

//! The same as RedactCardData() (it used to keep the last four digits).
std::string RedactCardNumbers(std::string_view text);

}  // namespace seam::form
