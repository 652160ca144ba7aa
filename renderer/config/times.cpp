// Internal: `show: { from, until, days, times }` windows, and the never-on-air check.
#include "config/times.h"

#include <algorithm>
#include <cctype>
#include <exception>

#include "config/suggest.h"

namespace marquee::config::detail {
namespace {

using std::chrono::minutes;

// The small scanners below consume what they match from the front of `rest`.
bool digits(std::string_view& rest, std::size_t min_width, std::size_t max_width, int& out) {
  std::size_t n = 0;
  while (n < rest.size() && n < max_width && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
  if (n < min_width) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) out = out * 10 + (rest[i] - '0');
  rest.remove_prefix(n);
  return true;
}

bool literal(std::string_view& rest, char c) {
  if (rest.empty() || rest.front() != c) return false;
  rest.remove_prefix(1);
  return true;
}

// "8:00" or "08:00"; "24:00" only where a range may end at midnight.
std::optional<minutes> clock(std::string_view& rest, bool allow_midnight_end) {
  int hour = 0, minute = 0;
  if (!digits(rest, 1, 2, hour) || !literal(rest, ':') || !digits(rest, 2, 2, minute))
    return std::nullopt;
  if (minute > 59 || hour > 24 || (hour == 24 && (minute != 0 || !allow_midnight_end)))
    return std::nullopt;
  return minutes{hour * 60 + minute};
}

}  // namespace

std::optional<LocalTime> parse_local_time(std::string_view written) {
  std::string_view rest = trim(written);
  int y = 0, m = 0, d = 0;
  if (!digits(rest, 4, 4, y) || !literal(rest, '-') || !digits(rest, 1, 2, m) ||
      !literal(rest, '-') || !digits(rest, 1, 2, d))
    return std::nullopt;
  const date::year_month_day day{date::year{y}, date::month(static_cast<unsigned>(m)),
                                 date::day(static_cast<unsigned>(d))};
  if (!day.ok()) return std::nullopt;
  LocalTime t{date::local_days{day}};
  if (!rest.empty()) {
    if (!literal(rest, ' ') && !literal(rest, 'T')) return std::nullopt;
    const auto time_of_day = clock(rest, false);
    if (!time_of_day) return std::nullopt;
    t += *time_of_day;
    int second = 0;  // optional, as in the ISO times the command line takes
    if (literal(rest, ':') && (!digits(rest, 2, 2, second) || second > 59)) return std::nullopt;
    t += std::chrono::seconds{second};
  }
  if (!rest.empty()) return std::nullopt;
  return t;
}

std::optional<minutes> parse_time_of_day(std::string_view written) {
  std::string_view rest = trim(written);
  const auto time_of_day = clock(rest, false);
  if (!time_of_day || !rest.empty()) return std::nullopt;
  return time_of_day;
}

std::optional<minutes> time_of_day(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "a time of day like 04:00");
  if (!written) return std::nullopt;
  if (auto t = parse_time_of_day(*written)) return t;
  r.error(item.at, "cannot read time of day " + quote(*written) + "; write it like 04:00");
  return std::nullopt;
}

namespace {

std::string zone_hint(const std::string& name) {
  std::vector<std::string> zones;
  for (const auto& zone : date::get_tzdb().zones) zones.emplace_back(zone.name());
  if (auto close = suggest(name, zones)) return " (did you mean '" + *close + "'?)";
  // People often write only the city: "Los Angeles", "berlin".
  std::string city = lower(name);
  std::replace(city.begin(), city.end(), ' ', '_');
  for (const auto& zone : zones)
    if (lower(zone.substr(zone.rfind('/') + 1)) == city) return " (did you mean '" + zone + "'?)";
  return "; use a name like Europe/Berlin or America/New_York";
}

}  // namespace

std::optional<const date::time_zone*> time_zone(Reader& r, const Item& item) {
  const auto name = r.scalar(item, "a time zone like Europe/Berlin");
  if (!name) return std::nullopt;
  try {
    try {
      return date::locate_zone(*name);
    } catch (const std::runtime_error&) {
      r.error(item.at, "unknown time zone " + quote(*name) + zone_hint(*name));
    }
  } catch (const std::exception&) {
    r.error(item.at, "cannot load the time zone database; install tzdata");
  }
  return std::nullopt;
}

std::optional<LocalTime> local_time(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "a date like 2024-09-18 08:00");
  if (!written) return std::nullopt;
  if (auto parsed = parse_local_time(*written)) return parsed;
  r.error(item.at, "cannot read date " + quote(*written) + "; write it like 2024-09-18 08:00");
  return std::nullopt;
}

