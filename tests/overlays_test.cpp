// Overlays: the playlist's 'overlays:' key, where the ticker, clock and logo bug go, and how the
// crawl moves.
#include <gtest/gtest.h>

#include <algorithm>

#include "config/loader.h"
#include "golden.h"
#include "headless.h"
#include "render/draw_list.h"
#include "render/painters.h"
#include "render/stage.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;
using headless::demo_show;
using headless::on_air;
using render::DrawOp;

const fs::path kImages = fs::path(MARQUEE_TEST_DATA) / "images";
constexpr std::string_view kSlide = "slides:\n  - title: { headline: Hi }\n";

config::ShowResult load(const std::string& overlays) {
  return config::load_show_from_string(std::string(kSlide) + overlays,
                                       kImages.parent_path() / "p.yaml");
}

Lines diagnostics(const std::string& overlays) {
  Lines out;
  for (const auto& d : load(overlays).diagnostics) out.push_back(format(d));
  return out;
}

// ---- YAML ----

TEST(OverlaysConfig, ReadsTickerClockAndLogo) {
  const auto result = load(R"(overlays:
  ticker: { messages: ["Share your photos with #PyTorchConf", "Sponsor showcase"], speed: 90 }
  clock: { corner: top-left, format: 24h }
  logo: { corner: top-right, file: images/logo.svg }
)");
  ASSERT_TRUE(result.ok()) << format(result.diagnostics.front());
  const Overlays& o = result.show->overlays;
  ASSERT_TRUE(o.ticker && o.clock && o.logo);
  EXPECT_EQ(o.ticker->messages, (Lines{"Share your photos with #PyTorchConf", "Sponsor showcase"}));
  EXPECT_EQ(o.ticker->speed, 90);
  EXPECT_EQ(o.clock->corner, Corner::top_left);
  EXPECT_FALSE(o.clock->twelve_hour);
  EXPECT_EQ(o.logo->corner, Corner::top_right);
  EXPECT_EQ(o.logo->file, kImages / "logo.svg");
}

TEST(OverlaysConfig, DefaultsAndNoOverlays) {
  EXPECT_FALSE(load("").show->overlays.clock);
  const auto result = load("overlays:\n  clock:\n  ticker: { messages: Hello }\n");
  ASSERT_TRUE(result.show->overlays.clock);
  EXPECT_EQ(result.show->overlays.clock->corner, Corner::top_right);
  EXPECT_TRUE(result.show->overlays.clock->twelve_hour);
  EXPECT_EQ(result.show->overlays.ticker->messages, Lines{"Hello"});
  EXPECT_EQ(result.show->overlays.ticker->speed, 120);
}

TEST(OverlaysConfig, PositionedErrors) {
  const std::string p = (kImages.parent_path() / "p.yaml").string();
  EXPECT_EQ(diagnostics("overlays:\n  ticker: { speed: 100 }\n"),
            Lines{p + ":4:11: error: 'ticker' needs 'messages', a list of lines to crawl"});
  EXPECT_EQ(diagnostics("overlays:\n  ticker: { messages: [Hi, \"  \"] }\n"),
            Lines{p + ":4:28: error: ticker message is empty"});
  EXPECT_EQ(diagnostics("overlays:\n  ticker: { messages: [Hi], speed: 0 }\n"),
            Lines{p + ":4:36: error: 'speed' must be a number from 10 to 1000, got '0'"});
  EXPECT_EQ(diagnostics("overlays:\n  clock: { corner: top-rigth }\n"),
            Lines{p + ":4:20: error: unknown corner 'top-rigth' (did you mean 'top-right'?)"});
  EXPECT_EQ(diagnostics("overlays:\n  clock: { format: 36h }\n"),
            Lines{p + ":4:20: error: unknown clock format '36h'; use one of: 12h, 24h"});
  EXPECT_EQ(
      diagnostics("overlays:\n  clock: {}\n  logo: { corner: top-right, file: images/logo.svg }\n"),
      Lines{p + ":5:19: error: the clock and the logo bug are both in the top-right corner; "
                "move one"});
  EXPECT_EQ(
      diagnostics("overlays:\n  ticker: { messages: [Hi] }\n  clock: { corner: bottom-right }\n"),
      Lines{p + ":5:20: error: the ticker runs along the bottom; put the clock in a top "
                "corner"});
  EXPECT_EQ(diagnostics("overlays:\n  logo: {}\n"),
            Lines{p + ":4:3: warning: the logo bug has no 'file' and the theme has no logo, so it "
                      "is hidden"});
  EXPECT_EQ(diagnostics("overlays:\n  tickr: { messages: [Hi] }\n"),
            Lines{p + ":4:3: error: unknown key 'tickr' (did you mean 'ticker'?)"});
}

// ---- placement, on the recording canvas ----

