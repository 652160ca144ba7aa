// Internal: reads the playlist's top-level 'overlays:' key (ticker, clock, logo bug).
#pragma once

#include "config/reader.h"
#include "core/show.h"

namespace marquee::config::detail {

// Needs the theme, which is where the logo bug's picture comes from by default.
Overlays read_overlays(Reader& r, const Item& item, const Theme& theme);

}  // namespace marquee::config::detail
