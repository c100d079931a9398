// native/cli/cmd_content.cpp — `seam export DIR` and `seam import DIR`: the published content
// (flows and their saved tests, articles, triggers, saved replies) as the same files as assets/,
// read from and published to a running seamd, so a team can also keep them in git.
//
//   seam export DIR [--server URL] [--login NAME] [--version N]
//   seam import DIR [--server URL] [--login NAME] [--note TEXT]
//
// The agent's secret comes from SEAM_AGENT_SECRET (never the command line: it would show in
// `ps` and the shell's history). Import is an admin's publish: seamd checks the whole set and
// runs the saved tests first, and answers what it refused.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "assets/assets.hpp"
#include "cli/commands.hpp"
#include "cli/live_client.hpp"
#include "seam/content/files.hpp"

namespace seam::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ContentOptions {
    std::string dir;
    std::string server = "http://127.0.0.1:8080";
    std::string login = "admin";
    std::string note;
    int version = 0;
    bool force = false;
};

// Written by export next to the files: the version they are, so that import can tell a file
// published since from one changed here (not a content path: import ignores it).
constexpr const char* kManifest = ".seam-export.json";

int Usage(const char* command) {
    std::fprintf(stderr,
                 "usage: seam %s DIR [--server URL] [--login NAME]%s\n"
                 "  --server URL   the seamd to talk to (default http://127.0.0.1:8080)\n"
                 "  --login NAME   the agent to sign in as (default admin); the secret is read\n"
                 "                 from SEAM_AGENT_SECRET\n"
                 "%s",
                 command,
                 std::string(command) == "export" ? " [--version N]" : " [--note TEXT] [--force]",
                 std::string(command) == "export"
                     ? "  --version N    a published version (default: the current one)\n"
                       "Writes the content files under DIR (flows/, kb/, proactive/, replies/),\n"
                       "removing content files there that the version does not hold.\n"
                     : "  --note TEXT    the version's note (default \"seam import\")\n"
                       "  --force        publish even over files published after DIR's export\n"
                       "Publishes the content files under DIR as the whole set: files the\n"
                       "current version holds and DIR lacks are removed. Admins only. A file\n"
                       "published after the version DIR was exported from (DIR/.seam-export.json)\n"
                       "is a conflict: export again, or --force.\n");
    return 2;
}

bool ParseOptions(const char* command, const Args& args, ContentOptions& o) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        std::string number;
        if (a == "--server") {
            if (!value(o.server)) return false;
        } else if (a == "--login") {
            if (!value(o.login)) return false;
        } else if (a == "--note" && std::string(command) == "import") {
            if (!value(o.note)) return false;
        } else if (a == "--force" && std::string(command) == "import") {
            o.force = true;
        } else if (a == "--version" && std::string(command) == "export") {
            if (!value(number)) return false;
            o.version = std::atoi(number.c_str());
            if (o.version < 1) return false;
        } else if (!a.empty() && a[0] != '-' && o.dir.empty()) {
            o.dir = a;
        } else {
            return false;
        }
    }
    return !o.dir.empty();
}

//! Signs in; "" (and a message printed) when it failed.
std::string SignIn(LiveClient& client, const ContentOptions& o) {
    const char* secret = std::getenv("SEAM_AGENT_SECRET");
    if (!secret || !*secret) {
        std::fprintf(stderr, "seam: set SEAM_AGENT_SECRET to the secret of agent '%s'\n",
                     o.login.c_str());
        return "";
    }
    auto r = client.Post("/v1/agents/login", {{"login", o.login}, {"secret", secret}}, "");
    if (!r || !(*r).contains("token") || !(*r)["token"].is_string()) {
        std::fprintf(stderr, "seam: cannot sign in as %s at %s: %s\n", o.login.c_str(),
                     o.server.c_str(), r ? "no token in the answer" : r.error().message.c_str());
        return "";
    }
    return (*r)["token"].get<std::string>();
}

void PrintRefusal(const LiveClient& client) {
    const json& body = client.last_error_body();
    if (!body.is_object()) return;
    if (body.contains("problems") && body["problems"].is_array()) {
        for (const json& p : body["problems"]) {
            std::fprintf(stderr, "  %s#%s: [%s] %s\n", p.value("file", "").c_str(),
                         p.value("pointer", "").c_str(), p.value("id", "").c_str(),
                         p.value("message", "").c_str());
        }
    }
    if (body.contains("tests") && body["tests"].is_array()) {
        for (const json& t : body["tests"]) {
            if (t.value("passed", false)) continue;
            std::fprintf(stderr, "  test %s failed:\n%s\n", t.value("path", "").c_str(),
                         t.value("report", "").c_str());
        }
    }
}

}  // namespace

