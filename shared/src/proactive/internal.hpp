// shared/src/proactive/internal.hpp — helpers shared by the proactive sources. Internal: no
// compatibility promise; include only from shared/src/proactive/.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::proactive::detail {

//! One "{{name}}" in a template: where it starts and ends (past the "}}"), and the name with the
//! spaces around it trimmed.
struct Hole {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string name;
};

//! The holes of `text` in order. False when a "{{" has no "}}" after it (the holes before it
//! are still appended). A "}}" with no "{{" is plain text.
bool ScanTemplate(std::string_view text, std::vector<Hole>& holes);

//! A fact's value as it is written into a message, a slot or an object key: strings as they are,
//! numbers as integers when whole, true/false. Errors (seam.proactive.template): null, arrays and
//! objects, which have no one right spelling in a customer's message.
Result<std::string> FactText(const nlohmann::json& value, std::string_view name);

//! `v` as JSON text for a log line or a message. Strings that are not UTF-8 (facts come from the
//! host's database) are written with U+FFFD: nlohmann's plain dump() would abort on them.
std::string Dump(const nlohmann::json& v);

//! RFC 6901 escaping of one key of a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string PointerEscape(std::string_view key);

}  // namespace seam::proactive::detail
