// shared/src/console/ui/content_placeholders.cpp — stand-ins for the content view's Knowledge and
// Replies tabs (views.hpp) until branch kb-replies, which draws them (ui/knowledge_view.cpp,
// ui/replies_view.cpp), is merged: THE MERGE DELETES THIS FILE (two definitions would not link).
// Meanwhile articles and replies are edited as text in the File tab.
#include <imgui.h>

#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

void DrawKnowledgeTab(Console& /*console*/) {
    ImGui::TextWrapped(
        "The knowledge editor (both languages side by side, and which recent questions an "
        "article would answer) is not in this build. Pick an article under Knowledge on the left "
        "to edit its Markdown in the File tab.");
    Mark("content.knowledge.placeholder");
}

void DrawRepliesTab(Console& /*console*/) {
    ImGui::TextWrapped(
        "The saved replies editor is not in this build. Pick a reply under Replies on the left "
        "to edit its JSON in the File tab.");
    Mark("content.replies.placeholder");
}

}  // namespace seam::console::ui
