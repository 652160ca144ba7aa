// Conference days, now and next in a room, agendas and look-ups as pure functions of a schedule and
// an instant.
#include "core/schedule.h"

#include <algorithm>
#include <tuple>

namespace marquee {
namespace {

const date::time_zone* zone_of(const Schedule& schedule) {
  return schedule.zone ? schedule.zone : date::locate_zone("UTC");
}

bool same_name(std::string_view a, std::string_view b) {
  return a == b || normalised_name(a) == normalised_name(b);
}

}  // namespace

void order_events(Schedule& schedule) {
  std::stable_sort(schedule.events.begin(), schedule.events.end(),
                   [](const ScheduleEvent& a, const ScheduleEvent& b) {
                     return std::tie(a.start, a.room, a.title) < std::tie(b.start, b.room, b.title);
                   });
  for (const auto& event : schedule.events) {
    if (!event.room.empty() &&
        std::find(schedule.rooms.begin(), schedule.rooms.end(), event.room) == schedule.rooms.end())
      schedule.rooms.push_back(event.room);
    if (event.track.empty()) continue;
    const auto known = std::find_if(schedule.tracks.begin(), schedule.tracks.end(),
                                    [&](const ScheduleTrack& t) { return t.name == event.track; });
    if (known == schedule.tracks.end())
      schedule.tracks.push_back({event.track, event.track_colour});
  }
  // Events learn their track's colour from the track list, wherever the file gave it.
  for (auto& event : schedule.events) {
    if (event.track_colour || event.track.empty()) continue;
    for (const auto& track : schedule.tracks)
      if (track.name == event.track) event.track_colour = track.colour;
  }
}

LocalTime venue_time(const Schedule& schedule, Instant t) {
  return date::floor<std::chrono::seconds>(zone_of(schedule)->to_local(t));
}

std::string venue_iso(const Schedule& schedule, Instant t) {
  const date::zoned_time<std::chrono::seconds> zoned{zone_of(schedule),
                                                     date::floor<std::chrono::seconds>(t)};
  return date::format("%FT%T%Ez", zoned);
}

date::local_days conference_day(const Schedule& schedule, Instant t) {
  return date::floor<date::days>(venue_time(schedule, t) - schedule.day_change);
}

std::vector<date::local_days> conference_days(const Schedule& schedule) {
  std::vector<date::local_days> days;
  for (const auto& event : schedule.events) days.push_back(conference_day(schedule, event));
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::string normalised_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z'))
      out += c;
    else if (u >= 'A' && u <= 'Z')
      out += static_cast<char>(u - 'A' + 'a');
  }
  return out;
}

std::optional<std::string> match_room(const Schedule& schedule, std::string_view written) {
  for (const auto& room : schedule.rooms)
    if (room == written) return room;
  const std::string wanted = normalised_name(written);
  if (wanted.empty()) return std::nullopt;
  for (const auto& room : schedule.rooms)
    if (normalised_name(room) == wanted) return room;
  return std::nullopt;
}

RoomNowNext now_next(const Schedule& schedule, std::string_view room, Instant now,
                     std::chrono::minutes hold) {
  RoomNowNext out;
  for (const auto& event : schedule.events) {
    if (event.room != room) continue;
    if (event.start <= now && now < event.end) {
      out.current = &event;  // events are by start, so the last one found started latest
    } else if (event.start > now) {
      if (out.next) {
        out.then = &event;
        break;
      }
      out.next = &event;
    }
  }
  if (out.current) out.since_start = date::floor<std::chrono::minutes>(now - out.current->start);
  if (out.next)
    out.next_in_days = static_cast<int>(
        (conference_day(schedule, *out.next) - conference_day(schedule, now)).count());
  const bool lead_with_current =
      out.current && (out.since_start < hold || !out.next || out.next_in_days > 0);
  out.featured = lead_with_current ? out.current : out.next;
  return out;
}

std::vector<const ScheduleEvent*> upcoming_events(const Schedule& schedule, Instant now,
                                                  const AgendaQuery& query) {
  std::vector<const ScheduleEvent*> out;
  for (const auto& event : schedule.events) {
    if (out.size() >= query.count) break;
    if (event.end <= now) continue;
    if (!query.room.empty() && !same_name(event.room, query.room)) continue;
    if (!query.track.empty() && !same_name(event.track, query.track)) continue;
    out.push_back(&event);
  }
  return out;
}

const ScheduleEvent* find_event(const Schedule& schedule, std::string_view id_or_title,
                                Instant now) {
  for (const auto& event : schedule.events)
    if (event.id == id_or_title || (!event.guid.empty() && event.guid == id_or_title))
      return &event;
  const std::string wanted = normalised_name(id_or_title);
  if (wanted.empty()) return nullptr;
  const auto pick = [&](auto matches) -> const ScheduleEvent* {
    const ScheduleEvent* last = nullptr;
    for (const auto& event : schedule.events) {
      if (!matches(event)) continue;
      if (event.end > now) return &event;
      last = &event;
    }
    return last;
  };
  if (const auto* whole =
          pick([&](const ScheduleEvent& e) { return normalised_name(e.title) == wanted; }))
    return whole;
  return pick([&](const ScheduleEvent& e) {
    return normalised_name(e.title).find(wanted) != std::string::npos;
  });
}

}  // namespace marquee
