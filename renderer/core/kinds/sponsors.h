// The sponsors slide kind: a wall of sponsors grouped by tier, or one at a time in a spotlight.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/kind.h"

namespace marquee {

// One sponsor: a logo file (PNG or SVG), or a text wordmark when there is none.
struct Sponsor {
  std::string name;
  std::filesystem::path logo;       // absolute; empty means wordmark
  std::optional<Color> background;  // the card behind the logo; the theme's panel if unset
};

struct SponsorTier {
  std::string name;  // "Diamond", "Platinum", ...
  std::vector<Sponsor> sponsors;
};

struct SponsorsSlide {
  static constexpr const char kName[] = "sponsors";

  std::string heading;  // optional line above the wall
  std::vector<SponsorTier> tiers;
  Millis spotlight{0};  // > 0: one sponsor at a time, each for this long
  SourcePos where;      // the 'sponsors' key, for warnings that need the whole show

  static SponsorsSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const SponsorsSlide& slide,
                    const SlideMoment& moment);
  std::optional<LocalTime> preview_at() const { return std::nullopt; }
  // Needs the theme and the slide's duration: warns when the wall needs pages or a
  // spotlight runs out of time. Defined beside the reader.
  void check(config::detail::Sink& sink, const Show& show, const Slide& slide) const;
};

}  // namespace marquee
