// Test clips made by ffmpeg at run time, and readers for their pattern, for video tests and bench.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "backends/video/video_source.h"

namespace marquee::video::clips {

inline bool have_ffmpeg() {
  return std::system("ffmpeg -hide_banner -version >/dev/null 2>&1") == 0;
}

inline bool ffmpeg(const std::string& args) {
  const std::string command = "ffmpeg -hide_banner -loglevel error -nostdin -y " + args;
  const bool ok = std::system(command.c_str()) == 0;
  if (!ok) std::fprintf(stderr, "failed: %s\n", command.c_str());
  return ok;
}

// Encoders for the codecs a screen meets; the container follows the file's extension.
inline const std::string kH264 = "-c:v libx264 -preset ultrafast -crf 12 -pix_fmt yuv420p";
inline const std::string kHevc =
    "-c:v libx265 -preset ultrafast -x265-params log-level=error -pix_fmt yuv420p";
inline const std::string kVp9 =
    "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 1M -pix_fmt yuv420p";
inline const std::string kMpeg2 = "-c:v mpeg2video -q:v 2 -pix_fmt yuv420p";

struct ClipSpec {
  int width = 320;
  int height = 240;
  int fps = 25;  // the frame number has 8 bits: at most 255 frames
  double seconds = 2;
  bool audio = false;
  bool invert = false;    // cyan/magenta/yellow/black bars: a visibly different file
  std::string sar = "1";  // pixel aspect, e.g. "16/15" for an anamorphic PAL-style file
  // 4:4:4 lets H.264 carry odd widths such as 853, which 4:2:0 cannot.
  std::string video_codec = kH264;
};

// Top half: red, green, blue and white bars (cyan, magenta, yellow, black inverted), to
// catch swapped channels. Bottom half: the frame number in 8 black/white blocks, lowest
// bit left, so a test can tell which frame it got and notice a torn one.
inline bool make_pattern_clip(const std::filesystem::path& out, const ClipSpec& spec) {
  const std::string top = "lt(Y,H/2)";
  const std::string bar = "floor(X*4/W)";
  const std::string bit = "mod(floor(N/pow(2,floor(X*8/W))),2)";
  auto channel = [&](int index) {
    std::string on = "255*(eq(" + bar + "," + std::to_string(index) + ")+eq(" + bar + ",3))";
    if (spec.invert) on = "(255-" + on + ")";
    return "if(" + top + "," + on + ",255*" + bit + ")";
  };
  // The pattern is drawn small (geq is slow at 1080p) and blown up without smoothing.
  std::string args = "-f lavfi -i \"color=c=black:s=64x64:r=" + std::to_string(spec.fps) +
                     ":d=" + std::to_string(spec.seconds) + ",format=rgb24,geq=r='" + channel(0) +
                     "':g='" + channel(1) + "':b='" + channel(2) +
                     "',scale=" + std::to_string(spec.width) + ":" + std::to_string(spec.height) +
                     ":flags=neighbor,setsar=" + spec.sar + "\" ";
  if (spec.audio)
    args += "-f lavfi -i \"sine=frequency=440:duration=" + std::to_string(spec.seconds) +
            "\" -c:a aac -shortest ";
  args += spec.video_codec + " -g " + std::to_string(spec.fps) + " \"" + out.string() + "\"";
  return ffmpeg(args);
}

// The pattern's frame on screen `at` into a clip of `fps`: the last frame whose
// presentation time is at or before the mark.
inline int frame_at(Millis at, int fps) {
  return static_cast<int>(at.count() * fps / 1000);
}

// A tone and nothing else, in the codec given ("aac" for .m4a, "libmp3lame" for .mp3).
inline bool make_audio_clip(const std::filesystem::path& out, const std::string& codec) {
  return ffmpeg("-f lavfi -i \"sine=frequency=440:duration=2\" -c:a " + codec + " \"" +
                out.string() + "\"");
}

// The first `bytes` bytes of a file: an interrupted copy.
inline bool copy_prefix(const std::filesystem::path& from, const std::filesystem::path& out,
                        std::uintmax_t bytes) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(from.c_str(), "rb"), &std::fclose);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> to(std::fopen(out.c_str(), "wb"), &std::fclose);
  if (!in || !to) return false;
  std::vector<char> buffer(bytes);
  const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), in.get());
  return got == bytes && std::fwrite(buffer.data(), 1, got, to.get()) == got;
}

