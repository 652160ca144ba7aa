// Text layout as plain values: measure, word-wrap to a width, auto-fit to a box, align.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/show.h"
#include "render/canvas.h"

namespace marquee::render {

struct TextStyle {
  FontSpec font{};
  double size = 48;     // the size used whenever the text fits at it
  double min_size = 0;  // auto-fit floor; 0 (or >= size) turns shrinking off
  Color color{};
  Align align = Align::left;
  double line_spacing = 1.0;  // distance between lines as a multiple of the line height
  int max_lines = 0;          // 0: as many as the box holds
};

struct TextLine {
  std::string text;
  double x = 0, y = 0;  // top-left of the line box, relative to the text box
  double width = 0;
};

struct TextLayout {
  double size = 0;  // the pixel size chosen
  double line_height = 0;
  std::vector<TextLine> lines;
  Size extent;              // widest line by the height of all lines
  bool ellipsized = false;  // the box could not hold the text even at the floor size

  bool empty() const { return lines.empty(); }
};

// Wraps at style.size into box_width without shrinking; a word wider than the box is
// broken between characters.
TextLayout wrap_text(Canvas& canvas, const TextStyle& style, std::string_view text,
                     double box_width);

// The largest size <= style.size, down to style.min_size, at which the text wraps into
// box without breaking words. At the floor it breaks words and, as a last resort, drops
// lines and ends the last one with an ellipsis.
TextLayout fit_text(Canvas& canvas, const TextStyle& style, std::string_view text, Size box);

// Draws a layout with the top-left of its box at (x, y).
void draw_text_layout(Canvas& canvas, const TextStyle& style, const TextLayout& layout, double x,
                      double y);

}  // namespace marquee::render
