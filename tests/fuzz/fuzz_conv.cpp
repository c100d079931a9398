// tests/fuzz/fuzz_conv.cpp — .conv conversation scripts (`seam test`): the parser, and a parsed
// script run headless against the demo brain (its fixtures, expected slots and effects are JSON
// and text from the file).
//
// Input: one .conv file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "seam/assistant/conversation.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    seam::fuzz::DemoBrain();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    seam::Result<seam::assistant::Script> script = seam::assistant::ParseScript(text, "fuzz.conv");
    if (!script) {
        SEAM_FUZZ_CHECK(script.error().id.rfind("seam.conv.", 0) == 0,
                        "a refused script names a seam.conv error");
        return 0;
    }
    // Running costs a turn of the whole pipeline per line: long scripts are parsed only.
    if (script->live() || script->turns.size() > 8) return 0;
    const seam::fuzz::Brain& brain = seam::fuzz::DemoBrain();
    const seam::assistant::RunResult run =
        seam::assistant::RunScript(*script, *brain.engine, *brain.understander);
    for (const seam::assistant::TurnFailure& f : run.failures)
        SEAM_FUZZ_CHECK(!seam::assistant::FormatFailure(*script, f).empty(), "a failure is told");
    return 0;
}
