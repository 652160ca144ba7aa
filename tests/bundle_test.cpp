// Content bundles and their roll-out: packed the same way every time, fetched from 127.0.0.1 and
// checked, hostile archives refused with the entry named, and a revision announced over a real
// mosquitto put on air by every screen at its activate_at, on the same frame, and kept on air
// across a restart with no network.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "app/fleet_link.h"
#include "app/player.h"
#include "backends/bundle.h"
#include "bundle_server.h"
#include "config/digest.h"
#include "control/fleet.h"
#include "headless.h"
#include "mosquitto_broker.h"
#include "mqtt_listener.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace fs = std::filesystem;
namespace topics = control::fleet_topics;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string playlist(const std::string& headline) {
  return "screen: expo\ntimezone: America/Los_Angeles\nslides:\n  - id: welcome\n    title: { "
         "headline: \"" +
         headline + "\" }\n    duration: 10s\n";
}

// A bundle folder with the expo playlist where FleetConfig::bundle_playlist looks.
fs::path bundle_folder(const fs::path& at, const std::string& playlist_text) {
  fs::create_directories(at / "playlists");
  std::ofstream(at / "playlists" / "expo.yaml") << playlist_text;
  return at;
}

// A tar.gz of hand-made entries, for what pack_bundle would never write.
struct Entry {
  std::string path;
  std::string data;        // a file's
  std::string link_to;     // a symlink's target, when set
  bool hard_link = false;  // link_to is a hard link's
};
Entry file(std::string path, std::string data) {
  return {std::move(path), std::move(data), "", false};
}
Entry symlink(std::string path, std::string to) {
  return {std::move(path), "", std::move(to), false};
}
Entry hard_link(std::string path, std::string to) {
  return {std::move(path), "", std::move(to), true};
}
std::string tar_gz(const std::vector<Entry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  archive_write_open(
      a, &out, nullptr,
      [](archive*, void* to, const void* data, size_t size) -> la_ssize_t {
        static_cast<std::string*>(to)->append(static_cast<const char*>(data), size);
        return static_cast<la_ssize_t>(size);
      },
      nullptr);
  for (const Entry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    if (e.hard_link) {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_hardlink(entry, e.link_to.c_str());
    } else if (!e.link_to.empty()) {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, e.link_to.c_str());
    } else {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
    }
    archive_entry_set_perm(entry, 0644);
    archive_write_header(a, entry);
    if (!e.data.empty()) archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

class BundleTest : public ::testing::Test {
 protected:
  // Packs a folder with `playlist_text`; its bytes.
  std::string packed(const std::string& name, const std::string& playlist_text) {
    const fs::path folder = bundle_folder(dir_ / "src" / name, playlist_text);
    const fs::path archive = dir_ / (name + ".tar.gz");
    EXPECT_EQ(backends::pack_bundle(folder, archive), "");
    return read(archive);
  }
  // prepare()'s refusal of `bytes` announced with `sha256` (default: their own), or "".
  std::string refusal(const std::string& name, const std::string& bytes, std::string sha256 = "") {
    const std::string url = server_.put(name, bytes);
    if (sha256.empty()) sha256 = config::sha256_hex(bytes);
    auto prepared = store_.prepare(url, sha256);
    if (auto* why = std::get_if<std::string>(&prepared)) return *why;
    return "";
  }
  std::vector<std::string> bundles_on_disk() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ / "store" / "bundles", ec))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  testing::ScratchDir dir_{"bundle"};
  testing::BundleServer server_;
  backends::BundleStore store_{dir_ / "store", "playlists/expo.yaml"};
};

TEST_F(BundleTest, PackingTheSameFilesGivesTheSameBytes) {
  const std::string a = packed("a", playlist("Welcome to the Expo"));
  std::this_thread::sleep_for(1100ms);  // other file times
  const std::string b = packed("b", playlist("Welcome to the Expo"));
  EXPECT_EQ(config::sha256_hex(a), config::sha256_hex(b));
  EXPECT_NE(config::sha256_hex(a), config::sha256_hex(packed("c", playlist("Other"))));
}

