// Test helper: whole frames (slide, transition, overlays) painted headless at an instant.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "backends/offscreen.h"
#include "core/timeline.h"
#include "render/paint.h"
#include "slide_picture.h"

namespace marquee::headless {

using marquee::testing::sdl_system;

// A show with the bundled theme's colours and sizes, and no background image, so
// goldens do not depend on the demo backdrop.
inline Show demo_show() {
  Show show;
  show.screen = "expo-hall";
  show.theme.name = "pytorch-conf-2024";
  show.theme.safe_area = {110, 90, 110, 90};
  show.theme.headline_size = 112;
  show.theme.body_size = 54;
  show.theme.caption_size = 32;
  return show;
}

// demo_show() at UTC with one slide, `id`, of `content` on air all day: a stage screen.
inline Show all_day_show(SlideContent content, ScreenRole role = ScreenRole::audience,
                         std::string id = "stage") {
  Show show = demo_show();
  show.zone = date::locate_zone("UTC");
  show.role = role;
  Slide slide;
  slide.id = std::move(id);
  slide.content = std::move(content);
  slide.duration = std::chrono::hours{24};
  show.slides = {slide};
  return show;
}

// Slide `slide` on air `elapsed` into a turn of `duration` (a slide's default), at instant
// `now` (venue time = UTC), as resolve() would report it.
inline Frame on_air(int slide, Millis elapsed = Millis{0}, Instant now = Instant{},
                    Millis duration = Slide{}.duration) {
  Frame frame;
  frame.slide = slide;
  frame.now = now;
  frame.local = LocalTime{std::chrono::floor<std::chrono::seconds>(now.time_since_epoch())};
  frame.slide_start = now - elapsed;
  frame.slide_end = frame.slide_start + duration;
  frame.incoming = {elapsed, duration, frame.local, now};
  frame.outgoing = frame.incoming;
  return frame;
}

// `frame` during its slide's transition in from `previous`, at raw progress `progress`
// eased by `easing` (a transition's default), the outgoing slide at the end of its turn.
inline Frame crossing(Frame frame, int previous, double progress,
                      Easing easing = Transition{}.easing,
                      Millis previous_turn = Slide{}.duration) {
  frame.previous = previous;
  frame.progress = progress;
  frame.eased = ease(easing, progress);
  frame.previous_start = frame.slide_start - previous_turn;
  frame.outgoing = {previous_turn + frame.incoming.elapsed, previous_turn, frame.local, frame.now};
  return frame;
}

// Keeps every picture alive for the test's comparisons.
class Renders : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(sdl_system().ok()) << sdl_system().error(); }

  backends::OffscreenCanvas& canvas(int w, int h) {
    pictures_.push_back(std::make_unique<backends::OffscreenCanvas>(w, h));
    EXPECT_TRUE(pictures_.back()->ok()) << pictures_.back()->error();
    pictures_.back()->canvas().begin_frame();
    return *pictures_.back();
  }

  SDL_Surface* render(const Show& show, const Frame& frame, int w = 960, int h = 540) {
    backends::OffscreenCanvas& picture = canvas(w, h);
    render::paint(picture.canvas(), show, frame);
    return picture.surface();
  }

 private:
  std::vector<std::unique_ptr<backends::OffscreenCanvas>> pictures_;
};

}  // namespace marquee::headless
