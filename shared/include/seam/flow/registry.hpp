// shared/include/seam/flow/registry.hpp — what flows may refer to: slot types and actions.
//
// Actions are declared as data (assets/flows/actions.json): their typed parameters and the
// outcomes a host may report. `seam check` refuses flows that call an undeclared action, pass an
// unknown parameter, omit a required one, or branch on an outcome the action never produces.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "seam/flow/diagnostic.hpp"

namespace seam::flow {

struct ActionParam {
    std::string type;  //!< a slot type
    bool required = true;
};

struct ActionSpec {
    std::string name;
    std::string description;
    std::map<std::string, ActionParam> params;
    std::set<std::string> outcomes;  //!< e.g. ok, not_found, refused, error
};

struct Registry {
    std::set<std::string> slot_types;
    std::map<std::string, ActionSpec> actions;
};

//! The slot types the form validation library knows.
std::set<std::string> BuiltinSlotTypes();

//! Parses an actions file: {"actions": {"name": {"description", "params": {"p": {"type",
//! "required"}}, "outcomes": [...]}}}. Problems are appended to `diagnostics`.
Registry ParseRegistry(std::string_view json_text, std::string_view source,
                       std::vector<Diagnostic>& diagnostics);

}  // namespace seam::flow
