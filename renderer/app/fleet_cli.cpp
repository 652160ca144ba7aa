// `marquee fleet`: the retained states as a table, commands through the command table's checks,
// and content bundles packed, checked at their URL and announced.
#include "app/fleet_cli.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "backends/bundle.h"
#include "backends/http_fetch.h"
#include "config/digest.h"
#include "config/loader.h"
#include "config/moment.h"
#include "control/commands.h"
#include "control/fleet.h"
#include "control/operator_log.h"
#include "core/duration.h"

namespace marquee::app {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

Instant now() {
  return date::floor<Millis>(std::chrono::system_clock::now());
}

Millis seconds(double s) {
  return Millis{static_cast<Millis::rep>(s * 1000)};
}

// The operator's connection: a session of its own that the broker forgets.
std::unique_ptr<control::MqttClient> connect(const FleetCommandLine& c,
                                             control::MqttClient::Handlers handlers,
                                             std::ostream& err) {
  control::MqttSettings settings;
  std::string host = c.broker;
  std::optional<int> port;
  if (const auto colon = host.rfind(':');
      colon != host.npos && host.find(']') == host.npos && host.find(':') == colon) {
    port = std::atoi(host.c_str() + colon + 1);
    host.resize(colon);
  } else if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close != host.npos && close + 1 < host.size()) port = std::atoi(host.c_str() + close + 2);
    host = host.substr(1, close == host.npos ? host.npos : close - 1);
  }
  settings.host = host;
  settings.port = port.value_or(c.ca_file.empty() ? 1883 : 8883);
  settings.clean_session = true;
  settings.username = c.username;
  if (!c.ca_file.empty()) settings.ca_file = c.ca_file;
  if (!c.password_file.empty()) {
    std::ifstream in(c.password_file);
    std::string password;
    if (!in || !std::getline(in, password) || password.empty()) {
      err << "marquee fleet: cannot read the password from " << c.password_file << '\n';
      return nullptr;
    }
    if (password.ends_with('\r')) password.pop_back();
    settings.password = password;
  }
  settings.retry_min = 200ms;
  settings.retry_max = 1s;
  auto client = std::make_unique<control::MqttClient>(std::move(settings), std::move(handlers));
  client->start();
  if (!client->wait_connected(5s)) {
    const std::string why = client->last_error();
    err << "marquee fleet: cannot reach the broker " << c.broker
        << (why.empty() ? std::string(" within 5 s") : ": " + why) << '\n';
    return nullptr;
  }
  return client;
}

std::string cell(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return "";
    at = &(*at)[key];
  }
  if (at->is_string()) return at->get<std::string>();
  if (at->is_null()) return "";
  return at->dump();
}

