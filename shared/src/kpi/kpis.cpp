// shared/src/kpi/kpis.cpp — events in, KPI report out (definitions in the header's table).
//
// Index of this file
//   [SECTION] Parsing events
//   [SECTION] Cases: one pass over each case's events
//   [SECTION] Repeat contacts (the 72-hour rules)
//   [SECTION] Accumulating blocks
//   [SECTION] Compute
#include "seam/kpi/kpis.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "seam/core/date.hpp"

namespace seam::kpi {

namespace {

using nlohmann::json;

constexpr std::int64_t kRepeatWindowMs = 72LL * 60 * 60 * 1000;
constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
const char* const kNoIntent = "(none)";

// [SECTION] Parsing events

Error EventsError(const std::string& pointer, const std::string& what) {
    return Error::Make("seam.kpi.events", pointer + ": " + what);
}

bool IsInteger(const json& v) {
    return v.is_number_integer() || v.is_number_unsigned();
}

// [SECTION] Cases: one pass over each case's events

struct Handoff {
    bool answered = false;  //!< got at least one agent_message
    bool reasked = false;   //!< one of those had a non-empty reasked_slots
};

struct Case {
    std::string id;
    std::int64_t customer_id = 0;
    std::string channel;
    std::string intent;
    std::int64_t opened_at = 0;

    bool has_response = false;
    std::int64_t response_ms = 0;
    bool resolved = false;
    std::int64_t resolved_at = 0;
    std::string resolved_by;
    bool abandoned = false;
    std::vector<Handoff> handoffs;
    bool agent_involved = false;
    std::int64_t first_agent_at = 0;
    int rating = 0;  //!< last csat rating, 0 = none
    std::string rated_handled_by;

    // Filled by the repeat-contact pass.
    bool repeat_contact = false;
    bool later_agent_contact = false;
};

std::string StringField(const json& data, const char* key) {
    if (!data.is_object()) return {};
    auto it = data.find(key);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `events` are one case's, in time order.
Case BuildCase(const std::vector<const Event*>& events) {
    Case c;
    const Event& first = *events.front();
    c.id = first.case_id;
    c.customer_id = first.customer_id;
    c.channel = first.channel;
    c.opened_at = first.at;
    bool opened_seen = false;
    std::string intent_from_event;
    bool seen_in = false;
    std::int64_t first_in = 0;
    for (const Event* e : events) {
        const std::string& k = e->kind;
        if (c.intent.empty() && !e->intent.empty()) c.intent = e->intent;
        if (c.customer_id == 0 && e->customer_id != 0) c.customer_id = e->customer_id;
        if (k == "case_opened" && !opened_seen) {
            opened_seen = true;
            c.opened_at = e->at;
            c.channel = e->channel;
        } else if (k == "intent") {
            if (intent_from_event.empty()) intent_from_event = StringField(e->data, "intent");
        } else if (k == "message_in") {
            // Since 2026-12-07 the intent rides on message_in (older logs: an intent event).
            if (intent_from_event.empty()) intent_from_event = StringField(e->data, "intent");
            if (!seen_in) {
                seen_in = true;
                first_in = e->at;
            }
        } else if (k == "message_out") {
            if (seen_in && !c.has_response) {
                c.has_response = true;
                c.response_ms = e->at - first_in;
            }
        } else if (k == "handoff" || k == "agent_claimed" || k == "agent_message") {
            if (!c.agent_involved) {
                c.agent_involved = true;
                c.first_agent_at = e->at;
            }
            if (k == "handoff") {
                c.handoffs.push_back({});
            } else if (k == "agent_message" && !c.handoffs.empty()) {
                Handoff& h = c.handoffs.back();
                h.answered = true;
                auto it = e->data.is_object() ? e->data.find("reasked_slots") : e->data.end();
                if (e->data.is_object() && it != e->data.end() && it->is_array() && !it->empty()) {
                    h.reasked = true;
                }
            }
        } else if (k == "case_resolved") {
            const std::string outcome = StringField(e->data, "outcome");
            if (outcome == "resolved" && !c.resolved) {
                c.resolved = true;
                c.resolved_at = e->at;
                c.resolved_by = StringField(e->data, "by");
            } else if (outcome == "abandoned") {
                c.abandoned = true;
            }
        } else if (k == "csat") {
            auto it = e->data.is_object() ? e->data.find("rating") : e->data.end();
            if (e->data.is_object() && it != e->data.end() && IsInteger(*it)) {
                const std::int64_t r = it->get<std::int64_t>();
                if (r >= 1 && r <= 5) {
                    c.rating = static_cast<int>(r);
                    c.rated_handled_by = StringField(e->data, "handled_by");
                }
            }
        }
    }
    if (c.resolved) c.abandoned = false;
    if (c.intent.empty()) c.intent = intent_from_event;
    return c;
}

std::vector<Case> BuildCases(const std::vector<Event>& events) {
    std::vector<const Event*> sorted;
    sorted.reserve(events.size());
    for (const Event& e : events)
        if (!e.case_id.empty()) sorted.push_back(&e);  // a row of no case is no case
    // Time order; ties keep log order (the table is append-only).
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Event* a, const Event* b) { return a->at < b->at; });
    std::map<std::string, std::vector<const Event*>> by_case;
    std::vector<std::string> order;  // first-appearance order, for a deterministic result
    for (const Event* e : sorted) {
        auto& list = by_case[e->case_id];
        if (list.empty()) order.push_back(e->case_id);
        list.push_back(e);
    }
    std::vector<Case> cases;
    cases.reserve(order.size());
    for (const std::string& id : order)
        cases.push_back(BuildCase(by_case[id]));
    return cases;
}

// [SECTION] Repeat contacts (the 72-hour rules)

bool InWindow(std::int64_t t, std::int64_t from) {
    return t >= from && t - from <= kRepeatWindowMs;
}

void MarkRepeats(std::vector<Case>& cases) {
    std::map<std::pair<std::int64_t, std::string>, std::vector<std::size_t>> by_customer;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (cases[i].customer_id != 0 && !cases[i].intent.empty()) {
            by_customer[{cases[i].customer_id, cases[i].intent}].push_back(i);
        }
    }
    for (const auto& [key, members] : by_customer) {
        for (std::size_t i : members) {
            Case& c = cases[i];
            if (!c.resolved) continue;
            for (std::size_t j : members) {
                if (j == i) continue;
                const Case& other = cases[j];
                if (InWindow(other.opened_at, c.resolved_at)) c.repeat_contact = true;
                if (other.agent_involved && InWindow(other.first_agent_at, c.resolved_at)) {
                    c.later_agent_contact = true;
                }
            }
        }
    }
}

