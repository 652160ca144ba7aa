// The image slide kind: one picture, contained or covering, with an optional caption.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/kind.h"

namespace marquee {

struct ImageSlide {
  static constexpr const char kName[] = "image";

  std::filesystem::path file;  // absolute
  Fit fit = Fit::contain;
  std::string caption;
  std::optional<Color> background;

  static ImageSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const ImageSlide& slide,
                    const SlideMoment& moment);
  std::optional<LocalTime> preview_at() const { return std::nullopt; }
};

}  // namespace marquee
