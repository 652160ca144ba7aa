// The screen config (/etc/marquee/marquee.yaml): values, defaults, and one positioned line per
// problem.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "config/screen_config.h"
#include "diagnostic_lines.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using test::formatted;
using test::Lines;

class ScreenConfigTest : public ::testing::Test {
 protected:
  ScreenConfigTest() : dir_("screen-config") {
    std::ofstream(dir_ / "hall.yaml") << "slides:\n  - title: { headline: Hi }\n";
    std::ofstream(dir_ / "token") << "s3cret\n";
    ::chmod((dir_ / "token").c_str(), 0600);
  }
  config::ScreenConfigResult load(const std::string& yaml) const {
    return config::load_screen_config_from_string(yaml, file());
  }
  Lines check(const std::string& yaml) const { return formatted(load(yaml).diagnostics); }
  fs::path file() const { return dir_ / "marquee.yaml"; }
  // "FILE:line:col: " as diagnostics start.
  std::string at(int line, int column) const {
    return file().string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  }
  testing::ScratchDir dir_;
};

TEST_F(ScreenConfigTest, EveryFieldIsRead) {
  const auto result = load(
      "playlist: hall.yaml\n"
      "screen: expo-hall-north\n"
      "display: 1\n"
      "rotate: 90\n"
      "state_dir: state\n"
      "control:\n"
      "  bind: 0.0.0.0:9090\n"
      "  token_file: token\n"
      "  osc_port: 9000\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(formatted(result.diagnostics));
  EXPECT_TRUE(result.diagnostics.empty());
  const auto& c = *result.config;
  EXPECT_EQ(c.file, file());
  EXPECT_EQ(c.playlist, dir_ / "hall.yaml");  // relative to the config's folder
  EXPECT_EQ(c.screen, "expo-hall-north");
  EXPECT_EQ(c.display_index, 1);
  EXPECT_EQ(c.display_name, "");
  EXPECT_EQ(c.rotate, 90);
  EXPECT_EQ(c.state_dir, dir_ / "state");
  ASSERT_TRUE(c.control);
  EXPECT_EQ(c.control->host, "0.0.0.0");
  EXPECT_EQ(c.control->port, 9090);
  EXPECT_EQ(c.control->token_file, dir_ / "token");
  EXPECT_EQ(c.control->osc_port, 9000);
}

TEST_F(ScreenConfigTest, APlaylistAloneGetsTheDefaults) {
  const auto result = load("playlist: " + (dir_ / "hall.yaml").string() + "\n");
  ASSERT_TRUE(result.ok());
  const auto& c = *result.config;
  EXPECT_EQ(c.screen, "");  // the playlist's own
  EXPECT_FALSE(c.display_index);
  EXPECT_EQ(c.rotate, 0);
  EXPECT_FALSE(c.state_dir);
  EXPECT_FALSE(c.control);  // no control server unless asked for
}

TEST_F(ScreenConfigTest, AnEmptyControlSectionListensOnLoopback) {
  const auto result = load("playlist: hall.yaml\ncontrol:\n");
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(result.config->control);
  EXPECT_EQ(result.config->control->host, "127.0.0.1");
  EXPECT_EQ(result.config->control->port, 8080);
  EXPECT_FALSE(result.config->control->token_file);
}

TEST_F(ScreenConfigTest, AnOutputIsAnIndexOrAConnectorName) {
  auto result = load("playlist: hall.yaml\ndisplay: HDMI-A-2\n");
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.config->display_index);
  EXPECT_EQ(result.config->display_name, "HDMI-A-2");
  EXPECT_EQ(
      check("playlist: hall.yaml\ndisplay: -1\n"),
      Lines{at(2, 10) + "error: 'display' must be an output index from 0 to 63 (0 is the first) or "
                        "a connector name, got '-1'"});
}

TEST_F(ScreenConfigTest, UnknownKeysGetADidYouMean) {
  EXPECT_EQ(check("playlist: hall.yaml\nroate: 90\ncontrol:\n  tokenfile: token\n"),
            (Lines{at(2, 1) + "error: unknown key 'roate' (did you mean 'rotate'?)",
                   at(4, 3) + "error: unknown key 'tokenfile' (did you mean 'token_file'?)"}));
  EXPECT_EQ(
      check("playlist: hall.yaml\nbrightness: 80\n"),
      Lines{at(2, 1) + "error: unknown key 'brightness'; use one of: playlist, screen, display, "
                       "rotate, state_dir, control, fleet"});
}

