// The speaker timer: a figure that fills the screen, in the phase's colour, flashing as a phase
// begins; the talk above it, the clock and what is next below, clear of the message zone.
#include <algorithm>

#include "render/changes.h"
#include "render/figures.h"
#include "render/geometry.h"
#include "render/painters.h"
#include "render/stage.h"
#include "render/text_block.h"

namespace marquee::render {
namespace {

// Figures (lining digits) stand this tall for their size in Inter and DejaVu alike: what is
// centred, and what the 40%-of-the-screen promise is about.
constexpr double kDigitInk = 0.73;
// The figure may use the safe area's side margins down to this much: a confidence monitor
// is looked at straight on, and every pixel of width is digit height.
constexpr double kFigureSide = 40;
constexpr double kLineScale = 1.1;    // the talk's line, of body_size
constexpr double kStatusScale = 0.9;  // "Paused", of body_size
constexpr double kStatusGap = 0.35;   // between the figure's ink and "Paused", of its line
// "+00:00" at 40% of a 1080p screen's height would be 2,270 px wide, while "+0:00" fits and
// stands as tall as the countdown's "00:00": the first ten minutes over time are sized so,
// and the figure steps down once, if the talk runs ten minutes over (and stays so past an
// hour, when it reads h:mm).
constexpr Millis kOneDigitOver = std::chrono::minutes{10};
constexpr double kPulseFrame = 48;  // the pulse's glowing edge
constexpr double kPulseTint = 0.3;  // how far the ground turns towards the phase colour

// The figure with every digit a 0 and, with `pad`, minutes (or hours) of two digits: its
// shape, which sets the size so that it stays put as it ticks ("9:59" is no larger than
// "10:00"). Over time keeps one digit until +10:00 (see kOneDigitOver).
std::string shape_of(std::string_view figure, bool pad) {
  std::string shape;
  for (const char c : figure) shape += (c >= '0' && c <= '9') ? '0' : c;
  const std::size_t sign = shape.starts_with('+') ? 1 : 0;
  if (pad && shape.find(':') == sign + 1) shape.insert(sign, "0");
  return shape;
}

Color mix(Color a, Color b, double t) {
  const auto lerp = [t](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + (y - x) * std::clamp(t, 0.0, 1.0)));
  };
  return {lerp(a.r, b.r), lerp(a.g, b.g), lerp(a.b, b.b), 255};
}

