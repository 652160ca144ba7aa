// The frame loop behind `marquee play`: window or fullscreen, keys, watchdog.
#pragma once

#include <string>

namespace marquee::app {

struct PlayOptions {
  std::string playlist;
  bool fullscreen = false;
  int display = 0;
  int window_width = 1280, window_height = 720;
  bool kiosk = false;
  long max_frames = 0;  // 0 = run until quit
};

// Returns the process exit code.
int play(const PlayOptions& options);

}  // namespace marquee::app
