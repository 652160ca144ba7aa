// Image slides (contain or cover, optional caption) and the placeholder for unreadable images.
#include <algorithm>
#include <cstdint>

#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_layout.h"

namespace marquee::render {
namespace {

constexpr double kFrameWidth = 4;          // accent frame around a placeholder
constexpr std::uint8_t kLabelAlpha = 217;  // caption label opacity over a cover image

TextStyle caption_style(const Theme& theme) {
  return {.font = theme.body_font,
          .size = theme.caption_size,
          .min_size = theme.caption_size * 0.7,
          .color = theme.text,
          .align = Align::center,
          .max_lines = 1};
}

}  // namespace

void paint_image_placeholder(Canvas& canvas, const Theme& theme, const Rect& area,
                             const std::filesystem::path& file, std::string_view title_text) {
  canvas.mark_stand_in();
  canvas.fill_rect(area, theme.panel);
  const double f = std::min({kFrameWidth, area.w / 2, area.h / 2});
  canvas.fill_rect({area.x, area.y, area.w, f}, theme.accent);
  canvas.fill_rect({area.x, area.y + area.h - f, area.w, f}, theme.accent);
  canvas.fill_rect({area.x, area.y + f, f, area.h - 2 * f}, theme.accent);
  canvas.fill_rect({area.x + area.w - f, area.y + f, f, area.h - 2 * f}, theme.accent);

  const Rect inner = inset(area, std::min(theme.body_size, std::min(area.w, area.h) / 8));
  FontSpec title_font = theme.body_font;
  title_font.weight = 600;
  const TextStyle title_style{.font = title_font,
                              .size = theme.body_size,
                              .min_size = theme.caption_size * 0.5,
                              .color = theme.text,
                              .align = Align::center,
                              .line_spacing = 1.1,
                              .max_lines = 2};
  const TextStyle name_style{.font = theme.body_font,
                             .size = theme.caption_size,
                             .min_size = theme.caption_size * 0.5,
                             .color = theme.muted,
                             .align = Align::center,
                             .line_spacing = 1.1,
                             .max_lines = 2};
  const std::string name = file.has_filename() ? file.filename().string() : file.string();
  const TextLayout title = fit_text(canvas, title_style, title_text, {inner.w, inner.h * 0.5});
  const TextLayout caption = fit_text(canvas, name_style, name, {inner.w, inner.h * 0.4});
  const double gap = theme.caption_size * 0.5;
  double y = inner.y + (inner.h - title.extent.h - gap - caption.extent.h) / 2;
  draw_text_layout(canvas, title_style, title, inner.x, y);
  draw_text_layout(canvas, name_style, caption, inner.x, y + title.extent.h + gap);
}

}  // namespace marquee::render

namespace marquee {

using namespace render;

void ImageSlide::paint(Canvas& canvas, const Theme& theme, const ImageSlide& slide,
                       const SlideMoment& /*moment*/) {
  const Rect screen = full_rect(canvas.size());
  const Rect safe = inset(screen, theme.safe_area);
  if (slide.background) canvas.fill_rect(screen, *slide.background);

  const TextStyle style = caption_style(theme);
  const TextLayout caption =
      fit_text(canvas, style, slide.caption, {safe.w, theme.caption_size * 2});
  const std::optional<Size> size = canvas.image_size(slide.file);

  if (size && slide.fit == Fit::cover) {
    canvas.draw_image(slide.file, cover_source(*size, screen), screen);
    if (caption.empty()) return;
    // A label behind the caption keeps it legible over any photo, like a lower third.
    const double pad = theme.caption_size * 0.5;
    const double text_y = safe.y + safe.h - caption.extent.h - pad;
    const double label_w = caption.extent.w + 4 * pad;
    Color label = theme.panel;
    label.a = kLabelAlpha;
    canvas.fill_rect(
        {safe.x + (safe.w - label_w) / 2, text_y - pad, label_w, caption.extent.h + 2 * pad},
        label);
    draw_text_layout(canvas, style, caption, safe.x, text_y);
    return;
  }

  // Contain (and any placeholder) sits in the safe area with the caption beneath it.
  Rect area = safe;
  if (!caption.empty()) area.h -= caption.extent.h + theme.caption_size;
  if (size) {
    canvas.draw_image(slide.file, full_rect(*size), fit_contain(*size, area));
  } else {
    paint_image_placeholder(canvas, theme, area, slide.file);
  }
  draw_text_layout(canvas, style, caption, safe.x, safe.y + safe.h - caption.extent.h);
}

}  // namespace marquee
