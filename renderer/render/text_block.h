// Text blocks for stacked compositions (countdowns, agendas, charts): fitted, balanced, drawn.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "render/text_layout.h"

namespace marquee::render {

// A style and the layout chosen for it, so a painter can measure a stack of blocks
// before deciding where the stack starts.
struct TextBlock {
  TextStyle style;
  TextLayout layout{};

  bool empty() const { return layout.empty(); }
  double height() const { return layout.extent.h; }
  // Draws with the top-left of the block's box at (x, y).
  void draw(Canvas& canvas, double x, double y) const;
};

// fit_text() into box; no text gives an empty block, so callers can stack blindly.
TextBlock fitted(Canvas& canvas, const TextStyle& style, std::string_view text, Size box);

// Like fitted(), but with lines of similar length: a wrapped title reads "Women and
// non-binary / PyTorch lunch" rather than leaving one word alone on its last line.
TextBlock balanced(Canvas& canvas, const TextStyle& style, std::string_view text, Size box);

// Sets style to one size for texts that belong together (a chart's labels, an agenda's
// titles): the largest, down to style.min_size, at which every one fits box.
void share_size(Canvas& canvas, TextStyle& style, std::span<const std::string> texts, Size box);

// The parts that are not empty, joined with `separator` (" · " by default): "12:10 p.m. ·
// Gallery 2" with no stray dot when a part is missing.
std::string joined(std::initializer_list<std::string_view> parts,
                   std::string_view separator = " \xC2\xB7 ");

// The font at another weight, for a semibold line in a theme that names regular and bold.
FontSpec weighted(FontSpec font, int weight);

}  // namespace marquee::render
