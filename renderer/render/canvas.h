// Canvas: the drawing surface painters use, in virtual pixels; backends implement it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/show.h"

namespace marquee::render {

struct Size {
  double w = 0, h = 0;
  friend bool operator==(const Size&, const Size&) = default;
};

// The newest decoded frame of a video file: its size in its own pixels, and a number
// that changes whenever a newer frame is ready.
struct VideoPicture {
  Size size;
  std::uint64_t frame = 0;
};

struct TextMetrics {
  double width = 0;
  double line_height = 0;  // height of one line box, which draw_text fills from its top
  double ascent = 0;       // top of the line box to the baseline
};

// Painters never see physical pixels: the canvas maps virtual units (short side
// kVirtualShortSide) to the output, so one layout serves every screen. Text and
// images are named by value (font, size, string, path) so a backend can cache
// what it rasterises and decodes.
class Canvas {
 public:
  virtual ~Canvas() = default;

  virtual Size size() const = 0;

  // Physical pixels per virtual pixel. Only for drawing that must land on whole pixels,
  // such as QR modules, which scan badly when some are a pixel wider than others.
  virtual double physical_scale() const { return 1.0; }

  virtual void fill_rect(const Rect& rect, Color color) = 0;

  // One line of UTF-8 text; y is the top of the line box.
  virtual TextMetrics measure_text(const FontSpec& font, double px, std::string_view utf8) = 0;
  virtual void draw_text(const FontSpec& font, double px, std::string_view utf8, double x, double y,
                         Color color) = 0;

  // nullopt when the file is missing, unreadable or not an image; painters
  // then draw a placeholder, so asking is cheap and never throws.
  virtual std::optional<Size> image_size(const std::filesystem::path& file) = 0;
  // src is in the image's own pixels, as image_size reports them.
  virtual void draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                          double alpha = 1.0) = 0;

  // The circle inscribed in `box` (a square), filled with `color`, its edge antialiased: an
  // initials badge.
  virtual void fill_circle(const Rect& box, Color color) = 0;
  // The image's `src` (in its own pixels, as image_size reports them) drawn into the circle
  // inscribed in `dst`, its edge antialiased: a portrait cropped round. Nothing when the
  // file cannot be read; painters ask image_size first.
  virtual void draw_image_circle(const std::filesystem::path& file, const Rect& src,
                                 const Rect& dst, double alpha = 1.0) = 0;

  // Video frames are handed to the canvas by whatever plays the films (the app's video
  // deck), before a frame is painted: video() only says what it was handed for the file,
  // nullopt when it has no frame (missing, undecodable, not decoded yet), and painters
  // then draw a placeholder. Asking changes nothing. The defaults suit canvases that are
  // handed no video.
  virtual std::optional<VideoPicture> video(const std::filesystem::path& /*file*/) const {
    return std::nullopt;
  }
  // Draws the frame video() reports; src is in that frame's own pixels.
  virtual void draw_video(const std::filesystem::path& /*file*/, const Rect& /*src*/,
                          const Rect& /*dst*/, double /*alpha*/ = 1.0) {}

  // Painters say when what they just drew will look different, so a player can sleep
  // until then: at `when` (a page turns, a figure ticks over), or at once for what moves
  // every frame (see animates()). Saying nothing means it stays as it is. Canvases that do
  // not schedule frames ignore it.
  virtual void changes_at(Instant /*when*/) {}
  void animates(const SlideMoment& moment) { changes_at(moment.now); }

  // Says that what is drawn next stands in for content that cannot be shown (the
  // placeholder of a missing image or of a film with no picture), so that what records a
  // frame can tell the play journal; it changes no pixel. Plain canvases ignore it.
  virtual void mark_stand_in() {}

  // Clips intersect with the enclosing clip; alphas multiply with the enclosing alpha.
  virtual void push_clip(const Rect& rect) = 0;
  virtual void pop_clip() = 0;
  virtual void push_alpha(double alpha) = 0;
  virtual void pop_alpha() = 0;

  // Groups tell a player what it may keep. A picture group (a slide, the idle screen) can
  // be drawn once into a texture the size of the screen and drawn from it again while it
  // comes out the same. A live group inside it holds what changes from frame to frame (a
  // countdown's figure, a film's frame, a chart during its entry): it is drawn anew over
  // the kept picture, so it must come last in its picture and nothing in it may be under
  // something else of the picture. Plain canvases just draw what the groups hold.
  enum class Group { picture, live };
  virtual void begin_group(Group /*group*/) {}
  virtual void end_group() {}

  // A canvas that keeps pictures (the screen's own) says so; a draw list replayed on it
  // draws each picture group from the texture kept for its digest (render/draw_list.h).
  virtual bool keeps_pictures() const { return false; }
  virtual bool has_picture(std::uint64_t /*key*/) const { return false; }
  // Drawing goes into the kept picture `key` until end_picture, as into a layer.
  virtual void begin_picture(std::uint64_t /*key*/) {}
  virtual void end_picture() {}
  virtual void draw_picture(std::uint64_t /*key*/, const Rect& /*dst*/, double /*alpha*/) {}
  // Layer `layer` is the kept picture `key` until the layer is drawn into again, so a
  // transition between two kept slides blends their textures with no copy.
  virtual void layer_from_picture(int /*layer*/, std::uint64_t /*key*/) {}

  // A layer is an offscreen picture the size of the canvas, so a transition can
  // blend two fully painted slides. begin_layer clears it to transparent and
  // directs drawing into it until end_layer; layers do not nest. What is painted
  // into a layer should be opaque (slides paint their background first): at alpha 1
  // draw_layer may copy the layer rather than blend it.
  virtual void begin_layer(int layer) = 0;
  virtual void end_layer() = 0;
  virtual void draw_layer(int layer, const Rect& dst, double alpha) = 0;
};

class ClipScope {
 public:
  ClipScope(Canvas& canvas, const Rect& rect) : canvas_(canvas) { canvas_.push_clip(rect); }
  ~ClipScope() { canvas_.pop_clip(); }
  ClipScope(const ClipScope&) = delete;
  ClipScope& operator=(const ClipScope&) = delete;

 private:
  Canvas& canvas_;
};

class AlphaScope {
 public:
  AlphaScope(Canvas& canvas, double alpha) : canvas_(canvas) { canvas_.push_alpha(alpha); }
  ~AlphaScope() { canvas_.pop_alpha(); }
  AlphaScope(const AlphaScope&) = delete;
  AlphaScope& operator=(const AlphaScope&) = delete;

 private:
  Canvas& canvas_;
};

class GroupScope {
 public:
  GroupScope(Canvas& canvas, Canvas::Group group) : canvas_(canvas) { canvas_.begin_group(group); }
  ~GroupScope() { canvas_.end_group(); }
  GroupScope(const GroupScope&) = delete;
  GroupScope& operator=(const GroupScope&) = delete;

 private:
  Canvas& canvas_;
};

class LayerScope {
 public:
  LayerScope(Canvas& canvas, int layer) : canvas_(canvas) { canvas_.begin_layer(layer); }
  ~LayerScope() { canvas_.end_layer(); }
  LayerScope(const LayerScope&) = delete;
  LayerScope& operator=(const LayerScope&) = delete;

 private:
  Canvas& canvas_;
};

}  // namespace marquee::render
