// native/api/routes.cpp — the /v1 routes (see routes.hpp).
//
// Index: [SECTION] Errors and helpers · Sessions and identity · Cases · Channels ·
//        Customers · Agents and handoffs · KPIs · Operations · The table
#include "api/routes.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "api/bodies.hpp"
#include "api/client_address.hpp"
#include "api/kpis.hpp"
#include "identity/hmac.hpp"
#include "identity/sha256.hpp"
#include "proactive/facts.hpp"
#include "seam/core/hash.hpp"
#include "seam/core/json_read.hpp"
#include "seam/core/json_text.hpp"
#include "seam/core/version.hpp"

namespace seam::api {

using nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;

// [SECTION] Errors and helpers

int StatusFor(const std::string& id) {
    static const std::pair<const char*, int> kStatus[] = {
        {"seam.cases.not_found", 404},
        {"seam.service.not_found", 404},
        {"seam.service.unknown_customer", 404},
        {"seam.actions.unknown_action", 404},
        {"seam.api.not_found", 404},
        {"seam.cases.conflict", 409},
        {"seam.service.not_claimable", 409},
        {"seam.actions.idempotency", 422},
        {"seam.actions.bad_params", 422},
        {"seam.service.client_id_reused", 422},
        {"seam.track.bad_name", 422},
        {"seam.track.bad_props", 422},
        {"seam.service.bad_credentials", 401},
        {"seam.api.unauthorized", 401},
        {"seam.service.not_yours", 403},
        {"seam.service.other_customer", 403},
        {"seam.api.forbidden", 403},
        {"seam.api.too_large", 413},
        {"seam.api.state_upload_removed", 410},
        {"seam.proactive.unknown_customer", 404},
        {"seam.proactive.unknown_order", 404},
        {"seam.proactive.unknown_return", 404},
        {"seam.proactive.event_id_reused", 409},
        {"seam.proactive.unknown_event", 422},
        {"seam.content.conflict", 409},
        {"seam.content.invalid", 422},
        {"seam.content.tests_failed", 422},
        {"seam.content.unchanged", 422},
        {"seam.content.too_many_drafts", 422},
        {"seam.content.no_version", 404},
        {"seam.content.not_found", 404},
        {"seam.content.too_large", 413},
        {"seam.content.disabled", 503},
        {"seam.api.rate_limited", 429},
        {"seam.api.login_backoff", 429},
        {"seam.api.busy", 503},
        {"seam.store.busy", 503},
        {"seam.store.commit", 503},
        {"seam.store.unavailable", 503},
    };
    for (const auto& [prefix, status] : kStatus) {
        if (id == prefix) return status;
    }
    if (id.rfind("seam.identity.", 0) == 0) return 401;
    if (id.rfind("seam.store.", 0) == 0) return 500;
    return 400;
}

std::string UrlEncode(const std::string& text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

void SendError(Res& res, int status, const std::string& code, const std::string& message) {
    res.status = status;
    // The store's 503s pass (a busy store, a lost batch, a database being restarted): the
    // client, or the proxy in front, may try again in a second.
    if (status == 503 && code.rfind("seam.store.", 0) == 0) res.set_header("Retry-After", "1");
    res.set_content(json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                    "application/json");
}

void SendError(Res& res, const Error& error) {
    // The message carries "[id] detail"; the body has both apart.
    std::string message = error.message;
    const std::string prefix = "[" + error.id + "] ";
    if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
    SendError(res, StatusFor(error.id), error.id, message);
}

namespace {

//! A JSON answer already serialised.
void SendJsonText(Res& res, std::string text, int status = 200) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::move(text), "application/json");
}

void SendJson(Res& res, const json& body, int status = 200) {
    SendJsonText(res, seam::DumpJson(body), status);
}

std::int64_t NowSeconds(Context& ctx) {
    return ctx.service.Now() / 1000;
}

//! The body parsed by `parse` (bodies.hpp), or an error already sent (returns false): a body
//! that is not a JSON object, or a field of the wrong type, is a 400 naming it.
template <typename T>
bool Body(const Req& req, Res& res, Result<T> (*parse)(std::string_view), T& out) {
    auto parsed = parse(req.body);
    if (!parsed) {
        SendError(res, parsed.error());
        return false;
    }
    out = std::move(*parsed);
    return true;
}

Caller Authenticate(Context& ctx, const Req& req, Res& res) {
    std::string why;
    Caller c = ctx.auth.Check(req.get_header_value("Authorization"), NowSeconds(ctx), &why);
    if (c.kind == Caller::Kind::kNone) SendError(res, 401, "seam.api.unauthorized", why);
    return c;
}

//! May this caller read and write case `id`? A session token for it, the customer token of
//! its owner, or an agent's token. Sends 401/403/404 and returns false otherwise. `caller`
//! (when given) gets who called.
bool CaseAccess(Context& ctx, const Req& req, Res& res, const std::string& id,
                Caller* caller = nullptr) {
    Caller c = Authenticate(ctx, req, res);
    if (caller) *caller = c;
    if (c.kind == Caller::Kind::kNone) return false;
    if (c.kind == Caller::Kind::kSession && c.subject == id) return true;
    auto found = ctx.service.GetCase(id);
    if (!found) {
        SendError(res, found.error());
        return false;
    }
    if (c.kind == Caller::Kind::kCustomer && found->customer_id) {
        auto who = ctx.service.CustomerByExternalId(c.subject);
        if (who && who->id == found->customer_id) return true;
    }
    if (c.kind == Caller::Kind::kAgent) return true;
    SendError(res, 403, "seam.api.forbidden", "this token does not give access to that case");
    return false;
}

bool AgentOnly(Context& ctx, const Req& req, Res& res, service::Service::Agent& agent) {
    Caller c = Authenticate(ctx, req, res);
    if (c.kind == Caller::Kind::kNone) return false;
    if (c.kind != Caller::Kind::kAgent) {
        SendError(res, 403, "seam.api.forbidden", "operator endpoints need an agent token");
        return false;
    }
    auto a = ctx.service.AgentByLogin(c.subject);
    if (!a) {
        SendError(res, 401, "seam.api.unauthorized", "the agent no longer exists");
        return false;
    }
    agent = *a;
    return true;
}

json CaseJson(Context& ctx, const cases::Case& c) {
    json messages = json::array();
    for (const cases::Message& m : ctx.service.Messages(c.id, 0, 0))
        messages.push_back(m.ToJson());
    return {{"id", c.id},           {"status", c.status},        {"version", c.version},
            {"state", c.state},     {"channel", c.channel},      {"intent", c.intent},
            {"messages", messages}, {"created_at", c.created_at}};
}

// [SECTION] Sessions and identity

// POST /v1/sessions {locale?, channel?, identity?}: a widget or account-page conversation.
// With an identity proof the customer's open case continues (same slots, same verified
// identity on the public site and the account page); without one a new anonymous case opens.
void CreateSession(Context& ctx, const Req& req, Res& res) {
    SessionBody body;
    if (!Body(req, res, ParseSessionBody, body)) return;
    const std::string channel = body.channel.empty() ? "widget" : body.channel;
    if (channel != "widget" && channel != "account") {
        return SendError(res, 400, "seam.api.bad_channel", "channel is widget or account");
    }
    std::string locale = body.locale;
    if (locale.empty()) locale = "en";
    if (locale != "en" && locale != "es") locale = "en";
    const std::int64_t now = NowSeconds(ctx);
    std::int64_t customer_id = 0;
    std::string external_id;
    if (!body.identity.is_null()) {
        auto who = ctx.auth.VerifyIdentity(body.identity, now);
        if (!who) return SendError(res, who.error());
        auto customer = ctx.service.CustomerByExternalId(*who);
        if (!customer) return SendError(res, customer.error());
        customer_id = customer->id;
        external_id = *who;
    }
    std::string case_id;
    const bool new_case = body.new_case;
    json proactive = nullptr;
    if (customer_id && !new_case) {
        // A message Seam sent first and the customer has not opened yet: this visit shows it.
        json pending = ctx.service.PendingProactive(customer_id, 0, 0);
        if (!pending.empty()) {
            proactive = pending.back();
            case_id = proactive["case_id"].get<std::string>();
        }
    }
    if (customer_id && !new_case && case_id.empty()) {
        auto guard = ctx.service.lock();
        constexpr std::int64_t kRecentMs = 30 * 60 * 1000;
        if (auto current =
                cases::CurrentCase(ctx.service.db(), customer_id, ctx.service.Now(), kRecentMs)) {
            case_id = *current;
        }
    }
    if (case_id.empty()) {
        auto opened = ctx.service.OpenCase(channel, locale, customer_id, customer_id != 0);
        if (!opened) return SendError(res, opened.error());
        case_id = opened->id;
    } else {
        auto guard = ctx.service.lock();
        cases::TouchChannel(ctx.service.db(), case_id, channel, "", ctx.service.Now());
    }
    auto c = ctx.service.GetCase(case_id);
    if (!c) return SendError(res, c.error());
    json out = {{"case", CaseJson(ctx, *c)},
                {"session_token", ctx.auth.IssueSession(case_id, now)},
                {"expires_at", now + Auth::kSessionSeconds},
                {"today", FormatIsoDate(ctx.service.assistant()->today())}};
    if (!external_id.empty()) {
        out["customer_token"] = ctx.auth.IssueCustomer(external_id, now);
        out["customer_expires_at"] = now + Auth::kCustomerSeconds;
    }
    if (!proactive.is_null()) out["proactive"] = proactive;
    SendJson(res, out, 201);
}

// POST /v1/cases/{id}/identify {identity}: an anonymous conversation learns who it is with;
// also the refresh path (a page hands a new identity token before the old one expires).
void Identify(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    IdentifyBody body;
    if (!Body(req, res, ParseIdentifyBody, body)) return;
    const std::int64_t now = NowSeconds(ctx);
    auto who = ctx.auth.VerifyIdentity(body.identity, now);
    if (!who) return SendError(res, who.error());
    auto customer = ctx.service.CustomerByExternalId(*who);
    if (!customer) return SendError(res, customer.error());
    auto c = ctx.service.Identify(id, *customer);
    if (!c) return SendError(res, c.error());
    SendJson(res, {{"case", CaseJson(ctx, *c)},
                   {"customer", customer->ToJson()},
                   {"customer_token", ctx.auth.IssueCustomer(*who, now)},
                   {"customer_expires_at", now + Auth::kCustomerSeconds}});
}

// [SECTION] Cases

void GetCase(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    auto c = ctx.service.GetCase(id);
    if (!c) return SendError(res, c.error());
    SendJson(res, CaseJson(ctx, *c));
}

void PostTurn(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    TurnBody body;
    if (!Body(req, res, ParseTurnBody, body)) return;
    service::Input input;
    input.text = std::move(body.text);
    input.choice = std::move(body.choice);
    input.channel = std::move(body.channel);  // "" = the channel the case is on
    input.client_id = std::move(body.client_id);
    if (input.client_id.size() > 100) {
        return SendError(res, 400, "seam.api.bad_request", "client_id is at most 100 bytes");
    }
    input.with_state = body.with_state;
    if (!input.channel.empty() && input.channel != "widget" && input.channel != "account") {
        return SendError(res, 400, "seam.api.bad_channel",
                         "turns come from widget or account; other channels use "
                         "/v1/channels/{channel}/inbound");
    }
    if (body.version) input.expected_version = *body.version;
    auto turn = ctx.service.Turn(id, input);
    if (!turn) return SendError(res, turn.error());
    SendJson(res, *turn);
}

// PUT /v1/cases/{id}/state: removed (issue 17). It stored an engine state and transcript lines
// sent by the client; a wrong-typed field in that state stopped the server on the next turn, and
// bot lines could be written by anyone. Turns are posted as messages and choices, which the
// server runs through its own engine. The route stays to say so.
void PutStateRemoved(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    SendError(res, 410, "seam.api.state_upload_removed",
              "uploading a conversation state is no longer supported: post each turn to "
              "/v1/cases/{id}/turns as {\"text\"} or {\"choice\"} with a \"client_id\"; the "
              "server runs it through its own engine and answers with the new messages");
}

void PostAction(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    Caller caller;
    if (!CaseAccess(ctx, req, res, id, &caller)) return;
    // An agent acts as an agent (on the case's customer), not as the customer.
    const std::string agent = caller.kind == Caller::Kind::kAgent ? caller.subject : "";
    ActionBody body;
    if (!Body(req, res, ParseActionBody, body)) return;
    const std::string& name = body.name;
    if (name.empty()) return SendError(res, 400, "seam.api.bad_request", "\"name\" is required");
    const json& params = body.params;
    const std::string key = req.get_header_value("Idempotency-Key");
    if (key.size() > 200) {
        return SendError(res, 400, "seam.api.bad_request", "Idempotency-Key is at most 200 bytes");
    }
    auto r = ctx.service.RunAction(id, name, params, key, agent);
    if (!r) return SendError(res, r.error());
    if (r->replayed) res.set_header("Idempotent-Replayed", "true");
    SendJson(res, {{"outcome", r->outcome},
                   {"result", r->result},
                   {"decision", r->decision},
                   {"replayed", r->replayed}});
}

// GET /v1/cases/{id}/messages?after=N&wait=S: long polling; answers at once when there are
// newer messages, else waits up to S seconds (max 30) for one (an agent's reply).
void GetMessages(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    std::int64_t after = 0;
    int wait = 0;
    if (req.has_param("after")) after = std::atoll(req.get_param_value("after").c_str());
    if (req.has_param("wait")) wait = std::atoi(req.get_param_value("wait").c_str());
    wait = std::max(0, std::min(wait, 30));
    json out = json::array();
    for (const cases::Message& m : ctx.service.Messages(id, after, wait * 1000)) {
        out.push_back(m.ToJson());
    }
    SendJson(res, {{"messages", out}});
}

void PostCsat(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    CsatBody body;
    if (!Body(req, res, ParseCsatBody, body)) return;
    if (body.rating < 1 || body.rating > 5) {
        return SendError(res, 400, "seam.service.bad_rating",
                         "a rating is a whole number from 1 to 5");
    }
    auto r = ctx.service.Rate(id, static_cast<int>(body.rating));
    if (!r) return SendError(res, r.error());
    SendJson(res, {{"ok", true}});
}

// POST /v1/cases/{id}/events {name, props}: what the visitor did on the site (the widget's
// Seam('track', name, props)), kept with the conversation for the agent.
void PostPageEvent(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    PageEventBody body;
    if (!Body(req, res, ParsePageEventBody, body)) return;
    auto tracked = ctx.service.Track(id, body.name, body.props);
    if (!tracked) return SendError(res, tracked.error());
    SendJson(res, *tracked, 201);
}

// [SECTION] Channels

// POST /v1/channels/{channel}/inbound {from, text}: email, SMS and voice transcripts from the
// provider, signed with the site secret (X-Seam-Signature: hex HMAC-SHA256 of the body).
void Inbound(Context& ctx, const Req& req, Res& res) {
    const std::string channel = req.matches[1];
    if (!ctx.auth.VerifyInbound(req.body, req.get_header_value("X-Seam-Signature"))) {
        return SendError(res, 401, "seam.api.bad_signature",
                         "X-Seam-Signature must be the hex HMAC-SHA256 of the body");
    }
    InboundBody body;
    if (!Body(req, res, ParseInboundBody, body)) return;
    auto r = ctx.service.Inbound(channel, body.from, body.text);
    if (!r) return SendError(res, r.error());
    SendJson(res, *r);
}

// [SECTION] Customers

void MyOrders(Context& ctx, const Req& req, Res& res) {
    Caller c = Authenticate(ctx, req, res);
    if (c.kind == Caller::Kind::kNone) return;
    if (c.kind != Caller::Kind::kCustomer) {
        return SendError(res, 403, "seam.api.forbidden", "needs a customer token (identify first)");
    }
    auto who = ctx.service.CustomerByExternalId(c.subject);
    if (!who) return SendError(res, who.error());
    json orders;
    {
        auto guard = ctx.service.lock();
        orders = ctx.service.Orders(who->id, 50);
    }
    SendJson(res, {{"customer", who->ToJson()}, {"orders", orders}});
}

// GET /v1/returns/{rma}/label: the return label document of create_return, read through the
// return_label action (builtin: seamd's returns; http: the business's system, where the return
// and its label live). For the customer who owns the order (customer token, or a session of a
// case of theirs), a session whose case unlocked that order with verify_order, or an agent. The
// store's lock is let go during an http call (Service::RunAction / RunActionAs).
void ReturnLabel(Context& ctx, const Req& req, Res& res) {
    const std::string rma = req.matches[1];
    Caller c = Authenticate(ctx, req, res);
    if (c.kind == Caller::Kind::kNone) return;
    const json params = {{"rma", rma}};
    // Filled below for each kind of caller; a customer token of no known customer stays this.
    Result<actions::Response> r = Error::Make("seam.service.unknown_customer", "no such customer");
    if (c.kind == Caller::Kind::kSession) {
        r = ctx.service.RunAction(c.subject, "return_label", params, "");  // the case's customer
    } else if (c.kind == Caller::Kind::kAgent) {
        actions::Actor agent;
        agent.kind = "agent";
        agent.agent_login = c.subject;
        r = ctx.service.RunActionAs(agent, "return_label", params);
    } else {
        auto who = ctx.service.CustomerByExternalId(c.subject);
        if (who) {
            actions::Actor customer;
            customer.customer_id = who->id;
            customer.external_id = c.subject;
            customer.verified = true;  // a customer token is issued to a verified identity
            r = ctx.service.RunActionAs(customer, "return_label", params);
        }
    }
    // Someone else's return looks the same as no return: nothing to learn by guessing. A number
    // that is not an RMA's shape is no return either.
    const bool none =
        r ? r->outcome == "not_found" || r->outcome == "not_owner" || r->outcome == "not_verified"
          : r.error().id == "seam.actions.bad_params" || r.error().id == "seam.cases.not_found" ||
                r.error().id == "seam.service.unknown_customer";
    if (none) {
        return SendError(res, 404, "seam.api.not_found", "no return " + rma + " on this account");
    }
    if (!r) return SendError(res, r.error());
    if (r->outcome != "ok") {
        const std::string reason = json_read::StringOr(r->result, "reason", "");
        return SendError(res, 502, "seam.api.upstream",
                         "the return label could not be read from the business's system (" +
                             r->outcome + (reason.empty() ? "" : ": " + reason) +
                             "); try again later");
    }
    const json* label = json_read::Find(r->result, "label");
    SendJson(res, {{"rma", json_read::StringOr(r->result, "rma", rma)},
                   {"label", label ? *label : json::object()}});
}

// POST /demo/identity {customer}: the demo shop's own server signing its signed-in customer's
// identity for the widget (what a real site does with its secret on its own server). Only with
// --demo (or --demo-site true); a plain seamd answers 404.
void DemoIdentity(Context& ctx, const Req& req, Res& res) {
    if (!ctx.demo_site) return SendError(res, 404, "seam.api.not_found", "no such resource");
    DemoIdentityBody body;
    if (!Body(req, res, ParseDemoIdentityBody, body)) return;
    const std::string& customer = body.customer;
    auto who = ctx.service.CustomerByExternalId(customer);
    if (!who) return SendError(res, who.error());
    const std::int64_t now = NowSeconds(ctx);
    SendJson(res, {{"token", ctx.auth.SignSiteIdentity(customer, now, 600)},
                   {"expires_at", now + 600},
                   {"customer", who->ToJson()}});
}

// [SECTION] Agents and handoffs

void AgentLogin(Context& ctx, const Req& req, Res& res) {
    LoginBody body;
    if (!Body(req, res, ParseLoginBody, body)) return;
    const std::string& login = body.login;
    // Back-off per account and per address (issue 17): refused at once, before any hashing.
    // Behind a proxy (loopback or --trusted-proxies) the address is the client it forwards for.
    LoginThrottle* throttle = ctx.login_throttle;
    const std::int64_t now_ms = ctx.service.Now();
    std::string address;
    if (throttle) {
        std::string forwarded;
        const std::size_t hops = req.get_header_value_count("X-Forwarded-For");
        for (std::size_t i = 0; i < hops; ++i) {
            if (i) forwarded += ',';
            forwarded += req.get_header_value("X-Forwarded-For", i);
        }
        address = ClientAddress(req.remote_addr, forwarded, ctx.trusted_proxies);
        if (const int wait = throttle->RetryAfterSeconds(login, address, now_ms)) {
            res.set_header("Retry-After", std::to_string(wait));
            return SendError(res, 429, "seam.api.login_backoff",
                             "too many failed sign-ins for this account or address; retry after " +
                                 std::to_string(wait) + " s");
        }
        if (!throttle->BeginHashing()) {
            res.set_header("Retry-After", "1");
            return SendError(res, 503, "seam.api.busy", "too many sign-ins at once; retry");
        }
    }
    struct Hashing {  // the slot is given back however the check ends
        LoginThrottle* throttle;
        ~Hashing() {
            if (throttle) throttle->EndHashing();
        }
    };
    auto agent = [&] {
        Hashing slot{throttle};
        return ctx.service.AuthenticateAgent(login, body.secret);
    }();
    if (throttle) {
        if (agent) {
            throttle->Succeeded(login);
        } else {
            throttle->Failed(login, address, ctx.service.Now());
        }
    }
    if (!agent) return SendError(res, agent.error());
    const std::int64_t now = NowSeconds(ctx);
    SendJson(res, {{"token", ctx.auth.IssueAgent(agent->login, now)},
                   {"expires_at", now + Auth::kAgentSeconds},
                   {"agent",
                    {{"login", agent->login},
                     {"name", agent->name},
                     {"role", agent->role},
                     {"skills", agent->skills}}}});
}

//! W/"<kind><16 hex digits of hash>".
std::string WeakEtag(char kind, std::uint64_t hash) {
    static const char* const kHex = "0123456789abcdef";
    std::string hex(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4)
        hex[static_cast<std::size_t>(i)] = kHex[hash & 15];
    return std::string("W/\"") + kind + hex + "\"";
}

//! The queue's weak ETag: a hash of its rows in order, without the two fields that move with
//! the clock alone (waiting_seconds, score). It changes when a handoff joins or leaves the list,
//! is claimed, changes order, or any shown field of it changes; not while time merely passes
//! (clients derive waiting time from created_at and the answer's "now"). Weak (W/): two answers
//! with one ETag are the same queue, not the same bytes.
std::string QueueEtag(const json& rows) {
    std::uint64_t h = Fnv1a64("seam.queue.v1");
    for (const json& row : rows) {
        json stable = row;
        stable.erase("waiting_seconds");
        stable.erase("score");
        h = Fnv1a64(seam::DumpJson(stable), h);
        h = Fnv1a64("\n", h);
    }
    return WeakEtag('q', h);
}

//! If-None-Match names `etag` (weak comparison, RFC 9110 13.1.2): a list, or "*".
bool NoneMatchHits(const Req& req, const std::string& etag) {
    if (!req.has_header("If-None-Match")) return false;
    const auto opaque = [](std::string tag) {
        const auto begin = tag.find_first_not_of(" \t");
        if (begin == std::string::npos) return std::string();
        const auto end = tag.find_last_not_of(" \t");
        tag = tag.substr(begin, end - begin + 1);
        return tag.rfind("W/", 0) == 0 ? tag.substr(2) : tag;
    };
    const std::string want = opaque(etag);
    std::stringstream list(req.get_header_value("If-None-Match"));
    std::string item;
    while (std::getline(list, item, ',')) {
        const std::string tag = opaque(item);
        if (tag == "*" || tag == want) return true;
    }
    return false;
}

//! Sets the answer's ETag; when If-None-Match names it, answers 304 with no body (true).
bool NotModified(const Req& req, Res& res, const std::string& etag) {
    res.set_header("ETag", etag);
    if (!NoneMatchHits(req, etag)) return false;
    res.status = 304;
    res.set_header("Cache-Control", "no-store");
    return true;
}

void ListHandoffs(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    const std::string status = req.get_param_value("status");
    if (!status.empty() && status != "queued" && status != "claimed" && status != "resolved") {
        return SendError(res, 400, "seam.api.bad_request", "status is queued, claimed or resolved");
    }
    const std::int64_t now = ctx.service.Now();
    json rows = ctx.service.Queue(status, req.get_param_value("skill"));
    // Unchanged: no body. The console polls this every few seconds; 500 rows are ~200 KB.
    if (NotModified(req, res, QueueEtag(rows))) return;
    SendJson(res, {{"handoffs", std::move(rows)}, {"now", now}});
}

std::int64_t HandoffId(const Req& req) {
    return std::atoll(req.matches[1].str().c_str());
}

void GetHandoff(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    auto h = ctx.service.Handoff(HandoffId(req));
    if (!h) return SendError(res, h.error());
    // Conditional like the queue: nothing in a handoff's answer moves with the clock alone, so
    // its ETag is a hash of all of it. The console asks every 2 s for the case it shows.
    std::string body = seam::DumpJson(*h);
    if (NotModified(req, res, WeakEtag('h', Fnv1a64(body, Fnv1a64("seam.h"))))) return;
    SendJsonText(res, std::move(body));
}

void ClaimHandoff(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    auto h = ctx.service.Claim(HandoffId(req), agent);
    if (!h) return SendError(res, h.error());
    SendJson(res, *h);
}

void ReplyHandoff(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    ReplyBody body;
    if (!Body(req, res, ParseReplyBody, body)) return;
    auto r = ctx.service.Reply(HandoffId(req), agent, body.text);
    if (!r) return SendError(res, r.error());
    SendJson(res, *r, 201);
}

void ResolveHandoff(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    ResolveBody body;
    if (!Body(req, res, ParseResolveBody, body)) return;
    auto r = ctx.service.Resolve(HandoffId(req), agent, body.outcome);
    if (!r) return SendError(res, r.error());
    SendJson(res, *r);
}

// [SECTION] KPIs

void GetKpis(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    KpiQuery query{req.get_param_value("from"), req.get_param_value("to"),
                   req.get_param_value("intent"), req.get_param_value("channel")};
    auto report = ComputeKpis(ctx.service, query);
    if (!report) return SendError(res, report.error());
    SendJson(res, *report);
}

// GET /v1/policy/rules: the policy rules seamd decides with (assets/policy/rules.json as loaded),
// for the console's flow inspector, which replays decisions with the core's policy::Decide.
void PolicyRules(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    SendJson(res, ctx.service.assistant()->rules_document());
}

// [SECTION] Proactive engagement

//! The customer behind a customer token (sends 401/403 and returns 0 otherwise).
std::int64_t CustomerOnly(Context& ctx, const Req& req, Res& res) {
    Caller c = Authenticate(ctx, req, res);
    if (c.kind == Caller::Kind::kNone) return 0;
    if (c.kind != Caller::Kind::kCustomer) {
        SendError(res, 403, "seam.api.forbidden", "needs a customer token (identify first)");
        return 0;
    }
    auto who = ctx.service.CustomerByExternalId(c.subject);
    if (!who) {
        SendError(res, who.error());
        return 0;
    }
    return who->id;
}

// POST /v1/events/ingest: the business's own events (order delayed, payment failed, cart
// abandoned...), signed like inbound channel bodies (X-Seam-Signature, the events key). One
// event, or {"events": [...]} (at most 100). Idempotent by the event's id.
void IngestEvents(Context& ctx, const Req& req, Res& res) {
    if (!ctx.auth.VerifyEvents(req.body, req.get_header_value("X-Seam-Signature"))) {
        return SendError(res, 401, "seam.api.bad_signature",
                         "X-Seam-Signature must be the hex HMAC-SHA256 of the body with the "
                         "events key (native/README.md)");
    }
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) {
        return SendError(res, 400, "seam.api.bad_body", "the body is a JSON object");
    }
    const json* batch = json_read::Find(body, "events");
    if (batch && (!batch->is_array() || batch->empty() || batch->size() > 100)) {
        return SendError(res, 400, "seam.api.bad_field", "events: an array of 1 to 100 events");
    }
    std::vector<json> events;
    if (batch) {
        events.assign(batch->begin(), batch->end());
    } else {
        events.push_back(body);
    }
    json results = json::array();
    for (std::size_t i = 0; i < events.size(); ++i) {
        auto parsed = proactive_facts::ParseEvent(events[i], ctx.service.Now());
        Result<json> r = parsed ? ctx.service.IngestEvent(
                                      *parsed, identity::Sha256Hex(seam::DumpJson(events[i])))
                                : Result<json>(parsed.error());
        if (!r) {
            if (!batch) return SendError(res, r.error());
            std::string message = r.error().message;
            results.push_back(
                {{"index", i}, {"error", {{"code", r.error().id}, {"message", message}}}});
            continue;
        }
        results.push_back(std::move(*r));
    }
    if (batch) return SendJson(res, {{"results", results}});
    SendJson(res, results.front());
}

