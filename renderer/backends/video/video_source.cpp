// VideoSource on libvlc 3: vmem callbacks fill app-owned buffers; libvlc calls stay on one thread.
#include "backends/video/video_source.h"

#include <sys/stat.h>
#include <vlc/vlc.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "config/video_probe.h"

namespace marquee::video {
namespace {

using Clock = std::chrono::steady_clock;

// libvlc's optimised converters assume pitches and line counts are multiples of 32.
constexpr unsigned kAlign = 32;
constexpr unsigned kMaxSide = config::kMaxVideoSide;
// Pictures libvlc may hold at once; with the newest frame and the one the main thread
// holds, kPictures + 2 buffers always leave libvlc a free one.
constexpr unsigned kPictures = 3;
constexpr std::size_t kMaxBuffers = kPictures + 5;
// H.264 up to 1080p30 decodes on one thread (see Options::decoder_threads).
constexpr std::uint32_t kH264 = 'h' | '2' << 8 | '6' << 16 | '4' << 24;  // VLC_CODEC_H264
constexpr double kOneThreadPixelRate = 1920.0 * 1088 * 30;
// A failed file is retried when it changes on disk, looked at no more often than this.
constexpr auto kRetryCheckInterval = std::chrono::seconds(1);

unsigned align_up(unsigned value, unsigned to) {
  return (value + to - 1) / to * to;
}

// ---- the process-wide libvlc instance -------------------------------------------------

// libvlc's warnings and errors at debug level, its chatter at trace level: setting spdlog
// to trace shows the decoder and converter chain libvlc picked.
void forward_vlc_log(void*, int level, const libvlc_log_t*, const char* format, va_list args) {
  const auto ours = level >= LIBVLC_WARNING ? spdlog::level::debug : spdlog::level::trace;
  if (!spdlog::should_log(ours)) return;
  std::array<char, 512> line;
  std::vsnprintf(line.data(), line.size(), format, args);
  spdlog::log(ours, "vlc: {}", line.data());
}

// libvlc_new loads the plugin cache, slow enough to matter per slide, so every source
// shares one instance. Released at exit so leak checkers report only real leaks.
struct Instance {
  libvlc_instance_t* vlc = nullptr;
  ~Instance() {
    if (!vlc) return;
    libvlc_log_unset(vlc);  // spdlog may already be gone
    // Dropping the pointer lets a leak checker see the instance, and any player still
    // holding it, as leaked.
    libvlc_release(std::exchange(vlc, nullptr));
  }
};

libvlc_instance_t* shared_instance() {
  static Instance instance;
  static std::once_flag once;
  std::call_once(once, [] {
    // The title and OSD would otherwise be blended into the very frames we show.
    static constexpr const char* kArgs[] = {
        "--quiet",
        "--no-xlib",
        "--no-video-title-show",
        "--no-osd",
        "--no-stats",
        "--no-snapshot-preview",
        "--no-sub-autodetect-file",
    };
    instance.vlc = libvlc_new(static_cast<int>(std::size(kArgs)), kArgs);
    if (instance.vlc) {
      libvlc_log_set(instance.vlc, &forward_vlc_log, nullptr);
      spdlog::debug("video: libvlc {} ready", libvlc_get_version());
    } else {
      spdlog::error(
          "video: libvlc_new failed (are vlc-plugin-base and its plugin cache installed?)");
    }
  });
  return instance.vlc;
}

// ---- what libvlc's threads share with the main thread ----------------------------------

// A picture's size and plane layout as agreed with libvlc in the format callback.
struct Geometry {
  PixelLayout layout = PixelLayout::xrgb8888;
  unsigned width = 0, height = 0;
  std::array<unsigned, 3> pitches{}, lines{};
  int planes = 1;

