// VideoDeck: players keyed by file, played, pre-rolled, paused and released from the resolved
// frame; frames uploaded on the main thread.
#include "backends/video_deck.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <thread>

#include "backends/sdl_system.h"
#include "backends/video/video_still.h"

namespace marquee::backends {

using video::VideoSource;

struct VideoDeck::Player {
  // How the player relates to the screen: held before its turn (pre-rolled, or resumable
  // and waiting), on air while its slide is drawn, parked (paused) once it left.
  enum class Mode { held, on_air, parked };

  Player(SDL_Renderer* renderer, Uint32 i420_format, const std::filesystem::path& file)
      : picture(renderer, i420_format, file) {}

  VideoSlide slide;
  std::unique_ptr<VideoSource> source;
  Mode mode = Mode::held;
  VideoTexture picture;          // after source, whose frame it may keep: it goes first
  std::uint64_t uploaded = 0;    // sequence of the frame taken into picture
  std::uint64_t shown_tick = 0;  // the deck's update in which its slide was last on screen
  Clock::time_point wanted{};    // last pre-rolled or shown
  bool still = false;            // shows a picture of one moment (cue), not libvlc's frames
};

VideoDeck::VideoDeck(SDL_Renderer* renderer, std::function<void()> on_frame)
    : renderer_(renderer),
      i420_format_(i420_texture_format(renderer)),
      on_frame_(std::move(on_frame)) {}

VideoDeck::~VideoDeck() = default;

VideoDeck::Player& VideoDeck::player(const VideoSlide& slide, bool& created) {
  created = false;
  const std::string key = slide.file.string();
  auto it = players_.find(key);
  // Audio and looping are fixed when libvlc opens the file, so a change needs a new player.
  if (it != players_.end() &&
      (it->second->slide.audio != slide.audio || it->second->slide.loop != slide.loop)) {
    let_go(it);
    it = players_.end();
  }
  if (it == players_.end()) {
    make_room();
    auto made = std::make_unique<Player>(renderer_, i420_format_, slide.file);
    made->slide = slide;
    made->source = std::make_unique<VideoSource>(
        slide.file,
        VideoSource::Options{.audio = slide.audio, .loop = slide.loop, .on_frame = on_frame_});
    it = players_.emplace(key, std::move(made)).first;
    created = true;
  }
  Player& p = *it->second;
  p.slide.start = slide.start;
  p.slide.fit = slide.fit;
  p.wanted = Clock::now();
  return p;
}

void VideoDeck::make_room() {
  while (players_.size() >= kMaxPlayers) {
    // The player wanted longest ago goes first; one on air only if all are.
    const auto victim = std::min_element(players_.begin(), players_.end(), [](auto& a, auto& b) {
      const bool a_air = a.second->mode == Player::Mode::on_air;
      const bool b_air = b.second->mode == Player::Mode::on_air;
      return a_air != b_air ? b_air : a.second->wanted < b.second->wanted;
    });
    spdlog::debug("video {}: released to make room", victim->first);
    let_go(victim);
  }
}

VideoDeck::Players::iterator VideoDeck::let_go(Players::iterator it) {
  const Player& p = *it->second;
  if (p.slide.start == VideoSlide::Start::resume && p.source->state() != VideoSource::State::failed)
    places_[it->first] = p.source->position();
  return players_.erase(it);
}

void VideoDeck::open_at_place(Player& p, VideoSource::Start how) {
  p.source->start(how);
  const auto it = places_.find(p.slide.file.string());
  if (it == places_.end()) return;
  // A seek as it opens, not libvlc's :start-time, which would also start every later
  // loop of the film there.
  if (p.slide.start == VideoSlide::Start::resume) p.source->seek(it->second);
  places_.erase(it);
}

void VideoDeck::update(const Show& show, const Frame& frame, std::span<const Frame> ahead) {
  ++tick_;
  const auto video_at = [&](int index) -> const VideoSlide* {
    if (index < 0 || static_cast<std::size_t>(index) >= show.slides.size()) return nullptr;
    return video_of(show.slides[static_cast<std::size_t>(index)]);
  };
  std::vector<const VideoSlide*> showing;
  for (const int index : {frame.slide, frame.previous})
    if (const auto* video = video_at(index)) showing.push_back(video);
  const auto on_screen = [&](const std::filesystem::path& file) {
    return std::any_of(showing.begin(), showing.end(),
                       [&](const VideoSlide* v) { return v->file == file; });
  };

  for (auto& [key, p] : players_) {
    p->source->update();  // the first-frame watchdog, holding a pre-roll, a replaced file
    if (p->mode == Player::Mode::on_air && !on_screen(p->slide.file)) {
      // Its slide left the screen: stop decoding, and keep the place for a resume slide.
      p->source->pause();
      p->mode = Player::Mode::parked;
    }
  }
  for (const VideoSlide* video : showing) play(*video);
  for (const Frame& later : ahead)
    for (const int index : {later.slide, later.previous})
      if (const auto* video = video_at(index); video && !on_screen(video->file)) prepare(*video);

  const auto now = Clock::now();
  for (auto it = players_.begin(); it != players_.end();) {
    Player& p = *it->second;
    if (p.mode != Player::Mode::on_air && now - p.wanted > kForgetAfter) {
      // Paused, libvlc would keep its decoder's pictures (a 1080p film's ~100 MB) while
      // the rest of the show plays; a resume slide's place is kept instead.
      it = let_go(it);
      continue;
    }
    if (p.mode == Player::Mode::on_air && !p.still) upload(p);
    ++it;
  }
}

void VideoDeck::prepare(const VideoSlide& slide) {
  bool created = false;
  Player& p = player(slide, created);
  if (created) {
    open_at_place(p, VideoSource::Start::hold);
    p.mode = Player::Mode::held;
    return;
  }
  const bool replaced = p.source->file_changed();
  if (replaced)
    spdlog::info("video {}: replaced on disk, opening the new file", p.slide.file.string());
  // A held pre-roll is ready as it is; a parked one starts over unless it resumes.
  const bool over = p.mode == Player::Mode::parked && p.slide.start == VideoSlide::Start::restart;
  if (replaced || over || p.still || p.source->state() == VideoSource::State::idle)
    p.source->start(VideoSource::Start::hold);
  p.still = false;
  p.mode = Player::Mode::held;
}

void VideoDeck::play(const VideoSlide& slide) {
  bool created = false;
  Player& p = player(slide, created);
  if (created) {
    // Not pre-rolled: the placeholder until it decodes.
    open_at_place(p, VideoSource::Start::play);
  } else if (p.mode != Player::Mode::on_air) {
    const bool over = p.mode == Player::Mode::parked && p.slide.start == VideoSlide::Start::restart;
    if (p.source->file_changed() || over || p.still ||
        p.source->state() == VideoSource::State::idle)
      p.source->start(VideoSource::Start::play);
    else
      p.source->resume();
  }
  p.still = false;
  p.mode = Player::Mode::on_air;
  p.shown_tick = tick_;
}

bool VideoDeck::cue(const Show& show, const Frame& frame) {
  bool all = true;
  const auto cue_slide = [&](int index, Millis at) {
    if (index < 0 || static_cast<std::size_t>(index) >= show.slides.size()) return;
    const auto* video = video_of(show.slides[static_cast<std::size_t>(index)]);
    if (!video) return;
    bool created = false;
    Player& p = player(*video, created);
    p.source->pause();
    p.still = true;
    p.mode = Player::Mode::held;
    std::string problem;
    const auto still = video::decode_still(video->file, at, video->loop, &problem);
    if (!still) {
      spdlog::warn("video {}: no picture at {} ms: {}; showing the placeholder",
                   video->file.string(), at.count(), problem);
      p.picture = VideoTexture(renderer_, i420_format_, video->file);
      all = false;
      return;
    }
    if (p.picture.upload(still->view())) ++uploads_;
    ++p.uploaded;  // a new picture, for whoever compares frame numbers
  };
  cue_slide(frame.slide, frame.incoming.elapsed);
  if (frame.previous >= 0) cue_slide(frame.previous, frame.outgoing.elapsed);
  return all;
}

std::optional<VideoDeck::Picture> VideoDeck::picture(const std::filesystem::path& file) const {
  const auto it = players_.find(file.string());
  if (it == players_.end() || !it->second->picture.has_picture()) return std::nullopt;
  Player& p = *it->second;  // its picture converts a kept frame when drawn
  return Picture{&p.picture, p.picture.width(), p.picture.height(), p.uploaded};
}

bool VideoDeck::playing() const {
  return std::any_of(players_.begin(), players_.end(),
                     [](const auto& p) { return p.second->mode == Player::Mode::on_air; });
}

void VideoDeck::upload(Player& p) {
  p.source->with_latest_frame(p.uploaded, [&](const video::FrameView& frame) {
    p.uploaded = frame.sequence;
    p.picture.keep(frame);
    ++uploads_;
  });
}

Uint32 i420_texture_format(SDL_Renderer* renderer) {
  SDL_RendererInfo info{};
  if (SDL_GetRendererInfo(renderer, &info) != 0 || !info.name) return SDL_PIXELFORMAT_RGB888;
  if (std::string_view(info.name) == "software") return SDL_PIXELFORMAT_RGB888;
  if (gl_on_the_cpu(renderer)) return SDL_PIXELFORMAT_BGR888;
  for (Uint32 i = 0; i < info.num_texture_formats; ++i)
    if (info.texture_formats[i] == SDL_PIXELFORMAT_IYUV) return SDL_PIXELFORMAT_IYUV;
  return SDL_PIXELFORMAT_RGB888;
}

bool VideoTexture::upload(const video::FrameView& frame) {
  kept_.reset();
  width_ = frame.width;
  height_ = frame.height;
  return fill(frame);
}

void VideoTexture::keep(const video::FrameView& frame) {
  kept_ = frame;
  width_ = frame.width;
  height_ = frame.height;
}

SDL_Texture* VideoTexture::texture() {
  if (kept_) {
    const video::FrameView frame = *kept_;
    kept_.reset();
    fill(frame);  // logged when it fails; the texture keeps the frame before, if any
  }
  return texture_.get();
}

bool VideoTexture::convert_onto(SDL_Surface* surface, SDL_Rect part, SDL_Point at) {
  if (!kept_ || !surface || SDL_MUSTLOCK(surface) ||
      surface->format->format != SDL_PIXELFORMAT_RGB888)
    return false;
  const video::FrameView& frame = *kept_;
  if (part.w <= 0 || part.h <= 0 || part.x < 0 || part.y < 0 || part.x + part.w > frame.width ||
      part.y + part.h > frame.height || at.x < 0 || at.y < 0 || at.x + part.w > surface->w ||
      at.y + part.h > surface->h)
    return false;
  constexpr int kBytes = 4;
  auto* const onto = static_cast<std::uint8_t*>(surface->pixels) +
                     static_cast<std::ptrdiff_t>(at.y) * surface->pitch + at.x * kBytes;
  if (frame.layout == video::PixelLayout::xrgb8888) {
    const std::uint8_t* from =
        frame.planes[0] + static_cast<std::ptrdiff_t>(part.y) * frame.pitches[0] + part.x * kBytes;
    return SDL_ConvertPixels(part.w, part.h, SDL_PIXELFORMAT_RGB888, from, frame.pitches[0],
                             SDL_PIXELFORMAT_RGB888, onto, surface->pitch) == 0;
  }
  if (part.x == 0 && part.y == 0 && part.w == frame.width && part.h == frame.height)
    return SDL_ConvertPixels(frame.width, frame.height, SDL_PIXELFORMAT_IYUV, frame.planes[0],
                             frame.pitches[0], SDL_PIXELFORMAT_RGB888, onto, surface->pitch) == 0;
  // A part (a repaint clipped to an overlay's box) is converted from a copy of its planes.
  // The copy takes whole 2x2 chroma blocks, and whole 32-pixel runs of SDL's SSE2
  // converter, whose last partial run of a row is done by its plain C code, which may round
  // differently: so the part's pixels are those of the whole frame's conversion.
  const int sse_end = frame.width & ~31;
  const int x0 = part.x & ~31, y0 = part.y & ~1;
  const int x1 = part.x + part.w > sse_end ? frame.width : (part.x + part.w + 31) & ~31;
  const int y1 = std::min(frame.height, (part.y + part.h + 1) & ~1);
  const int w = x1 - x0, h = y1 - y0;
  part_yuv_.resize(static_cast<std::size_t>(w) * h * 3 / 2);
  std::uint8_t* to = part_yuv_.data();
  for (int plane = 0; plane < 3; ++plane) {
    const int shift = plane == 0 ? 0 : 1;
    const int row_bytes = w >> shift;
    for (int row = y0 >> shift; row < y1 >> shift; ++row, to += row_bytes)
      std::memcpy(to,
                  frame.planes[plane] + static_cast<std::ptrdiff_t>(row) * frame.pitches[plane] +
                      (x0 >> shift),
                  static_cast<std::size_t>(row_bytes));
  }
  part_rgb_.resize(static_cast<std::size_t>(w) * h * kBytes);
  // SDL picks BT.601 or BT.709 by the size it converts: the frame's, not the part's.
  const SDL_YUV_CONVERSION_MODE mode = SDL_GetYUVConversionMode();
  SDL_SetYUVConversionMode(SDL_GetYUVConversionModeForResolution(frame.width, frame.height));
  const bool converted =
      SDL_ConvertPixels(w, h, SDL_PIXELFORMAT_IYUV, part_yuv_.data(), w, SDL_PIXELFORMAT_RGB888,
                        part_rgb_.data(), w * kBytes) == 0;
  SDL_SetYUVConversionMode(mode);
  if (!converted) return false;
  for (int row = 0; row < part.h; ++row)
    std::memcpy(onto + static_cast<std::ptrdiff_t>(row) * surface->pitch,
                part_rgb_.data() +
                    (static_cast<std::ptrdiff_t>(part.y - y0 + row) * w + (part.x - x0)) * kBytes,
                static_cast<std::size_t>(part.w) * kBytes);
  return true;
}

bool VideoTexture::fill(const video::FrameView& frame) {
  const bool i420 = frame.layout == video::PixelLayout::i420;
  // No alpha channel, so SDL leaves blending off. libvlc's own RGB frames are XRGB.
  const Uint32 format = i420 ? i420_format_ : Uint32{SDL_PIXELFORMAT_RGB888};
  if (!texture_ || texture_w_ != frame.width || texture_h_ != frame.height || format_ != format) {
    texture_.reset(SDL_CreateTexture(renderer_, format, SDL_TEXTUREACCESS_STREAMING, frame.width,
                                     frame.height));
    texture_w_ = frame.width;
    texture_h_ = frame.height;
    format_ = format;
    if (!texture_) {
      spdlog::warn("video {}: cannot make a {}x{} texture: {}", file_.string(), frame.width,
                   frame.height, SDL_GetError());
      return false;
    }
    SDL_SetTextureScaleMode(texture_.get(), SDL_ScaleModeLinear);
  }
  int status = 0;
  if (!i420) {
    status = SDL_UpdateTexture(texture_.get(), nullptr, frame.planes[0], frame.pitches[0]);
  } else if (format == SDL_PIXELFORMAT_IYUV) {
    status =
        SDL_UpdateYUVTexture(texture_.get(), nullptr, frame.planes[0], frame.pitches[0],
                             frame.planes[1], frame.pitches[1], frame.planes[2], frame.pitches[2]);
  } else {
    // Straight into the texture's memory: one pass, no intermediate copy.
    void* pixels = nullptr;
    int pitch = 0;
    status = SDL_LockTexture(texture_.get(), nullptr, &pixels, &pitch);
    if (status == 0) {
      status = SDL_ConvertPixels(frame.width, frame.height, SDL_PIXELFORMAT_IYUV, frame.planes[0],
                                 frame.pitches[0], format, pixels, pitch);
      SDL_UnlockTexture(texture_.get());
    }
  }
  if (status != 0) {
    spdlog::warn("video {}: cannot upload a frame: {}", file_.string(), SDL_GetError());
    return false;
  }
  return true;
}

std::optional<Millis> VideoDeck::position(const std::filesystem::path& file) const {
  const auto it = players_.find(file.string());
  if (it != players_.end()) return it->second->source->position();
  const auto place = places_.find(file.string());
  if (place != places_.end()) return place->second;
  return std::nullopt;
}

std::optional<VideoSource::State> VideoDeck::state(const std::filesystem::path& file) const {
  const auto it = players_.find(file.string());
  if (it == players_.end()) return std::nullopt;
  return it->second->source->state();
}

bool show_has_video(const Show& show) {
  return std::any_of(show.slides.begin(), show.slides.end(),
                     [](const Slide& s) { return video_of(s) != nullptr; });
}

}  // namespace marquee::backends
