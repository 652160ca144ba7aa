// Greedy word wrap and a binary-searched auto-fit over the canvas's text measurements.
#include "render/text_layout.h"

#include <algorithm>
#include <cmath>

#include "render/geometry.h"

namespace marquee::render {
namespace {

constexpr double kSlack = 0.01;  // measurements are doubles; don't reject a line over rounding
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte offsets where each UTF-8 code point ends, so words break between characters.
std::vector<std::size_t> code_point_ends(std::string_view s) {
  std::vector<std::size_t> ends;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    if (i == s.size() || !is_continuation(s[i])) ends.push_back(i);
  }
  return ends;
}

std::vector<std::string_view> split(std::string_view s, char sep, bool keep_empty) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (keep_empty || end > start) parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

struct Wrapper {
  Canvas& canvas;
  const TextStyle& style;
  double size;
  double box_width;
  std::vector<std::string> lines;
  bool broke_word = false;

  double width_of(std::string_view s) { return canvas.measure_text(style.font, size, s).width; }
  bool fits(std::string_view s) { return width_of(s) <= box_width + kSlack; }

  // Longest prefix of word (at least one character) that fits.
  std::size_t fitting_prefix(std::string_view word) {
    const auto ends = code_point_ends(word);
    std::size_t lo = 0, hi = ends.size();  // ends[lo - 1] fits, ends[hi] (if any) does not
    while (lo < hi) {
      const std::size_t mid = (lo + hi + 1) / 2;
      if (fits(word.substr(0, ends[mid - 1]))) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return ends[std::max<std::size_t>(lo, 1) - 1];
  }

  void paragraph(std::string_view text) {
    std::string current;
    for (std::string_view word : split(text, ' ', false)) {
      std::string candidate =
          current.empty() ? std::string(word) : current + ' ' + std::string(word);
      if (fits(candidate)) {
        current = std::move(candidate);
        continue;
      }
      if (!current.empty()) lines.push_back(std::move(current));
      current.clear();
      while (!fits(word)) {
        broke_word = true;
        const std::size_t cut = fitting_prefix(word);
        lines.emplace_back(word.substr(0, cut));
        word.remove_prefix(cut);
      }
      current = std::string(word);
    }
    lines.push_back(std::move(current));
  }
};

double block_height(std::size_t line_count, double line_height, double spacing) {
  if (line_count == 0) return 0;
  return line_height + static_cast<double>(line_count - 1) * line_height * spacing;
}

TextLayout place(Canvas& canvas, const TextStyle& style, double size, double box_width,
                 std::vector<std::string> lines) {
  TextLayout layout;
  layout.size = size;
  layout.line_height = canvas.measure_text(style.font, size, "").line_height;
  double y = 0;
  for (auto& text : lines) {
    TextLine line;
    line.width = text.empty() ? 0 : canvas.measure_text(style.font, size, text).width;
    line.x = align_x(style.align, 0, box_width, line.width);
    line.y = y;
    line.text = std::move(text);
    layout.extent.w = std::max(layout.extent.w, line.width);
    layout.lines.push_back(std::move(line));
    y += layout.line_height * style.line_spacing;
  }
  layout.extent.h = block_height(layout.lines.size(), layout.line_height, style.line_spacing);
  return layout;
}

struct Wrapped {
  std::vector<std::string> lines;
  bool broke_word = false;
};

Wrapped wrap_lines(Canvas& canvas, const TextStyle& style, std::string_view text, double size,
                   double box_width) {
  Wrapper wrapper{canvas, style, size, box_width, {}, false};
  if (!text.empty()) {
    for (std::string_view paragraph : split(text, '\n', true)) wrapper.paragraph(paragraph);
  }
  return {std::move(wrapper.lines), wrapper.broke_word};
}

std::size_t lines_that_fit(Canvas& canvas, const TextStyle& style, double size, Size box) {
  const double line_height = canvas.measure_text(style.font, size, "").line_height;
  const double step = line_height * style.line_spacing;
  std::size_t n = 1;
  if (step > 0 && box.h > line_height) {
    n += static_cast<std::size_t>(std::floor((box.h - line_height) / step + kSlack));
  }
  if (style.max_lines > 0) n = std::min<std::size_t>(n, style.max_lines);
  return n;
}

bool fits_box(Canvas& canvas, const TextStyle& style, const Wrapped& wrapped, double size,
              Size box) {
  return !wrapped.broke_word && wrapped.lines.size() <= lines_that_fit(canvas, style, size, box);
}

// The line cut short enough to end in an ellipsis: after a whole word when one fits,
// else after as many characters of the first word as fit.
std::string ellipsize(Canvas& canvas, const TextStyle& style, double size, double box_width,
                      std::string_view line) {
  const auto fits = [&](const std::string& s) {
    return canvas.measure_text(style.font, size, s).width <= box_width + kSlack;
  };
  const auto with_ellipsis = [](std::string_view head) {
    while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
    return std::string(head) + std::string(kEllipsis);
  };
  std::string_view head = line;
  for (;;) {
    if (std::string candidate = with_ellipsis(head); fits(candidate)) return candidate;
    const std::size_t space = head.find_last_of(' ');
    if (space == std::string_view::npos) break;
    head = head.substr(0, space);
  }
  const auto ends = code_point_ends(head);
  std::size_t lo = 0, hi = ends.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi + 1) / 2;
    if (fits(with_ellipsis(head.substr(0, ends[mid - 1])))) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return with_ellipsis(head.substr(0, lo == 0 ? 0 : ends[lo - 1]));
}

}  // namespace

