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

// [SECTION] Content publishing

namespace {

// A file's text, or nullopt for null/absent (removal).
bool ReadOptionalText(const json& obj, const char* key, const std::string& path,
                      std::optional<std::string>& out, Error& error) {
    const json* v = jr::Find(obj, key);
    if (!v) {  // a misspelt key must not read as "remove the file"
        error = Error::Make("seam.api.bad_field", path + ": missing (a string, or null to remove)");
        return false;
    }
    if (v->is_null()) {
        out.reset();
        return true;
    }
    if (!v->is_string()) {
        error = Error::Make("seam.api.bad_field", path + ": expected a string or null");
        return false;
    }
    out = v->get<std::string>();
    return true;
}

bool ReadRevision(const json& obj, const std::string& path, int fallback, int& out, Error& error) {
    auto v = jr::OptInt(obj, "base_revision", path, fallback);
    if (!v) {
        error = BadField(v.error());
        return false;
    }
    if (*v < -1 || *v > 1000000000) {
        error = Error::Make("seam.api.bad_field", path + ": out of range");
        return false;
    }
    out = static_cast<int>(*v);
    return true;
}

}  // namespace

Result<PublishBody> ParsePublishBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    PublishBody out;
    Error e;
    if (!ReadString(*body, "note", out.note, e)) return e;
    auto changes = jr::ArrayField(*body, "changes", "changes");
    if (!changes) return BadField(changes.error());
    if ((*changes)->empty() || (*changes)->size() > 2000) {
        return Error::Make("seam.api.bad_field", "changes: 1 to 2000 files");
    }
    for (std::size_t i = 0; i < (*changes)->size(); ++i) {
        const json& c = (**changes)[i];
        const std::string at = "changes[" + std::to_string(i) + "]";
        if (!c.is_object()) return Error::Make("seam.api.bad_field", at + ": expected an object");
        ContentChangeBody change;
        auto path = jr::StringField(c, "path", at + ".path");
        if (!path) return BadField(path.error());
        change.path = *path;
        if (!ReadOptionalText(c, "text", at + ".text", change.text, e)) return e;
        if (!ReadRevision(c, at + ".base_revision", -1, change.base_revision, e)) return e;
        out.changes.push_back(std::move(change));
    }
    return out;
}

Result<DraftBody> ParseDraftBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    DraftBody out;
    Error e;
    if (!ReadOptionalText(*body, "text", "text", out.text, e)) return e;
    if (!ReadRevision(*body, "base_revision", 0, out.base_revision, e)) return e;
    return out;
}

Result<RollbackBody> ParseRollbackBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    RollbackBody out;
    Error e;
    auto version = jr::IntField(*body, "version", "version");
    if (!version) return BadField(version.error());
    if (*version < 1 || *version > 1000000000) {
        return Error::Make("seam.api.bad_field", "version: out of range");
    }
    out.version = static_cast<int>(*version);
    if (!ReadString(*body, "note", out.note, e)) return e;
    return out;
}

Result<ImportBody> ParseImportBody(std::string_view text) {
    auto body = ParseBodyObject(text);
    if (!body) return body.error();
    ImportBody out;
    Error e;
    if (!ReadString(*body, "note", out.note, e)) return e;
    auto base = jr::OptInt(*body, "base_version", "base_version", 0);
    if (!base) return BadField(base.error());
    if (*base < 0 || *base > 1000000000) {
        return Error::Make("seam.api.bad_field", "base_version: out of range");
    }
    out.base_version = static_cast<int>(*base);
    auto files = jr::ObjectField(*body, "files", "files");
    if (!files) return BadField(files.error());
    for (auto it = (*files)->begin(); it != (*files)->end(); ++it) {
        if (!it.value().is_string()) {
            return Error::Make("seam.api.bad_field", "files." + it.key() + ": expected a string");
        }
        out.files[it.key()] = it.value().get<std::string>();
    }
    return out;
}

}  // namespace seam::api
