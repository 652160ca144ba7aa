// DrawList and ListCanvas: recording, hashing and replaying one frame's draw calls.
#include "render/draw_list.h"

#include <algorithm>
#include <bit>

namespace marquee::render {
namespace {

using Kind = DrawOp::Kind;

class Fnv {
 public:
  void add(const void* bytes, std::size_t count) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    for (std::size_t i = 0; i < count; ++i) {
      value_ ^= p[i];
      value_ *= 1099511628211ull;  // FNV-1a prime
    }
  }
  void add(std::uint64_t v) { add(&v, sizeof v); }
  void add(double v) { add(std::bit_cast<std::uint64_t>(v)); }
  void add(std::string_view text) {
    add(static_cast<std::uint64_t>(text.size()));  // "ab"+"c" must differ from "a"+"bc"
    add(text.data(), text.size());
  }
  void add(const Rect& r) {
    add(r.x);
    add(r.y);
    add(r.w);
    add(r.h);
  }
  void add(Color c) {
    const unsigned char rgba[] = {c.r, c.g, c.b, c.a};
    add(rgba, sizeof rgba);
  }
  std::uint64_t value() const { return value_; }

 private:
  std::uint64_t value_ = 14695981039346656037ull;  // FNV-1a offset basis
};

}  // namespace

void DrawList::clear() {
  ops_.clear();
  fonts_.clear();
  next_change_ = Instant::max();
}

int DrawList::font_index(const FontSpec& font) {
  const auto it = std::find(fonts_.begin(), fonts_.end(), font);
  if (it != fonts_.end()) return static_cast<int>(it - fonts_.begin());
  fonts_.push_back(font);
  return static_cast<int>(fonts_.size()) - 1;
}

std::uint64_t DrawList::digest() const {
  Fnv fnv;
  for (const DrawOp& op : ops_) {
    fnv.add(static_cast<std::uint64_t>(op.kind));
    switch (op.kind) {
      case Kind::fill:
        fnv.add(op.rect);
        fnv.add(op.color);
        break;
      case Kind::text: {
        const FontSpec& font = fonts_[static_cast<std::size_t>(op.font)];
        fnv.add(font.family);
        fnv.add(font.file);
        fnv.add(static_cast<std::uint64_t>(font.weight));
        fnv.add(op.value);
        fnv.add(op.text);
        fnv.add(op.rect.x);
        fnv.add(op.rect.y);
        fnv.add(op.color);
        break;
      }
      case Kind::video:
        fnv.add(op.frame);
        [[fallthrough]];
      case Kind::image:
        fnv.add(op.text);
        fnv.add(op.src);
        fnv.add(op.rect);
        fnv.add(op.value);
        break;
      case Kind::clip:
        fnv.add(op.rect);
        break;
      case Kind::alpha:
        fnv.add(op.value);
        break;
      case Kind::begin_layer:
        fnv.add(static_cast<std::uint64_t>(op.layer));
        break;
      case Kind::layer:
        fnv.add(static_cast<std::uint64_t>(op.layer));
        fnv.add(op.rect);
        fnv.add(op.value);
        break;
      case Kind::unclip:
      case Kind::unalpha:
      case Kind::end_layer:
        break;
    }
  }
  return fnv.value();
}

void DrawList::replay(Canvas& canvas) const {
  if (next_change_ != Instant::max()) canvas.changes_at(next_change_);
  for (const DrawOp& op : ops_) {
    switch (op.kind) {
      case Kind::fill:
        canvas.fill_rect(op.rect, op.color);
        break;
      case Kind::text:
        canvas.draw_text(fonts_[static_cast<std::size_t>(op.font)], op.value, op.text, op.rect.x,
                         op.rect.y, op.color);
        break;
      case Kind::image:
        canvas.draw_image(op.text, op.src, op.rect, op.value);
        break;
      case Kind::video:
        canvas.draw_video(op.text, op.src, op.rect, op.value);
        break;
      case Kind::clip:
        canvas.push_clip(op.rect);
        break;
      case Kind::unclip:
        canvas.pop_clip();
        break;
      case Kind::alpha:
        canvas.push_alpha(op.value);
        break;
      case Kind::unalpha:
        canvas.pop_alpha();
        break;
      case Kind::begin_layer:
        canvas.begin_layer(op.layer);
        break;
      case Kind::end_layer:
        canvas.end_layer();
        break;
      case Kind::layer:
        canvas.draw_layer(op.layer, op.rect, op.value);
        break;
    }
  }
}

