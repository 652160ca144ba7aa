// Liveness: when the systemd watchdog may be pinged. Only while the screen is really alive, so
// a frozen loop, a dead file watcher or a wedged control server each get the player restarted.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace marquee::app {

class Liveness {
 public:
  using Clock = std::chrono::steady_clock;
  // Each says whether its part is alive at the instant given; unset: nothing to check.
  struct Probes {
    std::function<bool(Clock::time_point)> watcher;  // the file watcher's thread goes round
    std::function<bool(Clock::time_point)> control;  // the control server answers its self-check
  };
  Liveness(Probes probes, Clock::time_point started);

  // After each turn of the frame loop: it presented a frame, or the picture on screen
  // already was the frame (a still slide, where nothing is presented).
  void ticked(Clock::time_point now, bool presented, bool unchanged);

  // What is wrong, one line; empty when all three hold: a frame within kFrameSilence, the
  // watcher going round and the control server answering.
  std::string trouble(Clock::time_point now) const;
  // Whether to ping now, that is whether trouble() is empty. Logs once when it stops being
  // so (systemd restarts the player WatchdogSec later) and once when it is so again.
  bool healthy(Clock::time_point now);

  static constexpr std::chrono::seconds kFrameSilence{2};

 private:
  Probes probes_;
  Clock::time_point last_frame_;
  std::string reported_;  // the trouble last logged
};

}  // namespace marquee::app
