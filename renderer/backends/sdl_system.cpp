// SdlSystem: orderly start-up and shut-down of SDL and its text and image libraries.
#include "backends/sdl_system.h"

#include <filesystem>
#include <string_view>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <spdlog/spdlog.h>

namespace marquee::backends {

SdlSystem::SdlSystem(Video video) {
  // Software renderers and surfaces work without the video subsystem, so a failed
  // video start-up is only fatal when a window is wanted.
  if (SDL_Init(0) != 0) {
    error_ = std::string("SDL_Init: ") + SDL_GetError();
    return;
  }
  sdl_ = true;
  if (video == Video::none) {
    video_error_ = "not started: drawing into memory only";
  } else if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0) {
    video_ = true;
  } else {
    video_error_ = SDL_GetError();
    if (video == Video::required) {
      error_ = "no display available: " + video_error_;
      return;
    }
  }
  if (TTF_Init() != 0) {
    error_ = std::string("TTF_Init: ") + TTF_GetError();
    return;
  }
  ttf_ = true;
  const int wanted = IMG_INIT_PNG | IMG_INIT_JPG;
  if ((IMG_Init(wanted) & wanted) != wanted) {
    // Loaders that failed show up as placeholders later; that beats refusing to run.
    spdlog::warn("IMG_Init: {}", IMG_GetError());
  }
  img_ = true;
}

bool SdlSystem::start_video() {
  if (!video_ && SDL_InitSubSystem(SDL_INIT_VIDEO) == 0) video_ = true;
  if (!video_) {
    video_error_ = SDL_GetError();
    return false;
  }
  if (SDL_GetNumVideoDisplays() > 0) return true;
  // A driver may start with no output connected (KMSDRM does not, X11 always has one).
  video_error_ = "no output is connected";
  stop_video();
  return false;
}

void SdlSystem::stop_video() {
  if (video_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
  video_ = false;
}

SdlSystem::~SdlSystem() {
  if (img_) IMG_Quit();
  if (ttf_) TTF_Quit();
  if (video_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
  if (sdl_) SDL_Quit();
}

bool has_render_node() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", ec))
    if (entry.path().filename().string().starts_with("renderD")) return true;
  return false;
}

bool gl_on_the_cpu(SDL_Renderer* renderer) {
  SDL_RendererInfo info{};
  if (SDL_GetRendererInfo(renderer, &info) != 0 || !info.name ||
      !std::string_view(info.name).starts_with("opengl"))
    return false;
  // SDL's GL renderers leave their context current; GL_RENDERER names the driver.
  using GetString = const unsigned char* (*)(unsigned);  // APIENTRY is empty off Windows
  constexpr unsigned kGlRenderer = 0x1F01;
  const auto get_string = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
  const auto* driver = get_string ? get_string(kGlRenderer) : nullptr;
  const std::string_view name = driver ? reinterpret_cast<const char*>(driver) : "";
  return name.find("llvmpipe") != std::string_view::npos ||
         name.find("softpipe") != std::string_view::npos;
}

}  // namespace marquee::backends
