// Reading conference schedules (frab XML, frab/c3voc/pretalx JSON, pretalx widget JSON, iCalendar)
// into core::Schedule, with positioned diagnostics.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"
#include "core/schedule.h"

namespace marquee::config {

enum class ScheduleFormat { frab_xml, frab_json, pretalx_widget, icalendar, unknown };

// "frab XML", "frab JSON", "pretalx widget JSON", "iCalendar".
std::string_view format_name(ScheduleFormat format);

struct ScheduleOptions {
  // The venue's zone for a file that names none (the playlist's `timezone`, or
  // `--timezone`). A zone the file names wins; a different one here gets a warning.
  const date::time_zone* zone = nullptr;
  std::optional<std::chrono::minutes> day_change;  // default 04:00
};

struct ScheduleResult {
  std::optional<Schedule> schedule;     // set when the file could be read as a schedule at all
  std::vector<Diagnostic> diagnostics;  // sorted by line and column
  ScheduleFormat format = ScheduleFormat::unknown;
  bool ok() const;  // a schedule and no errors (warnings allowed)
};

// What a text is, from its first bytes (XML, JSON, BEGIN:VCALENDAR) and, for JSON, its
// top-level keys. Unknown for anything else.
ScheduleFormat sniff_schedule(std::string_view text);
// Whether `marquee validate` should read the file as a schedule: .xml, .json, .ics or
// .ical, or content that sniffs as one.
bool looks_like_schedule(const std::filesystem::path& file);

// Diagnostics name the file as given. Nothing throws.
ScheduleResult load_schedule(const std::filesystem::path& file,
                             const ScheduleOptions& options = {});
// For fetched copies and tests: as if `text` were the contents of `as_file`.
ScheduleResult parse_schedule(std::string_view text, const std::string& as_file,
                              const ScheduleOptions& options = {});

// "no room 'Cowel Theatre' in the schedule (did you mean 'Cowell Theater'?)", or nullopt
// when match_room finds the room.
std::optional<std::string> unknown_room(const Schedule& schedule, std::string_view written);

}  // namespace marquee::config
