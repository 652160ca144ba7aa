// RecordingCanvas: predictable measurements and a log of drawing calls.
#include "render/recording_canvas.h"

namespace marquee::render {

using Kind = CanvasOp::Kind;

std::vector<std::string> RecordingCanvas::texts() const {
  std::vector<std::string> out;
  for (const auto& op : ops_) {
    if (op.kind == Kind::text) out.push_back(op.text);
  }
  return out;
}

void RecordingCanvas::fill_rect(const Rect& rect, Color color) {
  ops_.push_back({.kind = Kind::fill, .rect = rect, .color = color});
}

TextMetrics RecordingCanvas::measure_text(const FontSpec&, double px, std::string_view utf8) {
  double code_points = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  }
  return {code_points * px * 0.5, px * 1.25, px};
}

void RecordingCanvas::draw_text(const FontSpec& font, double px, std::string_view utf8, double x,
                                double y, Color color) {
  const TextMetrics m = measure_text(font, px, utf8);
  ops_.push_back({.kind = Kind::text,
                  .rect = {x, y, m.width, m.line_height},
                  .color = color,
                  .text = std::string(utf8),
                  .value = px});
}

std::optional<Size> RecordingCanvas::image_size(const std::filesystem::path& file) {
  const auto it = images_.find(file.string());
  if (it == images_.end()) return std::nullopt;
  return it->second;
}

void RecordingCanvas::draw_image(const std::filesystem::path& file, const Rect&, const Rect& dst,
                                 double alpha) {
  ops_.push_back({.kind = Kind::image, .rect = dst, .text = file.string(), .value = alpha});
}

void RecordingCanvas::push_clip(const Rect& rect) {
  ops_.push_back({.kind = Kind::clip, .rect = rect});
}

void RecordingCanvas::pop_clip() {
  ops_.push_back({.kind = Kind::unclip});
}

void RecordingCanvas::push_alpha(double alpha) {
  ops_.push_back({.kind = Kind::alpha, .value = alpha});
}

void RecordingCanvas::pop_alpha() {
  ops_.push_back({.kind = Kind::unalpha});
}

void RecordingCanvas::begin_layer(int layer) {
  ops_.push_back({.kind = Kind::begin_layer, .layer = layer});
}

void RecordingCanvas::end_layer() {
  ops_.push_back({.kind = Kind::end_layer});
}

void RecordingCanvas::draw_layer(int layer, const Rect& dst, double alpha) {
  ops_.push_back({.kind = Kind::layer, .rect = dst, .value = alpha, .layer = layer});
}

}  // namespace marquee::render
