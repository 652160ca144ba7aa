// `marquee fleet status|send|publish`: the operator's side of a fleet over MQTT.
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace marquee::app {

struct FleetCommandLine {
  std::string broker = "127.0.0.1";  // HOST[:PORT]; 1883, or 8883 with --ca-file
  std::string ca_file, username, password_file;
  double wait = 1;  // seconds: retained states to arrive (status), replies (send)
  // status
  bool json = false;
  // send
  std::string group, screen, ttl = "60s";
  std::vector<std::string> words;  // COMMAND [ARG=VALUE ...]
  // publish
  std::string bundle_dir, url, at = "+60s", out, revision;
  bool no_check = false;

  CLI::App *status = nullptr, *send = nullptr, *publish = nullptr;
};

// Registers `fleet` with its three verbs.
CLI::App* add_fleet_command(CLI::App& cli, FleetCommandLine& command);
// 0 done; 1 refused, unreachable or invalid (said on `err`).
int run_fleet(const FleetCommandLine& command, std::ostream& out, std::ostream& err);

}  // namespace marquee::app
