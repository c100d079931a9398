// web/console/renderer.hpp — Dear ImGui's draw lists drawn with WebGL 2, with no state queries.
//
// ImGui's stock OpenGL 3 backend saves and restores about twenty pieces of GL state around every
// frame (glGetIntegerv, glIsEnabled). In a browser each of those is a synchronous round trip to
// the GPU process that also waits for the previous frame's drawing: with software WebGL that was
// 25-50 ms a frame. The console owns its canvas's context, so this renderer sets the state it
// needs outright and never reads any back; every call it makes is queued, none waits.
#pragma once

#include <GLES3/gl3.h>

struct ImDrawData;

namespace seam::web_console {

class Renderer {
  public:
    //! Compiles the shader, makes the buffers and uploads ImGui's font atlas. False (with the
    //! reason on stderr) when WebGL 2 refuses.
    bool Init();
    //! Draws `data` into the default framebuffer of `width` x `height` device pixels.
    void Render(const ImDrawData* data, int width, int height);
    void Shutdown();

  private:
    GLuint program_ = 0, vao_ = 0, vertices_ = 0, indices_ = 0, font_ = 0;
    GLint projection_ = -1, texture_ = -1;
};

}  // namespace seam::web_console
