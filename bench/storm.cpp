// Storm: hostile live edits in a loop while the player plays, watching memory and every frame.
#include <SDL.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/player.h"
#include "backends/live_show.h"
#include "backends/memory.h"
#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "config/loader.h"

namespace {

using namespace marquee;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

long status_kib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(field + ":")) return std::atol(line.c_str() + field.size() + 1);
  return -1;
}

void reset_peak() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// As an editor or a copy over the network would: the new bytes beside, renamed over.
void replace(const fs::path& file, const std::string& bytes) {
  const fs::path part = file.string() + ".part";
  std::ofstream(part, std::ios::binary | std::ios::trunc) << bytes;
  fs::rename(part, file);
}

// A picture no screen would show black: some sampled pixel is not black.
bool shows_content(SDL_Surface* surface) {
  SDL_LockSurface(surface);
  bool lit = false;
  for (int y = 8; y < surface->h && !lit; y += surface->h / 9)
    for (int x = 8; x < surface->w && !lit; x += surface->w / 16) {
      const auto pixel = *reinterpret_cast<const Uint32*>(
          static_cast<const Uint8*>(surface->pixels) + y * surface->pitch + x * 4);
      lit = (pixel & 0xFFFFFF) != 0;
    }
  SDL_UnlockSurface(surface);
  return lit;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"marquee storm: hostile live edits while the player plays, watching memory"};
  int cycles = 3;
  int width = 1280, height = 720;
  long budget_mib = 64, settle_mib = 10;
  cli.add_option("--cycles", cycles, "rounds of edits (each about 13 s)");
  cli.add_option("--width", width, "picture width");
  cli.add_option("--height", height, "picture height");
  cli.add_option("--budget", budget_mib, "MiB the peak may rise over the baseline");
  cli.add_option("--settle", settle_mib, "MiB RSS may stay above the baseline once edits stop");
  CLI11_PARSE(cli, argc, argv);
  backends::keep_large_blocks_off_the_heap();  // as marquee itself runs
  spdlog::set_level(spdlog::level::critical);  // every edit is meant to be refused or taken

  // A content folder of our own (playlists/, themes/, assets/ side by side) to break.
  const fs::path root = fs::temp_directory_path() / ("marquee-storm-" + std::to_string(getpid()));
  fs::create_directories(root);
  const fs::path source = MARQUEE_SOURCE_DIR;
  for (const char* dir : {"playlists", "themes", "assets"})
    fs::copy(source / dir, root / dir, fs::copy_options::recursive);
  const fs::path playlist = root / "playlists" / "expo-hall.yaml";
  const fs::path theme = root / "themes" / "pytorch-conf-2024.yaml";
  const fs::path map = root / "assets" / "images" / "venue-map.png";
  const fs::path film = root / "assets" / "video" / "pytorch-documentary-placeholder.mp4";
  const std::string theme_text = slurp(theme), map_bytes = slurp(map), film_bytes = slurp(film);
  const std::string bogus_png =
      slurp(fs::path(MARQUEE_SOURCE_DIR) / "tests" / "data" / "images" / "claims-20000x20000.png");
  std::string garbage(map_bytes.size(), '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i)
    garbage[i] = static_cast<char>(i * 2654435761u >> 13);

  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  auto loaded = config::load_show(playlist);
  if (!sdl.ok() || !loaded.ok()) {
    std::fprintf(stderr, "storm: cannot start (%s)\n", sdl.ok() ? "playlist" : sdl.error().c_str());
    return 1;
  }
  backends::OffscreenCanvas picture(width, height);
  auto live_show = std::make_unique<backends::LiveShow>(playlist, std::move(*loaded.show));
  backends::LiveShow& live = *live_show;
  long frames = 0, dark = 0;
  app::Player player(picture.canvas(), live,
                     [&](const std::vector<SDL_Rect>&) {
                       ++frames;
                       if (!shows_content(picture.surface())) ++dark;
                     },
                     {.partial = true});

  // The show's clock runs in real time from a conference morning, so the watcher's
  // debounce and the film's decoding see the edits as a screen would.
  const Instant morning =
      Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} + 17h;  // 10:00 PDT
  const auto started = Steady::now();
  const auto now = [&] { return morning + date::floor<Millis>(Steady::now() - started); };
  const auto play_for = [&](Millis how_long) {
    for (const auto until = Steady::now() + how_long; Steady::now() < until;) {
      player.tick(now());
      std::this_thread::sleep_for(33ms);
    }
  };
  const auto show_slide = [&](const char* id) { player.operate(GotoAction{id}, now(), "storm"); };

  // Warm-up: every slide the storm will break has been on air once, whole. It ends on the
  // film, so the baseline holds libvlc's player as the storm's peak does (the deck lets a
  // film's player go once its slide has been away for a while).
  for (const char* id : {"welcome", "venue", "documentary"}) {
    show_slide(id);
    play_for(3s);
  }
  const long baseline = status_kib("VmRSS");
  reset_peak();
  for (int cycle = 0; cycle < cycles; ++cycle) {
    show_slide("venue");
    play_for(1s);
    replace(map, garbage);  // overwritten with garbage
    play_for(1s);
    replace(map, bogus_png);  // a header claiming 20000x20000
    play_for(1s);
    replace(map, map_bytes);
    play_for(1s);
    fs::remove(theme);  // deleted, restored 3 s later
    play_for(3s);
    replace(theme, theme_text);
    play_for(1s);
    show_slide("documentary");
    play_for(1s);
    replace(film, film_bytes.substr(0, film_bytes.size() / 3));  // a truncated copy
    play_for(2s);
    replace(film, film_bytes);
    play_for(2s);
  }
  const long peak = status_kib("VmHWM");
  show_slide("welcome");
  play_for(5s);  // the film's player is let go kForgetAfter after it leaves
  const long settled = status_kib("VmRSS");
  const int swaps = live.swaps();
  live_show.reset();  // before its folder goes
  std::error_code ignored;
  fs::remove_all(root, ignored);

  std::printf("storm: %d cycles in %.0f s: %ld frames presented, %ld without content, %d swaps\n",
              cycles, std::chrono::duration<double>(Steady::now() - started).count(), frames, dark,
              swaps);
  std::printf("storm: RSS baseline %ld KiB, peak %ld KiB (+%ld), settled %ld KiB (+%ld)\n",
              baseline, peak, peak - baseline, settled, settled - baseline);
  bool ok = true;
  if (dark > 0) {
    std::printf("storm: FAILED: %ld frames showed nothing\n", dark);
    ok = false;
  }
#if !defined(__SANITIZE_ADDRESS__)  // ASan's quarantine holds what is freed
  if (peak - baseline > budget_mib * 1024) {
    std::printf("storm: FAILED: the peak rose %ld KiB over the baseline (budget %ld MiB)\n",
                peak - baseline, budget_mib);
    ok = false;
  }
  if (settled - baseline > settle_mib * 1024) {
    std::printf("storm: FAILED: RSS stayed %ld KiB over the baseline (limit %ld MiB)\n",
                settled - baseline, settle_mib);
    ok = false;
  }
#endif
  return ok ? 0 : 1;
}
