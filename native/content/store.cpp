// native/content/store.cpp — content versions in SQLite (see store.hpp).
#include "content/store.hpp"

#include <algorithm>
#include <ctime>

#include "identity/sha256.hpp"

namespace seam::content_store {

using nlohmann::json;

std::string IsoUtc(std::int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

namespace {

Release ReadRelease(const store::Stmt& s) {
    Release r;
    r.version = static_cast<int>(s.Int(0));
    r.at = s.Int(1);
    r.author = s.Text(2);
    r.action = s.Text(3);
    r.note = s.Text(4);
    r.rolled_back_to = s.IsNull(5) ? 0 : static_cast<int>(s.Int(5));
    const json paths = json::parse(s.Text(6), nullptr, false);
    if (paths.is_array()) {
        for (const json& p : paths)
            if (p.is_string()) r.paths.push_back(p.get<std::string>());
    }
    return r;
}

constexpr const char* kReleaseColumns =
    "SELECT version, at, author, action, note, rolled_back_to, paths FROM content_releases ";

}  // namespace

json Release::ToJson() const {
    return {{"version", version},
            {"at", IsoUtc(at)},
            {"author", author},
            {"action", action},
            {"note", note},
            {"rolled_back_to", rolled_back_to ? json(rolled_back_to) : json(nullptr)},
            {"paths", paths}};
}

json Draft::ToJson(bool with_text) const {
    json j = {{"path", path},
              {"author", author},
              {"removes", !text.has_value()},
              {"base_revision", base_revision},
              {"updated_at", IsoUtc(updated_at)}};
    if (with_text) j["text"] = text ? json(*text) : json(nullptr);
    return j;
}

std::string ShaOf(const std::string& text) {
    return identity::Sha256Hex(text);
}

int CurrentVersion(store::Db& db) {
    auto& s = db.Cached("SELECT COALESCE(MAX(version), 0) FROM content_releases");
    const int v = s.Next() ? static_cast<int>(s.Int(0)) : 0;
    s.Reset();
    return v;
}

Result<Release> ReleaseAt(store::Db& db, int version) {
    auto s = db.Prepare(std::string(kReleaseColumns) + "WHERE version = ?");
    if (!s) return s.error();
    s->Bind(1, version);
    if (!s->Next()) {
        return Error::Make("seam.content.no_version",
                           "there is no published version " + std::to_string(version));
    }
    return ReadRelease(*s);
}

std::vector<Release> History(store::Db& db, int limit) {
    std::vector<Release> out;
    auto s = db.Prepare(std::string(kReleaseColumns) + "ORDER BY version DESC LIMIT ?");
    if (!s) return out;
    s->Bind(1, limit);
    while (s->Next())
        out.push_back(ReadRelease(*s));
    return out;
}

Result<std::map<std::string, FileRow>> FilesOf(store::Db& db, int version) {
    auto exists = ReleaseAt(db, version);
    if (!exists) return exists.error();
    std::map<std::string, FileRow> out;
    auto& s = db.Cached(
        "SELECT path, sha, changed_in FROM content_release_files WHERE version = ? ORDER BY path");
    s.Bind(1, version);
    while (s.Next())
        out[s.Text(0)] = {s.Text(1), static_cast<int>(s.Int(2))};
    const std::string failed = s.error();
    s.Reset();
    if (!failed.empty()) return Error::Make("seam.store.read", failed);
    return out;
}

Result<content::Files> TextsOf(store::Db& db, int version) {
    auto exists = ReleaseAt(db, version);
    if (!exists) return exists.error();
    content::Files out;
    auto& s = db.Cached(
        "SELECT f.path, b.text FROM content_release_files f JOIN content_blobs b ON b.sha = f.sha "
        "WHERE f.version = ?");
    s.Bind(1, version);
    while (s.Next())
        out[s.Text(0)] = s.Text(1);
    const std::string failed = s.error();
    s.Reset();
    if (!failed.empty()) return Error::Make("seam.store.read", failed);
    return out;
}

Result<int> Write(store::Db& db, int base, const content::Files& files, Release& release) {
    std::map<std::string, FileRow> before;
    if (base) {
        auto rows = FilesOf(db, base);
        if (!rows) return rows.error();
        before = std::move(rows.value());
    }
    const int version = CurrentVersion(db) + 1;
    release.version = version;
    release.paths.clear();
    std::map<std::string, FileRow> after;
    for (const auto& [path, text] : files) {
        const std::string sha = ShaOf(text);
        auto was = before.find(path);
        if (was != before.end() && was->second.sha == sha) {
            after[path] = was->second;
            continue;
        }
        after[path] = {sha, version};
        release.paths.push_back(path);
        auto& blob = db.Cached("INSERT OR IGNORE INTO content_blobs(sha, text) VALUES (?, ?)");
        auto put = blob.Bind(1, sha).Bind(2, text).Run();
        if (!put) return put.error();
    }
    for (const auto& [path, row] : before)
        if (!after.count(path)) release.paths.push_back(path);
    std::sort(release.paths.begin(), release.paths.end());
    auto& head = db.Cached(
        "INSERT INTO content_releases(version, at, author, action, note, rolled_back_to, paths) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    head.Bind(1, version)
        .Bind(2, release.at)
        .Bind(3, release.author)
        .Bind(4, release.action)
        .Bind(5, release.note)
        .Bind(7, json(release.paths).dump());
    if (release.rolled_back_to) {
        head.Bind(6, release.rolled_back_to);
    } else {
        head.BindNull(6);
    }
    auto wrote = head.Run();
    if (!wrote) return wrote.error();
    for (const auto& [path, row] : after) {
        auto& file = db.Cached(
            "INSERT INTO content_release_files(version, path, sha, changed_in) VALUES (?, ?, ?, "
            "?)");
        auto put =
            file.Bind(1, version).Bind(2, path).Bind(3, row.sha).Bind(4, row.changed_in).Run();
        if (!put) return put.error();
    }
    return version;
}

Result<bool> SaveDraft(store::Db& db, const Draft& draft) {
    auto& s = db.Cached(
        "INSERT INTO content_drafts(path, author, text, base_revision, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(path, author) DO UPDATE SET text = excluded.text, "
        "base_revision = excluded.base_revision, updated_at = excluded.updated_at");
    return s.Bind(1, draft.path)
        .Bind(2, draft.author)
        .Bind(3, draft.text)
        .Bind(4, draft.base_revision)
        .Bind(5, draft.updated_at)
        .Run();
}

Result<bool> DiscardDraft(store::Db& db, const std::string& path, const std::string& author) {
    auto s =
        db.Prepare(author.empty() ? "DELETE FROM content_drafts WHERE path = ?"
                                  : "DELETE FROM content_drafts WHERE path = ? AND author = ?");
    if (!s) return s.error();
    s->Bind(1, path);
    if (!author.empty()) s->Bind(2, author);
    auto ran = s->Run();
    if (!ran) return ran.error();
    return db.Changes() > 0;
}

std::vector<Draft> Drafts(store::Db& db) {
    std::vector<Draft> out;
    auto s = db.Prepare(
        "SELECT path, author, text, base_revision, updated_at FROM content_drafts "
        "ORDER BY path, author");
    if (!s) return out;
    while (s->Next()) {
        Draft d;
        d.path = s->Text(0);
        d.author = s->Text(1);
        if (!s->IsNull(2)) d.text = s->Text(2);
        d.base_revision = static_cast<int>(s->Int(3));
        d.updated_at = s->Int(4);
        out.push_back(std::move(d));
    }
    return out;
}

std::map<std::string, std::string> DiskShas(store::Db& db) {
    std::map<std::string, std::string> out;
    auto s = db.Prepare("SELECT path, sha FROM content_disk");
    if (!s) return out;
    while (s->Next())
        out[s->Text(0)] = s->Text(1);
    return out;
}

Result<bool> SetDiskShas(store::Db& db, const std::map<std::string, std::string>& shas) {
    auto cleared = db.Exec("DELETE FROM content_disk");
    if (!cleared) return cleared.error();
    for (const auto& [path, sha] : shas) {
        auto& s = db.Cached("INSERT INTO content_disk(path, sha) VALUES (?, ?)");
        auto put = s.Bind(1, path).Bind(2, sha).Run();
        if (!put) return put.error();
    }
    return true;
}

}  // namespace seam::content_store
