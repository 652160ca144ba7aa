// Dispatch from a resolved frame to the background, the kinds' painters, transitions and overlays.
#include "render/paint.h"

#include <spdlog/spdlog.h>

#include "render/draw_list.h"
#include "render/fault_log.h"
#include "render/painters.h"
#include "render/stage.h"
#include "render/takeovers.h"
#include "render/transition.h"

namespace marquee::render {

bool paint_guarded(Canvas& canvas, const Show& show, const Slide& slide,
                   const std::function<void(Canvas&)>& paint, FaultLog& faults) {
  // Recorded first, so a painter that throws half-way leaves nothing half-drawn behind.
  ListCanvas recorded(canvas);
  try {
    paint(recorded);
  } catch (const std::exception& e) {
    if (faults.should_report(slide.id))
      spdlog::error("{}:{}: slide '{}' ({}) failed to paint: {}; showing the safe slide",
                    slide.where.file, slide.where.line, slide.id, kind_name(slide.content),
                    e.what());
    paint_idle(canvas, show);
    return false;
  }
  recorded.list().replay(canvas);
  return !recorded.stood_in();
}

bool paint_slide(Canvas& canvas, const Show& show, const Slide& slide, const SlideMoment& moment,
                 FaultLog& faults) {
  // A slide is one picture the screen may keep and draw again while it looks the same.
  GroupScope picture(canvas, Canvas::Group::picture);
  return paint_guarded(
      canvas, show, slide,
      [&](Canvas& target) {
        if (!paints_own_background(slide.content)) paint_background(target, show.theme);
        std::visit(
            [&](const auto& kind) {
              std::decay_t<decltype(kind)>::paint(target, show.theme, kind, moment);
            },
            slide.content);
      },
      faults);
}

Painted paint(Canvas& canvas, const Show& show, const Frame& frame, FaultLog& faults) {
  Painted painted;
  const auto on_air = [&](int index) {
    return index >= 0 && static_cast<std::size_t>(index) < show.slides.size();
  };
  double overlay_alpha = 1;
  if (!on_air(frame.slide)) {
    GroupScope picture(canvas, Canvas::Group::picture);
    paint_idle(canvas, show);
  } else {
    const Slide& incoming = show.slides[frame.slide];
    overlay_alpha = incoming.overlays ? 1 : 0;
    if (on_air(frame.previous) && frame.progress < 1) {
      const Slide& outgoing = show.slides[frame.previous];
      paint_transition(
          canvas, incoming.transition.kind, frame.eased,
          [&](Canvas& c) {
            painted.outgoing_stood_in = !paint_slide(c, show, outgoing, frame.outgoing, faults);
          },
          [&](Canvas& c) {
            painted.incoming_stood_in = !paint_slide(c, show, incoming, frame.incoming, faults);
          });
      // Overlays fade with the transition when only one side of it shows them.
      const double outgoing_alpha = outgoing.overlays ? 1 : 0;
      overlay_alpha = outgoing_alpha + (overlay_alpha - outgoing_alpha) * frame.eased;
    } else {
      painted.incoming_stood_in = !paint_slide(canvas, show, incoming, frame.incoming, faults);
    }
  }
  paint_lower_third(canvas, show, frame);
  paint_takeovers(canvas, show, frame, TakeoverBand::under_overlays);
  overlay_alpha *= overlays_left_by(frame);
  if (overlay_alpha > 0) {
    AlphaScope fade(canvas, overlay_alpha);
    paint_overlays(canvas, show, frame.incoming);
  }
  // A message to the speaker, and blackout, on the speaker's screens; only an emergency
  // (and identify) shows over a blackout.
  paint_speaker_layers(canvas, show, frame);
  paint_takeovers(canvas, show, frame, TakeoverBand::above_overlays);
  return painted;
}

}  // namespace marquee::render
