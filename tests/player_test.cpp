// Player: one loop for every screen, driven by an injected clock: splices reloads, keeps operator
// input apart from the show, and presents only what changed.
#include <gtest/gtest.h>

#include <SDL_image.h>

#include <array>
#include <fstream>
#include <thread>

#include "app/player.h"
#include "config/loader.h"
#include "golden.h"
#include "hand_fed.h"
#include "headless.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

using testing::HandFed;

Slide title(const std::string& id, Millis duration, TransitionKind kind = TransitionKind::cut) {
  Slide s;
  s.id = id;
  s.content = TitleSlide{"Slide " + id, "", "", Align::center};
  s.duration = duration;
  s.transition.kind = kind;
  return s;
}

Show show_of(std::vector<Slide> slides) {
  Show show = headless::demo_show();
  show.zone = date::locate_zone("UTC");
  show.slides = std::move(slides);
  return show;
}

// A day at the venue (UTC here), `seconds` after midnight.
Instant day(double seconds) {
  return Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} +
         Millis{static_cast<Millis::rep>(seconds * 1000)};
}

class PlayerTest : public headless::Renders {
 protected:
  std::string on_air(const app::Player& player) const {
    const Frame& f = player.frame();
    return f.slide < 0 ? "(idle)" : player.show()->slides[f.slide].id;
  }
};

TEST_F(PlayerTest, AStillSlideIsPresentedOnce) {
  HandFed feed(show_of({title("a", 10s), title("b", 10s)}));
  backends::OffscreenCanvas& picture = canvas(320, 180);
  int presents = 0;
  app::Player player(picture.canvas(), feed, [&](const std::vector<SDL_Rect>&) { ++presents; });
  for (int i = 0; i < 40; ++i) player.tick(day(1) + i * 16ms);  // 40 frames at 60 fps
  EXPECT_EQ(presents, 1);
  player.tick(day(10.5));  // b comes on
  EXPECT_EQ(presents, 2);
  player.invalidate();  // the window was exposed
  player.tick(day(10.6));
  EXPECT_EQ(presents, 3);
}

TEST_F(PlayerTest, ATickerIsPresentedWhenItMoves) {
  Show show = show_of({title("a", 10s)});
  show.overlays.ticker = TickerOverlay{{"Share your photos with #PyTorchConf"}, 120};
  HandFed feed(show);
  backends::OffscreenCanvas& picture = canvas(320, 180);
  app::Player player(picture.canvas(), feed, nullptr);
  for (int i = 0; i < 30; ++i) player.tick(day(1) + i * 16ms);
  // The crawl moves with the clock, so every tick is a new picture.
  EXPECT_EQ(player.presents(), 30u);
}

TEST_F(PlayerTest, WhatItPresentsIsWhatPaintDraws) {
  HandFed feed(show_of({title("a", 10s), title("b", 10s, TransitionKind::fade)}));
  backends::OffscreenCanvas& picture = canvas(480, 270);
  app::Player player(picture.canvas(), feed, nullptr);
  const Instant t = day(10.3);  // the fade into b
  player.tick(t);
  EXPECT_TRUE(golden::identical(picture.surface(),
                                render(*feed.current(), resolve(*feed.current(), t), 480, 270)));
}

TEST_F(PlayerTest, TheNextSlideIsDrawnBeforeItsFadeAndTheFadeOnlyBlends) {
  HandFed feed(
      show_of({title("a", 10s, TransitionKind::fade), title("b", 10s, TransitionKind::fade),
               title("c", 10s, TransitionKind::fade)}));
  backends::OffscreenCanvas& picture = canvas(480, 270);
  app::Player player(picture.canvas(), feed, nullptr);
  const app::Player::Tick first = player.tick(day(2));
  EXPECT_EQ(picture.canvas().stats().pictures_made, 1u) << "the first frame draws a alone";
  EXPECT_EQ(first.next_change, day(10) - 1500ms) << "wakes to draw b ahead of its turn";
  player.tick(day(9));
  EXPECT_EQ(picture.canvas().stats().pictures_made, 2u) << "b, before its fade";
  const auto drawn = picture.canvas().stats().pictures_drawn;
  for (int i = 1; i <= 10; ++i) player.tick(day(10) + i * 70ms);  // through the fade
  EXPECT_EQ(picture.canvas().stats().pictures_made, 2u) << "the fade drew nothing anew";
  EXPECT_GE(picture.canvas().stats().pictures_drawn, drawn + 10);
  EXPECT_EQ(player.presents(), 11u) << "a once, then each step of the fade";
  // Once b has settled, c is drawn at once, long before its turn: an operator's next may
  // come at any moment.
  player.tick(day(12));
  EXPECT_EQ(picture.canvas().stats().pictures_made, 3u);
}

