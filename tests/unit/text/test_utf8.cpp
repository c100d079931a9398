// tests/unit/text/test_utf8.cpp — UTF-8 decoding/encoding, including every class of ill-formed
// input.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/text/utf8.hpp"

using namespace seam::text;

namespace {

const std::string R = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

struct DecodeCase {
    const char* name;
    std::string input;
    std::string sanitized;      // expected SanitizeUtf8 output
    std::size_t code_points;    // expected CountCodePoints
    std::size_t first_invalid;  // expected FirstInvalidOffset (input.size() when valid)
};

// y_ = must be accepted as is, n_ = must be repaired (U+FFFD per maximal subpart).
const std::vector<DecodeCase>& DecodeCases() {
    static const std::vector<DecodeCase> cases = {
        {"y_empty", "", "", 0, 0},
        {"y_ascii", "order 1042", "order 1042", 10, 10},
        {"y_embedded_nul", std::string("a\0b", 3), std::string("a\0b", 3), 3, 3},
        {"y_two_byte", "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9", 3, 5},
        {"y_three_byte_euro", "\xE2\x82\xAC", "\xE2\x82\xAC", 1, 3},
        {"y_four_byte_clef", "\xF0\x9D\x84\x9E", "\xF0\x9D\x84\x9E", 1, 4},
        {"y_boundary_7f", "\x7F", "\x7F", 1, 1},
        {"y_boundary_80", "\xC2\x80", "\xC2\x80", 1, 2},
        {"y_boundary_7ff", "\xDF\xBF", "\xDF\xBF", 1, 2},
        {"y_boundary_800", "\xE0\xA0\x80", "\xE0\xA0\x80", 1, 3},
        {"y_boundary_d7ff", "\xED\x9F\xBF", "\xED\x9F\xBF", 1, 3},
        {"y_boundary_e000", "\xEE\x80\x80", "\xEE\x80\x80", 1, 3},
        {"y_noncharacter_ffff", "\xEF\xBF\xBF", "\xEF\xBF\xBF", 1, 3},
        {"y_boundary_10000", "\xF0\x90\x80\x80", "\xF0\x90\x80\x80", 1, 4},
        {"y_max_10ffff", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", 1, 4},
        {"y_replacement_char_itself", R, R, 1, 3},
        {"n_lone_continuation", "\x80", R, 1, 0},
        {"n_two_continuations", "\xBF\x80", R + R, 2, 0},
        {"n_continuation_in_text",
         "ab\x9F"
         "cd",
         "ab" + R + "cd", 5, 2},
        {"n_truncated_two_byte_at_end", "caf\xC3", "caf" + R, 4, 3},
        {"n_truncated_three_byte_at_end", "\xE2\x82", R, 1, 0},
        {"n_truncated_four_byte_at_end", "\xF0\x9D\x84", R, 1, 0},
        {"n_truncated_then_ascii",
         "\xE2\x82"
         "A",
         R + "A", 2, 0},
        {"n_lead_then_lead", "\xC3\xC3\xA9", R + "\xC3\xA9", 2, 0},
        {"n_overlong_slash_2", "\xC0\xAF", R + R, 2, 0},
        {"n_overlong_c1", "\xC1\xBF", R + R, 2, 0},
        {"n_overlong_slash_3", "\xE0\x80\xAF", R + R + R, 3, 0},
        {"n_overlong_nul_3", "\xE0\x80\x80", R + R + R, 3, 0},
        {"n_overlong_slash_4", "\xF0\x80\x80\xAF", R + R + R + R, 4, 0},
        {"n_overlong_max_4", "\xF0\x8F\xBF\xBF", R + R + R + R, 4, 0},
        {"n_surrogate_high", "\xED\xA0\x80", R + R + R, 3, 0},
        {"n_surrogate_low", "\xED\xBF\xBF", R + R + R, 3, 0},
        {"n_surrogate_pair_cesu8", "\xED\xA0\xBD\xED\xB2\xA9", R + R + R + R + R + R, 6, 0},
        {"n_above_max_f4_90", "\xF4\x90\x80\x80", R + R + R + R, 4, 0},
        {"n_lead_f5", "\xF5\x80\x80\x80", R + R + R + R, 4, 0},
        {"n_byte_fe", "\xFE", R, 1, 0},
        {"n_byte_ff", "a\xFF", "a" + R, 2, 1},
        {"n_five_byte_form", "\xF8\x88\x80\x80\x80", R + R + R + R + R, 5, 0},
        {"n_bad_second_byte", "\xC3\x28", R + "(", 2, 0},
        {"n_bad_third_byte", "\xE2\x82\x28", R + "(", 2, 0},
        {"n_bad_fourth_byte", "\xF0\x9D\x84\x28", R + "(", 2, 0},
        // Table 3-8 of the Unicode Standard (U+FFFD for maximal subparts).
        {"n_unicode_table_3_8", "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
         "a" + R + R + R + "b" + R + "c" + R + R + "d", 10, 1},
    };
    return cases;
}

}  // namespace

TEST_CASE("utf8: decoding table (valid, truncated, overlong, surrogate, continuation)") {
    for (const DecodeCase& c : DecodeCases()) {
        CAPTURE(c.name);
        CHECK(SanitizeUtf8(c.input) == c.sanitized);
        CHECK(CountCodePoints(c.input) == c.code_points);
        CHECK(FirstInvalidOffset(c.input) == c.first_invalid);
        CHECK(IsValidUtf8(c.input) == (c.first_invalid == c.input.size()));
        CHECK(DecodeUtf8(c.input).size() == c.code_points);
        CHECK(IsValidUtf8(c.sanitized));
        CHECK(SanitizeUtf8(c.sanitized) == c.sanitized);
    }
}

TEST_CASE("utf8: DecodeAt reports code point, length and validity") {
    const std::string s = "A\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E\x80";
    struct Step {
        char32_t cp;
        std::size_t length;
        bool valid;
    };
    const std::vector<Step> expected = {{0x41, 1, true},
                                        {0xE9, 2, true},
                                        {0x20AC, 3, true},
                                        {0x1D11E, 4, true},
                                        {kReplacementChar, 1, false}};
    std::size_t pos = 0;
    for (const Step& step : expected) {
        const Decoded d = DecodeAt(s, pos);
        CHECK(d.cp == step.cp);
        CHECK(d.length == step.length);
        CHECK(d.valid == step.valid);
        pos += d.length;
    }
    CHECK(pos == s.size());
    const Decoded end = DecodeAt(s, s.size());
    CHECK(end.length == 0);
    CHECK(DecodeAt(s, s.size() + 10).length == 0);
}

TEST_CASE("utf8: encoding table, invalid code points become U+FFFD") {
    struct EncodeCase {
        char32_t cp;
        std::string bytes;
    };
    const std::vector<EncodeCase> cases = {
        {0x00, std::string(1, '\0')},
        {0x41, "A"},
        {0x7F, "\x7F"},
        {0x80, "\xC2\x80"},
        {0xE9, "\xC3\xA9"},
        {0x7FF, "\xDF\xBF"},
        {0x800, "\xE0\xA0\x80"},
        {0x20AC, "\xE2\x82\xAC"},
        {0xD7FF, "\xED\x9F\xBF"},
        {0xD800, R},
        {0xDBFF, R},
        {0xDC00, R},
        {0xDFFF, R},
        {0xE000, "\xEE\x80\x80"},
        {0xFFFF, "\xEF\xBF\xBF"},
        {0x10000, "\xF0\x90\x80\x80"},
        {0x1D11E, "\xF0\x9D\x84\x9E"},
        {0x10FFFF, "\xF4\x8F\xBF\xBF"},
        {0x110000, R},
        {0xFFFFFFFF, R},
    };
    for (const EncodeCase& c : cases) {
        CAPTURE(static_cast<unsigned long>(c.cp));
        CHECK(EncodeUtf8(c.cp) == c.bytes);
    }
    CHECK(EncodeUtf8(std::u32string{0x48, 0xD800, 0x1F44D}) == "H" + R + "\xF0\x9F\x91\x8D");
}

TEST_CASE("utf8: every scalar value round-trips") {
    std::size_t failures = 0;
    for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
        if (cp == 0xD800) cp = 0xE000;  // skip surrogates
        const std::string bytes = EncodeUtf8(cp);
        const Decoded d = DecodeAt(bytes, 0);
        if (d.cp != cp || d.length != bytes.size() || !d.valid) ++failures;
    }
    CHECK(failures == 0);
}

