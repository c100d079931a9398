// native/service/service.hpp — seamd's application layer: conversations across channels, the
// actions they request, and the agents' handoff desk, over one SQLite store.
//
//   customer text ─► Assistant (intent, entities, knowledge) ─► Engine::Step ─► effects
//        ▲                                                         │ action? ─► actions::Runner
//        └──── replies, quick replies ◄── messages/events/case ◄───┘ handoff? ─► queue
//
// Writers are serialised by one mutex (SQLite has one writer anyway); each call is a short
// transaction. Waiting readers (long polls for agent replies) are woken on every new message.
// HTTP is not here (see api/): errors are Result values with stable ids "seam.service.*",
// "seam.cases.*", "seam.actions.*".
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "actions/actions.hpp"
#include "assistant/assistant.hpp"
#include "cases/case_cache.hpp"
#include "cases/case_store.hpp"
#include "content/library.hpp"
#include "content/store.hpp"
#include "proactive/facts.hpp"
#include "seam/core/result.hpp"
#include "store/group_commit.hpp"
#include "store/sqlite.hpp"
#include "webhooks/outbox.hpp"

namespace seam::service {

using Clock = std::function<std::int64_t()>;  //!< milliseconds since the Unix epoch (UTC)

//! A customer as the business knows them (customers table).
struct Customer {
    std::int64_t id = 0;
    std::string external_id, first_name, last_name, email, phone, locale, country, currency;
    std::int64_t lifetime_value_cents = 0;
    nlohmann::json ToJson() const;
};

//! What a customer said: text, or a quick reply they tapped.
struct Input {
    std::string text;
    std::string choice;
    std::string channel = "widget";  //!< widget | account | email | sms | voice ("" = the case's)
    std::string address;             //!< email address / phone number for those channels
    std::int64_t expected_version = 0;  //!< 0 = whatever is stored (server-side channels)
    std::string client_id;  //!< the client's id for this message: a repeat returns the first answer
    bool with_state = false;  //!< include the engine state in the answer (the widget's brain)
};

class Service {
  public:
    Service(std::unique_ptr<store::Db> db, std::shared_ptr<const backend::Assistant> assistant,
            Clock clock);

    // [SECTION] Customers
    //! Takes the store's lock (the API's request threads call it holding nothing).
    Result<Customer> CustomerByExternalId(const std::string& external_id);
    //! Holding the lock.
    Result<Customer> CustomerById(std::int64_t id);
    //! By email (case-insensitive) or E.164 phone, for inbound email/SMS/voice. Holding the lock.
    Result<Customer> CustomerByAddress(const std::string& channel, const std::string& address);
    //! The customer's orders, newest first, with items and shipments (the account page).
    nlohmann::json Orders(std::int64_t customer_id, int limit);

    // [SECTION] Conversations
    //! A new case. `customer_id` 0 = anonymous; a verified customer's name/email go into the
    //! engine's state so flows can greet them and actions may run.
    Result<cases::Case> OpenCase(const std::string& channel, const std::string& locale,
                                 std::int64_t customer_id, bool verified);
    Result<cases::Case> GetCase(const std::string& id);
    //! Attaches a verified customer to the case (after a JWT or user_hash was accepted).
    Result<cases::Case> Identify(const std::string& case_id, const Customer& customer);
    //! One customer turn run server-side: understanding, flow steps, actions, handoff. Returns
    //! {"case_id", "version", "status", "effects": [...], "messages": [...]}.
    Result<nlohmann::json> Turn(const std::string& case_id, const Input& input);
    //! A message arriving on email/SMS/voice: the sender's open case continues (same slots,
    //! same verified identity), or a new one opens. Unknown senders get an anonymous case.
    Result<nlohmann::json> Inbound(const std::string& channel, const std::string& from,
                                   const std::string& text);
    //! An action the widget's flow requested; decided and run here (policy, ownership...).
    //! `agent_login` "" = the case's customer asks; else that agent asks, on the case's
    //! customer (actions::Actor kind agent).
    Result<actions::Response> RunAction(const std::string& case_id, const std::string& name,
                                        const nlohmann::json& params,
                                        const std::string& idempotency_key,
                                        const std::string& agent_login = "");
    //! An action asked outside any case by whoever the HTTP layer authenticated: a customer by
    //! their own token (`actor` kind customer, customer_id and external_id, verified) or an
    //! agent (kind agent, agent_login). No idempotency key (a read, such as return_label).
    //! Run as RunAction runs one: the store's lock let go during an http connector's call.
    Result<actions::Response> RunActionAs(const actions::Actor& actor, const std::string& name,
                                          const nlohmann::json& params,
                                          const std::string& locale = "en");
    //! Messages after id `after`; waits up to `wait_ms` for one when there are none yet.
    std::vector<cases::Message> Messages(const std::string& case_id, std::int64_t after,
                                         int wait_ms);
    //! Records a 1–5 rating for the case (event csat, handled_by bot or agent).
    Result<bool> Rate(const std::string& case_id, int rating);
    //! Records what the visitor did on the site (Seam('track', name, props)) with the case, in
    //! the event log, after the same checks the widget made (seam/track/page_event.hpp).
    //! Answers {id, at, name}. Errors: seam.track.bad_name, seam.track.bad_props,
    //! seam.cases.not_found.
    Result<nlohmann::json> Track(const std::string& case_id, const nlohmann::json& name,
                                 const nlohmann::json& props);

