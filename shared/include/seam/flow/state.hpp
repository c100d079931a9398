// shared/include/seam/flow/state.hpp — the engine's conversation state: its schema, checked whole.
//
// A state is JSON (Engine::NewState makes one; Engine::Step changes it). Hosts store it between
// turns (seamd's cases table, the widget's brain), so a state read back is data from outside:
// a wrong-typed field in it must be an error, never an abort inside the engine (the core is
// built without exceptions). ValidateState checks every field the engine reads, with its type,
// and names the first one that is wrong ("history.steps[2]: expected a string, got a number").
//
// Version 1, the fields (required unless marked optional):
//   version 1 · session string · locale string · status string · attempts whole number >= 0
//   customer object {first_name?, id?, email?, verified_by?: string, verified?: true/false, ...}
//   context object {locale?, channel?, today?, intent?, message?, suspended?: string, ...}
//   flow, step: string or null · waiting: null, "input" or "action"
//   slots object (any values) · result object (any values)
//   slot_log object of {value, source?, text?, validated_as?: string, confirmed?: true/false}
//   history {intents: [{intent string, confidence number, ambiguous true/false}],
//            actions: [{name string, outcome string|null, params?, result?}],
//            steps: [string], flows: [string], transcript?: [{from string, text string}],
//            dropped?: {<list>: whole number}}
//   (transcript is optional since 2026-12-07: absent where the host keeps the conversation's
//   lines itself, see Engine::Transcript; states with it, older seamd's, read the same)
//   optional: offer string · csat whole number · answer {title, text, url, more?: string}
//             interrupted {flow string, step string}
//             listed_options [{value string, label string, match?: [string]}]
//             suspended [{flow string, step string, slots object, slot_log (as above),
//                         result object, listed_options? (as above)}]
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "seam/core/result.hpp"

namespace seam::flow {

//! The state format's version (Engine::NewState writes it; anything else is refused).
inline constexpr int kStateVersion = 1;

//! Checks `state` against the schema above. Errors: seam.engine.state (not an object, another
//! version), seam.json.missing / seam.json.wrong_type / seam.json.bad_value (the message names
//! the field's path). Never aborts, whatever `state` holds.
Result<bool> ValidateState(const nlohmann::json& state);

//! Parses `text` as a state and validates it (ValidateState). Errors: seam.json.parse and those
//! of ValidateState. The engine's flows are not consulted: Engine::LoadState also checks the
//! flow and step the state names.
Result<nlohmann::json> ParseState(std::string_view text);

}  // namespace seam::flow