Show show_with_overlays() {
  Show show = demo_show();
  show.theme.logo = kImages / "logo.svg";
  show.overlays.ticker = TickerOverlay{
      {"Share your photos with #PyTorchConf", "Sponsor showcase: Gateway Pavilion, Pier 2"}, 120};
  show.overlays.clock = ClockOverlay{Corner::top_right, true};
  show.overlays.logo = LogoOverlay{{}, Corner::top_left};
  Slide slide;
  slide.id = "welcome";
  slide.content = TitleSlide{"Welcome to PyTorch Conference 2024", "", "", Align::center};
  show.slides.push_back(slide);
  slide.id = "thanks";
  slide.content = TitleSlide{"Thank you", "", "", Align::center};
  show.slides.push_back(slide);
  return show;
}

// An instant at a venue wall-clock time of day (the tests' venue is on UTC).
Instant at(int hour, int minute, int second = 0, int ms = 0) {
  return Instant{std::chrono::hours{24 * 19984 + hour} + std::chrono::minutes{minute} +
                 std::chrono::seconds{second} + Millis{ms}};
}

std::vector<DrawOp> overlay_ops(const Show& show, const Frame& frame) {
  render::ListCanvas canvas;
  canvas.add_image(kImages / "logo.svg", {300, 100});
  render::paint_overlays(canvas, show, frame.incoming);
  return canvas.ops();
}

bool drew_text(const std::vector<DrawOp>& ops, const std::string& text) {
  return std::any_of(ops.begin(), ops.end(), [&](const DrawOp& op) {
    return op.kind == DrawOp::Kind::text && op.text == text;
  });
}

TEST(OverlaysPainter, ClockShowsVenueTime) {
  Show show = show_with_overlays();
  EXPECT_TRUE(drew_text(overlay_ops(show, on_air(0, {}, at(15, 45, 59))), "3:45 PM"));
  EXPECT_TRUE(drew_text(overlay_ops(show, on_air(0, {}, at(0, 5))), "12:05 AM"));
  EXPECT_TRUE(drew_text(overlay_ops(show, on_air(0, {}, at(12, 0))), "12:00 PM"));
  show.overlays.clock->twelve_hour = false;
  EXPECT_TRUE(drew_text(overlay_ops(show, on_air(0, {}, at(9, 7))), "09:07"));
  EXPECT_TRUE(drew_text(overlay_ops(show, on_air(0, {}, at(15, 45))), "15:45"));
}

// Slides own the safe area; overlays stay in its margins, clear of each other.
TEST(OverlaysPainter, EverythingStaysInTheSafeAreaMargins) {
  const Show show = show_with_overlays();
  const Margins& safe = show.theme.safe_area;
  for (const DrawOp& op : overlay_ops(show, on_air(0, {}, at(15, 45)))) {
    if (op.kind != DrawOp::Kind::fill && op.kind != DrawOp::Kind::image &&
        op.kind != DrawOp::Kind::text)
      continue;
    SCOPED_TRACE(op.text);
    const double top = op.rect.y, bottom = op.rect.y + op.rect.h;
    EXPECT_TRUE(bottom <= safe.top || top >= 1080 - safe.bottom) << top << ".." << bottom;
    EXPECT_GE(bottom, 0);
    EXPECT_LE(bottom, 1080);
  }
  // Ticker copies run past the band's ends, clipped to it.
  const auto ops = overlay_ops(show, on_air(0, {}, at(15, 45)));
  const auto clip = std::find_if(ops.begin(), ops.end(),
                                 [](const DrawOp& op) { return op.kind == DrawOp::Kind::clip; });
  ASSERT_NE(clip, ops.end());
  EXPECT_EQ(clip->rect.x, safe.left);
  EXPECT_EQ(clip->rect.x + clip->rect.w, 1920 - safe.right);
  const auto logo = std::find_if(ops.begin(), ops.end(),
                                 [](const DrawOp& op) { return op.kind == DrawOp::Kind::image; });
  ASSERT_NE(logo, ops.end()) << "the logo bug defaults to the theme's logo";
  EXPECT_EQ(logo->text, (kImages / "logo.svg").string());
  EXPECT_EQ(logo->rect.x, safe.left);
}

// The desk's lower third sits in the safe area, the ticker in the margin below it: however
// thin a theme's bottom margin, landscape or portrait, the bar never goes under the band.
TEST(OverlaysPainter, ALowerThirdIsNeverDrawnUnderTheTicker) {
  using namespace std::chrono_literals;
  for (const double bottom : {0.0, 24.0, 60.0, 120.0})
    for (const render::Size screen : {render::Size{1920, 1080}, render::Size{1080, 1920}}) {
      SCOPED_TRACE(std::to_string(bottom) + " px margin, " + std::to_string(screen.w) + " wide");
      Show show = show_with_overlays();
      show.theme.safe_area.bottom = bottom;
      Frame frame = on_air(0, {}, at(15, 45));
      auto stage = std::make_shared<StageState>();
      stage->lower_third =
          LowerThird{"Matt White, with a name long enough to wrap on a narrow screen",
                     "Executive Director, PyTorch Foundation", frame.now - 10s};
      frame.stage = stage;
      render::ListCanvas list(screen);
      render::paint(list, show, frame);
      const Rect band = render::ticker_band(show.theme, screen);
      const Rect bar = render::lower_third_box(list, show.theme, *stage->lower_third);
      EXPECT_GT(bar.h, 0);
      EXPECT_LE(bar.y + bar.h, band.y);
      // The painted frame has both, where these say: the band's fill and the bar's text.
      bool band_drawn = false, name_drawn = false;
      for (const DrawOp& op : list.list().ops()) {
        if (op.kind == DrawOp::Kind::fill && op.rect.y == band.y && op.rect.h == band.h)
          band_drawn = true;
        if (op.kind == DrawOp::Kind::text && op.text.starts_with("Matt White")) {
          name_drawn = true;
          EXPECT_LE(op.rect.y + op.rect.h, band.y) << op.text;
        }
      }
      EXPECT_TRUE(band_drawn);
      EXPECT_TRUE(name_drawn);
    }
}

