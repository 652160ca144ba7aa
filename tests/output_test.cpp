// The output a player draws on, under SDL's dummy driver: a portrait screen laid out upright and
// presented turned (whole and in parts), and a resized window followed by the picture.
#include <gtest/gtest.h>

#include <cstring>

#include "app/output.h"
#include "backends/displays.h"
#include "backends/sdl_canvas.h"
#include "slide_picture.h"

namespace marquee {
namespace {

// The window surface's pixel at (x, y) as 0xRRGGBB.
Uint32 pixel(SDL_Window* window, int x, int y) {
  SDL_Surface* s = SDL_GetWindowSurface(window);
  Uint32 value = 0;
  std::memcpy(&value, static_cast<Uint8*>(s->pixels) + y * s->pitch + x * 4, 4);
  Uint8 r = 0, g = 0, b = 0;
  SDL_GetRGB(value, s->format, &r, &g, &b);
  return (Uint32{r} << 16) | (Uint32{g} << 8) | b;
}

constexpr Uint32 kBlue = 0x0000ff, kRed = 0xff0000, kGreen = 0x00ff00;

app::PlayOptions software_window(int w, int h, int rotate) {
  app::PlayOptions options;
  options.window_width = w;
  options.window_height = h;
  options.rotate = rotate;
  options.renderer = app::Renderer::software;
  return options;
}

class OutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::sdl_system().ok());
    // The suite always runs with SDL's dummy video driver (tests/CMakeLists.txt): no video
    // is a broken setup, not a reason to pass.
    ASSERT_TRUE(testing::sdl_system().has_video()) << "no video driver";
  }
};

// Two outputs on the console: the config names one by connector (any case), by the name SDL
// gives, or by index; a name or index that matches none says which there are.
TEST(ChooseDisplay, ByConnectorNameSdlNameOrIndex) {
  std::vector<backends::DisplayInfo> displays(2);
  displays[0] = {.index = 0,
                 .name = "0",
                 .connector = "HDMI-A-1",
                 .bounds = {0, 0, 1920, 1080},
                 .refresh_hz = 60};
  displays[1] = {.index = 1,
                 .name = "DELL U2720Q",
                 .connector = "DP-2",
                 .bounds = {1920, 0, 3840, 2160},
                 .refresh_hz = 30};
  std::string why;
  EXPECT_EQ(backends::choose_display(displays, 0, "DP-2", &why), 1);
  EXPECT_EQ(backends::choose_display(displays, 0, "hdmi-a-1", &why), 0);
  EXPECT_EQ(backends::choose_display(displays, 0, "dell u2720q", &why), 1);
  EXPECT_EQ(backends::choose_display(displays, 1, "", &why), 1);
  EXPECT_TRUE(why.empty()) << why;
  EXPECT_EQ(backends::choose_display(displays, 0, "HDMI-A-2", &why), -1);
  EXPECT_EQ(why,
            "no output is called 'HDMI-A-2' (0: HDMI-A-1 1920x1080 at 60 Hz, 1: DP-2 "
            "'DELL U2720Q' 3840x2160 at 30 Hz)");
  EXPECT_EQ(backends::choose_display(displays, 2, "", &why), -1);
  EXPECT_EQ(why.rfind("display 2 does not exist (0: HDMI-A-1", 0), 0u) << why;
  EXPECT_EQ(backends::describe({}), "none");
}

TEST(TurnedRect, LandsWhereTheTurnedPictureHasIt) {
  // A 40x20 region at (10, 30) of a 100x200 portrait picture.
  const SDL_Rect r{10, 30, 40, 20};
  const auto same = [](SDL_Rect a, SDL_Rect b) {
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
  };
  EXPECT_TRUE(same(app::turned_rect(r, 100, 200, 0), r));
  // Clockwise: the picture's top edge becomes the output's right edge.
  EXPECT_TRUE(same(app::turned_rect(r, 100, 200, 90), SDL_Rect{150, 10, 20, 40}));
  EXPECT_TRUE(same(app::turned_rect(r, 100, 200, 180), SDL_Rect{50, 150, 40, 20}));
  EXPECT_TRUE(same(app::turned_rect(r, 100, 200, 270), SDL_Rect{30, 50, 20, 40}));
}

