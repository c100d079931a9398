// tests/unit/text/test_tokenize.cpp — tokens and their byte offsets into the original message.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/text/tokenize.hpp"
#include "seam/text/utf8.hpp"

using namespace seam::text;

namespace {

// Renders tokens as "w:norm@begin-end" (w word, n number, p punct, s symbol), space separated.
std::string Render(std::string_view text, bool punctuation) {
    TokenizeOptions options;
    options.include_punctuation = punctuation;
    std::string out;
    for (const Token& t : Tokenize(text, options)) {
        if (!out.empty()) out += ' ';
        switch (t.kind) {
            case TokenKind::kWord:
                out += "w:";
                break;
            case TokenKind::kNumber:
                out += "n:";
                break;
            case TokenKind::kPunct:
                out += "p:";
                break;
            case TokenKind::kSymbol:
                out += "s:";
                break;
        }
        out += t.norm + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end);
    }
    return out;
}

struct Case {
    const char* input;
    const char* words;             // without punctuation tokens
    const char* with_punctuation;  // nullptr: same as words
};

const std::vector<Case>& Cases() {
    static const std::vector<Case> cases = {
        {"Hello, world!", "w:hello@0-5 w:world@7-12", "w:hello@0-5 p:,@5-6 w:world@7-12 p:!@12-13"},
        {"Where's my order #1042?", "w:wheres@0-7 w:my@8-10 w:order@11-16 n:1042@18-22",
         "w:wheres@0-7 w:my@8-10 w:order@11-16 p:#@17-18 n:1042@18-22 p:?@22-23"},
        {"Don\xE2\x80\x99t", "w:dont@0-7", nullptr},
        {"\xC2\xBF"
         "D\xC3\xB3nde est\xC3\xA1 mi pedido?",
         "w:donde@2-8 w:esta@9-14 w:mi@15-17 w:pedido@18-24",
         "p:\xC2\xBF@0-2 w:donde@2-8 w:esta@9-14 w:mi@15-17 w:pedido@18-24 p:?@24-25"},
        {"1,043.50 USD", "n:1,043.50@0-8 w:usd@9-12", nullptr},
        {"Order LW-104233", "w:order@0-5 w:lw@6-8 n:104233@9-15",
         "w:order@0-5 w:lw@6-8 p:-@8-9 n:104233@9-15"},
        {"12/03/2026", "n:12@0-2 n:03@3-5 n:2026@6-10",
         "n:12@0-2 p:/@2-3 n:03@3-5 p:/@5-6 n:2026@6-10"},
        {"10.5kg", "w:10.5kg@0-6", nullptr},
        {"end. 3.", "w:end@0-3 n:3@5-6", "w:end@0-3 p:.@3-4 n:3@5-6 p:.@6-7"},
        {"costs $12.50.", "w:costs@0-5 n:12.50@7-12", "w:costs@0-5 s:$@6-7 n:12.50@7-12 p:.@12-13"},
        {"1.2.3", "n:1.2.3@0-5", nullptr},
        {"a,,b", "w:a@0-1 w:b@3-4", "w:a@0-1 p:,@1-2 p:,@2-3 w:b@3-4"},
        {"Hello\xE2\x80\x8Bworld", "w:hello@0-5 w:world@8-13", nullptr},
        {"pass\xC2\xADword", "w:password@0-10", nullptr},
        {"\xE6\x88\x91\xE6\x83\xB3\xE9\x80\x80\xE8\xB4\xA7",
         "w:\xE6\x88\x91@0-3 w:\xE6\x83\xB3@3-6 w:\xE9\x80\x80@6-9 w:\xE8\xB4\xA7@9-12", nullptr},
        {"Stra\xC3\x9F"
         "e",
         "w:strasse@0-7", nullptr},
        {"Cafe\xCC\x81", "w:cafe@0-6", nullptr},
        {"ab\xFF"
         "cd",
         "w:ab@0-2 w:cd@3-5", "w:ab@0-2 s:\xEF\xBF\xBD@2-3 w:cd@3-5"},
        {"", "", nullptr},
        {" \t\n ", "", nullptr},
        {"customers' orders", "w:customers@0-9 w:orders@11-17",
         "w:customers@0-9 p:'@9-10 w:orders@11-17"},
        {"rock 'n' roll", "w:rock@0-4 w:n@6-7 w:roll@9-13",
         "w:rock@0-4 p:'@5-6 w:n@6-7 p:'@7-8 w:roll@9-13"},
        {"e-mail", "w:e@0-1 w:mail@2-6", "w:e@0-1 p:-@1-2 w:mail@2-6"},
        {"\xEF\xBC\xAF\xEF\xBC\xB2\xEF\xBC\xA4\xEF\xBC\xA5\xEF\xBC\xB2\xEF\xBC\x91\xEF\xBC\x92",
         "w:order12@0-21", nullptr},
        {"thanks \xF0\x9F\x91\x8Dok", "w:thanks@0-6 w:ok@11-13",
         "w:thanks@0-6 s:\xF0\x9F\x91\x8D@7-11 w:ok@11-13"},
        {"wait\xE2\x80\xA6", "w:wait@0-4", "w:wait@0-4 p:...@4-7"},
        {"A\x01"
         "B",
         "w:a@0-1 w:b@2-3", nullptr},
    };
    return cases;
}

}  // namespace