// GET /v1/me/proactive?after=N&wait=S: the signed-in customer's proactive widget messages not
// opened yet (long polling like messages: the widget's badge while the customer browses).
void MyProactive(Context& ctx, const Req& req, Res& res) {
    const std::int64_t customer = CustomerOnly(ctx, req, res);
    if (!customer) return;
    std::int64_t after = 0;
    int wait = 0;
    if (req.has_param("after")) after = std::atoll(req.get_param_value("after").c_str());
    if (req.has_param("wait")) wait = std::atoi(req.get_param_value("wait").c_str());
    wait = std::max(0, std::min(wait, 30));
    json pending = ctx.service.PendingProactive(customer, after, wait * 1000);
    const std::int64_t now = NowSeconds(ctx);
    for (json& p : pending)  // the widget continues the case with its own session
        p["session_token"] = ctx.auth.IssueSession(p["case_id"].get<std::string>(), now);
    SendJson(res, {{"messages", pending}});
}

// POST /v1/cases/{id}/seen: the customer opened the proactive message of this case.
void CaseSeen(Context& ctx, const Req& req, Res& res) {
    const std::string id = req.matches[1];
    if (!CaseAccess(ctx, req, res, id)) return;
    auto r = ctx.service.ProactiveSeen(id);
    if (!r) return SendError(res, r.error());
    SendJson(res, {{"seen", true}});
}

