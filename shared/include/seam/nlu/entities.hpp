// shared/include/seam/nlu/entities.hpp — entities in a customer message (English and Spanish):
// order and invoice numbers, emails, phones, money, dates, quantities and payment card numbers,
// each with byte offsets into the message exactly as the customer typed it.
//
//   untrusted bytes + EntityConfig --ExtractEntities--> [Entity{type, [begin,end), text, value}]
//
//   type            typed as                          value (normalised)      typed fields
//   order_number    LW-104233, lw104233, LW 104233,   LW-104233               -
//                   #104233, order 104233, pedido nº
//                   104233, 104233 (bare: config)
//   invoice_number  INV-2026-004512, factura          INV-2026-004512         -
//                   2026-004512
//   email           Ana.Ruiz@Example.COM              Ana.Ruiz@example.com    -
//   phone           +1 (503) 555-0147, 0034 612 345   +15035550147 (E.164)    unit: region "US"
//                   678, 020 7946 0958 (GB region)
//   money           $12.50, 12,50 €, EUR 40, 40       12.50 USD               number: minor units
//                   dollars, 1.043,75 €, £9.99                                unit: ISO 4217 code
//   date            2026-03-12, 12/03, March 12, 12   2026-03-12              date
//                   de marzo, tomorrow, pasado
//                   mañana, next Tuesday, el viernes,
//                   in 3 days, dentro de dos semanas
//   quantity        2 pairs, three jackets, x2, dos   2                       number: the count
//                   pares                                                     unit: "pairs" or ""
//   card_number     4111 1111 1111 1111 (Luhn)        **** **** **** 1111     - (text masked too;
//                                                                             RedactCardData()
//                                                                             removes it all)
//
// How it works: one pass splits the message into tokens (words folded to lower case without
// accents, ASCII digit runs, single punctuation/symbol code points, and the white space between
// them); one recogniser per type proposes candidates over the tokens (emails over the bytes);
// overlapping candidates are settled by specificity first (card > invoice > email > order number
// with a prefix, '#' or keyword > date > money > phone > quantity > bare order number), then
// length, then position. So a bare number inside a phone, amount or date is never an order.
//
// Both languages are always recognised whatever the locale; the locale only decides numeric date
// order (month first for "en" and "*-US", day first otherwise) and nothing else. Time is linear in
// the input (bounded look-ahead per token); any bytes are accepted (ill-formed UTF-8 included).
//
// Choices worth knowing (see the tests for the full behaviour):
//   - keywords ("order", "pedido nº", "the", "el", "on") are context, not part of an entity's text;
//   - "Friday", "this Friday", "el viernes": the first such day from today on (today included);
//     "next Friday", "el próximo viernes": strictly after today (1..7 days); "last Friday",
//     "el viernes pasado": 1..7 days before today;
//   - dates without a year ("12/03", "March 12") take the year that puts them nearest to today;
//     two-digit years are 20yy; "13/03/2026" read month-first is taken day-first, as only that
//     reading exists (and vice versa);
//   - "$" and "dollars" mean config.default_dollar; "US$"/"USD" are USD, "C$"/"CAD" CAD;
//   - card numbers: 13-19 digits, one or two spaces or a dash between groups, Luhn-valid, not
//     starting with 0 and not after '+' (phone numbers such as "0034 612 345 677" pass Luhn);
//   - money: USD EUR GBP CAD AUD MXN CHF; amounts up to 12 integer digits and 2 decimals;
//   - quantities: a number (digits up to 9999, or a word up to twenty) before a unit word from a
//     built-in list of counting words and catalogue items (en, es) or config.quantity_units;
//     number words 2..20 also stand alone ("I need two"); "one", "a", "una" need a unit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/date.hpp"

