// decode_still(): the exact picture of one moment of a video file, for render, preview and goldens.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "backends/video/video_source.h"
#include "core/show.h"

namespace marquee::video {

// One decoded picture that owns its pixels, laid out as VideoSource hands frames over:
// I420 when the display size is even, XRGB otherwise; square pixels, upright.
class Still {
 public:
  const FrameView& view() const { return view_; }
  Millis time() const { return time_; }  // its presentation time into the film

 private:
  friend std::optional<Still> decode_still(const std::filesystem::path&, Millis, bool, std::string*,
                                           Millis);
  std::shared_ptr<std::uint8_t[]> bytes_;
  FrameView view_;
  Millis time_{0};
};

// The picture a screen shows `at` into the film: the one whose presentation time is the
// last at or before it (wrapped around the film's length when it loops; the last
// picture past the end when it does not; the first before the first). Decoded forward
// from the keyframe at or before the mark with libavcodec, so it is the same picture on
// every call, whatever the machine's load; libvlc plays in real time and cannot promise
// that. nullopt, with the reason in *problem, when the file yields no picture within
// `limit`. Blocks for the decode: tens of milliseconds for a 1080p film with a keyframe
// every second or two.
std::optional<Still> decode_still(const std::filesystem::path& file, Millis at, bool loop,
                                  std::string* problem, Millis limit = Millis{3000});

}  // namespace marquee::video
