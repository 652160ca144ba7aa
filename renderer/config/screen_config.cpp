// Screen config YAML -> ScreenConfig: playlist, output, rotation, state folder, control and fleet
// settings.
#include "config/screen_config.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <exception>
#include <utility>

#include "config/reader.h"

namespace marquee::config {
namespace {

using namespace detail;
namespace fs = std::filesystem;

// A whole number written alone, like "8080"; nullopt for anything else.
std::optional<long> whole_number(std::string_view text) {
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

struct Display {
  std::optional<int> index;
  std::string name;
};

std::optional<Display> display(Reader& r, const Item& item) {
  const std::string expected = "an output index from 0 or a connector name like HDMI-A-1";
  const auto written = r.scalar(item, expected);
  if (!written) return std::nullopt;
  const std::string_view text = trim(*written);
  const bool numeric = !text.empty() && text.find_first_not_of("+-0123456789") == text.npos;
  if (!numeric) return Display{std::nullopt, std::string(text)};
  const auto index = whole_number(text);
  if (!index || *index < 0 || *index > 63) {
    r.type_error(item, "an output index from 0 to 63 (0 is the first) or a connector name");
    return std::nullopt;
  }
  return Display{static_cast<int>(*index), ""};
}

std::optional<int> rotation(Reader& r, const Item& item) {
  const std::string expected = "0, 90, 180 or 270 (degrees clockwise)";
  const auto written = r.scalar(item, expected);
  if (!written) return std::nullopt;
  const auto degrees = whole_number(trim(*written));
  if (degrees && (*degrees == 0 || *degrees == 90 || *degrees == 180 || *degrees == 270))
    return static_cast<int>(*degrees);
  r.type_error(item, expected);
  return std::nullopt;
}

// A folder that may not exist yet (the player makes it), but must not be something else.
std::optional<fs::path> folder(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "a folder path");
  if (!written) return std::nullopt;
  const auto path = r.resolve(*written);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::exists(status) && !fs::is_directory(status)) {
    r.error(item.at, "not a folder: " + *written);
    return std::nullopt;
  }
  return path;
}

std::optional<int> port(Reader& r, const Item& item) {
  const std::string expected = "a port number from 1 to 65535";
  const auto written = r.scalar(item, expected);
  if (!written) return std::nullopt;
  const auto number = whole_number(trim(*written));
  if (number && *number >= 1 && *number <= 65535) return static_cast<int>(*number);
  r.type_error(item, expected);
  return std::nullopt;
}

// "127.0.0.1:8080" as the YAML has it: a problem is reported at the value.
std::optional<Bind> bind_address(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "an address and port like 127.0.0.1:8080");
  if (!written) return std::nullopt;
  std::string error;
  auto bind = parse_bind(*written, "'bind'", &error);
  if (!bind) r.error(item.at, error);
  return bind;
}

// A secret (the control server's token, the broker's password): an existing, non-empty file
// that only its owner can open. `what` names it in messages: "token file".
std::optional<fs::path> private_file(Reader& r, const Item& item, const std::string& what) {
  auto path = asset(r, item);
  if (!path) return std::nullopt;
  struct stat st {};
  if (::stat(path->c_str(), &st) != 0) {
    r.error(item.at, "cannot read path: " + item.node.Scalar());
    return std::nullopt;
  }
  if (st.st_size == 0) {
    r.error(item.at, what + " is empty: " + item.node.Scalar());
    return std::nullopt;
  }
  const bool group = (st.st_mode & 060) != 0, others = (st.st_mode & 006) != 0;
  if (group || others) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    r.warning(item.at, what + " is open to " +
                           std::string(group && others ? "its group and others"
                                       : group         ? "its group"
                                                       : "others") +
                           " (mode " + mode + "); make it private: chmod 600 " + path->string());
  }
  return path;
}

std::optional<fs::path> token_file(Reader& r, const Item& item) {
  return private_file(r, item, "token file");
}

std::optional<fs::path> password_file(Reader& r, const Item& item) {
  return private_file(r, item, "password file");
}

// A screen's or a group's name, as a level of the fleet's topics.
std::optional<std::string> fleet_name(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "a name like expo-hall-north");
  if (!written) return std::nullopt;
  const std::string name(trim(*written));
  if (const auto problem = fleet_name_problem(name); !problem.empty()) {
    r.error(item.at, quote(item.key) + " " + problem);
    return std::nullopt;
  }
  return name;
}

// `groups: [expo, pier-2]` or one group alone; duplicates are dropped.
std::optional<std::vector<std::string>> group_list(Reader& r, const Item& item) {
  if (item.node.IsScalar() && !trim(item.node.Scalar()).empty()) {
    auto one = fleet_name(r, item);
    if (!one) return std::nullopt;
    return std::vector<std::string>{*one};
  }
  if (!item.node.IsSequence()) {
    r.type_error(item, "a list of group names, like [expo, pier-2]");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& entry : item.node) {
    if (!r.visit(entry.Mark())) break;
    const YAML::Mark at = r.entry_mark(entry);
    const auto name = fleet_name(r, {entry, "group", at, at});
    if (name && std::find(out.begin(), out.end(), *name) == out.end()) out.push_back(*name);
  }
  return out;
}