  std::size_t plane_offset(int plane) const {
    std::size_t offset = 0;
    for (int i = 0; i < plane; ++i) offset += std::size_t{pitches[i]} * lines[i];
    return offset;
  }
  std::size_t bytes() const { return plane_offset(planes); }
};

struct Buffer {
  std::unique_ptr<std::uint8_t, decltype(&std::free)> bytes{nullptr, &std::free};
  std::size_t capacity = 0;
  Geometry geometry;
  bool locked = false;   // libvlc is writing it (lock .. unlock)
  bool pending = false;  // written, waiting for its display time
  std::uint64_t lock_order = 0;
  std::uint64_t sequence = 0;
};

// The size libvlc should deliver, learned from parsing the file before playing.
struct SizeHint {
  unsigned visible_width = 0, visible_height = 0;  // as stored, before any rotation
  unsigned display_width = 0;                      // visible_width scaled by the pixel aspect
};

struct Shared {
  std::mutex mutex;

  Geometry geometry;  // from the last format callback
  bool prefer_i420 = true;
  std::function<void()> on_frame;  // fixed for the source's life
  SizeHint hint;
  std::string format_problem;

  std::vector<std::unique_ptr<Buffer>> buffers;
  int latest = -1;  // newest displayed buffer, kept until a newer one replaces it
  int held = -1;    // buffer last handed to the main thread, which may still read it
  std::uint64_t sequence = 0;
  std::uint64_t locks = 0;

  bool error = false;
  bool end_reached = false;
  std::uint64_t loops = 0;
  float last_position = 0;

  bool is_free(int i) const {
    const Buffer& b = *buffers[static_cast<std::size_t>(i)];
    return !b.locked && !b.pending && i != latest && i != held;
  }

  // Never fails and never waits: libvlc's vout thread must not stall on the main thread.
  int take_buffer() {
    int chosen = -1;
    for (int i = 0; i < static_cast<int>(buffers.size()); ++i)
      if (is_free(i)) {
        chosen = i;
        break;
      }
    if (chosen < 0 && buffers.size() < kMaxBuffers) {
      buffers.push_back(std::make_unique<Buffer>());
      chosen = static_cast<int>(buffers.size()) - 1;
    }
    if (chosen < 0) {
      // Every buffer is claimed: the oldest pending one was dropped by libvlc without display.
      std::uint64_t oldest = UINT64_MAX;
      for (int i = 0; i < static_cast<int>(buffers.size()); ++i) {
        const Buffer& b = *buffers[static_cast<std::size_t>(i)];
        if (b.pending && !b.locked && i != latest && i != held && b.lock_order < oldest) {
          oldest = b.lock_order;
          chosen = i;
        }
      }
    }
    if (chosen < 0) {
      spdlog::critical("video: no frame buffer left for libvlc");
      std::abort();
    }
    Buffer& b = *buffers[static_cast<std::size_t>(chosen)];
    const std::size_t needed = geometry.bytes();
    if (b.capacity < needed) {
      b.bytes.reset(static_cast<std::uint8_t*>(std::aligned_alloc(64, align_up(needed, 64))));
      if (!b.bytes) {
        spdlog::critical("video: out of memory for a {}x{} frame", geometry.width, geometry.height);
        std::abort();
      }
      b.capacity = needed;
    }
    b.geometry = geometry;
    b.locked = true;
    b.pending = false;
    b.lock_order = ++locks;
    return chosen;
  }
};

void* id_of(int index) {
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(index) + 1);
}
int index_of(void* id) {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(id) - 1);
}

bool near(unsigned proposed, unsigned visible) {
  return proposed >= visible && proposed <= visible + 64;
}