void DrawList::append(const DrawList& other) {
  changes_at(other.next_change_);
  ops_.reserve(ops_.size() + other.ops_.size());
  for (DrawOp op : other.ops_) {
    if (op.kind == Kind::text)
      op.font = font_index(other.fonts_[static_cast<std::size_t>(op.font)]);
    ops_.push_back(std::move(op));
  }
}

std::vector<std::string> ListCanvas::texts() const {
  std::vector<std::string> out;
  for (const auto& op : list_.ops())
    if (op.kind == Kind::text) out.push_back(op.text);
  return out;
}

Size ListCanvas::size() const {
  return measure_ ? measure_->size() : size_;
}

double ListCanvas::physical_scale() const {
  return measure_ ? measure_->physical_scale() : 1.0;
}

void ListCanvas::fill_rect(const Rect& rect, Color color) {
  list_.add({.kind = Kind::fill, .rect = rect, .color = color});
}

TextMetrics ListCanvas::measure_text(const FontSpec& font, double px, std::string_view utf8) {
  if (measure_) return measure_->measure_text(font, px, utf8);
  double code_points = 0;
  for (char c : utf8)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  return {code_points * px * 0.5, px * 1.25, px};
}

void ListCanvas::draw_text(const FontSpec& font, double px, std::string_view utf8, double x,
                           double y, Color color) {
  const TextMetrics m = measure_text(font, px, utf8);
  list_.add({.kind = Kind::text,
             .rect = {x, y, m.width, m.line_height},
             .color = color,
             .text = std::string(utf8),
             .value = px,
             .font = list_.font_index(font)});
}

std::optional<Size> ListCanvas::image_size(const std::filesystem::path& file) {
  if (measure_) return measure_->image_size(file);
  const auto it = images_.find(file.string());
  if (it == images_.end()) return std::nullopt;
  return it->second;
}

void ListCanvas::draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                            double alpha) {
  list_.add({.kind = Kind::image, .rect = dst, .src = src, .text = file.string(), .value = alpha});
}

std::optional<VideoPicture> ListCanvas::video(const std::filesystem::path& file) const {
  if (measure_) return measure_->video(file);
  const auto it = videos_.find(file.string());
  if (it == videos_.end()) return std::nullopt;
  return it->second;
}

void ListCanvas::draw_video(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                            double alpha) {
  const auto picture = video(file);
  list_.add({.kind = Kind::video,
             .rect = dst,
             .src = src,
             .text = file.string(),
             .value = alpha,
             .frame = picture ? picture->frame : 0});
}

void ListCanvas::push_clip(const Rect& rect) {
  list_.add({.kind = Kind::clip, .rect = rect});
}

void ListCanvas::pop_clip() {
  list_.add({.kind = Kind::unclip});
}

void ListCanvas::push_alpha(double alpha) {
  list_.add({.kind = Kind::alpha, .value = alpha});
}

void ListCanvas::pop_alpha() {
  list_.add({.kind = Kind::unalpha});
}

void ListCanvas::begin_layer(int layer) {
  list_.add({.kind = Kind::begin_layer, .layer = layer});
}

void ListCanvas::end_layer() {
  list_.add({.kind = Kind::end_layer});
}

void ListCanvas::draw_layer(int layer, const Rect& dst, double alpha) {
  list_.add({.kind = Kind::layer, .rect = dst, .value = alpha, .layer = layer});
}

}  // namespace marquee::render
