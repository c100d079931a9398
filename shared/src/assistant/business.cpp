// shared/src/assistant/business.cpp — see business.hpp.
#include "seam/assistant/business.hpp"

#include <string>
#include <vector>

#include "seam/form/slot_validator.hpp"
#include "seam/nlu/entities.hpp"

namespace seam::assistant {

flow::SlotValidator BusinessSlotValidator(const Date& today) {
    form::FieldRules rules;  // the demo store: LW-###### orders, INV- invoices, US defaults
    rules.today = today;
    return form::FormSlotValidator(rules);
}

EntityFinder BusinessEntityFinder(const Date& today) {
    nlu::EntityConfig config;  // the demo store: LW-###### orders, INV- invoices, US defaults
    config.today = today;
    return [config](const std::string& text, const std::string& locale) {
        nlu::EntityConfig c = config;
        if (!locale.empty()) c.locale = locale;
        std::vector<flow::EntityValue> out;
        for (const nlu::Entity& e : nlu::ExtractEntities(text, c)) {
            std::string type(nlu::EntityTypeName(e.type));
            if (type == "card_number") continue;  // never a slot value
            if (type == "quantity") type = "number";
            out.push_back({type, e.value, e.text});
        }
        return out;
    };
}

}  // namespace seam::assistant