    // [SECTION] Agents and the handoff desk
    struct Agent {
        std::int64_t id = 0;
        std::string login, name, role;
        std::vector<std::string> skills;
    };
    Result<Agent> AgentByLogin(const std::string& login);
    //! Checks an agent's secret: the stored hash is read under the lock, the slow Argon2id check
    //! runs with no lock held, and an unknown login is checked against a dummy hash, so that it
    //! costs the same as a wrong secret. A hash in an older format is replaced by a current one
    //! on success. Errors: seam.service.bad_credentials (the same for both cases).
    Result<Agent> AuthenticateAgent(const std::string& login, const std::string& secret);
    //! The queue: handoffs by status ("queued", "claimed", "resolved", "" = open ones), skill
    //! filter ("" = all), ordered by priority then waiting time.
    nlohmann::json Queue(const std::string& status, const std::string& skill);
    //! One handoff with its payload, the conversation, the customer, their orders and cases.
    Result<nlohmann::json> Handoff(std::int64_t id);
    //! The case's newest `limit` page events, oldest first: [{at, name, props}]. Holding the
    //! lock.
    nlohmann::json PageEvents(const std::string& case_id, int limit);
    Result<nlohmann::json> Claim(std::int64_t id, const Agent& agent);
    //! The agent's reply reaches the customer's widget (long poll) and is logged.
    Result<nlohmann::json> Reply(std::int64_t id, const Agent& agent, const std::string& text);
    //! Closes the handoff and the case; writes the case note from the payload and conversation.
    Result<nlohmann::json> Resolve(std::int64_t id, const Agent& agent, const std::string& outcome);

