// DigestCanvas: FNV-1a over every drawing call and its arguments.
#include "render/digest_canvas.h"

#include <bit>

namespace marquee::render {

void DigestCanvas::add(const void* bytes, std::size_t count) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  for (std::size_t i = 0; i < count; ++i) {
    digest_ ^= p[i];
    digest_ *= 1099511628211ull;  // FNV-1a prime
  }
}

void DigestCanvas::add(Op op) {
  add(&op, sizeof op);
}

void DigestCanvas::add(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  add(&bits, sizeof bits);
}

void DigestCanvas::add(std::string_view text) {
  const std::uint64_t length = text.size();  // "ab"+"c" must differ from "a"+"bc"
  add(&length, sizeof length);
  add(text.data(), text.size());
}

void DigestCanvas::add(const Rect& rect) {
  add(rect.x);
  add(rect.y);
  add(rect.w);
  add(rect.h);
}

void DigestCanvas::add(Color color) {
  const unsigned char rgba[] = {color.r, color.g, color.b, color.a};
  add(rgba, sizeof rgba);
}

void DigestCanvas::fill_rect(const Rect& rect, Color color) {
  add(Op::fill);
  add(rect);
  add(color);
}

void DigestCanvas::draw_text(const FontSpec& font, double px, std::string_view utf8, double x,
                             double y, Color color) {
  add(Op::text);
  add(font.family);
  add(font.file);
  add(static_cast<double>(font.weight));
  add(px);
  add(utf8);
  add(x);
  add(y);
  add(color);
}

void DigestCanvas::draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                              double alpha) {
  add(Op::image);
  add(file.native());
  add(src);
  add(dst);
  add(alpha);
}

bool DigestCanvas::draw_video(const VideoSlide& slide, const Rect& src, const Rect& dst,
                              double alpha) {
  const std::uint64_t frame = screen_.video_frame(slide);
  add(Op::video);
  add(slide.file.native());
  add(&frame, sizeof frame);
  add(src);
  add(dst);
  add(alpha);
  // As the screen's draw_video answers: drawn when a frame exists and src is not empty.
  return frame != 0 && src.w > 0 && src.h > 0;
}

void DigestCanvas::push_clip(const Rect& rect) {
  add(Op::clip);
  add(rect);
}

void DigestCanvas::pop_clip() {
  add(Op::unclip);
}

void DigestCanvas::push_alpha(double alpha) {
  add(Op::alpha);
  add(alpha);
}

void DigestCanvas::pop_alpha() {
  add(Op::unalpha);
}

void DigestCanvas::begin_layer(int layer) {
  add(Op::begin_layer);
  add(static_cast<double>(layer));
}

void DigestCanvas::end_layer() {
  add(Op::end_layer);
}

void DigestCanvas::draw_layer(int layer, const Rect& dst, double alpha) {
  add(Op::layer);
  add(static_cast<double>(layer));
  add(dst);
  add(alpha);
}

}  // namespace marquee::render