// libvlc proposes its decoder's padded size (1920x1090 for 1080p) and would scale the
// picture to fill whatever we answer; answering the visible size gives an unscaled copy.
unsigned on_format(void** opaque, char* chroma, unsigned* width, unsigned* height,
                   unsigned* pitches, unsigned* lines) {
  Shared& s = *static_cast<Shared*>(*opaque);
  std::lock_guard lock(s.mutex);
  unsigned w = *width, h = *height;
  const SizeHint& hint = s.hint;
  if (hint.visible_width && near(w, hint.visible_width) && near(h, hint.visible_height)) {
    w = hint.display_width;
    h = hint.visible_height;
  } else if (hint.visible_width && near(w, hint.visible_height) && near(h, hint.visible_width)) {
    w = hint.visible_height;  // libvlc already turned a rotated file upright
    h = hint.display_width;
  }
  if (w == 0 || h == 0 || w > kMaxSide || h > kMaxSide) {
    s.format_problem = "unsupported picture size " + std::to_string(w) + "x" + std::to_string(h);
    return 0;
  }
  Geometry g;
  g.width = *width = w;
  g.height = *height = h;
  if (s.prefer_i420 && w % 2 == 0 && h % 2 == 0) {
    std::memcpy(chroma, "I420", 4);
    g.layout = PixelLayout::i420;
    g.planes = 3;
    // Laid out as SDL_PIXELFORMAT_IYUV (planes back to back, chroma at half the pitch), so
    // SDL_ConvertPixels can read a frame in one call.
    const unsigned pitch = align_up(w, kAlign);
    g.pitches = {pitch, pitch / 2, pitch / 2};
    g.lines = {h, h / 2, h / 2};
  } else {
    std::memcpy(chroma, "RV32", 4);
    g.pitches[0] = align_up(w * 4, kAlign);
    g.lines[0] = align_up(h, kAlign);
  }
  for (int i = 0; i < g.planes; ++i) {
    pitches[i] = g.pitches[i];
    lines[i] = g.lines[i];
  }
  s.geometry = g;
  return kPictures;
}

void* on_lock(void* opaque, void** planes) {
  Shared& s = *static_cast<Shared*>(opaque);
  std::lock_guard lock(s.mutex);
  const int i = s.take_buffer();
  const Buffer& b = *s.buffers[static_cast<std::size_t>(i)];
  for (int plane = 0; plane < b.geometry.planes; ++plane)
    planes[plane] = b.bytes.get() + b.geometry.plane_offset(plane);
  return id_of(i);
}

// libvlc 3.0.24's vmem renders into a picture of its own and copies it into ours between
// lock and unlock, then calls display when the picture is due; so a buffer stays pending
// from unlock to display, and one that never gets displayed was dropped as late.
void on_unlock(void* opaque, void* id, void* const*) {
  Shared& s = *static_cast<Shared*>(opaque);
  std::lock_guard lock(s.mutex);
  Buffer& b = *s.buffers[static_cast<std::size_t>(index_of(id))];
  b.locked = false;
  b.pending = true;
}

void on_display(void* opaque, void* id) {
  Shared& s = *static_cast<Shared*>(opaque);
  {
    std::lock_guard lock(s.mutex);
    const int i = index_of(id);
    Buffer& shown = *s.buffers[static_cast<std::size_t>(i)];
    shown.pending = false;
    shown.sequence = ++s.sequence;
    s.latest = i;
    for (auto& b : s.buffers)  // written before this one and never shown: dropped as late
      if (b->pending && b->lock_order < shown.lock_order) b->pending = false;
  }
  if (s.on_frame) s.on_frame();
}

constexpr std::array kEvents = {libvlc_MediaPlayerEncounteredError, libvlc_MediaPlayerEndReached,
                                libvlc_MediaPlayerPositionChanged};

// Runs on libvlc's threads with its event lock held: record, never call back into libvlc.
void on_event(const libvlc_event_t* event, void* opaque) {
  Shared& s = *static_cast<Shared*>(opaque);
  std::lock_guard lock(s.mutex);
  switch (event->type) {
    case libvlc_MediaPlayerEncounteredError:
      s.error = true;
      break;
    case libvlc_MediaPlayerEndReached:
      s.end_reached = true;
      break;
    case libvlc_MediaPlayerPositionChanged: {
      // :input-repeat loops silently; the position jumping back is the only sign.
      const float position = event->u.media_player_position_changed.new_position;
      if (position + 0.5f < s.last_position) ++s.loops;
      s.last_position = position;
      break;
    }
    default:
      break;
  }
}