    // [SECTION] Proactive engagement (service/proactive.cpp)
    //! The business event as POST /v1/events/ingest received it: matched against the triggers,
    //! each match decided by the suppression rules and recorded (event `proactive`, a row of
    //! proactive_messages), a sent one delivered (a new case with the trigger's words and its
    //! flow started on the widget, or an email/SMS through the webhook outbox). Idempotent by
    //! event id: a repeat answers the first result with "duplicate": true; the same id with
    //! another body is seam.proactive.event_id_reused. Answers {"id", "type", "customer",
    //! "duplicate", "decisions": [{"trigger", "object", "send", "reason", "channel", "case_id",
    //! "deferred_until"}]}. A sent message's flow may begin with actions; an http one's call
    //! lets go of the store's lock (ProactiveCalls), and a resend of the event during it waits
    //! for the first ingest and gets its answer.
    Result<nlohmann::json> IngestEvent(const proactive_facts::BusinessEvent& event,
                                       const std::string& body_hash);
    //! Background work due at Now(): each daily schedule once per UTC day once its time has
    //! come, and candidates held for quiet hours whose night has ended. Answers what it did.
    //! Its http actions' calls let go of the store's lock as IngestEvent's do.
    nlohmann::json RunProactiveDue();
    //! The customer's proactive widget messages not yet opened, with id > `after`, oldest first;
    //! waits up to `wait_ms` for one: [{"id", "case_id", "trigger", "text", "replies", "at"}].
    nlohmann::json PendingProactive(std::int64_t customer_id, std::int64_t after, int wait_ms);
    //! The customer opened (or answered) the proactive message of `case_id`.
    Result<bool> ProactiveSeen(const std::string& case_id);
    //! The customer's opt-out of proactive messages on `channel` (widget | email | sms | "*" for
    //! all), recorded with where it came from; an event `proactive_opt_out` in the log.
    Result<bool> ProactiveOptOut(std::int64_t customer_id, const std::string& channel,
                                 const std::string& source);
    //! For the console: the effective settings, the triggers, recent decisions with reasons.
    nlohmann::json ProactiveOverview(int limit);
    //! Changes the runtime settings (admin): {"enabled"?: bool (the kill switch),
    //! "quiet_hours"?: {"from", "to"}, "per_day"?, "per_week"?, "holdout_percent"?}; audited.
    //! Errors: seam.proactive.settings.
    Result<nlohmann::json> SetProactiveSettings(const nlohmann::json& changes,
                                                const std::string& actor);
    //! Runs `write` holding the lock, in one transaction of the open batch (writers outside the
    //! service: the demo shop's feed). Committed when it returns true.
    Result<bool> WriteInBatch(const std::function<Result<bool>(store::Db&)>& write);
    //! Where the unsubscribe link of an email/SMS for (customer external id, channel) points.
    void SetUnsubscribeLinks(std::function<std::string(const std::string&, const std::string&)> f);

    // [SECTION] Content publishing (service/content.cpp, native/README.md "Content publishing")
    //! Turns publishing on: `base` are the files under assets/ that are not content, `disk` the
    //! content files assets/ holds now, `build` how a version's assistant is made. The first
    //! start publishes `disk` as version 1 ("seed"); a later one publishes the files changed on
    //! disk since the last start as a new version ("assets"), except a file that was also
    //! published since (the published text stays; the answer's notes say so). The current
    //! version then serves. Answers notes for the start's log. Errors: the set's problems
    //! (seam.content.invalid) or the store's.
    Result<std::string> StartContent(const content::Files& tree,
                                     content_store::Library::Builder build);
    //! One change of a publish: `text` nullopt removes the file; `base_revision` is the file's
    //! revision the change was made on (0: a new file; -1: not given, the current is assumed).
    struct ContentChange {
        std::string path;
        std::optional<std::string> text;
        int base_revision = -1;
    };
    //! Checks and publishes `changes` over the current version as `actor` (an admin; the API
    //! checks the role). `action` is publish | rollback | import. Errors:
    //! seam.content.conflict (409: a base is not the file's current revision; the error's
    //! detail is in `*conflict`: {"path", "revision", "author", "at", "note", "version"}),
    //! seam.content.invalid (problems in `*problems`), seam.content.tests_failed (`*tests`),
    //! seam.content.bad_path, seam.content.too_large, seam.content.disabled.
    struct PublishDetail {
        nlohmann::json conflict;
        nlohmann::json problems = nlohmann::json::array();
        nlohmann::json tests = nlohmann::json::array();
    };
    Result<nlohmann::json> PublishContent(const std::vector<ContentChange>& changes,
                                          const std::string& note, const std::string& actor,
                                          PublishDetail& detail,
                                          const std::string& action = "publish",
                                          int rolled_back_to = 0);
    //! A new version with the files of `version`.
    Result<nlohmann::json> RollbackContent(int version, const std::string& note,
                                           const std::string& actor, PublishDetail& detail);
    //! Publishes `files` as the whole set (the files it lacks are removed). `base_version`: the
    //! version they were exported from; a file that differs and was published after it is a
    //! conflict (0: no check).
    Result<nlohmann::json> ImportContent(const content::Files& files, const std::string& note,
                                         const std::string& actor, int base_version,
                                         PublishDetail& detail);
    //! {"version", "files", "items", "actions"} of `version` (0 = the current one).
    Result<nlohmann::json> ExportContent(int version);
    nlohmann::json ContentHistory(int limit);
    //! The release and its changes against the version before: {..., "changes": [...]}.
    Result<nlohmann::json> ContentRelease(int version);
    //! Saves `author`'s draft of `path` and answers it with the problems the set would have.
    Result<nlohmann::json> SaveContentDraft(const std::string& path,
                                            const std::optional<std::string>& text,
                                            int base_revision, const std::string& author);
    Result<bool> DiscardContentDraft(const std::string& path, const std::string& author);
    nlohmann::json ContentDrafts();
    //! The customers' most recent messages, newest first (the knowledge preview).
    nlohmann::json RecentQuestions(int limit);
    //! The version a case's conversation runs on (its flow's pin, else the current one).
    int ContentVersionOf(const nlohmann::json& state);

