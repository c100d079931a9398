// native/assets/assets.cpp — reading assets/ from disk for the CLI.
#include "assets/assets.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "seam/assistant/business.hpp"
#include "seam/flow/check.hpp"
#include "seam/flow/parse.hpp"

namespace seam::assets {

bool ReadWholeFile(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix) {
    std::vector<std::string> files;
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir, ec)) return {dir};
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const std::string p = it->path().string();
        if (it->is_regular_file() && p.size() >= suffix.size() &&
            p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0) {
            files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

content::Files ReadTree(const std::string& dir) {
    content::Files files;
    std::error_code ec;
    const std::filesystem::path root(dir);
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const std::string ext = it->path().extension().string();
        if (ext != ".json" && ext != ".jsonl" && ext != ".md" && ext != ".conv") continue;
        std::string text;
        if (!ReadWholeFile(it->path().string(), text)) continue;
        files[it->path().lexically_relative(root).generic_string()] = std::move(text);
    }
    return files;
}

bool LoadArticles(const std::string& dir, std::vector<kb::Article>& out) {
    const std::vector<std::string> files = ListFiles(dir, ".md");
    if (files.empty()) {
        std::fprintf(stderr, "seam: [seam.cli.read] no articles (*.md) under %s\n", dir.c_str());
        return false;
    }
    for (const std::string& path : files) {
        std::string text;
        ReadWholeFile(path, text);
        Result<kb::Article> article = kb::ParseArticle(text, path);
        if (!article) {
            std::fprintf(stderr, "seam: %s\n", article.error().message.c_str());
            return false;
        }
        out.push_back(std::move(article.value()));
    }
    return true;
}

bool LoadFlows(const std::string& dir, std::vector<flow::Flow>& out) {
    std::vector<flow::Diagnostic> diagnostics;
    std::string actions_text;
    const std::string actions_path = dir + "/actions.json";
    if (!ReadWholeFile(actions_path, actions_text)) {
        std::fprintf(stderr, "seam: [seam.cli.read] cannot read %s\n", actions_path.c_str());
        return false;
    }
    const flow::Registry registry = flow::ParseRegistry(actions_text, actions_path, diagnostics);
    for (const std::string& path : ListFiles(dir, ".json")) {
        if (path == actions_path) continue;
        std::string text;
        ReadWholeFile(path, text);
        flow::Flow f;
        if (flow::ParseFlow(text, path, f, diagnostics) &&
            flow::CheckFlow(f, registry, diagnostics)) {
            out.push_back(std::move(f));
        }
    }
    for (const flow::Diagnostic& d : diagnostics)
        std::fprintf(stderr, "seam: %s\n", d.ToString().c_str());
    return diagnostics.empty() && !out.empty();
}

flow::SlotValidator DemoSlotValidator(const form::Date& today) {
    return assistant::BusinessSlotValidator(today);
}

assistant::EntityFinder DemoEntityFinder(const form::Date& today) {
    return assistant::BusinessEntityFinder(today);
}

bool LoadIntentExamples(const std::string& dir, std::vector<nlu::Example>& out) {
    const std::vector<std::string> files = ListFiles(dir, ".jsonl");
    for (const std::string& path : files) {
        std::string text;
        ReadWholeFile(path, text);
        Result<std::vector<nlu::Example>> parsed = nlu::ParseJsonLines(text, path);
        if (!parsed) {
            std::fprintf(stderr, "seam: %s\n", parsed.error().message.c_str());
            return false;
        }
        out.insert(out.end(), parsed->begin(), parsed->end());
    }
    return !files.empty();
}

}  // namespace seam::assets
