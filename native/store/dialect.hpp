// native/store/dialect.hpp — Seam's SQL, written once (in SQLite's dialect), for PostgreSQL too
// (issue 20). The store layer (sqlite.hpp: Db::Prepare, Db::Exec, Migrate) translates each
// statement when its Db runs on PostgreSQL; callers write one SQL text for both engines.
//
// What is translated (outside string literals, quoted names and comments):
//   ?                         -> $1, $2, ... in order
//   INSERT OR IGNORE INTO ... -> INSERT INTO ... ON CONFLICT DO NOTHING
//   BEGIN IMMEDIATE           -> BEGIN (PostgreSQL's writers take row locks as they go)
//   x GLOB 'LW-[0-9]'         -> x SIMILAR TO 'LW-[0-9]' (Seam's patterns: literals and [...])
//   GROUP_CONCAT(x, ', ')     -> string_agg(x, ', ') (always with its separator)
// and, in schema statements (DdlToPostgres, for migrations):
//   INTEGER PRIMARY KEY       -> BIGSERIAL PRIMARY KEY (an id the store hands out)
//   INTEGER                   -> BIGINT (SQLite's integers are 64-bit)
//   REAL                      -> DOUBLE PRECISION
//   BLOB                      -> BYTEA
// Anything else must already mean the same on both engines; the store engine tests
// (tests/native/test_store_engines.cpp) hold the statements Seam relies on to that. A statement
// that cannot be written once (a trigger, a JSON function) gives each engine its own text
// (store::Migration::postgres).
#pragma once

#include <string>
#include <string_view>

namespace seam::store {

//! A statement of Seam's (SQLite's dialect) as PostgreSQL reads it.
std::string ToPostgres(std::string_view sql);

//! A schema script (one or more statements) as PostgreSQL reads it: ToPostgres and the column
//! types above.
std::string DdlToPostgres(std::string_view sql);

}  // namespace seam::store
