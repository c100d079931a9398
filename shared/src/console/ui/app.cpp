// shared/src/console/ui/app.cpp — the console's frame: top bar with the views, the sign-in
// form, global shortcuts, the status bar, fonts and style, and the saved layout.
//
// Index of this file
// [SECTION] Fonts and style
// [SECTION] Saved layout ([SeamConsole] settings section)
// [SECTION] Sign-in
// [SECTION] The frame
#include "seam/console/ui/app.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImGuiSettingsHandler: the console's own section of the layout
#include <imgui_stdlib.h>

#include <cstring>

#include "seam/console/console.hpp"
#include "seam/console/ui/keys.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

extern const unsigned char kConsoleFont[];
extern const unsigned int kConsoleFontSize;

namespace {

// What the console keeps between frames that is UI-only (the UI runs on one thread).
struct UiState {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    bool show_help = false;
    bool view_from_settings = false;  // the saved view/login still have to reach the Console
    std::string saved_view = "desk";
    std::string saved_login;
    View last_view = View::kDesk;
    bool force_tab = true;  // select the console's view in the tab bar (shortcut, restore)
};

UiState& State() {
    static UiState state;
    return state;
}

// [SECTION] Fonts and style

void ApplyStyle(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0;
    style.FrameRounding = 4;
    style.GrabRounding = 4;
    style.TabRounding = 4;
    style.ChildRounding = 4;
    style.PopupRounding = 4;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    style.CellPadding = ImVec2(6, 4);
    style.WindowPadding = ImVec2(10, 10);
    ImVec4* c = style.Colors;
    // Seam's brand teal for what the agent acts on; neutral greys for everything else.
    const ImVec4 accent(0.05f, 0.55f, 0.52f, 1.0f);
    const ImVec4 accent_hover(0.09f, 0.66f, 0.62f, 1.0f);
    const ImVec4 accent_active(0.03f, 0.45f, 0.43f, 1.0f);
    c[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.12f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.12f, 0.13f, 0.14f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.13f, 0.14f, 0.16f, 0.98f);
    c[ImGuiCol_Button] = accent;
    c[ImGuiCol_ButtonHovered] = accent_hover;
    c[ImGuiCol_ButtonActive] = accent_active;
    c[ImGuiCol_Header] = ImVec4(0.05f, 0.55f, 0.52f, 0.35f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.05f, 0.55f, 0.52f, 0.55f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.05f, 0.55f, 0.52f, 0.75f);
    c[ImGuiCol_Tab] = ImVec4(0.16f, 0.18f, 0.20f, 1.0f);
    c[ImGuiCol_TabHovered] = accent_hover;
    c[ImGuiCol_TabActive] = accent;
    c[ImGuiCol_CheckMark] = accent_hover;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = accent_hover;
    c[ImGuiCol_NavHighlight] = ImVec4(1.0f, 0.78f, 0.25f, 1.0f);  // keyboard focus: visible
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.16f, 0.18f, 0.20f, 1.0f);
    c[ImGuiCol_PlotLines] = accent_hover;
    c[ImGuiCol_PlotHistogram] = accent;
    style.ScaleAllSizes(scale);
}

void LoadFonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // static data compiled in
    config.OversampleH = 2;
    config.OversampleV = 1;
    // Latin, Latin-1 and Latin Extended-A (Spanish and most European names), punctuation, the
    // euro sign and the few symbols the views draw (the font is subset to the same ranges).
    static const ImWchar kRanges[] = {0x0020, 0x017F, 0x2010, 0x203A, 0x20AC,
                                      0x20AC, 0x2190, 0x2193, 0x25B2, 0x25CF,
                                      0x2605, 0x2606, 0x2713, 0x2717, 0};
    void* data = const_cast<unsigned char*>(kConsoleFont);  // ImGui's API is not const-correct
    const int size = static_cast<int>(kConsoleFontSize);
    State().body = io.Fonts->AddFontFromMemoryTTF(data, size, 16.0f * scale, &config, kRanges);
    State().heading = io.Fonts->AddFontFromMemoryTTF(data, size, 22.0f * scale, &config, kRanges);
    if (!State().body) State().body = io.Fonts->AddFontDefault();  // cannot happen: data is ours
    io.FontDefault = State().body;
}

// [SECTION] Saved layout ([SeamConsole] settings section)

void* SettingsOpen(ImGuiContext*, ImGuiSettingsHandler*, const char* name) {
    return std::strcmp(name, "Layout") == 0 ? &State() : nullptr;
}

