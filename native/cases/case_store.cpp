// native/cases/case_store.cpp — cases, messages, channel links and events in SQLite.
#include "cases/case_store.hpp"

#include <limits>

#include "seam/core/json_text.hpp"
#include "seam/flow/engine.hpp"

namespace seam::cases {

using nlohmann::json;

namespace {
json ParseOr(const std::string& text, json fallback) {
    json v = json::parse(text, nullptr, false);
    return v.is_discarded() ? fallback : v;
}
Case Row(store::Stmt& s) {
    Case c;
    c.id = s.Text(0);
    c.customer_id = s.IsNull(1) ? 0 : s.Int(1);
    c.status = s.Text(2);
    c.version = s.Int(3);
    c.state = ParseOr(s.Text(4), json::object());
    flow::Engine::DropTranscript(c.state);  // an older seamd's state; total on any shape
    c.channel = s.Text(5);
    c.intent = s.Text(6);
    c.created_at = s.Int(7);
    c.updated_at = s.Int(8);
    return c;
}
}  // namespace

json Message::ToJson() const {
    json j = {{"id", id}, {"at", at}, {"sender", sender}, {"channel", channel}, {"text", text}};
    if (!agent.empty()) j["agent"] = agent;
    if (!agent_name.empty()) j["agent_name"] = agent_name;
    return j;
}

Result<Case> Create(store::Db& db, const std::string& id, std::int64_t customer_id,
                    const std::string& channel, const json& state, std::int64_t now) {
    auto& s = db.Cached(
        "INSERT INTO cases(id, customer_id, status, version, state, channel, created_at, "
        "updated_at) VALUES (?, ?, 'open', 1, ?, ?, ?, ?)");
    s.Bind(1, id).Bind(3, seam::DumpJson(state)).Bind(4, channel).Bind(5, now).Bind(6, now);
    if (customer_id)
        s.Bind(2, customer_id);
    else
        s.BindNull(2);
    auto ran = s.Run();
    if (!ran) return ran.error();
    Case c;
    c.id = id;
    c.customer_id = customer_id;
    c.status = "open";
    c.version = 1;
    c.state = state;
    c.channel = channel;
    c.created_at = c.updated_at = now;
    return c;
}

Result<Case> Load(store::Db& db, const std::string& id) {
    auto& s = db.Cached(
        "SELECT id, customer_id, status, version, state, channel, COALESCE(intent, ''), "
        "created_at, updated_at FROM cases WHERE id = ?");
    s.Bind(1, id);
    if (!s.Next()) return Error::Make("seam.cases.not_found", "no case \"" + id + "\"");
    Case c = Row(s);
    s.Reset();
    return c;
}

std::optional<std::string> LatestOpenCase(store::Db& db, std::int64_t customer_id) {
    auto& s = db.Cached(
        "SELECT id FROM cases WHERE customer_id = ? AND status IN ('open', 'waiting_agent', "
        "'with_agent') ORDER BY updated_at DESC LIMIT 1");
    s.Bind(1, customer_id);
    std::optional<std::string> id;
    if (s.Next()) id = s.Text(0);
    s.Reset();
    return id;
}

std::optional<std::string> CurrentCase(store::Db& db, std::int64_t customer_id, std::int64_t now,
                                       std::int64_t recent_ms) {
    if (auto open = LatestOpenCase(db, customer_id)) return open;
    auto& s = db.Cached(
        "SELECT id FROM cases WHERE customer_id = ? AND updated_at >= ? ORDER BY updated_at DESC "
        "LIMIT 1");
    s.Bind(1, customer_id).Bind(2, now - recent_ms);
    std::optional<std::string> id;
    if (s.Next()) id = s.Text(0);
    s.Reset();
    return id;
}

Result<bool> Save(store::Db& db, Case& c, std::int64_t now) {
    return Save(db, c, now, seam::DumpJson(c.state));
}

Result<bool> Save(store::Db& db, Case& c, std::int64_t now, const std::string& state_text) {
    auto& s = db.Cached(
        "UPDATE cases SET state = ?, status = ?, intent = NULLIF(?, ''), version = version + 1, "
        "updated_at = ?, resolved_at = CASE WHEN ? IN ('resolved', 'abandoned') THEN ? ELSE "
        "resolved_at END WHERE id = ? AND version = ?");
    s.Bind(1, state_text)
        .Bind(2, c.status)
        .Bind(3, c.intent)
        .Bind(4, now)
        .Bind(5, c.status)
        .Bind(6, now)
        .Bind(7, c.id)
        .Bind(8, c.version);
    auto ran = s.Run();
    if (!ran) return ran.error();
    if (db.Changes() == 0) {
        auto current = Load(db, c.id);
        if (!current) return current.error();
        return Error::Make("seam.cases.conflict",
                           "case " + c.id + " is at version " + std::to_string(current->version) +
                               ", not " + std::to_string(c.version) +
                               ": someone else updated it; read it again and retry");
    }
    c.version += 1;
    c.updated_at = now;
    return true;
}

Result<bool> SaveStatus(store::Db& db, Case& c, std::int64_t now) {
    auto& s = db.Cached(
        "UPDATE cases SET status = ?, intent = NULLIF(?, ''), version = version + 1, "
        "updated_at = ? WHERE id = ? AND version = ?");
    s.Bind(1, c.status).Bind(2, c.intent).Bind(3, now).Bind(4, c.id).Bind(5, c.version);
    auto ran = s.Run();
    if (!ran) return ran.error();
    if (db.Changes() == 0) {
        return Error::Make("seam.cases.conflict",
                           "case " + c.id + " changed meanwhile; read it again and retry");
    }
    c.version += 1;
    c.updated_at = now;
    return true;
}

Result<bool> SetCustomer(store::Db& db, const std::string& id, std::int64_t customer_id) {
    auto& s = db.Cached("UPDATE cases SET customer_id = ? WHERE id = ?");
    return s.Bind(1, customer_id).Bind(2, id).Run();
}

Result<bool> TouchChannel(store::Db& db, const std::string& id, const std::string& channel,
                          const std::string& address, std::int64_t now) {
    auto& s = db.Cached(
        "INSERT INTO case_channels(case_id, channel, address, first_at, last_at) VALUES (?, ?, "
        "?, ?, ?) ON CONFLICT(case_id, channel, address) DO UPDATE SET last_at = excluded.last_at");
    return s.Bind(1, id).Bind(2, channel).Bind(3, address).Bind(4, now).Bind(5, now).Run();
}

std::vector<json> Channels(store::Db& db, const std::string& id) {
    auto& s = db.Cached(
        "SELECT channel, address, first_at, last_at FROM case_channels WHERE case_id = ? ORDER "
        "BY first_at");
    s.Bind(1, id);
    std::vector<json> out;
    while (s.Next()) {
        out.push_back({{"channel", s.Text(0)},
                       {"address", s.Text(1)},
                       {"first_at", s.Int(2)},
                       {"last_at", s.Int(3)}});
    }
    s.Reset();
    return out;
}

Result<std::int64_t> AppendMessage(store::Db& db, const std::string& case_id, const Message& m) {
    auto& s = db.Cached(
        "INSERT INTO messages(case_id, at, sender, agent_id, channel, text) VALUES (?, ?, ?, "
        "(SELECT id FROM agents WHERE login = ?), ?, ?)");
    s.Bind(1, case_id)
        .Bind(2, m.at)
        .Bind(3, m.sender)
        .Bind(4, m.agent)
        .Bind(5, m.channel)
        .Bind(6, m.text);
    auto ran = s.Run();
    if (!ran) return ran.error();
    return db.LastInsertId();
}

std::vector<Message> MessagesAfter(store::Db& db, const std::string& case_id, std::int64_t after) {
    auto& s = db.Cached(
        "SELECT m.id, m.at, m.sender, COALESCE(a.login, ''), m.channel, m.text, "
        "COALESCE(a.name, '') FROM messages m "
        "LEFT JOIN agents a ON a.id = m.agent_id WHERE m.case_id = ? AND m.id > ? ORDER BY m.id");
    s.Bind(1, case_id).Bind(2, after);
    std::vector<Message> out;
    while (s.Next()) {
        out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
    }
    s.Reset();
    return out;
}

json TranscriptLines(store::Db& db, const std::string& case_id, std::size_t limit) {
    auto& s = db.Cached(
        "SELECT sender, text FROM (SELECT id, sender, text FROM messages WHERE case_id = ? AND "
        "sender IN ('customer', 'bot', 'agent') ORDER BY id DESC LIMIT ?) AS recent ORDER BY id");
    s.Bind(1, case_id)
        .Bind(2, limit ? static_cast<std::int64_t>(limit)
                       : std::numeric_limits<std::int64_t>::max());  // -1 is SQLite's only
    json out = json::array();
    while (s.Next()) {
        const std::string sender = s.Text(0);
        out.push_back({{"from", sender == "bot" ? "seam" : sender}, {"text", s.Text(1)}});
    }
    s.Reset();
    return out;
}

Result<bool> AppendEvent(store::Db& db, std::int64_t at, const std::string& case_id,
                         std::int64_t customer_id, const std::string& channel,
                         const std::string& kind, const std::string& intent, const json& data) {
    auto& s = db.Cached(
        "INSERT INTO events(at, case_id, customer_id, channel, kind, intent, data) VALUES (?, "
        "NULLIF(?, ''), NULLIF(?, 0), NULLIF(?, ''), ?, NULLIF(?, ''), ?)");
    s.Bind(1, at)
        .Bind(2, case_id)
        .Bind(3, customer_id)
        .Bind(4, channel)
        .Bind(5, kind)
        .Bind(6, intent)
        .Bind(7, seam::DumpJson(data));
    return s.Run();
}

}  // namespace seam::cases