TEST_F(OutputTest, APortraitScreenIsLaidOutUprightAndPresentedTurned) {
  for (const int rotate : {90, 180, 270}) {
    SCOPED_TRACE(rotate);
    app::Output output(software_window(320, 180, rotate), "turned");
    ASSERT_TRUE(output.ok());
    ASSERT_NE(output.screen(), nullptr);
    backends::SdlCanvas canvas(output.renderer());
    canvas.draw_into(output.screen());
    canvas.begin_frame();
    const render::Size size = canvas.size();
    if (rotate == 180) {
      EXPECT_GT(size.w, size.h);
    } else {
      EXPECT_LT(size.w, size.h) << "a screen on its side is laid out in portrait";
    }
    // Blue, with a red square at the picture's top-left corner.
    canvas.fill_rect({0, 0, size.w, size.h}, {0, 0, 255, 255});
    canvas.fill_rect({0, 0, size.w / 4, size.w / 4}, {255, 0, 0, 255});
    output.present({});
    // Where the picture's top-left corner lands once turned clockwise.
    const SDL_Point corner = rotate == 90    ? SDL_Point{319, 0}
                             : rotate == 180 ? SDL_Point{319, 179}
                                             : SDL_Point{0, 179};
    EXPECT_EQ(pixel(output.window(), corner.x, corner.y), kRed);
    const SDL_Point opposite{319 - corner.x, 179 - corner.y};
    EXPECT_EQ(pixel(output.window(), opposite.x, opposite.y), kBlue);
  }
}

TEST_F(OutputTest, APartialPresentOfATurnedScreenShowsOnlyWhatChanged) {
  app::Output output(software_window(320, 180, 90), "partial");
  ASSERT_TRUE(output.ok() && output.on_surface());
  backends::SdlCanvas canvas(output.renderer());
  canvas.draw_into(output.screen());
  canvas.begin_frame();
  const render::Size size = canvas.size();
  canvas.fill_rect({0, 0, size.w, size.h}, {0, 0, 255, 255});
  output.present({});
  // The next picture is green with a red square, but only the square's region is presented:
  // outside it the screen must still be blue.
  canvas.begin_frame();
  canvas.fill_rect({0, 0, size.w, size.h}, {0, 255, 0, 255});
  const Rect square{size.w / 4, size.h / 8, size.w / 4, size.w / 4};
  canvas.fill_rect(square, {255, 0, 0, 255});
  output.present({canvas.to_physical(square)});
  const SDL_Rect physical = canvas.to_physical(square);
  const SDL_Rect shown = app::turned_rect(physical, 180, 320, 90);
  EXPECT_EQ(pixel(output.window(), shown.x + shown.w / 2, shown.y + shown.h / 2), kRed);
  EXPECT_EQ(pixel(output.window(), shown.x + 1, shown.y + 1), kRed);
  EXPECT_EQ(pixel(output.window(), shown.x + shown.w - 2, shown.y + shown.h - 2), kRed);
  EXPECT_EQ(pixel(output.window(), 2, 2), kBlue);
  EXPECT_EQ(pixel(output.window(), 317, 177), kBlue);
  EXPECT_EQ(pixel(output.window(), shown.x - 4, shown.y + shown.h / 2), kBlue);
  EXPECT_NE(pixel(output.window(), 2, 2), kGreen);
}

TEST_F(OutputTest, TheCanvasFollowsAResizedWindow) {
  for (const int rotate : {0, 90}) {
    SCOPED_TRACE(rotate);
    app::Output output(software_window(320, 180, rotate), "resized");
    ASSERT_TRUE(output.ok());
    backends::SdlCanvas canvas(output.renderer());
    bool released = false;
    output.before_renderer_change([&] {
      canvas.release();
      released = true;
    });
    canvas.draw_into(output.screen());
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    SDL_SetWindowSize(output.window(), 400, 300);
    // What the frame loop does with the events that follow.
    app::Output::Change change = app::Output::Change::none;
    SDL_PumpEvents();
    for (SDL_Event e; SDL_PollEvent(&e);)
      if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
        change = output.handle(e);
    ASSERT_EQ(change, app::Output::Change::renderer);
    EXPECT_TRUE(released) << "the canvas let go of its textures before the renderer went";
    canvas.rebind(output.renderer());
    canvas.draw_into(output.screen());
    canvas.begin_frame();
    const render::Size size = canvas.size();
    // Laid out again at the new shape: 400x300, or 300x400 turned.
    EXPECT_NEAR(size.w / size.h, rotate ? 300.0 / 400 : 400.0 / 300, 0.01);
    canvas.fill_rect({0, 0, size.w, size.h}, {255, 0, 0, 255});
    output.present({});
    EXPECT_EQ(SDL_GetWindowSurface(output.window())->w, 400);
    EXPECT_EQ(pixel(output.window(), 399, 299), kRed) << "the new corner is drawn";
    EXPECT_EQ(pixel(output.window(), 0, 0), kRed);
  }
}

}  // namespace
}  // namespace marquee
