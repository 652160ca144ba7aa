// DrawList: one frame as a plain list of draw calls, recorded once, hashed, and replayed on a
// canvas.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "render/canvas.h"

namespace marquee::render {

struct DrawOp {
  enum class Kind : std::uint8_t {
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
  Kind kind = Kind::fill;
  Rect rect{};              // fill and clip; image, video and layer destination; text bounds
  Rect src{};               // image and video source
  Color color{};            // fill and text
  std::string text{};       // text, or the image or video file
  double value = 0;         // text pixel size; the alpha of alpha, image, video and layer
  int font = -1;            // text: index into DrawList::fonts()
  int layer = -1;           // begin_layer and layer
  std::uint64_t frame = 0;  // video: the decoded frame drawn
};

// What painters drew for one frame, in order. Two lists with the same digest draw the
// same picture, given the same images, fonts and video frames (the digest covers the
// frames' numbers), so a player presents only when the digest changes.
class DrawList {
 public:
  const std::vector<DrawOp>& ops() const { return ops_; }
  const std::vector<FontSpec>& fonts() const { return fonts_; }
  bool empty() const { return ops_.empty(); }
  void clear();

  // The earliest instant a painter said its picture changes (Canvas::changes_at), or
  // Instant::max() when nothing drawn will change by itself.
  Instant next_change() const { return next_change_; }
  void changes_at(Instant when) { next_change_ = std::min(next_change_, when); }

  void add(DrawOp op) { ops_.push_back(std::move(op)); }
  int font_index(const FontSpec& font);  // the font's place in fonts(), added if new

  // FNV-1a over every call and its arguments.
  std::uint64_t digest() const;
  // Draws the list on `canvas`, exactly as the painters drew it.
  void replay(Canvas& canvas) const;
  // Appends `other`'s calls (renumbering its fonts into this list's).
  void append(const DrawList& other);

 private:
  std::vector<DrawOp> ops_;
  std::vector<FontSpec> fonts_;
  Instant next_change_ = Instant::max();
};

// A canvas that records into a DrawList. Questions (size, text metrics, image and video
// sizes) go to the canvas it measures with, so painters lay out exactly as they would
// drawing there; without one it is a headless stand-in whose text measures as a
// monospace font of 0.5 em per code point and 1.25 em lines, so layout tests can predict
// every line break, and whose images and videos are only those added by hand.
class ListCanvas final : public Canvas {
 public:
  explicit ListCanvas(Canvas& measure) : measure_(&measure) {}
  explicit ListCanvas(Size size = {1920, 1080}) : size_(size) {}

  void add_image(const std::filesystem::path& file, Size size) { images_[file.string()] = size; }
  void add_video(const std::filesystem::path& file, VideoPicture picture) {
    videos_[file.string()] = picture;
  }

  DrawList& list() { return list_; }
  const DrawList& list() const { return list_; }
  const std::vector<DrawOp>& ops() const { return list_.ops(); }
  std::vector<std::string> texts() const;

  Size size() const override;
  double physical_scale() const override;
  void fill_rect(const Rect& rect, Color color) override;
  TextMetrics measure_text(const FontSpec& font, double px, std::string_view utf8) override;
  void draw_text(const FontSpec& font, double px, std::string_view utf8, double x, double y,
                 Color color) override;
  std::optional<Size> image_size(const std::filesystem::path& file) override;
  void draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                  double alpha) override;
  std::optional<VideoPicture> video(const std::filesystem::path& file) const override;
  void draw_video(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                  double alpha) override;
  void push_clip(const Rect& rect) override;
  void pop_clip() override;
  void push_alpha(double alpha) override;
  void pop_alpha() override;
  void begin_layer(int layer) override;
  void end_layer() override;
  void draw_layer(int layer, const Rect& dst, double alpha) override;
  void changes_at(Instant when) override { list_.changes_at(when); }

 private:
  Canvas* measure_ = nullptr;
  Size size_;
  std::map<std::string, Size> images_;
  std::map<std::string, VideoPicture> videos_;
  DrawList list_;
};

}  // namespace marquee::render