TEST_F(BundleTest, AGoodBundleIsFetchedCheckedUnpackedAndLoaded) {
  const std::string bytes = packed("good", playlist("Welcome to the Expo"));
  const std::string sha = config::sha256_hex(bytes);
  auto prepared = store_.prepare(server_.put("good.tar.gz", bytes), sha);
  ASSERT_TRUE(std::holds_alternative<backends::BundleShow>(prepared))
      << std::get<std::string>(prepared);
  const auto& show = *std::get<backends::BundleShow>(prepared).show;
  ASSERT_EQ(show.slides.size(), 1u);
  EXPECT_EQ(std::get<TitleSlide>(show.slides[0].content).headline, "Welcome to the Expo");
  EXPECT_EQ(bundles_on_disk(), std::vector<std::string>{sha});
  // Unpacked once: announced again (a reconnect), it is not fetched again.
  const int requests = server_.requests();
  EXPECT_TRUE(std::holds_alternative<backends::BundleShow>(store_.prepare(server_.url("x"), sha)));
  EXPECT_EQ(server_.requests(), requests);
}

TEST_F(BundleTest, EveryBadBundleIsRefusedWithItsReasonAndTheGoodOneStays) {
  const std::string good = packed("good", playlist("Welcome"));
  const std::string good_sha = config::sha256_hex(good);
  ASSERT_TRUE(std::holds_alternative<backends::BundleShow>(
      store_.prepare(server_.put("g", good), good_sha)));
  ASSERT_TRUE(
      store_.keep({.on_air = backends::BundleStore::Kept{good_sha, "expo-v1", {}}, .next = {}}));

  const std::string other = packed("other", playlist("Other"));
  EXPECT_EQ(refusal("damaged", other, good_sha.substr(0, 63) + "0").substr(0, 20),
            "its SHA-256 is " + config::sha256_hex(other).substr(0, 5));
  EXPECT_EQ(refusal("invalid", packed("invalid", playlist("x") + "    durration: 5s\n")),
            "playlists/expo.yaml:7:5: error: unknown key 'durration' (did you mean "
            "'duration'?)");
  const std::string yaml = playlist("x");
  EXPECT_EQ(
      refusal("climbs", tar_gz({file("playlists/expo.yaml", yaml), file("../evil.yaml", yaml)})),
      "refused: '../evil.yaml' climbs out of the bundle with '..'");
  EXPECT_EQ(refusal("absolute", tar_gz({file("/etc/evil.yaml", yaml)})),
            "refused: '/etc/evil.yaml' is an absolute path");
  EXPECT_EQ(refusal("link", tar_gz({file("playlists/expo.yaml", yaml), symlink("up", "../../..")})),
            "refused: the link 'up' leads out of the bundle (to ../../..)");
  // A link that climbs only through another link.
  EXPECT_EQ(
      refusal("link-chain", tar_gz({file("playlists/expo.yaml", yaml), symlink("here", "playlists"),
                                    symlink("away", "here/../..")})),
      "refused: the link 'away' leads out of the bundle (to here/../..)");
  EXPECT_EQ(refusal("hard",
                    tar_gz({file("playlists/expo.yaml", yaml), hard_link("copy", "/etc/passwd")})),
            "refused: 'copy' is a hard link; pack files instead");
  EXPECT_EQ(refusal("garbage", std::string(5000, 'x')).substr(0, 36),
            "refused: it is not a tar.gz bundle (");
  const auto fetch_refusal = [&](const std::string& url) {
    auto prepared = store_.prepare(url, std::string(64, 'a'));
    return prepared.index() == 1 ? std::get<std::string>(prepared) : std::string("taken");
  };
  EXPECT_EQ(fetch_refusal(server_.url("cut")).substr(0, 21), "the download failed: ");
  EXPECT_EQ(fetch_refusal(server_.url("nowhere")), "the download failed: HTTP 404 Not Found");
  // Nothing of them is left, and nothing escaped; the good bundle stays.
  EXPECT_EQ(bundles_on_disk(), std::vector<std::string>{good_sha});
  EXPECT_FALSE(fs::exists(dir_ / "store" / "evil.yaml"));
  EXPECT_FALSE(fs::exists(dir_ / "evil.yaml"));
  EXPECT_TRUE(std::holds_alternative<backends::BundleShow>(store_.load(good_sha)));
}

Instant wall() {
  return date::floor<Millis>(std::chrono::system_clock::now());
}

// The screen's own playlist, on air until a bundle is.
struct Fallback final : backends::ShowFeed {
  std::shared_ptr<const Show> show = std::make_shared<const Show>(headless::demo_show());
  std::shared_ptr<const Show> current() const override { return show; }
  bool edit_rejected() const override { return false; }
};

