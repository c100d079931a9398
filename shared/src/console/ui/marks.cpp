// shared/src/console/ui/marks.cpp — where the console drew its named controls (see marks.hpp).
#include "seam/console/ui/marks.hpp"

#include <imgui.h>

namespace seam::console::ui {

namespace {
// The marks being recorded and those of the frame drawn last (the UI runs on one thread).
std::map<std::string, MarkRect>& Building() {
    static std::map<std::string, MarkRect> marks;
    return marks;
}
std::map<std::string, MarkRect>& Published() {
    static std::map<std::string, MarkRect> marks;
    return marks;
}
}  // namespace

void Mark(const std::string& name) {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    Building()[name] = {min.x * scale.x, min.y * scale.y, (max.x - min.x) * scale.x,
                        (max.y - min.y) * scale.y};
}

void ClearMarks() {
    Published().swap(Building());
    Building().clear();
}

const std::map<std::string, MarkRect>& Marks() {
    return Published();
}

}  // namespace seam::console::ui
