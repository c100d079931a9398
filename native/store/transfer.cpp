// native/store/transfer.cpp — export and import of a whole store (see transfer.hpp).
#include "store/transfer.hpp"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

#include "store/migrations.hpp"

namespace seam::store {

using json = nlohmann::json;

namespace {

Error ImportError(std::int64_t line, const std::string& what) {
    return Error::Make("seam.store.import", "line " + std::to_string(line) + ": " + what);
}

// Names from the engine's own catalogue go into SQL text quoted; a name with a quote is refused.
Result<std::string> Quoted(const std::string& name) {
    if (name.empty() || name.find('"') != std::string::npos) {
        return Error::Make("seam.store.import", "not a table or column name: " + name);
    }
    return "\"" + name + "\"";
}

Result<std::vector<std::string>> Strings(Db& db, const std::string& sql, const std::string& bind) {
    auto s = db.Prepare(sql);
    if (!s) return s.error();
    if (!bind.empty()) s->Bind(1, bind);
    std::vector<std::string> out;
    while (s->Next())
        out.push_back(s->Text(0));
    if (!s->error().empty()) return Error::Make("seam.store.step", s->error());
    return out;
}

Result<std::vector<std::string>> Tables(Db& db) {
    return db.engine() == Engine::kPostgres
               ? Strings(db,
                         "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND "
                         "tablename <> 'schema_migrations' ORDER BY tablename",
                         "")
               : Strings(db,
                         "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
                         "");
}

// The tables `table`'s foreign keys name.
Result<std::vector<std::string>> Parents(Db& db, const std::string& table) {
    return db.engine() == Engine::kPostgres
               ? Strings(db,
                         "SELECT DISTINCT confrelid::regclass::text FROM pg_constraint WHERE "
                         "contype = 'f' AND conrelid = ?::regclass",
                         table)
               : Strings(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", table);
}

Result<std::vector<std::string>> Columns(Db& db, const std::string& table) {
    return db.engine() == Engine::kPostgres
               ? Strings(db,
                         "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                         "current_schema() AND table_name = ? ORDER BY ordinal_position",
                         table)
               : Strings(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table);
}

std::int64_t CountRows(Db& db, const std::string& quoted) {
    auto s = db.Prepare("SELECT COUNT(*) FROM " + quoted);
    return s && s->Next() ? s->Int(0) : -1;
}

}  // namespace

Result<std::vector<std::string>> TablesInOrder(Db& db) {
    auto tables = Tables(db);
    if (!tables) return tables.error();
    std::map<std::string, std::set<std::string>> parents;
    for (const std::string& t : *tables) {
        auto p = Parents(db, t);
        if (!p) return p.error();
        for (const std::string& parent : *p)
            if (parent != t) parents[t].insert(parent);  // a row naming its own table: by id
    }
    // Depth first, parents before children; the names' order breaks ties (same file twice).
    std::vector<std::string> order;
    std::set<std::string> done, visiting;
    std::function<bool(const std::string&)> visit = [&](const std::string& t) {
        if (done.count(t)) return true;
        if (!visiting.insert(t).second) return false;  // a cycle
        for (const std::string& p : parents[t])
            if (!visit(p)) return false;
        visiting.erase(t);
        done.insert(t);
        order.push_back(t);
        return true;
    };
    for (const std::string& t : *tables) {
        if (!visit(t)) {
            return Error::Make("seam.store.export", "foreign keys form a cycle through " + t);
        }
    }
    return order;
}

Result<TransferStats> Export(Db& db, std::ostream& out) {
    TransferStats stats;
    stats.schema_version = SchemaVersion(db);
    // One snapshot for every table (SQLite: a read transaction; PostgreSQL: REPEATABLE READ).
    auto begun =
        db.Exec(db.engine() == Engine::kPostgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                                 : "BEGIN");
    if (!begun) return begun.error();
    struct End {
        Db& db;
        ~End() { db.Exec("ROLLBACK"); }
    } end{db};

    auto tables = TablesInOrder(db);
    if (!tables) return tables.error();
    out << json({{"seam_export", 1},
                 {"schema_version", stats.schema_version},
                 {"engine", db.engine() == Engine::kPostgres ? "postgres" : "sqlite"},
                 {"tables", *tables}})
               .dump()
        << '\n';
    for (const std::string& table : *tables) {
        auto columns = Columns(db, table);
        if (!columns) return columns.error();
        auto quoted = Quoted(table);
        if (!quoted) return quoted.error();
        const std::int64_t count = CountRows(db, *quoted);
        out << json({{"table", table}, {"columns", *columns}, {"rows", count}}).dump() << '\n';
        std::string order;
        for (std::size_t i = 1; i <= columns->size(); ++i)
            order += (i > 1 ? ", " : "") + std::to_string(i);
        auto rows = db.Prepare("SELECT * FROM " + *quoted + " ORDER BY " + order);
        if (!rows) return rows.error();
        std::int64_t written = 0;
        while (rows->Next()) {
            json row = json::array();
            for (int c = 0; c < rows->Columns(); ++c) {
                switch (rows->Kind(c)) {
                    case ValueKind::kNull:
                        row.push_back(nullptr);
                        break;
                    case ValueKind::kInt:
                        row.push_back(rows->Int(c));
                        break;
                    case ValueKind::kReal:
                        row.push_back(rows->Real(c));
                        break;
                    case ValueKind::kText:
                        row.push_back(rows->Text(c));
                        break;
                }
            }
            out << json({{"row", std::move(row)}})
                       .dump(-1, ' ', false, json::error_handler_t::replace)
                << '\n';
            ++written;
        }
        if (!rows->error().empty()) return Error::Make("seam.store.step", rows->error());
        stats.rows += written;
        ++stats.tables;
    }
    out << json({{"end", true}, {"rows", stats.rows}}).dump() << '\n';
    out.flush();
    if (!out) return Error::Make("seam.store.export", "the export could not be written");
    return stats;
}

Result<TransferStats> Import(Db& db, std::istream& in) {
    TransferStats stats;
    std::string text;
    std::int64_t line = 0;
    auto next = [&](json& doc) -> Result<bool> {
        if (!std::getline(in, text)) return false;
        ++line;
        doc = json::parse(text, nullptr, false);
        if (!doc.is_object()) return ImportError(line, "not a JSON object");
        return true;
    };

    json header;
    auto got = next(header);
    if (!got) return got.error();
    if (!*got || !header.contains("seam_export")) {
        return ImportError(line, "not a Seam export (no {\"seam_export\": 1} first line)");
    }
    if (header["seam_export"] != 1)
        return ImportError(line, "an export format this seamd does not read");
    stats.schema_version = SchemaVersion(db);
    if (header.value("schema_version", -1) != stats.schema_version) {
        return ImportError(
            line, "the export is of schema " + std::to_string(header.value("schema_version", -1)) +
                      " and this store of schema " + std::to_string(stats.schema_version) +
                      ": migrate the older one first (seamd migrate)");
    }
    auto tables = Tables(db);
    if (!tables) return tables.error();
    const std::set<std::string> known(tables->begin(), tables->end());
    for (const std::string& t : *tables) {
        auto quoted = Quoted(t);
        if (!quoted) return quoted.error();
        if (CountRows(db, *quoted) != 0) {
            return ImportError(line, "table " + t + " already has rows: import into a new store");
        }
    }

    Transaction txn(db);
    if (!txn.ok()) return Error::Make("seam.store.import", "cannot begin a transaction");
    std::optional<Stmt> insert;
    std::string table;
    std::size_t width = 0;
    std::int64_t expected = 0, seen = 0;
    auto close_table = [&]() -> Result<bool> {
        if (!table.empty() && seen != expected) {
            return ImportError(line, "table " + table + ": " + std::to_string(seen) +
                                         " rows, the export says " + std::to_string(expected));
        }
        return true;
    };
    bool ended = false;
    json doc;
    while (true) {
        auto more = next(doc);
        if (!more) return more.error();
        if (!*more) break;
        if (ended) return ImportError(line, "lines after the end");
        if (const auto row = doc.find("row"); row != doc.end()) {
            if (!insert) return ImportError(line, "a row before its table");
            if (!row->is_array() || row->size() != width) {
                return ImportError(
                    line, "a row of " + table + " needs " + std::to_string(width) + " values");
            }
            insert->Reset();
            for (std::size_t i = 0; i < width; ++i) {
                const json& v = (*row)[i];
                const int at = static_cast<int>(i) + 1;
                if (v.is_null()) {
                    insert->BindNull(at);
                } else if (v.is_number_integer()) {
                    insert->Bind(at, v.get<std::int64_t>());
                } else if (v.is_number()) {
                    insert->Bind(at, v.get<double>());
                } else if (v.is_string()) {
                    insert->Bind(at, v.get_ref<const std::string&>());
                } else {
                    return ImportError(line, "a value that is not null, a number or a string");
                }
            }
            auto ran = insert->Run();
            if (!ran) {
                return Error::Make(ran.error().id, "line " + std::to_string(line) + " (" + table +
                                                       "): " + ran.error().message);
            }
            ++seen;
            ++stats.rows;
        } else if (doc.contains("table")) {
            auto closed = close_table();
            if (!closed) return closed.error();
            table = doc.value("table", "");
            if (!known.count(table)) {
                return ImportError(line, "table " + table + " is not in this store's schema");
            }
            const json columns = doc.value("columns", json::array());
            auto have = Columns(db, table);
            if (!have) return have.error();
            const std::set<std::string> has(have->begin(), have->end());
            std::string names, marks;
            for (const json& c : columns) {
                if (!c.is_string() || !has.count(c.get<std::string>())) {
                    return ImportError(line, "table " + table + " has no column " + c.dump());
                }
                auto quoted = Quoted(c.get<std::string>());
                if (!quoted) return quoted.error();
                names += (names.empty() ? "" : ", ") + *quoted;
                marks += marks.empty() ? "?" : ", ?";
            }
            if (columns.empty()) return ImportError(line, "table " + table + " has no columns");
            auto quoted = Quoted(table);
            if (!quoted) return quoted.error();
            auto prepared =
                db.Prepare("INSERT INTO " + *quoted + " (" + names + ") VALUES (" + marks + ")");
            if (!prepared) return prepared.error();
            insert = std::move(prepared.value());
            width = columns.size();
            expected = doc.value("rows", std::int64_t{-1});
            seen = 0;
            ++stats.tables;
        } else if (doc.value("end", false)) {
            auto closed = close_table();
            if (!closed) return closed.error();
            if (doc.value("rows", std::int64_t{-1}) != stats.rows) {
                return ImportError(line, "the export says " +
                                             std::to_string(doc.value("rows", std::int64_t{-1})) +
                                             " rows in all; it has " + std::to_string(stats.rows));
            }
            ended = true;
        } else {
            return ImportError(line, "neither a table, a row nor the end");
        }
    }
    if (!ended) return ImportError(line, "the export ends early (no {\"end\": true} line)");
    insert.reset();
    auto synced = SyncIdSequences(db);
    if (!synced) return synced.error();
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    return stats;
}

}  // namespace seam::store