TEST(OverlaysPainter, ASlideCanOptOut) {
  Show show = show_with_overlays();
  render::ListCanvas with;
  render::paint(with, show, on_air(0, {}, at(15, 45)));
  EXPECT_NE(std::find(with.texts().begin(), with.texts().end(), "3:45 PM"), with.texts().end());
  show.slides[0].overlays = false;
  render::ListCanvas without;
  render::paint(without, show, on_air(0, {}, at(15, 45)));
  const auto texts = without.texts();
  EXPECT_EQ(std::find(texts.begin(), texts.end(), "3:45 PM"), texts.end());
}

// ---- the crawl, rendered ----

class Ticker : public headless::Renders {
 protected:
  Show show_ = show_with_overlays();

  // The bottom margin, where the ticker is.
  backends::SurfacePtr band(SDL_Surface* frame) {
    const int top = frame->h * 990 / 1080;
    backends::SurfacePtr part(
        SDL_CreateRGBSurfaceWithFormat(0, frame->w, frame->h - top, 32, frame->format->format));
    SDL_Rect src{0, top, frame->w, frame->h - top};
    SDL_BlitSurface(frame, &src, part.get(), nullptr);
    return part;
  }
};

TEST_F(Ticker, GoldensAtTwoTimes) {
  SDL_Surface* first = render(show_, on_air(0, Millis{1000}, at(15, 45, 0)));
  SDL_Surface* second = render(show_, on_air(0, Millis{3500}, at(15, 45, 2, 500)));
  EXPECT_TRUE(golden::matches_golden(first, "ticker_1"));
  EXPECT_TRUE(golden::matches_golden(second, "ticker_2"));
  EXPECT_FALSE(golden::identical(band(first).get(), band(second).get())) << "it moves";
}

TEST_F(Ticker, LoopsSeamlesslyAfterOnePeriod) {
  backends::OffscreenCanvas& probe = canvas(960, 540);
  const Millis period = render::ticker_period(probe.canvas(), show_.theme, *show_.overlays.ticker);
  ASSERT_GT(period.count(), 1000);
  for (const Instant t : {at(15, 45, 0, 123), at(23, 59, 58, 999)}) {
    // The bottom band only: the clock moves on meanwhile.
    const auto now = band(render(show_, on_air(0, {}, t)));
    const auto crawl = [&](Instant when) { return band(render(show_, on_air(0, {}, when))); };
    EXPECT_TRUE(golden::identical(now.get(), crawl(t + period).get()));
    EXPECT_TRUE(golden::identical(now.get(), crawl(t + 7 * period).get()));
    EXPECT_FALSE(golden::identical(now.get(), crawl(t + period / 2).get()));
    EXPECT_FALSE(golden::identical(now.get(), crawl(t + period - Millis{100}).get()));
  }
}

// The crawl follows the clock, not the slide: a slide change does not make it jump.
TEST_F(Ticker, DoesNotJumpAtASlideChange) {
  const Instant t = at(15, 45, 9, 900);
  SDL_Surface* before = render(show_, on_air(0, Millis{9900}, t));
  SDL_Surface* after = render(show_, on_air(1, Millis{0}, t));
  EXPECT_FALSE(golden::identical(before, after)) << "the slides differ";
  EXPECT_TRUE(golden::identical(band(before).get(), band(after).get()));
}

TEST_F(Ticker, TextIsRasterisedOnceAndMoved) {
  backends::OffscreenCanvas& picture = canvas(960, 540);
  const auto frame = [&](Instant t) {
    picture.canvas().begin_frame();
    render::paint(picture.canvas(), show_, on_air(0, Millis{1000}, t));
    return picture.canvas().stats().texts_rasterised;
  };
  const auto first = frame(at(15, 45, 0));
  EXPECT_EQ(frame(at(15, 45, 0, 16)), first);
  EXPECT_EQ(frame(at(15, 45, 0, 500)), first);
}

TEST_F(Ticker, ClockAndLogoGolden) {
  Show show = show_with_overlays();
  show.overlays.ticker.reset();
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0, {}, at(15, 45))), "overlays_corners"));
}

}  // namespace
}  // namespace marquee