std::string status_of(const StageTimerSlide& slide, const TimerReading& reading,
                      const SlideMoment& moment) {
  if (slide.mode == TimerMode::clock) return "";
  if (reading.phase == TimerPhase::overtime && !slide.hold_at_zero) return "Over time";
  if (slide.mode == TimerMode::countdown_to && slide.until) {
    const LocalTime day = date::floor<date::days>(moment.local);
    const LocalTime at =
        slide.daily ? day + (*slide.until - date::floor<date::days>(*slide.until)) : *slide.until;
    return reading.running ? "Until " + time_of_day(at) : "";
  }
  if (!reading.started) return "Ready";
  if (!reading.running) return "Paused";
  return "";
}

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void StageTimerSlide::paint(Canvas& canvas, const Theme& theme, const StageTimerSlide& slide,
                            const SlideMoment& moment) {
  const Rect screen = full_rect(canvas.size());
  const Rect area = inset(screen, theme.safe_area);
  const Rect zone = message_zone(canvas.size(), theme);
  const StageState* stage = moment.stage.get();
  const TimerReading reading = slide.reading(moment);
  canvas.changes_at(reading.next_change);

  // The phase's colour, and the flash that greets a new phase.
  Color ink = phase_color(theme, reading.phase);
  Color ground = theme.background, text = theme.text, muted = theme.muted;
  const auto flash = flash_strength(theme.stage.flash, reading.entered, moment.now);
  canvas.changes_at(flash_changes(theme.stage.flash, reading.entered, moment.now));
  if (flash && theme.stage.flash == StageFlash::invert && *flash > 0) {
    ground = ink;
    ink = text = muted = theme.background;
  } else if (flash && theme.stage.flash == StageFlash::pulse) {
    ground = mix(theme.background, ink, kPulseTint * *flash);
  }
  canvas.fill_rect(screen, ground);
  if (flash && theme.stage.flash == StageFlash::pulse && *flash > 0) {
    AlphaScope glow(canvas, *flash);
    const Color edge = phase_color(theme, reading.phase);
    canvas.fill_rect({0, 0, screen.w, kPulseFrame}, edge);
    canvas.fill_rect({0, screen.h - kPulseFrame, screen.w, kPulseFrame}, edge);
    canvas.fill_rect({0, kPulseFrame, kPulseFrame, screen.h - 2 * kPulseFrame}, edge);
    canvas.fill_rect({screen.w - kPulseFrame, kPulseFrame, kPulseFrame, screen.h - 2 * kPulseFrame},
                     edge);
  }

  // The talk above; the clock and what is next at the foot of the message zone.
  const Talk* talk = slide.shown_talk(stage);
  const std::string title = !slide.title.empty() ? slide.title
                            : talk               ? joined({talk->title, talk->speaker})
                                                 : "";
  const TextBlock heading = balanced(canvas,
                                     {.font = weighted(theme.headline_font, 600),
                                      .size = theme.body_size * kLineScale,
                                      .min_size = theme.body_size * 0.6,
                                      .color = text,
                                      .align = Align::center,
                                      .max_lines = 1},
                                     title, {area.w, theme.body_size * 2});
  heading.draw(canvas, area.x, area.y);

  std::string clock, next;
  if (slide.clock) {
    clock = time_of_day(moment.local);
    canvas.changes_at(instant_at(
        moment, date::floor<std::chrono::minutes>(moment.local) + std::chrono::minutes{1}));
  }
  if (slide.next && stage) {
    if (const Talk* after = stage->talk("next"))
      next = "Next: " + joined({after->title, after->speaker,
                                after->at ? when(moment.local, *after->at) : ""});
  }
  const TextStyle foot{.font = theme.body_font,
                       .size = theme.body_size,
                       .min_size = theme.body_size * 0.6,
                       .color = muted,
                       .align = Align::left,
                       .max_lines = 1};
  const double foot_h = canvas.measure_text(foot.font, foot.size, "0").line_height;
  const double clock_w = clock.empty() ? 0 : canvas.measure_text(foot.font, foot.size, clock).width;
  const double gap = theme.body_size;
  if (!clock.empty() && !next.empty() &&
      clock_w + gap + canvas.measure_text(foot.font, foot.size, next).width <= area.w) {
    // Side by side: the clock at the left, what is next at the right.
    const double y = zone.y + zone.h - foot_h;
    canvas.draw_text(foot.font, foot.size, clock, area.x, y, muted);
    TextStyle right = foot;
    right.align = Align::right;
    fitted(canvas, right, next, {area.w - clock_w - gap, foot_h * 1.5})
        .draw(canvas, area.x + clock_w + gap, y);
  } else {
    TextStyle centred = foot;
    centred.align = Align::center;
    const TextBlock lower = fitted(canvas, centred, next, {area.w, foot_h * 1.5});
    const TextBlock upper = fitted(canvas, centred, clock, {area.w, foot_h * 1.5});
    double y = zone.y + zone.h - lower.height();
    lower.draw(canvas, area.x, y);
    upper.draw(canvas, area.x, y - upper.height());
  }

  // The figure, as large as the width and the room above the message zone allow.
  const FontSpec font = weighted(theme.headline_font, 800);
  const std::string status = status_of(slide, reading, moment);
  const double status_px = theme.body_size * kStatusScale;
  const double status_h = canvas.measure_text(theme.body_font, status_px, "0").line_height;
  const double top = area.y + (heading.empty() ? 0 : heading.height());
  // The status line keeps a third of its height clear of the figure's ink.
  const double status_gap = status_h * kStatusGap;
  const double room = std::max(0.0, zone.y - top - status_h - status_gap);
  const double side = std::min(kFigureSide, std::min(theme.safe_area.left, theme.safe_area.right));
  const double width = screen.w - 2 * side;
  // Sized by the wider of the figure and its shape, so that it stands still as it ticks.
  const std::string shape = shape_of(
      reading.figure, !(reading.phase == TimerPhase::overtime && reading.over < kOneDigitOver));
  const std::string_view sizing =
      figure_width(canvas, font, 100, shape) >= figure_width(canvas, font, 100, reading.figure)
          ? std::string_view(shape)
          : std::string_view(reading.figure);
  const double px = fit_figure(canvas, font, room * 0.92 / kDigitInk, sizing, width);
  const TextMetrics metrics = canvas.measure_text(font, px, reading.figure);
  const double ink_h = px * kDigitInk;
  const double ink_top = top + (room - ink_h) / 2;
  const double figure_w = figure_width(canvas, font, px, reading.figure);

  // The figure ticks every second: drawn anew over the rest, which stays as it is.
  GroupScope live(canvas, Canvas::Group::live);
  draw_figure(canvas, font, px, reading.figure, screen.x + (screen.w - figure_w) / 2,
              ink_top - (metrics.ascent - ink_h), ink);
  if (!status.empty()) {
    const FontSpec status_font = weighted(theme.headline_font, 600);
    const double w = canvas.measure_text(status_font, status_px, status).width;
    canvas.draw_text(status_font, status_px, status, screen.x + (screen.w - w) / 2,
                     ink_top + ink_h + status_gap,
                     reading.phase == TimerPhase::overtime ? ink : muted);
  }
}

}  // namespace marquee
