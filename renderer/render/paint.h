// paint(): the one entry point the app calls to draw a resolved frame of a show.
#pragma once

#include "core/show.h"
#include "core/timeline.h"
#include "render/canvas.h"

namespace marquee::render {

// Draws the frame: the idle screen when nothing is on air, else the slide, or the
// transition into it (the incoming slide's transition decides how it enters).
void paint(Canvas& canvas, const Show& show, const Frame& frame);

}  // namespace marquee::render
