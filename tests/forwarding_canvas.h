// Test helper: a canvas that passes every call to another, for tests that change one or two.
#pragma once

#include "render/canvas.h"

namespace marquee::testing {

class ForwardingCanvas : public render::Canvas {
 public:
  explicit ForwardingCanvas(render::Canvas& inner) : inner_(inner) {}

  render::Size size() const override { return inner_.size(); }
  double physical_scale() const override { return inner_.physical_scale(); }
  void fill_rect(const Rect& r, Color c) override { inner_.fill_rect(r, c); }
  render::TextMetrics measure_text(const FontSpec& f, double px, std::string_view t) override {
    return inner_.measure_text(f, px, t);
  }
  void draw_text(const FontSpec& f, double px, std::string_view t, double x, double y,
                 Color c) override {
    inner_.draw_text(f, px, t, x, y, c);
  }
  std::optional<render::Size> image_size(const std::filesystem::path& file) override {
    return inner_.image_size(file);
  }
  void draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                  double alpha) override {
    inner_.draw_image(file, src, dst, alpha);
  }
  std::optional<render::Size> video_size(const VideoSlide& v) override {
    return inner_.video_size(v);
  }
  std::uint64_t video_frame(const VideoSlide& v) override { return inner_.video_frame(v); }
  bool draw_video(const VideoSlide& v, const Rect& src, const Rect& dst, double a) override {
    return inner_.draw_video(v, src, dst, a);
  }
  void push_clip(const Rect& r) override { inner_.push_clip(r); }
  void pop_clip() override { inner_.pop_clip(); }
  void push_alpha(double a) override { inner_.push_alpha(a); }
  void pop_alpha() override { inner_.pop_alpha(); }
  void begin_layer(int l) override { inner_.begin_layer(l); }
  void end_layer() override { inner_.end_layer(); }
  void draw_layer(int l, const Rect& d, double a) override { inner_.draw_layer(l, d, a); }

 private:
  render::Canvas& inner_;
};

}  // namespace marquee::testing
