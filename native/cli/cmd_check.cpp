// native/cli/cmd_check.cpp — `seam check FILE...`: static validation of flow files, proactive
// trigger files, saved replies, connectors and the proactive policy. The checks live in the core;
// this reads the files.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <system_error>

#include "assets/assets.hpp"
using namespace seam::assets;  // NOLINT: the CLI is a thin layer over the asset loaders
#include "commands.hpp"
#include "seam/connectors/connector.hpp"
#include "seam/content/reply.hpp"
#include "seam/core/json_read.hpp"
#include "seam/flow/check.hpp"
#include "seam/flow/parse.hpp"
#include "seam/flow/registry.hpp"
#include "seam/policy/rules.hpp"
#include "seam/proactive/suppression.hpp"
#include "seam/proactive/trigger.hpp"

namespace seam::cli {

namespace {

const char* const kUsage =
    "usage: seam check [--actions FILE] [--flows DIR] [--secrets FILE] [--triggers FILE...] "
    "[--replies FILE...] [--connectors FILE...] FILE...\n";

std::string DirOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return path.substr(slash == std::string::npos ? 0 : slash + 1);
}

// The name of the directory holding `path` ("proactive" for "x.json" run inside it).
std::string ParentName(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(path, ec).lexically_normal();
    return ec ? BaseName(DirOf(path)) : abs.parent_path().filename().string();
}

bool IsActionsFile(const std::string& path) {
    return BaseName(path) == "actions.json";
}

bool IsPolicyFile(const std::string& path) {
    return BaseName(path) == "proactive.json" && ParentName(path) == "policy";
}

// The ids of the flows in `dir` (each file read with the flow parser; its problems are `seam
// check`'s business when the flow itself is named, not here).
bool FlowIds(const std::string& dir, std::set<std::string>& ids) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return false;
    for (const std::string& path : ListFiles(dir, ".json")) {
        if (IsActionsFile(path)) continue;
        std::string text;
        std::vector<flow::Diagnostic> ignored;
        flow::Flow parsed;
        if (!ReadWholeFile(path, text)) continue;
        flow::ParseFlow(text, path, parsed, ignored);
        if (!parsed.id.empty()) ids.insert(parsed.id);
    }
    return true;
}

void CheckFlows(const std::vector<std::string>& files, std::string actions_path,
                std::vector<flow::Diagnostic>& diagnostics) {
    if (actions_path.empty()) actions_path = DirOf(files[0]) + "/actions.json";
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
}

void CheckTriggers(const std::vector<std::string>& files, const std::string& flows_dir,
                   std::vector<flow::Diagnostic>& diagnostics) {
    std::map<std::string, proactive::Known> known_by_dir;  // read each flows directory once
    for (const std::string& path : files) {
        const std::string dir = flows_dir.empty() ? DirOf(path) + "/../flows" : flows_dir;
        auto known = known_by_dir.find(dir);
        if (known == known_by_dir.end()) {
            known = known_by_dir.emplace(dir, proactive::Known{}).first;
            if (!FlowIds(dir, known->second.flows)) {
                diagnostics.push_back({"seam.proactive.flows", dir, "",
                                       "cannot read the flows directory (use --flows DIR)"});
            }
        }
        std::string text;
        if (!ReadWholeFile(path, text)) {
            diagnostics.push_back({"seam.proactive.read", path, "", "cannot read the file"});
            continue;
        }
        proactive::Trigger trigger;
        if (proactive::ParseTrigger(text, path, trigger, diagnostics)) {
            proactive::CheckTrigger(trigger, known->second, path, diagnostics);
        }
    }
}

// A reply's id must be its file's name: it is parsed as the content path replies/<name>.json
// and its problems are reported at the path as given.
void CheckReplies(const std::vector<std::string>& files,
                  std::vector<flow::Diagnostic>& diagnostics) {
    for (const std::string& path : files) {
        std::string text;
        if (!ReadWholeFile(path, text)) {
            diagnostics.push_back({"seam.reply.read", path, "", "cannot read the file"});
            continue;
        }
        const std::size_t before = diagnostics.size();
        content::Reply reply;
        content::ParseReply(text, "replies/" + BaseName(path), reply, diagnostics);
        for (std::size_t i = before; i < diagnostics.size(); ++i)
            diagnostics[i].file = path;
    }
}

bool Exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

