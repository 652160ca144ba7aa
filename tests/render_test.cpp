// Render tests: text layout and painters headless, golden images of every slide kind and fade.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "backends/fonts.h"
#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "golden.h"
#include "headless.h"
#include "render/draw_list.h"
#include "render/paint.h"
#include "render/painters.h"
#include "render/text_layout.h"
#include "render/transition.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using backends::OffscreenCanvas;
using render::DrawOp;
using render::ListCanvas;
using render::TextStyle;

const fs::path kImages = fs::path(MARQUEE_TEST_DATA) / "images";

// ---------------------------------------------------------------------------------------
// Text layout, measured by the headless ListCanvas: 0.5 em per code point, lines 1.25 em tall.

TextStyle style(double size, double min_size = 0, Align align = Align::left) {
  TextStyle s;
  s.size = size;
  s.min_size = min_size;
  s.align = align;
  return s;
}

std::vector<std::string> lines_of(const render::TextLayout& layout) {
  std::vector<std::string> out;
  for (const auto& line : layout.lines) out.push_back(line.text);
  return out;
}

TEST(TextLayout, WrapsBetweenWords) {
  ListCanvas canvas;
  // 10 px text advances 5 units a character: ten characters per 50-unit line.
  const auto layout = render::wrap_text(canvas, style(10), "aaaa bbbb cccc dd", 50);
  EXPECT_EQ(lines_of(layout), (std::vector<std::string>{"aaaa bbbb", "cccc dd"}));
  EXPECT_DOUBLE_EQ(layout.extent.w, 45);
  EXPECT_DOUBLE_EQ(layout.extent.h, 25);
}

TEST(TextLayout, KeepsExplicitLineBreaksAndCollapsesSpaces) {
  ListCanvas canvas;
  const auto layout = render::wrap_text(canvas, style(10), "one  two\n\nthree", 100);
  EXPECT_EQ(lines_of(layout), (std::vector<std::string>{"one two", "", "three"}));
}

TEST(TextLayout, BreaksAWordWiderThanTheBoxBetweenCharacters) {
  ListCanvas canvas;
  const auto layout = render::wrap_text(canvas, style(10), "abcdefghijkl", 25);
  EXPECT_EQ(lines_of(layout), (std::vector<std::string>{"abcde", "fghij", "kl"}));
}

TEST(TextLayout, FitKeepsTheLargestSizeWhenTheTextFits) {
  ListCanvas canvas;
  const auto layout = render::fit_text(canvas, style(100, 20), "Welcome", {1000, 200});
  EXPECT_DOUBLE_EQ(layout.size, 100);
  EXPECT_FALSE(layout.ellipsized);
}

TEST(TextLayout, FitShrinksToTheLargestSizeThatFits) {
  ListCanvas canvas;
  // "Welcome to the show" is 19 characters: on one 400-wide line it needs size <= 42;
  // in two lines ("Welcome to" / "the show", 10 characters) 1.25 * 2 * size <= 100
  // needs size <= 40. One line at 42 wins.
  const auto layout = render::fit_text(canvas, style(100, 10), "Welcome to the show", {400, 100});
  EXPECT_DOUBLE_EQ(layout.size, 42);
  EXPECT_EQ(layout.lines.size(), 1u);
}

TEST(TextLayout, FitPrefersShrinkingToBreakingAWord) {
  ListCanvas canvas;
  const auto layout = render::fit_text(canvas, style(40, 10), "Supercalifragilistic", {200, 400});
  EXPECT_EQ(layout.lines.size(), 1u);
  EXPECT_DOUBLE_EQ(layout.size, 20);
}

TEST(TextLayout, EllipsizesOnlyAtTheFloor) {
  ListCanvas canvas;
  TextStyle s = style(40, 20);
  s.max_lines = 2;
  const auto layout = render::fit_text(
      canvas, s, "one two three four five six seven eight nine ten eleven twelve", {200, 1000});
  EXPECT_DOUBLE_EQ(layout.size, 20);
  ASSERT_EQ(layout.lines.size(), 2u);
  EXPECT_TRUE(layout.ellipsized);
  EXPECT_EQ(layout.lines[1].text, "five six seven\xE2\x80\xA6");
  for (const auto& line : layout.lines) EXPECT_LE(line.width, 200);
}

