// native/assistant/assistant.cpp — loading the shared core for seamd (see assistant.hpp).
#include "assistant/assistant.hpp"

#include <cstdio>

#include "assets/assets.hpp"
#include "seam/kb/index.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::backend {

using nlohmann::json;

namespace {

// The proactive triggers and their policy; a problem in either stops the start (as a broken flow
// does), each printed as `seam check` prints it.
Result<bool> LoadProactive(const std::string& assets_dir, const std::vector<flow::Flow>& flows,
                           std::vector<proactive::Trigger>& triggers, proactive::Policy& policy) {
    proactive::Known known;
    for (const flow::Flow& f : flows)
        known.flows.insert(f.id);
    std::vector<flow::Diagnostic> problems;
    for (const std::string& path : assets::ListFiles(assets_dir + "/proactive", ".json")) {
        std::string text;
        if (!assets::ReadWholeFile(path, text)) {
            problems.push_back({"seam.proactive.read", path, "", "cannot read the file"});
            continue;
        }
        proactive::Trigger t;
        if (proactive::ParseTrigger(text, path, t, problems)) {
            const std::size_t before = problems.size();
            proactive::CheckTrigger(t, known, path, problems);
            if (problems.size() == before) triggers.push_back(std::move(t));
        }
    }
    std::string policy_text;
    const std::string policy_path = assets_dir + "/policy/proactive.json";
    if (assets::ReadWholeFile(policy_path, policy_text)) {
        auto parsed = proactive::ParsePolicy(json::parse(policy_text, nullptr, false));
        if (!parsed) {
            problems.push_back({parsed.error().id, policy_path, "", parsed.error().message});
        } else {
            policy = *parsed;
        }
    }
    for (const flow::Diagnostic& d : problems)
        std::fprintf(stderr, "%s\n", d.ToString().c_str());
    if (!problems.empty()) {
        return Error::Make("seam.assistant.assets", "the proactive triggers under " + assets_dir +
                                                        "/proactive do not load (see above)");
    }
    return true;
}

}  // namespace

Result<std::unique_ptr<Assistant>> Assistant::Load(const std::string& assets_dir, Today today) {
    std::unique_ptr<Assistant> a(new Assistant());
    a->today_ = std::move(today);
    std::vector<kb::Article> articles;
    std::vector<nlu::Example> examples;
    if (!assets::LoadFlows(assets_dir + "/flows", a->flows_)) {
        return Error::Make("seam.assistant.assets",
                           "the flows under " + assets_dir + "/flows do not load (see above)");
    }
    if (!assets::LoadArticles(assets_dir + "/kb", articles) ||
        !assets::LoadIntentExamples(assets_dir + "/nlu", examples)) {
        return Error::Make("seam.assistant.assets", "the knowledge base or intent examples under " +
                                                        assets_dir + " do not load (see above)");
    }
    std::string rules_text;
    if (!assets::ReadWholeFile(assets_dir + "/policy/rules.json", rules_text)) {
        return Error::Make("seam.assistant.assets",
                           "cannot read " + assets_dir + "/policy/rules.json");
    }
    auto rules = policy::ParseRules(rules_text);
    if (!rules) return rules.error();
    a->rules_ = std::move(rules.value());
    a->rules_document_ = nlohmann::json::parse(rules_text, nullptr, false);
    auto proactive = LoadProactive(assets_dir, a->flows_, a->triggers_, a->proactive_policy_);
    if (!proactive) return proactive.error();
    auto model = nlu::TrainCalibrated(examples, {});
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
