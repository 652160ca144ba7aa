// Speaker cards: the portrait cropped round (or the initials), the name, job title and
// organisation, and the talk, in the theme's type and colours.
#include <algorithm>

#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_block.h"

namespace marquee::render {
namespace {

constexpr double kPortraitShare = 0.62;  // of the safe area's short way, at most
constexpr double kPortraitCap = 0.34;    // of its long way
constexpr double kRing = 8;              // the accent ring around a photo
constexpr double kInitials = 0.36;       // the initials' size, of the disc's diameter
constexpr double kRuleWidth = 120;
constexpr double kRuleHeight = 8;

// The card's lines: the slide's own, else the talk's.
struct Card {
  std::string kicker, name, role, title;
  std::filesystem::path portrait;
};

Card card_of(const SpeakerSlide& slide, const Talk* talk) {
  const auto either = [](const std::string& own, const std::string& from) {
    return own.empty() ? from : own;
  };
  Card card{slide.kicker, slide.name, "", slide.title, slide.portrait};
  const std::string job = either(slide.job_title, talk ? talk->job_title : "");
  const std::string organisation = either(slide.organisation, talk ? talk->organisation : "");
  if (talk) {
    card.name = either(card.name, talk->speaker);
    card.title = either(card.title, talk->title);
    if (card.portrait.empty()) card.portrait = talk->portrait;
  }
  card.role = joined({job, organisation}, ", ");
  return card;
}

void paint_portrait(Canvas& canvas, const Theme& theme, const Card& card, const Rect& disc) {
  const auto size = card.portrait.empty() ? std::nullopt : canvas.image_size(card.portrait);
  if (size && size->w > 0 && size->h > 0) {
    canvas.fill_circle(disc, theme.accent);
    const Rect inner = inset(disc, kRing);
    // Cover: the middle of the picture, nudged up where faces are in a portrait.
    Rect src = cover_source(*size, inner);
    if (size->h > size->w) src.y = std::max(0.0, src.y * 0.6);
    canvas.draw_image_circle(card.portrait, src, inner);
    return;
  }
  // No portrait, or one that cannot be read: the initials on the accent.
  canvas.fill_circle(disc, theme.accent);
  const std::string letters = initials(card.name);
  const FontSpec font = weighted(theme.headline_font, 700);
  const double px = disc.w * kInitials;
  const TextMetrics m = canvas.measure_text(font, px, letters);
  // Capitals stand about 0.73 em tall; centred on them, not on the line box.
  canvas.draw_text(font, px, letters, disc.x + (disc.w - m.width) / 2,
                   disc.y + disc.h / 2 - m.ascent + px * 0.73 / 2, theme.text);
}

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void SpeakerSlide::paint(Canvas& canvas, const Theme& theme, const SpeakerSlide& slide,
                         const SlideMoment& moment) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);
  const Talk* talk = moment.stage && !slide.talk.empty() ? moment.stage->talk(slide.talk) : nullptr;
  const Card card = card_of(slide, talk);
  const bool portrait_screen = area.h > area.w;
  const double diameter =
      std::min(std::min(area.w, area.h) * kPortraitShare, std::max(area.w, area.h) * kPortraitCap);
  const double gap = theme.body_size * 1.2;
  // Beside the disc on a landscape screen, under it on a portrait one.
  const Align align = portrait_screen ? Align::center : Align::left;
  const Size text_box = portrait_screen ? Size{area.w, area.h - diameter - gap}
                                        : Size{area.w - diameter - gap, area.h};

  const TextBlock kicker = fitted(canvas,
                                  {.font = weighted(theme.headline_font, 600),
                                   .size = theme.body_size * 0.8,
                                   .min_size = theme.caption_size,
                                   .color = theme.accent,
                                   .align = align,
                                   .max_lines = 1},
                                  card.kicker, {text_box.w, text_box.h * 0.15});
  const TextBlock name = balanced(canvas,
                                  {.font = theme.headline_font,
                                   .size = theme.headline_size,
                                   .min_size = theme.headline_size * 0.5,
                                   .color = theme.text,
                                   .align = align,
                                   .max_lines = 2},
                                  card.name, {text_box.w, text_box.h * 0.35});
  const TextBlock role = balanced(canvas,
                                  {.font = theme.body_font,
                                   .size = theme.body_size,
                                   .min_size = theme.body_size * 0.6,
                                   .color = theme.muted,
                                   .align = align,
                                   .max_lines = 2},
                                  card.role, {text_box.w, text_box.h * 0.2});
  const TextBlock title = balanced(canvas,
                                   {.font = weighted(theme.headline_font, 600),
                                    .size = theme.body_size * 1.2,
                                    .min_size = theme.body_size * 0.6,
                                    .color = theme.text,
                                    .align = align,
                                    .line_spacing = 1.1,
                                    .max_lines = 3},
                                   card.title, {text_box.w, text_box.h * 0.3});
  const double small = theme.body_size * 0.35;
  const double rule = title.empty() ? 0 : kRuleHeight + 2 * theme.body_size * 0.5;
  const double text_h = kicker.height() + (kicker.empty() ? 0 : small) + name.height() +
                        (role.empty() ? 0 : small + role.height()) + rule + title.height();

  double text_x = area.x, text_y = 0;
  Rect disc;
  if (portrait_screen) {
    const double total = diameter + gap + text_h;
    const double y = area.y + std::max(0.0, (area.h - total) / 2);
    disc = {area.x + (area.w - diameter) / 2, y, diameter, diameter};
    text_y = y + diameter + gap;
  } else {
    disc = {area.x, area.y + (area.h - diameter) / 2, diameter, diameter};
    text_x = area.x + diameter + gap;
    text_y = area.y + std::max(0.0, (area.h - text_h) / 2);
  }
  paint_portrait(canvas, theme, card, disc);

  double y = text_y;
  kicker.draw(canvas, text_x, y);
  y += kicker.height() + (kicker.empty() ? 0 : small);
  name.draw(canvas, text_x, y);
  y += name.height();
  if (!role.empty()) {
    y += small;
    role.draw(canvas, text_x, y);
    y += role.height();
  }
  if (!title.empty()) {
    y += theme.body_size * 0.5;
    const double width = std::min(kRuleWidth, text_box.w);
    canvas.fill_rect({align_x(align, text_x, text_box.w, width), y, width, kRuleHeight},
                     theme.accent);
    y += kRuleHeight + theme.body_size * 0.5;
    title.draw(canvas, text_x, y);
  }
}

}  // namespace marquee
