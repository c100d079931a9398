// tests/fuzz/fuzz_api_body.cpp — what seamd's /v1 API does with a request body before the store
// sees it. The routes (native/api/routes.cpp) read their bodies inline in handlers that need a
// running server, so this harness drives the units a body reaches, with the body as the routes
// parse it (a JSON object, anything else a 400):
//   identity       POST /v1/sessions, /v1/identity  -> Auth::VerifyIdentity (JWT or user_hash)
//   token          Authorization: Bearer <token>    -> Auth::Check (seamd's own tokens)
//   name, props    POST /v1/cases/{id}/events       -> track::ValidatePageEvent
//   state          PUT /v1/cases/{id}/state         -> the slots re-validated with the business's
//                                                      validator, as Assistant::RevalidateSlots
//                                                      does (native/assistant)
//
// Input: one request body.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/auth.hpp"
#include "fuzz_support.hpp"
#include "seam/track/page_event.hpp"

using nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1795000000;  // 2026-11-18

const seam::api::Auth& TheAuth() {
    static const seam::api::Auth auth("fuzz-server-secret", "fuzz-site-secret",
                                      "fuzz-webhook-secret");
    return auth;
}

std::string Str(const json& j, const char* key) {  // as routes.cpp reads optional strings
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const json body = json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return 0;  // 400 seam.api.bad_json
    const seam::api::Auth& auth = TheAuth();

    if (body.contains("identity")) {
        seam::Result<std::string> who = auth.VerifyIdentity(body["identity"], kNow);
        SEAM_FUZZ_CHECK(who ? !who->empty() : who.error().id.rfind("seam.identity.", 0) == 0,
                        "an identity is a customer id or a seam.identity error");
    }
    if (body.contains("token")) {
        std::string why;
        const seam::api::Caller caller = auth.Check("Bearer " + Str(body, "token"), kNow, &why);
        SEAM_FUZZ_CHECK(caller.kind != seam::api::Caller::Kind::kNone || !why.empty(),
                        "a refused token says why");
    }
    if (body.contains("name") || body.contains("props")) {
        const json name = body.contains("name") ? body["name"] : json();
        const json props = body.contains("props") ? body["props"] : json();
        seam::Result<seam::track::PageEvent> event = seam::track::ValidatePageEvent(name, props);
        if (event) {
            SEAM_FUZZ_CHECK(event->props.dump().size() <= seam::track::kMaxPropsBytes,
                            "accepted props are bounded");
            SEAM_FUZZ_CHECK(!seam::track::Describe(*event).empty(), "an event can be described");
        }
    }
    if (body.contains("state") && body["state"].is_object() && body["state"].contains("slots") &&
        body["state"]["slots"].is_object()) {
        static const seam::flow::SlotValidator validator =
            seam::assistant::BusinessSlotValidator(seam::fuzz::Today());
        static const std::vector<seam::flow::Flow> flows = seam::fuzz::DemoFlows();
        const json& state = body["state"];
        const json& locale = state.contains("locale") ? state["locale"] : json();
        for (const auto& [slot, value] : state["slots"].items()) {
            for (const seam::flow::Flow& f : flows) {
                auto it = f.slots.find(slot);
                if (it == f.slots.end()) continue;
                const std::string answer =
                    value.is_string() ? value.get<std::string>() : value.dump();
                const seam::flow::SlotCheck check = validator(
                    it->second, answer, {}, locale.is_string() ? locale.get<std::string>() : "en");
                SEAM_FUZZ_CHECK(check.ok || !check.error.empty(), "a refused answer says why");
                break;
            }
        }
    }
    return 0;
}