    // [SECTION] Operations
    store::Db& db() { return *db_; }  //!< for tests and the loader; hold lock() while using it
    std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }
    //! The current content version's assistant (new conversations start on it).
    content_store::AssistantPtr assistant() const { return CurrentAssistant(); }
    std::int64_t Now() const { return clock_(); }
    //! The actions that go to the business's systems over `http` connectors (see
    //! actions::Runner::SetConnectors). Call before serving. A conversation's turn, the
    //! action API (RunAction) and a proactive run all let go of the store's lock for the call
    //! (a turn then checks that its case was not written meanwhile, else plans again: Turn,
    //! TurnCalls; a proactive run is decided again from what is stored: ProactiveCalls).
    void SetConnectors(std::map<std::string, connectors::Connector> http,
                       std::shared_ptr<connectors::Executor> executor);
    //! Where handoff.created / case.resolved webhooks go; `poke` is called after a commit that
    //! queued one (wakes the dispatcher). Call before serving.
    void SetWebhooks(webhooks::Config config, std::function<void()> poke);
    //! Waits until every change this thread made through the service is committed (writes
    //! share batched commits, store/group_commit.hpp). The HTTP layer calls it before it
    //! answers, so an answer never reports what a crash could still lose. Errors:
    //! seam.store.commit.
    Result<bool> AwaitDurable();
    // [SECTION] Several nodes on one PostgreSQL store (native/README.md "Running a cluster")
    //! The channel the nodes announce their changes on (store::Listener, Db::Announce).
    static constexpr const char* kPeerChannel = "seam_changes";
    //! The announcement of a newly published content version.
    static constexpr const char* kContentChanged = "content";
    //! Another node changed `what` (a store::Listener hands it over): a case id or
    //! "customer:<id>" (the long polls on it wake), kContentChanged (the version it published
    //! becomes the current one here too), or store::Listener::kAnything (everything is looked
    //! at again: notifications were missed). Any thread, not holding the lock.
    void FromPeer(const std::string& what);
    //! `work` runs between two batches, holding the lock, with no transaction open (the
    //! store's housekeeping: a WAL restart, store/checkpointer.hpp). Call before serving.
    void SetBetweenBatches(std::function<void(store::Db&)> work);
    //! Whether the store answers (GET /healthz). SQLite: always. PostgreSQL: a round trip
    //! (Db::Ping, which reconnects a lost connection when a try is due) at most once a second
    //! while it answers, at every call while it does not; never waiting for the store's lock
    //! (held, the store is in use and its last call tells: Db::reachable).
    bool StoreReachable();
    //! Wakes every waiting long poll and makes new ones answer at once (graceful shutdown).
    void Shutdown();

