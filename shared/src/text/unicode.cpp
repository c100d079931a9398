// shared/src/text/unicode.cpp — character classes, compatibility mapping, case and accent folding.
//
// Index of this file
// [SECTION] Classification
// [SECTION] Compatibility mapping
// [SECTION] Case folding
// [SECTION] Accent folding
#include "seam/text/unicode.hpp"

#include "seam/text/utf8.hpp"

namespace seam::text {

namespace {

bool In(char32_t cp, char32_t lo, char32_t hi) {
    return cp >= lo && cp <= hi;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Classification
//-----------------------------------------------------------------------------

CharClass Classify(char32_t cp) {
    if (cp < 0x80) {
        if (cp >= '0' && cp <= '9') return CharClass::kDigit;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::kLetter;
        if (cp == ' ' || In(cp, 0x09, 0x0D)) return CharClass::kSpace;
        if (cp < 0x20 || cp == 0x7F) return CharClass::kControl;
        if (cp == '\'' || cp == '`') return CharClass::kApostrophe;
        switch (cp) {
            case '$':
            case '+':
            case '<':
            case '=':
            case '>':
            case '^':
            case '|':
            case '~':
                return CharClass::kSymbol;
            default:
                return CharClass::kPunct;
        }
    }
    if (In(cp, 0x80, 0x9F)) return cp == 0x85 ? CharClass::kSpace : CharClass::kControl;
    if (cp < 0x100) {
        switch (cp) {
            case 0xA0:
                return CharClass::kSpace;
            case 0xAD:
                return CharClass::kIgnorable;
            case 0xAA:
            case 0xB5:
            case 0xBA:
                return CharClass::kLetter;
            case 0xB4:
                return CharClass::kApostrophe;  // ´ typed for ' on Spanish keyboards
            case 0xA1:
            case 0xA7:
            case 0xAB:
            case 0xB6:
            case 0xB7:
            case 0xBB:
            case 0xBF:
                return CharClass::kPunct;
            case 0xD7:
            case 0xF7:
                return CharClass::kSymbol;
            default:
                break;
        }
        if (cp < 0xC0) return CharClass::kSymbol;  // ¢ £ ¤ ¥ ¦ ¨ © ¬ ® ¯ ° ± ² ³ ¸ ¹ ¼ ½ ¾
        return CharClass::kLetter;
    }
    if (In(cp, 0x0300, 0x036F) || In(cp, 0x0483, 0x0489) || In(cp, 0x0591, 0x05C7) ||
        In(cp, 0x1AB0, 0x1AFF) || In(cp, 0x1DC0, 0x1DFF) || In(cp, 0x20D0, 0x20FF) ||
        In(cp, 0xFE20, 0xFE2F)) {
        return CharClass::kMark;
    }
    if (cp == 0x02BC || cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032 ||
        cp == 0xFF07) {
        return CharClass::kApostrophe;
    }
    if (cp == 0x1680 || In(cp, 0x2000, 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000) {
        return CharClass::kSpace;
    }
    if (cp == 0x034F || cp == 0x061C || cp == 0x180E || In(cp, 0x200B, 0x200F) ||
        In(cp, 0x202A, 0x202E) || In(cp, 0x2060, 0x206F) || In(cp, 0xFE00, 0xFE0F) ||
        cp == 0xFEFF || In(cp, 0xE0000, 0xE007F) || In(cp, 0xE0100, 0xE01EF)) {
        return CharClass::kIgnorable;
    }
    if (In(cp, 0xFF10, 0xFF19)) return CharClass::kDigit;
    if (In(cp, 0xFF21, 0xFF3A) || In(cp, 0xFF41, 0xFF5A)) return CharClass::kLetter;
    if (In(cp, 0xFF01, 0xFF5E)) return Classify(cp - 0xFEE0);  // fullwidth ASCII punctuation
    if (In(cp, 0x2010, 0x2027) || In(cp, 0x2030, 0x205E) || In(cp, 0x3001, 0x3003) ||
        In(cp, 0x3008, 0x3011) || In(cp, 0x3014, 0x301F) || cp == 0x037E || cp == 0x0387 ||
        In(cp, 0x055A, 0x055F) || cp == 0x0589 || cp == 0x060C || cp == 0x061B || cp == 0x061F ||
        cp == 0x06D4 || In(cp, 0x0964, 0x0965) || In(cp, 0x2E00, 0x2E7F) ||
        In(cp, 0xFE50, 0xFE6B) || In(cp, 0xFF61, 0xFF65)) {
        return CharClass::kPunct;
    }
    if (In(cp, 0x20A0, 0x20CF) || In(cp, 0x2100, 0x214F) || In(cp, 0x2190, 0x2BFF) ||
        In(cp, 0x02C2, 0x02C5) || In(cp, 0x02D2, 0x02DF) || In(cp, 0x3200, 0x33FF) ||
        In(cp, 0xFFF9, 0xFFFF) || In(cp, 0x1F000, 0x1FAFF) || In(cp, 0xE000, 0xF8FF) ||
        In(cp, 0xD800, 0xDFFF) || cp > kMaxCodePoint) {
        return CharClass::kSymbol;  // includes U+FFFD, private use, emoji
    }
    if (In(cp, 0x2150, 0x218F)) return CharClass::kLetter;  // number forms (Ⅻ): treat as word
    if (In(cp, 0x3400, 0x4DBF) || In(cp, 0x4E00, 0x9FFF) || In(cp, 0xF900, 0xFAFF) ||
        In(cp, 0x20000, 0x3134F)) {
        return CharClass::kIdeograph;
    }
    return CharClass::kLetter;
}

//-----------------------------------------------------------------------------
// [SECTION] Compatibility mapping
//-----------------------------------------------------------------------------

char32_t NormalizeCodePoint(char32_t cp) {
    if (cp < 0xA0) return cp;
    if (In(cp, 0xFF01, 0xFF5E)) return cp - 0xFEE0;  // fullwidth ASCII
    switch (cp) {
        case 0x00A0:
        case 0x1680:
        case 0x202F:
        case 0x205F:
        case 0x3000:
        case 0x2028:
        case 0x2029:
            return ' ';
        case 0x00B4:
        case 0x02BC:
        case 0x2018:
        case 0x2019:
        case 0x201A:
        case 0x201B:
        case 0x2032:
        case 0x2039:
        case 0x203A:
            return '\'';
        case 0x00AB:
        case 0x00BB:
        case 0x201C:
        case 0x201D:
        case 0x201E:
        case 0x201F:
        case 0x2033:
        case 0x300C:
        case 0x300D:
            return '"';
        case 0x2010:
        case 0x2011:
        case 0x2012:
        case 0x2013:
        case 0x2014:
        case 0x2015:
        case 0x2212:
        case 0xFE58:
        case 0xFE63:
            return '-';
        case 0x2044:
        case 0x2215:
            return '/';
        case 0x3001:
            return ',';
        case 0x3002:
            return '.';
        default:
            break;
    }
    if (In(cp, 0x2000, 0x200A)) return ' ';
    return cp;
}

//-----------------------------------------------------------------------------
// [SECTION] Case folding
//-----------------------------------------------------------------------------

char32_t FoldCaseSimple(char32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < 0x100) return (In(cp, 0xC0, 0xDE) && cp != 0xD7) ? cp + 32 : cp;
    if (cp < 0x180) {
        if (cp == 0x130) return 'i';  // İ: full folding is i + U+0307; drop the dot
        if (cp == 0x178) return 0xFF;
        if (cp == 0x17F) return 's';
        // Upper case is even in 0100-0137 and 014A-0177, odd in 0139-0148 and 0179-017E.
        if (In(cp, 0x100, 0x137) || In(cp, 0x14A, 0x177)) return cp | 1;
        if ((In(cp, 0x139, 0x148) || In(cp, 0x179, 0x17E)) && (cp & 1)) return cp + 1;
        return cp;
    }
    if (In(cp, 0x1CD, 0x1DC)) return (cp & 1) ? cp + 1 : cp;  // Ǎ ǎ ... Ǜ ǜ
    if (In(cp, 0x1DE, 0x1EF) || In(cp, 0x1F8, 0x21F) || In(cp, 0x222, 0x233)) return cp | 1;
    if (cp == 0x1A0 || cp == 0x1AF) return cp + 1;            // Ơ Ư
    if (In(cp, 0x391, 0x3AB) && cp != 0x3A2) return cp + 32;  // Greek capitals
    switch (cp) {
        case 0x386:
            return 0x3AC;
        case 0x388:
            return 0x3AD;
        case 0x389:
            return 0x3AE;
        case 0x38A:
            return 0x3AF;
        case 0x38C:
            return 0x3CC;
        case 0x38E:
            return 0x3CD;
        case 0x38F:
            return 0x3CE;
        case 0x3C2:
            return 0x3C3;  // final sigma
        default:
            break;
    }
    if (In(cp, 0x410, 0x42F)) return cp + 32;  // Cyrillic
    if (In(cp, 0x400, 0x40F)) return cp + 80;
    if (In(cp, 0x460, 0x481) || In(cp, 0x48A, 0x4BF) || In(cp, 0x4D0, 0x52F)) return cp | 1;
    if (In(cp, 0x531, 0x556)) return cp + 48;  // Armenian
    if (In(cp, 0x1E00, 0x1E95) || In(cp, 0x1EA0, 0x1EFF)) return cp | 1;
    if (In(cp, 0xFF21, 0xFF3A)) return cp + 32;
    return cp;
}

//-----------------------------------------------------------------------------
// [SECTION] Accent folding
//-----------------------------------------------------------------------------

namespace {

// One entry per code point from U+00C0; '*' means "no accent-free form" (× ÷), '1'..'9' index
// the expansions below.
constexpr char kLatin1[] =  // U+00C0..U+00FF
    "AAAAAA1CEEEEIIIIDNOOOOO*OUUUUY2"
    "3aaaaaa4ceeeeiiiidnooooo*ouuuuy5y";
constexpr char kLatinExtA[] =  // U+0100..U+017F
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi67JjKkkLlLlLlLlLlNnNnNn"
    "nNnOoOoOo89RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
constexpr const char* kExpansions[] = {"", "AE", "TH", "ss", "ae", "th", "IJ", "ij", "OE", "oe"};

constexpr char kVietnamese[] =  // U+1EA0..U+1EF9
    "AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy";

// Nul-terminated one-letter strings for every ASCII character, so tables can hand out pointers.
struct OneLetterStrings {
    char s[128][2];
};
constexpr OneLetterStrings MakeOneLetterStrings() {
    OneLetterStrings t{};
    for (int i = 0; i < 128; ++i)
        t.s[i][0] = static_cast<char>(i);
    return t;
}
constexpr OneLetterStrings kOneLetter = MakeOneLetterStrings();

const char* FromTable(const char* table, char32_t index) {
    const char c = table[index];
    if (c == '*') return "";
    if (c >= '1' && c <= '9') return kExpansions[c - '0'];
    return kOneLetter.s[static_cast<unsigned char>(c)];
}

}  // namespace

const char* StripAccent(char32_t cp) {
    if (In(cp, 0xC0, 0xFF)) return FromTable(kLatin1, cp - 0xC0);
    if (In(cp, 0x100, 0x17F)) return FromTable(kLatinExtA, cp - 0x100);
    if (In(cp, 0x1EA0, 0x1EF9)) return FromTable(kVietnamese, cp - 0x1EA0);
    switch (cp) {
        case 0x1A0:
            return "O";
        case 0x1A1:
            return "o";
        case 0x1AF:
            return "U";
        case 0x1B0:
            return "u";
        case 0x1CD:
            return "A";
        case 0x1CE:
            return "a";
        case 0x1CF:
            return "I";
        case 0x1D0:
            return "i";
        case 0x1D1:
            return "O";
        case 0x1D2:
            return "o";
        case 0x1D3:
        case 0x1D5:
        case 0x1D7:
        case 0x1D9:
        case 0x1DB:
            return "U";
        case 0x1D4:
        case 0x1D6:
        case 0x1D8:
        case 0x1DA:
        case 0x1DC:
            return "u";
        case 0x218:
            return "S";
        case 0x219:
            return "s";
        case 0x21A:
            return "T";
        case 0x21B:
            return "t";
        case 0x1E9E:
            return "SS";
        default:
            return "";
    }
}

void AppendFolded(char32_t cp, const FoldOptions& options, std::string& out) {
    if (options.fold_accents) {
        if (Classify(cp) == CharClass::kMark) return;
        const char* base = StripAccent(cp);
        if (*base != '\0') {
            for (const char* p = base; *p != '\0'; ++p) {
                const char c = *p;
                out.push_back(options.fold_case && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32)
                                                                        : c);
            }
            return;
        }
    }
    if (options.fold_case) {
        if (cp == 0xDF || cp == 0x1E9E) {  // ß ẞ: full case folding expands
            out += "ss";
            return;
        }
        cp = FoldCaseSimple(cp);
    }
    AppendUtf8(cp, out);
}

}  // namespace seam::text
