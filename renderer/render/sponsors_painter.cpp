// Sponsor walls: logos grouped by tier, balanced rows, optically sized; or one sponsor at a time.
#include <algorithm>
#include <string>

#include "core/sponsor_layout.h"
#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_layout.h"

namespace marquee::render {
namespace {

constexpr double kWordmarkShare = 0.24;  // largest wordmark text, as a share of its card's height
constexpr double kTierRule = 64;         // the accent rules either side of a tier's name
constexpr double kTierRuleGap = 20;
constexpr double kSpotlightWidth = 0.6;  // of the safe area: the one card in spotlight mode
constexpr double kSpotlightMaxWidth = 1040;
constexpr double kDot = 12;  // spotlight position dots
constexpr int kMaxDots = 40;

struct Flat {
  int tier = 0, index = 0;
};

std::vector<Flat> flatten(const SponsorsSlide& slide) {
  std::vector<Flat> out;
  for (std::size_t t = 0; t < slide.tiers.size(); ++t)
    for (std::size_t i = 0; i < slide.tiers[t].sponsors.size(); ++i)
      out.push_back({static_cast<int>(t), static_cast<int>(i)});
  return out;
}

// A logo that cannot be read counts as a wordmark, so the wall keeps its shape and
// the sponsor is still named.
double logo_aspect(Canvas& canvas, const Sponsor& sponsor) {
  if (sponsor.logo.empty()) return 0;
  const auto size = canvas.image_size(sponsor.logo);
  return size && size->w > 0 && size->h > 0 ? size->w / size->h : 0;
}

// Black or white, whichever reads on the card.
Color ink_on(Color card, const Theme& theme) {
  const double luma = 0.2126 * card.r + 0.7152 * card.g + 0.0722 * card.b;
  if (card == theme.panel) return theme.text;
  return luma > 140 ? Color{0x1A, 0x1A, 0x1A} : Color{0xFF, 0xFF, 0xFF};
}

void draw_sponsor(Canvas& canvas, const Theme& theme, const Sponsor& sponsor, double aspect,
                  const Rect& cell) {
  const Color card = sponsor.background.value_or(theme.panel);
  canvas.fill_rect(cell, card);
  const Rect mark = optical_logo_box(aspect, cell);
  if (aspect > 0) {
    const auto size = canvas.image_size(sponsor.logo);
    canvas.draw_image(sponsor.logo, {0, 0, size->w, size->h}, mark);
    return;
  }
  const TextStyle style{.font = theme.headline_font,
                        .size = std::max(theme.caption_size, cell.h * kWordmarkShare),
                        .min_size = theme.caption_size * 0.75,
                        .color = ink_on(card, theme),
                        .align = Align::center,
                        .line_spacing = 1.05,
                        .max_lines = 2};
  const TextLayout layout = fit_text(canvas, style, sponsor.name, {mark.w, mark.h});
  draw_text_layout(canvas, style, layout, mark.x, mark.y + (mark.h - layout.extent.h) / 2);
}

// One line of text fitted into box, centred both ways.
void draw_line(Canvas& canvas, const TextStyle& style, std::string_view text, const Rect& box) {
  TextStyle one = style;
  one.max_lines = 1;
  const TextLayout layout = fit_text(canvas, one, text, {box.w, box.h * 2});
  draw_text_layout(canvas, one, layout, box.x, box.y + (box.h - layout.extent.h) / 2);
}

TextStyle heading_style(const Theme& theme) {
  return {.font = theme.headline_font,
          .size = sponsor_heading_size(theme),
          .min_size = theme.caption_size,
          .color = theme.text,
          .align = Align::center};
}

TextStyle tier_style(const Theme& theme, double size) {
  FontSpec font = theme.headline_font;
  font.weight = 600;
  return {.font = font,
          .size = size,
          .min_size = theme.caption_size * 0.75,
          .color = theme.accent,
          .align = Align::center};
}

// The tier's name in accent with short rules either side, so it reads as a divider.
void draw_tier_heading(Canvas& canvas, const Theme& theme, std::string_view name, const Rect& box,
                       double size) {
  const TextStyle style = tier_style(theme, size);
  draw_line(canvas, style, name, box);
  const double width = std::min(box.w, canvas.measure_text(style.font, size, name).width);
  const double y = box.y + box.h / 2 - 1;
  const double left = box.x + (box.w - width) / 2 - kTierRuleGap - kTierRule;
  const double right = box.x + (box.w + width) / 2 + kTierRuleGap;
  if (left < box.x) return;
  AlphaScope soft(canvas, 0.6);
  canvas.fill_rect({left, y, kTierRule, 3}, theme.accent);
  canvas.fill_rect({right, y, kTierRule, 3}, theme.accent);
}

void paint_spotlight(Canvas& canvas, const Theme& theme, const SponsorsSlide& slide,
                     const SlideMoment& moment, const Rect& area) {
  const auto all = flatten(slide);
  const Millis::rep every = std::max<Millis::rep>(1, slide.spotlight.count());
  const auto turn = moment.elapsed.count() / every;
  if (all.size() > 1) canvas.changes_at(moment.now + Millis{(turn + 1) * every} - moment.elapsed);
  const Flat at = all[static_cast<std::size_t>(std::max<Millis::rep>(0, turn)) % all.size()];
  const SponsorTier& tier = slide.tiers[static_cast<std::size_t>(at.tier)];
  const Sponsor& sponsor = tier.sponsors[static_cast<std::size_t>(at.index)];

  const double label_size = sponsor_tier_size(theme) * 1.25;
  const double label_h = tier.name.empty() ? 0 : sponsor_line_height(label_size) + 24;
  const bool dots = all.size() > 1 && all.size() <= kMaxDots;
  const double dots_h = dots ? kDot + 48 : 0;
  double card_w = std::min(area.w * kSpotlightWidth, kSpotlightMaxWidth);
  card_w = std::min(card_w, 2 * std::max(0.0, area.h - label_h - dots_h));
  const double card_h = card_w / 2;
  double y = area.y + std::max(0.0, (area.h - label_h - card_h - dots_h) / 2);
  if (!tier.name.empty())
    draw_tier_heading(canvas, theme, tier.name, {area.x, y, area.w, label_h - 24}, label_size);
  y += label_h;
  const Rect card{area.x + (area.w - card_w) / 2, y, card_w, card_h};
  draw_sponsor(canvas, theme, sponsor, logo_aspect(canvas, sponsor), card);
  if (!dots) return;
  // Where this sponsor is in the turn, so the audience knows more are coming.
  const double row = static_cast<double>(all.size()) * kDot * 2 - kDot;
  double x = area.x + (area.w - row) / 2;
  for (std::size_t i = 0; i < all.size(); ++i, x += 2 * kDot) {
    const bool current = all[i].tier == at.tier && all[i].index == at.index;
    AlphaScope dim(canvas, current ? 1.0 : 0.35);
    canvas.fill_rect({x, card.y + card_h + 48, kDot, kDot}, current ? theme.accent : theme.muted);
  }
}

LogoAspects logo_aspects(Canvas& canvas, const SponsorsSlide& slide) {
  LogoAspects aspects;
  for (const SponsorTier& tier : slide.tiers) {
    auto& row = aspects.emplace_back();
    for (const Sponsor& sponsor : tier.sponsors) row.push_back(logo_aspect(canvas, sponsor));
  }
  return aspects;
}

}  // namespace

SponsorWall sponsor_wall(Canvas& canvas, const Theme& theme, const SponsorsSlide& slide) {
  return lay_out_sponsor_wall(slide, logo_aspects(canvas, slide), theme, full_rect(canvas.size()));
}

}  // namespace marquee::render

