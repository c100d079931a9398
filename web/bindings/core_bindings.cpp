// web/bindings/core_bindings.cpp — the JavaScript API of seam_core (embind). Bindings only:
// every behaviour lives in shared/. Offsets returned to JS are UTF-16 code unit indices (what JS
// strings use), converted here from the core's byte offsets.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "seam/core/version.hpp"
#include "seam/text/normalize.hpp"
#include "seam/text/tokenize.hpp"
#include "seam/text/utf8.hpp"

namespace {

using emscripten::val;

std::string SeamVersion() {
    return std::string(seam::Version());
}

std::string NormalizeText(const std::string& text, bool strip_punctuation) {
    seam::text::NormalizeOptions options;
    options.strip_punctuation = strip_punctuation;
    return seam::text::Normalize(text, options);
}

const char* KindName(seam::text::TokenKind kind) {
    switch (kind) {
        case seam::text::TokenKind::kWord:
            return "word";
        case seam::text::TokenKind::kNumber:
            return "number";
        case seam::text::TokenKind::kPunct:
            return "punct";
        case seam::text::TokenKind::kSymbol:
            return "symbol";
    }
    return "word";
}

// [{norm, kind, start, end}] with UTF-16 offsets into the JS string the caller passed in.
val TokenizeText(const std::string& text, bool include_punctuation) {
    seam::text::TokenizeOptions options;
    options.include_punctuation = include_punctuation;
    const std::vector<seam::text::Token> tokens = seam::text::Tokenize(text, options);

    val out = val::array();
    std::size_t byte = 0;
    std::size_t utf16 = 0;
    auto advance_to = [&](std::size_t target) {
        while (byte < target) {
            const seam::text::Decoded d = seam::text::DecodeAt(text, byte);
            byte += d.length;
            utf16 += d.cp >= 0x10000 ? 2 : 1;
        }
        return utf16;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const seam::text::Token& t = tokens[i];
        val token = val::object();
        token.set("norm", t.norm);
        token.set("kind", std::string(KindName(t.kind)));
        token.set("start", static_cast<double>(advance_to(t.begin)));
        token.set("end", static_cast<double>(advance_to(t.end)));
        out.set(i, token);
    }
    return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(seam_core) {
    emscripten::function("version", &SeamVersion);
    emscripten::function("normalize", &NormalizeText);
    emscripten::function("tokenize", &TokenizeText);
}
