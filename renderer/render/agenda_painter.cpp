// The agenda: the next sessions, with "now" and "in 10 min" labels, from the venue clock alone.
#include <algorithm>
#include <string>
#include <vector>

#include "core/sessions.h"
#include "render/changes.h"
#include "render/figures.h"
#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_block.h"

namespace marquee::render {
namespace {

// Proportions of the composition, in multiples of the theme's sizes: what makes the
// list read from across a hall.
constexpr double kHeadingScale = 0.8;   // the heading, of headline_size
constexpr double kLabelColumn = 0.25;   // the "in 10 min" column, of the width
constexpr double kMaxRowHeight = 260;   // so a short list stays a list
constexpr double kRowAtBodySize = 190;  // the row height the theme's body size suits
constexpr double kRowPad = 0.4;         // of body_size, inside a row
constexpr double kTrackEdge = 8;        // a track's colour at the left of its row

// What each row says at an instant: the sessions not yet over, with their labels.
struct Row {
  AgendaEntry entry;
  std::optional<Color> colour;
  bool on_now;
  std::string label, details;
};

std::vector<Row> rows_at(const AgendaSlide& slide, Instant at, LocalTime local) {
  const AgendaListing listing = agenda_listing(slide, at, local);
  const LocalTime now = listing.now;
  std::vector<Row> rows;
  for (const auto& [entry, colour] : listing.sessions) {
    const bool on_now = now >= entry.at;
    std::string label = agenda_label(now, entry.at);
    // The start time goes under the title unless the label already says it.
    const std::string start = on_now                         ? "started " + time_of_day(entry.at)
                              : label == when(now, entry.at) ? std::string{}
                                                             : when(now, entry.at);
    std::string details = joined({start, entry.room, entry.speaker});
    rows.push_back({entry, colour, on_now, std::move(label), std::move(details)});
  }
  return rows;
}

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void AgendaSlide::paint(Canvas& canvas, const Theme& theme, const AgendaSlide& slide,
                        const SlideMoment& moment) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);

  const TextBlock heading = fitted(canvas,
                                   {.font = theme.headline_font,
                                    .size = theme.headline_size * kHeadingScale,
                                    .min_size = theme.headline_size * 0.4,
                                    .color = theme.text,
                                    .max_lines = 1},
                                   slide.heading, {area.w, area.h * 0.2});
  heading.draw(canvas, area.x, area.y);
  const double top =
      area.y + (heading.layout.empty() ? 0 : heading.height() + theme.body_size * 0.6);

  // Labels count down ("in 10 min"), rows leave as their sessions end.
  canvas.changes_at(next_reading(moment, std::chrono::hours{24}, [&](LocalTime t) {
    std::string reading;
    for (const Row& row : rows_at(slide, instant_at(moment, t), t))
      reading += row.label + '|' + row.entry.title + '|' + row.details + '\n';
    return reading;
  }));
  const std::vector<Row> rows = rows_at(slide, moment.now, moment.local);
  if (rows.empty()) {
    const bool waiting = slide.from_schedule && !slide.from_schedule->schedule.schedule;
    fitted(canvas, {.font = theme.body_font, .size = theme.body_size, .color = theme.muted},
           waiting ? "Waiting for the schedule" : "No more sessions", {area.w, theme.body_size * 2})
        .draw(canvas, area.x, top);
    return;
  }

  const double row_h = std::min(kMaxRowHeight, (area.y + area.h - top) / std::max(1, slide.count));
  // Fewer rows get more room and larger type, so three sessions fill a screen as well as six.
  const double scale = std::clamp(row_h / kRowAtBodySize, 0.8, 1.35);
  const double pad = theme.body_size * kRowPad;
  const double label_w = area.w * kLabelColumn;
  const double text_x = area.x + label_w + pad;
  const double text_w = area.x + area.w - pad - text_x;
  const double rule = 2;

  // Each column at one size, the largest at which every row's text fits, so rows line up.
  TextStyle tag{.font = theme.headline_font,
                .size = theme.body_size * scale,
                .min_size = theme.body_size * 0.6,
                .max_lines = 1};
  TextStyle title{.font = weighted(theme.headline_font, 600),
                  .size = theme.body_size * scale,
                  .min_size = theme.body_size * 0.7,
                  .color = theme.text,
                  .max_lines = 1};
  TextStyle meta{.font = theme.body_font,
                 .size = theme.caption_size * 1.3 * scale,
                 .min_size = theme.caption_size * 0.9,
                 .color = theme.muted,
                 .max_lines = 1};
  std::vector<std::string> label_texts, title_texts, detail_texts;
  for (const Row& row : rows) {
    label_texts.push_back(row.label);
    title_texts.push_back(row.entry.title);
    detail_texts.push_back(row.details);
  }
  share_size(canvas, tag, label_texts, {label_w - pad, row_h});
  share_size(canvas, title, title_texts, {text_w, row_h * 0.5});
  share_size(canvas, meta, detail_texts, {text_w, row_h * 0.4});

  double y = top;
  for (const Row& row : rows) {
    if (row.on_now) canvas.fill_rect({area.x, y, area.w, row_h - rule}, theme.panel);
    canvas.fill_rect({area.x, y + row_h - rule, area.w, rule}, theme.panel);
    // A schedule's track colour, at the row's edge, as the room display shows it.
    if (row.colour) canvas.fill_rect({area.x, y, kTrackEdge, row_h - rule}, *row.colour);
    tag.color = row.on_now ? theme.accent : theme.text;
    const TextBlock label = fitted(canvas, tag, row.label, {label_w - pad, row_h});
    const TextBlock name = fitted(canvas, title, row.entry.title, {text_w, row_h * 0.5});
    const TextBlock details = fitted(canvas, meta, row.details, {text_w, row_h * 0.4});
    const double text_h = name.height() + details.height();
    label.draw(canvas, area.x + pad, y + (row_h - rule - label.height()) / 2);
    const double text_y = y + (row_h - rule - text_h) / 2;
    name.draw(canvas, text_x, text_y);
    details.draw(canvas, text_x, text_y + name.height());
    y += row_h;
  }
}

}  // namespace marquee