// "mqtt.venue.lan", "10.0.0.2:1883", "[fd00::2]:8883": the host and, when written, the port.
struct Broker {
  std::string host;
  std::optional<int> port;
};

std::optional<Broker> broker(Reader& r, const Item& item) {
  const std::string expected = "a host and port like mqtt.venue.lan:1883";
  const auto written = r.scalar(item, expected);
  if (!written) return std::nullopt;
  const std::string_view text = trim(*written);
  Broker b;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == text.npos) {
      r.error(item.at, "'broker' must be like [fd00::2]:8883, got '" + std::string(text) + "'");
      return std::nullopt;
    }
    b.host = std::string(text.substr(1, close - 1));
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') {
        r.error(item.at, "'broker' must be like [fd00::2]:8883, got '" + std::string(text) + "'");
        return std::nullopt;
      }
      port_text = text.substr(close + 2);
    }
  } else {
    const auto colon = text.find(':');
    b.host = std::string(text.substr(0, colon));
    if (colon != text.npos) port_text = text.substr(colon + 1);
    if (port_text.find(':') != port_text.npos) {
      r.error(item.at, "write an IPv6 broker in brackets, like [fd00::2]:8883, got '" +
                           std::string(text) + "'");
      return std::nullopt;
    }
  }
  const bool name_chars =
      !b.host.empty() && b.host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
                                                  "TUVWXYZ0123456789.-:") == std::string::npos;
  if (!name_chars) {
    r.error(item.at, "'broker' needs a host name or an IP address, got '" + std::string(text) + "'");
    return std::nullopt;
  }
  if (!port_text.empty() || text.ends_with(':')) {
    const auto number = whole_number(port_text);
    if (!number || *number < 1 || *number > 65535) {
      r.error(item.at, "the broker's port must be from 1 to 65535, got '" +
                           std::string(port_text) + "'");
      return std::nullopt;
    }
    b.port = static_cast<int>(*number);
  }
  return b;
}

// A path inside a content bundle: relative, and never climbing out of it.
std::optional<fs::path> bundle_path(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "a path inside the bundle, like playlists/expo-hall.yaml");
  if (!written) return std::nullopt;
  const fs::path path = fs::path(std::string(trim(*written))).lexically_normal();
  if (path.empty() || path.is_absolute() || *path.begin() == "..") {
    r.error(item.at, "'bundle_playlist' must be a path inside the bundle, like "
                     "playlists/expo-hall.yaml, got '" + *written + "'");
    return std::nullopt;
  }
  return path;
}

ScreenConfig read_screen_config(Reader& r, const YAML::Node& root, const fs::path& as_file) {
  ScreenConfig config;
  config.file = r.resolve(as_file.filename());
  bool has_playlist = false;
  std::optional<Display> shown_on;
  ControlConfig control;
  std::optional<Item> bind;
  FleetConfig fleet;
  std::optional<Broker> fleet_broker;
  std::optional<YAML::Mark> fleet_at, tls_at;
  bool has_ca_file = false;
  const Field tls_fields[] = {
      {"ca_file", Reader::noting(has_ca_file, r.into(fleet.ca_file, asset))},
  };
  const Field fleet_fields[] = {
      {"broker", r.into(fleet_broker, broker)},
      {"tls",
       [&](const Item& item) {
         tls_at = item.key_at;
         r.read_map(item, "'tls'", tls_fields);
       }},
      {"username", r.into(fleet.username, text)},
      {"password_file", r.into(fleet.password_file, password_file)},
      {"screen", r.into(fleet.screen, fleet_name)},
      {"groups", r.into(fleet.groups, group_list)},
      {"bundle_playlist", r.into(fleet.bundle_playlist, bundle_path)},
  };
  const Field control_fields[] = {
      {"bind", Reader::keep(bind)},
      {"token_file", r.into(control.token_file, token_file)},
      {"osc_port", r.into(control.osc_port, port)},
  };
  const Field fields[] = {
      {"playlist", Reader::noting(has_playlist, r.into(config.playlist, asset))},
      {"screen", r.into(config.screen, text)},
      {"display", r.into(shown_on, display)},
      {"rotate", r.into(config.rotate, rotation)},
      {"state_dir", r.into(config.state_dir, folder)},
      {"control",
       [&](const Item& item) {
         if (r.read_map(item, "'control'", control_fields)) config.control.emplace();
       }},
      {"fleet",
       [&](const Item& item) {
         if (r.read_map(item, "'fleet'", fleet_fields)) fleet_at = item.key_at;
       }},
  };
  r.read_map({root, "", {}, {}}, "a screen config", fields);
  if (!has_playlist)
    r.error({},
            "the screen config names no playlist; add one like "
            "'playlist: /usr/share/marquee/playlists/expo-hall.yaml'");
  if (shown_on) {
    config.display_index = shown_on->index;
    config.display_name = shown_on->name;
  }
  if (config.control) {
    if (bind) {
      if (auto address = bind_address(r, *bind)) {
        control.host = address->host;
        control.port = address->port;
      }
    }
    if (bind && !is_loopback(control.host) && !control.token_file)
      r.error(bind->at, "control listens on " + bind->node.Scalar() +
                            ", off this box, so it needs a token_file; until it has one the "
                            "control server stays off");
    config.control = std::move(control);
  }
  if (fleet_at) {
    if (fleet_broker) fleet.host = fleet_broker->host;
    if (tls_at && !has_ca_file)
      r.error(*tls_at, "'tls' needs a 'ca_file': the CA that signed the broker's certificate");
    fleet.port = fleet_broker && fleet_broker->port ? *fleet_broker->port
                 : has_ca_file                       ? 8883
                                                     : 1883;
    if (fleet.screen.empty()) {
      if (config.screen.empty())
        r.error(*fleet_at,
                "the fleet needs this screen's name: add 'screen: expo-hall-north' under 'fleet'");
      else if (const auto problem = fleet_name_problem(config.screen); !problem.empty())
        r.error(*fleet_at, "the screen's name '" + config.screen + "' " + problem +
                               "; give the fleet one with 'screen:' under 'fleet'");
      else
        fleet.screen = config.screen;
    }
    if (fleet.username.empty()) fleet.username = fleet.screen;
    if (fleet.bundle_playlist.empty())
      fleet.bundle_playlist = fs::path("playlists") / config.playlist.filename();
    config.fleet = std::move(fleet);
  }
  return config;
}

