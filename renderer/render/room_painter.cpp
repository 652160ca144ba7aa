// The room display: what is on now and next in one room, for someone reading a door from across a
// corridor; driven by the schedule and the instant alone.
#include <algorithm>
#include <string>

#include "core/schedule.h"
#include "render/changes.h"
#include "render/figures.h"
#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_block.h"

namespace marquee::render {
namespace {

using std::chrono::hours;

// Proportions of the composition, in multiples of the theme's sizes: what makes a door
// readable from 3 m (the title's letters 4 cm tall or more on a 55" 1080p screen).
constexpr double kHeaderScale = 0.9;       // the room's name, of body_size
constexpr double kTagScale = 0.8;          // "NOW" in its chip, of body_size
constexpr double kTitleFloor = 0.5;        // smallest title, of headline_size
constexpr double kTrackBar = 16;           // the track's colour beside the featured session
constexpr double kOtherLabelShare = 0.24;  // the small row's label column, of the width

// A session the small row names, or a line of its own when `event` is null.
struct Other {
  const ScheduleEvent* event = nullptr;
  std::string tag, when, note;
};

// What the display says at an instant; the painter lays it out, the player asks when it
// next reads differently.
struct RoomView {
  const ScheduleEvent* featured = nullptr;
  bool live = false;   // the featured session is on now
  std::string tag;     // "Now", "Next", "Tomorrow"
  std::string status;  // "started 5 min ago", "in 25 min", "Thursday, Sep 19"
  std::string when;    // "10:50 – 11:20 a.m."
  Other other;
  std::string empty;  // instead of a session: "Waiting for the schedule"

