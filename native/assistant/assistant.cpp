// native/assistant/assistant.cpp — loading the shared core for seamd (see assistant.hpp).
#include "assistant/assistant.hpp"

#include <cstdio>
#include <string>

#include "assets/assets.hpp"
#include "seam/flow/check.hpp"
#include "seam/flow/parse.hpp"
#include "seam/kb/index.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::backend {

using nlohmann::json;

namespace {

bool StartsWith(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}
bool EndsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The proactive triggers and their policy; a problem in either is a problem of the set.
void LoadProactive(const content::Files& files, const std::vector<flow::Flow>& flows,
                   std::vector<proactive::Trigger>& triggers, proactive::Policy& policy,
                   std::vector<flow::Diagnostic>& problems) {
    proactive::Known known;
    for (const flow::Flow& f : flows)
        known.flows.insert(f.id);
    for (const auto& [path, text] : files) {
        if (!StartsWith(path, "proactive/") || !EndsWith(path, ".json")) continue;
        proactive::Trigger t;
        if (proactive::ParseTrigger(text, path, t, problems)) {
            const std::size_t before = problems.size();
            proactive::CheckTrigger(t, known, path, problems);
            if (problems.size() == before) triggers.push_back(std::move(t));
        }
    }
    auto policy_file = files.find("policy/proactive.json");
    if (policy_file != files.end()) {
        auto parsed = proactive::ParsePolicy(json::parse(policy_file->second, nullptr, false));
        if (!parsed) {
            problems.push_back(
                {parsed.error().id, "policy/proactive.json", "", parsed.error().message});
        } else {
            policy = *parsed;
        }
    }
}

// Every flow (flows/*.json but actions.json; saved tests under flows/tests/ are .conv), parsed
// and checked against flows/actions.json.
void LoadFlows(const content::Files& files, std::vector<flow::Flow>& out,
               std::vector<flow::Diagnostic>& problems) {
    auto actions = files.find("flows/actions.json");
    if (actions == files.end()) {
        problems.push_back({"seam.assistant.assets", "flows/actions.json", "", "missing"});
        return;
    }
    const flow::Registry registry =
        flow::ParseRegistry(actions->second, "flows/actions.json", problems);
    for (const auto& [path, text] : files) {
        if (!StartsWith(path, "flows/") || !EndsWith(path, ".json") ||
            path == "flows/actions.json" || StartsWith(path, "flows/tests/")) {
            continue;
        }
        flow::Flow f;
        if (flow::ParseFlow(text, path, f, problems) && flow::CheckFlow(f, registry, problems)) {
            out.push_back(std::move(f));
        }
    }
    if (out.empty() && problems.empty()) {
        problems.push_back({"seam.assistant.assets", "flows/", "", "no flows"});
    }
}

}  // namespace

Result<std::unique_ptr<Assistant>> Assistant::Load(const std::string& assets_dir, Today today) {
    const content::Files files = assets::ReadTree(assets_dir);
    if (files.empty()) {
        return Error::Make("seam.assistant.assets", "nothing to load under " + assets_dir);
    }
    std::vector<flow::Diagnostic> problems;
    auto loaded = LoadFiles(files, std::move(today), problems);
    for (const flow::Diagnostic& d : problems)
        std::fprintf(stderr, "seam: %s/%s\n", assets_dir.c_str(), d.ToString().c_str());
    if (!loaded) {
        return Error::Make("seam.assistant.assets",
                           "the assets under " + assets_dir + " do not load (see above)");
    }
    return loaded;
}

Result<std::unique_ptr<Assistant>> Assistant::LoadFiles(const content::Files& files, Today today,
                                                        std::vector<flow::Diagnostic>& problems,
                                                        const nlu::IntentModel* trained) {
    std::unique_ptr<Assistant> a(new Assistant());
    a->today_ = std::move(today);
    const std::size_t before = problems.size();
    LoadFlows(files, a->flows_, problems);
    std::vector<kb::Article> articles;
    std::vector<nlu::Example> examples;
    for (const auto& [path, text] : files) {
        if (StartsWith(path, "kb/") && EndsWith(path, ".md")) {
            Result<kb::Article> article = kb::ParseArticle(text, path);
            if (!article) {
                problems.push_back({article.error().id, path, "", article.error().message});
            } else {
                articles.push_back(std::move(article.value()));
            }
        } else if (!trained && StartsWith(path, "nlu/") && EndsWith(path, ".jsonl")) {
            auto parsed = nlu::ParseJsonLines(text, path);
            if (!parsed) {
                problems.push_back({parsed.error().id, path, "", parsed.error().message});
            } else {
                examples.insert(examples.end(), parsed->begin(), parsed->end());
            }
        }
    }
    if (articles.empty()) problems.push_back({"seam.assistant.assets", "kb/", "", "no articles"});
    if (!trained && examples.empty()) {
        problems.push_back({"seam.assistant.assets", "nlu/", "", "no intent examples"});
    }
    auto rules_file = files.find("policy/rules.json");
    if (rules_file == files.end()) {
        problems.push_back({"seam.assistant.assets", "policy/rules.json", "", "missing"});
    } else {
        auto rules = policy::ParseRules(rules_file->second);
        if (!rules) {
            problems.push_back({rules.error().id, "policy/rules.json", "", rules.error().message});
        } else {
            a->rules_ = std::move(rules.value());
            a->rules_document_ = nlohmann::json::parse(rules_file->second, nullptr, false);
        }
    }
    LoadProactive(files, a->flows_, a->triggers_, a->proactive_policy_, problems);
    if (problems.size() != before) {
        return Error::Make(
            "seam.assistant.assets",
            problems[before].ToString() +
                (problems.size() - before > 1
                     ? " (and " + std::to_string(problems.size() - before - 1) + " more)"
                     : std::string()));
    }
    auto model = trained ? Result<nlu::IntentModel>(*trained) : nlu::TrainCalibrated(examples, {});
    if (!model) return model.error();
    auto index = kb::Index::Build(std::move(articles));
    if (!index) return index.error();

    const Today clock = a->today_;
    a->validator_ = [clock](const flow::SlotSpec& slot, const std::string& text,
                            const std::vector<flow::EntityValue>& entities,
                            const std::string& locale) {
        return assets::DemoSlotValidator(clock())(slot, text, entities, locale);
    };
    flow::EngineConfig config;
    config.flows = a->flows_;
    config.validator = a->validator_;
    config.human_flow = "talk_to_human";
    config.fallback_flow = "kb_fallback";
    a->engine_ = std::make_unique<flow::Engine>(std::move(config));
    assistant::EntityFinder finder = [clock](const std::string& text, const std::string& locale) {
        return assets::DemoEntityFinder(clock())(text, locale);
    };
    a->understander_ = std::make_unique<assistant::Understander>(
        std::move(model.value()), std::move(index.value()), std::move(finder));
    return a;
}

flow::Event Assistant::Message(const std::string& text, const std::string& locale) const {
    return assistant::MessageEvent(*understander_, text, locale);
}

}  // namespace seam::backend
