// The title slide kind: a headline, a body and a small accent line, aligned as written.
#pragma once

#include <optional>
#include <string>

#include "core/kind.h"

namespace marquee {

struct TitleSlide {
  static constexpr const char kName[] = "title";

  std::string headline;
  std::string body;
  std::string kicker;  // small accent line above the headline
  Align align = Align::center;

  static TitleSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const TitleSlide& slide,
                    const SlideMoment& moment);
  // A title says the same at every moment.
  std::optional<LocalTime> preview_at() const { return std::nullopt; }
};

}  // namespace marquee
