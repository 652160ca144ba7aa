// `marquee schedule`: a conference schedule's events in venue time, to check an import by eye; and
// validate's schedule branch. date::parse trips a false maybe-uninitialized under g++ 12 -O2 (see
// config/moment.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "app/schedule_cli.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "config/schedule_load.h"

namespace marquee::app {
namespace {

using namespace std::chrono_literals;

void print(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << format(d) << '\n';
}

std::string clock(const Schedule& schedule, Instant t) {
  return date::format("%H:%M", venue_time(schedule, t));
}

std::string count(std::size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

// --day as a date or as a number counted from the first conference day.
std::optional<date::local_days> chosen_day(const Schedule& schedule, const std::string& day) {
  const auto days = conference_days(schedule);
  if (!day.empty() && day.find_first_not_of("0123456789") == std::string::npos) {
    const auto n = std::stoul(day);
    if (n >= 1 && n <= days.size()) return days[n - 1];
    return std::nullopt;
  }
  std::istringstream in(day);
  date::local_days parsed{};
  in >> date::parse("%F", parsed);
  if (in.fail()) return std::nullopt;
  return parsed;
}

}  // namespace

CLI::App* add_schedule_command(CLI::App& cli, ScheduleCommand& command) {
  auto* cmd = cli.add_subcommand(
      "schedule", "Print a conference schedule's events in venue time (frab, pretalx, iCalendar)");
  cmd->add_option("FILE", command.file, "schedule.xml, schedule.json, pretalx JSON or .ics")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--room", command.room, "only this room (matched ignoring case and spaces)");
  cmd->add_option("--day", command.day, "only this conference day: 2024-09-18, or 1 for the first");
  cmd->add_option("--timezone", command.timezone,
                  "the venue's IANA zone, for a file that names none");
  cmd->add_flag("--json", command.json,
                "one JSON object a line: id, start, end, room, title, speakers, track");
  return cmd;
}

int run_schedule(const ScheduleCommand& command) {
  config::ScheduleOptions options;
  if (!command.timezone.empty()) {
    try {
      options.zone = date::locate_zone(command.timezone);
    } catch (const std::exception&) {
      std::cerr << "marquee schedule: unknown time zone '" << command.timezone
                << "'; use a name like Europe/Berlin or America/Los_Angeles\n";
      return 2;
    }
  }
  const auto result = config::load_schedule(command.file, options);
  print(result.diagnostics);
  if (!result.ok()) return 1;
  const Schedule& schedule = *result.schedule;

  std::string room;
  if (!command.room.empty()) {
    if (const auto message = config::unknown_room(schedule, command.room)) {
      std::cerr << "marquee schedule: " << *message << '\n';
      return 1;
    }
    room = *match_room(schedule, command.room);
  }
  std::optional<date::local_days> day;
  if (!command.day.empty()) {
    day = chosen_day(schedule, command.day);
    if (!day) {
      std::cerr << "marquee schedule: cannot read --day '" << command.day
                << "'; write a date like 2024-09-18 or a day number from 1 to "
                << conference_days(schedule).size() << '\n';
      return 2;
    }
  }

  std::optional<date::local_days> heading;
  for (const auto& event : schedule.events) {
    if (!room.empty() && event.room != room) continue;
    const auto event_day = conference_day(schedule, event);
    if (day && event_day != *day) continue;
    if (command.json) {
      const nlohmann::ordered_json line = {{"id", event.key()},
                                           {"start", venue_iso(schedule, event.start)},
                                           {"end", venue_iso(schedule, event.end)},
                                           {"room", event.room},
                                           {"title", event.title},
                                           {"speakers", event.speakers},
                                           {"track", event.track}};
      std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      continue;
    }
    if (!heading || *heading != event_day) {
      std::cout << (heading ? "\n" : "") << date::format("%a %F", event_day)
                << " (conference day; it changes at " << date::format("%H:%M", schedule.day_change)
                << ")\n";
      heading = event_day;
    }
    std::cout << "  " << clock(schedule, event.start) << "-" << clock(schedule, event.end);
    // A session running past midnight says how many days later it ends.
    const auto start_date = date::floor<date::days>(venue_time(schedule, event.start));
    const auto end_date =
        date::floor<date::days>(venue_time(schedule, std::max(event.start, event.end - 1s)));
    if (end_date > start_date) std::cout << "+" << (end_date - start_date).count() << "d";
    if (venue_time(schedule, event.start) >= LocalTime{event_day + date::days{1}})
      std::cout << " (+1)";
    std::cout << "  " << (event.room.empty() ? "(no room)" : event.room) << "  " << event.title;
    if (!event.speakers.empty()) std::cout << " - " << joined(event.speakers);
    if (!event.track.empty()) std::cout << " [" << event.track << "]";
    std::cout << '\n';
  }
  if (!command.json)
    std::cout << "\n"
              << count(schedule.events.size(), "event") << " in "
              << count(schedule.rooms.size(), "room") << ", times in " << schedule.zone->name()
              << '\n';
  return 0;
}

bool validate_schedule(const std::string& file) {
  const auto result = config::load_schedule(file);
  print(result.diagnostics);
  if (!result.ok()) return false;
  std::cout << file << ": ok (" << config::format_name(result.format) << " schedule, "
            << count(result.schedule->events.size(), "event") << " in "
            << count(result.schedule->rooms.size(), "room") << ")\n";
  return true;
}

}  // namespace marquee::app
