// Dispatch from a resolved frame to the background, slide painters and transitions.
#include "render/paint.h"

#include "render/painters.h"
#include "render/transition.h"

namespace marquee::render {

void paint_slide(Canvas& canvas, const Show& show, const Slide& slide, Millis /*elapsed*/) {
  // Title and image slides are still; elapsed is there for animated kinds (video, clocks).
  paint_background(canvas, show.theme);
  struct Painter {
    Canvas& canvas;
    const Theme& theme;
    void operator()(const TitleSlide& title) const { paint_title(canvas, theme, title); }
    void operator()(const ImageSlide& image) const { paint_image(canvas, theme, image); }
  };
  std::visit(Painter{canvas, show.theme}, slide.content);
}

void paint(Canvas& canvas, const Show& show, const Frame& frame) {
  const auto on_air = [&](int index) {
    return index >= 0 && static_cast<std::size_t>(index) < show.slides.size();
  };
  if (!on_air(frame.slide)) {
    paint_idle(canvas, show);
  } else {
    const Slide& incoming = show.slides[frame.slide];
    const PaintFn paint_incoming = [&](Canvas& c) {
      paint_slide(c, show, incoming, frame.elapsed);
    };
    if (on_air(frame.previous) && frame.progress < 1) {
      const Slide& outgoing = show.slides[frame.previous];
      paint_transition(
          canvas, incoming.transition, frame.progress,
          [&](Canvas& c) { paint_slide(c, show, outgoing, frame.previous_elapsed); },
          paint_incoming);
    } else {
      paint_incoming(canvas);
    }
  }
  // Overlays (clock, ticker, logo bug) belong here, above slides and transitions, and
  // are skipped for slides with `overlays: false`. A later issue draws them.
}

}  // namespace marquee::render
