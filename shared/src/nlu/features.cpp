// shared/src/nlu/features.cpp — hashed word, word-pair and character n-gram features.
#include "seam/nlu/features.hpp"

#include <algorithm>
#include <string>

#include "seam/core/hash.hpp"
#include "seam/text/tokenize.hpp"
#include "seam/text/utf8.hpp"

namespace seam::nlu {

namespace {

std::uint32_t Hash32(std::uint64_t h) {
    return static_cast<std::uint32_t>(Mix64(h) >> 32);
}

std::uint64_t HashCodePoints(const char32_t* cps, std::size_t n, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t c = static_cast<std::uint32_t>(cps[i]);
        for (int b = 0; b < 4; ++b) {
            h ^= (c >> (8 * b)) & 0xFF;
            h *= 0x100000001b3ull;
        }
    }
    return h;
}

// Distinct seeds keep the groups apart: the word "ab" and the n-gram "ab" are different features.
constexpr std::uint64_t kWordSeed = 0x77u;
constexpr std::uint64_t kBigramSeed = 0x62u;
constexpr std::uint64_t kCharSeed = 0x63u;
constexpr std::uint64_t kSpanSeed = 0x73u;

std::string WordForm(const text::Token& t) {
    if (t.kind == text::TokenKind::kNumber) {
        std::size_t digits = 0;
        for (char c : t.norm)
            digits += (c >= '0' && c <= '9') ? 1 : 0;
        return "#" + std::to_string(std::min<std::size_t>(digits, 9));
    }
    return t.norm;
}

}  // namespace

std::vector<FeatureCount> ExtractFeatures(std::string_view text, const FeatureOptions& options) {
    std::vector<text::Token> tokens = text::Tokenize(text);
    if (tokens.size() > kMaxWords) tokens.resize(kMaxWords);

    std::vector<FeatureCount> raw;
    raw.reserve(tokens.size() * 16);
    std::vector<std::string> words;
    words.reserve(tokens.size());
    for (const text::Token& t : tokens)
        words.push_back(WordForm(t));

    std::u32string marked;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        raw.push_back({Hash32(Fnv1a64(w, Fnv1a64("w", kWordSeed))), FeatureGroup::kWord, 1.0f});
        if (options.bigrams && i + 1 < words.size()) {
            const std::uint64_t h = Fnv1a64(words[i + 1], Fnv1a64(w + " ", kBigramSeed));
            raw.push_back({Hash32(h), FeatureGroup::kBigram, 1.0f});
        }
        if (w[0] == '#') continue;  // number shapes have no useful spelling
        std::u32string cps = text::DecodeUtf8(w);
        if (cps.size() > kMaxWordChars) cps.resize(kMaxWordChars);
        marked.clear();
        marked.push_back(U'<');
        marked += cps;
        marked.push_back(U'>');
        for (int n = options.char_min; n <= options.char_max; ++n) {
            if (static_cast<std::size_t>(n) > marked.size()) break;
            for (std::size_t s = 0; s + n <= marked.size(); ++s) {
                const std::uint64_t h = HashCodePoints(marked.data() + s, n, kCharSeed + n);
                raw.push_back({Hash32(h), FeatureGroup::kChar, 1.0f});
            }
        }
    }
    // Character n-grams across word boundaries ("s my o"): phrases, compounds, split words.
    if (options.span_char_max > 0 && words.size() > 1) {
        std::u32string joined;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (i) joined.push_back(U' ');
            std::u32string cps = text::DecodeUtf8(words[i]);
            if (cps.size() > kMaxWordChars) cps.resize(kMaxWordChars);
            joined += cps;
        }
        for (int n = options.span_char_min; n <= options.span_char_max; ++n) {
            for (std::size_t s = 0; s + n <= joined.size(); ++s) {
                bool spans = false;
                for (int k = 1; k + 1 < n; ++k)
                    spans = spans || joined[s + k] == U' ';
                if (!spans) continue;  // in-word n-grams are already there
                const std::uint64_t h = HashCodePoints(joined.data() + s, n, kSpanSeed + n);
                raw.push_back({Hash32(h), FeatureGroup::kChar, 1.0f});
            }
        }
    }
    std::sort(raw.begin(), raw.end(), [](const FeatureCount& a, const FeatureCount& b) {
        return a.id != b.id ? a.id < b.id : a.group < b.group;
    });
    std::vector<FeatureCount> merged;
    merged.reserve(raw.size());
    for (const FeatureCount& f : raw) {
        if (!merged.empty() && merged.back().id == f.id) {
            merged.back().count += f.count;  // a 32-bit collision across groups merges: harmless
        } else {
            merged.push_back(f);
        }
    }
    return merged;
}

}  // namespace seam::nlu
