// `marquee report`: proof of play from play journals: sums per sponsor, slide, screen or tag, the
// Xibo-compatible CSV, the hash-chain check, and delivery against what the playlist promised.
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace marquee::app {

struct ReportCommand {
  std::vector<std::string> journals;  // files, or folders of *.jsonl
  std::string by = "sponsor";         // sponsor | slide | screen | tag
  std::string from, until, day;
  bool csv = false, json = false;
  std::string expected;  // a playlist
  bool verify = false;
  std::string sheet, sponsor;  // a contact sheet of one sponsor's moments on the expected timeline
};

// Registers `report JOURNAL... [--by ...] [--from T --until T | --day D] [--csv | --json]
// [--expected PLAYLIST] [--verify]`.
CLI::App* add_report_command(CLI::App& cli, ReportCommand& command);
// 0 when the report was made (and with --verify, the chain is intact); 1 on a broken
// chain or unreadable input; 2 on a usage error.
int run_report(const ReportCommand& command, std::ostream& out, std::ostream& err);

}  // namespace marquee::app
