// shared/src/console/proactive_board.cpp — the console's Proactive view model (see
// proactive_board.hpp).
//
// Index of this file
//   [SECTION] Parsing GET /v1/proactive
//   [SECTION] Words
//   [SECTION] ProactiveBoard: loading and the log
//   [SECTION] ProactiveBoard: settings and the kill switch
#include "seam/console/proactive_board.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "seam/console/format.hpp"
#include "seam/core/json_read.hpp"

namespace seam::console {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Parsing GET /v1/proactive
//-----------------------------------------------------------------------------

namespace {

constexpr const char* kErrorId = "seam.console.proactive";

//! A json_read error as this parser's: the same words under seam.console.proactive.
Error Wrap(const Error& e) {
    const std::size_t end = e.message.find("] ");
    return Error::Make(kErrorId, end == std::string::npos ? e.message : e.message.substr(end + 2));
}

// Each reader leaves `out` as it is when the field is absent or null, and says why otherwise.
// `path` names the object; errors name the field (json_read's readers take the field's path).
bool ReadString(const json& obj, const char* key, const std::string& path, std::string& out,
                std::optional<Error>& error) {
    auto r = json_read::OptString(obj, key, json_read::Join(path, key), out);
    if (!r) {
        error = Wrap(r.error());
        return false;
    }
    out = std::move(*r);
    return true;
}

bool ReadBool(const json& obj, const char* key, const std::string& path, bool& out,
              std::optional<Error>& error) {
    auto r = json_read::OptBool(obj, key, json_read::Join(path, key), out);
    if (!r) {
        error = Wrap(r.error());
        return false;
    }
    out = *r;
    return true;
}

template <typename Int>
bool ReadInt(const json& obj, const char* key, const std::string& path, Int& out,
             std::optional<Error>& error) {
    auto r =
        json_read::OptInt(obj, key, json_read::Join(path, key), static_cast<std::int64_t>(out));
    if (!r) {
        error = Wrap(r.error());
        return false;
    }
    out = static_cast<Int>(*r);
    return true;
}

//! An optional array of strings (absent or null: empty).
bool ReadStrings(const json& obj, const char* key, const std::string& path,
                 std::vector<std::string>& out, std::optional<Error>& error) {
    const json* v = json_read::Find(obj, key);
    if (!v || v->is_null()) return true;
    const std::string at = json_read::Join(path, key);
    if (!v->is_array()) {
        error = Wrap(json_read::WrongType(at, "an array of strings", *v));
        return false;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
        auto s = json_read::String((*v)[i], json_read::Join(at, i));
        if (!s) {
            error = Wrap(s.error());
            return false;
        }
        out.push_back(std::move(*s));
    }
    return true;
}

Result<TriggerInfo> ParseTrigger(const json& t, const std::string& path) {
    if (!t.is_object()) return Wrap(json_read::WrongType(path, "an object", t));
    TriggerInfo out;
    std::optional<Error> e;
    if (!ReadString(t, "id", path, out.id, e) ||
        !ReadString(t, "description", path, out.description, e) ||
        !ReadString(t, "event", path, out.event, e) || !ReadString(t, "flow", path, out.flow, e) ||
        !ReadStrings(t, "channels", path, out.channels, e) ||
        !ReadInt(t, "priority", path, out.priority, e)) {
        return *e;
    }
    if (const json* s = json_read::Find(t, "schedule"); s && !s->is_null()) {
        const std::string at = json_read::Join(path, "schedule");
        if (!s->is_object()) return Wrap(json_read::WrongType(at, "an object", *s));
        if (!ReadString(*s, "daily_at", at, out.daily_at, e) ||
            !ReadString(*s, "for_each", at, out.for_each, e)) {
            return *e;
        }
    }
    return out;
}

Result<DecisionRow> ParseDecision(const json& d, const std::string& path) {
    if (!d.is_object()) return Wrap(json_read::WrongType(path, "an object", d));
    DecisionRow out;
    auto id = json_read::IntField(d, "id", json_read::Join(path, "id"));
    if (!id) return Wrap(id.error());
    out.id = *id;
    std::optional<Error> e;
    if (!ReadInt(d, "at", path, out.at, e) || !ReadString(d, "trigger", path, out.trigger, e) ||
        !ReadString(d, "object", path, out.object, e) ||
        // seamd names the outcome "send", as proactive::Decision does.
        !ReadBool(d, "send", path, out.sent, e) || !ReadString(d, "reason", path, out.reason, e) ||
        !ReadString(d, "channel", path, out.channel, e) ||
        !ReadString(d, "case_id", path, out.case_id, e) ||
        !ReadString(d, "customer", path, out.customer, e) ||
        !ReadString(d, "customer_name", path, out.customer_name, e) ||
        !ReadBool(d, "seen", path, out.seen, e)) {
        return *e;
    }
    // seamd writes "First Last" even when both are blank.
    const auto blank = out.customer_name.find_first_not_of(' ') == std::string::npos;
    if (blank) out.customer_name.clear();
    return out;
}

}  // namespace

Result<ProactiveSettings> ParseProactiveSettings(const json& s, const std::string& path) {
    if (!s.is_object()) return Wrap(json_read::WrongType(path, "an object", s));
    ProactiveSettings out;
    std::optional<Error> e;
    if (!ReadBool(s, "enabled", path, out.enabled, e) ||
        !ReadInt(s, "per_day", path, out.per_day, e) ||
        !ReadInt(s, "per_week", path, out.per_week, e) ||
        !ReadInt(s, "dedupe_days", path, out.dedupe_days, e) ||
        !ReadInt(s, "holdout_percent", path, out.holdout_percent, e) ||
        !ReadBool(s, "outbox", path, out.outbox, e)) {
        return *e;
    }
    if (const json* q = json_read::Find(s, "quiet_hours"); q && !q->is_null()) {
        const std::string at = json_read::Join(path, "quiet_hours");
        if (!q->is_object()) return Wrap(json_read::WrongType(at, "an object", *q));
        if (!ReadString(*q, "from", at, out.quiet_from, e) ||
            !ReadString(*q, "to", at, out.quiet_to, e)) {
            return *e;
        }
    }
    return out;
}

Result<ProactiveOverview> ParseProactiveOverview(const json& body) {
    if (!body.is_object()) return Wrap(json_read::WrongType("", "an object", body));
    ProactiveOverview out;
    auto settings = json_read::ObjectField(body, "settings", "settings");
    if (!settings) return Wrap(settings.error());
    auto parsed = ParseProactiveSettings(**settings);
    if (!parsed) return parsed.error();
    out.settings = std::move(*parsed);

    auto decisions = json_read::ArrayField(body, "decisions", "decisions");
    if (!decisions) return Wrap(decisions.error());
    for (std::size_t i = 0; i < (*decisions)->size(); ++i) {
        auto row = ParseDecision((**decisions)[i], json_read::Join("decisions", i));
        if (!row) return row.error();
        out.decisions.push_back(std::move(*row));
    }

    if (const json* t = json_read::Find(body, "triggers"); t && !t->is_null()) {
        if (!t->is_array()) return Wrap(json_read::WrongType("triggers", "an array", *t));
        for (std::size_t i = 0; i < t->size(); ++i) {
            auto trigger = ParseTrigger((*t)[i], json_read::Join("triggers", i));
            if (!trigger) return trigger.error();
            out.triggers.push_back(std::move(*trigger));
        }
    }
    if (const json* c = json_read::Find(body, "last_7_days"); c && !c->is_null()) {
        if (!c->is_object()) return Wrap(json_read::WrongType("last_7_days", "an object", *c));
        for (const auto& [key, value] : c->items()) {
            auto n = json_read::Int(value, json_read::Join("last_7_days", key));
            if (!n) return Wrap(n.error());
            out.last_7_days[key] = *n;
        }
    }
    std::optional<Error> e;
    if (!ReadInt(body, "customers_opted_out", "", out.customers_opted_out, e)) return *e;
    return out;
}

std::string TriggerInfo::When() const {
    if (!event.empty()) return "event " + event;
    if (daily_at.empty()) return "-";
    std::string out = "daily at " + daily_at + " UTC";
    if (!for_each.empty()) out += " for each " + for_each;
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Words
//-----------------------------------------------------------------------------

namespace {

const HoldReason* FindReason(std::string_view id) {
    for (const HoldReason& r : kHoldReasons)
        if (r.id == id) return &r;
    return nullptr;
}

}  // namespace

std::string ReasonWords(std::string_view reason) {
    if (const HoldReason* r = FindReason(reason)) return std::string(r->words);
    return reason.empty() ? std::string("no reason given") : std::string(reason);
}

std::string ReasonLabel(std::string_view reason) {
    if (reason == kFilterSent) return "sent";
    if (const HoldReason* r = FindReason(reason)) return std::string(r->label);
    return reason.empty() ? std::string("unknown") : std::string(reason);
}

std::string OutcomeText(const DecisionRow& row) {
    if (!row.sent) return "held back";
    return row.channel.empty() ? "sent" : "sent by " + row.channel;
}

std::string OutcomeKey(const DecisionRow& row) {
    if (row.sent) return kFilterSent;
    return row.reason.empty() ? "unknown" : row.reason;
}

std::string DecisionAbout(const DecisionRow& row) {
    const std::string prefix = row.trigger + ":";
    if (!row.trigger.empty() && row.object.size() > prefix.size() &&
        row.object.compare(0, prefix.size(), prefix) == 0) {
        return row.object.substr(prefix.size());
    }
    return row.object;
}

bool DecisionMatches(const DecisionRow& row, const std::string& filter) {
    if (filter.empty()) return true;
    if (filter == kFilterSent) return row.sent;
    if (filter == kFilterHeld) return !row.sent;
    return !row.sent && OutcomeKey(row) == filter;
}

std::vector<OutcomeCount> WeekCounts(const ProactiveOverview& overview) {
    std::vector<OutcomeCount> out;
    const auto& counts = overview.last_7_days;
    auto sent = counts.find(kFilterSent);
    out.push_back({kFilterSent, "sent", sent == counts.end() ? 0 : sent->second});
    for (const HoldReason& r : kHoldReasons) {
        auto it = counts.find(std::string(r.id));
        if (it != counts.end() && it->second > 0)
            out.push_back({it->first, std::string(r.label), it->second});
    }
    for (const auto& [key, n] : counts) {  // std::map: by name
        if (key == kFilterSent || FindReason(key) || n <= 0) continue;
        out.push_back({key, ReasonLabel(key), n});
    }
    return out;
}

std::int64_t WeekHeldBack(const ProactiveOverview& overview) {
    std::int64_t held = 0;
    for (const auto& [key, n] : overview.last_7_days)
        if (key != kFilterSent) held += n;
    return held;
}

bool IsClockTime(const std::string& t) {
    if (t.size() != 5 || t[2] != ':') return false;
    for (int i : {0, 1, 3, 4})
        if (t[static_cast<std::size_t>(i)] < '0' || t[static_cast<std::size_t>(i)] > '9')
            return false;
    return (t[0] - '0') * 10 + (t[1] - '0') <= 23 && (t[3] - '0') * 10 + (t[4] - '0') <= 59;
}

//-----------------------------------------------------------------------------
// [SECTION] ProactiveBoard: loading and the log
//-----------------------------------------------------------------------------

ProactiveBoard::ProactiveBoard(Api& api, const Session& session)
    : api_(api), session_(session), alive_(std::make_shared<ProactiveBoard*>(this)) {}

ProactiveBoard::~ProactiveBoard() = default;

void ProactiveBoard::Reset() {
    ++epoch_;
    due_ = true;
    get_in_flight_ = false;
    answered_at_ms_ = 0;
    loaded_at_ms_ = -1;
    overview_.reset();
    error_.clear();
    filter_.clear();
    shown_.clear();
    draft_ = ProactiveSettings{};
    ++writes_;
    put_in_flight_ = false;
    confirming_off_ = false;
    status_.clear();
    status_is_error_ = false;
}

void ProactiveBoard::Update(std::int64_t now_ms) {
    now_ms_ = now_ms;
    if (session_.generation() != generation_) {
        generation_ = session_.generation();
        Reset();
    }
    if (!session_.logged_in() || !visible_ || get_in_flight_) return;
    if (due_ || now_ms - answered_at_ms_ >= kRefreshMs) Load();
}

void ProactiveBoard::Load() {
    due_ = false;
    get_in_flight_ = true;
    // Settings read by a GET that went out before a PUT answered may predate it.
    const bool settings_current = !put_in_flight_;
    const std::uint64_t writes = writes_;
    const std::uint64_t epoch = epoch_;
    std::weak_ptr<ProactiveBoard*> alive = alive_;
    api_.Get("/v1/proactive?limit=" + std::to_string(kDecisionLimit),
             [alive, epoch, writes, settings_current](const ApiResult& r) {
                 auto board_ptr = alive.lock();
                 if (!board_ptr) return;
                 ProactiveBoard& b = **board_ptr;
                 if (epoch != b.epoch_) return;  // sent before a login or logout
                 b.get_in_flight_ = false;
                 b.answered_at_ms_ = b.now_ms_;  // the period counts from the answer
                 if (!r.ok) {
                     b.error_ = r.message;
                     return;
                 }
                 auto parsed = ParseProactiveOverview(r.body);
                 if (!parsed) {
                     b.error_ = parsed.error().message;
                     return;
                 }
                 b.error_.clear();
                 b.loaded_at_ms_ = b.now_ms_;
                 const bool take_settings = settings_current && writes == b.writes_;
                 if (b.overview_ && !take_settings) {
                     // Keep the settings a PUT answered with; ask again for fresh ones (once
                     // the PUT is answered: its answer asks anyway).
                     parsed->settings = b.overview_->settings;
                     if (!b.put_in_flight_) b.due_ = true;
                 } else {
                     b.TakeSettings(parsed->settings);
                 }
                 b.overview_ = std::move(*parsed);
                 b.ApplyFilter();
             });
}

std::string ProactiveBoard::StatusLine() const {
    std::string shown;
    if (overview_) {
        shown = std::to_string(overview_->decisions.size()) + " recent decision" +
                (overview_->decisions.size() == 1 ? "" : "s");
        if (loaded_at_ms_ >= 0) shown += " | updated " + FormatAgo(loaded_at_ms_, now_ms_);
    }
    if (!error_.empty()) return "Error: " + error_ + (overview_ ? " (showing " + shown + ")" : "");
    if (!overview_) return get_in_flight_ ? "Loading..." : "Not loaded yet";
    return shown;
}

void ProactiveBoard::SetFilter(const std::string& filter) {
    if (filter == filter_) return;
    filter_ = filter;
    ApplyFilter();
}

void ProactiveBoard::ApplyFilter() {
    shown_.clear();
    if (!overview_) return;
    for (const DecisionRow& row : overview_->decisions)
        if (DecisionMatches(row, filter_)) shown_.push_back(row);
}

std::vector<std::pair<std::string, std::string>> ProactiveBoard::FilterChoices() const {
    std::vector<std::pair<std::string, std::string>> out = {
        {kFilterAll, "every decision"}, {kFilterSent, "sent"}, {kFilterHeld, "held back (any)"}};
    for (const HoldReason& r : kHoldReasons)
        out.emplace_back(std::string(r.id), "held back: " + std::string(r.label));
    std::set<std::string> unknown;
    if (overview_) {
        for (const DecisionRow& row : overview_->decisions)
            if (!row.sent && !FindReason(OutcomeKey(row))) unknown.insert(OutcomeKey(row));
    }
    if (!filter_.empty() && filter_ != kFilterSent && filter_ != kFilterHeld &&
        !FindReason(filter_))
        unknown.insert(filter_);  // the chosen one stays offered while the log has none
    for (const std::string& key : unknown)
        out.emplace_back(key, "held back: " + key);
    return out;
}

bool ProactiveBoard::CanOpenCase(const DecisionRow& row) const {
    return on_open_case && row.sent && !row.case_id.empty();
}

void ProactiveBoard::OpenCase(const DecisionRow& row) {
    if (CanOpenCase(row)) on_open_case(row.case_id);
}

//-----------------------------------------------------------------------------
// [SECTION] ProactiveBoard: settings and the kill switch
//-----------------------------------------------------------------------------

void ProactiveBoard::TakeSettings(const ProactiveSettings& settings) {
    // The draft follows seamd's settings while the admin has not changed it.
    const bool follow = !DraftChanged();
    if (overview_) overview_->settings = settings;
    if (follow) draft_ = settings;
    draft_.enabled = settings.enabled;
}

void ProactiveBoard::SetStatus(std::string text, bool error) {
    status_ = std::move(text);
    status_is_error_ = error;
}

std::string ProactiveBoard::EditBlocker() const {
    if (!can_edit()) {
        return "Only an admin changes these settings; you see them read-only (signed in as " +
               session_.agent().role + ").";
    }
    if (!overview_) return "The settings are still loading.";
    if (put_in_flight_) return "Wait for the last change to be saved.";
    return "";
}

json ProactiveBoard::DraftChanges() const {
    json out = json::object();
    if (!overview_) return out;
    const ProactiveSettings& s = overview_->settings;
    if (draft_.quiet_from != s.quiet_from || draft_.quiet_to != s.quiet_to)
        out["quiet_hours"] = {{"from", draft_.quiet_from}, {"to", draft_.quiet_to}};
    if (draft_.per_day != s.per_day) out["per_day"] = draft_.per_day;
    if (draft_.per_week != s.per_week) out["per_week"] = draft_.per_week;
    if (draft_.holdout_percent != s.holdout_percent)
        out["holdout_percent"] = draft_.holdout_percent;
    return out;
}

std::string ProactiveBoard::DraftProblem() const {
    if (!IsClockTime(draft_.quiet_from) || !IsClockTime(draft_.quiet_to))
        return "Quiet hours are two times written HH:MM, 24-hour (21:00 to 08:00).";
    if (draft_.per_day < 0 || draft_.per_day > 100)
        return "Messages per day: a whole number from 0 to 100.";
    if (draft_.per_week < 0 || draft_.per_week > 100)
        return "Messages per week: a whole number from 0 to 100.";
    if (draft_.holdout_percent < 0 || draft_.holdout_percent > 50)
        return "The hold-out share is 0 to 50 percent.";
    return "";
}

void ProactiveBoard::SaveSettings() {
    if (const std::string why = EditBlocker(); !why.empty()) return SetStatus(why, true);
    if (const std::string why = DraftProblem(); !why.empty()) return SetStatus(why, true);
    const json changes = DraftChanges();
    if (changes.empty()) return SetStatus("Nothing changed.", false);
    Put(changes, "Saved.");
}

void ProactiveBoard::RevertDraft() {
    if (overview_) draft_ = overview_->settings;
    SetStatus("", false);
}

void ProactiveBoard::SetEnabled(bool enabled) {
    confirming_off_ = false;
    if (const std::string why = EditBlocker(); !why.empty()) return SetStatus(why, true);
    if (enabled == overview_->settings.enabled) return;
    if (!enabled) {
        confirming_off_ = true;  // the view asks; ConfirmSwitchOff sends
        return;
    }
    Put({{"enabled", true}}, "Proactive messages are on again.");
}

void ProactiveBoard::ConfirmSwitchOff() {
    if (!confirming_off_) return;
    confirming_off_ = false;
    if (const std::string why = EditBlocker(); !why.empty()) return SetStatus(why, true);
    Put({{"enabled", false}},
        "Proactive messages are off: nothing is sent to any customer until they are switched on "
        "again.");
}

void ProactiveBoard::Put(const json& changes, const std::string& done_words) {
    put_in_flight_ = true;
    ++writes_;
    SetStatus("Saving...", false);
    const std::uint64_t epoch = epoch_;
    std::weak_ptr<ProactiveBoard*> alive = alive_;
    const bool from_draft = !changes.contains("enabled");
    api_.Put("/v1/proactive/settings", changes,
             [alive, epoch, done_words, from_draft](const ApiResult& r) {
                 auto board_ptr = alive.lock();
                 if (!board_ptr) return;
                 ProactiveBoard& b = **board_ptr;
                 if (epoch != b.epoch_) return;
                 b.put_in_flight_ = false;
                 ++b.writes_;
                 b.due_ = true;  // the log and the settings as seamd has them now
                 if (!r.ok) return b.SetStatus(r.message, true);  // the draft stays as typed
                 auto settings = ParseProactiveSettings(r.body, "");
                 if (!settings || !b.overview_) {
                     // Saved, but the answer does not read: the refresh will show what holds.
                     return b.SetStatus(done_words, false);
                 }
                 settings->outbox = b.overview_->settings.outbox;  // PUT does not repeat it
                 if (from_draft) b.draft_ = *settings;  // saved: the draft is what holds now
                 b.TakeSettings(*settings);
                 b.SetStatus(done_words, false);
             });
}

}  // namespace seam::console
