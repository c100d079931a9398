// shared/include/seam/text/utf8.hpp — UTF-8 decoding and encoding that never fails.
//
// Input from customers is untrusted bytes. Every function here accepts any byte sequence:
// ill-formed parts decode to U+FFFD REPLACEMENT CHARACTER, one per "maximal subpart" as the
// Unicode Standard (ch. 3, U+FFFD substitution) and the WHATWG Encoding spec recommend. Overlong
// forms, surrogates (U+D800..U+DFFF), code points above U+10FFFF, truncated sequences and lone
// continuation bytes are all ill-formed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace seam::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;
inline constexpr char32_t kMaxCodePoint = 0x10FFFF;

//! One decoded code point: `cp` (U+FFFD when ill-formed), the number of bytes consumed (>= 1 unless
//! at end of input), and whether the bytes were well-formed.
struct Decoded {
    char32_t cp = 0;
    std::size_t length = 0;
    bool valid = true;
};

//! Decodes the code point starting at byte `pos` of `bytes`. At or past the end, returns
//! {0, 0, true}. Never reads outside `bytes`.
Decoded DecodeAt(std::string_view bytes, std::size_t pos);

//! Appends the UTF-8 encoding of `cp`; surrogates and values above U+10FFFF append U+FFFD.
void AppendUtf8(char32_t cp, std::string& out);

//! The UTF-8 encoding of one code point (same rules as AppendUtf8).
std::string EncodeUtf8(char32_t cp);

//! True when `bytes` is entirely well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

//! Byte offset of the first ill-formed sequence, or bytes.size() when there is none.
std::size_t FirstInvalidOffset(std::string_view bytes);

//! Well-formed copy of `bytes`: each maximal ill-formed subpart becomes U+FFFD.
std::string SanitizeUtf8(std::string_view bytes);

//! Decodes to code points (ill-formed parts as U+FFFD).
std::u32string DecodeUtf8(std::string_view bytes);

//! Encodes code points (invalid ones as U+FFFD).
std::string EncodeUtf8(std::u32string_view cps);

//! Number of code points, counting each ill-formed subpart as one.
std::size_t CountCodePoints(std::string_view bytes);

//! Longest prefix of `bytes` of at most `max_bytes` bytes that does not split a code point
//! (useful for length limits on free text).
std::string_view TruncateUtf8(std::string_view bytes, std::size_t max_bytes);

}  // namespace seam::text