int status(const FleetCommandLine& c, std::ostream& out, std::ostream& err) {
  struct Screen {
    std::string state;
    json status;
  };
  std::mutex mutex;
  std::map<std::string, Screen> screens;
  auto client = connect(
      c,
      {.connected = {},
       .message =
           [&](const control::MqttClient::Message& m) {
             const std::string screen = control::fleet_topics::screen_of(m.topic);
             if (screen.empty()) return;
             std::lock_guard lock(mutex);
             if (m.topic == control::fleet_topics::state(screen))
               screens[screen].state = m.payload;
             else if (m.topic == control::fleet_topics::status(screen))
               screens[screen].status = json::parse(m.payload, nullptr, false);
           },
       .disconnected = {}},
      err);
  if (!client) return 1;
  client->subscribe(std::string(control::fleet_topics::kRoot) + "+/$state");
  client->subscribe(std::string(control::fleet_topics::kRoot) + "+/status");
  // Retained messages come at once after the subscription; nothing says the last came.
  std::this_thread::sleep_for(seconds(c.wait));
  client->stop();
  std::lock_guard lock(mutex);
  if (c.json) {
    json list = json::array();
    for (const auto& [name, s] : screens)
      list.push_back({{"screen", name}, {"state", s.state}, {"status", s.status}});
    out << list.dump(2) << '\n';
    return 0;
  }
  out << std::left << std::setw(22) << "SCREEN" << std::setw(7) << "STATE" << std::setw(8)
      << "ALIVE" << std::setw(20) << "SLIDE" << std::setw(20) << "REVISION"
      << "ERRORS\n";
  int lost = 0;
  for (const auto& [name, s] : screens) {
    const bool alive = s.state != "lost" && !s.state.empty();
    lost += alive ? 0 : 1;
    std::string slide = cell(s.status, {"slide", "id"});
    if (s.status.is_object() && s.status.contains("operators") &&
        !s.status["operators"]["takeovers"].empty())
      slide += " +takeover";
    std::string revision = cell(s.status, {"content", "on_air", "revision"});
    if (revision.empty()) revision = cell(s.status, {"playlist", "revision"});
    const std::string pending = cell(s.status, {"content", "next", "revision"});
    if (!pending.empty()) revision += " (next " + pending + ")";
    std::vector<std::string> errors;
    for (const auto& e : {cell(s.status, {"playlist", "last_error"}),
                          cell(s.status, {"content", "refused", "error"}),
                          cell(s.status, {"last_refused", "error"})})
      if (!e.empty()) errors.push_back(e);
    std::string joined;
    for (const auto& e : errors) joined += (joined.empty() ? "" : " | ") + e;
    out << std::left << std::setw(22) << name << std::setw(7) << (s.state.empty() ? "?" : s.state)
        << std::setw(8) << (alive ? "yes" : "no") << std::setw(20)
        << (slide.empty() ? "-" : slide) << std::setw(20) << (revision.empty() ? "-" : revision)
        << joined << '\n';
  }
  out << screens.size() << " screens, " << lost << " lost\n";
  return 0;
}

std::string random_id() {
  std::mt19937_64 random(std::random_device{}());
  char id[32];
  std::snprintf(id, sizeof id, "op-%012llx",
                static_cast<unsigned long long>(random() & 0xFFFFFFFFFFFFull));
  return id;
}

int send(const FleetCommandLine& c, std::ostream& out, std::ostream& err) {
  if (c.words.empty()) {
    err << "marquee fleet send: name a command, like: marquee fleet send next\n";
    return 2;
  }
  control::FleetCommand command;
  command.command = c.words.front();
  for (std::size_t i = 1; i < c.words.size(); ++i) {
    const auto eq = c.words[i].find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "marquee fleet send: write arguments as NAME=VALUE, got '" << c.words[i] << "'\n";
      return 2;
    }
    command.args[c.words[i].substr(0, eq)] = c.words[i].substr(eq + 1);
  }
  // The screens check again with their own slides and time zone.
  control::Context context;
  context.now = now();
  const auto checked = control::check(command.command, command.args, context);
  if (!checked.request) {
    err << "marquee fleet send: " << checked.problem.message << '\n';
    return 1;
  }
  std::string topic = control::fleet_topics::all_command(), to = "all screens";
  for (const auto& [name, make, what] :
       {std::tuple{c.group, &control::fleet_topics::group_command, "group"},
        std::tuple{c.screen, &control::fleet_topics::command, "screen"}}) {
    if (name.empty()) continue;
    if (const auto problem = config::fleet_name_problem(name); !problem.empty()) {
      err << "marquee fleet send: the " << what << " '" << name << "' " << problem << '\n';
      return 2;
    }
    topic = make(name);
    to = std::string(what) + " " + name;
  }
  const auto ttl = parse_duration(c.ttl);
  if (!ttl || ttl->count() <= 0) {
    err << "marquee fleet send: cannot read --ttl '" << c.ttl << "'; write it like 60s or 5m\n";
    return 2;
  }
  command.id = random_id();
  command.ttl = *ttl;

  std::mutex mutex;
  std::map<std::string, json> replies;
  auto client = connect(
      c,
      {.connected = {},
       .message =
           [&](const control::MqttClient::Message& m) {
             const json reply = json::parse(m.payload, nullptr, false);
             if (!reply.is_object() || reply.value("id", json()) != command.id) return;
             std::lock_guard lock(mutex);
             replies[reply.value("screen", control::fleet_topics::screen_of(m.topic))] = reply;
           },
       .disconnected = {}},
      err);
  if (!client) return 1;
  client->subscribe(std::string(control::fleet_topics::kRoot) + "+/reply");
  std::this_thread::sleep_for(100ms);  // the subscription before the command
  command.issued_at = now();
  if (!client->publish(topic, to_json(command).dump(), 1, false) || !client->flush(5s)) {
    err << "marquee fleet send: the broker did not take the command (is this user allowed "
           "to publish on " << topic << "?)\n";
    return 1;
  }
  out << "sent " << command.command << " to " << to << " (id " << command.id << ", ttl "
      << format_duration(*ttl) << ")\n";
  std::this_thread::sleep_for(seconds(c.wait));
  client->stop();
  std::lock_guard lock(mutex);
  int refused = 0;
  for (const auto& [screen, reply] : replies) {
    const bool ok = reply.value("ok", false);
    refused += ok ? 0 : 1;
    out << "  " << screen << ": "
        << (ok ? "ok (rev " + cell(reply, {"rev"}) + ")" : "refused: " + cell(reply, {"error"}))
        << (reply.value("duplicate", false) ? " (again)" : "") << '\n';
  }
  out << replies.size() << " replies within " << c.wait << " s, " << refused << " refused\n";
  return refused == 0 ? 0 : 1;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

