// VideoSource: a video file decoded by libvlc 3 into frames the app owns, for the main thread.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/show.h"

namespace marquee::video {

// How a frame's bytes are laid out.
enum class PixelLayout {
  // One plane, 4 bytes per pixel in memory order B,G,R,X (X is 255): SDL_PIXELFORMAT_RGB888
  // (XRGB8888) on little-endian machines. Prefer that to ARGB8888, for which SDL turns
  // blending on by default.
  xrgb8888,
  // Planes Y, U, V, the chroma planes at half width and height, back to back with the
  // chroma pitch half the luma pitch: SDL_PIXELFORMAT_IYUV as SDL_ConvertPixels reads it
  // from planes[0] and pitches[0].
  i420,
};

// One decoded picture, valid from the with_latest_frame callback that hands it out until
// the next call of that source that hands out a newer one, or the source's end. Pixels are
// square: anamorphic files arrive already scaled to their display aspect, so painters
// can fit width x height as is.
struct FrameView {
  PixelLayout layout = PixelLayout::xrgb8888;
  std::array<const std::uint8_t*, 3> planes{};  // xrgb8888 uses the first only
  std::array<int, 3> pitches{};                 // bytes from one row to the next, per plane
  int width = 0;
  int height = 0;
  std::uint64_t sequence = 0;  // grows with every displayed frame, across loops and reopens
};

// Plays one file. libvlc's threads only copy pixels into buffers this object owns and
// publish the newest one; everything that needs a libvlc call (the first-frame watchdog,
// holding the pre-rolled first frame, reopening a replaced file) happens in update(), which
// its owner calls once per rendered frame. Call every method from one thread (the main
// thread). Queries (state(), has_frame(), error(), position(), loops(), with_latest_frame())
// change nothing: what they report is as of the last update() or command. The last frame
// stays available across loops, pauses, ends, reopens and failures, so the screen never has
// to show black while a frame exists.
class VideoSource {
 public:
  struct Options {
    bool audio = false;  // off: no audio track is even decoded
    bool loop = true;    // the frame after the last frame is the first frame
    // A file that yields no picture within this time is declared failed.
    Millis first_frame_timeout{5000};
    // Loops done inside libvlc (:input-repeat, seamless) before one reopen (a short gap).
    int loop_repeats = 65535;
    // 0: one decoder thread for H.264 up to 1080p30, libvlc's choice otherwise. With
    // frame-threaded decoding libvlc 3 drops the first frame after about one loop in ten
    // (a 2.5-period gap); with one thread it did not in 50 loops, and used ~15% less CPU.
    int decoder_threads = 0;
    // Deliver I420 when width and height are even (most files): a third of XRGB's bytes
    // for libvlc to copy and the renderer to upload, and no RGB conversion in libvlc, as
    // SDL converts (SSE2 on the CPU, a shader on a GPU). Odd sizes arrive as XRGB.
    bool prefer_i420 = true;
    // Called on libvlc's thread each time a new frame is ready, so a player asleep until
    // something changes can wake to show it. Must be quick and thread-safe, and must not
    // call into libvlc or this source.
    std::function<void()> on_frame{};
  };

  enum class State {
    idle,     // constructed, start() not called yet
    opening,  // start() called, the first picture is not decoded yet
    playing,  // pictures arrive (or are held: paused, or waiting in Start::hold)
    ended,    // a file played once to its end (loop off); its last frame stays available
    failed,   // missing, empty, truncated, undecodable or silent: see error()
  };

  enum class Start {
    play,  // play at once
    hold,  // pre-roll: play to the first frame, then wait paused (a frame or two in) for resume()
  };

  VideoSource(std::filesystem::path file, Options options);
  ~VideoSource();  // stops and releases libvlc's player; returns within tens of ms, also mid-play
  VideoSource(const VideoSource&) = delete;
  VideoSource& operator=(const VideoSource&) = delete;

  // Opens (or reopens) the file and starts decoding. False, with state() failed, a log
  // line and error() set, when the file is missing, empty or visibly damaged; problems
  // libvlc finds later also end in failed, never in a hang. Never blocks on decoding.
  bool start(Start how = Start::play);
  // The same, opening at `at` into the file, wrapped around a looping file's length. The
  // input starts near there (libvlc's :start-time; a seek right after opening races the
  // decoder under load), but libvlc shows a frame near the mark, not always the same one,
  // and starts later loops there too. The exact picture of one moment comes from
  // decode_still() (video_still.h).
  bool start(Start how, Millis at);
  // Once per rendered frame: the first-frame watchdog, holding a pre-roll on its first
  // frame, reopening a file replaced on disk at the loop point, retrying a failed file
  // that changed. Cheap when nothing happened (a mutex and a few reads).
  void update();

  void pause();
  void resume();
  void seek(Millis position);  // with pause()/position(), lets a slide continue where it left off
  Millis position() const;     // time into the file; restarts at 0 on every loop

  State state() const;
  bool has_frame() const;  // a frame is available to draw (pre-roll done)
  std::string error() const;
  const std::filesystem::path& file() const;

  // Calls use() with the newest frame if its sequence is greater than since; returns
  // whether it did. Reads, and changes nothing but which buffer libvlc may not reuse. Pass 0 to get
  // the current frame whatever its age. libvlc keeps decoding into other buffers meanwhile, so
  // use() may take its time (an upload), and the frame stays as it is after use() returns,
  // held until a newer one is handed out: a player may convert it later, when it is drawn.
  bool with_latest_frame(std::uint64_t since, const std::function<void(const FrameView&)>& use);

  // The file on disk is not the one opened (size, mtime or inode differ). A looping
  // source reopens by itself at the next loop; a slide coming up again can call start().
  bool file_changed() const;
  // Loops completed since start(), for tests and for players that act at the loop point.
  std::uint64_t loops() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

const char* to_string(VideoSource::State state);

}  // namespace marquee::video
