// Sponsor wall geometry: balanced rows of cards, optically sized logos, and paging.
#include "core/sponsor_layout.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace marquee {
namespace {

// Cards are 2:1, a shape that suits both wide logos and emblems; a wall of few
// sponsors stops growing at kMaxCellHeight so one logo does not fill the screen.
constexpr double kCellAspect = 2.0;
constexpr double kMaxCellHeight = 260;
constexpr double kGap = 28;         // between cards
constexpr double kTierGap = 44;     // between one tier's cards and the next tier's heading
constexpr double kHeadingGap = 32;  // under the slide's heading
constexpr double kTierHeadingGap = 12;
constexpr double kPadding = 0.16;  // of the card's short side, on every side of a logo
constexpr double kLogoFill = 0.5;  // of the padded card's area, each logo's target area
// Each tier's cards are this much smaller than the tier above's, down to kSmallestTier,
// so a wall with Diamond and Platinum on one page shows who gave more.
constexpr double kTierStep = 0.8;
constexpr double kSmallestTier = 0.64;
// For the minimum-size check a wordmark counts as a logo of this shape, the usual
// shape of a name set in type: its text must be as legible as such a logo.
constexpr double kWordmarkAspect = 3.0;
constexpr double kFewerRowsCost = 0.8;  // cards may shrink to this share to save a row
constexpr double kSlack = 1e-6;

// Sponsors of one tier on one page, in order.
struct Group {
  int tier = 0;
  std::vector<int> indices;
  bool named = false;
  double scale = 1;  // of the page's cell size
};
using Groups = std::vector<Group>;

// Rows of at most `per_row` sponsors with counts that differ by at most one, the longer
// rows first: 7 in rows of 4 -> 4 + 3, 5 -> 3 + 2, never 4 + 1.
std::vector<int> balanced_rows(int count, int per_row) {
  const int rows = (count + per_row - 1) / per_row;
  std::vector<int> out;
  for (int r = 0; r < rows; ++r) out.push_back(count / rows + (r < count % rows ? 1 : 0));
  return out;
}

int columns(double cell_h, double width) {
  const double cell_w = cell_h * kCellAspect;
  return std::max(1, static_cast<int>(std::floor((width + kGap + kSlack) / (cell_w + kGap))));
}

double tier_band(const Theme& theme) {
  return sponsor_line_height(sponsor_tier_size(theme)) + kTierHeadingGap;
}

int group_rows(const Group& group, double cell_h, double width) {
  const int n = static_cast<int>(group.indices.size());
  return static_cast<int>(
      balanced_rows(n, std::min(n, columns(cell_h * group.scale, width))).size());
}

int total_rows(const Groups& groups, double cell_h, double width) {
  int total = 0;
  for (const Group& group : groups) total += group_rows(group, cell_h, width);
  return total;
}

double groups_height(const Groups& groups, double cell_h, double width, const Theme& theme) {
  double total = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto rows = static_cast<double>(group_rows(groups[g], cell_h, width));
    total += rows * cell_h * groups[g].scale + (rows - 1) * kGap;
    if (groups[g].named) total += tier_band(theme);
    if (g > 0) total += kTierGap;
  }
  return total;
}

// The largest h in [lo, hi] for which `ok` holds, given that it holds at lo and, once
// false, stays false for larger h.
template <class Ok>
double largest(double lo, double hi, Ok ok) {
  if (ok(hi)) return hi;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (ok(mid) ? lo : hi) = mid;
  }
  return lo;
}

double aspect_of(const LogoAspects& aspects, int tier, int index) {
  if (tier < 0 || static_cast<std::size_t>(tier) >= aspects.size()) return 0;
  const auto& row = aspects[static_cast<std::size_t>(tier)];
  if (index < 0 || static_cast<std::size_t>(index) >= row.size()) return 0;
  return row[static_cast<std::size_t>(index)];
}

bool legible(const SponsorPage& page, const LogoAspects& aspects) {
  return std::all_of(page.sponsors.begin(), page.sponsors.end(), [&](const SponsorPlace& p) {
    const bool wordmark = aspect_of(aspects, p.tier, p.index) <= 0;
    const Rect mark = wordmark ? optical_logo_box(kWordmarkAspect, p.cell) : p.mark;
    return mark.h + kSlack >= kMinLogoHeight && mark.w * mark.h + kSlack >= kMinLogoArea;
  });
}

