// The sponsors slide kind: a wall of sponsors grouped by tier, or one at a time in a spotlight.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/kind.h"

namespace marquee {

struct SponsorWall;  // core/sponsor_layout.h

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

  // Proof of play. Sponsors in slide order (tiers, then their sponsors): the index that
  // add_shown uses.
  std::vector<const Sponsor*> sponsors_in_order() const;
  // Adds to shown[i] how long sponsor i was on screen over [from, to) of a turn on air that
  // lasts `duration` (the moment's duration): on the page of `wall` that sponsor_page_at
  // puts up at each instant, or in its spotlight turn (elapsed / spotlight). `shown` has
  // one entry per sponsor. Exact to the millisecond, as the painter pages and turns.
  void add_shown(const SponsorWall& wall, Millis from, Millis to, Millis duration,
                 std::span<Millis> shown) const;
};

}  // namespace marquee