// POST /v1/me/proactive/opt-out {"channel": "widget"|"email"|"sms"|"*"}
void MyOptOut(Context& ctx, const Req& req, Res& res) {
    const std::int64_t customer = CustomerOnly(ctx, req, res);
    if (!customer) return;
    const json body = json::parse(req.body, nullptr, false);
    const json* channel = body.is_object() ? json_read::Find(body, "channel") : nullptr;
    if (!channel || !channel->is_string()) {
        return SendError(res, 400, "seam.api.bad_field", "channel: widget, email, sms or \"*\"");
    }
    auto r = ctx.service.ProactiveOptOut(customer, channel->get<std::string>(), "widget");
    if (!r) return SendError(res, r.error());
    SendJson(res, {{"opted_out", *channel}});
}

//! A small page in the shop's words (the unsubscribe link opens in a browser).
void SendPage(Res& res, int status, const std::string& title, const std::string& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>" +
            title +
            "</title><style>body{font:16px/1.5 system-ui,sans-serif;"
            "max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d2a24}"
            "button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;"
            "background:#2f5d46;color:#fff;cursor:pointer}</style></head><body><h1>" +
            title + "</h1>" + body + "</body></html>",
        "text/html; charset=utf-8");
}

std::string HtmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// GET /v1/unsubscribe?customer=..&channel=..&sig=..: the link in every proactive email and SMS
// opens a page with one button; POST (the button, or a mail client's RFC 8058 one-click
// "List-Unsubscribe=One-Click") records the opt-out. A GET changes nothing, so link scanners
// that open every link do not unsubscribe anyone.
void Unsubscribe(Context& ctx, const Req& req, Res& res) {
    const std::string customer = req.get_param_value("customer");
    const std::string channel = req.get_param_value("channel");
    const std::string sig = req.get_param_value("sig");
    if (!ctx.auth.VerifyUnsubscribe(customer, channel, sig)) {
        return SendPage(res, 400, "This link does not work",
                        "<p>The unsubscribe link is incomplete or was changed. Reply STOP to "
                        "our message, or write to support@larchwood.example, and we will stop "
                        "at once.</p>");
    }
    auto who = ctx.service.CustomerByExternalId(customer);
    if (!who) return SendPage(res, 404, "We could not find you", "<p>Nothing to stop.</p>");
    const std::string what = channel == "sms" ? "text messages" : "emails";
    if (req.method == "GET") {
        const std::string action = "/v1/unsubscribe?customer=" + HtmlEscape(UrlEncode(customer)) +
                                   "&amp;channel=" + HtmlEscape(UrlEncode(channel)) +
                                   "&amp;sig=" + HtmlEscape(UrlEncode(sig));
        return SendPage(res, 200, "Stop these " + what + "?",
                        "<p>We write first only when something needs you: a late parcel, a "
                        "payment that did not go through, a renewal.</p><form method=\"post\" "
                        "action=\"" +
                            action + "\"><button type=\"submit\">Stop " + what +
                            " like this</button></form>");
    }
    auto r = ctx.service.ProactiveOptOut(who->id, channel, "unsubscribe_link");
    if (!r) return SendPage(res, 400, "Something went wrong", "<p>Please try again.</p>");
    SendPage(res, 200, "Done: no more " + what,
             "<p>We will not send you " + what +
                 " like this again. Order confirmations and receipts still arrive.</p>");
}

