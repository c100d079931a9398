// native/service/content.cpp — publishing the content (flows and their saved tests, articles,
// triggers, saved replies) as versions, without a restart (see service.hpp and native/README.md
// "Content publishing").
//
//   changes ─► conflict check (each base revision vs the file's current one) ─► the new set
//           ─► CheckContent (as `seam check`) ─► the version's assistant built (as at start)
//           ─► the saved tests of each changed flow ─► one transaction: the version, its files,
//              an audit row, the publisher's drafts gone ─► the library serves it
//
// The checks and the build (training the intent model, about a second) run without the store's
// lock; the write takes it and publishes only over the version the checks read, else it checks
// again over the newer one (whose conflicts then show).
#include <algorithm>
#include <cstdio>
#include <set>

#include "seam/content/check.hpp"
#include "seam/content/diff.hpp"
#include "seam/core/json_read.hpp"
#include "seam/core/json_text.hpp"
#include "service/service.hpp"

namespace seam::service {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxNoteBytes = 2000;
constexpr std::int64_t kMaxDraftsPerAuthor = 500;

std::string ActionsOf(const content::Files& tree) {
    auto it = tree.find("flows/actions.json");
    return it == tree.end() ? std::string() : it->second;
}

std::vector<std::string> ChangedPaths(const content::Files& before, const content::Files& after) {
    std::vector<std::string> out;
    for (const auto& [path, text] : after) {
        auto was = before.find(path);
        if (was == before.end() || was->second != text) out.push_back(path);
    }
    for (const auto& [path, text] : before)
        if (!after.count(path)) out.push_back(path);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

// [SECTION] Start

Result<std::string> Service::StartContent(const content::Files& tree,
                                          content_store::Library::Builder build) {
    const content::Files disk = content::Select(tree);
    content_actions_ = ActionsOf(tree);
    std::map<std::string, std::string> disk_shas;
    for (const auto& [path, text] : disk)
        disk_shas[path] = content_store::ShaOf(text);

    std::string notes;
    int current = 0;
    content::Files files;
    std::vector<std::string> changed;
    bool disk_moved = false;
    {
        auto guard = lock();
        current = content_store::CurrentVersion(*db_);
        if (current) {
            auto rows = content_store::FilesOf(*db_, current);
            if (!rows) return rows.error();
            auto texts = content_store::TextsOf(*db_, current);
            if (!texts) return texts.error();
            files = std::move(texts.value());
            // A file changed on disk since the last start goes over the current version, but
            // only when nobody published it since (three-way: disk then, disk now, published):
            // an upgrade's or a git pull's file never silently replaces an admin's publish.
            const auto recorded = content_store::DiskShas(*db_);
            std::set<std::string> paths;
            for (const auto& [path, sha] : disk_shas)
                paths.insert(path);
            for (const auto& [path, sha] : recorded)
                paths.insert(path);
            for (const std::string& path : paths) {
                auto on_disk = disk_shas.find(path);
                auto before = recorded.find(path);
                const std::string now_sha = on_disk == disk_shas.end() ? "" : on_disk->second;
                const std::string then_sha = before == recorded.end() ? "" : before->second;
                if (now_sha == then_sha) continue;
                disk_moved = true;
                auto row = rows->find(path);
                const std::string published = row == rows->end() ? "" : row->second.sha;
                if (published == now_sha) continue;  // already what the disk says
                if (published != then_sha) {
                    notes += "content: assets/" + path + " changed on disk, but version " +
                             std::to_string(row->second.changed_in) +
                             " published another text since; the published one stays (`seam "
                             "export` shows it)\n";
                    continue;
                }
                if (on_disk == disk_shas.end()) {
                    files.erase(path);
                } else {
                    files[path] = disk.at(path);
                }
                changed.push_back(path);
            }
        } else {
            files = disk;
        }
    }
    content_store::AssistantPtr assistant;
    if (files == disk) {
        assistant = base_assistant_;  // loaded from assets/ before the service was made
    } else {
        std::vector<flow::Diagnostic> problems;
        content::CheckContent(files, content_actions_, problems);
        auto built = problems.empty() ? build(files, problems)
                                      : Result<content_store::AssistantPtr>(Error::Make(
                                            "seam.content.invalid", "see the problems"));
        if (!built || !problems.empty()) {
            std::string list;
            for (const flow::Diagnostic& d : problems)
                list += "\n  " + d.ToString();
            if (!built && problems.empty()) list = "\n  " + built.error().message;
            return Error::Make(
                "seam.content.invalid",
                "the published content (version " + std::to_string(current) +
                    (changed.empty() ? std::string() : " with the files changed in assets/") +
                    ") does not load:" + list);
        }
        assistant = std::move(built.value());
    }
    auto guard = lock();
    if (!current || !changed.empty() || disk_moved) {
        store::Transaction txn(*db_);
        if (!txn.ok()) return Error::Make("seam.store.busy", "cannot begin a transaction");
        if (!current || !changed.empty()) {
            content_store::Release release;
            release.at = Now();
            release.author = "assets";
            release.action = current ? "assets" : "seed";
            release.note = current ? "files changed in assets/ since the last start"
                                   : "assets/ at the first start";
            auto written = content_store::Write(*db_, current, files, release);
            if (!written) return written.error();
            auto& audit = db_->Cached(
                "INSERT INTO audit(at, actor, action, target, params, decision, outcome, result) "
                "VALUES (?, 'assets', ?, ?, ?, '{}', 'ok', ?)");
            auto audited =
                audit.Bind(1, release.at)
                    .Bind(2, "content." + release.action)
                    .Bind(3, "v" + std::to_string(*written))
                    .Bind(4, seam::DumpJson({{"note", release.note}, {"paths", release.paths}}))
                    .Bind(5, seam::DumpJson({{"version", *written}}))
                    .Run();
            if (!audited) return audited.error();
            notes += "content: version " + std::to_string(*written) + " published from assets/ (" +
                     std::to_string(release.paths.size()) + " files)\n";
            current = *written;
        }
        auto kept = content_store::SetDiskShas(*db_, disk_shas);
        if (!kept) return kept.error();
        auto committed = txn.Commit();
        if (!committed) return committed.error();
    }
    library_ = std::make_shared<content_store::Library>(assistant, current, std::move(build));
    return notes + "content version " + std::to_string(current) + "\n";
}

// [SECTION] Pinning

Result<std::shared_ptr<const content::Files>> Service::TextsLocked(int version) {
    auto hit = texts_.find(version);
    if (hit != texts_.end()) return hit->second;
    auto texts = content_store::TextsOf(*db_, version);
    if (!texts) return texts.error();
    auto kept = std::make_shared<const content::Files>(std::move(texts.value()));
    if (texts_.size() >= 4) texts_.erase(texts_.begin());  // the oldest version first
    texts_[version] = kept;
    return kept;
}

Service::Pinned Service::PinFor(const json& state, bool locked) {
    auto [version, current] = library_->Current();
    const json* context = json_read::Find(state, "context");
    const json* pinned = context ? json_read::Find(*context, "content_version") : nullptr;
    const json* flow = json_read::Find(state, "flow");
    const json* suspended = json_read::Find(state, "suspended");
    const bool in_flow =
        (flow && flow->is_string()) || (suspended && suspended->is_array() && !suspended->empty());
    if (!in_flow || !pinned || !pinned->is_number_integer()) return {version, current};
    const int want = pinned->get<int>();
    if (want == version || want <= 0) return {version, current};
    if (auto loaded = library_->Loaded(want)) return {want, loaded};
    // One build at a time (concurrent turns of cases on the same old version wait for it), and
    // a version that does not load any more is tried once: its cases continue on the current.
    std::unique_lock<std::mutex> building(build_mutex_);
    if (auto loaded = library_->Loaded(want)) return {want, loaded};
    if (unbuildable_.count(want)) return {version, current};
    std::shared_ptr<const content::Files> files;
    {
        std::unique_lock<std::mutex> guard;
        if (!locked) guard = lock();
        auto texts = TextsLocked(want);
        if (texts) files = *texts;
    }
    std::vector<flow::Diagnostic> problems;
    auto built = files ? library_->Build(*files, problems)
                       : Result<content_store::AssistantPtr>(
                             Error::Make("seam.content.no_version", "not in this store"));
    if (!built) {
        unbuildable_.insert(want);
        std::fprintf(stderr,
                     "{\"level\":\"warn\",\"what\":\"content version %d does not load any more "
                     "(%s); its conversations continue on version %d\"}\n",
                     want, built.error().message.c_str(), version);
        return {version, current};
    }
    library_->Install(want, *built, false);
    return {want, *built};
}

void Service::FollowContent() {
    if (!library_->can_build()) return;
    int version = 0;
    std::shared_ptr<const content::Files> files;
    {
        auto guard = lock();
        version = content_store::CurrentVersion(*db_);
        if (version <= library_->current_version()) return;
        auto texts = TextsLocked(version);
        if (!texts) return;
        files = *texts;
    }
    std::unique_lock<std::mutex> building(build_mutex_);  // one build at a time (PinFor)
    if (version <= library_->current_version()) return;
    std::vector<flow::Diagnostic> problems;
    auto built = library_->Build(*files, problems);
    if (!built) {
        std::fprintf(stderr,
                     "{\"level\":\"error\",\"what\":\"content version %d, published by another "
                     "node, does not load here (%s); serving version %d\"}\n",
                     version, built.error().message.c_str(), library_->current_version());
        return;
    }
    library_->Install(version, *built, true);
}

int Service::ContentVersionOf(const json& state) {
    return PinFor(state).version;
}

// [SECTION] Publishing

Result<json> Service::PublishContent(const std::vector<ContentChange>& changes,
                                     const std::string& note, const std::string& actor,
                                     PublishDetail& detail, const std::string& action,
                                     int rolled_back_to) {
    PublishRequest request;
    request.changes = changes;
    request.note = note;
    request.actor = actor;
    request.action = action;
    request.rolled_back_to = rolled_back_to;
    return Publish(request, detail);
}

Result<json> Service::Publish(const PublishRequest& request, PublishDetail& detail) {
    if (!library_->can_build()) {
        return Error::Make("seam.content.disabled",
                           "this seamd runs without content publishing (no assets directory)");
    }
    if (!request.whole && request.changes.empty()) {
        return Error::Make("seam.content.empty", "nothing to publish");
    }
    if (request.note.size() > kMaxNoteBytes) {
        return Error::Make("seam.content.bad_note", "a note can be at most 2000 bytes");
    }
    std::set<std::string> seen;
    for (const ContentChange& c : request.changes) {
        std::string why;
        content::Kind kind;
        if (!content::KindOf(c.path, kind, &why)) {
            return Error::Make("seam.content.bad_path", c.path + ": " + why);
        }
        if (!seen.insert(c.path).second) {
            return Error::Make("seam.content.bad_path", c.path + " is changed twice");
        }
        if (c.text && c.text->size() > content::kMaxFileBytes) {
            return Error::Make("seam.content.too_large",
                               c.path + " is larger than " +
                                   std::to_string(content::kMaxFileBytes / 1024) + " KB");
        }
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        int base = 0;
        content::Files before, after;
        {
            auto guard = lock();
            base = content_store::CurrentVersion(*db_);
            auto rows = content_store::FilesOf(*db_, base);
            if (!rows) return rows.error();
            auto texts = TextsLocked(base);
            if (!texts) return texts.error();
            before = **texts;
            // The conflict of `path`: changed after `revision_seen` (its author, note, time).
            auto conflict = [&](const std::string& path, int seen_revision) -> Error {
                auto row = rows->find(path);
                const int revision = row == rows->end() ? 0 : row->second.changed_in;
                json current = {{"path", path}, {"revision", revision}, {"version", base}};
                std::string who = "someone";
                // A removed file: the release that removed it (the first one after what the
                // writer saw that no longer holds it), else the current one.
                int by = revision ? revision : base;
                for (int v = seen_revision + 1; !revision && v < base; ++v) {
                    auto files = content_store::FilesOf(*db_, v);
                    if (files && !files->count(path)) {
                        by = v;
                        break;
                    }
                }
                if (auto r = content_store::ReleaseAt(*db_, by)) {
                    const json j = r->ToJson();
                    current["author"] = j["author"];
                    current["at"] = j["at"];
                    current["note"] = revision ? j["note"] : json("the file was removed");
                    who = r->author;
                }
                detail.conflict = current;
                return Error::Make("seam.content.conflict",
                                   path + " changed after version " +
                                       std::to_string(seen_revision) +
                                       " (what your change was made on): " + who + "'s version " +
                                       std::to_string(revision) +
                                       " was published first; load it, then apply your change "
                                       "again");
            };
            if (request.whole) {
                after = request.whole(before);
                if (request.whole_base > 0) {
                    for (const std::string& path : ChangedPaths(before, after)) {
                        auto row = rows->find(path);
                        const int revision = row == rows->end() ? 0 : row->second.changed_in;
                        if (revision > request.whole_base) {
                            return conflict(path, request.whole_base);
                        }
                    }
                }
            } else {
                after = before;
                for (const ContentChange& c : request.changes) {
                    auto row = rows->find(c.path);
                    const int revision = row == rows->end() ? 0 : row->second.changed_in;
                    if (c.base_revision >= 0 && c.base_revision != revision) {
                        return conflict(c.path, c.base_revision);
                    }
                    if (c.text) {
                        after[c.path] = *c.text;
                    } else if (!after.erase(c.path)) {
                        return Error::Make("seam.content.not_found",
                                           c.path + " is not published: nothing to remove");
                    }
                }
            }
        }
        for (const auto& [path, text] : after) {
            std::string why;
            content::Kind kind;
            if (!content::KindOf(path, kind, &why)) {
                return Error::Make("seam.content.bad_path", path + ": " + why);
            }
        }
        const std::vector<std::string> paths = ChangedPaths(before, after);
        if (paths.empty()) {
            return Error::Make("seam.content.unchanged", "the changes are what version " +
                                                             std::to_string(base) +
                                                             " already holds: nothing to publish");
        }
        if (after.size() > content::kMaxFiles) {
            return Error::Make("seam.content.too_large",
                               "more than " + std::to_string(content::kMaxFiles) + " files");
        }
        // Checked and built without the lock. The intent model is not content: the builder
        // reuses the one trained at start, so a build is the flows, the articles and their index.
        std::vector<flow::Diagnostic> problems;
        content::CheckContent(after, content_actions_, problems);
        content_store::AssistantPtr built;
        if (problems.empty()) {
            auto made = library_->Build(after, problems);
            if (made) built = std::move(made.value());
            if (!made && problems.empty()) {
                problems.push_back({made.error().id, "", "", made.error().message});
            }
        }
        if (!problems.empty()) {
            detail.problems = json::array();
            for (const flow::Diagnostic& d : problems)
                detail.problems.push_back(content::DiagnosticToJson(d, after));
            return Error::Make(
                "seam.content.invalid",
                std::to_string(problems.size()) +
                    " problem(s) in the content; the first: " + problems.front().ToString());
        }
        // Every saved test runs (an article or a trigger can change what a flow's test sees).
        detail.tests = json::array();
        int failed = 0;
        for (const content::TestRun& run :
             content::RunFlowTests(after, "", built->engine(), built->understander())) {
            detail.tests.push_back(
                {{"path", run.path}, {"passed", run.passed}, {"report", run.report}});
            if (!run.passed) ++failed;
        }
        if (failed) {
            return Error::Make("seam.content.tests_failed",
                               std::to_string(failed) + " saved conversation test(s) failed");
        }
        int version = 0;
        std::vector<std::string> written_paths;
        {
            auto guard = lock();
            if (content_store::CurrentVersion(*db_) != base) continue;  // published meanwhile
            JoinBatch();
            store::Transaction txn(*db_);
            if (!txn.ok()) return txn.failure();
            content_store::Release release;
            release.at = Now();
            release.author = request.actor;
            release.action = request.action;
            release.note = request.note;
            release.rolled_back_to = request.rolled_back_to;
            auto written = content_store::Write(*db_, base, after, release);
            if (!written) return written.error();
            version = *written;
            written_paths = release.paths;
            auto& audit = db_->Cached(
                "INSERT INTO audit(at, actor, action, target, params, decision, outcome, result) "
                "VALUES (?, ?, ?, ?, ?, '{}', 'ok', ?)");
            auto audited =
                audit.Bind(1, release.at)
                    .Bind(2, request.actor)
                    .Bind(3, "content." + request.action)
                    .Bind(4, "v" + std::to_string(version))
                    .Bind(5, seam::DumpJson({{"note", request.note},
                                             {"paths", release.paths},
                                             {"base", base},
                                             {"rolled_back_to", request.rolled_back_to}}))
                    .Bind(6, seam::DumpJson({{"version", version}}))
                    .Run();
            if (!audited) return audited.error();
            for (const std::string& path : release.paths) {
                auto dropped = content_store::DiscardDraft(*db_, path, request.actor);
                if (!dropped) return dropped.error();
            }
            cases::AppendEvent(
                *db_, release.at, "", 0, "", "content_published", "",
                {{"version", version}, {"action", request.action}, {"by", request.actor}});
            if (db_->engine() == store::Engine::kPostgres) {  // the other nodes serve it too
                db_->Announce(kPeerChannel, kContentChanged);
            }
            auto committed = txn.Commit();
            if (!committed) return committed.error();
        }
        // Served only once it is on disk: a version a crash could lose is never pinned to.
        auto durable = AwaitDurable();
        if (!durable) return durable.error();
        library_->Install(version, built, true);
        return json{{"version", version}, {"paths", written_paths}, {"tests", detail.tests}};
    }
    return Error::Make("seam.store.busy", "others kept publishing meanwhile; try again");
}

Result<json> Service::RollbackContent(int version, const std::string& note,
                                      const std::string& actor, PublishDetail& detail) {
    std::shared_ptr<const content::Files> target;
    {
        auto guard = lock();
        auto texts = TextsLocked(version);
        if (!texts) return texts.error();
        target = *texts;
    }
    PublishRequest request;
    request.whole = [target](const content::Files&) { return *target; };
    request.note = note.empty() ? "rolled back to version " + std::to_string(version) : note;
    request.actor = actor;
    request.action = "rollback";
    request.rolled_back_to = version;
    auto r = Publish(request, detail);
    if (!r && r.error().id == "seam.content.unchanged") {
        return Error::Make("seam.content.unchanged", "the current version already holds version " +
                                                         std::to_string(version) + "'s files");
    }
    return r;
}

Result<json> Service::ImportContent(const content::Files& files, const std::string& note,
                                    const std::string& actor, int base_version,
                                    PublishDetail& detail) {
    PublishRequest request;
    request.whole = [&files](const content::Files&) { return files; };
    request.whole_base = base_version;
    request.note = note.empty() ? "seam import" : note;
    request.actor = actor;
    request.action = "import";
    auto r = Publish(request, detail);
    if (!r && r.error().id == "seam.content.unchanged") {
        return Error::Make("seam.content.unchanged",
                           "the files are what the current version already holds");
    }
    return r;
}

// [SECTION] Reading

Result<json> Service::ExportContent(int version) {
    auto guard = lock();
    if (version <= 0) version = content_store::CurrentVersion(*db_);
    auto rows = content_store::FilesOf(*db_, version);
    if (!rows) return rows.error();
    auto texts = TextsLocked(version);
    if (!texts) return texts.error();
    json items = json::array();
    std::map<int, json> releases;
    for (const auto& [path, row] : *rows) {
        if (!releases.count(row.changed_in)) {
            auto r = content_store::ReleaseAt(*db_, row.changed_in);
            releases[row.changed_in] = r ? r->ToJson() : json::object();
        }
        const json& r = releases[row.changed_in];
        content::Kind kind = content::Kind::kFlow;
        content::KindOf(path, kind);
        items.push_back({{"path", path},
                         {"kind", content::KindName(kind)},
                         {"revision", row.changed_in},
                         {"author", r.value("author", "")},
                         {"at", r.value("at", "")}});
    }
    return json{
        {"version", version}, {"files", **texts}, {"items", items}, {"actions", content_actions_}};
}

json Service::ContentHistory(int limit) {
    auto guard = lock();
    json out = json::array();
    for (const content_store::Release& r : content_store::History(*db_, limit))
        out.push_back(r.ToJson());
    return out;
}

Result<json> Service::ContentRelease(int version) {
    std::shared_ptr<const content::Files> after, before;
    json out;
    {
        auto guard = lock();
        auto release = content_store::ReleaseAt(*db_, version);
        if (!release) return release.error();
        out = release->ToJson();
        auto texts = TextsLocked(version);
        if (!texts) return texts.error();
        after = *texts;
        if (version > 1) {
            auto earlier = TextsLocked(version - 1);
            if (!earlier) return earlier.error();
            before = *earlier;
        }
    }
    // Diffed without the lock: turns go on meanwhile.
    out["changes"] = json::array();
    for (const content::FileChange& c :
         content::DiffSets(before ? *before : content::Files(), *after)) {
        out["changes"].push_back({{"path", c.path}, {"change", c.change}, {"diff", c.diff}});
    }
    return out;
}

Result<json> Service::SaveContentDraft(const std::string& path,
                                       const std::optional<std::string>& text, int base_revision,
                                       const std::string& author) {
    std::string why;
    content::Kind kind;
    if (!content::KindOf(path, kind, &why)) {
        return Error::Make("seam.content.bad_path", path + ": " + why);
    }
    if (text && text->size() > content::kMaxFileBytes) {
        return Error::Make(
            "seam.content.too_large",
            path + " is larger than " + std::to_string(content::kMaxFileBytes / 1024) + " KB");
    }
    std::shared_ptr<const content::Files> published;
    content_store::Draft draft;
    {
        auto guard = lock();
        auto texts = TextsLocked(content_store::CurrentVersion(*db_));
        if (!texts) return texts.error();
        published = *texts;
        auto& count =
            db_->Cached("SELECT COUNT(*) FROM content_drafts WHERE author = ? AND path <> ?");
        count.Bind(1, author).Bind(2, path);
        const std::int64_t others = count.Next() ? count.Int(0) : 0;
        count.Reset();
        if (others >= kMaxDraftsPerAuthor) {
            return Error::Make(
                "seam.content.too_many_drafts",
                "you have " + std::to_string(others) + " drafts: publish or discard some first");
        }
        draft.path = path;
        draft.author = author;
        draft.text = text;
        draft.base_revision = std::max(0, base_revision);
        draft.updated_at = Now();
        JoinBatch();
        store::Transaction txn(*db_);
        if (!txn.ok()) return txn.failure();
        auto saved = content_store::SaveDraft(*db_, draft);
        if (!saved) return saved.error();
        auto committed = txn.Commit();
        if (!committed) return committed.error();
    }
    // What the set would hold with this draft (a draft is checked, never served).
    content::Files files = *published;
    if (text) {
        files[path] = *text;
    } else {
        files.erase(path);
    }
    std::vector<flow::Diagnostic> problems;
    content::CheckContent(files, content_actions_, problems);
    json out = draft.ToJson(false);
    out["problems"] = json::array();
    for (const flow::Diagnostic& d : problems)
        out["problems"].push_back(content::DiagnosticToJson(d, files));
    return out;
}

Result<bool> Service::DiscardContentDraft(const std::string& path, const std::string& author) {
    auto guard = lock();
    JoinBatch();
    store::Transaction txn(*db_);
    if (!txn.ok()) return txn.failure();
    auto dropped = content_store::DiscardDraft(*db_, path, author);
    if (!dropped) return dropped.error();
    auto committed = txn.Commit();
    if (!committed) return committed.error();
    return *dropped;
}

json Service::ContentDrafts() {
    auto guard = lock();
    json out = json::array();
    for (const content_store::Draft& d : content_store::Drafts(*db_))
        out.push_back(d.ToJson(true));
    return out;
}

json Service::RecentQuestions(int limit) {
    auto guard = lock();
    json out = json::array();
    auto s = db_->Prepare(
        "SELECT m.case_id, m.text, m.at, c.state FROM messages m "
        "JOIN cases c ON c.id = m.case_id WHERE m.sender = 'customer' ORDER BY m.id DESC "
        "LIMIT ?");
    if (!s) return out;
    s->Bind(1, std::clamp(limit, 1, 2000));
    while (s->Next()) {
        // The case's language, read here (not with SQLite's json_extract: both engines).
        const json state = json::parse(s->Text(3), nullptr, false);
        const json* found = json_read::Find(state, "locale");
        const std::string locale = found && found->is_string() ? found->get<std::string>() : "en";
        out.push_back({{"case_id", s->Text(0)},
                       {"text", s->Text(1)},
                       {"locale", locale},
                       {"at", content_store::IsoUtc(s->Int(2))}});
    }
    return out;
}

}  // namespace seam::service
