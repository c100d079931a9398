// tests/fuzz/fuzz_flow.cpp — flow files: parsing (schema problems at their JSON pointers) and the
// static checks of `seam check` against the demo actions; a flow that passes both is run, as a
// business would deploy it: started, then one message and one quick reply.
//
// Input: one flow file (JSON).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    seam::fuzz::DemoRegistry();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<seam::flow::Diagnostic> diagnostics;
    seam::flow::Flow flow;
    const bool parsed = seam::flow::ParseFlow(text, "fuzz.json", flow, diagnostics);
    if (!parsed) {
        SEAM_FUZZ_CHECK(!diagnostics.empty(), "a refused flow says why");
        return 0;
    }
    const bool checked = seam::flow::CheckFlow(flow, seam::fuzz::DemoRegistry(), diagnostics);
    for (const seam::flow::Diagnostic& d : diagnostics)
        SEAM_FUZZ_CHECK(!d.ToString().empty(), "every diagnostic has words");
    if (!checked || !diagnostics.empty()) return 0;

    // A flow `seam check` accepts must run without harm.
    const std::string id = flow.id;
    const auto engine = seam::fuzz::MakeEngine({std::move(flow)});
    nlohmann::json state = seam::flow::Engine::NewState("fuzz", "en", nlohmann::json::object());
    seam::flow::Event start;
    start.kind = seam::flow::EventKind::kStart;
    start.flow = id;
    if (!engine->Step(state, start)) return 0;
    seam::flow::Event message;
    message.text = "LW-104233 yes";
    message.understanding.intent = "oos";
    message.understanding.entities.push_back({"order_number", "LW-104233", "LW-104233"});
    engine->Step(state, message);
    seam::flow::Event choice;
    choice.kind = seam::flow::EventKind::kChoice;
    choice.value = "yes";
    engine->Step(state, choice);
    return 0;
}
