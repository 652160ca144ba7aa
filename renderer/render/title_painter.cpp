// Title slides: an accent kicker, a big bold headline and a body, each fitted into the safe area.
#include <algorithm>

#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_layout.h"

namespace marquee::render {
namespace {

// Proportions of the title composition, in multiples of the theme's sizes. They are
// here rather than in the theme because they are what makes the slide look composed.
constexpr double kKickerShare = 0.2;    // of the safe area's height, at most
constexpr double kBodyShare = 0.4;      // of the safe area's height, at most, under a headline
constexpr double kHeadlineFloor = 0.4;  // smallest headline, as a fraction of headline_size
constexpr double kBodyFloor = 0.6;
constexpr double kRuleWidth = 120;  // the accent rule between headline and body
constexpr double kRuleHeight = 8;

struct Block {
  TextStyle style;
  TextLayout layout{};
};

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void TitleSlide::paint(Canvas& canvas, const Theme& theme, const TitleSlide& slide,
                       const SlideMoment& /*moment*/) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);

  FontSpec kicker_font = theme.headline_font;
  kicker_font.weight = 600;
  const double kicker_size = std::max(theme.caption_size, theme.body_size * 0.8);
  Block kicker{.style = {.font = kicker_font,
                         .size = kicker_size,
                         .min_size = theme.caption_size,
                         .color = theme.accent,
                         .align = slide.align,
                         .line_spacing = 1.1,
                         .max_lines = 2}};
  Block headline{.style = {.font = theme.headline_font,
                           .size = theme.headline_size,
                           .min_size = theme.headline_size * kHeadlineFloor,
                           .color = theme.text,
                           .align = slide.align}};
  Block body{.style = {.font = theme.body_font,
                       .size = theme.body_size,
                       .min_size = theme.body_size * kBodyFloor,
                       .color = theme.muted,
                       .align = slide.align,
                       .line_spacing = 1.25}};

  kicker.layout = fit_text(canvas, kicker.style, slide.kicker, {area.w, area.h * kKickerShare});
  const double kicker_gap = kicker.layout.empty() ? 0 : kicker_size * 0.5;
  const double above_headline = kicker.layout.extent.h + kicker_gap;

  const bool has_headline = !slide.headline.empty();
  const double body_room = has_headline ? area.h * kBodyShare : area.h - above_headline;
  body.layout = fit_text(canvas, body.style, slide.body, {area.w, body_room});

  // The rule separates headline from body; with only one of them it would just be noise.
  const bool rule = has_headline && !body.layout.empty();
  const double rule_gap = theme.body_size * 0.6;
  const double rule_block = rule ? kRuleHeight + 2 * rule_gap : 0;
  const double below_headline = body.layout.extent.h + rule_block;

  headline.layout = fit_text(canvas, headline.style, slide.headline,
                             {area.w, area.h - above_headline - below_headline});

  const double total = above_headline + headline.layout.extent.h + below_headline;
  double y = area.y + std::max(0.0, (area.h - total) / 2);
  draw_text_layout(canvas, kicker.style, kicker.layout, area.x, y);
  y += above_headline;
  draw_text_layout(canvas, headline.style, headline.layout, area.x, y);
  y += headline.layout.extent.h;
  if (rule) {
    const double width = std::min(kRuleWidth, area.w);
    canvas.fill_rect(
        {align_x(slide.align, area.x, area.w, width), y + rule_gap, width, kRuleHeight},
        theme.accent);
    y += rule_block;
  }
  draw_text_layout(canvas, body.style, body.layout, area.x, y);
}

}  // namespace marquee
