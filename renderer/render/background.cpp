// The theme background and the idle screen shown when no slide is on air.
#include <optional>

#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_layout.h"

namespace marquee::render {

void paint_background(Canvas& canvas, const Theme& theme) {
  const Rect screen = full_rect(canvas.size());
  canvas.fill_rect(screen, theme.background);
  if (theme.background_image.empty()) return;
  // An unreadable background image leaves the plain colour: a background is never worth
  // a placeholder in the middle of every slide.
  if (const auto size = canvas.image_size(theme.background_image)) {
    canvas.draw_image(theme.background_image, cover_source(*size, screen), screen);
  }
}

void paint_idle(Canvas& canvas, const Show& show) {
  const Theme& theme = show.theme;
  paint_background(canvas, theme);
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);

  const std::optional<Size> logo_size =
      theme.logo.empty() ? std::nullopt : canvas.image_size(theme.logo);
  const Rect logo =
      logo_size ? fit_contain(*logo_size, {area.x + area.w * 0.2, 0, area.w * 0.6, area.h * 0.3})
                : Rect{};

  const TextStyle name_style{.font = theme.body_font,
                             .size = theme.body_size,
                             .min_size = theme.caption_size,
                             .color = theme.muted,
                             .align = Align::center,
                             .line_spacing = 1.2,
                             .max_lines = 2};
  const TextLayout name = fit_text(canvas, name_style, show.screen, {area.w, area.h * 0.3});

  const double gap = logo_size && !name.empty() ? theme.body_size : 0;
  const double total = logo.h + gap + name.extent.h;
  double y = area.y + (area.h - total) / 2;
  if (logo_size) {
    canvas.draw_image(theme.logo, full_rect(*logo_size), {logo.x, y, logo.w, logo.h});
    y += logo.h + gap;
  }
  draw_text_layout(canvas, name_style, name, area.x, y);
}

}  // namespace marquee::render
