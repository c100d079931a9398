// native/store/postgres.hpp — the PostgreSQL engine of store::Db and store::Stmt (sqlite.hpp),
// through libpq. Internal to the store layer: the rest of Seam sees only Db and Stmt.
//
// A statement is prepared once on the server (PQprepare, named s1, s2, ... per connection) from
// its translated text (dialect.hpp); parameters and results travel as text, which PostgreSQL
// converts to and from the columns' types, so Bind(int64) into a BIGINT and Text() of a BIGINT
// behave as on SQLite. A statement runs when Next() first asks for a row (all rows come back at
// once: Seam's queries are small) or at Run().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

struct pg_conn;
struct pg_result;

namespace seam::store {

class Db;

//! A statement prepared on the server, kept for the connection's life (Db::pg_prepared_).
struct Db::PgPrepared {
    std::string name;  // s1, s2, ...
    std::string sql;   // translated
    int params = 0;
};

struct PgStmt {
    Db* db = nullptr;
    bool shared = false;  // one of Db::pg_prepared_: stays prepared when this one ends
    std::string name;     // the server-side prepared statement
    std::string sql;      // as sent (translated), for messages
    std::vector<std::optional<std::string>> params;
    pg_result* result = nullptr;
    int row = -1;
    int rows = 0;

    ~PgStmt();
    void Bind(int index, std::optional<std::string> value);
    //! Runs it when no result is held; then the next row. An error is "[seam.store.step] ...".
    bool Next(std::string& error);
    //! Runs it and drops its rows. Errors: seam.store.constraint (SQLSTATE class 23),
    //! seam.store.busy (40001, 40P01, 55P03: retry), seam.store.step.
    Result<bool> Run();
    void Reset();
    const char* Value(int column) const;  // nullptr for NULL or no such cell
    int Columns() const;
    std::string ColumnName(int column) const;
    //! 0 integer (int2/4/8), 1 floating point (float4/8, numeric), 2 anything else; -1 none.
    int TypeClass(int column) const;

  private:
    pg_result* Execute();  // with the bound parameters
};

}  // namespace seam::store
