// Fitting and balancing text blocks for the stacked compositions of countdowns, agendas and charts.
#include "render/text_block.h"

#include <algorithm>

#include "render/geometry.h"

namespace marquee::render {

void TextBlock::draw(Canvas& canvas, double x, double y) const {
  draw_text_layout(canvas, style, layout, x, y);
}

TextBlock fitted(Canvas& canvas, const TextStyle& style, std::string_view text, Size box) {
  return {style, fit_text(canvas, style, text, box)};
}

TextBlock balanced(Canvas& canvas, const TextStyle& style, std::string_view text, Size box) {
  TextBlock block = fitted(canvas, style, text, box);
  const std::size_t lines = block.layout.lines.size();
  if (lines < 2 || block.layout.ellipsized) return block;
  TextStyle fixed = style;
  fixed.size = fixed.min_size = block.layout.size;
  const auto words = [](const TextLayout& layout) {
    std::string all;
    for (const auto& line : layout.lines) all += line.text + " ";
    return all;
  };
  const std::string whole = words(block.layout);
  // Narrower is fine while it takes no more lines and breaks no word.
  const auto keeps = [&](const TextLayout& layout) {
    return layout.lines.size() == lines && words(layout) == whole;
  };
  double lo = block.layout.extent.w / double(lines), hi = block.layout.extent.w;
  for (int i = 0; i < 12 && hi - lo > 1; ++i) {
    const double mid = (lo + hi) / 2;
    (keeps(wrap_text(canvas, fixed, text, mid)) ? hi : lo) = mid;
  }
  block.layout = wrap_text(canvas, fixed, text, hi);
  // Wrapped narrower, the lines still align in the full box.
  for (auto& line : block.layout.lines) line.x = align_x(style.align, 0, box.w, line.width);
  return block;
}

void share_size(Canvas& canvas, TextStyle& style, std::span<const std::string> texts, Size box) {
  for (const auto& text : texts)
    style.size = std::min(style.size, fit_text(canvas, style, text, box).size);
  style.min_size = style.size;
}

FontSpec weighted(FontSpec font, int weight) {
  font.weight = weight;
  return font;
}

std::string joined(std::initializer_list<std::string_view> parts, std::string_view separator) {
  std::string out;
  for (const auto part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace marquee::render
