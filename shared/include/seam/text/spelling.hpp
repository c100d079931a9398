// shared/include/seam/text/spelling.hpp — chat-speak and common misspellings, rewritten to the
// words the knowledge base and the intent model know.
//
// Customers write "do u ship 2 canada", "wat is ur return policy pls", "refnd", "shiping",
// "recieve"; "xq no me llega el pedido", "porfa", "tmb", "dnd está mi envio". Edit-distance typo
// matching (kb/index.hpp) repairs some of these, but not the short forms ("u", "ur", "wat", "q",
// "xq" are too short or too far from their word), and a table word costs no confidence. This is
// that table: one entry per (language, folded word), whole words only.
//
// Rules, so that real words survive:
//   - whole tokens only (seam::text::Tokenize; matched on the folded form, so "U", "Ur" and "ÜR"
//     match "u", "ur"), never inside a word;
//   - a token glued to another by '-', '/', '&', '+', '@', '_', '.', '\'' or any symbol is left
//     alone: "u-lock", "r/c", "t-shirt", "x-large", "u.s." are names, not chat-speak;
//   - per language: Spanish "y" (and) is not English "y" (why), "d" is "de" only in Spanish.
// Everything else in the text (spacing, punctuation, case of other words) is kept as typed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "seam/text/stem.hpp"

namespace seam::text {

//! One table entry: a folded token and what it stands for (one or more words).
struct SpellingFix {
    std::string_view from;  //!< folded (lower case, no accents, no apostrophes)
    std::string_view to;    //!< replacement, as it would be written
};

//! The table of `language`, sorted by `from` (byte order) and without duplicates; empty for
//! kOther. Exposed for documentation and tests.
const std::vector<SpellingFix>& SpellingFixes(Language language);

//! `text` with every table word of `language` replaced by its fix (see the rules above). Text
//! without table words comes back byte for byte. Any bytes are accepted (ill-formed UTF-8 is
//! tolerated as Tokenize tolerates it); kOther returns `text` unchanged.
std::string FixSpelling(std::string_view text, Language language);

}  // namespace seam::text
