// web/console/main.cpp — the operator console in the browser: the shared console
// (shared/src/console/) in Emscripten's GLFW with WebGL 2, talking to seamd with fetch
// (fetch_transport). Served by seamd at /console/ (web/static/console/index.html).
//
// The canvas backing store is the CSS size x devicePixelRatio, so ImGui works in device pixels
// (Emscripten maps mouse coordinates to the backing store) with fonts and sizes scaled by the
// ratio: sharp text at 1x and 2x. The layout lives in localStorage ("seam.console.layout").
// For tests and benchmarks the page gets window.seamConsole (web/static/console/boot.js): the
// marks of the last frame (where named controls are, in CSS pixels) and frame-time statistics.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "fetch_transport.hpp"
#include "renderer.hpp"
#include "seam/console/console.hpp"
#include "seam/console/ui/app.hpp"
#include "seam/console/ui/marks.hpp"

// clang-format off
EM_JS(double, seam_console_dpr, (), { return window.devicePixelRatio || 1; });
EM_JS(double, seam_console_date_now, (), { return Date.now(); });
EM_JS(double, seam_console_css_width, (), { return Module.canvas.getBoundingClientRect().width || window.innerWidth; });
EM_JS(double, seam_console_css_height, (), { return Module.canvas.getBoundingClientRect().height || window.innerHeight; });
EM_JS(char*, seam_console_load_layout, (), {
    let text = "";
    try { text = window.localStorage.getItem("seam.console.layout") || ""; } catch (e) {}
    const n = lengthBytesUTF8(text) + 1; const p = _malloc(n); stringToUTF8(text, p, n); return p;
});
EM_JS(void, seam_console_save_layout, (const char* text), {
    try { window.localStorage.setItem("seam.console.layout", UTF8ToString(text)); } catch (e) {}
});
EM_JS(char*, seam_console_server_label, (), {
    const s = window.location.host; const n = lengthBytesUTF8(s) + 1; const p = _malloc(n); stringToUTF8(s, p, n); return p;
});
EM_JS(void, seam_console_first_frame, (), {
    if (Module.onFirstFrame) Module.onFirstFrame(performance.now());
});
// clang-format on

namespace {

struct App {
    GLFWwindow* window = nullptr;
    float scale = 1;
    int width = 0, height = 0;  // backing store, device pixels
    seam::web_console::FetchTransport transport;
    seam::web_console::Renderer renderer;
    seam::console::Console console;
    std::vector<double> frame_ms;   // CPU time of recent frames (ring)
    std::vector<double> render_ms;  // of which: the WebGL backend's part (same ring positions)
    std::size_t next_sample = 0;
    long long frames = 0;
    double last_frame_ms = 0;