struct Identity {
  off_t size = 0;
  timespec mtime{};
  ino_t inode = 0;
  dev_t device = 0;
  friend bool operator==(const Identity& a, const Identity& b) {
    return a.size == b.size && a.mtime.tv_sec == b.mtime.tv_sec &&
           a.mtime.tv_nsec == b.mtime.tv_nsec && a.inode == b.inode && a.device == b.device;
  }
};

std::optional<Identity> identify(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return Identity{st.st_size, st.st_mtim, st.st_ino, st.st_dev};
}

}  // namespace

// ---- the main-thread side ---------------------------------------------------------------

class VideoSource::Impl {
 public:
  Impl(std::filesystem::path file, Options options) : file_(std::move(file)), options_(options) {
    shared_->prefer_i420 = options_.prefer_i420;  // fixed for the source's life
    shared_->on_frame = options_.on_frame;
  }
  ~Impl() { close(); }

  bool start(Start how, std::optional<Millis> at = std::nullopt);
  void pause();
  void resume();
  void seek(Millis position);
  Millis position() const;
  void service();
  bool with_latest_frame(std::uint64_t since, const std::function<void(const FrameView&)>& use);
  bool has_frame() const;
  std::uint64_t loops() const;
  bool file_changed() const { return identify(file_) != identity_; }

  State state_ = State::idle;
  std::string error_;
  const std::filesystem::path file_;

 private:
  enum class Phase { none, parsing, playing };

  void close();
  void fail(std::string why);
  void play();
  void on_first_frame();
  bool reached_open_at();

  const Options options_;
  std::unique_ptr<Shared> shared_ = std::make_unique<Shared>();
  libvlc_media_t* media_ = nullptr;
  libvlc_media_player_t* player_ = nullptr;
  Phase phase_ = Phase::none;
  Start start_ = Start::play;
  Clock::time_point opened_at_{};
  std::uint64_t sequence_at_open_ = 0;
  std::uint64_t loops_seen_ = 0;
  std::optional<Millis> pending_seek_;
  std::optional<Millis> open_at_;  // wrapped around the length once parsed
  int open_at_seeks_ = 0;
  bool parsed_video_track_ = true;
  std::optional<Identity> identity_;
  Clock::time_point last_retry_check_{};
};

bool VideoSource::Impl::start(Start how, std::optional<Millis> at) {
  close();
  open_at_ = at;
  open_at_seeks_ = 0;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->error = false;
    shared_->end_reached = false;
    shared_->loops = 0;
    shared_->last_position = 0;
    shared_->hint = {};
    shared_->format_problem.clear();
    sequence_at_open_ = shared_->sequence;
  }
  state_ = State::opening;
  error_.clear();
  start_ = how;
  opened_at_ = Clock::now();
  loops_seen_ = 0;
  parsed_video_track_ = true;
  identity_ = identify(file_);

  // What validation already learned about this very file: no point waiting for a frame.
  auto problem = config::quick_video_problem(file_);
  if (!problem) problem = config::known_video_problem(file_);
  if (problem) {
    fail(std::move(*problem));
    return false;
  }
  libvlc_instance_t* vlc = shared_instance();
  if (!vlc) {
    fail("libvlc could not start (see the log)");
    return false;
  }
  media_ = libvlc_media_new_path(vlc, file_.c_str());
  if (!media_) {
    fail("libvlc could not take the file");
    return false;
  }
  if (options_.loop)
    libvlc_media_add_option(media_,
                            (":input-repeat=" + std::to_string(options_.loop_repeats)).c_str());
  if (!options_.audio) libvlc_media_add_option(media_, ":no-audio");

  // Parsing first (a few ms, off this thread) tells the visible size for on_format.
  const int parse_timeout =
      static_cast<int>(std::min<long long>(options_.first_frame_timeout.count(), 3000));
  if (libvlc_media_parse_with_options(media_, libvlc_media_parse_local, parse_timeout) == 0)
    phase_ = Phase::parsing;
  else
    play();
  return state_ != State::failed;
}

