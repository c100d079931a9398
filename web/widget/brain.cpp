// web/widget/brain.cpp — the self-service widget's local brain: the shared core (intent model,
// knowledge base, flows, validators) in the browser, so turns that need no backend action need
// no network either. Bindings only; every behaviour lives in shared/ and is the same as seamd's
// (assistant::MessageEvent for understanding, flow::Engine for the turn, the business validator).
//
//   const brain = core.Brain.load(bundleText, '2026-11-22');  // null on failure: core.lastError()
//   brain.newState(caseId, locale, customerJsonText)           -> state JSON text
//   brain.message(stateText, text)                  -> {"state", "effects", "intent", "confidence"}
//   brain.choose(stateText, value)                  -> same shape ("intent": "", "confidence": 0)
//   brain.actionResult(stateText, outcome, resultJsonText)     -> same shape
//   brain.validate(slotType, text, locale)          -> {"ok", "value", "error"}
//
// A turn that does not fit the state (bad state JSON, an action result nobody asked for) returns
// the same shape with the state unchanged, no effects and "error" set (also in core.lastError()).
// Effects are the core's flow::EffectToJson, as seamd answers them: say, replies, action,
// handoff, end.
#include <emscripten/bind.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "seam/assistant/bundle.hpp"
#include "seam/assistant/business.hpp"
#include "seam/assistant/understand.hpp"
#include "seam/core/date.hpp"
#include "seam/core/json_read.hpp"
#include "seam/flow/engine.hpp"

namespace {

using nlohmann::json;

std::string g_last_error;  // NOLINT: the module's one error slot, read by lastError()

std::string LastError() {
    return g_last_error;
}

json Parse(const std::string& text) {
    return json::parse(text, nullptr, false);
}

std::string Dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

class Brain {
  public:
    //! A brain for the bundle document, with relative dates resolved against `today`
    //! (YYYY-MM-DD); nullptr (JS null) when either is bad, with the reason in lastError().
    static Brain* Load(const std::string& bundle_text, const std::string& today) {
        seam::Result<seam::Date> date = seam::ParseIsoDate(today);
        if (!date) {
            g_last_error = "[seam.widget.today] today must be YYYY-MM-DD, not \"" + today + "\"";
            return nullptr;
        }
        seam::Result<seam::assistant::Bundle> bundle = seam::assistant::LoadBundle(bundle_text);
        if (!bundle) {
            g_last_error = bundle.error().message;
            return nullptr;
        }
        g_last_error.clear();
        return new Brain(std::move(bundle.value()), *date, today);
    }

    std::string NewState(const std::string& case_id, const std::string& locale,
                         const std::string& customer_text) const {
        json customer = customer_text.empty() ? json::object() : Parse(customer_text);
        if (!customer.is_object()) customer = json::object();
        json state =
            seam::flow::Engine::NewState(case_id, locale.empty() ? "en" : locale, customer);
        state["context"]["channel"] = "widget";
        state["context"]["today"] = today_text_;
        return Dump(state);
    }

    std::string Message(const std::string& state_text, const std::string& text) const {
        json state = Parse(state_text);
        // The state comes from the page's storage: read only through total readers (the
        // engine checks all of it before it steps).
        const std::string locale = seam::json_read::StringOr(state, "locale", "en");
        const seam::flow::Event event = seam::assistant::MessageEvent(*understander_, text, locale);
        return Turn(std::move(state), event);
    }

    std::string Choose(const std::string& state_text, const std::string& value) const {
        seam::flow::Event event;
        event.kind = seam::flow::EventKind::kChoice;
        event.value = value;
        return Turn(Parse(state_text), event);
    }

    std::string ActionResult(const std::string& state_text, const std::string& outcome,
                             const std::string& result_text) const {
        seam::flow::Event event;
        event.kind = seam::flow::EventKind::kActionResult;
        event.outcome = outcome;
        event.result = result_text.empty() ? json::object() : Parse(result_text);
        if (event.result.is_discarded()) event.result = json::object();
        return Turn(Parse(state_text), event);
    }

    std::string Validate(const std::string& slot_type, const std::string& text,
                         const std::string& locale) const {
        seam::flow::SlotSpec spec;
        spec.name = slot_type;
        spec.type = slot_type;
        const seam::flow::SlotCheck check =
            validator_(spec, text, {}, locale.empty() ? "en" : locale);
        json out = {{"ok", check.ok}, {"value", check.ok ? check.value : json()}};
        out["error"] = check.ok ? "" : check.error;
        return Dump(out);
    }

  private:
    Brain(seam::assistant::Bundle bundle, const seam::Date& today, std::string today_text)
        : today_text_(std::move(today_text)),
          validator_(seam::assistant::BusinessSlotValidator(today)) {
        seam::flow::EngineConfig config;
        config.flows = std::move(bundle.flows);
        config.validator = validator_;
        config.human_flow = "talk_to_human";
        config.fallback_flow = "kb_fallback";
        engine_ = std::make_unique<seam::flow::Engine>(std::move(config));
        understander_ = std::make_unique<seam::assistant::Understander>(
            std::move(bundle.model), std::move(bundle.index),
            seam::assistant::BusinessEntityFinder(today));
    }

    std::string Turn(json state, const seam::flow::Event& event) const {
        json out = {{"state", nullptr}, {"effects", json::array()}};
        const bool message = event.kind == seam::flow::EventKind::kMessage;
        out["intent"] = message ? event.understanding.intent : "";
        out["confidence"] = message ? event.understanding.confidence : 0.0f;
        if (!state.is_object()) {
            g_last_error = "[seam.widget.state] the state is not a JSON object";
            out["error"] = g_last_error;
            return Dump(out);
        }
        // Only into a context that is one: anything else is the engine's error to report.
        json& context = state["context"];
        if (context.is_null() || context.is_object()) context["today"] = today_text_;
        // Step leaves the state as it was when the event does not fit it.
        seam::Result<std::vector<seam::flow::Effect>> stepped = engine_->Step(state, event);
        if (!stepped) {
            g_last_error = stepped.error().message;
            out["state"] = std::move(state);
            out["error"] = g_last_error;
            return Dump(out);
        }
        g_last_error.clear();
        for (const seam::flow::Effect& e : *stepped)
            out["effects"].push_back(seam::flow::EffectToJson(e));
        out["state"] = std::move(state);
        return Dump(out);
    }

    std::string today_text_;
    seam::flow::SlotValidator validator_;
    std::unique_ptr<seam::flow::Engine> engine_;
    std::unique_ptr<seam::assistant::Understander> understander_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(seam_widget) {
    emscripten::function("lastError", &LastError);
    emscripten::class_<Brain>("Brain")
        .class_function("load", &Brain::Load, emscripten::allow_raw_pointers())
        .function("newState", &Brain::NewState)
        .function("message", &Brain::Message)
        .function("choose", &Brain::Choose)
        .function("actionResult", &Brain::ActionResult)
        .function("validate", &Brain::Validate);
}
