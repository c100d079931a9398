// shared/include/seam/text/tokenize.hpp — words with offsets into the original message.
//
// Tokens keep [begin, end) byte offsets into the text exactly as received, so an entity found in
// tokens can be highlighted or redacted in the original, and one message can fill several slots.
// `norm` is the token's matching form: folded per options, apostrophes removed ("Don't" -> "dont").
//
// Rules: a word is a run of letters, digits, combining marks and inner apostrophes; a token of
// digits only, optionally with single inner '.' or ',' between digits ("1,043.50"), is a number;
// each CJK ideograph is a word of its own; ignorable characters inside a word are skipped without
// splitting it; punctuation and symbols are one-code-point tokens, emitted only on request.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "seam/text/unicode.hpp"

namespace seam::text {

enum class TokenKind { kWord, kNumber, kPunct, kSymbol };

struct Token {
    TokenKind kind = TokenKind::kWord;
    std::string norm;       //!< matching form (UTF-8)
    std::size_t begin = 0;  //!< byte offset of the first byte in the original text
    std::size_t end = 0;    //!< byte offset one past the last byte in the original text
};

struct TokenizeOptions {
    FoldOptions fold;                  //!< case and accent folding of `norm`
    bool include_punctuation = false;  //!< also emit kPunct and kSymbol tokens
};

//! Splits `text` (any bytes; ill-formed UTF-8 is tolerated) into tokens in text order.
std::vector<Token> Tokenize(std::string_view text, const TokenizeOptions& options = {});

//! Convenience: the `norm` of each word and number token.
std::vector<std::string> TokenTexts(std::string_view text, const TokenizeOptions& options = {});

}  // namespace seam::text