void VideoSource::Impl::play() {
  int threads = options_.decoder_threads;
  if (phase_ == Phase::parsing) {
    libvlc_media_track_t** tracks = nullptr;
    const unsigned count = libvlc_media_tracks_get(media_, &tracks);
    parsed_video_track_ = false;
    for (unsigned i = 0; i < count; ++i) {
      if (tracks[i]->i_type != libvlc_track_video) continue;
      parsed_video_track_ = true;
      const libvlc_video_track_t& v = *tracks[i]->video;
      if (v.i_width == 0 || v.i_height == 0) break;
      if (threads == 0 && tracks[i]->i_codec == kH264 && v.i_frame_rate_den &&
          double(v.i_width) * v.i_height * v.i_frame_rate_num / v.i_frame_rate_den <=
              kOneThreadPixelRate)
        threads = 1;
      double aspect = 1;
      if (v.i_sar_num && v.i_sar_den) aspect = double(v.i_sar_num) / v.i_sar_den;
      std::lock_guard lock(shared_->mutex);
      shared_->hint.visible_width = v.i_width;
      shared_->hint.visible_height = v.i_height;
      shared_->hint.display_width =
          std::max(1u, static_cast<unsigned>(std::lround(v.i_width * aspect)));
      break;
    }
    if (count) libvlc_media_tracks_release(tracks, count);
  }
  if (open_at_) {
    libvlc_time_t at = open_at_->count();
    const libvlc_time_t length = libvlc_media_get_duration(media_);  // -1 unless parsed
    if (options_.loop && length > 0) at %= length;
    open_at_ = Millis{at};
    // Milliseconds written out by hand: std::to_string of a double follows the C locale.
    const std::string millis = std::to_string(1000 + at % 1000);
    libvlc_media_add_option(
        media_, (":start-time=" + std::to_string(at / 1000) + "." + millis.substr(1)).c_str());
  }
  if (threads > 0)
    libvlc_media_add_option(media_, (":avcodec-threads=" + std::to_string(threads)).c_str());
  phase_ = Phase::playing;
  player_ = libvlc_media_player_new_from_media(media_);
  if (!player_) {
    fail("libvlc could not create a player");
    return;
  }
  libvlc_video_set_callbacks(player_, &on_lock, &on_unlock, &on_display, shared_.get());
  libvlc_video_set_format_callbacks(player_, &on_format, nullptr);
  libvlc_event_manager_t* events = libvlc_media_player_event_manager(player_);
  for (auto type : kEvents) libvlc_event_attach(events, type, &on_event, shared_.get());
  if (libvlc_media_player_play(player_) != 0) {
    fail("libvlc could not start playing");
    return;
  }
  // Seeking right after play() is exact and shows nothing before the target.
  if (pending_seek_) libvlc_media_player_set_time(player_, pending_seek_->count());
}

void VideoSource::Impl::close() {
  if (player_) {
    libvlc_event_manager_t* events = libvlc_media_player_event_manager(player_);
    for (auto type : kEvents) libvlc_event_detach(events, type, &on_event, shared_.get());
    libvlc_media_player_stop(player_);  // joins libvlc's threads: no callback runs after this
    libvlc_media_player_release(player_);
    player_ = nullptr;
  }
  if (media_) {
    if (phase_ == Phase::parsing) libvlc_media_parse_stop(media_);
    libvlc_media_release(media_);
    media_ = nullptr;
  }
  phase_ = Phase::none;
}

void VideoSource::Impl::fail(std::string why) {
  close();
  if (state_ == State::failed) return;
  state_ = State::failed;
  error_ = std::move(why);
  last_retry_check_ = Clock::now();
  spdlog::warn("video {}: {}", file_.string(), error_);
}

