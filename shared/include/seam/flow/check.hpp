// shared/include/seam/flow/check.hpp — static checks of a parsed flow (what `seam check` runs).
//
//   seam.flow.duplicate_step    two steps with one id
//   seam.flow.unknown_step      a reference to a step that does not exist
//   seam.flow.unreachable       a step no path from `start` reaches
//   seam.flow.no_exit           a step from which no end or handoff can be reached (a loop)
//   seam.flow.undeclared_slot   a step or template uses a slot the flow does not declare
//   seam.flow.unknown_slot_type a slot type the validation library does not know
//   seam.flow.slot_before_ask   a slot read on a path where nothing has asked or set it yet
//   seam.flow.unknown_action    an action the registry does not declare
//   seam.flow.bad_params        unknown or missing action parameters
//   seam.flow.unknown_outcome   branching on an outcome the action never reports
//   seam.flow.unhandled_outcome an outcome with nowhere to go (no `on` entry and no `next`)
//   seam.flow.silent_handoff    a handoff step that does not tell the customer what happens next
//   seam.flow.bad_template      a {{...}} placeholder that is not slot.X, customer.X, result.X
//   seam.flow.bad_condition     a malformed branch condition
#pragma once

#include <vector>

#include "seam/flow/diagnostic.hpp"
#include "seam/flow/flow.hpp"
#include "seam/flow/registry.hpp"

namespace seam::flow {

//! Appends every problem of `flow` to `diagnostics`; returns true when there was none.
bool CheckFlow(const Flow& flow, const Registry& registry, std::vector<Diagnostic>& diagnostics);

}  // namespace seam::flow
