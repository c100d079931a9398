// shared/include/seam/console/ui/keys.hpp — keyboard shortcuts for Dear ImGui 1.86.
//
// 1.86 names only a few keys (ImGuiKey_Tab, arrows, Enter, Escape, A/C/V/X/Y/Z...); the rest are
// the platform backend's own key codes in io.KeysDown. Both console platforms use
// imgui_impl_glfw, whose codes are GLFW's: printable keys are their upper-case ASCII code, F1 is
// 290. Views ask through these helpers, so no GLFW header enters shared/.
#pragma once

#include <imgui.h>

namespace seam::console::ui {

//! GLFW key codes (GLFW/glfw3.h) for the keys 1.86 does not name.
enum class Key : int {
    k1 = '1',
    k2 = '2',
    k3 = '3',
    k4 = '4',
    k5 = '5',
    kC = 'C',
    kJ = 'J',
    kK = 'K',
    kR = 'R',
    kF1 = 290,
    kF5 = 294,
};

//! Pressed this frame (no key repeat).
inline bool Pressed(Key key) {
    return ImGui::IsKeyPressed(static_cast<int>(key), false);
}
//! A named key pressed this frame; `repeat` lets a held key repeat (queue navigation).
inline bool Pressed(ImGuiKey key, bool repeat = false) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
}

}  // namespace seam::console::ui
