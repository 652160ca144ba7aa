// Headless rendering with SDL's software renderer: exact frames and contact sheets as PNG.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/sdl_canvas.h"
#include "backends/sdl_handles.h"
#include "core/show.h"
#include "core/timeline.h"

namespace marquee::backends {

// A picture in memory with its own software renderer and canvas; no window or
// display involved. Needs a live SdlSystem.
class OffscreenCanvas {
 public:
  OffscreenCanvas(int width, int height);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  SdlCanvas& canvas() { return *canvas_; }
  // The picture drawn so far (pending drawing is flushed first).
  SDL_Surface* surface();
  bool save_png(const std::filesystem::path& out, std::string* error);
  // The picture as PNG bytes, as save_png would write them.
  std::optional<std::string> png(std::string* error);

 private:
  SurfacePtr surface_;
  RendererPtr renderer_;
  std::unique_ptr<SdlCanvas> canvas_;
  std::string error_;
};

// Paints one moment of the show into the picture, as a screen would show it: its films
// show their picture of that moment (VideoDeck::cue), not a placeholder.
void paint_moment(OffscreenCanvas& picture, const Show& show, const Frame& frame);

// The frame on air at `at`, as `marquee render` writes it. False with *error set on failure.
bool render_png(const Show& show, Instant at, int width, int height,
                const std::filesystem::path& out, std::string* error,
                const OperatorState& operators = {});

// One captioned thumbnail per slide, each in its settled state, under a header naming
// the screen and theme, as `marquee preview` writes it. The sheet keeps the given
// width and grows taller when the slides would not fit legibly.
bool render_contact_sheet(const Show& show, int width, int height, const std::filesystem::path& out,
                          std::string* error);

// A sheet of chosen moments of `show`, each a thumbnail captioned "label detail" (the label
// bright), under a header: what `marquee report --sheet` shows a sponsor.
struct SheetCard {
  Frame frame;
  std::string label, detail;
};
struct SheetPage {
  std::string title, meta;
  std::string empty;  // said when there are no cards
  std::vector<SheetCard> cards;
};
bool render_sheet(const Show& show, const SheetPage& page, int width, int height,
                  const std::filesystem::path& out, std::string* error);

}  // namespace marquee::backends
