// native/content/store.hpp — the published versions of the content (seam/content/files.hpp) in
// seamd's store (migration 9): each version is a row of content_releases and its files, whose
// texts are kept once by SHA-256 (content_blobs); drafts per file and author; what assets/ on
// disk held at the last start. SQL only: the rules (conflicts, checks, tests) are the service's
// (native/service/content.cpp). Callers hold the service's lock and a transaction for writes.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "seam/content/files.hpp"
#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::content_store {

struct Release {
    int version = 0;
    std::int64_t at = 0;  //!< ms since the epoch
    std::string author, action, note;
    int rolled_back_to = 0;
    std::vector<std::string> paths;  //!< the files it changed
    nlohmann::json ToJson() const;   //!< {"version", "at" (ISO), "author", "action", "note",
                                     //!<  "rolled_back_to" (null when 0), "paths"}
};

//! One file of a version.
struct FileRow {
    std::string sha;
    int changed_in = 0;  //!< the version that last changed it: its revision (ETag)
};

//! The newest version; 0 when nothing was ever published.
int CurrentVersion(store::Db& db);
Result<Release> ReleaseAt(store::Db& db, int version);
//! Newest first, at most `limit`.
std::vector<Release> History(store::Db& db, int limit);
//! The files of `version`: path -> (sha, revision). Errors: seam.content.no_version.
Result<std::map<std::string, FileRow>> FilesOf(store::Db& db, int version);
//! The texts of `version`'s files. Errors: seam.content.no_version.
Result<content::Files> TextsOf(store::Db& db, int version);

//! A new version over `base` (0 = none): `files` is the whole new set. Files whose text differs
//! from the base's (or that are new) get the new version as their revision; `release.paths` is
//! filled with what changed (added, changed, removed). Answers the new version. Errors:
//! seam.store.*.
Result<int> Write(store::Db& db, int base, const content::Files& files, Release& release);

// Drafts
struct Draft {
    std::string path, author;
    std::optional<std::string> text;  //!< nullopt: the draft removes the file
    int base_revision = 0;
    std::int64_t updated_at = 0;
    nlohmann::json ToJson(bool with_text) const;
};
Result<bool> SaveDraft(store::Db& db, const Draft& draft);
//! Removes `author`'s draft of `path` ("" author: everyone's). True when one was removed.
Result<bool> DiscardDraft(store::Db& db, const std::string& path, const std::string& author);
std::vector<Draft> Drafts(store::Db& db);

// assets/ on disk at the last start
std::map<std::string, std::string> DiskShas(store::Db& db);  //!< path -> sha
Result<bool> SetDiskShas(store::Db& db, const std::map<std::string, std::string>& shas);

//! "2026-12-07T05:09:29Z" for milliseconds since the epoch.
std::string IsoUtc(std::int64_t ms);

//! SHA-256 (hex) of a file's text: how blobs are named.
std::string ShaOf(const std::string& text);

}  // namespace seam::content_store
