// Countdown phases, daily occurrences and an agenda's next sessions as pure functions of time;
// the countdown, agenda and room kinds' facts (when they are over, what the contact sheet shows).
#include "core/sessions.h"

#include <algorithm>
#include <limits>

#include "core/schedule.h"

namespace marquee {

namespace {

// An instant as the playlist's windows speak (content_over, preview_at): its venue time.
LocalTime in_show_zone(const ScheduleRef& ref, Instant t) {
  const date::time_zone* zone = ref.show_zone ? ref.show_zone : date::locate_zone("UTC");
  return date::ceil<std::chrono::seconds>(zone->to_local(t));
}

}  // namespace

LocalTime session_end(LocalTime at, Millis lasts) {
  return at + std::chrono::ceil<std::chrono::seconds>(lasts);
}

CountdownState countdown_state(const CountdownSlide& slide, LocalTime now) {
  const auto phase_of = [&](LocalTime start) {
    if (now < start) return CountdownState{SessionPhase::before, start};
    if (now < session_end(start, slide.lasts)) return CountdownState{SessionPhase::now, start};
    return CountdownState{SessionPhase::after, start};
  };
  if (!slide.daily) return phase_of(slide.at);

  const date::days day{1};
  const LocalTime today =
      date::floor<date::days>(now) + (slide.at - date::floor<date::days>(slide.at));
  // A long session that began yesterday may still be running after midnight.
  if (const auto yesterday = phase_of(today - day); yesterday.phase == SessionPhase::now)
    return yesterday;
  const CountdownState state = phase_of(today);
  if (state.phase != SessionPhase::after || !slide.after.empty()) return state;
  return {SessionPhase::before, today + day};
}

std::vector<const AgendaEntry*> upcoming_sessions(const AgendaSlide& agenda, LocalTime now) {
  std::vector<const AgendaEntry*> out;
  for (const auto& entry : agenda.entries) {
    if (static_cast<int>(out.size()) >= agenda.count) break;
    if (now < session_end(entry.at, entry.lasts)) out.push_back(&entry);
  }
  return out;
}

CountdownAt countdown_at(const CountdownSlide& slide, Instant now, LocalTime local) {
  if (!slide.from_schedule) return {slide, local, true};
  const CountdownFromSchedule& from = *slide.from_schedule;
  CountdownAt out{slide, local, false};
  out.slide.from_schedule.reset();
  out.slide.daily = false;
  if (!from.schedule.schedule) return out;
  const Schedule& schedule = *from.schedule.schedule;
  const ScheduleEvent* session = find_event(schedule, from.session, now);
  if (!session) return out;
  out.found = true;
  out.now = venue_time(schedule, now);
  out.slide.at = venue_time(schedule, session->start);
  if (!from.lasts_written) out.slide.lasts = session->end - session->start;
  if (out.slide.title.empty()) out.slide.title = session->title;
  if (out.slide.place.empty()) out.slide.place = session->room;
  return out;
}

namespace {

// The session a countdown to a schedule counts to first (`first`), or last.
const ScheduleEvent* counted(const CountdownFromSchedule& from, bool first) {
  if (!from.schedule.schedule) return nullptr;
  return find_event(*from.schedule.schedule, from.session, first ? Instant::min() : Instant::max());
}

}  // namespace

std::optional<LocalTime> CountdownSlide::content_over() const {
  if (daily || !after.empty()) return std::nullopt;
  if (from_schedule) {
    const ScheduleEvent* last = counted(*from_schedule, false);
    if (!last) return std::nullopt;
    const Instant end = from_schedule->lasts_written ? last->start + lasts : last->end;
    return in_show_zone(from_schedule->schedule, end);
  }
  return session_end(at, lasts);
}

std::optional<LocalTime> CountdownSlide::preview_at() const {
  using namespace std::chrono_literals;
  if (from_schedule) {
    const ScheduleEvent* first = counted(*from_schedule, true);
    if (!first) return std::nullopt;
    return in_show_zone(from_schedule->schedule, first->start) - 12min - 34s;
  }
  return at - 12min - 34s;
}

namespace {

// Every session an agenda from a schedule may list, soonest first.
std::vector<const ScheduleEvent*> all_sessions(const AgendaFromSchedule& from) {
  if (!from.schedule.schedule) return {};
  return upcoming_events(*from.schedule.schedule, Instant::min(),
                         {std::numeric_limits<std::size_t>::max(), from.room, from.track});
}

}  // namespace

AgendaListing agenda_listing(const AgendaSlide& agenda, Instant now, LocalTime local) {
  AgendaListing out{local, {}};
  if (!agenda.from_schedule) {
    for (const AgendaEntry* entry : upcoming_sessions(agenda, local))
      out.sessions.push_back({*entry, std::nullopt});
    return out;
  }
  const AgendaFromSchedule& from = *agenda.from_schedule;
  if (!from.schedule.schedule) return out;
  const Schedule& schedule = *from.schedule.schedule;
  out.now = venue_time(schedule, now);
  const AgendaQuery query{static_cast<std::size_t>(std::max(0, agenda.count)), from.room,
                          from.track};
  for (const ScheduleEvent* event : upcoming_events(schedule, now, query)) {
    AgendaEntry entry;
    entry.at = venue_time(schedule, event->start);
    entry.lasts = event->end - event->start;
    entry.title = event->title;
    // An agenda of one room need not say the room on every row.
    if (from.room.empty()) entry.room = event->room;
    for (const auto& name : event->speakers)
      entry.speaker += (entry.speaker.empty() ? "" : ", ") + name;
    out.sessions.push_back({std::move(entry), event->track_colour});
  }
  return out;
}

std::optional<LocalTime> AgendaSlide::content_over() const {
  std::optional<LocalTime> last;
  if (from_schedule) {
    for (const ScheduleEvent* event : all_sessions(*from_schedule))
      last = std::max(last.value_or(LocalTime::min()),
                      in_show_zone(from_schedule->schedule, event->end));
    return last;
  }
  for (const auto& entry : entries)
    last = std::max(last.value_or(LocalTime::min()), session_end(entry.at, entry.lasts));
  return last;
}

std::optional<LocalTime> AgendaSlide::preview_at() const {
  using namespace std::chrono_literals;
  if (from_schedule) {
    const auto sessions = all_sessions(*from_schedule);
    if (sessions.empty()) return std::nullopt;
    return in_show_zone(from_schedule->schedule, sessions.front()->start) - 10min;
  }
  if (entries.empty()) return std::nullopt;
  return entries.front().at - 10min;
}

std::optional<LocalTime> RoomSlide::preview_at() const {
  using namespace std::chrono_literals;
  if (!schedule.schedule) return std::nullopt;
  for (const auto& event : schedule.schedule->events)
    if (event.room == room) return in_show_zone(schedule, event.start + 5min);
  return std::nullopt;
}

}  // namespace marquee