TEST(TextLayout, AlignsEachLineInTheBox) {
  ListCanvas canvas;
  const auto center = render::wrap_text(canvas, style(10, 0, Align::center), "ab\nabcd", 100);
  EXPECT_DOUBLE_EQ(center.lines[0].x, 45);
  EXPECT_DOUBLE_EQ(center.lines[1].x, 40);
  const auto right = render::wrap_text(canvas, style(10, 0, Align::right), "ab", 100);
  EXPECT_DOUBLE_EQ(right.lines[0].x, 90);
}

TEST(TextLayout, LineSpacingSeparatesLines) {
  ListCanvas canvas;
  TextStyle s = style(10);
  s.line_spacing = 1.5;
  const auto layout = render::wrap_text(canvas, s, "a\nb\nc", 100);
  EXPECT_DOUBLE_EQ(layout.lines[2].y, 2 * 12.5 * 1.5);
  EXPECT_DOUBLE_EQ(layout.extent.h, 12.5 + 2 * 12.5 * 1.5);
}

// ---------------------------------------------------------------------------------------
// Painters on the recording canvas.

Show base_show() {
  Show show;
  show.screen = "expo-hall-north";
  show.theme.name = "pytorch-conf-2024";
  return show;
}

Slide title_slide(std::string id, std::string headline, std::string body, Align align,
                  std::string kicker = {}) {
  Slide slide;
  slide.id = std::move(id);
  slide.content = TitleSlide{std::move(headline), std::move(body), std::move(kicker), align};
  return slide;
}

Slide image_slide(std::string id, fs::path file, Fit fit, std::string caption = {},
                  std::optional<Color> background = {}) {
  Slide slide;
  slide.id = std::move(id);
  slide.content = ImageSlide{std::move(file), fit, std::move(caption), background};
  return slide;
}

Frame on_air(int slide) {
  return headless::on_air(slide);
}

Frame crossfade(int from, int to, double progress) {
  return headless::crossing(headless::on_air(to), from, progress);
}

