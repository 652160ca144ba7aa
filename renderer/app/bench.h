// `marquee bench`: one playlist played by the real loop for a while, and what it cost.
#pragma once

#include <optional>
#include <string>

#include "app/play.h"

namespace marquee::app {

struct BenchOptions {
  std::string playlist;
  double seconds = 30;
  int width = 1920, height = 1080;
  Renderer renderer = Renderer::automatic;
  std::optional<Instant> at;  // the show's clock starts here
  bool offscreen = false;     // SDL's offscreen driver instead of a window (no Xvfb)
  bool json = false;
  int rotate = 0;  // degrees clockwise, as a portrait screen's config says
};

// Runs the playlist through `marquee play`'s own loop in a real window (starting Xvfb when
// there is no display) or offscreen, and prints frames presented, late and dropped frames
// against the refresh, frame times, CPU, peak RSS, start to first frame and the caches'
// counts, as a table or as JSON. Returns the process exit code.
int bench(const BenchOptions& options);

}  // namespace marquee::app
