// End-to-end: runs the built marquee binary's validate, render and preview verbs.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "run_marquee.h"
#include "scratch_dir.h"

namespace {

namespace fs = std::filesystem;

using marquee::testing::Outcome;

Outcome run(const std::string& args, const std::string& env = "") {
  return marquee::testing::run_marquee(args, env);
}

// Width and height from a PNG's IHDR chunk.
std::pair<int, int> png_size(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<unsigned char, 24> head{};
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  if (!in || head[1] != 'P' || head[2] != 'N' || head[3] != 'G') return {0, 0};
  auto be32 = [&](int at) {
    return (head[at] << 24) | (head[at + 1] << 16) | (head[at + 2] << 8) | head[at + 3];
  };
  return {be32(16), be32(20)};
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// One scratch folder per test process, removed at exit.
fs::path scratch(const std::string& name) {
  static const marquee::testing::ScratchDir dir("cli");
  return dir / name;
}

TEST(Cli, ValidateAcceptsTheDemoContent) {
  const Outcome r =
      run("validate playlists/expo-hall.yaml playlists/keynote-stage.yaml "
          "themes/pytorch-conf-2024.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("playlists/expo-hall.yaml: ok"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("themes/pytorch-conf-2024.yaml: ok (theme)"), std::string::npos)
      << r.output;
}

TEST(Cli, ValidatePrintsPositionedErrorsAndExitsOne) {
  const Outcome r = run("validate tests/data/cli/typo.yaml playlists/expo-hall.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("tests/data/cli/typo.yaml:6:5: error: unknown key 'durration' (did "
                          "you mean 'duration'?)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("playlists/expo-hall.yaml: ok"), std::string::npos) << r.output;
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("validate").exit_code, 2);
  EXPECT_EQ(run("render playlists/expo-hall.yaml --out x.png --size big").exit_code, 2);
  EXPECT_EQ(run("bogus-verb").exit_code, 2);
  EXPECT_EQ(
      run("render playlists/expo-hall.yaml --at yesterday --out " + scratch("never.png").string())
          .exit_code,
      2);
}

TEST(Cli, EveryVerbHasHelp) {
  for (const char* verb : {"validate", "render", "preview", "play"}) {
    const Outcome r = run(std::string(verb) + " --help");
    EXPECT_EQ(r.exit_code, 0) << verb;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << verb << r.output;
  }
}

TEST(Cli, RenderWritesTheFrameOfThatMomentInVenueTime) {
  const fs::path local = scratch("local.png"), utc = scratch("utc.png"),
                 later = scratch("later.png");
  Outcome r = run("render playlists/expo-hall.yaml --at 2024-09-18T12:05:00 --size 640x360 --out " +
                  local.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(png_size(local), std::make_pair(640, 360));
  // 12:05 PDT is 19:05 UTC: the same frame.
  r = run("render playlists/expo-hall.yaml --at 2024-09-18T19:05:00Z --size 640x360 --out " +
          utc.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(slurp(local), slurp(utc));
  r = run("render playlists/expo-hall.yaml --at 2024-09-18T12:05:20-07:00 --size 640x360 --out " +
          later.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(slurp(local), slurp(later));
}

TEST(Cli, RenderRefusesAnInvalidPlaylist) {
  const Outcome r = run("render tests/data/cli/typo.yaml --out " + scratch("typo.png").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("typo.yaml:6:5: error"), std::string::npos) << r.output;
}

TEST(Cli, PreviewWritesAContactSheet) {
  const fs::path sheet = scratch("sheet.png");
  fs::remove(sheet);
  const Outcome r = run("preview playlists/expo-hall.yaml --size 1280x720 --out " + sheet.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto [w, h] = png_size(sheet);
  EXPECT_EQ(w, 1280);
  EXPECT_GE(h, 720);
}

// As on a fresh machine with no display and no login session: no SDL driver chosen,
// no XDG_RUNTIME_DIR, and a temp folder of the test's own for the one marquee makes.
std::string bare_environment() {
  return "env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR -u SDL_VIDEODRIVER TMPDIR=" +
         scratch("").string();
}

TEST(Cli, RenderAndPreviewSayOnlyWhatTheyWrote) {
  // What the demo shows a newcomer: no "error: XDG_RUNTIME_DIR ..." from a display probe,
  // nothing from libvlc (the expo hall has a film).
  const fs::path frame = scratch("quiet-frame.png"), sheet = scratch("quiet-sheet.png");
  Outcome r = run("render playlists/expo-hall.yaml --at 2024-09-18T12:05:00 --size 640x360 --out " +
                      frame.string(),
                  bare_environment());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, "wrote " + frame.string() + "\n");
  r = run("preview playlists/expo-hall.yaml --size 640x360 --out " + sheet.string(),
          bare_environment());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, "wrote " + sheet.string() + "\n");
}

TEST(Cli, PlayWithoutALoginSessionMakesItsOwnRuntimeFolder) {
  // SDL's Wayland driver is the one that complains when XDG_RUNTIME_DIR is missing. Here
  // it finds no compositor either way; what matters is that it does so quietly.
  // It would wait for a display; --seconds ends the wait.
  const Outcome r = run("play playlists/keynote-stage.yaml --window 320x180 --seconds 1.5",
                        bare_environment() + " SDL_VIDEODRIVER=wayland");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(r.output.find("XDG_RUNTIME_DIR"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no display available"), std::string::npos) << r.output;
}

}  // namespace

namespace {

TEST(Cli, PlayRunsHeadlessForSomeFramesAndExitsCleanly) {
  // The dummy video driver gives a window with no display; --frames ends the loop.
  const Outcome r = run("play playlists/keynote-stage.yaml --window 320x180 --frames 5");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("playing on 320x180"), std::string::npos) << r.output;
}

// "presented N of M frames", as play logs it at exit; -1 when missing.
long presented_frames(const std::string& output) {
  const auto at = output.find("presented ");
  return at == std::string::npos ? -1 : std::stol(output.substr(at + 10));
}

// M of "presented N of M frames": how often the loop woke.
long loop_ticks(const std::string& output) {
  const auto at = output.find(" of ", output.find("presented "));
  return at == std::string::npos ? -1 : std::stol(output.substr(at + 4));
}

TEST(Cli, PlayPresentsAStillSlideOnceAndATickerEveryFrame) {
  const fs::path playlist = scratch("still.yaml");
  std::ofstream(playlist) << "screen: lobby\nslides:\n"
                             "  - title: { headline: Welcome to PyTorch Conference 2024 }\n";
  const std::string args = "play " + playlist.string() + " --window 320x180 --seconds 2";
  Outcome r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The first frame, and a repaint for a window event at most; the loop sleeps between
  // watchdog pings (once a second) instead of waking 60 times a second.
  EXPECT_GE(presented_frames(r.output), 1) << r.output;
  EXPECT_LE(presented_frames(r.output), 2) << r.output;
  EXPECT_LE(loop_ticks(r.output), 5) << r.output;

  std::ofstream(playlist, std::ios::app)
      << "overlays:\n  ticker: { messages: [\"Share your photos with #PyTorchConf\"] }\n";
  r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The crawl moves whole screen pixels: at 320x180 one is 6 virtual pixels, about three
  // frames at 120 virtual pixels a second, so not every frame is new.
  EXPECT_GE(presented_frames(r.output), 10) << r.output;
}

TEST(Cli, PlayRefusesAnInvalidPlaylistWithItsDiagnostics) {
  const Outcome r = run("play tests/data/cli/typo.yaml --window 320x180 --frames 5");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("typo.yaml:6:5: error: unknown key 'durration'"), std::string::npos)
      << r.output;
}

}  // namespace

namespace {

TEST(Cli, PlayStartsOnTheLastGoodCopyWhenThePlaylistIsBroken) {
  const fs::path dir = scratch("last-good");
  fs::remove_all(dir);
  fs::create_directories(dir / "screens");
  const fs::path playlist = dir / "screens" / "hall.yaml";
  const std::string state = "MARQUEE_STATE_DIR=" + (dir / "state").string();
  const std::string args = "play " + playlist.string() + " --window 320x180 --frames 3";
  std::ofstream(playlist) << "screen: hall\nslides:\n  - title: { headline: Good }\n";
  Outcome r = run(args, state);
  ASSERT_EQ(r.exit_code, 0) << r.output;  // this run keeps the last-good copy

  std::ofstream(playlist, std::ios::trunc)
      << "screen: hall\nslides:\n  - title: { headline: Bad }\n"
         "    durration: 10s\n";
  r = run(args, state);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("hall.yaml:4:5: error: unknown key 'durration'"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("playing its last good copy"), std::string::npos) << r.output;

  // Without a last-good copy a broken playlist cannot start.
  fs::remove_all(dir / "state");
  EXPECT_EQ(run(args, state).exit_code, 1);
}

}  // namespace

namespace {

// A screen config in this process's scratch folder.
fs::path screen_config(const std::string& name, const std::string& yaml) {
  const fs::path file = scratch(name);
  std::ofstream(file, std::ios::trunc) << yaml;
  return file;
}

const std::string kKeynote = std::string(MARQUEE_SOURCE_DIR) + "/playlists/keynote-stage.yaml";

TEST(Cli, ValidateChecksAScreenConfigWithItsPlaylist) {
  const fs::path good = screen_config("good.yaml", "playlist: " + kKeynote + "\nrotate: 90\n");
  Outcome r = run("validate " + good.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(good.string() + ": ok (screen config; " + kKeynote + ": "),
            std::string::npos)
      << r.output;

  const fs::path typo = screen_config("typo.yaml", "playlist: " + kKeynote + "\nroate: 90\n");
  r = run("validate " + typo.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(typo.string() + ":2:1: error: unknown key 'roate' (did you mean "
                                          "'rotate'?)"),
            std::string::npos)
      << r.output;

  // The playlist's own problems are the config's too.
  const fs::path broken =
      screen_config("broken.yaml",
                    "playlist: " + std::string(MARQUEE_SOURCE_DIR) + "/tests/data/cli/typo.yaml\n");
  r = run("validate " + broken.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("typo.yaml:6:5: error: unknown key 'durration'"), std::string::npos)
      << r.output;
}

TEST(Cli, PlayTakesThePlaylistAndTheOutputFromTheScreenConfig) {
  const fs::path config =
      screen_config("second-output.yaml", "playlist: " + kKeynote + "\ndisplay: 1\n");
  Outcome r = run("play --config " + config.string() + " --window 320x180 --frames 3");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("playing on 320x180"), std::string::npos) << r.output;
  // The dummy driver has one output, so display 1 reached the player and fell back.
  EXPECT_NE(r.output.find("display 1 does not exist"), std::string::npos) << r.output;

  // What the command line says wins.
  r = run("play --config " + config.string() + " --display 0 --window 320x180 --frames 3");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("does not exist"), std::string::npos) << r.output;

  EXPECT_EQ(run("play --window 320x180 --frames 3").exit_code, 2);
  const fs::path empty = screen_config("no-playlist.yaml", "rotate: 90\n");
  r = run("play --config " + empty.string() + " --window 320x180 --frames 3");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("no-playlist.yaml:1:1: error: the screen config names no playlist"),
            std::string::npos)
      << r.output;
}

TEST(Cli, UnderSystemdTheLastGoodCopyIsKeptInTheUnitsStateDirectory) {
  const fs::path state = scratch("systemd-state");
  fs::remove_all(state);
  fs::create_directories(state);
  const Outcome r = run("play " + kKeynote + " --window 320x180 --frames 2",
                        "env -u MARQUEE_STATE_DIR STATE_DIRECTORY=" + state.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  int copies = 0;
  for (const auto& entry : fs::directory_iterator(state))
    copies += entry.path().filename().string().starts_with("last-good-") ? 1 : 0;
  EXPECT_EQ(copies, 1);
}

}  // namespace
