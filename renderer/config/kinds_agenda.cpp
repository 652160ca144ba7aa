// Reads the YAML of agendas: a heading, how many rows, and the sessions with times and rooms.
#include <algorithm>
#include <cmath>

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
  bool has_sessions = false;
  const Field fields[] = {
      {"heading", r.into(agenda.heading, text)},
      {"count", r.into(agenda.count, row_count)},
      {"sessions",
       Reader::noting(has_sessions, [&](const Item& item) { read_sessions(r, item, agenda); })},
  };
  if (r.read_map(params, "'agenda'", fields) && !has_sessions)
    r.error(params.at, "agenda needs 'sessions', a list of what is on");
  return agenda;
}

}  // namespace marquee