int publish(const FleetCommandLine& c, std::ostream& out, std::ostream& err) {
  const fs::path dir = fs::absolute(c.bundle_dir).lexically_normal();
  std::error_code ec;
  std::vector<fs::path> playlists;
  for (auto it = fs::recursive_directory_iterator(dir / "playlists", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".yaml") playlists.push_back(it->path());
  std::sort(playlists.begin(), playlists.end());
  if (playlists.empty()) {
    err << "marquee fleet publish: " << (dir / "playlists").string()
        << " holds no playlist (.yaml); a bundle is laid out like playlists/, themes/, assets/\n";
    return 1;
  }
  // Every playlist is checked as the screens will check theirs, the bundle its content root.
  bool valid = true;
  const date::time_zone* zone = nullptr;
  for (const auto& playlist : playlists) {
    const auto result = config::load_show(playlist, dir);
    for (const auto& d : result.diagnostics) err << format(d) << '\n';
    valid = valid && result.ok();
    if (result.ok() && !zone) zone = result.show->zone;
  }
  if (!valid) {
    err << "marquee fleet publish: not published: the bundle has errors\n";
    return 1;
  }
  const fs::path archive =
      c.out.empty() ? fs::path(dir.filename().string() + ".tar.gz") : fs::path(c.out);
  if (auto why = backends::pack_bundle(dir, archive); !why.empty()) {
    err << "marquee fleet publish: " << why << '\n';
    return 1;
  }
  const std::string sha256 = config::sha256_hex(slurp(archive));
  control::ContentRevision revision;
  revision.sha256 = sha256;
  revision.url = c.url;
  revision.revision = c.revision.empty() ? dir.filename().string() + "-" + sha256.substr(0, 8)
                                         : c.revision;
  const Instant issued = now();
  std::optional<Instant> at;
  if (c.at == "now") {
    at = issued;
  } else if (c.at.starts_with('+')) {
    if (const auto after = parse_duration(c.at.substr(1))) at = issued + *after;
  } else {
    at = config::parse_moment_today(c.at, zone ? zone : date::locate_zone("UTC"), issued);
  }
  if (!at) {
    err << "marquee fleet publish: cannot read --at '" << c.at
        << "'; write it like +2m, 15:30 (venue time), 2024-09-18T15:30:00-07:00 or now\n";
    return 2;
  }
  revision.activate_at = *at;
  revision.issued_at = issued;
  out << "packed " << playlists.size() << " playlists into " << archive.string() << " (sha256 "
      << sha256 << ")\n";
  if (!c.no_check) {
    config::Sha256 served;
    const auto answer = backends::http_get({.url = c.url,
                                            .headers = {},
                                            .timeout = 10s,
                                            .max_bytes = std::size_t{512} << 20,
                                            .body = [&](std::string_view piece) {
                                              served.add(piece);
                                              return true;
                                            }});
    const std::string got = answer.error.empty() && answer.status == 200 ? served.hex() : "";
    if (got != sha256) {
      err << "marquee fleet publish: " << c.url << " does not serve this bundle ("
          << (!answer.error.empty()      ? answer.error
              : answer.status != 200 ? "HTTP " + std::to_string(answer.status)
                                     : "its sha256 is " + got)
          << "); copy " << archive.string()
          << " there first, then run this again (the same files pack to the same bytes)\n";
      return 1;
    }
  }
  auto client = connect(c, {}, err);
  if (!client) return 1;
  if (!client->publish(control::fleet_topics::content(), to_json(revision).dump(), 1, true) ||
      !client->flush(5s)) {
    err << "marquee fleet publish: the broker did not take the announcement (is this user "
           "allowed to publish on "
        << control::fleet_topics::content() << "?)\n";
    return 1;
  }
  client->stop();
  out << "announced " << revision.revision << ": every screen puts it on air at "
      << control::format_instant(*at) << '\n';
  return 0;
}

}  // namespace

