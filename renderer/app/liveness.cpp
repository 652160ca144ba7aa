// Liveness: three checks, and one log line when the watchdog's pings stop or start again.
#include "app/liveness.h"

#include <spdlog/spdlog.h>

namespace marquee::app {

Liveness::Liveness(Probes probes, Clock::time_point started)
    : probes_(std::move(probes)), last_frame_(started) {}

void Liveness::ticked(Clock::time_point now, bool presented, bool unchanged) {
  if (presented || unchanged) last_frame_ = now;
}

std::string Liveness::trouble(Clock::time_point now) const {
  if (now - last_frame_ >= kFrameSilence)
    return "no frame presented or confirmed for " +
           std::to_string(
               std::chrono::duration_cast<std::chrono::milliseconds>(now - last_frame_).count()) +
           " ms";
  if (probes_.watcher && !probes_.watcher(now)) return "the file watcher has stopped";
  if (probes_.control && !probes_.control(now))
    return "the control server does not answer its self-check";
  return {};
}

bool Liveness::healthy(Clock::time_point now) {
  const std::string problem = trouble(now);
  if (problem.empty() && !reported_.empty()) {
    spdlog::info("watchdog: pinging systemd again");
  } else if (!problem.empty() && reported_.empty()) {
    spdlog::error("watchdog: {}; no more pings, so systemd restarts the player", problem);
  }
  reported_ = problem;
  return problem.empty();
}

}  // namespace marquee::app