namespace {

const Choice<std::uint8_t> kDay{"day",
                                {{"sun", 1 << 0},
                                 {"mon", 1 << 1},
                                 {"tue", 1 << 2},
                                 {"wed", 1 << 3},
                                 {"thu", 1 << 4},
                                 {"fri", 1 << 5},
                                 {"sat", 1 << 6},
                                 {"weekdays", 0x3E},
                                 {"weekend", 0x41},
                                 {"sunday", 1 << 0, true},
                                 {"monday", 1 << 1, true},
                                 {"tuesday", 1 << 2, true},
                                 {"wednesday", 1 << 3, true},
                                 {"thursday", 1 << 4, true},
                                 {"friday", 1 << 5, true},
                                 {"saturday", 1 << 6, true}}};

// Reads a scalar, or each entry of a list, with `one`, and folds the results with
// `combine`. Nullopt if any entry is bad, so a half-read list cannot trigger a
// misleading never-on-air report.
template <class T, class One, class Combine>
std::optional<T> one_or_list(Reader& r, const Item& item, std::string_view example, One one,
                             Combine combine) {
  std::vector<Item> entries;
  if (!item.node.IsSequence()) {
    entries.push_back(item);
  } else if (item.node.size() == 0) {
    r.error(item.at,
            quote(item.key) + " is empty; list at least one, like " + std::string(example));
    return std::nullopt;
  } else {
    for (const auto& entry : item.node) {
      if (!r.visit(entry.Mark())) return std::nullopt;
      const YAML::Mark at = r.entry_mark(entry);
      entries.push_back(Item{entry, item.key, at, at});
    }
  }
  T all{};
  bool ok = true;
  for (const auto& entry : entries) {
    if (auto value = one(r, entry))
      combine(all, *value);
    else
      ok = false;
  }
  return ok ? std::optional<T>(std::move(all)) : std::nullopt;
}

std::optional<std::uint8_t> days(Reader& r, const Item& item) {
  return one_or_list<std::uint8_t>(r, item, "[mon, tue]", kDay,
                                   [](std::uint8_t& all, std::uint8_t day) { all |= day; });
}

std::optional<TimeOfDayRange> time_range(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "a time range like 08:00-12:00");
  if (!written) return std::nullopt;
  std::string_view rest = trim(*written);
  const auto start = clock(rest, false);
  rest = trim(rest);
  const bool dash = literal(rest, '-');
  rest = trim(rest);
  const auto end = dash ? clock(rest, true) : std::nullopt;
  if (!start || !end || !rest.empty()) {
    r.error(item.at, "cannot read time range " + quote(*written) + "; write it like 08:00-12:00");
    return std::nullopt;
  }
  if (*start == *end) {
    r.error(item.at, "time range " + quote(*written) + " starts and ends at the same time");
    return std::nullopt;
  }
  return TimeOfDayRange{*start, *end};
}

// The never-on-air check costs the square of this per window; no screen needs more.
constexpr std::size_t kMaxTimeRanges = 48;

std::optional<std::vector<TimeOfDayRange>> times(Reader& r, const Item& item) {
  if (item.node.IsSequence() && item.node.size() > kMaxTimeRanges) {
    r.error(item.at, quote(item.key) + " has " + std::to_string(item.node.size()) +
                         " time ranges; the limit is " + std::to_string(kMaxTimeRanges));
    return std::nullopt;
  }
  return one_or_list<std::vector<TimeOfDayRange>>(
      r, item, "[\"08:00-12:00\"]", time_range,
      [](std::vector<TimeOfDayRange>& all, const TimeOfDayRange& range) { all.push_back(range); });
}

std::string show_time(LocalTime t) {
  return date::format("%Y-%m-%d %H:%M", t);
}

std::string show_clock(minutes m) {
  const auto two = [](long long v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(m.count() / 60) + ":" + two(m.count() % 60);
}

// contains() only changes value at midnights, at range starts and ends, and at the
// window's bounds, so testing those instants decides every moment in between. Past
// the first eight days every instant repeats one a week earlier that is also inside
// the window, so those days decide the rest.
bool ever_on_air(const ScheduleWindow& w) {
  using date::days;
  const LocalTime start = w.from ? *w.from : w.until ? *w.until - days{8} : LocalTime{};
  const LocalTime end = w.until ? *w.until : start + days{8};
  if (start < end && w.contains(start)) return true;
  const auto first_day = date::floor<days>(start);
  for (auto day = first_day; day < end && day <= first_day + days{8}; day += days{1}) {
    std::vector<LocalTime> instants{day};
    for (const auto& range : w.times) {
      instants.push_back(day + range.start);
      instants.push_back(day + range.end);
    }
    for (const auto t : instants)
      if (t >= start && t < end && w.contains(t)) return true;
  }
  return false;
}

}  // namespace

ScheduleWindow read_window(Reader& r, const Item& item) {
  ScheduleWindow window;
  const Field fields[] = {
      {"from", r.into(window.from, local_time)},
      {"until", r.into(window.until, local_time)},
      {"days", r.into(window.days, days)},
      {"times", r.into(window.times, times)},
  };
  r.read_map(item, quote(item.key), fields);
  return window;
}

std::optional<std::string> never_on_air(const ScheduleWindow& w) {
  if (w.from && w.until && *w.until <= *w.from)
    return "its 'until' (" + show_time(*w.until) + ") is not after its 'from' (" +
           show_time(*w.from) + ")";
  if (ever_on_air(w)) return std::nullopt;
  const std::string span = w.from && w.until
                               ? "between " + show_time(*w.from) + " and " + show_time(*w.until)
                           : w.from  ? "after " + show_time(*w.from)
                           : w.until ? "before " + show_time(*w.until)
                                     : "at any time";
  std::vector<std::string> day_names;
  for (int d = 0; d < 7; ++d)
    if ((w.days >> d) & 1) day_names.emplace_back(kDay.names[static_cast<std::size_t>(d)].name);
  ScheduleWindow any_time = w;
  any_time.times.clear();
  if (!ever_on_air(any_time))
    return "none of its days (" + join(day_names, ", ") + ") falls " + span;
  std::vector<std::string> ranges;
  for (const auto& range : w.times)
    ranges.push_back(show_clock(range.start) + "-" + show_clock(range.end));
  return "none of its times (" + join(ranges, ", ") + ") falls " + span +
         (w.days == 0x7F ? "" : " on its days (" + join(day_names, ", ") + ")");
}

}  // namespace marquee::config::detail
