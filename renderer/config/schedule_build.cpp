// Turns what a schedule file says into instants, and runs the checks every format shares.
// date::parse trips a false maybe-uninitialized inside <chrono> under g++ 12 -O2 (as in
// config/moment.cpp); the value is always written before use.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "config/schedule_build.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <sstream>

#include "config/reader.h"

namespace marquee::config::detail {

using std::chrono::minutes;
using std::chrono::seconds;

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))
      starts_.push_back(i + 1);
  }
}

Place LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto line = std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin();
  int column = 1;
  for (std::size_t i = starts_[static_cast<std::size_t>(line - 1)]; i < offset; ++i)
    if (text_[i] != '\r' && (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return Place{static_cast<int>(line), column, {}};
}

void ScheduleSink::error(const Place& at, std::string message) {
  add(at, Diagnostic::Severity::error, std::move(message));
}

void ScheduleSink::warning(const Place& at, std::string message) {
  add(at, Diagnostic::Severity::warning, std::move(message));
}

void ScheduleSink::add(const Place& at, Diagnostic::Severity severity, std::string message) {
  if (!at.pointer.empty()) message = at.pointer + ": " + message;
  diagnostics_.push_back(
      {file_, std::max(at.line, 1), std::max(at.column, 1), severity, std::move(message)});
}

std::vector<Diagnostic> ScheduleSink::take() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  return std::move(diagnostics_);
}

bool ScheduleSink::has_errors() const {
  return std::any_of(diagnostics_.begin(), diagnostics_.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::error; });
}

std::optional<WrittenTime> parse_written_time(std::string_view text) {
  std::string written(trim(text));
  // date::parse reads whole seconds; a fraction (Django writes one when it is not zero)
  // changes no schedule time.
  if (const auto t = written.find('T'); t != std::string::npos) {
    if (const auto dot = written.find('.', t); dot != std::string::npos) {
      auto digits_end = dot + 1;
      while (digits_end < written.size() &&
             std::isdigit(static_cast<unsigned char>(written[digits_end])))
        ++digits_end;
      written.erase(dot, digits_end - dot);
    }
  }
  if (!written.empty() && (written.back() == 'Z' || written.back() == 'z')) {
    written.pop_back();
    written += "+00:00";
  }
  static const char* const kWithOffset[] = {"%Y-%m-%dT%H:%M:%S%Ez", "%Y-%m-%dT%H:%M%Ez",
                                            "%Y-%m-%d %H:%M:%S%Ez", "%Y-%m-%dT%H:%M:%S%z"};
  static const char* const kLocal[] = {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S",
                                       "%Y-%m-%d %H:%M"};
  const auto try_parse = [&](const char* format, minutes* offset) -> std::optional<LocalTime> {
    std::istringstream in(written);
    LocalTime local{};
    date::from_stream(in, format, local, static_cast<std::string*>(nullptr), offset);
    if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
    return local;
  };
  for (const char* format : kWithOffset) {
    minutes offset{0};
    if (auto local = try_parse(format, &offset)) return WrittenTime{*local, offset};
  }
  for (const char* format : kLocal)
    if (auto local = try_parse(format, nullptr)) return WrittenTime{*local, std::nullopt};
  return std::nullopt;
}

std::optional<date::local_days> parse_day(std::string_view text) {
  std::istringstream in{std::string(trim(text))};
  date::local_days day{};
  in >> date::parse("%F", day);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return day;
}

std::string format_offset(minutes offset) {
  const auto total = offset.count();
  const auto magnitude = total < 0 ? -total : total;
  char out[32];
  std::snprintf(out, sizeof out, "%c%02d:%02d", total < 0 ? '-' : '+',
                static_cast<int>(magnitude / 60 % 100), static_cast<int>(magnitude % 60));
  return out;
}

namespace {

// Splits "1:02:30" into numbers; nullopt unless each part is digits (the first 1+,
// the others exactly 2 and under 60).
std::optional<std::vector<long long>> clock_parts(std::string_view text) {
  std::vector<long long> parts;
  while (true) {
    const auto colon = text.find(':');
    const std::string_view part = text.substr(0, colon);
    long long value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc{} || end != part.data() + part.size()) return std::nullopt;
    if (!parts.empty() && (part.size() != 2 || value > 59)) return std::nullopt;
    parts.push_back(value);
    if (colon == std::string_view::npos) break;
    text.remove_prefix(colon + 1);
  }
  return parts;
}

}  // namespace