  private:
    //! Runs `request` holding `guard` (the store's lock), which is let go during an http
    //! connector's call (actions::Request::outside_lock) and held again for the record.
    Result<actions::Response> RunHeld(std::unique_lock<std::mutex>& guard,
                                      actions::Request& request);
    //! The actions::Request::outside_lock of a caller holding `guard`: lets go of it for an
    //! http connector's call, takes it back however the call ends, then joins a new batch for
    //! what is written next. `*let_go` (when given) is set once it was used.
    std::function<void(const std::function<void()>&)> LetGoForCall(
        std::unique_lock<std::mutex>& guard, bool* let_go = nullptr);
    //! The assistant a turn runs with, and its content version.
    struct Pinned {
        int version = 0;
        content_store::AssistantPtr assistant;
    };
    //! A conversation in a flow stays on the content version it started the flow with (its
    //! state's context.content_version); between flows it moves to the current version. A
    //! version no longer loaded is built again from the store (the lock is taken to read it).
    //! `locked`: the caller holds the lock (it is not taken again).
    Pinned PinFor(const nlohmann::json& state, bool locked = false);
    //! Publishing: the changes (or, with `whole`, a whole set computed from each attempt's base:
    //! rollback and import), checked, built, tested, written, made current once durable.
    struct PublishRequest {
        std::vector<ContentChange> changes;
        std::function<content::Files(const content::Files& current)> whole;
        int whole_base = 0;  //!< whole: conflicts for files published after this version
        std::string note, actor, action = "publish";
        int rolled_back_to = 0;
    };
    Result<nlohmann::json> Publish(const PublishRequest& request, PublishDetail& detail);
    //! Holding the lock: the texts of `version` (kept: versions never change).
    Result<std::shared_ptr<const content::Files>> TextsLocked(int version);
    content_store::AssistantPtr CurrentAssistant() const { return library_->Current().second; }
    //! What the engine makes of a customer's event on a case: planned without the lock.
    struct TurnPlan {
        nlohmann::json state;               //!< the case's state after the step
        std::string state_text;             //!< `state` serialised (when no action is needed)
        std::vector<flow::Effect> effects;  //!< the step's effects
        nlohmann::json effects_json;        //!< their JSON for the answer (when no action)
        bool needs_action = false;          //!< an action must run: the rest is done locked
        bool had_csat = false;              //!< the state before the step held a rating
    };
    //! Steps `state` (moved in) with `event` on `channel`: the new state and its effects.
    Result<TurnPlan> PlanTurn(const Pinned& pinned, nlohmann::json state,
                              const std::string& channel, const flow::Event& event) const;
    //! A turn's http connector calls, kept across its attempts (Turn). While `guard` is set,
    //! an http action's call lets go of it (as RunHeld does); once it is held again, the case's
    //! stored version is checked: written meanwhile (another writer of the case), the turn
    //! stops without writing (`written_meanwhile`, error seam.service.written_meanwhile) and
    //! Turn plans it again from what is stored, its actions replayed from their records.
    struct TurnCalls {
        std::unique_lock<std::mutex>* guard = nullptr;  //!< null: the calls keep the lock
        //! The version a turn without a client_id names in its actions' keys: the one its first
        //! locked write read (0 until then), so a turn planned again replays its actions.
        std::int64_t key_version = 0;
        bool written_meanwhile = false;
    };
    //! Holding the lock: checks the client's expected version and client_id (a repeat gets the
    //! first answer), writes the turn (TurnLocked) and remembers the new case.
    //! `c` comes without its state when the plan took it.
    Result<nlohmann::json> WriteTurn(const Pinned& pinned, cases::Case c, const Input& input,
                                     const flow::Event& event, const std::string& said_hash,
                                     std::optional<TurnPlan> plan, TurnCalls& calls);
    //! Holding the lock: runs the plan's actions (planning first when there is no plan) and
    //! writes the turn. `c` may come without its state when the plan needs no action.
    Result<nlohmann::json> TurnLocked(const Pinned& pinned, cases::Case& c, const Input& input,
                                      const flow::Event& event, std::optional<TurnPlan> plan,
                                      TurnCalls& calls);
    //! Holding the lock: the turn on a case whose stored state cannot be read (CheckState
    //! failed). The customer's words are kept; the first such turn queues a handoff (reason
    //! state_unreadable, with the customer, channel and transcript from the messages table) and
    //! says so in the case's language; later turns say a colleague has the case (no new
    //! handoff while one is open). The stored state is never overwritten.
    Result<nlohmann::json> UnreadableTurnLocked(cases::Case& c, const Input& input,
                                                const std::string& customer_said, const Error& why);
    //! "en" or "es": the state's locale when it has one, else the customer's. Holding the lock.
    std::string CaseLocale(const cases::Case& c);
    Result<Customer> CustomerWhere(const char* sql, const std::string& key);
    Result<Agent> AgentWhere(const std::string& login, std::string* secret_hash);
    nlohmann::json CustomerBlock(const Customer& c, bool verified) const;
    //! Holding the lock: wakes every waiting long poll (shutdown, a rolled-back batch).
    void Notify();
    //! Holding the lock (in `guard`): returns once `ready()` (called first, then after each
    //! wake-up on `key`, see NotifyCase) is true, `wait_ms` has passed, or the service stops.
    //! The long polls of messages (key: the case id) and of proactive messages ("customer:<id>").
    void WaitLocked(std::unique_lock<std::mutex>& guard, const std::string& key, int wait_ms,
                    const std::function<bool()>& ready);
    //! Holding the lock: wakes the long polls waiting on `case_id` (it has a new message), here
    //! and (announced in the write's transaction) on the other nodes sharing the store.
    void NotifyCase(const std::string& case_id);
    //! Holding the lock: wakes this node's long polls waiting on `key`.
    void WakeLocked(const std::string& key);
    //! Serves the store's current content version if another node published a newer one.
    void FollowContent();
    //! Holding the lock, before writing: the write joins the open batch (see AwaitDurable).
    void JoinBatch();
    //! Records in case_channels that the case was continued on `channel`, skipping the write
    //! when the same channel was recorded for the case less than a minute ago: last_at is
    //! kept to the minute, which spares most turns a write. Holding the lock.
    void TouchChannel(const std::string& case_id, const std::string& channel,
                      const std::string& address, std::int64_t now);
    //! Queues a webhook in the current transaction; true when one was queued.
    bool QueueWebhook(const std::string& event, const nlohmann::json& data, std::int64_t now);
    void PokeWebhooks();
    //! A proactive run's http connector calls (IngestEvent, RunProactiveDue), kept across the
    //! passes it is decided in. Each pass holds the store's lock from its first read to its
    //! commit, so a kept pass decides and writes from one view of the store, as before
    //! connectors let go of the lock. While `let_go`, a sent candidate whose flow reaches an
    //! http action not called yet in this run stops its flow there and the pass goes on with
    //! the other candidates, then is rolled back whole: the calls it wanted are made letting
    //! go of the lock (each recorded by the runner under its key, ProactiveCallsOutside), and
    //! the run is decided again from what is stored then, those actions replayed from their
    //! records. The last passes call holding the lock, so a run always ends.
    struct ProactiveCalls {
        bool let_go = false;                   //!< false: http calls keep the lock
        std::vector<actions::Request> wanted;  //!< the calls this pass stopped at
        std::set<std::string> answered;        //!< action keys called in an earlier pass
        //! A candidate (customer, trigger, object; the n-th in a pass) -> its case id, the same
        //! in every pass: its actions' keys ("proactive:<case>:<round>") name it.
        std::map<std::string, std::string> case_ids;
        std::map<std::string, int> seen;  //!< this pass's candidates, to number repeats
    };
    //! One pass of IngestEvent (ProactiveCalls), holding the lock: answers the event's result,
    //! or, when `calls.wanted` is not empty, nothing (the pass was rolled back).
    Result<nlohmann::json> IngestEventLocked(const proactive_facts::BusinessEvent& event,
                                             const std::string& body_hash,
                                             const content_store::AssistantPtr& assistant,
                                             ProactiveCalls& calls);
    //! One pass of RunProactiveDue, as IngestEventLocked.
    nlohmann::json RunProactiveDueLocked(const content_store::AssistantPtr& assistant,
                                         ProactiveCalls& calls);
    //! Holding the lock (`guard`) with no transaction open, after a pass was rolled back: makes
    //! the calls it wanted, letting go of the lock for each (LetGoForCall), and forgets what
    //! that pass left in memory (the channels its cases touched).
    void ProactiveCallsOutside(std::unique_lock<std::mutex>& guard, ProactiveCalls& calls);
    //! Holding the lock, in a transaction: decides one candidate for `subject` and records it
    //! (and delivers it when sent). Appends the decision to `out`; `wake` collects customers
    //! whose waiting widgets have news.
    //! `source` is what the facts come from ({"event": ...} or {"schedule", "plan"}), kept
    //! with a candidate held for quiet hours to read them again when it is due.
    //! `calls`: a sent candidate's flow stops at an http action it wants called (the caller
    //! then rolls the pass back; see ProactiveCalls).
    Result<bool> DecideLocked(const proactive_facts::Subject& subject,
                              const proactive::Candidate& candidate, const nlohmann::json& source,
                              std::int64_t now, nlohmann::json& out,
                              std::vector<std::int64_t>& wake, bool& webhook_queued,
                              ProactiveCalls& calls);
    //! DecideLocked in a savepoint of its own: a candidate that fails leaves nothing behind and
    //! is logged; the others go on (background work). False when it failed.
    bool DecideOneLocked(const proactive_facts::Subject& subject,
                         const proactive::Candidate& candidate, const nlohmann::json& source,
                         std::int64_t now, nlohmann::json& out, std::vector<std::int64_t>& wake,
                         bool& webhook_queued, ProactiveCalls& calls);
    //! Holding the lock: the settings in force (the policy file, then the console's changes).
    struct ProactiveSettings {
        bool enabled = true;
        proactive::Policy policy;
    };
    ProactiveSettings ProactiveSettingsLocked();
    //! Holding the lock: wakes the widgets waiting for proactive messages of `customer_id`.
    void NotifyCustomer(std::int64_t customer_id);

