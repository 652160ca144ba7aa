// Never black: a painter that fails shows the theme's safe slide and is logged at most once a
// minute.
#include <gtest/gtest.h>

#include <stdexcept>

#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "golden.h"
#include "log_capture.h"
#include "render/fault_log.h"
#include "render/paint.h"
#include "render/painters.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

// A painter that fails half-way, as a decoder running out of memory or a driver error
// would: it has drawn part of the slide when it throws.
void fails_half_way(render::Canvas& canvas) {
  canvas.fill_rect({0, 0, 960, 540}, {0, 0, 0, 255});
  throw std::runtime_error("simulated decoder failure");
}

Show show_with_image_slide() {
  Show show;
  show.screen = "expo-hall";
  show.zone = date::locate_zone("UTC");
  Slide slide;
  slide.id = "venue";
  slide.content = ImageSlide{std::filesystem::path(MARQUEE_TEST_DATA) / "images" / "gradient.png",
                             Fit::contain, "", std::nullopt};
  show.slides.push_back(slide);
  return show;
}

double mean_brightness(SDL_Surface* surface) {
  const auto rgb = golden::as_rgb24(surface);
  double sum = 0;
  for (int y = 0; y < rgb->h; ++y) {
    const auto* p = static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch;
    for (int x = 0; x < rgb->w * 3; ++x) sum += p[x];
  }
  return sum / (rgb->w * rgb->h * 3.0);
}

TEST(NeverBlack, AFailingPainterShowsTheSafeSlide) {
  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  ASSERT_TRUE(sdl.ok()) << sdl.error();
  const Show show = show_with_image_slide();
  backends::OffscreenCanvas failing(480, 270), safe(480, 270);
  failing.canvas().begin_frame();
  render::FaultLog faults;
  render::paint_guarded(failing.canvas(), show, show.slides[0], fails_half_way, faults);

  safe.canvas().begin_frame();
  render::paint_idle(safe.canvas(), show);
  EXPECT_TRUE(golden::identical(failing.surface(), safe.surface()));
  EXPECT_GT(mean_brightness(failing.surface()), 20);  // the theme's #262626, not black
}

TEST(NeverBlack, FailuresAreLoggedAtMostOnceAMinute) {
  const testing::LogCapture log;
  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  Show show = show_with_image_slide();
  show.slides[0].id = "flooding-slide";
  backends::OffscreenCanvas picture(160, 90);
  render::FaultLog faults;       // this test's own, so a repeat or another test cannot add to it
  for (int i = 0; i < 120; ++i)  // two seconds at 60 fps
    render::paint_guarded(picture.canvas(), show, show.slides[0], fails_half_way, faults);

  EXPECT_EQ(log.count("flooding-slide"), 1);
  EXPECT_EQ(faults.suppressed("flooding-slide"), 119);
}

TEST(FaultLog, ReportsAgainAfterTheQuietPeriod) {
  render::FaultLog log(1min);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  EXPECT_TRUE(log.should_report("a", t0));
  EXPECT_FALSE(log.should_report("a", t0 + 30s));
  EXPECT_TRUE(log.should_report("b", t0 + 30s));
  EXPECT_EQ(log.suppressed("a"), 1);
  EXPECT_TRUE(log.should_report("a", t0 + 61s));
  EXPECT_EQ(log.suppressed("a"), 0);
}

}  // namespace
}  // namespace marquee
