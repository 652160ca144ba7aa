// What painters share: the theme background, the idle screen, placeholders, overlays and the slide
// dispatch. Each kind's own painter is a member of its struct (core/kinds/).
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include "core/show.h"
#include "core/sponsor_layout.h"
#include "render/canvas.h"
#include "render/fault_log.h"

namespace marquee::render {

// Theme colour, then the theme's background image (cover fit) if it can be read.
void paint_background(Canvas& canvas, const Theme& theme);

// What a screen shows when nothing is on air: never black, always says which screen it is.
void paint_idle(Canvas& canvas, const Show& show);

// Stands in for an image (or video) that is missing, unreadable or corrupt, naming the
// file so the AV desk can tell which asset to fix.
void paint_image_placeholder(Canvas& canvas, const Theme& theme, const Rect& area,
                             const std::filesystem::path& file,
                             std::string_view title = "image unavailable");

// The sponsor wall as the painter lays it out on this canvas (its logos' shapes read from
// the canvas): the pages the play journal counts sponsors on.
SponsorWall sponsor_wall(Canvas& canvas, const Theme& theme, const SponsorsSlide& slide);

// Ticker, clock and logo bug, above everything, for slides that allow overlays.
void paint_overlays(Canvas& canvas, const Show& show, const SlideMoment& moment);

// How long the ticker takes to crawl through its messages once: it looks exactly the
// same at t and at t + period.
Millis ticker_period(Canvas& canvas, const Theme& theme, const TickerOverlay& ticker);
// Where the ticker's band is on a screen of this size: in the bottom margin, below the safe
// area (which the lower third keeps to).
Rect ticker_band(const Theme& theme, Size screen);

// Background and content of one slide at a moment of its time on air; the theme's safe
// slide in its place, reported to `faults`, when its painter fails. False when what was
// drawn stands in for the slide: the safe slide, or a placeholder for its image or film.
bool paint_slide(Canvas& canvas, const Show& show, const Slide& slide, const SlideMoment& moment,
                 FaultLog& faults = painter_faults());

// Runs `paint` for `slide`; if it throws, the theme's safe slide (background, logo, screen
// name) stands in, and the failure is logged at most once a minute per slide, so a
// broken slide can neither blank the screen nor flood the log. False when it threw, or
// drew a placeholder (Canvas::mark_stand_in).
bool paint_guarded(Canvas& canvas, const Show& show, const Slide& slide,
                   const std::function<void(Canvas&)>& paint, FaultLog& faults = painter_faults());

}  // namespace marquee::render
