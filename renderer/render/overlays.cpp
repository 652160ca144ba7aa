// Overlays above slides: the ticker crawl, the venue clock and the logo bug.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "render/changes.h"
#include "render/geometry.h"
#include "render/painters.h"

namespace marquee::render {
namespace {

// Overlays live in the safe area's margins, which slides leave empty: the clock and
// logo bug in the top margin, the ticker in the bottom one. So no slide content is
// ever under them, and a slide needs to know nothing about them.
constexpr double kTickerHeight = 60;  // shrinks to fit a thinner bottom margin
constexpr double kMinTickerHeight = 36;
constexpr double kTickerEdge = 4;  // the accent line along the band's top
constexpr double kTickerGap = 8;   // between the safe area and the band
constexpr double kBugHeight = 48;  // the clock's panel and the logo bug
constexpr double kBugMaxWidth = 240;
constexpr double kBugPadding = 16;
constexpr double kSeparator = 10;   // the accent square between messages
constexpr double kMessageGap = 40;  // either side of a separator

// A band of `height` centred in a margin that starts at `margin_top`, or flush with the
// screen edge when the margin is thinner than the band.
double band_y(double margin_top, double margin, double height) {
  return margin_top + std::max(0.0, (margin - height) / 2);
}

Rect corner_box(Corner corner, const Rect& screen, const Margins& safe, double w, double h) {
  const bool right = corner == Corner::top_right || corner == Corner::bottom_right;
  const bool top = corner == Corner::top_left || corner == Corner::top_right;
  const double x = right ? screen.w - safe.right - w : safe.left;
  const double y = top ? band_y(0, safe.top, h) : band_y(screen.h - safe.bottom, safe.bottom, h);
  return {x, y, w, h};
}

double ticker_height(const Theme& theme) {
  return std::clamp(theme.safe_area.bottom - 16, kMinTickerHeight, kTickerHeight);
}

double ticker_text_size(const Theme& theme) {
  return std::min(theme.caption_size, (ticker_height(theme) - kTickerEdge) * 0.55);
}

// One pass of the messages, each followed by a separator: their widths and the period.
struct Strip {
  std::vector<double> widths;
  Millis period{0};
  double length = 0;  // virtual pixels the crawl moves in one period
};

Strip measure_strip(Canvas& canvas, const Theme& theme, const TickerOverlay& ticker) {
  Strip strip;
  double length = 0;
  for (const std::string& message : ticker.messages) {
    strip.widths.push_back(
        canvas.measure_text(theme.body_font, ticker_text_size(theme), message).width);
    length += strip.widths.back() + 2 * kMessageGap + kSeparator;
  }
  if (length <= 0 || ticker.speed <= 0) return strip;
  // The period is rounded up to whole milliseconds, which makes the offset exact integer
  // arithmetic on the clock: the picture at t and at t + period is the same, to the pixel.
  strip.period = Millis{static_cast<Millis::rep>(std::ceil(length / ticker.speed * 1000))};
  strip.length = static_cast<double>(strip.period.count()) * ticker.speed / 1000;
  return strip;
}

}  // namespace

Rect ticker_band(const Theme& theme, Size screen) {
  const Margins& safe = theme.safe_area;
  const double height = ticker_height(theme);
  // Near the slide rather than the screen edge, where themes like to put a rule.
  const double gap = std::clamp((safe.bottom - height) / 2, 0.0, kTickerGap);
  return {safe.left, screen.h - safe.bottom + gap, std::max(0.0, screen.w - safe.left - safe.right),
          height};
}

namespace {

void paint_ticker(Canvas& canvas, const Theme& theme, const TickerOverlay& ticker,
                  const SlideMoment& moment) {
  const Rect band = ticker_band(theme, canvas.size());
  canvas.fill_rect(band, theme.panel);
  canvas.fill_rect({band.x, band.y, band.w, kTickerEdge}, theme.accent);

  const FontSpec& font = theme.body_font;
  const double size = ticker_text_size(theme);
  const Strip strip = measure_strip(canvas, theme, ticker);
  if (strip.period.count() <= 0) return;
  canvas.animates(moment);  // the crawl moves every frame
  // The strip repeats end to end, so the crawl never shows a gap.
  const Millis::rep period_ms = strip.period.count();
  const Millis::rep ms = moment.now.time_since_epoch().count();
  const auto into = ((ms % period_ms) + period_ms) % period_ms;
  const double offset = static_cast<double>(into) * ticker.speed / 1000;
  const std::vector<double>& widths = strip.widths;

  const TextMetrics metrics = canvas.measure_text(font, size, ticker.messages.front());
  const double inner_y = band.y + kTickerEdge;
  const double inner_h = band.h - kTickerEdge;
  const double text_y = inner_y + (inner_h - metrics.line_height) / 2;
  const double dot_y = inner_y + (inner_h - kSeparator) / 2;
  ClipScope clip(canvas, {band.x, inner_y, band.w, inner_h});
  for (double x = band.x - offset; x < band.x + band.w; x += strip.length) {
    double at = x;
    for (std::size_t i = 0; i < ticker.messages.size(); ++i) {
      // Each message is drawn whole at a moving x: the canvas rasterises it once.
      if (at + widths[i] > band.x && at < band.x + band.w)
        canvas.draw_text(font, size, ticker.messages[i], at, text_y, theme.text);
      at += widths[i] + kMessageGap;
      canvas.fill_rect({at, dot_y, kSeparator, kSeparator}, theme.accent);
      at += kSeparator + kMessageGap;
    }
  }
}

std::string clock_text(LocalTime local, bool twelve_hour) {
  const auto day = date::floor<date::days>(local);
  const date::hh_mm_ss time{local - day};
  const int h = static_cast<int>(time.hours().count());
  const auto minutes = static_cast<int>(time.minutes().count());
  const std::string mm = (minutes < 10 ? "0" : "") + std::to_string(minutes);
  if (!twelve_hour) return (h < 10 ? "0" : "") + std::to_string(h) + ":" + mm;
  const int h12 = h % 12 == 0 ? 12 : h % 12;
  return std::to_string(h12) + ":" + mm + (h < 12 ? " AM" : " PM");
}

void paint_clock(Canvas& canvas, const Theme& theme, const ClockOverlay& clock,
                 const SlideMoment& moment) {
  FontSpec font = theme.headline_font;
  font.weight = 600;
  const double size = std::min(theme.caption_size, kBugHeight * 0.62);
  const std::string text = clock_text(moment.local, clock.twelve_hour);
  canvas.changes_at(instant_at(
      moment, date::floor<std::chrono::minutes>(moment.local) + std::chrono::minutes{1}));
  const TextMetrics metrics = canvas.measure_text(font, size, text);
  const Rect box = corner_box(clock.corner, full_rect(canvas.size()), theme.safe_area,
                              metrics.width + 2 * kBugPadding, kBugHeight);
  {
    // A panel, so the time reads over a photo as well as over the theme.
    AlphaScope soft(canvas, 0.85);
    canvas.fill_rect(box, theme.panel);
  }
  canvas.draw_text(font, size, text, box.x + kBugPadding, box.y + (box.h - metrics.line_height) / 2,
                   theme.text);
}

void paint_logo(Canvas& canvas, const Theme& theme, const LogoOverlay& logo) {
  const std::filesystem::path& file = logo.file.empty() ? theme.logo : logo.file;
  if (file.empty()) return;
  const auto size = canvas.image_size(file);
  // A missing bug is left out: a placeholder in the corner of every slide would be worse.
  if (!size || size->w <= 0 || size->h <= 0) return;
  const double w = std::min(kBugMaxWidth, kBugHeight * size->w / size->h);
  const Rect box =
      corner_box(logo.corner, full_rect(canvas.size()), theme.safe_area, w, kBugHeight);
  canvas.draw_image(file, {0, 0, size->w, size->h}, fit_contain(*size, box));
}

}  // namespace

Millis ticker_period(Canvas& canvas, const Theme& theme, const TickerOverlay& ticker) {
  return measure_strip(canvas, theme, ticker).period;
}

void paint_overlays(Canvas& canvas, const Show& show, const SlideMoment& moment) {
  const Overlays& overlays = show.overlays;
  if (overlays.ticker && !overlays.ticker->messages.empty())
    paint_ticker(canvas, show.theme, *overlays.ticker, moment);
  if (overlays.clock) paint_clock(canvas, show.theme, *overlays.clock, moment);
  if (overlays.logo) paint_logo(canvas, show.theme, *overlays.logo);
}

}  // namespace marquee::render
