// Painters: the theme background, the idle screen, and one painter per slide kind.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/show.h"
#include "render/canvas.h"
#include "render/fault_log.h"

namespace marquee::render {

// Theme colour, then the theme's background image (cover fit) if it can be read.
void paint_background(Canvas& canvas, const Theme& theme);

// What a screen shows when nothing is on air: never black, always says which screen it is.
void paint_idle(Canvas& canvas, const Show& show);

// The moment a slide is painted at: time since it came on air, its length, and the
// venue's wall clock. Painters that animate or count down read only this, never a
// frame counter, so `marquee render --at` and golden tests can pin them down.
struct SlideMoment {
  Millis elapsed{0};
  Millis duration{0};
  LocalTime local{};
  // The instant itself, for motion that must run on across slide changes and
  // midnight (the ticker); ms precision where `local` has whole seconds.
  Instant now{};
};

void paint_title(Canvas& canvas, const Theme& theme, const TitleSlide& slide);
void paint_image(Canvas& canvas, const Theme& theme, const ImageSlide& slide);

// Stands in for an image (or video) that is missing, unreadable or corrupt, naming the
// file so the AV desk can tell which asset to fix.
void paint_image_placeholder(Canvas& canvas, const Theme& theme, const Rect& area,
                             const std::filesystem::path& file,
                             std::string_view title = "image unavailable");

void paint_sponsors(Canvas& canvas, const Theme& theme, const SponsorsSlide& slide,
                    const SlideMoment& moment);
void paint_countdown(Canvas& canvas, const Theme& theme, const CountdownSlide& slide,
                     const SlideMoment& moment);
void paint_agenda(Canvas& canvas, const Theme& theme, const AgendaSlide& slide,
                  const SlideMoment& moment);
void paint_chart(Canvas& canvas, const Theme& theme, const ChartSlide& slide,
                 const SlideMoment& moment);
void paint_qr(Canvas& canvas, const Theme& theme, const QrSlide& slide);
// The newest video frame, fitted to the whole screen; the placeholder until one exists.
void paint_video(Canvas& canvas, const Theme& theme, const VideoSlide& slide);

// Ticker, clock and logo bug, above everything, for slides that allow overlays.
void paint_overlays(Canvas& canvas, const Show& show, const SlideMoment& moment);

// How long the ticker takes to crawl through its messages once: it looks exactly the
// same at t and at t + period.
Millis ticker_period(Canvas& canvas, const Theme& theme, const TickerOverlay& ticker);

// Background and content of one slide at a moment of its time on air; the theme's safe
// slide in its place, reported to `faults`, when its painter fails.
void paint_slide(Canvas& canvas, const Show& show, const Slide& slide, const SlideMoment& moment,
                 FaultLog& faults = painter_faults());

}  // namespace marquee::render
