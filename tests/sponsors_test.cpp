// Sponsor walls: YAML and its diagnostics, the grid and paging rules, and golden renders.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "config/loader.h"
#include "core/sponsor_layout.h"
#include "golden.h"
#include "headless.h"
#include "render/draw_list.h"
#include "render/painters.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;
using headless::demo_show;
using headless::on_air;

const fs::path kLogos = fs::path(MARQUEE_TEST_DATA) / "sponsors";

// Diagnostics of a playlist that sits next to the test logos.
config::ShowResult load(std::string_view yaml) {
  return config::load_show_from_string(yaml, kLogos / "p.yaml");
}

Lines diagnostics(std::string_view yaml) {
  Lines out;
  for (const auto& d : load(yaml).diagnostics) out.push_back(format(d));
  return out;
}

std::string path(const std::string& name) {
  return (kLogos / name).string();
}

// ---- YAML ----

TEST(SponsorsConfig, ReadsTiersWordmarksLogosAndSpotlight) {
  const auto result = load(R"(slides:
  - id: diamond
    duration: 30s
    sponsors:
      heading: "Thank you to our Diamond sponsors"
      spotlight: 5s
      tiers:
        - name: Diamond
          sponsors: [AMD, "Cloud Native Computing Foundation"]
        - name: Platinum
          sponsors:
            - { name: Wide Co, logo: wide.svg }
            - { name: Square Co, logo: square.png, background: "#FFFFFF" }
)");
  ASSERT_EQ(result.diagnostics.size(), 0u) << format(result.diagnostics.front());
  const auto& wall = std::get<SponsorsSlide>(result.show->slides.at(0).content);
  EXPECT_EQ(wall.heading, "Thank you to our Diamond sponsors");
  EXPECT_EQ(wall.spotlight, Millis{5000});
  ASSERT_EQ(wall.tiers.size(), 2u);
  EXPECT_EQ(wall.tiers[0].name, "Diamond");
  ASSERT_EQ(wall.tiers[0].sponsors.size(), 2u);
  EXPECT_EQ(wall.tiers[0].sponsors[1].name, "Cloud Native Computing Foundation");
  EXPECT_TRUE(wall.tiers[0].sponsors[1].logo.empty());
  EXPECT_EQ(wall.tiers[1].sponsors[0].logo, kLogos / "wide.svg");
  EXPECT_EQ(wall.tiers[1].sponsors[1].background, (Color{255, 255, 255, 255}));
  EXPECT_EQ(wall.where.line, 4);
  EXPECT_EQ(wall.where.column, 5);
}

