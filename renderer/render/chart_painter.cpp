// Charts: bar, line, big number and milestones timeline, growing in with easing on entry.
#include <algorithm>
#include <cmath>
#include <optional>

#include "core/timeline.h"
#include "render/figures.h"
#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_block.h"

namespace marquee::render {
namespace {

// Proportions of the compositions, in multiples of the theme's sizes: what makes a
// chart read from across a hall, so they live here rather than in the theme.
constexpr double kTitleScale = 0.7;   // chart titles, of headline_size
constexpr double kFigureScale = 2.4;  // a lone big number, of headline_size
constexpr double kYearScale = 0.75;   // timeline years, of headline_size
constexpr double kStagger = 0.35;     // share of the grow time over which items start in turn
constexpr double kBarShare = 0.58;    // of a bar's slot
constexpr double kMaxBarWidth = 300;
constexpr double kLineWidth = 8;
constexpr double kPointRadius = 15;
constexpr double kRule = 3;  // axis and gridlines

Color faded(Color color, double alpha) {
  color.a = static_cast<std::uint8_t>(std::lround(color.a * std::clamp(alpha, 0.0, 1.0)));
  return color;
}

// How far item `index` of `count` has grown at this moment, eased: items start in turn
// over the first kStagger of the grow time, and all are whole once it has passed. A pure
// function of elapsed time, so any frame can be rendered on its own.
double grown(const ChartSlide& chart, const SlideMoment& moment, std::size_t index = 0,
             std::size_t count = 1) {
  if (chart.grow.count() <= 0) return 1;
  const double t = double(moment.elapsed.count()) / double(chart.grow.count());
  const double delay = count > 1 ? kStagger * double(index) / double(count - 1) : 0;
  const double span = count > 1 ? 1 - kStagger : 1;
  return ease(Easing::ease_out, (t - delay) / span);
}

// Gridlines every 1, 2, 2.5 or 5 times a power of ten, about four of them.
double nice_step(double span) {
  if (span <= 0) return 1;
  const double raw = span / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double f : {1.0, 2.0, 2.5, 5.0})
    if (f * magnitude >= raw) return f * magnitude;
  return 10 * magnitude;
}

// A thick line from a to b as one-unit vertical slices, the only shape the canvas has.
void fill_segment(Canvas& canvas, double x0, double y0, double x1, double y1, double width,
                  Color color) {
  if (x1 < x0) {
    std::swap(x0, x1);
    std::swap(y0, y1);
  }
  const double slope = x1 > x0 ? (y1 - y0) / (x1 - x0) : 0;
  const double half = width / 2 * std::sqrt(1 + slope * slope);
  for (double x = x0; x < x1; x += 1) {
    const double step = std::min(1.0, x1 - x);
    const double ya = y0 + slope * (x - x0), yb = y0 + slope * (x + step - x0);
    const double top = std::min(ya, yb) - half, bottom = std::max(ya, yb) + half;
    canvas.fill_rect({x, top, step, bottom - top}, color);
  }
}

void fill_circle(Canvas& canvas, double cx, double cy, double radius, Color color) {
  for (double dy = -radius; dy < radius; dy += 1) {
    const double mid = dy + 0.5;
    const double half = std::sqrt(std::max(0.0, radius * radius - mid * mid));
    canvas.fill_rect({cx - half, cy + dy, 2 * half, 1}, color);
  }
}

// The chart's title above and caption below; returns the area left for the plot.
Rect frame(Canvas& canvas, const Theme& theme, const ChartSlide& chart, const Rect& area) {
  const TextBlock title = fitted(canvas,
                                 {.font = theme.headline_font,
                                  .size = theme.headline_size * kTitleScale,
                                  .min_size = theme.headline_size * 0.4,
                                  .color = theme.text,
                                  .max_lines = 2},
                                 chart.title, {area.w, area.h * 0.25});
  const TextBlock caption = balanced(canvas,
                                     {.font = theme.body_font,
                                      .size = theme.body_size * 0.8,
                                      .min_size = theme.caption_size,
                                      .color = theme.muted,
                                      .line_spacing = 1.15,
                                      .max_lines = 2},
                                     chart.caption, {area.w, area.h * 0.2});
  title.draw(canvas, area.x, area.y);
  caption.draw(canvas, area.x, area.y + area.h - caption.height());
  const double gap = theme.body_size;
  const double top = title.layout.empty() ? 0 : title.height() + gap;
  const double bottom = caption.layout.empty() ? 0 : caption.height() + gap;
  return {area.x, area.y + top, area.w, std::max(0.0, area.h - top - bottom)};
}

void paint_bars(Canvas& canvas, const Theme& theme, const ChartSlide& chart,
                const SlideMoment& moment, const Rect& plot) {
  const std::size_t n = chart.points.size();
  const double slot = plot.w / double(n);
  const double bar_w = std::min(slot * kBarShare, kMaxBarWidth);
  double top_value = 0;
  for (const auto& p : chart.points) top_value = std::max(top_value, p.value);

  TextStyle category{.font = theme.body_font,
                     .size = theme.body_size * 0.85,
                     .min_size = theme.caption_size * 0.8,
                     .color = theme.muted,
                     .align = Align::center,
                     .max_lines = 1};
  TextStyle value{.font = theme.headline_font,
                  .size = theme.body_size,
                  .min_size = theme.caption_size * 0.8,
                  .color = theme.text,
                  .align = Align::center,
                  .max_lines = 1};
  std::vector<std::string> labels, finals;
  for (const auto& p : chart.points) {
    labels.push_back(p.label);
    finals.push_back(format_chart_value(chart, p.value, p.value));
  }
  share_size(canvas, category, labels, {slot * 0.95, plot.h});
  share_size(canvas, value, finals, {slot * 0.95, plot.h});
  const double category_h = canvas.measure_text(category.font, category.size, "0").line_height;
  const double value_h = canvas.measure_text(value.font, value.size, "0").line_height;
  const double gap = theme.body_size * 0.3;
  const double baseline = plot.y + plot.h - category_h - gap;
  const double tallest = std::max(0.0, baseline - plot.y - value_h - gap);

  for (std::size_t i = 0; i < n; ++i) {
    const ChartPoint& p = chart.points[i];
    const double g = grown(chart, moment, i, n);
    const double h = top_value > 0 ? tallest * p.value / top_value * g : 0;
    const double x = plot.x + slot * double(i) + (slot - bar_w) / 2;
    canvas.fill_rect({x, baseline - h, bar_w, h}, theme.accent);
    const std::string shown = format_chart_value(chart, p.value * g, p.value);
    const double w = figure_width(canvas, value.font, value.size, shown);
    draw_figure(canvas, value.font, value.size, shown, x + (bar_w - w) / 2,
                baseline - h - gap - value_h, theme.text);
    const TextLayout label = wrap_text(canvas, category, p.label, slot);
    draw_text_layout(canvas, category, label, plot.x + slot * double(i), baseline + gap);
  }
  canvas.fill_rect({plot.x, baseline, plot.w, kRule}, theme.muted);
}

void paint_line(Canvas& canvas, const Theme& theme, const ChartSlide& chart,
                const SlideMoment& moment, const Rect& plot) {
  const std::size_t n = chart.points.size();
  double lo = 0, hi = 0;
  for (const auto& p : chart.points) {
    lo = std::min(lo, p.value);
    hi = std::max(hi, p.value);
  }
  const double step = nice_step(hi - lo);
  lo = std::floor(lo / step) * step;
  hi = std::max(lo + step, std::ceil(hi / step) * step);

  const TextStyle tick{
      .font = theme.body_font, .size = theme.caption_size * 1.15, .color = theme.muted};
  TextStyle category{.font = theme.body_font,
                     .size = theme.body_size * 0.8,
                     .min_size = theme.caption_size * 0.8,
                     .color = theme.muted,
                     .align = Align::center,
                     .max_lines = 1};
  const FontSpec value_font = theme.headline_font;
  const double value_px = theme.body_size * 0.9;
  const double value_h = canvas.measure_text(value_font, value_px, "0").line_height;
  const double tick_h = canvas.measure_text(tick.font, tick.size, "0").line_height;

  std::vector<std::string> ticks;
  double tick_w = 0;
  for (double v = lo; v <= hi + step / 2; v += step) {
    ticks.push_back(format_number(v, chart.format, decimals_needed(step)));
    tick_w = std::max(tick_w, canvas.measure_text(tick.font, tick.size, ticks.back()).width);
  }
  const double gap = theme.body_size * 0.3;
  const double left = plot.x + tick_w + gap * 2;
  const double width = plot.x + plot.w - left;
  // Half a slot of margin each side keeps the first and last labels inside the plot.
  const double slot = width / double(n);
  std::vector<std::string> labels;
  for (const auto& p : chart.points) labels.push_back(p.label);
  share_size(canvas, category, labels, {slot * 0.95, plot.h});
  const double category_h = canvas.measure_text(category.font, category.size, "0").line_height;
  const double bottom = plot.y + plot.h - category_h - gap;
  const double top = plot.y + value_h + gap;
  const auto y_of = [&](double v) { return bottom - (v - lo) / (hi - lo) * (bottom - top); };
  const auto x_of = [&](std::size_t i) { return left + slot * (double(i) + 0.5); };

  for (std::size_t k = 0; k < ticks.size(); ++k) {
    const double y = y_of(lo + step * double(k));
    // The zero line is the axis; the others only guide the eye.
    const bool axis = lo + step * double(k) == 0;
    canvas.fill_rect({left, y - kRule / 2, width, kRule},
                     axis ? theme.muted : faded(theme.muted, 0.3));
    const double w = canvas.measure_text(tick.font, tick.size, ticks[k]).width;
    canvas.draw_text(tick.font, tick.size, ticks[k], left - gap * 2 - w, y - tick_h / 2,
                     theme.muted);
  }

  // The line draws itself from left to right; each point and its value appear as it passes.
  const double reveal = grown(chart, moment);
  const double reach = x_of(0) + (x_of(n - 1) - x_of(0)) * reveal;
  {
    ClipScope clip(canvas, {plot.x, plot.y, reach - plot.x, plot.h});
    for (std::size_t i = 0; i + 1 < n; ++i)
      fill_segment(canvas, x_of(i), y_of(chart.points[i].value), x_of(i + 1),
                   y_of(chart.points[i + 1].value), kLineWidth, theme.accent);
  }
  const bool label_all = n <= 10;
  for (std::size_t i = 0; i < n; ++i) {
    const ChartPoint& p = chart.points[i];
    const double x = x_of(i), y = y_of(p.value);
    const TextLayout label = wrap_text(canvas, category, p.label, slot);
    draw_text_layout(canvas, category, label, x - slot / 2, bottom + gap);
    // Points pop in over the last few units of the line reaching them.
    const double shown = std::clamp((reach - x) / (kPointRadius * 2) + 1, 0.0, 1.0);
    if (shown <= 0) continue;
    fill_circle(canvas, x, y, (kPointRadius + 5) * shown, theme.background);
    fill_circle(canvas, x, y, kPointRadius * shown, theme.accent);
    if (!label_all && i + 1 != n) continue;
    const std::string value = format_chart_value(chart, p.value, p.value);
    const double w = figure_width(canvas, value_font, value_px, value);
    draw_figure(canvas, value_font, value_px, value,
                // Kept inside the plot; std::clamp would need the plot to be wider than w.
                std::max(plot.x, std::min(x - w / 2, plot.x + plot.w - w)),
                y - kPointRadius - gap - value_h, faded(theme.text, shown));
  }
}

// Big numbers are a centred composition of their own: the title as an accent line above,
// the figures, their labels, and the caption under them all.
void paint_numbers(Canvas& canvas, const Theme& theme, const ChartSlide& chart,
                   const SlideMoment& moment, const Rect& area) {
  const std::size_t n = chart.points.size();
  const double gap = theme.body_size;
  // Figures side by side need air between them to read as separate numbers.
  const double gutter = gap * 2;
  const double column = (area.w - gutter * double(n - 1)) / double(n);
  const TextBlock title = fitted(canvas,
                                 {.font = weighted(theme.headline_font, 600),
                                  .size = theme.body_size,
                                  .min_size = theme.caption_size,
                                  .color = theme.accent,
                                  .align = Align::center,
                                  .max_lines = 2},
                                 chart.title, {area.w, area.h * 0.2});
  const TextBlock caption = balanced(canvas,
                                     {.font = theme.body_font,
                                      .size = theme.body_size,
                                      .min_size = theme.body_size * 0.6,
                                      .color = theme.muted,
                                      .align = Align::center,
                                      .line_spacing = 1.15,
                                      .max_lines = 2},
                                     chart.caption, {area.w, area.h * 0.25});
  const TextStyle label{.font = theme.body_font,
                        .size = theme.body_size,
                        .min_size = theme.body_size * 0.6,
                        .color = theme.muted,
                        .align = Align::center,
                        .line_spacing = 1.1,
                        .max_lines = 2};
  std::vector<TextBlock> labels;
  double label_h = 0;
  for (const auto& p : chart.points) {
    labels.push_back(fitted(canvas, label, p.label, {column, theme.body_size * 2.5}));
    label_h = std::max(label_h, labels.back().height());
  }
  const double title_gap = title.layout.empty() ? 0 : gap * 0.3;
  const double caption_gap = caption.layout.empty() ? 0 : gap * (n == 1 ? 0.2 : 0.8);
  const double fixed = title.height() + title_gap + label_h + caption_gap + caption.height();

  // One size for every figure, sized by the value it counts up to so it never grows.
  const FontSpec& font = theme.headline_font;
  const double line_ratio = canvas.measure_text(font, 100, "0").line_height / 100;
  double px =
      std::min(theme.headline_size * kFigureScale, std::max(0.0, area.h - fixed) / line_ratio);
  // Side by side, figures keep some of their column free so they never seem to touch.
  const double figure_room = column * (n > 1 ? 0.85 : 1.0);
  for (const auto& p : chart.points)
    px = std::min(
        px, fit_figure(canvas, font, px, format_chart_value(chart, p.value, p.value), figure_room));
  const double figure_h = canvas.measure_text(font, px, "0").line_height;

  double y = area.y + std::max(0.0, (area.h - fixed - figure_h) / 2);
  title.draw(canvas, area.x, y);
  y += title.height() + title_gap;
  for (std::size_t i = 0; i < n; ++i) {
    const ChartPoint& p = chart.points[i];
    const std::string shown =
        format_chart_value(chart, p.value * grown(chart, moment, i, n), p.value);
    const double x = area.x + (column + gutter) * double(i);
    const double w = figure_width(canvas, font, px, shown);
    draw_figure(canvas, font, px, shown, x + (column - w) / 2, y, theme.text);
    labels[i].draw(canvas, x, y + figure_h);
  }
  y += figure_h + label_h + caption_gap;
  caption.draw(canvas, area.x, y);
}

void paint_timeline(Canvas& canvas, const Theme& theme, const ChartSlide& chart,
                    const SlideMoment& moment, const Rect& plot) {
  const std::size_t n = chart.points.size();
  const double column = plot.w / double(n);
  const double pad = theme.body_size * 0.3;
  const FontSpec year_font = theme.headline_font;
  std::vector<std::string> years;
  for (const auto& p : chart.points) years.push_back(p.label);
  TextStyle year{.font = year_font,
                 .size = theme.headline_size * kYearScale,
                 .min_size = theme.body_size * 0.6,
                 .color = theme.accent,
                 .align = Align::center,
                 .max_lines = 1};
  share_size(canvas, year, years, {column - 2 * pad, plot.h});
  const double year_h = canvas.measure_text(year.font, year.size, "0").line_height;

  // Every milestone at one size: the largest at which each fits its column.
  TextStyle text{.font = theme.body_font,
                 .size = theme.body_size * 0.9,
                 .min_size = theme.caption_size,
                 .color = theme.text,
                 .align = Align::center,
                 .line_spacing = 1.15,
                 .max_lines = 5};
  const double gap = theme.body_size * 0.6;
  const double text_room = std::max(0.0, plot.h - year_h - 2 * gap - kPointRadius * 2);
  std::vector<std::string> milestones;
  for (const auto& p : chart.points) milestones.push_back(p.text);
  share_size(canvas, text, milestones, {column - 2 * pad, text_room});
  std::vector<TextLayout> texts;
  double text_h = 0;
  for (const auto& p : chart.points) {
    texts.push_back(fit_text(canvas, text, p.text, {column - 2 * pad, text_room}));
    text_h = std::max(text_h, texts.back().extent.h);
  }

  const double total = year_h + gap + kPointRadius * 2 + gap + text_h;
  const double top = plot.y + std::max(0.0, (plot.h - total) / 2);
  const double axis = top + year_h + gap + kPointRadius;

  // The axis runs out from the left and each milestone arrives in turn.
  const double reveal = grown(chart, moment);
  canvas.fill_rect({plot.x, axis - kRule, plot.w * reveal, kRule * 2}, theme.muted);
  for (std::size_t i = 0; i < n; ++i) {
    const double g = grown(chart, moment, i, n);
    if (g <= 0) continue;
    const double x = plot.x + column * double(i);
    const double cx = x + column / 2;
    fill_circle(canvas, cx, axis, (kPointRadius + 6) * g, theme.background);
    fill_circle(canvas, cx, axis, kPointRadius * g, theme.accent);
    AlphaScope fade(canvas, g);
    draw_text_layout(canvas, year, wrap_text(canvas, year, chart.points[i].label, column), x, top);
    draw_text_layout(canvas, text, texts[i], x + pad, axis + kPointRadius + gap);
  }
}

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void ChartSlide::paint(Canvas& canvas, const Theme& theme, const ChartSlide& chart,
                       const SlideMoment& moment) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);
  // Bars grow, lines draw and numbers count up every frame of the entry; then it is still.
  std::optional<GroupScope> entering;
  if (moment.elapsed < chart.grow) {
    canvas.animates(moment);
    entering.emplace(canvas, Canvas::Group::live);
  }
  if (chart.type == ChartType::number) {
    if (!chart.points.empty()) paint_numbers(canvas, theme, chart, moment, area);
    return;
  }
  const Rect plot = frame(canvas, theme, chart, area);
  if (chart.points.empty() || plot.w <= 0 || plot.h <= 0) return;
  switch (chart.type) {
    case ChartType::bar:
      return paint_bars(canvas, theme, chart, moment, plot);
    case ChartType::line:
      return paint_line(canvas, theme, chart, moment, plot);
    case ChartType::number:
      return;
    case ChartType::timeline:
      return paint_timeline(canvas, theme, chart, moment, plot);
  }
}

}  // namespace marquee
