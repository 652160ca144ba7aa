// A screen's config file (/etc/marquee/marquee.yaml): which playlist, which output, how it is
// turned, where state lives, the control server's settings and the fleet's (MQTT).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostics.h"

namespace marquee::config {

// Where the control server listens: an IP address or localhost (IPv6 without brackets).
struct Bind {
  std::string host;
  int port = 0;
};
// "127.0.0.1:8080", "0.0.0.0:8080", "[::1]:8080", "localhost:8080"; nullopt with *error set
// (one line, about `subject`: "'bind'", "--control") otherwise. The screen config's `bind`
// and `marquee play --control` read it.
std::optional<Bind> parse_bind(std::string_view text, std::string_view subject, std::string* error);
// 127.0.0.0/8, ::1 and localhost: reachable from this box only.
bool is_loopback(std::string_view host);

// The control server's settings (renderer/control serves them).
struct ControlConfig {
  std::string host = "127.0.0.1";  // an IP address or localhost; IPv6 without brackets
  int port = 8080;
  std::optional<std::filesystem::path> token_file;  // absolute; exists, private to its owner
  std::optional<int> osc_port;                      // none: the same number as `port`, over UDP
};

// The fleet's MQTT broker and this screen's place in it (renderer/control/fleet.h).
struct FleetConfig {
  std::string host = "127.0.0.1";  // the broker: a host name or an IP address
  int port = 1883;                 // 8883 by default with TLS
  std::optional<std::filesystem::path> ca_file;  // TLS on, trusting this CA; absolute
  std::string username;                          // default: the screen's name
  std::optional<std::filesystem::path> password_file;  // absolute; private to its owner
  std::string screen;               // the screen's topic name; default: the config's `screen`
  std::vector<std::string> groups;  // e.g. expo, pier-2: commands to a group reach it
  // The playlist this screen plays from a content bundle, relative to the bundle's root;
  // default: playlists/ and the file name of the config's `playlist`.
  std::filesystem::path bundle_playlist;
};

// Why `name` cannot be one level of a topic (a screen or a group name), or "" when it can:
// letters, digits, '.', '_' and '-', at most 64, and not one of the fleet's own words.
std::string fleet_name_problem(std::string_view name);

struct ScreenConfig {
  std::filesystem::path file;      // absolute path of the config itself
  std::filesystem::path playlist;  // absolute; relative paths start at the config's folder
  std::string screen;              // a name for logs; empty: the playlist's `screen`
  // The output: an index (0 is the first) or a connector name like HDMI-A-1. Neither: 0.
  std::optional<int> display_index;
  std::string display_name;
  int rotate = 0;  // 0, 90, 180 or 270: degrees clockwise the picture is turned
  std::optional<std::filesystem::path> state_dir;  // absolute; none: the default
  std::optional<ControlConfig> control;            // none: no control server
  std::optional<FleetConfig> fleet;                // none: not part of a fleet
};

// `config` is filled whenever the file parsed as YAML, even with errors (each bad field
// keeps its default), so a player can start with what was readable; ok() says whether
// it is free of errors. Diagnostics are sorted by line and column; nothing throws.
struct ScreenConfigResult {
  std::optional<ScreenConfig> config;
  std::vector<Diagnostic> diagnostics;
  bool ok() const;
};

ScreenConfigResult load_screen_config(const std::filesystem::path& file);
// For tests: as if `yaml` were the contents of `as_file`.
ScreenConfigResult load_screen_config_from_string(std::string_view yaml,
                                                  const std::filesystem::path& as_file);

}  // namespace marquee::config
