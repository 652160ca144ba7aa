// Video slides: the newest decoded frame the app's video deck handed over, contain or cover, or a
// placeholder naming the file.
#include "render/geometry.h"
#include "render/painters.h"

namespace marquee {

using namespace render;

void VideoSlide::paint(Canvas& canvas, const Theme& theme, const VideoSlide& slide,
                       const SlideMoment& /*moment*/) {
  // Full-bleed rather than inside the safe area: films are framed for the whole screen,
  // and contain's bars are the theme background, never black.
  const Rect screen = full_rect(canvas.size());
  const std::optional<VideoPicture> picture = canvas.video(slide.file);
  if (!picture) {
    paint_background(canvas, theme);
    paint_image_placeholder(canvas, theme, inset(screen, theme.safe_area), slide.file,
                            "video unavailable");
    return;
  }
  const Rect dst = slide.fit == Fit::cover ? screen : fit_contain(picture->size, screen);
  // A frame that fills the screen hides the background: at 1080p, not painting it
  // spares a full-screen fill for every frame of the film.
  constexpr double kEdge = 1e-6;
  const bool fills = dst.x <= kEdge && dst.y <= kEdge && dst.x + dst.w >= screen.w - kEdge &&
                     dst.y + dst.h >= screen.h - kEdge;
  if (!fills) paint_background(canvas, theme);
  // Every frame of the film is new: drawn over the slide's kept picture, if any shows.
  GroupScope live(canvas, Canvas::Group::live);
  canvas.draw_video(
      slide.file,
      slide.fit == Fit::cover ? cover_source(picture->size, screen) : full_rect(picture->size),
      dst);
}

}  // namespace marquee