ScreenConfigResult from_text(Sink& sink, std::string_view yaml, const fs::path& as_file) {
  ScreenConfigResult result;
  try {
    Reader r(sink, as_file.string(), as_file.parent_path());
    if (const auto root = r.parse_document(yaml))
      result.config = read_screen_config(r, *root, as_file);
  } catch (const std::exception& e) {
    sink.diagnostics.push_back(
        {as_file.string(), 1, 1, Diagnostic::Severity::error,
         std::string("internal error while reading this file: ") + e.what()});
  }
  result.diagnostics = sink.take_sorted();
  return result;
}

}  // namespace

std::string fleet_name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.size() > 64) return "is longer than 64 characters";
  if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
      std::string_view::npos)
    return "may hold only letters, digits, '.', '_' and '-', got '" + std::string(name) + "'";
  // The fleet's own topic levels (marquee/v1/all/cmd, marquee/v1/group/…, marquee/v1/content).
  for (const std::string_view word : {"all", "group", "content"})
    if (name == word) return "is one of the fleet's own words (all, group, content)";
  return {};
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

namespace {
bool is_ip_address(const std::string& host) {
  unsigned char address[16];
  return inet_pton(AF_INET, host.c_str(), address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), address) == 1;
}
}  // namespace

std::optional<Bind> parse_bind(std::string_view written, std::string_view subject,
                               std::string* error) {
  const auto fail = [&](std::string why) -> std::optional<Bind> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  const std::string_view text = trim(written);
  std::string_view host, port_text;
  if (text.starts_with('[')) {
    const auto close = text.find("]:");
    if (close == text.npos)
      return fail(std::string(subject) + " must be an address and port like [::1]:8080, got '" +
                  std::string(text) + "'");
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == text.npos)
      return fail(std::string(subject) + " must be an address and port like 127.0.0.1:8080, got '" +
                  std::string(text) + "'");
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != host.npos)
      return fail("write an IPv6 address in brackets, like [::1]:8080, got '" + std::string(text) +
                  "'");
  }
  const auto number = whole_number(port_text);
  if (!number || *number < 1 || *number > 65535)
    return fail("port must be from 1 to 65535, got '" + std::string(port_text) + "'");
  Bind bind{std::string(host), static_cast<int>(*number)};
  if (bind.host != "localhost" && !is_ip_address(bind.host))
    return fail("cannot listen on '" + bind.host +
                "'; give an IP address (127.0.0.1, 0.0.0.0, [::1]) or localhost");
  return bind;
}

bool ScreenConfigResult::ok() const {
  return config && !has_errors(diagnostics);
}

ScreenConfigResult load_screen_config(const fs::path& file) {
  Sink sink;
  const auto yaml = read_text_file(sink, file);
  if (!yaml) return {std::nullopt, sink.take_sorted()};
  return from_text(sink, *yaml, file);
}

ScreenConfigResult load_screen_config_from_string(std::string_view yaml, const fs::path& as_file) {
  Sink sink;
  return from_text(sink, yaml, as_file);
}

}  // namespace marquee::config
