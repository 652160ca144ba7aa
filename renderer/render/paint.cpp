// Dispatch from a resolved frame to the background, slide painters, transitions and overlays.
#include "render/paint.h"

#include <spdlog/spdlog.h>

#include "render/fault_log.h"
#include "render/painters.h"
#include "render/transition.h"

namespace marquee::render {

void paint_slide(Canvas& canvas, const Show& show, const Slide& slide, const SlideMoment& moment,
                 FaultLog& faults) {
  // A video usually hides the whole background, so its painter paints what shows.
  if (!std::holds_alternative<VideoSlide>(slide.content)) paint_background(canvas, show.theme);
  struct Painter {
    Canvas& canvas;
    const Theme& theme;
    const SlideMoment& moment;
    void operator()(const TitleSlide& s) const { paint_title(canvas, theme, s); }
    void operator()(const ImageSlide& s) const { paint_image(canvas, theme, s); }
    void operator()(const SponsorsSlide& s) const { paint_sponsors(canvas, theme, s, moment); }
    void operator()(const CountdownSlide& s) const { paint_countdown(canvas, theme, s, moment); }
    void operator()(const AgendaSlide& s) const { paint_agenda(canvas, theme, s, moment); }
    void operator()(const ChartSlide& s) const { paint_chart(canvas, theme, s, moment); }
    void operator()(const QrSlide& s) const { paint_qr(canvas, theme, s); }
    void operator()(const VideoSlide& s) const { paint_video(canvas, theme, s); }
  };
  // A painter that fails must not blank the screen: the theme's safe slide (background,
  // logo, screen name) stands in, and the failure is logged at most once a minute.
  try {
    std::visit(Painter{canvas, show.theme, moment}, slide.content);
  } catch (const std::exception& e) {
    if (faults.should_report(slide.id))
      spdlog::error("{}:{}: slide '{}' ({}) failed to paint: {}; showing the safe slide",
                    slide.where.file, slide.where.line, slide.id, kind_name(slide.content),
                    e.what());
    paint_idle(canvas, show);
  }
}

void paint(Canvas& canvas, const Show& show, const Frame& frame, FaultLog& faults) {
  const auto on_air = [&](int index) {
    return index >= 0 && static_cast<std::size_t>(index) < show.slides.size();
  };
  const SlideMoment now{frame.elapsed, Millis{0}, frame.local, frame.now};
  double overlay_alpha = 1;
  if (!on_air(frame.slide)) {
    paint_idle(canvas, show);
  } else {
    const Slide& incoming = show.slides[frame.slide];
    const SlideMoment incoming_moment{frame.elapsed, incoming.duration, frame.local};
    const PaintFn paint_incoming = [&](Canvas& c) {
      paint_slide(c, show, incoming, incoming_moment, faults);
    };
    overlay_alpha = incoming.overlays ? 1 : 0;
    if (on_air(frame.previous) && frame.progress < 1) {
      const Slide& outgoing = show.slides[frame.previous];
      const SlideMoment outgoing_moment{frame.previous_elapsed, outgoing.duration, frame.local};
      paint_transition(
          canvas, incoming.transition, frame.progress,
          [&](Canvas& c) { paint_slide(c, show, outgoing, outgoing_moment, faults); },
          paint_incoming);
      // Overlays fade with the transition when only one side of it shows them.
      const double outgoing_alpha = outgoing.overlays ? 1 : 0;
      const double t = ease(incoming.transition.easing, frame.progress);
      overlay_alpha = outgoing_alpha + (overlay_alpha - outgoing_alpha) * t;
    } else {
      paint_incoming(canvas);
    }
  }
  if (overlay_alpha > 0) {
    AlphaScope fade(canvas, overlay_alpha);
    paint_overlays(canvas, show, now);
  }
}

}  // namespace marquee::render
