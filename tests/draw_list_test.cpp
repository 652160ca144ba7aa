// DrawList: equal pictures give equal digests, any visible change a new one; replay draws what was
// recorded; video frames skip the background.
#include <gtest/gtest.h>

#include <algorithm>

#include "golden.h"
#include "headless.h"
#include "render/draw_list.h"
#include "render/paint.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using headless::crossing;
using headless::demo_show;
using headless::on_air;
using render::DrawOp;
using render::ListCanvas;

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
  ListCanvas recorded;
  render::paint(recorded, show, frame);
  return recorded.list().digest();
}

TEST(DrawList, AStillSlideKeepsItsDigest) {
  Show show = demo_show();
  show.slides.push_back(title_slide("welcome", "Welcome to PyTorch Conference 2024"));
  const auto first = digest_of(show, on_air(0, 0ms));
  EXPECT_EQ(first, digest_of(show, on_air(0, 16ms)));
  EXPECT_EQ(first, digest_of(show, on_air(0, 7s)));
}

TEST(DrawList, AnyVisibleChangeGivesANewDigest) {
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
  Show bolder = show;
  bolder.theme.headline_font.weight = 900;
  EXPECT_NE(welcome, digest_of(bolder, on_air(0)));

  // Every step of a transition is a new picture.
  const auto early = digest_of(show, crossing(on_air(1), 0, 0.3));
  EXPECT_NE(early, digest_of(show, crossing(on_air(1), 0, 0.6)));
  EXPECT_NE(early, welcome);
}

