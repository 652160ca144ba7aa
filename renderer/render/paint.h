// paint(): the one entry point the app calls to draw a resolved frame of a show.
#pragma once

#include "core/show.h"
#include "core/timeline.h"
#include "render/canvas.h"
#include "render/fault_log.h"

namespace marquee::render {

// Which of the frame's slides were drawn as a stand-in (see paint_slide).
struct Painted {
  bool incoming_stood_in = false;
  bool outgoing_stood_in = false;
};

// Draws the frame: the idle screen when nothing is on air, else the slide, or the
// transition into it (the incoming slide's transition decides how it enters), then the
// lower third, the operator's takeovers and identify (render/takeovers.h) with the overlays
// between them, and on the speaker's screens the message and blackout (render/stage.h)
// under an emergency.
// A painter that fails is reported to `faults`, rate-limited per slide. A player has
// one log for its life (the process's, by default); a test passes its own, so that
// what one test reported never silences or counts towards another's.
Painted paint(Canvas& canvas, const Show& show, const Frame& frame,
              FaultLog& faults = painter_faults());

}  // namespace marquee::render
