// shared/include/seam/console/content.hpp — the content the business publishes (flows and their
// saved tests, articles, triggers, saved replies; seam/content/files.hpp), as the console edits
// it: the published set of seamd's current version, the operator's drafts on top, the checker's
// problems of the draft set, publishing (admins), the history with diffs, rollback.
//
// seamd's API (native/README.md "Content publishing", assets/schema/openapi.json):
//   GET  /v1/content/export            {"version", "files": {path: text}, "items": [...]}
//   GET  /v1/content/drafts            the drafts saved on seamd (anyone's)
//   PUT  /v1/content/drafts?path=P     {"text", "base_revision"}: saves a draft (agents too)
//   POST /v1/content/drafts/discard?path=P
//   POST /v1/content/publish           {"note", "changes": [{"path", "text"|null,
//                                       "base_revision"}]} (admins); 409 seam.content.conflict
//                                       with "current" (whose change won); 422
//                                       seam.content.invalid with "problems", or
//                                       seam.content.tests_failed with "tests"
//   GET  /v1/content/history           releases, newest first
//   GET  /v1/content/history/{version} one release with its file diffs against the one before
//   POST /v1/content/rollback          {"version", "note"} (admins)
//   GET  /v1/content/questions         recent customer questions (the knowledge preview)
//
// Drafts live here first (every keystroke stays local); SaveDraft stores one on seamd so a
// colleague (or an admin who publishes it) sees it. Each draft remembers the revision of the
// published file it started from: publishing sends it, and seamd answers 409 when the file
// changed since (another admin published first).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seam/console/api.hpp"
#include "seam/console/session.hpp"
#include "seam/content/check.hpp"
#include "seam/content/files.hpp"
#include "seam/flow/diagnostic.hpp"

namespace seam::console {

//! One published file as seamd describes it.
struct ContentItem {
    std::string path;
    content::Kind kind = content::Kind::kFlow;
    int revision = 0;    //!< the version that last changed this file
    std::string author;  //!< who published that version ("agent:<login>", "assets", ...)
    std::string at;      //!< when (ISO 8601 UTC)
};

//! One published version (a release).
struct Release {
    int version = 0;
    std::string at, author, note;
    std::string action;              //!< "seed" | "publish" | "rollback" | "import" | "assets"
    int rolled_back_to = 0;          //!< rollback: the version whose files it restored
    std::vector<std::string> paths;  //!< the files it changed
};

//! The answer to the last Publish / Rollback.
struct PublishOutcome {
    bool done = false;  //!< an answer arrived
    bool ok = false;
    int version = 0;  //!< the new version (ok)
    std::string code, message;
    nlohmann::json problems = nlohmann::json::array();  //!< 422 seam.content.invalid
    nlohmann::json tests = nlohmann::json::array();     //!< [{"path", "passed", "report"}]
    nlohmann::json current;  //!< 409: {"path", "revision", "author", "at", "note"} (whose won)
};

//! A recent customer question (for the knowledge preview).
struct Question {
    std::string case_id, text, locale, at;
};

class ContentModel {
  public:
    ContentModel(Api& api, const Session& session);

    //! Once per frame after Api::Pump: loads the published set after a login (and the drafts
    //! saved on seamd), forgets everything after a logout, re-checks the draft set when it
    //! changed.
    void Update(std::int64_t now_ms);
    //! Loads the published set again (after someone else published).
    void Reload();

    bool loaded() const { return loaded_; }
    bool loading() const { return loading_; }
    const std::string& error() const { return error_; }  //!< why the last load failed

    // The published version
    int version() const { return version_; }
    const content::Files& published() const { return published_; }
    const std::map<std::string, ContentItem>& items() const { return items_; }
    //! flows/actions.json as seamd runs it (the registry flows are checked against).
    const std::string& actions_json() const { return actions_json_; }

    // Drafts
    const content::Files& drafts() const { return drafts_; }
    //! The text to show for `path`: its draft when there is one, else the published text;
    //! nullptr when neither (a path that does not exist yet).
    const std::string* Text(const std::string& path) const;
    //! Replaces `path`'s draft (a new path is a new file). Local until SaveDraft.
    void SetDraft(const std::string& path, std::string text);
    //! Marks `path` for removal on publish (its draft becomes a deletion).
    void RemoveFile(const std::string& path);
    bool removed(const std::string& path) const { return removed_.count(path) != 0; }
    //! Forgets the local draft of `path` (and seamd's copy: POST .../drafts/discard).
    void DiscardDraft(const std::string& path);
    //! PUT /v1/content/drafts?path=: stores the draft on seamd.
    void SaveDraft(const std::string& path);
    bool has_draft(const std::string& path) const {
        return drafts_.count(path) != 0 || removed_.count(path) != 0;
    }
    //! The published set with every draft applied (what Publish of all drafts would publish).
    content::Files DraftSet() const;
    //! CheckContent's problems of DraftSet(), recomputed by Update() after a change.
    const std::vector<flow::Diagnostic>& problems() const { return problems_; }
    //! The problems of one file.
    std::vector<flow::Diagnostic> ProblemsOf(const std::string& path) const;
    //! Bumped whenever a draft changes: views and the simulation re-read what they show.
    std::uint64_t draft_generation() const { return draft_generation_; }

    // Publishing (the session's agent must be an admin; seamd checks it again)
    bool can_publish() const { return session_.agent().admin(); }
    //! POST /v1/content/publish of the drafts of `paths` with `note`.
    void Publish(const std::vector<std::string>& paths, const std::string& note);
    bool publishing() const { return publishing_; }
    const PublishOutcome& last_publish() const { return last_publish_; }

    // History
    void LoadHistory();
    const std::vector<Release>& history() const { return history_; }
    //! GET /v1/content/history/{version}: the release with "changes": [{"path", "change",
    //! "diff"}].
    void LoadRelease(int version);
    const nlohmann::json& release_detail() const { return release_detail_; }
    //! POST /v1/content/rollback (admins): a new version with `version`'s files.
    void Rollback(int version, const std::string& note);

    // The knowledge preview's questions
    void LoadQuestions();
    const std::vector<Question>& questions() const { return questions_; }

  private:
    Api& api_;
    const Session& session_;
    int generation_ = -1;
    bool loaded_ = false, loading_ = false, publishing_ = false, checked_ = false;
    std::string error_;
    int version_ = 0;
    content::Files published_;
    std::map<std::string, ContentItem> items_;
    std::string actions_json_;
    content::Files drafts_;
    std::map<std::string, int> draft_base_;  //!< path -> revision the draft started from
    std::map<std::string, bool> removed_;
    std::vector<flow::Diagnostic> problems_;
    std::uint64_t draft_generation_ = 0, checked_generation_ = 0;
    PublishOutcome last_publish_;
    std::vector<Release> history_;
    nlohmann::json release_detail_;
    std::vector<Question> questions_;
};

}  // namespace seam::console