    explicit App(const std::string& label) : console(transport, label) {}
};

App* g_app = nullptr;  // the page's one console (the main loop outlives main())

// [input] Dear ImGui 1.86 reads key and mouse state once a frame, so a key pressed and released
// between two frames (a quick tap while a frame is slow) would never be seen, text typed just
// before Ctrl would be read with Ctrl held (and dropped as a shortcut), and a click right after
// typing would move the focus before the typed text arrived (the text lost, or typed into the
// clicked box). GLFW's key, character, mouse button and cursor events are queued here, in the
// order they happened, and handed to ImGui one frame's worth at a time: at most one change per
// key or button per frame, characters never in the same frame as a modifier or button change, a
// button change never in the frame of typed keys, and the cursor where it was when a button
// changed (what ImGui 1.87's input queue does). The wheel stays ImGui's.
struct InputEvent {
    enum Kind { kKey, kChar, kButton, kCursor } kind;
    int key, scancode, action, mods;  // kKey; kButton: key is the button
    unsigned codepoint;               // kChar
    double x, y;                      // kButton, kCursor: the cursor
};
std::deque<InputEvent> g_input;

//! The mouse as the queue has fed it: ImGui's GLFW backend polls GLFW's current state, which
//! may be ahead of the queue; Frame() puts this back after the backend's NewFrame.
struct FedMouse {
    bool have_pos = false;
    double x = 0, y = 0;
    bool down[ImGuiMouseButton_COUNT] = {};
    bool pressed[ImGuiMouseButton_COUNT] = {};  // went down since the last frame
};
FedMouse g_mouse;

void QueueKey(GLFWwindow*, int key, int scancode, int action, int mods) {
    g_input.push_back({InputEvent::kKey, key, scancode, action, mods, 0, 0, 0});
}

void QueueChar(GLFWwindow*, unsigned codepoint) {
    g_input.push_back({InputEvent::kChar, 0, 0, 0, 0, codepoint, 0, 0});
}

void QueueButton(GLFWwindow* window, int button, int action, int mods) {
    double x = 0, y = 0;
    glfwGetCursorPos(window, &x, &y);
    g_input.push_back({InputEvent::kButton, button, 0, action, mods, 0, x, y});
}

void QueueCursor(GLFWwindow*, double x, double y) {
    g_input.push_back({InputEvent::kCursor, 0, 0, 0, 0, 0, x, y});
}

bool IsModifier(int key) {
    return key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_RIGHT_SUPER;
}

void FeedInput(GLFWwindow* window) {
    std::set<int> keys_changed, buttons_changed;
    bool chars = false, modifiers = false;
    while (!g_input.empty()) {
        const InputEvent e = g_input.front();
        const bool typed = chars || !keys_changed.empty();
        switch (e.kind) {
            case InputEvent::kChar:
                if (modifiers || !buttons_changed.empty()) return;
                chars = true;
                ImGui_ImplGlfw_CharCallback(window, e.codepoint);
                break;
            case InputEvent::kKey:
                if (e.action == GLFW_REPEAT) {
                    ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, e.action, e.mods);
                    break;
                }
                if (keys_changed.count(e.key) || (IsModifier(e.key) && chars) ||
                    !buttons_changed.empty())
                    return;
                keys_changed.insert(e.key);
                modifiers |= IsModifier(e.key);
                ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, e.action, e.mods);
                break;
            case InputEvent::kButton:
                if (e.key < 0 || e.key >= ImGuiMouseButton_COUNT) break;  // not one ImGui knows
                if (typed || buttons_changed.count(e.key)) return;
                buttons_changed.insert(e.key);
                g_mouse.have_pos = true;
                g_mouse.x = e.x;
                g_mouse.y = e.y;
                g_mouse.down[e.key] = e.action == GLFW_PRESS;
                if (e.action == GLFW_PRESS) g_mouse.pressed[e.key] = true;
                break;
            case InputEvent::kCursor:
                if (!buttons_changed.empty()) return;  // the change is seen where it happened
                g_mouse.have_pos = true;
                g_mouse.x = e.x;
                g_mouse.y = e.y;
                break;
        }
        g_input.pop_front();
    }
}

//! After the backend's NewFrame: the mouse as fed, not as GLFW has it now.
void ApplyFedMouse() {
    ImGuiIO& io = ImGui::GetIO();
    if (g_mouse.have_pos)
        io.MousePos = ImVec2(static_cast<float>(g_mouse.x), static_cast<float>(g_mouse.y));
    for (int i = 0; i < ImGuiMouseButton_COUNT; ++i) {
        io.MouseDown[i] = g_mouse.pressed[i] || g_mouse.down[i];
        g_mouse.pressed[i] = false;
    }
}

std::string TakeJsString(char* p) {
    std::string s = p ? p : "";
    std::free(p);
    return s;
}

void FitCanvas(App& app) {
    const double dpr = seam_console_dpr();
    const int w = static_cast<int>(std::lround(seam_console_css_width() * dpr));
    const int h = static_cast<int>(std::lround(seam_console_css_height() * dpr));
    if (w > 0 && h > 0 && (w != app.width || h != app.height)) {
        app.width = w;
        app.height = h;
        glfwSetWindowSize(app.window, w, h);
    }
}

void Frame() {
    App& app = *g_app;
    const double start = emscripten_get_now();
    FitCanvas(app);
    FeedInput(app.window);
    app.console.Update(static_cast<std::int64_t>(seam_console_date_now()));
    ImGui_ImplGlfw_NewFrame();
    ApplyFedMouse();
    ImGui::NewFrame();
    seam::console::ui::DrawApp(app.console);
    ImGui::Render();
    const double render_start = emscripten_get_now();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(app.window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0.10f, 0.11f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    app.renderer.Render(ImGui::GetDrawData(), fw, fh);
    const double render = emscripten_get_now() - render_start;
    std::string layout;
    if (seam::console::ui::TakeLayout(layout)) seam_console_save_layout(layout.c_str());

    app.last_frame_ms = emscripten_get_now() - start;
    if (app.frame_ms.size() < 600) {
        app.frame_ms.push_back(app.last_frame_ms);
        app.render_ms.push_back(render);
    } else {
        app.frame_ms[app.next_sample] = app.last_frame_ms;
        app.render_ms[app.next_sample] = render;
        app.next_sample = (app.next_sample + 1) % app.frame_ms.size();
    }
    if (++app.frames == 1) seam_console_first_frame();
}

}  // namespace

