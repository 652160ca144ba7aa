// When sessions start, run and end: countdown and agenda timing from the venue clock alone.
#pragma once

#include <optional>
#include <vector>

#include "core/show.h"

namespace marquee {

enum class SessionPhase { before, now, after };

// Where a countdown stands at a moment, and the start it is about: for a daily
// countdown that is today's occurrence, or tomorrow's once today's is over.
struct CountdownState {
  SessionPhase phase = SessionPhase::before;
  LocalTime start{};
};

CountdownState countdown_state(const CountdownSlide& slide, LocalTime now);

// When a session that starts at `at` and lasts `lasts` is over (rounded up to a second,
// the clock's resolution).
LocalTime session_end(LocalTime at, Millis lasts);

// What an agenda lists at a moment: its sessions not yet over, soonest first, at most
// agenda.count of them.
std::vector<const AgendaEntry*> upcoming_sessions(const AgendaSlide& agenda, LocalTime now);

}  // namespace marquee