// [SECTION] Accumulating blocks

struct Block {
    std::int64_t volume = 0;
    std::vector<double> responses;  // seconds
    std::int64_t resolved = 0;
    double resolution_seconds_sum = 0;
    std::int64_t single_contact = 0;
    std::int64_t self_service = 0;
    std::int64_t escalated_cases = 0;
    std::int64_t handoffs = 0;
    std::int64_t answered_handoffs = 0;
    std::int64_t clean_handoffs = 0;
    std::int64_t rated = 0, satisfied = 0;
    std::int64_t rated_bot = 0, satisfied_bot = 0;
    std::int64_t rated_agent = 0, satisfied_agent = 0;
    std::int64_t abandoned = 0;

    void Add(const Case& c) {
        ++volume;
        if (c.has_response) responses.push_back(static_cast<double>(c.response_ms) / 1000.0);
        if (c.resolved) {
            ++resolved;
            resolution_seconds_sum += static_cast<double>(c.resolved_at - c.opened_at) / 1000.0;
            if (!c.repeat_contact) ++single_contact;
            if (!c.agent_involved && c.resolved_by != "agent" && !c.later_agent_contact) {
                ++self_service;
            }
        }
        if (!c.handoffs.empty()) ++escalated_cases;
        for (const Handoff& h : c.handoffs) {
            ++handoffs;
            if (h.answered) {
                ++answered_handoffs;
                if (!h.reasked) ++clean_handoffs;
            }
        }
        if (c.rating > 0) {
            const bool good = c.rating >= 4;
            ++rated;
            satisfied += good ? 1 : 0;
            if (c.rated_handled_by == "bot") {
                ++rated_bot;
                satisfied_bot += good ? 1 : 0;
            } else if (c.rated_handled_by == "agent") {
                ++rated_agent;
                satisfied_agent += good ? 1 : 0;
            }
        }
        if (c.abandoned) ++abandoned;
    }

    static json Ratio(double num, std::int64_t den) {
        return den == 0 ? json(nullptr) : json(num / static_cast<double>(den));
    }

