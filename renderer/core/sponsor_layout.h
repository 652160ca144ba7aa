// Where a sponsor wall's logos go: balanced rows, optically sized logos, and pages when they do not
// fit.
#pragma once

#include <vector>

#include "core/show.h"

namespace marquee {

// Pure geometry in virtual pixels, shared by the painter and by validate, so the
// warning "shown as 2 pages" describes exactly what the screen will do.

// Sponsors pay for the screens: no logo is drawn smaller than this. On a 55" 1080p
// screen a virtual pixel is about 0.63 mm, so the floor is a logo at least 3 cm tall
// with at least the area of an 11.3 x 4 cm box (a square logo: 6.8 x 6.8 cm).
inline constexpr double kMinLogoHeight = 48;
inline constexpr double kMinLogoArea = 180.0 * 64;

// The heading lines above the wall; their heights are fixed shares of the theme's
// sizes, not measured, so validate and the painter agree without fonts.
double sponsor_heading_size(const Theme& theme);
double sponsor_tier_size(const Theme& theme);
double sponsor_line_height(double size);

struct SponsorPlace {
  int tier = 0;   // into SponsorsSlide::tiers
  int index = 0;  // into that tier's sponsors
  Rect cell;      // the sponsor's card
  Rect mark;      // its logo, optically sized and centred; for a wordmark the text's box
};

struct TierHeadingPlace {
  int tier = 0;
  Rect box;
};

struct SponsorPage {
  std::vector<TierHeadingPlace> headings;
  std::vector<SponsorPlace> sponsors;
};

struct SponsorWall {
  Rect heading;                    // the slide's heading line; zero height without one
  Rect area;                       // below the heading, where the tiers go
  std::vector<SponsorPage> pages;  // at least one
  // False when some sponsor is below the minimum size even alone on a page (a tiny
  // or very tall screen); the wall is still laid out as well as it can be.
  bool fits = true;
};

// Each logo's shape as width / height, per tier and sponsor, in slide order; 0 for a
// wordmark (or a logo whose shape is unknown), which fills its card.
using LogoAspects = std::vector<std::vector<double>>;

// Lays the wall out in `screen` (the whole virtual canvas) inside the theme's safe area.
// Whole tiers share a page while they fit; a tier that cannot fit alone is split into
// the fewest balanced pages (30 -> 15 + 15) on which every logo is at least the minimum.
SponsorWall lay_out_sponsor_wall(const SponsorsSlide& slide, const LogoAspects& aspects,
                                 const Theme& theme, const Rect& screen);

// The logo of shape `aspect` in a card: every logo gets about the same area, so a
// wide wordmark-style logo and a square emblem carry similar weight, within padding.
Rect optical_logo_box(double aspect, const Rect& cell);

// The page on screen `elapsed` into a slide of `duration`: equal shares, in order, and
// round again for a wall an operator holds on air past its duration.
int sponsor_page_at(Millis elapsed, Millis duration, int pages);
// When the page on screen `elapsed` into the slide gives way to the next one.
Millis sponsor_page_end(Millis elapsed, Millis duration, int pages);

}  // namespace marquee
