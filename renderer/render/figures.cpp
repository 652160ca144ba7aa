// Number and wait formatting for charts, countdowns and agendas; even-width digits for figures.
#include "render/figures.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace marquee::render {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kMinus = "\xE2\x88\x92";  // U+2212, as wide as a plus sign
// Past this, doubles stop holding whole numbers exactly and no screen needs them.
constexpr double kLargest = 1e15;

std::string two_digits(long long v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

// |value| rounded to `decimals` places, with thousands separators and no sign.
std::string magnitude(double value, int decimals) {
  const long long scale = decimals == 1 ? 10 : decimals == 2 ? 100 : 1;
  const long long scaled = std::llround(std::min(std::abs(value), kLargest) * double(scale));
  std::string whole = std::to_string(scaled / scale);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  if (scale == 1) return whole;
  const std::string fraction = std::to_string(scale + scaled % scale).substr(1);
  return whole + "." + fraction;
}

std::string signed_magnitude(double value, int decimals) {
  const std::string digits = magnitude(value, decimals);
  // No "−0": a value that rounds to zero has no sign.
  const bool negative = value < 0 && digits.find_first_of("123456789") != std::string::npos;
  return negative ? std::string(kMinus) + digits : digits;
}

// Whether |value| still reads below `limit` once rounded to `places`.
bool rounds_below(double value, int places, double limit) {
  const double scale = std::pow(10.0, places);
  return std::round(std::abs(value) * scale) < limit * scale;
}

std::string compact(double value, int decimals) {
  struct Unit {
    double size;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{1e3, "K"}, {1e6, "M"}, {1e9, "B"}, {1e12, "T"}};
  if (rounds_below(value, decimals, 1e3)) return signed_magnitude(value, decimals);
  std::string digits;
  const char* suffix = "";
  for (const Unit& unit : kUnits) {
    const double scaled = std::abs(value) / unit.size;
    const int places = rounds_below(scaled, 1, 10) ? 1 : 0;
    digits = magnitude(scaled, places);
    suffix = unit.suffix;
    // 999,999 is "1M", not "1000K": rounding that reaches the next unit moves on to it.
    if (rounds_below(scaled, places, 1e3)) break;
  }
  if (digits.ends_with(".0")) digits.resize(digits.size() - 2);
  return (value < 0 ? std::string(kMinus) : "") + digits + suffix;
}

const char* const kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kWeekdayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Beyond a week "in 23 days" means less to a reader than the date itself.
constexpr long kDaysCounted = 6;

}  // namespace

int decimals_needed(double value) {
  for (int places = 0; places < 2; ++places) {
    const double scaled = value * std::pow(10.0, places);
    if (std::abs(scaled - std::round(scaled)) < 1e-6) return places;
  }
  return 2;
}

std::string format_number(double value, NumberFormat format, int decimals) {
  decimals = std::clamp(decimals, 0, 2);
  switch (format) {
    case NumberFormat::plain:
      return signed_magnitude(value, decimals);
    case NumberFormat::compact:
      return compact(value, decimals);
    case NumberFormat::percent:
      return signed_magnitude(value, decimals) + "%";
  }
  return signed_magnitude(value, decimals);
}

std::string format_chart_value(const ChartSlide& chart, double value, double target) {
  std::string number = format_number(value, chart.format, decimals_needed(target));
  // The sign goes before a currency prefix: "−$5", not "$−5".
  std::string sign;
  if (number.starts_with(kMinus)) {
    sign = kMinus;
    number.erase(0, kMinus.size());
  }
  return sign + chart.prefix + number + chart.suffix;
}

std::string hours_minutes(minutes wait) {
  const auto h = wait.count() / 60, m = wait.count() % 60;
  if (h == 0) return std::to_string(m) + " min";
  return std::to_string(h) + " h " + two_digits(m) + " min";
}

std::string time_of_day(LocalTime t) {
  const auto since_midnight = t - date::floor<date::days>(t);
  const auto h = std::chrono::duration_cast<hours>(since_midnight).count();
  const auto m = std::chrono::duration_cast<minutes>(since_midnight).count() % 60;
  return std::to_string(h % 12 == 0 ? 12 : h % 12) + ":" + two_digits(m) +
         (h < 12 ? " a.m." : " p.m.");
}

std::string time_span(LocalTime from, LocalTime to) {
  const std::string start = time_of_day(from), end = time_of_day(to);
  // "10:50 – 11:20 a.m.": the half of the day is said once when both share it.
  const auto half = [](const std::string& t) { return t.substr(t.size() - 4); };
  const std::string dash = " \xE2\x80\x93 ";  // an en dash
  if (half(start) == half(end)) return start.substr(0, start.size() - 5) + dash + end;
  return start + dash + end;
}

