// Conference schedules as plain values, and the questions a room display, an agenda and a countdown
// ask of them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/show.h"

namespace marquee {

// One session as every schedule format comes to describe it, times as instants.
struct ScheduleEvent {
  std::string id;    // the file's own id: frab id, pretalx code, iCalendar UID
  std::string guid;  // a globally unique id, when the file gives one
  Instant start{};   // [start, end)
  Instant end{};
  std::string room;  // empty when the file names none
  std::string title;
  std::string subtitle;
  std::vector<std::string> speakers;
  std::string track;
  std::optional<Color> track_colour;
  std::string language;  // as written: "en", "de"
  std::string type;      // as written: "lecture", "Talk", "workshop"
  SourcePos at;          // where the file writes it, for messages

  // The id to name it by: the guid when there is one.
  const std::string& key() const { return guid.empty() ? id : guid; }
};

struct ScheduleTrack {
  std::string name;
  std::optional<Color> colour;
};

struct Schedule {
  std::string title;                      // the conference's
  const date::time_zone* zone = nullptr;  // the venue's, for display; set in every loaded schedule
  // A conference day runs from this time of day to the same time the next day, so a talk
  // at 00:15 belongs to the evening before. Never inferred from a bare HH:MM.
  std::chrono::minutes day_change{4 * 60};
  std::vector<ScheduleEvent> events;  // by start, then room, then title (order_events)
  std::vector<std::string> rooms;     // as the file lists them, then as events first name them
  std::vector<ScheduleTrack> tracks;
};

// Sorts the events and completes `rooms` and `tracks` with the names events use.
void order_events(Schedule& schedule);

LocalTime venue_time(const Schedule& schedule, Instant t);
// "2014-12-27T11:00:00+01:00": the instant in venue time, with the venue's offset then.
std::string venue_iso(const Schedule& schedule, Instant t);

// The conference day an instant belongs to: its venue date, counted from day_change.
date::local_days conference_day(const Schedule& schedule, Instant t);
inline date::local_days conference_day(const Schedule& schedule, const ScheduleEvent& event) {
  return conference_day(schedule, event.start);
}
// Every conference day that has an event, in order.
std::vector<date::local_days> conference_days(const Schedule& schedule);

// Names compared as people write them: case, spaces and punctuation ignored ("Saal 1",
// "saal-1" and "SAAL1" are one room). Non-ASCII letters are kept as they are.
std::string normalised_name(std::string_view name);

// The schedule's spelling of a room: the exact name, else the one whose normalised form
// matches. Nullopt when none does (config::unknown_room says "did you mean").
std::optional<std::string> match_room(const Schedule& schedule, std::string_view written);

// What a display beside one room shows at `now`.
struct RoomNowNext {
  const ScheduleEvent* current = nullptr;  // on in the room now (the latest started, if several)
  const ScheduleEvent* next = nullptr;     // the first to start after now, on any later day
  const ScheduleEvent* then = nullptr;     // the one after next
  // What the display leads with: the current talk for its first `hold`, then the next one
  // if it is on the same conference day (else the current one to its end).
  const ScheduleEvent* featured = nullptr;
  std::chrono::minutes since_start{0};  // whole minutes current has been on: "started 5 min ago"
  int next_in_days = 0;  // conference days from now to next's: 1 after the day's last talk
};
RoomNowNext now_next(const Schedule& schedule, std::string_view room, Instant now,
                     std::chrono::minutes hold);

// The next sessions for an agenda: not yet over at `now`, soonest first, at most `count`,
// in one room or track when given (matched as normalised_name does).
struct AgendaQuery {
  std::size_t count = 5;
  std::string room;
  std::string track;
};
std::vector<const ScheduleEvent*> upcoming_events(const Schedule& schedule, Instant now,
                                                  const AgendaQuery& query);

// A session named by id or guid (exactly), else by title (normalised, then as a part of
// it, as in "keynote"): of several, the first not over at `now`, else the last. Null when
// nothing matches.
const ScheduleEvent* find_event(const Schedule& schedule, std::string_view id_or_title,
                                Instant now);

}  // namespace marquee
