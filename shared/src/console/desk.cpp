// shared/src/console/desk.cpp — the agent desk's model (see desk.hpp).
//
// Index of this file:
//   [SECTION] Waiting targets
//   [SECTION] JSON readers (tolerant: a missing or mistyped field keeps its default)
//   [SECTION] Parsing the queue and a handoff
//   [SECTION] Suggested next steps
//   [SECTION] Desk: refreshes and selection
//   [SECTION] Desk: operations
#include "seam/console/desk.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "seam/track/page_event.hpp"

namespace seam::console {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Waiting targets
//-----------------------------------------------------------------------------

int WaitTargetSeconds(std::string_view priority) {
    int normal = 15 * 60;
    for (const WaitTarget& t : kWaitTargets) {
        if (t.priority == priority) return t.seconds;
        if (t.priority == "normal") normal = t.seconds;
    }
    return normal;
}

WaitStatus WaitStatusFor(double waiting_seconds, std::string_view priority) {
    const double target = WaitTargetSeconds(priority);
    if (waiting_seconds >= target) return WaitStatus::kOver;
    if (waiting_seconds >= target * kWaitNearFraction) return WaitStatus::kNear;
    return WaitStatus::kWithin;
}

int PriorityRank(std::string_view priority) {
    if (priority == "urgent") return 3;
    if (priority == "high") return 2;
    if (priority == "low") return 0;
    return 1;
}

//-----------------------------------------------------------------------------
// [SECTION] JSON readers
//-----------------------------------------------------------------------------

namespace {

const json& Field(const json& j, const char* key) {
    static const json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

//! Strings as they are; numbers and booleans as JSON text; anything else "".
std::string Text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    return "";
}
std::string Str(const json& j, const char* key) {
    return Text(Field(j, key));
}
//! Any JSON value as words: strings unquoted, null as "", the rest compact JSON.
std::string Shown(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}
double Num(const json& j, const char* key, double fallback = 0) {
    const json& v = Field(j, key);
    return v.is_number() ? v.get<double>() : fallback;
}
std::int64_t Int(const json& j, const char* key) {
    const json& v = Field(j, key);
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_float()) return static_cast<std::int64_t>(v.get<double>());
    return 0;
}
bool Bool(const json& j, const char* key) {
    const json& v = Field(j, key);
    return v.is_boolean() && v.get<bool>();
}
const json& Array(const json& j, const char* key) {
    static const json kEmpty = json::array();
    const json& v = Field(j, key);
    return v.is_array() ? v : kEmpty;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Trim(const std::string& s) {
    const auto begin = s.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return "";
    const auto end = s.find_last_not_of(" \t\r\n");
    return s.substr(begin, end - begin + 1);
}

// The flow and intent that only mean "a person, please": never what the customer is about.
constexpr std::string_view kPersonRequest = "talk_to_human";
// The largest reply seamd accepts (Service::Reply).
constexpr std::size_t kMaxReplyBytes = 4000;

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Parsing the queue and a handoff
//-----------------------------------------------------------------------------

std::optional<std::vector<QueueRow>> ParseQueue(const json& body) {
    const json& list = Field(body, "handoffs");
    if (!list.is_array()) return std::nullopt;
    std::vector<QueueRow> rows;
    for (const json& h : list) {
        if (!Field(h, "id").is_number_integer()) continue;
        QueueRow r;
        r.id = Int(h, "id");
        r.case_id = Str(h, "case_id");
        r.created_at = Int(h, "created_at");
        r.waiting_seconds = Num(h, "waiting_seconds");
        r.skill = Str(h, "skill");
        if (!Str(h, "priority").empty()) r.priority = Str(h, "priority");
        r.score = Int(h, "score");
        r.status = Str(h, "status");
        r.agent = Str(h, "agent");
        r.customer = Str(h, "customer");
        r.customer_value = Num(h, "customer_value");
        r.intent = Str(h, "intent");
        r.reason = Str(h, "reason");
        r.summary = Str(h, "summary");
        r.server_order = static_cast<int>(rows.size());
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string CustomerInfo::DisplayName() const {
    std::string name = first_name;
    if (!last_name.empty()) name += (name.empty() ? "" : " ") + last_name;
    if (!name.empty()) return name;
    if (!email.empty()) return email;
    return "Anonymous visitor";
}

namespace {

CustomerInfo ParseCustomer(const json& record, const json& verification) {
    CustomerInfo c;
    // seamd's record first; the payload's block (what the automation knew) fills the gaps.
    for (const json* src : {&verification, &record}) {
        if (!src->is_object()) continue;
        auto take = [&](std::string& to, const char* key) {
            const std::string v = Str(*src, key);
            if (!v.empty()) to = v;
        };
        take(c.id, "id");
        take(c.first_name, "first_name");
        take(c.last_name, "last_name");
        take(c.email, "email");
        take(c.phone, "phone");
        take(c.locale, "locale");
        take(c.country, "country");
        take(c.currency, "currency");
    }
    c.lifetime_value = Num(record, "lifetime_value");
    c.verified = Bool(verification, "verified");
    c.verified_by = Str(verification, "verified_by");
    if (c.verified_by.empty()) c.verified_by = c.verified ? "yes" : "none";
    return c;
}

void ReadChecks(const std::string& action, const json& decision, std::vector<PolicyCheck>& out) {
    for (const json& k : Array(decision, "checks")) {
        PolicyCheck p;
        p.action = action;
        p.rule = Str(k, "rule");
        p.description = Str(k, "description");
        p.passed = Bool(k, "passed");
        p.detail = Str(k, "detail");
        out.push_back(std::move(p));
    }
}

}  // namespace

std::optional<HandoffDetail> ParseHandoffDetail(const json& body) {
    if (!Field(body, "id").is_number_integer()) return std::nullopt;
    HandoffDetail d;
    d.id = Int(body, "id");
    d.case_id = Str(body, "case_id");
    d.created_at = Int(body, "created_at");
    d.skill = Str(body, "skill");
    d.status = Str(body, "status");
    d.agent = Str(body, "agent");
    d.outcome = Str(body, "outcome");
    d.note = Str(body, "note");

    const json& p = Field(body, "payload");
    d.reason = Str(p, "reason");
    d.queue = Str(p, "queue");
    if (!Str(p, "priority").empty()) d.priority = Str(p, "priority");
    d.flow = Str(p, "flow");
    d.step = Str(p, "step");
    d.summary = Str(p, "summary");
    const json& interrupted = Field(p, "interrupted");
    d.interrupted_flow = Str(interrupted, "flow");
    d.interrupted_step = Str(interrupted, "step");
    d.customer = ParseCustomer(Field(body, "customer"), Field(p, "customer"));
    for (const json& i : Array(p, "intents"))
        d.intents.push_back({Str(i, "intent"), Num(i, "confidence"), Bool(i, "ambiguous")});
    for (const json& s : Array(p, "slots")) {
        d.slots.push_back({Str(s, "slot"), Shown(Field(s, "value")), Str(s, "source"),
                           Str(s, "text"), Str(s, "validated_as")});
    }
    for (const json& a : Array(p, "actions")) {
        ActionRecord r;
        r.name = Str(a, "name");
        for (const auto& [key, value] : Field(a, "params").items()) {
            if (!r.params.empty()) r.params += ", ";
            r.params += key + "=" + Shown(value);
        }
        const json& outcome = Field(a, "outcome");
        r.outcome = outcome.is_string() ? outcome.get<std::string>() : "pending";
        const json& result = Field(a, "result");
        r.reason = Str(result, "reason");
        if (r.reason.empty()) r.reason = Str(result, "error");
        if (!result.is_null() && !(result.is_object() && result.empty())) r.result = Shown(result);
        // The policy rules checked: where the action recorded its decision.
        ReadChecks(r.name, Field(a, "decision"), d.checks);
        ReadChecks(r.name, Field(result, "decision"), d.checks);
        d.actions.push_back(std::move(r));
    }
    for (const json& s : Array(p, "remaining_steps"))
        d.remaining_steps.push_back(
            {Str(s, "id"), Str(s, "kind"), Str(s, "slot"), Str(s, "action")});
    for (const json& t : Array(p, "transcript"))
        d.transcript.push_back({Str(t, "from"), Str(t, "text")});

    for (const json& m : Array(body, "messages")) {
        d.messages.push_back({Int(m, "id"), Int(m, "at"), Str(m, "sender"), Str(m, "agent"),
                              Str(m, "agent_name"), Str(m, "channel"), Str(m, "text")});
    }
    for (const json& c : Array(body, "channels")) {
        d.channels.push_back(
            {Str(c, "channel"), Str(c, "address"), Int(c, "first_at"), Int(c, "last_at")});
    }
    for (const json& e : Array(body, "page_events")) {
        track::PageEvent event;
        event.name = Str(e, "name");
        if (event.name.empty()) continue;
        if (Field(e, "props").is_object()) event.props = Field(e, "props");
        d.page_events.push_back({Int(e, "at"), track::Describe(event)});
    }
    const json& kase = Field(body, "case");
    d.case_status = Str(kase, "status");
    d.case_intent = Str(kase, "intent");
    d.case_locale = Str(kase, "locale");
    d.case_version = Int(kase, "version");
    for (const json& o : Array(body, "orders")) {
        OrderInfo r;
        r.number = Str(o, "number");
        r.placed_on = Str(o, "placed_on");
        r.status = Str(o, "status");
        if (!Str(o, "currency").empty()) r.currency = Str(o, "currency");
        r.total = Num(o, "total");
        r.carrier = Str(o, "carrier");
        r.tracking_url = Str(o, "tracking_url");
        r.expected_on = Str(o, "expected_on");
        r.delivered_on = Str(o, "delivered_on");
        r.items = Str(o, "items");
        d.orders.push_back(std::move(r));
    }
    for (const json& c : Array(body, "past_cases")) {
        d.past_cases.push_back({Str(c, "id"), Str(c, "status"), Str(c, "intent"), Str(c, "outcome"),
                                Int(c, "created_at")});
    }
    return d;
}

//-----------------------------------------------------------------------------
// [SECTION] Suggested next steps
//-----------------------------------------------------------------------------

std::string Humanize(std::string_view id) {
    std::string out(id);
    for (char& c : out)
        if (c == '_' || c == '-' || c == '.') c = ' ';
    return out;
}

namespace {

//! What the customer came for, in words: the flow they left for a person, else the flow that
//! ran, else their most confident intent that is not "a person, please", else the topic they
//! chose, else the queue.
std::string Topic(const HandoffDetail& d) {
    if (!d.interrupted_flow.empty()) return Humanize(d.interrupted_flow);
    if (!d.flow.empty() && d.flow != kPersonRequest) return Humanize(d.flow);
    const IntentGuess* best = nullptr;
    for (const IntentGuess& i : d.intents) {
        if (i.intent.empty() || i.intent == kPersonRequest || i.ambiguous) continue;
        if (!best || i.confidence > best->confidence) best = &i;
    }
    if (best) return Humanize(best->intent);
    for (const SlotValue& s : d.slots)
        if (s.slot == "topic" && !s.value.empty()) return Humanize(s.value);
    if (!d.queue.empty()) return Humanize(d.queue);
    return "";
}

//! Ends `text` with a full stop unless it already ends a sentence.
std::string Sentence(const std::string& text) {
    if (text.empty() || text.back() == '.' || text.back() == '!' || text.back() == '?') return text;
    return text + ".";
}

std::string FirstWord(const std::string& name) {
    return name.substr(0, name.find(' '));
}

bool HasSlot(const HandoffDetail& d, const std::string& slot) {
    for (const SlotValue& s : d.slots)
        if (s.slot == slot && !s.value.empty()) return true;
    return false;
}

}  // namespace

std::vector<Suggestion> SuggestReplies(const HandoffDetail& d, const std::string& agent_name) {
    std::vector<Suggestion> out;
    const std::string first = d.customer.first_name.empty() ? "there" : d.customer.first_name;

    // 1. The greeting: who is taking over, what we know already (the customer never repeats it).
    std::string hello = "Hi " + first + ", ";
    hello += agent_name.empty()
                 ? "I'm taking over from our assistant."
                 : "this is " + FirstWord(agent_name) + ", taking over from our assistant.";
    const std::string topic = Topic(d);
    if (!topic.empty()) hello += " I can see you need help with " + topic;
    std::string known;
    for (const SlotValue& s : d.slots) {
        if (s.value.empty() || s.slot == "topic") continue;
        known += (known.empty() ? "" : ", ") + Humanize(s.slot) + " " + s.value;
    }
    if (!known.empty())
        hello += (topic.empty() ? " I already have your " : ", and I already have your ") + known;
    if (!topic.empty() || !known.empty()) hello += ".";
    if (d.customer.verified) hello += " You're already verified, so no need to repeat anything.";
    hello += " Give me a moment to look at it.";
    out.push_back({d.customer.first_name.empty() ? "Greet" : "Greet " + first, hello});

    // 2. A word on each action that did not go through (at most two).
    int failed = 0;
    for (const ActionRecord& a : d.actions) {
        if (!a.failed() || failed == 2) continue;
        ++failed;
        std::string text;
        if (a.outcome == "needs_review") {
            text = "Your " + Humanize(a.name) +
                   " needs a quick review by a person, and I'm on it now.";
        } else if (a.outcome == "refused" && !a.reason.empty()) {
            // A refusal's reason is the policy rule's message, written for the customer.
            text = "I looked into why the " + Humanize(a.name) +
                   " didn't go through: " + Sentence(a.reason) +
                   " Let me see what I can do from here.";
        } else if (a.outcome == "error") {
            // An error's text is technical: it stays in the context pane.
            text = "Something went wrong on our side with the " + Humanize(a.name) +
                   ". I'm sorry about that; let me see what I can do from here.";
        } else {
            text = "I can see the " + Humanize(a.name) + " didn't go through (" +
                   Humanize(a.outcome) + "). Let me see what I can do from here.";
        }
        out.push_back({"Explain " + Humanize(a.name), text});
    }

    // 3. A value that kept failing validation.
    const std::string exhausted = "validation_exhausted:";
    if (d.reason.rfind(exhausted, 0) == 0) {
        const std::string slot = Humanize(d.reason.substr(exhausted.size()));
        out.push_back({"Retry " + slot, "Sorry, the " + slot +
                                            " didn't pass our check. Could you double-check it "
                                            "and send it to me here?"});
    }

    // 4. Not verified: the one thing the agent must ask.
    if (!d.customer.verified) {
        out.push_back({"Ask to verify",
                       "Before I look into your account, could you confirm the email address you "
                       "use with us?"});
    }

    // 5. The next remaining step: ask what is still missing, or say what happens next.
    for (const StepRef& s : d.remaining_steps) {
        if ((s.kind == "ask" || s.kind == "choice") && !s.slot.empty()) {
            if (HasSlot(d, s.slot)) continue;  // never re-ask what the customer gave
            out.push_back(
                {"Ask " + Humanize(s.slot), "Could you tell me your " + Humanize(s.slot) + "?"});
            break;
        }
        if (s.kind == "action" && !s.action.empty()) {
            out.push_back(
                {"Next: " + Humanize(s.action),
                 "Next, I'll take care of the " + Humanize(s.action) + " for you. One moment."});
            break;
        }
    }

    // 6. The closing question.
    out.push_back({"Anything else?", "Is there anything else I can help you with today?"});
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Desk: refreshes and selection
//-----------------------------------------------------------------------------

Desk::Desk(Api& api, const Session& session) : api_(api), session_(session) {}

Api::Callback Desk::Guard(std::function<void(const ApiResult&)> done) {
    return [this, epoch = epoch_, done = std::move(done)](const ApiResult& r) {
        if (epoch != epoch_) return;  // sent before a login or logout: not ours any more
        done(r);
    };
}

void Desk::Reset() {
    ++epoch_;
    filter_ = QueueFilter{};
    all_rows_.clear();
    rows_.clear();
    queue_loaded_ = false;
    queue_in_flight_.clear();
    queue_due_ = true;
    queue_requested_at_ = queue_answered_at_ = 0;
    queue_error_.clear();
    queue_etag_.clear();
    queue_etag_path_.clear();
    queue_unchanged_ = 0;
    server_clock_known_ = false;
    server_offset_ms_ = 0;
    selected_id_ = 0;
    detail_.reset();
    detail_etag_.clear();
    detail_unchanged_ = 0;
    suggestions_.clear();
    detail_in_flight_.clear();
    detail_writes_ = 0;
    detail_due_ = false;
    detail_requested_at_ = 0;
    detail_error_.clear();
    drafts_.clear();
    resolve_outcome_ = "resolved";
    op_in_flight_ = false;
    status_line_.clear();
    status_is_error_ = false;
}

void Desk::Update(std::int64_t now_ms) {
    now_ms_ = now_ms;
    if (session_.generation() != generation_) {
        generation_ = session_.generation();
        Reset();
    }
    if (!session_.logged_in()) return;

    const std::string path = QueuePath();
    if (queue_in_flight_.count(path)) {
        queue_due_ = false;  // the answer on its way is as fresh as a new one
    } else if (queue_due_ || now_ms_ - queue_requested_at_ >= kQueueRefreshMs) {
        RequestQueue();
    }

    // A resolved handoff does not change any more: it is reloaded only when asked (F5).
    const bool settled = detail() && detail()->status == "resolved";
    if (selected_id_ != 0 && (!settled || detail_due_)) {
        if (detail_in_flight_.count(selected_id_)) {
            detail_due_ = false;
        } else if (detail_due_ || now_ms_ - detail_requested_at_ >= kDetailRefreshMs) {
            RequestDetail();
        }
    }
}

std::string Desk::QueuePath() const {
    std::string path = "/v1/handoffs";
    std::string query;
    if (!filter_.status.empty()) query += "status=" + UrlEncode(filter_.status);
    if (!filter_.skill.empty())
        query += (query.empty() ? "" : "&") + ("skill=" + UrlEncode(filter_.skill));
    return query.empty() ? path : path + "?" + query;
}

void Desk::RequestQueue() {
    const std::string path = QueuePath();
    queue_in_flight_.insert(path);
    queue_due_ = false;
    queue_requested_at_ = now_ms_;
    // Conditional only when the rows held are this path's: another filter's ETag means nothing.
    std::string etag = path == queue_etag_path_ ? queue_etag_ : std::string();
    api_.Get(path, Guard([this, path](const ApiResult& r) {
                 queue_in_flight_.erase(path);
                 queue_requested_at_ = now_ms_;    // the period counts from the answer
                 if (path != QueuePath()) return;  // the filter changed since it was sent
                 if (!r.ok) {
                     queue_error_ = r.message;
                     return;
                 }
                 if (r.not_modified) {
                     if (path != queue_etag_path_ || queue_etag_.empty()) {
                         // Cannot happen (a 304 answers only an ETag we sent), but recover: ask
                         // again in full.
                         queue_etag_.clear();
                         queue_due_ = true;
                         return;
                     }
                     // The rows held are current: nothing to parse, filter or sort.
                     queue_error_.clear();
                     ++queue_unchanged_;
                     return;
                 }
                 auto rows = ParseQueue(r.body);
                 if (!rows) {
                     queue_error_ = "seamd's queue answer has no \"handoffs\" list";
                     return;
                 }
                 queue_error_.clear();
                 all_rows_ = std::move(*rows);
                 queue_loaded_ = true;
                 queue_answered_at_ = now_ms_;
                 queue_etag_ = r.etag;
                 queue_etag_path_ = path;
                 const json& server_now = Field(r.body, "now");
                 server_clock_known_ = server_now.is_number();
                 if (server_clock_known_) server_offset_ms_ = Int(r.body, "now") - now_ms_;
                 ApplyFilter();
                 if (selected_id_ == 0 && !rows_.empty()) Select(rows_.front().id);
             }),
             std::move(etag));
}

void Desk::RequestDetail() {
    const std::int64_t id = selected_id_;
    const int writes = detail_writes_;
    detail_in_flight_.insert(id);
    detail_due_ = false;
    detail_requested_at_ = now_ms_;
    // Conditional when the detail held is this handoff's (seamd answers 304 while unchanged).
    std::string etag = detail_ && detail_->id == id ? detail_etag_ : std::string();
    api_.Get("/v1/handoffs/" + std::to_string(id), Guard([this, id, writes](const ApiResult& r) {
                 detail_in_flight_.erase(id);
                 if (id == selected_id_) detail_requested_at_ = now_ms_;
                 if (id != selected_id_) return;  // the agent moved on
                 if (writes != detail_writes_) {
                     // Sent before a claim, reply or resolve answered: older than what we have.
                     detail_due_ = true;
                     return;
                 }
                 if (!r.ok) {
                     detail_error_ = r.message;
                     return;
                 }
                 if (r.not_modified) {
                     if (!detail_ || detail_->id != id || detail_etag_.empty()) {
                         detail_etag_.clear();  // not an answer to what we hold: ask in full
                         detail_due_ = true;
                         return;
                     }
                     detail_error_.clear();
                     ++detail_unchanged_;
                     return;
                 }
                 auto d = ParseHandoffDetail(r.body);
                 if (!d || d->id != id) {
                     detail_error_ =
                         "seamd's answer for handoff " + std::to_string(id) + " is not a handoff";
                     return;
                 }
                 detail_error_.clear();
                 SetDetail(std::move(*d));
                 detail_etag_ = r.etag;
             }),
             std::move(etag));
}

void Desk::SetFilter(const QueueFilter& filter) {
    const bool reload = filter.status != filter_.status || filter.skill != filter_.skill;
    filter_ = filter;
    ApplyFilter();
    if (reload) queue_due_ = true;
}

void Desk::ApplyFilter() {
    rows_.clear();
    const std::string needle = Lower(filter_.search);
    for (const QueueRow& r : all_rows_) {
        if (filter_.mine_only && (r.agent.empty() || r.agent != session_.agent().login)) continue;
        if (!needle.empty()) {
            const std::string hay = Lower(r.customer + "\n" + r.intent + "\n" + r.reason + "\n" +
                                          r.summary + "\n" + r.case_id + "\n" + r.skill);
            if (hay.find(needle) == std::string::npos) continue;
        }
        rows_.push_back(r);
    }
    auto by = [this](const QueueRow& a, const QueueRow& b) {
        switch (filter_.sort) {
            case QueueSort::kWaiting:
                // Longest wait first is oldest first, whatever the time now.
                if (a.created_at != b.created_at) return a.created_at < b.created_at;
                break;
            case QueueSort::kValue:
                if (a.customer_value != b.customer_value)
                    return a.customer_value > b.customer_value;
                break;
            case QueueSort::kScore:
                break;
        }
        return a.server_order < b.server_order;
    };
    std::stable_sort(rows_.begin(), rows_.end(), by);
}

double Desk::WaitingSeconds(const QueueRow& row) const {
    if (server_clock_known_ && row.created_at > 0) {
        const std::int64_t server_now = now_ms_ + server_offset_ms_;
        return static_cast<double>(std::max<std::int64_t>(0, server_now - row.created_at)) / 1000.0;
    }
    const std::int64_t since = std::max<std::int64_t>(0, now_ms_ - queue_answered_at_);
    return row.waiting_seconds + static_cast<double>(since) / 1000.0;
}

WaitStatus Desk::WaitStatusOf(const QueueRow& row) const {
    return WaitStatusFor(WaitingSeconds(row), row.priority);
}

std::vector<std::string> Desk::KnownSkills() const {
    std::vector<std::string> out = session_.agent().skills;
    std::set<std::string> seen(out.begin(), out.end());
    std::set<std::string> more;
    for (const QueueRow& r : all_rows_)
        if (!r.skill.empty() && !seen.count(r.skill)) more.insert(r.skill);
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

const QueueRow* Desk::selected_row() const {
    for (const QueueRow& r : rows_)
        if (r.id == selected_id_) return &r;
    return nullptr;
}

void Desk::Select(std::int64_t handoff_id) {
    if (handoff_id == selected_id_) return;
    selected_id_ = handoff_id;
    detail_.reset();
    detail_etag_.clear();
    suggestions_.clear();
    detail_error_.clear();
    detail_due_ = handoff_id != 0;
}

void Desk::MoveSelection(int delta) {
    if (rows_.empty()) return;
    int at = -1;
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == selected_id_) at = static_cast<int>(i);
    if (at < 0) {
        Select(rows_.front().id);
        return;
    }
    const int last = static_cast<int>(rows_.size()) - 1;
    Select(rows_[static_cast<std::size_t>(std::clamp(at + delta, 0, last))].id);
}

void Desk::Refresh() {
    queue_due_ = true;
    if (selected_id_ != 0) detail_due_ = true;
}

const HandoffDetail* Desk::detail() const {
    return detail_ && detail_->id == selected_id_ ? &*detail_ : nullptr;
}

void Desk::SetDetail(HandoffDetail detail) {
    detail_etag_.clear();  // a claim's or reply's answer has none: the next refresh is in full
    // The queue shows the claim or the resolution at once, not at its next refresh.
    for (QueueRow& r : all_rows_) {
        if (r.id != detail.id) continue;
        r.status = detail.status;
        r.agent = detail.agent;
    }
    ApplyFilter();
    suggestions_ = SuggestReplies(detail, session_.agent().name);
    detail_ = std::move(detail);
}

void Desk::SetStatus(std::string text, bool error) {
    status_line_ = std::move(text);
    status_is_error_ = error;
}

//-----------------------------------------------------------------------------
// [SECTION] Desk: operations
//-----------------------------------------------------------------------------

std::string Desk::ClaimBlocker() const {
    if (selected_id_ == 0) return "Select a handoff first.";
    if (op_in_flight_) return "Wait for the last operation to finish.";
    std::string status, agent;
    if (const HandoffDetail* d = detail()) {
        status = d->status;
        agent = d->agent;
    } else if (const QueueRow* r = selected_row()) {
        status = r->status;
        agent = r->agent;
    } else {
        return "The handoff is still loading.";
    }
    if (status == "claimed") {
        return agent == session_.agent().login ? "You have claimed this handoff."
                                               : "Claimed by " + agent + ".";
    }
    if (status == "resolved") return "This handoff is resolved.";
    if (status != "queued") return "This handoff is not waiting in the queue.";
    return "";
}

void Desk::Claim() {
    if (const std::string why = ClaimBlocker(); !why.empty()) return SetStatus(why, true);
    const std::int64_t id = selected_id_;
    op_in_flight_ = true;
    SetStatus("Claiming…", false);
    api_.Post("/v1/handoffs/" + std::to_string(id) + "/claim", json::object(),
              Guard([this, id](const ApiResult& r) {
                  op_in_flight_ = false;
                  queue_due_ = true;
                  if (!r.ok) {
                      if (id == selected_id_) detail_due_ = true;  // see who has it now
                      return SetStatus(r.message, true);
                  }
                  auto d = ParseHandoffDetail(r.body);
                  ++detail_writes_;
                  if (d && d->id == id && id == selected_id_) {
                      SetDetail(std::move(*d));
                  } else if (id == selected_id_) {
                      detail_due_ = true;
                  }
                  SetStatus("Claimed: the customer is yours. Reply with Ctrl+Enter.", false);
              }));
}

std::string& Desk::draft() {
    return drafts_[selected_id_];
}

void Desk::UseSuggestion(std::size_t index) {
    if (index >= suggestions_.size() || selected_id_ == 0) return;
    std::string& d = draft();
    if (!d.empty() && d.back() != '\n') d += "\n";
    d += suggestions_[index].text;
}

std::string Desk::SendBlocker() const {
    if (selected_id_ == 0) return "Select a handoff first.";
    if (op_in_flight_) return "Wait for the last operation to finish.";
    const HandoffDetail* d = detail();
    if (!d) return "The handoff is still loading.";
    if (d->status == "resolved") return "This handoff is resolved.";
    if (d->status != "claimed") return "Claim the handoff before replying (Alt+C).";
    if (d->agent != session_.agent().login) return "Claimed by " + d->agent + ": only they reply.";
    auto it = drafts_.find(selected_id_);
    const std::string text = it == drafts_.end() ? "" : Trim(it->second);
    if (text.empty()) return "Write a reply first.";
    if (text.size() > kMaxReplyBytes) {
        return "A reply is at most " + std::to_string(kMaxReplyBytes) + " bytes (this one is " +
               std::to_string(text.size()) + ").";
    }
    return "";
}

void Desk::SendReply() {
    if (const std::string why = SendBlocker(); !why.empty()) return SetStatus(why, true);
    const std::int64_t id = selected_id_;
    const std::string sent = draft();
    op_in_flight_ = true;
    SetStatus("Sending…", false);
    api_.Post("/v1/handoffs/" + std::to_string(id) + "/reply", {{"text", Trim(sent)}},
              Guard([this, id, sent](const ApiResult& r) {
                  op_in_flight_ = false;
                  if (!r.ok) return SetStatus(r.message, true);  // the draft stays as it is
                  // Clear the draft only if the agent did not go on typing meanwhile.
                  auto it = drafts_.find(id);
                  if (it != drafts_.end() && it->second == sent) drafts_.erase(it);
                  ++detail_writes_;
                  const json& m = Field(r.body, "message");
                  if (detail_ && detail_->id == id && m.is_object()) {
                      CaseMessage cm{Int(m, "id"),    Int(m, "at"),         Str(m, "sender"),
                                     Str(m, "agent"), Str(m, "agent_name"), Str(m, "channel"),
                                     Str(m, "text")};
                      bool have = false;
                      for (const CaseMessage& old : detail_->messages)
                          have = have || (cm.id != 0 && old.id == cm.id);
                      if (!have) detail_->messages.push_back(std::move(cm));
                  }
                  if (id == selected_id_) detail_due_ = true;
                  std::string reasked;
                  for (const json& s : Array(r.body, "reasked_slots"))
                      reasked += (reasked.empty() ? "" : ", ") + Humanize(Text(s));
                  if (reasked.empty()) return SetStatus("Reply sent", false);
                  SetStatus("Reply sent. Note: it asks again for " + reasked +
                                ", which the customer already gave.",
                            false);
              }));
}

std::string Desk::ResolveBlocker() const {
    if (selected_id_ == 0) return "Select a handoff first.";
    if (op_in_flight_) return "Wait for the last operation to finish.";
    const HandoffDetail* d = detail();
    if (!d) return "The handoff is still loading.";
    if (d->status == "resolved") return "This handoff is already resolved.";
    if (d->status != "claimed") return "Claim the handoff before resolving it (Alt+C).";
    if (d->agent != session_.agent().login && !session_.agent().admin()) {
        return "Claimed by " + d->agent + ": only they or an admin resolve it.";
    }
    return "";
}

void Desk::Resolve() {
    if (const std::string why = ResolveBlocker(); !why.empty()) return SetStatus(why, true);
    bool known = false;
    for (const ResolveOutcome& o : kResolveOutcomes)
        known = known || o.id == resolve_outcome_;
    if (!known) return SetStatus("Choose an outcome: resolved, abandoned or escalated.", true);
    const std::int64_t id = selected_id_;
    const std::string outcome = resolve_outcome_;
    op_in_flight_ = true;
    SetStatus("Resolving…", false);
    api_.Post("/v1/handoffs/" + std::to_string(id) + "/resolve", {{"outcome", outcome}},
              Guard([this, id, outcome](const ApiResult& r) {
                  op_in_flight_ = false;
                  if (!r.ok) return SetStatus(r.message, true);
                  queue_due_ = true;
                  auto d = ParseHandoffDetail(r.body);
                  ++detail_writes_;
                  if (d && d->id == id && id == selected_id_) {
                      SetDetail(std::move(*d));
                  } else if (id == selected_id_) {
                      detail_due_ = true;
                  }
                  SetStatus("Resolved as " + outcome + "; the case note is written.", false);
              }));
}

bool Desk::CanInspect() const {
    if (!on_inspect_case || selected_id_ == 0) return false;
    if (const HandoffDetail* d = detail()) return !d->case_id.empty();
    const QueueRow* r = selected_row();
    return r && !r->case_id.empty();
}

void Desk::InspectSelected() {
    if (!CanInspect()) return;
    const HandoffDetail* d = detail();
    on_inspect_case(d ? d->case_id : selected_row()->case_id);
}

}  // namespace seam::console