namespace marquee {

using namespace render;

void SponsorsSlide::paint(Canvas& canvas, const Theme& theme, const SponsorsSlide& slide,
                          const SlideMoment& moment) {
  const LogoAspects aspects = logo_aspects(canvas, slide);
  const SponsorWall wall = lay_out_sponsor_wall(slide, aspects, theme, full_rect(canvas.size()));
  if (!slide.heading.empty()) draw_line(canvas, heading_style(theme), slide.heading, wall.heading);

  if (slide.spotlight.count() > 0 && !flatten(slide).empty())
    return paint_spotlight(canvas, theme, slide, moment, wall.area);

  const int pages = static_cast<int>(wall.pages.size());
  const int current = sponsor_page_at(moment.elapsed, moment.duration, pages);
  if (pages > 1)
    canvas.changes_at(moment.now +
                      (sponsor_page_end(moment.elapsed, moment.duration, pages) - moment.elapsed));
  const SponsorPage& page = wall.pages[static_cast<std::size_t>(current)];
  if (pages > 1) {
    const TextStyle style{.font = theme.body_font,
                          .size = theme.caption_size,
                          .color = theme.muted,
                          .align = Align::right};
    const double h = std::max(wall.heading.h, sponsor_line_height(theme.caption_size));
    draw_line(canvas, style, std::to_string(current + 1) + " / " + std::to_string(pages),
              {wall.heading.x, wall.heading.y, wall.heading.w, h});
  }
  for (const TierHeadingPlace& heading : page.headings)
    draw_tier_heading(canvas, theme, slide.tiers[static_cast<std::size_t>(heading.tier)].name,
                      heading.box, sponsor_tier_size(theme));
  for (const SponsorPlace& place : page.sponsors) {
    const auto tier = static_cast<std::size_t>(place.tier);
    const auto index = static_cast<std::size_t>(place.index);
    draw_sponsor(canvas, theme, slide.tiers[tier].sponsors[index], aspects[tier][index],
                 place.cell);
  }
}

}  // namespace marquee
