// QR slides: a scannable code with its quiet zone, a title and a caption.
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "render/geometry.h"
#include "render/painters.h"
#include "render/text_layout.h"

namespace marquee::render {
namespace {

// How big the code is. A 55" 16:9 screen is about 1.21 m wide, so on 1920 virtual
// pixels one is 0.63 mm. The panel (code and quiet zone) takes up to half the safe
// area's width, 850 px on a 1080p screen. The schedule URL needs a 37-module code
// (version 5 at level M); with the 4-module quiet zone on each side that is 45
// modules, so each is 18 px (11 mm) and the code 666 px, about 42 cm. Phones read a
// code from about ten times its width, so this scans from well over 2 m, and the
// rule of thumb wants only 21 cm (~33 modules at 10 px) for 2 m. Even a 400-byte
// payload, the most config allows (77 modules), keeps 10 px (6 mm) modules.
constexpr int kQuietZone = 4;        // modules of white around the code, as the spec asks
constexpr double kPanelShare = 0.5;  // of the safe area's width, at most, in landscape
constexpr double kColumnGap = 96;    // between the code and the text beside it
constexpr Color kDark{0, 0, 0};      // codes scan best black on white, whatever the theme
constexpr Color kLight{0xFF, 0xFF, 0xFF};

struct QrDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrPtr = std::unique_ptr<QRcode, QrDeleter>;

// Where the code goes: the panel (code and quiet zone) and its module size, both on
// whole physical pixels so that every module is the same number of them.
struct Placement {
  Rect panel;
  double module = 0;  // virtual pixels
};

Placement place(const Canvas& canvas, int modules, double side, double x, double y) {
  const double scale = canvas.physical_scale();
  const int total = modules + 2 * kQuietZone;
  const double module_px = std::max(1.0, std::floor(side * scale / total));
  const double module = module_px / scale;
  const double size = module * total;
  // Centre in the given square, then snap the corner to a physical pixel.
  const double px = std::round((x + (side - size) / 2) * scale) / scale;
  const double py = std::round((y + (side - size) / 2) * scale) / scale;
  return {{px, py, size, size}, module};
}

void draw_code(Canvas& canvas, const QRcode& code, const Placement& at) {
  canvas.fill_rect(at.panel, kLight);
  const double origin_x = at.panel.x + kQuietZone * at.module;
  const double origin_y = at.panel.y + kQuietZone * at.module;
  // A row's dark run is one rectangle: fewer calls, and no seams between modules.
  for (int row = 0; row < code.width; ++row) {
    const unsigned char* line = code.data + static_cast<std::ptrdiff_t>(row) * code.width;
    for (int col = 0; col < code.width;) {
      if (!(line[col] & 1)) {
        ++col;
        continue;
      }
      int end = col;
      while (end < code.width && (line[end] & 1)) ++end;
      canvas.fill_rect({origin_x + col * at.module, origin_y + row * at.module,
                        (end - col) * at.module, at.module},
                       kDark);
      col = end;
    }
  }
}

// A web address is one long word; rather than break it mid-word, break it after the
// '/' nearest its middle when it is too wide for the column.
std::string break_address(Canvas& canvas, const TextStyle& style, const std::string& text,
                          double width) {
  if (text.find(' ') != std::string::npos ||
      canvas.measure_text(style.font, style.size, text).width <= width)
    return text;
  std::size_t best = std::string::npos;
  for (std::size_t i = text.find('/'); i != std::string::npos; i = text.find('/', i + 1)) {
    const auto distance = [&](std::size_t at) {
      return at > text.size() / 2 ? at - text.size() / 2 : text.size() / 2 - at;
    };
    if (i + 1 < text.size() && (best == std::string::npos || distance(i) < distance(best)))
      best = i;
  }
  if (best == std::string::npos) return text;
  return text.substr(0, best + 1) + "\n" + text.substr(best + 1);
}

struct Block {
  TextStyle style;
  std::string text;
  TextLayout layout{};
  double gap_after = 0;
};

}  // namespace

}  // namespace marquee::render

namespace marquee {

using namespace render;

void QrSlide::paint(Canvas& canvas, const Theme& theme, const QrSlide& slide,
                    const SlideMoment& /*moment*/) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);
  const QrPtr code(slide.payload.empty()
                       ? nullptr
                       : QRcode_encodeString(slide.payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  const bool portrait = area.h > area.w;
  const double side =
      portrait ? std::min(area.w, area.h * 0.55) : std::min(area.h, area.w * kPanelShare);
  const double code_x = portrait ? area.x + (area.w - side) / 2 : area.x + area.w - side;
  const double code_y = portrait ? area.y : area.y + (area.h - side) / 2;
  const int modules = code ? code->width : 21;
  const Placement at = place(canvas, modules, side, code_x, code_y);
  if (code) {
    draw_code(canvas, *code, at);
  } else {
    // Validate refuses such payloads; a show built in code still gets a named gap.
    canvas.fill_rect(at.panel, theme.panel);
    const TextStyle style{.font = theme.body_font,
                          .size = theme.caption_size,
                          .color = theme.muted,
                          .align = Align::center};
    const TextLayout layout =
        fit_text(canvas, style, "QR code unavailable", {at.panel.w, at.panel.h});
    draw_text_layout(canvas, style, layout, at.panel.x,
                     at.panel.y + (at.panel.h - layout.extent.h) / 2);
  }

  const Rect column =
      portrait ? Rect{area.x, at.panel.y + at.panel.h + kColumnGap / 2, area.w,
                      area.y + area.h - (at.panel.y + at.panel.h + kColumnGap / 2)}
               : Rect{area.x, area.y, std::max(0.0, at.panel.x - kColumnGap - area.x), area.h};
  const Align align = portrait ? Align::center : Align::left;
  Block blocks[] = {
      {{.font = theme.headline_font,
        .size = theme.headline_size * 0.8,
        .min_size = theme.headline_size * 0.4,
        .color = theme.text,
        .align = align,
        .max_lines = 3},
       slide.title,
       {},
       theme.body_size * 0.6},
      {{.font = theme.body_font,
        .size = theme.body_size,
        .min_size = theme.caption_size,
        .color = theme.muted,
        .align = align,
        .line_spacing = 1.2,
        .max_lines = 4},
       slide.caption,
       {},
       theme.body_size * 0.6},
      {{.font = theme.headline_font,
        .size = theme.caption_size,
        .min_size = theme.caption_size * 0.75,
        .color = theme.accent,
        .align = align,
        .max_lines = 2},
       slide.details,
       {},
       0},
  };
  blocks[2].text = break_address(canvas, blocks[2].style, slide.details, column.w);
  // Shares of the column, so a long caption cannot push the title off the slide.
  const double shares[] = {0.45, 0.4, 0.15};
  double total = 0;
  for (std::size_t i = 0; i < std::size(blocks); ++i) {
    Block& b = blocks[i];
    b.layout = fit_text(canvas, b.style, b.text, {column.w, column.h * shares[i]});
    if (b.layout.empty()) b.gap_after = 0;
    total += b.layout.extent.h + b.gap_after;
  }
  double y = column.y + (portrait ? 0 : std::max(0.0, (column.h - total) / 2));
  for (const Block& b : blocks) {
    draw_text_layout(canvas, b.style, b.layout, column.x, y);
    y += b.layout.extent.h + b.gap_after;
  }
}

}  // namespace marquee