// One screen of the fleet: its own playlist, desk, fleet link (its state in `dir`) and player
// on `picture`, which has drawn its first frame.
struct FleetScreen {
  FleetScreen(const config::FleetConfig& settings, const fs::path& dir,
              backends::OffscreenCanvas& picture)
      : link({.settings = settings, .dir = dir, .version = "t", .clock = wall, .wake = {}},
             fallback),
        player(picture.canvas(), link.feed(), nullptr) {
    player.tick(wall());
  }
  Fallback fallback;
  control::OperatorDesk desk{{}, wall};
  app::FleetLink link;
  app::Player player;
};

config::FleetConfig expo_screen(const std::string& name, int port) {
  config::FleetConfig settings;
  settings.port = port;
  settings.screen = settings.username = name;
  settings.groups = {"expo"};
  settings.bundle_playlist = "playlists/expo.yaml";
  return settings;
}

// The bytes of a bundle whose playlist's headline is "Expo, day two", packed in `dir`.
std::string day_two_bundle(const fs::path& dir) {
  const fs::path folder = bundle_folder(dir / "expo-v2", playlist("Expo, day two"));
  EXPECT_EQ(backends::pack_bundle(folder, dir / "expo-v2.tar.gz"), "");
  return read(dir / "expo-v2.tar.gz");
}

// Screens that each run the real fleet link and player, with their own desk, store and
// refresh phase; one broker, one bundle server. The revision is announced for now + 1.5 s.
class RollOutTest : public headless::Renders {};

TEST_F(RollOutTest, EveryScreenPutsTheRevisionOnAirOnTheSameFrame) {
  const testing::ScratchDir dir("rollout");
  testing::MosquittoBroker broker(dir / "broker");
  ASSERT_TRUE(broker.start()) << broker.log();
  testing::BundleServer server;
  const std::string bytes = day_two_bundle(dir.path());
  const std::string url = server.put("expo-v2.tar.gz", bytes);

  struct Screen {
    std::unique_ptr<FleetScreen> fleet;
    Millis phase{};
    std::optional<Instant> swapped_at;
  };
  constexpr int kScreens = 12;
  std::vector<Screen> screens;
  for (int i = 0; i < kScreens; ++i) {
    const std::string name = "expo-" + std::to_string(i);
    Screen s{
        std::make_unique<FleetScreen>(expo_screen(name, broker.port()), dir / name, canvas(96, 54)),
        Millis{i * 3}, std::nullopt};
    ASSERT_TRUE(s.fleet->link.start(s.fleet->desk));
    screens.push_back(std::move(s));
  }
  testing::MqttListener op(broker.port(), {"marquee/v1/+/status", "marquee/v1/+/$state"});
  for (int i = 0; i < kScreens; ++i)
    ASSERT_TRUE(op.wait_for_payload(topics::state("expo-" + std::to_string(i)), "ready"));

  const Instant activate_at = wall() + 1500ms;
  const control::ContentRevision revision{"expo-v2", url, config::sha256_hex(bytes), activate_at,
                                          wall()};
  ASSERT_TRUE(op.publish(topics::content(), to_json(revision).dump(), true));

  // Each screen ticks at 60 Hz on its own phase until a second after the instant.
  const auto start = std::chrono::steady_clock::now();
  while (wall() < activate_at + 1s) {
    for (auto& s : screens) {
      const Instant now = wall() + s.phase;
      const app::Player::Tick tick = s.fleet->player.tick(now);
      if (tick.swapped && !s.swapped_at) s.swapped_at = tick.frame.now;
    }
    std::this_thread::sleep_for(16ms);
    ASSERT_LT(std::chrono::steady_clock::now() - start, 10s);
  }
  for (int i = 0; i < kScreens; ++i) {
    const Screen& s = screens[i];
    ASSERT_TRUE(s.swapped_at) << "screen " << i;
    EXPECT_EQ(*s.swapped_at, activate_at) << "screen " << i << ": the same resolve instant";
    EXPECT_EQ(std::get<TitleSlide>(s.fleet->player.show()->slides[0].content).headline,
              "Expo, day two");
  }
  // Their statuses say it is on air.
  for (int i = 0; i < kScreens; ++i) {
    const std::string name = "expo-" + std::to_string(i);
    const auto status = op.wait_for(topics::status(name), [](const auto& m) {
      const json c = json::parse(m.payload)["content"];
      return c.is_object() && c["on_air"].is_object() && c["on_air"]["revision"] == "expo-v2";
    });
    EXPECT_TRUE(status) << name;
  }
  for (auto& s : screens) s.fleet->link.stop();
}