bool has_text(const ListCanvas& canvas, const std::string& text) {
  const auto texts = canvas.texts();
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

TEST(Painters, EveryFrameStartsWithTheThemeBackground) {
  Show show = base_show();
  show.slides.push_back(title_slide("a", "Hello", "", Align::center));
  for (const Frame& frame : {on_air(0), on_air(-1)}) {
    ListCanvas canvas;
    render::paint(canvas, show, frame);
    // The first thing drawn, inside the slide's picture group.
    const auto first = std::find_if(canvas.ops().begin(), canvas.ops().end(), [](const DrawOp& op) {
      return op.kind != DrawOp::Kind::group;
    });
    ASSERT_NE(first, canvas.ops().end());
    EXPECT_EQ(first->kind, DrawOp::Kind::fill);
    EXPECT_EQ(first->color, show.theme.background);
    EXPECT_DOUBLE_EQ(first->rect.w, 1920);
  }
}

TEST(Painters, IdleScreenNamesTheScreen) {
  ListCanvas canvas;
  render::paint(canvas, base_show(), on_air(-1));
  EXPECT_TRUE(has_text(canvas, "expo-hall-north"));
}

TEST(Painters, UnreadableImageDrawsANamedPlaceholder) {
  Show show = base_show();
  show.slides.push_back(image_slide("map", "/nowhere/venue-map.png", Fit::cover));
  ListCanvas canvas;
  render::paint(canvas, show, on_air(0));
  EXPECT_TRUE(has_text(canvas, "image unavailable"));
  EXPECT_TRUE(has_text(canvas, "venue-map.png"));
  const auto accent = std::count_if(canvas.ops().begin(), canvas.ops().end(), [&](const auto& op) {
    return op.kind == DrawOp::Kind::fill && op.color == show.theme.accent;
  });
  EXPECT_EQ(accent, 4);  // the frame
}

TEST(Painters, ContainKeepsTheImageInsideTheSafeArea) {
  Show show = base_show();
  show.slides.push_back(image_slide("map", "/map.png", Fit::contain));
  ListCanvas canvas;
  canvas.add_image("/map.png", {1000, 1000});
  render::paint(canvas, show, on_air(0));
  const auto image = std::find_if(canvas.ops().begin(), canvas.ops().end(),
                                  [](const auto& op) { return op.kind == DrawOp::Kind::image; });
  ASSERT_NE(image, canvas.ops().end());
  EXPECT_DOUBLE_EQ(image->rect.h, 1080 - 2 * 72);
  EXPECT_DOUBLE_EQ(image->rect.x + image->rect.w / 2, 960);
}

TEST(Painters, TransitionEndsSkipLayersAndTheMiddleBlendsThem) {
  Show show = base_show();
  show.slides.push_back(title_slide("a", "A", "", Align::center));
  show.slides.push_back(title_slide("b", "B", "", Align::center));
  auto layers = [&](double progress) {
    ListCanvas canvas;
    render::paint(canvas, show, crossfade(0, 1, progress));
    std::vector<DrawOp> out;
    for (const auto& op : canvas.ops()) {
      if (op.kind == DrawOp::Kind::layer) out.push_back(op);
    }
    return std::pair{out, canvas.texts()};
  };
  EXPECT_TRUE(layers(0).first.empty());
  EXPECT_EQ(layers(0).second, std::vector<std::string>{"A"});
  EXPECT_TRUE(layers(1).first.empty());
  EXPECT_EQ(layers(1).second, std::vector<std::string>{"B"});
  const auto middle = layers(0.5).first;
  ASSERT_EQ(middle.size(), 2u);
  EXPECT_EQ(middle[0].layer, render::kOutgoingLayer);
  EXPECT_DOUBLE_EQ(middle[0].value, 1);
  EXPECT_EQ(middle[1].layer, render::kIncomingLayer);
  EXPECT_DOUBLE_EQ(middle[1].value, ease(show.slides[1].transition.easing, 0.5));
}

// ---------------------------------------------------------------------------------------
// Golden images: 960x540 software renders.

backends::SdlSystem& sdl() {
  static backends::SdlSystem system(backends::SdlSystem::Video::optional);
  return system;
}

class Golden : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(sdl().ok()) << sdl().error(); }

  // Renders a frame at a size and keeps the picture for comparisons.
  SDL_Surface* render(const Show& show, const Frame& frame, int w = 960, int h = 540) {
    pictures_.push_back(std::make_unique<OffscreenCanvas>(w, h));
    OffscreenCanvas& picture = *pictures_.back();
    EXPECT_TRUE(picture.ok()) << picture.error();
    picture.canvas().begin_frame();
    render::paint(picture.canvas(), show, frame);
    return picture.surface();
  }

  std::vector<std::unique_ptr<OffscreenCanvas>> pictures_;
  marquee::testing::ScratchDir scratch_{"render"};
};

constexpr const char* kLongHeadline =
    "Welcome to PyTorch Conference 2024: two days, three tracks, a startup showcase and two "
    "mini summits";
constexpr const char* kBody =
    "Keynotes in the Festival Pavilion on Pier 3. The expo hall, registration, coffee and the "
    "job board are in the Gateway Pavilion on Pier 2.";

TEST_F(Golden, TitleLeft) {
  Show show = base_show();
  show.slides.push_back(title_slide("welcome", kLongHeadline, kBody, Align::left,
                                    "Fort Mason Center · San Francisco"));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "title_left"));
}