TEST(DrawList, ATickerChangesItEveryFrame) {
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

// Replaying a recorded frame draws exactly what painting it directly draws.
class Replay : public headless::Renders {};

TEST_F(Replay, ARecordedFrameReplaysToTheSamePixels) {
  Show show = demo_show();
  show.slides.push_back(title_slide("welcome", "Welcome to PyTorch Conference 2024"));
  show.slides.push_back(title_slide("lunch", "Lunch is served"));
  show.overlays.ticker = TickerOverlay{};
  show.overlays.ticker->messages = {"Share your photos with #PyTorchConf"};
  show.overlays.clock = ClockOverlay{};
  const Instant t{std::chrono::hours(24 * 365 * 54) + 333ms};
  for (const Frame& frame : {on_air(0, 2s, t), crossing(on_air(1, 300ms, t), 0, 0.4)}) {
    SDL_Surface* direct = render(show, frame);
    backends::OffscreenCanvas& picture = canvas(960, 540);
    ListCanvas recorded(picture.canvas());
    render::paint(recorded, show, frame);
    recorded.list().replay(picture.canvas());
    EXPECT_TRUE(golden::identical(picture.surface(), direct));
  }
}

// Every kind of slide, alone and in every kind of transition, drawn through the screen's
// kept pictures (made the first time, reused the second) and drawn directly: the same
// pixels, so layers never change what a screen shows.
TEST_F(Replay, KeptPicturesDrawTheSamePixelsForEveryKindAndTransition) {
  Show show = demo_show();
  show.theme.background_image = std::filesystem::path(MARQUEE_TEST_DATA) / "images/gradient.png";
  const auto local = [](int h, int m) {
    return LocalTime{date::local_days{date::year{2024} / 9 / 18}} + std::chrono::hours{h} +
           std::chrono::minutes{m};
  };
  const auto add = [&](SlideContent content) {
    Slide slide;
    slide.id = "s" + std::to_string(show.slides.size());
    slide.content = std::move(content);
    show.slides.push_back(std::move(slide));
  };
  add(TitleSlide{"Welcome to PyTorch Conference 2024", "Fort Mason Center", "", Align::center});
  add(ImageSlide{std::filesystem::path(MARQUEE_TEST_DATA) / "images/photo.jpg", Fit::contain,
                 "Festival Pavilion", std::nullopt});
  SponsorsSlide sponsors;
  sponsors.tiers = {{"Diamond", {{"AMD", {}, {}}, {"IBM", {}, {}}, {"Intel", {}, {}}}}};
  add(sponsors);
  CountdownSlide countdown;
  countdown.title = "Women and non-binary PyTorch lunch";
  countdown.at = local(12, 10);
  add(countdown);
  AgendaSlide agenda;
  agenda.heading = "Next in the expo hall";
  agenda.entries = {{local(12, 10), "Women and non-binary PyTorch lunch", "Gallery 2", "", 50min}};
  add(agenda);
  ChartSlide chart;
  chart.title = "PyTorch Conference, year by year";
  chart.points = {{"2022", 300, ""}, {"2023", 600, ""}, {"2024", 1700, ""}};
  add(chart);
  add(QrSlide{"https://pytorch.org", "The full schedule", "", "pytorch.org"});
  add(VideoSlide{"/nowhere/documentary.mp4"});
  show.overlays.ticker = TickerOverlay{{"Share your photos with #PyTorchConf"}, 120};

  // 11:57:26 local: the countdown's figure ticks, the chart is half grown at 700 ms.
  const Instant t{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch() + 11h + 57min + 26s};
  std::vector<Frame> frames;
  for (int i = 0; i < static_cast<int>(show.slides.size()); ++i)
    frames.push_back(on_air(i, 700ms, t));
  for (const TransitionKind kind : {TransitionKind::fade, TransitionKind::push_left,
                                    TransitionKind::push_right, TransitionKind::wipe}) {
    show.slides[1].transition.kind = kind;
    show.slides[5].transition.kind = kind;
    frames.push_back(crossing(on_air(1, 300ms, t), 0, 0.4));  // title into image
    frames.push_back(crossing(on_air(5, 300ms, t), 3, 0.6));  // countdown into a growing chart
    Show copy = show;
    std::vector<Frame> mine = {frames[frames.size() - 2], frames.back()};
    for (const Frame& frame : mine) {
      SCOPED_TRACE(static_cast<int>(kind));
      SDL_Surface* direct = render(copy, frame);
      backends::OffscreenCanvas& picture = canvas(960, 540);
      ListCanvas recorded(picture.canvas());
      render::paint(recorded, copy, frame);
      recorded.list().replay(picture.canvas());
      EXPECT_TRUE(golden::identical(picture.surface(), direct)) << "pictures made";
      recorded.list().replay(picture.canvas());
      EXPECT_TRUE(golden::identical(picture.surface(), direct)) << "pictures reused";
    }
    frames.resize(frames.size() - 2);
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    SCOPED_TRACE(kind_name(show.slides[static_cast<std::size_t>(frames[i].slide)].content));
    SDL_Surface* direct = render(show, frames[i]);
    backends::OffscreenCanvas& picture = canvas(960, 540);
    for (int pass = 0; pass < 2; ++pass) {
      picture.canvas().begin_frame();
      ListCanvas recorded(picture.canvas());
      render::paint(recorded, show, frames[i]);
      recorded.list().replay(picture.canvas());
      EXPECT_TRUE(golden::identical(picture.surface(), direct)) << "pass " << pass;
    }
    EXPECT_GE(picture.canvas().stats().pictures_drawn, 2u);
    EXPECT_LE(picture.canvas().stats().pictures_made, 1u) << "the second pass reuses the first's";
  }
}

TEST(DrawList, AppendKeepsEachCallsFont) {
  FontSpec light{"Inter", "", 300};
  ListCanvas first, second;
  first.draw_text(light, 40, "one", 0, 0, {});
  second.draw_text(FontSpec{}, 40, "two", 0, 0, {});
  second.draw_text(light, 40, "three", 0, 0, {});
  first.list().append(second.list());
  ASSERT_EQ(first.ops().size(), 3u);
  EXPECT_EQ(first.list().fonts()[first.ops()[1].font], FontSpec{});
  EXPECT_EQ(first.list().fonts()[first.ops()[2].font], light);
}

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

bool filled_the_screen(const ListCanvas& canvas) {
  return std::any_of(canvas.ops().begin(), canvas.ops().end(), [](const DrawOp& op) {
    return op.kind == DrawOp::Kind::fill && op.rect.w >= 1920 && op.rect.h >= 1080;
  });
}

long videos_drawn(const ListCanvas& canvas) {
  return std::count_if(canvas.ops().begin(), canvas.ops().end(),
                       [](const DrawOp& op) { return op.kind == DrawOp::Kind::video; });
}

TEST(DrawList, ANewVideoFrameIsANewPicture) {
  const Show show = film(Fit::contain);
  const auto digest = [&](std::uint64_t frame) {
    ListCanvas screen;
    screen.add_video("/content/assets/documentary.mp4", {{1920, 1080}, frame});
    render::paint(screen, show, on_air(0));
    return screen.list().digest();
  };
  EXPECT_EQ(digest(1), digest(1)) << "the same frame again";
  EXPECT_NE(digest(1), digest(2));
}

TEST(VideoPainter, AFrameThatFillsTheScreenHidesTheBackground) {
  const auto painted = [](Fit fit, std::optional<render::Size> video) {
    auto screen = std::make_unique<ListCanvas>();
    if (video) screen->add_video("/content/assets/documentary.mp4", {*video, 1});
    render::paint(*screen, film(fit), on_air(0));
    return screen;
  };
  const auto exact = painted(Fit::contain, render::Size{1920, 1080});  // nothing else shows
  EXPECT_EQ(videos_drawn(*exact), 1);
  EXPECT_FALSE(filled_the_screen(*exact));
  const auto cover = painted(Fit::cover, render::Size{1440, 1080});
  EXPECT_FALSE(filled_the_screen(*cover));
  const auto bars = painted(Fit::contain, render::Size{1440, 1080});  // 4:3: theme bars
  EXPECT_TRUE(filled_the_screen(*bars));
  const auto nothing_yet = painted(Fit::contain, std::nullopt);  // the placeholder
  EXPECT_EQ(videos_drawn(*nothing_yet), 0);
  EXPECT_TRUE(filled_the_screen(*nothing_yet));
  const auto texts = nothing_yet->texts();
  EXPECT_TRUE(std::any_of(texts.begin(), texts.end(), [](const std::string& t) {
    return t.find("documentary.mp4") != std::string::npos;
  }));
}

}  // namespace
}  // namespace marquee