TextLayout wrap_text(Canvas& canvas, const TextStyle& style, std::string_view text,
                     double box_width) {
  return place(canvas, style, style.size, box_width,
               wrap_lines(canvas, style, text, style.size, box_width).lines);
}

TextLayout fit_text(Canvas& canvas, const TextStyle& style, std::string_view text, Size box) {
  const double largest = style.size;
  const double floor_size =
      style.min_size > 0 && style.min_size < largest ? style.min_size : largest;

  Wrapped wrapped = wrap_lines(canvas, style, text, largest, box.w);
  if (fits_box(canvas, style, wrapped, largest, box)) {
    return place(canvas, style, largest, box.w, std::move(wrapped.lines));
  }

  // Fitting is monotonic in size for practical text, so search whole pixel sizes.
  int lo = static_cast<int>(std::ceil(floor_size));
  int hi = static_cast<int>(std::ceil(largest)) - 1;
  int best = -1;
  Wrapped best_wrapped;
  while (lo <= hi) {
    const int mid = lo + (hi - lo) / 2;
    Wrapped attempt = wrap_lines(canvas, style, text, mid, box.w);
    if (fits_box(canvas, style, attempt, mid, box)) {
      best = mid;
      best_wrapped = std::move(attempt);
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (best > 0) return place(canvas, style, best, box.w, std::move(best_wrapped.lines));

  wrapped = wrap_lines(canvas, style, text, floor_size, box.w);
  const std::size_t room = lines_that_fit(canvas, style, floor_size, box);
  bool cut = false;
  if (wrapped.lines.size() > room) {
    wrapped.lines.resize(room);
    wrapped.lines.back() = ellipsize(canvas, style, floor_size, box.w, wrapped.lines.back());
    cut = true;
  }
  TextLayout layout = place(canvas, style, floor_size, box.w, std::move(wrapped.lines));
  layout.ellipsized = cut;
  return layout;
}

void draw_text_layout(Canvas& canvas, const TextStyle& style, const TextLayout& layout, double x,
                      double y) {
  for (const auto& line : layout.lines) {
    if (line.text.empty()) continue;
    canvas.draw_text(style.font, layout.size, line.text, x + line.x, y + line.y, style.color);
  }
}

}  // namespace marquee::render
