// native/api/kpis.cpp — KPIs over the stored event log (see kpis.hpp).
#include "api/kpis.hpp"

#include "seam/kpi/proactive.hpp"
#include "service/service.hpp"

namespace seam::api {

using nlohmann::json;

namespace {
constexpr std::int64_t kDayMs = 24 * 3600 * 1000LL;
// Self-service and first-contact resolution look 72 hours past a resolution for a repeat
// contact, so the events read reach that far beyond the range.
constexpr std::int64_t kLookAheadMs = 72 * 3600 * 1000LL;
}  // namespace

std::vector<kpi::Event> LoadEvents(store::Db& db, std::int64_t from_ms, std::int64_t to_ms) {
    auto& s = db.Cached(
        "SELECT at, COALESCE(case_id, ''), COALESCE(customer_id, 0), COALESCE(channel, ''), kind, "
        "COALESCE(intent, ''), data FROM events WHERE at >= ? AND at < ? ORDER BY at, id");
    s.Bind(1, from_ms).Bind(2, to_ms);
    std::vector<kpi::Event> out;
    while (s.Next()) {
        kpi::Event e;
        e.at = s.Int(0);
        e.case_id = s.Text(1);
        e.customer_id = s.Int(2);
        e.channel = s.Text(3);
        e.kind = s.Text(4);
        e.intent = s.Text(5);
        e.data = json::parse(s.Text(6), nullptr, false);
        if (e.data.is_discarded() || !e.data.is_object()) e.data = json::object();
        out.push_back(std::move(e));
    }
    s.Reset();
    return out;
}

Result<json> ComputeKpis(store::Db& db, const KpiQuery& query, Date today) {
    Date from = AddDays(today, -29), to = today;
    if (!query.from.empty()) {
        auto d = ParseIsoDate(query.from);
        if (!d) return Error::Make("seam.kpi.range", "from: " + d.error().message);
        from = *d;
    }
    if (!query.to.empty()) {
        auto d = ParseIsoDate(query.to);
        if (!d) return Error::Make("seam.kpi.range", "to: " + d.error().message);
        to = *d;
    }
    if (to < from) return Error::Make("seam.kpi.range", "from must not be after to");
    if (DaysFromCivil(to) - DaysFromCivil(from) > 366) {
        return Error::Make("seam.kpi.range", "a range is at most 366 days");
    }
    kpi::Range range{DaysFromCivil(from) * kDayMs, (DaysFromCivil(to) + 1) * kDayMs};
    // One read for both reports: the proactive windows reach further both ways (a click up to 7
    // days before an order, a contact up to 7 days after a decision). The contact-centre report
    // gets the rows it always read, so its figures do not move with the wider read.
    const std::vector<kpi::Event> events = LoadEvents(db, range.from_ms - kpi::kProactiveLookBackMs,
                                                      range.to_ms + kpi::kProactiveLookAheadMs);
    std::vector<kpi::Event> contact_centre;
    for (const kpi::Event& e : events) {
        if (e.at >= range.from_ms && e.at < range.to_ms + kLookAheadMs) contact_centre.push_back(e);
    }
    json report = kpi::Compute(contact_centre, range, kpi::Filter{query.intent, query.channel});
    report["range"] = {{"from", FormatIsoDate(from)}, {"to", FormatIsoDate(to)}};
    if (!query.intent.empty() || !query.channel.empty()) {
        report["filter"] = {{"intent", query.intent}, {"channel", query.channel}};
    }
    // Over the report's range; the intent and channel filters do not apply to it.
    json proactive = kpi::ComputeProactive(events, range);
    proactive.erase("range");
    report["proactive"] = std::move(proactive);
    return report;
}

Result<json> ComputeKpis(service::Service& service, const KpiQuery& query) {
    const Date today = service.assistant()->today();
    auto guard = service.lock();
    return ComputeKpis(service.db(), query, today);
}

}  // namespace seam::api
