// Numbers and waits as people read them (1,700 · 600K · 2 h 05 min · 12:34), in even digits.
#pragma once

#include <string>
#include <string_view>

#include "core/sessions.h"
#include "core/show.h"
#include "render/canvas.h"

namespace marquee::render {

// ---- numbers ----

// Decimals a value needs to read as written, at most 2: 1700 -> 0, 2.5 -> 1, 0.25 -> 2.
int decimals_needed(double value);

// plain: "1,700", "-2.5" (a true minus sign), with `decimals` places;
// compact: "950", "1.7K", "15K", "600K", "1.2M", "3B": one decimal below 10 of a unit,
//   none from 10 up, a dropped ".0", and 999,999 rounding up to "1M" rather than "1000K";
// percent: the value is the percentage as written, 60 -> "60%", with `decimals` places.
std::string format_number(double value, NumberFormat format, int decimals = 0);

// A chart value with the chart's prefix and suffix, as many decimals as `target` (the
// value it is counting towards) needs, so a count-up does not flicker between widths.
std::string format_chart_value(const ChartSlide& chart, double value, double target);

// ---- waits and times of day ----

// "2 h 05 min"; minutes under an hour read "45 min".
std::string hours_minutes(std::chrono::minutes wait);

// "12:10 p.m.", "9:00 a.m.", as the conference programme writes times.
std::string time_of_day(LocalTime t);

// "10:50 – 11:20 a.m.", "11:30 a.m. – 12:00 p.m.": a session's times.
std::string time_span(LocalTime from, LocalTime to);

// "Thursday, Sep 19".
std::string day_and_date(LocalTime t);

// time_of_day(t), with the weekday in front ("Thu 9:00 a.m.") when t is not on the
// same local day as now.
std::string when(LocalTime now, LocalTime t);

// The countdown's line above its big figure, and the figure, for a start at `at`:
//   on a later day, kDayWording or more out: "starts" + "tomorrow" / "in 2 days", and
//                                            from a week out the date, "Sep 18";
//   an hour or more:                     "starts in" + "2 h 05 min" (minutes rounded up);
//   under an hour:                       "starts in" + "12:34" (minutes and seconds);
//   at or past `at`:                     "" + "now".
inline constexpr std::chrono::hours kDayWording{12};
struct CountdownText {
  std::string lead, figure;
};
CountdownText countdown_text(LocalTime now, LocalTime at);

// What a countdown shows at `now` that depends on the clock: its phase and the start it
// is about, the figure with its line above, and when the start is ("12:10 p.m.", "Thu
// 9:00 a.m."). The painter lays these out; the player asks when they next change.
struct CountdownReading {
  SessionPhase phase = SessionPhase::before;
  LocalTime start{};
  CountdownText text;  // before the start only
  std::string when;    // before the start only
  std::string joined() const;
};
CountdownReading countdown_reading(const CountdownSlide& slide, LocalTime now);

// An agenda row's label for a session starting at `at`: "now" once it has started,
// "in 10 min" / "in 2 h 05 min" within kAgendaRelative, otherwise when(now, at).
inline constexpr std::chrono::hours kAgendaRelative{3};
std::string agenda_label(LocalTime now, LocalTime at);

// ---- drawing ----

// Digits each take the widest digit's advance, so "11:11" is as wide as "10:08" and a
// ticking or counting figure stands still instead of jiggling.
double figure_width(Canvas& canvas, const FontSpec& font, double px, std::string_view text);
void draw_figure(Canvas& canvas, const FontSpec& font, double px, std::string_view text, double x,
                 double y, Color color);

// The largest size, at most max_px, at which the figure is no wider than width.
double fit_figure(Canvas& canvas, const FontSpec& font, double max_px, std::string_view text,
                  double width);

}  // namespace marquee::render