std::optional<seconds> parse_frab_duration(std::string_view text, bool days_first) {
  text = trim(text);
  const bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  const auto parts = clock_parts(text);
  if (!parts || parts->size() < 2 || parts->size() > 3) return std::nullopt;
  const auto& p = *parts;
  seconds total{};
  if (p.size() == 2)
    total = seconds{p[0] * 3600 + p[1] * 60};
  else if (days_first)
    total = seconds{p[0] * 86400 + p[1] * 3600 + p[2] * 60};
  else
    total = seconds{p[0] * 3600 + p[1] * 60 + p[2]};
  return negative ? -total : total;
}

std::optional<minutes> parse_clock(std::string_view text) {
  const auto parts = clock_parts(trim(text));
  if (!parts || parts->size() < 2 || parts->size() > 3 || (*parts)[0] > 47) return std::nullopt;
  return minutes{(*parts)[0] * 60 + (*parts)[1]};
}

namespace {

std::string quoted_title(const ScheduleEvent& event) {
  std::string title = event.title.empty() ? event.key() : event.title;
  if (title.size() > 60) title = title.substr(0, 57) + "...";
  return "'" + title + "'";
}

std::string clock_text(minutes m) {
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(m.count() / 60 % 24),
                static_cast<int>(m.count() % 60));
  return out;
}

minutes time_of_day(LocalTime t) {
  return date::floor<minutes>(t - date::floor<date::days>(t));
}

std::string day_text(date::local_days day) {
  return date::format("%Y-%m-%d", day);
}