void SettingsReadLine(ImGuiContext*, ImGuiSettingsHandler*, void*, const char* line) {
    UiState& s = State();
    const char* eq = std::strchr(line, '=');
    if (!eq) return;
    const std::string key(line, eq);
    const std::string value(eq + 1);
    if (key == "View") s.saved_view = value;
    if (key == "Login") s.saved_login = value;
    s.view_from_settings = true;
}

void SettingsWriteAll(ImGuiContext*, ImGuiSettingsHandler* handler, ImGuiTextBuffer* out) {
    const UiState& s = State();
    out->appendf("[%s][Layout]\n", handler->TypeName);
    out->appendf("View=%s\n", s.saved_view.c_str());
    out->appendf("Login=%s\n\n", s.saved_login.c_str());
}

void InstallSettingsHandler() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (ImGui::FindSettingsHandler("SeamConsole")) return;
    ImGuiSettingsHandler handler;
    handler.TypeName = "SeamConsole";
    handler.TypeHash = ImHashStr("SeamConsole");
    handler.ReadOpenFn = SettingsOpen;
    handler.ReadLineFn = SettingsReadLine;
    handler.WriteAllFn = SettingsWriteAll;
    g.SettingsHandlers.push_back(handler);
}

// Keeps the saved view and login name in step with the console; marks the layout dirty.
void SyncSettings(Console& console) {
    UiState& s = State();
    if (s.view_from_settings) {
        console.view = ViewFromName(s.saved_view);
        if (console.login_name.empty()) console.login_name = s.saved_login;
        s.view_from_settings = false;
        s.force_tab = true;
    }
    const std::string view = ViewName(console.view);
    std::string login =
        console.session().logged_in() ? console.session().agent().login : s.saved_login;
    if (view != s.saved_view || login != s.saved_login) {
        s.saved_view = view;
        s.saved_login = login;
        ImGui::MarkIniSettingsDirty();
    }
}

}  // namespace

void Setup(float scale) {
    if (!(scale > 0.5f)) scale = 1.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the platform stores the layout (TakeLayout)
    io.IniSavingRate = 1.0f;   // a second after a pane is resized or the view changes
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ApplyStyle(scale);
    LoadFonts(scale);
    InstallSettingsHandler();
}

void PushHeadingFont() {
    ImGui::PushFont(State().heading ? State().heading : ImGui::GetFont());
}

void PopHeadingFont() {
    ImGui::PopFont();
}

void LoadLayout(const std::string& text) {
    InstallSettingsHandler();
    if (!text.empty()) ImGui::LoadIniSettingsFromMemory(text.c_str(), text.size());
}

bool TakeLayout(std::string& text) {
    ImGuiIO& io = ImGui::GetIO();
    if (!io.WantSaveIniSettings) return false;
    io.WantSaveIniSettings = false;
    std::size_t size = 0;
    const char* data = ImGui::SaveIniSettingsToMemory(&size);
    text.assign(data, size);
    return true;
}

// [SECTION] Sign-in

void DrawLogin(Console& console) {
    Session& session = console.session();
    const float em = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = em * 22;
    ImGui::SetCursorPos(
        ImVec2(ImMax(0.0f, (avail.x - width) / 2), ImMax(em, avail.y / 2 - em * 9)));
    ImGui::BeginChild("login", ImVec2(width, em * 17), true);
    PushHeadingFont();
    ImGui::TextUnformatted("Seam operator console");
    PopHeadingFont();
    ImGui::TextDisabled("seamd at %s", console.server_label().c_str());
    ImGui::Spacing();
    const bool busy = session.state() == Session::State::kLoggingIn;
    ImGui::TextUnformatted("Login");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing() && console.login_name.empty()) ImGui::SetKeyboardFocusHere();
    bool submit =
        ImGui::InputText("##login", &console.login_name, ImGuiInputTextFlags_EnterReturnsTrue);
    Mark("login.name");
    ImGui::TextUnformatted("Secret");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing() && !console.login_name.empty()) ImGui::SetKeyboardFocusHere();
    submit |= ImGui::InputText("##secret", &console.login_secret,
                               ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    Mark("login.secret");
    ImGui::Spacing();
    if (busy) ImGui::BeginDisabled();
    submit |= ImGui::Button(busy ? "Signing in..." : "Sign in", ImVec2(-1, 0));
    Mark("login.submit");
    if (busy) ImGui::EndDisabled();
    if (submit && !busy) {
        session.Login(console.login_name, console.login_secret);
        console.login_secret.clear();
    }
    if (!session.message().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.55f, 0.45f, 1.0f));
        ImGui::TextWrapped("%s", session.message().c_str());
        ImGui::PopStyleColor();
        Mark("login.message");
    }
    if (session.demo()) {  // only when seamd says it runs with --demo
        ImGui::Spacing();
        ImGui::TextDisabled("Demo: maya / maya-demo-secret (admin)");
        Mark("login.demo");
    }
    ImGui::EndChild();
}

