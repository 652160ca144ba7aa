// VideoDeck: the libvlc players the app owns, driven by the resolved frame; their frames go to the
// canvas as textures.
#pragma once

#include <SDL.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/sdl_handles.h"
#include "backends/video/video_source.h"
#include "core/show.h"
#include "core/timeline.h"

namespace marquee::backends {

// The texture format I420 frames go into on this renderer, the cheapest measured:
// - a GPU: IYUV, a third of the bytes to upload, turned into RGB by a shader;
// - SDL's software renderer: RGB888 (XRGB), the screen's own order, filled by
//   SDL_ConvertPixels (SSE2). Its IYUV textures convert into an ARGB copy that is then
//   blitted per pixel;
// - Mesa's llvmpipe (GL on the CPU): BGR888 (XBGR, bytes R,G,B,X), which its texture
//   upload takes without reordering; shaders there run on the CPU, so no IYUV.
Uint32 i420_texture_format(SDL_Renderer* renderer);

// A video's newest frame as the canvas draws it. A film's frame is kept as libvlc wrote it
// and converted only when drawn: into a streaming texture (remade when the size or pixel
// layout changes: a replaced file, a resolution change mid-stream), or, for a frame drawn at
// its own size on the window's surface of SDL's software renderer, straight onto that
// surface, which spares the blit of a whole frame from texture to screen.
class VideoTexture {
 public:
  // i420_format: IYUV, RGB888 or BGR888, as i420_texture_format() picks for the renderer.
  // `file` names the film in log lines.
  VideoTexture(SDL_Renderer* renderer, Uint32 i420_format, std::filesystem::path file)
      : renderer_(renderer), i420_format_(i420_format), file_(std::move(file)) {}

  // Copies the frame in at once (a picture of one moment, whose pixels go with the call);
  // false, and logs, when SDL cannot make or fill the texture.
  bool upload(const video::FrameView& frame);
  // Keeps the frame to convert when it is drawn. Its pixels must stay as they are until the
  // next keep() or upload(), as VideoSource::with_latest_frame keeps what it hands out.
  void keep(const video::FrameView& frame);

  // The texture with the newest frame in it, converted now if it was only kept (when SDL
  // cannot, the frame before stays); null when there is none.
  SDL_Texture* texture();
  // Converts `part` of the kept frame (in its pixels) onto `surface` at `at`, unscaled, with
  // the pixels texture() would have. False, having drawn nothing, when there is no kept
  // frame, the part is not inside the frame or its place not inside the surface, or the
  // surface is not XRGB8888: texture() is the way then.
  bool convert_onto(SDL_Surface* surface, SDL_Rect part, SDL_Point at);

  bool has_picture() const { return kept_.has_value() || texture_; }
  int width() const { return width_; }  // of the newest frame
  int height() const { return height_; }

 private:
  bool fill(const video::FrameView& frame);

  SDL_Renderer* renderer_;
  Uint32 i420_format_;
  std::filesystem::path file_;
  TexturePtr texture_;
  Uint32 format_ = 0;
  int texture_w_ = 0, texture_h_ = 0;
  int width_ = 0, height_ = 0;
  std::optional<video::FrameView> kept_;           // newer than the texture's content
  std::vector<std::uint8_t> part_yuv_, part_rgb_;  // a part's planes and its picture
};

// One VideoSource per file, each with a streaming texture that receives a frame once per
// new decoded picture. update() is the deck's only input: the video slides of the frame
// on screen play, those of the frames just ahead are opened and held on their first
// frame (pre-roll, so a transition into a film shows real frames from its first frame),
// and the rest pause. Players nobody showed or pre-rolled for kForgetAfter are released,
// at most kMaxPlayers at a time; a start: resume slide's place in its film is kept, and
// its next pre-roll opens the film there. Main thread only, like SDL and VideoSource; its
// queries change nothing.
class VideoDeck {
 public:
  static constexpr auto kForgetAfter = std::chrono::seconds(2);
  static constexpr std::size_t kMaxPlayers = 4;
  // How far ahead of the frame on screen the player looks for films to pre-roll: two
  // looks, so a slide shorter than the window is not skipped over.
  static constexpr Millis kLookAhead[] = {Millis{1000}, Millis{2000}};

  // The renderer is borrowed and must outlive the deck. `on_frame` is called on libvlc's
  // threads whenever a film has a new frame (see VideoSource::Options::on_frame).
  explicit VideoDeck(SDL_Renderer* renderer, std::function<void()> on_frame = {});
  ~VideoDeck();
  VideoDeck(const VideoDeck&) = delete;
  VideoDeck& operator=(const VideoDeck&) = delete;

  // Once per frame, before painting `frame`; `ahead` are the frames kLookAhead later.
  void update(const Show& show, const Frame& frame, std::span<const Frame> ahead);
  // For pictures of one moment (render, preview, goldens): shows the frame's video slides
  // at the film time of that moment (the time into the slide, around the film's length: a
  // restart slide's position; a resume slide's depends on its earlier turns), exactly:
  // video::decode_still's picture, the last at or before the mark, the same on every run.
  // Decodes before returning; a film with no such picture is logged and shows the
  // placeholder (false). A later update() that shows the slide plays it again.
  bool cue(const Show& show, const Frame& frame);

  // The newest frame of a file; nullopt while there is none. Drawing it converts it.
  struct Picture {
    VideoTexture* frame_picture = nullptr;
    int width = 0, height = 0;
    std::uint64_t frame = 0;  // the decoded frame's sequence: a new value is a new picture
  };
  std::optional<Picture> picture(const std::filesystem::path& file) const;

  // For tests and diagnostics. A released resume film's position is its kept place.
  std::optional<Millis> position(const std::filesystem::path& file) const;
  std::optional<video::VideoSource::State> state(const std::filesystem::path& file) const;
  std::size_t players() const { return players_.size(); }
  std::size_t uploads() const { return uploads_; }
  bool playing() const;  // some film is on screen

 private:
  struct Player;
  using Clock = std::chrono::steady_clock;

  using Players = std::unordered_map<std::string, std::unique_ptr<Player>>;

  Player& player(const VideoSlide& slide, bool& created);
  void make_room();
  // Releases a player, keeping a resume film's place; returns the next one.
  Players::iterator let_go(Players::iterator it);
  // Opens a new player's film, at its kept place if it is a resume slide's.
  void open_at_place(Player& p, video::VideoSource::Start how);
  void play(const VideoSlide& slide);
  void prepare(const VideoSlide& slide);
  void upload(Player& player);

  SDL_Renderer* renderer_;
  Uint32 i420_format_;
  std::function<void()> on_frame_;
  Players players_;
  std::unordered_map<std::string, Millis> places_;  // released resume films, by file
  std::uint64_t tick_ = 0;
  std::size_t uploads_ = 0;
};

// True when some slide of the show plays a film, so callers without one skip the deck's
// look-ahead resolves altogether.
bool show_has_video(const Show& show);

}  // namespace marquee::backends
