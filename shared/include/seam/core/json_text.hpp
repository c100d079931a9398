// shared/include/seam/core/json_text.hpp — JSON values to compact text, fast.
//
// Byte for byte what `j.dump(-1, ' ', false, json::error_handler_t::replace)` gives (compact,
// UTF-8 kept as is, ill-formed UTF-8 replaced), without its per-byte UTF-8 state machine: runs of
// plain bytes are copied whole. seamd writes a case's state (4-5 KB) on every conversation turn
// and answers every request in JSON, so this is on the hot path of both.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace seam {

//! Appends the compact text of `value` to `out`.
void AppendJson(const nlohmann::json& value, std::string& out);

//! The compact text of `value`.
std::string DumpJson(const nlohmann::json& value);

}  // namespace seam
