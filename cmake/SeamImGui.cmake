# cmake/SeamImGui.cmake — Dear ImGui 1.86 from Debian's source package (scripts/setup puts it in
# build/deps/imgui), compiled the same way by both toolchains: libimgui-dev has no sources for
# Emscripten, and one build of the same sources keeps the two consoles identical.
#
#   seam_imgui                 imgui core + misc/cpp/imgui_stdlib (std::string InputText)
#   SEAM_IMGUI_BACKENDS_DIR    backends/ (imgui_impl_glfw, imgui_impl_opengl3): the platform
#                              targets compile the two they need with their own GL settings
set(SEAM_IMGUI_DIR "${PROJECT_SOURCE_DIR}/build/deps/imgui" CACHE PATH
    "Dear ImGui sources (Debian's imgui source package; scripts/setup fetches it)")
option(SEAM_CONSOLE "Build the operator console (Dear ImGui): seam-console and /console" ON)

if(SEAM_CONSOLE)
  if(NOT EXISTS "${SEAM_IMGUI_DIR}/imgui.cpp" OR NOT EXISTS "${SEAM_IMGUI_DIR}/backends/imgui_impl_glfw.cpp")
    message(FATAL_ERROR "seam: Dear ImGui sources not found in ${SEAM_IMGUI_DIR}; run scripts/setup "
                        "(or configure with -DSEAM_CONSOLE=OFF)")
  endif()
  add_library(seam_imgui STATIC
    "${SEAM_IMGUI_DIR}/imgui.cpp" "${SEAM_IMGUI_DIR}/imgui_draw.cpp"
    "${SEAM_IMGUI_DIR}/imgui_tables.cpp" "${SEAM_IMGUI_DIR}/imgui_widgets.cpp"
    "${SEAM_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp")
  target_include_directories(seam_imgui SYSTEM PUBLIC "${SEAM_IMGUI_DIR}" "${SEAM_IMGUI_DIR}/misc/cpp")
  # No imgui.ini file I/O: the platform stores the layout itself (a file natively, localStorage
  # in the browser) through SaveIniSettingsToMemory.
  target_compile_definitions(seam_imgui PUBLIC IMGUI_DISABLE_FILE_FUNCTIONS
                             IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
  if(EMSCRIPTEN)
    target_compile_options(seam_imgui PRIVATE -Os)
  endif()
  set(SEAM_IMGUI_BACKENDS_DIR "${SEAM_IMGUI_DIR}/backends")
endif()
