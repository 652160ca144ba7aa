// How long one frame's resolve() takes on playlists of 500 and 5,000 slides (and the demo's).
// Playlists: bench/big_playlist.sh; see the README's Benchmarks.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "config/loader.h"
#include "core/timeline.h"

int main(int argc, char** argv) {
  CLI::App cli{"resolve_cost: the median time of one frame's resolve() at random moments of a day"};
  std::vector<std::string> playlists;
  int samples = 200;
  cli.add_option("PLAYLIST", playlists, "playlists to time")->required();
  cli.add_option("--samples", samples, "moments per playlist");
  CLI11_PARSE(cli, argc, argv);
  for (const auto& file : playlists) {
    auto loaded = marquee::config::load_show(file);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s: does not load\n", file.c_str());
      return 1;
    }
    const marquee::Show& show = *loaded.show;
    const marquee::Instant day = date::floor<marquee::Millis>(
        show.zone->to_sys(date::local_days{date::year{2024} / 9 / 18}));
    std::mt19937 random(18);
    std::uniform_int_distribution<long> ms(0, 24L * 3600 * 1000 - 1);
    std::vector<double> micros;
    for (int i = 0; i < samples; ++i) {
      const auto at = day + marquee::Millis{ms(random)};
      const auto t0 = std::chrono::steady_clock::now();
      const marquee::Frame frame = marquee::resolve(show, at);
      const auto t1 = std::chrono::steady_clock::now();
      if (frame.slide < -1) return 2;  // keeps the call
      micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    // As the player asks: frame after frame, 60 a second for a second from each moment.
    std::vector<double> playing;
    for (int i = 0; i < std::max(1, samples / 10); ++i) {
      const auto from = day + marquee::Millis{ms(random)};
      for (int f = 0; f < 60; ++f) {
        const auto at = from + marquee::Millis{f * 1000 / 60};
        const auto t0 = std::chrono::steady_clock::now();
        const marquee::Frame frame = marquee::resolve(show, at);
        const auto t1 = std::chrono::steady_clock::now();
        if (frame.slide < -1) return 2;
        playing.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      }
    }
    const auto report = [](std::vector<double>& all) {
      std::sort(all.begin(), all.end());
      char line[160];
      std::snprintf(line, sizeof line, "median %.1f us, p95 %.1f us, max %.1f us",
                    all[all.size() / 2], all[all.size() * 95 / 100], all.back());
      return std::string(line);
    };
    std::printf("%s: %zu slides, resolve at random moments %s; frame after frame %s\n",
                file.c_str(), show.slides.size(), report(micros).c_str(), report(playing).c_str());
  }
  return 0;
}