SponsorPage place_at(const Groups& groups, const Rect& area, const LogoAspects& aspects,
                     const Theme& theme, double page_cell_h) {
  SponsorPage page;
  double y =
      area.y + std::max(0.0, (area.h - groups_height(groups, page_cell_h, area.w, theme)) / 2);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Group& group = groups[g];
    if (g > 0) y += kTierGap;
    if (group.named) {
      page.headings.push_back(
          {group.tier, {area.x, y, area.w, sponsor_line_height(sponsor_tier_size(theme))}});
      y += tier_band(theme);
    }
    const double cell_h = page_cell_h * group.scale;
    const double cell_w = cell_h * kCellAspect;
    const int n = static_cast<int>(group.indices.size());
    std::size_t next = 0;
    for (const int in_row : balanced_rows(n, std::min(n, columns(cell_h, area.w)))) {
      const double row_w = in_row * cell_w + (in_row - 1) * kGap;
      double x = area.x + (area.w - row_w) / 2;
      for (int i = 0; i < in_row; ++i, ++next) {
        const int index = group.indices[next];
        const Rect cell{x, y, cell_w, cell_h};
        page.sponsors.push_back({group.tier, index, cell,
                                 optical_logo_box(aspect_of(aspects, group.tier, index), cell)});
        x += cell_w + kGap;
      }
      y += cell_h + kGap;
    }
    y -= kGap;
  }
  return page;
}

// A page's cells are as big as fit. Height grows with the cell (bigger cells, fewer
// columns, more rows), so bisection finds the largest. Then fewer rows win if they cost
// at most a fifth of the size and keep every logo legible: 7 as 4 + 3 reads better
// than 3 + 2 + 2.
SponsorPage place(const Groups& groups, const Rect& area, const LogoAspects& aspects,
                  const Theme& theme) {
  const double hi = std::min(kMaxCellHeight, area.w / kCellAspect);
  double best = hi <= 0 ? 0 : largest(0, hi, [&](double h) {
    return groups_height(groups, h, area.w, theme) <= area.h;
  });
  SponsorPage page = place_at(groups, area, aspects, theme, best);
  for (;;) {
    const int rows = total_rows(groups, best, area.w);
    const double fewer =
        largest(0, best, [&](double h) { return total_rows(groups, h, area.w) < rows; });
    if (total_rows(groups, fewer, area.w) >= rows || fewer < best * kFewerRowsCost) return page;
    SponsorPage candidate = place_at(groups, area, aspects, theme, fewer);
    if (!legible(candidate, aspects)) return page;
    page = std::move(candidate);
    best = fewer;
  }
}

// `count` sponsors of a tier in `parts` balanced runs, the longer runs first.
std::vector<Group> split_tier(const Group& whole, int parts) {
  std::vector<Group> out;
  const int n = static_cast<int>(whole.indices.size());
  std::size_t next = 0;
  for (int p = 0; p < parts; ++p) {
    Group part{whole.tier, {}, whole.named, whole.scale};
    const int size = n / parts + (p < n % parts ? 1 : 0);
    for (int i = 0; i < size; ++i) part.indices.push_back(whole.indices[next++]);
    out.push_back(std::move(part));
  }
  return out;
}

}  // namespace

double sponsor_heading_size(const Theme& theme) {
  return theme.body_size;
}

double sponsor_tier_size(const Theme& theme) {
  return theme.caption_size;
}

double sponsor_line_height(double size) {
  return std::ceil(size * 1.25);
}

Rect optical_logo_box(double aspect, const Rect& cell) {
  const double pad = std::min(cell.w, cell.h) * kPadding;
  const Rect inner{cell.x + pad, cell.y + pad, std::max(0.0, cell.w - 2 * pad),
                   std::max(0.0, cell.h - 2 * pad)};
  if (aspect <= 0 || !std::isfinite(aspect) || inner.w <= 0 || inner.h <= 0) return inner;
  // Equal areas, not equal heights: a 4:1 logo at the height of a square one would
  // look four times as heavy.
  const double area = kLogoFill * inner.w * inner.h;
  double w = std::sqrt(area * aspect), h = std::sqrt(area / aspect);
  const double shrink = std::min({1.0, inner.w / w, inner.h / h});
  w *= shrink;
  h *= shrink;
  return {inner.x + (inner.w - w) / 2, inner.y + (inner.h - h) / 2, w, h};
}

