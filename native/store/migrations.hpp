// native/store/migrations.hpp — the versioned schema of seamd's database.
//
// Migrations are numbered from 1 and append-only: a released migration is never edited; a
// change is a new migration. Migrate() applies those a database lacks, each in its own
// transaction, and records it in schema_migrations. A database newer than this build is
// refused (seam.store.schema_newer) rather than guessed at.
#pragma once

#include <string>
#include <vector>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

//! On PostgreSQL a migration's script is translated (store/dialect.hpp, DdlToPostgres); what
//! cannot be written once (a trigger, a JSON function) is edited first: each `from` must occur
//! in `sql` (else seam.store.migrate), and is replaced by `to`.
struct PostgresEdit {
    const char* from;
    const char* to;
};

struct Migration {
    int version;
    const char* name;
    const char* sql;
    std::vector<PostgresEdit> postgres = {};
};

//! The script `db`'s engine runs for `m`. Errors: seam.store.migrate (an edit that does not
//! apply: a bug in this file, caught by the store engine tests).
Result<std::string> ScriptFor(const Db& db, const Migration& m);

//! Every migration, in order.
const std::vector<Migration>& Migrations();

//! Brings `db` to the latest schema. Returns the version it is at afterwards.
Result<int> Migrate(Db& db);

//! After rows were written with explicit ids (the demo loader, an import): on PostgreSQL, every
//! BIGSERIAL's sequence is moved past the largest id of its column, so the next id the store
//! hands out is free. Nothing to do on SQLite (its next rowid is always max + 1).
Result<bool> SyncIdSequences(Db& db);

//! The schema version of `db` (0 for an empty database).
int SchemaVersion(Db& db);
//! The schema version, when it is the one this build applies (nothing to migrate). Errors:
//! seam.store.schema_behind (run `seamd migrate`, or start one node with --migrate),
//! seam.store.schema_newer.
Result<int> CheckSchema(Db& db);

}  // namespace seam::store
