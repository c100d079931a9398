// shared/src/console/content.cpp — the content the console edits and publishes (see content.hpp).
//
// Index of this file
// [SECTION] Reading seamd's answers (total: a mistyped field is skipped, never an abort)
// [SECTION] Loading and forgetting
// [SECTION] Drafts
// [SECTION] Publishing
// [SECTION] History and rollback
// [SECTION] Questions
#include "seam/console/content.hpp"

#include <algorithm>
#include <utility>

#include "seam/core/json_read.hpp"

namespace seam::console {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Reading seamd's answers
//-----------------------------------------------------------------------------

namespace {

using json_read::IntOr;
using json_read::StringOr;

//! The list in an answer that is either a bare array or an object holding it under `key`.
const json* ListOf(const json& body, const char* key) {
    if (body.is_array()) return &body;
    if (!body.is_object()) return nullptr;
    auto it = body.find(key);
    return it != body.end() && it->is_array() ? &*it : nullptr;
}

//! A field of an error answer: seamd puts the details next to "error" ({"error": {...},
//! "current": ...}); an older or stricter server may nest them inside it. Either is read.
const json* ErrorDetail(const json& body, const char* key) {
    if (!body.is_object()) return nullptr;
    auto it = body.find(key);
    if (it != body.end() && !it->is_null()) return &*it;
    auto error = body.find("error");
    if (error == body.end() || !error->is_object()) return nullptr;
    it = error->find(key);
    return it != error->end() && !it->is_null() ? &*it : nullptr;
}

Release ReadRelease(const json& j) {
    Release r;
    r.version = static_cast<int>(IntOr(j, "version"));
    r.at = StringOr(j, "at");
    r.author = StringOr(j, "author");
    r.note = StringOr(j, "note");
    r.action = StringOr(j, "action");
    r.rolled_back_to = static_cast<int>(IntOr(j, "rolled_back_to"));
    if (const json* paths = json_read::Find(j, "paths"); paths && paths->is_array())
        for (const json& p : *paths)
            if (p.is_string()) r.paths.push_back(p.get<std::string>());
    return r;
}

//! The answer to a publish or a rollback, whatever its status.
PublishOutcome ReadOutcome(const ApiResult& r) {
    PublishOutcome out;
    out.done = true;
    out.ok = r.ok;
    if (r.ok) {
        out.version = static_cast<int>(IntOr(r.body, "version"));
        if (const json* tests = json_read::Find(r.body, "tests"); tests && tests->is_array())
            out.tests = *tests;
        return out;
    }
    out.code = r.code;
    out.message = r.message;
    if (const json* p = ErrorDetail(r.body, "problems"); p && p->is_array()) out.problems = *p;
    if (const json* t = ErrorDetail(r.body, "tests"); t && t->is_array()) out.tests = *t;
    if (const json* c = ErrorDetail(r.body, "current"); c && c->is_object()) out.current = *c;
    return out;
}

//! seamd's "agent:<login>" (or a bare login) names the agent signed in.
bool IsMe(const std::string& author, const std::string& login) {
    return !login.empty() && (author == "agent:" + login || author == login);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Loading and forgetting
//-----------------------------------------------------------------------------

ContentModel::ContentModel(Api& api, const Session& session) : api_(api), session_(session) {}

void ContentModel::Update(std::int64_t /*now_ms*/) {
    if (session_.generation() != generation_) {
        // A login or a logout: nothing loaded for the previous agent survives, drafts included.
        generation_ = session_.generation();
        loaded_ = loading_ = publishing_ = checked_ = false;
        error_.clear();
        version_ = 0;
        published_.clear();
        items_.clear();
        actions_json_.clear();
        drafts_.clear();
        draft_base_.clear();
        removed_.clear();
        problems_.clear();
        last_publish_ = PublishOutcome{};
        history_.clear();
        release_detail_ = json();
        questions_.clear();
        history_requested_ = false;
        notice_.clear();
        ++draft_generation_;
        if (session_.logged_in()) {
            Reload();
            LoadDrafts();
        }
    }
    if (loaded_ && (!checked_ || checked_generation_ != draft_generation_)) {
        problems_.clear();
        content::CheckContent(DraftSet(), actions_json_, problems_);
        checked_ = true;
        checked_generation_ = draft_generation_;
    }
}

void ContentModel::Reload() {
    if (!session_.logged_in()) return;
    loading_ = true;
    const int gen = generation_;
    const std::uint64_t request = ++export_request_;
    api_.Get("/v1/content/export", [this, gen, request](const ApiResult& r) {
        if (gen != generation_ || request != export_request_) return;  // superseded
        loading_ = false;
        if (!r.ok) {
            error_ = "the published content could not be loaded: " + r.message;
            return;
        }
        const json* files = json_read::Find(r.body, "files");
        if (!files || !files->is_object()) {
            error_ = "the published content could not be loaded: seamd's answer has no files";
            return;
        }
        error_.clear();
        version_ = static_cast<int>(IntOr(r.body, "version"));
        published_.clear();
        for (const auto& [path, text] : files->items())
            if (text.is_string()) published_[path] = text.get<std::string>();
        items_.clear();
        if (const json* items = json_read::Find(r.body, "items"); items && items->is_array()) {
            for (const json& j : *items) {
                ContentItem item;
                item.path = StringOr(j, "path");
                if (item.path.empty() || !content::KindOf(item.path, item.kind)) continue;
                item.revision = static_cast<int>(IntOr(j, "revision"));
                item.author = StringOr(j, "author");
                item.at = StringOr(j, "at");
                items_[item.path] = std::move(item);
            }
        }
        // A published file seamd did not describe still gets an item (its kind from its path).
        for (const auto& [path, text] : published_) {
            if (items_.count(path)) continue;
            ContentItem item;
            item.path = path;
            if (!content::KindOf(path, item.kind)) continue;
            item.revision = version_;
            items_[path] = std::move(item);
        }
        actions_json_ = StringOr(r.body, "actions");
        loaded_ = true;
        checked_ = false;
        ++draft_generation_;  // the draft set is built on the published one: it changed too
    });
}

void ContentModel::LoadDrafts() {
    const int gen = generation_;
    api_.Get("/v1/content/drafts", [this, gen](const ApiResult& r) {
        if (gen != generation_ || !r.ok) return;  // drafts on seamd are a convenience
        const json* list = ListOf(r.body, "drafts");
        if (!list) return;
        const std::string login = session_.agent().login;
        // Mine first; a colleague's draft fills a path I have none of (an admin publishes an
        // agent's draft that way). What was typed here meanwhile is never replaced.
        for (int pass = 0; pass < 2; ++pass) {
            for (const json& d : *list) {
                const std::string path = StringOr(d, "path");
                content::Kind kind;
                if (path.empty() || !content::KindOf(path, kind)) continue;
                if (IsMe(StringOr(d, "author"), login) != (pass == 0)) continue;
                if (has_draft(path)) continue;
                const json* text = json_read::Find(d, "text");
                if (text && text->is_string()) {
                    drafts_[path] = text->get<std::string>();
                } else if (text && text->is_null()) {
                    removed_[path] = true;
                } else {
                    continue;
                }
                draft_base_[path] = static_cast<int>(IntOr(d, "base_revision"));
            }
        }
        ++draft_generation_;
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Drafts
//-----------------------------------------------------------------------------

const std::string* ContentModel::Text(const std::string& path) const {
    if (removed_.count(path)) return nullptr;
    auto d = drafts_.find(path);
    if (d != drafts_.end()) return &d->second;
    auto p = published_.find(path);
    return p != published_.end() ? &p->second : nullptr;
}

int ContentModel::PublishedRevision(const std::string& path) const {
    auto it = items_.find(path);
    if (it != items_.end()) return it->second.revision;
    return published_.count(path) ? version_ : 0;  // 0: a new file
}

int ContentModel::base_revision(const std::string& path) const {
    auto it = draft_base_.find(path);
    return it != draft_base_.end() ? it->second : PublishedRevision(path);
}

void ContentModel::SetDraft(const std::string& path, std::string text) {
    auto p = published_.find(path);
    if (p != published_.end() && p->second == text) {
        // Edited back to what is published: no change left to publish.
        const bool had = has_draft(path);
        drafts_.erase(path);
        removed_.erase(path);
        draft_base_.erase(path);
        if (had) ++draft_generation_;
        return;
    }
    auto d = drafts_.find(path);
    if (d != drafts_.end() && d->second == text) return;
    if (!draft_base_.count(path)) draft_base_[path] = PublishedRevision(path);
    removed_.erase(path);
    drafts_[path] = std::move(text);
    ++draft_generation_;
}

void ContentModel::RemoveFile(const std::string& path) {
    const bool published = published_.count(path) != 0;
    if (!published && !drafts_.count(path)) return;
    drafts_.erase(path);
    if (published) {
        if (!draft_base_.count(path)) draft_base_[path] = PublishedRevision(path);
        removed_[path] = true;
    } else {
        draft_base_.erase(path);  // a new file never published: it just goes away
    }
    ++draft_generation_;
}

void ContentModel::DiscardDraft(const std::string& path) {
    const bool had = has_draft(path);
    drafts_.erase(path);
    removed_.erase(path);
    draft_base_.erase(path);
    if (had) ++draft_generation_;
    if (session_.logged_in())
        api_.Post("/v1/content/drafts/discard?path=" + UrlEncode(path), json::object(),
                  [](const ApiResult&) {});  // nothing saved there is fine too
}

void ContentModel::Rebase(const std::string& path, int revision) {
    if (!has_draft(path)) return;
    draft_base_[path] = revision;
    ++draft_generation_;
}

void ContentModel::SaveDraft(const std::string& path) {
    if (!session_.logged_in() || !has_draft(path)) return;
    json body = {{"base_revision", base_revision(path)}};
    auto d = drafts_.find(path);
    body["text"] = d != drafts_.end() ? json(d->second) : json(nullptr);
    notice_ = "saving the draft of " + path + "...";
    const int gen = generation_;
    api_.Put("/v1/content/drafts?path=" + UrlEncode(path), body,
             [this, gen, path](const ApiResult& r) {
                 if (gen != generation_) return;
                 notice_ = r.ok ? "draft of " + path + " saved on seamd"
                                : "the draft of " + path + " was not saved: " + r.message;
             });
}

content::Files ContentModel::DraftSet() const {
    content::Files set = published_;
    for (const auto& [path, text] : drafts_)
        set[path] = text;
    for (const auto& [path, removed] : removed_)
        set.erase(path);
    return set;
}

std::vector<flow::Diagnostic> ContentModel::ProblemsOf(const std::string& path) const {
    std::vector<flow::Diagnostic> out;
    for (const flow::Diagnostic& d : problems_)
        if (d.file == path) out.push_back(d);
    return out;
}

std::vector<std::string> ContentModel::DraftPaths() const {
    std::vector<std::string> out;
    for (const auto& [path, text] : drafts_)
        out.push_back(path);
    for (const auto& [path, removed] : removed_)
        out.push_back(path);
    std::sort(out.begin(), out.end());
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Publishing
//-----------------------------------------------------------------------------

void ContentModel::Publish(const std::vector<std::string>& paths, const std::string& note) {
    if (publishing_) return;
    last_publish_ = PublishOutcome{};
    if (!can_publish()) {
        last_publish_.done = true;
        last_publish_.code = "seam.console.not_admin";
        last_publish_.message = "only an admin publishes: save your draft and ask one";
        return;
    }
    json changes = json::array();
    std::vector<std::string> sent;
    for (const std::string& path : paths) {
        if (!has_draft(path)) continue;
        auto d = drafts_.find(path);
        changes.push_back({{"path", path},
                           {"text", d != drafts_.end() ? json(d->second) : json(nullptr)},
                           {"base_revision", base_revision(path)}});
        sent.push_back(path);
    }
    if (changes.empty()) {
        last_publish_.done = true;
        last_publish_.code = "seam.console.nothing_to_publish";
        last_publish_.message = "no draft is selected";
        return;
    }
    // With one change the base also goes as If-Match (README "Content publishing").
    std::string if_match;
    if (sent.size() == 1) if_match = "\"" + std::to_string(base_revision(sent.front())) + "\"";
    publishing_ = true;
    const int gen = generation_;
    api_.Post(
        "/v1/content/publish", json{{"note", note}, {"changes", changes}},
        [this, gen, sent](const ApiResult& r) {
            if (gen != generation_) return;
            publishing_ = false;
            last_publish_ = ReadOutcome(r);
            if (!r.ok) return;
            for (const std::string& path : sent) {  // published: no longer drafts
                drafts_.erase(path);
                removed_.erase(path);
                draft_base_.erase(path);
            }
            ++draft_generation_;
            Reload();
            if (history_requested_) LoadHistory();
        },
        std::move(if_match));
}

//-----------------------------------------------------------------------------
// [SECTION] History and rollback
//-----------------------------------------------------------------------------

void ContentModel::LoadHistory() {
    if (!session_.logged_in()) return;
    history_requested_ = true;
    const int gen = generation_;
    api_.Get("/v1/content/history", [this, gen](const ApiResult& r) {
        if (gen != generation_) return;
        if (!r.ok) {
            notice_ = "the history could not be loaded: " + r.message;
            return;
        }
        const json* list = ListOf(r.body, "releases");
        if (!list) list = ListOf(r.body, "history");
        history_.clear();
        if (!list) return;
        for (const json& j : *list)
            if (j.is_object()) history_.push_back(ReadRelease(j));
        std::stable_sort(history_.begin(), history_.end(),
                         [](const Release& a, const Release& b) { return a.version > b.version; });
    });
}

void ContentModel::LoadRelease(int version) {
    if (!session_.logged_in()) return;
    // While it loads, the detail names the version asked for (the view shows "loading").
    release_detail_ = {{"version", version}, {"loading", true}};
    const std::uint64_t request = ++release_request_;
    const int gen = generation_;
    api_.Get("/v1/content/history/" + std::to_string(version), [this, gen, request,
                                                                version](const ApiResult& r) {
        if (gen != generation_ || request != release_request_) return;
        if (!r.ok || !r.body.is_object()) {
            release_detail_ = {
                {"version", version},
                {"error", r.ok ? std::string("seamd's answer is not a release") : r.message}};
            return;
        }
        release_detail_ = r.body;
        if (!release_detail_.contains("version")) release_detail_["version"] = version;
    });
}

void ContentModel::Rollback(int version, const std::string& note) {
    if (publishing_) return;
    last_publish_ = PublishOutcome{};
    if (!can_publish()) {
        last_publish_.done = true;
        last_publish_.code = "seam.console.not_admin";
        last_publish_.message = "only an admin rolls back";
        return;
    }
    publishing_ = true;
    const int gen = generation_;
    api_.Post("/v1/content/rollback", json{{"version", version}, {"note", note}},
              [this, gen](const ApiResult& r) {
                  if (gen != generation_) return;
                  publishing_ = false;
                  last_publish_ = ReadOutcome(r);
                  if (!r.ok) return;
                  Reload();
                  LoadHistory();
              });
}

//-----------------------------------------------------------------------------
// [SECTION] Questions
//-----------------------------------------------------------------------------

void ContentModel::LoadQuestions() {
    if (!session_.logged_in()) return;
    const int gen = generation_;
    api_.Get("/v1/content/questions?limit=200", [this, gen](const ApiResult& r) {
        if (gen != generation_ || !r.ok) return;
        const json* list = ListOf(r.body, "questions");
        questions_.clear();
        if (!list) return;
        for (const json& j : *list) {
            Question q;
            q.case_id = StringOr(j, "case_id");
            q.text = StringOr(j, "text");
            q.locale = StringOr(j, "locale");
            q.at = StringOr(j, "at");
            if (!q.text.empty()) questions_.push_back(std::move(q));
        }
    });
}

}  // namespace seam::console
