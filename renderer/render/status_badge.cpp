// The operator status badge: one line of text in a corner panel.
#include "render/status_badge.h"

#include "render/geometry.h"
#include "render/text_layout.h"

namespace marquee::render {

void paint_status_badge(Canvas& canvas, const Theme& theme, std::string_view text) {
  if (text.empty()) return;
  const Rect safe = inset(full_rect(canvas.size()), theme.safe_area);
  const double pad = theme.caption_size * 0.6;
  const double edge = theme.caption_size * 0.2;
  const TextStyle style{
      .font = theme.body_font, .size = theme.caption_size, .color = theme.text, .max_lines = 1};
  const TextLayout layout =
      fit_text(canvas, style, text, {safe.w / 2 - 2 * pad - edge, theme.caption_size * 2});
  const double w = layout.extent.w + 2 * pad + edge;
  const double h = layout.extent.h + pad;
  const Rect badge{safe.x + safe.w - w, safe.y, w, h};
  canvas.fill_rect(badge, theme.panel);
  canvas.fill_rect({badge.x, badge.y, edge, badge.h}, theme.accent);
  draw_text_layout(canvas, style, layout, badge.x + edge + pad, badge.y + pad / 2);
}

}  // namespace marquee::render
