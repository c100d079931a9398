// shared/src/console/kpi_board.cpp — the KPI dashboard model (see kpi_board.hpp).
//
// Index of this file
//   [SECTION] Metrics
//   [SECTION] Parsing a report
//   [SECTION] Derived tables
//   [SECTION] Proactive
//   [SECTION] KpiBoard
#include "seam/console/kpi_board.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "seam/console/format.hpp"

namespace seam::console {

using nlohmann::json;

// [SECTION] Metrics

namespace {

// clang-format off
const KpiMetricInfo kMetrics[kKpiMetricCount] = {
    {KpiMetric::kVolume,                    "volume",                       "Volume",                 KpiUnit::kCount,   true},
    {KpiMetric::kFirstResponseSeconds,      "first_response_seconds",       "First response (mean)",  KpiUnit::kSeconds, false},
    {KpiMetric::kFirstResponseP50Seconds,   "first_response_p50_seconds",   "First response (p50)",   KpiUnit::kSeconds, false},
    {KpiMetric::kResolved,                  "resolved",                     "Resolved",               KpiUnit::kCount,   true},
    {KpiMetric::kResolutionRate,            "resolution_rate",              "Resolution rate",        KpiUnit::kRatio,   true},
    {KpiMetric::kAverageResolutionSeconds,  "average_resolution_seconds",   "Time to resolve (mean)", KpiUnit::kSeconds, false},
    {KpiMetric::kFirstContactResolution,    "first_contact_resolution",     "FCR (first contact)",    KpiUnit::kRatio,   true},
    {KpiMetric::kSelfServiceResolutionRate, "self_service_resolution_rate", "Self-service rate",      KpiUnit::kRatio,   true},
    {KpiMetric::kContainment,               "containment",                  "Containment",            KpiUnit::kRatio,   true},
    {KpiMetric::kEscalationRate,            "escalation_rate",              "Escalation rate",        KpiUnit::kRatio,   false},
    {KpiMetric::kHandoffs,                  "handoffs",                     "Handoffs",               KpiUnit::kCount,   false},
    {KpiMetric::kEscalationQuality,         "escalation_quality",           "Escalation quality",     KpiUnit::kRatio,   true},
    {KpiMetric::kCsat,                      "csat",                         "CSAT",                   KpiUnit::kRatio,   true},
    {KpiMetric::kCsatBot,                   "csat_bot",                     "CSAT (bot)",             KpiUnit::kRatio,   true},
    {KpiMetric::kCsatAgent,                 "csat_agent",                   "CSAT (agent)",           KpiUnit::kRatio,   true},
    {KpiMetric::kCsatResponses,             "csat_responses",               "CSAT responses",         KpiUnit::kCount,   true},
    {KpiMetric::kAbandoned,                 "abandoned",                    "Abandoned",              KpiUnit::kCount,   false},
};
// clang-format on

std::string Thousands(std::int64_t v) {
    const bool negative = v < 0;
    const std::string digits = std::to_string(negative ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return (negative ? "-" : "") + out;
}

}  // namespace

const KpiMetricInfo& MetricInfo(KpiMetric metric) {
    const auto i = static_cast<std::size_t>(metric);
    // Cannot happen with a valid enum value; recover with the first row rather than read past.
    return i < kKpiMetricCount ? kMetrics[i] : kMetrics[0];
}

const std::vector<KpiMetric>& AllKpiMetrics() {
    static const std::vector<KpiMetric> all = [] {
        std::vector<KpiMetric> v;
        for (const KpiMetricInfo& m : kMetrics)
            v.push_back(m.metric);
        return v;
    }();
    return all;
}

std::string FormatKpiValue(KpiMetric metric, std::optional<double> value) {
    return FormatKpiUnitValue(MetricInfo(metric).unit, value);
}

std::string FormatKpiUnitValue(KpiUnit unit, std::optional<double> value) {
    if (!value || !std::isfinite(*value)) return "n/a";
    switch (unit) {
        case KpiUnit::kCount:
            return Thousands(static_cast<std::int64_t>(std::llround(*value)));
        case KpiUnit::kSeconds:
            return FormatDuration(*value);
        case KpiUnit::kRatio:
            return FormatPercent(*value);
        case KpiUnit::kPer100: {
            const std::int64_t tenths = static_cast<std::int64_t>(std::llround(*value * 10));
            const std::int64_t whole = (tenths < 0 ? -tenths : tenths) / 10;
            return std::string(tenths < 0 ? "-" : "") + Thousands(whole) + "." +
                   std::to_string((tenths < 0 ? -tenths : tenths) % 10);
        }
        case KpiUnit::kMinorUnits: {
            const std::int64_t cents = static_cast<std::int64_t>(std::llround(*value));
            const std::int64_t abs = cents < 0 ? -cents : cents;
            const std::int64_t rest = abs % 100;
            return std::string(cents < 0 ? "-" : "") + Thousands(abs / 100) + "." +
                   (rest < 10 ? "0" : "") + std::to_string(rest);
        }
    }
    return "n/a";
}

std::optional<double> KpiBlock::Value(KpiMetric metric) const {
    switch (metric) {
        case KpiMetric::kVolume:
            return static_cast<double>(volume);
        case KpiMetric::kFirstResponseSeconds:
            return first_response_seconds;
        case KpiMetric::kFirstResponseP50Seconds:
            return first_response_p50_seconds;
        case KpiMetric::kResolved:
            return static_cast<double>(resolved);
        case KpiMetric::kResolutionRate:
            return resolution_rate;
        case KpiMetric::kAverageResolutionSeconds:
            return average_resolution_seconds;
        case KpiMetric::kFirstContactResolution:
            return first_contact_resolution;
        case KpiMetric::kSelfServiceResolutionRate:
            return self_service_resolution_rate;
        case KpiMetric::kContainment:
            return containment;
        case KpiMetric::kEscalationRate:
            return escalation_rate;
        case KpiMetric::kHandoffs:
            return static_cast<double>(handoffs);
        case KpiMetric::kEscalationQuality:
            return escalation_quality;
        case KpiMetric::kCsat:
            return csat;
        case KpiMetric::kCsatBot:
            return csat_bot;
        case KpiMetric::kCsatAgent:
            return csat_agent;
        case KpiMetric::kCsatResponses:
            return static_cast<double>(csat_responses);
        case KpiMetric::kAbandoned:
            return static_cast<double>(abandoned);
    }
    return std::nullopt;
}

// [SECTION] Parsing a report

namespace {

Error ReportError(const std::string& path, const std::string& what) {
    return Error::Make("seam.console.kpi_report", (path.empty() ? "/" : path) + ": " + what);
}

//! Reads one metric: a number, null or absent. False (with `problem` set) for anything else.
bool ReadOptional(const json& block, const char* key, std::optional<double>& out,
                  std::string& problem) {
    auto it = block.find(key);
    if (it == block.end() || it->is_null()) {
        out.reset();
        return true;
    }
    if (!it->is_number()) {
        problem = key;
        return false;
    }
    out = it->get<double>();
    return true;
}

bool ReadCount(const json& block, const char* key, std::int64_t& out, std::string& problem) {
    std::optional<double> v;
    if (!ReadOptional(block, key, v, problem)) return false;
    out = v ? static_cast<std::int64_t>(std::llround(*v)) : 0;
    return true;
}

Result<KpiBlock> ParseBlock(const json& j, const std::string& path) {
    if (!j.is_object()) return ReportError(path, "expected an object of metrics");
    KpiBlock b;
    std::string bad;
    const bool ok =
        ReadCount(j, "volume", b.volume, bad) &&
        ReadOptional(j, "first_response_seconds", b.first_response_seconds, bad) &&
        ReadOptional(j, "first_response_p50_seconds", b.first_response_p50_seconds, bad) &&
        ReadCount(j, "resolved", b.resolved, bad) &&
        ReadOptional(j, "resolution_rate", b.resolution_rate, bad) &&
        ReadOptional(j, "average_resolution_seconds", b.average_resolution_seconds, bad) &&
        ReadOptional(j, "first_contact_resolution", b.first_contact_resolution, bad) &&
        ReadOptional(j, "self_service_resolution_rate", b.self_service_resolution_rate, bad) &&
        ReadOptional(j, "containment", b.containment, bad) &&
        ReadOptional(j, "escalation_rate", b.escalation_rate, bad) &&
        ReadCount(j, "handoffs", b.handoffs, bad) &&
        ReadOptional(j, "escalation_quality", b.escalation_quality, bad) &&
        ReadOptional(j, "csat", b.csat, bad) && ReadOptional(j, "csat_bot", b.csat_bot, bad) &&
        ReadOptional(j, "csat_agent", b.csat_agent, bad) &&
        ReadCount(j, "csat_responses", b.csat_responses, bad) &&
        ReadCount(j, "abandoned", b.abandoned, bad);
    if (!ok) return ReportError(path + "/" + bad, "expected a number or null");
    return b;
}

Result<std::map<std::string, KpiBlock>> ParseSplit(const json& body, const char* name) {
    std::map<std::string, KpiBlock> out;
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return out;
    const std::string path = std::string("/") + name;
    if (!it->is_object()) return ReportError(path, "expected an object");
    for (const auto& [key, value] : it->items()) {
        auto block = ParseBlock(value, path + "/" + key);
        if (!block) return block.error();
        out.emplace(key, std::move(*block));
    }
    return out;
}

//! Every field of a proactive block ({} when `j` has none of them).
Result<ProactiveBlock> ParseProactiveBlock(const json& j, const std::string& path) {
    if (!j.is_object()) return ReportError(path, "expected an object of metrics");
    ProactiveBlock b;
    std::string bad;
    const bool ok =
        ReadCount(j, "decisions", b.decisions, bad) &&
        ReadCount(j, "proactive_sent", b.proactive_sent, bad) &&
        ReadCount(j, "proactive_suppressed", b.proactive_suppressed, bad) &&
        ReadCount(j, "customers", b.customers, bad) && ReadCount(j, "contacts", b.contacts, bad) &&
        ReadOptional(j, "contacts_per_100", b.contacts_per_100, bad) &&
        ReadCount(j, "proactive_resolved", b.proactive_resolved, bad) &&
        ReadOptional(j, "proactive_resolution_rate", b.proactive_resolution_rate, bad) &&
        ReadCount(j, "retention_offers_accepted", b.retention_offers_accepted, bad) &&
        ReadCount(j, "churn_prevented", b.churn_prevented, bad) &&
        ReadCount(j, "churn_not_prevented", b.churn_not_prevented, bad) &&
        ReadCount(j, "churn_offers_pending", b.churn_offers_pending, bad) &&
        ReadCount(j, "orders", b.orders, bad) &&
        ReadCount(j, "attributed_orders", b.attributed_orders, bad) &&
        ReadCount(j, "attributed_revenue_cents", b.attributed_revenue_cents, bad) &&
        ReadCount(j, "automated_conversations", b.automated_conversations, bad) &&
        ReadOptional(j, "revenue_per_automated_conversation", b.revenue_per_automated_conversation,
                     bad) &&
        ReadCount(j, "recommendations_shown", b.recommendations_shown, bad) &&
        ReadCount(j, "recommendations_clicked", b.recommendations_clicked, bad) &&
        ReadOptional(j, "recommendation_take_rate", b.recommendation_take_rate, bad) &&
        ReadOptional(j, "contacts_avoided", b.contacts_avoided, bad);
    if (!ok) return ReportError(path + "/" + bad, "expected a number or null");
    auto reasons = j.find("suppressed_by_reason");
    if (reasons != j.end() && !reasons->is_null()) {
        const std::string where = path + "/suppressed_by_reason";
        if (!reasons->is_object()) return ReportError(where, "expected an object of counts");
        for (const auto& [reason, n] : reasons->items()) {
            if (!n.is_number()) return ReportError(where + "/" + reason, "expected a number");
            b.suppressed_by_reason[reason] =
                static_cast<std::int64_t>(std::llround(n.get<double>()));
        }
    }
    return b;
}

//! body[name] when it is there and not null; nullptr otherwise.
const json* Member(const json& body, const char* name) {
    auto it = body.find(name);
    return it == body.end() || it->is_null() ? nullptr : &*it;
}

Result<Date> ParseRangeDate(const json& range, const char* key) {
    auto it = range.find(key);
    const std::string path = std::string("/range/") + key;
    if (it == range.end() || !it->is_string()) return ReportError(path, "expected YYYY-MM-DD");
    auto d = ParseIsoDate(it->get<std::string>());
    if (!d) return ReportError(path, d.error().message);
    return *d;
}

}  // namespace

Result<ProactiveReport> ParseProactiveReport(const json& block, const std::string& path) {
    if (!block.is_object()) return ReportError(path, "expected an object");
    ProactiveReport r;
    for (auto [name, out] : {std::pair<const char*, ProactiveBlock*>{"treated", &r.treated},
                             {"holdout", &r.holdout},
                             {"overall", &r.overall}}) {
        const json* j = Member(block, name);
        if (!j) continue;
        auto parsed = ParseProactiveBlock(*j, path + "/" + name);
        if (!parsed) return parsed.error();
        *out = std::move(*parsed);
    }
    if (const json* triggers = Member(block, "by_trigger")) {
        if (!triggers->is_object()) return ReportError(path + "/by_trigger", "expected an object");
        for (const auto& [id, t] : triggers->items()) {
            const std::string where = path + "/by_trigger/" + id;
            if (!t.is_object()) return ReportError(where, "expected an object");
            ProactiveTrigger trigger;
            for (auto [name, out] :
                 {std::pair<const char*, ProactiveBlock*>{"treated", &trigger.treated},
                  {"holdout", &trigger.holdout}}) {
                const json* j = Member(t, name);
                if (!j) continue;
                auto parsed = ParseProactiveBlock(*j, where + "/" + name);
                if (!parsed) return parsed.error();
                *out = std::move(*parsed);
            }
            std::string bad;
            if (!ReadOptional(t, "contacts_avoided", trigger.contacts_avoided, bad)) {
                return ReportError(where + "/" + bad, "expected a number or null");
            }
            r.by_trigger.emplace(id, std::move(trigger));
        }
    }
    if (const json* days = Member(block, "by_day")) {
        if (!days->is_object()) return ReportError(path + "/by_day", "expected an object");
        for (const auto& [day, d] : days->items()) {
            auto parsed = ParseProactiveBlock(d, path + "/by_day/" + day);
            if (!parsed) return parsed.error();
            r.by_day.emplace(day, std::move(*parsed));
        }
    }
    return r;
}

Result<KpiReport> ParseKpiReport(const json& body) {
    if (!body.is_object()) return ReportError("", "expected an object");
    KpiReport r;
    auto range = body.find("range");
    if (range == body.end() || !range->is_object()) {
        return ReportError("/range", "expected {\"from\", \"to\"}");
    }
    auto from = ParseRangeDate(*range, "from");
    if (!from) return from.error();
    auto to = ParseRangeDate(*range, "to");
    if (!to) return to.error();
    if (*to < *from) return ReportError("/range", "from is after to");
    r.from = *from;
    r.to = *to;
    auto overall = body.find("overall");
    if (overall == body.end()) return ReportError("/overall", "missing");
    auto block = ParseBlock(*overall, "/overall");
    if (!block) return block.error();
    r.overall = std::move(*block);
    for (auto [name, split] :
         {std::pair<const char*, std::map<std::string, KpiBlock>*>{"by_intent", &r.by_intent},
          {"by_channel", &r.by_channel},
          {"by_day", &r.by_day}}) {
        auto parsed = ParseSplit(body, name);
        if (!parsed) return parsed.error();
        *split = std::move(*parsed);
    }
    auto filter = body.find("filter");
    if (filter != body.end() && filter->is_object()) {
        auto text = [&](const char* key) {
            auto f = filter->find(key);
            return f != filter->end() && f->is_string() ? f->get<std::string>() : std::string();
        };
        r.filter_intent = text("intent");
        r.filter_channel = text("channel");
    }
    if (const json* proactive = Member(body, "proactive")) {
        auto parsed = ParseProactiveReport(*proactive);
        if (parsed) {
            r.proactive = std::move(*parsed);
        } else {
            r.proactive_error = parsed.error().message;
        }
    }
    return r;
}

// [SECTION] Derived tables

KpiDaySeries DaySeries(const KpiReport& report, KpiMetric metric) {
    KpiDaySeries s;
    s.metric = metric;
    s.unit = MetricInfo(metric).unit;
    const bool count = s.unit == KpiUnit::kCount;
    const std::int64_t days = DaysBetween(report.from, report.to) + 1;
    if (days <= 0) return s;
    s.points.reserve(static_cast<std::size_t>(days));
    for (std::int64_t i = 0; i < days; ++i) {
        KpiPoint p;
        p.day = AddDays(report.from, i);
        auto it = report.by_day.find(FormatIsoDate(p.day));
        if (it != report.by_day.end()) {
            p.has_cases = true;
            p.value = it->second.Value(metric);
        } else if (count) {
            p.value = 0.0;  // no case opened that day: zero is the data
        }
        if (p.value) {
            s.min = s.min ? std::min(*s.min, *p.value) : *p.value;
            s.max = s.max ? std::max(*s.max, *p.value) : *p.value;
        }
        s.points.push_back(std::move(p));
    }
    return s;
}

KpiBars Bars(const std::map<std::string, KpiBlock>& split, KpiMetric metric) {
    KpiBars out;
    out.metric = metric;
    for (const auto& [key, block] : split)
        out.bars.push_back({key, block.Value(metric), block.volume});
    std::stable_sort(out.bars.begin(), out.bars.end(), [](const KpiBar& a, const KpiBar& b) {
        if (a.value.has_value() != b.value.has_value()) return a.value.has_value();
        if (a.value && *a.value != *b.value) return *a.value > *b.value;
        return a.key < b.key;
    });
    if (MetricInfo(metric).unit == KpiUnit::kRatio) {
        out.scale = 1;
    } else {
        double largest = 0;
        for (const KpiBar& b : out.bars)
            if (b.value) largest = std::max(largest, *b.value);
        out.scale = largest > 0 ? largest : 1;
    }
    return out;
}

void JudgeIntent(KpiIntentRow& row) {
    row.reasons.clear();
    if (row.volume < kFlagMinVolume) {
        row.verdict = KpiVerdict::kTooFew;
        return;
    }
    const auto pct = [](double v) { return FormatPercent(v); };
    const auto limit = [](double v) {
        return std::to_string(static_cast<int>(std::lround(v * 100))) + "%";
    };
    const auto& self = row.self_service_resolution_rate;
    const auto& esc = row.escalation_rate;
    const auto& bot = row.csat_bot;
    const auto& agent = row.csat_agent;
    if (self && esc && *self<kHurtSelfService&& * esc> kHurtEscalation) {
        row.reasons.push_back("self-service " + pct(*self) + " < " + limit(kHurtSelfService) +
                              " with escalation " + pct(*esc) + " > " + limit(kHurtEscalation));
    }
    if (bot && *bot < kHurtBotCsat) {
        row.reasons.push_back("bot CSAT " + pct(*bot) + " < " + limit(kHurtBotCsat));
    }
    if (bot && agent && *bot < *agent - kHurtCsatGap) {
        row.reasons.push_back("bot CSAT " + pct(*bot) + " trails agent CSAT " + pct(*agent) +
                              " by more than " + limit(kHurtCsatGap));
    }
    if (!row.reasons.empty()) {
        row.verdict = KpiVerdict::kHurts;
        return;
    }
    if (self && *self >= kHelpSelfService && (!bot || *bot >= kHelpBotCsat)) {
        row.verdict = KpiVerdict::kHelps;
        row.reasons.push_back("self-service " + pct(*self) + " >= " + limit(kHelpSelfService) +
                              (bot ? " with bot CSAT " + pct(*bot) : std::string()));
        return;
    }
    row.verdict = KpiVerdict::kNeutral;
}

std::vector<KpiIntentRow> TopIntents(const KpiReport& report, std::size_t limit) {
    std::vector<KpiIntentRow> rows;
    for (const auto& [intent, b] : report.by_intent) {
        KpiIntentRow row;
        row.intent = intent;
        row.volume = b.volume;
        if (report.overall.volume > 0) {
            row.share = static_cast<double>(b.volume) / static_cast<double>(report.overall.volume);
        }
        row.self_service_resolution_rate = b.self_service_resolution_rate;
        row.containment = b.containment;
        row.escalation_rate = b.escalation_rate;
        row.resolution_rate = b.resolution_rate;
        row.csat_bot = b.csat_bot;
        row.csat_agent = b.csat_agent;
        JudgeIntent(row);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const KpiIntentRow& a, const KpiIntentRow& b) {
        if (a.volume != b.volume) return a.volume > b.volume;
        return a.intent < b.intent;
    });
    if (limit && rows.size() > limit) rows.resize(limit);
    return rows;
}

// [SECTION] Proactive

std::vector<ProactiveRow> ProactiveRows(const ProactiveReport& r) {
    // A row reads a count member or a ratio member of ProactiveBlock (the other is null).
    struct Spec {
        const char* key;
        const char* label;
        KpiUnit unit;
        bool higher_is_better;
        std::int64_t ProactiveBlock::*count;
        std::optional<double> ProactiveBlock::*value;
    };
    using B = ProactiveBlock;
    // clang-format off
    static const Spec kSpecs[] = {
        {"decisions",                 "Decisions",                  KpiUnit::kCount,      true,  &B::decisions,                 nullptr},
        {"proactive_sent",            "Messages sent",              KpiUnit::kCount,      true,  &B::proactive_sent,            nullptr},
        {"proactive_suppressed",      "Held back",                  KpiUnit::kCount,      false, &B::proactive_suppressed,      nullptr},
        {"customers",                 "Customers",                  KpiUnit::kCount,      true,  &B::customers,                 nullptr},
        {"contacts",                  "Contacts within 7 days",     KpiUnit::kCount,      false, &B::contacts,                  nullptr},
        {"contacts_per_100",          "Contacts per 100 customers", KpiUnit::kPer100,     false, nullptr, &B::contacts_per_100},
        {"proactive_resolution_rate", "Proactive resolution rate",  KpiUnit::kRatio,      true,  nullptr, &B::proactive_resolution_rate},
        {"retention_offers_accepted", "Retention offers accepted",  KpiUnit::kCount,      true,  &B::retention_offers_accepted, nullptr},
        {"churn_prevented",           "Churn prevented (30 days)",  KpiUnit::kCount,      true,  &B::churn_prevented,           nullptr},
        {"churn_not_prevented",       "Cancelled anyway",           KpiUnit::kCount,      false, &B::churn_not_prevented,       nullptr},
        {"churn_offers_pending",      "Offers still within 30 days", KpiUnit::kCount,     true,  &B::churn_offers_pending,      nullptr},
        {"orders",                    "Orders",                     KpiUnit::kCount,      true,  &B::orders,                    nullptr},
        {"attributed_orders",         "Orders after a recommendation", KpiUnit::kCount,   true,  &B::attributed_orders,         nullptr},
        {"attributed_revenue_cents",  "Attributed revenue",         KpiUnit::kMinorUnits, true,  &B::attributed_revenue_cents,  nullptr},
        {"automated_conversations",   "Automated conversations",    KpiUnit::kCount,      true,  &B::automated_conversations,   nullptr},
        {"revenue_per_automated_conversation", "Revenue per automated conversation", KpiUnit::kMinorUnits, true, nullptr, &B::revenue_per_automated_conversation},
        {"recommendations_shown",     "Recommendations shown",      KpiUnit::kCount,      true,  &B::recommendations_shown,     nullptr},
        {"recommendation_take_rate",  "Recommendation take rate",   KpiUnit::kRatio,      true,  nullptr, &B::recommendation_take_rate},
    };
    // clang-format on
    auto get = [](const Spec& spec, const ProactiveBlock& b) -> std::optional<double> {
        if (spec.count) return static_cast<double>(b.*spec.count);
        return b.*spec.value;
    };
    std::vector<ProactiveRow> rows;
    for (const Spec& spec : kSpecs) {
        rows.push_back({spec.key, spec.label, spec.unit, spec.higher_is_better,
                        get(spec, r.treated), get(spec, r.holdout), get(spec, r.overall)});
    }
    return rows;
}

KpiDaySeries ProactiveDaySeries(const KpiReport& report, ProactiveSeries which) {
    KpiDaySeries s;
    s.unit = KpiUnit::kCount;
    if (!report.proactive) return s;
    const std::int64_t days = DaysBetween(report.from, report.to) + 1;
    if (days <= 0) return s;
    s.points.reserve(static_cast<std::size_t>(days));
    for (std::int64_t i = 0; i < days; ++i) {
        KpiPoint p;
        p.day = AddDays(report.from, i);
        p.value = 0.0;  // no decision that day: zero is the data
        auto it = report.proactive->by_day.find(FormatIsoDate(p.day));
        if (it != report.proactive->by_day.end()) {
            p.has_cases = true;
            const ProactiveBlock& b = it->second;
            const std::int64_t v = which == ProactiveSeries::kSent       ? b.proactive_sent
                                   : which == ProactiveSeries::kResolved ? b.proactive_resolved
                                                                         : b.proactive_suppressed;
            p.value = static_cast<double>(v);
        }
        s.min = s.min ? std::min(*s.min, *p.value) : *p.value;
        s.max = s.max ? std::max(*s.max, *p.value) : *p.value;
        s.points.push_back(std::move(p));
    }
    return s;
}

ProactiveComparisons ContactsPer100(const ProactiveReport& report) {
    ProactiveComparisons out;
    out.rows.push_back({kAllTriggers, report.treated.contacts_per_100,
                        report.holdout.contacts_per_100, report.treated.customers,
                        report.holdout.customers, report.overall.contacts_avoided});
    for (const auto& [id, t] : report.by_trigger) {
        out.rows.push_back({id, t.treated.contacts_per_100, t.holdout.contacts_per_100,
                            t.treated.customers, t.holdout.customers, t.contacts_avoided});
    }
    double largest = 0;
    for (const ProactiveComparison& c : out.rows) {
        if (c.treated) largest = std::max(largest, *c.treated);
        if (c.holdout) largest = std::max(largest, *c.holdout);
    }
    out.scale = largest > 0 ? largest : 1;
    return out;
}

// [SECTION] KpiBoard

namespace {

const char* const kNoIntent = "(none)";

void Merge(std::vector<std::string>& into, const std::map<std::string, KpiBlock>& split,
           const char* skip) {
    for (const auto& entry : split) {
        if (skip && entry.first == skip) continue;
        if (entry.first.empty()) continue;
        if (!std::binary_search(into.begin(), into.end(), entry.first)) {
            into.insert(std::upper_bound(into.begin(), into.end(), entry.first), entry.first);
        }
    }
}

}  // namespace

int RangeDays(KpiRange range) {
    switch (range) {
        case KpiRange::k7:
            return 7;
        case KpiRange::k30:
            return 30;
        case KpiRange::k90:
            return 90;
    }
    return 30;
}

KpiBoard::KpiBoard(Api& api, const Session& session)
    : api_(api), session_(session), alive_(std::make_shared<KpiBoard*>(this)) {}

KpiBoard::~KpiBoard() = default;

void KpiBoard::Reset() {
    range_ = KpiRange::k30;
    intent_.clear();
    channel_.clear();
    want_load_ = true;
    in_flight_ = false;
    ++request_seq_;  // answers to requests of the previous session are ignored
    answered_ = false;
    loaded_at_ms_ = -1;
    report_.reset();
    error_.clear();
    today_.reset();
    intent_choices_.clear();
    channel_choices_.clear();
}

void KpiBoard::Update(std::int64_t now_ms) {
    now_ms_ = now_ms;
    if (session_.generation() != generation_) {
        generation_ = session_.generation();
        Reset();
    }
    if (answered_) {
        answered_ = false;
        loaded_at_ms_ = now_ms;
    }
    if (!session_.logged_in() || !visible_) return;
    // The answer on its way already answers a load of the same path (a refresh clicked twice, a
    // preset picked before today is known).
    if (want_load_ && in_flight_ && RequestPath() == in_flight_path_) want_load_ = false;
    const bool due = !in_flight_ && now_ms - requested_at_ms_ >= kAutoRefreshMs;
    if (want_load_ || due) Send(now_ms);
}

void KpiBoard::Refresh() {
    if (session_.logged_in()) want_load_ = true;
}

void KpiBoard::SetRange(KpiRange range) {
    if (range == range_) return;
    range_ = range;
    want_load_ = true;
}

void KpiBoard::SetIntentFilter(const std::string& intent) {
    if (intent == intent_) return;
    intent_ = intent;
    want_load_ = true;
}

void KpiBoard::SetChannelFilter(const std::string& channel) {
    if (channel == channel_) return;
    channel_ = channel;
    want_load_ = true;
}

std::string KpiBoard::RequestPath() const {
    std::vector<std::pair<std::string, std::string>> params;
    if (range_ != KpiRange::k30 && today_) {
        params.emplace_back("from", FormatIsoDate(AddDays(*today_, 1 - RangeDays(range_))));
        params.emplace_back("to", FormatIsoDate(*today_));
    }
    if (!intent_.empty()) params.emplace_back("intent", intent_);
    if (!channel_.empty()) params.emplace_back("channel", channel_);
    std::string path = "/v1/kpis";
    for (std::size_t i = 0; i < params.size(); ++i) {
        path += (i ? "&" : "?") + params[i].first + "=" + UrlEncode(params[i].second);
    }
    return path;
}

void KpiBoard::Send(std::int64_t now_ms) {
    want_load_ = false;
    in_flight_ = true;
    requested_at_ms_ = now_ms;
    in_flight_path_ = RequestPath();
    const std::uint64_t seq = ++request_seq_;
    // Asked without dates: seamd's default range, whose "to" is seamd's today.
    const bool default_range = range_ == KpiRange::k30 || !today_;
    std::weak_ptr<KpiBoard*> alive = alive_;
    api_.Get(in_flight_path_, [alive, seq, default_range](const ApiResult& r) {
        auto board_ptr = alive.lock();
        if (!board_ptr) return;
        KpiBoard& board = **board_ptr;
        if (seq != board.request_seq_) return;  // superseded by a later request
        board.in_flight_ = false;
        board.answered_ = true;
        if (!r.ok) {
            board.error_ = "[" + r.code + "] " + r.message;
            return;
        }
        auto report = ParseKpiReport(r.body);
        if (!report) {
            board.error_ = report.error().message;
            return;
        }
        board.error_.clear();
        board.Learn(*report, default_range);
        board.report_ = std::move(*report);
    });
}

void KpiBoard::Learn(const KpiReport& report, bool default_range) {
    Merge(intent_choices_, report.by_intent, kNoIntent);
    Merge(channel_choices_, report.by_channel, nullptr);
    if (!default_range) return;
    const bool first = !today_;
    today_ = report.to;
    // A 7- or 90-day preset picked before today was known: ask it now that it is.
    if (first && range_ != KpiRange::k30) want_load_ = true;
}

std::string KpiBoard::StatusLine() const {
    // ASCII only: the console's font need not carry dashes or middle dots.
    std::string shown;
    if (report_) {
        shown = FormatIsoDate(report_->from) + " to " + FormatIsoDate(report_->to) + " | " +
                (report_->filter_intent.empty() ? "all intents" : report_->filter_intent) + " | " +
                (report_->filter_channel.empty() ? "all channels" : report_->filter_channel);
        if (loaded_at_ms_ >= 0) shown += " | updated " + FormatAgo(loaded_at_ms_, now_ms_);
    }
    if (!error_.empty()) {
        return "Error: " + error_ + (report_ ? " (showing " + shown + ")" : std::string());
    }
    if (!report_) return in_flight_ ? "Loading KPIs..." : "No KPIs loaded";
    return in_flight_ ? shown + " | refreshing..." : shown;
}

KpiDaySeries KpiBoard::Series() const {
    if (!report_) {
        KpiDaySeries empty;
        empty.metric = chart_metric_;
        empty.unit = MetricInfo(chart_metric_).unit;
        return empty;
    }
    return DaySeries(*report_, chart_metric_);
}

KpiBars KpiBoard::IntentBars() const {
    return Bars(report_ ? report_->by_intent : std::map<std::string, KpiBlock>{}, chart_metric_);
}

KpiBars KpiBoard::ChannelBars() const {
    return Bars(report_ ? report_->by_channel : std::map<std::string, KpiBlock>{}, chart_metric_);
}

std::vector<KpiIntentRow> KpiBoard::Intents(std::size_t limit) const {
    return report_ ? TopIntents(*report_, limit) : std::vector<KpiIntentRow>{};
}

}  // namespace seam::console
