// `marquee bench`: the same Player and loop as `marquee play`, measured from outside.
#include "app/bench.h"

#include <SDL.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

namespace marquee::app {
namespace {

using Clock = std::chrono::system_clock;
using namespace std::chrono_literals;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long status_kib(const std::string& field, const char* file = "/proc/self/status") {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(field + ":")) return std::atol(line.c_str() + field.size() + 1);
  return 0;
}

// When this process started, on the clock the rest is measured with.
Clock::time_point process_start() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  // Field 22, counted after the command's closing parenthesis, in clock ticks since boot.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
  }
  const double since_boot = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
  timespec boot{};
  clock_gettime(CLOCK_BOOTTIME, &boot);
  const double now_since_boot = boot.tv_sec + boot.tv_nsec / 1e9;
  return Clock::now() - std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(now_since_boot - since_boot));
}

// An X server of our own for a machine without a display: Xvfb at the bench's size.
class Xvfb {
 public:
  explicit Xvfb(int width, int height) {
    for (int number = 90; number < 190 && pid_ <= 0; ++number) {
      if (std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(number))) continue;
      display_ = ":" + std::to_string(number);
      const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
      pid_ = fork();
      if (pid_ == 0) {
        std::freopen("/dev/null", "w", stderr);
        execlp("Xvfb", "Xvfb", display_.c_str(), "-screen", "0", screen.c_str(), "-nolisten", "tcp",
               static_cast<char*>(nullptr));
        _exit(127);
      }
      for (int i = 0; i < 100; ++i) {
        if (std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(number))) return;
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) break;
        std::this_thread::sleep_for(20ms);
      }
      pid_ = -1;
    }
  }
  ~Xvfb() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  bool ok() const { return pid_ > 0; }
  const std::string& display() const { return display_; }

 private:
  pid_t pid_ = -1;
  std::string display_;
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, at == 0 ? 0 : at - 1)];
}

}  // namespace

