// shared/src/policy/rules.cpp — parsing and evaluating policy rules.
#include "seam/policy/rules.hpp"

#include "seam/core/json_read.hpp"
#include "seam/flow/context.hpp"

namespace seam::policy {

namespace {

using nlohmann::json;

flow::Text ParseMessage(const json& m) {
    flow::Text t;
    if (m.is_string()) {
        t.by_lang[""] = {m.get<std::string>()};
    } else if (m.is_object()) {
        for (const auto& [lang, v] : m.items()) {
            if (v.is_string()) t.by_lang[lang] = {v.get<std::string>()};
        }
    }
    return t;
}

// Facts a condition compares (not those it only tests with exists/missing) that are absent.
void MissingFacts(const json& c, const json& context, std::vector<std::string>& out) {
    if (!c.is_object()) return;
    for (const char* group : {"all", "any"}) {
        if (c.contains(group) && c[group].is_array()) {
            for (const json& sub : c[group])
                MissingFacts(sub, context, out);
        }
    }
    if (c.contains("not")) MissingFacts(c["not"], context, out);
    if (c.contains("var") && c["var"].is_string() && c.contains("op") && c["op"] != "exists" &&
        c["op"] != "missing" && flow::Lookup(context, c["var"].get<std::string>()).is_null()) {
        out.push_back(c["var"].get<std::string>());
    }
}

}  // namespace

const char* VerdictName(Verdict v) {
    switch (v) {
        case Verdict::kAllow:
            return "allow";
        case Verdict::kReview:
            return "review";
        case Verdict::kRefuse:
            return "refuse";
    }
    return "allow";
}

json Decision::ToJson() const {
    json c = json::array();
    for (const Check& k : checks) {
        c.push_back({{"rule", k.rule},
                     {"description", k.description},
                     {"passed", k.passed},
                     {"detail", k.detail}});
    }
    return {{"verdict", VerdictName(verdict)}, {"reason", reason}, {"checks", c}};
}

Result<std::vector<Rule>> ParseRules(std::string_view json_text) {
    const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("rules") ||
        !doc["rules"].is_array()) {
        return Error::Make("seam.policy.rules", "a rules file is {\"rules\": [...]}");
    }
    std::vector<Rule> rules;
    const json& list = doc["rules"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& r = list[i];
        const std::string at = "/rules/" + std::to_string(i);
        if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("action") ||
            !r["action"].is_string() || !r.contains("require") || !r["require"].is_object()) {
            return Error::Make("seam.policy.rules",
                               at + ": a rule needs \"id\", \"action\" and \"require\"");
        }
        Rule rule;
        rule.id = r["id"].get<std::string>();
        rule.action = r["action"].get<std::string>();
        auto description = json_read::OptString(r, "description", at + "/description");
        if (!description) return Error::Make("seam.policy.rules", description.error().message);
        rule.description = std::move(*description);
        rule.require = r["require"];
        auto otherwise_field = json_read::OptString(r, "otherwise", at + "/otherwise", "refuse");
        if (!otherwise_field)
            return Error::Make("seam.policy.rules", otherwise_field.error().message);
        const std::string& otherwise = *otherwise_field;
        if (otherwise == "refuse") {
            rule.otherwise = Verdict::kRefuse;
        } else if (otherwise == "review") {
            rule.otherwise = Verdict::kReview;
        } else {
            return Error::Make("seam.policy.rules",
                               at + "/otherwise: must be \"refuse\" or \"review\"");
        }
        if (r.contains("message")) rule.message = ParseMessage(r["message"]);
        for (const Rule& other : rules) {
            if (other.id == rule.id)
                return Error::Make("seam.policy.rules",
                                   at + "/id: \"" + rule.id + "\" is used twice");
        }
        // Validate the condition once against empty facts: only structural errors matter here.
        const Result<bool> probe = flow::EvaluateCondition(rule.require, json::object());
        if (!probe && probe.error().message.find("cannot compare") == std::string::npos) {
            return Error::Make("seam.policy.rules", at + "/require: " + probe.error().message);
        }
        rules.push_back(std::move(rule));
    }
    return rules;
}

Decision Decide(const std::vector<Rule>& rules, const std::string& action, const json& facts,
                const std::string& locale) {
    Decision d;
    const json context = {{"facts", facts.is_object() ? facts : json::object()}};
    for (const Rule& rule : rules) {
        if (rule.action != action && rule.action != "*") continue;
        Check check;
        check.rule = rule.id;
        check.description = rule.description;
        std::vector<std::string> missing;
        MissingFacts(rule.require, context, missing);
        Result<bool> r = flow::EvaluateCondition(rule.require, context);
        // Inside "any", one known true branch is enough; otherwise a missing fact is unknown.
        if (!missing.empty() && !(r.ok() && *r && rule.require.contains("any"))) {
            std::string list;
            for (const std::string& m : missing)
                list += (list.empty() ? "" : ", ") + m;
            r = Error::Make("seam.policy.missing_fact", "missing " + list);
        }
        Verdict failed_as = rule.otherwise;
        if (!r) {
            check.passed = false;
            check.detail = "could not be checked (" + r.error().message + ")";
            if (failed_as == Verdict::kAllow) failed_as = Verdict::kReview;
            if (failed_as == Verdict::kRefuse)
                failed_as = Verdict::kReview;  // unknown != proven false
        } else {
            check.passed = *r;
            if (!check.passed) {
                check.detail =
                    flow::RenderTemplate(flow::PickPhrasing(rule.message, locale, 0), context);
            }
        }
        if (!check.passed) {
            if (d.reason.empty() || static_cast<int>(failed_as) > static_cast<int>(d.verdict)) {
                d.reason = check.detail;
            }
            if (static_cast<int>(failed_as) > static_cast<int>(d.verdict)) d.verdict = failed_as;
        }
        d.checks.push_back(std::move(check));
    }
    return d;
}

}  // namespace seam::policy
