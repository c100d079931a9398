// native/demo/loader.hpp — writes the generated demo business and history into the store, each
// in one transaction with prepared statements: ~30,000 rows in well under a second (statement
// by statement in autocommit mode it would take minutes on a slow disk).
#pragma once

#include "demo/generator.hpp"
#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::demo {

//! True when the store already holds business data (the customers table is not empty).
bool IsLoaded(store::Db& db);

//! Inserts every row of `data` with its own ids, in one transaction: all or nothing.
//! Errors: seam.demo.load (with the store's message).
Result<bool> Load(store::Db& db, const DemoData& data);

//! Inserts the past conversations (cases, case_channels, messages, handoffs, events) in one
//! transaction. Agent logins are looked up in `agents`; unknown ones load as NULL.
//! Errors: seam.demo.load.
Result<bool> LoadHistory(store::Db& db, const History& history);

}  // namespace seam::demo
