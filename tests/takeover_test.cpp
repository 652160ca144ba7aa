// Takeovers and identify on screen: goldens of the three styles (1080p and portrait), the
// emergency hiding the overlays, the fade, and the screen's name.
#include <gtest/gtest.h>

#include "golden.h"
#include "headless.h"
#include "render/takeovers.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

// 12:00 at the venue (UTC here) on the first day of the conference.
const Instant kNoon = Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} + 12h;

// One title slide with a clock and a ticker, so a golden shows what a takeover covers.
Show show_with_overlays() {
  Show show = headless::demo_show();
  show.zone = date::locate_zone("UTC");
  Slide slide;
  slide.id = "welcome";
  slide.content = TitleSlide{.headline = "Welcome to PyTorch Conference 2024",
                             .body = "Fort Mason Center \xC2\xB7 San Francisco",
                             .kicker =
                                 "September 18\xE2\x80\x93"
                                 "19, 2024"};
  slide.duration = 1h;
  show.slides = {slide};
  show.overlays.clock = ClockOverlay{Corner::top_right, true};
  show.overlays.ticker = TickerOverlay{{"Share your photos with #PyTorchConf"}, 120};
  return show;
}

TakeoverAction takeover(TakeoverStyle style) {
  TakeoverAction t;
  t.style = style;
  switch (style) {
    case TakeoverStyle::info:
      t.id = "keynote";
      t.title = "Up next";
      t.text = "Keynote starts in 5 minutes \xC2\xB7 Festival Pavilion, Pier 3";
      break;
    case TakeoverStyle::sponsor:
      t.id = "thanks";
      t.title = "Thank you to our sponsors";
      t.text =
          "Meta \xC2\xB7 AMD \xC2\xB7 Arm \xC2\xB7 Google Cloud \xC2\xB7 Intel \xC2\xB7 NVIDIA";
      break;
    case TakeoverStyle::emergency:
      t.id = "evacuate";
      t.title = "Emergency";
      t.text = "Leave the building by the nearest exit";
      break;
  }
  return t;
}

OperatorState on(TakeoverAction t, Instant at = kNoon - 10s) {
  OperatorState ops;
  ops.add({at, std::move(t), "test"});
  return ops;
}

class TakeoverPicture : public headless::Renders {
 protected:
  SDL_Surface* at(const Show& show, const OperatorState& ops, Instant now, int w, int h) {
    return render(show, resolve(show, ops, now), w, h);
  }
  static SDL_Color pixel(SDL_Surface* surface, int x, int y) {
    const backends::SurfacePtr rgb = golden::as_rgb24(surface);
    const auto* p = static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch + x * 3;
    return {p[0], p[1], p[2], 255};
  }
};

struct Case {
  TakeoverStyle style;
  const char* name;
};

// ctest names the parameter by its style.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class TakeoverGolden : public TakeoverPicture, public ::testing::WithParamInterface<Case> {};

TEST_P(TakeoverGolden, Landscape1080p) {
  const Show show = show_with_overlays();
  EXPECT_TRUE(golden::matches_golden(at(show, on(takeover(GetParam().style)), kNoon, 1920, 1080),
                                     std::string("takeover_") + GetParam().name));
}

TEST_P(TakeoverGolden, Portrait1080p) {
  const Show show = show_with_overlays();
  EXPECT_TRUE(golden::matches_golden(at(show, on(takeover(GetParam().style)), kNoon, 1080, 1920),
                                     std::string("takeover_") + GetParam().name + "_portrait"));
}

INSTANTIATE_TEST_SUITE_P(Styles, TakeoverGolden,
                         ::testing::Values(Case{TakeoverStyle::info, "info"},
                                           Case{TakeoverStyle::sponsor, "sponsor"},
                                           Case{TakeoverStyle::emergency, "emergency"}),
                         [](const auto& param) { return std::string(param.param.name); });

TEST_F(TakeoverPicture, IdentifyShowsTheScreensNameLarge) {
  const Show show = show_with_overlays();
  OperatorState ops;
  ops.add({kNoon - 1s, IdentifyAction{}, "test"});
  EXPECT_TRUE(golden::matches_golden(at(show, ops, kNoon, 1920, 1080), "identify"));
  // Five seconds later the slide is back as it was.
  EXPECT_TRUE(
      golden::identical(at(show, ops, kNoon + 5s, 960, 540), at(show, {}, kNoon + 5s, 960, 540)));
}

TEST_F(TakeoverPicture, InfoLeavesTheOverlaysAboveAndEmergencyHidesThem) {
  const Show show = show_with_overlays();
  // The ticker's band runs along the bottom margin, at the screen's left edge.
  const int x = 20, y = 540 - 20;
  const SDL_Color plain = pixel(at(show, {}, kNoon, 960, 540), x, y);
  const SDL_Color info = pixel(at(show, on(takeover(TakeoverStyle::info)), kNoon, 960, 540), x, y);
  EXPECT_EQ(std::make_tuple(info.r, info.g, info.b), std::make_tuple(plain.r, plain.g, plain.b))
      << "an info message keeps the ticker on screen";
  const SDL_Color red =
      pixel(at(show, on(takeover(TakeoverStyle::emergency)), kNoon, 960, 540), x, y);
  EXPECT_EQ(std::make_tuple(red.r, red.g, red.b),
            std::make_tuple(Uint8{0xB0}, Uint8{0x00}, Uint8{0x20}))
      << "an emergency covers the ticker";
}

TEST_F(TakeoverPicture, FadesInAsAWholeWithThePlaylistsTransition) {
  Show show = show_with_overlays();
  show.transition = {TransitionKind::fade, 1000ms, Easing::linear};
  const OperatorState ops = on(takeover(TakeoverStyle::emergency), kNoon);
  const SDL_Color before = pixel(at(show, ops, kNoon - 1ms, 960, 540), 480, 30);
  const SDL_Color half = pixel(at(show, ops, kNoon + 500ms, 960, 540), 480, 30);
  const SDL_Color full = pixel(at(show, ops, kNoon + 1s, 960, 540), 480, 30);
  EXPECT_EQ(full.r, 0xB0);
  EXPECT_EQ(full.g, 0x00);
  // Half way, half the red over the theme background: in between, on every channel.
  EXPECT_NEAR(half.r, (before.r + full.r) / 2.0, 3);
  EXPECT_NEAR(half.g, (before.g + full.g) / 2.0, 3);
}

TEST_F(TakeoverPicture, NoTakeoverPaintsTheSlideAsBefore) {
  const Show show = show_with_overlays();
  OperatorState ops = on(takeover(TakeoverStyle::info), kNoon - 10s);
  ops.add({kNoon - 5s, ClearAction{}, "test"});
  EXPECT_TRUE(golden::identical(at(show, ops, kNoon, 960, 540), at(show, {}, kNoon, 960, 540)));
}

}  // namespace
}  // namespace marquee
