// native/webhooks/outbox.hpp — outgoing webhooks (handoff.created, case.resolved) are written to
// the `webhook_deliveries` outbox in the same transaction as the change they report, so a
// committed handoff is never unannounced and a rolled-back one never announced. The dispatcher
// (dispatcher.hpp) delivers them afterwards, with retries.
//
// A delivery is a POST of {"id", "event", "created_at", "data"} with the headers
//   X-Seam-Event: <event>   X-Seam-Delivery: <id>   X-Seam-Signature: <hex HMAC-SHA256 of body>
// so the receiver checks the signature against the shared webhook secret before trusting it.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::webhooks {

using Signer = std::function<std::string(const std::string& body)>;

struct Config {
    std::string url;  //!< "" = webhooks off (nothing is queued)
    Signer sign;
};

//! Queues `event` with `data` in the caller's transaction. No-op when `config.url` is empty.
Result<bool> Enqueue(store::Db& db, const Config& config, std::int64_t now,
                     const std::string& event, const nlohmann::json& data);

struct Pending {
    std::int64_t id = 0;
    std::string event, url, body, signature;
    int attempts = 0;
};

//! Deliveries due at `now` (not delivered, attempts left, next attempt reached), oldest first.
std::vector<Pending> Due(store::Db& db, std::int64_t now, int limit);

//! Records an attempt: delivered (2xx) or scheduled again with exponential backoff
//! (1 s, 2 s, 4 s ... capped at 10 minutes; after kMaxAttempts it is left undelivered).
Result<bool> RecordAttempt(store::Db& db, const Pending& p, int status, std::int64_t now);

constexpr int kMaxAttempts = 12;

}  // namespace seam::webhooks
