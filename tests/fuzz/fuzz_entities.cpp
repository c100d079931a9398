// tests/fuzz/fuzz_entities.cpp — the entity extractors and card-data redaction over any bytes a
// customer can type, with the promises of seam/nlu/entities.hpp checked on every input:
// entities in text order, never overlapping, inside the message, their text the bytes they
// cover (card numbers masked); card data likewise; redaction leaves no card number behind.
//
// Input: one configuration byte (locale, region, today, order digits), then the message.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "seam/nlu/entities.hpp"

namespace {

seam::nlu::EntityConfig ConfigFor(std::uint8_t b) {
    static const char* const kLocales[] = {"en-US", "es", "en-GB", "es-MX"};
    static const char* const kRegions[] = {"US", "ES", "GB", "MX"};
    static const seam::Date kDays[] = {{2026, 11, 22}, {0, 0, 0},   {2024, 2, 29},
                                       {2026, 12, 31}, {1, 1, 1},   {9999, 12, 31},
                                       {2027, 1, 1},   {2026, 3, 1}};
    static const int kOrderDigits[] = {6, 0, 1, 18, 19, -1, 9, 5};
    seam::nlu::EntityConfig c;
    c.locale = kLocales[b & 3];
    c.default_region = kRegions[(b >> 2) & 3];
    c.today = kDays[(b >> 4) & 7];
    c.order_digits = kOrderDigits[(b >> 1) & 7];
    c.bare_order_numbers = (b & 0x80) == 0;
    c.default_dollar = (b & 0x40) ? "CAD" : "USD";
    if (b & 0x20) c.quantity_units = {"carabiners", "Pares"};
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const seam::nlu::EntityConfig config = ConfigFor(data[0]);
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    std::size_t last_end = 0;
    for (const seam::nlu::Entity& e : seam::nlu::ExtractEntities(text, config)) {
        SEAM_FUZZ_CHECK(e.begin >= last_end, "entities are in text order and never overlap");
        SEAM_FUZZ_CHECK(e.begin < e.end && e.end <= text.size(), "an entity covers message bytes");
        if (e.type != seam::nlu::EntityType::kCardNumber) {
            SEAM_FUZZ_CHECK(e.text == text.substr(e.begin, e.end - e.begin),
                            "an entity's text is the bytes it covers");
        }
        SEAM_FUZZ_CHECK(!seam::nlu::EntityTypeName(e.type).empty(), "every type has a name");
        last_end = e.end;
    }

    last_end = 0;
    const std::vector<seam::nlu::CardData> cards = seam::nlu::FindCardData(text);
    for (const seam::nlu::CardData& c : cards) {
        SEAM_FUZZ_CHECK(c.begin >= last_end, "card data is in text order and never overlaps");
        SEAM_FUZZ_CHECK(c.begin < c.end && c.end <= text.size(), "card data covers message bytes");
        last_end = c.end;
    }
    SEAM_FUZZ_CHECK(seam::nlu::ContainsCardData(text) == !cards.empty(),
                    "ContainsCardData is FindCardData finding something");
    const std::string redacted = seam::nlu::RedactCardData(text);
    if (cards.empty()) {
        SEAM_FUZZ_CHECK(redacted == text, "a message without card data is kept as typed");
    } else {
        SEAM_FUZZ_CHECK(!seam::nlu::ContainsCardNumber(redacted),
                        "no card number survives redaction");
    }
    return 0;
}
