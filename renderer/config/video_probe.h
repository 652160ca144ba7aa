// Checks that a video file can play before a screen meets it: cheap sniffing, then
// libavformat/libavcodec.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/show.h"

struct AVFrame;

namespace marquee::config {

// libvlc is handed pictures up to this size a side (see video_source.cpp).
inline constexpr int kMaxVideoSide = 8192;

// What a playable video file holds, as its container and first picture tell.
struct VideoInfo {
  std::string format;  // libavformat's name: "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "mpegts"
  std::string codec;   // "h264", "hevc", "vp9", "mpeg2video"
  int width = 0;       // as stored, before the pixel aspect and rotation
  int height = 0;
  double pixel_aspect = 1;  // a pixel's width over its height (16/15 for PAL-style files)
  int rotation = 0;         // degrees clockwise that turn the picture upright: 0, 90, 180, 270
  Millis duration{0};       // of the video stream, 0 when the file does not say
};

// The cheap part: a short reason the file cannot play ("file not found", "file is empty",
// "is a text file, not a video", "is truncated: ..."), or nullopt when nothing is visibly
// wrong. Reads at most a few kilobytes plus the top-level box headers of MP4/MOV files, so
// it is cheap enough for every VideoSource::start(). An MP4, Matroska/WebM or MPEG
// transport stream file that is shorter than its own header says is "truncated".
std::optional<std::string> quick_video_problem(const std::filesystem::path& file);

// Everything `marquee validate` checks in a video file: quick_video_problem, then that it
// has a video stream (not only audio or cover art) in a codec libavcodec decodes, of at
// most kMaxVideoSide a side, and that its first picture decodes. nullopt, with the reason
// in *problem when given, when it cannot play:
//   "has no video stream: it is audio only (mp3)"
//   "is cut short: it ends before its first picture is whole (an incomplete copy or download?)"
//   "cannot be decoded: its h264 pictures are damaged"
// Takes tens of milliseconds, so the answer is kept per file (path, size, mtime, inode)
// for the rest of the process: a hot reload probes only files that changed.
std::optional<VideoInfo> probe_video(const std::filesystem::path& file,
                                     std::string* problem = nullptr);

// What an earlier probe_video() found wrong with the file as it is on disk now, without
// reading it; nullopt when it found nothing, or never saw this version of the file.
std::optional<std::string> known_video_problem(const std::filesystem::path& file);

// A file's video stream decoded picture by picture with libavformat and libavcodec: the
// probe's machinery, which the backends also use to decode the picture of one moment.
class VideoReader {
 public:
  // nullptr, with the reason in *problem, when the file cannot be opened or has no video
  // stream that libavcodec decodes. Every call gives up once `limit` has passed since open.
  static std::unique_ptr<VideoReader> open(const std::filesystem::path& file, Millis limit,
                                           std::string* problem);
  ~VideoReader();
  VideoReader(const VideoReader&) = delete;
  VideoReader& operator=(const VideoReader&) = delete;

  const VideoInfo& info() const;

  // Moves to the keyframe at or before `at` (time into the film; 0 is its start), so
  // next() decodes forward from there. False when the file cannot seek.
  bool seek(Millis at);
  // The next whole picture in presentation order, valid until the next call; nullptr at the
  // end of the file (*problem empty) or on a failure (*problem says which). Damaged
  // pictures are skipped and counted (damaged()).
  const AVFrame* next(std::string* problem);
  // Whether the picture's presentation time is at or before `at` into the film, exactly
  // (in the stream's own time base, no rounding).
  bool at_or_before(const AVFrame& picture, Millis at) const;
  // The picture's presentation time into the film, rounded down to a millisecond.
  Millis time_of(const AVFrame& picture) const;

  // Why next() has found nothing so far, for a probe's message.
  int damaged() const;       // pictures or packets the decoder could not read
  bool input_ended() const;  // the demuxer reached the end of the file (or a read error)

 private:
  struct Impl;
  explicit VideoReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace marquee::config
