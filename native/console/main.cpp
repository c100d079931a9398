// native/console/main.cpp — `seam-console`, the operator console as a desktop program: the
// shared console (shared/src/console/) in a GLFW window with OpenGL 3, talking to seamd through
// cpp-httplib (http_transport). The layout is kept in $XDG_CONFIG_HOME/seam/console.ini.
//
//   seam-console [--server http://127.0.0.1:8080] [--scale S] [--layout FILE]
//                [--login NAME --secret-env VAR]    sign in at start (secret from the environment)
//                [--frames N] [--screenshot FILE.ppm]  draw N frames, save the last one, exit
//                [--until-mark NAME]    with --frames: stop once NAME is drawn (exit 3 if never)
//                [--edit-flow FILE [--actions FILE] [--select STEP]]
//                                       the flow editor alone on a flow file from disk, no seamd
//                                       (nothing is written: a preview of what the Content view
//                                       edits, and the way to look at the editor in tests)
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "console/http_transport.hpp"
#include "seam/console/console.hpp"
#include "seam/console/flow_editor.hpp"
#include "seam/console/ui/app.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace {

struct Options {
    std::string server = "http://127.0.0.1:8080";
    float scale = 0;  // 0: the monitor's content scale
    std::string layout;
    std::string login;
    std::string secret_env;
    int frames = 0;  // 0: until the window closes
    std::string screenshot;
    std::string until_mark;  // with frames: stop at the first frame that shows this control
    std::string edit_flow;   // the flow editor alone on this file
    std::string actions;     // its action registry (default: actions.json next to it)
    std::string select;      // the step selected at start
};

void Usage(std::FILE* to) {
    std::fputs(
        "usage: seam-console [--server URL] [--scale S] [--layout FILE]\n"
        "                    [--login NAME --secret-env VAR] [--frames N] [--screenshot FILE.ppm]\n"
        "                    [--until-mark NAME] [--edit-flow FILE [--actions FILE] "
        "[--select STEP]]\n"
        "  --server URL        seamd to talk to (default http://127.0.0.1:8080; env SEAM_SERVER)\n"
        "  --scale S           UI scale (default: the monitor's content scale)\n"
        "  --layout FILE       where the layout is kept (default "
        "$XDG_CONFIG_HOME/seam/console.ini)\n"
        "  --login NAME        sign in at start, with the secret from the environment variable\n"
        "  --secret-env VAR    named here (never on the command line)\n"
        "  --frames N          draw N frames then exit (tests); --screenshot saves the last one\n"
        "  --until-mark NAME   with --frames: stop as soon as the control NAME (a ui::Mark) has\n"
        "                      been drawn, N being the most frames; exit status 3 if it never is\n"
        "  --edit-flow FILE    the flow editor alone on a flow file, checked against --actions\n"
        "                      (default: actions.json beside it); no seamd, nothing is written\n"
        "  --select STEP       with --edit-flow: the step selected at start\n",
        to);
}

bool ParseArgs(int argc, char** argv, Options& o) {
    if (const char* env = std::getenv("SEAM_SERVER")) o.server = env;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "seam-console: %s needs a value\n", a.c_str());
                return false;
            }
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--help" || a == "-h") {
            Usage(stdout);
            std::exit(0);
        } else if (a == "--server") {
            if (!value(o.server)) return false;
        } else if (a == "--scale") {
            if (!value(v)) return false;
            o.scale = std::strtof(v.c_str(), nullptr);
        } else if (a == "--layout") {
            if (!value(o.layout)) return false;
        } else if (a == "--login") {
            if (!value(o.login)) return false;
        } else if (a == "--secret-env") {
            if (!value(o.secret_env)) return false;
        } else if (a == "--frames") {
            if (!value(v)) return false;
            o.frames = std::atoi(v.c_str());
        } else if (a == "--screenshot") {
            if (!value(o.screenshot)) return false;
        } else if (a == "--until-mark") {
            if (!value(o.until_mark)) return false;
        } else if (a == "--edit-flow") {
            if (!value(o.edit_flow)) return false;
        } else if (a == "--actions") {
            if (!value(o.actions)) return false;
        } else if (a == "--select") {
            if (!value(o.select)) return false;
        } else {
            std::fprintf(stderr, "seam-console: unknown option %s\n", a.c_str());
            Usage(stderr);
            return false;
        }
    }
    if (!o.until_mark.empty() && o.frames <= 0) {
        std::fprintf(stderr, "seam-console: --until-mark needs --frames (the most to draw)\n");
        return false;
    }
    if (o.server.rfind("http://", 0) != 0) {
        std::fprintf(stderr, "seam-console: --server must start with http:// (got %s)\n",
                     o.server.c_str());
        return false;
    }
    return true;
}

std::string DefaultLayoutPath() {
    std::string dir;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
        dir = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        dir = std::string(home) + "/.config";
    } else {
        return "";
    }
    return dir + "/seam/console.ini";
}

