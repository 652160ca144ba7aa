// SdlSystem: orderly start-up and shut-down of SDL and its text and image libraries.
#include "backends/sdl_system.h"

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

SdlSystem::~SdlSystem() {
  if (img_) IMG_Quit();
  if (ttf_) TTF_Quit();
  if (video_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
  if (sdl_) SDL_Quit();
}

}  // namespace marquee::backends
