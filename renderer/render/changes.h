// When what a painter shows next changes by itself: helpers for Canvas::changes_at.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/kind.h"

namespace marquee::render {

// The instant at which the venue clock of `moment` reads `local` (a whole second).
Instant instant_at(const SlideMoment& moment, LocalTime local);

// The first whole second after the moment at which `reading` (the words a painter shows
// that depend on the clock) reads differently, searched up to `horizon` ahead; the horizon
// itself when nothing changes before it, so the player looks again then. The words must
// only move on within the horizon, never come back to an earlier reading, as countdowns
// and agendas do.
Instant next_reading(const SlideMoment& moment, std::chrono::seconds horizon,
                     const std::function<std::string(LocalTime)>& reading);

}  // namespace marquee::render