bool VideoSource::Impl::reached_open_at() {
  if (!open_at_) return true;
  constexpr libvlc_time_t kNear = 200;  // ms: libvlc's clock lags the picture a little
  const libvlc_time_t now = libvlc_media_player_get_time(player_);
  return now < 0 || now + kNear >= open_at_->count() || ++open_at_seeks_ > 3;
}

void VideoSource::Impl::on_first_frame() {
  state_ = State::playing;
  spdlog::debug("video {}: first frame after {} ms", file_.string(),
                std::chrono::duration_cast<Millis>(Clock::now() - opened_at_).count());
  pending_seek_.reset();
  // libvlc 3 cannot show a frame while starting paused (:start-paused shows nothing, and
  // stepping then resuming skips ahead), and a seek racing a pause may never be shown.
  // So a pre-roll plays and pauses here: it holds a frame a poll or two into the file.
  if (start_ == Start::hold) libvlc_media_player_set_pause(player_, 1);
}

void VideoSource::Impl::service() {
  if (phase_ == Phase::parsing) {
    if (libvlc_media_get_parsed_status(media_) == 0) {
      if (Clock::now() - opened_at_ > options_.first_frame_timeout)
        fail("libvlc could not read it within " +
             std::to_string(options_.first_frame_timeout.count()) + " ms");
      return;
    }
    play();
    if (state_ == State::failed) return;
  }

  if (state_ == State::failed) {
    const auto now = Clock::now();
    if (now - last_retry_check_ < kRetryCheckInterval) return;
    last_retry_check_ = now;
    const auto now_identity = identify(file_);
    if (now_identity && now_identity != identity_) {
      spdlog::info("video {}: changed on disk, trying again", file_.string());
      start(start_);
    }
    return;
  }
  if (phase_ != Phase::playing) return;

  bool error = false, ended = false;
  std::uint64_t sequence = 0, loops = 0;
  std::string format_problem;
  {
    std::lock_guard lock(shared_->mutex);
    error = shared_->error;
    ended = std::exchange(shared_->end_reached, false);
    sequence = shared_->sequence;
    loops = shared_->loops;
    format_problem = shared_->format_problem;
  }
  const bool decoded = sequence > sequence_at_open_;
  if (state_ == State::opening && decoded) {
    if (reached_open_at()) {
      on_first_frame();
    } else {
      // libvlc applies :start-time as a seek queued behind the first demuxing, so under
      // load the first frame can come from the start of the file. Seek while playing
      // (not paused) and judge the next frame.
      libvlc_media_player_set_time(player_, open_at_->count());
      std::lock_guard lock(shared_->mutex);
      sequence_at_open_ = shared_->sequence;
    }
  }

  const std::string nothing_decoded = parsed_video_track_
                                          ? "libvlc decoded no video frame from it (damaged?)"
                                          : "libvlc found no video track in it";
  if (error) {
    fail(!format_problem.empty() ? format_problem
         : decoded               ? "libvlc stopped with an error while playing it"
                                 : "libvlc could not open or decode it (" + nothing_decoded + ")");
    return;
  }
  if (ended) {
    if (!decoded) {
      fail(nothing_decoded);
    } else if (options_.loop) {
      spdlog::info("video {}: {} in-place loops done, reopening", file_.string(),
                   options_.loop_repeats);
      start(Start::play);
    } else {
      state_ = State::ended;
    }
    return;
  }
  if (state_ == State::opening && Clock::now() - opened_at_ > options_.first_frame_timeout) {
    fail("no video frame within " + std::to_string(options_.first_frame_timeout.count()) + " ms (" +
         nothing_decoded + ")");
    return;
  }
  if (state_ == State::playing && loops != loops_seen_) {
    loops_seen_ = loops;
    if (file_changed()) {
      spdlog::info("video {}: changed on disk, reopening at the loop point", file_.string());
      start(Start::play);
    }
  }
}

