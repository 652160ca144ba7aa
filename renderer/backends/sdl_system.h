// SdlSystem: SDL, SDL_ttf and SDL_image initialised for as long as the object lives.
#pragma once

#include <SDL.h>

#include <string>

namespace marquee::backends {

// True for SDL's OpenGL renderers running on a CPU rasteriser (Mesa's llvmpipe or
// softpipe): a box without a GPU, where GL only adds work to what SDL's software
// renderer does.
bool gl_on_the_cpu(SDL_Renderer* renderer);

// True when the machine has a DRM render node (/dev/dri/renderD*), the device a GPU's
// GL driver draws with; without one, GL can only be drawn by the CPU.
bool has_render_node();

// One per process, created and destroyed on the main thread. Offscreen rendering
// needs no display: with Video::optional a machine without one still renders PNGs
// (has_video() then says why a window is impossible); with Video::none no display is
// looked for at all, so none is connected to and none complains (render, preview).
class SdlSystem {
 public:
  enum class Video { required, optional, none };

  explicit SdlSystem(Video video = Video::required);
  ~SdlSystem();
  SdlSystem(const SdlSystem&) = delete;
  SdlSystem& operator=(const SdlSystem&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // why ok() is false
  bool has_video() const { return video_; }
  // Tries the video subsystem again (a display that was not there at start, or one that
  // changed under a driver that cannot follow it): true once it runs with an output.
  bool start_video();
  void stop_video();
  const std::string& video_error() const { return video_error_; }

 private:
  bool sdl_ = false, ttf_ = false, img_ = false, video_ = false;
  std::string error_, video_error_;
};

}  // namespace marquee::backends