SponsorWall lay_out_sponsor_wall(const SponsorsSlide& slide, const LogoAspects& aspects,
                                 const Theme& theme, const Rect& screen) {
  const Margins& m = theme.safe_area;
  const Rect safe{screen.x + m.left, screen.y + m.top, std::max(0.0, screen.w - m.left - m.right),
                  std::max(0.0, screen.h - m.top - m.bottom)};
  SponsorWall wall;
  wall.heading = {safe.x, safe.y, safe.w, 0};
  wall.area = safe;
  if (!slide.heading.empty()) {
    wall.heading.h = sponsor_line_height(sponsor_heading_size(theme));
    const double used = std::min(safe.h, wall.heading.h + kHeadingGap);
    wall.area = {safe.x, safe.y + used, safe.w, safe.h - used};
  }

  const auto fits = [&](const Groups& groups) {
    return legible(place(groups, wall.area, aspects, theme), aspects);
  };
  std::vector<Groups> pages;
  Groups current;
  double scale = 1;
  for (std::size_t t = 0; t < slide.tiers.size(); ++t) {
    const SponsorTier& tier = slide.tiers[t];
    if (tier.sponsors.empty()) continue;
    Group whole{static_cast<int>(t), {}, !tier.name.empty(), scale};
    scale = std::max(kSmallestTier, scale * kTierStep);
    for (std::size_t i = 0; i < tier.sponsors.size(); ++i)
      whole.indices.push_back(static_cast<int>(i));
    Groups joined = current;
    joined.push_back(whole);
    if (fits(joined)) {
      current = std::move(joined);
      continue;
    }
    if (!current.empty()) pages.push_back(std::exchange(current, {}));
    const int n = static_cast<int>(whole.indices.size());
    const auto all_fit = [&](const std::vector<Group>& parts) {
      return std::all_of(parts.begin(), parts.end(), [&](const Group& g) { return fits({g}); });
    };
    int parts = 1;
    auto split = split_tier(whole, parts);
    while (parts < n && !all_fit(split)) split = split_tier(whole, ++parts);
    if (!all_fit(split)) wall.fits = false;
    // The last part may share its page with the next tier, if that fits.
    for (std::size_t p = 0; p + 1 < split.size(); ++p) pages.push_back({split[p]});
    current = {split.back()};
  }
  if (!current.empty() || pages.empty()) pages.push_back(current);
  for (const Groups& groups : pages) wall.pages.push_back(place(groups, wall.area, aspects, theme));
  return wall;
}

int sponsor_page_at(Millis elapsed, Millis duration, int pages) {
  if (pages <= 1 || duration.count() <= 0 || elapsed.count() <= 0) return 0;
  return static_cast<int>(elapsed.count() * pages / duration.count() % pages);
}

Millis sponsor_page_end(Millis elapsed, Millis duration, int pages) {
  if (pages <= 1 || duration.count() <= 0) return Millis::max();
  // Page k of each round starts at the first ms e with e * pages / duration >= k.
  const auto turns = std::max<Millis::rep>(0, elapsed.count()) * pages / duration.count() + 1;
  return Millis{(turns * duration.count() + pages - 1) / pages};
}

std::vector<const Sponsor*> SponsorsSlide::sponsors_in_order() const {
  std::vector<const Sponsor*> out;
  for (const SponsorTier& tier : tiers)
    for (const Sponsor& sponsor : tier.sponsors) out.push_back(&sponsor);
  return out;
}

void SponsorsSlide::add_shown(const SponsorWall& wall, Millis from, Millis to, Millis duration,
                              std::span<Millis> shown) const {
  if (to <= from || shown.empty()) return;
  const auto count = static_cast<Millis::rep>(shown.size());
  if (spotlight.count() > 0) {
    // Turn k runs over [k * spotlight, (k + 1) * spotlight); before 0 it is the first turn.
    for (Millis t = from; t < to;) {
      const Millis::rep turn = t.count() <= 0 ? 0 : t.count() / spotlight.count();
      const Millis until = std::min(to, spotlight * (turn + 1));
      shown[static_cast<std::size_t>(turn % count)] += until - t;
      t = until;
    }
    return;
  }
  // Page k is up from the first elapsed instant e with e * pages / duration >= k, the same
  // integer rule as sponsor_page_at; the last page stays up past the duration (a hold).
  const int pages = static_cast<int>(wall.pages.size());
  const auto page_start = [&](int k) {
    if (k <= 0) return Millis::min();
    const Millis::rep d = duration.count();
    return Millis{(static_cast<Millis::rep>(k) * d + pages - 1) / pages};
  };
  const bool one_page = pages <= 1 || duration.count() <= 0;
  for (int k = 0; k < std::max(1, pages); ++k) {
    const Millis start = one_page ? Millis::min() : page_start(k);
    const Millis end = one_page || k == pages - 1 ? Millis::max() : page_start(k + 1);
    const Millis on_from = std::max(from, start), on_to = std::min(to, end);
    if (on_to > on_from && static_cast<std::size_t>(k) < wall.pages.size()) {
      for (const SponsorPlace& place : wall.pages[static_cast<std::size_t>(k)].sponsors) {
        std::size_t flat = static_cast<std::size_t>(place.index);
        for (int t = 0; t < place.tier; ++t)
          flat += tiers[static_cast<std::size_t>(t)].sponsors.size();
        if (flat < shown.size()) shown[flat] += on_to - on_from;
      }
    }
    if (one_page) break;
  }
}

}  // namespace marquee