namespace seam::nlu {

enum class EntityType {
    kOrderNumber,
    kInvoiceNumber,
    kEmail,
    kPhone,
    kMoney,
    kDate,
    kQuantity,
    kCardNumber,
};

//! One entity found in a message.
struct Entity {
    EntityType type = EntityType::kOrderNumber;
    std::size_t begin = 0;  //!< byte offset of its first byte in the original message
    std::size_t end = 0;    //!< byte offset one past its last byte
    std::string text;       //!< the original bytes [begin, end); for card numbers the redacted form
    std::string value;      //!< normalised form (see the table at the top of this file)
    std::int64_t number = 0;  //!< money: amount in minor units (1250 for 12.50); quantity: count
    std::string unit;  //!< money: ISO 4217 currency; quantity: unit word in lower case or "";
                       //!< phone: ISO 3166 region of the number when known, else ""
    Date date;         //!< date: the resolved date (the same as `value`)
};

//! What the business's identifiers look like and what the message is relative to.
struct EntityConfig {
    std::string order_prefix = "LW";  //!< canonical order prefix; matched case-insensitively
    int order_digits = 6;             //!< digits after the prefix; outside 1..18: no order numbers
    bool bare_order_numbers = true;   //!< a lone number of order_digits digits is an order number
    std::string invoice_prefix = "INV";  //!< invoices: prefix-YYYY-NNNNNN
    int invoice_digits = 6;              //!< digits after the year
    std::string default_region = "US";   //!< phones without a country code: US CA GB DE FR ES PT
                                         //!< IT NL BE IE AT CH MX AU
    std::string default_dollar = "USD";  //!< what "$" and "dollars" mean
    std::string locale = "en-US";        //!< numeric date order: month first for en / *-US
    //! What relative dates ("tomorrow") and year-less dates ("12/03") resolve against. Unset (or
    //! any invalid date), neither kind is extracted: the core has no clock to guess it from.
    Date today = {0, 0, 0};
    std::vector<std::string> quantity_units;  //!< extra unit words ("carabiners"), any case
};

//! The entities of `text`, in text order, never overlapping. Never fails, for any bytes.
std::vector<Entity> ExtractEntities(std::string_view text, const EntityConfig& config);

//! The stable name of a type, as flows use it for slot types: "order_number", "invoice_number",
//! "email", "phone", "money", "date", "quantity", "card_number".
std::string_view EntityTypeName(EntityType type);

//! True when `text` holds a payment card number (as described at the top of this file). The
//! number only: for anything a chat must not keep, ask ContainsCardData().
bool ContainsCardNumber(std::string_view text);

// Card data (PCI DSS: a conversation never keeps it): the card number, and in its card context
// the expiry date, the security code and the last four digits, in English and Spanish:
//
//   "my card 4111 1111 1111 1111 exp 08/27 cvv 123 was charged twice"
//     -> "my card [card data removed] was charged twice"
//   "cvv 123", "security code 321", "código de seguridad 123"      always card data
//   "exp 08/27", "fecha de caducidad 08/27", "expires 8/27"          card data
//   "card ending in 4242", "mi tarjeta terminada en 4242"            card data
//   "deliver on 08/12", "order ending in 4233", "gate code 4321",
//   "la factura vence el 08/12", "$49.99", "LW-104233", "97201"      not card data
//
// The rules (what counts as card context, which nearby nouns make a number something else) are
// listed where they are implemented, in src/nlu/entities.cpp, [SECTION] Card data.

//! What a piece of card data is.
enum class CardDataKind { kNumber, kExpiry, kSecurityCode, kLastFour };

//! One piece of card data in a message: bytes [begin, end) of the original text, the keyword
//! that introduced it included ("cvv 123", "ending in 4242").
struct CardData {
    CardDataKind kind = CardDataKind::kNumber;
    std::size_t begin = 0;
    std::size_t end = 0;
};

//! What RedactCardData() writes in place of card data, whatever the language of the message.
inline constexpr std::string_view kCardDataRemoved = "[card data removed]";

//! The card data of `text`, in text order, never overlapping. Never fails, for any bytes.
std::vector<CardData> FindCardData(std::string_view text);

//! True when FindCardData() finds anything: the message must not be kept as it was typed.
bool ContainsCardData(std::string_view text);

//! `text` with its card data replaced by kCardDataRemoved (pieces apart by nothing but spaces
//! and list punctuation share one placeholder); all other bytes are copied unchanged, so the
//! rest of the request still reads. Hosts call this (through assistant::MessageEvent) before
//! storing, logging or echoing a message. For a text without card data, returns the text.
std::string RedactCardData(std::string_view text);

//! The same as RedactCardData() (it used to mask the number only, keeping its last four digits;
//! the name stays for existing callers).
std::string RedactCardNumbers(std::string_view text);

}  // namespace seam::nlu
