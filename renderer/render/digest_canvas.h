// DigestCanvas: paints nothing and sums up what painters asked for, so a player can skip frames
// identical to the one on screen.
#pragma once

#include <cstdint>

#include "render/canvas.h"

namespace marquee::render {

// Forwards every question (sizes, text metrics, video frames) to the screen's canvas, so
// painters lay out exactly as they will when drawing, and folds every drawing call,
// with its arguments, into a 64-bit digest. Equal digests mean the same picture, given
// the same images and fonts; the player repaints anyway when the show is swapped.
class DigestCanvas final : public Canvas {
 public:
  explicit DigestCanvas(Canvas& screen) : screen_(screen) {}

  std::uint64_t digest() const { return digest_; }

  Size size() const override { return screen_.size(); }
  double physical_scale() const override { return screen_.physical_scale(); }
  void fill_rect(const Rect& rect, Color color) override;
  TextMetrics measure_text(const FontSpec& font, double px, std::string_view utf8) override {
    return screen_.measure_text(font, px, utf8);
  }
  void draw_text(const FontSpec& font, double px, std::string_view utf8, double x, double y,
                 Color color) override;
  std::optional<Size> image_size(const std::filesystem::path& file) override {
    return screen_.image_size(file);
  }
  void draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                  double alpha) override;
  std::optional<Size> video_size(const VideoSlide& slide) override {
    return screen_.video_size(slide);
  }
  std::uint64_t video_frame(const VideoSlide& slide) override { return screen_.video_frame(slide); }
  bool draw_video(const VideoSlide& slide, const Rect& src, const Rect& dst, double alpha) override;
  void push_clip(const Rect& rect) override;
  void pop_clip() override;
  void push_alpha(double alpha) override;
  void pop_alpha() override;
  void begin_layer(int layer) override;
  void end_layer() override;
  void draw_layer(int layer, const Rect& dst, double alpha) override;

 private:
  enum class Op : std::uint8_t {
    fill,
    text,
    image,
    video,
    clip,
    unclip,
    alpha,
    unalpha,
    begin_layer,
    end_layer,
    layer
  };
  void add(Op op);
  void add(const void* bytes, std::size_t count);
  void add(double value);
  void add(std::string_view text);
  void add(const Rect& rect);
  void add(Color color);

  Canvas& screen_;
  std::uint64_t digest_ = 14695981039346656037ull;  // FNV-1a offset basis
};

}  // namespace marquee::render
