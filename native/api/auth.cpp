// native/api/auth.cpp — seamd's tokens and the site's identity proofs (see auth.hpp).
//
// seamd's own tokens are HS256 JWTs signed with the server secret; the claim "use" says what
// the token is for (session, customer, agent), so a session token can never pass as an agent's.
#include "api/auth.hpp"

#include <algorithm>
#include <cctype>

#include "identity/hmac.hpp"
#include "identity/jwt.hpp"
#include "seam/core/json_read.hpp"

namespace seam::api {

using nlohmann::json;

namespace {

std::string Issue(const std::string& secret, const char* use, const std::string& subject,
                  std::int64_t now_s, std::int64_t lifetime_s) {
    return identity::SignJwt({{"iss", "seamd"},
                              {"use", use},
                              {"sub", subject},
                              {"iat", now_s},
                              {"exp", now_s + lifetime_s}},
                             secret);
}

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

Auth::Auth(std::string server_secret, std::string site_secret, std::string webhook_secret)
    : server_secret_(std::move(server_secret)) {
    if (!site_secret.empty()) {
        identity_key_ = identity::DeriveKey(site_secret, kIdentityPurpose);
        user_hash_key_ = identity::DeriveKey(site_secret, kUserHashPurpose);
        inbound_key_ = identity::DeriveKey(site_secret, kInboundPurpose);
        webhook_key_ = identity::DeriveKey(site_secret, kWebhookPurpose);
        events_key_ = identity::DeriveKey(site_secret, kEventsPurpose);
        unsubscribe_key_ = identity::DeriveKey(site_secret, kUnsubscribePurpose);
    }
    if (!webhook_secret.empty()) webhook_key_ = std::move(webhook_secret);
}

std::string Auth::IssueSession(const std::string& case_id, std::int64_t now_s) const {
    return Issue(server_secret_, "session", case_id, now_s, kSessionSeconds);
}
std::string Auth::IssueCustomer(const std::string& external_id, std::int64_t now_s) const {
    return Issue(server_secret_, "customer", external_id, now_s, kCustomerSeconds);
}
std::string Auth::IssueAgent(const std::string& login, std::int64_t now_s) const {
    return Issue(server_secret_, "agent", login, now_s, kAgentSeconds);
}

Caller Auth::Check(const std::string& authorization, std::int64_t now_s, std::string* why) const {
    Caller caller;
    static const std::string kBearer = "Bearer ";
    if (authorization.empty()) {
        if (why) *why = "send Authorization: Bearer <token> (from POST /v1/sessions or login)";
        return caller;
    }
    if (authorization.size() <= kBearer.size() ||
        Lower(authorization.substr(0, kBearer.size())) != Lower(kBearer)) {
        if (why) *why = "the Authorization header must be \"Bearer <token>\"";
        return caller;
    }
    auto claims = identity::VerifyJwt(authorization.substr(kBearer.size()), server_secret_, now_s,
                                      /*leeway_s=*/0);
    if (!claims) {
        if (why) {
            *why = claims.error().id == "seam.identity.expired"
                       ? "the token expired; open a new session or log in again"
                       : "the token is not one this server issued";
        }
        return caller;
    }
    // Claims are read with the total readers: a token this server signed has these types, but
    // nothing here may abort on one that does not.
    const std::string use = json_read::StringOr(*claims, "use");
    const std::string subject = json_read::StringOr(*claims, "sub");
    if (subject.empty()) {
        if (why) *why = "the token names no subject";
        return caller;
    }
    if (use == "session") {
        caller.kind = Caller::Kind::kSession;
    } else if (use == "customer") {
        caller.kind = Caller::Kind::kCustomer;
    } else if (use == "agent") {
        caller.kind = Caller::Kind::kAgent;
    } else {
        if (why) *why = "the token is not one this server issued";
        return caller;
    }
    caller.subject = subject;
    caller.expires_at = json_read::IntOr(*claims, "exp");
    return caller;
}

Result<std::string> Auth::VerifyIdentity(const json& proof, std::int64_t now_s) const {
    if (identity_key_.empty()) {
        return Error::Make("seam.identity.not_configured",
                           "this server has no site secret, so it cannot verify identities "
                           "(set --site-secret or SEAM_SITE_SECRET)");
    }
    if (!proof.is_object()) {
        return Error::Make("seam.identity.malformed",
                           "identity is {\"token\": \"<JWT>\"} or {\"user_id\", \"user_hash\"}");
    }
    if (const json* token = json_read::Find(proof, "token")) {
        if (!token->is_string()) {
            return Error::Make(
                "seam.identity.malformed",
                "identity.token: expected a string, got " + json_read::KindOf(*token));
        }
        auto claims =
            identity::VerifyJwt(token->get_ref<const std::string&>(), identity_key_, now_s);
        if (!claims) return claims.error();
        // The site signed these claims; their types are still checked, never assumed.
        const std::string sub = json_read::StringOr(*claims, "sub");
        if (sub.empty()) {
            return Error::Make("seam.identity.claims",
                               "the token's sub claim must be the customer's id");
        }
        return sub;
    }
    const json* user_id = json_read::Find(proof, "user_id");
    const json* user_hash = json_read::Find(proof, "user_hash");
    if (!user_id || !user_hash || !user_id->is_string() || !user_hash->is_string() ||
        user_id->get_ref<const std::string&>().empty()) {
        return Error::Make("seam.identity.malformed",
                           "identity is {\"token\": \"<JWT>\"} or {\"user_id\", \"user_hash\"} "
                           "(strings)");
    }
    const std::string& id = user_id->get_ref<const std::string&>();
    const std::string expected = identity::HmacSha256Hex(user_hash_key_, id);
    if (!identity::ConstantTimeEquals(expected, Lower(user_hash->get_ref<const std::string&>()))) {
        return Error::Make("seam.identity.signature",
                           "user_hash is not the HMAC-SHA256 of user_id with this site's "
                           "user-hash key");
    }
    return id;
}

std::string Auth::SignSiteIdentity(const std::string& external_id, std::int64_t now_s,
                                   std::int64_t lifetime_s) const {
    return identity::SignJwt({{"sub", external_id}, {"iat", now_s}, {"exp", now_s + lifetime_s}},
                             identity_key_);
}

std::string Auth::SignWebhook(const std::string& body) const {
    return identity::HmacSha256Hex(webhook_key_, body);
}

bool Auth::VerifyInbound(const std::string& body, const std::string& signature_hex) const {
    if (inbound_key_.empty() || signature_hex.empty()) return false;
    return identity::ConstantTimeEquals(identity::HmacSha256Hex(inbound_key_, body),
                                        Lower(signature_hex));
}

bool Auth::VerifyEvents(const std::string& body, const std::string& signature_hex) const {
    if (events_key_.empty() || signature_hex.empty()) return false;
    return identity::ConstantTimeEquals(identity::HmacSha256Hex(events_key_, body),
                                        Lower(signature_hex));
}

std::string Auth::SignUnsubscribe(const std::string& customer, const std::string& channel) const {
    return identity::HmacSha256Hex(unsubscribe_key_, customer + "\n" + channel);
}

bool Auth::VerifyUnsubscribe(const std::string& customer, const std::string& channel,
                             const std::string& signature_hex) const {
    if (unsubscribe_key_.empty() || signature_hex.empty()) return false;
    return identity::ConstantTimeEquals(SignUnsubscribe(customer, channel), Lower(signature_hex));
}

}  // namespace seam::api
