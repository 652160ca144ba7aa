// A canvas that draws nothing and records what painters asked for, for headless unit tests.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "render/canvas.h"

namespace marquee::render {

struct CanvasOp {
  enum class Kind {
    fill,
    text,
    image,
    clip,
    unclip,
    alpha,
    unalpha,
    begin_layer,
    end_layer,
    layer
  };
  Kind kind = Kind::fill;
  Rect rect{};         // fill, text and image bounds; clip; layer destination
  Color color{};       // fill and text
  std::string text{};  // text, or the image path
  double value = 0;    // text pixel size, or the alpha of alpha, image and layer
  int layer = -1;      // begin_layer and layer
};

// Text measures as a monospace font whose advance is 0.5 em per code point, so
// layout tests can predict every line break.
class RecordingCanvas final : public Canvas {
 public:
  explicit RecordingCanvas(Size size = {1920, 1080}) : size_(size) {}

  // Images the canvas pretends it can read; any other path is unreadable.
  void add_image(const std::filesystem::path& file, Size size) { images_[file.string()] = size; }

  const std::vector<CanvasOp>& ops() const { return ops_; }
  std::vector<std::string> texts() const;
  void clear() { ops_.clear(); }

  Size size() const override { return size_; }
  void fill_rect(const Rect& rect, Color color) override;
  TextMetrics measure_text(const FontSpec& font, double px, std::string_view utf8) override;
  void draw_text(const FontSpec& font, double px, std::string_view utf8, double x, double y,
                 Color color) override;
  std::optional<Size> image_size(const std::filesystem::path& file) override;
  void draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                  double alpha) override;
  void push_clip(const Rect& rect) override;
  void pop_clip() override;
  void push_alpha(double alpha) override;
  void pop_alpha() override;
  void begin_layer(int layer) override;
  void end_layer() override;
  void draw_layer(int layer, const Rect& dst, double alpha) override;

 private:
  Size size_;
  std::map<std::string, Size> images_;
  std::vector<CanvasOp> ops_;
};

}  // namespace marquee::render
