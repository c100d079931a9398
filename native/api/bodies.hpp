// native/api/bodies.hpp — the JSON request bodies of the /v1 API, parsed by pure functions.
//
// Every field of every body is read here with the core's typed readers (seam/core/json_read.hpp),
// never with nlohmann's throwing accessors: a field of the wrong type is a 400 whose message names
// it ("with_state: expected true or false, got a string"), the same whether the server is built
// with exceptions or not. No I/O: a fuzzer calls these directly (one per route body).
//
// Errors: seam.api.bad_json (not JSON, or not an object), seam.api.bad_field (a field missing or
// of the wrong type; the message starts with the field's path). Checks of values (a channel
// name, a length) stay with the routes, which answer them with their own ids as before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::api {

//! The body as a JSON object; an empty body is {}. Errors: seam.api.bad_json.
Result<nlohmann::json> ParseBodyObject(std::string_view text);

//! POST /v1/sessions {locale?, channel?, identity?, new_case?}
struct SessionBody {
    std::string locale, channel;
    nlohmann::json identity;  //!< null when absent (any JSON otherwise: Auth checks its shape)
    bool new_case = false;
};
Result<SessionBody> ParseSessionBody(std::string_view text);

//! POST /v1/cases/{id}/identify {identity}
struct IdentifyBody {
    nlohmann::json identity;  //!< {} when absent
};
Result<IdentifyBody> ParseIdentifyBody(std::string_view text);

//! POST /v1/cases/{id}/turns {text?, choice?, channel?, client_id?, with_state?, version?}
struct TurnBody {
    std::string text, choice, channel, client_id;
    bool with_state = false;
    std::optional<std::int64_t> version;
};
Result<TurnBody> ParseTurnBody(std::string_view text);

//! POST /v1/cases/{id}/actions {name, params?}
struct ActionBody {
    std::string name;
    nlohmann::json params = nlohmann::json::object();
};
Result<ActionBody> ParseActionBody(std::string_view text);

//! POST /v1/cases/{id}/csat {rating}
struct CsatBody {
    std::int64_t rating = 0;
};
Result<CsatBody> ParseCsatBody(std::string_view text);

//! POST /v1/cases/{id}/events {name, props?}: the values themselves are checked by
//! seam/track/page_event.hpp (422 seam.track.*); here only their JSON types.
struct PageEventBody {
    nlohmann::json name;   //!< a string
    nlohmann::json props;  //!< an object, or null when absent
};
Result<PageEventBody> ParsePageEventBody(std::string_view text);

//! POST /v1/channels/{channel}/inbound {from, text}
struct InboundBody {
    std::string from, text;
};
Result<InboundBody> ParseInboundBody(std::string_view text);

//! POST /demo/identity {customer}
struct DemoIdentityBody {
    std::string customer;
};
Result<DemoIdentityBody> ParseDemoIdentityBody(std::string_view text);

//! POST /v1/agents/login {login, secret}; a login longer than kMaxLoginBytes is a bad field.
inline constexpr std::size_t kMaxLoginBytes = 256;
struct LoginBody {
    std::string login, secret;
};
Result<LoginBody> ParseLoginBody(std::string_view text);

//! POST /v1/handoffs/{id}/reply {text}
struct ReplyBody {
    std::string text;
};
Result<ReplyBody> ParseReplyBody(std::string_view text);

//! POST /v1/handoffs/{id}/resolve {outcome}
struct ResolveBody {
    std::string outcome;
};
Result<ResolveBody> ParseResolveBody(std::string_view text);

//! One file of a publish: `text` (required) null removes it; base_revision -1 when absent (the
//! route may take it from If-Match).
struct ContentChangeBody {
    std::string path;
    std::optional<std::string> text;
    int base_revision = -1;
};
//! POST /v1/content/publish {note?, changes: [{path, text|null, base_revision?}]} (1..2000)
struct PublishBody {
    std::string note;
    std::vector<ContentChangeBody> changes;
};
Result<PublishBody> ParsePublishBody(std::string_view text);

//! PUT /v1/content/drafts?path= {text: string|null, base_revision?}
struct DraftBody {
    std::optional<std::string> text;
    int base_revision = 0;
};
Result<DraftBody> ParseDraftBody(std::string_view text);

//! POST /v1/content/rollback {version, note?}
struct RollbackBody {
    int version = 0;
    std::string note;
};
Result<RollbackBody> ParseRollbackBody(std::string_view text);

//! POST /v1/content/import {files: {path: text}, note?, base_version?} — base_version: the
//! version the files were exported from (0: none, no conflict check).
struct ImportBody {
    std::map<std::string, std::string> files;
    std::string note;
    int base_version = 0;
};
Result<ImportBody> ParseImportBody(std::string_view text);

}  // namespace seam::api
