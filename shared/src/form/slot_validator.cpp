// shared/src/form/slot_validator.cpp — Validate() adapted to the flow engine's SlotValidator.
#include "seam/form/slot_validator.hpp"

namespace seam::form {

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
        if (ContainsCardNumber(text)) {
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
            if (!done) v = Validate(text, rules);
        }
        check.ok = v.ok;
        check.value = v.value;
        check.error = v.message;
        return check;
    };
}

}  // namespace seam::form
