// Reads iCalendar (.ics) schedules with libical; TZIDs are resolved to IANA zones here, Windows
// names through CLDR.
#include <libical/ical.h>

#include <map>
#include <memory>

#include "config/reader.h"
#include "config/schedule_build.h"

namespace marquee::config::detail {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Where each VEVENT and its properties begin. libical keeps no line numbers, so the
// lines are found here: BEGIN/END nesting and property names, nothing more.
struct EventLines {
  int begin = 0;
  std::map<std::string, int> properties;  // upper-cased name -> first line
};

std::vector<EventLines> event_lines(std::string_view text) {
  std::vector<EventLines> out;
  std::vector<std::string> open;  // the BEGIN: names we are inside
  int line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view physical = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!physical.empty() && physical.back() == '\r') physical.remove_suffix(1);
    if (physical.empty() || physical.front() == ' ' || physical.front() == '\t') continue;
    const auto name_end = physical.find_first_of(":;");
    const std::string name = upper(physical.substr(0, name_end));
    const std::string value =
        name_end == std::string_view::npos ? "" : upper(trim(physical.substr(name_end + 1)));
    if (name == "BEGIN") {
      open.push_back(value);
      if (value == "VEVENT") out.push_back({line, {}});
    } else if (name == "END") {
      if (!open.empty()) open.pop_back();
    } else if (!open.empty() && open.back() == "VEVENT" && !out.empty()) {
      out.back().properties.emplace(name, line);
    }
  }
  return out;
}

WrittenTime written(const icaltimetype& t) {
  const date::year_month_day day{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                                 date::day{static_cast<unsigned>(t.day)}};
  LocalTime local = LocalTime{date::local_days{day}};
  if (!t.is_date)
    local += std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} +
             std::chrono::seconds{t.second};
  return WrittenTime{local, std::nullopt};
}

std::string text_of(const char* value) {
  return value ? std::string(trim(value)) : std::string();
}

class IcalReader {
 public:
  IcalReader(std::string_view text, RawSchedule& raw, ScheduleSink& sink)
      : text_(text), raw_(raw), sink_(sink) {}

