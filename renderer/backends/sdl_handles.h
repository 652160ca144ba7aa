// Owning smart pointers for SDL and SDL_ttf objects.
#pragma once

#include <SDL.h>
#include <SDL_ttf.h>

#include <memory>

namespace marquee::backends {

struct SdlDeleter {
  void operator()(SDL_Surface* p) const { SDL_FreeSurface(p); }
  void operator()(SDL_Texture* p) const { SDL_DestroyTexture(p); }
  void operator()(SDL_Renderer* p) const { SDL_DestroyRenderer(p); }
  void operator()(TTF_Font* p) const { TTF_CloseFont(p); }
};

using SurfacePtr = std::unique_ptr<SDL_Surface, SdlDeleter>;
using TexturePtr = std::unique_ptr<SDL_Texture, SdlDeleter>;
using RendererPtr = std::unique_ptr<SDL_Renderer, SdlDeleter>;
using FontPtr = std::unique_ptr<TTF_Font, SdlDeleter>;

}  // namespace marquee::backends
