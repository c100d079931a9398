// native/service/proactive.cpp — Seam reaching out first (service.hpp [SECTION] Proactive
// engagement): business events and daily schedules matched against the triggers, each match
// decided in one place (seam/proactive/suppression.hpp), every decision logged, the sent ones
// delivered as a conversation that is already under way.
//
//   IngestEvent ─┐                                   ┌─ sent: a case (trigger's words + its
//   schedules   ─┼─► facts ─► Match ─► DecideLocked ─┤   flow started, slots filled) on the
//   deferred    ─┘                                   │   widget, or email/SMS via the outbox
//                                                    └─ held back: why (and, for quiet hours,
//                                                       when to decide again)
//
// A run is decided in passes, each holding the store's lock from its first read to its commit.
// The http actions a sent message's flow begins with are called between passes, without the
// lock: the pass that reached them is rolled back, and the next one replays their records
// (service.hpp, ProactiveCalls).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "seam/core/hash.hpp"
#include "seam/core/json_read.hpp"
#include "seam/core/json_text.hpp"
#include "seam/proactive/suppression.hpp"
#include "seam/proactive/time_zone.hpp"
#include "service/service.hpp"
#include "store/node_lock.hpp"

namespace seam::service {

using nlohmann::json;

namespace {

constexpr const char* kHoldoutSalt = "seam/proactive/holdout/v1";
constexpr const char* kSettingsKey = "proactive.settings";

//! "HH:MM" -> minutes after midnight, or -1.
int Minutes(const std::string& hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return -1;
    for (int i : {0, 1, 3, 4})
        if (hhmm[i] < '0' || hhmm[i] > '9') return -1;
    const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h > 23 || m > 59) return -1;
    return h * 60 + m;
}

std::string Hhmm(int minutes) {
    minutes = std::max(0, std::min(minutes, 24 * 60 - 1));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

//! The replies effect of `effects` as [{"value", "label"}], or [].
json RepliesOf(const std::vector<flow::Effect>& effects) {
    json out = json::array();
    for (const flow::Effect& e : effects) {
        if (e.kind != flow::EffectKind::kQuickReplies) continue;
        out = json::array();
        for (const auto& [value, label] : e.options)
            out.push_back({{"value", value}, {"label", label}});
    }
    return out;
}

}  // namespace

// [SECTION] Settings

Service::ProactiveSettings Service::ProactiveSettingsLocked() {
    const content_store::AssistantPtr assistant = CurrentAssistant();
    ProactiveSettings s;
    s.policy = assistant->proactive_policy();
    auto& q = db_->Cached("SELECT value FROM settings WHERE key = ?");
    q.Bind(1, kSettingsKey);
    json changes = json::object();
    if (q.Next()) changes = json::parse(q.Text(0), nullptr, false);
    q.Reset();
    if (!changes.is_object()) return s;
    s.enabled = json_read::BoolOr(changes, "enabled", true);
    if (const json* quiet = json_read::Find(changes, "quiet_hours"); quiet && quiet->is_object()) {
        const int from = Minutes(json_read::StringOr(*quiet, "from"));
        const int to = Minutes(json_read::StringOr(*quiet, "to"));
        if (from >= 0 && to >= 0) {
            s.policy.quiet_from_minutes = from;
            s.policy.quiet_to_minutes = to;
        }
    }
    for (auto [key, field] : {std::pair<const char*, int*>{"per_day", &s.policy.per_day},
                              {"per_week", &s.policy.per_week},
                              {"holdout_percent", &s.policy.holdout_percent}}) {
        const json* v = json_read::Find(changes, key);
        if (v && v->is_number_integer()) *field = v->get<int>();
    }
    return s;
}

Result<json> Service::SetProactiveSettings(const json& changes, const std::string& actor) {
    const content_store::AssistantPtr assistant = CurrentAssistant();
    if (!changes.is_object()) {
        return Error::Make("seam.proactive.settings", "the settings are a JSON object");
    }
    for (const auto& [key, value] : changes.items()) {
        if (key == "enabled") {
            if (!value.is_boolean()) {
                return Error::Make("seam.proactive.settings", "enabled: true or false");
            }
        } else if (key == "quiet_hours") {
            if (!value.is_object() || Minutes(json_read::StringOr(value, "from")) < 0 ||
                Minutes(json_read::StringOr(value, "to")) < 0) {
                return Error::Make("seam.proactive.settings",
                                   "quiet_hours: {\"from\": \"HH:MM\", \"to\": \"HH:MM\"} in the "
                                   "customer's own time (equal times: no quiet hours)");
            }
        } else if (key == "per_day" || key == "per_week") {
            const std::int64_t most = key == "per_day" ? 100 : 700;
            if (!value.is_number_integer() || value.get<std::int64_t>() < 1 ||
                value.get<std::int64_t>() > most) {
                return Error::Make("seam.proactive.settings",
                                   key + ": a whole number, 1 to " + std::to_string(most) +
                                       " (to stop every message, set \"enabled\": false)");
            }
        } else if (key == "holdout_percent") {
            if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
                value.get<std::int64_t>() > 50) {
                return Error::Make("seam.proactive.settings",
                                   "holdout_percent: a whole number, 0 to 50");
            }
        } else {
            return Error::Make("seam.proactive.settings",
                               "unknown setting \"" + key +
                                   "\" (enabled, quiet_hours, per_day, per_week, holdout_percent)");
        }
    }
    auto guard = lock();
    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return txn.failure();
    json current = json::object();
    {
        auto& q = db_->Cached("SELECT value FROM settings WHERE key = ?");
        q.Bind(1, kSettingsKey);
        if (q.Next()) current = json::parse(q.Text(0), nullptr, false);
        q.Reset();
        if (!current.is_object()) current = json::object();
    }
    for (const auto& [key, value] : changes.items())
        current[key] = value;
    {
        // A week holds at least a day's messages (as the policy file must).
        const proactive::Policy check = assistant->proactive_policy();
        const std::int64_t day = json_read::IntOr(current, "per_day", check.per_day);
        const std::int64_t week = json_read::IntOr(current, "per_week", check.per_week);
        if (week < day) {
            return Error::Make("seam.proactive.settings", "per_week (" + std::to_string(week) +
                                                              ") is less than per_day (" +
                                                              std::to_string(day) + ")");
        }
    }
    auto& put = db_->Cached(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    put.Bind(1, kSettingsKey).Bind(2, seam::DumpJson(current));
    auto stored = put.Run();
    if (!stored) return stored.error();
    const std::int64_t now = Now();
    auto& audit = db_->Cached(
        "INSERT INTO audit(at, actor, action, target, params, decision, outcome, result) "
        "VALUES (?, ?, 'proactive_settings', 'proactive', ?, '{}', 'ok', ?)");
    audit.Bind(1, now)
        .Bind(2, actor)
        .Bind(3, seam::DumpJson(changes))
        .Bind(4, seam::DumpJson(current));
    auto audited = audit.Run();
    if (!audited) return audited.error();
    cases::AppendEvent(*db_, now, "", 0, "", "proactive_settings", "",
                       {{"changes", changes}, {"by", actor}});
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    const ProactiveSettings in_force = ProactiveSettingsLocked();
    return json{{"enabled", in_force.enabled},
                {"quiet_hours",
                 {{"from", Hhmm(in_force.policy.quiet_from_minutes)},
                  {"to", Hhmm(in_force.policy.quiet_to_minutes)}}},
                {"per_day", in_force.policy.per_day},
                {"per_week", in_force.policy.per_week},
                {"dedupe_days", in_force.policy.dedupe_days},
                {"holdout_percent", in_force.policy.holdout_percent}};
}

Result<bool> Service::WriteInBatch(const std::function<Result<bool>(store::Db&)>& write) {
    auto guard = lock();
    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return txn.failure();
    auto done = write(*db_);
    if (!done) return done.error();
    return txn.Commit();
}

void Service::SetUnsubscribeLinks(
    std::function<std::string(const std::string&, const std::string&)> f) {
    unsubscribe_link_ = std::move(f);
}

void Service::NotifyCustomer(std::int64_t customer_id) {
    NotifyCase("customer:" + std::to_string(customer_id));
}

// [SECTION] Deciding and delivering

Result<bool> Service::DecideLocked(const proactive_facts::Subject& subject,
                                   const proactive::Candidate& candidate, const json& source,
                                   std::int64_t now, json& out, std::vector<std::int64_t>& wake,
                                   bool& webhook_queued, ProactiveCalls& calls) {
    const auto current = library_->Current();  // the version new conversations start on
    const content_store::AssistantPtr& assistant = current.second;
    const ProactiveSettings settings = ProactiveSettingsLocked();
    const bool outbox = !webhooks_.url.empty();
    proactive::Situation situation =
        proactive_facts::SituationFor(*db_, subject, candidate.trigger, now, outbox);
    situation.kill_switch = !settings.enabled;
    situation.holdout =
        proactive::InHoldout(subject.external_id, kHoldoutSalt, settings.policy.holdout_percent);
    const proactive::Decision decision =
        proactive::Decide(candidate.object_key, candidate.channels, situation, settings.policy);
    const std::string group = situation.holdout ? "holdout" : "treated";

    std::string case_id;
    json replies = json::array();
    if (decision.send) {
        // The conversation is under way before the customer sees it: the trigger's words, then
        // the flow started with what we already know (the order, the subscription), its first
        // actions run as in a turn (a refund's status, recommendations), up to where it waits.
        const flow::Engine& engine = assistant->engine();
        // The same case id in every pass of the run, so its actions' keys replay the calls an
        // earlier pass made (ProactiveCalls).
        std::string candidate_key = std::to_string(subject.customer_id) + "\n" + candidate.trigger +
                                    "\n" + candidate.object_key;
        candidate_key += "\n" + std::to_string(calls.seen[candidate_key]++);
        std::string& kept_id = calls.case_ids[candidate_key];
        if (kept_id.empty()) kept_id = NewId("c_");
        case_id = kept_id;
        auto who = CustomerById(subject.customer_id);
        if (!who) return who.error();
        json state = flow::Engine::NewState(case_id, subject.locale, CustomerBlock(*who, true),
                                            flow::Engine::Transcript::kWithHost);
        state["context"]["channel"] = decision.channel;
        state["context"]["today"] = FormatIsoDate(assistant->today());
        state["context"]["content_version"] = current.first;
        state["context"]["proactive"] = {{"trigger", candidate.trigger},
                                         {"object", candidate.object_key}};
        for (const auto& [slot, value] : candidate.slots) {
            state["slots"][slot] = value;
            // Set by the business, not said by the customer, and already known to be right: a
            // choice on it goes on without asking or "Noted: ..." (as conversation scripts'
            // `open` does).
            state["slot_log"][slot] = {{"value", value}, {"source", "set"}, {"confirmed", true}};
        }
        flow::Event start;
        start.kind = flow::EventKind::kStart;
        start.flow = candidate.flow;
        auto first = engine.Step(state, start);
        if (!first) return first.error();
        std::vector<flow::Effect> all;
        std::vector<flow::Effect> effects = std::move(first.value());
        for (int round = 0; round < 8; ++round) {
            std::optional<std::size_t> action_at;  // an index: `all` may grow after it
            for (flow::Effect& e : effects) {
                if (e.kind == flow::EffectKind::kAction) action_at = all.size();
                all.push_back(std::move(e));
            }
            if (!action_at) break;
            const flow::Effect* action = &all[*action_at];
            actions::Request request;
            request.name = action->name;
            request.params = action->params;
            request.actor.kind = "customer";
            request.actor.customer_id = subject.customer_id;
            request.actor.external_id = subject.external_id;
            request.actor.verified = true;
            request.locale = subject.locale;
            request.idempotency_key = "proactive:" + case_id + ":" + std::to_string(round);
            request.case_id = case_id;
            request.now_ms = now;
            request.today = assistant->today();
            if (calls.let_go && http_actions_.count(request.name) != 0 &&
                calls.answered.count(request.idempotency_key) == 0) {
                // Called between passes, without the lock: this pass is rolled back, and the
                // next one gets the answer from the action's record (ProactiveCalls).
                calls.wanted.push_back(std::move(request));
                break;
            }
            auto response = runner_.Run(*db_, request);
            flow::Event result;
            result.kind = flow::EventKind::kActionResult;
            if (response) {
                result.outcome = response->outcome;
                result.result = response->result;
            } else {
                result.outcome = "error";
                result.result = {{"error", response.error().message}};
            }
            auto next = engine.StepInPlace(state, result);
            if (!next) return next.error();
            effects = std::move(next.value());
        }
        auto created = cases::Create(*db_, case_id, subject.customer_id, decision.channel,
                                     json::object(), now);
        if (!created) return created.error();
        cases::Case c = std::move(*created);
        const std::string address = decision.channel == "email" ? subject.email
                                    : decision.channel == "sms" ? subject.phone
                                                                : "";
        TouchChannel(case_id, decision.channel, address, now);
        cases::AppendEvent(*db_, now, case_id, subject.customer_id, decision.channel, "case_opened",
                           "", {{"proactive", candidate.trigger}});
        std::string said = candidate.message;
        cases::Message opening{0, now, "bot", "", decision.channel, candidate.message, ""};
        auto opening_id = cases::AppendMessage(*db_, case_id, opening);
        if (!opening_id) return opening_id.error();
        bool ended = false;
        bool handed_off = false;
        for (const flow::Effect& e : all) {
            if (e.kind == flow::EffectKind::kSay) {
                cases::Message m{0, now, "bot", "", decision.channel, e.text, ""};
                auto id = cases::AppendMessage(*db_, case_id, m);
                if (!id) return id.error();
                said += "\n\n" + e.text;
            } else if (e.kind == flow::EffectKind::kEnd) {
                ended = true;
            } else if (e.kind == flow::EffectKind::kHandoff) {
                handed_off = true;
            }
        }
        if (handed_off) {
            // Nobody asked for a person yet: a flow that hands off before the customer has said
            // anything is not one to open proactively (seam check's job); nothing is sent.
            return Error::Make("seam.proactive.flow_hands_off",
                               "flow " + candidate.flow + " hands off before the customer answers");
        }
        replies = RepliesOf(all);
        const flow::Flow* f = engine.FindFlow(candidate.flow);
        if (f && !f->intents.empty()) c.intent = f->intents.front();
        cases::AppendEvent(*db_, now, case_id, subject.customer_id, decision.channel, "message_out",
                           c.intent, {{"sender", "bot"}});
        cases::AppendEvent(*db_, now, case_id, subject.customer_id, decision.channel,
                           "flow_started", c.intent, {{"flow", candidate.flow}});
        if (ended) {  // a message that needs no answer (a refund issued) resolves as it is sent
            c.status = "resolved";
            cases::AppendEvent(*db_, now, case_id, subject.customer_id, decision.channel,
                               "case_resolved", c.intent, {{"outcome", "resolved"}, {"by", "bot"}});
        }
        c.state = std::move(state);
        auto saved = cases::Save(*db_, c, now);
        if (!saved) return saved.error();
        if (decision.channel == "widget") {
            wake.push_back(subject.customer_id);
        } else {
            json data = {{"channel", decision.channel},
                         {"to", address},
                         {"locale", subject.locale},
                         {"customer", subject.external_id},
                         {"case_id", case_id},
                         {"trigger", candidate.trigger},
                         {"text", said},
                         {"replies", replies}};
            if (unsubscribe_link_) {
                data["unsubscribe_url"] = unsubscribe_link_(subject.external_id, decision.channel);
            }
            auto queued = webhooks::Enqueue(*db_, webhooks_, now, "proactive.message", data);
            if (!queued) return queued.error();  // never recorded as sent when it cannot go out
            webhook_queued |= *queued;
        }
    } else if (decision.reason == "quiet_hours" && decision.deferred_until > 0) {
        // Decided again when the customer's night is over, from what is true then (one entry
        // per customer and object).
        auto& hold = db_->Cached(
            "INSERT INTO proactive_deferred(customer_id, trigger_id, object_key, due_at, source) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(customer_id, object_key) DO UPDATE "
            "SET trigger_id = excluded.trigger_id, due_at = excluded.due_at, "
            "source = excluded.source");
        hold.Bind(1, subject.customer_id)
            .Bind(2, candidate.trigger)
            .Bind(3, candidate.object_key)
            .Bind(4, decision.deferred_until)
            .Bind(5, seam::DumpJson(source));
        auto held = hold.Run();
        if (!held) return held.error();
    }

    auto& row = db_->Cached(
        "INSERT INTO proactive_messages(customer_id, trigger_id, object_key, decided_at, sent, "
        "reason, channel, case_id, text, replies) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, ''), "
        "NULLIF(?, ''), ?, ?)");
    row.Bind(1, subject.customer_id)
        .Bind(2, candidate.trigger)
        .Bind(3, candidate.object_key)
        .Bind(4, now)
        .Bind(5, decision.send ? 1 : 0)
        .Bind(6, decision.reason)
        .Bind(7, decision.channel)
        .Bind(8, case_id)
        .Bind(9, candidate.message)
        .Bind(10, seam::DumpJson(replies));
    auto recorded = row.Run();
    if (!recorded) return recorded.error();
    json data = {{"trigger", candidate.trigger},
                 {"object", candidate.object_key},
                 {"decision", decision.send ? "sent" : "suppressed"},
                 {"reason", decision.reason},
                 {"group", group}};
    if (decision.deferred_until) data["deferred_until"] = decision.deferred_until;
    auto logged = cases::AppendEvent(*db_, now, case_id, subject.customer_id, decision.channel,
                                     "proactive", "", data);
    if (!logged) return logged.error();
    json entry = {{"trigger", candidate.trigger},
                  {"object", candidate.object_key},
                  {"send", decision.send},
                  {"reason", decision.reason},
                  {"group", group}};
    if (decision.send) {
        entry["channel"] = decision.channel;
        entry["case_id"] = case_id;
    }
    if (decision.deferred_until) entry["deferred_until"] = decision.deferred_until;
    out.push_back(std::move(entry));
    return true;
}

bool Service::DecideOneLocked(const proactive_facts::Subject& subject,
                              const proactive::Candidate& candidate, const json& source,
                              std::int64_t now, json& out, std::vector<std::int64_t>& wake,
                              bool& webhook_queued, ProactiveCalls& calls) {
    store::Transaction one(*db_);  // a savepoint: a failed candidate leaves nothing behind
    auto decided =
        one.ok() ? DecideLocked(subject, candidate, source, now, out, wake, webhook_queued, calls)
                 : Result<bool>(Error::Make("seam.store.busy", "no savepoint"));
    if (decided) decided = one.Commit();
    if (!decided) {
        std::fprintf(stderr,
                     "{\"level\":\"error\",\"what\":\"proactive decision\",\"object\":\"%s\","
                     "\"error\":\"%s\"}\n",
                     candidate.object_key.c_str(), decided.error().id.c_str());
        return false;
    }
    return true;
}

// [SECTION] Letting go of the lock for the calls

namespace {
// The passes of a proactive run whose http calls let go of the store's lock; the pass after
// them calls holding it (as every pass did before), so a run always ends. Each pass calls at
// least the first http action of every sent candidate's flow that it has not called yet: three
// cover flows that begin with up to three http actions in a row.
constexpr int kProactiveCallPasses = 3;
}  // namespace

void Service::ProactiveCallsOutside(std::unique_lock<std::mutex>& guard, ProactiveCalls& calls) {
    // The pass was rolled back, its cases' channel records with it: touched_ must not keep
    // them, or the next pass would skip writing them (TouchChannel).
    for (const auto& [candidate, case_id] : calls.case_ids)
        touched_.erase(case_id);
    for (actions::Request& request : calls.wanted) {
        request.outside_lock = LetGoForCall(guard);
        JoinBatch();
        // Recorded under its key, its answer or its error: the next pass replays it. A record
        // that could not be written (seam.actions.store) is asked again there, holding the lock.
        auto ran = runner_.Run(*db_, request);
        (void)ran;
        calls.answered.insert(request.idempotency_key);
    }
    calls.wanted.clear();
}

// [SECTION] Events in

Result<json> Service::IngestEvent(const proactive_facts::BusinessEvent& event,
                                  const std::string& body_hash) {
    const content_store::AssistantPtr assistant = CurrentAssistant();
    auto guard = lock();
    // One ingest of an id at a time: a resend while the first is in a call (the lock let go)
    // waits for it, then finds its record (IngestEventLocked) and answers it, with no second
    // call.
    event_done_.wait(guard, [&] { return events_ingesting_.count(event.id) == 0; });
    events_ingesting_.insert(event.id);
    struct Done {
        Service& service;
        const std::string& id;
        ~Done() {  // holding the lock (ProactiveCallsOutside takes it back after each call)
            service.events_ingesting_.erase(id);
            service.event_done_.notify_all();
        }
    } done{*this, event.id};
    ProactiveCalls calls;
    for (int attempt = 0;; ++attempt) {
        calls.let_go = attempt < kProactiveCallPasses;
        calls.seen.clear();
        auto result = IngestEventLocked(event, body_hash, assistant, calls);
        if (!result || calls.wanted.empty()) return result;
        ProactiveCallsOutside(guard, calls);  // the pass was rolled back: its calls, then again
    }
}

Result<json> Service::IngestEventLocked(const proactive_facts::BusinessEvent& event,
                                        const std::string& body_hash,
                                        const content_store::AssistantPtr& assistant,
                                        ProactiveCalls& calls) {
    {
        auto& seen = db_->Cached("SELECT body_hash, result FROM business_events WHERE id = ?");
        seen.Bind(1, event.id);
        if (seen.Next()) {
            const std::string hash = seen.Text(0);
            json first = json::parse(seen.Text(1), nullptr, false);
            seen.Reset();
            if (hash != body_hash) {
                return Error::Make(
                    "seam.proactive.event_id_reused",
                    "event id \"" + event.id + "\" was already received with another body");
            }
            if (!first.is_object()) first = json::object();
            first["duplicate"] = true;
            return first;
        }
        seen.Reset();
    }
    const std::int64_t now = Now();
    auto subject = proactive_facts::FactsFor(*db_, event, assistant->today(), now);
    if (!subject) return subject.error();
    std::vector<Error> errors;
    const std::vector<proactive::Candidate> candidates = proactive::Match(
        assistant->triggers(), event.type, "", subject->facts, subject->locale, &errors);

    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return txn.failure();
    json decisions = json::array();
    std::vector<std::int64_t> wake;
    bool webhook_queued = false;
    const json source = {{"event", proactive_facts::EventToJson(event)}};
    for (const proactive::Candidate& candidate : candidates) {
        // One that fails (logged) leaves nothing behind and does not hold the others back.
        DecideOneLocked(*subject, candidate, source, now, decisions, wake, webhook_queued, calls);
    }
    if (!calls.wanted.empty()) return json();  // rolled back (`txn` not committed)
    json result = {{"id", event.id},
                   {"type", event.type},
                   {"customer", subject->external_id},
                   {"duplicate", false},
                   {"decisions", decisions}};
    if (!errors.empty()) {
        json problems = json::array();
        for (const Error& e : errors)
            problems.push_back(e.message);
        result["problems"] = problems;
    }
    auto& keep = db_->Cached(
        "INSERT INTO business_events(id, type, received_at, at, customer_id, body_hash, "
        "order_number, data, result) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?)");
    keep.Bind(1, event.id)
        .Bind(2, event.type)
        .Bind(3, now)
        .Bind(4, event.at)
        .Bind(5, subject->customer_id)
        .Bind(6, body_hash)
        .Bind(7, json_read::StringOr(subject->facts.value("order", json::object()), "number"))
        .Bind(8, seam::DumpJson(event.data))
        .Bind(9, seam::DumpJson(result));
    auto kept = keep.Run();
    if (!kept) return kept.error();
    if (event.type != "page.viewed" && event.type != "cart.updated") {
        json data = event.data;
        data["type"] = event.type;
        data["id"] = event.id;
        auto logged = cases::AppendEvent(*db_, event.at, "", subject->customer_id, "",
                                         "business_event", "", data);
        if (!logged) return logged.error();
    }
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    for (std::int64_t customer : wake)
        NotifyCustomer(customer);
    if (webhook_queued) PokeWebhooks();
    return result;
}

// [SECTION] Schedules and the end of quiet hours

json Service::RunProactiveDue() {
    const content_store::AssistantPtr assistant = CurrentAssistant();
    auto guard = lock();
    ProactiveCalls calls;
    for (int attempt = 0;; ++attempt) {
        calls.let_go = attempt < kProactiveCallPasses;
        calls.seen.clear();
        json result = RunProactiveDueLocked(assistant, calls);
        if (calls.wanted.empty()) return result;
        ProactiveCallsOutside(guard, calls);  // the pass was rolled back: its calls, then again
    }
}

json Service::RunProactiveDueLocked(const content_store::AssistantPtr& assistant,
                                    ProactiveCalls& calls) {
    const std::int64_t now = Now();
    const Date today = assistant->today();
    // A schedule runs once per UTC day of the clock (the business day may be pinned).
    const std::string day = FormatIsoDate(CivilFromDays(now / (24LL * 3600 * 1000)));
    const int minute_of_day = static_cast<int>((now / 60000) % (24 * 60));
    json ran = json::array();
    std::vector<std::int64_t> wake;
    bool webhook_queued = false;
    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return {{"error", txn.failure().message}};
    // Several seamd nodes on one PostgreSQL store: one runs the due work at a time, until its
    // transaction ends, and the others leave it to that one (what it sends is then stored, so
    // the next run anywhere finds it done).
    auto alone = store::NodeLock::TryTakeForTransaction(*db_, "seam.proactive.due");
    if (!alone) return {{"error", alone.error().message}};
    if (!*alone) return {{"decisions", json::array()}, {"elsewhere", true}};

    // Candidates whose night has ended: their facts read again, matched and decided again, so
    // a parcel delivered overnight or a payment fixed since is not announced in the morning.
    struct Held {
        std::int64_t id = 0, customer_id = 0;
        std::string trigger;
        json source;
    };
    std::vector<Held> due;
    {
        auto& q = db_->Cached(
            "SELECT id, customer_id, trigger_id, source FROM proactive_deferred "
            "WHERE due_at <= ? ORDER BY due_at LIMIT 500");
        q.Bind(1, now);
        while (q.Next())
            due.push_back({q.Int(0), q.Int(1), q.Text(2), json::parse(q.Text(3), nullptr, false)});
        q.Reset();
    }
    for (const Held& h : due) {
        auto& drop = db_->Cached("DELETE FROM proactive_deferred WHERE id = ?");
        drop.Bind(1, h.id);
        drop.Run();
        std::vector<proactive::Trigger> one;
        for (const proactive::Trigger& t : assistant->triggers())
            if (t.id == h.trigger) one.push_back(t);
        if (one.empty() || !h.source.is_object()) continue;  // the trigger was removed since
        const proactive::Trigger& t = one.front();
        std::optional<proactive_facts::Subject> subject;
        if (const json* e = json_read::Find(h.source, "event"); e && e->is_object()) {
            auto facts =
                proactive_facts::FactsFor(*db_, proactive_facts::EventFromJson(*e), today, now);
            if (facts) subject = std::move(*facts);
        } else {
            subject =
                proactive_facts::ScheduleSubject(*db_, t.schedule_for_each, h.customer_id,
                                                 json_read::StringOr(h.source, "plan"), today);
        }
        if (!subject || subject->customer_id != h.customer_id) continue;
        for (const proactive::Candidate& c :
             proactive::Match(one, t.event, t.schedule_for_each, subject->facts, subject->locale)) {
            json decisions = json::array();
            if (DecideOneLocked(*subject, c, h.source, now, decisions, wake, webhook_queued,
                                calls)) {
                for (json& d : decisions)
                    ran.push_back(std::move(d));
            }
        }
    }

    // Daily schedules: once per day, at or after their time (UTC).
    const int dedupe_days = ProactiveSettingsLocked().policy.dedupe_days;
    for (const proactive::Trigger& t : assistant->triggers()) {
        if (t.schedule_for_each.empty()) continue;
        const int at = Minutes(t.schedule_at);
        if (at < 0 || minute_of_day < at) continue;
        auto& claim = db_->Cached(
            "INSERT INTO proactive_schedule_runs(trigger_id, day, ran_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING");
        claim.Bind(1, t.id).Bind(2, day).Bind(3, now);
        if (!claim.Run() || db_->Changes() == 0) continue;  // already ran today
        std::vector<proactive::Trigger> one = {t};
        for (const proactive_facts::Subject& subject :
             proactive_facts::ScheduleSubjects(*db_, t.schedule_for_each, today, now)) {
            const json* sub = json_read::Find(subject.facts, "subscription");
            const json source = {{"schedule", t.schedule_for_each},
                                 {"plan", sub ? json_read::StringOr(*sub, "plan") : std::string()}};
            for (const proactive::Candidate& c :
                 proactive::Match(one, "", t.schedule_for_each, subject.facts, subject.locale)) {
                // A schedule finds the same objects day after day: one already reached (or held
                // out) within the de-duplication window is not decided again, so the log holds
                // decisions, not a daily "duplicate" per customer.
                auto& seen = db_->Cached(
                    "SELECT EXISTS(SELECT 1 FROM proactive_messages WHERE customer_id = ? AND "
                    "object_key = ? AND decided_at > ? AND (sent = 1 OR reason = 'holdout'))");
                seen.Bind(1, subject.customer_id)
                    .Bind(2, c.object_key)
                    .Bind(3, now - static_cast<std::int64_t>(dedupe_days) * 24 * 3600 * 1000);
                const bool decided = seen.Next() && seen.Int(0) != 0;
                seen.Reset();
                if (decided) continue;
                json decisions = json::array();
                if (DecideOneLocked(subject, c, source, now, decisions, wake, webhook_queued,
                                    calls)) {
                    for (json& d : decisions)
                        ran.push_back(std::move(d));
                }
            }
        }
    }
    if (!calls.wanted.empty()) return json();  // rolled back (`txn` not committed)
    auto committed = txn.Commit();
    if (!committed) return {{"error", committed.error().message}};
    for (std::int64_t customer : wake)
        NotifyCustomer(customer);
    if (webhook_queued) PokeWebhooks();
    return {{"decisions", ran}};
}

// [SECTION] The widget's side

json Service::PendingProactive(std::int64_t customer_id, std::int64_t after, int wait_ms) {
    auto guard = lock();
    auto read = [&] {
        json out = json::array();
        auto& q = db_->Cached(
            "SELECT m.id, m.case_id, m.trigger_id, m.text, COALESCE(m.replies, '[]'), "
            "m.decided_at FROM proactive_messages m JOIN cases c ON c.id = m.case_id "
            "WHERE m.customer_id = ? AND m.sent = 1 AND m.channel = 'widget' AND m.id > ? "
            "AND m.seen_at IS NULL AND c.status = 'open' ORDER BY m.id LIMIT 20");
        q.Bind(1, customer_id).Bind(2, after);
        while (q.Next()) {
            out.push_back({{"id", q.Int(0)},
                           {"case_id", q.Text(1)},
                           {"trigger", q.Text(2)},
                           {"text", q.Text(3)},
                           {"replies", json::parse(q.Text(4), nullptr, false)},
                           {"at", q.Int(5)}});
        }
        q.Reset();
        return out;
    };
    json found;
    WaitLocked(guard, "customer:" + std::to_string(customer_id), wait_ms, [&] {
        found = read();
        return !found.empty();
    });
    return found;
}

Result<bool> Service::ProactiveSeen(const std::string& case_id) {
    auto guard = lock();
    JoinBatch();
    auto& q = db_->Cached(
        "UPDATE proactive_messages SET seen_at = ? WHERE case_id = ? AND seen_at IS NULL");
    q.Bind(1, Now()).Bind(2, case_id);
    return q.Run();
}

Result<bool> Service::ProactiveOptOut(std::int64_t customer_id, const std::string& channel,
                                      const std::string& source) {
    if (channel != "*" && proactive::KnownChannels().count(channel) == 0) {
        return Error::Make("seam.proactive.channel",
                           "channel is widget, email, sms or \"*\" (all of them)");
    }
    auto guard = lock();
    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return txn.failure();
    const std::int64_t now = Now();
    auto& q = db_->Cached(
        "INSERT INTO proactive_consent(customer_id, channel, opted_out_at, source) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(customer_id, channel) DO NOTHING");
    q.Bind(1, customer_id).Bind(2, channel).Bind(3, now).Bind(4, source);
    auto ran = q.Run();
    if (!ran) return ran.error();
    if (db_->Changes() > 0) {
        cases::AppendEvent(*db_, now, "", customer_id, channel == "*" ? "" : channel,
                           "proactive_opt_out", "", {{"channel", channel}, {"source", source}});
    }
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    return true;
}

// [SECTION] The console's view

json Service::ProactiveOverview(int limit) {
    const content_store::AssistantPtr assistant = CurrentAssistant();
    auto guard = lock();
    const ProactiveSettings s = ProactiveSettingsLocked();
    json triggers = json::array();
    for (const proactive::Trigger& t : assistant->triggers()) {
        json one = {{"id", t.id},
                    {"description", t.description},
                    {"flow", t.flow},
                    {"channels", t.channels},
                    {"priority", t.priority}};
        if (t.event.empty()) {
            one["schedule"] = {{"daily_at", t.schedule_at}, {"for_each", t.schedule_for_each}};
        } else {
            one["event"] = t.event;
        }
        triggers.push_back(std::move(one));
    }
    json decisions = json::array();
    auto& q = db_->Cached(
        "SELECT m.id, m.decided_at, m.trigger_id, m.object_key, m.sent, m.reason, "
        "COALESCE(m.channel, ''), COALESCE(m.case_id, ''), c.external_id, c.first_name, "
        "c.last_name, m.seen_at IS NOT NULL FROM proactive_messages m "
        "JOIN customers c ON c.id = m.customer_id ORDER BY m.id DESC LIMIT ?");
    q.Bind(1, std::max(1, std::min(limit, 500)));
    while (q.Next()) {
        decisions.push_back({{"id", q.Int(0)},
                             {"at", q.Int(1)},
                             {"trigger", q.Text(2)},
                             {"object", q.Text(3)},
                             {"send", q.Int(4) != 0},
                             {"reason", q.Text(5)},
                             {"channel", q.Text(6)},
                             {"case_id", q.Text(7)},
                             {"customer", q.Text(8)},
                             {"customer_name", q.Text(9) + " " + q.Text(10)},
                             {"seen", q.Int(11) != 0}});
    }
    q.Reset();
    json counts = json::object();
    {
        auto& c = db_->Cached(
            "SELECT CASE WHEN sent = 1 THEN 'sent' ELSE reason END, COUNT(*) "
            "FROM proactive_messages WHERE decided_at >= ? GROUP BY 1");
        c.Bind(1, static_cast<std::int64_t>(Now() - 7LL * 24 * 3600 * 1000));
        while (c.Next())
            counts[c.Text(0)] = c.Int(1);
        c.Reset();
    }
    std::int64_t opted_out = 0;
    {
        auto& c = db_->Cached("SELECT COUNT(DISTINCT customer_id) FROM proactive_consent");
        if (c.Next()) opted_out = c.Int(0);
        c.Reset();
    }
    return {
        {"settings",
         {{"enabled", s.enabled},
          {"quiet_hours",
           {{"from", Hhmm(s.policy.quiet_from_minutes)}, {"to", Hhmm(s.policy.quiet_to_minutes)}}},
          {"per_day", s.policy.per_day},
          {"per_week", s.policy.per_week},
          {"dedupe_days", s.policy.dedupe_days},
          {"holdout_percent", s.policy.holdout_percent},
          {"outbox", !webhooks_.url.empty()}}},
        {"triggers", triggers},
        {"last_7_days", counts},
        {"customers_opted_out", opted_out},
        {"decisions", decisions}};
}

}  // namespace seam::service