// GET /v1/proactive (agents): the settings in force, the triggers, recent decisions and why.
void ProactiveOverview(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    int limit = 100;
    if (req.has_param("limit")) limit = std::atoi(req.get_param_value("limit").c_str());
    SendJson(res, ctx.service.ProactiveOverview(limit));
}

// PUT /v1/proactive/settings (admins): the kill switch, quiet hours, caps, hold-out share.
void ProactiveSettings(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    if (agent.role != "admin") {
        return SendError(res, 403, "seam.api.forbidden", "only an admin changes these settings");
    }
    const json body = json::parse(req.body, nullptr, false);
    auto r = ctx.service.SetProactiveSettings(body, "agent:" + agent.login);
    if (!r) return SendError(res, r.error());
    SendJson(res, *r);
}

// [SECTION] Content publishing (native/README.md "Content publishing")

//! Agents and admins read and draft; only an admin publishes. Sends 403 otherwise.
bool AdminOnly(Res& res, const service::Service::Agent& agent, const char* what) {
    if (agent.role == "admin") return true;
    SendError(res, 403, "seam.api.forbidden",
              std::string("only an admin ") + what + "; agents save drafts");
    return false;
}

//! A publish's error with what the console needs to show it: "current" on a conflict,
//! "problems" or "tests" when the set was refused.
void SendPublishError(Res& res, const Error& error, const service::Service::PublishDetail& detail) {
    json body = {{"error", {{"code", error.id}, {"message", error.message}}}};
    if (error.id == "seam.content.conflict") body["current"] = detail.conflict;
    if (error.id == "seam.content.invalid") body["problems"] = detail.problems;
    if (error.id == "seam.content.tests_failed") body["tests"] = detail.tests;
    SendJson(res, body, StatusFor(error.id));
}

