// native/cli/cmd_text.cpp — `seam normalize` and `seam tokenize`: the text utilities, for people.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "seam/text/normalize.hpp"
#include "seam/text/tokenize.hpp"

namespace seam::cli {

namespace {

const char* KindName(text::TokenKind kind) {
    switch (kind) {
        case text::TokenKind::kWord:
            return "word";
        case text::TokenKind::kNumber:
            return "number";
        case text::TokenKind::kPunct:
            return "punct";
        case text::TokenKind::kSymbol:
            return "symbol";
    }
    return "word";
}

// Calls `fn` with TEXT when given as arguments (joined by spaces), else with each stdin line.
template <typename Fn>
void ForEachInput(const Args& args, Fn fn) {
    if (!args.empty()) {
        std::string joined;
        for (const std::string& a : args)
            joined += (joined.empty() ? "" : " ") + a;
        fn(joined);
        return;
    }
    std::string line;
    while (std::getline(std::cin, line))
        fn(line);
}

bool WantsHelp(const Args& args) {
    return !args.empty() && (args[0] == "--help" || args[0] == "-h");
}

}  // namespace

int CmdNormalize(const Args& args) {
    if (WantsHelp(args)) {
        std::printf(
            "usage: seam normalize [--strip] [TEXT...]\n"
            "Prints the matching form (case and accents folded, punctuation and white space\n"
            "normalised) of TEXT, or of each line of standard input.\n"
            "  --strip   also remove punctuation and symbols\n");
        return 0;
    }
    text::NormalizeOptions options;
    Args rest = args;
    if (!rest.empty() && rest[0] == "--strip") {
        options.strip_punctuation = true;
        rest.erase(rest.begin());
    }
    ForEachInput(rest, [&](const std::string& s) {
        std::printf("%s\n", text::Normalize(s, options).c_str());
    });
    return 0;
}

int CmdTokenize(const Args& args) {
    if (WantsHelp(args)) {
        std::printf(
            "usage: seam tokenize [--punct] [TEXT...]\n"
            "Prints one JSON object per token: {\"norm\", \"kind\", \"begin\", \"end\", \"text\"}\n"
            "with byte offsets into the input.\n"
            "  --punct   also print punctuation and symbol tokens\n");
        return 0;
    }
    text::TokenizeOptions options;
    Args rest = args;
    if (!rest.empty() && rest[0] == "--punct") {
        options.include_punctuation = true;
        rest.erase(rest.begin());
    }
    ForEachInput(rest, [&](const std::string& s) {
        for (const text::Token& t : text::Tokenize(s, options)) {
            nlohmann::json j = {{"norm", t.norm},
                                {"kind", KindName(t.kind)},
                                {"begin", t.begin},
                                {"end", t.end},
                                {"text", s.substr(t.begin, t.end - t.begin)}};
            std::printf("%s\n",
                        j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        }
    });
    return 0;
}

}  // namespace seam::cli