//! The last frame's marks as JSON {"name": [x, y, w, h]} in CSS pixels of the page.
extern "C" EMSCRIPTEN_KEEPALIVE const char* seam_console_marks() {
    static std::string out;
    const double dpr = seam_console_dpr();
    out = "{";
    bool first = true;
    for (const auto& [name, r] : seam::console::ui::Marks()) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "[%.1f,%.1f,%.1f,%.1f]", r.x / dpr, r.y / dpr, r.w / dpr,
                      r.h / dpr);
        std::string key;
        for (char c : name) {
            if (c == '"' || c == '\\') key.push_back('\\');
            key.push_back(c);
        }
        out += (first ? "\"" : ",\"") + key + "\":" + buf;
        first = false;
    }
    out += "}";
    return out.c_str();
}

//! Frame CPU time over the last (up to) 600 frames, in ms: {"frames", "samples", "last", "p50",
//! "p99", "max", "render_p50", "render_p99", "input_queue"} (render_*: the WebGL backend's part
//! of a frame; input_queue: input events not yet handed to ImGui).
extern "C" EMSCRIPTEN_KEEPALIVE const char* seam_console_frame_stats() {
    static std::string out;
    if (!g_app) return "{}";
    std::vector<double> v = g_app->frame_ms;
    std::vector<double> r = g_app->render_ms;
    std::sort(v.begin(), v.end());
    std::sort(r.begin(), r.end());
    auto at = [](const std::vector<double>& xs, double q) {
        if (xs.empty()) return 0.0;
        return xs[std::min(xs.size() - 1, static_cast<std::size_t>(q * (xs.size() - 1) + 0.5))];
    };
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "{\"frames\":%lld,\"samples\":%zu,\"last\":%.3f,\"p50\":%.3f,\"p99\":%.3f,"
                  "\"max\":%.3f,\"render_p50\":%.3f,\"render_p99\":%.3f,\"input_queue\":%zu}",
                  g_app->frames, v.size(), g_app->last_frame_ms, at(v, 0.5), at(v, 0.99),
                  v.empty() ? 0.0 : v.back(), at(r, 0.5), at(r, 0.99), g_input.size());
    out = buf;
    return out.c_str();
}

//! Forgets the frame-time samples (the benchmark measures from a known point).
extern "C" EMSCRIPTEN_KEEPALIVE void seam_console_reset_stats() {
    if (!g_app) return;
    g_app->frame_ms.clear();
    g_app->render_ms.clear();
    g_app->next_sample = 0;
}

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "seam console: GLFW could not start\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_app = new App(TakeJsString(seam_console_server_label()));
    App& app = *g_app;
    const double dpr = seam_console_dpr();
    app.scale = static_cast<float>(dpr);
    app.width = static_cast<int>(std::lround(seam_console_css_width() * dpr));
    app.height = static_cast<int>(std::lround(seam_console_css_height() * dpr));
    app.window = glfwCreateWindow(std::max(app.width, 320), std::max(app.height, 240),
                                  "Seam console", nullptr, nullptr);
    if (!app.window) {
        std::fprintf(stderr, "seam console: no WebGL 2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(app.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    seam::console::ui::Setup(app.scale);
    seam::console::ui::LoadLayout(TakeJsString(seam_console_load_layout()));
    ImGui_ImplGlfw_InitForOpenGL(app.window, true);
    // Keys, characters, buttons and the cursor go through the queue above (the wheel and focus
    // stay ImGui's).
    glfwSetKeyCallback(app.window, QueueKey);
    glfwSetCharCallback(app.window, QueueChar);
    glfwSetMouseButtonCallback(app.window, QueueButton);
    glfwSetCursorPosCallback(app.window, QueueCursor);
    if (!app.renderer.Init()) return 1;
    emscripten_set_main_loop(Frame, 0, false);
    return 0;
}
