// shared/src/form/slot_validator.cpp — Validate() adapted to the flow engine's SlotValidator.
#include "seam/form/slot_validator.hpp"

#include <string>
#include <vector>

namespace seam::form {

namespace {

// The numbers written in `text` ("45.50", "1.043,75", "12"), as written; not the digits inside
// words or codes ("LW-104233", "2nd").
std::vector<std::string> NumbersIn(const std::string& text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    auto digit = [&](std::size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
    auto word = [&](std::size_t k) {
        const unsigned char c = static_cast<unsigned char>(text[k]);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c >= 0x80;
    };
    while (i < text.size()) {
        if (!digit(i)) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (digit(i) || ((text[i] == '.' || text[i] == ',') && digit(i + 1)))
            ++i;
        const bool glued = (start > 0 && word(start - 1)) || (i < text.size() && word(i));
        if (!glued) out.push_back(text.substr(start, i - start));
    }
    return out;
}

}  // namespace

flow::SlotValidator FormSlotValidator(const FieldRules& defaults) {
    return [defaults](const flow::SlotSpec& slot, const std::string& text,
                      const std::vector<flow::EntityValue>& entities,
                      const std::string& locale) -> flow::SlotCheck {
        FieldRules rules = defaults;
        rules.type = slot.type;
        if (!slot.values.empty()) rules.values = slot.values;
        if (!locale.empty()) rules.locale = locale;
        flow::SlotCheck check;
        Validation v;
        if (ContainsCardData(text)) {
            v = Validate(text, rules);  // refuses with seam.form.card_number
        } else {
            bool done = false;
            for (const flow::EntityValue& entity : entities) {
                if (entity.type != slot.type) continue;
                const std::string candidate =
                    entity.value.is_string() ? entity.value.get<std::string>() : entity.text;
                Validation from_entity = Validate(candidate, rules);
                if (from_entity.ok) {
                    v = std::move(from_entity);
                    done = true;
                    break;
                }
            }
            if (!done && (slot.type == "money" || slot.type == "number")) {
                // "it was 45.50": the one number in a short answer to an amount question.
                const std::vector<std::string> numbers = NumbersIn(text);
                if (numbers.size() == 1) {
                    Validation from_number = Validate(numbers[0], rules);
                    if (from_number.ok) {
                        v = std::move(from_number);
                        done = true;
                    }
                }
            }
            if (!done) v = Validate(text, rules);
        }
        check.ok = v.ok;
        check.value = v.value;
        check.error = v.message;
        return check;
    };
}

}  // namespace seam::form
