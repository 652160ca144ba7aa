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
    layer,
    group,  // value: the Canvas::Group
    end_group,
    circle,       // rect, color
    image_circle  // rect, src, text (the file), value (alpha)
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
  // What the list draws, piece by piece, for changed_regions().
  struct Piece {
    std::uint64_t key;  // the call, its clip and its alpha
    Rect bounds;        // on screen, inside its clip
  };
  std::vector<Piece> pieces(Size screen) const;
  // Draws the list on `canvas`, exactly as the painters drew it. On a canvas that keeps
  // pictures, a picture group is drawn from the picture kept for the digest of what it
  // holds outside its live groups (drawn into one first when there is none), and its live
  // groups are drawn over it; a transition layer holding just one picture is that picture.
  void replay(Canvas& canvas) const;
  // Draws into the canvas's kept pictures the picture groups it has none for yet, and
  // draws nothing on screen: a slide about to come on air, made before its transition.
  void prepare(Canvas& canvas) const;
  // Appends `other`'s calls (renumbering its fonts into this list's).
  void append(const DrawList& other);

 private:
  static DrawList slice(const DrawList& list, std::size_t from, std::size_t to);
  // The ops [from, to), without the contents of live groups when `skip_live`.
  std::uint64_t digest(std::size_t from, std::size_t to, bool skip_live) const;
  // The index of the op that closes the group or layer opened at `open`.
  std::size_t closing(std::size_t open) const;
  void replay_range(Canvas& canvas, std::size_t from, std::size_t to, bool kept) const;
  // Draws one op as it was recorded.
  void play(Canvas& canvas, const DrawOp& op) const;
  // The picture group opened at `open` on a canvas that keeps pictures: drawn into its
  // kept picture if it has none yet; its key.
  std::uint64_t keep(Canvas& canvas, std::size_t open) const;
  bool has_live(std::size_t open) const;

  std::vector<DrawOp> ops_;
  std::vector<FontSpec> fonts_;
  Instant next_change_ = Instant::max();
};

// Where `after` draws differently from `before` on a screen of `screen` virtual pixels:
// at most kMaxRegions rectangles that cover every call one list has and the other has not
// (a kept picture counts as one call, its live groups as others). Empty when they draw the
// same; the whole screen when most of it changed. For screens that can show a part of a
// new frame (SDL's software renderer on the window's own surface): only these need
// drawing again and presenting.
inline constexpr std::size_t kMaxRegions = 4;
std::vector<Rect> changed_regions(const DrawList& before, const DrawList& after, Size screen);

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
  // Whether a painter marked a stand-in since this canvas was made.
  bool stood_in() const { return stood_in_; }
  void mark_stand_in() override { stood_in_ = true; }
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
  void fill_circle(const Rect& box, Color color) override;
  void draw_image_circle(const std::filesystem::path& file, const Rect& src, const Rect& dst,
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
  void begin_group(Group group) override;
  void end_group() override;

 private:
  Canvas* measure_ = nullptr;
  Size size_;
  std::map<std::string, Size> images_;
  std::map<std::string, VideoPicture> videos_;
  DrawList list_;
  bool stood_in_ = false;
};

}  // namespace marquee::render
