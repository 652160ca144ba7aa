// The chart slide kind: bars, a line, big numbers or a timeline of milestones, growing on entry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/kind.h"

namespace marquee {

enum class ChartType { bar, line, number, timeline };
enum class NumberFormat { plain, compact, percent };  // 1,700 · 600K · 60%

struct ChartPoint {
  std::string label;  // x label, a timeline's year, or the words under a big number
  double value = 0;   // unused by timelines
  std::string text;   // milestone text for timelines
};

struct ChartSlide {
  static constexpr const char kName[] = "chart";

  ChartType type = ChartType::bar;
  std::string title, caption;
  std::vector<ChartPoint> points;
  std::string prefix, suffix;  // "$", "+"
  NumberFormat format = NumberFormat::plain;
  Millis grow{std::chrono::milliseconds{1500}};  // entry animation

  static ChartSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const ChartSlide& slide,
                    const SlideMoment& moment);
  // The contact sheet shows it settled, after the entry animation.
  std::optional<LocalTime> preview_at() const { return std::nullopt; }
};

}  // namespace marquee