int bench(const BenchOptions& options) {
  auto started = process_start();
  // The figures go to stdout (as JSON with --json); the player's log to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_st("bench"));
  std::unique_ptr<Xvfb> xvfb;
  if (options.offscreen) {
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
  } else if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
    // A kiosk's X server is up before marquee starts: the time Xvfb takes to come up is not
    // marquee's start-up, so the clock of "start to first frame" skips it.
    const auto asked = Clock::now();
    xvfb = std::make_unique<Xvfb>(options.width, options.height);
    started += Clock::now() - asked;
    if (!xvfb->ok()) {
      std::cerr << "marquee bench: no display and Xvfb did not start; try --offscreen\n";
      return 1;
    }
    setenv("DISPLAY", xvfb->display().c_str(), 1);
  }
  // The journal of a bench run is nobody's proof of play.
  const auto scratch =
      std::filesystem::temp_directory_path() / ("marquee-bench-" + std::to_string(getpid()));

  PlayOptions play_options;
  play_options.playlist = options.playlist;
  play_options.window_width = options.width;
  play_options.window_height = options.height;
  play_options.renderer = options.renderer;
  play_options.rotate = options.rotate;
  play_options.max_seconds = options.seconds;
  play_options.start_at = options.at;
  play_options.state_dir = scratch;
  PlayStats stats;
  play_options.stats = &stats;
  std::vector<LoopSample> samples;
  samples.reserve(static_cast<std::size_t>(options.seconds * 120) + 16);
  // The steady state runs from the first present to the end of the last tick: what play()
  // spends closing the window and libraries afterwards (0.1 s or so) is no screen's cost,
  // yet it would be most of a still slide's 20 s.
  double cpu_at_first = 0, cpu_at_last = 0;
  Clock::time_point first_present{}, last_tick{};
  play_options.on_tick = [&](const LoopSample& sample) {
    if (sample.presented && first_present == Clock::time_point{}) {
      first_present = sample.ended;
      cpu_at_first = cpu_seconds();
    }
    if (first_present != Clock::time_point{}) {
      last_tick = sample.ended;
      cpu_at_last = cpu_seconds();
    }
    samples.push_back(sample);
  };
  const int status = play(play_options);
  const double cpu_total = cpu_seconds();
  std::error_code ignored;
  std::filesystem::remove_all(scratch, ignored);
  if (status != 0) return status;

  // Frames presented, and how often the screen missed a refresh while something moved.
  const double period = std::chrono::duration<double>(stats.refresh).count();
  std::vector<double> frame_ms;
  long presented = 0, late = 0, dropped = 0;
  Clock::time_point previous{};
  bool previous_moving = false;
  for (const LoopSample& s : samples) {
    if (!s.presented) {
      previous_moving = previous_moving && s.moving;
      continue;
    }
    ++presented;
    frame_ms.push_back(std::chrono::duration<double, std::milli>(s.ended - s.began).count());
    if (previous != Clock::time_point{} && previous_moving) {
      const double interval = std::chrono::duration<double>(s.ended - previous).count();
      const long missed = std::lround(interval / period) - 1;
      if (missed > 0) {
        ++late;
        dropped += missed;
      }
    }
    previous = s.ended;
    previous_moving = s.moving;
  }
  const double steady = std::chrono::duration<double>(last_tick - first_present).count();
  const double cpu_steady = cpu_at_last - cpu_at_first;
  nlohmann::json out = {
      {"playlist", options.playlist},
      {"renderer", stats.renderer},
      {"size", std::to_string(stats.width) + "x" + std::to_string(stats.height)},
      {"seconds", options.seconds},
      {"refresh_hz", period > 0 ? std::lround(1 / period) : 0},
      {"frames_presented", presented},
      {"ticks", samples.size()},
      {"late_frames", late},
      {"dropped_frames", dropped},
      {"frame_ms",
       {{"p50", percentile(frame_ms, 50)},
        {"p95", percentile(frame_ms, 95)},
        {"p99", percentile(frame_ms, 99)},
        {"max", frame_ms.empty() ? 0 : *std::max_element(frame_ms.begin(), frame_ms.end())}}},
      {"cpu_seconds", cpu_total},
      {"cpu_seconds_after_first_frame", cpu_steady},
      {"cpu_share_after_first_frame", steady > 0 ? cpu_steady / steady : 0},
      {"peak_rss_kib", status_kib("VmHWM")},
      {"pss_kib", status_kib("Pss", "/proc/self/smaps_rollup")},
      {"start_to_first_frame_ms",
       first_present == Clock::time_point{}
           ? -1
           : std::chrono::duration<double, std::milli>(first_present - started).count()},
      {"texts_rasterised", stats.cache.texts_rasterised},
      {"images_decoded", stats.cache.images_decoded},
      {"pictures_made", stats.cache.pictures_made},
      {"pictures_drawn", stats.cache.pictures_drawn},
      {"films_onto_surface", stats.cache.films_onto_surface},
  };
  if (options.json) {
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  std::printf("%s on %s, %s renderer, %.0f s\n", options.playlist.c_str(),
              out["size"].get<std::string>().c_str(), stats.renderer.c_str(), options.seconds);
  std::printf("  frames presented   %ld (%zu ticks), %ld late, %ld dropped at %ld Hz\n", presented,
              samples.size(), late, dropped, out["refresh_hz"].get<long>());
  std::printf("  frame time ms      p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n",
              out["frame_ms"]["p50"].get<double>(), out["frame_ms"]["p95"].get<double>(),
              out["frame_ms"]["p99"].get<double>(), out["frame_ms"]["max"].get<double>());
  std::printf(
      "  cpu                %.2f s in all, %.2f s after the first frame (%.2f%% of a core)\n",
      cpu_total, cpu_steady, 100 * out["cpu_share_after_first_frame"].get<double>());
  std::printf("  memory             peak RSS %ld KiB, PSS at the end %ld KiB\n",
              out["peak_rss_kib"].get<long>(), out["pss_kib"].get<long>());
  std::printf("  start to first     %.0f ms\n", out["start_to_first_frame_ms"].get<double>());
  std::printf(
      "  caches             %zu texts rasterised, %zu images decoded, %zu pictures made, "
      "%zu drawn, %zu film frames straight onto the window\n",
      stats.cache.texts_rasterised, stats.cache.images_decoded, stats.cache.pictures_made,
      stats.cache.pictures_drawn, stats.cache.films_onto_surface);
  return 0;
}

}  // namespace marquee::app
