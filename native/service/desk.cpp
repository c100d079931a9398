// native/service/desk.cpp — agents and the handoff desk: queue, claim, reply, resolve, and the
// case note written at resolution (see service.hpp).
#include <algorithm>

#include "identity/secret_hash.hpp"
#include "seam/core/json_read.hpp"
#include "seam/kpi/kpis.hpp"
#include "service/service.hpp"

namespace seam::service {

using nlohmann::json;

namespace {
// Stored JSON (payloads, skills): read back through the total readers of json_read.hpp, which
// take any value, since the store is data from outside too.
json ParseOr(const std::string& text) {
    json v = json::parse(text, nullptr, false);
    return v.is_discarded() ? json::object() : v;
}
// Waiting time raises priority: one point per minute, so an old normal case overtakes a
// new high one after 100 minutes.
std::int64_t Score(std::int64_t priority, std::int64_t created_at, std::int64_t now) {
    return priority + std::max<std::int64_t>(0, (now - created_at) / 60000);
}
}  // namespace

Result<Service::Agent> Service::AgentWhere(const std::string& login, std::string* secret_hash) {
    auto& s = db_->Cached(
        "SELECT id, login, name, role, skills, secret_hash FROM agents WHERE login = ?");
    s.Bind(1, login);
    if (!s.Next())
        return Error::Make("seam.service.bad_credentials", "unknown agent or wrong secret");
    Agent a;
    a.id = s.Int(0);
    a.login = s.Text(1);
    a.name = s.Text(2);
    a.role = s.Text(3);
    const json skills = ParseOr(s.Text(4));
    if (skills.is_array()) {
        for (const json& k : skills)
            if (k.is_string()) a.skills.push_back(k.get<std::string>());
    }
    if (secret_hash) *secret_hash = s.Text(5);
    s.Reset();
    return a;
}

Result<Service::Agent> Service::AgentByLogin(const std::string& login) {
    auto guard = lock();
    return AgentWhere(login, nullptr);
}

Result<Service::Agent> Service::AuthenticateAgent(const std::string& login,
                                                  const std::string& secret) {
    std::string stored;
    Result<Agent> agent = Error::Make("seam.service.bad_credentials", "");
    {
        auto guard = lock();
        agent = AgentWhere(login, &stored);
    }
    // No lock from here on: hashing takes tens of milliseconds on purpose.
    if (!agent) {
        identity::VerifyAgainstDummy(secret);
        return Error::Make("seam.service.bad_credentials", "unknown agent or wrong secret");
    }
    if (!identity::VerifySecret(secret, stored)) {
        return Error::Make("seam.service.bad_credentials", "unknown agent or wrong secret");
    }
    if (identity::NeedsRehash(stored)) {
        const std::string fresh = identity::HashSecret(secret);
        auto guard = lock();
        JoinBatch();
        store::Transaction txn(*db_);
        auto& s =
            db_->Cached("UPDATE agents SET secret_hash = ? WHERE login = ? AND secret_hash = ?");
        if (s.Bind(1, fresh).Bind(2, login).Bind(3, stored).Run()) txn.Commit();
    }
    return agent;
}

json Service::Queue(const std::string& status, const std::string& skill) {
    auto guard = lock();
    auto& s = db_->Cached(
        "SELECT h.id, h.case_id, h.created_at, h.skill, h.priority, h.status, "
        "COALESCE(a.login, ''), h.payload, COALESCE(c.first_name || ' ' || c.last_name, ''), "
        "COALESCE(c.lifetime_value_cents, 0), COALESCE(k.intent, '') FROM handoffs h "
        "LEFT JOIN agents a ON a.id = h.agent_id JOIN cases k ON k.id = h.case_id "
        "LEFT JOIN customers c ON c.id = k.customer_id "
        "WHERE (? = '' AND h.status IN ('queued', 'claimed') OR h.status = ?) "
        "AND (? = '' OR h.skill = ?)");
    s.Bind(1, status).Bind(2, status).Bind(3, skill).Bind(4, skill);
    const std::int64_t now = Now();
    std::vector<std::pair<std::int64_t, json>> rows;
    while (s.Next()) {
        const json payload = ParseOr(s.Text(7));
        const std::int64_t score = Score(s.Int(4), s.Int(2), now);
        rows.push_back({score,
                        {{"id", s.Int(0)},
                         {"case_id", s.Text(1)},
                         {"created_at", s.Int(2)},
                         {"waiting_seconds", (now - s.Int(2)) / 1000},
                         {"skill", s.Text(3)},
                         {"priority", json_read::StringOr(payload, "priority", "normal")},
                         {"score", score},
                         {"status", s.Text(5)},
                         {"agent", s.Text(6)},
                         {"customer", s.Text(8)},
                         {"customer_value", s.Int(9) / 100.0},
                         {"intent", s.Text(10)},
                         {"reason", json_read::StringOr(payload, "reason")},
                         {"summary", json_read::StringOr(payload, "summary")}}});
    }
    s.Reset();
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return json_read::IntOr(a.second, "created_at") < json_read::IntOr(b.second, "created_at");
    });
    json out = json::array();
    for (auto& r : rows)
        out.push_back(std::move(r.second));
    return out;
}