void VideoSource::Impl::pause() {
  service();
  if (state_ == State::opening) {
    start_ = Start::hold;  // libvlc ignores a pause before its input runs; hold the first frame
    return;
  }
  if (player_ && phase_ == Phase::playing) libvlc_media_player_set_pause(player_, 1);
}

void VideoSource::Impl::resume() {
  service();
  start_ = Start::play;  // a pre-roll still waiting for its first frame should not hold it
  if (player_ && phase_ == Phase::playing) libvlc_media_player_set_pause(player_, 0);
}

void VideoSource::Impl::seek(Millis position) {
  service();
  if (state_ == State::opening) {
    pending_seek_ = position;  // position() reports it until the first frame
    if (player_) libvlc_media_player_set_time(player_, position.count());
    return;
  }
  if (!player_) return;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->last_position = 0;  // a seek back is not a loop
  }
  libvlc_media_player_set_time(player_, position.count());
}

Millis VideoSource::Impl::position() const {
  if (pending_seek_) return *pending_seek_;
  if (!player_ || phase_ != Phase::playing) return Millis{0};
  return Millis{std::max<libvlc_time_t>(0, libvlc_media_player_get_time(player_))};
}

bool VideoSource::Impl::has_frame() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->latest >= 0;
}

std::uint64_t VideoSource::Impl::loops() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->loops;
}

bool VideoSource::Impl::with_latest_frame(std::uint64_t since,
                                          const std::function<void(const FrameView&)>& use) {
  FrameView view;
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->latest < 0) return false;
    const Buffer& b = *shared_->buffers[static_cast<std::size_t>(shared_->latest)];
    if (b.sequence <= since) return false;
    shared_->held = shared_->latest;
    const Geometry& g = b.geometry;
    view.layout = g.layout;
    for (int plane = 0; plane < g.planes; ++plane) {
      view.planes[plane] = b.bytes.get() + g.plane_offset(plane);
      view.pitches[plane] = static_cast<int>(g.pitches[plane]);
    }
    view.width = static_cast<int>(g.width);
    view.height = static_cast<int>(g.height);
    view.sequence = b.sequence;
  }
  use(view);
  return true;
}

// ---- VideoSource forwards -------------------------------------------------------------------

VideoSource::VideoSource(std::filesystem::path file, Options options)
    : impl_(std::make_unique<Impl>(std::move(file), options)) {}
VideoSource::~VideoSource() = default;

bool VideoSource::start(Start how) {
  return impl_->start(how);
}
bool VideoSource::start(Start how, Millis at) {
  return impl_->start(how, at);
}
void VideoSource::update() {
  impl_->service();
}
void VideoSource::pause() {
  impl_->pause();
}
void VideoSource::resume() {
  impl_->resume();
}
void VideoSource::seek(Millis position) {
  impl_->seek(position);
}
Millis VideoSource::position() const {
  return impl_->position();
}

VideoSource::State VideoSource::state() const {
  return impl_->state_;
}

bool VideoSource::has_frame() const {
  return impl_->has_frame();
}
std::string VideoSource::error() const {
  return impl_->error_;
}
const std::filesystem::path& VideoSource::file() const {
  return impl_->file_;
}
bool VideoSource::file_changed() const {
  return impl_->file_changed();
}
std::uint64_t VideoSource::loops() const {
  return impl_->loops();
}

bool VideoSource::with_latest_frame(std::uint64_t since,
                                    const std::function<void(const FrameView&)>& use) {
  return impl_->with_latest_frame(since, use);
}

const char* to_string(VideoSource::State state) {
  switch (state) {
    case VideoSource::State::idle:
      return "idle";
    case VideoSource::State::opening:
      return "opening";
    case VideoSource::State::playing:
      return "playing";
    case VideoSource::State::ended:
      return "ended";
    case VideoSource::State::failed:
      return "failed";
  }
  return "?";
}

}  // namespace marquee::video