    json ToJson() const {
        json out = json::object();
        out["volume"] = volume;
        double sum = 0;
        for (double r : responses)
            sum += r;
        out["first_response_seconds"] = Ratio(sum, static_cast<std::int64_t>(responses.size()));
        if (responses.empty()) {
            out["first_response_p50_seconds"] = nullptr;
        } else {
            std::vector<double> s = responses;
            std::sort(s.begin(), s.end());
            const std::size_t n = s.size();
            out["first_response_p50_seconds"] =
                n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        }
        out["resolved"] = resolved;
        out["resolution_rate"] = Ratio(static_cast<double>(resolved), volume);
        out["average_resolution_seconds"] = Ratio(resolution_seconds_sum, resolved);
        out["first_contact_resolution"] = Ratio(static_cast<double>(single_contact), resolved);
        out["self_service_resolution_rate"] = Ratio(static_cast<double>(self_service), volume);
        out["containment"] = Ratio(static_cast<double>(volume - escalated_cases), volume);
        out["escalation_rate"] = Ratio(static_cast<double>(escalated_cases), volume);
        out["handoffs"] = handoffs;
        out["escalation_quality"] = Ratio(static_cast<double>(clean_handoffs), answered_handoffs);
        out["csat"] = Ratio(static_cast<double>(satisfied), rated);
        out["csat_bot"] = Ratio(static_cast<double>(satisfied_bot), rated_bot);
        out["csat_agent"] = Ratio(static_cast<double>(satisfied_agent), rated_agent);
        out["csat_responses"] = rated;
        out["abandoned"] = abandoned;
        return out;
    }
};

std::string DayOf(std::int64_t at_ms) {
    std::int64_t days = at_ms / kDayMs;
    if (at_ms % kDayMs < 0) --days;  // floor, for times before 1970
    return FormatIsoDate(CivilFromDays(days));
}

}  // namespace

// [SECTION] Parsing events (public)

Result<std::vector<Event>> ParseEvents(const json& events) {
    if (!events.is_array()) return EventsError("", "expected an array of events");
    std::vector<Event> out;
    out.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const json& row = events[i];
        const std::string at = "/" + std::to_string(i);
        if (!row.is_object()) return EventsError(at, "expected an object");
        Event e;
        auto it = row.find("at");
        if (it == row.end() || !IsInteger(*it)) {
            return EventsError(at + "/at", "expected an integer (ms since the epoch)");
        }
        e.at = it->get<std::int64_t>();
        it = row.find("case_id");
        if (it == row.end() || !(it->is_null() || it->is_string()) ||
            (it->is_string() && it->get<std::string>().empty())) {
            return EventsError(at + "/case_id", "expected a non-empty string or null");
        }
        if (it->is_string()) e.case_id = it->get<std::string>();
        it = row.find("kind");
        if (it == row.end() || !it->is_string() || it->get<std::string>().empty()) {
            return EventsError(at + "/kind", "expected a non-empty string");
        }
        e.kind = it->get<std::string>();
        it = row.find("customer_id");
        if (it != row.end() && !it->is_null()) {
            if (!IsInteger(*it)) return EventsError(at + "/customer_id", "expected an integer");
            e.customer_id = it->get<std::int64_t>();
        }
        for (const char* key : {"channel", "intent"}) {
            it = row.find(key);
            if (it == row.end() || it->is_null()) continue;
            if (!it->is_string()) return EventsError(at + "/" + key, "expected a string");
            (std::string(key) == "channel" ? e.channel : e.intent) = it->get<std::string>();
        }
        it = row.find("data");
        if (it != row.end() && !it->is_null()) {
            json data = *it;
            if (data.is_string()) data = json::parse(it->get<std::string>(), nullptr, false);
            if (data.is_discarded() || !data.is_object()) {
                return EventsError(at + "/data", "expected an object (or a string holding one)");
            }
            e.data = std::move(data);
        }
        out.push_back(std::move(e));
    }
    return out;
}

// [SECTION] Compute

json Compute(const std::vector<Event>& events, Range range, const Filter& filter) {
    std::vector<Case> cases = BuildCases(events);
    MarkRepeats(cases);
    Block overall;
    std::map<std::string, Block> by_intent, by_channel, by_day;
    for (const Case& c : cases) {
        if (c.opened_at < range.from_ms || c.opened_at >= range.to_ms) continue;
        if (!filter.intent.empty() && c.intent != filter.intent) continue;
        if (!filter.channel.empty() && c.channel != filter.channel) continue;
        overall.Add(c);
        by_intent[c.intent.empty() ? kNoIntent : c.intent].Add(c);
        by_channel[c.channel].Add(c);
        by_day[DayOf(c.opened_at)].Add(c);
    }
    json report = json::object();
    report["range"] = {{"from", range.from_ms}, {"to", range.to_ms}};
    report["overall"] = overall.ToJson();
    for (auto [name, split] :
         {std::pair<const char*, std::map<std::string, Block>*>{"by_intent", &by_intent},
          {"by_channel", &by_channel},
          {"by_day", &by_day}}) {
        json j = json::object();
        for (const auto& [key, block] : *split)
            j[key] = block.ToJson();
        report[name] = std::move(j);
    }
    return report;
}

}  // namespace seam::kpi
