// tests/unit/text/test_normalize.cpp — case/accent folding and white space/punctuation
// normalisation.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/text/normalize.hpp"
#include "seam/text/unicode.hpp"
#include "seam/text/utf8.hpp"

using namespace seam::text;

namespace {

struct Case {
    const char* input;
    const char* expected;
};

void CheckTable(const std::vector<Case>& cases, std::string (*fn)(std::string_view)) {
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(fn(c.input) == c.expected);
    }
}

std::string MatchForm(std::string_view s) {
    return Normalize(s);
}

std::string StrippedForm(std::string_view s) {
    NormalizeOptions o;
    o.strip_punctuation = true;
    return Normalize(s, o);
}

}  // namespace

TEST_CASE("normalize: default matching form, by language") {
    CheckTable(
        {
            // English
            {"Hello World", "hello world"},
            {"  WHERE   is\tmy\n order? ", "where is my order?"},
            {"I\xE2\x80\x99m LOCKED out", "i'm locked out"},
            // Spanish
            {"\xC2\xBF"
             "D\xC3\xB3nde est\xC3\xA1 mi pedido?",
             "\xC2\xBF"
             "donde esta mi pedido?"},
            {"\xC3\x91"
             "and\xC3\xBA a\xC3\xB1o PING\xC3\x9C"
             "INO",
             "nandu ano pinguino"},
            {"\xC2\xA1"
             "Quiero DEVOLVERLO ya!",
             "\xC2\xA1quiero devolverlo ya!"},
            // German
            {"Stra\xC3\x9F"
             "e",
             "strasse"},
            {"STRASSE", "strasse"},
            {"\xE1\xBA\x9E", "ss"},
            {"M\xC3\xBCller \xC3\x96l \xC3\x9C"
             "bergr\xC3\xB6\xC3\x9F"
             "e",
             "muller ol ubergrosse"},
            // French
            {"\xC3\x87"
             "a va tr\xC3\xA8s bien, gar\xC3\xA7on",
             "ca va tres bien, garcon"},
            {"\xC5\x92uvre c\xC5\x93ur \xC3\x89l\xC3\xA8ve NA\xC3\x8FVE",
             "oeuvre coeur eleve naive"},
            {"\xC2\xAB Bonjour \xC2\xBB", "\" bonjour \""},
            // Portuguese
            {"A\xC3\xA7\xC3\xA3o, cora\xC3\xA7\xC3\xA3o, n\xC3\xA3o", "acao, coracao, nao"},
            {"S\xC3\xA3o Paulo \xC3\x80 VOV\xC3\x94", "sao paulo a vovo"},
            // Other Latin scripts
            {"\xC3\x86sir \xC3\x98resund \xC3\x9E"
             "orn",
             "aesir oresund thorn"},
            {"\xC5\x81\xC3\xB3"
             "d\xC5\xBA",
             "lodz"},
            {"Dvo\xC5\x99\xC3\xA1k", "dvorak"},
            {"\xC4\xB0stanbul", "istanbul"},
            {"Ti\xE1\xBA\xBFng Vi\xE1\xBB\x87t", "tieng viet"},
            {"\xC8\x98"
             "tefan \xC8\x9A"
             "ar\xC4\x83",
             "stefan tara"},
            // Decomposed (NFD) input folds the same as composed
            {"Cafe\xCC\x81 Sen\xCC\x83or", "cafe senor"},
            // Greek and Cyrillic fold case, keep letters
            {"\xCE\x9F\xCE\x94\xCE\xA5\xCE\xA3\xCE\xA3\xCE\x95\xCE\xA5\xCE\xA3",
             "\xCE\xBF\xCE\xB4\xCF\x85\xCF\x83\xCF\x83\xCE\xB5\xCF\x85\xCF\x83"},
            {"\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92\xD0\x95\xD0\xA2",
             "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"},
            // Typography, fullwidth, invisible characters
            {"\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x94 text\xE2\x80\xA6",
             "\"quoted\" - text..."},
            {"\xEF\xBC\xA8\xEF\xBC\xA5\xEF\xBC\xAC\xEF\xBC\xAC\xEF\xBC\xAF\xE3\x80\x80\xEF\xBC\x91"
             "\xEF\xBC\x92",
             "hello 12"},
            {"pass\xE2\x80\x8Bword", "password"},
            {"re\xC2\xAD"
             "turn",
             "return"},
            {"a\xC2\xA0\xC2\xA0"
             "b",
             "a b"},
            {"a\x01"
             "b\x7F",
             "ab"},
            {"\xEF\xBB\xBFhello", "hello"},
            // Edge cases
            {"", ""},
            {"   \t\n  ", ""},
            {"ok \xF0\x9F\x91\x8D", "ok \xF0\x9F\x91\x8D"},
            {"a\xFF"
             "b",
             "a\xEF\xBF\xBD"
             "b"},
            {"\xE2\x82", "\xEF\xBF\xBD"},
        },
        MatchForm);
}