//! "5", "\"5\"" or "W/\"5\"" -> 5; -1 when absent or not a revision.
int IfMatchRevision(const Req& req) {
    if (!req.has_header("If-Match")) return -1;
    std::string tag = req.get_header_value("If-Match");
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
        tag = tag.substr(1, tag.size() - 2);
    }
    if (!tag.empty() && tag.front() == 'r') tag = tag.substr(1);
    if (tag.empty() || tag.size() > 9 || tag.find_first_not_of("0123456789") != std::string::npos) {
        return -1;
    }
    return std::atoi(tag.c_str());
}

void ContentExport(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    int version = 0;
    if (req.has_param("version")) version = std::atoi(req.get_param_value("version").c_str());
    auto r = ctx.service.ExportContent(version);
    if (!r) return SendError(res, r.error());
    res.set_header("ETag", "\"v" + std::to_string((*r)["version"].get<int>()) + "\"");
    SendJson(res, *r);
}

void ContentDrafts(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    SendJson(res, {{"drafts", ctx.service.ContentDrafts()}});
}

void ContentSaveDraft(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    DraftBody body;
    if (!Body(req, res, ParseDraftBody, body)) return;
    auto r = ctx.service.SaveContentDraft(req.get_param_value("path"), body.text,
                                          body.base_revision, "agent:" + agent.login);
    if (!r) return SendError(res, r.error());
    SendJson(res, *r);
}

