// Cut, crossfade, push and wipe as compositions of the outgoing and incoming layers.
#include "render/transition.h"

#include <algorithm>

#include "render/geometry.h"

namespace marquee::render {

void blend_layers(Canvas& canvas, TransitionKind kind, double t) {
  const Rect screen = full_rect(canvas.size());
  switch (kind) {
    case TransitionKind::cut:
      canvas.draw_layer(t > 0 ? kIncomingLayer : kOutgoingLayer, screen, 1);
      return;
    case TransitionKind::fade:
      // Both slides are opaque, so "incoming over outgoing at alpha t" is the crossfade
      // out * (1 - t) + in * t.
      canvas.draw_layer(kOutgoingLayer, screen, 1);
      canvas.draw_layer(kIncomingLayer, screen, t);
      return;
    case TransitionKind::push_left:
    case TransitionKind::push_right: {
      const double direction = kind == TransitionKind::push_left ? -1 : 1;
      const double shift = direction * screen.w * t;
      canvas.draw_layer(kOutgoingLayer, {shift, 0, screen.w, screen.h}, 1);
      canvas.draw_layer(kIncomingLayer, {shift - direction * screen.w, 0, screen.w, screen.h}, 1);
      return;
    }
    case TransitionKind::wipe: {
      canvas.draw_layer(kOutgoingLayer, screen, 1);
      ClipScope clip(canvas, {0, 0, screen.w * t, screen.h});
      canvas.draw_layer(kIncomingLayer, screen, 1);
      return;
    }
  }
}

void paint_transition(Canvas& canvas, TransitionKind kind, double t, const PaintFn& outgoing,
                      const PaintFn& incoming) {
  if (t <= 0) {
    outgoing(canvas);
    return;
  }
  // A cut has no in-between: the incoming slide is on air from its first instant.
  if (t >= 1 || kind == TransitionKind::cut) {
    incoming(canvas);
    return;
  }
  {
    LayerScope layer(canvas, kOutgoingLayer);
    outgoing(canvas);
  }
  {
    LayerScope layer(canvas, kIncomingLayer);
    incoming(canvas);
  }
  blend_layers(canvas, kind, t);
}

}  // namespace marquee::render