TEST_CASE("normalize: stripping punctuation keeps numbers and joins contractions") {
    CheckTable(
        {
            {"Where's my order #1042?!", "wheres my order 1042"},
            {"\xC2\xBF"
             "D\xC3\xB3nde est\xC3\xA1?",
             "donde esta"},
            {"e-mail me @ once", "e mail me once"},
            {"That'll be $12.50, or 1,043.75 EUR.", "thatll be 12.50 or 1,043.75 eur"},
            {"end. 3.", "end 3"},
            {"...", ""},
            {"don\xC2\xB4t", "dont"},
            {"(LW-104233)", "lw 104233"},
        },
        StrippedForm);
}

TEST_CASE("normalize: single-purpose helpers") {
    CheckTable({{"\xC3\x89"
                 "COLE Stra\xC3\x9F"
                 "e",
                 "\xC3\xA9"
                 "cole strasse"},
                {"ABC  def", "abc  def"}},
               FoldCase);
    CheckTable({{"\xC3\x89"
                 "COLE ni\xC3\xB1o",
                 "ECOLE nino"},
                {"a  b", "a  b"}},
               FoldAccents);
    CheckTable({{" a \t b\n", "a b"},
                {"\xC3\x89t\xC3\xA9\xE2\x80\x83\xE2\x80\x83ok", "\xC3\x89t\xC3\xA9 ok"}},
               CollapseWhitespace);
    CheckTable({{"\xC2\xAB"
                 "Hola\xC2\xBB \xE2\x80\x94 \xE2\x80\x98s\xC3\xAD\xE2\x80\x99\xE2\x80\xA6",
                 "\"Hola\" - 's\xC3\xAD'..."}},
               NormalizePunctuation);
}

TEST_CASE("normalize: per code point folding primitives") {
    CHECK(FoldCaseSimple(U'A') == U'a');
    CHECK(FoldCaseSimple(0xC9) == 0xE9);    // É -> é
    CHECK(FoldCaseSimple(0xD7) == 0xD7);    // × is not a letter
    CHECK(FoldCaseSimple(0x178) == 0xFF);   // Ÿ -> ÿ
    CHECK(FoldCaseSimple(0x141) == 0x142);  // Ł -> ł
    CHECK(FoldCaseSimple(0x142) == 0x142);
    CHECK(FoldCaseSimple(0x3A3) == 0x3C3);    // Σ -> σ
    CHECK(FoldCaseSimple(0x3C2) == 0x3C3);    // ς -> σ
    CHECK(FoldCaseSimple(0x401) == 0x451);    // Ё -> ё
    CHECK(FoldCaseSimple(0x1EA0) == 0x1EA1);  // Ạ -> ạ
    CHECK(FoldCaseSimple(0x4E2D) == 0x4E2D);  // 中 unchanged
    CHECK(std::string(StripAccent(0xE9)) == "e");
    CHECK(std::string(StripAccent(0xDF)) == "ss");
    CHECK(std::string(StripAccent(0x153)) == "oe");
    CHECK(std::string(StripAccent(0x41)) == "");
    CHECK(std::string(StripAccent(0xD7)) == "");
    CHECK(Classify(0x301) == CharClass::kMark);
    CHECK(Classify(0x200B) == CharClass::kIgnorable);
    CHECK(Classify(0x3000) == CharClass::kSpace);
    CHECK(Classify(0x4E2D) == CharClass::kIdeograph);
    CHECK(Classify(0x1F44D) == CharClass::kSymbol);
    CHECK(Classify(0xBF) == CharClass::kPunct);
    CHECK(Classify(0xFF11) == CharClass::kDigit);
}

TEST_CASE("normalize: output is always valid UTF-8 and normalising twice changes nothing") {
    seam::testing::FuzzBytes gen(7);
    NormalizeOptions stripped;
    stripped.strip_punctuation = true;
    for (int i = 0; i < 2000; ++i) {
        const std::string s = gen.Bytes(1 + gen.Next() % 80);
        const std::string once = Normalize(s);
        SEAM_CHECK_OR_BREAK(IsValidUtf8(once));
        SEAM_CHECK_OR_BREAK(Normalize(once) == once);
        const std::string bare = Normalize(s, stripped);
        SEAM_CHECK_OR_BREAK(IsValidUtf8(bare));
        SEAM_CHECK_OR_BREAK(Normalize(bare, stripped) == bare);
    }
}
