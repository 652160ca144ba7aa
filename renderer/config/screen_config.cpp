// Screen config YAML -> ScreenConfig: playlist, output, rotation, state folder, control settings.
#include "config/screen_config.h"

#include <arpa/inet.h>
#include <sys/stat.h>

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

// The control server's secret: an existing, non-empty file that only its owner can open.
std::optional<fs::path> token_file(Reader& r, const Item& item) {
  auto path = asset(r, item);
  if (!path) return std::nullopt;
  struct stat st {};
  if (::stat(path->c_str(), &st) != 0) {
    r.error(item.at, "cannot read path: " + item.node.Scalar());
    return std::nullopt;
  }
  if (st.st_size == 0) {
    r.error(item.at, "token file is empty: " + item.node.Scalar());
    return std::nullopt;
  }
  const bool group = (st.st_mode & 060) != 0, others = (st.st_mode & 006) != 0;
  if (group || others) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    r.warning(item.at, "token file is open to " +
                           std::string(group && others ? "its group and others"
                                       : group         ? "its group"
                                                       : "others") +
                           " (mode " + mode + "); make it private: chmod 600 " + path->string());
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
      // The fleet's MQTT settings will be read here.
      {"fleet",
       [&](const Item& item) {
         r.warning(item.key_at, "'fleet' (MQTT) is not read by this version of marquee; ignored");
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