// A zone of fixed offset, for files that name none: Etc/GMT-1 is +01:00.
const date::time_zone* fixed_zone(minutes offset) {
  if (offset.count() == 0 || offset.count() % 60 != 0) return date::locate_zone("UTC");
  const auto hours = offset.count() / 60;
  try {
    return date::locate_zone("Etc/GMT" + std::string(hours > 0 ? "-" : "+") +
                             std::to_string(hours > 0 ? hours : -hours));
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

minutes offset_at(const date::time_zone* zone, Instant t) {
  return date::floor<minutes>(zone->get_info(date::floor<seconds>(t)).offset);
}

// Where a file without a zone changes offset: one change of up to an hour, with no other
// within 30 days, is a DST change; anything else is reported once per offset.
void check_offsets_without_zone(std::vector<std::tuple<Instant, minutes, Place>> offsets,
                                const std::string& date_field, ScheduleSink& sink) {
  std::stable_sort(offsets.begin(), offsets.end(),
                   [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
  std::optional<Instant> last_change;
  std::vector<minutes> reported;
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    const auto& [when, offset, at] = offsets[i];
    const minutes before = std::get<1>(offsets[i - 1]);
    if (offset == before) continue;
    const auto step = offset > before ? offset - before : before - offset;
    const bool dst_like =
        step <= minutes{60} && (!last_change || when - *last_change > date::days{30});
    last_change = when;
    if (dst_like || std::find(reported.begin(), reported.end(), offset) != reported.end()) continue;
    reported.push_back(offset);
    sink.warning(at, "this " + date_field + " has offset " + format_offset(offset) +
                         " after others at " + format_offset(before) +
                         ", which no DST change explains; each " + date_field +
                         "'s own offset is used");
  }
}

}  // namespace

Schedule build_schedule(RawSchedule raw, const ScheduleOptions& options, ScheduleSink& sink) {
  Schedule schedule;
  schedule.title = raw.title;
  schedule.day_change = options.day_change.value_or(minutes{4 * 60});
  schedule.rooms = raw.rooms;
  schedule.tracks = raw.tracks;

  // The venue zone: the file's, else the caller's, else the first offset the file writes.
  const date::time_zone* zone = raw.zone;
  if (!zone && !raw.zone_name.empty()) {
    zone = resolve_zone_name(raw.zone_name);
    if (!zone)
      sink.warning(raw.zone_at, "unknown time zone '" + raw.zone_name + "'" +
                                    (options.zone ? "; using " + options.zone->name() : ""));
  }
  if (zone && options.zone && zone != options.zone)
    sink.warning(raw.zone_at, "the file names time zone " + zone->name() + "; " +
                                  options.zone->name() + " applies only to files that name none");
  if (!zone) zone = options.zone;
  const bool zone_known = zone != nullptr;
  if (!zone) {
    const auto first = std::find_if(raw.events.begin(), raw.events.end(),
                                    [](const RawEvent& e) { return e.date && e.date->offset; });
    const auto needs_zone = [](const RawEvent& e) {
      return !e.zone && ((e.date && !e.date->offset) || (!e.date && e.clock));
    };
    const auto local = std::find_if(raw.events.begin(), raw.events.end(), needs_zone);
    if (local != raw.events.end()) {
      const auto& e = *local;
      sink.error(e.date ? e.date_at : e.clock_at,
                 "the file names no time zone and writes times without an offset; give the "
                 "venue's zone with --timezone or the playlist's timezone");
      zone = date::locate_zone("UTC");
    } else if (first != raw.events.end()) {
      zone = fixed_zone(*first->date->offset);
      sink.warning(first->date_at,
                   "the file names no time zone; times are shown at " +
                       format_offset(*first->date->offset) + ", the offset of its first " +
                       raw.date_field +
                       " (give the venue's zone with --timezone or the playlist's timezone)");
    } else {
      zone = date::locate_zone("UTC");
    }
  }
  schedule.zone = zone;

  struct DayTally {
    int events = 0, elsewhere = 0;
    date::local_days first_elsewhere{};
  };
  std::vector<DayTally> days(raw.days.size());
  struct OffsetTally {
    Place first;
    int count = 0;
  };
  std::map<std::pair<minutes, minutes>, OffsetTally> foreign_offsets;  // (written, zone's)
  std::vector<std::tuple<Instant, minutes, Place>> offsets;
  std::map<std::string, const RawEvent*> keys;
  std::vector<std::pair<ScheduleEvent, Place>> built;

  for (const auto& r : raw.events) {
    ScheduleEvent event = r.event;
    event.at = SourcePos{sink.file(), r.at.line, r.at.column};
    const date::time_zone* local_zone = r.zone ? r.zone : zone;
    const auto to_instant = [&](const WrittenTime& t) {
      if (t.offset) return Instant{date::floor<Millis>(t.local.time_since_epoch() - *t.offset)};
      return date::floor<Millis>(local_zone->to_sys(t.local, date::choose::earliest));
    };

    std::optional<Instant> start;
    if (r.date) {
      start = to_instant(*r.date);
    } else if (r.clock && r.day >= 0) {
      // Pentabarf style: a time of day inside a <day>; the small hours are the next date.
      LocalTime local = LocalTime{raw.days[static_cast<std::size_t>(r.day)].date} + *r.clock;
      if (*r.clock < schedule.day_change) local += date::days{1};
      start = date::floor<Millis>(local_zone->to_sys(local, date::choose::earliest));
    }
    if (!start) {
      sink.warning(r.at, "event " + quoted_title(event) + " has no start; it is left out");
      continue;
    }
    event.start = *start;

    if (r.date && r.date->offset) {
      offsets.emplace_back(*start, *r.date->offset, r.date_at);
      const minutes zones = offset_at(zone, *start);
      // UTC is how some exporters write every instant; <start> is checked against it below.
      if (zone_known && *r.date->offset != zones && r.date->offset->count() != 0) {
        auto& tally = foreign_offsets[{*r.date->offset, zones}];
        if (tally.count++ == 0) tally.first = r.date_at;
      }
    }
    if (r.date && r.clock) {
      const minutes venue = time_of_day(zone->to_local(date::floor<seconds>(*start)));
      const minutes written = time_of_day(r.date->local);
      const minutes clock = minutes{r.clock->count() % (24 * 60)};
      if (clock != venue && clock != written)
        sink.warning(r.clock_at, raw.clock_field + " " + clock_text(clock) + " and " +
                                     raw.date_field + " " + r.date_written + " disagree (" +
                                     clock_text(venue) + " in " + zone->name() + "); the " +
                                     raw.date_field + " is used");
    }
    if (r.date && r.day >= 0) {
      auto& tally = days[static_cast<std::size_t>(r.day)];
      ++tally.events;
      const auto day = date::floor<date::days>(zone->to_local(date::floor<seconds>(*start)) -
                                               schedule.day_change);
      if (day != raw.days[static_cast<std::size_t>(r.day)].date && tally.elsewhere++ == 0)
        tally.first_elsewhere = day;
    }

    Instant end = *start;
    const Place* end_at = &r.at;
    if (r.end) {
      end = to_instant(*r.end);
      end_at = &r.end_at;
    } else if (r.duration) {
      end = *start + *r.duration;
      end_at = &r.duration_at;
    } else if (r.all_day) {
      const auto local = date::floor<date::days>(local_zone->to_local(*start)) + date::days{1};
      end = date::floor<Millis>(local_zone->to_sys(LocalTime{local}, date::choose::earliest));
    }
    if (end < *start) {
      sink.warning(*end_at,
                   "event " + quoted_title(event) + " ends before it starts" +
                       (r.duration_written.empty() ? std::string()
                                                   : " (duration " + r.duration_written + ")") +
                       "; it is shown as lasting no time");
      end = *start;
    }
    event.end = end;

    if (event.room.empty()) sink.warning(r.at, "event " + quoted_title(event) + " has no room");

    const std::string& key = event.key();
    if (!key.empty()) {
      const auto [it, fresh] = keys.emplace(key, &r);
      if (!fresh)
        sink.warning(r.at, std::string(event.guid.empty() ? "id" : "guid") + " '" + key +
                               "' is also the " + (event.guid.empty() ? "id" : "guid") + " of " +
                               quoted_title(it->second->event) + " (line " +
                               std::to_string(it->second->at.line) + ")");
    }
    built.emplace_back(std::move(event), r.at);
  }

  for (const auto& [pair, tally] : foreign_offsets) {
    sink.warning(tally.first, "offset " + format_offset(pair.first) + " (on " +
                                  std::to_string(tally.count) + " " + raw.date_field +
                                  (tally.count == 1 ? "" : "s") + ", the first here) is not " +
                                  zone->name() + "'s at that moment (" +
                                  format_offset(pair.second) +
                                  "), which no DST change explains; the written offset is used");
  }
  if (!zone_known) check_offsets_without_zone(std::move(offsets), raw.date_field, sink);

  for (std::size_t i = 0; i < days.size(); ++i) {
    if (days[i].elsewhere == 0) continue;
    sink.warning(raw.days[i].at,
                 raw.day_field + " " + day_text(raw.days[i].date) + ": " +
                     std::to_string(days[i].elsewhere) + " of its " +
                     std::to_string(days[i].events) + " events fall on conference day " +
                     day_text(days[i].first_elsewhere) + " by their " + raw.date_field +
                     " (days change at " + clock_text(schedule.day_change) + "); their " +
                     raw.date_field + " is used");
  }

  // Overlaps, room by room, against the latest end so far.
  std::vector<std::size_t> by_room(built.size());
  for (std::size_t i = 0; i < built.size(); ++i) by_room[i] = i;
  std::stable_sort(by_room.begin(), by_room.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(built[a].first.room, built[a].first.start) <
           std::tie(built[b].first.room, built[b].first.start);
  });
  const ScheduleEvent* before = nullptr;
  for (const std::size_t i : by_room) {
    const auto& [event, at] = built[i];
    if (event.room.empty()) continue;
    if (before && before->room != event.room) before = nullptr;
    if (before && event.start < before->end) {
      const auto span = [&](const ScheduleEvent& e) {
        return clock_text(time_of_day(venue_time(schedule, e.start))) + "-" +
               clock_text(time_of_day(venue_time(schedule, e.end)));
      };
      sink.warning(at, "event " + quoted_title(event) + " (" + span(event) + ") overlaps " +
                           quoted_title(*before) + " (" + span(*before) + ") in room '" +
                           event.room + "'");
    }
    if (!before || event.end > before->end) before = &event;
  }

  for (auto& entry : built) schedule.events.push_back(std::move(entry.first));
  order_events(schedule);
  return schedule;
}

}  // namespace marquee::config::detail
