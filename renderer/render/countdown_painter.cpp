// Session countdowns: driven only by the venue clock in SlideMoment.
#include <algorithm>
#include <vector>

#include "core/sessions.h"
#include "render/changes.h"
#include "render/figures.h"
#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_block.h"

namespace marquee::render {
namespace {

// Proportions of the compositions, in multiples of the theme's sizes: what makes the
// slides read from across a hall, so they live here rather than in the theme.
constexpr double kFigureScale = 2.6;   // the countdown's figure, of headline_size
constexpr double kMessageScale = 1.0;  // an `after` message, of headline_size
constexpr double kTitleShare = 0.32;   // of the safe area's height, at most

// Parts on one line with dots between them when they fit the width at full size, else
// one part a line, so no line ends in a stray dot.
std::string joined_to_fit(Canvas& canvas, const TextStyle& style,
                          std::initializer_list<std::string_view> parts, double width) {
  const std::string line = joined(parts);
  if (canvas.measure_text(style.font, style.size, line).width <= width) return line;
  return joined(parts, "\n");
}

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void CountdownSlide::paint(Canvas& canvas, const Theme& theme, const CountdownSlide& slide,
                           const SlideMoment& moment) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);
  // The figure ticks every second under an hour, every minute above; phases end at the
  // start and at the end of `lasts`; one to a schedule's session moves on to the next
  // session it names as one ends. A day is as far as it needs to look.
  canvas.changes_at(next_reading(moment, std::chrono::hours{24}, [&](LocalTime t) {
    const CountdownAt then = countdown_at(slide, instant_at(moment, t), t);
    return then.slide.title + '|' + countdown_reading(then.slide, then.now).joined();
  }));
  const CountdownAt on = countdown_at(slide, moment.now, moment.local);
  if (!on.found) {
    fitted(canvas,
           {.font = theme.headline_font,
            .size = theme.headline_size * 0.7,
            .min_size = theme.headline_size * 0.3,
            .color = theme.muted,
            .align = Align::center,
            .max_lines = 2},
           "Waiting for the schedule", {area.w, area.h})
        .draw(canvas, area.x, area.y + area.h * 0.4);
    return;
  }
  const CountdownSlide& shown = on.slide;  // with the session's title and room
  const CountdownReading reading = countdown_reading(on.slide, on.now);

  const TextStyle meta_style{.font = theme.body_font,
                             .size = theme.body_size,
                             .min_size = theme.body_size * 0.6,
                             .color = theme.muted,
                             .align = Align::center,
                             .max_lines = 2};
  const auto meta_of = [&](std::initializer_list<std::string_view> parts) {
    return joined_to_fit(canvas, meta_style, parts, area.w);
  };
  std::string meta, lead, figure;
  Color figure_color = theme.text;
  bool words = false;  // a message or "over", laid out as text rather than as a figure
  switch (reading.phase) {
    case SessionPhase::before:
      lead = reading.text.lead;
      figure = reading.text.figure;
      meta = meta_of({shown.place, reading.when});
      break;
    case SessionPhase::now:
      figure = "now";
      figure_color = theme.accent;
      // The start, not the end: conferences announce when things begin, rarely when they end.
      meta = meta_of({shown.place, "started " + time_of_day(reading.start)});
      break;
    case SessionPhase::after:
      // Without a message the loader takes the slide off air; this shows only in previews.
      // The note (who it is for, how to join) no longer applies, so it goes too.
      figure = shown.after.empty() ? "over" : shown.after;
      figure_color = shown.after.empty() ? theme.muted : theme.accent;
      meta = shown.place;
      words = true;
      break;
  }

  const TextBlock title = balanced(canvas,
                                   {.font = theme.headline_font,
                                    .size = theme.headline_size,
                                    .min_size = theme.headline_size * 0.5,
                                    .color = theme.text,
                                    .align = Align::center,
                                    .max_lines = 2},
                                   shown.title, {area.w, area.h * kTitleShare});
  const TextBlock place = balanced(canvas, meta_style, meta, {area.w, area.h * 0.2});
  const TextBlock above = fitted(canvas,
                                 {.font = weighted(theme.headline_font, 600),
                                  .size = theme.body_size,
                                  .color = theme.accent,
                                  .align = Align::center,
                                  .max_lines = 1},
                                 lead, {area.w, theme.body_size * 2});

  const TextBlock below = balanced(canvas,
                                   {.font = theme.body_font,
                                    .size = theme.body_size * 0.8,
                                    .min_size = theme.caption_size,
                                    .color = theme.muted,
                                    .align = Align::center,
                                    .max_lines = 2},
                                   words ? std::string_view{} : shown.note, {area.w, area.h * 0.2});

  const double title_gap = title.layout.empty() ? 0 : theme.body_size * 0.35;
  const double figure_gap = theme.body_size * 0.9;
  const double lead_gap = above.layout.empty() ? 0 : theme.body_size * 0.1;
  const double note_gap = below.layout.empty() ? 0 : theme.body_size * 0.2;
  const double fixed = title.height() + title_gap + place.height() + figure_gap + above.height() +
                       lead_gap + note_gap + below.height();
  const double room = std::max(0.0, area.h - fixed);

  // The figure: as large as the width and the remaining height allow.
  TextBlock message;
  double figure_px = 0, figure_h = 0, figure_w = 0;
  if (words) {
    message = balanced(canvas,
                       {.font = theme.headline_font,
                        .size = theme.headline_size * kMessageScale,
                        .min_size = theme.headline_size * 0.4,
                        .color = figure_color,
                        .align = Align::center,
                        .max_lines = 2},
                       figure, {area.w, room});
    figure_h = message.height();
  } else {
    const FontSpec& font = theme.headline_font;
    const double line_ratio = canvas.measure_text(font, 100, figure).line_height / 100;
    const double by_height = line_ratio > 0 ? room / line_ratio : room;
    figure_px = fit_figure(canvas, font, std::min(theme.headline_size * kFigureScale, by_height),
                           figure, area.w);
    figure_h = canvas.measure_text(font, figure_px, figure).line_height;
    figure_w = figure_width(canvas, font, figure_px, figure);
  }

  double y = area.y + std::max(0.0, (area.h - fixed - figure_h) / 2);
  title.draw(canvas, area.x, y);
  y += title.height() + title_gap;
  place.draw(canvas, area.x, y);
  y += place.height() + figure_gap;
  above.draw(canvas, area.x, y);
  y += above.height() + lead_gap;
  if (words)
    message.draw(canvas, area.x, y);
  else {
    // The figure ticks every second: drawn anew over the rest, which stays as it is.
    GroupScope live(canvas, Canvas::Group::live);
    draw_figure(canvas, theme.headline_font, figure_px, figure, area.x + (area.w - figure_w) / 2, y,
                figure_color);
  }
  below.draw(canvas, area.x, y + figure_h + note_gap);
}

}  // namespace marquee
