// shared/include/seam/flow/context.hpp — what conditions and templates can read, and how.
//
// A flow reads five namespaces: slot.X (collected in this conversation), customer.X (who the
// customer is, from the host), result.X (the last action's result), context.X (channel,
// locale, today's date...) and answer.X (title, text, url: what the knowledge base found for
// the message that started the flow; the fallback flow reads it). They live in one JSON object
// {"slot": {...}, "customer": {...}, "result": {...}, "context": {...}, "answer": {...}};
// nested fields use dots: result.order.status, and list items their index: result.dates.0.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "seam/core/result.hpp"
#include "seam/flow/flow.hpp"

namespace seam::flow {

//! The value at "ns.a.b" in `context`, or nullptr (a null JSON) when absent.
const nlohmann::json& Lookup(const nlohmann::json& context, std::string_view path);

//! Evaluates a branch condition (see check.hpp for the grammar). Missing variables compare as
//! null: only ==/!= null, `missing` and `not_in` can be true of them; ordering comparisons need
//! two numbers or two strings. Errors: seam.flow.bad_condition.
Result<bool> EvaluateCondition(const nlohmann::json& condition, const nlohmann::json& context);

//! Fills {{ns.name}} placeholders from `context`; numbers print without trailing zeros, missing
//! values print as nothing.
std::string RenderTemplate(std::string_view text, const nlohmann::json& context);

//! The phrasing to use: the variants for `lang` (else its primary tag "es" for "es-MX", else
//! "en", else language-neutral, else any), picked by `seed` % count — deterministic per session
//! and turn, so a re-prompt never repeats the previous words when there are several.
const std::string& PickPhrasing(const Text& text, std::string_view lang, std::uint64_t seed);

}  // namespace seam::flow
