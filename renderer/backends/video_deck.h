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

// A streaming texture holding a video's newest frame, remade when the size or pixel
// layout changes (a replaced file, a resolution change mid-stream).
class VideoTexture {
 public:
  // i420_format: IYUV, RGB888 or BGR888, as i420_texture_format() picks for the renderer.
  VideoTexture(SDL_Renderer* renderer, Uint32 i420_format)
      : renderer_(renderer), i420_format_(i420_format) {}

  // Copies the frame in; false, and logs naming `file`, when SDL cannot make or fill it.
  bool upload(const video::FrameView& frame, const std::filesystem::path& file);

  SDL_Texture* texture() const { return texture_.get(); }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  SDL_Renderer* renderer_;
  Uint32 i420_format_;
  TexturePtr texture_;
  Uint32 format_ = 0;
  int width_ = 0, height_ = 0;
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

  // The newest frame uploaded for a file; nullopt while there is none.
  struct Picture {
    SDL_Texture* texture = nullptr;
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