// The first of `candidates` that exists ("" when none does).
std::string FirstExisting(std::initializer_list<std::string> candidates) {
    for (const std::string& c : candidates) {
        if (Exists(c)) return c;
    }
    return "";
}

// Connectors are checked as one set (two files for one action is a problem) against the action
// registry (--actions, else flows/actions.json beside the connectors' folder or its parent) and
// the declared secret names (--secrets, else secrets.json in the folder or its parent: the
// examples in assets/connectors/examples/ use assets/connectors/secrets.json).
void CheckConnectors(const std::vector<std::string>& files, std::string actions_path,
                     std::string secrets_path, std::vector<flow::Diagnostic>& diagnostics) {
    const std::string dir = DirOf(files[0]);
    if (actions_path.empty()) {
        actions_path =
            FirstExisting({dir + "/../flows/actions.json", dir + "/../../flows/actions.json"});
    }
    if (secrets_path.empty()) {
        secrets_path = FirstExisting({dir + "/secrets.json", dir + "/../secrets.json"});
    }
    std::string text;
    flow::Registry registry;
    if (!actions_path.empty() && ReadWholeFile(actions_path, text)) {
        registry = flow::ParseRegistry(text, actions_path, diagnostics);
    } else {
        diagnostics.push_back({"seam.connector.registry", actions_path.empty() ? dir : actions_path,
                               "", "cannot read the actions file (use --actions FILE)"});
        return;
    }
    std::set<std::string> secrets;
    std::set<std::string> config;
    if (!secrets_path.empty() && ReadWholeFile(secrets_path, text)) {
        secrets = connectors::ParseSecrets(text, secrets_path, diagnostics);
        config = connectors::ParseConfigNames(text, secrets_path, diagnostics);
    } else {
        diagnostics.push_back({"seam.connector.secrets", secrets_path.empty() ? dir : secrets_path,
                               "", "cannot read secrets.json (use --secrets FILE)"});
    }
    std::map<std::string, std::string> texts;
    for (const std::string& path : files) {
        if (!ReadWholeFile(path, text)) {
            diagnostics.push_back({"seam.connector.read", path, "", "cannot read the file"});
            continue;
        }
        texts[path] = text;
    }
    // The policy rules (policy/rules.json beside the actions file's folder): a facts request
    // must map every fact they read.
    std::vector<policy::Rule> rules;
    const std::string rules_path = FirstExisting({DirOf(actions_path) + "/../policy/rules.json"});
    if (!rules_path.empty() && ReadWholeFile(rules_path, text)) {
        auto parsed = policy::ParseRules(text);
        if (parsed) {
            rules = std::move(parsed.value());
        } else {
            diagnostics.push_back(connectors::ErrorToDiagnostic(parsed.error(), rules_path));
        }
    }
    connectors::CheckConnectors(texts, registry, secrets, diagnostics,
                                rules_path.empty() ? nullptr : &rules, &config);
}

// The policy's error reads "[id] /pointer: what"; the diagnostic line carries the pointer apart.
void CheckPolicy(const std::string& path, std::vector<flow::Diagnostic>& diagnostics) {
    std::string text;
    if (!ReadWholeFile(path, text)) {
        diagnostics.push_back({"seam.proactive.read", path, "", "cannot read the file"});
        return;
    }
    Result<nlohmann::json> doc = json_read::Parse(text);
    if (!doc) {
        diagnostics.push_back({"seam.proactive.json", path, "", "not valid JSON"});
        return;
    }
    Result<proactive::Policy> policy = proactive::ParsePolicy(*doc);
    if (policy) return;
    const Error& e = policy.error();
    std::string detail = e.message.substr(std::min(e.message.size(), e.id.size() + 3));
    std::string pointer;
    const auto colon = detail.find(": ");
    if (!detail.empty() && detail[0] == '/' && colon != std::string::npos) {
        pointer = detail.substr(0, colon);
        detail.erase(0, colon + 2);
    }
    diagnostics.push_back({e.id, path, pointer, detail});
}

}  // namespace

