// Takeover and identify layers: full-screen operator messages in the theme's style, or white on
// red.
#include "render/takeovers.h"

#include <algorithm>

#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_block.h"
#include "render/text_layout.h"

namespace marquee::render {
namespace {

// An emergency must read from across a hall and for anyone: white on a deep red is
// 5.9:1, above WCAG's 4.5:1 for text, whatever the theme's colours are.
constexpr Color kEmergencyRed{0xB0, 0x00, 0x20};
constexpr Color kWhite{0xFF, 0xFF, 0xFF};
constexpr double kEmergencyScale = 1.6;  // of the theme's headline size
constexpr double kRule = 8;              // the accent (or white) rule under a title
constexpr double kBand = 24;             // the sponsor's accent band along the bottom edge
// Transitions use layers 0 and 1, and are over before the takeovers are drawn.
constexpr int kTakeoverLayer = 2;

struct Look {
  Color background, title, text, rule;
  FontSpec title_font, text_font;
  double title_size, text_size;
};

Look look_of(const Theme& theme, TakeoverStyle style) {
  const FontSpec semibold = weighted(theme.headline_font, 600);
  switch (style) {
    case TakeoverStyle::emergency:
      return {kEmergencyRed,
              kWhite,
              kWhite,
              kWhite,
              weighted(theme.headline_font, 800),
              weighted(theme.headline_font, 800),
              theme.headline_size * 0.8,
              theme.headline_size * kEmergencyScale};
    case TakeoverStyle::sponsor:
      return {theme.panel, theme.muted,         theme.text,      theme.accent,
              semibold,    theme.headline_font, theme.body_size, theme.headline_size};
    case TakeoverStyle::info:
      break;
  }
  return {theme.background, theme.accent,        theme.text,      theme.accent,
          semibold,         theme.headline_font, theme.body_size, theme.headline_size};
}

// A title over the message, centred as a block in `area`.
void paint_message(Canvas& canvas, const Look& look, std::string_view title, std::string_view text,
                   const Rect& area) {
  const TextBlock heading = balanced(canvas,
                                     {.font = look.title_font,
                                      .size = look.title_size,
                                      .min_size = look.title_size * 0.5,
                                      .color = look.title,
                                      .align = Align::center,
                                      .line_spacing = 1.1,
                                      .max_lines = 2},
                                     title, {area.w, area.h * 0.25});
  const double gap = heading.empty() ? 0 : look.title_size * 0.5;
  const double rule = heading.empty() ? 0 : kRule + gap;
  const TextBlock message = balanced(canvas,
                                     {.font = look.text_font,
                                      .size = look.text_size,
                                      .min_size = look.text_size * 0.3,
                                      .color = look.text,
                                      .align = Align::center,
                                      .line_spacing = 1.05},
                                     text, {area.w, area.h - heading.height() - gap - rule});
  const double total = heading.height() + gap + rule + message.height();
  double y = area.y + std::max(0.0, (area.h - total) / 2);
  heading.draw(canvas, area.x, y);
  y += heading.height() + gap;
  if (!heading.empty()) {
    const double width = std::min(160.0, area.w);
    canvas.fill_rect({area.x + (area.w - width) / 2, y, width, kRule}, look.rule);
    y += rule;
  }
  message.draw(canvas, area.x, y);
}

void paint_takeover(Canvas& canvas, const Show& show, const TakeoverAction& takeover) {
  const Theme& theme = show.theme;
  const Look look = look_of(theme, takeover.style);
  const Rect screen = full_rect(canvas.size());
  Rect area = inset(screen, theme.safe_area);
  switch (takeover.style) {
    case TakeoverStyle::info:
      paint_background(canvas, theme);
      break;
    case TakeoverStyle::sponsor: {
      canvas.fill_rect(screen, look.background);
      canvas.fill_rect({0, screen.h - kBand, screen.w, kBand}, theme.accent);
      // The event's mark above the message: a sponsor thanks on the event's behalf.
      if (const auto logo = theme.logo.empty() ? std::nullopt : canvas.image_size(theme.logo)) {
        const Rect box = fit_contain(*logo, {area.x, area.y, area.w, area.h * 0.18});
        canvas.draw_image(theme.logo, full_rect(*logo), box);
        const double used = area.h * 0.18 + theme.body_size;
        area = {area.x, area.y + used, area.w, std::max(0.0, area.h - used)};
      }
      break;
    }
    case TakeoverStyle::emergency:
      canvas.fill_rect(screen, look.background);
      // Nothing else is on screen, so the message gets the margins the overlays had.
      area = inset(screen, std::min(theme.safe_area.left, theme.safe_area.top) / 2);
      break;
  }
  paint_message(canvas, look, takeover.title, takeover.text, area);
}

// The screen's name as large as it fits on black, framed in the accent colour, so it can
// be picked out from across a hall; the slide is hidden for those five seconds.
void paint_identify(Canvas& canvas, const Show& show) {
  const Theme& theme = show.theme;
  const Rect screen = full_rect(canvas.size());
  canvas.fill_rect(screen, {0, 0, 0, 255});
  const double frame = 24;
  canvas.fill_rect({0, 0, screen.w, frame}, theme.accent);
  canvas.fill_rect({0, screen.h - frame, screen.w, frame}, theme.accent);
  canvas.fill_rect({0, 0, frame, screen.h}, theme.accent);
  canvas.fill_rect({screen.w - frame, 0, frame, screen.h}, theme.accent);
  const Look look{.background = {},
                  .title = theme.accent,
                  .text = kWhite,
                  .rule = theme.accent,
                  .title_font = weighted(theme.headline_font, 600),
                  .text_font = theme.headline_font,
                  .title_size = theme.body_size,
                  .text_size = theme.headline_size * kEmergencyScale};
  paint_message(canvas, look, "This screen is", show.screen.empty() ? "(no name)" : show.screen,
                inset(screen, theme.safe_area));
}

}  // namespace

double overlays_left_by(const Frame& frame) {
  double hidden = 0;
  for (const TakeoverOnAir& t : frame.takeovers)
    if (t.takeover.style == TakeoverStyle::emergency) hidden = std::max(hidden, t.alpha);
  return 1 - hidden;
}

void paint_takeovers(Canvas& canvas, const Show& show, const Frame& frame, TakeoverBand band) {
  const bool above = band == TakeoverBand::above_overlays;
  for (const TakeoverOnAir& t : frame.takeovers) {
    if ((t.takeover.style == TakeoverStyle::emergency) != above) continue;
    if (t.alpha >= 1) {
      paint_takeover(canvas, show, t.takeover);
      continue;
    }
    // Faded whole, as a transition fades a slide: drawn piece by piece at an alpha, the
    // message's text would show the slide through its own background.
    {
      LayerScope layer(canvas, kTakeoverLayer);
      paint_takeover(canvas, show, t.takeover);
    }
    canvas.draw_layer(kTakeoverLayer, full_rect(canvas.size()), t.alpha);
  }
  if (above && frame.identify) paint_identify(canvas, show);
}

}  // namespace marquee::render