TEST_F(Golden, TitleCenter) {
  Show show = base_show();
  show.slides.push_back(title_slide("showcase", "Sponsor showcase opens when the keynotes end",
                                    "Gateway Pavilion, Pier 2 · drinks, snacks and the poster "
                                    "session at the welcome reception, 5:30 p.m.",
                                    Align::center, "Today"));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "title_center"));
}

TEST_F(Golden, TitleRight) {
  Show show = base_show();
  std::string body;
  for (int i = 0; i < 4; ++i) body += std::string(kBody) + " ";
  show.slides.push_back(title_slide("growth", "From 300 to 1,700 attendees in two years", body,
                                    Align::right, "PyTorch Foundation"));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "title_right"));
}

TEST_F(Golden, TitlePortrait) {
  Show show = base_show();
  show.slides.push_back(
      title_slide("welcome", kLongHeadline, kBody, Align::center, "Fort Mason Center"));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0), 540, 960), "title_portrait"));
}

TEST_F(Golden, ImageContain) {
  Show show = base_show();
  show.slides.push_back(image_slide("gradient", kImages / "gradient.png", Fit::contain,
                                    "A 4:3 PNG, contained in the safe area"));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "image_contain"));
}

TEST_F(Golden, ImageCover) {
  Show show = base_show();
  show.slides.push_back(image_slide("sunset", kImages / "photo.jpg", Fit::cover,
                                    "A portrait JPEG covering a landscape screen"));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "image_cover"));
}

TEST_F(Golden, ImageSvgOnBackgroundColour) {
  Show show = base_show();
  show.slides.push_back(
      image_slide("logo", kImages / "logo.svg", Fit::contain, {}, Color{0xFF, 0xFF, 0xFF}));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "image_svg"));
}

TEST_F(Golden, MissingImagePlaceholder) {
  Show show = base_show();
  show.slides.push_back(image_slide("map", kImages / "venue-map-missing.png", Fit::cover));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "image_missing"));
}

TEST_F(Golden, CorruptImagePlaceholder) {
  const fs::path file = scratch_ / "sponsor-wall.png";
  {
    std::ofstream garbage(file, std::ios::binary);
    garbage << "\x89PNG\r\n\x1a\n this is not really a png, just bytes "
            << std::string(500, '\x5a');
  }
  Show show = base_show();
  show.slides.push_back(image_slide("wall", file, Fit::contain, "Thanks to our sponsors"));
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(0)), "image_corrupt"));
}

TEST_F(Golden, IdleScreen) {
  Show show = base_show();
  show.theme.logo = kImages / "logo.svg";
  EXPECT_TRUE(golden::matches_golden(render(show, on_air(-1)), "idle"));
}

class Crossfade : public Golden {
 protected:
  Crossfade() {
    show_ = base_show();
    show_.slides.push_back(
        title_slide("welcome", "Welcome to PyTorch Conference 2024", kBody, Align::center));
    show_.slides.push_back(
        image_slide("gradient", kImages / "gradient.png", Fit::cover, "Gateway Pavilion, Pier 2"));
    show_.slides[1].transition = {TransitionKind::fade, Millis(800), Easing::linear};
  }
  Show show_;
};

TEST_F(Crossfade, StartIsExactlyTheOutgoingSlide) {
  EXPECT_TRUE(golden::identical(render(show_, crossfade(0, 1, 0)), render(show_, on_air(0))));
}

TEST_F(Crossfade, EndIsExactlyTheIncomingSlide) {
  EXPECT_TRUE(golden::identical(render(show_, crossfade(0, 1, 1)), render(show_, on_air(1))));
}

TEST_F(Crossfade, Middle) {
  EXPECT_TRUE(golden::matches_golden(render(show_, crossfade(0, 1, 0.5)), "crossfade_half"));
}

TEST_F(Crossfade, LayersReproduceTheSlidesTheyHold) {
  // Just after the start the blend is all but the outgoing slide, drawn through layers.
  const auto c = golden::compare(render(show_, crossfade(0, 1, 1e-4)), render(show_, on_air(0)));
  EXPECT_EQ(c.worst, 0);
}

