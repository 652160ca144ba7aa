// Video slides: the newest decoded frame, contain or cover, or a placeholder naming the file.
#include "render/geometry.h"
#include "render/painters.h"

namespace marquee::render {

void paint_video(Canvas& canvas, const Theme& theme, const VideoSlide& slide) {
  // Full-bleed rather than inside the safe area: films are framed for the whole screen,
  // and contain's bars are the theme background, never black.
  const Rect screen = full_rect(canvas.size());
  if (const std::optional<Size> size = canvas.video_size(slide)) {
    const bool cover = slide.fit == Fit::cover;
    const Rect dst = cover ? screen : fit_contain(*size, screen);
    // A frame that fills the screen hides the background: at 1080p, not painting it
    // spares a full-screen fill for every frame of the film.
    constexpr double kEdge = 1e-6;
    const bool fills = dst.x <= kEdge && dst.y <= kEdge && dst.x + dst.w >= screen.w - kEdge &&
                       dst.y + dst.h >= screen.h - kEdge;
    if (!fills) paint_background(canvas, theme);
    if (canvas.draw_video(slide, cover ? cover_source(*size, screen) : full_rect(*size), dst))
      return;
    if (fills) paint_background(canvas, theme);
  } else {
    paint_background(canvas, theme);
  }
  paint_image_placeholder(canvas, theme, inset(screen, theme.safe_area), slide.file,
                          "video unavailable");
}

}  // namespace marquee::render
