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

// A countdown as it stands at the instant `now`, whose venue time is `local`: one to a
// schedule's session becomes one to the session find_event picks at `now`, with its
// start, length, title and room where the playlist wrote none, and the schedule's venue
// clock. `found` is false while there is no such session (a URL not fetched yet).
struct CountdownAt {
  CountdownSlide slide;
  LocalTime now{};
  bool found = true;
};
CountdownAt countdown_at(const CountdownSlide& slide, Instant now, LocalTime local);

// When a session that starts at `at` and lasts `lasts` is over (rounded up to a second,
// the clock's resolution).
LocalTime session_end(LocalTime at, Millis lasts);

// What an agenda lists at a moment: its sessions not yet over, soonest first, at most
// agenda.count of them.
std::vector<const AgendaEntry*> upcoming_sessions(const AgendaSlide& agenda, LocalTime now);

// What any agenda lists at the instant `now` (whose venue time is `local`), with the clock
// its labels read: for one from a schedule, the schedule's next sessions (their track
// colours too) in the schedule's venue time; else upcoming_sessions at `local`.
struct ListedSession {
  AgendaEntry entry;
  std::optional<Color> colour;  // its track's, from a schedule
};
struct AgendaListing {
  LocalTime now{};
  std::vector<ListedSession> sessions;
};
AgendaListing agenda_listing(const AgendaSlide& agenda, Instant now, LocalTime local);

}  // namespace marquee
