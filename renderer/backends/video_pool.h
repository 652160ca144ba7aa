// VideoPool: the libvlc players behind SdlCanvas's video slides: pre-roll, resume, release, upload.
#pragma once

#include <SDL.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "backends/sdl_canvas.h"
#include "backends/sdl_handles.h"
#include "backends/video/video_source.h"
#include "core/show.h"
#include "core/timeline.h"
#include "render/canvas.h"

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
// new decoded picture (not once per draw). A player is prepared (opened and held on its
// first frame) before its slide's turn, plays while its slide is drawn, and pauses the
// first frame it is not. Players nobody drew or prepared for kForgetAfter are released
// (start: restart) or kept paused (start: resume), at most kMaxPlayers at a time. Main
// thread only, like SDL and VideoSource.
class VideoPool {
 public:
  static constexpr auto kForgetAfter = std::chrono::seconds(2);
  static constexpr std::size_t kMaxPlayers = 4;

  // The renderer is borrowed and must outlive the pool.
  explicit VideoPool(SDL_Renderer* renderer);
  ~VideoPool();
  VideoPool(const VideoPool&) = delete;
  VideoPool& operator=(const VideoPool&) = delete;

  // Once per rendered frame, before painting: services every player (first-frame
  // watchdog, holding a pre-roll, reopening a replaced file at its loop point), pauses
  // players whose slide was not drawn last frame and forgets unwanted ones.
  void begin_frame();

  // Opens the slide's file and holds its first frame, so the slide's first drawn frame
  // is a real one. A restart slide coming up again starts over; a resume slide carries
  // on where it paused; a file replaced on disk is opened afresh either way.
  void prepare(const VideoSlide& slide);
  // For pictures of one moment: shows the slide's picture `at` into the film, exactly
  // (video::decode_still: the last at or before the mark, around a looping film's length,
  // the same on every run), instead of playing it. Decodes before returning; a file with
  // no such picture is logged once and shows the placeholder. prepare() plays it again.
  void prepare_at(const VideoSlide& slide, Millis at);

  // Waits until every prepared or playing player has a frame or has given up, at most
  // `limit`; for offscreen pictures, which are drawn once. True when nothing is pending.
  bool wait_until_ready(Millis limit);

  // The slide's newest frame, uploaded if it is new; nullptr while none exists. Counts
  // as drawing the slide: a held or paused player plays on.
  struct Picture {
    SDL_Texture* texture = nullptr;
    int width = 0, height = 0;
    std::uint64_t frame = 0;  // the decoded frame's sequence: a new value is a new picture
  };
  std::optional<Picture> show(const VideoSlide& slide);

  // For tests and diagnostics.
  std::optional<Millis> position(const std::filesystem::path& file) const;
  std::optional<video::VideoSource::State> state(const std::filesystem::path& file) const;
  std::size_t players() const { return players_.size(); }
  std::size_t uploads() const { return uploads_; }

 private:
  struct Player;
  using Clock = std::chrono::steady_clock;

  Player& player(const VideoSlide& slide, bool& created);
  void make_room();
  void upload(Player& player);

  SDL_Renderer* renderer_;
  Uint32 i420_format_;
  std::unordered_map<std::string, std::unique_ptr<Player>> players_;
  std::uint64_t frame_ = 0;
  std::size_t uploads_ = 0;
};

// Prepares every video slide on air at `now` or due within the next two seconds, so a
// transition into video shows real frames from its first frame. Call once per frame.
void prepare_upcoming_videos(SdlCanvas& canvas, const Show& show, Instant now);

// For pictures drawn once (render, preview, goldens): shows the frame's video slides at
// the film time of that moment (the time into the slide, around the film's length: a
// restart slide's position; a resume slide's depends on its earlier turns), exactly, with
// prepare_at, and waits up to `limit` for any other player; failures fall back to the
// placeholder.
void preroll_videos(SdlCanvas& canvas, const Show& show, const Frame& frame,
                    Millis limit = Millis{3000});

}  // namespace marquee::backends
