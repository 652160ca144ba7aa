// The marquee binary: validate, render, preview, schedule, report and play verbs.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <map>
#include <string_view>

#include "app/bench.h"
#include "app/play.h"
#include "app/report.h"
#include "app/schedule_cli.h"
#include "backends/memory.h"
#include "backends/offscreen.h"
#include "backends/runtime_dir.h"
#include "backends/sdl_system.h"
#include "config/loader.h"
#include "config/moment.h"
#include "config/schedule_load.h"
#include "config/screen_config.h"
#include "control/commands.h"
#include "control/operator_log.h"

namespace marquee::app {
namespace {

const std::map<std::string, Renderer> kRenderers{
    {"auto", Renderer::automatic}, {"opengl", Renderer::opengl}, {"software", Renderer::software}};

struct Size {
  int width = 1920, height = 1080;
};

// Accepts "1920x1080"; the checks keep within what a screen can be.
std::string check_size(const std::string& text) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X'))
    return "size must look like 1920x1080, got '" + text + "'";
  if (w < 160 || h < 90 || w > 7680 || h > 7680) return "size must be between 160x90 and 7680x7680";
  return {};
}

Size parse_size(const std::string& text) {
  Size s;
  char x = 0;
  std::sscanf(text.c_str(), "%d%c%d", &s.width, &x, &s.height);
  return s;
}

// Whether the line starts with one of `keys` and a ':' (spaces between allowed).
bool starts_with_key(std::string_view line, std::initializer_list<std::string_view> keys) {
  for (const std::string_view key : keys) {
    if (!line.starts_with(key)) continue;
    const auto colon = line.find_first_not_of(" \t", key.size());
    if (colon != std::string_view::npos && line[colon] == ':') return true;
  }
  return false;
}

// What `marquee validate` was given, told apart by top-level keys: a screen config names
// a playlist, a playlist has slides, a theme has neither.
enum class FileKind { playlist, theme, screen_config };

FileKind kind_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  bool playlist = false, theme = false;
  for (std::string line; std::getline(in, line);) {
    if (starts_with_key(line, {"playlist"})) return FileKind::screen_config;
    playlist = playlist || starts_with_key(line, {"slides", "screen", "timezone"});
    theme = theme || starts_with_key(line, {"colors", "fonts", "safe_area", "sizes"});
  }
  return theme && !playlist ? FileKind::theme : FileKind::playlist;
}

void print(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << format(d) << '\n';
}

// Loads a playlist for render/preview/play, printing problems; nullopt when unusable.
std::optional<Show> load_or_report(const std::string& playlist) {
  auto result = config::load_show(playlist);
  print(result.diagnostics);
  if (!result.ok()) return std::nullopt;
  return std::move(result.show);
}

struct Checked {
  bool ok = false;
  std::string summary;  // for "FILE: ok (summary)"
};

Checked check_playlist(const std::filesystem::path& file) {
  auto result = config::load_show(file);
  print(result.diagnostics);
  if (!result.ok()) return {};
  return {true, std::to_string(result.show->slides.size()) + " slides"};
}

// A screen config is checked with the playlist it names, as the player would load them.
Checked check_screen_config(const std::filesystem::path& file) {
  auto result = config::load_screen_config(file);
  print(result.diagnostics);
  if (!result.config || result.config->playlist.empty()) return {};
  const auto playlist = check_playlist(result.config->playlist);
  return {result.ok() && playlist.ok,
          "screen config; " + result.config->playlist.string() + ": " + playlist.summary};
}

