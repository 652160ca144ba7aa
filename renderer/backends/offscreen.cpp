// OffscreenCanvas and render_png: a software renderer drawing into an SDL_Surface.
#include "backends/offscreen.h"

#include <SDL_image.h>
#include <SDL_ttf.h>

#include "backends/video_deck.h"
#include "render/paint.h"

namespace marquee::backends {

// Largest picture we agree to allocate; far above any screen, well below memory trouble.
constexpr int kMaxSide = 16384;

OffscreenCanvas::OffscreenCanvas(int width, int height) {
  if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide) {
    error_ = "picture size " + std::to_string(width) + "x" + std::to_string(height) +
             " is out of range (1.." + std::to_string(kMaxSide) + " per side)";
    return;
  }
  if (!TTF_WasInit()) {
    error_ = "SDL is not initialised (create an SdlSystem first)";
    return;
  }
  // The same pixel format as the software renderer's layers (SdlCanvas::make_target), so a
  // slide drawn through a layer comes out bit-identical to one drawn directly: SDL blends
  // text onto a target with an alpha channel and onto one without by different roundings.
  surface_.reset(SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_RGB888));
  if (surface_) renderer_.reset(SDL_CreateSoftwareRenderer(surface_.get()));
  if (!renderer_) {
    error_ = std::string("cannot create a software renderer: ") + SDL_GetError();
    return;
  }
  canvas_ = std::make_unique<SdlCanvas>(renderer_.get());
}

SDL_Surface* OffscreenCanvas::surface() {
  if (renderer_) SDL_RenderFlush(renderer_.get());
  return surface_.get();
}

bool OffscreenCanvas::save_png(const std::filesystem::path& out, std::string* error) {
  // Screens are opaque: write RGB, whatever alpha a painter left behind.
  const SurfacePtr rgb(ok() ? SDL_ConvertSurfaceFormat(surface(), SDL_PIXELFORMAT_RGB24, 0)
                            : nullptr);
  if (!rgb || IMG_SavePNG(rgb.get(), out.c_str()) != 0) {
    if (error) *error = ok() ? "cannot write " + out.string() + ": " + IMG_GetError() : error_;
    return false;
  }
  return true;
}

std::optional<std::string> OffscreenCanvas::png(std::string* error) {
  const SurfacePtr rgb(ok() ? SDL_ConvertSurfaceFormat(surface(), SDL_PIXELFORMAT_RGB24, 0)
                            : nullptr);
  // SDL_image writes through an SDL_RWops; this one appends to a string.
  std::string bytes;
  SDL_RWops* out = SDL_AllocRW();
  if (rgb && out) {
    out->type = SDL_RWOPS_UNKNOWN;
    out->hidden.unknown.data1 = &bytes;
    out->size = [](SDL_RWops*) -> Sint64 { return -1; };
    out->seek = [](SDL_RWops* rw, Sint64, int) -> Sint64 {
      return static_cast<Sint64>(static_cast<std::string*>(rw->hidden.unknown.data1)->size());
    };
    out->read = [](SDL_RWops*, void*, size_t, size_t) -> size_t { return 0; };
    out->write = [](SDL_RWops* rw, const void* data, size_t size, size_t count) -> size_t {
      static_cast<std::string*>(rw->hidden.unknown.data1)
          ->append(static_cast<const char*>(data), size * count);
      return count;
    };
    out->close = [](SDL_RWops* rw) -> int {
      SDL_FreeRW(rw);
      return 0;
    };
  }
  if (!rgb || !out || IMG_SavePNG_RW(rgb.get(), out, /*freedst=*/1) != 0) {
    if (error) *error = ok() ? std::string("cannot encode PNG: ") + IMG_GetError() : error_;
    return std::nullopt;
  }
  return bytes;
}

void paint_moment(OffscreenCanvas& picture, const Show& show, const Frame& frame) {
  SdlCanvas& canvas = picture.canvas();
  std::unique_ptr<VideoDeck> deck;
  if (show_has_video(show)) {
    deck = std::make_unique<VideoDeck>(canvas.renderer());
    deck->cue(show, frame);
    canvas.show_videos_from(deck.get());
  }
  canvas.begin_frame();
  render::paint(canvas, show, frame);
  // The frames are in the picture now; the textures go with the deck.
  SDL_RenderFlush(canvas.renderer());
  canvas.show_videos_from(nullptr);
}

bool render_png(const Show& show, Instant at, int width, int height,
                const std::filesystem::path& out, std::string* error,
                const OperatorState& operators) {
  OffscreenCanvas picture(width, height);
  if (!picture.ok()) {
    if (error) *error = picture.error();
    return false;
  }
  paint_moment(picture, show, resolve(show, operators, at));
  return picture.save_png(out, error);
}

}  // namespace marquee::backends
