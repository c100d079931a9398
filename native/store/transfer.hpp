// native/store/transfer.hpp — a whole store out to a file and into another store, on either
// engine (issue 20: move a deployment from SQLite to PostgreSQL, or back, without losing a case).
// `seamd export` and `seamd import` (native/server/admin.cpp) are these two functions.
//
// The file is JSON Lines:
//   {"seam_export": 1, "schema_version": 11, "engine": "sqlite", "tables": ["customers", ...]}
//   {"table": "customers", "columns": ["id", "external_id", ...], "rows": 2}
//   {"row": [1, "cus_ana", ...]}          one line a row, the values in the columns' order
//   ...
//   {"end": true, "rows": 1234}
// Tables come parents first (a table after every table its foreign keys name), rows in the order
// of their columns (the primary key first in every table of Seam's), so the same data gives the
// same file from either engine. Integers are JSON integers, reals JSON numbers with a fraction or
// exponent, text JSON strings, NULL null. schema_migrations is not exported: the target has its
// own, at the same version.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

struct TransferStats {
    int schema_version = 0;
    std::int64_t tables = 0;
    std::int64_t rows = 0;
};

//! Seam's tables of `db` (all but schema_migrations), parents before the tables that name them.
Result<std::vector<std::string>> TablesInOrder(Db& db);

//! Writes every row of `db` to `out`, in one read transaction (a consistent copy while seamd
//! serves). Errors: the store's, seam.store.export (a write to `out` failed).
Result<TransferStats> Export(Db& db, std::ostream& out);

//! Reads an export into `db`, which must be migrated to the export's schema version and hold no
//! row yet; all of it in one transaction: on any problem nothing is kept. Then moves the id
//! sequences past the imported ids (SyncIdSequences). Errors: seam.store.import (with the line
//! number: not an export, another schema version, a table or column this schema does not have,
//! a row of the wrong length, a count that does not match, a store that is not empty) and the
//! store's (a constraint the rows break).
Result<TransferStats> Import(Db& db, std::istream& in);

}  // namespace seam::store