int CmdCheck(const Args& args) {
    std::string actions_path;
    std::string flows_dir;
    std::string secrets_path;
    std::vector<std::string> flows, triggers, replies, policies, connector_files;
    // After --triggers (--replies), files are triggers (replies) up to the next option.
    std::vector<std::string>* listed = nullptr;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--actions" && i + 1 < args.size()) {
            actions_path = args[++i];
            listed = nullptr;
        } else if (a == "--flows" && i + 1 < args.size()) {
            flows_dir = args[++i];
            listed = nullptr;
        } else if (a == "--secrets" && i + 1 < args.size()) {
            secrets_path = args[++i];
            listed = nullptr;
        } else if (a == "--connectors") {
            listed = &connector_files;
        } else if (a == "--triggers") {
            listed = &triggers;
        } else if (a == "--replies") {
            listed = &replies;
        } else if (a == "--help" || a == "-h") {
            std::printf(
                "%s"
                "Checks flow files: schema, step references, reachability, loops with no exit,\n"
                "slots read before they are asked, actions and their parameters and outcomes.\n"
                "Actions are declared in FILE (default: actions.json beside the first flow).\n"
                "A file in a directory named proactive (or listed after --triggers) is a\n"
                "proactive trigger: schema, events, schedules, facts and their types in\n"
                "conditions, the object and templates, channels, en and es messages, and the\n"
                "flow it opens, which must be in --flows DIR (default: ../flows beside the\n"
                "trigger). A file in a directory named replies (or listed after --replies) is\n"
                "a saved reply: schema, en and es title and text, known placeholders, and its\n"
                "id is its file's name. policy/proactive.json is checked as the proactive\n"
                "policy. A file in a directory named connectors (or listed after --connectors)\n"
                "is a connector, checked as one set: schema, a known action, one file per\n"
                "action, placeholders, secrets and config names declared in --secrets FILE\n"
                "(its \"secrets\" and \"config\"; default: secrets.json\n"
                "beside it or one folder up; that file itself is skipped), no literal\n"
                "credentials, an outcome the action declares for every status 100-599,\n"
                "retries only where they cannot execute twice, and a facts request that maps\n"
                "every fact the action's policy rules read (policy/rules.json beside the\n"
                "actions file's folder).\n"
                "Prints one line per problem (file#/json/pointer: [id] message); exit 1 if any.\n",
                kUsage);
            return 0;
        } else if (listed == &connector_files && BaseName(a) == "secrets.json") {
            if (secrets_path.empty()) secrets_path = a;
        } else if (listed != nullptr) {
            listed->push_back(a);
        } else if (ParentName(a) == "connectors") {
            if (BaseName(a) == "secrets.json") {
                if (secrets_path.empty()) secrets_path = a;
            } else {
                connector_files.push_back(a);
            }
        } else if (ParentName(a) == "proactive") {
            triggers.push_back(a);
        } else if (ParentName(a) == "replies") {
            replies.push_back(a);
        } else if (IsPolicyFile(a)) {
            policies.push_back(a);
        } else if (!IsActionsFile(a)) {
            flows.push_back(a);
        }
    }
    if (flows.empty() && triggers.empty() && replies.empty() && policies.empty() &&
        connector_files.empty()) {
        std::fprintf(stderr, "%s", kUsage);
        return 2;
    }

    std::vector<flow::Diagnostic> diagnostics;
    if (!flows.empty()) CheckFlows(flows, actions_path, diagnostics);
    if (!triggers.empty()) CheckTriggers(triggers, flows_dir, diagnostics);
    if (!replies.empty()) CheckReplies(replies, diagnostics);
    for (const std::string& path : policies)
        CheckPolicy(path, diagnostics);
    if (!connector_files.empty()) {
        CheckConnectors(connector_files, actions_path, secrets_path, diagnostics);
    }

    for (const flow::Diagnostic& d : diagnostics)
        std::printf("%s\n", d.ToString().c_str());
    auto count = [](std::size_t n, const char* what) {
        std::string word = what;
        if (n != 1)
            word = word.back() == 'y' ? word.substr(0, word.size() - 1) + "ies" : word + "s";
        return std::to_string(n) + " " + word;
    };
    std::string checked;
    auto add = [&](std::size_t n, const char* what) {
        if (n == 0) return;
        checked += (checked.empty() ? "" : ", ") + count(n, what);
    };
    add(flows.size(), "flow file");
    add(triggers.size(), "trigger");
    add(replies.size(), "reply");
    add(policies.size(), "policy file");
    add(connector_files.size(), "connector");
    std::fprintf(stderr, "seam check: %s, %s\n", checked.c_str(),
                 count(diagnostics.size(), "problem").c_str());
    return diagnostics.empty() ? 0 : 1;
}

}  // namespace seam::cli
