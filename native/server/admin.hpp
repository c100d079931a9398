// native/server/admin.hpp — seamd's store commands (issue 20), run instead of serving:
//
//   seamd migrate [--database LOC]                     bring the store to this seamd's schema
//   seamd export  [--database LOC] [--to FILE]         the whole store as JSON Lines (stdout)
//   seamd import  --database LOC [--from FILE]         an export into a new, empty store
//
// LOC is a PostgreSQL URL (postgres://user@host:port/db), `sqlite:DIR`, or a directory (the
// SQLite store DIR/seam.db, as --data); default SEAM_DATABASE, else SEAM_DATA, else seam-data.
// import migrates the target first, then refuses a store that holds any row. Moving a deployment:
//   seamd export --database seam-data --to seam.jsonl
//   seamd import --database postgres://seam@db:5432/seam --from seam.jsonl
// (store/transfer.hpp has the format and the guarantees). Each prints one line of what it did on
// stdout (stderr for export, whose stdout may be the data) and exits 0, or the error and 1; bad
// usage exits 2.
#pragma once

#include <string>
#include <vector>

namespace seam::server {

//! True when args[0] names a store command.
bool IsAdminCommand(const std::vector<std::string>& args);

//! Runs it; the process's exit status. `env` is the environment ("NAME=value").
int RunAdminCommand(const std::vector<std::string>& args, const std::vector<std::string>& env);

//! Where a LOC points: a PostgreSQL URL as given, or the SQLite file path (DIR/seam.db).
std::string StoreLocation(const std::string& loc);

}  // namespace seam::server
