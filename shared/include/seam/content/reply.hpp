// shared/include/seam/content/reply.hpp — saved replies (macros) for agents: a title and words in
// each language, with placeholders filled from the case when the agent uses one.
//
//   replies/return_label_resent.json
//   {"id": "return_label_resent",
//    "title": {"en": "Return label sent again", "es": "Etiqueta de devolución reenviada"},
//    "text": {"en": "Hi {{customer.first_name}}, I have sent the label for
//    {{slot.order_number}}...",
//             "es": "Hola {{customer.first_name}}, te he enviado la etiqueta de
//             {{slot.order_number}}..."},
//    "tags": ["returns"]}
//
// Placeholders: {{customer.first_name}}, {{customer.last_name}}, {{customer.email}},
// {{slot.<name>}} (any slot of the case's conversation), {{case.id}}, {{agent.name}}.
// Both languages are required; a placeholder outside that list is a problem (seam.reply.*).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seam/flow/diagnostic.hpp"

namespace seam::content {

struct Reply {
    std::string id;
    std::map<std::string, std::string> title;  //!< locale -> words ("en", "es")
    std::map<std::string, std::string> text;   //!< locale -> words with placeholders
    std::vector<std::string> tags;
};

//! The locales every reply (and every article pair) must have.
inline const char* const kLocales[] = {"en", "es"};

//! Parses one reply file. False (and diagnostics at JSON pointers, ids seam.reply.json,
//! seam.reply.schema, seam.reply.missing_translation, seam.reply.bad_placeholder) when unusable.
//! `source` names the file in the diagnostics; the id must equal the file's name when `source`
//! is a content path (replies/<id>.json): seam.content.id_mismatch otherwise, as for flows and
//! triggers.
bool ParseReply(std::string_view json_text, std::string_view source, Reply& out,
                std::vector<flow::Diagnostic>& diagnostics);

//! The reply as its file's text (2-space indented JSON, keys in the order above, final newline).
std::string ReplyText(const Reply& reply);

struct RenderedReply {
    std::string text;                  //!< placeholders replaced; a missing value stays as
                                       //!< "{{slot.order_number}}" so the agent sees the gap
    std::vector<std::string> missing;  //!< placeholders with no value in the context
};

//! Fills `text`'s placeholders from `context`: {"customer": {...}, "slot": {...}, "case":
//! {"id"}, "agent": {"name"}}. Values that are not strings are written as compact JSON (numbers
//! as numbers).
RenderedReply RenderReply(std::string_view text, const nlohmann::json& context);

}  // namespace seam::content
