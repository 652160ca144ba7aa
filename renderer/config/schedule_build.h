// Internal: what each schedule format reads, before times become instants, and the checks every
// format shares.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/schedule_load.h"

namespace marquee::config::detail {

// Where a value is written: line and column, and for JSON the pointer to it.
struct Place {
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
  std::string pointer;  // "/schedule/conference/days/0"; empty outside JSON
};

// Line and column of byte offsets in one text; columns count characters, not bytes.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  Place at(std::size_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// Collects one file's diagnostics; a JSON place's pointer leads its message.
class ScheduleSink {
 public:
  explicit ScheduleSink(std::string file) : file_(std::move(file)) {}
  void error(const Place& at, std::string message);
  void warning(const Place& at, std::string message);
  std::vector<Diagnostic> take();
  bool has_errors() const;
  const std::string& file() const { return file_; }

 private:
  void add(const Place& at, Diagnostic::Severity severity, std::string message);
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

// A date-time as a file writes it: the wall-clock digits and, when written, the offset
// (Z is +00:00). ISO 8601 as frab, pretalx and the command line write it.
struct WrittenTime {
  LocalTime local{};
  std::optional<std::chrono::minutes> offset;
};
std::optional<WrittenTime> parse_written_time(std::string_view text);
// "2014-12-27".
std::optional<date::local_days> parse_day(std::string_view text);
// "+01:00", "-07:00", "+00:00".
std::string format_offset(std::chrono::minutes offset);

// frab durations: "00:30", "1:30", "25:00", "0:45:00" (H:MM:SS, the c3voc schema); with
// `days_first`, pretalx's "1:02:00" is one day and two hours.
// A leading '-' makes it negative.
std::optional<std::chrono::seconds> parse_frab_duration(std::string_view text, bool days_first);
// "11:00" or "11:00:00"; up to "47:59" for the small hours written as the day before's.
std::optional<std::chrono::minutes> parse_clock(std::string_view text);

struct RawDay {
  date::local_days date{};
  Place at;
};

// One event as read, before its times are settled.
struct RawEvent {
  ScheduleEvent event;              // all but start and end
  Place at;                         // the event as a whole
  std::optional<WrittenTime> date;  // frab <date>, pretalx "start", DTSTART
  Place date_at;
  std::string date_written;
  std::optional<std::chrono::minutes> clock;  // frab <start>: a time of day alone
  Place clock_at;
  std::optional<WrittenTime> end;  // an end as written (JSON "end", DTEND)
  Place end_at;
  std::optional<std::chrono::seconds> duration;  // may be negative
  Place duration_at;
  std::string duration_written;
  int day = -1;  // index into RawSchedule::days of the <day> it sits in
  // The zone its local times are in (an iCalendar TZID); null: the schedule's.
  const date::time_zone* zone = nullptr;
  bool all_day = false;  // an iCalendar DATE: a whole venue day
};

struct RawSchedule {
  std::string title;
  std::string zone_name;  // as the file names it; empty when it names none
  Place zone_at;
  const date::time_zone* zone = nullptr;  // set by the format when it resolved the name itself
  std::vector<std::string> rooms;
  std::vector<ScheduleTrack> tracks;
  std::vector<RawDay> days;
  std::vector<RawEvent> events;
  std::string date_field = "<date>";  // how messages name the fields, per format
  std::string clock_field = "<start>";
  std::string day_field = "<day>";
};

// Settles every time to an instant (the venue zone from the file, else the options),
// orders the events and warns: no room or start, a negative duration, overlaps in one
// room, <date> and <start> disagreeing, offsets no DST change explains, duplicate guids,
// a <day> whose events fall on another conference day.
Schedule build_schedule(RawSchedule raw, const ScheduleOptions& options, ScheduleSink& sink);

// Time zone names as files write them: IANA names, "/mozilla.org/20050126_1/Europe/Berlin"
// style prefixes, and Windows names ("W. Europe Standard Time", or the display name
// "(UTC+01:00) Amsterdam, Berlin, ...") through CLDR's windowsZones table.
const date::time_zone* resolve_zone_name(std::string_view name);
// The IANA name CLDR gives a Windows zone name, or nullopt.
std::optional<std::string> windows_zone_to_iana(std::string_view windows_name);

// Format readers: fill `raw` and report problems, an error when the text is not what
// they read.
void read_frab_xml(std::string_view text, RawSchedule& raw, ScheduleSink& sink);
void read_schedule_json(std::string_view text, RawSchedule& raw, ScheduleSink& sink);
void read_icalendar(std::string_view text, RawSchedule& raw, ScheduleSink& sink);

}  // namespace marquee::config::detail
