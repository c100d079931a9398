// native/server/admin.cpp — seamd migrate / export / import (see admin.hpp).
#include "server/admin.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/transfer.hpp"

namespace seam::server {

namespace {

const char* const kUsage =
    "usage: seamd migrate [--database LOC]\n"
    "       seamd export  [--database LOC] [--to FILE]\n"
    "       seamd import  --database LOC [--from FILE]\n"
    "LOC: postgres://user@host:port/db, sqlite:DIR or DIR (DIR/seam.db); default SEAM_DATABASE,\n"
    "else SEAM_DATA, else seam-data. export writes to stdout without --to; import reads stdin\n"
    "without --from.\n";

std::string EnvValue(const std::vector<std::string>& env, const std::string& name) {
    for (const std::string& e : env)
        if (e.rfind(name + "=", 0) == 0) return e.substr(name.size() + 1);
    return "";
}

int Fail(const Error& e) {
    std::fprintf(stderr, "seamd: %s\n", e.message.c_str());
    return 1;
}

}  // namespace

bool IsAdminCommand(const std::vector<std::string>& args) {
    return !args.empty() && (args[0] == "migrate" || args[0] == "export" || args[0] == "import");
}

std::string StoreLocation(const std::string& loc) {
    if (store::Db::IsPostgresUrl(loc)) return loc;
    const std::string dir = loc.rfind("sqlite:", 0) == 0 ? loc.substr(7) : loc;
    return (std::filesystem::path(dir) / "seam.db").string();
}

int RunAdminCommand(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    const std::string command = args[0];
    std::string database, to, from;
    bool database_given = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        bool ok = false;
        if (a == "--database") {
            ok = value(database);
            database_given = true;
        } else if (a == "--to" && command == "export") {
            ok = value(to);
        } else if (a == "--from" && command == "import") {
            ok = value(from);
        } else if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            return 0;
        }
        if (!ok) {
            std::fprintf(stderr, "seamd %s: unknown or incomplete option %s\n%s", command.c_str(),
                         a.c_str(), kUsage);
            return 2;
        }
    }
    if (!database_given) {
        database = EnvValue(env, "SEAM_DATABASE");
        if (database.empty()) database = EnvValue(env, "SEAM_DATA");
        if (database.empty()) database = "seam-data";
    }
    if (command == "import" && !database_given && EnvValue(env, "SEAM_DATABASE").empty()) {
        std::fprintf(stderr, "seamd import: name the new store with --database\n%s", kUsage);
        return 2;
    }
    const std::string location = StoreLocation(database);
    if (!store::Db::IsPostgresUrl(location)) {
        // An export reads an existing store; it never creates an empty one by mistake.
        std::error_code ec;
        if (command == "export" && !std::filesystem::exists(location, ec)) {
            std::fprintf(stderr, "seamd export: no store at %s\n", location.c_str());
            return 1;
        }
        std::filesystem::create_directories(std::filesystem::path(location).parent_path(), ec);
    }
    auto db = store::Db::Open(location);
    if (!db) return Fail(db.error());

    if (command == "migrate" || command == "import") {
        const int before = store::SchemaVersion(**db);
        auto version = store::Migrate(**db);
        if (!version) return Fail(version.error());
        if (command == "migrate") {
            std::printf("seamd migrate: schema %d -> %d (%s)\n", before, *version,
                        before == *version ? "nothing to apply" : "applied");
            return 0;
        }
    }
    if (command == "export") {
        std::ofstream file;
        if (!to.empty() && to != "-") {
            file.open(to, std::ios::binary | std::ios::trunc);
            if (!file) {
                std::fprintf(stderr, "seamd export: cannot write %s\n", to.c_str());
                return 1;
            }
            // An export holds what the store holds (customers, the server secret): owner only.
            std::error_code ec;
            std::filesystem::permissions(
                to, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                std::filesystem::perm_options::replace, ec);
        }
        std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
        auto stats = store::Export(**db, out);
        if (!stats) return Fail(stats.error());
        std::fprintf(stderr, "seamd export: schema %d, %lld tables, %lld rows\n",
                     stats->schema_version, static_cast<long long>(stats->tables),
                     static_cast<long long>(stats->rows));
        return 0;
    }
    std::ifstream file;
    if (!from.empty() && from != "-") {
        file.open(from, std::ios::binary);
        if (!file) {
            std::fprintf(stderr, "seamd import: cannot read %s\n", from.c_str());
            return 1;
        }
    }
    std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
    auto stats = store::Import(**db, in);
    if (!stats) return Fail(stats.error());
    std::printf("seamd import: schema %d, %lld tables, %lld rows\n", stats->schema_version,
                static_cast<long long>(stats->tables), static_cast<long long>(stats->rows));
    return 0;
}

}  // namespace seam::server