void ContentDiscardDraft(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    auto r = ctx.service.DiscardContentDraft(req.get_param_value("path"), "agent:" + agent.login);
    if (!r) return SendError(res, r.error());
    SendJson(res, {{"discarded", *r}});
}

void ContentPublish(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    if (!AdminOnly(res, agent, "publishes")) return;
    PublishBody body;
    if (!Body(req, res, ParsePublishBody, body)) return;
    std::vector<service::Service::ContentChange> changes;
    const int if_match = IfMatchRevision(req);
    if (req.has_header("If-Match") && if_match < 0) {
        return SendError(res, 400, "seam.api.bad_if_match",
                         "If-Match names the file's revision the change was made on: \"5\"");
    }
    if (req.has_header("If-Match") && body.changes.size() != 1) {
        return SendError(res, 400, "seam.api.bad_if_match",
                         "If-Match goes with one change; with several, give each base_revision");
    }
    for (ContentChangeBody& c : body.changes) {
        service::Service::ContentChange change;
        change.path = std::move(c.path);
        change.text = std::move(c.text);
        change.base_revision = c.base_revision;
        if (change.base_revision < 0 && body.changes.size() == 1) change.base_revision = if_match;
        changes.push_back(std::move(change));
    }
    service::Service::PublishDetail detail;
    auto r = ctx.service.PublishContent(changes, body.note, "agent:" + agent.login, detail);
    if (!r) return SendPublishError(res, r.error(), detail);
    SendJson(res, *r);
}

