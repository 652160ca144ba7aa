// Video slides: the newest decoded frame, contain or cover, or a placeholder naming the file.
#include "render/geometry.h"
#include "render/painters.h"

namespace marquee::render {

void paint_video(Canvas& canvas, const Theme& theme, const VideoSlide& slide) {
  // Full-bleed rather than inside the safe area: films are framed for the whole screen,
  // and contain's bars are the theme background painted underneath, never black.
  const Rect screen = full_rect(canvas.size());
  if (const std::optional<Size> size = canvas.video_size(slide)) {
    const bool drawn = slide.fit == Fit::cover
                           ? canvas.draw_video(slide, cover_source(*size, screen), screen)
                           : canvas.draw_video(slide, full_rect(*size), fit_contain(*size, screen));
    if (drawn) return;
  }
  paint_image_placeholder(canvas, theme, inset(screen, theme.safe_area), slide.file,
                          "video unavailable");
}

}  // namespace marquee::render
