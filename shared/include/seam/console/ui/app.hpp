// shared/include/seam/console/ui/app.hpp — the console's frame: what a platform calls.
//
//   ImGui::CreateContext();  ui::Setup(scale);                    once, before the backends
//   ui::LoadLayout(saved_text);                                   the layout saved last time
//   per frame: backends' NewFrame; ImGui::NewFrame(); ui::DrawApp(console); ImGui::Render(); ...
//              if (ui::TakeLayout(text)) save text                 (it changed)
//
// The layout (pane widths, the current view, the last login name) is ImGui's own settings text
// plus a [SeamConsole] section; the platform stores it (native: a file, web: localStorage).
#pragma once

#include <string>

namespace seam::console {
class Console;
}

namespace seam::console::ui {

//! Fonts (the embedded DejaVu Sans at 16 px x `scale`) and the Seam style scaled by `scale`
//! (the device pixel ratio: 1 on a normal screen, 2 on a HiDPI one). Also turns off ImGui's own
//! ini file: the layout goes through LoadLayout / TakeLayout.
void Setup(float scale);
//! The heading font (22 px x scale), for views' titles; the default font before Setup.
void PushHeadingFont();
void PopHeadingFont();

//! Draws the whole console into the full window for this frame.
void DrawApp(Console& console);

//! Applies a layout saved by TakeLayout (and restores the view and login name into `console`
//! at the next DrawApp). Unknown or damaged lines are ignored, as ImGui does.
void LoadLayout(const std::string& text);
//! When the layout changed since the last call: true with the text to store.
bool TakeLayout(std::string& text);

}  // namespace seam::console::ui