void ContentHistory(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    int limit = 100;
    if (req.has_param("limit")) limit = std::atoi(req.get_param_value("limit").c_str());
    SendJson(res, {{"releases", ctx.service.ContentHistory(std::clamp(limit, 1, 1000))}});
}

void ContentRelease(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    const std::string v = req.matches[1];
    if (v.size() > 9) return SendError(res, 404, "seam.content.no_version", "no such version");
    auto r = ctx.service.ContentRelease(std::atoi(v.c_str()));
    if (!r) return SendError(res, r.error());
    SendJson(res, *r);
}

void ContentRollback(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    if (!AdminOnly(res, agent, "rolls back")) return;
    RollbackBody body;
    if (!Body(req, res, ParseRollbackBody, body)) return;
    service::Service::PublishDetail detail;
    auto r = ctx.service.RollbackContent(body.version, body.note, "agent:" + agent.login, detail);
    if (!r) return SendPublishError(res, r.error(), detail);
    SendJson(res, *r);
}

void ContentImport(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    if (!AdminOnly(res, agent, "imports")) return;
    ImportBody body;
    if (!Body(req, res, ParseImportBody, body)) return;
    service::Service::PublishDetail detail;
    auto r = ctx.service.ImportContent(body.files, body.note, "agent:" + agent.login,
                                       body.base_version, detail);
    if (!r) return SendPublishError(res, r.error(), detail);
    SendJson(res, *r);
}

void ContentQuestions(Context& ctx, const Req& req, Res& res) {
    service::Service::Agent agent;
    if (!AgentOnly(ctx, req, res, agent)) return;
    int limit = 200;
    if (req.has_param("limit")) limit = std::atoi(req.get_param_value("limit").c_str());
    SendJson(res, {{"questions", ctx.service.RecentQuestions(limit)}});
}

// [SECTION] Operations

// GET /console: the operator console lives at /console/ (its page loads relative files).
void ConsoleRedirect(Context&, const Req&, Res& res) {
    res.set_redirect("/console/", 302);
}

// "demo": whether this seamd runs with --demo (the console shows the demo sign-in only then).
// 503 while the store cannot be reached, so a load balancer takes the node out; each check may
// reconnect it (Service::StoreReachable), so it comes back by itself.
void Health(Context& ctx, const Req&, Res& res) {
    if (!ctx.service.StoreReachable()) {
        return SendError(res, 503, store::kUnavailable,
                         "the database cannot be reached; retry shortly");
    }
    SendJson(res,
             {{"status", "ok"}, {"version", std::string(seam::Version())}, {"demo", ctx.demo}});
}

// Loopback clients (a local Prometheus or agent), or "Authorization: Bearer <metrics token>".
void GetMetrics(Context& ctx, const Req& req, Res& res) {
    const bool loopback = req.remote_addr == "127.0.0.1" || req.remote_addr == "::1" ||
                          req.remote_addr == "::ffff:127.0.0.1";
    const std::string auth = req.get_header_value("Authorization");
    const bool token = !ctx.metrics_token.empty() && auth.rfind("Bearer ", 0) == 0 &&
                       identity::ConstantTimeEquals(auth.substr(7), ctx.metrics_token);
    if (!loopback && !token) {
        return SendError(res, 403, "seam.api.forbidden",
                         "metrics are for loopback clients, or with the metrics token");
    }
    res.set_content(ctx.metrics.Exposition(), "text/plain; version=0.0.4");
}

void OpenApi(Context& ctx, const Req&, Res& res) {
    std::ifstream in(ctx.openapi_path, std::ios::binary);
    if (!in)
        return SendError(res, 404, "seam.api.not_found", "the OpenAPI document is not installed");
    std::stringstream text;
    text << in.rdbuf();
    res.set_content(text.str(), "application/json");
}

// [SECTION] The table

using Handler = void (*)(Context&, const Req&, Res&);
struct Route {
    const char* method;
    const char* pattern;  // httplib regex
    const char* path;     // OpenAPI
    Handler handler;
};

