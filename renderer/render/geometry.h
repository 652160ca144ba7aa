// Rectangle arithmetic shared by painters and backends: insets, contain and cover fits.
#pragma once

#include <algorithm>

#include "core/show.h"
#include "render/canvas.h"

namespace marquee::render {

inline Rect full_rect(Size size) {
  return {0, 0, size.w, size.h};
}

inline Rect inset(const Rect& r, const Margins& m) {
  return {r.x + m.left, r.y + m.top, std::max(0.0, r.w - m.left - m.right),
          std::max(0.0, r.h - m.top - m.bottom)};
}

inline Rect inset(const Rect& r, double d) {
  return inset(r, Margins{d, d, d, d});
}

inline Rect intersect(const Rect& a, const Rect& b) {
  const double x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
  const double x1 = std::min(a.x + a.w, b.x + b.w), y1 = std::min(a.y + a.h, b.y + b.h);
  return {x0, y0, std::max(0.0, x1 - x0), std::max(0.0, y1 - y0)};
}

// The largest rect with the image's aspect that fits inside box, centred.
inline Rect fit_contain(Size image, const Rect& box) {
  if (image.w <= 0 || image.h <= 0) return {box.x + box.w / 2, box.y + box.h / 2, 0, 0};
  const double scale = std::min(box.w / image.w, box.h / image.h);
  const double w = image.w * scale, h = image.h * scale;
  return {box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h};
}

// The centred part of the image (in image pixels) that, stretched to box, fills it
// without distortion.
inline Rect cover_source(Size image, const Rect& box) {
  if (box.w <= 0 || box.h <= 0) return {0, 0, image.w, image.h};
  const double scale = std::max(box.w / image.w, box.h / image.h);
  const double w = box.w / scale, h = box.h / scale;
  return {(image.w - w) / 2, (image.h - h) / 2, w, h};
}

// x of a span of the given width inside [left, left + box_width) under an alignment.
inline double align_x(Align align, double left, double box_width, double width) {
  switch (align) {
    case Align::left:
      return left;
    case Align::center:
      return left + (box_width - width) / 2;
    case Align::right:
      return left + box_width - width;
  }
  return left;
}

}  // namespace marquee::render
