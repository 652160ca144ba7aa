// Reads the YAML of agendas: a heading, how many rows, and the sessions with times and rooms, or
// the schedule (and room or track) they come from.
#include <algorithm>
#include <cmath>

#include "config/schedules.h"
#include "config/slide_kinds.h"
#include "config/times.h"

namespace marquee::config::detail {
namespace {

// Rows beyond this would be too small to read across a hall at the theme's sizes.
constexpr double kMaxRows = 6;
// A day of a big conference fits comfortably; more is a mistake (or a pasted file).
constexpr std::size_t kMaxSessions = 200;

std::optional<int> row_count(Reader& r, const Item& item) {
  const auto value = Number{1, kMaxRows}(r, item);
  if (!value) return std::nullopt;
  if (*value != std::floor(*value)) {
    r.type_error(item, "a whole number from 1 to 6");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<AgendaEntry> read_session(Reader& r, const Item& item) {
  AgendaEntry entry;
  bool has_at = false;
  const Field fields[] = {
      {"at", Reader::noting(has_at, r.into(entry.at, local_time))},
      {"title", r.into(entry.title, text)},
      {"room", r.into(entry.room, text)},
      {"speaker", r.into(entry.speaker, text)},
      {"lasts", r.into(entry.lasts, duration)},
  };
  if (!r.read_map(item, "a session", fields)) return std::nullopt;
  bool ok = true;
  if (!has_at) {
    r.error(item.at, "session needs 'at', when it starts, like at: \"2024-09-18 12:10\"");
    ok = false;
  }
  if (entry.title.empty()) {
    r.error(item.at, "session needs a 'title'");
    ok = false;
  }
  return ok ? std::optional(entry) : std::nullopt;
}

void read_sessions(Reader& r, const Item& item, AgendaSlide& agenda) {
  const char* example = "like - { at: \"2024-09-18 12:10\", title: Lunch, room: Gallery 2 }";
  if (item.node.IsNull() || (item.node.IsSequence() && item.node.size() == 0))
    return r.error(item.at, std::string("'sessions' is empty; list at least one, ") + example);
  if (!item.node.IsSequence())
    return r.type_error(item, std::string("a list of sessions, ") + example);
  if (item.node.size() > kMaxSessions)
    return r.error(item.at, "'sessions' has " + std::to_string(item.node.size()) +
                                " entries; the limit is " + std::to_string(kMaxSessions));
  for (const auto& node : item.node) {
    if (!r.visit(node.Mark())) return;
    const YAML::Mark at = r.entry_mark(node);
    if (auto entry = read_session(r, {node, item.key, at, at}))
      agenda.entries.push_back(std::move(*entry));
  }
  std::stable_sort(agenda.entries.begin(), agenda.entries.end(),
                   [](const AgendaEntry& a, const AgendaEntry& b) { return a.at < b.at; });
}

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

using namespace config::detail;

AgendaSlide AgendaSlide::read(Reader& r, const Item& params) {
  AgendaSlide agenda;
  std::optional<Item> sessions, schedule, room, track;
  const Field fields[] = {
      {"heading", r.into(agenda.heading, text)},
      {"count", r.into(agenda.count, row_count)},
      {"sessions", Reader::keep(sessions)},
      {"schedule", Reader::keep(schedule)},
      {"room", Reader::keep(room)},
      {"track", Reader::keep(track)},
  };
  if (!r.read_map(params, "'agenda'", fields)) return agenda;
  if (sessions && schedule) {
    r.error(schedule->key_at, "agenda has 'sessions' and 'schedule'; give it one of them");
    return agenda;
  }
  if (!schedule) {
    for (const auto* only : {&room, &track})
      if (*only)
        r.error((*only)->key_at, quote((*only)->key) +
                                     " picks sessions from a schedule; add 'schedule:', one of "
                                     "the playlist's schedules");
    if (sessions)
      read_sessions(r, *sessions, agenda);
    else
      r.error(params.at,
              "agenda needs 'sessions', a list of what is on, or 'schedule', one of the "
              "playlist's schedules");
    return agenda;
  }
  const auto ref = schedule_for(r, params, schedule, "an agenda");
  if (!ref) return agenda;
  AgendaFromSchedule from{*ref, {}, {}};
  if (room)
    if (auto spelled = room_in(r, *ref, *room)) from.room = *spelled;
  if (track)
    if (auto spelled = track_in(r, *ref, *track)) from.track = *spelled;
  agenda.from_schedule = std::move(from);
  return agenda;
}

}  // namespace marquee
