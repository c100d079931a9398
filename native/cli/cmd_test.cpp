// native/cli/cmd_test.cpp — `seam test PATH...`: run conversation tests (*.conv) headless against
// the demo business (flows, intent model, knowledge base, validators from assets/).
#include <cstdio>
#include <fstream>
#include <string>

#include "assets/assets.hpp"
using namespace seam::assets;  // NOLINT: the CLI is a thin layer over the asset loaders
#include "commands.hpp"
#include "seam/assistant/conversation.hpp"
#include "seam/core/hash.hpp"

namespace seam::cli {

namespace {

std::string XmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

}  // namespace

int CmdTest(const Args& args) {
    std::string assets = "assets";
    std::string junit_path;
    std::string handoffs_path;
    Date today{2026, 11, 22};  // the runner's fixed clock: results never depend on the day
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--assets" && i + 1 < args.size()) {
            assets = args[++i];
        } else if (args[i] == "--junit" && i + 1 < args.size()) {
            junit_path = args[++i];
        } else if (args[i] == "--today" && i + 1 < args.size()) {
            Result<Date> parsed = ParseIsoDate(args[++i]);
            if (!parsed) {
                std::fprintf(stderr, "seam test: --today: %s\n", parsed.error().message.c_str());
                return 2;
            }
            today = *parsed;
        } else if (args[i] == "--handoffs" && i + 1 < args.size()) {
            handoffs_path = args[++i];
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam test [--assets DIR] [--today YYYY-MM-DD] [--junit FILE] [--handoffs "
                "FILE] PATH...\n"
                "Runs conversation tests (*.conv files, or directories of them) against the\n"
                "flows, intents, knowledge base and validators under DIR (default assets/).\n"
                "Reports each failing turn with expected (-) and actual (+) lines; exit 1 if any\n"
                "fails. --junit writes a JUnit XML report for CI systems; --handoffs writes every\n"
                "handoff payload (JSON lines) for checking against assets/schema/. Relative dates "
                "are\n"
                "resolved against --today (default 2026-11-22), so results never depend on the "
                "day.\n");
            return 0;
        } else {
            paths.push_back(args[i]);
        }
    }
    if (paths.empty()) {
        std::fprintf(stderr, "usage: seam test [--assets DIR] [--junit FILE] PATH...\n");
        return 2;
    }
    std::vector<flow::Flow> flows;
    std::vector<kb::Article> articles;
    std::vector<nlu::Example> examples;
    if (!LoadFlows(assets + "/flows", flows) || !LoadArticles(assets + "/kb", articles) ||
        !LoadIntentExamples(assets + "/nlu", examples)) {
        return 1;
    }
    Result<nlu::IntentModel> model = nlu::TrainCalibrated(examples, {});
    Result<kb::Index> index = kb::Index::Build(std::move(articles));
    if (!model || !index) {
        std::fprintf(stderr, "seam test: %s\n",
                     (!model ? model.error() : index.error()).message.c_str());
        return 1;
    }
    flow::EngineConfig config;
    config.flows = flows;
    config.validator = DemoSlotValidator(today);
    config.human_flow = "talk_to_human";
    config.fallback_flow = "kb_fallback";
    const flow::Engine engine(config);
    const assistant::Understander understander(std::move(model.value()), std::move(index.value()),
                                               DemoEntityFinder(today));

    std::vector<std::string> files;
    for (const std::string& p : paths) {
        for (const std::string& f : ListFiles(p, ".conv"))
            files.push_back(f);
    }
    if (files.empty()) {
        std::fprintf(stderr, "seam test: no .conv files under the given paths\n");
        return 1;
    }
    int passed = 0;
    int failed = 0;
    std::uint64_t digest = Fnv1a64("");
    std::string junit;
    std::string handoffs;
    for (const std::string& file : files) {
        std::string text;
        ReadWholeFile(file, text);
        Result<assistant::Script> script = assistant::ParseScript(text, file);
        std::string failure_text;
        if (!script) {
            failure_text = script.error().message + "\n";
        } else {
            const assistant::RunResult run = assistant::RunScript(*script, engine, understander);
            for (const std::string& line : run.transcript) {
                digest = Fnv1a64(line + "\n", digest);
            }
            for (const nlohmann::json& h : run.handoffs) {
                const nlohmann::json row = {{"file", file}, {"payload", h}};
                handoffs +=
                    row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
            }
            for (const assistant::TurnFailure& f : run.failures) {
                failure_text += assistant::FormatFailure(*script, f);
            }
        }
        const std::string name = script ? script->description : file;
        if (failure_text.empty()) {
            ++passed;
            std::printf("ok    %s\n", file.c_str());
            junit += "  <testcase classname=\"conversations\" name=\"" + XmlEscape(file) + "\"/>\n";
        } else {
            ++failed;
            std::printf("FAIL  %s — %s\n%s", file.c_str(), name.c_str(), failure_text.c_str());
            junit += "  <testcase classname=\"conversations\" name=\"" + XmlEscape(file) +
                     "\">\n    <failure message=\"conversation differs\">" +
                     XmlEscape(failure_text) + "</failure>\n  </testcase>\n";
        }
    }
    if (!junit_path.empty()) {
        std::ofstream out(junit_path, std::ios::binary);
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"seam conversations\" "
               "tests=\""
            << files.size() << "\" failures=\"" << failed << "\">\n"
            << junit << "</testsuite>\n";
    }
    if (!handoffs_path.empty()) std::ofstream(handoffs_path, std::ios::binary) << handoffs;
    // The digest of every rendered line: equal natively and in WASM when behaviour is identical.
    std::printf("transcript digest %016llx\n", static_cast<unsigned long long>(digest));
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

}  // namespace seam::cli