TEST_CASE("tokenize: table of words, numbers, punctuation and offsets") {
    for (const Case& c : Cases()) {
        CAPTURE(c.input);
        CHECK(Render(c.input, false) == c.words);
        CHECK(Render(c.input, true) == (c.with_punctuation ? c.with_punctuation : c.words));
    }
}

TEST_CASE("tokenize: folding can be switched off") {
    TokenizeOptions keep;
    keep.fold.fold_case = false;
    keep.fold.fold_accents = false;
    const std::vector<Token> tokens = Tokenize(
        "\xC2\xBF"
        "D\xC3\xB3nde?",
        keep);
    CHECK(tokens.size() == 1);
    if (!tokens.empty()) CHECK(tokens[0].norm == "D\xC3\xB3nde");
    CHECK(TokenTexts("Return ORDER 1042, please") ==
          std::vector<std::string>{"return", "order", "1042", "please"});
}

TEST_CASE("tokenize: offsets always slice the original text on code point boundaries") {
    seam::testing::FuzzBytes gen(1042);
    TokenizeOptions options;
    options.include_punctuation = true;
    for (int i = 0; i < 2000; ++i) {
        const std::string s = gen.Bytes(1 + gen.Next() % 100);
        std::size_t last_end = 0;
        for (const Token& t : Tokenize(s, options)) {
            SEAM_CHECK_OR_BREAK(t.begin < t.end);
            SEAM_CHECK_OR_BREAK(t.end <= s.size());
            SEAM_CHECK_OR_BREAK(t.begin >= last_end);
            SEAM_CHECK_OR_BREAK(IsValidUtf8(t.norm));
            SEAM_CHECK_OR_BREAK(!t.norm.empty());
            // A token's bytes re-tokenize to the same single token when it is a word or number.
            if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) {
                const auto again = Tokenize(s.substr(t.begin, t.end - t.begin), options);
                SEAM_CHECK_OR_BREAK(again.size() == 1);
                SEAM_CHECK_OR_BREAK(again[0].norm == t.norm);
            }
            last_end = t.end;
        }
    }
}

TEST_CASE("tokenize: a 1 MB message of mixed bytes is handled") {
    seam::testing::FuzzBytes gen(99);
    const std::string big = gen.Bytes(1 << 20);
    const std::vector<Token> tokens = Tokenize(big);
    CHECK(!tokens.empty());
    CHECK(tokens.back().end <= big.size());
}
