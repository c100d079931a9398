// shared/src/nlu/entities.cpp — entity extraction: a lexer over the original bytes, one recogniser
// per entity type proposing candidates, and the resolution of overlapping candidates.
//
// Index of this file
//   [SECTION] Lexer: tokens with byte offsets
//   [SECTION] Token helpers, boundaries and word tables
//   [SECTION] Candidates
//   [SECTION] Card numbers
//   [SECTION] Order and invoice numbers
//   [SECTION] Emails
//   [SECTION] Phone numbers
//   [SECTION] Money
//   [SECTION] Dates
//   [SECTION] Quantities
//   [SECTION] Card data: the number and what travels with it
//   [SECTION] Resolution and the public API
//
// Every recogniser looks at most a fixed number of tokens ahead of where it starts, and the runs it
// collects (phone digit groups, card digit groups) are consumed once, so extraction is linear in
// the size of the message.
#include "seam/nlu/entities.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seam/text/normalize.hpp"
#include "seam/text/unicode.hpp"
#include "seam/text/utf8.hpp"

namespace seam::nlu {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Lexer: tokens with byte offsets
//-----------------------------------------------------------------------------
// Words: letters (any script) and combining marks, inner apostrophes dropped, folded to lower case
// without accents ("Mañana" -> "manana", "nº" -> "no"). Digits: runs of 0-9 (fullwidth mapped to
// ASCII). Marks: one punctuation or symbol code point each, after compatibility mapping (dashes
// to '-', no-break spaces to spaces). Letters and digits never share a token ("lw104233" is a word
// and a number, glued). White space is not a token: each token records the gap before it.

enum class Kind : std::uint8_t { kWord, kDigits, kMark };

struct Tok {
    Kind kind = Kind::kMark;
    bool newline_before = false;  // the gap before this token holds a line break
    bool nb_gap = false;          // the gap is one no-break or thin space (a thousands separator)
    std::uint32_t gap = 0;        // white space code points since the previous token (0 = glued)
    char32_t cp = 0;              // kMark: the code point
    std::size_t begin = 0;        // byte offsets in the original text
    std::size_t end = 0;
    std::size_t norm_at = 0;  // kWord, kDigits: the folded text, in Lexed::norms
    std::size_t norm_len = 0;
};

struct Lexed {
    std::string_view text;
    std::vector<Tok> toks;
    std::string norms;
};

bool IsLineBreak(char32_t cp) {
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

Lexed Lex(std::string_view text) {
    Lexed lx;
    lx.text = text;
    std::uint32_t gap = 0;
    bool newline = false;
    char32_t last_space = 0;
    bool open = false;  // lx.toks.back() may still grow
    auto start = [&](Kind kind, std::size_t at) {
        Tok t;
        t.kind = kind;
        t.gap = gap;
        t.newline_before = newline;
        t.nb_gap = gap == 1 && (last_space == 0xA0 || last_space == 0x202F || last_space == 0x2009);
        t.begin = at;
        t.end = at;
        t.norm_at = lx.norms.size();
        lx.toks.push_back(t);
        gap = 0;
        newline = false;
        last_space = 0;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const text::Decoded d = text::DecodeAt(text, pos);
        const std::size_t next = pos + (d.length == 0 ? 1 : d.length);
        const char32_t raw = d.valid ? d.cp : text::kReplacementChar;
        const char32_t cp = text::NormalizeCodePoint(raw);
        text::CharClass cls = text::Classify(cp);
        if (cls == text::CharClass::kApostrophe) {
            // Inside a word and followed by a letter, an apostrophe joins ("don't"); else a mark.
            const text::Decoded after = text::DecodeAt(text, next);
            const bool joins =
                open && lx.toks.back().kind == Kind::kWord && after.length > 0 &&
                text::Classify(text::NormalizeCodePoint(after.cp)) == text::CharClass::kLetter;
            if (joins) {
                lx.toks.back().end = next;
                pos = next;
                continue;
            }
            cls = text::CharClass::kPunct;
        }
        switch (cls) {
            case text::CharClass::kSpace:
            case text::CharClass::kControl:
                open = false;
                if (gap < 1000) ++gap;
                if (IsLineBreak(raw)) newline = true;
                last_space = cls == text::CharClass::kSpace ? raw : 0;
                break;
            case text::CharClass::kIgnorable:
            case text::CharClass::kMark:
                // Zero-width characters and combining marks stay inside the token they follow.
                if (open) lx.toks.back().end = next;
                break;
            case text::CharClass::kDigit:
                if (!open || lx.toks.back().kind != Kind::kDigits) start(Kind::kDigits, pos);
                open = true;
                lx.norms.push_back(static_cast<char>('0' + (cp - U'0')));
                ++lx.toks.back().norm_len;
                lx.toks.back().end = next;
                break;
            case text::CharClass::kLetter: {
                if (!open || lx.toks.back().kind != Kind::kWord) start(Kind::kWord, pos);
                open = true;
                const std::size_t before = lx.norms.size();
                if (cp == 0xBA) {
                    lx.norms.push_back('o');  // º as in "nº", "1º"
                } else if (cp == 0xAA) {
                    lx.norms.push_back('a');  // ª as in "1ª"
                } else {
                    text::AppendFolded(cp, text::FoldOptions{}, lx.norms);
                }
                lx.toks.back().norm_len += lx.norms.size() - before;
                lx.toks.back().end = next;
                break;
            }
            case text::CharClass::kIdeograph: {
                start(Kind::kWord, pos);
                open = false;
                const std::size_t before = lx.norms.size();
                text::AppendUtf8(cp, lx.norms);
                lx.toks.back().norm_len = lx.norms.size() - before;
                lx.toks.back().end = next;
                break;
            }
            case text::CharClass::kApostrophe:
            case text::CharClass::kPunct:
            case text::CharClass::kSymbol:
                start(Kind::kMark, pos);
                open = false;
                lx.toks.back().cp = cp;
                lx.toks.back().end = next;
                break;
        }
        pos = next;
    }
    return lx;
}

//-----------------------------------------------------------------------------
// [SECTION] Token helpers, boundaries and word tables
//-----------------------------------------------------------------------------

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::string_view Norm(const Lexed& lx, std::size_t i) {
    const Tok& t = lx.toks[i];
    return std::string_view(lx.norms).substr(t.norm_at, t.norm_len);
}

std::string_view Original(const Lexed& lx, std::size_t first, std::size_t last) {
    return lx.text.substr(lx.toks[first].begin, lx.toks[last].end - lx.toks[first].begin);
}

bool IsKind(const Lexed& lx, std::size_t i, Kind kind) {
    return i < lx.toks.size() && lx.toks[i].kind == kind;
}
bool IsDigits(const Lexed& lx, std::size_t i) {
    return IsKind(lx, i, Kind::kDigits);
}
bool IsDigits(const Lexed& lx, std::size_t i, std::size_t min_len, std::size_t max_len) {
    return IsDigits(lx, i) && lx.toks[i].norm_len >= min_len && lx.toks[i].norm_len <= max_len;
}
bool IsWord(const Lexed& lx, std::size_t i) {
    return IsKind(lx, i, Kind::kWord);
}
bool IsWord(const Lexed& lx, std::size_t i, std::string_view w) {
    return IsWord(lx, i) && Norm(lx, i) == w;
}
bool IsMark(const Lexed& lx, std::size_t i, char32_t cp) {
    return IsKind(lx, i, Kind::kMark) && lx.toks[i].cp == cp;
}
//! Token i touches the token before it.
bool Glued(const Lexed& lx, std::size_t i) {
    return i < lx.toks.size() && lx.toks[i].gap == 0;
}
//! Token i follows the one before it on the same line with at most `max_gap` spaces between.
bool Near(const Lexed& lx, std::size_t i, std::uint32_t max_gap) {
    return i < lx.toks.size() && lx.toks[i].gap <= max_gap && !lx.toks[i].newline_before;
}

template <std::size_t N>
bool In(std::string_view w, const std::string_view (&list)[N]) {
    for (std::string_view x : list) {
        if (x == w) return true;
    }
    return false;
}

bool IsCurrencySymbol(char32_t cp) {
    return cp == '$' || cp == 0xA2 || cp == 0xA3 || cp == 0xA5 || (cp >= 0x20A0 && cp <= 0x20CF);
}

// Marks that make a number part of something else when glued to it: "+34...", "$12", "50%".
bool IsBlocker(char32_t cp) {
    return cp == '+' || cp == '@' || cp == '%' || IsCurrencySymbol(cp);
}

// Marks that join two pieces of one thing ("1.5", "AB-12", "12/03") but are plain punctuation
// when nothing is glued on their other side ("104233.", "ref: 104233").
bool IsJoiner(char32_t cp) {
    return cp == '.' || cp == ',' || cp == '-' || cp == '_' || cp == '/' || cp == ':' ||
           cp == '&' || cp == '=' || cp == '\\' || cp == '\'';
}

//! Token i starts an entity cleanly: nothing glued before it but punctuation that ends there.
bool LeftClear(const Lexed& lx, std::size_t i) {
    if (i == 0 || lx.toks[i].gap > 0) return true;
    const Tok& p = lx.toks[i - 1];
    if (p.kind != Kind::kMark || IsBlocker(p.cp)) return false;
    if (!IsJoiner(p.cp)) return true;
    return i - 1 == 0 || lx.toks[i - 1].gap > 0 || lx.toks[i - 2].kind == Kind::kMark;
}

//! An entity ending before token j ends cleanly (j may be past the end).
bool RightClear(const Lexed& lx, std::size_t j) {
    const std::size_t n = lx.toks.size();
    if (j >= n || lx.toks[j].gap > 0) return true;
    const Tok& q = lx.toks[j];
    if (q.kind != Kind::kMark || IsBlocker(q.cp)) return false;
    if (!IsJoiner(q.cp)) return true;
    if (j + 1 >= n || lx.toks[j + 1].gap > 0 || lx.toks[j + 1].kind == Kind::kMark) return true;
    // English possessive: "LW-104233's status".
    if (q.cp == '\'' && IsWord(lx, j + 1, "s")) {
        return j + 2 >= n || lx.toks[j + 2].gap > 0 || lx.toks[j + 2].kind == Kind::kMark;
    }
    return false;
}

//! Looser boundaries for digit runs (cards, phones): only a glued number on the other side of a
//! joiner ("1.4111...") or a '+' ("+4111...", for cards) disqualifies; letters glued directly to
//! the digits disqualify unless `letters_ok`.
bool DigitsLeftClear(const Lexed& lx, std::size_t i, bool letters_ok, bool plus_ok) {
    if (i == 0 || lx.toks[i].gap > 0) return true;
    const Tok& p = lx.toks[i - 1];
    if (p.kind == Kind::kWord) return letters_ok;
    if (p.kind == Kind::kDigits) return false;
    if (p.cp == '+') return plus_ok;
    if (IsJoiner(p.cp) && i >= 2 && lx.toks[i - 1].gap == 0 &&
        lx.toks[i - 2].kind == Kind::kDigits) {
        return false;
    }
    return true;
}

bool DigitsRightClear(const Lexed& lx, std::size_t j, bool letters_ok) {
    const std::size_t n = lx.toks.size();
    if (j >= n || lx.toks[j].gap > 0) return true;
    const Tok& q = lx.toks[j];
    if (q.kind == Kind::kWord) return letters_ok;
    if (q.kind == Kind::kDigits) return false;
    if (IsJoiner(q.cp) && j + 1 < n && lx.toks[j + 1].gap == 0 &&
        lx.toks[j + 1].kind == Kind::kDigits) {
        return false;
    }
    return true;
}

//! The word before token i when it is on the same line within one space, else "".
std::string_view PrevWord(const Lexed& lx, std::size_t i) {
    if (i == 0 || i >= lx.toks.size() || !Near(lx, i, 1) || !IsWord(lx, i - 1)) return {};
    return Norm(lx, i - 1);
}

// Numbers written as words, up to twenty (en, es). "a"/"an"/"un"/"una" only count where a unit, a
// currency or a time span follows.
struct NumberWord {
    std::string_view word;
    int value;
};
constexpr NumberWord kNumberWords[] = {
    {"zero", 0},      {"cero", 0},       {"a", 1},          {"an", 1},          {"one", 1},
    {"un", 1},        {"una", 1},        {"uno", 1},        {"two", 2},         {"dos", 2},
    {"three", 3},     {"tres", 3},       {"four", 4},       {"cuatro", 4},      {"five", 5},
    {"cinco", 5},     {"six", 6},        {"seis", 6},       {"seven", 7},       {"siete", 7},
    {"eight", 8},     {"ocho", 8},       {"nine", 9},       {"nueve", 9},       {"ten", 10},
    {"diez", 10},     {"eleven", 11},    {"once", 11},      {"twelve", 12},     {"doce", 12},
    {"thirteen", 13}, {"trece", 13},     {"fourteen", 14},  {"catorce", 14},    {"fifteen", 15},
    {"quince", 15},   {"sixteen", 16},   {"dieciseis", 16}, {"seventeen", 17},  {"diecisiete", 17},
    {"eighteen", 18}, {"dieciocho", 18}, {"nineteen", 19},  {"diecinueve", 19}, {"twenty", 20},
    {"veinte", 20},
};

//! Value of a number word, or -1.
int NumberWordValue(std::string_view w) {
    for (const NumberWord& n : kNumberWords) {
        if (n.word == w) return n.value;
    }
    return -1;
}

//! Number words that stand alone as a quantity ("I need two"): not articles, not "one" (as in
//! "the blue one"), not "once" (English "once").
bool IsStandaloneNumberWord(std::string_view w) {
    const int v = NumberWordValue(w);
    return v >= 2 && w != "once";
}

//! Digits (1..max_digits of them) or a number word at token i: its value, or -1.
long long SmallNumberAt(const Lexed& lx, std::size_t i, std::size_t max_digits) {
    if (IsDigits(lx, i, 1, max_digits)) {
        long long v = 0;
        for (char c : Norm(lx, i))
            v = v * 10 + (c - '0');
        return v;
    }
    if (IsWord(lx, i)) return NumberWordValue(Norm(lx, i));
    return -1;
}

std::string AsciiUpper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Candidates
//-----------------------------------------------------------------------------
// Specificity: when candidates overlap, the higher rank wins, then the longer, then the earlier.

constexpr int kRankCard = 100;
constexpr int kRankInvoice = 90;
constexpr int kRankEmail = 85;
constexpr int kRankMarkedOrder = 80;  // prefix, '#' or keyword
constexpr int kRankDate = 70;
constexpr int kRankMoney = 60;
constexpr int kRankPhone = 50;
constexpr int kRankQuantity = 30;
constexpr int kRankBareOrder = 20;

struct Candidate {
    EntityType type = EntityType::kOrderNumber;
    int rank = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string value;
    std::int64_t number = 0;
    std::string unit;
    Date date;
};

using Candidates = std::vector<Candidate>;

void Propose(Candidates& out, EntityType type, int rank, std::size_t begin, std::size_t end,
             std::string value, std::int64_t number = 0, std::string unit = {}, Date date = {}) {
    Candidate c;
    c.type = type;
    c.rank = rank;
    c.begin = begin;
    c.end = end;
    c.value = std::move(value);
    c.number = number;
    c.unit = std::move(unit);
    c.date = date;
    out.push_back(std::move(c));
}

//-----------------------------------------------------------------------------
// [SECTION] Card numbers
//-----------------------------------------------------------------------------
// 13-19 digits in groups separated by spaces (one or two) or dashes, passing the Luhn check. Dashes
// bind groups into one number; at a space a card may start or end (so "order 104233 4111 1111 1111
// 1111" still finds the card). Cards never start with 0, and a '+' before the digits makes them a
// phone number: both keep international phone numbers that happen to pass Luhn from being cards.

struct CardSpan {
    std::size_t first = 0;  // first and last token
    std::size_t last = 0;
    std::string digits;
};

bool PassesLuhn(std::string_view digits) {
    int sum = 0;
    bool twice = false;
    for (std::size_t k = digits.size(); k-- > 0;) {
        int d = digits[k] - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

std::vector<CardSpan> FindCards(const Lexed& lx) {
    std::vector<CardSpan> cards;
    const std::size_t n = lx.toks.size();
    std::vector<std::size_t> groups;  // digit tokens of one run
    std::size_t i = 0;
    while (i < n) {
        if (!IsDigits(lx, i)) {
            ++i;
            continue;
        }
        groups.assign(1, i);
        for (;;) {
            const std::size_t k = groups.back() + 1;
            if (IsMark(lx, k, '-') && Glued(lx, k) && IsDigits(lx, k + 1) && Glued(lx, k + 1)) {
                groups.push_back(k + 1);
            } else if (IsDigits(lx, k) && lx.toks[k].gap >= 1 && Near(lx, k, 2)) {
                groups.push_back(k);
            } else {
                break;
            }
        }
        const std::size_t g = groups.size();
        // A card may start at group s only after a space (or at the run's clean start), and end
        // at group e only before a space (or at the run's clean end).
        auto starts_ok = [&](std::size_t s) {
            if (s == 0) return DigitsLeftClear(lx, groups[0], true, false);
            return groups[s] == groups[s - 1] + 1;
        };
        auto ends_ok = [&](std::size_t e) {
            if (e + 1 == g) return DigitsRightClear(lx, groups[e] + 1, true);
            return groups[e + 1] == groups[e] + 1;
        };
        std::size_t s = 0;
        std::string digits;
        while (s < g) {
            bool found = false;
            if (starts_ok(s) && Norm(lx, groups[s])[0] != '0') {
                digits.clear();
                std::size_t e_max = s;
                for (std::size_t e = s; e < g; ++e) {
                    if (digits.size() + lx.toks[groups[e]].norm_len > 19) break;
                    digits += Norm(lx, groups[e]);
                    e_max = e;
                }
                // Longest first.
                std::size_t len = digits.size();
                for (std::size_t e = e_max + 1; e-- > s;) {
                    if (len >= 13 && ends_ok(e) &&
                        PassesLuhn(std::string_view(digits).substr(0, len))) {
                        cards.push_back({groups[s], groups[e], digits.substr(0, len)});
                        s = e + 1;
                        found = true;
                        break;
                    }
                    len -= lx.toks[groups[e]].norm_len;
                }
            }
            if (!found) ++s;
        }
        i = groups.back() + 1;
    }
    return cards;
}

std::string RedactedCard(std::string_view digits) {
    return "**** **** **** " + std::string(digits.substr(digits.size() - 4));
}

void FindCardCandidates(const Lexed& lx, Candidates& out) {
    for (const CardSpan& card : FindCards(lx)) {
        Propose(out, EntityType::kCardNumber, kRankCard, lx.toks[card.first].begin,
                lx.toks[card.last].end, RedactedCard(card.digits));
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Order and invoice numbers
//-----------------------------------------------------------------------------

constexpr std::string_view kOrderWords[] = {"order", "orders",  "pedido", "pedidos",
                                            "orden", "ordenes", "compra"};
constexpr std::string_view kInvoiceWords[] = {"invoice", "invoices", "factura", "facturas"};
// Words that may stand between a keyword and the number: "order number is", "pedido nº",
// "número de pedido", "my order: #104233".
constexpr std::string_view kIdFillers[] = {
    "number", "num", "no",        "nr",         "nro",  "n",   "numero", "de",  "del", "is",
    "es",     "my",  "mi",        "the",        "el",   "la",  "was",    "era", "for", "para",
    "id",     "ref", "reference", "referencia", "with", "con", "your",   "tu",  "su"};

//! Matches the lexed form of a configured prefix at token i (its tokens glued together): the
//! index after it, or kNone.
std::size_t MatchPrefix(const Lexed& lx, std::size_t i, const Lexed& prefix) {
    if (prefix.toks.empty()) return kNone;
    for (std::size_t k = 0; k < prefix.toks.size(); ++k) {
        const std::size_t at = i + k;
        if (at >= lx.toks.size() || lx.toks[at].kind != prefix.toks[k].kind) return kNone;
        if (k > 0 && !Glued(lx, at)) return kNone;
        if (prefix.toks[k].kind == Kind::kMark ? lx.toks[at].cp != prefix.toks[k].cp
                                               : Norm(lx, at) != Norm(prefix, k)) {
            return kNone;
        }
    }
    return i + prefix.toks.size();
}

//! After an identifier part ending before token k: skips an optional separator ("-", "_", ".",
//! "/", "#", or up to `max_space` spaces) and returns the index of the next part, or kNone when
//! the next token is not of `kind`.
std::size_t SkipIdSeparator(const Lexed& lx, std::size_t k, Kind kind, std::uint32_t max_space) {
    if (k < lx.toks.size() && lx.toks[k].kind == Kind::kMark) {
        const char32_t c = lx.toks[k].cp;
        if ((c == '-' || c == '_' || c == '.' || c == '/' || c == '#') && Near(lx, k, 1) &&
            IsKind(lx, k + 1, kind) && Near(lx, k + 1, c == '-' ? 1 : 0)) {
            return k + 1;
        }
        return kNone;
    }
    if (IsKind(lx, k, kind) && Near(lx, k, max_space)) return k;
    return kNone;
}

//! Looks back from token `start` over fillers and marks for one of `keywords`.
template <std::size_t N>
bool KeywordBefore(const Lexed& lx, std::size_t start, const std::string_view (&keywords)[N]) {
    std::size_t k = start;
    for (int steps = 0; k > 0 && steps < 6; ++steps) {
        if (lx.toks[k].newline_before) return false;
        const Tok& t = lx.toks[k - 1];
        if (t.kind == Kind::kWord) {
            const std::string_view w = Norm(lx, k - 1);
            if (In(w, keywords)) return true;
            if (!In(w, kIdFillers)) return false;
        } else if (t.kind != Kind::kMark ||
                   !(t.cp == ':' || t.cp == '#' || t.cp == '.' || t.cp == '-' || t.cp == 0xB0)) {
            return false;
        }
        --k;
    }
    return false;
}

void FindOrderNumbers(const Lexed& lx, const EntityConfig& config, Candidates& out) {
    const int digits_wanted = config.order_digits;
    if (digits_wanted < 1 || digits_wanted > 18) return;
    const std::size_t want = static_cast<std::size_t>(digits_wanted);
    const Lexed prefix = Lex(config.order_prefix);
    const std::string canonical_prefix =
        config.order_prefix.empty() ? std::string() : AsciiUpper(config.order_prefix) + "-";
    const std::size_t n = lx.toks.size();
    for (std::size_t i = 0; i < n; ++i) {
        // "LW-104233", "lw104233", "LW 104233", "LW#104233"
        const std::size_t after = MatchPrefix(lx, i, prefix);
        if (after != kNone && LeftClear(lx, i)) {
            const std::size_t k = SkipIdSeparator(lx, after, Kind::kDigits, 2);
            if (k != kNone && lx.toks[k].norm_len == want && RightClear(lx, k + 1)) {
                Propose(out, EntityType::kOrderNumber, kRankMarkedOrder, lx.toks[i].begin,
                        lx.toks[k].end, canonical_prefix + std::string(Norm(lx, k)));
            }
        }
        // "#104233", "order 104233", "pedido nº 104233", "104233"
        if (!IsDigits(lx, i) || lx.toks[i].norm_len != want || !RightClear(lx, i + 1)) continue;
        std::size_t start = i;
        const bool hash = i > 0 && IsMark(lx, i - 1, '#') && Near(lx, i, 1);
        if (hash) start = i - 1;
        const bool keyword = KeywordBefore(lx, start, kOrderWords);
        if (!LeftClear(lx, start) && !keyword) continue;
        if (!hash && !keyword && !config.bare_order_numbers) continue;
        Propose(out, EntityType::kOrderNumber,
                (hash || keyword) ? kRankMarkedOrder : kRankBareOrder, lx.toks[start].begin,
                lx.toks[i].end, canonical_prefix + std::string(Norm(lx, i)));
    }
}

//! "2026-004512", "2026 004512", "2026004512" at token k: the index after it, or kNone.
std::size_t InvoiceBody(const Lexed& lx, std::size_t k, std::size_t digits, std::string& year,
                        std::string& serial) {
    if (!IsDigits(lx, k)) return kNone;
    const std::string_view first = Norm(lx, k);
    if (first.size() == 4 + digits) {
        year = std::string(first.substr(0, 4));
        serial = std::string(first.substr(4));
        return k + 1;
    }
    if (first.size() != 4) return kNone;
    const std::size_t s = SkipIdSeparator(lx, k + 1, Kind::kDigits, 1);
    if (s == kNone || lx.toks[s].norm_len != digits) return kNone;
    year = std::string(first);
    serial = std::string(Norm(lx, s));
    return s + 1;
}

void FindInvoiceNumbers(const Lexed& lx, const EntityConfig& config, Candidates& out) {
    if (config.invoice_digits < 1 || config.invoice_digits > 18) return;
    const std::size_t digits = static_cast<std::size_t>(config.invoice_digits);
    const Lexed prefix = Lex(config.invoice_prefix);
    const std::string canonical_prefix =
        config.invoice_prefix.empty() ? std::string() : AsciiUpper(config.invoice_prefix) + "-";
    const std::size_t n = lx.toks.size();
    std::string year, serial;
    for (std::size_t i = 0; i < n; ++i) {
        // "INV-2026-004512", "inv 2026-004512", "INV2026004512"
        const std::size_t after = MatchPrefix(lx, i, prefix);
        if (after != kNone && LeftClear(lx, i)) {
            const std::size_t k = SkipIdSeparator(lx, after, Kind::kDigits, 1);
            const std::size_t end = k == kNone ? kNone : InvoiceBody(lx, k, digits, year, serial);
            if (end != kNone && RightClear(lx, end)) {
                Propose(out, EntityType::kInvoiceNumber, kRankInvoice, lx.toks[i].begin,
                        lx.toks[end - 1].end, canonical_prefix + year + "-" + serial);
                continue;
            }
        }
        // "invoice 2026-004512", "factura nº 2026-004512"
        if (IsDigits(lx, i, 4, 4) && LeftClear(lx, i) && KeywordBefore(lx, i, kInvoiceWords)) {
            const std::size_t end = InvoiceBody(lx, i, digits, year, serial);
            if (end != kNone && end > i + 1 && RightClear(lx, end)) {
                Propose(out, EntityType::kInvoiceNumber, kRankInvoice, lx.toks[i].begin,
                        lx.toks[end - 1].end, canonical_prefix + year + "-" + serial);
            }
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Emails
//-----------------------------------------------------------------------------
// Scanned over bytes around each '@' (the local part and the domain contain no '@', so each byte
// is looked at a bounded number of times). Practical subset of RFC 5322: an unquoted ASCII local
// part of atoms joined by single dots, and a domain of at least two LDH labels whose last label
// is alphabetic. Trailing sentence punctuation is not part of the address.

bool IsAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsLocalChar(char c) {
    if (IsAsciiAlnum(c)) return true;
    switch (c) {
        case '.':
        case '_':
        case '%':
        case '+':
        case '-':
        case '!':
        case '#':
        case '$':
        case '&':
        case '\'':
        case '*':
        case '/':
        case '=':
        case '?':
        case '^':
        case '`':
        case '{':
        case '|':
        case '}':
        case '~':
            return true;
        default:
            return false;
    }
}

bool IsDomainChar(char c) {
    return IsAsciiAlnum(c) || c == '-' || c == '.';
}

bool ValidDomain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253) return false;
    std::size_t labels = 0;
    std::size_t at = 0;
    std::string_view last;
    while (at <= domain.size()) {
        std::size_t dot = domain.find('.', at);
        if (dot == std::string_view::npos) dot = domain.size();
        const std::string_view label = domain.substr(at, dot - at);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        ++labels;
        last = label;
        at = dot + 1;
    }
    if (labels < 2 || last.size() < 2) return false;
    for (char c : last) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
}

void FindEmails(std::string_view text, Candidates& out) {
    for (std::size_t at = text.find('@'); at != std::string_view::npos;
         at = text.find('@', at + 1)) {
        std::size_t l = at;
        while (l > 0 && IsLocalChar(text[l - 1]))
            --l;
        // Quotes, brackets and the like before the address are not part of it.
        while (l < at && !(IsAsciiAlnum(text[l]) || text[l] == '_'))
            ++l;
        if (l == at) continue;
        if (l > 0 && static_cast<unsigned char>(text[l - 1]) >= 0x80) continue;  // "josé@": no
        const std::string_view local = text.substr(l, at - l);
        if (local.size() > 64 || local.back() == '.' ||
            local.find("..") != std::string_view::npos) {
            continue;
        }
        std::size_t r = at + 1;
        while (r < text.size() && IsDomainChar(text[r]))
            ++r;
        while (r > at + 1 && (text[r - 1] == '.' || text[r - 1] == '-'))
            --r;
        if (r < text.size() && static_cast<unsigned char>(text[r]) >= 0x80) continue;
        const std::string_view domain = text.substr(at + 1, r - at - 1);
        if (!ValidDomain(domain)) continue;
        Propose(out, EntityType::kEmail, kRankEmail, l, r,
                std::string(local) + "@" + AsciiLower(domain));
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Phone numbers
//-----------------------------------------------------------------------------
// A run of digit groups ("+1 (503) 555-0147", "0034 612 345 678", "503.555.0147") is collected
// once; then, from each group that may start a number, the longest window of groups that is a
// valid number wins. Valid: a known calling code (or national form for the default region) with a
// plausible length and first digit; international numbers with an unknown calling code need 8-15
// digits.

struct Country {
    const char* region;   // ISO 3166
    const char* code;     // calling code
    bool trunk_zero;      // written nationally with a leading 0 that E.164 drops
    std::size_t min_len;  // national significant number, without the trunk 0
    std::size_t max_len;
    const char* first;  // allowed first digits of the national significant number
};

constexpr Country kCountries[] = {
    {"US", "1", false, 10, 10, "23456789"}, {"CA", "1", false, 10, 10, "23456789"},
    {"GB", "44", true, 9, 10, "1235789"},   {"DE", "49", true, 6, 13, "123456789"},
    {"FR", "33", true, 9, 9, "123456789"},  {"ES", "34", false, 9, 9, "6789"},
    {"PT", "351", false, 9, 9, "29"},       {"IT", "39", false, 6, 11, "03"},
    {"NL", "31", true, 9, 9, "123456789"},  {"BE", "32", true, 8, 9, "123456789"},
    {"IE", "353", true, 7, 9, "123456789"}, {"AT", "43", true, 6, 13, "123456789"},
    {"CH", "41", true, 9, 9, "123456789"},  {"MX", "52", false, 10, 10, "123456789"},
    {"AU", "61", true, 9, 9, "23478"},
};

const Country* CountryByRegion(std::string_view region) {
    if (region.size() != 2) return nullptr;
    char r[3] = {region[0], region[1], 0};
    for (char& c : r) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    const std::string_view upper(r, 2);
    for (const Country& c : kCountries) {
        if (upper == c.region || (upper == "UK" && std::string_view(c.region) == "GB")) return &c;
    }
    return nullptr;
}

const Country* CountryByCallingCode(std::string_view digits) {
    const Country* best = nullptr;
    std::size_t best_len = 0;
    for (const Country& c : kCountries) {
        const std::string_view code = c.code;
        if (digits.substr(0, code.size()) == code && code.size() > best_len) {
            best = &c;
            best_len = code.size();
        }
    }
    return best;
}

bool NationalNumberOk(std::string_view nsn, const Country& country) {
    if (nsn.size() < country.min_len || nsn.size() > country.max_len) return false;
    if (std::string_view(country.first).find(nsn.front()) == std::string_view::npos) return false;
    if (std::string_view(country.code) == "1" && (nsn[3] == '0' || nsn[3] == '1')) return false;
    return true;
}

struct PhoneValue {
    std::string e164;
    std::string region;
};

//! North American numbers are grouped 3-3-4: a space or dash elsewhere ("2026-004512") means
//! the digits are something else. `breaks` are the positions in `digits` where groups end;
//! `nsn_at` is where the 10-digit national number starts.
bool NanpGroupingOk(const std::vector<std::size_t>& breaks, std::size_t nsn_at) {
    for (std::size_t b : breaks) {
        if (b > nsn_at && b != nsn_at + 3 && b != nsn_at + 6 && b != nsn_at + 10) return false;
    }
    return true;
}

//! Validates a window of phone digits; `breaks` as for NanpGroupingOk.
bool CheckPhone(std::string_view digits, const std::vector<std::size_t>& breaks, bool international,
                const EntityConfig& config, PhoneValue& value) {
    const Country* own = CountryByRegion(config.default_region);
    const std::size_t window_size = digits.size();
    if (!international && digits.substr(0, 2) == "00") {
        international = true;
        digits.remove_prefix(2);
    } else if (!international && own != nullptr && std::string_view(own->code) == "1" &&
               digits.substr(0, 3) == "011") {
        international = true;
        digits.remove_prefix(3);
    }
    // Where the national significant number starts in the window.
    auto nsn_at = [&](std::string_view nsn) { return window_size - nsn.size(); };
    if (digits.empty() || digits.size() > 15) return false;
    if (international) {
        const Country* country = CountryByCallingCode(digits);
        if (country == nullptr) {
            if (digits.size() < 8 || digits.front() == '0') return false;
            value.e164 = "+" + std::string(digits);
            value.region.clear();
            return true;
        }
        if (own != nullptr && std::string_view(own->code) == country->code) country = own;
        std::string_view nsn = digits.substr(std::string_view(country->code).size());
        if (country->trunk_zero && !nsn.empty() && nsn.front() == '0') nsn.remove_prefix(1);
        if (!NationalNumberOk(nsn, *country)) return false;
        if (std::string_view(country->code) == "1" && !NanpGroupingOk(breaks, nsn_at(nsn))) {
            return false;
        }
        value.e164 = std::string("+") + country->code + std::string(nsn);
        value.region = country->region;
        return true;
    }
    if (own == nullptr) return false;
    const std::string_view code = own->code;
    std::string_view nsn = digits;
    if (code == "1") {
        if (nsn.size() == 11 && nsn.front() == '1') nsn.remove_prefix(1);
    } else if (own->trunk_zero) {
        if (nsn.empty() || nsn.front() != '0') return false;
        nsn.remove_prefix(1);
    } else if (nsn.size() == code.size() + own->max_len && nsn.substr(0, code.size()) == code) {
        nsn.remove_prefix(code.size());  // "34612345678": the region's own code without the '+'
    }
    if (!NationalNumberOk(nsn, *own)) return false;
    if (code == "1" && !NanpGroupingOk(breaks, nsn_at(nsn))) return false;
    value.e164 = std::string("+") + own->code + std::string(nsn);
    value.region = own->region;
    return true;
}

struct PhoneGroup {
    std::size_t first = 0;  // tokens [first, last]
    std::size_t last = 0;
    char32_t sep = 0;             // before this group: 0 (first), ' ', '-', '.', '/'
    bool zero_in_parens = false;  // "(0)" as in "+44 (0)20 ..."
};

//! A digit group at token k: "503" or "(503)". Fills `group` and returns true when there is one.
bool PhoneGroupAt(const Lexed& lx, std::size_t k, PhoneGroup& group) {
    if (IsDigits(lx, k)) {
        group.first = group.last = k;
        group.zero_in_parens = false;
        return true;
    }
    if (IsMark(lx, k, '(') && IsDigits(lx, k + 1) && Glued(lx, k + 1) && IsMark(lx, k + 2, ')') &&
        Glued(lx, k + 2)) {
        group.first = k;
        group.last = k + 2;
        group.zero_in_parens = Norm(lx, k + 1) == "0";
        return true;
    }
    return false;
}

std::string_view GroupDigits(const Lexed& lx, const PhoneGroup& g) {
    return Norm(lx, lx.toks[g.first].kind == Kind::kDigits ? g.first : g.first + 1);
}

void FindPhones(const Lexed& lx, const EntityConfig& config, Candidates& out) {
    const std::size_t n = lx.toks.size();
    std::vector<PhoneGroup> groups;
    std::string digits;
    std::vector<std::size_t> ends;
    std::vector<std::size_t> breaks;
    std::size_t i = 0;
    while (i < n) {
        const bool plus = IsMark(lx, i, '+') && Near(lx, i + 1, 1) && IsDigits(lx, i + 1);
        PhoneGroup g;
        if (!PhoneGroupAt(lx, plus ? i + 1 : i, g)) {
            ++i;
            continue;
        }
        const std::size_t run_start = i;
        groups.assign(1, g);
        for (;;) {
            const std::size_t k = groups.back().last + 1;
            PhoneGroup next;
            if (k < n && lx.toks[k].kind == Kind::kMark &&
                (lx.toks[k].cp == '-' || lx.toks[k].cp == '.' || lx.toks[k].cp == '/')) {
                const std::uint32_t max_gap = lx.toks[k].cp == '-' ? 1 : 0;
                if (!Near(lx, k, max_gap) || !Near(lx, k + 1, max_gap) ||
                    !PhoneGroupAt(lx, k + 1, next)) {
                    break;
                }
                // Dots group short blocks ("503.555.0147", "06.12.34.56.78"); "1.5035550147"
                // is a decimal number.
                if (lx.toks[k].cp == '.' &&
                    (GroupDigits(lx, groups.back()).size() > 4 ||
                     GroupDigits(lx, next).size() < 2 || GroupDigits(lx, next).size() > 4)) {
                    break;
                }
                next.sep = lx.toks[k].cp;
            } else if (Near(lx, k, 1) && lx.toks[k].gap == 1 && PhoneGroupAt(lx, k, next)) {
                next.sep = ' ';
            } else if (Glued(lx, k) && PhoneGroupAt(lx, k, next) &&
                       (IsMark(lx, k, '(') || IsMark(lx, groups.back().last, ')'))) {
                next.sep = ' ';  // "+44(0)20", "(503)555-0147": parentheses glued on
            } else {
                break;
            }
            groups.push_back(next);
        }
        const std::size_t count = groups.size();
        const std::size_t first_tok = plus ? run_start : groups[0].first;
        std::size_t s = 0;
        while (s < count) {
            bool found = false;
            const bool starts_ok =
                s == 0 ? DigitsLeftClear(lx, first_tok, false, false) : groups[s].sep == ' ';
            if (starts_ok) {
                // The digits of the longest window from s (at most 17), and where each group's
                // digits end in them; shorter windows are prefixes. Longest first.
                const bool international = plus && s == 0;
                digits.clear();
                ends.clear();
                for (std::size_t e = s; e < count; ++e) {
                    const std::string_view d =
                        international && groups[e].zero_in_parens ? "" : GroupDigits(lx, groups[e]);
                    if (digits.size() + d.size() > 17) break;
                    digits += d;
                    ends.push_back(digits.size());
                }
                for (std::size_t e = s + ends.size(); e-- > s;) {
                    const std::size_t len = ends[e - s];
                    if (len < 7) break;
                    const bool ends_ok = e + 1 == count
                                             ? DigitsRightClear(lx, groups[e].last + 1, false)
                                             : groups[e + 1].sep == ' ';
                    PhoneValue value;
                    breaks.assign(ends.begin(), ends.begin() + static_cast<std::ptrdiff_t>(e - s));
                    if (ends_ok && CheckPhone(std::string_view(digits).substr(0, len), breaks,
                                              international, config, value)) {
                        const std::size_t begin =
                            s == 0 ? lx.toks[first_tok].begin : lx.toks[groups[s].first].begin;
                        Propose(out, EntityType::kPhone, kRankPhone, begin,
                                lx.toks[groups[e].last].end, value.e164, 0, value.region);
                        s = e + 1;
                        found = true;
                        break;
                    }
                }
            }
            if (!found) ++s;
        }
        i = groups.back().last + 1;
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Money
//-----------------------------------------------------------------------------
// An amount next to a currency: before it ("$12.50", "EUR 40", "US$ 5") or after it ("12,50 €",
// "40 dollars", "1.043,75 EUR"). The decimal separator is decided by the amount itself, not the
// locale: with both '.' and ',' the last one is decimal; with one of them, it is decimal when one
// or two digits follow, a thousands separator when three do ("1,043" and "1.043" are 1043).
// Spaces group thousands only after the amount's first group of 1-3 digits, and only when the
// currency follows the amount ("1 043,75 €") or the space is a no-break one.

constexpr std::size_t kMaxMajorDigits = 12;  // up to 999,999,999,999.99: minor units fit int64

struct Currency {
    std::size_t end = kNone;  // index after the currency's tokens
    std::string code;
    bool is_code = false;  // written as an ISO code ("USD"), which beats a symbol
};

constexpr std::string_view kCurrencyCodes[] = {"usd", "eur", "gbp", "cad", "aud", "mxn", "chf"};
constexpr std::string_view kDollarWords[] = {"dollar", "dollars", "dolar", "dolares", "bucks"};
constexpr std::string_view kEuroWords[] = {"euro", "euros"};
constexpr std::string_view kPoundWords[] = {"pound", "pounds", "libra", "libras", "quid"};

bool SymbolCurrency(char32_t cp, const EntityConfig& config, std::string& code) {
    if (cp == '$') {
        code = config.default_dollar;
    } else if (cp == 0x20AC) {
        code = "EUR";
    } else if (cp == 0xA3) {
        code = "GBP";
    } else {
        return false;
    }
    return true;
}

//! "US$", "C$", "CA$", "A$", "AU$", "MX$" at token i (a word glued to '$').
bool DollarWithCountry(const Lexed& lx, std::size_t i, std::string& code) {
    if (!IsWord(lx, i) || !IsMark(lx, i + 1, '$') || !Glued(lx, i + 1)) return false;
    const std::string_view w = Norm(lx, i);
    if (w == "us") {
        code = "USD";
    } else if (w == "c" || w == "ca") {
        code = "CAD";
    } else if (w == "a" || w == "au") {
        code = "AUD";
    } else if (w == "mx") {
        code = "MXN";
    } else {
        return false;
    }
    return true;
}

//! A currency written before an amount, starting at token i.
Currency CurrencyBefore(const Lexed& lx, std::size_t i, const EntityConfig& config) {
    Currency c;
    if (i >= lx.toks.size()) return c;
    if (DollarWithCountry(lx, i, c.code)) {
        c.end = i + 2;
        c.is_code = true;
    } else if (lx.toks[i].kind == Kind::kMark && SymbolCurrency(lx.toks[i].cp, config, c.code)) {
        c.end = i + 1;
    } else if (IsWord(lx, i) && In(Norm(lx, i), kCurrencyCodes)) {
        c.code = AsciiUpper(Norm(lx, i));
        c.end = i + 1;
        c.is_code = true;
    }
    return c;
}

//! A currency written after an amount, starting at token i.
Currency CurrencyAfter(const Lexed& lx, std::size_t i, const EntityConfig& config) {
    Currency c = CurrencyBefore(lx, i, config);
    if (c.end != kNone || !IsWord(lx, i)) return c;
    const std::string_view w = Norm(lx, i);
    if (In(w, kDollarWords)) {
        c.code = config.default_dollar;
        c.end = i + 1;
    } else if ((w == "us" || w == "american") && Near(lx, i + 1, 1) && IsWord(lx, i + 1) &&
               In(Norm(lx, i + 1), kDollarWords)) {
        c.code = "USD";
        c.end = i + 2;
        c.is_code = true;
    } else if (w == "canadian" && Near(lx, i + 1, 1) && IsWord(lx, i + 1) &&
               In(Norm(lx, i + 1), kDollarWords)) {
        c.code = "CAD";
        c.end = i + 2;
        c.is_code = true;
    } else if (In(w, kEuroWords)) {
        c.code = "EUR";
        c.end = i + 1;
    } else if (In(w, kPoundWords)) {
        // "2 pounds of coffee", "2 libras de café" are weights.
        if (IsWord(lx, i + 1, "of") || IsWord(lx, i + 1, "de")) return c;
        c.code = "GBP";
        c.end = i + 1;
        if (IsWord(lx, i + 1, "sterling") && Near(lx, i + 1, 1)) c.end = i + 2;
    }
    return c;
}

struct Amount {
    std::size_t end = kNone;  // index after the amount's tokens
    std::int64_t minor = 0;
    bool spaced = false;    // thousands grouped with spaces ("1 043,75")
    bool fraction = false;  // has a decimal part
};

//! Validates the amount made of `groups` (digit token indices) and the separators before each
//! group but the first (',' '.' or ' ').
bool AmountValue(const Lexed& lx, const std::vector<std::pair<char, std::size_t>>& groups,
                 std::size_t count, Amount& amount) {
    std::string integer(Norm(lx, groups[0].second));
    std::string fraction;
    std::size_t thousands_end = count;  // groups [1, thousands_end) are thousands groups
    if (count > 1) {
        const char last_sep = groups[count - 1].first;
        const std::size_t last_len = lx.toks[groups[count - 1].second].norm_len;
        if ((last_sep == '.' || last_sep == ',') && (last_len == 1 || last_len == 2)) {
            thousands_end = count - 1;
            fraction = std::string(Norm(lx, groups[count - 1].second));
        } else if (last_len != 3) {
            return false;
        }
        if (thousands_end > 1) {
            const char thousands_sep = groups[1].first;
            if (integer.empty() || integer.size() > 3) return false;
            for (std::size_t k = 1; k < thousands_end; ++k) {
                if (groups[k].first != thousands_sep || lx.toks[groups[k].second].norm_len != 3) {
                    return false;
                }
                integer += Norm(lx, groups[k].second);
            }
            if (!fraction.empty() && groups[count - 1].first == thousands_sep) return false;
        }
    }
    if (integer.size() > kMaxMajorDigits) return false;
    std::int64_t major = 0;
    for (char c : integer)
        major = major * 10 + (c - '0');
    if (fraction.size() == 1) fraction.push_back('0');
    const std::int64_t cents =
        fraction.empty() ? 0 : (fraction[0] - '0') * 10 + (fraction[1] - '0');
    amount.minor = major * 100 + cents;
    amount.fraction = !fraction.empty();
    amount.spaced = thousands_end > 1 && groups[1].first == ' ';
    return true;
}

//! The longest valid amount starting at digit token i.
Amount ParseAmount(const Lexed& lx, std::size_t i, bool plain_space_groups) {
    Amount a;
    std::vector<std::pair<char, std::size_t>> groups = {{0, i}};
    while (groups.size() < 8) {
        const std::size_t k = groups.back().second + 1;
        if (k < lx.toks.size() && lx.toks[k].kind == Kind::kMark &&
            (lx.toks[k].cp == '.' || lx.toks[k].cp == ',') && Glued(lx, k) && IsDigits(lx, k + 1) &&
            Glued(lx, k + 1)) {
            groups.push_back({static_cast<char>(lx.toks[k].cp), k + 1});
        } else if (IsDigits(lx, k, 3, 3) && !lx.toks[k].newline_before &&
                   (lx.toks[k].nb_gap || (plain_space_groups && lx.toks[k].gap == 1))) {
            groups.push_back({' ', k});
        } else {
            break;
        }
    }
    for (std::size_t count = groups.size(); count > 0; --count) {
        if (AmountValue(lx, groups, count, a)) {
            a.end = groups[count - 1].second + 1;
            return a;
        }
    }
    return a;
}

std::string FormatMoney(std::int64_t minor, const std::string& code) {
    const std::int64_t cents = minor % 100;
    return std::to_string(minor / 100) + "." + (cents < 10 ? "0" : "") + std::to_string(cents) +
           " " + code;
}

//! Money may end before "/month" ("$9.99/month") as well as where other entities may.
bool MoneyRightClear(const Lexed& lx, std::size_t j) {
    return RightClear(lx, j) || (IsMark(lx, j, '/') && Glued(lx, j) && IsWord(lx, j + 1));
}

//! Money may start after the dash of a range ("$5-$10") as well as where other entities may.
bool MoneyLeftClear(const Lexed& lx, std::size_t i) {
    return LeftClear(lx, i) || (i >= 2 && Glued(lx, i) && IsMark(lx, i - 1, '-') &&
                                Glued(lx, i - 1) && IsDigits(lx, i - 2));
}

void FindMoney(const Lexed& lx, const EntityConfig& config, Candidates& out) {
    const std::size_t n = lx.toks.size();
    for (std::size_t i = 0; i < n; ++i) {
        // Currency first: "$12.50", "€ 40", "EUR40", "US$ 5", "$40 USD".
        const Currency before = CurrencyBefore(lx, i, config);
        if (before.end != kNone && MoneyLeftClear(lx, i) && Near(lx, before.end, 1) &&
            IsDigits(lx, before.end)) {
            // Plain spaces group thousands here only with decimals after them: "€ 1 043,75",
            // but "$5 100 times" is $5.
            Amount a = ParseAmount(lx, before.end, true);
            if (a.spaced && !a.fraction) a = ParseAmount(lx, before.end, false);
            if (a.end != kNone) {
                std::size_t end = a.end;
                std::string code = before.code;
                const Currency code_after = CurrencyAfter(lx, end, config);
                if (code_after.end != kNone && code_after.is_code && Near(lx, end, 1)) {
                    code = code_after.code;
                    end = code_after.end;
                }
                if (MoneyRightClear(lx, end)) {
                    Propose(out, EntityType::kMoney, kRankMoney, lx.toks[i].begin,
                            lx.toks[end - 1].end, FormatMoney(a.minor, code), a.minor, code);
                }
            }
        }
        // Amount first: "12,50 €", "40 dollars", "1.043,75 EUR", "40$".
        if (IsDigits(lx, i) && LeftClear(lx, i)) {
            const Amount a = ParseAmount(lx, i, true);
            if (a.end == kNone || !Near(lx, a.end, 1)) continue;
            const Currency after = CurrencyAfter(lx, a.end, config);
            if (after.end != kNone && MoneyRightClear(lx, after.end)) {
                Propose(out, EntityType::kMoney, kRankMoney, lx.toks[i].begin,
                        lx.toks[after.end - 1].end, FormatMoney(a.minor, after.code), a.minor,
                        after.code);
            }
        }
        // Number words: "five dollars", "diez euros", "a pound".
        if (IsWord(lx, i) && NumberWordValue(Norm(lx, i)) >= 0 && Near(lx, i + 1, 1)) {
            const Currency after = CurrencyAfter(lx, i + 1, config);
            if (after.end != kNone && MoneyRightClear(lx, after.end)) {
                const std::int64_t minor = NumberWordValue(Norm(lx, i)) * std::int64_t{100};
                Propose(out, EntityType::kMoney, kRankMoney, lx.toks[i].begin,
                        lx.toks[after.end - 1].end, FormatMoney(minor, after.code), minor,
                        after.code);
            }
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Dates
//-----------------------------------------------------------------------------

bool IsBuiltinUnit(std::string_view w);  // [SECTION] Quantities

struct NamedNumber {
    std::string_view word;
    int value;
};

constexpr NamedNumber kMonths[] = {
    {"january", 1},   {"jan", 1},        {"enero", 1},     {"ene", 1},      {"february", 2},
    {"feb", 2},       {"febrero", 2},    {"march", 3},     {"mar", 3},      {"marzo", 3},
    {"april", 4},     {"apr", 4},        {"abril", 4},     {"abr", 4},      {"may", 5},
    {"mayo", 5},      {"june", 6},       {"jun", 6},       {"junio", 6},    {"july", 7},
    {"jul", 7},       {"julio", 7},      {"august", 8},    {"aug", 8},      {"agosto", 8},
    {"ago", 8},       {"september", 9},  {"sep", 9},       {"sept", 9},     {"septiembre", 9},
    {"setiembre", 9}, {"october", 10},   {"oct", 10},      {"octubre", 10}, {"november", 11},
    {"nov", 11},      {"noviembre", 11}, {"december", 12}, {"dec", 12},     {"diciembre", 12},
    {"dic", 12},
};

constexpr NamedNumber kWeekdays[] = {
    {"monday", 1},    {"lunes", 1},    {"tuesday", 2}, {"martes", 2},  {"wednesday", 3},
    {"miercoles", 3}, {"thursday", 4}, {"jueves", 4},  {"friday", 5},  {"viernes", 5},
    {"saturday", 6},  {"sabado", 6},   {"sunday", 7},  {"domingo", 7},
};

template <std::size_t N>
int Lookup(std::string_view w, const NamedNumber (&table)[N]) {
    for (const NamedNumber& x : table) {
        if (x.word == w) return x.value;
    }
    return 0;
}

int MonthAt(const Lexed& lx, std::size_t i) {
    return IsWord(lx, i) ? Lookup(Norm(lx, i), kMonths) : 0;
}
// As customers type them in chat ("next fri", "el mié"), counted only after a word that makes
// them days ("I sat at home" is not a Saturday).
constexpr NamedNumber kWeekdayAbbreviations[] = {{"mon", 1}, {"tue", 2},  {"tues", 2},  {"wed", 3},
                                                 {"thu", 4}, {"thur", 4}, {"thurs", 4}, {"fri", 5},
                                                 {"sat", 6}, {"sun", 7},  {"lun", 1},   {"mie", 3},
                                                 {"jue", 4}, {"vie", 5},  {"sab", 6},   {"dom", 7}};
constexpr std::string_view kWeekdayLeads[] = {"next",    "this",   "on",    "by",   "coming",
                                              "until",   "before", "el",    "este", "proximo",
                                              "proxima", "hasta",  "antes", "last", "pasado"};

int WeekdayAt(const Lexed& lx, std::size_t i) {
    if (!IsWord(lx, i)) return 0;
    const int full = Lookup(Norm(lx, i), kWeekdays);
    if (full != 0) return full;
    return In(PrevWord(lx, i), kWeekdayLeads) ? Lookup(Norm(lx, i), kWeekdayAbbreviations) : 0;
}

constexpr std::string_view kOrdinalSuffixes[] = {"st", "nd", "rd", "th", "o", "a", "er"};

//! Month first for "en" (the demo business is in the US) and any "*-US" locale.
bool MonthFirst(std::string_view locale) {
    const std::string l = AsciiLower(locale);
    if (l == "en") return true;
    const std::size_t dash = l.find_first_of("-_");
    return dash != std::string::npos && l.substr(dash + 1, 2) == "us" &&
           (l.size() == dash + 3 || l[dash + 3] == '-' || l[dash + 3] == '_');
}

int DigitsValue(const Lexed& lx, std::size_t i) {
    int v = 0;
    for (char c : Norm(lx, i))
        v = v * 10 + (c - '0');
    return v;
}

//! The year (today's, or one either side) that puts month/day nearest to today; ties go to the
//! later one. False when none of the three years has that day (29 February).
bool NearestYear(int month, int day, const Date& today, Date& out) {
    bool found = false;
    std::int64_t best = 0;
    for (int y = today.year - 1; y <= today.year + 1; ++y) {
        const Date d{y, month, day};
        if (!IsValidDate(d)) continue;
        std::int64_t distance = DaysBetween(today, d);
        if (distance < 0) distance = -distance;
        if (!found || distance <= best) {
            found = true;
            best = distance;
            out = d;
        }
    }
    return found;
}

struct DateHit {
    std::size_t end = kNone;  // index after the date's tokens
    Date date;
};

//! Day and month read from two numbers in the locale's order; the other order only when the
//! locale's is impossible because its month is above 12 ("13/03" in en-US).
bool DayMonth(int first, int second, bool month_first, int& day, int& month) {
    day = month_first ? second : first;
    month = month_first ? first : second;
    if (month > 12 && day <= 12) std::swap(day, month);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

//! "2026-03-12", "12/03/2026", "03/12/26", "12.03.2026", "12/03".
DateHit NumericDate(const Lexed& lx, std::size_t i, const EntityConfig& config, bool today_valid) {
    DateHit hit;
    if (!IsDigits(lx, i, 1, 4) || !LeftClear(lx, i)) return hit;
    const std::size_t n = lx.toks.size();
    const bool sep =
        i + 1 < n && lx.toks[i + 1].kind == Kind::kMark && Glued(lx, i + 1) &&
        (lx.toks[i + 1].cp == '-' || lx.toks[i + 1].cp == '/' || lx.toks[i + 1].cp == '.');
    if (!sep || !IsDigits(lx, i + 2, 1, 2) || !Glued(lx, i + 2)) return hit;
    const char32_t s = lx.toks[i + 1].cp;
    const bool three =
        IsMark(lx, i + 3, s) && Glued(lx, i + 3) && IsDigits(lx, i + 4) && Glued(lx, i + 4);
    const std::size_t len0 = lx.toks[i].norm_len;
    if (three && len0 == 4 && IsDigits(lx, i + 4, 1, 2)) {
        const Date d{DigitsValue(lx, i), DigitsValue(lx, i + 2), DigitsValue(lx, i + 4)};
        if (IsValidDate(d) && RightClear(lx, i + 5)) hit = {i + 5, d};
        return hit;
    }
    if (len0 > 2) return hit;
    int day = 0, month = 0;
    if (!DayMonth(DigitsValue(lx, i), DigitsValue(lx, i + 2), MonthFirst(config.locale), day,
                  month)) {
        return hit;
    }
    if (three) {
        const std::size_t year_len = lx.toks[i + 4].norm_len;
        if (year_len != 2 && year_len != 4) return hit;
        const int year = DigitsValue(lx, i + 4) + (year_len == 2 ? 2000 : 0);
        const Date d{year, month, day};
        if (IsValidDate(d) && RightClear(lx, i + 5)) hit = {i + 5, d};
        return hit;
    }
    // "12/03" without a year: slashes only ("12-03", "12.03" are too often something else), and
    // not a fraction of something ("2/3 of the items").
    if (s != '/' || !today_valid || !RightClear(lx, i + 3)) return hit;
    const std::string_view next_word =
        Near(lx, i + 3, 1) && IsWord(lx, i + 3) ? Norm(lx, i + 3) : std::string_view();
    if (next_word == "of" || next_word == "de" || next_word == "del" || IsBuiltinUnit(next_word)) {
        return hit;
    }
    Date d;
    if (NearestYear(month, day, config.today, d)) hit = {i + 3, d};
    return hit;
}

//! An optional year after a textual date ending before token k: ", 2026", " 2026", " de 2026".
std::size_t YearAfter(const Lexed& lx, std::size_t k, int& year) {
    std::size_t at = k;
    if (IsMark(lx, at, ',') && Glued(lx, at)) ++at;
    if ((IsWord(lx, at, "de") || IsWord(lx, at, "del") || IsWord(lx, at, "of")) &&
        Near(lx, at, 1)) {
        ++at;
    }
    if (!IsDigits(lx, at, 4, 4) || !Near(lx, at, 1) || lx.toks[at].gap == 0) return kNone;
    if (!RightClear(lx, at + 1)) return kNone;
    year = DigitsValue(lx, at);
    return at + 1;
}

DateHit FinishTextualDate(const Lexed& lx, std::size_t k, int month, int day,
                          const EntityConfig& config, bool today_valid) {
    DateHit hit;
    int year = 0;
    const std::size_t with_year = YearAfter(lx, k, year);
    if (with_year != kNone) {
        const Date d{year, month, day};
        if (IsValidDate(d)) hit = {with_year, d};
        return hit;
    }
    if (!today_valid || !RightClear(lx, k)) return hit;
    Date d;
    if (NearestYear(month, day, config.today, d)) hit = {k, d};
    return hit;
}

//! "12 March", "12th of March 2026", "3 de abril", "1º de mayo de 2026".
DateHit DayMonthDate(const Lexed& lx, std::size_t i, const EntityConfig& config, bool today_valid) {
    DateHit hit;
    if (!IsDigits(lx, i, 1, 2) || !LeftClear(lx, i)) return hit;
    const int day = DigitsValue(lx, i);
    std::size_t k = i + 1;
    if (IsWord(lx, k) && Glued(lx, k) && In(Norm(lx, k), kOrdinalSuffixes)) ++k;
    if ((IsWord(lx, k, "of") || IsWord(lx, k, "de")) && Near(lx, k, 1) && lx.toks[k].gap > 0) ++k;
    const int month = MonthAt(lx, k);
    if (month == 0 || !Near(lx, k, 1)) return hit;
    ++k;
    if (IsMark(lx, k, '.') && Glued(lx, k) && Norm(lx, k - 1).size() <= 4) ++k;  // "Mar."
    if (day < 1 || day > 31) return hit;
    return FinishTextualDate(lx, k, month, day, config, today_valid);
}

//! "March 12", "Mar. 12th, 2026", "marzo 12".
DateHit MonthDayDate(const Lexed& lx, std::size_t i, const EntityConfig& config, bool today_valid) {
    DateHit hit;
    const int month = MonthAt(lx, i);
    if (month == 0) return hit;
    std::size_t k = i + 1;
    if (IsMark(lx, k, '.') && Glued(lx, k) && Norm(lx, i).size() <= 4) ++k;
    if (!IsDigits(lx, k, 1, 2) || !Near(lx, k, 1) || lx.toks[k].gap == 0) return hit;
    const int day = DigitsValue(lx, k);
    ++k;
    if (IsWord(lx, k) && Glued(lx, k) && In(Norm(lx, k), kOrdinalSuffixes)) ++k;
    if (day < 1 || day > 31) return hit;
    return FinishTextualDate(lx, k, month, day, config, today_valid);
}

//! Any absolute date starting at token i (the longest).
DateHit AbsoluteDate(const Lexed& lx, std::size_t i, const EntityConfig& config, bool today_valid) {
    DateHit best = NumericDate(lx, i, config, today_valid);
    for (const DateHit& h :
         {DayMonthDate(lx, i, config, today_valid), MonthDayDate(lx, i, config, today_valid)}) {
        if (h.end != kNone && (best.end == kNone || h.end > best.end)) best = h;
    }
    return best;
}

//! The first `weekday` (ISO) at least `min_ahead` days after today.
Date NextWeekday(const Date& today, int weekday, int min_ahead) {
    int ahead = (weekday - DayOfWeek(today) + 7) % 7;
    while (ahead < min_ahead)
        ahead += 7;
    return AddDays(today, ahead);
}

//! The last `weekday` 1..7 days before today.
Date PreviousWeekday(const Date& today, int weekday) {
    int back = (DayOfWeek(today) - weekday + 7) % 7;
    if (back == 0) back = 7;
    return AddDays(today, -back);
}

//! "3 days", "two weeks", "a week" at token k: days in the span (or -1) and the index after it.
long long SpanDays(const Lexed& lx, std::size_t k, std::size_t& end) {
    const long long count = SmallNumberAt(lx, k, 3);
    if (count < 0 || !Near(lx, k + 1, 1) || !IsWord(lx, k + 1)) return -1;
    const std::string_view unit = Norm(lx, k + 1);
    end = k + 2;
    if (unit == "day" || unit == "days" || unit == "dia" || unit == "dias") return count;
    if (unit == "week" || unit == "weeks" || unit == "semana" || unit == "semanas") {
        return count * 7;
    }
    return -1;
}

void ProposeDate(Candidates& out, const Lexed& lx, std::size_t first, std::size_t end,
                 const Date& d) {
    Propose(out, EntityType::kDate, kRankDate, lx.toks[first].begin, lx.toks[end - 1].end,
            FormatIsoDate(d), 0, {}, d);
}

// Words after which Spanish "mañana" means "morning", not "tomorrow": "por la mañana".
constexpr std::string_view kMorningBefore[] = {"la",   "esta", "por", "de",    "cada",
                                               "toda", "una",  "las", "media", "manana"};

void RelativeDates(const Lexed& lx, std::size_t i, const Date& today, Candidates& out) {
    auto word_at = [&](std::size_t k, std::string_view expected) {
        return Near(lx, k, 1) && IsWord(lx, k, expected);
    };
    auto propose = [&](std::size_t end, std::int64_t days) {
        ProposeDate(out, lx, i, end, AddDays(today, days));
    };
    std::size_t end = 0;
    {
        // "3 days ago", "two weeks from now"
        const long long days = SpanDays(lx, i, end);
        if (days >= 0 && word_at(end, "ago")) propose(end + 1, -days);
        if (days >= 0 && word_at(end, "from") && word_at(end + 1, "now")) propose(end + 2, days);
    }
    if (!IsWord(lx, i)) return;
    const std::string_view w = Norm(lx, i);
    // Single words.
    if (w == "today" || w == "tonight" || w == "hoy") propose(i + 1, 0);
    if (w == "tomorrow" || w == "tmrw") propose(i + 1, 1);
    if (w == "yesterday" || w == "ayer") propose(i + 1, -1);
    if (w == "anteayer" || w == "antier") propose(i + 1, -2);
    if (w == "manana" && !In(PrevWord(lx, i), kMorningBefore)) propose(i + 1, 1);
    // Phrases.
    if (w == "pasado" && word_at(i + 1, "manana")) propose(i + 2, 2);
    if ((w == "esta" || w == "this") && (word_at(i + 1, "manana") || word_at(i + 1, "morning"))) {
        propose(i + 2, 0);
    }
    if (w == "antes" && word_at(i + 1, "de") && word_at(i + 2, "ayer")) propose(i + 3, -2);
    if (w == "day" && word_at(i + 1, "after") && word_at(i + 2, "tomorrow")) propose(i + 3, 2);
    if (w == "day" && word_at(i + 1, "before") && word_at(i + 2, "yesterday")) propose(i + 3, -2);
    // Spans: "in 3 days", "en dos semanas", "dentro de 3 días", "hace 2 días".
    if ((w == "in" || w == "en") && Near(lx, i + 1, 1)) {
        const long long days = SpanDays(lx, i + 1, end);
        if (days >= 0) propose(end, days);
    }
    if (w == "dentro" && word_at(i + 1, "de") && Near(lx, i + 2, 1)) {
        const long long days = SpanDays(lx, i + 2, end);
        if (days >= 0) propose(end, days);
    }
    if (w == "hace" && Near(lx, i + 1, 1)) {
        const long long days = SpanDays(lx, i + 1, end);
        if (days >= 0) propose(end, -days);
    }
    // Weekdays: "Friday", "this Friday", "next Tuesday", "last Friday", "el próximo martes",
    // "el martes que viene", "este viernes", "el viernes pasado".
    std::size_t day_at = kNone;
    int min_ahead = 0;  // 0: today counts; 1: strictly after today; -1: in the past
    if ((w == "next" || w == "proximo" || w == "proxima") && Near(lx, i + 1, 1)) {
        day_at = i + 1;
        min_ahead = 1;
    } else if ((w == "this" || w == "este" || w == "coming") && Near(lx, i + 1, 1)) {
        day_at = i + 1;
        if (w == "this" && word_at(i + 1, "coming")) day_at = i + 2;
    } else if ((w == "last" || w == "pasado") && Near(lx, i + 1, 1)) {
        day_at = i + 1;
        min_ahead = -1;
    }
    if (day_at != kNone) {
        const int weekday = WeekdayAt(lx, day_at);
        if (weekday != 0 && Near(lx, day_at, 1)) {
            const Date d = min_ahead < 0 ? PreviousWeekday(today, weekday)
                                         : NextWeekday(today, weekday, min_ahead);
            ProposeDate(out, lx, i, day_at + 1, d);
        }
    }
    // A day of the month on its own: "the 25th", "on the 3rd", "el 25", "el día 3": the next
    // such day from today (this month's when it has not passed, else next month's).
    if ((w == "the" || w == "el" || w == "dia") && Near(lx, i + 1, 1)) {
        std::size_t k = i + 1;
        if (w == "el" && word_at(k, "dia")) ++k;
        if (IsDigits(lx, k, 1, 2) && Near(lx, k, 1)) {
            const int day = DigitsValue(lx, k);
            std::size_t after = k + 1;
            const bool suffixed =
                IsWord(lx, after) && Glued(lx, after) && In(Norm(lx, after), kOrdinalSuffixes);
            if (suffixed) ++after;
            // "the 25 jackets" is a quantity and "the 25th of March" an absolute date: only a
            // day with its suffix (or the Spanish "el 25" that is not followed by a word of its
            // own) is a day of the month here.
            const bool followed_by_word = IsWord(lx, after) && Near(lx, after, 1) &&
                                          !IsWord(lx, after, "instead") &&
                                          !IsWord(lx, after, "please");
            if (day >= 1 && day <= 31 && (suffixed || w != "the") &&
                (!followed_by_word || suffixed) && MonthAt(lx, after) == 0 &&
                !(IsWord(lx, after, "of") || IsWord(lx, after, "de"))) {
                Date d{today.year, today.month, day};
                if (!IsValidDate(d) || DaysBetween(today, d) < 0) {
                    const int month = today.month == 12 ? 1 : today.month + 1;
                    d = {today.month == 12 ? today.year + 1 : today.year, month, day};
                }
                if (IsValidDate(d)) ProposeDate(out, lx, i, after, d);
            }
        }
    }
    const int weekday = WeekdayAt(lx, i);
    if (weekday != 0) {
        ProposeDate(out, lx, i, i + 1, NextWeekday(today, weekday, 0));
        if (word_at(i + 1, "proximo") || word_at(i + 1, "proxima")) {
            ProposeDate(out, lx, i, i + 2, NextWeekday(today, weekday, 1));
        }
        if (word_at(i + 1, "que") && word_at(i + 2, "viene")) {
            ProposeDate(out, lx, i, i + 3, NextWeekday(today, weekday, 1));
        }
        if (word_at(i + 1, "pasado"))
            ProposeDate(out, lx, i, i + 2, PreviousWeekday(today, weekday));
    }
}

void FindDates(const Lexed& lx, const EntityConfig& config, Candidates& out) {
    const bool today_valid = IsValidDate(config.today);
    const std::size_t n = lx.toks.size();
    for (std::size_t i = 0; i < n; ++i) {
        const DateHit hit = AbsoluteDate(lx, i, config, today_valid);
        if (hit.end != kNone) ProposeDate(out, lx, i, hit.end, hit.date);
        // "Tuesday, March 17", "martes 17 de marzo": one date, the weekday included.
        if (WeekdayAt(lx, i) != 0) {
            std::size_t k = i + 1;
            if (IsMark(lx, k, ',') && Glued(lx, k)) ++k;
            if ((IsWord(lx, k, "the") || IsWord(lx, k, "el")) && Near(lx, k, 1)) ++k;
            if (Near(lx, k, 1) && k < n && lx.toks[k].gap > 0) {
                const DateHit after = AbsoluteDate(lx, k, config, today_valid);
                if (after.end != kNone) ProposeDate(out, lx, i, after.end, after.date);
            }
        }
        if (today_valid) RelativeDates(lx, i, config.today, out);
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Quantities
//-----------------------------------------------------------------------------
// "2 pairs", "three jackets", "dos pares", "2 blue jackets" (one word may stand between the number
// and a known unit), "x2", "2x", and number words 2..20 on their own ("I need two"). Digits
// followed by an unknown word are not quantities ("size 10 boots", "room 3").

// Counting words.
constexpr std::string_view kCountingUnits[] = {
    "pair",     "pairs",  "par",     "pares",    "piece",     "pieces", "pcs",   "pieza",
    "piezas",   "item",   "items",   "articulo", "articulos", "unit",   "units", "unidad",
    "unidades", "box",    "boxes",   "caja",     "cajas",     "pack",   "packs", "paquete",
    "paquetes", "set",    "sets",    "juego",    "juegos",    "bag",    "bags",  "bolsa",
    "bolsas",   "bottle", "bottles", "botella",  "botellas"};
// The demo catalogue: clothing, shoes and gear.
constexpr std::string_view kCatalogueUnits[] = {
    "jacket",     "jackets", "chaqueta",  "chaquetas",  "coat",      "coats",    "abrigo",
    "abrigos",    "shirt",   "shirts",    "t-shirt",    "t-shirts",  "tee",      "tees",
    "camisa",     "camisas", "camiseta",  "camisetas",  "sock",      "socks",    "calcetin",
    "calcetines", "boot",    "boots",     "bota",       "botas",     "shoe",     "shoes",
    "zapato",     "zapatos", "zapatilla", "zapatillas", "sneaker",   "sneakers", "trainer",
    "trainers",   "runner",  "runners",   "glove",      "gloves",    "guante",   "guantes",
    "hat",        "hats",    "cap",       "caps",       "gorro",     "gorros",   "gorra",
    "gorras",     "beanie",  "beanies",   "pants",      "trousers",  "pantalon", "pantalones",
    "shorts",     "layer",   "layers",    "capa",       "capas",     "tent",     "tents",
    "tienda",     "tiendas", "backpack",  "backpacks",  "mochila",   "mochilas", "headlamp",
    "headlamps",  "frontal", "frontales", "linterna",   "linternas", "saco",     "sacos",
    "hoodie",     "hoodies", "sudadera",  "sudaderas",  "fleece",    "fleeces",  "forro",
    "forros",     "vest",    "vests",     "chaleco",    "chalecos",  "sweater",  "sweaters",
    "jumper",     "jumpers", "jersey",    "jerseys"};

bool IsBuiltinUnit(std::string_view w) {
    return In(w, kCountingUnits) || In(w, kCatalogueUnits);
}

// Words that make the number after them a label, not a count: "size 10", "talla 42".
constexpr std::string_view kLabelWords[] = {
    "size", "talla",   "number",   "numero", "no",   "n",       "model",   "modelo",
    "page", "pagina",  "room",     "step",   "paso", "version", "chapter", "capitulo",
    "item", "article", "articulo", "ref",    "code", "codigo"};

// Words that cannot stand between a number and its unit.
// ("a few jackets" is not one jacket).
constexpr std::string_view kNotAdjectives[] = {
    "of",     "de",     "del",     "and",     "y",      "or",     "o",     "the",   "el",
    "la",     "los",    "las",     "in",      "en",     "to",     "a",     "for",   "para",
    "por",    "few",    "couple",  "lot",     "lots",   "dozen",  "bunch", "pocos", "pocas",
    "varios", "varias", "algunos", "algunas", "muchos", "muchas", "many",  "some"};

struct UnitTable {
    std::vector<std::string> extra;  // config.quantity_units, folded like the lexer folds
};

//! The compound word at token k ("jackets", "t-shirts") when it is a unit: the index after it,
//! else kNone.
std::size_t UnitAt(const Lexed& lx, std::size_t k, const UnitTable& units) {
    if (!IsWord(lx, k)) return kNone;
    std::string compound(Norm(lx, k));
    std::size_t end = k + 1;
    while (IsMark(lx, end, '-') && Glued(lx, end) && IsWord(lx, end + 1) && Glued(lx, end + 1)) {
        compound += "-";
        compound += Norm(lx, end + 1);
        end += 2;
    }
    auto known = [&](std::string_view w) {
        if (IsBuiltinUnit(w)) return true;
        for (const std::string& x : units.extra) {
            if (x == w) return true;
        }
        return false;
    };
    if (known(compound)) return end;
    if (end == k + 1) return kNone;
    return known(Norm(lx, end - 1)) ? end : kNone;  // "rain-jackets": the last part
}

void ProposeQuantity(Candidates& out, const Lexed& lx, std::size_t first, std::size_t end,
                     long long count, std::size_t unit_first) {
    std::string unit;
    if (unit_first != kNone) unit = text::FoldCase(Original(lx, unit_first, end - 1));
    Propose(out, EntityType::kQuantity, kRankQuantity, lx.toks[first].begin, lx.toks[end - 1].end,
            std::to_string(count), count, std::move(unit));
}

void FindQuantities(const Lexed& lx, const EntityConfig& config, Candidates& out) {
    UnitTable units;
    for (const std::string& u : config.quantity_units) {
        const Lexed folded = Lex(u);
        std::string compound;
        for (std::size_t k = 0; k < folded.toks.size(); ++k) {
            if (folded.toks[k].kind == Kind::kMark) {
                std::string cp;
                text::AppendUtf8(folded.toks[k].cp, cp);
                compound += cp;
            } else {
                compound += Norm(folded, k);
            }
        }
        if (!compound.empty()) units.extra.push_back(compound);
    }
    const std::size_t n = lx.toks.size();
    for (std::size_t i = 0; i < n; ++i) {
        // "x2", "x 2", "×2"
        if ((IsWord(lx, i, "x") || IsMark(lx, i, 0xD7)) && LeftClear(lx, i) &&
            IsDigits(lx, i + 1, 1, 4) && Near(lx, i + 1, 1) && RightClear(lx, i + 2)) {
            ProposeQuantity(out, lx, i, i + 2, SmallNumberAt(lx, i + 1, 4), kNone);
            continue;
        }
        const long long count = SmallNumberAt(lx, i, 4);
        if (count < 0) continue;
        if (In(PrevWord(lx, i), kLabelWords) ||
            (i > 0 && IsMark(lx, i - 1, '#') && Near(lx, i, 1))) {
            continue;
        }
        const bool digits = IsDigits(lx, i);
        if (digits && !LeftClear(lx, i)) continue;
        std::size_t after = i + 1;
        // "2x", "2x jackets"
        if (digits && IsWord(lx, after, "x") && Glued(lx, after)) {
            ++after;
            const std::size_t unit_end = Near(lx, after, 1) ? UnitAt(lx, after, units) : kNone;
            if (unit_end != kNone && lx.toks[after].gap > 0) {
                ProposeQuantity(out, lx, i, unit_end, count, after);
            } else if (RightClear(lx, after)) {
                ProposeQuantity(out, lx, i, after, count, kNone);
            }
            continue;
        }
        if (digits && !RightClear(lx, after)) continue;
        // "2 pairs", "three jackets", "2 blue jackets"
        if (Near(lx, after, 2) && lx.toks[after].gap > 0) {
            // Articles take their unit at once: "a jacket", but not "a blue jacket".
            const std::string_view w = digits ? std::string_view() : Norm(lx, i);
            const bool article = w == "a" || w == "an" || w == "un" || w == "una";
            std::size_t unit_first = after;
            std::size_t unit_end = UnitAt(lx, unit_first, units);
            if (unit_end == kNone && !article && IsWord(lx, after) &&
                !In(Norm(lx, after), kNotAdjectives) && NumberWordValue(Norm(lx, after)) < 0 &&
                Near(lx, after + 1, 1)) {
                unit_first = after + 1;
                unit_end = UnitAt(lx, unit_first, units);
            }
            if (unit_end != kNone) {
                ProposeQuantity(out, lx, i, unit_end, count, unit_first);
                continue;
            }
        }
        // "I need two", "quiero tres"
        if (!digits && IsStandaloneNumberWord(Norm(lx, i)) && RightClear(lx, i + 1)) {
            ProposeQuantity(out, lx, i, i + 1, count, kNone);
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Card data: the number and what travels with it
//-----------------------------------------------------------------------------
// PCI DSS: a conversation never keeps card data. A customer who pastes a card sends its number
// (above) and often its expiry date, security code and last four digits; RedactCardData() removes
// them all. The number needs no context (13-19 Luhn-valid digits are a card); the rest are short
// numbers that are something else most of the time (a delivery date, a door code, an order that
// ends in 4233), so each is taken as card data only in its card context.
//
// Security code: 3-4 digits after cvv, cvc, ccv, cvv2, cvn, always ("cvv 123", "CVC: 4567");
//   after "security code", "código de seguridad", "card verification value" unless a non-card
//   noun comes first ("security code 321" goes, "gate security code 4321" stays); after cid or
//   csc only in a card message.
// Expiry: M/YY, MM-YY, MM/YYYY after an expiry noun (exp, expiry, expiration, caducidad,
//   vencimiento, valid thru), where MM YY, MMYY and "August 2027" count too ("exp 08/27",
//   "fecha de caducidad 08 27"); after an expiry verb (expires, vence, caduca) unless "on"/"el"
//   makes it a plain date in a message with no card ("expires 8/27", "vence 08/27" go; "vence el
//   08/12" stays); right after a card word ("card: 08/27"); anywhere in a message holding a card
//   number or a security code; and as the tail pasted after a number ("4111... 08 27 123").
// Last four: 4 digits after "ending in", "ends with", "last 4 (digits)", "terminada en", "que
//   acaba en", "últimos 4 dígitos"... in a card message ("card ending in 4242" goes, "order
//   ending in 4233" stays); masked forms ("**** 4242", "xxxx-4242") always.
//
// A card message: one with a card word (card, tarjeta, visa, mastercard, amex, maestro; not "gift
// card" or "tarjeta regalo") or card data found in the first pass (number, security code, expiry
// after a noun, masked last four). The nearest noun before a keyword, within the sentence, says
// what the keyword is about: "my order ending in 4233" keeps its digits even in a card message.
// A keyword is removed with its value ("my card [card data removed] was charged twice"); a bare
// date is removed alone ("card [card data removed]").

constexpr std::string_view kCardWords[] = {"card", "cards",      "tarjeta", "tarjetas",
                                           "visa", "mastercard", "amex",    "maestro"};
// "gift card", "tarjeta (de) regalo": cards, but not payment cards.
constexpr std::string_view kNotPaymentCardBefore[] = {
    "gift",     "sim",      "id",       "key",    "loyalty", "membership",
    "business", "greeting", "birthday", "memory", "sd",      "reward",
    "rewards",  "boarding", "library",  "report", "scratch"};
constexpr std::string_view kNotPaymentCardAfter[] = {
    "regalo", "sim",     "visita",  "fidelidad",  "embarque",
    "socio",  "cliente", "memoria", "transporte", "sanitaria"};
// Things other than cards that come with numbers and dates: the nearest of these before a
// keyword makes it about them.
constexpr std::string_view kOtherNouns[] = {
    "order",       "orders",     "pedido",    "pedidos",   "invoice",    "invoices",
    "factura",     "facturas",   "bill",      "phone",     "telephone",  "mobile",
    "cell",        "movil",      "telefono",  "celular",   "tracking",   "seguimiento",
    "account",     "cuenta",     "iban",      "coupon",    "cupon",      "voucher",
    "vale",        "promo",      "promocion", "discount",  "descuento",  "offer",
    "oferta",      "link",       "enlace",    "password",  "contrasena", "subscription",
    "suscripcion", "membership", "return",    "returns",   "devolucion", "refund",
    "reembolso",   "package",    "paquete",   "parcel",    "shipment",   "envio",
    "delivery",    "entrega",    "ticket",    "reference", "referencia", "ref",
    "sku",         "item",       "articulo",  "product",   "producto",   "warranty",
    "garantia",    "gate",       "door",      "puerta",    "portal",     "building",
    "edificio",    "alarm",      "alarma",    "garage",    "garaje",     "locker",
    "wifi",        "zip",        "postcode",  "postal",    "address",    "direccion",
    "apartment",   "apt",        "piso",      "gift",      "regalo",     "credit",
    "saldo",       "trial",      "prueba",    "plan"};

constexpr std::string_view kExpiryNouns[] = {
    "exp", "expiry", "expiration", "expdate", "caducidad", "vencimiento", "venc", "vto", "thru"};
constexpr std::string_view kExpiryVerbs[] = {
    "expires", "expire",   "expired",  "expiring", "expira", "expiro", "caduca",  "caducan",
    "caduco",  "caducada", "caducado", "vence",    "vencen", "vencio", "vencida", "vencido"};
// Words that make what follows a plain date ("expires on 08/12", "vence el 08/12").
constexpr std::string_view kDateArticles[] = {"on",   "el",   "the",     "del", "this",
                                              "este", "next", "proximo", "last"};
constexpr std::string_view kExpiryFillers[] = {
    "date", "fecha",   "de",    "del",   "is",  "es", "on",  "el",  "la",
    "in",   "en",      "my",    "mi",    "the", "of", "it",  "its", "are",
    "son",  "through", "until", "hasta", "su",  "tu", "your"};

constexpr std::string_view kSecurityCodeWords[] = {"cvv",  "cvc", "ccv", "cvv2",
                                                   "cvc2", "cvn", "cvd"};
constexpr std::string_view kSecurityCodeWeakWords[] = {"cid", "csc"};  // also other acronyms
constexpr std::string_view kSecurityFillers[] = {
    "is",    "es",    "are",    "son",     "code", "codigo", "number", "numero", "no",
    "my",    "mi",    "the",    "el",      "la",   "de",     "del",    "card",   "tarjeta",
    "value", "valor", "digits", "digitos", "su",   "tu",     "your"};

constexpr std::string_view kLastFourFillers[] = {
    "in", "en",  "with", "con", "digits", "digitos", "numbers", "numeros", "are",
    "is", "son", "es",   "of",  "de",     "del",     "my",      "mi",      "the",
    "la", "el",  "su",   "tu",  "your",   "number",  "numero",  "card",    "tarjeta"};

enum class CardContext : std::uint8_t { kNeutral, kCard, kOther };

//! Token i is a mark of a sentence's end: what a keyword looks back over stops there.
bool SentenceEnd(const Lexed& lx, std::size_t i) {
    if (!IsKind(lx, i, Kind::kMark)) return false;
    const char32_t cp = lx.toks[i].cp;
    return cp == '.' || cp == '?' || cp == '!' || cp == ';' || cp == 0xBF || cp == 0xA1;
}

//! A payment card word at token i ("card", "tarjeta"; not "gift card", "tarjeta de regalo").
bool IsCardWordAt(const Lexed& lx, std::size_t i) {
    if (!IsWord(lx, i) || !In(Norm(lx, i), kCardWords)) return false;
    if (In(PrevWord(lx, i), kNotPaymentCardBefore)) return false;
    std::size_t k = i + 1;
    if (IsWord(lx, k, "de") && Near(lx, k, 1)) ++k;
    return !(IsWord(lx, k) && Near(lx, k, 1) && In(Norm(lx, k), kNotPaymentCardAfter));
}

//! Masks printed in place of card digits: "****", "xxxx", "••••".
std::size_t MaskLength(const Lexed& lx, std::size_t i) {
    if (IsKind(lx, i, Kind::kMark)) {
        const char32_t cp = lx.toks[i].cp;
        return cp == '*' || cp == 0x2022 || cp == 0x25CF || cp == 0x2217 ? 1 : 0;
    }
    if (!IsWord(lx, i)) return 0;
    const std::string_view w = Norm(lx, i);
    return w.find_first_not_of('x') == std::string_view::npos ? w.size() : 0;
}

//! What the sentence before token `start` is about, from the nearest card word (or card number
//! digits) or other noun within a few words; kNeutral when neither comes first.
CardContext ContextBefore(const Lexed& lx, std::size_t start, const std::vector<bool>& card_tok) {
    std::size_t k = start;
    for (int steps = 0; k > 0 && steps < 8; ++steps) {
        if (lx.toks[k].newline_before) break;
        --k;
        if (SentenceEnd(lx, k)) break;
        if (card_tok[k] || IsCardWordAt(lx, k)) return CardContext::kCard;
        if (IsWord(lx, k) && In(Norm(lx, k), kOtherNouns)) return CardContext::kOther;
    }
    return CardContext::kNeutral;
}

bool IsMonthToken(const Lexed& lx, std::size_t i) {
    if (!IsDigits(lx, i, 1, 2)) return false;
    const long long m = SmallNumberAt(lx, i, 2);
    return m >= 1 && m <= 12;
}
//! Two digits, or four from 2000 to 2099.
bool IsYearToken(const Lexed& lx, std::size_t i) {
    if (IsDigits(lx, i, 2, 2)) return true;
    return IsDigits(lx, i, 4, 4) && Norm(lx, i).substr(0, 2) == "20";
}

//! The last token of an expiry date starting at token i, or kNone. Always M/YY, MM/YY, MM-YY,
//! MM/YYYY, MM-YYYY (glued); `loose` (after an expiry word) also "MM.YY", "MM / YY", "MM YY",
//! "MMYY", "MMYYYY" and "August 2027" / "ago/27". Never part of a longer date ("08/12/2026").
std::size_t ExpiryAt(const Lexed& lx, std::size_t i, bool loose) {
    if (IsMonthToken(lx, i) && DigitsLeftClear(lx, i, loose, false)) {
        const std::size_t j = i + 1;
        const bool joiner =
            IsMark(lx, j, '/') || IsMark(lx, j, '-') || (loose && IsMark(lx, j, '.'));
        if (joiner && IsYearToken(lx, j + 1)) {
            const bool glued = Glued(lx, j) && Glued(lx, j + 1);
            const bool spaced = loose && Near(lx, j, 1) && Near(lx, j + 1, 1);
            if ((glued || spaced) && DigitsRightClear(lx, j + 2, false)) return j + 1;
        }
        if (loose && IsYearToken(lx, j) && lx.toks[j].gap == 1 && Near(lx, j, 1) &&
            DigitsRightClear(lx, j + 1, false)) {
            return j;  // "08 27"
        }
    }
    if (!loose) return kNone;
    if ((IsDigits(lx, i, 4, 4) || IsDigits(lx, i, 6, 6)) && DigitsLeftClear(lx, i, true, false) &&
        DigitsRightClear(lx, i + 1, false)) {
        const std::string_view d = Norm(lx, i);
        const int month = (d[0] - '0') * 10 + (d[1] - '0');
        if (month >= 1 && month <= 12 && (d.size() == 4 || d.substr(2, 2) == "20")) return i;
    }
    if (MonthAt(lx, i) > 0) {
        std::size_t j = i + 1;
        if (IsMark(lx, j, '/') && Glued(lx, j) && IsDigits(lx, j + 1, 2, 2) && Glued(lx, j + 1) &&
            DigitsRightClear(lx, j + 2, false)) {
            return j + 1;  // "ago/27"
        }
        if ((IsWord(lx, j, "de") || IsWord(lx, j, "of") || IsMark(lx, j, ',')) && Near(lx, j, 1)) {
            ++j;
        }
        if (IsDigits(lx, j, 4, 4) && IsYearToken(lx, j) && Near(lx, j, 1) &&
            DigitsRightClear(lx, j + 1, false)) {
            return j;  // "August 2027", "agosto de 2027"
        }
    }
    return kNone;
}

//! 3 or 4 digits standing alone at token i (a security code's shape).
bool IsCodeToken(const Lexed& lx, std::size_t i) {
    return IsDigits(lx, i, 3, 4) && DigitsLeftClear(lx, i, true, false) &&
           DigitsRightClear(lx, i + 1, false);
}

struct CardPart {
    CardDataKind kind = CardDataKind::kNumber;
    std::size_t first = 0;  // first and last token
    std::size_t last = 0;
};

//! Looks forward from token `from` over up to `max_steps` filler words and marks (same line)
//! for a token that `accept` takes; returns it, or kNone. Counts card words and date articles
//! passed over.
template <std::size_t N, typename Accept>
std::size_t ForwardTo(const Lexed& lx, std::size_t from, const std::string_view (&fillers)[N],
                      int max_steps, Accept accept, bool* card_word = nullptr,
                      bool* article = nullptr) {
    std::size_t j = from;
    for (int steps = 0; j < lx.toks.size() && steps <= max_steps; ++steps, ++j) {
        if (lx.toks[j].newline_before || lx.toks[j].gap > 3) return kNone;
        if (accept(j)) return j;
        if (IsWord(lx, j)) {
            const std::string_view w = Norm(lx, j);
            if (IsCardWordAt(lx, j)) {
                if (card_word) *card_word = true;
                continue;
            }
            if (!In(w, fillers) && MaskLength(lx, j) == 0) return kNone;
            if (article && In(w, kDateArticles)) *article = true;
        } else if (IsKind(lx, j, Kind::kMark)) {
            const char32_t cp = lx.toks[j].cp;
            const bool filler = cp == ':' || cp == '-' || cp == '=' || cp == '#' || cp == ',' ||
                                cp == '.' || cp == '(' || cp == ')' || MaskLength(lx, j) > 0;
            if (!filler) return kNone;
        } else {
            return kNone;  // other digits come first
        }
    }
    return kNone;
}

//! The last token of a security-code keyword at token k ("cvv", "cvv2", "security code",
//! "código de seguridad", "card verification value"), or kNone. `strength`: 2 always card data,
//! 1 unless a non-card noun comes first, 0 only in a card message.
std::size_t SecurityKeywordAt(const Lexed& lx, std::size_t k, int& strength) {
    if (!IsWord(lx, k)) return kNone;
    const std::string_view w = Norm(lx, k);
    auto word_after = [&](std::size_t j, std::string_view x) {
        return IsWord(lx, j, x) && Near(lx, j, 1);
    };
    std::size_t end = kNone;
    if (In(w, kSecurityCodeWords)) {
        strength = 2;
        end = k;
    } else if (In(w, kSecurityCodeWeakWords)) {
        strength = 0;
        end = k;
    } else if ((w == "security" || w == "sec") && word_after(k + 1, "code")) {
        strength = 1;
        end = k + 1;
    } else if (w == "codigo" || w == "cod" || w == "numero" || w == "clave") {
        std::size_t j = k + 1;
        if (IsMark(lx, j, '.') && Glued(lx, j)) ++j;
        if (word_after(j, "de")) ++j;
        if (word_after(j, "seguridad")) {
            strength = 1;
            end = j;
        } else if (IsWord(lx, j) && Near(lx, j, 1) && In(Norm(lx, j), kSecurityCodeWords)) {
            strength = 2;
            end = j;
        }
    } else if (w == "verification" && k > 0 && IsCardWordAt(lx, k - 1)) {
        strength = 2;
        end = k;
        if (IsWord(lx, k + 1) && Near(lx, k + 1, 1) &&
            (Norm(lx, k + 1) == "value" || Norm(lx, k + 1) == "code" ||
             Norm(lx, k + 1) == "number")) {
            end = k + 1;
        }
    }
    if (end == kNone) return kNone;
    if (IsDigits(lx, end + 1, 1, 1) && Glued(lx, end + 1) && Norm(lx, end + 1) == "2") {
        ++end;  // "cvv2", "CVC2"
    }
    return end;
}

//! The last token of a last-four phrase at token k ("ending in", "ends with", "last 4",
//! "last four digits", "terminada en", "acaba en", "últimos 4"), or kNone.
std::size_t LastFourPhraseAt(const Lexed& lx, std::size_t k) {
    if (!IsWord(lx, k)) return kNone;
    const std::string_view w = Norm(lx, k);
    auto word_after = [&](std::size_t j, std::string_view x) {
        return IsWord(lx, j, x) && Near(lx, j, 1);
    };
    static constexpr std::string_view kEndVerbsEn[] = {"ending", "ends", "end"};
    static constexpr std::string_view kEndVerbsEs[] = {
        "terminada", "terminado", "termina",  "terminan",   "acaba",
        "acabada",   "acabado",   "finaliza", "finalizada", "finalizado"};
    if (In(w, kEndVerbsEn)) {
        if (word_after(k + 1, "in") || word_after(k + 1, "with")) return k + 1;
        return w == "ending" ? k : kNone;
    }
    if (In(w, kEndVerbsEs)) return word_after(k + 1, "en") ? k + 1 : kNone;
    if (w == "terminacion") return k;
    if (w == "last" || w == "ultimos" || w == "ultimas") {
        const std::size_t j = k + 1;
        if (!Near(lx, j, 1)) return kNone;
        if (IsDigits(lx, j, 1, 1) && Norm(lx, j) == "4") return j;
        if (IsWord(lx, j, "four") || IsWord(lx, j, "cuatro")) return j;
        if (IsWord(lx, j, "digits") || IsWord(lx, j, "digitos")) return j;
    }
    return kNone;
}

//! First token of a keyword starting at k, with the words that belong to it before: "fecha de"
//! (caducidad), "valid"/"good" (thru), "que"/"that"/"the"/"los" (ending in, last 4).
std::size_t ExtendBack(const Lexed& lx, std::size_t k, CardDataKind kind) {
    const std::string_view prev = PrevWord(lx, k);
    if (kind == CardDataKind::kExpiry) {
        if ((prev == "valid" || prev == "good") && IsWord(lx, k, "thru")) return k - 1;
        if (prev == "de" && k >= 2 && PrevWord(lx, k - 1) == "fecha") return k - 2;
        return k;
    }
    if (kind == CardDataKind::kLastFour) {
        if (prev == "que" || prev == "that" || prev == "the" || prev == "los" || prev == "las") {
            return k - 1;
        }
    }
    return k;
}

std::vector<CardPart> FindCardParts(const Lexed& lx) {
    const std::size_t n = lx.toks.size();
    std::vector<CardPart> parts;
    std::vector<bool> card_tok(n, false);  // inside a card number
    const std::vector<CardSpan> cards = FindCards(lx);
    for (const CardSpan& c : cards) {
        parts.push_back({CardDataKind::kNumber, c.first, c.last});
        for (std::size_t k = c.first; k <= c.last; ++k)
            card_tok[k] = true;
    }
    bool card_message = !cards.empty();
    bool strong = !cards.empty();  // a number or security code: any M/YY is an expiry
    for (std::size_t k = 0; k < n && !card_message; ++k)
        card_message = IsCardWordAt(lx, k);

    auto code_value = [&](std::size_t from, std::size_t keyword_end) {
        (void)keyword_end;
        return ForwardTo(lx, from, kSecurityFillers, 4,
                         [&](std::size_t j) { return IsCodeToken(lx, j); });
    };

    // First pass: what is card data in any message.
    std::vector<std::pair<std::size_t, std::size_t>> weak_codes;  // keyword, value
    for (std::size_t k = 0; k < n; ++k) {
        int strength = 0;
        const std::size_t kw_end = SecurityKeywordAt(lx, k, strength);
        if (kw_end != kNone) {
            const std::size_t v = code_value(kw_end + 1, kw_end);
            if (v == kNone) continue;
            std::size_t first = k;
            if (strength == 2 && (PrevWord(lx, k) == "codigo" || PrevWord(lx, k) == "code")) {
                --first;  // "código CVV"
            }
            if (strength == 0) {
                weak_codes.emplace_back(k, v);
                continue;
            }
            if (strength == 1 && ContextBefore(lx, k, card_tok) == CardContext::kOther) continue;
            parts.push_back({CardDataKind::kSecurityCode, first, v});
            strong = card_message = true;
            k = v;
            continue;
        }
        if (IsWord(lx, k) && In(Norm(lx, k), kExpiryNouns)) {
            const std::size_t v = ForwardTo(lx, k + 1, kExpiryFillers, 4, [&](std::size_t j) {
                return ExpiryAt(lx, j, true) != kNone;
            });
            if (v == kNone || ContextBefore(lx, k, card_tok) == CardContext::kOther) continue;
            parts.push_back({CardDataKind::kExpiry, ExtendBack(lx, k, CardDataKind::kExpiry),
                             ExpiryAt(lx, v, true)});
            card_message = true;
            k = parts.back().last;
            continue;
        }
        // Masked: "**** 4242", "xxxx-xxxx-xxxx-4242", "•••• 4242".
        if (MaskLength(lx, k) > 0 && (k == 0 || MaskLength(lx, k - 1) == 0)) {
            std::size_t masked = 0;
            std::size_t j = k;
            while (j < n && (j == k || Near(lx, j, 1))) {
                const std::size_t m = MaskLength(lx, j);
                if (m > 0) {
                    masked += m;
                } else if (!IsMark(lx, j, '-')) {
                    break;
                }
                ++j;
            }
            if (masked >= 4 && IsDigits(lx, j, 4, 4) && Near(lx, j, 1) &&
                DigitsRightClear(lx, j + 1, false)) {
                parts.push_back({CardDataKind::kLastFour, k, j});
                card_message = true;
                k = j;
            }
        }
    }
    for (const auto& [k, v] : weak_codes) {
        if (!card_message || ContextBefore(lx, k, card_tok) == CardContext::kOther) continue;
        parts.push_back({CardDataKind::kSecurityCode, k, v});
        strong = true;
    }

    // Second pass: what is card data in a card message (or next to a card word).
    for (std::size_t k = 0; k < n; ++k) {
        if (IsWord(lx, k) && In(Norm(lx, k), kExpiryVerbs)) {
            bool card_word = false;
            bool article = false;
            const std::size_t v = ForwardTo(
                lx, k + 1, kExpiryFillers, 4,
                [&](std::size_t j) { return ExpiryAt(lx, j, true) != kNone; }, &card_word,
                &article);
            if (v == kNone) continue;
            const CardContext before = ContextBefore(lx, k, card_tok);
            const bool taken = card_word || before == CardContext::kCard ||
                               (before == CardContext::kNeutral && (!article || card_message));
            if (taken) parts.push_back({CardDataKind::kExpiry, k, ExpiryAt(lx, v, true)});
            continue;
        }
        if (IsCardWordAt(lx, k)) {  // "card 08/27", "tarjeta: 08/2027"
            std::size_t j = k + 1;
            if ((IsMark(lx, j, ':') || IsMark(lx, j, ',')) && Near(lx, j, 1)) ++j;
            if (Near(lx, j, 1)) {
                const std::size_t e = ExpiryAt(lx, j, false);
                if (e != kNone) parts.push_back({CardDataKind::kExpiry, j, e});
            }
            continue;
        }
        if (card_message) {
            const std::size_t phrase_end = LastFourPhraseAt(lx, k);
            if (phrase_end == kNone) continue;
            const std::size_t v =
                ForwardTo(lx, phrase_end + 1, kLastFourFillers, 6, [&](std::size_t j) {
                    return IsDigits(lx, j, 4, 4) && DigitsRightClear(lx, j + 1, false);
                });
            if (v == kNone || ContextBefore(lx, k, card_tok) == CardContext::kOther) continue;
            parts.push_back(
                {CardDataKind::kLastFour, ExtendBack(lx, k, CardDataKind::kLastFour), v});
            k = v;
        }
    }
    // A message with a number or a security code: every M/YY is its expiry.
    if (strong) {
        for (std::size_t k = 0; k < n; ++k) {
            if (card_tok[k]) continue;
            const std::size_t e = ExpiryAt(lx, k, false);
            if (e != kNone) parts.push_back({CardDataKind::kExpiry, k, e});
        }
    }
    // What is pasted right after a number: "4111 1111 1111 1111 08 27 123", "..., 08/27, 123",
    // one per line.
    auto close_after = [&](std::size_t j) { return j < n && lx.toks[j].gap <= 3; };
    auto skip_separators = [&](std::size_t j) {
        for (int steps = 0; steps < 2 && j < n; ++steps) {
            if (!close_after(j)) break;
            const bool sep = IsMark(lx, j, ',') || IsMark(lx, j, ';') || IsMark(lx, j, '|') ||
                             IsMark(lx, j, '/') || IsMark(lx, j, '-') || IsMark(lx, j, ':');
            if (!sep) break;
            ++j;
        }
        return j;
    };
    for (const CardSpan& c : cards) {
        std::size_t j = skip_separators(c.last + 1);
        if (!close_after(j)) continue;
        const std::size_t e = ExpiryAt(lx, j, true);
        if (e != kNone) {
            parts.push_back({CardDataKind::kExpiry, j, e});
            j = skip_separators(e + 1);
            if (!close_after(j)) continue;
        }
        if (IsCodeToken(lx, j)) parts.push_back({CardDataKind::kSecurityCode, j, j});
    }

    std::sort(parts.begin(), parts.end(), [](const CardPart& a, const CardPart& b) {
        return a.first != b.first ? a.first < b.first : a.last > b.last;
    });
    std::vector<CardPart> merged;  // overlapping parts become one, named after the first
    for (const CardPart& p : parts) {
        if (!merged.empty() && p.first <= merged.back().last) {
            merged.back().last = std::max(merged.back().last, p.last);
        } else {
            merged.push_back(p);
        }
    }
    return merged;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Resolution and the public API
//-----------------------------------------------------------------------------

std::vector<Entity> ExtractEntities(std::string_view text, const EntityConfig& config) {
    const Lexed lx = Lex(text);
    Candidates candidates;
    FindCardCandidates(lx, candidates);
    FindInvoiceNumbers(lx, config, candidates);
    FindEmails(text, candidates);
    FindOrderNumbers(lx, config, candidates);
    FindDates(lx, config, candidates);
    FindMoney(lx, config, candidates);
    FindPhones(lx, config, candidates);
    FindQuantities(lx, config, candidates);

    // Most specific first, then longest, then earliest; a candidate overlapping one already
    // taken is dropped. The order is total (ties keep generation order), so both builds agree.
    std::vector<std::size_t> order(candidates.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Candidate& x = candidates[a];
        const Candidate& y = candidates[b];
        if (x.rank != y.rank) return x.rank > y.rank;
        if (x.end - x.begin != y.end - y.begin) return x.end - x.begin > y.end - y.begin;
        return x.begin < y.begin;
    });
    std::map<std::size_t, std::size_t> taken;  // begin -> index into candidates
    for (std::size_t k : order) {
        const Candidate& c = candidates[k];
        auto it = taken.upper_bound(c.begin);
        if (it != taken.end() && it->first < c.end) continue;
        if (it != taken.begin() && candidates[std::prev(it)->second].end > c.begin) continue;
        taken.emplace(c.begin, k);
    }

    std::vector<Entity> entities;
    entities.reserve(taken.size());
    for (const auto& [begin, k] : taken) {
        Candidate& c = candidates[k];
        Entity e;
        e.type = c.type;
        e.begin = begin;
        e.end = c.end;
        e.text = c.type == EntityType::kCardNumber ? c.value
                                                   : std::string(text.substr(begin, c.end - begin));
        e.value = std::move(c.value);
        e.number = c.number;
        e.unit = std::move(c.unit);
        e.date = c.date;
        entities.push_back(std::move(e));
    }
    return entities;
}

std::string_view EntityTypeName(EntityType type) {
    switch (type) {
        case EntityType::kOrderNumber:
            return "order_number";
        case EntityType::kInvoiceNumber:
            return "invoice_number";
        case EntityType::kEmail:
            return "email";
        case EntityType::kPhone:
            return "phone";
        case EntityType::kMoney:
            return "money";
        case EntityType::kDate:
            return "date";
        case EntityType::kQuantity:
            return "quantity";
        case EntityType::kCardNumber:
            return "card_number";
    }
    return "unknown";
}

bool ContainsCardNumber(std::string_view text) {
    return !FindCards(Lex(text)).empty();
}

std::vector<CardData> FindCardData(std::string_view text) {
    const Lexed lx = Lex(text);
    std::vector<CardData> out;
    for (const CardPart& p : FindCardParts(lx))
        out.push_back({p.kind, lx.toks[p.first].begin, lx.toks[p.last].end});
    return out;
}

bool ContainsCardData(std::string_view text) {
    return !FindCardParts(Lex(text)).empty();
}

std::string RedactCardData(std::string_view text) {
    const std::vector<CardData> found = FindCardData(text);
    // Parts apart by nothing but spaces and list punctuation ("4111 ... 1111, 08/27, cvv 123")
    // become one placeholder, so the request around them still reads.
    auto only_separators = [](std::string_view between) {
        return between.find_first_not_of(" \t,;/|-:") == std::string_view::npos;
    };
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const std::size_t begin = found[i].begin;
        std::size_t end = found[i].end;
        while (i + 1 < found.size() &&
               only_separators(text.substr(end, found[i + 1].begin - end))) {
            end = found[++i].end;
        }
        out.append(text.substr(copied, begin - copied));
        out += kCardDataRemoved;
        copied = end;
    }
    out.append(text.substr(copied));
    return out;
}

std::string RedactCardNumbers(std::string_view text) {
    return RedactCardData(text);
}

}  // namespace seam::nlu
