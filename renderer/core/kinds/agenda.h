// The agenda slide kind: the next sessions, soonest first, with "now" and "in 10 min" labels.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/kind.h"

namespace marquee {

struct AgendaEntry {
  LocalTime at{};
  std::string title, room, speaker;
  Millis lasts{std::chrono::minutes{30}};
};

// An agenda that lists a schedule's next sessions rather than its own `sessions`.
struct AgendaFromSchedule {
  ScheduleRef schedule;
  std::string room, track;  // only this room or track, as the schedule spells it; empty: all
};

struct AgendaSlide {
  static constexpr const char kName[] = "agenda";

  std::string heading;
  std::vector<AgendaEntry> entries;                 // sorted by start
  std::optional<AgendaFromSchedule> from_schedule;  // set: `entries` is empty
  int count = 5;

  static AgendaSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const AgendaSlide& slide,
                    const SlideMoment& moment);
  // Shortly before the first session, so the list is full. For an agenda from a schedule
  // these speak the playlist's zone, like every slide's window.
  std::optional<LocalTime> preview_at() const;
  // An agenda leaves the rotation once its last session is over.
  std::optional<LocalTime> content_over() const;
};

}  // namespace marquee
