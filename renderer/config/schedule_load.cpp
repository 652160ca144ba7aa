// Finds which format a schedule file is in, reads it with that format's reader, and builds the
// core::Schedule.
#include "config/schedule_load.h"

#include <fstream>

#include "config/reader.h"
#include "config/schedule_build.h"

namespace marquee::config {

using detail::lower;

std::string_view format_name(ScheduleFormat format) {
  switch (format) {
    case ScheduleFormat::frab_xml:
      return "frab XML";
    case ScheduleFormat::frab_json:
      return "frab JSON";
    case ScheduleFormat::pretalx_widget:
      return "pretalx widget JSON";
    case ScheduleFormat::icalendar:
      return "iCalendar";
    case ScheduleFormat::unknown:
      break;
  }
  return "unknown";
}

bool ScheduleResult::ok() const {
  return schedule && std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
           return d.severity == Diagnostic::Severity::error;
         });
}

namespace {

std::string_view content_start(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view{} : text.substr(first);
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return lower(text.substr(0, prefix.size())) == lower(prefix);
}

}  // namespace

ScheduleFormat sniff_schedule(std::string_view text) {
  const std::string_view start = content_start(text);
  if (start.starts_with('<')) return ScheduleFormat::frab_xml;
  if (starts_with_nocase(start, "BEGIN:VCALENDAR")) return ScheduleFormat::icalendar;
  if (start.starts_with('{')) {
    // The top-level key decides; it is near the start in every exporter's output, and a
    // wrong guess only changes which reader reports the problem.
    const std::string_view head = start.substr(0, 4096);
    const auto talks = head.find("\"talks\"");
    const auto schedule = head.find("\"schedule\"");
    if (talks != std::string_view::npos && (schedule == std::string_view::npos || talks < schedule))
      return ScheduleFormat::pretalx_widget;
    return ScheduleFormat::frab_json;
  }
  return ScheduleFormat::unknown;
}

bool looks_like_schedule(const std::filesystem::path& file) {
  const std::string ext = lower(file.extension().string());
  if (ext == ".xml" || ext == ".json" || ext == ".ics" || ext == ".ical" || ext == ".ifb")
    return true;
  if (ext == ".yaml" || ext == ".yml") return false;
  std::ifstream in(file, std::ios::binary);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return sniff_schedule(head) != ScheduleFormat::unknown;
}

ScheduleResult parse_schedule(std::string_view text, const std::string& as_file,
                              const ScheduleOptions& options) {
  ScheduleResult result;
  detail::ScheduleSink sink(as_file);
  detail::RawSchedule raw;
  result.format = sniff_schedule(text);
  switch (result.format) {
    case ScheduleFormat::frab_xml:
      detail::read_frab_xml(text, raw, sink);
      break;
    case ScheduleFormat::frab_json:
    case ScheduleFormat::pretalx_widget:
      detail::read_schedule_json(text, raw, sink);
      break;
    case ScheduleFormat::icalendar:
      detail::read_icalendar(text, raw, sink);
      break;
    case ScheduleFormat::unknown:
      sink.error(detail::Place{1, 1, {}},
                 content_start(text).empty()
                     ? "the file is empty; expected a schedule"
                     : "not a schedule: expected frab XML, a schedule.json, pretalx's widget "
                       "JSON or iCalendar");
      break;
  }
  if (!sink.has_errors()) {
    if (raw.events.empty()) sink.warning(detail::Place{1, 1, {}}, "the schedule has no events");
    result.schedule = detail::build_schedule(std::move(raw), options, sink);
  }
  result.diagnostics = sink.take();
  return result;
}

ScheduleResult load_schedule(const std::filesystem::path& file, const ScheduleOptions& options) {
  detail::Sink sink;
  const auto text = detail::read_text_file(sink, file);
  if (!text) {
    ScheduleResult result;
    result.diagnostics = std::move(sink.diagnostics);
    return result;
  }
  return parse_schedule(*text, file.string(), options);
}

std::optional<std::string> unknown_room(const Schedule& schedule, std::string_view written) {
  if (match_room(schedule, written)) return std::nullopt;
  return "no room '" + std::string(written) + "' in the schedule" +
         detail::did_you_mean(written, schedule.rooms);
}

}  // namespace marquee::config
