// shared/include/seam/assistant/business.hpp — the demo business's settings for slot validation
// and entity finding (LW-###### orders, INV- invoices, US defaults), shared by seamd, the CLI and
// the widget's in-browser brain so all three validate and find entities identically.
#pragma once

#include "seam/assistant/understand.hpp"
#include "seam/core/date.hpp"
#include "seam/flow/engine.hpp"

namespace seam::assistant {

//! The slot validator of the business (the form validation library with its settings);
//! relative dates ("tomorrow") are resolved against `today`.
flow::SlotValidator BusinessSlotValidator(const Date& today);

//! The entity finder of the business (order numbers LW-######, invoices INV-...; card numbers
//! are never returned, quantities are reported as "number").
EntityFinder BusinessEntityFinder(const Date& today);

}  // namespace seam::assistant
