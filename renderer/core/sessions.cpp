// Countdown phases, daily occurrences and an agenda's next sessions as pure functions of time;
// the countdown, agenda and room kinds' facts (when they are over, what the contact sheet shows).
#include "core/sessions.h"

#include <algorithm>

#include "core/schedule.h"

namespace marquee {

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

std::optional<LocalTime> CountdownSlide::content_over() const {
  if (daily || !after.empty()) return std::nullopt;
  return session_end(at, lasts);
}

std::optional<LocalTime> CountdownSlide::preview_at() const {
  using namespace std::chrono_literals;
  return at - 12min - 34s;
}

std::optional<LocalTime> AgendaSlide::content_over() const {
  std::optional<LocalTime> last;
  for (const auto& entry : entries)
    last = std::max(last.value_or(LocalTime::min()), session_end(entry.at, entry.lasts));
  return last;
}

std::optional<LocalTime> AgendaSlide::preview_at() const {
  using namespace std::chrono_literals;
  if (entries.empty()) return std::nullopt;
  return entries.front().at - 10min;
}

std::optional<LocalTime> RoomSlide::preview_at() const {
  using namespace std::chrono_literals;
  if (!schedule.schedule || !schedule.show_zone) return std::nullopt;
  for (const auto& event : schedule.schedule->events)
    if (event.room == room)
      return date::floor<std::chrono::seconds>(schedule.show_zone->to_local(event.start + 5min));
  return std::nullopt;
}

}  // namespace marquee