std::string day_and_date(LocalTime t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  return std::string(kWeekdayNames[date::weekday(day).c_encoding()]) + ", " +
         kMonths[unsigned(ymd.month()) - 1] + " " + std::to_string(unsigned(ymd.day()));
}

std::string when(LocalTime now, LocalTime t) {
  const auto day = date::floor<date::days>(t);
  if (day == date::floor<date::days>(now)) return time_of_day(t);
  return std::string(kWeekdays[date::weekday(day).c_encoding()]) + " " + time_of_day(t);
}

CountdownText countdown_text(LocalTime now, LocalTime at) {
  if (now >= at) return {"", "now"};
  const seconds left = at - now;
  const auto day = date::floor<date::days>(at);
  const auto days = (day - date::floor<date::days>(now)).count();
  // From the evening before, tomorrow's start reads "tomorrow", not "15 h 45 min".
  if (days > 0 && left >= kDayWording) {
    if (days == 1) return {"starts", "tomorrow"};
    if (days <= kDaysCounted) return {"starts", "in " + std::to_string(days) + " days"};
    const date::year_month_day ymd{day};
    return {"starts", std::string(kMonths[unsigned(ymd.month()) - 1]) + " " +
                          std::to_string(unsigned(ymd.day()))};
  }
  if (left >= hours{1}) return {"starts in", hours_minutes(std::chrono::ceil<minutes>(left))};
  return {"starts in", std::to_string(left.count() / 60) + ":" + two_digits(left.count() % 60)};
}

CountdownReading countdown_reading(const CountdownSlide& slide, LocalTime now) {
  const CountdownState state = countdown_state(slide, now);
  CountdownReading reading{state.phase, state.start, {}, {}};
  if (state.phase == SessionPhase::before) {
    reading.text = countdown_text(now, state.start);
    reading.when = when(now, state.start);
  }
  return reading;
}

std::string CountdownReading::joined() const {
  return std::to_string(static_cast<int>(phase)) + '|' +
         std::to_string(start.time_since_epoch().count()) + '|' + text.lead + '|' + text.figure +
         '|' + when;
}

std::string agenda_label(LocalTime now, LocalTime at) {
  if (now >= at) return "now";
  const seconds left = at - now;
  if (left >= kAgendaRelative) return when(now, at);
  const minutes wait = std::chrono::ceil<minutes>(left);
  return "in " + hours_minutes(wait);
}

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

double digit_advance(Canvas& canvas, const FontSpec& font, double px) {
  double widest = 0;
  for (char c = '0'; c <= '9'; ++c)
    widest = std::max(widest, canvas.measure_text(font, px, std::string_view(&c, 1)).width);
  return widest;
}

// Calls run(text, x, width) for each digit and each stretch between digits, left to right.
template <class Run>
double for_each_run(Canvas& canvas, const FontSpec& font, double px, std::string_view text,
                    Run run) {
  const double cell = digit_advance(canvas, font, px);
  double x = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i + 1;
    if (!is_digit(text[i]))
      while (end < text.size() && !is_digit(text[end])) ++end;
    const std::string_view part = text.substr(i, end - i);
    const double width = is_digit(text[i]) ? cell : canvas.measure_text(font, px, part).width;
    run(part, x, width);
    x += width;
    i = end;
  }
  return x;
}

}  // namespace

double figure_width(Canvas& canvas, const FontSpec& font, double px, std::string_view text) {
  return for_each_run(canvas, font, px, text, [](std::string_view, double, double) {});
}

void draw_figure(Canvas& canvas, const FontSpec& font, double px, std::string_view text, double x,
                 double y, Color color) {
  for_each_run(canvas, font, px, text, [&](std::string_view part, double at, double width) {
    // A narrow digit sits in the middle of its cell, as tabular figures do.
    const double own = is_digit(part.front()) ? canvas.measure_text(font, px, part).width : width;
    canvas.draw_text(font, px, part, x + at + (width - own) / 2, y, color);
  });
}

double fit_figure(Canvas& canvas, const FontSpec& font, double max_px, std::string_view text,
                  double width) {
  double px = max_px;
  // Widths grow almost linearly with size; a few corrections absorb hinting.
  for (int i = 0; i < 4; ++i) {
    const double w = figure_width(canvas, font, px, text);
    if (w <= width || w <= 0) break;
    px = std::floor(px * width / w);
  }
  return std::max(px, 1.0);
}

}  // namespace marquee::render
