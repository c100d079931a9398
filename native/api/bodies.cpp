// native/api/bodies.cpp — the /v1 request bodies, read with the typed readers (bodies.hpp).
#include "api/bodies.hpp"

#include "seam/core/json_read.hpp"

namespace seam::api {

using nlohmann::json;
namespace jr = seam::json_read;

namespace {

// A reader's error as the API's: seam.api.bad_field, the message naming the field.
Error BadField(const Error& e) {
    std::string detail = e.message;
    const std::string prefix = "[" + e.id + "] ";
    if (detail.rfind(prefix, 0) == 0) detail = detail.substr(prefix.size());
    return Error::Make("seam.api.bad_field", detail);
}

// Reads optional string field `key` into `out` ("" when absent or null).
bool ReadString(const json& body, const char* key, std::string& out, Error& error) {
    auto v = jr::OptString(body, key, key);
    if (!v) {
        error = BadField(v.error());
        return false;
    }
    out = std::move(*v);
    return true;
}

}  // namespace

Result<json> ParseBodyObject(std::string_view text) {
    if (text.empty()) return json::object();
    json out = json::parse(text.begin(), text.end(), nullptr, false);
    if (out.is_discarded() || !out.is_object())
        return Error::Make("seam.api.bad_json", "the body must be a JSON object");
    return out;
}

// Each parser below: the body object, then its fields in the order the route documents them.
// Absent and null fields are treated alike (as before: a client may send "field": null).

Result<SessionBody> ParseSessionBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    SessionBody out;
    Error e;
    if (!ReadString(*body, "locale", out.locale, e) ||
        !ReadString(*body, "channel", out.channel, e))
        return e;
    if (const json* identity = jr::Find(*body, "identity")) out.identity = *identity;
    auto new_case = jr::OptBool(*body, "new_case", "new_case");
    if (!new_case) return BadField(new_case.error());
    out.new_case = *new_case;
    return out;
}

Result<IdentifyBody> ParseIdentifyBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    IdentifyBody out;
    const json* identity = jr::Find(*body, "identity");
    out.identity = identity ? *identity : json::object();
    return out;
}

Result<TurnBody> ParseTurnBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    TurnBody out;
    Error e;
    if (!ReadString(*body, "text", out.text, e) || !ReadString(*body, "choice", out.choice, e) ||
        !ReadString(*body, "channel", out.channel, e) ||
        !ReadString(*body, "client_id", out.client_id, e)) {
        return e;
    }
    auto with_state = jr::OptBool(*body, "with_state", "with_state");
    if (!with_state) return BadField(with_state.error());
    out.with_state = *with_state;
    if (const json* version = jr::Find(*body, "version")) {
        auto v = jr::Int(*version, "version");
        if (!v) return BadField(v.error());
        out.version = *v;
    }
    return out;
}

Result<ActionBody> ParseActionBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    ActionBody out;
    auto name = jr::StringField(*body, "name", "name");
    if (!name) return BadField(name.error());
    out.name = std::move(*name);
    if (const json* params = jr::Find(*body, "params"); params && !params->is_null()) {
        auto p = jr::Object(*params, "params");
        if (!p) return BadField(p.error());
        out.params = *params;
    }
    return out;
}

Result<CsatBody> ParseCsatBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    auto rating = jr::IntField(*body, "rating", "rating");
    if (!rating) return BadField(rating.error());
    return CsatBody{*rating};
}

Result<PageEventBody> ParsePageEventBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    PageEventBody out;
    auto name = jr::StringField(*body, "name", "name");
    if (!name) return BadField(name.error());
    out.name = std::move(*name);
    if (const json* props = jr::Find(*body, "props"); props && !props->is_null()) {
        auto p = jr::Object(*props, "props");
        if (!p) return BadField(p.error());
        out.props = *props;
    }
    return out;
}

Result<InboundBody> ParseInboundBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    InboundBody out;
    Error e;
    if (!ReadString(*body, "from", out.from, e) || !ReadString(*body, "text", out.text, e))
        return e;
    return out;
}

Result<DemoIdentityBody> ParseDemoIdentityBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    DemoIdentityBody out;
    Error e;
    if (!ReadString(*body, "customer", out.customer, e)) return e;
    return out;
}

Result<LoginBody> ParseLoginBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    LoginBody out;
    Error e;
    if (!ReadString(*body, "login", out.login, e) || !ReadString(*body, "secret", out.secret, e))
        return e;
    // No login is this long; a cap keeps the sign-in back-off's memory per entry small.
    if (out.login.size() > kMaxLoginBytes)
        return Error::Make("seam.api.bad_field",
                           "login: at most " + std::to_string(kMaxLoginBytes) + " bytes");
    return out;
}

Result<ReplyBody> ParseReplyBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    ReplyBody out;
    Error e;
    if (!ReadString(*body, "text", out.text, e)) return e;
    return out;
}

Result<ResolveBody> ParseResolveBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    ResolveBody out;
    Error e;
    if (!ReadString(*body, "outcome", out.outcome, e)) return e;
    return out;
}

}  // namespace seam::api
