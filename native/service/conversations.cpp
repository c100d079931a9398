// native/service/conversations.cpp — customers, cases and customer turns (see service.hpp).
//
// Index: [SECTION] Helpers · Customers · Cases · Turns · A state that cannot be read · Actions ·
// Page events · Messages

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "identity/random.hpp"
#include "identity/sha256.hpp"
#include "seam/core/hash.hpp"
#include "seam/core/json_read.hpp"
#include "seam/core/json_text.hpp"
#include "seam/form/validate.hpp"
#include "seam/track/page_event.hpp"
#include "service/service.hpp"
#include "store/listener.hpp"

namespace seam::service {

using nlohmann::json;

// [SECTION] Helpers

std::string NewId(const char* prefix) {
    unsigned char bytes[16];
    identity::RandomBytes(bytes, sizeof bytes);
    static const char* kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
    std::string id = prefix;
    for (unsigned char b : bytes)
        id += kAlphabet[b % 32];
    return id;
}

json Customer::ToJson() const {
    return {{"id", external_id},
            {"first_name", first_name},
            {"last_name", last_name},
            {"email", email},
            {"phone", phone},
            {"locale", locale},
            {"country", country},
            {"currency", currency},
            {"lifetime_value", lifetime_value_cents / 100.0}};
}

Service::Service(std::unique_ptr<store::Db> db, std::shared_ptr<const backend::Assistant> assistant,
                 Clock clock)
    : db_(std::move(db)),
      base_assistant_(std::move(assistant)),
      library_(std::make_shared<content_store::Library>(base_assistant_)),
      runner_(base_assistant_->rules()),
      clock_(std::move(clock)),
      group_(std::make_unique<store::GroupCommit>(*db_, mutex_, [this](bool ok) {
          if (!ok) {  // they may hold states and channel records the rollback undid
              cache_.Clear();
              touched_.clear();
              Notify();  // waiters re-read: what woke them may be gone
          }
          // Committed: each write woke its case's waiters already (NotifyCase).
      })) {}

namespace {
// The batch ticket of the current request's writes (every request runs on one thread).
thread_local std::uint64_t tls_ticket = 0;
}  // namespace

void Service::JoinBatch() {
    if (store::GroupCommit::OnCommitter()) return;  // a handed-over write: its batch is open
    auto ticket = group_->Join();
    if (ticket && *ticket > tls_ticket) tls_ticket = *ticket;
}

Result<bool> Service::AwaitDurable() {
    const std::uint64_t ticket = tls_ticket;
    tls_ticket = 0;
    return group_->Wait(ticket);
}

void Service::SetBetweenBatches(std::function<void(store::Db&)> work) {
    auto guard = lock();
    group_->SetBetweenBatches([this, work = std::move(work)] { work(*db_); });
}

bool Service::StoreReachable() {
    if (db_->engine() != store::Engine::kPostgres) return true;
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    if (db_->reachable() && now - store_checked_ms_.load() < 1000) return true;
    std::unique_lock<std::mutex> guard(mutex_, std::try_to_lock);
    if (!guard.owns_lock()) return db_->reachable();  // in use: its last call tells
    store_checked_ms_ = now;
    return db_->Ping().ok();
}

void Service::Shutdown() {
    auto guard = lock();
    stopping_ = true;
    Notify();
}

void Service::SetWebhooks(webhooks::Config config, std::function<void()> poke) {
    webhooks_ = std::move(config);
    poke_webhooks_ = std::move(poke);
}

void Service::TouchChannel(const std::string& case_id, const std::string& channel,
                           const std::string& address, std::int64_t now) {
    constexpr std::int64_t kResolutionMs = 60 * 1000;
    auto it = touched_.find(case_id);
    if (it != touched_.end() && it->second.channel == channel && it->second.address == address &&
        now - it->second.at < kResolutionMs) {
        return;
    }
    cases::TouchChannel(*db_, case_id, channel, address, now);
    if (touched_.size() >= 50000) touched_.clear();  // bounded: forgetting costs one write
    touched_[case_id] = {channel, address, now};
}

bool Service::QueueWebhook(const std::string& event, const json& data, std::int64_t now) {
    auto queued = webhooks::Enqueue(*db_, webhooks_, now, event, data);
    return queued && *queued;
}

void Service::PokeWebhooks() {
    if (poke_webhooks_) poke_webhooks_();
}

void Service::Notify() {
    ++message_generation_;
    for (auto& [id, waiters] : waiters_) {
        ++waiters->generation;
        waiters->cv.notify_all();
    }
}

void Service::NotifyCase(const std::string& case_id) {
    // The other nodes sharing the store hear of it once it commits (store::Listener).
    if (db_->engine() == store::Engine::kPostgres) db_->Announce(kPeerChannel, case_id);
    WakeLocked(case_id);
}

void Service::WakeLocked(const std::string& key) {
    ++message_generation_;
    const auto it = waiters_.find(key);
    if (it == waiters_.end()) return;
    ++it->second->generation;
    it->second->cv.notify_all();
}

void Service::FromPeer(const std::string& what) {
    const bool anything = what == store::Listener::kAnything;
    if (anything || what == kContentChanged) FollowContent();
    if (what == kContentChanged) return;
    auto guard = lock();
    if (anything) {
        Notify();  // every long poll looks again
    } else {
        WakeLocked(what);
    }
}

json Service::CustomerBlock(const Customer& c, bool verified) const {
    return {{"id", c.external_id},
            {"first_name", c.first_name},
            {"email", c.email},
            {"verified", verified},
            {"verified_by", verified ? "identity_token" : "none"}};
}

// [SECTION] Customers

Result<Customer> Service::CustomerWhere(const char* sql, const std::string& key) {
    auto& s = db_->Cached(sql);
    s.Bind(1, key);
    if (!s.Next()) {
        s.Reset();
        return Error::Make("seam.service.unknown_customer", "no such customer");
    }
    Customer c;
    c.id = s.Int(0);
    c.external_id = s.Text(1);
    c.first_name = s.Text(2);
    c.last_name = s.Text(3);
    c.email = s.Text(4);
    c.phone = s.Text(5);
    c.locale = s.Text(6);
    c.country = s.Text(7);
    c.currency = s.Text(8);
    c.lifetime_value_cents = s.Int(9);
    s.Reset();
    return c;
}

#define SEAM_CUSTOMER_COLUMNS                                                             \
    "SELECT id, external_id, first_name, last_name, email, COALESCE(phone, ''), locale, " \
    "country, currency, lifetime_value_cents FROM customers "

Result<Customer> Service::CustomerByExternalId(const std::string& external_id) {
    // The API's request threads call it holding nothing: the store's connection is opened
    // NOMUTEX, so a read without the lock while another thread writes (a batch's commit, a
    // turn, the scheduler) is two threads in one connection at once, which corrupted what other
    // connections then read (test_proactive_unlock's opt-out case, about one run in four).
    auto guard = lock();
    return CustomerWhere(SEAM_CUSTOMER_COLUMNS "WHERE external_id = ?", external_id);
}

Result<Customer> Service::CustomerById(std::int64_t id) {
    return CustomerWhere(SEAM_CUSTOMER_COLUMNS "WHERE id = CAST(? AS INTEGER)", std::to_string(id));
}

Result<Customer> Service::CustomerByAddress(const std::string& channel,
                                            const std::string& address) {
    if (channel == "email") {
        return CustomerWhere(SEAM_CUSTOMER_COLUMNS "WHERE lower(email) = lower(?)", address);
    }
    return CustomerWhere(SEAM_CUSTOMER_COLUMNS "WHERE phone = ?", address);
}

json Service::Orders(std::int64_t customer_id, int limit) {
    auto& s = db_->Cached(
        "SELECT o.id, o.number, o.placed_on, o.status, o.currency, o.total_cents, "
        "COALESCE(sh.carrier, ''), COALESCE(sh.tracking_url, ''), COALESCE(sh.expected_on, ''), "
        "COALESCE(sh.delivered_on, ''), (SELECT group_concat(p.name || ' x' || i.quantity, ', ') "
        "FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id = o.id) "
        "FROM orders o LEFT JOIN shipments sh ON sh.id = (SELECT MAX(l.id) FROM shipments l "
        "WHERE l.order_id = o.id) WHERE o.customer_id = ? "
        "ORDER BY o.placed_on DESC, o.id DESC LIMIT ?");  // the order's latest shipment
    s.Bind(1, customer_id).Bind(2, limit);
    json out = json::array();
    while (s.Next()) {
        out.push_back({{"number", s.Text(1)},
                       {"placed_on", s.Text(2)},
                       {"status", s.Text(3)},
                       {"currency", s.Text(4)},
                       {"total", s.Int(5) / 100.0},
                       {"carrier", s.Text(6)},
                       {"tracking_url", s.Text(7)},
                       {"expected_on", s.Text(8)},
                       {"delivered_on", s.Text(9)},
                       {"items", s.Text(10)}});
    }
    s.Reset();
    return out;
}

// [SECTION] Cases

Result<cases::Case> Service::OpenCase(const std::string& channel, const std::string& locale,
                                      std::int64_t customer_id, bool verified) {
    auto guard = lock();
    const std::string id = NewId("c_");
    json customer = json::object();
    if (customer_id) {
        auto c = CustomerById(customer_id);
        if (!c) return c.error();
        customer = CustomerBlock(*c, verified);
    }
    json state = flow::Engine::NewState(id, locale.empty() ? "en" : locale, customer,
                                        flow::Engine::Transcript::kWithHost);
    state["context"]["channel"] = channel;
    state["context"]["today"] = FormatIsoDate(CurrentAssistant()->today());
    const std::int64_t now = Now();
    JoinBatch();
    store::Transaction txn(*db_);
    auto created = cases::Create(*db_, id, customer_id, channel, state, now);
    if (!created) return created.error();
    TouchChannel(id, channel, "", now);
    cases::AppendEvent(*db_, now, id, customer_id, channel, "case_opened", "", json::object());
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    return created;
}

Result<cases::Case> Service::GetCase(const std::string& id) {
    auto guard = lock();
    return cases::Load(*db_, id);
}

Result<cases::Case> Service::Identify(const std::string& case_id, const Customer& customer) {
    auto guard = lock();
    JoinBatch();
    store::Transaction txn(*db_);
    auto c = cases::Load(*db_, case_id);
    if (!c) return c.error();
    if (c->customer_id && c->customer_id != customer.id) {
        return Error::Make("seam.service.other_customer",
                           "this conversation belongs to another customer; start a new one");
    }
    c->customer_id = customer.id;
    auto linked = cases::SetCustomer(*db_, case_id, customer.id);
    if (!linked) return linked.error();
    // A state that cannot be read is kept as stored (a person has the case, see
    // UnreadableTurnLocked); the customer is linked all the same.
    const bool readable = PinFor(c->state, true).assistant->engine().CheckState(c->state).ok();
    if (readable) c->state["customer"] = CustomerBlock(customer, true);
    auto saved = readable ? cases::Save(*db_, *c, Now()) : cases::SaveStatus(*db_, *c, Now());
    if (!saved) return saved.error();
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    return c;
}

// [SECTION] Turns

namespace {
int PriorityLevel(const std::string& p) {
    if (p == "urgent") return 3;
    if (p == "high") return 2;
    if (p == "low") return 0;
    return 1;
}
}  // namespace

namespace {
// The lines a handoff payload carries: the most recent, as many as the engine keeps where the
// state holds them (flow::Engine::kHistoryLimits).
constexpr std::size_t kHandoffLines = 24;

bool WithAgent(const std::string& status) {
    return status == "waiting_agent" || status == "with_agent";
}
}  // namespace

// A turn is planned from its case as last written, without the store's lock (the engine step
// and serialising the new state are most of a turn's work, and they run in parallel on every
// core); the lock is taken only to check that the case is still at that version and to write.
// A write in between (another tab, an agent) means planning again from what is stored. A flow
// that asks for an action runs it under the lock (actions read and write the store), as does a
// turn on a case a person has; an http action's call lets go of the lock (TurnCalls, Turn).
Result<Service::TurnPlan> Service::PlanTurn(const Pinned& pinned, json state,
                                            const std::string& channel,
                                            const flow::Event& event) const {
    TurnPlan plan;
    plan.had_csat = state.contains("csat");
    plan.state = std::move(state);  // the engine steps it in place (dropped on an error)
    // The engine checks the whole state before it reads it; these writes must not come first
    // on a state that is not one (an array has no "context").
    if (plan.state.is_object() && plan.state["context"].is_object()) {
        plan.state["context"]["channel"] = channel;
        plan.state["context"]["today"] = FormatIsoDate(pinned.assistant->today());
        plan.state["context"]["content_version"] = pinned.version;
    }
    // Turn checked the state (Case::state_checked), and the writes above keep it valid.
    auto stepped = pinned.assistant->engine().StepChecked(plan.state, event);
    if (!stepped) return stepped.error();
    plan.effects = std::move(stepped.value());
    plan.needs_action =
        std::any_of(plan.effects.begin(), plan.effects.end(),
                    [](const flow::Effect& e) { return e.kind == flow::EffectKind::kAction; });
    if (!plan.needs_action) {  // what the write round would otherwise do, holding the store
        plan.state_text = seam::DumpJson(plan.state);
        plan.effects_json = json::array();
        for (const flow::Effect& e : plan.effects)
            plan.effects_json.push_back(flow::EffectToJson(e));
    }
    return plan;
}

Result<json> Service::Turn(const std::string& case_id, const Input& input) {
    if (input.text.empty() && input.choice.empty()) {
        return Error::Make("seam.service.empty_message", "send \"text\" or \"choice\"");
    }
    if (input.text.size() > 4000) {
        return Error::Make("seam.service.too_long", "a message can be at most 4000 bytes");
    }
    // Understanding and planning run without the lock, in parallel with other requests. The
    // case comes out of the cache (moved, not copied: a customer's turns rarely overlap), the
    // engine steps its state in place, and the write puts the new case back. A turn that finds
    // nothing remembered (a cold case, or another turn on it is under way) reads the store.
    std::optional<cases::Case> owned = cache_.Take(case_id);
    if (!owned) {
        auto guard = lock();
        auto loaded = cases::Load(*db_, case_id);
        if (!loaded) return loaded.error();
        owned = std::move(loaded.value());
    }
    // The stored state is data from outside: read through total readers, checked whole below.
    const std::string locale = json_read::StringOr(owned->state, "locale", "en");
    // The content version the turn runs on (a flow finishes on the version it started on);
    // worked out again whenever the case is read again below.
    Pinned pinned = PinFor(owned->state);
    flow::Event event;
    if (!input.choice.empty()) {
        event.kind = flow::EventKind::kChoice;
        event.value = input.choice;
    } else {
        event = pinned.assistant->Message(input.text, locale);
    }
    // What a client_id stands for (a resend must say the same); without one, nothing to keep.
    // The hash is of what is kept (card data already removed), so no card digits are
    // derivable from it either (PCI DSS: a plain hash of a card number is card data).
    const std::string said_hash =
        input.client_id.empty()
            ? std::string()
            : identity::Sha256Hex((input.choice.empty() ? event.text : std::string()) + '\x1f' +
                                  input.choice);
    Input on_case = input;
    // The first attempts plan without the lock and let go of it for their http calls; a turn
    // whose case is written meanwhile that often plans and calls holding the lock (as before
    // connectors let go of it), so nothing can write its case in between: it always ends.
    constexpr int kUnlockedAttempts = 3;
    TurnCalls calls;
    for (int attempt = 0;; ++attempt) {
        on_case.channel = input.channel.empty() ? owned->channel : input.channel;
        if (attempt > 0) pinned = PinFor(owned->state);
        const std::int64_t version_read = owned->version;
        std::optional<TurnPlan> plan;
        // A state that cannot be read is not planned: the locked write answers the turn
        // (TurnLocked -> UnreadableTurnLocked) with an apology and a handoff.
        const bool readable =
            owned->state_checked || pinned.assistant->engine().CheckState(owned->state).ok();
        owned->state_checked = readable;
        const bool planned_unlocked =
            readable && attempt < kUnlockedAttempts && !WithAgent(owned->status);
        if (planned_unlocked) {
            auto planned = PlanTurn(pinned, std::move(owned->state), on_case.channel, event);
            if (!planned) return planned.error();
            plan = std::move(planned.value());
        }
        // The write, holding the store's lock: on this thread when the turn runs actions (they
        // plan and write under the lock), else handed over to the round that batches the
        // writes of the moment (see GroupCommit::Apply).
        Result<json> out = Error::Make("seam.service.turn", "the turn was not written");
        bool replan = false;
        auto write = [&] {
            const auto stored = cases::CaseCache::StoredVersion(*db_, case_id);
            if (!stored) {
                out = Error::Make("seam.cases.not_found", "no case \"" + case_id + "\"");
                return;
            }
            if (*stored != version_read) {  // written meanwhile: plan again from what is stored
                auto loaded = cases::Load(*db_, case_id);
                if (!loaded) {
                    out = loaded.error();
                    return;
                }
                owned = std::move(loaded.value());
                on_case.channel = input.channel.empty() ? owned->channel : input.channel;
                if (planned_unlocked) {
                    replan = true;
                    return;
                }
                pinned = PinFor(owned->state, true);
            }
            out = WriteTurn(pinned, std::move(*owned), on_case, event, said_hash, std::move(plan),
                            calls);
        };
        if (plan && !plan->needs_action) {
            calls.guard = nullptr;  // no action: nothing to call
            auto applied = group_->Apply(write);
            if (!applied) return applied.error();
        } else {
            auto guard = lock();
            // One locked write per case at a time: a turn of the case in its http call (the
            // lock let go) is waited for, then this one checks the version it read as any
            // write does (written meanwhile: plan again). So two turns of a case never run
            // their actions from the same version, and a resent message (same client_id) finds
            // the first one's answer (WriteTurn) instead of calling the business again.
            turn_done_.wait(guard, [&] { return turns_writing_.count(case_id) == 0; });
            turns_writing_.insert(case_id);
            struct Done {
                Service& service;
                const std::string& id;
                ~Done() {  // holding the lock (TurnCalls takes it back after each call)
                    service.turns_writing_.erase(id);
                    service.turn_done_.notify_all();
                }
            } done{*this, case_id};
            calls.guard = attempt < kUnlockedAttempts ? &guard : nullptr;
            calls.written_meanwhile = false;
            write();
            calls.guard = nullptr;
            if (calls.written_meanwhile) {  // during an http call: plan again from the store
                auto loaded = cases::Load(*db_, case_id);
                if (!loaded) return loaded.error();
                owned = std::move(loaded.value());
                replan = true;
            }
        }
        if (replan) continue;
        return out;
    }
}

Result<json> Service::WriteTurn(const Pinned& pinned, cases::Case c, const Input& input,
                                const flow::Event& event, const std::string& said_hash,
                                std::optional<TurnPlan> plan, TurnCalls& calls) {
    const std::string case_id = c.id;
    if (input.expected_version && input.expected_version != c.version) {
        return Error::Make("seam.cases.conflict", "case " + case_id + " is at version " +
                                                      std::to_string(c.version) + ", not " +
                                                      std::to_string(input.expected_version) +
                                                      ": read it again and retry");
    }
    // A message sent again (the widget retrying after a dropped connection) is answered with
    // the first answer, never run twice.
    if (!input.client_id.empty()) {
        // Kept 24 hours, as an action's key (actions::Runner::kIdempotencyMs).
        auto& seen = db_->Cached(
            "SELECT request_hash, response FROM idempotency WHERE scope = ? AND key = ? AND "
            "created_at >= ?");
        seen.Bind(1, "turn:" + case_id)
            .Bind(2, input.client_id)
            .Bind(3, Now() - actions::Runner::kIdempotencyMs);
        if (seen.Next()) {
            const std::string hash = seen.Text(0);
            json first = json::parse(seen.Text(1), nullptr, false);
            seen.Reset();
            if (!first.is_object()) {  // written by this server as an object; never trusted
                return Error::Make("seam.service.replay_unreadable",
                                   "the first answer to client_id " + input.client_id +
                                       " cannot be read; send the message with a new client_id");
            }
            if (hash != said_hash) {
                return Error::Make(
                    "seam.service.client_id_reused",
                    "client_id " + input.client_id + " was already used for a different message");
            }
            first["replayed"] = true;
            if (input.with_state) {  // the plan took the state: read it again
                auto stored = cases::Load(*db_, case_id);
                if (!stored) return stored.error();
                first["state"] = std::move(stored->state);
            }
            return first;
        }
        seen.Reset();
    }
    auto out = TurnLocked(pinned, c, input, event, std::move(plan), calls);
    if (!out) return out;
    if (!input.client_id.empty()) {
        // Old records (any case's, and actions') go a batch at a time with each kept turn, in
        // its transaction: the table holds about the last 24 hours' keys.
        if (auto purged = actions::Runner::PurgeExpiredIdempotency(*db_, Now()); !purged) {
            return purged.error();
        }
        // Over a record of the same client_id: it can only be an expired one here.
        auto& keep = db_->Cached(
            "INSERT INTO idempotency(scope, key, request_hash, status, response, created_at) "
            "VALUES (?, ?, ?, 200, ?, ?) ON CONFLICT(scope, key) DO UPDATE SET request_hash = "
            "excluded.request_hash, status = excluded.status, response = excluded.response, "
            "created_at = excluded.created_at");
        auto kept = keep.Bind(1, "turn:" + case_id)
                        .Bind(2, input.client_id)
                        .Bind(3, said_hash)
                        .Bind(4, seam::DumpJson(*out))
                        .Bind(5, Now())
                        .Run();
        if (!kept) return kept.error();
    }
    if (input.with_state) (*out)["state"] = c.state;
    c.state_checked = true;  // checked before the turn stepped it (Turn, or above)
    cache_.Remember(std::move(c));
    return out;
}

Result<json> Service::TurnLocked(const Pinned& pinned, cases::Case& c, const Input& input,
                                 const flow::Event& event, std::optional<TurnPlan> plan,
                                 TurnCalls& calls) {
    const std::int64_t now = Now();
    const flow::Engine& engine = pinned.assistant->engine();
    // A tapped quick reply is stored as the label the customer saw, when the client sends it.
    const std::string customer_said = event.kind != flow::EventKind::kChoice ? event.text
                                      : input.text.empty()                   ? event.value
                                                                             : input.text;
    const std::int64_t version_read = c.version;
    if (calls.key_version == 0) calls.key_version = version_read;

    // A state that cannot be read (stored by an older server, changed by hand, corrupted) is
    // never stepped: the customer gets a clear answer and a person takes the case.
    if (!plan) {
        auto readable = engine.CheckState(c.state);
        if (!readable) return UnreadableTurnLocked(c, input, customer_said, readable.error());
    }

    // A person has the conversation: what the customer writes goes to them, not to the bot.
    if (WithAgent(c.status)) {
        JoinBatch();
        store::Transaction txn(*db_);
        if (!txn.ok()) return txn.failure();
        TouchChannel(c.id, input.channel, input.address, now);
        cases::Message said{0, now, "customer", "", input.channel, customer_said, ""};
        auto id = cases::AppendMessage(*db_, c.id, said);
        if (!id) return id.error();
        said.id = *id;
        cases::AppendEvent(*db_, now, c.id, c.customer_id, input.channel, "message_in", c.intent,
                           json::object());
        auto saved = cases::Save(*db_, c, now);
        if (!saved) return saved.error();
        auto committed = txn.Commit();
        if (!committed) return committed.error();
        NotifyCase(c.id);
        return json{{"case_id", c.id},
                    {"version", c.version},
                    {"status", c.status},
                    {"effects", json::array()},
                    {"messages", json::array({said.ToJson()})},
                    {"actions", json::array()}};
    }

    if (!plan) {
        auto planned = PlanTurn(pinned, std::move(c.state), input.channel, event);
        if (!planned) return planned.error();
        plan = std::move(planned.value());
    }
    json& state = plan->state;
    std::vector<flow::Effect> effects = std::move(plan->effects);
    const std::string locale = json_read::StringOr(state, "locale", "en");

    // Actions the flow asks for run here, then their results go back into the engine, until
    // the flow waits for the customer again. Keys tie each action to this turn, so a turn
    // planned again (its case written during a call) or retried replays the action's first
    // result (actions::Runner::Run) instead of acting twice:
    //   - with a client_id, the customer's message: "turn:<case>:c:<client_id>:<round>". A
    //     resend of the message replays the whole turn (WriteTurn) once the first is written,
    //     and waits for it meanwhile (Turn: one locked write per case);
    //   - without one, the version the turn's first locked write read (TurnCalls::key_version,
    //     the same through its attempts): "turn:<case>:<version>:<round>". Another turn of the
    //     case cannot use that version meanwhile (one locked write per case, and a written
    //     turn moves the version on), so this is as safe as when the lock was held for the
    //     call; a message sent again without a client_id is a new message, as before.
    // A turn planned again asks again; the same action with the same parameters replays, and
    // different ones under the key are refused (seam.actions.idempotency: the flow's error
    // outcome), never run. The business's Idempotency-Key is derived from the same key.
    json actions_run = json::array();
    std::vector<flow::Effect> all;
    for (int round = 0; round < 8; ++round) {
        std::optional<std::size_t> action_at;
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
        request.actor.customer_id = c.customer_id;
        request.actor.external_id = json_read::StringOr(state["customer"], "id");
        request.actor.verified =
            c.customer_id != 0 && json_read::BoolOr(state["customer"], "verified");
        request.locale = locale;
        request.idempotency_key =
            input.client_id.empty()
                ? "turn:" + c.id + ":" + std::to_string(calls.key_version) + ":" +
                      std::to_string(round)
                : "turn:" + c.id + ":c:" + input.client_id + ":" + std::to_string(round);
        request.case_id = c.id;
        request.now_ms = now;
        request.today = pinned.assistant->today();
        // An http connector's call lets go of the lock as RunHeld's does (the runner invokes
        // outside_lock for http actions only; builtin actions run holding it).
        bool let_go = false;
        if (calls.guard) request.outside_lock = LetGoForCall(*calls.guard, &let_go);
        JoinBatch();
        auto response = runner_.Run(*db_, request);
        if (let_go) {
            // Written meanwhile (another writer of the case: a turn without an action, an
            // agent, an identification): this turn's plan is stale and must not overwrite it.
            // The action's record is kept (committed with the batch); the turn planned again
            // asks for it with the same key and gets it back without a second call.
            const auto stored = cases::CaseCache::StoredVersion(*db_, c.id);
            if (!stored || *stored != version_read) {
                calls.written_meanwhile = true;
                return Error::Make("seam.service.written_meanwhile",
                                   "case " + c.id + " was written during the turn's call");
            }
        }
        flow::Event result;
        result.kind = flow::EventKind::kActionResult;
        if (response) {
            result.outcome = response->outcome;
            result.result = response->result;
        } else {
            result.outcome = "error";
            result.result = {{"error", response.error().message}};
        }
        actions_run.push_back({{"name", request.name}, {"outcome", result.outcome}});
        auto next = engine.StepInPlace(state, result);
        if (!next) return next.error();
        effects = std::move(next.value());
    }

    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return txn.failure();
    const std::string& channel = input.channel;
    const std::int64_t customer_id = c.customer_id;
    TouchChannel(c.id, channel, input.address, now);
    cases::Message said{0, now, "customer", "", channel, customer_said, ""};
    cases::AppendMessage(*db_, c.id, said);
    // The message and what it was understood as, in one event (before 2026-12-07: a
    // message_in {} then an intent event; the KPIs read both forms).
    const flow::Understanding& u = event.understanding;
    if (event.kind == flow::EventKind::kMessage) {
        cases::AppendEvent(*db_, now, c.id, customer_id, channel, "message_in", u.intent,
                           {{"intent", u.intent}, {"confidence", u.confidence}});
    } else {
        cases::AppendEvent(*db_, now, c.id, customer_id, channel, "message_in", "", json::object());
    }
    if (c.intent.empty() && state["flow"].is_string()) {
        const flow::Flow* f = engine.FindFlow(state["flow"].get<std::string>());
        if (f && !f->intents.empty()) c.intent = f->intents.front();
        if (f)
            cases::AppendEvent(*db_, now, c.id, customer_id, channel, "flow_started", c.intent,
                               {{"flow", f->id}});
    }
    const bool effects_known = !plan->needs_action && plan->effects_json.is_array();
    json out_effects = effects_known ? std::move(plan->effects_json) : json::array();
    json messages = json::array();
    bool responded = false;
    bool webhook_queued = false;
    for (const flow::Effect& e : all) {
        if (!effects_known) out_effects.push_back(flow::EffectToJson(e));
        if (e.kind == flow::EffectKind::kSay) {
            cases::Message m{0, now, "bot", "", channel, e.text, ""};
            auto id = cases::AppendMessage(*db_, c.id, m);
            if (id) m.id = *id;
            messages.push_back(m.ToJson());
            if (!responded) {
                cases::AppendEvent(*db_, now, c.id, customer_id, channel, "message_out", c.intent,
                                   {{"sender", "bot"}});
                responded = true;
            }
        } else if (e.kind == flow::EffectKind::kHandoff) {
            // The lines so far are in the messages table (this turn's were written above, in
            // the order the engine said them): the agent reads what the customer saw.
            json payload = e.handoff;
            payload["transcript"] = cases::TranscriptLines(*db_, c.id, kHandoffLines);
            std::int64_t value_cents = 0;
            if (customer_id) {
                auto who = CustomerById(customer_id);
                if (who) value_cents = who->lifetime_value_cents;
            }
            const std::string priority = json_read::StringOr(e.handoff, "priority", "normal");
            const std::int64_t score = PriorityLevel(priority) * 100 + (value_cents >= 100000  ? 50
                                                                        : value_cents >= 30000 ? 20
                                                                                               : 0);
            std::string skill = json_read::StringOr(e.handoff, "queue", "general");
            auto& ins = db_->Cached(
                "INSERT INTO handoffs(case_id, created_at, skill, priority, payload, status) "
                "VALUES (?, ?, ?, ?, ?, 'queued')");
            ins.Bind(1, c.id).Bind(2, now).Bind(3, skill).Bind(4, score).Bind(
                5, seam::DumpJson(payload));
            auto queued = ins.Run();
            if (!queued) return queued.error();
            const std::int64_t handoff_id = db_->LastInsertId();
            json slot_names = json::array();
            if (const json* held = json_read::Find(e.handoff, "slots"); held && held->is_array()) {
                for (const json& s : *held)
                    slot_names.push_back(json_read::StringOr(s, "slot"));
            }
            cases::AppendEvent(*db_, now, c.id, customer_id, channel, "handoff", c.intent,
                               {{"skill", skill}, {"priority", score}, {"slots", slot_names}});
            c.status = "waiting_agent";
            webhook_queued |= QueueWebhook("handoff.created",
                                           {{"handoff_id", handoff_id},
                                            {"case_id", c.id},
                                            {"skill", skill},
                                            {"priority", score},
                                            {"payload", std::move(payload)}},
                                           now);
        } else if (e.kind == flow::EffectKind::kEnd) {
            if (c.status != "waiting_agent" && c.status != "with_agent") {
                c.status = e.outcome == "abandoned" ? "abandoned" : "resolved";
                cases::AppendEvent(*db_, now, c.id, customer_id, channel, "case_resolved", c.intent,
                                   {{"outcome", e.outcome}, {"by", "bot"}});
                webhook_queued |= QueueWebhook("case.resolved",
                                               {{"case_id", c.id},
                                                {"intent", c.intent},
                                                {"outcome", e.outcome},
                                                {"by", "bot"}},
                                               now);
            }
        }
    }
    for (const json& a : actions_run) {
        (void)a;  // the runner writes its own "action" events, in its own transaction
    }
    if (state.contains("csat") && !plan->had_csat) {
        cases::AppendEvent(*db_, now, c.id, customer_id, channel, "csat", c.intent,
                           {{"rating", state["csat"]}, {"handled_by", "bot"}});
    }
    // A customer writing again after the bot closed the case reopens it.
    if ((c.status == "resolved" || c.status == "abandoned") && state["flow"].is_string()) {
        c.status = "open";
    }
    if (plan->needs_action) {  // the actions' results changed the state after it was planned
        plan->state_text = seam::DumpJson(state);
    }
    c.state = std::move(state);
    auto saved = cases::Save(*db_, c, now, plan->state_text);
    if (!saved) return saved.error();
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    NotifyCase(c.id);
    if (webhook_queued) PokeWebhooks();
    json out = json::object();  // moved in: an initializer list would copy each part
    out["case_id"] = c.id;
    out["version"] = c.version;
    out["status"] = c.status;
    out["effects"] = std::move(out_effects);
    out["messages"] = std::move(messages);
    out["actions"] = std::move(actions_run);
    return out;
}

Result<json> Service::Inbound(const std::string& channel, const std::string& from,
                              const std::string& text) {
    static const char* kChannels[] = {"email", "sms", "voice"};
    if (std::none_of(std::begin(kChannels), std::end(kChannels),
                     [&](const char* k) { return channel == k; })) {
        return Error::Make("seam.service.unknown_channel",
                           "channel must be email, sms or voice, not \"" + channel + "\"");
    }
    if (from.empty()) return Error::Make("seam.service.bad_request", "\"from\" is required");
    std::int64_t customer_id = 0;
    std::string locale = "en";
    {
        auto guard = lock();
        auto who = CustomerByAddress(channel == "email" ? "email" : "phone", from);
        if (who) {
            customer_id = who->id;
            locale = who->locale;
        }
    }
    std::string case_id;
    if (customer_id) {
        auto guard = lock();
        if (auto open = cases::LatestOpenCase(*db_, customer_id)) case_id = *open;
    }
    if (case_id.empty()) {
        // A message from the customer's own address counts as verified for the demo channels
        // (the provider authenticated the sender); account actions still check ownership.
        auto opened = OpenCase(channel, locale, customer_id, customer_id != 0);
        if (!opened) return opened.error();
        case_id = opened->id;
    }
    Input input;
    input.text = text;
    input.channel = channel;
    input.address = from;
    return Turn(case_id, input);
}

// [SECTION] A state that cannot be read

namespace {

// What Seam says when it cannot go on with a conversation on its own (en, es).
std::string UnreadableSay(const std::string& locale, bool first) {
    const bool es = locale.rfind("es", 0) == 0;
    if (first) {
        return es ? "Lo siento, algo ha fallado en esta conversación por nuestra parte. Te paso "
                    "con una persona del equipo, que podrá ver lo que has escrito."
                  : "Sorry \u2014 something went wrong with this conversation on our side. I'm "
                    "passing you to a colleague, who can see what you wrote.";
    }
    return es ? "Una persona del equipo tiene esta conversación y te responderá aquí; verá lo "
                "que escribas."
              : "A colleague has this conversation and will answer here; they'll see what you "
                "write.";
}

}  // namespace

std::string Service::CaseLocale(const cases::Case& c) {
    std::string locale = json_read::StringOr(c.state, "locale");
    if (locale.empty() && c.customer_id) {
        auto who = CustomerById(c.customer_id);
        if (who) locale = who->locale;
    }
    return locale.rfind("es", 0) == 0 ? "es" : "en";
}

Result<json> Service::UnreadableTurnLocked(cases::Case& c, const Input& input,
                                           const std::string& customer_said, const Error& why) {
    const std::int64_t now = Now();
    const std::string& channel = input.channel;
    const std::string locale = CaseLocale(c);
    std::fprintf(stderr,
                 "{\"level\":\"error\",\"event\":\"state_unreadable\",\"case\":\"%s\","
                 "\"error\":%s}\n",
                 c.id.c_str(), seam::DumpJson(json(why.message)).c_str());
    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return txn.failure();
    TouchChannel(c.id, channel, input.address, now);
    cases::Message said{0, now, "customer", "", channel, customer_said, ""};
    auto said_id = cases::AppendMessage(*db_, c.id, said);
    if (!said_id) return said_id.error();
    said.id = *said_id;
    cases::AppendEvent(*db_, now, c.id, c.customer_id, channel, "message_in", c.intent,
                       json::object());
    // As the other turns answer: the bot's lines, or (a person has the case) the customer's own.
    json messages = json::array();
    if (c.status == "with_agent") messages.push_back(said.ToJson());
    json effects = json::array();
    bool webhook_queued = false;
    // One handoff per unreadable case: a case already waiting for a person (or with one) gets
    // the customer's words passed on, never a handoff per turn.
    auto& open = db_->Cached(
        "SELECT COUNT(*) FROM handoffs WHERE case_id = ? AND status IN ('queued', 'claimed')");
    open.Bind(1, c.id);
    const bool has_handoff = open.Next() && open.Int(0) > 0;
    open.Reset();
    if (c.status != "with_agent") {
        const bool first = !has_handoff;
        if (first) {
            // What is known without the state: who, where, what was said (the messages table).
            json transcript = cases::TranscriptLines(*db_, c.id, 0);
            json customer = json::object();
            if (c.customer_id) {
                auto who = CustomerById(c.customer_id);
                if (who) customer = CustomerBlock(*who, false);
            }
            const json payload = {
                {"version", 1},
                {"reason", "state_unreadable"},
                {"queue", "general"},
                {"priority", "high"},
                {"session", c.id},
                {"customer", customer},
                {"channel", channel},
                {"flow", nullptr},
                {"step", nullptr},
                {"intents", json::array()},
                {"slots", json::array()},
                {"actions", json::array()},
                {"interrupted", nullptr},
                {"suspended", json::array()},
                {"remaining_steps", json::array()},
                {"transcript", std::move(transcript)},
                {"error", {{"id", why.id}, {"message", why.message}}},
                {"summary", "The conversation's saved state could not be read (" + why.message +
                                "), so Seam stopped answering on its own. Read the transcript: "
                                "the customer was told a colleague is taking over."}};
            const std::int64_t score = PriorityLevel("high") * 100;
            auto& ins = db_->Cached(
                "INSERT INTO handoffs(case_id, created_at, skill, priority, payload, status) "
                "VALUES (?, ?, 'general', ?, ?, 'queued')");
            ins.Bind(1, c.id).Bind(2, now).Bind(3, score).Bind(4, seam::DumpJson(payload));
            auto queued = ins.Run();
            if (!queued) return queued.error();
            const std::int64_t handoff_id = db_->LastInsertId();
            cases::AppendEvent(*db_, now, c.id, c.customer_id, channel, "handoff", c.intent,
                               {{"skill", "general"},
                                {"priority", score},
                                {"slots", json::array()},
                                {"reason", "state_unreadable"}});
            webhook_queued = QueueWebhook("handoff.created",
                                          {{"handoff_id", handoff_id},
                                           {"case_id", c.id},
                                           {"skill", "general"},
                                           {"priority", score},
                                           {"payload", payload}},
                                          now);
            effects.push_back({{"type", "handoff"},
                               {"queue", "general"},
                               {"reason", "state_unreadable"},
                               {"priority", "high"}});
            c.status = "waiting_agent";
        }
        const std::string text = UnreadableSay(locale, first);
        effects.insert(effects.begin(), json{{"type", "say"}, {"text", text}});
        cases::Message m{0, now, "bot", "", channel, text, ""};
        auto id = cases::AppendMessage(*db_, c.id, m);
        if (id) m.id = *id;
        messages.push_back(m.ToJson());
        cases::AppendEvent(*db_, now, c.id, c.customer_id, channel, "message_out", c.intent,
                           {{"sender", "bot"}});
    }
    auto saved = cases::SaveStatus(*db_, c, now);  // the unreadable state stays as it was
    if (!saved) return saved.error();
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    NotifyCase(c.id);
    if (webhook_queued) PokeWebhooks();
    json out = json::object();
    out["case_id"] = c.id;
    out["version"] = c.version;
    out["status"] = c.status;
    out["effects"] = std::move(effects);
    out["messages"] = std::move(messages);
    out["actions"] = json::array();
    return out;
}

// [SECTION] Actions

Result<actions::Response> Service::RunAction(const std::string& case_id, const std::string& name,
                                             const json& params, const std::string& key,
                                             const std::string& agent_login) {
    auto guard = lock();
    auto c = cases::Load(*db_, case_id);
    if (!c) return c.error();
    actions::Request request;
    request.name = name;
    request.params = params;
    request.actor.kind = agent_login.empty() ? "customer" : "agent";
    request.actor.agent_login = agent_login;
    request.actor.customer_id = c->customer_id;
    // The stored state may be unreadable: nothing here may assume its types.
    const json* customer = json_read::Find(c->state, "customer");
    request.actor.external_id = customer ? json_read::StringOr(*customer, "id") : std::string();
    request.actor.verified =
        c->customer_id != 0 && customer && json_read::BoolOr(*customer, "verified");
    request.locale = json_read::StringOr(c->state, "locale", "en");
    request.idempotency_key = key;
    request.case_id = case_id;
    request.now_ms = Now();
    request.today = CurrentAssistant()->today();
    return RunHeld(guard, request);
}

Result<actions::Response> Service::RunHeld(std::unique_lock<std::mutex>& guard,
                                           actions::Request& request) {
    // An http connector's call (seconds, at worst its budget) runs without the store's lock:
    // other requests go on meanwhile. The record is then written in a batch joined anew.
    request.outside_lock = LetGoForCall(guard);
    JoinBatch();
    return runner_.Run(*db_, request);
}

std::function<void(const std::function<void()>&)> Service::LetGoForCall(
    std::unique_lock<std::mutex>& guard, bool* let_go) {
    return [this, &guard, let_go](const std::function<void()>& call) {
        if (let_go) *let_go = true;
        {
            struct Relock {  // the lock is held again however the call ends
                std::unique_lock<std::mutex>& guard;
                ~Relock() { guard.lock(); }
            } relock{guard};
            guard.unlock();
            call();
        }
        JoinBatch();
    };
}

Result<actions::Response> Service::RunActionAs(const actions::Actor& actor, const std::string& name,
                                               const json& params, const std::string& locale) {
    auto guard = lock();
    actions::Request request;
    request.name = name;
    request.params = params;
    request.actor = actor;
    request.locale = locale;
    request.now_ms = Now();
    request.today = CurrentAssistant()->today();
    return RunHeld(guard, request);
}

void Service::SetConnectors(std::map<std::string, connectors::Connector> http,
                            std::shared_ptr<connectors::Executor> executor) {
    http_actions_.clear();
    for (const auto& [action, connector] : http)
        http_actions_.insert(action);
    runner_.SetConnectors(std::move(http), std::move(executor));
}

Result<bool> Service::Rate(const std::string& case_id, int rating) {
    if (rating < 1 || rating > 5) {
        return Error::Make("seam.service.bad_rating", "a rating is a whole number from 1 to 5");
    }
    auto guard = lock();
    auto c = cases::Load(*db_, case_id);
    if (!c) return c.error();
    auto& s =
        db_->Cached("SELECT COUNT(*) FROM handoffs WHERE case_id = ? AND agent_id IS NOT NULL");
    s.Bind(1, case_id);
    const bool agent = s.Next() && s.Int(0) > 0;
    s.Reset();
    JoinBatch();
    return cases::AppendEvent(*db_, Now(), case_id, c->customer_id, c->channel, "csat", c->intent,
                              {{"rating", rating}, {"handled_by", agent ? "agent" : "bot"}});
}

// [SECTION] Page events

Result<json> Service::Track(const std::string& case_id, const json& name, const json& props) {
    auto event = track::ValidatePageEvent(name, props);
    if (!event) return event.error();
    auto guard = lock();
    auto c = cache_.Get(*db_, case_id);
    if (!c) return c.error();
    const std::int64_t now = Now();
    JoinBatch();
    auto appended =
        cases::AppendEvent(*db_, now, case_id, (*c)->customer_id, (*c)->channel, "page_event", "",
                           {{"name", event->name}, {"props", event->props}});
    if (!appended) return appended.error();
    return json{{"id", db_->LastInsertId()}, {"at", now}, {"name", event->name}};
}

json Service::PageEvents(const std::string& case_id, int limit) {
    // The newest `limit`, oldest first (events_page indexes exactly these rows).
    auto& s = db_->Cached(
        "SELECT at, data FROM (SELECT id, at, data FROM events WHERE case_id = ? AND kind = "
        "'page_event' ORDER BY id DESC LIMIT ?) AS recent ORDER BY id");
    s.Bind(1, case_id).Bind(2, limit);
    json out = json::array();
    while (s.Next()) {
        json data = json::parse(s.Text(1), nullptr, false);
        if (!data.is_object()) continue;
        const json* props = json_read::Find(data, "props");
        out.push_back({{"at", s.Int(0)},
                       {"name", json_read::StringOr(data, "name")},
                       {"props", props && props->is_object() ? *props : json::object()}});
    }
    s.Reset();
    return out;
}

// [SECTION] Messages

std::vector<cases::Message> Service::Messages(const std::string& case_id, std::int64_t after,
                                              int wait_ms) {
    auto guard = lock();
    std::vector<cases::Message> found;
    WaitLocked(guard, case_id, wait_ms, [&] {
        found = cases::MessagesAfter(*db_, case_id, after);
        return !found.empty();
    });
    return found;
}

void Service::WaitLocked(std::unique_lock<std::mutex>& guard, const std::string& key, int wait_ms,
                         const std::function<bool()>& ready) {
    // A store that cannot be reached ends the wait: the HTTP layer answers 503 at once rather
    // than after the whole wait (api/routes.cpp), and the client comes back.
    const std::uint64_t unavailable = store::Db::UnavailableSeen();
    const auto lost = [&] { return store::Db::UnavailableSeen() != unavailable; };
    if (ready() || lost() || wait_ms <= 0 || stopping_) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    std::shared_ptr<Waiters>& slot = waiters_[key];
    if (!slot) slot = std::make_shared<Waiters>();
    const std::shared_ptr<Waiters> mine = slot;
    ++mine->count;
    for (;;) {
        const std::uint64_t seen = mine->generation;
        if (!mine->cv.wait_until(guard, deadline,
                                 [&] { return mine->generation != seen || stopping_; }) ||
            stopping_ || ready() || lost()) {
            break;
        }
    }
    if (--mine->count == 0) waiters_.erase(key);
}

}  // namespace seam::service