// A box that reboots in the middle of the show comes back with the revision it had on air,
// from its own disk, with the broker and the bundle's server both gone.
TEST_F(RollOutTest, TheRevisionOnAirComesBackAfterARestartWithNoNetwork) {
  const testing::ScratchDir dir("rollout-kept");
  // Nobody listens on this port after the restart.
  config::FleetConfig settings = expo_screen("expo-1", testing::free_port());
  const auto headline = [](const app::Player& player) {
    const auto& show = player.show();
    if (!show || show->slides.empty()) return std::string();  // the fallback has no slides
    const auto* title = std::get_if<TitleSlide>(&show->slides[0].content);
    return title ? title->headline : std::string();
  };
  {
    testing::MosquittoBroker broker(dir / "broker");
    ASSERT_TRUE(broker.start()) << broker.log();
    testing::BundleServer server;
    const std::string bytes = day_two_bundle(dir.path());
    config::FleetConfig online = settings;
    online.port = broker.port();
    FleetScreen screen(online, dir / "screen", canvas(96, 54));
    ASSERT_TRUE(screen.link.start(screen.desk));
    testing::MqttListener op(broker.port(), {"marquee/v1/expo-1/#"});
    ASSERT_TRUE(op.wait_for_payload(topics::state("expo-1"), "ready"));
    const control::ContentRevision revision{"expo-v2", server.put("expo-v2.tar.gz", bytes),
                                            config::sha256_hex(bytes), wall(), std::nullopt};
    ASSERT_TRUE(op.publish(topics::content(), to_json(revision).dump(), true));
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (headline(screen.player) != "Expo, day two" &&
           std::chrono::steady_clock::now() < give_up) {
      screen.player.tick(wall());
      std::this_thread::sleep_for(16ms);
    }
    ASSERT_EQ(headline(screen.player), "Expo, day two");
    screen.link.stop();
  }
  // The restart: a new link and player on the same state folder; no broker, no server.
  FleetScreen screen(settings, dir / "screen", canvas(96, 54));
  EXPECT_EQ(headline(screen.player), "Expo, day two") << "the first frame after the restart";
  ASSERT_TRUE(screen.link.start(screen.desk));
  std::this_thread::sleep_for(300ms);  // it tries the broker that is not there
  screen.player.tick(wall());
  EXPECT_EQ(headline(screen.player), "Expo, day two");
  screen.link.stop();
}

TEST_F(RollOutTest, ARefusedRevisionIsReportedAndNeverReachesTheScreen) {
  const testing::ScratchDir dir("rollout-bad");
  testing::MosquittoBroker broker(dir / "broker");
  ASSERT_TRUE(broker.start()) << broker.log();
  testing::BundleServer server;
  FleetScreen screen(expo_screen("expo-1", broker.port()), dir / "screen", canvas(96, 54));
  ASSERT_TRUE(screen.link.start(screen.desk));
  testing::MqttListener op(broker.port(), {"marquee/v1/expo-1/#"});
  ASSERT_TRUE(op.wait_for_payload(topics::state("expo-1"), "ready"));

  const std::string bytes =
      tar_gz({file("playlists/expo.yaml", playlist("x")), symlink("up", "../..")});
  const control::ContentRevision revision{"expo-evil", server.put("evil.tar.gz", bytes),
                                          config::sha256_hex(bytes), wall(), std::nullopt};
  ASSERT_TRUE(op.publish(topics::content(), to_json(revision).dump(), true));
  const auto status = op.wait_for(topics::status("expo-1"), [](const auto& m) {
    return json::parse(m.payload)["content"]["refused"].is_object();
  });
  ASSERT_TRUE(status);
  const json refused = json::parse(status->payload)["content"]["refused"];
  EXPECT_EQ(refused["revision"], "expo-evil");
  EXPECT_EQ(refused["error"], "refused: the link 'up' leads out of the bundle (to ../..)");
  EXPECT_EQ(json::parse(status->payload)["state"], "alert");
  EXPECT_TRUE(op.wait_for_payload(topics::state("expo-1"), "alert"));
  // A malformed announcement is refused too, with its field.
  op.publish(topics::content(), R"({"url": "ftp://x", "sha256": "ab", "activate_at": 0})", true);
  EXPECT_TRUE(op.wait_for(topics::status("expo-1"), [](const auto& m) {
    const json last = json::parse(m.payload)["last_refused"];
    return last.is_object() &&
           last["error"] ==
               "/url: the announcement needs a 'url' starting with http:// or https://";
  }));
  EXPECT_FALSE(screen.player.tick(wall()).swapped);
  EXPECT_EQ(screen.player.show()->slides.size(), headless::demo_show().slides.size());
  screen.link.stop();
}

}  // namespace
}  // namespace marquee
