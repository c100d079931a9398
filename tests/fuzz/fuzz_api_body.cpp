// tests/fuzz/fuzz_api_body.cpp — what seamd's /v1 API does with a request body before the store
// sees it: every route's body parser (native/api/bodies.hpp, the code the routes call; a wrong
// type is a seam.api.bad_field naming the field, bad JSON a seam.api.bad_json), then the units a
// parsed body reaches:
//   identity       POST /v1/sessions, /v1/cases/{id}/identify -> Auth::VerifyIdentity
//   token          Authorization: Bearer <token>              -> Auth::Check (seamd's own tokens)
//   name, props    POST /v1/cases/{id}/events                 -> track::ValidatePageEvent
//
// Input: one request body.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/auth.hpp"
#include "api/bodies.hpp"
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

//! A parser's answer is a value, or one of the errors a client is told about.
template <typename T>
bool Told(const seam::Result<T>& parsed) {
    if (parsed) return true;
    const std::string& id = parsed.error().id;
    return (id == "seam.api.bad_field" || id == "seam.api.bad_json") &&
           !parsed.error().message.empty();
}

void CheckIdentity(const json& identity) {
    if (identity.is_null()) return;
    seam::Result<std::string> who = TheAuth().VerifyIdentity(identity, kNow);
    SEAM_FUZZ_CHECK(who ? !who->empty() : who.error().id.rfind("seam.identity.", 0) == 0,
                    "an identity is a customer id or a seam.identity error");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    namespace api = seam::api;

    SEAM_FUZZ_CHECK(Told(api::ParseBodyObject(text)), "a body is an object or a 400");
    const auto session = api::ParseSessionBody(text);
    SEAM_FUZZ_CHECK(Told(session), "sessions: a value or a 400 naming the field");
    if (session) CheckIdentity(session->identity);
    const auto identify = api::ParseIdentifyBody(text);
    SEAM_FUZZ_CHECK(Told(identify), "identify: a value or a 400 naming the field");
    if (identify) CheckIdentity(identify->identity);
    SEAM_FUZZ_CHECK(Told(api::ParseTurnBody(text)), "turns: a value or a 400");
    const auto action = api::ParseActionBody(text);
    SEAM_FUZZ_CHECK(Told(action), "actions: a value or a 400");
    if (action) SEAM_FUZZ_CHECK(action->params.is_object(), "action params are an object");
    SEAM_FUZZ_CHECK(Told(api::ParseCsatBody(text)), "csat: a value or a 400");
    const auto event = api::ParsePageEventBody(text);
    SEAM_FUZZ_CHECK(Told(event), "events: a value or a 400");
    if (event) {
        seam::Result<seam::track::PageEvent> checked =
            seam::track::ValidatePageEvent(event->name, event->props);
        if (checked) {
            SEAM_FUZZ_CHECK(checked->props.dump().size() <= seam::track::kMaxPropsBytes,
                            "accepted props are bounded");
            SEAM_FUZZ_CHECK(!seam::track::Describe(*checked).empty(), "an event can be described");
        }
    }
    SEAM_FUZZ_CHECK(Told(api::ParseInboundBody(text)), "inbound: a value or a 400");
    SEAM_FUZZ_CHECK(Told(api::ParseDemoIdentityBody(text)), "demo identity: a value or a 400");
    SEAM_FUZZ_CHECK(Told(api::ParseLoginBody(text)), "login: a value or a 400");
    SEAM_FUZZ_CHECK(Told(api::ParseReplyBody(text)), "reply: a value or a 400");
    SEAM_FUZZ_CHECK(Told(api::ParseResolveBody(text)), "resolve: a value or a 400");

    // The same bytes as a bearer token of seamd's own (tokens arrive in a header, any bytes).
    const json body = json::parse(text, nullptr, false);
    if (body.is_object()) {
        auto token = body.find("token");
        if (token != body.end() && token->is_string()) {
            std::string why;
            const api::Caller caller =
                TheAuth().Check("Bearer " + token->get<std::string>(), kNow, &why);
            SEAM_FUZZ_CHECK(caller.kind != api::Caller::Kind::kNone || !why.empty(),
                            "a refused token says why");
        }
    }
    return 0;
}
