// native/cli/cmd_kb.cpp — `seam kb`: ask the knowledge base a question from the command line.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "assets/assets.hpp"
using namespace seam::assets;  // NOLINT: the CLI is a thin layer over the asset loaders
#include "commands.hpp"
#include "seam/kb/article.hpp"
#include "seam/kb/index.hpp"

namespace seam::cli {

int CmdKb(const Args& args) {
    std::string dir = "assets/kb";
    std::string lang = "en";
    std::size_t k = 3;
    std::string question;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--dir" && i + 1 < args.size()) {
            dir = args[++i];
        } else if (args[i] == "--lang" && i + 1 < args.size()) {
            lang = args[++i];
        } else if (args[i] == "-k" && i + 1 < args.size()) {
            k = static_cast<std::size_t>(std::max(1, std::atoi(args[++i].c_str())));
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam kb [--dir DIR] [--lang LANG] [-k N] QUESTION...\n"
                "Searches the knowledge base (Markdown articles under DIR, default assets/kb)\n"
                "and prints one JSON object: {\"answerable\", \"hits\": [...]}. Without QUESTION,\n"
                "answers each line of standard input.\n");
            return 0;
        } else {
            question += (question.empty() ? "" : " ") + args[i];
        }
    }
    std::vector<kb::Article> articles;
    if (!LoadArticles(dir, articles)) return 1;
    Result<kb::Index> index = kb::Index::Build(std::move(articles));
    if (!index) {
        std::fprintf(stderr, "seam kb: %s\n", index.error().message.c_str());
        return 1;
    }
    auto ask = [&](const std::string& q) {
        const kb::SearchResult r = index->Search(q, lang, k);
        nlohmann::json hits = nlohmann::json::array();
        for (const kb::Hit& h : r.hits) {
            hits.push_back({{"article", h.article_id},
                            {"heading", h.heading},
                            {"url", h.url + "#" + h.anchor},
                            {"confidence", h.confidence}});
        }
        const nlohmann::json j = {{"answerable", r.answerable}, {"hits", hits}};
        std::printf("%s\n",
                    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    };
    if (!question.empty()) {
        ask(question);
        return 0;
    }
    std::string line;
    while (std::getline(std::cin, line))
        ask(line);
    return 0;
}

}  // namespace seam::cli
