// SdlCanvas: the Canvas on an SDL_Renderer (window or software), caching text, images and layers.
#pragma once

#include <SDL.h>
#include <SDL_ttf.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "backends/cache_stats.h"
#include "backends/sdl_handles.h"
#include "render/canvas.h"

namespace marquee::backends {

class VideoDeck;

// Maps virtual pixels to the renderer's output and rasterises text at the physical
// size, so text is sharp on every screen. Works the same on an accelerated window
// renderer and on SDL_CreateSoftwareRenderer over a surface. Text textures, decoded
// images and fonts are cached by what they depend on; nothing is rasterised per frame.
// Main thread only, like all of SDL.
class SdlCanvas final : public render::Canvas {
 public:
  // The renderer is borrowed and must outlive the canvas. Layers need a renderer that
  // supports target textures; without them a transition degrades to a cut.
  explicit SdlCanvas(SDL_Renderer* renderer);
  ~SdlCanvas() override;
  SdlCanvas(const SdlCanvas&) = delete;
  SdlCanvas& operator=(const SdlCanvas&) = delete;

  // Draws with another renderer from now on (the software renderer of a window whose
  // surface was remade by a resize); everything cached for the old one goes.
  void rebind(SDL_Renderer* renderer);
  // Lets go of every texture, before their renderer is destroyed; rebind comes next.
  void release();
  // Draws into `screen`, a target texture of this renderer, as if it were the output: a
  // turned screen is drawn upright there, and turned as it is presented. nullptr: the
  // renderer's own output. Set again after a rebind or when the texture is remade.
  // `surface`: the window's own surface, when the renderer is SDL's software one drawing
  // straight on it; a film drawn there at its own size is converted onto it, not uploaded
  // into a texture and blitted from there.
  void draw_into(SDL_Texture* screen, SDL_Surface* surface = nullptr);

  // Call before painting each frame: follows a resized output, resets clips and alpha,
  // and lets go of text nobody drew lately once the cache is over its budget. With the
  // show's clock, text not drawn or measured for kKeepUnusedText of it goes too: a
  // countdown's seconds and a clock's minutes are each drawn once, and a screen runs for
  // days. Without it (single pictures), only the budget applies.
  void begin_frame(Instant show_time = Instant{});
  static constexpr auto kKeepUnusedText = std::chrono::minutes(15);

  // Physical pixels per virtual pixel. By default the output's short side is
  // kVirtualShortSide; a contact sheet pins it to its width instead.
  void set_scale(double physical_per_virtual);
  double scale() const { return scale_; }
  SDL_Rect to_physical(const Rect& rect) const;
  SDL_Rect output() const { return {0, 0, output_w_, output_h_}; }  // in physical pixels
  SDL_Renderer* renderer() const { return renderer_; }

  // Kept pictures beyond this many screenfuls go, least recently drawn first: what is on
  // air, what it fades from and what comes next fit.
  static constexpr std::size_t kKeptScreens = 3;
  const CacheStats& stats() const { return stats_; }

  // Where video frames come from: the deck that plays this screen's films, or none.
  // Borrowed; it must outlive the canvas or be unset first.
  void show_videos_from(const VideoDeck* deck) { videos_ = deck; }

  render::Size size() const override;
  double physical_scale() const override { return scale_; }
  void fill_rect(const Rect& rect, Color color) override;
  render::TextMetrics measure_text(const FontSpec& font, double px, std::string_view utf8) override;
  void draw_text(const FontSpec& font, double px, std::string_view utf8, double x, double y,
                 Color color) override;
  std::optional<render::Size> image_size(const std::filesystem::path& file) override;
  void draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                  double alpha) override;
  void fill_circle(const Rect& box, Color color) override;
  void draw_image_circle(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                         double alpha) override;
  std::optional<render::VideoPicture> video(const std::filesystem::path& file) const override;
  void draw_video(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                  double alpha) override;
  void push_clip(const Rect& rect) override;
  void pop_clip() override;
  void push_alpha(double alpha) override;
  void pop_alpha() override;
  void begin_layer(int layer) override;
  void end_layer() override;
  void draw_layer(int layer, const Rect& dst, double alpha) override;
  bool keeps_pictures() const override { return pictures_ok_; }
  bool has_picture(std::uint64_t key) const override { return pictures_.contains(key); }
  void begin_picture(std::uint64_t key) override;
  void end_picture() override;
  void draw_picture(std::uint64_t key, const Rect& dst, double alpha) override;
  void layer_from_picture(int layer, std::uint64_t key) override;
  // Lets every kept picture go: a new show may name the same files with new contents,
  // which a picture's digest (paths, not pixels) cannot tell.
  void forget_pictures();