Result<json> Service::Handoff(std::int64_t id) {
    auto guard = lock();
    auto& s = db_->Cached(
        "SELECT h.case_id, h.created_at, h.skill, h.status, COALESCE(a.login, ''), h.payload, "
        "COALESCE(h.outcome, ''), COALESCE(h.note, '') FROM handoffs h LEFT JOIN agents a ON "
        "a.id = h.agent_id WHERE h.id = ?");
    s.Bind(1, id);
    if (!s.Next()) return Error::Make("seam.service.not_found", "no handoff " + std::to_string(id));
    json h = {{"id", id},
              {"case_id", s.Text(0)},
              {"created_at", s.Int(1)},
              {"skill", s.Text(2)},
              {"status", s.Text(3)},
              {"agent", s.Text(4)},
              {"payload", ParseOr(s.Text(5))},
              {"outcome", s.Text(6)},
              {"note", s.Text(7)}};
    s.Reset();
    auto c = cases::Load(*db_, json_read::StringOr(h, "case_id"));
    if (!c) return c.error();
    json messages = json::array();
    for (const cases::Message& m : cases::MessagesAfter(*db_, c->id, 0))
        messages.push_back(m.ToJson());
    h["messages"] = messages;
    h["channels"] = cases::Channels(*db_, c->id);
    h["page_events"] = PageEvents(c->id, 10);
    h["case"] = {{"id", c->id},
                 {"status", c->status},
                 {"version", c->version},
                 {"intent", c->intent},
                 {"locale", json_read::StringOr(c->state, "locale", "en")}};
    if (c->customer_id) {
        auto who = CustomerById(c->customer_id);
        if (who) h["customer"] = who->ToJson();
        h["orders"] = Orders(c->customer_id, 10);
        auto& p = db_->Cached(
            "SELECT id, status, COALESCE(intent, ''), created_at, COALESCE(outcome, '') FROM cases "
            "WHERE customer_id = ? AND id <> ? ORDER BY created_at DESC LIMIT 10");
        p.Bind(1, c->customer_id).Bind(2, c->id);
        json past = json::array();
        while (p.Next()) {
            past.push_back({{"id", p.Text(0)},
                            {"status", p.Text(1)},
                            {"intent", p.Text(2)},
                            {"created_at", p.Int(3)},
                            {"outcome", p.Text(4)}});
        }
        p.Reset();
        h["past_cases"] = past;
    }
    return h;
}

Result<json> Service::Claim(std::int64_t id, const Agent& agent) {
    {
        auto guard = lock();
        const std::int64_t now = Now();
        JoinBatch();
        store::Transaction txn(*db_);
        auto& s = db_->Cached(
            "UPDATE handoffs SET status = 'claimed', agent_id = ?, claimed_at = ? WHERE id = ? AND "
            "status = 'queued'");
        auto ran = s.Bind(1, agent.id).Bind(2, now).Bind(3, id).Run();
        if (!ran) return ran.error();
        if (db_->Changes() == 0) {
            return Error::Make("seam.service.not_claimable",
                               "handoff " + std::to_string(id) +
                                   " is not waiting in the queue (someone claimed or resolved it)");
        }
        auto& u = db_->Cached(
            "UPDATE cases SET status = 'with_agent', version = version + 1, updated_at = ? WHERE "
            "id "
            "= (SELECT case_id FROM handoffs WHERE id = ?)");
        u.Bind(1, now).Bind(2, id).Run();
        auto& e = db_->Cached(
            "INSERT INTO events(at, case_id, customer_id, channel, kind, intent, data) SELECT "
            "CAST(? AS BIGINT), "
            "k.id, k.customer_id, k.channel, 'agent_claimed', k.intent, ? FROM cases k WHERE k.id "
            "= "
            "(SELECT case_id FROM handoffs WHERE id = ?)");
        e.Bind(1, now).Bind(2, json{{"agent", agent.login}}.dump()).Bind(3, id).Run();
        auto committed = txn.Commit();
        if (!committed) return committed.error();
    }
    return Handoff(id);
}

