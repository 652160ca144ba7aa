// DigestCanvas: equal pictures give equal digests, any visible change a new one; video frames skip
// the background.
#include <gtest/gtest.h>

#include <algorithm>

#include "forwarding_canvas.h"
#include "headless.h"
#include "render/digest_canvas.h"
#include "render/paint.h"
#include "render/recording_canvas.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using headless::demo_show;
using headless::on_air;
using render::CanvasOp;

Slide title_slide(std::string id, std::string headline, bool overlays = true) {
  Slide slide;
  slide.id = std::move(id);
  TitleSlide title;
  title.headline = std::move(headline);
  slide.content = title;
  slide.overlays = overlays;
  return slide;
}

std::uint64_t digest_of(const Show& show, const Frame& frame) {
  render::RecordingCanvas screen;
  render::DigestCanvas digest(screen);
  render::paint(digest, show, frame);
  EXPECT_TRUE(screen.ops().empty()) << "the digest pass must not draw on the screen";
  return digest.digest();
}

TEST(DigestCanvas, AStillSlideKeepsItsDigest) {
  Show show = demo_show();
  show.slides.push_back(title_slide("welcome", "Welcome to PyTorch Conference 2024"));
  const auto first = digest_of(show, on_air(0, 0ms));
  EXPECT_EQ(first, digest_of(show, on_air(0, 16ms)));
  EXPECT_EQ(first, digest_of(show, on_air(0, 7s)));
}

TEST(DigestCanvas, AnyVisibleChangeGivesANewDigest) {
  Show show = demo_show();
  show.slides.push_back(title_slide("welcome", "Welcome to PyTorch Conference 2024"));
  show.slides.push_back(title_slide("lunch", "Lunch is served"));
  const auto welcome = digest_of(show, on_air(0));
  EXPECT_NE(welcome, digest_of(show, on_air(1)));

  Show edited = show;
  std::get<TitleSlide>(edited.slides[0].content).headline = "Welcome to PyTorch Conference 2025";
  EXPECT_NE(welcome, digest_of(edited, on_air(0)));
  Show recoloured = show;
  recoloured.theme.text = {0xEE, 0x4C, 0x2C};
  EXPECT_NE(welcome, digest_of(recoloured, on_air(0)));

  // Every step of a transition is a new picture.
  Frame crossfade = on_air(1);
  crossfade.previous = 0;
  crossfade.progress = 0.3;
  const auto early = digest_of(show, crossfade);
  crossfade.progress = 0.6;
  EXPECT_NE(early, digest_of(show, crossfade));
  EXPECT_NE(early, welcome);
}

TEST(DigestCanvas, ATickerChangesItEveryFrame) {
  Show show = demo_show();
  show.slides.push_back(title_slide("welcome", "Welcome"));
  show.overlays.ticker = TickerOverlay{};
  show.overlays.ticker->messages = {"Share your photos with #PyTorchConf"};
  const Instant t{std::chrono::hours(24 * 365 * 54)};
  EXPECT_NE(digest_of(show, on_air(0, 0ms, t)), digest_of(show, on_air(0, 16ms, t + 16ms)));
  // A slide that opts out of overlays is still again.
  show.slides[0].overlays = false;
  EXPECT_EQ(digest_of(show, on_air(0, 0ms, t)), digest_of(show, on_air(0, 16ms, t + 16ms)));
}

// A screen that plays one video file of a given size, whose newest frame is `frame`.
class VideoScreen final : public testing::ForwardingCanvas {
 public:
  VideoScreen() : ForwardingCanvas(recording) {}

  render::RecordingCanvas recording;
  render::Size video{1920, 1080};
  std::uint64_t frame = 1;
  int videos_drawn = 0;

  std::optional<render::Size> video_size(const VideoSlide&) override {
    if (frame == 0) return std::nullopt;
    return video;
  }
  std::uint64_t video_frame(const VideoSlide&) override { return frame; }
  bool draw_video(const VideoSlide&, const Rect&, const Rect&, double) override {
    ++videos_drawn;
    return frame != 0;
  }

  bool filled_the_screen() const {
    return std::any_of(recording.ops().begin(), recording.ops().end(), [](const CanvasOp& op) {
      return op.kind == CanvasOp::Kind::fill && op.rect.w >= 1920 && op.rect.h >= 1080;
    });
  }
};

Show film(Fit fit) {
  Show show = demo_show();
  Slide slide;
  slide.id = "documentary";
  VideoSlide video;
  video.file = "/content/assets/documentary.mp4";
  video.fit = fit;
  slide.content = video;
  slide.overlays = false;
  show.slides.push_back(slide);
  return show;
}

TEST(DigestCanvas, ANewVideoFrameIsANewPicture) {
  const Show show = film(Fit::contain);
  VideoScreen screen;
  const auto digest = [&] {
    render::DigestCanvas d(screen);
    render::paint(d, show, on_air(0));
    return d.digest();
  };
  const auto first = digest();
  EXPECT_EQ(first, digest()) << "the same frame again";
  screen.frame = 2;
  EXPECT_NE(first, digest());
  EXPECT_EQ(screen.videos_drawn, 0) << "the digest asks which frame, it never draws one";
}

TEST(VideoPainter, AFrameThatFillsTheScreenHidesTheBackground) {
  VideoScreen exact;  // 16:9 into 16:9: nothing of the background shows
  render::paint(exact, film(Fit::contain), on_air(0));
  EXPECT_EQ(exact.videos_drawn, 1);
  EXPECT_FALSE(exact.filled_the_screen());

  VideoScreen cover;
  cover.video = {1440, 1080};
  render::paint(cover, film(Fit::cover), on_air(0));
  EXPECT_FALSE(cover.filled_the_screen());

  VideoScreen bars;  // 4:3 contained: the bars are the theme's background
  bars.video = {1440, 1080};
  render::paint(bars, film(Fit::contain), on_air(0));
  EXPECT_TRUE(bars.filled_the_screen());

  VideoScreen nothing_yet;  // no frame: background and the placeholder
  nothing_yet.frame = 0;
  render::paint(nothing_yet, film(Fit::contain), on_air(0));
  EXPECT_TRUE(nothing_yet.filled_the_screen());
  const auto texts = nothing_yet.recording.texts();
  EXPECT_TRUE(std::any_of(texts.begin(), texts.end(), [](const std::string& t) {
    return t.find("documentary.mp4") != std::string::npos;
  }));
}

}  // namespace
}  // namespace marquee
