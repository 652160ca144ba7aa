// Operator layers above the slide: takeover messages (info, sponsor, emergency) and identify.
#pragma once

#include "core/show.h"
#include "core/timeline.h"
#include "render/canvas.h"

namespace marquee::render {

// How much of the overlays still shows under the frame's takeovers: an emergency hides
// them (1 - its alpha while it fades), the others leave them to be covered.
double overlays_left_by(const Frame& frame);

// Info and sponsor messages cover the slide but leave the overlays (clock, ticker) above
// them, in the margins the messages keep free; an emergency covers the overlays too.
enum class TakeoverBand { under_overlays, above_overlays };

// The frame's takeovers of one band, lowest first, each faded by its alpha: info and
// sponsor in the theme's colours and fonts, emergency white on red and very large. Above
// the overlays, when the screen is identifying, its name large over everything.
void paint_takeovers(Canvas& canvas, const Show& show, const Frame& frame, TakeoverBand band);

}  // namespace marquee::render