// A copy of `from` cut in the middle of its first picture, as an interrupted copy that a
// player shows as "video unavailable": nothing before the cut decodes. With `packet`,
// the cut is rounded down to a whole number of packets of that size (188 for a transport
// stream), so only decoding can tell the file is cut.
inline bool cut_inside_first_picture(const std::filesystem::path& from,
                                     const std::filesystem::path& out, int packet = 1) {
  const std::string command =
      "ffprobe -v error -select_streams v:0 -read_intervals %+#1 -show_entries packet=pos,size "
      "-of default=noprint_wrappers=1 \"" +
      from.string() + "\"";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) return false;
  long long size = -1, pos = -1;
  char line[256];
  while (std::fgets(line, sizeof line, pipe.get())) {
    std::sscanf(line, "size=%lld", &size);
    std::sscanf(line, "pos=%lld", &pos);
  }
  if (size <= 0 || pos < 0) {
    std::fprintf(stderr, "failed: %s\n", command.c_str());
    return false;
  }
  const long long cut = (pos + size / 2) / packet * packet;
  return cut > pos && copy_prefix(from, out, static_cast<std::uintmax_t>(cut));
}

// What spdlog's default logger writes while this lives, for tests that count log lines.
class CapturedLog {
 public:
  CapturedLog()
      : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)),
        previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("captured", sink_);
    logger->set_level(spdlog::level::info);  // the player's default level
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  // The lines that mention `text`.
  std::vector<std::string> lines_with(const std::string& text) const {
    std::vector<std::string> found;
    for (auto& line : sink_->last_formatted())
      if (line.find(text) != std::string::npos) found.push_back(line);
    return found;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

struct Rgb {
  int r = 0, g = 0, b = 0;
};

// The colour at (x, y). I420 is read back with BT.601 limited range, the matrix ffmpeg
// uses for the untagged clips made here.
inline Rgb pixel(const FrameView& f, int x, int y) {
  const auto at = [&](int plane, int px, int py) {
    return int{f.planes[plane][static_cast<std::ptrdiff_t>(py) * f.pitches[plane] + px]};
  };
  if (f.layout == PixelLayout::xrgb8888) {
    const std::uint8_t* p = f.planes[0] + static_cast<std::ptrdiff_t>(y) * f.pitches[0] + x * 4;
    return {p[2], p[1], p[0]};  // B,G,R,X in memory
  }
  const double luma = 1.164 * (at(0, x, y) - 16);
  const double u = at(1, x / 2, y / 2) - 128, v = at(2, x / 2, y / 2) - 128;
  const auto clamp = [](double c) { return std::clamp(static_cast<int>(std::lround(c)), 0, 255); };
  return {clamp(luma + 1.596 * v), clamp(luma - 0.392 * u - 0.813 * v), clamp(luma + 2.017 * u)};
}

inline bool close_to(Rgb a, Rgb b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

// The four bars, sampled at their centres; false for a black or wrong frame.
inline bool bars_match(const FrameView& f, bool invert = false, int tolerance = 40) {
  static constexpr Rgb kBars[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
  for (int i = 0; i < 4; ++i) {
    Rgb want = kBars[i];
    if (invert) want = {255 - want.r, 255 - want.g, 255 - want.b};
    const Rgb got = pixel(f, (2 * i + 1) * f.width / 8, f.height / 4);
    if (!close_to(got, want, tolerance)) return false;
  }
  return true;
}

// The frame number from the bottom blocks, or -1 if a block is neither black nor white.
// colour_at(fx, fy) reads the picture at a fraction of its width and height, wherever
// the picture is: a decoded frame, or a rendered screen.
template <class ColourAt>
int frame_number_from(ColourAt colour_at) {
  int n = 0;
  for (int bit = 0; bit < 8; ++bit) {
    const Rgb p = colour_at((2 * bit + 1) / 16.0, 0.75);
    const int level = (p.r + p.g + p.b) / 3;
    if (level > 40 && level < 215) return -1;
    if (level >= 215) n |= 1 << bit;
  }
  return n;
}

inline int frame_number(const FrameView& f) {
  return frame_number_from([&](double fx, double fy) {
    return pixel(f, static_cast<int>(fx * f.width), static_cast<int>(fy * f.height));
  });
}

}  // namespace marquee::video::clips