int validate(const std::vector<std::string>& files) {
  bool all_valid = true;
  for (const auto& file : files) {
    if (config::looks_like_schedule(file)) {
      all_valid = validate_schedule(file) && all_valid;
      continue;
    }
    Checked checked;
    switch (kind_of(file)) {
      case FileKind::theme: {
        auto result = config::load_theme(file);
        print(result.diagnostics);
        checked = {result.ok(), "theme"};
        break;
      }
      case FileKind::screen_config:
        checked = check_screen_config(file);
        break;
      case FileKind::playlist:
        checked = check_playlist(file);
        break;
    }
    if (checked.ok) std::cout << file << ": ok (" << checked.summary << ")\n";
    all_valid = all_valid && checked.ok;
  }
  return all_valid ? 0 : 1;
}

// Fills `options` from a screen config; what the command line gave explicitly stays.
// A config with errors still plays what could be read from it: a screen showing its
// playlist beats a dark one. False when it names no usable playlist.
bool apply_screen_config(const std::string& file, bool display_given, bool rotate_given,
                         PlayOptions& options) {
  const auto result = config::load_screen_config(file);
  print(result.diagnostics);
  if (!result.config) return false;
  const auto& screen = *result.config;
  if (options.playlist.empty()) options.playlist = screen.playlist.string();
  if (!display_given) {
    options.display = screen.display_index.value_or(0);
    options.display_name = screen.display_name;
  }
  if (!rotate_given) options.rotate = screen.rotate;
  options.screen = screen.screen;
  options.state_dir = screen.state_dir.value_or(std::filesystem::path{});
  // The screen's own state folder wins over the environment's for everything this process
  // keeps, the schedules' copies that the loader looks for included.
  if (screen.state_dir) setenv("MARQUEE_STATE_DIR", screen.state_dir->c_str(), 1);
  if (!options.control) options.control = screen.control;
  if (!result.ok() && !options.playlist.empty())
    spdlog::warn("{} has errors; playing with the settings that could be read", file);
  return !options.playlist.empty();
}

int render(const std::string& playlist, const std::string& at, const std::string& out, Size size,
           const std::string& operators_file) {
  auto show = load_or_report(playlist);
  if (!show) return 1;
  OperatorState operators;
  if (!operators_file.empty()) {
    std::string error;
    auto read = control::read_operator_log(operators_file, &error);
    if (!read) {
      std::cerr << "marquee render: " << error << '\n';
      return 1;
    }
    for (const auto& problem : read->problems) std::cerr << problem << '\n';
    operators = std::move(read->log);
  }
  Instant moment = date::floor<Millis>(std::chrono::system_clock::now());
  if (!at.empty()) {
    auto parsed = config::parse_moment(at, show->zone);
    if (!parsed) {
      std::cerr << "marquee render: cannot read --at '" << at
                << "'; write it like 2024-09-18T12:05:00 (venue time) or 2024-09-18T19:05:00Z\n";
      return 2;
    }
    moment = *parsed;
  }
  backends::SdlSystem sdl(backends::SdlSystem::Video::none);
  std::string error;
  if (!backends::render_png(*show, moment, size.width, size.height, out, &error, operators)) {
    std::cerr << "marquee render: " << error << '\n';
    return 1;
  }
  std::cout << "wrote " << out << '\n';
  return 0;
}

int preview(const std::string& playlist, const std::string& out, Size size) {
  auto show = load_or_report(playlist);
  if (!show) return 1;
  backends::SdlSystem sdl(backends::SdlSystem::Video::none);
  std::string error;
  if (!backends::render_contact_sheet(*show, size.width, size.height, out, &error)) {
    std::cerr << "marquee preview: " << error << '\n';
    return 1;
  }
  std::cout << "wrote " << out << '\n';
  return 0;
}

