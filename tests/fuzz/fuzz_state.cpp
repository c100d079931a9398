// tests/fuzz/fuzz_state.cpp — the engine's state loader and step: a stored conversation state
// (JSON from the store, or from the widget's page, where anyone can edit it) and one event.
//
// Input: the event on the first line, the state JSON after it:
//   > where is my order LW-104233?         a customer message (understood by the demo brain)
//   choose yes                             a tapped quick reply
//   result ok {"shipped": true}            an action's answer (outcome, then its JSON)
//   {"session": "c1", "flow": ...}         the state
// What the widget's brain does per turn (web/widget/brain.cpp): parse, Step, dump the effects and
// the state. Errors are fine; crashes, sanitizer findings and aborts are not.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"

using nlohmann::json;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    seam::fuzz::DemoBrain();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view line = seam::fuzz::TakeLine(rest);
    json state = json::parse(rest, nullptr, false);
    if (!state.is_object()) return 0;  // the hosts refuse anything else before the engine

    const seam::fuzz::Brain& brain = seam::fuzz::DemoBrain();
    seam::flow::Event event;
    if (line.rfind("choose ", 0) == 0) {
        event.kind = seam::flow::EventKind::kChoice;
        event.value = std::string(line.substr(7));
    } else if (line.rfind("result ", 0) == 0) {
        std::string_view r = line.substr(7);
        const std::size_t space = r.find(' ');
        event.kind = seam::flow::EventKind::kActionResult;
        event.outcome = std::string(r.substr(0, space));
        event.result = space == std::string_view::npos
                           ? json::object()
                           : json::parse(r.substr(space + 1), nullptr, false);
        if (event.result.is_discarded()) event.result = json::object();
    } else {
        const std::string text(line.rfind("> ", 0) == 0 ? line.substr(2) : line);
        // The locale is read as the widget's brain reads it.
        const json& locale = state.contains("locale") ? state["locale"] : json();
        event = seam::assistant::MessageEvent(
            *brain.understander, text, locale.is_string() ? locale.get<std::string>() : "en");
    }
    const json before = state;
    auto stepped = brain.engine->Step(state, event);
    if (!stepped) {
        SEAM_FUZZ_CHECK(state == before, "Step promises an unchanged state on an error");
        return 0;
    }
    json out = json::array();
    for (const seam::flow::Effect& e : *stepped)
        out.push_back(seam::flow::EffectToJson(e));
    // Hosts store and send the state and effects as text; invalid UTF-8 is replaced, never fatal.
    const std::string text = state.dump(-1, ' ', false, json::error_handler_t::replace) +
                             out.dump(-1, ' ', false, json::error_handler_t::replace);
    SEAM_FUZZ_CHECK(!text.empty(), "a dumped state is never empty");
    return 0;
}
