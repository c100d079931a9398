// shared/src/text/utf8.cpp — UTF-8 decoding with U+FFFD substitution of maximal subparts.
#include "seam/text/utf8.hpp"

namespace seam::text {

namespace {

std::uint8_t ByteAt(std::string_view bytes, std::size_t i) {
    return static_cast<std::uint8_t>(bytes[i]);
}

}  // namespace

Decoded DecodeAt(std::string_view bytes, std::size_t pos) {
    if (pos >= bytes.size()) return {0, 0, true};
    const std::uint8_t b0 = ByteAt(bytes, pos);
    if (b0 < 0x80) return {b0, 1, true};

    // Table 3-7 of the Unicode Standard: well-formed byte sequences. The second byte's range
    // depends on the lead byte; this excludes overlongs (E0, F0), surrogates (ED) and > U+10FFFF
    // (F4).
    std::size_t need = 0;
    std::uint8_t lo = 0x80;
    std::uint8_t hi = 0xBF;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return {kReplacementChar, 1, false};  // C0, C1, F5..FF or a lone continuation byte
    }

    for (std::size_t k = 1; k <= need; ++k) {
        if (pos + k >= bytes.size()) return {kReplacementChar, k, false};  // truncated
        const std::uint8_t b = ByteAt(bytes, pos + k);
        if (b < lo || b > hi) return {kReplacementChar, k, false};  // maximal subpart ends here
        cp = (cp << 6) | (b & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    return {cp, need + 1, true};
}

void AppendUtf8(char32_t cp, std::string& out) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > kMaxCodePoint) cp = kReplacementChar;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string EncodeUtf8(char32_t cp) {
    std::string out;
    AppendUtf8(cp, out);
    return out;
}

std::size_t FirstInvalidOffset(std::string_view bytes) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const Decoded d = DecodeAt(bytes, pos);
        if (!d.valid) return pos;
        pos += d.length;
    }
    return bytes.size();
}

bool IsValidUtf8(std::string_view bytes) {
    return FirstInvalidOffset(bytes) == bytes.size();
}

std::string SanitizeUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const Decoded d = DecodeAt(bytes, pos);
        if (d.valid) {
            out.append(bytes.substr(pos, d.length));
        } else {
            AppendUtf8(kReplacementChar, out);
        }
        pos += d.length;
    }
    return out;
}

std::u32string DecodeUtf8(std::string_view bytes) {
    std::u32string out;
    out.reserve(bytes.size());
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const Decoded d = DecodeAt(bytes, pos);
        out.push_back(d.cp);
        pos += d.length;
    }
    return out;
}

std::string EncodeUtf8(std::u32string_view cps) {
    std::string out;
    out.reserve(cps.size());
    for (char32_t cp : cps)
        AppendUtf8(cp, out);
    return out;
}

std::size_t CountCodePoints(std::string_view bytes) {
    std::size_t n = 0;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        pos += DecodeAt(bytes, pos).length;
        ++n;
    }
    return n;
}

std::string_view TruncateUtf8(std::string_view bytes, std::size_t max_bytes) {
    if (bytes.size() <= max_bytes) return bytes;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t next = pos + DecodeAt(bytes, pos).length;
        if (next > max_bytes) break;
        pos = next;
    }
    return bytes.substr(0, pos);
}

}  // namespace seam::text
