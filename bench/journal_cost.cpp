// Bench: what the play journal costs the frame loop. Plays a playlist at 60 frames a second of
// playlist time through Player::tick, timing PlayJournal::observe on every tick, and prints the
// figures (per tick, at slide changes, and the writer's lines and bytes).
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "app/play_journal.h"
#include "app/player.h"
#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "config/loader.h"

namespace {

using namespace marquee;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class Fixed final : public backends::ShowFeed {
 public:
  explicit Fixed(Show show) : show_(std::make_shared<const Show>(std::move(show))) {}
  std::shared_ptr<const Show> current() const override { return show_; }
  bool edit_rejected() const override { return false; }

 private:
  std::shared_ptr<const Show> show_;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"journal cost: PlayJournal::observe timed on every frame of a playlist"};
  std::string playlist = std::string(MARQUEE_SOURCE_DIR) + "/playlists/expo-hall.yaml";
  double minutes = 30;
  cli.add_option("--playlist", playlist);
  cli.add_option("--minutes", minutes, "playlist time, at 60 frames a second");
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::err);
  auto loaded = config::load_show(playlist);
  if (!loaded.ok()) return 1;
  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  backends::OffscreenCanvas picture(320, 180);
  if (!sdl.ok() || !picture.ok()) return 1;
  Fixed feed(std::move(*loaded.show));
  app::Player player(picture.canvas(), feed, nullptr);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("marquee-journal-cost-" + std::to_string(::getpid()));
  backends::Journal::Options options;
  options.dir = dir;
  app::PlayJournal journal(options, picture.canvas());

  const Instant start =
      Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} + 17h;  // 10:00 venue
  const auto frames = static_cast<long>(minutes * 60 * 60);
  std::vector<double> observe_us, change_us, tick_us;
  observe_us.reserve(static_cast<std::size_t>(frames));
  int last_slide = -2;
  double first_us = 0, slowest_us = 0;
  std::string slowest;
  long slowest_at = 0;
  for (long i = 0; i < frames; ++i) {
    const Instant now = start + Millis{i * 1000 / 60};
    const auto t0 = Clock::now();
    const app::Player::Tick tick = player.tick(now);
    const auto t1 = Clock::now();
    journal.observe(player, tick);
    const auto t2 = Clock::now();
    const double us = std::chrono::duration<double, std::micro>(t2 - t1).count();
    if (i == 0) {
      first_us = us;  // opens the journal: files, the started line, the writer thread
      continue;
    }
    observe_us.push_back(us);
    tick_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    if (tick.frame.slide != last_slide) {
      change_us.push_back(us);
      if (us > slowest_us) {
        slowest_us = us;
        slowest = tick.frame.slide < 0
                      ? "(idle)"
                      : player.show()->slides[static_cast<std::size_t>(tick.frame.slide)].id;
        slowest_at = i;
      }
    }
    last_slide = tick.frame.slide;
  }
  const auto w0 = Clock::now();
  journal.stop(start + Millis{frames * 1000 / 60}, "bench");
  const double stop_ms = std::chrono::duration<double, std::milli>(Clock::now() - w0).count();
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) bytes += entry.file_size();
  std::filesystem::remove_all(dir);
  const double mean = std::accumulate(observe_us.begin(), observe_us.end(), 0.0) /
                      static_cast<double>(observe_us.size());
  const double tick_mean =
      std::accumulate(tick_us.begin(), tick_us.end(), 0.0) / static_cast<double>(tick_us.size());
  std::printf("journal cost: %ld frames (%.0f min of playlist time at 60 fps), %zu slide changes\n",
              frames, minutes, change_us.size());
  std::printf(
      "journal cost: observe() per frame after the first: mean %.2f us, median %.2f us, p99 %.2f "
      "us, "
      "max %.1f us\n",
      mean, percentile(observe_us, 0.5), percentile(observe_us, 0.99), percentile(observe_us, 1.0));
  std::printf("journal cost: the first observe() opens the journal: %.1f us\n", first_us);
  std::printf(
      "journal cost: observe() at a slide change: median %.1f us, max %.1f us (%s, frame %ld)\n",
      percentile(change_us, 0.5), percentile(change_us, 1.0), slowest.c_str(), slowest_at);
  std::printf(
      "journal cost: Player::tick per frame for comparison: mean %.1f us (observe is "
      "%.2f%% of it)\n",
      tick_mean, 100.0 * mean / tick_mean);
  std::printf("journal cost: %ju bytes written; stop (last lines, fsync) took %.1f ms\n", bytes,
              stop_ms);
  return 0;
}