// The half-width strip of a 960x540 render starting at x.
backends::SurfacePtr strip(SDL_Surface* s, int x) {
  backends::SurfacePtr part(SDL_CreateRGBSurfaceWithFormat(0, 480, 540, 32, s->format->format));
  SDL_Rect src{x, 0, 480, 540};
  SDL_BlitSurface(s, &src, part.get(), nullptr);
  return part;
}

TEST_F(Crossfade, PushLeftSlidesBothSlidesByTheProgress) {
  show_.slides[1].transition.kind = TransitionKind::push_left;
  SDL_Surface* push = render(show_, crossfade(0, 1, 0.5));
  SDL_Surface* outgoing = render(show_, on_air(0));
  SDL_Surface* incoming = render(show_, on_air(1));
  EXPECT_TRUE(golden::identical(strip(push, 0).get(), strip(outgoing, 480).get()));
  EXPECT_TRUE(golden::identical(strip(push, 480).get(), strip(incoming, 0).get()));
}

TEST_F(Crossfade, WipeRevealsTheIncomingSlideFromTheLeft) {
  show_.slides[1].transition.kind = TransitionKind::wipe;
  SDL_Surface* wipe = render(show_, crossfade(0, 1, 0.5));
  SDL_Surface* outgoing = render(show_, on_air(0));
  SDL_Surface* incoming = render(show_, on_air(1));
  EXPECT_TRUE(golden::identical(strip(wipe, 0).get(), strip(incoming, 0).get()));
  EXPECT_TRUE(golden::identical(strip(wipe, 480).get(), strip(outgoing, 480).get()));
}

// ---------------------------------------------------------------------------------------
// Contact sheets.

Show sheet_show(int slides) {
  Show show = base_show();
  show.theme.logo = kImages / "logo.svg";
  const std::vector<Slide> kinds = {
      title_slide("welcome", "Welcome to PyTorch Conference 2024",
                  "Fort Mason Center for Arts and Culture, San Francisco", Align::center,
                  "18-19 September"),
      image_slide("venue-map", kImages / "gradient.png", Fit::contain, "Pier 2 and Pier 3"),
      title_slide("keynotes", "Keynotes in the Festival Pavilion, Pier 3", kBody, Align::left),
      image_slide("sunset", kImages / "photo.jpg", Fit::cover, "Reception at 5:30 p.m."),
      image_slide("sponsor-wall-with-a-very-long-identifier", kImages / "missing.png",
                  Fit::contain),
      title_slide("raffle", "Scavenger hunt raffle daily at 3:45 p.m.", "", Align::right),
  };
  for (int i = 0; i < slides; ++i) {
    Slide slide = kinds[i % kinds.size()];
    if (i >= static_cast<int>(kinds.size())) slide.id += "-" + std::to_string(i);
    slide.duration = Millis(1000 * (8 + 7 * (i % 3)));
    show.slides.push_back(std::move(slide));
  }
  return show;
}

class ContactSheet : public Golden {
 protected:
  fs::path out(const std::string& name) { return scratch_ / name; }
};

TEST_F(ContactSheet, Golden) {
  const fs::path file = out("sheet.png");
  std::string error;
  ASSERT_TRUE(backends::render_contact_sheet(sheet_show(6), 960, 540, file, &error)) << error;
  backends::SurfacePtr sheet(IMG_Load(file.c_str()));
  ASSERT_TRUE(sheet);
  EXPECT_TRUE(golden::matches_golden(sheet.get(), "contact_sheet"));
}

TEST_F(ContactSheet, GrowsTallerRatherThanShrinkingThumbnails) {
  const fs::path file = out("sheet-many.png");
  std::string error;
  ASSERT_TRUE(backends::render_contact_sheet(sheet_show(30), 1920, 1080, file, &error)) << error;
  backends::SurfacePtr sheet(IMG_Load(file.c_str()));
  ASSERT_TRUE(sheet);
  EXPECT_EQ(sheet->w, 1920);
  EXPECT_GT(sheet->h, 1080);
}