  void read() {
    const std::string copy(text_);  // libical wants a NUL-terminated string
    std::unique_ptr<icalcomponent, void (*)(icalcomponent*)> root(
        icalparser_parse_string(copy.c_str()), icalcomponent_free);
    icalcomponent* calendar = root.get();
    if (calendar && icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
      calendar = icalcomponent_get_first_component(calendar, ICAL_VCALENDAR_COMPONENT);
    if (!calendar) {
      sink_.error(Place{1, 1, {}}, "not iCalendar: no BEGIN:VCALENDAR ... END:VCALENDAR");
      return;
    }
    raw_.date_field = "DTSTART";
    raw_.day_field = "";
    report_errors(calendar, Place{1, 1, {}}, nullptr);
    for (auto* p = icalcomponent_get_first_property(calendar, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(calendar, ICAL_X_PROPERTY)) {
      const std::string name = upper(text_of(icalproperty_get_x_name(p)));
      if (name == "X-WR-TIMEZONE") raw_.zone_name = text_of(icalproperty_get_x(p));
      if (name == "X-WR-CALNAME") raw_.title = text_of(icalproperty_get_x(p));
    }
    const auto lines = event_lines(text_);
    std::size_t index = 0;
    for (auto* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT), ++index) {
      read_event(calendar, event, index < lines.size() ? lines[index] : EventLines{});
    }
    // A calendar without X-WR-TIMEZONE is in the zone its events name.
    if (raw_.zone_name.empty() && first_zone_) raw_.zone = first_zone_;
  }

 private:
  // libical drops a line it cannot read and leaves an X-LIC-ERROR naming its property
  // ("... in DTEND property. Removing entire property: ..."), which places it.
  void report_errors(icalcomponent* component, const Place& at, const EventLines* lines) {
    for (auto* p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
      const std::string message = text_of(icalproperty_get_xlicerror(p));
      Place where = at;
      if (const auto end = message.find(" property"); lines && end != std::string::npos) {
        const auto begin = message.rfind(' ', end - 1);
        const std::string name = upper(message.substr(begin + 1, end - begin - 1));
        if (const auto it = lines->properties.find(name); it != lines->properties.end())
          where.line = it->second;
      }
      sink_.warning(where, "iCalendar: " + message);
    }
  }

  // The zone a TZID names: IANA, prefixed IANA, Windows, else the file's VTIMEZONE.
  struct TimeZone {
    const date::time_zone* zone = nullptr;
    icaltimezone* embedded = nullptr;
  };
  TimeZone zone_for(icalcomponent* calendar, const std::string& tzid, const Place& at) {
    if (const auto* zone = resolve_zone_name(tzid)) {
      if (!first_zone_) first_zone_ = zone;
      return {zone, nullptr};
    }
    if (auto* embedded = icalcomponent_get_timezone(calendar, tzid.c_str()))
      return {nullptr, embedded};
    if (std::find(unknown_.begin(), unknown_.end(), tzid) == unknown_.end()) {
      unknown_.push_back(tzid);
      sink_.warning(at, "unknown TZID '" + tzid +
                            "' (no IANA or Windows zone, and no VTIMEZONE in the file); its "
                            "times are read as venue time");
    }
    return {};
  }

  // DTSTART or DTEND as written, converted through an embedded VTIMEZONE when that is
  // all there is.
  std::optional<WrittenTime> time_of(icalcomponent* calendar, icalproperty* p, const Place& at,
                                     RawEvent& r, bool* is_date) {
    if (!p) return std::nullopt;
    const icalvalue* value = icalproperty_get_value(p);
    if (!value) return std::nullopt;
    const icaltimetype t = icalvalue_get_datetime(value);
    if (icaltime_is_null_time(t)) return std::nullopt;
    if (is_date) *is_date = t.is_date;
    WrittenTime out = written(t);
    if (icaltime_is_utc(t)) {
      out.offset = std::chrono::minutes{0};
      return out;
    }
    auto* tzid_param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    if (!tzid_param || t.is_date) return out;  // floating: venue time
    const std::string tzid = text_of(icalparameter_get_tzid(tzid_param));
    const TimeZone zone = zone_for(calendar, tzid, at);
    if (zone.zone) {
      r.zone = zone.zone;
    } else if (zone.embedded) {
      icaltimetype local = t;
      local.zone = nullptr;
      const auto utc =
          std::chrono::system_clock::from_time_t(icaltime_as_timet_with_zone(local, zone.embedded));
      const auto seconds = date::floor<std::chrono::seconds>(utc);
      out.local = LocalTime{seconds.time_since_epoch()};
      out.offset = std::chrono::minutes{0};
    }
    return out;
  }

  void read_event(icalcomponent* calendar, icalcomponent* event, const EventLines& lines) {
    const auto line_of = [&](const char* name) {
      const auto it = lines.properties.find(name);
      return Place{it == lines.properties.end() ? lines.begin : it->second, 1, {}};
    };
    RawEvent r;
    r.at = Place{lines.begin, 1, {}};
    report_errors(event, r.at, &lines);
    r.event.id = text_of(icalcomponent_get_uid(event));
    r.event.title = text_of(icalcomponent_get_summary(event));
    r.event.room = text_of(icalcomponent_get_location(event));
    if (auto* p = icalcomponent_get_first_property(event, ICAL_CATEGORIES_PROPERTY)) {
      const std::string categories = text_of(icalproperty_get_categories(p));
      r.event.track = std::string(trim(categories.substr(0, categories.find(','))));
    }
    if (icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY))
      sink_.warning(line_of("RRULE"),
                    "event '" + r.event.title + "' repeats (RRULE); only its first time is shown");

    bool all_day = false;
    r.date_at = line_of("DTSTART");
    r.date = time_of(calendar, icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY),
                     r.date_at, r, &all_day);
    r.all_day = all_day;
    if (r.date) r.date_written = date::format("%FT%T", r.date->local);
    r.end_at = line_of("DTEND");
    r.end = time_of(calendar, icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY),
                    r.end_at, r, nullptr);
    if (auto* p = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY); p && !r.end) {
      const icaldurationtype d = icalproperty_get_duration(p);
      r.duration = std::chrono::seconds{icaldurationtype_as_int(d)};
      r.duration_at = line_of("DURATION");
      r.duration_written = text_of(icalproperty_get_value_as_string(p));
    }
    raw_.events.push_back(std::move(r));
  }

  std::string_view text_;
  RawSchedule& raw_;
  ScheduleSink& sink_;
  const date::time_zone* first_zone_ = nullptr;
  std::vector<std::string> unknown_;
};

}  // namespace

void read_icalendar(std::string_view text, RawSchedule& raw, ScheduleSink& sink) {
  IcalReader(text, raw, sink).read();
}

}  // namespace marquee::config::detail