const Route kRoutes[] = {
    {"GET", "/healthz", "/healthz", Health},
    {"GET", "/metrics", "/metrics", GetMetrics},
    {"GET", "/v1/openapi.json", "/v1/openapi.json", OpenApi},
    {"POST", "/v1/sessions", "/v1/sessions", CreateSession},
    {"GET", R"(/v1/cases/([A-Za-z0-9_]+))", "/v1/cases/{id}", GetCase},
    {"POST", R"(/v1/cases/([A-Za-z0-9_]+)/identify)", "/v1/cases/{id}/identify", Identify},
    {"POST", R"(/v1/cases/([A-Za-z0-9_]+)/turns)", "/v1/cases/{id}/turns", PostTurn},
    {"PUT", R"(/v1/cases/([A-Za-z0-9_]+)/state)", "/v1/cases/{id}/state", PutStateRemoved},
    {"POST", R"(/v1/cases/([A-Za-z0-9_]+)/actions)", "/v1/cases/{id}/actions", PostAction},
    {"GET", R"(/v1/cases/([A-Za-z0-9_]+)/messages)", "/v1/cases/{id}/messages", GetMessages},
    {"POST", R"(/v1/cases/([A-Za-z0-9_]+)/csat)", "/v1/cases/{id}/csat", PostCsat},
    {"POST", R"(/v1/cases/([A-Za-z0-9_]+)/events)", "/v1/cases/{id}/events", PostPageEvent},
    {"POST", R"(/v1/channels/([a-z]+)/inbound)", "/v1/channels/{channel}/inbound", Inbound},
    {"GET", "/v1/me/orders", "/v1/me/orders", MyOrders},
    {"GET", R"(/v1/returns/([A-Za-z0-9-]+)/label)", "/v1/returns/{rma}/label", ReturnLabel},
    {"POST", "/demo/identity", "/demo/identity", DemoIdentity},
    {"POST", "/v1/agents/login", "/v1/agents/login", AgentLogin},
    {"GET", "/v1/handoffs", "/v1/handoffs", ListHandoffs},
    {"GET", R"(/v1/handoffs/([0-9]+))", "/v1/handoffs/{id}", GetHandoff},
    {"POST", R"(/v1/handoffs/([0-9]+)/claim)", "/v1/handoffs/{id}/claim", ClaimHandoff},
    {"POST", R"(/v1/handoffs/([0-9]+)/reply)", "/v1/handoffs/{id}/reply", ReplyHandoff},
    {"POST", R"(/v1/handoffs/([0-9]+)/resolve)", "/v1/handoffs/{id}/resolve", ResolveHandoff},
    {"GET", "/v1/kpis", "/v1/kpis", GetKpis},
    {"GET", "/v1/policy/rules", "/v1/policy/rules", PolicyRules},
    {"POST", "/v1/events/ingest", "/v1/events/ingest", IngestEvents},
    {"GET", "/v1/me/proactive", "/v1/me/proactive", MyProactive},
    {"POST", "/v1/me/proactive/opt-out", "/v1/me/proactive/opt-out", MyOptOut},
    {"POST", R"(/v1/cases/([A-Za-z0-9_]+)/seen)", "/v1/cases/{id}/seen", CaseSeen},
    {"GET", "/v1/unsubscribe", "/v1/unsubscribe", Unsubscribe},
    {"POST", "/v1/unsubscribe", "/v1/unsubscribe", Unsubscribe},
    {"GET", "/v1/proactive", "/v1/proactive", ProactiveOverview},
    {"PUT", "/v1/proactive/settings", "/v1/proactive/settings", ProactiveSettings},
    {"GET", "/v1/content/export", "/v1/content/export", ContentExport},
    {"GET", "/v1/content/drafts", "/v1/content/drafts", ContentDrafts},
    {"PUT", "/v1/content/drafts", "/v1/content/drafts", ContentSaveDraft},
    {"POST", "/v1/content/drafts/discard", "/v1/content/drafts/discard", ContentDiscardDraft},
    {"POST", "/v1/content/publish", "/v1/content/publish", ContentPublish},
    {"GET", "/v1/content/history", "/v1/content/history", ContentHistory},
    {"GET", R"(/v1/content/history/([0-9]+))", "/v1/content/history/{version}", ContentRelease},
    {"POST", "/v1/content/rollback", "/v1/content/rollback", ContentRollback},
    {"POST", "/v1/content/import", "/v1/content/import", ContentImport},
    {"GET", "/v1/content/questions", "/v1/content/questions", ContentQuestions},
    {"GET", "/console", "/console", ConsoleRedirect},
};

}  // namespace

std::vector<RouteInfo> Routes() {
    std::vector<RouteInfo> out;
    for (const Route& r : kRoutes)
        out.push_back({r.method, r.path});
    return out;
}

void Register(httplib::Server& server, Context& context) {
    for (const Route& r : kRoutes) {
        Context* ctx = &context;
        const Handler handler = r.handler;
        const std::string route = r.path;
        const std::string method = r.method;
        auto wrapped = [ctx, handler, route, method](const Req& req, Res& res) {
            const auto start = std::chrono::steady_clock::now();
            const std::uint64_t unavailable = store::Db::UnavailableSeen();
            try {
                handler(*ctx, req, res);
            } catch (const std::exception& e) {
                // A bug, not a condition: report it as a 500 with a stable code, keep serving.
                std::fprintf(stderr, "{\"level\":\"error\",\"route\":\"%s\",\"what\":\"%s\"}\n",
                             route.c_str(), e.what());
                SendError(res, 500, "seam.api.internal", "something went wrong on our side");
            }
            // Writes share batched commits: answer only once they are on disk.
            auto durable = ctx->service.AwaitDurable();
            if (!durable) SendError(res, durable.error());
            // The store could not be reached during this request: whatever the handler made of
            // it (many reads take a failed statement for "no rows": a 404, an empty list, a
            // wrong 401), the client is told to come back, and nothing claims a success.
            if (store::Db::UnavailableSeen() != unavailable && res.status != 503) {
                SendError(res, 503, store::kUnavailable,
                          "the database cannot be reached; retry shortly");
            }
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            ctx->metrics.Record(method, route, res.status, seconds);
        };
        if (method == "GET")
            server.Get(r.pattern, wrapped);
        else if (method == "POST")
            server.Post(r.pattern, wrapped);
        else if (method == "PUT")
            server.Put(r.pattern, wrapped);
    }
}

}  // namespace seam::api