TEST_CASE("utf8: every two-byte sequence decodes safely and consistently") {
    std::size_t failures = 0;
    for (unsigned a = 0; a < 256; ++a) {
        for (unsigned b = 0; b < 256; ++b) {
            const std::string s{static_cast<char>(a), static_cast<char>(b)};
            const std::string clean = SanitizeUtf8(s);
            if (!IsValidUtf8(clean) || CountCodePoints(s) != DecodeUtf8(s).size() ||
                (IsValidUtf8(s) && clean != s)) {
                ++failures;
            }
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("utf8: random bytes never break the invariants") {
    seam::testing::FuzzBytes gen(42);
    for (int i = 0; i < 3000; ++i) {
        const std::string s = gen.Bytes(1 + gen.Next() % 64);
        const std::string clean = SanitizeUtf8(s);
        SEAM_CHECK_OR_BREAK(IsValidUtf8(clean));
        SEAM_CHECK_OR_BREAK(SanitizeUtf8(clean) == clean);
        SEAM_CHECK_OR_BREAK(CountCodePoints(s) == CountCodePoints(clean));
        SEAM_CHECK_OR_BREAK(EncodeUtf8(DecodeUtf8(s)) == clean);
    }
}

TEST_CASE("utf8: TruncateUtf8 never splits a code point") {
    const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E";  // a é € 𝄞 (1+2+3+4 bytes)
    CHECK(TruncateUtf8(s, 0) == "");
    CHECK(TruncateUtf8(s, 1) == "a");
    CHECK(TruncateUtf8(s, 2) == "a");
    CHECK(TruncateUtf8(s, 3) == "a\xC3\xA9");
    CHECK(TruncateUtf8(s, 5) == "a\xC3\xA9");
    CHECK(TruncateUtf8(s, 6) == "a\xC3\xA9\xE2\x82\xAC");
    CHECK(TruncateUtf8(s, 9) == "a\xC3\xA9\xE2\x82\xAC");
    CHECK(TruncateUtf8(s, 10) == s);
    CHECK(TruncateUtf8(s, 100) == s);
    CHECK(TruncateUtf8("\xFF\xFF", 1) == "\xFF");  // ill-formed bytes count one each
}
