// A small badge in the corner of the screen that tells the AV desk about the player's state.
#pragma once

#include <string_view>

#include "core/show.h"
#include "render/canvas.h"

namespace marquee::render {

// Draws `text` in a panel-coloured badge with an accent edge, at the top right of the
// safe area, above whatever is on screen. Meant for operators ("edit rejected · see
// log"), so it is small and never covers the middle of a slide.
void paint_status_badge(Canvas& canvas, const Theme& theme, std::string_view text);

}  // namespace marquee::render
