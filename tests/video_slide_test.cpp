// Video slides end to end: YAML diagnostics, real frames on screen, pre-roll, resume, placeholders.
#include <SDL.h>
#include <SDL_image.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "backends/video/test_clips.h"
#include "backends/video_deck.h"
#include "config/loader.h"
#include "golden.h"
#include "headless.h"

namespace {

namespace fs = std::filesystem;
namespace clips = marquee::video::clips;
using namespace std::chrono_literals;
using marquee::Frame;
using marquee::Millis;
using marquee::Show;
using marquee::Slide;
using marquee::VideoSlide;
using marquee::backends::OffscreenCanvas;
using marquee::video::VideoSource;
using Lines = std::vector<std::string>;

// Laid out like a content folder (playlists/ beside assets/) so the content root admits
// the clips; one per test process, removed at exit.
struct Scratch {
  fs::path root = fs::temp_directory_path() / ("marquee-video-slide-" + std::to_string(getpid()));
  Scratch() {
    fs::create_directories(root / "playlists");
    fs::create_directories(root / "assets");
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

const Scratch& scratch() {
  static const Scratch s;
  return s;
}

fs::path asset(const std::string& name) {
  return scratch().root / "assets" / name;
}

void write_file(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// Bars on top (red, green, blue, white; inverted: cyan, magenta, yellow, black), made once.
const fs::path& pattern_clip(bool inverted = false) {
  static const auto make = [](bool invert) {
    const fs::path out = asset(invert ? "bars-inverted.mp4" : "bars.mp4");
    clips::ClipSpec spec;
    spec.seconds = 8;
    spec.invert = invert;
    EXPECT_TRUE(clips::make_pattern_clip(out, spec)) << "needs ffmpeg with libx264";
    return out;
  };
  static const fs::path normal = make(false);
  static const fs::path inverted_clip = make(true);
  return inverted ? inverted_clip : normal;
}

// A clip made once per test process among the scratch assets, by `make`.
const fs::path& made_clip(const std::string& name,
                          const std::function<bool(const fs::path&)>& make) {
  static std::map<std::string, fs::path> made;
  if (const auto found = made.find(name); found != made.end()) return found->second;
  const fs::path out = asset(name);
  EXPECT_TRUE(make(out)) << "needs ffmpeg to make " << name;
  return made.emplace(name, out).first->second;
}

// The pattern in another codec or size; the container follows the name's extension.
const fs::path& pattern_in(const std::string& name, clips::ClipSpec spec) {
  return made_clip(name, [&](const fs::path& out) { return clips::make_pattern_clip(out, spec); });
}

// Files that cannot play, as the crew might drop them in.
const fs::path& unplayable(const std::string& name) {
  return made_clip(name, [&](const fs::path& out) {
    if (name == "audio-only.m4a") return clips::make_audio_clip(out, "aac");
    if (name == "audio-only.mp3") return clips::make_audio_clip(out, "libmp3lame");
    if (name == "random.mp4") {
      std::mt19937 random(42);
      std::string noise(200'000, '\0');
      for (char& c : noise) c = static_cast<char>(random());
      write_file(out, noise);
      return true;
    }
    // cut.webm, cut.mkv, cut.ts: cut inside the first picture of a whole film.
    const std::string extension = fs::path(name).extension().string();
    const std::string codec = extension == ".webm"  ? clips::kVp9
                              : extension == ".mkv" ? clips::kHevc
                                                    : clips::kMpeg2;
    const fs::path& whole = pattern_in("whole" + extension, {.video_codec = codec});
    return clips::cut_inside_first_picture(whole, out);
  });
}

Lines check(const std::string& yaml) {
  const fs::path playlist = scratch().root / "playlists" / "p.yaml";
  Lines out;
  for (const auto& d : marquee::config::load_show_from_string(yaml, playlist).diagnostics)
    out.push_back(marquee::format(d));
  return out;
}

std::string at(int line, int column) {
  return (scratch().root / "playlists" / "p.yaml").string() + ":" + std::to_string(line) + ":" +
         std::to_string(column) + ": error: ";
}

// ---- config ----

TEST(VideoSlideConfig, ReadsEveryOption) {
  ASSERT_FALSE(pattern_clip().empty());
  const auto result = marquee::config::load_show_from_string(
      "slides:\n  - video: { file: ../assets/bars.mp4, fit: cover, audio: true, loop: false, "
      "start: resume }\n    overlays: false\n",
      scratch().root / "playlists" / "p.yaml");
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : format(result.diagnostics[0]));
  const auto& video = std::get<VideoSlide>(result.show->slides.at(0).content);
  EXPECT_EQ(video.file, asset("bars.mp4"));
  EXPECT_EQ(video.fit, marquee::Fit::cover);
  EXPECT_TRUE(video.audio);
  EXPECT_FALSE(video.loop);
  EXPECT_EQ(video.start, VideoSlide::Start::resume);
  EXPECT_STREQ(marquee::kind_name(result.show->slides[0].content), "video");
}

TEST(VideoSlideConfig, DefaultsSuitASilentLoop) {
  ASSERT_FALSE(pattern_clip().empty());
  const auto result =
      marquee::config::load_show_from_string("slides:\n  - video: { file: ../assets/bars.mp4 }\n",
                                             scratch().root / "playlists" / "p.yaml");
  ASSERT_TRUE(result.ok());
  const auto& video = std::get<VideoSlide>(result.show->slides.at(0).content);
  EXPECT_EQ(video.fit, marquee::Fit::contain);
  EXPECT_FALSE(video.audio);
  EXPECT_TRUE(video.loop);
  EXPECT_EQ(video.start, VideoSlide::Start::restart);
}

TEST(VideoSlideConfig, MissingFileIsAnAssetError) {
  EXPECT_EQ(check("slides:\n  - video: { file: ../assets/nope.mp4 }\n"),
            Lines{at(2, 20) + "file not found: ../assets/nope.mp4"});
}

TEST(VideoSlideConfig, EmptyFileCannotPlay) {
  write_file(asset("empty.mp4"), "");
  EXPECT_EQ(check("slides:\n  - video:\n      file: ../assets/empty.mp4\n"),
            Lines{at(3, 13) + "video file is empty; it cannot play"});
}

TEST(VideoSlideConfig, TextAndTruncatedFilesCannotPlay) {
  write_file(asset("notes.mp4"), "these are my notes, not a film\n");
  write_file(asset("cut.mp4"), std::string("\0\0\0\x20"
                                           "ftypisom",
                                           12));
  EXPECT_EQ(check("slides:\n  - video: { file: ../assets/notes.mp4 }\n"
                  "  - video: { file: ../assets/cut.mp4 }\n"),
            (Lines{at(2, 20) + "video file is a text file, not a video; it cannot play",
                   at(3, 20) +
                       "video file is truncated: its 'ftyp' box needs 32 bytes but the file has 12 "
                       "(incomplete copy or download?); it cannot play"}));
}

TEST(VideoSlideConfig, BadOptionsArePositioned) {
  ASSERT_FALSE(pattern_clip().empty());
  EXPECT_EQ(check("slides:\n  - video: { fit: cover }\n"
                  "  - video: { file: ../assets/bars.mp4, start: resum, loop: often }\n"),
            (Lines{at(2, 12) + "video slide needs a 'file'",
                   at(3, 47) + "unknown start 'resum' (did you mean 'resume'?)",
                   at(3, 60) + "'loop' must be true or false, got 'often'"}));
}

TEST(VideoSlideConfig, FilesThatCannotPlayAreRefusedSayingWhy) {
  const auto size = [](const std::string& name) {
    return std::to_string(fs::file_size(asset(name)));
  };
  std::string yaml = "slides:\n";
  for (const char* name :
       {"audio-only.m4a", "audio-only.mp3", "random.mp4", "cut.webm", "cut.mkv", "cut.ts"}) {
    ASSERT_TRUE(fs::exists(unplayable(name))) << name;
    yaml += std::string("  - video: { file: ../assets/") + name + " }\n";
  }
  const std::string cut = "(incomplete copy or download?); it cannot play";
  EXPECT_EQ(
      check(yaml),
      (Lines{
          at(2, 20) + "video file has no video stream: it is audio only (aac); it cannot play",
          at(3, 20) + "video file has no video stream: it is audio only (mp3); it cannot play",
          at(4, 20) + "video file is not a video file: no container format recognises it; it "
                      "cannot play",
          at(5, 20) + "video file is truncated: its Matroska segment needs " + size("whole.webm") +
              " bytes but the file has " + size("cut.webm") + " " + cut,
          at(6, 20) + "video file is truncated: its Matroska segment needs " + size("whole.mkv") +
              " bytes but the file has " + size("cut.mkv") + " " + cut,
          at(7, 20) + "video file is truncated: it ends inside a transport stream packet " + cut}));
}

TEST(VideoSlideConfig, ValidateReportsAMissingVideo) {
  const fs::path playlist = scratch().root / "playlists" / "missing-video.yaml";
  write_file(playlist, "slides:\n  - video: { file: ../assets/gone.mp4 }\n");
  const std::string command =
      std::string(MARQUEE_BINARY) + " validate " + playlist.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 4096> buffer{};
  while (const size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    output.append(buffer.data(), n);
  const int status = pclose(pipe);
  EXPECT_NE(WEXITSTATUS(status), 0) << output;
  EXPECT_NE(output.find("missing-video.yaml:2:20: error: file not found: ../assets/gone.mp4"),
            std::string::npos)
      << output;
}

// ---- on screen ----

using Rgb = clips::Rgb;

Rgb pixel(SDL_Surface* surface, int x, int y) {
  const auto rgb = marquee::golden::as_rgb24(surface);
  const auto* p = static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch + x * 3;
  return {p[0], p[1], p[2]};
}

::testing::AssertionResult near(Rgb got, Rgb want, int tolerance) {
  if (std::abs(got.r - want.r) <= tolerance && std::abs(got.g - want.g) <= tolerance &&
      std::abs(got.b - want.b) <= tolerance)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got (" << got.r << "," << got.g << "," << got.b << "), want (" << want.r << ","
         << want.g << "," << want.b << ")";
}

double mean_brightness(SDL_Surface* surface) {
  const auto rgb = marquee::golden::as_rgb24(surface);
  double sum = 0;
  for (int y = 0; y < rgb->h; ++y) {
    const auto* row = static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch;
    for (int x = 0; x < rgb->w * 3; ++x) sum += row[x];
  }
  return sum / (rgb->w * rgb->h * 3.0);
}

constexpr Rgb kBars[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
constexpr Rgb kInverted[4] = {{0, 255, 255}, {255, 0, 255}, {255, 255, 0}, {0, 0, 0}};

marquee::TitleSlide title(std::string headline) {
  marquee::TitleSlide slide;
  slide.headline = std::move(headline);
  return slide;
}

Show show_of(std::vector<marquee::SlideContent> contents) {
  Show show;
  for (auto& content : contents) {
    Slide slide;
    slide.id = "s" + std::to_string(show.slides.size());
    slide.content = std::move(content);
    slide.overlays = false;
    slide.transition.easing = marquee::Easing::linear;
    show.slides.push_back(std::move(slide));
  }
  return show;
}

// The four bars of a 4:3 clip contained in a 960x540 picture: 720 wide from x = 120.
::testing::AssertionResult shows_bars(SDL_Surface* surface, const Rgb (&bars)[4],
                                      int tolerance = 48) {
  for (int i = 0; i < 4; ++i) {
    const auto result = near(pixel(surface, 120 + (2 * i + 1) * 720 / 8, 135), bars[i], tolerance);
    if (!result) return ::testing::AssertionFailure() << result.message() << " at bar " << i;
  }
  return ::testing::AssertionSuccess();
}

// A picture with a video deck, driven as the player drives its own: the deck is updated
// from the frame (and the frames ahead of it) before each paint.
class DeckScreen {
 public:
  DeckScreen(int w, int h) : picture_(w, h), deck_(picture_.canvas().renderer()) {
    picture_.canvas().show_videos_from(&deck_);
  }
  ~DeckScreen() { picture_.canvas().show_videos_from(nullptr); }

  void show(const Show& show, const Frame& frame, std::vector<Frame> ahead = {}) {
    deck_.update(show, frame, ahead);
    picture_.canvas().begin_frame();
    marquee::render::paint(picture_.canvas(), show, frame);
  }
  // Pre-rolls `upcoming`'s films while nothing is on screen, and waits (up to 3 s) until
  // their first frames are decoded.
  void preroll(const Show& show, const Frame& upcoming) {
    const auto until = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < until) {
      deck_.update(show, Frame{}, std::vector<Frame>{upcoming});
      bool opening = false;
      for (const auto& slide : show.slides)
        if (const auto* video = marquee::video_of(slide))
          opening = opening || deck_.state(video->file) == VideoSource::State::opening;
      if (!opening) return;
      std::this_thread::sleep_for(5ms);
    }
  }
  // Shows `slide` for `how_long`, about 50 frames per second, as the player would;
  // `next` is pre-rolled meanwhile, as the look-ahead would.
  void play(const Show& show, int slide, Millis how_long, std::optional<int> next = {}) {
    const auto until = std::chrono::steady_clock::now() + how_long;
    do {
      std::vector<Frame> ahead;
      if (next) ahead.push_back(marquee::headless::on_air(*next));
      this->show(show, marquee::headless::on_air(slide), ahead);
      std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < until);
  }

  OffscreenCanvas& picture() { return picture_; }
  SDL_Surface* surface() { return picture_.surface(); }
  marquee::backends::VideoDeck& deck() { return deck_; }

 private:
  OffscreenCanvas picture_;
  marquee::backends::VideoDeck deck_;
};

class VideoSlides : public marquee::headless::Renders {
 protected:
  void SetUp() override {
    Renders::SetUp();
    ASSERT_TRUE(clips::have_ffmpeg()) << "the video tests make their clips with ffmpeg";
  }
};

TEST_F(VideoSlides, RenderShowsARealFrameNotThePlaceholder) {
  const Show show = show_of({VideoSlide{pattern_clip(), marquee::Fit::contain}});
  const fs::path out = scratch().root / "render.png";
  std::string error;
  ASSERT_TRUE(marquee::backends::render_png(show, marquee::Instant{}, 960, 540, out, &error))
      << error;
  const marquee::backends::SurfacePtr png(IMG_Load(out.c_str()));
  ASSERT_TRUE(png);
  EXPECT_TRUE(shows_bars(png.get(), kBars));
  // Contain leaves the theme background beside a 4:3 film, not black bars.
  EXPECT_TRUE(near(pixel(png.get(), 40, 270), {0x26, 0x26, 0x26}, 2));
}

// The frame number the pattern clip shows in its bottom blocks, read from the 4:3
// picture contained in 960x540 (720 wide from x = 120).
int frame_number(SDL_Surface* surface) {
  return clips::frame_number_from([&](double fx, double fy) {
    return pixel(surface, 120 + static_cast<int>(fx * 720), static_cast<int>(fy * 540));
  });
}

TEST_F(VideoSlides, RenderShowsTheFilmAtThatMomentAroundItsLength) {
  Show show = show_of({VideoSlide{pattern_clip(), marquee::Fit::contain}});
  show.slides[0].duration = Millis{60'000};
  const auto frame_at = [&](Millis into_slide) {
    const fs::path out = scratch().root / "moment.png";
    std::string error;
    EXPECT_TRUE(
        marquee::backends::render_png(show, marquee::Instant{} + into_slide, 960, 540, out, &error))
        << error;
    const marquee::backends::SurfacePtr png(IMG_Load(out.c_str()));
    return png ? frame_number(png.get()) : -1;
  };
  // 25 fps; the clip is 8 s long, so 11.2 s into the slide is 3.2 s into its second loop.
  EXPECT_EQ(frame_at(Millis{0}), 0);
  EXPECT_EQ(frame_at(Millis{3200}), 80);
  EXPECT_EQ(frame_at(Millis{11'200}), 80);
  EXPECT_EQ(frame_at(Millis{5000}), 125);
  EXPECT_EQ(frame_at(Millis{5039}), 125) << "the frame at or before the mark, not the nearest";
}

struct Moment {
  const char* name;
  clips::ClipSpec spec;
  friend void PrintTo(const Moment& m, std::ostream* os) { *os << m.name; }
};

class VideoMoments : public VideoSlides, public ::testing::WithParamInterface<Moment> {};

TEST_P(VideoMoments, RenderShowsTheFrameAtOrBeforeTheMarkOnEveryRun) {
  const Moment& clip = GetParam();
  Show show = show_of({VideoSlide{pattern_in(clip.name, clip.spec), marquee::Fit::contain}});
  show.slides[0].duration = Millis{60'000};
  const double aspect = double(clip.spec.width) / clip.spec.height;
  const int film_width = std::min(960, static_cast<int>(540 * aspect));
  for (const Millis at : {Millis{2000}, Millis{2510}}) {
    for (int run = 0; run < 3; ++run) {
      const fs::path out = scratch().root / (std::string("moment-") + clip.name + ".png");
      std::string error;
      ASSERT_TRUE(
          marquee::backends::render_png(show, marquee::Instant{} + at, 960, 540, out, &error))
          << error;
      const marquee::backends::SurfacePtr png(IMG_Load(out.c_str()));
      ASSERT_TRUE(png);
      const int x0 = (960 - film_width) / 2;
      const int number = clips::frame_number_from([&](double fx, double fy) {
        return pixel(png.get(), x0 + static_cast<int>(fx * film_width), static_cast<int>(fy * 540));
      });
      EXPECT_EQ(number, clips::frame_at(at, clip.spec.fps))
          << clip.name << " at " << at.count() << " ms, run " << run;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    VideoSlides, VideoMoments,
    ::testing::Values(
        Moment{"h264-720p60.mp4", {.width = 1280, .height = 720, .fps = 60, .seconds = 4}},
        Moment{"h264-1080p30.mp4", {.width = 1920, .height = 1080, .fps = 30, .seconds = 4}},
        Moment{"mpeg2.ts",
               {.width = 640, .height = 480, .seconds = 4, .video_codec = clips::kMpeg2}},
        Moment{"vp9.webm", {.width = 640, .height = 480, .seconds = 4, .video_codec = clips::kVp9}},
        Moment{"hevc.mkv",
               {.width = 640, .height = 480, .seconds = 4, .video_codec = clips::kHevc}}),
    [](const auto& test) {
      std::string name = test.param.name;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

TEST_F(VideoSlides, RenderOfAFileThatCannotPlayShowsThePlaceholderAndSaysWhyOnce) {
  for (const char* name : {"audio-only.mp3", "random.mp4", "cut.webm", "cut.mkv", "cut.ts"}) {
    SCOPED_TRACE(name);
    const fs::path& file = unplayable(name);
    const Show show = show_of({VideoSlide{file}});
    clips::CapturedLog log;
    DeckScreen screen(960, 540);
    const Frame frame = marquee::headless::on_air(0, 2s);
    EXPECT_FALSE(screen.deck().cue(show, frame));
    screen.picture().canvas().begin_frame();
    marquee::render::paint(screen.picture().canvas(), show, frame);
    EXPECT_TRUE(near(pixel(screen.surface(), 480, 36), {0xEE, 0x4C, 0x2C}, 2)) << "placeholder";
    // Nothing was left for libvlc to try, so nothing waited for its first frame.
    EXPECT_EQ(screen.deck().state(file), marquee::video::VideoSource::State::idle);
    EXPECT_EQ(log.lines_with(file.string()).size(), 1u);
  }
}

TEST_F(VideoSlides, CoverFillsTheScreen) {
  const Show show = show_of({VideoSlide{pattern_clip(), marquee::Fit::cover}});
  OffscreenCanvas& picture = canvas(960, 540);
  marquee::backends::paint_moment(picture, show, marquee::headless::on_air(0));
  // Scaled by 3 and cropped 30 source rows at the top: the bars reach the screen's edges.
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(near(pixel(picture.surface(), (2 * i + 1) * 960 / 8, 60), kBars[i], 48)) << i;
}

TEST_F(VideoSlides, CrossfadeIntoAPreRolledVideoShowsItFromTheStart) {
  Show show = show_of({title("A"), VideoSlide{pattern_clip()}});
  const Frame frame = marquee::headless::crossing(marquee::headless::on_air(1, 40ms), 0, 0.05,
                                                  marquee::Easing::linear);
  OffscreenCanvas& picture = canvas(960, 540);
  marquee::backends::paint_moment(picture, show, frame);
  // 5% of each bar over 95% of the outgoing slide's background, channel by channel: a
  // placeholder or a black frame in its place gives other colours.
  const Rgb background{0x26, 0x26, 0x26};
  for (int i = 0; i < 4; ++i) {
    const Rgb bar = kBars[i];
    const Rgb want{static_cast<int>(background.r * 0.95 + bar.r * 0.05),
                   static_cast<int>(background.g * 0.95 + bar.g * 0.05),
                   static_cast<int>(background.b * 0.95 + bar.b * 0.05)};
    EXPECT_TRUE(near(pixel(picture.surface(), 120 + (2 * i + 1) * 720 / 8, 135), want, 4)) << i;
  }
}

struct Broken {
  const char* name;
  std::string (*bytes)();
};

class BrokenVideos : public VideoSlides, public ::testing::WithParamInterface<Broken> {};

TEST_P(BrokenVideos, ShowThePlaceholderNeverBlack) {
  const fs::path file = asset(GetParam().name);
  if (std::string(GetParam().name) != "missing.mp4") write_file(file, GetParam().bytes());
  const Show show = show_of({VideoSlide{file}});
  OffscreenCanvas& picture = canvas(960, 540);
  marquee::backends::paint_moment(picture, show, marquee::headless::on_air(0));
  // The placeholder's accent frame along the safe area's top edge (72 virtual px = 36 px).
  EXPECT_TRUE(near(pixel(picture.surface(), 480, 36), {0xEE, 0x4C, 0x2C}, 2));
  // Its panel and text make the picture brighter than the bare background.
  EXPECT_GT(mean_brightness(picture.surface()), 0x26 + 4.0);
}

INSTANTIATE_TEST_SUITE_P(
    VideoSlides, BrokenVideos,
    ::testing::Values(Broken{"missing.mp4", [] { return std::string(); }},
                      Broken{"empty.mp4", [] { return std::string(); }},
                      Broken{"truncated.mp4",
                             [] {
                               std::ifstream in(pattern_clip(), std::ios::binary);
                               std::string all{std::istreambuf_iterator<char>(in), {}};
                               return all.substr(0, all.size() / 2);
                             }},
                      Broken{"noise.mp4",
                             [] {
                               std::mt19937 random(7);
                               std::string noise(64 * 1024, '\0');
                               for (char& c : noise) c = static_cast<char>(random() & 0xFF);
                               return noise;
                             }}),
    [](const auto& test) {
      std::string name = test.param.name;
      return name.substr(0, name.find('.'));
    });

// Runs the same show away and back: where the film is when its slide returns. Away for
// longer than the deck keeps a player, `released` tells whether it let go of libvlc's.
Millis position_after_returning(VideoSlide::Start start, Millis* before_leaving, Millis away = 0ms,
                                bool* released = nullptr) {
  const fs::path film = asset(start == VideoSlide::Start::resume ? "resume.mp4" : "restart.mp4");
  fs::copy_file(pattern_clip(), film, fs::copy_options::overwrite_existing);
  VideoSlide video{film};
  video.start = start;
  const Show show = show_of({video, title("Meanwhile")});
  DeckScreen screen(960, 540);
  screen.preroll(show, marquee::headless::on_air(0));
  screen.play(show, 0, 1500ms);
  *before_leaving = screen.deck().position(film).value_or(Millis{-1});
  if (away > 0ms) {
    screen.play(show, 1, away);
    if (released) *released = screen.deck().players() == 0;
  }
  // As the player does: the slide coming up again is pre-rolled while the other is on.
  screen.play(show, 1, 500ms, 0);
  // A released film is opened again, which under load can take longer than the pre-roll.
  using State = marquee::video::VideoSource::State;
  for (int i = 0; i < 50 && screen.deck().state(film) == State::opening; ++i)
    screen.play(show, 1, 100ms, 0);
  // Long enough for libvlc to report a time past the one it paused at.
  screen.play(show, 0, 400ms);
  return screen.deck().position(film).value_or(Millis{-1});
}

TEST_F(VideoSlides, ResumeContinuesWhereTheSlideLeftOff) {
  Millis before{0};
  const Millis after = position_after_returning(VideoSlide::Start::resume, &before);
  EXPECT_GT(before, 800ms);
  EXPECT_GT(after, before);
  EXPECT_LT(after, before + 1000ms);  // paused while away, not playing on in the background
}

TEST_F(VideoSlides, ResumeContinuesWhereItLeftOffAfterItsPlayerWasLetGo) {
  Millis before{0};
  bool released = false;
  const Millis after =
      position_after_returning(VideoSlide::Start::resume, &before,
                               marquee::backends::VideoDeck::kForgetAfter + 1000ms, &released);
  EXPECT_TRUE(released);  // libvlc's pictures are not held while the rest of the show plays
  EXPECT_GT(before, 800ms);
  // At its place, not from the start (a restart reads under 600 ms here). Just after a
  // reopen libvlc's clock can still read the place itself, so it need not be past it yet.
  EXPECT_GE(after, before - 100ms);
  EXPECT_LT(after, before + 1000ms);
}

TEST_F(VideoSlides, RestartStartsOverWhenTheSlideReturns) {
  Millis before{0};
  const Millis after = position_after_returning(VideoSlide::Start::restart, &before);
  EXPECT_GT(before, 800ms);
  EXPECT_LT(after, 600ms);
}

TEST_F(VideoSlides, AReplacedFileIsPickedUpWhenTheSlideComesUpAgain) {
  const fs::path film = asset("replaced.mp4");
  fs::copy_file(pattern_clip(), film, fs::copy_options::overwrite_existing);
  VideoSlide video{film};
  video.start = VideoSlide::Start::resume;
  const Show show = show_of({video, title("Meanwhile")});
  DeckScreen screen(960, 540);
  screen.preroll(show, marquee::headless::on_air(0));
  screen.play(show, 0, 300ms);
  EXPECT_TRUE(shows_bars(screen.surface(), kBars));
  screen.play(show, 1, 100ms);

  // As an editor would: the new film is written beside the old one and renamed over it.
  const fs::path partial = asset("replaced.mp4.part");
  fs::copy_file(pattern_clip(true), partial, fs::copy_options::overwrite_existing);
  fs::rename(partial, film);
  screen.play(show, 1, 100ms, 0);  // the film comes up next: pre-rolled again
  screen.preroll(show, marquee::headless::on_air(0));
  screen.play(show, 0, 200ms);
  EXPECT_TRUE(shows_bars(screen.surface(), kInverted));
}

TEST_F(VideoSlides, FramesAreUploadedOncePerDecodedFrame) {
  const Show show = show_of({VideoSlide{pattern_clip()}});
  DeckScreen screen(960, 540);
  screen.preroll(show, marquee::headless::on_air(0));
  // Far fewer frames than 20 updates (each painted twice) arrive in the ~0.1 s these take
  // (the clip runs at 25 fps), and painting never uploads.
  const auto began = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    screen.show(show, marquee::headless::on_air(0));
    marquee::render::paint(screen.picture().canvas(), show, marquee::headless::on_air(0));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  EXPECT_GE(screen.deck().uploads(), 1u);
  EXPECT_LE(screen.deck().uploads(), 2 + static_cast<std::size_t>(seconds * 25 * 1.5));
  EXPECT_LT(screen.deck().uploads(), 20u);
}

// ---- upload paths ----

// A solid-colour frame in either layout, as VideoSource hands it over.
struct SyntheticFrame {
  std::vector<std::uint8_t> bytes;
  marquee::video::FrameView view;

  static SyntheticFrame i420(int w, int h, std::uint8_t y, std::uint8_t u, std::uint8_t v) {
    SyntheticFrame f;
    const int pitch = w + 16;  // padded like libvlc's rows
    f.bytes.assign(static_cast<std::size_t>(pitch * h + pitch * h / 2), 0);
    std::fill_n(f.bytes.begin(), pitch * h, y);
    std::fill_n(f.bytes.begin() + pitch * h, pitch / 2 * h / 2, u);
    std::fill_n(f.bytes.begin() + pitch * h + pitch / 2 * h / 2, pitch / 2 * h / 2, v);
    f.view.layout = marquee::video::PixelLayout::i420;
    f.view.planes = {f.bytes.data(), f.bytes.data() + pitch * h,
                     f.bytes.data() + pitch * h + pitch / 2 * h / 2};
    f.view.pitches = {pitch, pitch / 2, pitch / 2};
    f.view.width = w;
    f.view.height = h;
    return f;
  }
  static SyntheticFrame xrgb(int w, int h, Rgb c) {
    SyntheticFrame f;
    for (int i = 0; i < w * h; ++i)
      f.bytes.insert(f.bytes.end(), {static_cast<std::uint8_t>(c.b), static_cast<std::uint8_t>(c.g),
                                     static_cast<std::uint8_t>(c.r), 255});
    f.view.planes = {f.bytes.data(), nullptr, nullptr};
    f.view.pitches = {w * 4, 0, 0};
    f.view.width = w;
    f.view.height = h;
    return f;
  }
};

// Draws the frame through a VideoTexture onto a software-rendered surface.
Rgb drawn(const marquee::video::FrameView& frame, Uint32 i420_format) {
  marquee::backends::SurfacePtr screen(
      SDL_CreateRGBSurfaceWithFormat(0, frame.width, frame.height, 32, SDL_PIXELFORMAT_RGB888));
  marquee::backends::RendererPtr renderer(SDL_CreateSoftwareRenderer(screen.get()));
  marquee::backends::VideoTexture texture(renderer.get(), i420_format, "synthetic.mp4");
  EXPECT_TRUE(texture.upload(frame));
  SDL_RenderCopy(renderer.get(), texture.texture(), nullptr, nullptr);
  SDL_RenderFlush(renderer.get());
  return pixel(screen.get(), frame.width / 2, frame.height / 2);
}

TEST(VideoTexture, SoftwareRendererConvertsIntoTheScreensOwnFormat) {
  marquee::backends::SurfacePtr screen(
      SDL_CreateRGBSurfaceWithFormat(0, 64, 48, 32, SDL_PIXELFORMAT_RGB888));
  marquee::backends::RendererPtr renderer(SDL_CreateSoftwareRenderer(screen.get()));
  EXPECT_EQ(marquee::backends::i420_texture_format(renderer.get()), SDL_PIXELFORMAT_RGB888);
}

TEST(VideoTexture, EveryPathShowsTheFramesColour) {
  // BT.601 limited range, which SDL applies to pictures up to 576 lines tall.
  const auto red = SyntheticFrame::i420(64, 48, 81, 90, 240);
  const auto teal = SyntheticFrame::i420(64, 48, 120, 150, 70);
  for (const Uint32 format :
       {SDL_PIXELFORMAT_RGB888, SDL_PIXELFORMAT_BGR888, SDL_PIXELFORMAT_IYUV}) {
    const char* name = SDL_GetPixelFormatName(format);
    EXPECT_TRUE(near(drawn(red.view, format), {255, 0, 0}, 6)) << name;
    EXPECT_TRUE(near(drawn(teal.view, format), {28, 160, 165}, 6)) << name;
    const auto xrgb = SyntheticFrame::xrgb(64, 48, {12, 34, 200});  // libvlc's RGB frames
    EXPECT_TRUE(near(drawn(xrgb.view, format), {12, 34, 200}, 0)) << name;
  }
}

// Random pictures, so that a rounding difference between two conversions shows.
SyntheticFrame noisy_i420(int w, int h, unsigned seed) {
  auto f = SyntheticFrame::i420(w, h, 0, 0, 0);
  std::mt19937 random(seed);
  for (auto& byte : f.bytes) byte = static_cast<std::uint8_t>(random());
  return f;
}

// The pixels of `a` and `b` inside `where` are the same (golden::identical on the crops).
bool same_pixels(SDL_Surface* a, SDL_Surface* b, const SDL_Rect& where) {
  const auto crop = [&](SDL_Surface* s) {
    marquee::backends::SurfacePtr part(
        SDL_CreateRGBSurfaceWithFormat(0, where.w, where.h, 32, s->format->format));
    SDL_Rect from = where;
    SDL_BlitSurface(s, &from, part.get(), nullptr);
    return part;
  };
  return marquee::golden::identical(crop(a).get(), crop(b).get());
}

TEST(VideoTexture, AFrameConvertedOntoTheSurfaceHasTheTexturesPixelsWholeOrInPart) {
  using marquee::backends::SurfacePtr;
  // 1080p (rows in whole 32-pixel runs) and a size whose rows end in a partial run. With
  // SDL choosing the matrix by size (BT.601 up to 576 lines, BT.709 above; SDL's default is
  // BT.601 for all), a part of a 1080p frame must keep the frame's.
  const SDL_YUV_CONVERSION_MODE mode = SDL_GetYUVConversionMode();
  SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_AUTOMATIC);
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1000, 560}}) {
    const auto frame = noisy_i420(w, h, static_cast<unsigned>(w));
    SurfacePtr through_texture(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888));
    marquee::backends::RendererPtr renderer(SDL_CreateSoftwareRenderer(through_texture.get()));
    marquee::backends::VideoTexture picture(renderer.get(), SDL_PIXELFORMAT_RGB888, "noise.mp4");
    picture.keep(frame.view);
    SurfacePtr onto(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888));
    ASSERT_TRUE(picture.convert_onto(onto.get(), {0, 0, w, h}, {0, 0}));
    SDL_RenderCopy(renderer.get(), picture.texture(), nullptr, nullptr);
    SDL_RenderFlush(renderer.get());
    EXPECT_TRUE(same_pixels(onto.get(), through_texture.get(), {0, 0, w, h}))
        << w << "x" << h << " whole";

    std::mt19937 random(7);
    const auto below = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    picture.keep(frame.view);  // kept again: texture() had converted it in
    for (int i = 0; i < 40; ++i) {
      SDL_FillRect(onto.get(), nullptr, 0x123456);
      const int x = below(w - 1), y = below(h - 1);
      const SDL_Rect part{x, y, 1 + below(w - x), 1 + below(h - y)};
      ASSERT_TRUE(picture.convert_onto(onto.get(), part, {part.x, part.y}));
      EXPECT_TRUE(same_pixels(onto.get(), through_texture.get(), part))
          << w << "x" << h << " part " << part.x << "," << part.y << " " << part.w << "x" << part.h;
      // Nothing outside the part is drawn on.
      const Uint32* px = static_cast<const Uint32*>(onto->pixels);
      if (part.x > 0) {
        EXPECT_EQ(px[part.y * w + part.x - 1] & 0xffffff, 0x123456u);
      }
      if (part.y + part.h < h) {
        EXPECT_EQ(px[(part.y + part.h) * w + part.x] & 0xffffff, 0x123456u);
      }
    }
    // Outside the frame or the surface, or without a kept frame: nothing, and false.
    EXPECT_FALSE(picture.convert_onto(onto.get(), {w - 10, 0, 20, 10}, {0, 0}));
    EXPECT_FALSE(picture.convert_onto(onto.get(), {0, 0, 20, 10}, {w - 10, 0}));
    picture.texture();
    EXPECT_FALSE(picture.convert_onto(onto.get(), {0, 0, w, h}, {0, 0}));
  }
  SDL_SetYUVConversionMode(mode);
}

TEST(VideoTexture, OnlyAnXrgbSurfaceIsConvertedOnto) {
  const auto frame = noisy_i420(64, 48, 1);
  marquee::backends::SurfacePtr argb(
      SDL_CreateRGBSurfaceWithFormat(0, 64, 48, 32, SDL_PIXELFORMAT_ARGB8888));
  marquee::backends::RendererPtr renderer(SDL_CreateSoftwareRenderer(argb.get()));
  marquee::backends::VideoTexture picture(renderer.get(), SDL_PIXELFORMAT_RGB888, "noise.mp4");
  picture.keep(frame.view);
  EXPECT_FALSE(picture.convert_onto(argb.get(), {0, 0, 64, 48}, {0, 0}));
  EXPECT_NE(picture.texture(), nullptr);  // the texture path still draws it
}

TEST_F(VideoSlides, AFilmAtItsOwnSizeGoesStraightOntoTheWindowWithTheTexturesPixels) {
  clips::ClipSpec spec;
  spec.width = 640;
  spec.height = 360;
  const Show show = show_of({VideoSlide{pattern_in("bars-640x360.mp4", spec)}});
  DeckScreen screen(640, 360);
  auto& canvas = screen.picture().canvas();
  screen.preroll(show, marquee::headless::on_air(0));
  // As `marquee play` draws on a window's surface.
  canvas.draw_into(nullptr, screen.surface());
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (canvas.stats().films_onto_surface == 0 && std::chrono::steady_clock::now() < until) {
    screen.show(show, marquee::headless::on_air(0));
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_GE(canvas.stats().films_onto_surface, 1u) << "the film never went onto the surface";
  const auto copy = [](SDL_Surface* s) {
    return marquee::backends::SurfacePtr(SDL_ConvertSurface(s, s->format, 0));
  };
  const auto whole = copy(screen.surface());
  // Red, green, blue and white bars across the top half, at the film's own size.
  const Rgb bars[] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(near(pixel(whole.get(), 80 + 160 * i, 90), bars[i], 48)) << "bar " << i;

  // A repaint clipped to a box (an overlay's) converts only that box, the same pixels.
  SDL_FillRect(screen.surface(), nullptr, SDL_MapRGB(screen.surface()->format, 255, 0, 255));
  const SDL_Rect box{101, 37, 203, 151};
  const double scale = canvas.scale();
  const auto onto_whole = canvas.stats().films_onto_surface;
  canvas.begin_frame();
  canvas.push_clip({box.x / scale, box.y / scale, box.w / scale, box.h / scale});
  marquee::render::paint(canvas, show, marquee::headless::on_air(0));
  canvas.pop_clip();
  EXPECT_EQ(canvas.stats().films_onto_surface, onto_whole + 1);
  EXPECT_TRUE(same_pixels(screen.surface(), whole.get(), box));
  EXPECT_TRUE(near(pixel(screen.surface(), box.x - 1, box.y), {255, 0, 255}, 0))
      << "drawn outside the clip";

  // The same frame through the texture, as every other renderer draws it.
  canvas.draw_into(nullptr, nullptr);
  const auto onto_before = canvas.stats().films_onto_surface;
  canvas.begin_frame();
  marquee::render::paint(canvas, show, marquee::headless::on_air(0));
  EXPECT_EQ(canvas.stats().films_onto_surface, onto_before);
  EXPECT_TRUE(marquee::golden::identical(screen.surface(), whole.get()));
}

}  // namespace