std::string ReadFile(const std::string& path, bool* ok = nullptr) {
    std::ifstream in(path, std::ios::binary);
    if (ok) *ok = static_cast<bool>(in);
    std::stringstream text;
    if (in) text << in.rdbuf();
    return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return;  // a read-only home keeps the default layout: not worth failing for
        out << text;
    }
    std::filesystem::rename(tmp, path, ec);
}

bool SaveScreenshot(const std::string& path, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << "P6\n" << width << " " << height << "\n255\n";
    for (int y = height - 1; y >= 0; --y)  // OpenGL's rows run bottom-up
        out.write(reinterpret_cast<const char*>(&pixels[static_cast<std::size_t>(y) * width * 3]),
                  width * 3);
    return static_cast<bool>(out);
}

std::int64_t NowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!ParseArgs(argc, argv, options)) return 2;
    if (options.layout.empty()) options.layout = DefaultLayoutPath();

    glfwSetErrorCallback([](int code, const char* what) {
        std::fprintf(stderr, "seam-console: GLFW error %d: %s\n", code, what);
    });
    if (!glfwInit()) {
        std::fprintf(stderr, "seam-console: no display (GLFW could not start; is DISPLAY set?)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(1280, 720, "Seam console", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "seam-console: could not open an OpenGL 3 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    float scale = options.scale;
    if (!(scale > 0)) {
        float sx = 1, sy = 1;
        glfwGetWindowContentScale(window, &sx, &sy);
        scale = sx > 0 ? sx : 1;
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    seam::console::ui::Setup(scale);
    seam::console::ui::LoadLayout(options.layout.empty() ? "" : ReadFile(options.layout));
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    // --edit-flow: the editor on a file from disk, in place of the whole console.
    seam::console::FlowEditor editor;
    if (!options.edit_flow.empty()) {
        bool read = false;
        const std::string text = ReadFile(options.edit_flow, &read);
        if (options.actions.empty()) {
            options.actions = std::filesystem::path(options.edit_flow)
                                  .parent_path()
                                  .append("actions.json")
                                  .string();
        }
        const std::string name = std::filesystem::path(options.edit_flow).filename().string();
        if (!read || !editor.Open("flows/" + name, text, ReadFile(options.actions))) {
            std::fprintf(stderr, "seam-console: cannot edit %s: %s\n", options.edit_flow.c_str(),
                         read ? editor.error().c_str() : "cannot read it");
            return 2;
        }
        if (!options.select.empty()) editor.Select(options.select);
    }

    std::string label = options.server.substr(7);
    seam::native_console::HttpTransport transport(options.server);
    seam::console::Console console(transport, label);
    if (!options.login.empty()) {
        const char* secret =
            options.secret_env.empty() ? nullptr : std::getenv(options.secret_env.c_str());
        console.login_name = options.login;
        console.session().Login(options.login, secret ? secret : "");
    }

    int frame = 0;
    bool mark_seen = false;
    while (!glfwWindowShouldClose(window)) {
        // Wake for input, or at least 10 times a second for answers and the queue's clocks.
        if (options.frames > 0) {
            glfwPollEvents();
            std::this_thread::sleep_for(std::chrono::milliseconds(16));
        } else {
            glfwWaitEventsTimeout(0.1);
        }
        console.Update(NowMs());
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        if (editor.is_open()) {
            seam::console::ui::ClearMarks();
            const ImGuiViewport* viewport = ImGui::GetMainViewport();
            ImGui::SetNextWindowPos(viewport->WorkPos);
            ImGui::SetNextWindowSize(viewport->WorkSize);
            ImGui::Begin("Flow editor", nullptr,
                         ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoBringToFrontOnFocus |
                             ImGuiWindowFlags_NoScrollWithMouse);
            seam::console::ui::DrawFlowEditor(console, editor);
            ImGui::End();
        } else {
            seam::console::ui::DrawApp(console);
        }
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.10f, 0.11f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        std::string layout;
        if (seam::console::ui::TakeLayout(layout) && !options.layout.empty()) {
            WriteFile(options.layout, layout);
        }
        ++frame;
        // Marks() are the previous frame's: the control was drawn then, and again in this one.
        mark_seen = mark_seen || (!options.until_mark.empty() &&
                                  seam::console::ui::Marks().count(options.until_mark) > 0);
        if (options.frames > 0 && (frame >= options.frames || mark_seen)) {
            if (!options.screenshot.empty() && !SaveScreenshot(options.screenshot, width, height)) {
                std::fprintf(stderr, "seam-console: cannot write %s\n", options.screenshot.c_str());
            }
            glfwSwapBuffers(window);
            break;
        }
        glfwSwapBuffers(window);
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    if (!options.until_mark.empty() && !mark_seen) {
        std::fprintf(stderr, "seam-console: %s was not drawn in %d frames\n",
                     options.until_mark.c_str(), options.frames);
        return 3;
    }
    return 0;
}