TEST(SponsorsConfig, PositionedErrors) {
  const std::string p = path("p.yaml");
  EXPECT_EQ(diagnostics("slides:\n  - sponsors: { heading: Hi }\n"),
            Lines{p + ":2:15: error: sponsors slide needs 'tiers', a list like - { name: Diamond, "
                      "sponsors: [...] }"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      tiers: []\n"),
            Lines{p + ":3:14: error: 'tiers' is empty; add a tier with its sponsors"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      tiers:\n        - name: Diamond\n"
                        "          sponsors: []\n"),
            Lines{p + ":5:21: error: tier 'Diamond' has no sponsors; add at least one"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      tiers:\n        - name: Diamond\n"),
            Lines{p + ":4:11: error: tier 'Diamond' needs 'sponsors', a list of names or logos"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      tiers:\n        - sponsors:\n"
                        "            - { name: Arm, logo: arm.svg }\n"),
            Lines{p + ":5:34: error: file not found: arm.svg"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      tiers:\n        - sponsors:\n"
                        "            - { name: Arm, logoo: wide.svg }\n"),
            Lines{p + ":5:28: error: unknown key 'logoo' (did you mean 'logo'?)"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      tiers:\n        - sponsors:\n"
                        "            - { logo: wide.svg }\n"),
            Lines{p + ":5:15: error: sponsor needs a 'name' (shown when there is no logo, and in "
                      "logs)"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      spotlight: 0s\n      tiers:\n"
                        "        - sponsors: [AMD]\n"),
            Lines{p + ":3:18: error: duration must be greater than zero, got '0s'"});
  EXPECT_EQ(diagnostics("slides:\n  - sponsors:\n      tiers:\n        - sponsors: [[AMD]]\n"),
            Lines{p + ":4:22: error: 'sponsor' must be a name, or a map like { name: Arm, logo: "
                      "arm.svg }, got a list"});
}

TEST(SponsorsConfig, TooManySponsorsForOneSlide) {
  std::string yaml = "slides:\n  - sponsors:\n      tiers:\n        - sponsors: [";
  for (int i = 0; i < 61; ++i) yaml += (i ? ", S" : "S") + std::to_string(i);
  yaml += "]\n";
  EXPECT_EQ(diagnostics(yaml),
            Lines{path("p.yaml") + ":3:7: error: 61 sponsors on one slide; at most 60 fit, so "
                                   "split them over more slides"});
}

std::string wall_of(int count, std::string_view duration, std::string_view logo = {}) {
  std::string yaml = "slides:\n  - duration: " + std::string(duration) +
                     "\n    sponsors:\n      tiers:\n        - name: Gold\n          sponsors:\n";
  for (int i = 0; i < count; ++i) {
    yaml += "            - { name: S" + std::to_string(i);
    if (!logo.empty()) yaml += ", logo: " + std::string(logo);
    yaml += " }\n";
  }
  return yaml;
}

TEST(SponsorsConfig, ValidateWarnsWhenAWallNeedsPages) {
  EXPECT_EQ(diagnostics(wall_of(30, "14s", "square.png")),
            Lines{path("p.yaml") +
                  ":3:5: warning: sponsors do not fit on one page; shown as 2 pages of 7s each"});
  EXPECT_EQ(diagnostics(wall_of(30, "10s")),
            Lines{path("p.yaml") +
                  ":3:5: warning: sponsors do not fit on one page; shown as 2 pages of 5s each"});
  EXPECT_EQ(diagnostics(wall_of(12, "10s", "wide.svg")), Lines{});
  EXPECT_TRUE(load(wall_of(30, "10s")).ok()) << "a warning does not stop the show";
}

TEST(SponsorsConfig, ValidateWarnsWhenTheSpotlightRunsOutOfTime) {
  EXPECT_EQ(diagnostics("slides:\n  - duration: 10s\n    sponsors:\n      spotlight: 5s\n"
                        "      tiers:\n        - sponsors: [A, B, C, D, E, F]\n"),
            Lines{path("p.yaml") +
                  ":3:5: warning: the spotlight shows only 2 of 6 sponsors in this slide's 10s; "
                  "make the slide 30s long or the spotlight shorter"});
  EXPECT_EQ(diagnostics("slides:\n  - duration: 30s\n    sponsors:\n      spotlight: 5s\n"
                        "      tiers:\n        - sponsors: [A, B, C, D, E, F]\n"),
            Lines{});
}

// ---- the grid ----

Sponsor sponsor(std::string name, fs::path logo = {}) {
  Sponsor out;
  out.name = std::move(name);
  out.logo = std::move(logo);
  return out;
}

const Rect kScreen{0, 0, 1920, 1080};

SponsorsSlide wall(std::vector<int> tier_sizes, std::string heading = "Thank you") {
  SponsorsSlide slide;
  slide.heading = std::move(heading);
  for (std::size_t t = 0; t < tier_sizes.size(); ++t) {
    SponsorTier tier{"Tier " + std::to_string(t), {}};
    for (int i = 0; i < tier_sizes[t]; ++i)
      tier.sponsors.push_back(sponsor("S" + std::to_string(i)));
    slide.tiers.push_back(std::move(tier));
  }
  return slide;
}

LogoAspects aspects_of(const SponsorsSlide& slide, double aspect) {
  LogoAspects out;
  for (const auto& tier : slide.tiers) out.emplace_back(tier.sponsors.size(), aspect);
  return out;
}

// Row sizes of a page's cards, top to bottom.
std::vector<int> rows(const SponsorPage& page) {
  std::vector<int> out;
  double y = -1;
  for (const auto& place : page.sponsors) {
    if (place.cell.y != y) out.push_back(0);
    y = place.cell.y;
    ++out.back();
  }
  return out;
}

bool inside(const Rect& inner, const Rect& outer) {
  constexpr double e = 1e-6;
  return inner.x >= outer.x - e && inner.y >= outer.y - e &&
         inner.x + inner.w <= outer.x + outer.w + e && inner.y + inner.h <= outer.y + outer.h + e;
}

bool overlap(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

TEST(SponsorGrid, RowsAreBalanced) {
  const Theme theme;
  const auto rows_for = [&](int n) {
    const auto slide = wall({n});
    return rows(lay_out_sponsor_wall(slide, aspects_of(slide, 0), theme, kScreen).pages.at(0));
  };
  EXPECT_EQ(rows_for(1), (std::vector<int>{1}));
  EXPECT_EQ(rows_for(6), (std::vector<int>{3, 3}));
  EXPECT_EQ(rows_for(7), (std::vector<int>{4, 3}));
  EXPECT_EQ(rows_for(10), (std::vector<int>{4, 3, 3}));
}

// Every count from 1 to 30, in wordmarks, square and very wide logos: cards inside the
// safe area and apart, logos inside their cards at their own shape and never below the
// minimum, rows balanced, and every sponsor shown exactly once, in order.
TEST(SponsorGrid, AnyCountFrom1To30KeepsEveryPromise) {
  Theme theme;
  theme.safe_area = {110, 90, 110, 90};
  const Rect safe{110, 90, 1700, 900};
  for (const double aspect : {0.0, 1.0, 6.0}) {
    for (int n = 1; n <= 30; ++n) {
      SCOPED_TRACE("aspect " + std::to_string(aspect) + ", " + std::to_string(n) + " sponsors");
      const auto slide = wall({n});
      const auto layout = lay_out_sponsor_wall(slide, aspects_of(slide, aspect), theme, kScreen);
      ASSERT_TRUE(layout.fits);
      int next = 0;
      for (const auto& page : layout.pages) {
        const auto counts = rows(page);
        EXPECT_LE(*std::max_element(counts.begin(), counts.end()) -
                      *std::min_element(counts.begin(), counts.end()),
                  1);
        EXPECT_TRUE(std::is_sorted(counts.rbegin(), counts.rend()));
        for (std::size_t i = 0; i < page.sponsors.size(); ++i) {
          const auto& p = page.sponsors[i];
          EXPECT_EQ(p.index, next++);
          EXPECT_TRUE(inside(p.cell, layout.area));
          EXPECT_TRUE(inside(p.mark, p.cell));
          if (aspect > 0) {
            EXPECT_NEAR(p.mark.w / p.mark.h, aspect, 1e-9);
          }
          EXPECT_GE(p.mark.h, aspect > 0 ? kMinLogoHeight : 0);
          EXPECT_GE(p.mark.w * p.mark.h, aspect > 0 ? kMinLogoArea : 0);
          for (std::size_t j = 0; j < i; ++j) EXPECT_FALSE(overlap(p.cell, page.sponsors[j].cell));
        }
        EXPECT_TRUE(inside(layout.area, safe));
      }
      EXPECT_EQ(next, n);
    }
  }
}

TEST(SponsorGrid, WideAndSquareLogosGetSimilarAreas) {
  const Rect cell{0, 0, 500, 250};
  const Rect square = optical_logo_box(1, cell);
  const Rect wide = optical_logo_box(4, cell);
  EXPECT_NEAR(square.w / square.h, 1, 1e-9);
  EXPECT_NEAR(wide.w / wide.h, 4, 1e-9);
  const double ratio = (wide.w * wide.h) / (square.w * square.h);
  EXPECT_GT(ratio, 0.8);
  EXPECT_LT(ratio, 1.25);
  // Equal heights would have made the wide one four times as heavy.
  EXPECT_LT(wide.h, square.h * 0.75);
}

TEST(SponsorGrid, ThirtyLogosSplitIntoTwoBalancedPagesShownInTurn) {
  Theme theme;
  theme.safe_area = {110, 90, 110, 90};
  const auto slide = wall({30});
  const auto layout = lay_out_sponsor_wall(slide, aspects_of(slide, 1), theme, kScreen);
  ASSERT_EQ(layout.pages.size(), 2u);
  EXPECT_EQ(layout.pages[0].sponsors.size(), 15u);
  EXPECT_EQ(layout.pages[1].sponsors.size(), 15u);
  EXPECT_EQ(layout.pages[1].headings.at(0).tier, 0) << "a split tier keeps its heading";
  EXPECT_EQ(sponsor_page_at(Millis{0}, Millis{14'000}, 2), 0);
  EXPECT_EQ(sponsor_page_at(Millis{6'999}, Millis{14'000}, 2), 0);
  EXPECT_EQ(sponsor_page_at(Millis{7'000}, Millis{14'000}, 2), 1);
  EXPECT_EQ(sponsor_page_end(Millis{0}, Millis{14'000}, 2), Millis{7'000});
  EXPECT_EQ(sponsor_page_end(Millis{7'000}, Millis{14'000}, 2), Millis{14'000});
  // Held on air past its duration, the wall goes round its pages again.
  EXPECT_EQ(sponsor_page_at(Millis{20'000}, Millis{14'000}, 2), 0);
  EXPECT_EQ(sponsor_page_at(Millis{21'000}, Millis{14'000}, 2), 1);
  EXPECT_EQ(sponsor_page_end(Millis{20'000}, Millis{14'000}, 2), Millis{21'000});
}

TEST(SponsorGrid, WholeTiersShareAPageAndLowerTiersAreSmaller) {
  Theme theme;
  const auto both = wall({6, 4});
  const auto layout = lay_out_sponsor_wall(both, aspects_of(both, 0), theme, kScreen);
  ASSERT_EQ(layout.pages.size(), 1u);
  const auto& page = layout.pages[0];
  ASSERT_EQ(page.headings.size(), 2u);
  EXPECT_LT(page.sponsors.back().cell.h, page.sponsors.front().cell.h);
  EXPECT_GT(page.headings[1].box.y, page.sponsors[5].cell.y + page.sponsors[5].cell.h);
  // A tier that does not fit with the one above moves to its own page whole.
  const auto big = wall({12, 8});
  const auto paged = lay_out_sponsor_wall(big, aspects_of(big, 1), theme, kScreen);
  ASSERT_EQ(paged.pages.size(), 2u);
  EXPECT_EQ(paged.pages[0].sponsors.size(), 12u);
  EXPECT_EQ(paged.pages[1].sponsors.front().tier, 1);
}

// ---- painting ----

TEST(SponsorsPainter, SpotlightShowsOneSponsorAtATimeWithItsTier) {
  auto slide = wall({3, 2});
  slide.spotlight = Millis{5000};
  const auto texts_at = [&](Millis elapsed) {
    render::ListCanvas canvas;
    SponsorsSlide::paint(canvas, demo_show().theme, slide,
                         {elapsed, Millis{25'000}, LocalTime{}, Instant{}});
    return canvas.texts();
  };
  EXPECT_EQ(texts_at(Millis{0}), (Lines{"Thank you", "Tier 0", "S0"}));
  EXPECT_EQ(texts_at(Millis{4'999}), (Lines{"Thank you", "Tier 0", "S0"}));
  EXPECT_EQ(texts_at(Millis{5'000}), (Lines{"Thank you", "Tier 0", "S1"}));
  EXPECT_EQ(texts_at(Millis{16'000}), (Lines{"Thank you", "Tier 1", "S0"}));
  EXPECT_EQ(texts_at(Millis{25'000}), (Lines{"Thank you", "Tier 0", "S0"})) << "wraps around";
}

TEST(SponsorsPainter, UnreadableLogoFallsBackToTheSponsorsName) {
  SponsorsSlide slide = wall({1});
  slide.tiers[0].sponsors[0] = sponsor("Arm", "/nowhere/arm.svg");
  render::ListCanvas canvas;
  SponsorsSlide::paint(canvas, demo_show().theme, slide, {});
  const auto texts = canvas.texts();
  EXPECT_NE(std::find(texts.begin(), texts.end(), "Arm"), texts.end());
}

class SponsorsGolden : public headless::Renders {
 protected:
  SDL_Surface* render_wall(SponsorsSlide slide, Millis elapsed, Millis duration = Millis{14'000}) {
    Show show = demo_show();
    Slide s;
    s.id = "sponsors";
    s.duration = duration;
    s.content = std::move(slide);
    show.slides.push_back(std::move(s));
    return render(show, on_air(0, elapsed));
  }
};

SponsorsSlide diamond() {
  SponsorsSlide slide;
  slide.heading = "Thank you to our Diamond sponsors";
  SponsorTier tier{"Diamond", {}};
  for (const char* name :
       {"AMD", "Cloud Native Computing Foundation", "IBM", "Intel", "Lightning AI", "Meta"})
    tier.sponsors.push_back(sponsor(name));
  slide.tiers.push_back(tier);
  return slide;
}

TEST_F(SponsorsGolden, SixWordmarks) {
  EXPECT_TRUE(golden::matches_golden(render_wall(diamond(), Millis{0}), "sponsors_wordmarks"));
}

TEST_F(SponsorsGolden, MixedWideAndSquareLogoFiles) {
  SponsorsSlide slide;
  slide.heading = "Thank you to our sponsors";
  slide.tiers.push_back(
      {"Platinum",
       {sponsor("Wide Co", kLogos / "wide.svg"), sponsor("Square Co", kLogos / "square.png"),
        sponsor("Wide Too", kLogos / "wide.svg"), sponsor("Plain Words"),
        sponsor("Square Too", kLogos / "square.png")}});
  slide.tiers.push_back(
      {"Gold",
       {sponsor("Square Co", kLogos / "square.png"), sponsor("Wide Co", kLogos / "wide.svg")}});
  EXPECT_TRUE(golden::matches_golden(render_wall(slide, Millis{0}), "sponsors_logos"));
}

TEST_F(SponsorsGolden, ThirtySponsorsInTwoPages) {
  SponsorsSlide slide;
  slide.heading = "Thank you to our community sponsors";
  SponsorTier tier{"Community", {}};
  for (int i = 1; i <= 30; ++i)
    tier.sponsors.push_back(sponsor("Sponsor " + std::to_string(i), i % 3 == 0 ? kLogos / "wide.svg"
                                                                    : i % 3 == 1
                                                                        ? kLogos / "square.png"
                                                                        : fs::path{}));
  slide.tiers.push_back(std::move(tier));
  SDL_Surface* first = render_wall(slide, Millis{1'000});
  SDL_Surface* second = render_wall(slide, Millis{8'000});
  EXPECT_TRUE(golden::matches_golden(first, "sponsors_paged_1"));
  EXPECT_TRUE(golden::matches_golden(second, "sponsors_paged_2"));
  EXPECT_FALSE(golden::identical(first, second));
}

TEST_F(SponsorsGolden, SpotlightAtTwoTimes) {
  SponsorsSlide slide = diamond();
  slide.spotlight = Millis{5'000};
  SDL_Surface* first = render_wall(slide, Millis{2'000}, Millis{30'000});
  SDL_Surface* second = render_wall(slide, Millis{7'000}, Millis{30'000});
  EXPECT_TRUE(golden::matches_golden(first, "sponsors_spotlight_1"));
  EXPECT_TRUE(golden::matches_golden(second, "sponsors_spotlight_2"));
}

}  // namespace
}  // namespace marquee