CLI::App* add_fleet_command(CLI::App& cli, FleetCommandLine& c) {
  auto* fleet = cli.add_subcommand(
      "fleet", "Operate a fleet of screens over MQTT: their states, commands, content");
  fleet->require_subcommand(1);
  fleet->add_option("--broker", c.broker, "HOST[:PORT] of the MQTT broker (default 127.0.0.1)");
  fleet->add_option("--ca-file", c.ca_file, "TLS, trusting this CA")->check(CLI::ExistingFile);
  fleet->add_option("--username", c.username, "the operator's user on the broker");
  fleet
      ->add_option("--password-file", c.password_file,
                   "a file holding the password (never on the command line)")
      ->check(CLI::ExistingFile);
  fleet->add_option("--wait", c.wait, "seconds to wait for states or replies (default 1)");

  c.status = fleet->add_subcommand("status", "A table of the screens: alive or lost, slide, "
                                             "revision, errors (from their retained states)");
  c.status->add_flag("--json", c.json, "print JSON instead");

  c.send = fleet->add_subcommand(
      "send", "Send a command of the command table (marquee commands) to screens; prints replies");
  auto* group = c.send->add_option("--group", c.group, "to the screens of this group");
  c.send->add_option("--screen", c.screen, "to this screen")->excludes(group);
  c.send->add_option("--ttl", c.ttl, "acted on only this long after sending (default 60s)");
  c.send->add_option("COMMAND", c.words, "the command, then its arguments as NAME=VALUE")
      ->required();

  c.publish = fleet->add_subcommand(
      "publish", "Pack a content bundle, check that its URL serves it, and announce it");
  c.publish->add_option("BUNDLE_DIR", c.bundle_dir, "playlists/, themes/, assets/")
      ->required()
      ->check(CLI::ExistingDirectory);
  c.publish->add_option("--url", c.url, "where the screens fetch it (http:// or https://)")
      ->required();
  c.publish->add_option("--at", c.at,
                        "when every screen puts it on air: +2m, 15:30 (venue time), an ISO time, "
                        "or now (default +60s)");
  c.publish->add_option("--out", c.out, "where the tar.gz is written (default BUNDLE_DIR.tar.gz)");
  c.publish->add_option("--revision", c.revision, "its name in the screens' status");
  c.publish->add_flag("--no-check", c.no_check, "announce without fetching the URL first");
  return fleet;
}

int run_fleet(const FleetCommandLine& c, std::ostream& out, std::ostream& err) {
  if (c.status && *c.status) return status(c, out, err);
  if (c.send && *c.send) return send(c, out, err);
  if (c.publish && *c.publish) return publish(c, out, err);
  return 2;
}

}  // namespace marquee::app