int run(int argc, char** argv) {
  CLI::App cli{"marquee: digital signage for conference screens", "marquee"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "marquee " MARQUEE_VERSION);
  std::string log_level = "info";
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  std::vector<std::string> validate_files;
  auto* validate_cmd = cli.add_subcommand(
      "validate", "Check playlists, themes, screen configs and schedules; print every problem");
  validate_cmd
      ->add_option("FILE", validate_files,
                   "playlists, themes or screen configs (YAML); schedules (XML, JSON or .ics)")
      ->required()
      ->check(CLI::ExistingFile);

  std::string playlist, at, out, size_text = "1920x1080", operators_file;
  auto* render_cmd = cli.add_subcommand("render", "Write the exact frame of one moment as a PNG");
  render_cmd->add_option("PLAYLIST", playlist, "playlist YAML")->required();
  render_cmd->add_option("--at", at,
                         "moment, e.g. 2024-09-18T12:05:00 (venue time) or with Z/+hh:mm; "
                         "default now");
  render_cmd->add_option("--out", out, "PNG to write")->required();
  render_cmd->add_option("--size", size_text, "output size WxH")->check(check_size);
  render_cmd
      ->add_option("--operators", operators_file,
                   "an operator log (a player keeps its own in the state folder as "
                   "operators-*.json): its holds, gotos and takeovers show")
      ->check(CLI::ExistingFile);

  auto* preview_cmd =
      cli.add_subcommand("preview", "Write a contact sheet: one captioned thumbnail per slide");
  preview_cmd->add_option("PLAYLIST", playlist, "playlist YAML")->required();
  preview_cmd->add_option("--out", out, "PNG to write")->required();
  preview_cmd->add_option("--size", size_text, "sheet size WxH")->check(check_size);

  PlayOptions play_options;
  std::string window_text, config_file;
  auto* play_cmd = cli.add_subcommand("play", "Play a playlist in a window or fullscreen");
  play_cmd->add_option("PLAYLIST", playlist, "playlist YAML; default: the screen config's");
  play_cmd->add_option("--config", config_file,
                       "screen config (e.g. /etc/marquee/marquee.yaml): playlist, display, "
                       "rotate, state folder");
  auto* window_opt =
      play_cmd->add_option("--window", window_text, "windowed, WxH")->check(check_size);
  play_cmd->add_flag("--fullscreen", play_options.fullscreen, "fullscreen (also on KMSDRM)")
      ->excludes(window_opt);
  auto* display_opt =
      play_cmd->add_option("--display", play_options.display, "display index for fullscreen");
  auto* rotate_opt =
      play_cmd
          ->add_option("--rotate", play_options.rotate,
                       "turn the picture clockwise for a screen on its side: 0, 90, 180 or 270")
          ->check(CLI::IsMember({0, 90, 180, 270}));
  play_cmd->add_flag("--kiosk", play_options.kiosk, "ignore quit keys, as `kiosk: true` does");
  std::string control_bind;
  play_cmd
      ->add_option("--control", control_bind,
                   "serve the AV desk's control (HTTP, and OSC on the same port number) on "
                   "ADDR:PORT, e.g. 127.0.0.1:8080; off this box the config's token_file is "
                   "needed")
      ->check([](const std::string& text) {
        std::string error;
        return config::parse_bind(text, "--control", &error) ? std::string() : error;
      });
  std::string play_at;
  play_cmd->add_option("--at", play_at,
                       "start the show's clock at this moment (venue time, as for render), for "
                       "tests and rehearsals; default: the wall clock");
  play_cmd->add_option("--frames", play_options.max_frames,
                       "stop after this many frames (for tests and benchmarks)");
  play_cmd->add_option("--seconds", play_options.max_seconds,
                       "stop after this many seconds (for tests and benchmarks)");
  play_cmd
      ->add_option("--renderer", play_options.renderer,
                   "auto (a GPU's renderer, else software), opengl or software")
      ->transform(CLI::CheckedTransformer(kRenderers, CLI::ignore_case));

  BenchOptions bench_options;
  std::string bench_size = "1920x1080", bench_at;
  auto* bench_cmd = cli.add_subcommand(
      "bench", "Play a playlist for a while and print what it cost (frames, CPU, memory)");
  bench_cmd->add_option("PLAYLIST", bench_options.playlist, "playlist YAML")->required();
  bench_cmd->add_option("--seconds", bench_options.seconds, "how long to play (default 30)");
  bench_cmd->add_option("--size", bench_size, "window size WxH")->check(check_size);
  bench_cmd->add_option("--renderer", bench_options.renderer, "auto, opengl or software")
      ->transform(CLI::CheckedTransformer(kRenderers, CLI::ignore_case));
  bench_cmd->add_option("--at", bench_at,
                        "start the show's clock at this moment (venue time, as for render)");
  bench_cmd->add_flag("--offscreen", bench_options.offscreen,
                      "SDL's offscreen driver instead of a window (Xvfb is started when there "
                      "is no display)");
  bench_cmd->add_flag("--json", bench_options.json, "print JSON instead of a table");
  bench_cmd->add_option("--rotate", bench_options.rotate, "turn the picture: 0, 90, 180 or 270")
      ->check(CLI::IsMember({0, 90, 180, 270}));

  bool commands_json = false;
  auto* commands_cmd = cli.add_subcommand(
      "commands", "List the AV desk's commands (HTTP /api/v1/NAME, OSC /marquee/NAME)");
  commands_cmd->add_flag("--json", commands_json, "as GET /api/v1/help answers");

  ScheduleCommand schedule_command;
  auto* schedule_cmd = add_schedule_command(cli, schedule_command);
  ReportCommand report_command;
  auto* report_cmd = add_report_command(cli, report_command);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));

  if (*validate_cmd) return validate(validate_files);
  if (*commands_cmd) {
    std::cout << (commands_json ? control::help_json().dump(2) + "\n" : control::help_markdown());
    return 0;
  }
  if (*report_cmd) return run_report(report_command, std::cout, std::cerr);
  // SDL and libvlc start on the verbs below, and print alarming lines without one.
  backends::ensure_runtime_dir();
  if (*render_cmd) return render(playlist, at, out, parse_size(size_text), operators_file);
  if (*preview_cmd) return preview(playlist, out, parse_size(size_text));
  if (*schedule_cmd) return run_schedule(schedule_command);
  if (*bench_cmd) {
    const Size s = parse_size(bench_size);
    bench_options.width = s.width;
    bench_options.height = s.height;
    if (!bench_at.empty()) {
      auto show = load_or_report(bench_options.playlist);
      if (!show) return 1;
      bench_options.at = config::parse_moment(bench_at, show->zone);
      if (!bench_options.at) {
        std::cerr << "marquee bench: cannot read --at '" << bench_at << "'\n";
        return 2;
      }
    }
    return bench(bench_options);
  }
  if (*play_cmd) {
    if (!window_text.empty()) {
      const Size s = parse_size(window_text);
      play_options.window_width = s.width;
      play_options.window_height = s.height;
    }
    play_options.playlist = playlist;
    if (!config_file.empty() && !apply_screen_config(config_file, display_opt->count() > 0,
                                                     rotate_opt->count() > 0, play_options))
      return 1;
    if (play_options.playlist.empty()) {
      std::cerr << "marquee play: give a PLAYLIST or --config FILE\n";
      return 2;
    }
    if (!play_at.empty()) {
      auto show = load_or_report(play_options.playlist);
      if (!show) return 1;
      play_options.start_at = config::parse_moment(play_at, show->zone);
      if (!play_options.start_at) {
        std::cerr << "marquee play: cannot read --at '" << play_at << "'\n";
        return 2;
      }
    }
    if (!control_bind.empty()) {
      const auto bind = config::parse_bind(control_bind, "--control", nullptr);
      if (!play_options.control) play_options.control.emplace();
      play_options.control->host = bind->host;
      play_options.control->port = bind->port;
    }
    return play(play_options);
  }
  return 2;
}

}  // namespace
}  // namespace marquee::app

int main(int argc, char** argv) {
  marquee::backends::keep_large_blocks_off_the_heap();
  return marquee::app::run(argc, argv);
}
