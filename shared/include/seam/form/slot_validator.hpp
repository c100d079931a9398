// shared/include/seam/form/slot_validator.hpp — form validation as the flow engine's
// SlotValidator, so ask steps validate answers exactly as the widget's forms do.
#pragma once

#include "seam/flow/engine.hpp"
#include "seam/form/validate.hpp"

namespace seam::form {

//! A SlotValidator over Validate(). Per call: rules = `defaults` with type = slot.type, values =
//! slot.values (when given) and locale = the call's locale (when non-empty). If an entity of the
//! slot's type was found in the message, its value (a string) or its text is validated first;
//! otherwise, or if that fails, the raw text is. A card number in the text is always refused.
flow::SlotValidator FormSlotValidator(const FieldRules& defaults);

}  // namespace seam::form
