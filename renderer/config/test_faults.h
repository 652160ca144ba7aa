// Faults a test injects into a running player (MARQUEE_TEST_FAULT), to prove the watchdog sees
// them.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace marquee::config {

// MARQUEE_TEST_FAULT=SITE:SECONDS (several, comma-separated) asks the part of the player
// named SITE to fail that long after it starts: `loop` freezes the frame loop, `frames`
// keeps it going round without drawing, `watcher` ends the file watcher's thread, `control`
// wedges the control server's HTTP threads, `hotplug` plays one output change.
// Returns the delay when the variable names `site`, else nullopt (always, on a screen).
std::optional<std::chrono::milliseconds> injected_fault(std::string_view site);

}  // namespace marquee::config
