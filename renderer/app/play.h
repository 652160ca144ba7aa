// The frame loop behind `marquee play`: window or fullscreen, keys, watchdog.
#pragma once

#include <filesystem>
#include <string>

namespace marquee::app {

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
  long max_frames = 0;       // ticks of the loop before it stops; 0 = run until quit
  double max_seconds = 0;    // seconds before it stops; 0 = run until quit
};

// Returns the process exit code.
int play(const PlayOptions& options);

}  // namespace marquee::app
