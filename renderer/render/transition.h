// Transitions as blends of two fully painted slides, driven by progress t in [0,1].
#pragma once

#include <functional>

#include "core/show.h"
#include "render/canvas.h"

namespace marquee::render {

using PaintFn = std::function<void(Canvas&)>;

// Layers a transition paints its two slides into.
inline constexpr int kOutgoingLayer = 0;
inline constexpr int kIncomingLayer = 1;

// Paints a transition of `kind` at eased progress t in [0,1]. 0 is exactly the outgoing
// paint and 1 exactly the incoming one: both ends skip the layers altogether, so a
// finished transition costs nothing and cannot differ from the slide by a rounding.
void paint_transition(Canvas& canvas, TransitionKind kind, double t, const PaintFn& outgoing,
                      const PaintFn& incoming);

// Composites the two layers for a transition kind at eased t in [0,1].
void blend_layers(Canvas& canvas, TransitionKind kind, double t);

}  // namespace marquee::render