// [SECTION] The frame

namespace {

void DrawHelp(bool* open) {
    if (!*open) return;
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 26, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Keyboard shortcuts", open, ImGuiWindowFlags_NoSavedSettings)) {
        static const char* const kKeys[][2] = {
            {"Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4", "Desk / KPIs / Flow inspector / Proactive"},
            {"Ctrl+5", "Content: edit, try and publish flows, articles, replies"},
            {"Up, Down (or J, K)", "Move in the queue"},
            {"Alt+C", "Claim the selected case"},
            {"Ctrl+Enter", "Send the reply"},
            {"Alt+R", "Resolve the case"},
            {"F5", "Refresh"},
            {"Tab, Shift+Tab, Space", "Move between and press controls"},
            {"F1", "This list"},
        };
        if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
            for (const auto& k : kKeys) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(k[0]);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(k[1]);
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

void GlobalShortcuts(Console& console) {
    ImGuiIO& io = ImGui::GetIO();
    UiState& s = State();
    if (Pressed(Key::kF1)) s.show_help = !s.show_help;
    if (!console.session().logged_in() || !io.KeyCtrl) return;
    const View before = console.view;
    if (Pressed(Key::k1)) console.view = View::kDesk;
    if (Pressed(Key::k2)) console.view = View::kKpis;
    if (Pressed(Key::k3)) console.view = View::kInspector;
    if (Pressed(Key::k4)) console.view = View::kProactive;
    if (Pressed(Key::k5)) console.view = View::kContent;
    if (console.view != before) s.force_tab = true;
}

void DrawTopBar(Console& console) {
    UiState& s = State();
    if (console.view != s.last_view) s.force_tab = true;
    if (ImGui::BeginTabBar("views", ImGuiTabBarFlags_NoTooltip)) {
        struct Tab {
            const char* label;
            View view;
            const char* mark;
        };
        static const Tab kTabs[] = {{"Desk  (Ctrl+1)", View::kDesk, "tab.desk"},
                                    {"KPIs  (Ctrl+2)", View::kKpis, "tab.kpis"},
                                    {"Flow inspector  (Ctrl+3)", View::kInspector, "tab.inspector"},
                                    {"Proactive  (Ctrl+4)", View::kProactive, "tab.proactive"},
                                    {"Content  (Ctrl+5)", View::kContent, "tab.content"}};
        for (const Tab& tab : kTabs) {
            const ImGuiTabItemFlags flags =
                s.force_tab && console.view == tab.view ? ImGuiTabItemFlags_SetSelected : 0;
            const bool open = ImGui::BeginTabItem(tab.label, nullptr, flags);
            Mark(tab.mark);
            if (open) {
                if (!s.force_tab) console.view = tab.view;
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    s.force_tab = false;
    s.last_view = console.view;
}

void DrawStatusBar(Console& console) {
    Session& session = console.session();
    ImGui::Separator();
    ImGui::TextDisabled("%s  ·  %s (%s)  ·  seamd %s  ·  %zu request%s in flight  ·  F1 shortcuts",
                        "Seam console", session.agent().name.c_str(), session.agent().role.c_str(),
                        console.server_label().c_str(), console.api().in_flight(),
                        console.api().in_flight() == 1 ? "" : "s");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::GetFontSize() * 5);
    if (ImGui::SmallButton("Sign out")) session.Logout("You signed out.");
    Mark("app.signout");
}

}  // namespace

void DrawApp(Console& console) {
    ClearMarks();
    SyncSettings(console);
    GlobalShortcuts(console);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("Seam console", nullptr, flags);
    if (!console.session().logged_in()) {
        DrawLogin(console);
    } else {
        DrawTopBar(console);
        const float status_height =
            ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
        ImGui::BeginChild("view", ImVec2(0, -status_height), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
        switch (console.view) {
            case View::kDesk:
                DrawDesk(console.desk(), &console.desk_replies());
                break;
            case View::kKpis:
                DrawKpiBoard(console.kpis());
                break;
            case View::kInspector:
                DrawInspector(console.inspector());
                break;
            case View::kProactive:
                DrawProactive(console.proactive());
                break;
            case View::kContent:
                DrawContent(console);
                break;
        }
        ImGui::EndChild();
        DrawStatusBar(console);
    }
    ImGui::End();
    DrawHelp(&State().show_help);
}

}  // namespace seam::console::ui
