// shared/src/text/tokenize.cpp — words and numbers with byte offsets into the original text.
#include "seam/text/tokenize.hpp"

#include "seam/text/utf8.hpp"

namespace seam::text {

namespace {

// Builds tokens while scanning; a "joiner" (apostrophe inside a word, or '.'/',' inside a
// number) is held back until the next code point shows whether it joins or ends the word.
class TokenBuilder {
  public:
    TokenBuilder(const TokenizeOptions& options, std::vector<Token>& out)
        : options_(options), out_(out) {}

    void Letter(char32_t cp, std::size_t begin, std::size_t end, bool digit) {
        if (in_word_ && joiner_ != 0) {
            const bool joins = joiner_ == '\'' ? true : (all_digits_ && digit);
            if (!joins) {
                Flush();
            } else {
                if (joiner_ != '\'') word_.norm.push_back(static_cast<char>(joiner_));
                joiner_ = 0;
            }
        }
        if (!in_word_) {
            in_word_ = true;
            all_digits_ = true;
            word_ = Token{};
            word_.begin = begin;
        }
        all_digits_ = all_digits_ && digit;
        AppendFolded(cp, options_.fold, word_.norm);
        word_.end = end;
    }

    //! An apostrophe or a number separator: may join, may end the word.
    void Joiner(char32_t joiner, std::size_t begin, std::size_t end) {
        const bool can_join = in_word_ && joiner_ == 0 && (joiner == '\'' || all_digits_);
        if (can_join) {
            joiner_ = joiner;
            joiner_begin_ = begin;
            joiner_end_ = end;
            return;
        }
        Single(joiner, begin, end, TokenKind::kPunct);
    }

    void Single(char32_t cp, std::size_t begin, std::size_t end, TokenKind kind) {
        Flush();
        if ((kind == TokenKind::kPunct || kind == TokenKind::kSymbol) &&
            !options_.include_punctuation) {
            return;
        }
        Token t;
        t.kind = kind;
        t.begin = begin;
        t.end = end;
        if (cp == 0x2026) {
            t.norm = "...";
        } else {
            AppendFolded(cp, options_.fold, t.norm);
        }
        out_.push_back(std::move(t));
    }

    bool InWord() const { return in_word_ && joiner_ == 0; }

    void Flush() {
        if (!in_word_) return;
        in_word_ = false;
        word_.kind = all_digits_ ? TokenKind::kNumber : TokenKind::kWord;
        out_.push_back(std::move(word_));
        if (joiner_ != 0) {  // a trailing joiner was punctuation after all
            const char32_t j = joiner_;
            joiner_ = 0;
            Single(j, joiner_begin_, joiner_end_, TokenKind::kPunct);
        }
    }

  private:
    const TokenizeOptions& options_;
    std::vector<Token>& out_;
    Token word_;
    bool in_word_ = false;
    bool all_digits_ = true;
    char32_t joiner_ = 0;
    std::size_t joiner_begin_ = 0;
    std::size_t joiner_end_ = 0;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view text, const TokenizeOptions& options) {
    std::vector<Token> tokens;
    TokenBuilder builder(options, tokens);
    std::size_t pos = 0;
    while (pos < text.size()) {
        const Decoded d = DecodeAt(text, pos);
        const std::size_t begin = pos;
        const std::size_t end = pos + d.length;
        pos = end;
        const char32_t cp = NormalizeCodePoint(d.cp);
        switch (Classify(cp)) {
            case CharClass::kLetter:
                builder.Letter(cp, begin, end, false);
                break;
            case CharClass::kMark:  // attaches to the word before it; alone, it is nothing
                if (builder.InWord()) builder.Letter(cp, begin, end, false);
                break;
            case CharClass::kDigit:
                builder.Letter(cp, begin, end, true);
                break;
            case CharClass::kApostrophe:
                builder.Joiner('\'', begin, end);
                break;
            case CharClass::kPunct:
                if (cp == '.' || cp == ',') {
                    builder.Joiner(cp, begin, end);
                } else {
                    builder.Single(cp, begin, end, TokenKind::kPunct);
                }
                break;
            case CharClass::kSymbol:
                builder.Single(cp, begin, end, TokenKind::kSymbol);
                break;
            case CharClass::kIdeograph:
                builder.Flush();
                builder.Letter(cp, begin, end, false);
                builder.Flush();
                break;
            case CharClass::kIgnorable:
                if (d.cp == 0x200B) builder.Flush();  // zero-width space separates words
                break;                                // others vanish inside a word
            case CharClass::kSpace:
            case CharClass::kControl:
                builder.Flush();
                break;
        }
    }
    builder.Flush();
    return tokens;
}

std::vector<std::string> TokenTexts(std::string_view text, const TokenizeOptions& options) {
    std::vector<std::string> out;
    for (Token& t : Tokenize(text, options)) {
        if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) {
            out.push_back(std::move(t.norm));
        }
    }
    return out;
}

}  // namespace seam::text