    std::unique_ptr<store::Db> db_;
    content_store::AssistantPtr base_assistant_;  // the first: its rules serve runner_
    std::shared_ptr<content_store::Library> library_;
    std::string content_actions_;  // flows/actions.json: what content is checked against
    std::map<int, std::shared_ptr<const content::Files>> texts_;  // recent versions' files
    std::mutex build_mutex_;     // one build of a pinned version at a time
    std::set<int> unbuildable_;  // pinned versions that do not load any more (logged once)
    actions::Runner runner_;
    Clock clock_;
    std::mutex mutex_;
    //! The long polls (Messages) waiting on one case: woken by that case's writes only. One
    //! condition for all of them woke every waiting widget on every turn of any case (issue 17:
    //! 1,000 waiting widgets each re-read their messages, under the store's lock, per turn).
    struct Waiters {
        std::condition_variable cv;
        std::uint64_t generation = 0;
        std::size_t count = 0;
    };
    std::unordered_map<std::string, std::shared_ptr<Waiters>> waiters_;
    std::uint64_t message_generation_ = 0;
    //! Cases with a turn in its locked write (its actions, their calls, the turn's record): one
    //! at a time per case, so two turns of a case never run their actions at the same version
    //! (a call lets go of the lock; see Turn). Guarded by mutex_; `turn_done_` wakes the next.
    std::set<std::string> turns_writing_;
    std::condition_variable turn_done_;
    //! Business events being ingested (IngestEvent may let go of the lock for a call): one at a
    //! time per id, so a resend finds the first one's record. Guarded by mutex_.
    std::set<std::string> events_ingesting_;
    std::condition_variable event_done_;
    std::set<std::string> http_actions_;  //!< the actions SetConnectors routes over http
    bool stopping_ = false;
    std::atomic<std::int64_t> store_checked_ms_{0};  // StoreReachable's last round trip
    webhooks::Config webhooks_;
    std::function<void()> poke_webhooks_;
    cases::CaseCache cache_{20000};  // parsed states of active cases (turns)
    struct ChannelTouch {
        std::string channel, address;
        std::int64_t at = 0;
    };
    std::unordered_map<std::string, ChannelTouch> touched_;  // case id -> last recorded
    std::function<std::string(const std::string&, const std::string&)> unsubscribe_link_;
    std::unique_ptr<store::GroupCommit> group_;  // last: stops (committing) before the rest
};

//! A random, URL-safe identifier (case ids): 128 bits from the OS.
std::string NewId(const char* prefix);

}  // namespace seam::service