TEST_F(ScreenConfigTest, EachBadValueIsOneLineAtItsPlace) {
  EXPECT_EQ(check("playlist: hall.yaml\n"
                  "rotate: 45\n"
                  "state_dir: hall.yaml\n"
                  "control:\n"
                  "  bind: 8080\n"
                  "  osc_port: 70000\n"),
            (Lines{at(2, 9) + "error: 'rotate' must be 0, 90, 180 or 270 (degrees clockwise), "
                              "got '45'",
                   at(3, 12) + "error: not a folder: hall.yaml",
                   at(5, 9) + "error: 'bind' must be an address and port like 127.0.0.1:8080, "
                              "got '8080'",
                   at(6, 13) + "error: 'osc_port' must be a port number from 1 to 65535, got "
                               "'70000'"}));
}

TEST_F(ScreenConfigTest, BindAddresses) {
  const auto bind = [&](const std::string& address) {
    return check("playlist: hall.yaml\ncontrol:\n  bind: \"" + address +
                 "\"\n  token_file: token\n");
  };
  EXPECT_EQ(bind("127.0.0.1:8080"), Lines{});
  EXPECT_EQ(bind("localhost:80"), Lines{});
  EXPECT_EQ(bind("[::1]:8080"), Lines{});
  EXPECT_EQ(bind("0.0.0.0:8080"), Lines{});
  EXPECT_EQ(bind("127.0.0.1:0"), Lines{at(3, 9) + "error: port must be from 1 to 65535, got '0'"});
  EXPECT_EQ(bind("::1:8080"),
            Lines{at(3, 9) + "error: write an IPv6 address in brackets, like [::1]:8080, got "
                             "'::1:8080'"});
  EXPECT_EQ(bind("screen.example:8080"),
            Lines{at(3, 9) + "error: cannot listen on 'screen.example'; give an IP address "
                             "(127.0.0.1, 0.0.0.0, [::1]) or localhost"});
}

TEST_F(ScreenConfigTest, ControlOpenToTheNetworkNeedsAToken) {
  const auto result = load("playlist: hall.yaml\ncontrol:\n  bind: 0.0.0.0:8080\n");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{at(3, 9) + "error: control listens on 0.0.0.0:8080, off this box, so it needs "
                             "a token_file; until it has one the control server stays off"});
  EXPECT_EQ(check("playlist: hall.yaml\ncontrol:\n  bind: 127.0.0.1:8080\n"), Lines{});
}

TEST_F(ScreenConfigTest, TheTokenFileMustExistAndBePrivate) {
  const std::string config = "playlist: hall.yaml\ncontrol:\n  token_file: ";
  EXPECT_EQ(check(config + "missing\n"), Lines{at(3, 15) + "error: file not found: missing"});
  std::ofstream{dir_ / "empty"};
  ::chmod((dir_ / "empty").c_str(), 0600);
  EXPECT_EQ(check(config + "empty\n"), Lines{at(3, 15) + "error: token file is empty: empty"});
  ::chmod((dir_ / "token").c_str(), 0644);
  EXPECT_EQ(check(config + "token\n"),
            Lines{at(3, 15) +
                  "warning: token file is open to its group and others (mode "
                  "0644); make it private: chmod 600 " +
                  (dir_ / "token").string()});
  ::chmod((dir_ / "token").c_str(), 0640);
  EXPECT_EQ(check(config + "token\n"),
            Lines{at(3, 15) +
                  "warning: token file is open to its group (mode 0640); make it "
                  "private: chmod 600 " +
                  (dir_ / "token").string()});
  ::chmod((dir_ / "token").c_str(), 0400);
  EXPECT_EQ(check(config + "token\n"), Lines{});
}

TEST_F(ScreenConfigTest, APlaylistIsRequiredAndMustExist) {
  EXPECT_EQ(check("screen: lobby\n"),
            Lines{at(1, 1) + "error: the screen config names no playlist; add one like "
                             "'playlist: /usr/share/marquee/playlists/expo-hall.yaml'"});
  const auto result = load("playlist: hal.yaml\nrotate: 180\n");
  EXPECT_EQ(formatted(result.diagnostics), Lines{at(1, 11) + "error: file not found: hal.yaml"});
  // What could be read is still there, for a player that starts anyway.
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->rotate, 180);
}

