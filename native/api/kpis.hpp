// native/api/kpis.hpp — GET /v1/kpis and `seam kpis`: the event log read from the store and
// handed to the core's KPI formulas (seam/kpi/kpis.hpp, seam/kpi/proactive.hpp), over a range of
// business days.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seam/core/date.hpp"
#include "seam/core/result.hpp"
#include "seam/kpi/kpis.hpp"
#include "store/sqlite.hpp"

namespace seam::service {
class Service;
}

namespace seam::api {

//! Events with `from_ms <= at < to_ms`, oldest first.
std::vector<kpi::Event> LoadEvents(store::Db& db, std::int64_t from_ms, std::int64_t to_ms);

struct KpiQuery {
    std::string from, to;  //!< ISO dates, both included; "" = the 30 days ending `today`
    std::string intent, channel;
};

//! The KPI report for cases opened between the start of `from` and the end of `to` (UTC), with
//! a "proactive" block (seam/kpi/proactive.hpp's report without its "range": the same days; the
//! intent and channel filters do not apply to it).
//! Errors: seam.kpi.range (a bad date, or from after to, or more than 366 days).
Result<nlohmann::json> ComputeKpis(store::Db& db, const KpiQuery& query, Date today);

//! The same, over the service's store (takes its lock while reading).
Result<nlohmann::json> ComputeKpis(service::Service& service, const KpiQuery& query);

}  // namespace seam::api