int CmdExport(const Args& args) {
    ContentOptions o;
    if (!ParseOptions("export", args, o)) return Usage("export");
    LiveClient client(o.server);
    const std::string token = SignIn(client, o);
    if (token.empty()) return 1;
    const std::string path =
        "/v1/content/export" + (o.version ? "?version=" + std::to_string(o.version) : "");
    auto r = client.Get(path, token);
    if (!r) {
        std::fprintf(stderr, "seam: %s\n", r.error().message.c_str());
        return 1;
    }
    if (!(*r).contains("files") || !(*r)["files"].is_object()) {
        std::fprintf(stderr, "seam: the answer holds no files\n");
        return 1;
    }
    content::Files files;
    for (auto it = (*r)["files"].begin(); it != (*r)["files"].end(); ++it) {
        content::Kind kind;
        std::string why;
        // Only content paths are written: a path from the server never leaves DIR.
        if (!content::KindOf(it.key(), kind, &why) || !it.value().is_string()) {
            std::fprintf(stderr, "seam: skipping %s (%s)\n", it.key().c_str(), why.c_str());
            continue;
        }
        files[it.key()] = it.value().get<std::string>();
    }
    if (files.empty()) {  // a wrong server or an empty store: never prune a tree for it
        std::fprintf(stderr, "seam: version %d holds no content files; nothing written\n",
                     (*r).value("version", 0));
        return 1;
    }
    int removed = 0;
    for (const auto& [old_path, text] : content::Select(assets::ReadTree(o.dir))) {
        if (files.count(old_path)) continue;
        std::error_code ec;
        if (fs::remove(fs::path(o.dir) / old_path, ec)) ++removed;
    }
    for (const auto& [rel, text] : files) {
        const fs::path target = fs::path(o.dir) / rel;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
            std::fprintf(stderr, "seam: cannot write %s\n", target.string().c_str());
            return 1;
        }
    }
    {
        std::ofstream manifest(fs::path(o.dir) / kManifest, std::ios::trunc);
        manifest << json{{"server", o.server}, {"version", (*r).value("version", 0)}}.dump(2)
                 << "\n";
    }
    std::printf("exported version %d: %zu files to %s (%d removed)\n", (*r).value("version", 0),
                files.size(), o.dir.c_str(), removed);
    return 0;
}

int CmdImport(const Args& args) {
    ContentOptions o;
    if (!ParseOptions("import", args, o)) return Usage("import");
    const content::Files files = content::Select(assets::ReadTree(o.dir));
    if (files.empty()) {
        std::fprintf(stderr,
                     "seam: no content files under %s (flows/, kb/, proactive/, replies/)\n",
                     o.dir.c_str());
        return 1;
    }
    LiveClient client(o.server);
    const std::string token = SignIn(client, o);
    if (token.empty()) return 1;
    json body = {{"files", files}, {"note", o.note.empty() ? "seam import" : o.note}};
    std::string manifest_text;
    if (!o.force && assets::ReadWholeFile((fs::path(o.dir) / kManifest).string(), manifest_text)) {
        const json manifest = json::parse(manifest_text, nullptr, false);
        if (manifest.is_object() && manifest.value("version", 0) > 0) {
            body["base_version"] = manifest.value("version", 0);
        }
    }
    auto r = client.Post("/v1/content/import", body, token);
    const json& refused = client.last_error_body();
    if (!r && refused.is_object() &&
        refused["error"].value("code", "") == "seam.content.unchanged") {
        std::printf("nothing to publish: the files are what the current version holds\n");
        return 0;
    }
    if (!r) {
        std::fprintf(stderr, "seam: %s\n", r.error().message.c_str());
        PrintRefusal(client);
        return 1;
    }
    // The tree is now that version: the next import's conflicts are counted from it.
    std::ofstream(fs::path(o.dir) / kManifest, std::ios::trunc)
        << json{{"server", o.server}, {"version", (*r).value("version", 0)}}.dump(2) << "\n";
    std::printf("published version %d: %zu files changed\n", (*r).value("version", 0),
                (*r).contains("paths") ? (*r)["paths"].size() : 0);
    return 0;
}

}  // namespace seam::cli