TEST_F(ScreenConfigTest, TheFleetSectionIsRead) {
  std::ofstream(dir_ / "ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  std::ofstream(dir_ / "password") << "hunter2\n";
  ::chmod((dir_ / "password").c_str(), 0600);
  const auto result = load(
      "playlist: hall.yaml\n"
      "screen: expo-hall-north\n"
      "fleet:\n"
      "  broker: mqtt.venue.lan\n"
      "  tls: { ca_file: ca.pem }\n"
      "  password_file: password\n"
      "  groups: [expo, pier-2, expo]\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(formatted(result.diagnostics));
  ASSERT_TRUE(result.config->fleet);
  const auto& f = *result.config->fleet;
  EXPECT_EQ(f.host, "mqtt.venue.lan");
  EXPECT_EQ(f.port, 8883);  // TLS's port when none is written
  EXPECT_EQ(f.ca_file, dir_ / "ca.pem");
  EXPECT_EQ(f.password_file, dir_ / "password");
  EXPECT_EQ(f.screen, "expo-hall-north");    // the config's screen
  EXPECT_EQ(f.username, "expo-hall-north");  // the screen's name
  EXPECT_EQ(f.groups, (std::vector<std::string>{"expo", "pier-2"}));
  EXPECT_EQ(f.bundle_playlist, fs::path("playlists/hall.yaml"));

  const auto own = load(
      "playlist: hall.yaml\nfleet:\n  broker: '[::1]:1884'\n  screen: lobby-1\n"
      "  username: screens\n  groups: lobby\n  bundle_playlist: lobby/main.yaml\n");
  ASSERT_TRUE(own.ok()) << ::testing::PrintToString(formatted(own.diagnostics));
  EXPECT_EQ(own.config->fleet->host, "::1");
  EXPECT_EQ(own.config->fleet->port, 1884);
  EXPECT_FALSE(own.config->fleet->ca_file);
  EXPECT_EQ(own.config->fleet->username, "screens");
  EXPECT_EQ(own.config->fleet->groups, std::vector<std::string>{"lobby"});
  EXPECT_EQ(own.config->fleet->bundle_playlist, fs::path("lobby/main.yaml"));
  EXPECT_FALSE(load("playlist: hall.yaml\n").config->fleet);  // no fleet, as before
}

TEST_F(ScreenConfigTest, FleetProblemsArePositioned) {
  EXPECT_EQ(check("playlist: hall.yaml\nfleet:\n  broker: 127.0.0.1:1883\n"),
            Lines{at(2, 1) + "error: the fleet needs this screen's name: add 'screen: "
                             "expo-hall-north' under 'fleet'"});
  EXPECT_EQ(check("playlist: hall.yaml\nscreen: all\nfleet: {}\n"),
            Lines{at(3, 1) + "error: the screen's name 'all' is one of the fleet's own words "
                             "(all, group, content); give the fleet one with 'screen:' under "
                             "'fleet'"});
  EXPECT_EQ(check("playlist: hall.yaml\nfleet:\n  screen: hall/1\n  broker: a:0\n"
                  "  groups: [expo, 'pier #2']\n  tls: {}\n  bundle_playlist: ../x.yaml\n"
                  "  pasword_file: p\n"),
            (Lines{at(2, 1) + "error: the fleet needs this screen's name: add 'screen: "
                              "expo-hall-north' under 'fleet'",
                   at(3, 11) + "error: 'screen' may hold only letters, digits, '.', '_' and '-', "
                               "got 'hall/1'",
                   at(4, 11) + "error: the broker's port must be from 1 to 65535, got '0'",
                   at(5, 18) + "error: 'group' may hold only letters, digits, '.', '_' and '-', "
                               "got 'pier #2'",
                   at(6, 3) + "error: 'tls' needs a 'ca_file': the CA that signed the broker's "
                              "certificate",
                   at(7, 20) + "error: 'bundle_playlist' must be a path inside the bundle, like "
                               "playlists/expo-hall.yaml, got '../x.yaml'",
                   at(8, 3) + "error: unknown key 'pasword_file' (did you mean "
                              "'password_file'?)"}));
}

TEST_F(ScreenConfigTest, SyntaxErrorsAndMissingFilesArePositioned) {
  EXPECT_EQ(check("playlist: hall.yaml\ncontrol: { bind: 127.0.0.1:8080\n"),
            Lines{at(2, 10) + "error: syntax error: '{' is never closed; add the matching '}'"});
  const auto missing = config::load_screen_config(dir_ / "nope.yaml");
  EXPECT_FALSE(missing.config);
  EXPECT_EQ(
      formatted(missing.diagnostics),
      Lines{(dir_ / "nope.yaml").string() + ":1:1: error: cannot open file: it does not exist"});
}

TEST_F(ScreenConfigTest, TheShippedConfigReadsWithoutProblems) {
  // deploy/marquee.yaml names the installed demo; checked here with the repo's copy in place.
  std::ifstream in(fs::path(MARQUEE_SOURCE_DIR) / "deploy" / "marquee.yaml");
  std::string yaml{std::istreambuf_iterator<char>(in), {}};
  ASSERT_FALSE(yaml.empty());
  const std::string installed = "/usr/share/marquee/";
  const auto at_playlist = yaml.find(installed);
  ASSERT_NE(at_playlist, std::string::npos);
  yaml.replace(at_playlist, installed.size(), std::string(MARQUEE_SOURCE_DIR) + "/");
  const auto result = config::load_screen_config_from_string(yaml, file());
  EXPECT_TRUE(result.ok()) << ::testing::PrintToString(formatted(result.diagnostics));
  EXPECT_TRUE(result.diagnostics.empty());
}

}  // namespace
}  // namespace marquee
