// native/api/auth.hpp — who is calling: seamd's own signed tokens (anonymous widget sessions,
// identified customers, agents), the site's identity proofs (HS256 JWT or the older
// user_hash), and HMAC signatures of webhook and inbound-channel bodies. Over identity/.
//
// One key per purpose, each derived from the site secret with identity::DeriveKey (hex of
// HMAC-SHA256(site_secret, "seam/v1/<purpose>")):
//   identity-token     signs the site's identity JWTs (HS256)
//   user-hash          user_hash = hex HMAC-SHA256(key, user_id)
//   inbound-signature  X-Seam-Signature of /v1/channels/{channel}/inbound bodies
//   webhook-signature  X-Seam-Signature of seamd's webhooks (unless --webhook-secret is set,
//                      which is then the key itself)
//   events-signature   X-Seam-Signature of POST /v1/events/ingest bodies (the business's events)
//   unsubscribe        the one-click unsubscribe links in proactive emails and SMS
// so a key that leaks for one purpose (a user_hash key in a page's source) forges nothing else.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "seam/core/result.hpp"

namespace seam::api {

struct Caller {
    enum class Kind { kNone, kSession, kCustomer, kAgent };
    Kind kind = Kind::kNone;
    std::string subject;  //!< case id, external customer id, or agent login
    std::int64_t expires_at = 0;
};

class Auth {
  public:
    //! `webhook_secret` "" = the key derived from the site secret for "webhook-signature".
    Auth(std::string server_secret, std::string site_secret, std::string webhook_secret);

    //! The purposes' labels (DeriveKey's second argument).
    static constexpr const char* kIdentityPurpose = "identity-token";
    static constexpr const char* kUserHashPurpose = "user-hash";
    static constexpr const char* kInboundPurpose = "inbound-signature";
    static constexpr const char* kWebhookPurpose = "webhook-signature";
    static constexpr const char* kEventsPurpose = "events-signature";
    static constexpr const char* kUnsubscribePurpose = "unsubscribe";

    static constexpr std::int64_t kSessionSeconds = 7 * 24 * 3600;
    static constexpr std::int64_t kCustomerSeconds = 3600;
    static constexpr std::int64_t kAgentSeconds = 12 * 3600;

    std::string IssueSession(const std::string& case_id, std::int64_t now_s) const;
    std::string IssueCustomer(const std::string& external_id, std::int64_t now_s) const;
    std::string IssueAgent(const std::string& login, std::int64_t now_s) const;

    //! The caller of an "Authorization: Bearer <token>" header value (kNone when absent or bad;
    //! `why` says what was wrong, for the 401 body).
    Caller Check(const std::string& authorization, std::int64_t now_s, std::string* why) const;

    //! The stable external customer id an identity proof vouches for:
    //! {"token": "<JWT signed by the site>"} or {"user_id": "...", "user_hash": "<hex>"}.
    //! Errors: seam.identity.* (forged, expired, malformed...).
    Result<std::string> VerifyIdentity(const nlohmann::json& proof, std::int64_t now_s) const;

    //! What a business's own server does for its signed-in customer: an identity JWT signed with
    //! the site secret, valid `lifetime_s`. seamd does it only for the demo shop's pages.
    std::string SignSiteIdentity(const std::string& external_id, std::int64_t now_s,
                                 std::int64_t lifetime_s) const;

    //! Hex HMAC-SHA256 of `body` with the webhook secret (X-Seam-Signature).
    std::string SignWebhook(const std::string& body) const;
    //! Checks an inbound channel body's X-Seam-Signature (HMAC with the inbound key).
    bool VerifyInbound(const std::string& body, const std::string& signature_hex) const;
    //! Checks an ingested event body's X-Seam-Signature (HMAC with the events key).
    bool VerifyEvents(const std::string& body, const std::string& signature_hex) const;
    //! The signature of an unsubscribe link for `customer` (external id) and `channel`, and its
    //! check: hex HMAC-SHA256 of "<customer>\n<channel>" with the unsubscribe key.
    std::string SignUnsubscribe(const std::string& customer, const std::string& channel) const;
    bool VerifyUnsubscribe(const std::string& customer, const std::string& channel,
                           const std::string& signature_hex) const;

  private:
    std::string server_secret_;
    // "" = no site secret
    std::string identity_key_, user_hash_key_, inbound_key_, webhook_key_, events_key_,
        unsubscribe_key_;
};

}  // namespace seam::api
