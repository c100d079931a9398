// tests/fuzz/fuzz_proactive.cpp — proactive triggers, their policy and the facts a business event
// brings (issue 18): a trigger file is parsed and checked as `seam check` does; a trigger that
// passes is matched against facts from the input (strings of any bytes, numbers of any size, odd
// types), its words rendered, and the suppression rules decide over a history from the input.
//
// Input: a trigger file (JSON) on the first line, facts (a JSON object) on the second, a policy
// file on the third (may be empty: the defaults).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "seam/core/json_read.hpp"
#include "seam/proactive/suppression.hpp"
#include "seam/proactive/time_zone.hpp"
#include "seam/proactive/trigger.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view trigger_text = seam::fuzz::TakeLine(rest);
    const std::string_view facts_text = seam::fuzz::TakeLine(rest);
    const std::string_view policy_text = seam::fuzz::TakeLine(rest);
    namespace proactive = seam::proactive;

    std::vector<seam::flow::Diagnostic> diagnostics;
    proactive::Trigger trigger;
    if (!proactive::ParseTrigger(trigger_text, "fuzz.json", trigger, diagnostics)) {
        SEAM_FUZZ_CHECK(!diagnostics.empty(), "a refused trigger says why");
        return 0;
    }
    proactive::Known known;
    known.flows = {"parcel_delayed", "subscription", "refund_status", "review_request"};
    proactive::CheckTrigger(trigger, known, "fuzz.json", diagnostics);
    for (const seam::flow::Diagnostic& d : diagnostics)
        SEAM_FUZZ_CHECK(!d.ToString().empty(), "every diagnostic has words");

    const nlohmann::json facts = nlohmann::json::parse(facts_text, nullptr, false);
    if (facts.is_discarded()) return 0;
    // Conditions and their explanation hold over any facts, whatever their types.
    proactive::Holds(trigger.when, facts);
    for (const std::string& line : proactive::Explain(trigger.when, facts))
        SEAM_FUZZ_CHECK(!line.empty(), "an explanation line has words");
    std::vector<seam::Error> errors;
    const std::vector<proactive::Candidate> candidates =
        proactive::Match({trigger}, trigger.event, trigger.schedule_for_each, facts, "es", &errors);

    proactive::Policy policy;
    if (!policy_text.empty()) {
        auto parsed = proactive::ParsePolicy(nlohmann::json::parse(policy_text, nullptr, false));
        if (parsed) policy = *parsed;
    }
    for (const proactive::Candidate& c : candidates) {
        proactive::Situation situation;
        situation.now = seam::json_read::IntOr(facts, "now", 1796032800000);
        situation.time_zone = seam::json_read::StringOr(facts, "zone", "Europe/Madrid");
        situation.reachable = {"widget", "email"};
        situation.history.push_back({situation.now - 3600000, c.object_key, true});
        const proactive::Decision d =
            proactive::Decide(c.object_key, c.channels, situation, policy);
        SEAM_FUZZ_CHECK(d.send || !d.reason.empty(), "a message held back says why");
        d.ToJson().dump();
        proactive::LocalMinuteOfDay(situation.time_zone, situation.now);
    }
    return 0;
}
