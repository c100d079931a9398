// native/webhooks/outbox.cpp — the webhook outbox (see outbox.hpp).
#include "webhooks/outbox.hpp"

#include <algorithm>
#include <optional>

namespace seam::webhooks {

using nlohmann::json;

Result<bool> Enqueue(store::Db& db, const Config& config, std::int64_t now,
                     const std::string& event, const json& data) {
    if (config.url.empty()) return false;
    // The id is the row id, known only after the insert: insert, then write the body.
    auto& ins = db.Cached(
        "INSERT INTO webhook_deliveries(created_at, event, url, body, signature, next_attempt_at) "
        "VALUES (?, ?, ?, '', '', ?)");
    auto ran = ins.Bind(1, now).Bind(2, event).Bind(3, config.url).Bind(4, now).Run();
    if (!ran) return ran.error();
    const std::int64_t id = db.LastInsertId();
    const std::string body =
        json{{"id", id}, {"event", event}, {"created_at", now}, {"data", data}}.dump(
            -1, ' ', false, json::error_handler_t::replace);
    auto& upd = db.Cached("UPDATE webhook_deliveries SET body = ?, signature = ? WHERE id = ?");
    auto set = upd.Bind(1, body).Bind(2, config.sign ? config.sign(body) : "").Bind(3, id).Run();
    if (!set) return set.error();
    return true;
}

std::vector<Pending> Due(store::Db& db, std::int64_t now, int limit) {
    auto& s = db.Cached(
        "SELECT id, event, url, body, signature, attempts FROM webhook_deliveries WHERE "
        "delivered_at IS NULL AND attempts < ? AND next_attempt_at <= ? ORDER BY id LIMIT ?");
    s.Bind(1, kMaxAttempts).Bind(2, now).Bind(3, limit);
    std::vector<Pending> out;
    while (s.Next()) {
        out.push_back(
            {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), static_cast<int>(s.Int(5))});
    }
    s.Reset();
    return out;
}

Result<bool> RecordAttempt(store::Db& db, const Pending& p, int status, std::int64_t now) {
    const bool delivered = status >= 200 && status < 300;
    const std::int64_t backoff = std::min<std::int64_t>(600000, 1000LL << std::min(p.attempts, 20));
    auto& s = db.Cached(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, "
        "delivered_at = ?, next_attempt_at = ? WHERE id = ?");
    auto ran = s.Bind(1, status)
                   .Bind(2, delivered ? std::optional<std::int64_t>(now) : std::nullopt)
                   .Bind(3, now + backoff)
                   .Bind(4, p.id)
                   .Run();
    if (!ran) return ran.error();
    return delivered;
}

}  // namespace seam::webhooks
