// native/assistant/assistant.hpp — the shared core, loaded once for seamd: the demo business's
// flows, intent model (trained at start from assets/nlu, well under a second), knowledge base,
// validators and policy rules. Read-only after Load(), so every request thread shares it.
//
//   text --Understand--> Event --Engine::Step--> effects (say, replies, action, handoff, end)
//
// Relative dates ("tomorrow") are resolved against the business day the host's clock gives.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seam/assistant/understand.hpp"
#include "seam/content/files.hpp"
#include "seam/core/date.hpp"
#include "seam/core/result.hpp"
#include "seam/flow/engine.hpp"
#include "seam/policy/rules.hpp"
#include "seam/proactive/suppression.hpp"
#include "seam/proactive/trigger.hpp"

namespace seam::backend {

class Assistant {
  public:
    using Today = std::function<Date()>;

    //! Loads assets/ under `assets_dir` (assets::ReadTree, then LoadFiles; problems printed).
    //! Errors: seam.assistant.assets (with what failed).
    static Result<std::unique_ptr<Assistant>> Load(const std::string& assets_dir, Today today);
    //! Loads from files by their path under assets/ (flows/, kb/, nlu/, policy/, proactive/;
    //! other paths are ignored): a published content version over the files that are not
    //! content. Every problem is appended to `problems` (file = the path); errors:
    //! seam.assistant.assets naming the first.
    //! `trained`: an intent model to use (copied) instead of training one from nlu/ (the
    //! model is not content: every content version shares the one trained at start).
    static Result<std::unique_ptr<Assistant>> LoadFiles(const content::Files& files, Today today,
                                                        std::vector<flow::Diagnostic>& problems,
                                                        const nlu::IntentModel* trained = nullptr);

    const flow::Engine& engine() const { return *engine_; }
    const assistant::Understander& understander() const { return *understander_; }
    const std::vector<policy::Rule>& rules() const { return rules_; }
    //! The rules file as loaded (what policy::ParseRules read), for the console's inspector.
    const nlohmann::json& rules_document() const { return rules_document_; }
    const std::vector<flow::Flow>& flows() const { return flows_; }
    Date today() const { return today_(); }
    //! The proactive triggers (assets/proactive/*.json, checked like `seam check` does) and the
    //! suppression policy (assets/policy/proactive.json; the defaults when there is none).
    const std::vector<proactive::Trigger>& triggers() const { return triggers_; }
    const proactive::Policy& proactive_policy() const { return proactive_policy_; }

    //! The engine event for a customer's message (card numbers redacted first).
    flow::Event Message(const std::string& text, const std::string& locale) const;

  private:
    Assistant() = default;
    Today today_;
    std::vector<flow::Flow> flows_;
    std::vector<policy::Rule> rules_;
    std::vector<proactive::Trigger> triggers_;
    proactive::Policy proactive_policy_;
    nlohmann::json rules_document_;
    flow::SlotValidator validator_;
    std::unique_ptr<flow::Engine> engine_;
    std::unique_ptr<assistant::Understander> understander_;
};

}  // namespace seam::backend