TEST_F(ContactSheet, ReportsAnUnwritableFile) {
  std::string error;
  EXPECT_FALSE(backends::render_contact_sheet(sheet_show(1), 960, 540, "/nonexistent-dir/sheet.png",
                                              &error));
  EXPECT_NE(error.find("/nonexistent-dir/sheet.png"), std::string::npos) << error;
}

TEST_F(Golden, RenderPngWritesTheFrameOnAir) {
  const fs::path file = scratch_ / "frame.png";
  Show show = sheet_show(1);
  std::string error;
  ASSERT_TRUE(backends::render_png(show, Instant{}, 1280, 720, file, &error)) << error;
  backends::SurfacePtr frame(IMG_Load(file.c_str()));
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->w, 1280);
  EXPECT_EQ(frame->h, 720);
}

// ---------------------------------------------------------------------------------------
// The SDL canvas's caches and font lookup.

TEST_F(Golden, SteadyFramesRasteriseAndDecodeNothing) {
  Show show = base_show();
  show.slides.push_back(title_slide("welcome", kLongHeadline, kBody, Align::left, "Kicker"));
  show.slides.push_back(image_slide("sunset", kImages / "photo.jpg", Fit::cover, "Caption"));
  OffscreenCanvas picture(960, 540);
  ASSERT_TRUE(picture.ok()) << picture.error();
  auto frame = [&](const Frame& f) {
    picture.canvas().begin_frame();
    render::paint(picture.canvas(), show, f);
    return picture.canvas().stats();
  };
  const auto first = frame(crossfade(0, 1, 0.5));
  EXPECT_GT(first.texts_rasterised, 0u);
  EXPECT_EQ(first.images_decoded, 1u);
  const auto second = frame(crossfade(0, 1, 0.7));
  EXPECT_EQ(second.texts_rasterised, first.texts_rasterised);
  EXPECT_EQ(second.images_decoded, first.images_decoded);
}

TEST_F(Golden, TextUnusedForAQuarterHourOfShowTimeIsLetGo) {
  Show show = base_show();
  show.slides.push_back(title_slide("welcome", "Welcome", "Fort Mason", Align::left, "Kicker"));
  show.slides.push_back(title_slide("lunch", "Lunch", "Gallery 2", Align::left, "Kicker"));
  OffscreenCanvas picture(960, 540);
  ASSERT_TRUE(picture.ok()) << picture.error();
  const Instant t0{std::chrono::hours(24 * 365 * 54)};
  auto rasterised_at = [&](int slide, Instant t) {
    picture.canvas().begin_frame(t);
    Frame frame = on_air(slide);
    frame.now = t;
    render::paint(picture.canvas(), show, frame);
    return picture.canvas().stats().texts_rasterised;
  };
  const auto welcome = rasterised_at(0, t0);
  const auto lunch = rasterised_at(1, t0 + std::chrono::minutes(1));
  EXPECT_GT(lunch, welcome);
  // Welcome again within the quarter hour: cached. Lunch stays away for 16 minutes.
  EXPECT_EQ(rasterised_at(0, t0 + std::chrono::minutes(10)), lunch);
  EXPECT_EQ(rasterised_at(0, t0 + std::chrono::minutes(17)), lunch);
  EXPECT_GT(rasterised_at(1, t0 + std::chrono::minutes(18)), lunch) << "lunch was let go";
}

TEST(Fonts, FamilyAndWeightPickTheFile) {
  EXPECT_EQ(fs::path(backends::font_file({"Inter", "", 700})).filename(), "Inter-Bold.otf");
  EXPECT_EQ(fs::path(backends::font_file({"Inter", "", 400})).filename(), "Inter-Regular.otf");
}

TEST(Fonts, UnknownFamilyFallsBackToDejaVuSans) {
  const fs::path file = backends::font_file({"No Such Family 12345", "", 400});
  EXPECT_EQ(file.filename(), "DejaVuSans.ttf");
}

}  // namespace
}  // namespace marquee