// A picture in memory keeps its last frame, as a window's own surface does: drawing only
// what changed must give exactly the picture that painting it all gives.
TEST_F(PlayerTest, DrawingOnlyWhatChangedGivesTheWholePicture) {
  // A 16 s cycle from midnight: a (cut) 0-7 s, b (fading in) 7-16 s.
  Show show = show_of({title("a", 7s), title("b", 9s, TransitionKind::fade)});
  show.overlays.ticker = TickerOverlay{{"Share your posts with #PyTorchConf"}, 120};
  show.overlays.clock = ClockOverlay{};
  HandFed feed(show);
  backends::OffscreenCanvas& picture = canvas(480, 270);
  std::vector<std::vector<SDL_Rect>> presented;
  app::Player player(picture.canvas(), feed,
                     [&](const std::vector<SDL_Rect>& changed) { presented.push_back(changed); },
                     {.partial = true});
  const Millis times[] = {
      Millis{175'000}, Millis{175'016}, Millis{175'033}, Millis{176'000},  // a comes on
      Millis{176'016}, Millis{179'984}, Millis{180'000},  // the clock's minute turns
      Millis{183'300}, Millis{183'316}};                  // b fades in
  for (const Millis t : times) {
    SCOPED_TRACE(t.count());
    ASSERT_TRUE(player.tick(day(0) + t).presented);
    EXPECT_TRUE(
        golden::identical(picture.surface(), render(show, resolve(show, day(0) + t), 480, 270)));
  }
  ASSERT_EQ(presented.size(), std::size(times));
  const auto area = [](const std::vector<SDL_Rect>& regions) {
    int sum = 0;
    for (const SDL_Rect& r : regions) sum += r.w * r.h;
    return sum;
  };
  const int whole = 480 * 270;
  EXPECT_TRUE(presented[0].empty()) << "the first frame is drawn whole";
  for (const int i : {1, 2, 4, 5}) {  // the ticker alone moved: its band is all redrawn
    EXPECT_FALSE(presented[i].empty()) << i;
    EXPECT_LT(area(presented[i]), whole / 10) << i;
  }
  EXPECT_GE(area(presented[3]), whole) << "a new slide";
  // The ticker's band (its moving texts) and the clock's panel at the top.
  EXPECT_LE(presented[6].size(), render::kMaxRegions);
  EXPECT_TRUE(std::any_of(presented[6].begin(), presented[6].end(),
                          [](const SDL_Rect& r) { return r.y + r.h < 270 / 4; }));
  EXPECT_LT(area(presented[6]), whole / 5);
  EXPECT_GE(area(presented[7]), whole) << "a fade";
  EXPECT_GE(area(presented[8]), whole);
  // Nothing reaches past the screen, which X11 would refuse.
  for (const auto& regions : presented)
    for (const SDL_Rect& r : regions)
      EXPECT_TRUE(r.x >= 0 && r.y >= 0 && r.x + r.w <= 480 && r.y + r.h <= 270)
          << r.x << "," << r.y << " " << r.w << "x" << r.h;
}

// A picture is kept by what it draws (the file's name), not by the file's pixels: a show
// swapped in after the file changed must show the new pixels.
TEST_F(PlayerTest, AnImageReplacedUnderItsNameShowsAfterTheSwap) {
  testing::ScratchDir dir("player-image");
  const auto file = dir.path() / "map.png";
  const auto write = [&](Uint8 r, Uint8 g, Uint8 b) {
    backends::SurfacePtr surface(
        SDL_CreateRGBSurfaceWithFormat(0, 64, 36, 32, SDL_PIXELFORMAT_ARGB8888));
    SDL_FillRect(surface.get(), nullptr, SDL_MapRGB(surface->format, r, g, b));
    const auto part = dir.path() / "map.png.part";
    ASSERT_EQ(IMG_SavePNG(surface.get(), part.c_str()), 0);
    std::filesystem::rename(part, file);
  };
  const auto centre = [&](SDL_Surface* s) {
    const auto rgb = golden::as_rgb24(s);
    const auto* p =
        static_cast<const Uint8*>(rgb->pixels) + (rgb->h / 2) * rgb->pitch + (rgb->w / 2) * 3;
    return std::array<int, 3>{p[0], p[1], p[2]};
  };
  write(255, 0, 0);
  Slide map;
  map.id = "map";
  map.content = ImageSlide{file, Fit::cover, "", std::nullopt};
  HandFed feed(show_of({map}));
  backends::OffscreenCanvas& picture = canvas(160, 90);
  app::Player player(picture.canvas(), feed, nullptr);
  player.tick(day(1));
  EXPECT_EQ(centre(picture.surface()), (std::array<int, 3>{255, 0, 0}));
  write(0, 0, 255);
  feed.swap_in(show_of({map}));  // the hot reload that the change on disk sets off
  player.tick(day(2));
  EXPECT_EQ(centre(picture.surface()), (std::array<int, 3>{0, 0, 255}));
}

TEST_F(PlayerTest, AReloadKeepsTheSlideOnAirRunning) {
  HandFed feed(show_of({title("s0", 10s), title("s1", 10s)}));
  backends::OffscreenCanvas& picture = canvas(160, 90);
  app::Player player(picture.canvas(), feed, nullptr);
  player.tick(day(13));
  ASSERT_EQ(on_air(player), "s1");
  // The edit lengthens s0: its own day would have s0 on air until 25 s.
  const Show edited = show_of({title("s0", 25s), title("s1", 10s)});
  ASSERT_EQ(edited.slides[resolve(edited, day(14)).slide].id, "s0");
  feed.swap_in(edited);
  const app::Player::Tick tick = player.tick(day(14));
  EXPECT_TRUE(tick.swapped);
  EXPECT_EQ(on_air(player), "s1");
  EXPECT_EQ(player.frame().slide_start, day(10));
  player.tick(day(20));  // then the new durations: s0 for 25 s
  EXPECT_EQ(on_air(player), "s0");
  player.tick(day(44));
  EXPECT_EQ(on_air(player), "s0");
}

TEST_F(PlayerTest, AReloadBetweenTwoKeyPressesLosesNeither) {
  HandFed feed(show_of({title("a", 10s), title("b", 20s), title("c", 30s)}));
  backends::OffscreenCanvas& picture = canvas(160, 90);
  app::Player player(picture.canvas(), feed, nullptr);
  player.tick(day(12));  // b on air
  player.operate(StepAction{+1}, day(12.5), "key");
  player.tick(day(13));
  ASSERT_EQ(on_air(player), "c");
  feed.swap_in(show_of({title("a", 10s), title("b", 20s), title("c", 40s), title("x", 5s)}));
  player.tick(day(14));
  EXPECT_EQ(on_air(player), "c");
  player.operate(StepAction{+1}, day(15), "key");
  player.tick(day(15.1));
  EXPECT_EQ(on_air(player), "x");
  EXPECT_EQ(player.operators().events.size(), 2u);
}

TEST_F(PlayerTest, ARestartReplayingTheLogComesBackOnTheSameFrame) {
  const Show show = show_of({title("a", 10s, TransitionKind::fade), title("b", 20s),
                             title("c", 30s, TransitionKind::push_left)});
  HandFed feed(show);
  backends::OffscreenCanvas& picture = canvas(160, 90);
  app::Player player(picture.canvas(), feed, nullptr);
  player.tick(day(12));
  player.operate(StepAction{+1}, day(12), "key");
  player.operate(HoldAction{}, day(15), "http 127.0.0.1");
  player.tick(day(200));
  player.operate(GotoAction{"a"}, day(201), "osc");
  player.tick(day(201.4));
  const Frame before = player.frame();

  HandFed fresh_feed(show);  // the restarted process loads the playlist afresh
  backends::OffscreenCanvas& other = canvas(160, 90);
  app::Player restarted(other.canvas(), fresh_feed, nullptr);
  restarted.replay(player.operators());
  restarted.tick(day(201.4));
  const Frame after = restarted.frame();
  EXPECT_EQ(after.slide, before.slide);
  EXPECT_EQ(after.slide_start, before.slide_start);
  EXPECT_EQ(after.previous, before.previous);
  EXPECT_DOUBLE_EQ(after.progress, before.progress);
  EXPECT_TRUE(after.held);
  EXPECT_TRUE(golden::identical(other.surface(), picture.surface()));
}

// The same through the real file watcher: an editor's save reaches the player spliced.
TEST_F(PlayerTest, ASavedEditIsSplicedIn) {
  testing::ScratchDir dir("player");
  const auto playlist = dir.path() / "screen.yaml";
  const auto write = [&](int first_seconds) {
    const auto temp = dir.path() / ".screen.yaml.swp";
    std::ofstream(temp) << "screen: player-test\nslides:\n"
                        << "  - { id: s0, title: { headline: one }, duration: " << first_seconds
                        << "s }\n  - { id: s1, title: { headline: two }, duration: 10s }\n";
    std::filesystem::rename(temp, playlist);
  };
  write(10);
  auto loaded = config::load_show(playlist);
  ASSERT_TRUE(loaded.ok());
  backends::LiveShow live(playlist, std::move(*loaded.show));
  backends::OffscreenCanvas& picture = canvas(160, 90);
  app::Player player(picture.canvas(), live, nullptr);
  player.tick(day(13));
  ASSERT_EQ(on_air(player), "s1");
  std::this_thread::sleep_for(50ms);  // let the watcher arm
  write(25);
  for (int i = 0; i < 300 && live.swaps() == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(live.swaps(), 1);
  EXPECT_TRUE(player.tick(day(14)).swapped);
  EXPECT_EQ(on_air(player), "s1");
  EXPECT_EQ(player.frame().slide_start, day(10));
}

// A fleet's content revision carries its instant: screens that tick at different moments
// (other refresh rates, other phases) all draw their first frame of it at that instant, and
// one that got it only after that instant takes it at once.
TEST_F(PlayerTest, AScheduledShowGoesOnAirAtItsInstantOnEveryScreen) {
  const Show before = show_of({title("a", 60s)});
  Show revision = show_of({title("b", 60s)});
  const Instant activate_at = day(3.0005);  // between any two frames of either screen
  revision.on_air_at = activate_at;
  struct Screen {
    HandFed feed;
    Millis phase, period;
    std::unique_ptr<app::Player> player;
  };
  std::vector<std::unique_ptr<Screen>> screens;
  for (const auto& [phase, period] : {std::pair{0ms, 16ms}, std::pair{7ms, 20ms}}) {
    auto s = std::make_unique<Screen>(Screen{HandFed(before), phase, period, nullptr});
    s->player = std::make_unique<app::Player>(canvas(160, 90).canvas(), s->feed, nullptr);
    screens.push_back(std::move(s));
  }
  for (auto& s : screens) {
    s->player->tick(day(1) + s->phase);
    s->feed.swap_in(revision);  // announced ahead, as a bundle is fetched ahead
  }
  for (auto& s : screens) {
    std::optional<Instant> swapped_at;
    for (Instant t = day(1) + s->phase + s->period; t < day(4); t += s->period) {
      const app::Player::Tick tick = s->player->tick(t);
      if (t < activate_at) {
        ASSERT_FALSE(tick.swapped) << "before its instant, at " << (t - day(0)).count() << " ms";
        ASSERT_EQ(on_air(*s->player), "a");
        EXPECT_LE(tick.next_change, activate_at) << "the loop wakes for it";
      }
      if (tick.swapped) {
        ASSERT_FALSE(swapped_at) << "swapped once";
        swapped_at = tick.frame.now;
        EXPECT_EQ(on_air(*s->player), "b");
      }
    }
    EXPECT_EQ(swapped_at, activate_at) << "the first frame of it is the frame of its instant";
  }

  // A screen that drew past the instant before the revision reached it takes it at once.
  HandFed late(before);
  app::Player player(canvas(160, 90).canvas(), late, nullptr);
  player.tick(day(3.5));
  late.swap_in(revision);
  const app::Player::Tick tick = player.tick(day(3.52));
  EXPECT_TRUE(tick.swapped);
  EXPECT_EQ(tick.frame.now, day(3.52));
  EXPECT_EQ(on_air(player), "b");
}

}  // namespace
}  // namespace marquee
