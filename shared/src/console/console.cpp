// shared/src/console/console.cpp — the operator console's whole state (see console.hpp).
#include "seam/console/console.hpp"

#include <utility>

namespace seam::console {

const char* ViewName(View view) {
    switch (view) {
        case View::kDesk:
            return "desk";
        case View::kKpis:
            return "kpis";
        case View::kInspector:
            return "inspector";
        case View::kProactive:
            return "proactive";
        case View::kContent:
            return "content";
    }
    return "desk";
}

View ViewFromName(const std::string& name) {
    if (name == "kpis") return View::kKpis;
    if (name == "inspector") return View::kInspector;
    if (name == "proactive") return View::kProactive;
    if (name == "content") return View::kContent;
    return View::kDesk;
}

Console::Console(Transport& transport, std::string server_label)
    : api_(transport),
      session_(api_),
      desk_(api_, session_),
      kpis_(api_, session_),
      inspector_(api_, session_),
      proactive_(api_, session_),
      content_(api_, session_),
      trial_(content_, inspector_),
      knowledge_(content_),
      replies_(content_),
      desk_replies_(desk_, content_),
      server_label_(std::move(server_label)) {
    desk_.on_inspect_case = [this](const std::string& case_id) {
        inspector_.OpenCase(case_id);
        view = View::kInspector;
    };
    // A sent proactive message is a case like any other: the inspector shows where it stands.
    proactive_.on_open_case = [this](const std::string& case_id) {
        inspector_.OpenCase(case_id);
        view = View::kInspector;
    };
}

void Console::Update(std::int64_t now_ms) {
    now_ms_ = now_ms;
    if (!session_.server_mode_asked()) session_.AskServerMode();
    api_.Pump();
    desk_.Update(now_ms);
    kpis_.SetVisible(view == View::kKpis);  // the dashboard loads while it is looked at
    kpis_.Update(now_ms);
    inspector_.Update(now_ms);
    proactive_.SetVisible(view == View::kProactive);  // its log refreshes while looked at
    proactive_.Update(now_ms);
    content_.Update(now_ms);
    trial_.Update(now_ms);
    // The knowledge preview's questions load once the Content view is looked at.
    knowledge_.Update(now_ms, view == View::kContent);
    replies_.Update();
}

}  // namespace seam::console
