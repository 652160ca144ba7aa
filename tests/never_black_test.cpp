// Never black: a painter that fails shows the theme's safe slide and is logged at most once a
// minute.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "forwarding_canvas.h"
#include "golden.h"
#include "render/fault_log.h"
#include "render/paint.h"
#include "render/painters.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

// Passes everything through, except that drawing any image throws, as a decoder running
// out of memory or a driver error would.
class FailingCanvas final : public testing::ForwardingCanvas {
 public:
  using ForwardingCanvas::ForwardingCanvas;
  void draw_image(const std::filesystem::path&, const Rect&, const Rect&, double) override {
    throw std::runtime_error("simulated decoder failure");
  }
};

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
  Frame frame;
  frame.slide = 0;

  backends::OffscreenCanvas failing(480, 270), safe(480, 270);
  FailingCanvas canvas(failing.canvas());
  failing.canvas().begin_frame();
  render::FaultLog faults;
  render::paint(canvas, show, frame, faults);

  safe.canvas().begin_frame();
  render::paint_idle(safe.canvas(), show);
  EXPECT_TRUE(golden::identical(failing.surface(), safe.surface()));
  EXPECT_GT(mean_brightness(failing.surface()), 20);  // the theme's #262626, not black
}

TEST(NeverBlack, FailuresAreLoggedAtMostOnceAMinute) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));

  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  Show show = show_with_image_slide();
  show.slides[0].id = "flooding-slide";
  Frame frame;
  frame.slide = 0;
  backends::OffscreenCanvas picture(160, 90);
  FailingCanvas canvas(picture.canvas());
  render::FaultLog faults;  // this test's own, so a repeat or another test cannot add to it
  for (int i = 0; i < 120; ++i) render::paint(canvas, show, frame, faults);  // 2 s at 60 fps

  spdlog::set_default_logger(previous);
  int reports = 0;
  for (const auto& line : sink->last_formatted())
    if (line.find("flooding-slide") != std::string::npos) ++reports;
  EXPECT_EQ(reports, 1);
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
