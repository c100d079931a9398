// shared/include/seam/policy/rules.hpp — deterministic business rules, as data, apart from
// language.
//
// A rule guards an action: {"id", "action", "description", "require": <condition over facts>,
// "otherwise": "refuse" | "review", "message": <text>}. Deciding on an action evaluates every
// rule for it (none is skipped, so the record is complete) against facts the host supplies
// (days since delivery, refund amount, shipped...). Refuse beats review beats allow. A rule that
// cannot be evaluated (a fact is missing) fails closed: the action goes to a person for review.
// Rules file: assets/policy/rules.json. Conditions: as in flows (seam/flow/context.hpp), over
// the namespace `facts`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"
#include "seam/flow/flow.hpp"

namespace seam::policy {

enum class Verdict { kAllow, kReview, kRefuse };

//! "allow", "review", "refuse".
const char* VerdictName(Verdict v);

struct Rule {
    std::string id;
    std::string action;  //!< the action it guards ("*": every action)
    std::string description;
    nlohmann::json require;
    Verdict otherwise = Verdict::kRefuse;
    flow::Text message;  //!< why, for the customer and the agent; may use {{facts.X}}
};

struct Check {
    std::string rule;
    std::string description;
    bool passed = false;
    std::string detail;  //!< the rendered message when it failed, or the evaluation error
};

struct Decision {
    Verdict verdict = Verdict::kAllow;
    std::vector<Check> checks;  //!< every rule for the action, in file order
    std::string reason;         //!< the first failing rule's message ("" when allowed)

    //! {"verdict", "reason", "checks": [{"rule", "description", "passed", "detail"}]}.
    nlohmann::json ToJson() const;
};

//! Parses a rules file. Errors: seam.policy.rules (with the JSON pointer of the problem).
Result<std::vector<Rule>> ParseRules(std::string_view json_text);

//! Decides on `action` given `facts`; messages in `locale`.
Decision Decide(const std::vector<Rule>& rules, const std::string& action,
                const nlohmann::json& facts, const std::string& locale);

}  // namespace seam::policy
