// native/cli/cmd_check.cpp — `seam check FILE...`: static validation of flow files.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "assets/assets.hpp"
using namespace seam::assets;  // NOLINT: the CLI is a thin layer over the asset loaders
#include "commands.hpp"
#include "seam/flow/check.hpp"
#include "seam/flow/parse.hpp"
#include "seam/flow/registry.hpp"

namespace seam::cli {

namespace {

std::string DirOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

bool IsActionsFile(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return path.substr(slash == std::string::npos ? 0 : slash + 1) == "actions.json";
}

}  // namespace

int CmdCheck(const Args& args) {
    std::string actions_path;
    std::vector<std::string> files;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--actions" && i + 1 < args.size()) {
            actions_path = args[++i];
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam check [--actions FILE] FLOW.json...\n"
                "Checks flow files: schema, step references, reachability, loops with no exit,\n"
                "slots read before they are asked, actions and their parameters and outcomes.\n"
                "Actions are declared in FILE (default: actions.json beside the first flow).\n"
                "Prints one line per problem (file#/json/pointer: [id] message); exit 1 if any.\n");
            return 0;
        } else if (!IsActionsFile(args[i])) {
            files.push_back(args[i]);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: seam check [--actions FILE] FLOW.json...\n");
        return 2;
    }
    if (actions_path.empty()) actions_path = DirOf(files[0]) + "/actions.json";

    std::vector<flow::Diagnostic> diagnostics;
    std::string actions_text;
    flow::Registry registry;
    if (ReadWholeFile(actions_path, actions_text)) {
        registry = flow::ParseRegistry(actions_text, actions_path, diagnostics);
    } else {
        diagnostics.push_back({"seam.flow.registry", actions_path, "",
                               "cannot read the actions file (use --actions FILE)"});
        registry.slot_types = flow::BuiltinSlotTypes();
    }
    for (const std::string& path : files) {
        std::string text;
        if (!ReadWholeFile(path, text)) {
            diagnostics.push_back({"seam.flow.read", path, "", "cannot read the file"});
            continue;
        }
        flow::Flow parsed;
        // Schema problems first; the graph is checked once the file parses cleanly.
        if (flow::ParseFlow(text, path, parsed, diagnostics)) {
            flow::CheckFlow(parsed, registry, diagnostics);
        }
    }
    for (const flow::Diagnostic& d : diagnostics)
        std::printf("%s\n", d.ToString().c_str());
    std::fprintf(stderr, "seam check: %zu flow file%s, %zu problem%s\n", files.size(),
                 files.size() == 1 ? "" : "s", diagnostics.size(),
                 diagnostics.size() == 1 ? "" : "s");
    return diagnostics.empty() ? 0 : 1;
}

}  // namespace seam::cli
