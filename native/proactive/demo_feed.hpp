// native/proactive/demo_feed.hpp — the demo shop's own systems, as far as proactive engagement
// sees them: the business events a real shop would send to POST /v1/events/ingest, derived from
// the demo data (parcels past their delivery day, parcels held at a depot, returns that reached
// the warehouse, parcels delivered yesterday, Coffee Club payments that failed, carts left with a
// size to choose), plus a trickle of abandoned carts while seamd runs. `seamd --demo-events`
// (scripts/demo) turns it on. Event ids name the object and the business day, so a restart on
// the same day sends nothing twice (ingest is idempotent by id).
#pragma once

#include <cstdint>
#include <vector>

#include "proactive/facts.hpp"
#include "seam/core/date.hpp"
#include "store/sqlite.hpp"

namespace seam::proactive_facts {

//! What the shop has to say on `today`. For the fixed demo customers Ana and Lucía, the carrier
//! pushes their parcel on its way back by two days (the shipment's expected day moves in the
//! store, as the shop's system would record it), so the demo shows a late-parcel message in
//! English and in Spanish. Holding the store's lock; writes only that change.
std::vector<BusinessEvent> DemoBacklog(store::Db& db, const Date& today, std::int64_t now_ms);

//! The `n`-th abandoned cart of the day (a customer with orders, sized items in the cart).
BusinessEvent DemoAbandonedCart(store::Db& db, const Date& today, std::int64_t now_ms, int n);

}  // namespace seam::proactive_facts
