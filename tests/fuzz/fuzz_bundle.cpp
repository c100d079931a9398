// tests/fuzz/fuzz_bundle.cpp — the widget bundle (`seam bundle`, loaded by the widget's brain in
// the browser from whatever the page serves): format, flows and actions checked as `seam check`
// does, articles parsed and indexed, the base64 intent model deserialised. A bundle that loads
// must answer: one message through its model, knowledge base and flows.
//
// Input: one bundle document (JSON).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    seam::Result<seam::assistant::Bundle> bundle = seam::assistant::LoadBundle(text);
    if (!bundle) {
        SEAM_FUZZ_CHECK(bundle.error().id.rfind("seam.", 0) == 0,
                        "a refused bundle names a stable error id");
        return 0;
    }
    const seam::assistant::Understander understander(
        std::move(bundle->model), std::move(bundle->index),
        seam::assistant::BusinessEntityFinder(seam::fuzz::Today()));
    const auto engine = seam::fuzz::MakeEngine(std::move(bundle->flows));
    nlohmann::json state = seam::flow::Engine::NewState("fuzz", "en", nlohmann::json::object());
    engine->Step(state,
                 seam::assistant::MessageEvent(understander, "where is my order LW-104233?", "en"));
    return 0;
}
