// The `marquee schedule` verb, and `marquee validate` on schedule files.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace marquee::app {

struct ScheduleCommand {
  std::string file;
  std::string room;
  std::string day;       // a date (2014-12-27) or a day number (1 = the first)
  std::string timezone;  // for a file that names none
  bool json = false;
};

// Registers `schedule FILE [--room R] [--day D] [--timezone ZONE] [--json]`.
CLI::App* add_schedule_command(CLI::App& cli, ScheduleCommand& command);
// Prints the normalised events in venue time; 0 when the file is a valid schedule.
int run_schedule(const ScheduleCommand& command);
// For `marquee validate`: prints the diagnostics and a summary; true when valid.
bool validate_schedule(const std::string& file);

}  // namespace marquee::app
