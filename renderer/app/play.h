// The frame loop behind `marquee play`: window or fullscreen, keys, watchdog.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "backends/cache_stats.h"
#include "config/screen_config.h"
#include "core/basics.h"

namespace marquee::app {

// automatic: the accelerated renderer where there is a GPU, else SDL's software renderer
// on the window's surface (it presents only what changed).
enum class Renderer { automatic, opengl, software };

// One turn of the loop, for whoever measures it (marquee bench).
struct LoopSample {
  std::chrono::system_clock::time_point began, ended;
  bool presented = false;
  bool moving = false;  // the picture changes every frame (a ticker, a fade)
};

// What a run of the loop used, filled in as it starts and when it ends.
struct PlayStats {
  std::string renderer;
  int width = 0, height = 0;
  std::chrono::system_clock::duration refresh{};
  backends::CacheStats cache;
};

struct PlayOptions {
  std::string playlist;
  bool fullscreen = false;
  int display = 0;
  // Set from the screen config (`display: HDMI-A-1`); when set, it names the output instead
  // of `display`.
  std::string display_name;
  int rotate = 0;                   // 0, 90, 180 or 270: degrees clockwise the picture is turned
  std::string screen;               // a name for logs; empty: the playlist's `screen`
  std::filesystem::path state_dir;  // empty: backends::state_dir()
  int window_width = 1280, window_height = 720;
  bool kiosk = false;
  // The AV desk's HTTP and OSC server; none: off (the operator log is kept either way).
  std::optional<config::ControlConfig> control;
  // The fleet (MQTT): commands, status and content bundles; none: not part of one.
  std::optional<config::FleetConfig> fleet;
  Renderer renderer = Renderer::automatic;
  std::optional<Instant> start_at;  // the show's clock starts here rather than at the wall's
  std::function<void(const LoopSample&)> on_tick;
  PlayStats* stats = nullptr;
  long max_frames = 0;     // ticks of the loop before it stops; 0 = run until quit
  double max_seconds = 0;  // seconds before it stops; 0 = run until quit
};

// Returns the process exit code.
int play(const PlayOptions& options);

}  // namespace marquee::app
