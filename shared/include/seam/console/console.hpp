// shared/include/seam/console/console.hpp — the operator console's whole state, one object per
// running console: the API client, the login, and one model per view (desk, KPIs, inspector,
// proactive engagement, content).
//
//   platform main loop, once per frame:
//     console.Update(now_ms);          Api::Pump (answers -> callbacks), then each model's timers
//     ui::DrawApp(console);            draws it (shared/src/console/ui/app.cpp)
//
// The platform supplies the Transport (native: cpp-httplib on a worker thread; web: fetch) and
// the clock; nothing here does I/O, so the whole console runs in the unit tests without a GPU.
#pragma once

#include <cstdint>
#include <string>

#include "seam/console/api.hpp"
#include "seam/console/content.hpp"
#include "seam/console/desk.hpp"
#include "seam/console/draft_trial.hpp"
#include "seam/console/inspector.hpp"
#include "seam/console/knowledge_editor.hpp"
#include "seam/console/kpi_board.hpp"
#include "seam/console/proactive_board.hpp"
#include "seam/console/replies.hpp"
#include "seam/console/session.hpp"

namespace seam::console {

enum class View { kDesk, kKpis, kInspector, kProactive, kContent };

//! "desk" | "kpis" | "inspector" | "proactive" | "content", and back (unknown -> kDesk). For the
//! saved layout and URLs.
const char* ViewName(View view);
View ViewFromName(const std::string& name);

class Console {
  public:
    //! `server_label` is what the status bar shows as the seamd it talks to ("127.0.0.1:8080").
    Console(Transport& transport, std::string server_label);
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;

    //! Runs the callbacks of the answers that arrived, then each model's timers.
    void Update(std::int64_t now_ms);

    Api& api() { return api_; }
    Session& session() { return session_; }
    Desk& desk() { return desk_; }
    KpiBoard& kpis() { return kpis_; }
    Inspector& inspector() { return inspector_; }
    ProactiveBoard& proactive() { return proactive_; }
    ContentModel& content() { return content_; }
    DraftTrial& trial() { return trial_; }
    //! The Content view's Knowledge and Replies tabs; the desk's saved replies.
    KnowledgeEditor& knowledge() { return knowledge_; }
    RepliesEditor& replies() { return replies_; }
    DeskReplies& desk_replies() { return desk_replies_; }
    const std::string& server_label() const { return server_label_; }
    std::int64_t now_ms() const { return now_ms_; }

    View view = View::kDesk;
    //! The login form's fields (the secret is cleared once it is sent).
    std::string login_name;
    std::string login_secret;

  private:
    Api api_;
    Session session_;
    Desk desk_;
    KpiBoard kpis_;
    Inspector inspector_;
    ProactiveBoard proactive_;
    ContentModel content_;
    DraftTrial trial_;
    KnowledgeEditor knowledge_;
    RepliesEditor replies_;
    DeskReplies desk_replies_;
    std::string server_label_;
    std::int64_t now_ms_ = 0;
};

}  // namespace seam::console
