// shared/include/seam/console/ui/marks.hpp — where the console drew its named controls.
//
// ImGui draws into a canvas, so neither a screen reader nor a browser test can find a button by
// its DOM node. Each view marks its important controls right after drawing them; the platform
// publishes the rectangles of the last frame (web: window.seamConsole.marks(), used by the
// end-to-end test to click and type like a person; native: the --marks debug overlay).
// Rectangles are in framebuffer pixels, origin at the top left of the canvas or window.
#pragma once

#include <map>
#include <string>

namespace seam::console::ui {

struct MarkRect {
    float x = 0, y = 0, w = 0, h = 0;
};

//! Records the last drawn item (ImGui::GetItemRect*) under `name` for this frame.
void Mark(const std::string& name);
//! Starts a frame's marks (called by the app before drawing).
void ClearMarks();
//! The marks of the frame drawn last.
const std::map<std::string, MarkRect>& Marks();

}  // namespace seam::console::ui
