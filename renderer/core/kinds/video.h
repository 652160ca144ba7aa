// The video slide kind: a file played by libvlc, usually full-bleed (overlays: false).
#pragma once

#include <filesystem>
#include <optional>

#include "core/kind.h"

namespace marquee {

struct VideoSlide {
  static constexpr const char kName[] = "video";
  // A film is framed for the whole screen; its painter paints what shows beside it.
  static constexpr bool kPaintsOwnBackground = true;

  std::filesystem::path file;  // absolute
  Fit fit = Fit::contain;
  bool audio = false;  // off: no audio track is even decoded
  bool loop = true;
  // resume: a film that is one slide among others continues where it left off.
  enum class Start { restart, resume } start = Start::restart;

  static VideoSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const VideoSlide& slide,
                    const SlideMoment& moment);
  std::optional<LocalTime> preview_at() const { return std::nullopt; }
};

// The video a slide plays, or nullptr: what the app's video deck asks of a slide.
const VideoSlide* video_of(const Slide& slide);

}  // namespace marquee