  std::string reading() const {
    const auto id = [](const ScheduleEvent* e) { return e ? e->key() + e->title : std::string(); };
    return id(featured) + '|' + tag + '|' + status + '|' + when + '|' + id(other.event) + '|' +
           other.tag + '|' + other.when + '|' + other.note + '|' + empty;
  }
};

std::string minutes_ago(std::chrono::minutes since) {
  return since.count() == 0 ? "just started"
                            : "started " + std::to_string(since.count()) + " min ago";
}

RoomView view_at(const RoomSlide& slide, Instant now) {
  RoomView view;
  if (!slide.schedule.schedule) {
    view.empty = "Waiting for the schedule";
    return view;
  }
  const Schedule& schedule = *slide.schedule.schedule;
  const RoomNowNext on = now_next(schedule, slide.room, now, slide.current_for);
  if (!on.featured) {
    const bool any = std::any_of(schedule.events.begin(), schedule.events.end(),
                                 [&](const ScheduleEvent& e) { return e.room == slide.room; });
    view.empty = any ? "No more sessions in this room" : "No sessions in this room";
    return view;
  }
  const LocalTime local = venue_time(schedule, now);
  const auto start = [&](const ScheduleEvent& e) { return venue_time(schedule, e.start); };
  const auto span = [&](const ScheduleEvent& e) {
    return time_span(start(e), venue_time(schedule, e.end));
  };
  // Later days are named: "Tomorrow" on the door the evening before, else the weekday.
  const auto day_tag = [&](int days, const ScheduleEvent& e) -> std::string {
    if (days == 0) return "Next";
    if (days == 1) return "Tomorrow";
    return day_and_date(start(e));
  };
  view.featured = on.featured;
  view.when = span(*on.featured);
  if (on.featured == on.current) {
    view.live = true;
    view.tag = "Now";
    view.status = minutes_ago(on.since_start);
    if (on.next)
      view.other = {
          on.next,
          day_tag(on.next_in_days, *on.next),
          on.next_in_days == 0 ? time_of_day(start(*on.next)) : when(local, start(*on.next)),
          {}};
    return view;
  }
  if (on.next_in_days == 0) {
    view.tag = "Next";
    view.status =
        "in " + hours_minutes(std::chrono::ceil<std::chrono::minutes>(on.next->start - now));
  } else {
    view.tag = on.next_in_days == 1 ? "Tomorrow" : "Next";
    view.status = day_and_date(start(*on.next));
  }
  if (on.current) {
    view.other = {
        on.current, "Now", "until " + time_of_day(venue_time(schedule, on.current->end)), {}};
  } else if (on.next_in_days > 0) {
    view.other.note = "No more sessions here today";
  } else if (on.then && conference_day(schedule, *on.then) == conference_day(schedule, *on.next)) {
    view.other = {on.then, "Then", time_of_day(start(*on.then)), {}};
  }
  return view;
}

std::string speakers_of(const ScheduleEvent& event) {
  std::string out;
  for (const auto& name : event.speakers) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

// A tag in a filled box ("NOW" on the accent colour), drawn at (x, y); its width.
double draw_chip(Canvas& canvas, const TextStyle& style, std::string_view text, Color fill,
                 double x, double y, double height) {
  const TextMetrics m = canvas.measure_text(style.font, style.size, text);
  const double pad = style.size * 0.45;
  canvas.fill_rect({x, y, m.width + 2 * pad, height}, fill);
  canvas.draw_text(style.font, style.size, text, x + pad, y + (height - m.line_height) / 2,
                   style.color);
  return m.width + 2 * pad;
}

// The room's name, and its label beside it (or under it, when both do not fit one line).
double paint_header(Canvas& canvas, const Theme& theme, const RoomSlide& slide, const Rect& area) {
  const TextStyle name{.font = weighted(theme.headline_font, 600),
                       .size = theme.body_size * kHeaderScale,
                       .min_size = theme.caption_size,
                       .color = theme.text,
                       .max_lines = 2};
  TextStyle label = name;
  label.font = theme.body_font;
  label.color = theme.muted;
  const std::string separator = "  \xC2\xB7  ";
  const double name_w = canvas.measure_text(name.font, name.size, slide.room).width;
  const double label_w = canvas.measure_text(label.font, label.size, separator + slide.label).width;
  if (!slide.label.empty() && name_w + label_w <= area.w) {
    canvas.draw_text(name.font, name.size, slide.room, area.x, area.y, name.color);
    canvas.draw_text(label.font, label.size, separator + slide.label, area.x + name_w, area.y,
                     label.color);
    return canvas.measure_text(name.font, name.size, slide.room).line_height;
  }
  const TextBlock first = fitted(canvas, name, slide.room, {area.w, area.h * 0.15});
  first.draw(canvas, area.x, area.y);
  const TextBlock second = fitted(canvas, label, slide.label, {area.w, area.h * 0.1});
  second.draw(canvas, area.x, area.y + first.height());
  return first.height() + second.height();
}

// The small row at the bottom: the other session worth knowing about, or a note.
double paint_other(Canvas& canvas, const Theme& theme, const Other& other, const Rect& area,
                   bool portrait) {
  if (!other.event && other.note.empty()) return 0;
  const double pad = theme.body_size * 0.45;
  const double label_w = portrait ? area.w * 0.34 : area.w * kOtherLabelShare;
  const double text_x = area.x + label_w + pad;
  const double text_w = area.x + area.w - pad - text_x;
  const TextStyle tag{.font = weighted(theme.headline_font, 600),
                      .size = theme.body_size * 0.9,
                      .min_size = theme.caption_size,
                      .color = other.tag == "Now" ? theme.accent : theme.text,
                      .max_lines = 1};
  const TextStyle when{.font = theme.body_font,
                       .size = theme.body_size * 0.75,
                       .min_size = theme.caption_size,
                       .color = theme.muted,
                       .max_lines = 2};
  const TextStyle title{.font = weighted(theme.headline_font, 600),
                        .size = theme.body_size,
                        .min_size = theme.body_size * 0.6,
                        .color = theme.text,
                        .max_lines = 2};
  const TextStyle who{.font = theme.body_font,
                      .size = theme.body_size * 0.75,
                      .min_size = theme.caption_size,
                      .color = theme.muted,
                      .max_lines = 1};
  if (!other.event) {
    const TextBlock note = fitted(canvas, who, other.note, {area.w - 2 * pad, area.h * 0.2});
    const double h = note.height() + 2 * pad;
    const double top = area.y + area.h - h;
    canvas.fill_rect({area.x, top, area.w, h}, theme.panel);
    note.draw(canvas, area.x + pad, top + pad);
    return h;
  }
  const ScheduleEvent& e = *other.event;
  const TextBlock tag_block = fitted(canvas, tag, other.tag, {label_w - pad, area.h * 0.1});
  const TextBlock when_block = fitted(canvas, when, other.when, {label_w - pad, area.h * 0.15});
  const TextBlock title_block = balanced(canvas, title, e.title, {text_w, area.h * 0.16});
  const TextBlock who_block = fitted(canvas, who, speakers_of(e), {text_w, area.h * 0.06});
  const double left_h = tag_block.height() + when_block.height();
  const double right_h = title_block.height() + who_block.height();
  const double h = std::max(left_h, right_h) + 2 * pad;
  const double top = area.y + area.h - h;
  canvas.fill_rect({area.x, top, area.w, h}, theme.panel);
  if (e.track_colour) canvas.fill_rect({area.x, top, kTrackBar / 2, h}, *e.track_colour);
  tag_block.draw(canvas, area.x + pad, top + (h - left_h) / 2);
  when_block.draw(canvas, area.x + pad, top + (h - left_h) / 2 + tag_block.height());
  title_block.draw(canvas, text_x, top + (h - right_h) / 2);
  who_block.draw(canvas, text_x, top + (h - right_h) / 2 + title_block.height());
  return h;
}

// The session the door leads with, centred in `box`: its status, times, title, people,
// track and language.
void paint_featured(Canvas& canvas, const Theme& theme, const RoomView& view, const Rect& box,
                    bool portrait) {
  const ScheduleEvent& e = *view.featured;
  const bool bar = e.track_colour.has_value();
  const double indent = bar ? kTrackBar + theme.body_size * 0.6 : 0;
  const Rect text{box.x + indent, box.y, std::max(0.0, box.w - indent), box.h};

  const TextStyle chip{.font = theme.headline_font,
                       .size = theme.body_size * kTagScale,
                       .color = theme.text,
                       .max_lines = 1};
  const TextStyle status{.font = weighted(theme.headline_font, 600),
                         .size = theme.body_size,
                         .min_size = theme.caption_size,
                         .color = view.live ? theme.accent : theme.text,
                         .max_lines = 1};
  const TextStyle when{.font = theme.body_font,
                       .size = theme.body_size,
                       .min_size = theme.caption_size,
                       .color = theme.text,
                       .max_lines = 1};
  const TextStyle subtitle{.font = theme.body_font,
                           .size = theme.body_size * 0.8,
                           .min_size = theme.caption_size,
                           .color = theme.muted,
                           .max_lines = 2};
  const TextStyle people{.font = theme.body_font,
                         .size = theme.body_size,
                         .min_size = theme.caption_size,
                         .color = theme.text,
                         .max_lines = 2};
  const TextStyle meta{.font = theme.body_font,
                       .size = theme.body_size * 0.75,
                       .min_size = theme.caption_size,
                       .color = theme.muted,
                       .max_lines = 1};

  const double chip_h = canvas.measure_text(chip.font, chip.size, "NOW").line_height * 1.25;
  const std::string tag = upper(view.tag);
  const double chip_w = canvas.measure_text(chip.font, chip.size, tag).width + chip.size * 0.9;
  const double gap = theme.body_size * 0.35;
  const TextBlock status_block =
      fitted(canvas, status, view.status, {std::max(0.0, text.w - chip_w - gap), chip_h * 1.5});
  const double status_h = std::max(chip_h, status_block.height());
  const TextBlock when_block = fitted(canvas, when, view.when, {text.w, text.h * 0.1});
  const TextBlock sub_block = balanced(canvas, subtitle, e.subtitle, {text.w, text.h * 0.15});
  const TextBlock people_block = balanced(canvas, people, speakers_of(e), {text.w, text.h * 0.18});
  const std::string language = upper(e.language);
  const std::string meta_text = joined({e.track, language});
  const double swatch = e.track.empty() || !e.track_colour ? 0 : meta.size * 0.8;
  const TextBlock meta_block =
      fitted(canvas, meta, meta_text, {text.w - (swatch ? swatch * 1.6 : 0), text.h * 0.08});

  const double space = theme.body_size * 0.45;
  const auto gap_for = [&](const TextBlock& b) { return b.empty() ? 0 : space; };
  const double fixed = status_h + space * 0.6 + when_block.height() + gap_for(sub_block) +
                       sub_block.height() + gap_for(people_block) + people_block.height() +
                       gap_for(meta_block) + meta_block.height() + space;
  const TextStyle title{.font = theme.headline_font,
                        .size = theme.headline_size,
                        .min_size = theme.headline_size * kTitleFloor,
                        .color = theme.text,
                        .line_spacing = 1.05,
                        .max_lines = portrait ? 6 : 3};
  const TextBlock title_block =
      balanced(canvas, title, e.title, {text.w, std::max(0.0, text.h - fixed)});
  const double total = fixed + title_block.height();

  double y = text.y + std::max(0.0, (text.h - total) / 2);
  const double top = y;
  const Color chip_fill = view.live ? theme.accent : theme.panel;
  const double chip_drawn =
      draw_chip(canvas, chip, tag, chip_fill, text.x, y + (status_h - chip_h) / 2, chip_h);
  status_block.draw(canvas, text.x + chip_drawn + gap, y + (status_h - status_block.height()) / 2);
  y += status_h + space * 0.6;
  when_block.draw(canvas, text.x, y);
  y += when_block.height() + space;
  title_block.draw(canvas, text.x, y);
  y += title_block.height();
  if (!sub_block.empty()) {
    sub_block.draw(canvas, text.x, y);
    y += sub_block.height();
  }
  y += gap_for(people_block);
  people_block.draw(canvas, text.x, y);
  y += people_block.height() + gap_for(meta_block);
  if (swatch > 0) {
    const double line = meta_block.layout.line_height;
    canvas.fill_rect({text.x, y + (line - swatch) / 2, swatch, swatch}, *e.track_colour);
    meta_block.draw(canvas, text.x + swatch * 1.6, y);
  } else {
    meta_block.draw(canvas, text.x, y);
  }
  y += meta_block.height();
  if (bar) canvas.fill_rect({box.x, top, kTrackBar, y - top}, *e.track_colour);
}

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void RoomSlide::paint(Canvas& canvas, const Theme& theme, const RoomSlide& slide,
                      const SlideMoment& moment) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);
  const bool portrait = area.h > area.w;
  // "started 5 min ago" and "in 25 min" move on each minute; sessions hand over at their
  // starts, at the end of `current_for` and at their ends.
  canvas.changes_at(next_reading(moment, hours{24}, [&](LocalTime t) {
    return view_at(slide, instant_at(moment, t)).reading();
  }));
  const RoomView view = view_at(slide, moment.now);

  const double header_h = paint_header(canvas, theme, slide, area);
  const double rule_y = area.y + header_h + theme.body_size * 0.3;
  if (header_h > 0) canvas.fill_rect({area.x, rule_y, area.w, 3}, theme.panel);
  const double body_top = rule_y + theme.body_size * 0.5;
  const Rect body{area.x, body_top, area.w, std::max(0.0, area.y + area.h - body_top)};

  if (!view.featured) {
    fitted(canvas,
           {.font = theme.headline_font,
            .size = theme.headline_size * 0.7,
            .min_size = theme.headline_size * 0.3,
            .color = theme.muted,
            .max_lines = 3},
           view.empty, {body.w, body.h})
        .draw(canvas, body.x, body.y + body.h * 0.3);
    return;
  }
  const double other_h = paint_other(canvas, theme, view.other, body, portrait);
  const double gap = other_h > 0 ? theme.body_size * 0.6 : 0;
  paint_featured(canvas, theme, view,
                 {body.x, body.y, body.w, std::max(0.0, body.h - other_h - gap)}, portrait);
}

}  // namespace marquee