Result<json> Service::Reply(std::int64_t id, const Agent& agent, const std::string& text) {
    if (text.empty() || text.size() > 4000) {
        return Error::Make("seam.service.bad_request", "a reply is 1 to 4000 bytes of text");
    }
    auto guard = lock();
    auto& s = db_->Cached(
        "SELECT case_id, status, COALESCE(agent_id, 0), payload FROM handoffs WHERE id = ?");
    s.Bind(1, id);
    if (!s.Next()) return Error::Make("seam.service.not_found", "no handoff " + std::to_string(id));
    const std::string case_id = s.Text(0);
    const std::string status = s.Text(1);
    const std::int64_t owner = s.Int(2);
    const json payload = ParseOr(s.Text(3));
    s.Reset();
    if (status != "claimed" || owner != agent.id) {
        return Error::Make("seam.service.not_yours", "claim the handoff before replying to it");
    }
    auto c = cases::Load(*db_, case_id);
    if (!c) return c.error();
    std::vector<std::string> held;
    if (const json* slots = json_read::Find(payload, "slots"); slots && slots->is_array()) {
        for (const json& slot : *slots)
            held.push_back(json_read::StringOr(slot, "slot"));
    }
    const json reasked =
        kpi::ReaskedSlots(text, held, json_read::StringOr(c->state, "locale", "en"));
    const std::int64_t now = Now();
    JoinBatch();
    store::Transaction txn(*db_);
    cases::Message m{0, now, "agent", agent.login, c->channel, text, agent.name};
    auto mid = cases::AppendMessage(*db_, case_id, m);
    if (!mid) return mid.error();
    m.id = *mid;
    cases::AppendEvent(*db_, now, case_id, c->customer_id, c->channel, "message_out", c->intent,
                       {{"sender", "agent"}, {"agent", agent.login}});
    cases::AppendEvent(*db_, now, case_id, c->customer_id, c->channel, "agent_message", c->intent,
                       {{"agent", agent.login}, {"reasked_slots", reasked}});
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    NotifyCase(case_id);
    return json{{"message", m.ToJson()}, {"reasked_slots", reasked}};
}

Result<json> Service::Resolve(std::int64_t id, const Agent& agent, const std::string& outcome) {
    if (outcome != "resolved" && outcome != "abandoned" && outcome != "escalated") {
        return Error::Make("seam.service.bad_request",
                           "outcome is resolved, abandoned or escalated");
    }
    {
        auto guard = lock();
        auto& s = db_->Cached(
            "SELECT case_id, status, COALESCE(agent_id, 0), payload FROM handoffs WHERE id = ?");
        s.Bind(1, id);
        if (!s.Next())
            return Error::Make("seam.service.not_found", "no handoff " + std::to_string(id));
        const std::string case_id = s.Text(0);
        const std::string status = s.Text(1);
        const std::int64_t owner = s.Int(2);
        const json payload = ParseOr(s.Text(3));
        s.Reset();
        if (status != "claimed" || (owner != agent.id && agent.role != "admin")) {
            return Error::Make("seam.service.not_yours",
                               "only the agent who claimed it (or an admin) can resolve it");
        }
        auto c = cases::Load(*db_, case_id);
        if (!c) return c.error();
        // The case note: what automation learned, what the agent said, how it ended.
        std::string note = json_read::StringOr(payload, "summary");
        int agent_lines = 0;
        for (const cases::Message& m : cases::MessagesAfter(*db_, case_id, 0)) {
            if (m.sender == "agent") {
                note += (agent_lines++ == 0 ? "\nAgent " + m.agent + " replied: " : " / ") + m.text;
            }
        }
        note += "\nOutcome: " + outcome + " by " + agent.login + ".";
        const std::int64_t now = Now();
        JoinBatch();
        store::Transaction txn(*db_);
        auto& u = db_->Cached(
            "UPDATE handoffs SET status = 'resolved', resolved_at = ?, outcome = ?, note = ? WHERE "
            "id = ?");
        auto ran = u.Bind(1, now).Bind(2, outcome).Bind(3, note).Bind(4, id).Run();
        if (!ran) return ran.error();
        c->status = outcome == "resolved"    ? "resolved"
                    : outcome == "abandoned" ? "abandoned"
                                             : "with_agent";
        auto& k = db_->Cached(
            "UPDATE cases SET status = ?, outcome = ?, resolved_at = ?, version = version + 1, "
            "updated_at = ? WHERE id = ?");
        k.Bind(1, c->status).Bind(2, outcome).Bind(3, now).Bind(4, now).Bind(5, case_id).Run();
        // The customer's widget learns it at once (its long poll wakes on this message).
        cases::AppendMessage(*db_, case_id,
                             {0, now, "system", "", c->channel, "case_" + c->status, ""});
        cases::AppendEvent(*db_, now, case_id, c->customer_id, c->channel, "case_resolved",
                           c->intent,
                           {{"outcome", outcome}, {"by", "agent"}, {"agent", agent.login}});
        const bool webhook_queued = QueueWebhook("case.resolved",
                                                 {{"case_id", case_id},
                                                  {"handoff_id", id},
                                                  {"intent", c->intent},
                                                  {"outcome", outcome},
                                                  {"by", "agent"},
                                                  {"agent", agent.login},
                                                  {"note", note}},
                                                 now);
        auto committed = txn.Commit();
        if (!committed) return committed.error();
        NotifyCase(case_id);
        if (webhook_queued) PokeWebhooks();
    }
    return Handoff(id);
}

}  // namespace seam::service
