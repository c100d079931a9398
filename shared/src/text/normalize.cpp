// shared/src/text/normalize.cpp — canonical forms of messages for matching.
#include "seam/text/normalize.hpp"

#include "seam/text/unicode.hpp"
#include "seam/text/utf8.hpp"

namespace seam::text {

namespace {

bool IsAsciiDigit(char32_t cp) {
    return cp >= '0' && cp <= '9';
}

}  // namespace

std::string Normalize(std::string_view text, const NormalizeOptions& options) {
    const FoldOptions fold{options.fold_case, options.fold_accents};
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    std::string piece;  // the folded form of one code point

    std::size_t pos = 0;
    while (pos < text.size()) {
        const Decoded d = DecodeAt(text, pos);
        pos += d.length;
        char32_t cp = d.cp;
        int repeat = 1;
        if (options.normalize_punctuation) {
            if (cp == 0x2026) {  // … horizontal ellipsis -> "..."
                cp = '.';
                repeat = 3;
            }
            cp = NormalizeCodePoint(cp);
        }
        CharClass cls = Classify(cp);

        if ((cls == CharClass::kControl || cls == CharClass::kIgnorable) &&
            options.drop_invisible) {
            continue;
        }
        if (options.strip_punctuation) {
            if (cls == CharClass::kApostrophe) continue;  // "don't" -> "dont"
            if (cls == CharClass::kPunct || cls == CharClass::kSymbol) {
                // Keep a decimal or thousands separator between two digits: "12.50", "1,043".
                const bool separator = (cp == '.' || cp == ',') && repeat == 1 && !pending_space &&
                                       !out.empty() &&
                                       IsAsciiDigit(static_cast<unsigned char>(out.back())) &&
                                       IsAsciiDigit(NormalizeCodePoint(DecodeAt(text, pos).cp));
                if (!separator) cls = CharClass::kSpace;
            }
        }
        if (cls == CharClass::kSpace) {
            if (options.collapse_whitespace) {
                pending_space = true;
                continue;
            }
            if (options.normalize_punctuation && cp >= 0x80) cp = ' ';
        }
        piece.clear();
        for (int i = 0; i < repeat; ++i)
            AppendFolded(cp, fold, piece);
        if (piece.empty()) continue;  // a combining mark removed by accent folding
        if (pending_space && !out.empty()) out.push_back(' ');
        pending_space = false;
        out += piece;
    }
    return out;
}

std::string FoldCase(std::string_view text) {
    NormalizeOptions o;
    o.fold_accents = false;
    o.normalize_punctuation = false;
    o.collapse_whitespace = false;
    o.drop_invisible = false;
    return Normalize(text, o);
}

std::string FoldAccents(std::string_view text) {
    NormalizeOptions o;
    o.fold_case = false;
    o.normalize_punctuation = false;
    o.collapse_whitespace = false;
    o.drop_invisible = false;
    return Normalize(text, o);
}

std::string CollapseWhitespace(std::string_view text) {
    NormalizeOptions o;
    o.fold_case = false;
    o.fold_accents = false;
    o.normalize_punctuation = false;
    return Normalize(text, o);
}

std::string NormalizePunctuation(std::string_view text) {
    NormalizeOptions o;
    o.fold_case = false;
    o.fold_accents = false;
    o.collapse_whitespace = false;
    o.drop_invisible = false;
    return Normalize(text, o);
}

}  // namespace seam::text
