// native/assistant/assistant.cpp — loading the shared core for seamd (see assistant.hpp).
#include "assistant/assistant.hpp"

#include "assets/assets.hpp"
#include "seam/kb/index.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::backend {

using nlohmann::json;

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
