// Test helper: one slide painted at a chosen moment into a headless picture, for goldens.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "render/paint.h"
#include "render/painters.h"

namespace marquee::testing {

// SDL, SDL_ttf and SDL_image live once per test process, however many suites paint.
inline backends::SdlSystem& sdl_system() {
  static backends::SdlSystem system(backends::SdlSystem::Video::optional);
  return system;
}

// Local wall-clock time, as a painter receives it in SlideMoment::local.
inline LocalTime local(int y, unsigned m, unsigned d, int hour, int minute, int second = 0) {
  return LocalTime{date::local_days{date::year{y} / m / d}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second};
}

class SlidePictures : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(sdl_system().ok()) << sdl_system().error(); }

  // The slide on the default theme, background and all, as paint() draws it on air.
  SDL_Surface* picture(SlideContent content, const SlideMoment& moment, int w = 960, int h = 540) {
    Show show;
    Slide slide;
    slide.content = std::move(content);
    pictures_.push_back(std::make_unique<backends::OffscreenCanvas>(w, h));
    backends::OffscreenCanvas& out = *pictures_.back();
    EXPECT_TRUE(out.ok()) << out.error();
    out.canvas().begin_frame();
    render::paint_slide(out.canvas(), show, slide, moment);
    return out.surface();
  }

 private:
  std::vector<std::unique_ptr<backends::OffscreenCanvas>> pictures_;
};

}  // namespace marquee::testing
