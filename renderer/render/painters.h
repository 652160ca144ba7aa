// Painters: the theme background, the idle screen, and one painter per slide kind.
#pragma once

#include <filesystem>

#include "core/show.h"
#include "render/canvas.h"

namespace marquee::render {

// Theme colour, then the theme's background image (cover fit) if it can be read.
void paint_background(Canvas& canvas, const Theme& theme);

// What a screen shows when nothing is on air: never black, always says which screen it is.
void paint_idle(Canvas& canvas, const Show& show);

void paint_title(Canvas& canvas, const Theme& theme, const TitleSlide& slide);
void paint_image(Canvas& canvas, const Theme& theme, const ImageSlide& slide);

// Stands in for an image that is missing, unreadable or corrupt, naming the file so
// the AV desk can tell which asset to fix.
void paint_image_placeholder(Canvas& canvas, const Theme& theme, const Rect& area,
                             const std::filesystem::path& file);

// Background and content of one slide as it looks `elapsed` into its time on air.
void paint_slide(Canvas& canvas, const Show& show, const Slide& slide, Millis elapsed);

}  // namespace marquee::render