 private:
  struct TextTexture {
    TexturePtr texture;
    int w = 0, h = 0;
    std::uint64_t last_used = 0;
    Instant seen{};  // show time it was last drawn
  };
  struct CachedMetrics {
    render::TextMetrics metrics;  // physical pixels
    Instant seen{};               // show time it was last measured
  };
  struct MipLevel {
    TexturePtr texture;
    int w = 0, h = 0;
  };
  struct Image {
    // Halving levels, largest first; empty when the file could not be read. Drawing
    // picks the level that minifies by at most 2x, so thumbnails do not shimmer.
    std::vector<MipLevel> levels;
    std::string problem;  // why levels is empty
    render::Size size;    // the image's own pixels
    // A vector is rasterised at the size it is drawn (its own size at first), and again,
    // larger, when a draw needs more; never past the size that covers the output.
    bool vector = false;
    double raster_scale = 1;  // levels.front() pixels per image pixel
    std::filesystem::file_time_type modified;
    std::uintmax_t bytes = 0;
  };
  struct Layer {
    TexturePtr texture;
    int w = 0, h = 0;
    SDL_Texture* picture = nullptr;  // a kept picture standing in for the texture
  };
  struct Picture {
    TexturePtr texture;
    std::uint64_t drawn = 0;  // frame it was last drawn in
  };
  struct DrawState {
    std::vector<SDL_Rect> clips;  // physical; back() is the effective clip
    std::vector<double> alphas;   // back() is the effective alpha
  };
  // Where drawing went before a layer or picture took it, and the state to go back to.
  struct Target {
    SDL_Texture* previous = nullptr;
    DrawState state;
    bool failed = false;  // the texture could not be drawn into: drawing went on as it was
  };

  void read_output_size();
  int physical_px(double px) const;
  TTF_Font* font(const FontSpec& spec, int px);
  std::string text_key(const std::string& file, int px, std::string_view utf8) const;
  Image* image(const std::filesystem::path& file);
  Image load_image(const std::filesystem::path& file, double vector_scale = 1) const;
  bool clipped_out() const;
  // A disc of `dst` as triangles, filled with `color` or with `texture`'s part `uv` (in
  // 0..1 of the texture); its edge fades out over one physical pixel.
  void draw_disc(const Rect& dst, SDL_Color color, SDL_Texture* texture, const SDL_FRect& uv);
  double alpha() const { return state_.alphas.empty() ? 1.0 : state_.alphas.back(); }
  void apply_clip();

  SDL_Renderer* renderer_ = nullptr;
  SDL_Texture* screen_ = nullptr;  // see draw_into
  SDL_Surface* surface_ = nullptr;
  int output_w_ = 0, output_h_ = 0;
  double scale_ = 1;
  bool fixed_scale_ = false;
  int max_texture_w_ = 0, max_texture_h_ = 0;  // 0: no limit
  DrawState state_;
  // Into a texture, drawing goes: a layer, or a picture (also inside a layer).
  TexturePtr make_target() const;
  void push_target(SDL_Texture* texture);
  void pop_target();
  void draw_texture(SDL_Texture* texture, const Rect& dst, double alpha);

  std::vector<Target> targets_;
  int current_layer_ = -1;
  bool layer_failed_ = false;
  bool pictures_ok_ = false;
  bool software_ = false;  // SDL's software renderer: targets without alpha (make_target)
  std::uint64_t frame_ = 0;
  Instant show_time_{};
  Instant last_sweep_{};
  CacheStats stats_;

  std::map<std::pair<std::string, int>, FontPtr> fonts_;
  std::unordered_map<std::string, CachedMetrics> metrics_;
  std::unordered_map<std::string, TextTexture> texts_;
  std::size_t text_bytes_ = 0;
  std::unordered_map<std::string, Image> images_;
  std::map<int, Layer> layers_;
  std::unordered_map<std::uint64_t, Picture> pictures_;
  const VideoDeck* videos_ = nullptr;
};

}  // namespace marquee::backends
