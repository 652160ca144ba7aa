// Soak: days of playlist time on an accelerated clock, with reloads, watching memory for growth.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

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

long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The soak's own edits stand in for the file watcher: it reloads at moments it picks on
// its accelerated clock, and the player splices the new show in as it does on a screen.
class EditedPlaylist final : public backends::ShowFeed {
 public:
  explicit EditedPlaylist(Show show) : show_(std::make_shared<const Show>(std::move(show))) {}
  std::shared_ptr<const Show> current() const override { return show_; }
  bool edit_rejected() const override { return rejected_; }
  void swap_in(Show show) {
    show_ = std::make_shared<const Show>(std::move(show));
    rejected_ = false;
  }
  void reject() { rejected_ = true; }

 private:
  std::shared_ptr<const Show> show_;
  bool rejected_ = false;
};

struct Screen {
  fs::path playlist;
  std::unique_ptr<EditedPlaylist> edits;
  std::unique_ptr<app::Player> player;
  long transitions = 0, swaps = 0, rejected = 0;
  long measured_from = 0;  // transitions done when warm-up ended
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"marquee soak: hours of playlist time, rendered headless on an accelerated clock"};
  double hours = 24;
  double warmup_hours = 24;
  int width = 320, height = 180;
  int reload_every = 40;
  std::vector<std::string> playlists = {
      std::string(MARQUEE_SOURCE_DIR) + "/playlists/expo-hall.yaml",
      std::string(MARQUEE_SOURCE_DIR) + "/playlists/keynote-stage.yaml"};
  std::string start = "2024-09-18";
  cli.add_option("--hours", hours, "playlist time over which RSS growth is measured");
  cli.add_option("--warmup-hours", warmup_hours,
                 "playlist time played first: every windowed slide, text and video has been "
                 "through once before RSS is measured");
  cli.add_option("--size", width, "frame width (height follows 16:9)");
  cli.add_option("--reload-every", reload_every, "transitions between reloads (half are broken)");
  cli.add_option("--playlist", playlists, "playlists to soak");
  bool trace = false;
  cli.add_flag("--trace", trace, "print RSS and the heap in use at every hour of playlist time");
  CLI11_PARSE(cli, argc, argv);
  backends::keep_large_blocks_off_the_heap();  // as marquee itself runs
  height = width * 9 / 16;
  spdlog::set_level(spdlog::level::warn);

  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  if (!sdl.ok()) {
    std::fprintf(stderr, "soak: %s\n", sdl.error().c_str());
    return 1;
  }
  // Each screen reloads from a scratch copy of its playlist that the soak edits: valid
  // edits swap in, broken ones must be rejected and leave the show on air.
  backends::OffscreenCanvas picture(width, height);
  if (!picture.ok()) {
    std::fprintf(stderr, "soak: %s\n", picture.error().c_str());
    return 1;
  }
  std::vector<Screen> screens;
  for (const auto& p : playlists) {
    const fs::path original = fs::absolute(p);
    const fs::path copy = original.parent_path() / (".soak-" + std::to_string(getpid()) + "-" +
                                                    original.filename().string());
    fs::copy_file(original, copy, fs::copy_options::overwrite_existing);
    auto loaded = config::load_show(copy);
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", format(d).c_str());
      return 1;
    }
    Screen screen{copy, std::make_unique<EditedPlaylist>(std::move(*loaded.show)), nullptr};
    // Both screens draw on one picture, as two screens would on their own.
    screen.player = std::make_unique<app::Player>(picture.canvas(), *screen.edits, nullptr);
    screens.push_back(std::move(screen));
  }

  std::istringstream day_text(start);
  date::local_days day;
  day_text >> date::parse("%F", day);
  const auto* zone = screens.front().edits->current()->zone;
  const Instant begin = date::floor<Millis>(zone->to_sys(date::local_seconds{day}));
  const auto playlist_hours = [](double h) {
    return date::floor<Millis>(std::chrono::duration<double, std::ratio<3600>>(h));
  };
  const Instant warmup_end = begin + playlist_hours(warmup_hours);
  const Instant end = warmup_end + playlist_hours(hours);

  long frames = 0, rss_after_warmup = 0, rss_peak = 0;
  const long rss_start = rss_kib();
  const auto wall_start = std::chrono::steady_clock::now();
  // Screens advance in lockstep, so warm-up covers the same hours of every playlist.
  std::vector<Instant> clocks(screens.size(), begin);
  Instant next_trace = begin;
  while (true) {
    const auto next = std::min_element(clocks.begin(), clocks.end());
    if (*next >= end) break;
    Screen& screen = screens[next - clocks.begin()];
    Instant& t = *next;
    const Frame frame = screen.player->tick(t).frame;
    // Three frames per slide: mid-transition, just after it, and settled.
    for (const Millis offset : {Millis{300}, Millis{900}, Millis{4000}}) {
      const Instant at = frame.slide_start + offset;
      if (at >= frame.slide_end || at <= t) continue;
      screen.player->tick(at);
      ++frames;
    }
    ++screen.transitions;
    if (screen.transitions % reload_every == 0) {
      // Alternate a valid edit (a retimed slide) with a broken one (a typo).
      const std::string original = slurp(screen.playlist);
      const bool broken = (screen.transitions / reload_every) % 2 == 0;
      std::string edited = original;
      const auto at_defaults = edited.find("defaults:");
      if (broken)
        edited.insert(0, "durration: 10s\n");
      else if (at_defaults != std::string::npos)
        edited.insert(at_defaults, "# edited\n");
      std::ofstream(screen.playlist, std::ios::trunc) << edited;
      auto reloaded = config::load_show(screen.playlist);
      if (reloaded.ok()) {
        screen.edits->swap_in(std::move(*reloaded.show));
        ++screen.swaps;
      } else {
        screen.edits->reject();
        ++screen.rejected;
      }
      std::ofstream(screen.playlist, std::ios::trunc) << original;
    }
    t = std::max(frame.slide_end, t + 1ms);
    const Instant slowest = *std::min_element(clocks.begin(), clocks.end());
    if (rss_after_warmup == 0 && slowest >= warmup_end) {
      rss_after_warmup = rss_kib();
      for (auto& s : screens) s.measured_from = s.transitions;
    }
    if (rss_after_warmup != 0) rss_peak = std::max(rss_peak, rss_kib());
    if (trace && slowest >= next_trace) {
      const struct mallinfo2 heap = mallinfo2();
      std::printf("soak: hour %2ld: RSS %ld KiB, heap in use %zu KiB, free in heap %zu KiB\n",
                  static_cast<long>((next_trace - begin) / std::chrono::hours(1)), rss_kib(),
                  (heap.uordblks + heap.hblkhd) / 1024, heap.fordblks / 1024);
      next_trace += std::chrono::hours(1);
    }
  }
  const long rss_end = rss_kib();
  for (auto& screen : screens) fs::remove(screen.playlist);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  long transitions = 0, swaps = 0, rejected = 0, measured = 0;
  for (const auto& s : screens) {
    transitions += s.transitions;
    measured += s.transitions - s.measured_from;
    swaps += s.swaps;
    rejected += s.rejected;
  }
  const long growth = rss_end - rss_after_warmup;
  std::printf(
      "soak: %.1f h warm-up + %.1f h measured of playlist time on %zu screens in %.1f s "
      "wall\n",
      warmup_hours, hours, screens.size(), seconds);
  std::printf(
      "soak: %ld transitions (%ld measured), %ld frames, %ld reload swaps, %ld broken "
      "edits rejected\n",
      transitions, measured, frames, swaps, rejected);
  std::printf(
      "soak: RSS start %ld KiB, after warm-up %ld KiB, end %ld KiB, peak after warm-up "
      "%ld KiB\n",
      rss_start, rss_after_warmup, rss_end, rss_peak);
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer holds freed memory in quarantine, so RSS says nothing here; this
  // build is run for its ASan and LeakSanitizer reports, which fail the run on their own.
  std::printf("soak: RSS growth after warm-up %ld KiB (not gated under AddressSanitizer)\n",
              growth);
  return 0;
#endif
  std::printf("soak: RSS growth after warm-up %ld KiB (limit 2048 KiB)\n", growth);
  if (growth >= 2048) {
    std::printf("soak: FAILED: memory grew by %ld KiB\n", growth);
    return 1;
  }
  return 0;
}
