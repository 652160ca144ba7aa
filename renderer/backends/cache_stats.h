// What the canvas's caches let through: the canvas counts, `marquee bench` reports.
#pragma once

#include <cstddef>

namespace marquee::backends {

// How much work the caches have let through, so tests and diagnostics can see that a steady
// frame rasterises and decodes nothing.
struct CacheStats {
  std::size_t texts_rasterised = 0;
  std::size_t images_decoded = 0;
  std::size_t pictures_made = 0;       // slides drawn into a kept texture
  std::size_t pictures_drawn = 0;      // kept textures drawn (or blended) on screen
  std::size_t films_onto_surface = 0;  // film frames converted straight onto the window
};

}  // namespace marquee::backends
