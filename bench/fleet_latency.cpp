// Fleet bench: N screens as in-process clients running the real fleet agent and operator desk on a
// mosquitto of its own on 127.0.0.1; a takeover sent to `all`, then cleared, for some rounds.
// Prints the distribution of the time from the operator's publish to each screen's desk taking it.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/fleet_link.h"
#include "app/player.h"
#include "backends/bundle.h"
#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "bundle_server.h"
#include "config/digest.h"
#include "control/fleet.h"
#include "mosquitto_broker.h"
#include "mqtt_listener.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
namespace topics = control::fleet_topics;

Instant wall() {
  return date::floor<Millis>(std::chrono::system_clock::now());
}

struct Arrivals {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Steady::time_point> at;  // per screen, this round
  int arrived = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

// The screen's own playlist until the bundle is on air.
class Fixed final : public backends::ShowFeed {
 public:
  explicit Fixed(std::shared_ptr<const Show> show) : show_(std::move(show)) {}
  std::shared_ptr<const Show> current() const override { return show_; }
  bool edit_rejected() const override { return false; }

 private:
  std::shared_ptr<const Show> show_;
};

int rollout(const testing::ScratchDir& dir, int port, int screens) {
  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  testing::BundleServer server;
  const auto folder = dir.path() / "expo-v2";
  std::filesystem::create_directories(folder / "playlists");
  std::ofstream(folder / "playlists" / "expo.yaml")
      << "screen: expo\ntimezone: America/Los_Angeles\nslides:\n  - id: welcome\n    title: { "
         "headline: \"Expo, day two\" }\n    duration: 10s\n";
  if (const auto why = backends::pack_bundle(folder, dir.path() / "expo-v2.tar.gz"); !why.empty()) {
    std::cerr << why << "\n";
    return 1;
  }
  std::ifstream in(dir.path() / "expo-v2.tar.gz", std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  const std::string url = server.put("expo-v2.tar.gz", bytes);

  Show before;
  Slide welcome;
  welcome.id = "welcome";
  welcome.content = TitleSlide{"Expo, day one", "", "", Align::center};
  welcome.duration = Millis{10'000};
  before.slides = {welcome};
  before.zone = date::locate_zone("UTC");
  struct Screen {
    std::unique_ptr<Fixed> fallback;
    std::unique_ptr<control::OperatorDesk> desk;
    std::unique_ptr<app::FleetLink> link;
    std::unique_ptr<backends::OffscreenCanvas> picture;
    std::unique_ptr<app::Player> player;
    Millis phase{};
    std::optional<Instant> swapped_at;
  };
  std::vector<Screen> fleet(static_cast<std::size_t>(screens));
  const auto shown = std::make_shared<const Show>(before);
  for (int i = 0; i < screens; ++i) {
    Screen& s = fleet[static_cast<std::size_t>(i)];
    s.fallback = std::make_unique<Fixed>(shown);
    s.desk = std::make_unique<control::OperatorDesk>(std::filesystem::path{}, wall);
    config::FleetConfig settings;
    settings.port = port;
    settings.screen = settings.username = "rollout-" + std::to_string(i);
    settings.groups = {"expo"};
    settings.bundle_playlist = "playlists/expo.yaml";
    s.link = std::make_unique<app::FleetLink>(
        app::FleetLink::Options{.settings = settings,
                                .dir = dir.path() / settings.screen,
                                .version = "bench",
                                .clock = wall,
                                .wake = {}},
        *s.fallback);
    s.picture = std::make_unique<backends::OffscreenCanvas>(64, 36);
    if (!s.picture->ok()) {
      std::cerr << "no offscreen canvas: " << s.picture->error() << "\n";
      return 1;
    }
    s.player = std::make_unique<app::Player>(s.picture->canvas(), s.link->feed(), nullptr);
    s.phase = Millis{(i * 7) % 16};  // screens refresh out of phase
    s.player->tick(wall() + s.phase);
    s.link->start(*s.desk);
  }
  testing::MqttListener op(port, {"marquee/v1/+/$state"});
  for (int i = 0; i < screens; ++i)
    if (!op.wait_for_payload(topics::state("rollout-" + std::to_string(i)), "ready", 20s)) {
      std::cerr << "rollout screen " << i << " did not come up\n";
      return 1;
    }
  const Instant activate_at = wall() + 2s;
  const control::ContentRevision revision{"expo-v2", url, config::sha256_hex(bytes), activate_at,
                                          wall()};
  op.publish(topics::content(), to_json(revision).dump(), true);
  while (wall() < activate_at + 1s) {
    for (auto& s : fleet) {
      const app::Player::Tick tick = s.player->tick(wall() + s.phase);
      if (tick.swapped && !s.swapped_at) s.swapped_at = tick.frame.now;
    }
    std::this_thread::sleep_for(16ms);
  }
  int on_time = 0, late = 0, missing = 0;
  for (const auto& s : fleet) {
    if (!s.swapped_at)
      ++missing;
    else if (*s.swapped_at == activate_at)
      ++on_time;
    else
      ++late;
  }
  for (auto& s : fleet) s.link->stop();
  std::printf(
      "  roll-out, activate_at now + 2 s: %d of %d screens drew their first frame of it "
      "at that instant, %d later, %d not at all (%zu bundle downloads)\n",
      on_time, screens, late, missing, static_cast<std::size_t>(server.requests()));
  return on_time == screens ? 0 : 1;
}

int run(int screens, int rounds, bool with_rollout) {
  const testing::ScratchDir dir("bench-fleet");
  testing::MosquittoBroker broker(dir / "broker");
  if (!broker.start()) {
    std::cerr << "cannot start mosquitto: " << broker.log() << "\n";
    return 1;
  }
  Arrivals arrivals;
  arrivals.at.resize(static_cast<std::size_t>(screens));
  std::vector<std::unique_ptr<control::OperatorDesk>> desks;
  std::vector<std::unique_ptr<control::FleetAgent>> agents;
  auto show = std::make_shared<Show>();
  Slide welcome;
  welcome.id = "welcome";
  show->slides = {welcome};
  const auto start = Steady::now();
  for (int i = 0; i < screens; ++i) {
    auto desk = std::make_unique<control::OperatorDesk>(std::filesystem::path{}, wall);
    desk->set_hooks({.wake =
                         [&arrivals, i] {
                           const auto now = Steady::now();
                           std::lock_guard lock(arrivals.mutex);
                           if (arrivals.at[static_cast<std::size_t>(i)] == Steady::time_point{}) {
                             arrivals.at[static_cast<std::size_t>(i)] = now;
                             ++arrivals.arrived;
                             arrivals.changed.notify_all();
                           }
                         },
                     .reload = {},
                     .screenshot = {}});
    control::ScreenState state;
    state.screen = "screen-" + std::to_string(i);
    state.slide = "welcome";
    desk->publish(show, state);
    config::FleetConfig settings;
    settings.port = broker.port();
    settings.screen = settings.username = state.screen;
    settings.groups = {"expo"};
    agents.push_back(std::make_unique<control::FleetAgent>(
        control::FleetOptions{.settings = settings, .version = "bench", .clock = wall}, *desk,
        nullptr));
    agents.back()->start();
    desks.push_back(std::move(desk));
  }
  testing::MqttListener op(broker.port(), {"marquee/v1/+/$state"});
  for (int i = 0; i < screens; ++i)
    if (!op.wait_for_payload(topics::state("screen-" + std::to_string(i)), "ready", 20s)) {
      std::cerr << "screen " << i << " did not come up\n";
      return 1;
    }
  const double joined_ms = std::chrono::duration<double, std::milli>(Steady::now() - start).count();

  std::vector<double> latencies, slowest;
  int lost = 0;
  for (int round = 0; round < rounds; ++round) {
    {
      std::lock_guard lock(arrivals.mutex);
      std::fill(arrivals.at.begin(), arrivals.at.end(), Steady::time_point{});
      arrivals.arrived = 0;
    }
    const bool take = round % 2 == 0;
    const std::string id = "bench-" + std::to_string(round);
    const auto sent = Steady::now();
    op.client().publish(
        topics::all_command(),
        to_json(control::FleetCommand{id, wall(), 60s, take ? "takeover" : "clear",
                                      take ? nlohmann::json{{"text", "Keynote starts in 5 minutes"}}
                                           : nlohmann::json::object()})
            .dump(),
        1, false);
    std::unique_lock lock(arrivals.mutex);
    arrivals.changed.wait_for(lock, 5s, [&] { return arrivals.arrived == screens; });
    double worst = 0;
    for (const auto& at : arrivals.at) {
      if (at == Steady::time_point{}) {
        ++lost;
        continue;
      }
      const double ms = std::chrono::duration<double, std::milli>(at - sent).count();
      latencies.push_back(ms);
      worst = std::max(worst, ms);
    }
    slowest.push_back(worst);
    lock.unlock();
    std::this_thread::sleep_for(50ms);  // the replies and statuses settle
  }
  for (auto& agent : agents) agent->stop();

  std::printf("fleet bench: %d screens (in-process agents and desks), mosquitto on 127.0.0.1\n",
              screens);
  std::printf("  joined (all ready):   %.0f ms\n", joined_ms);
  std::printf("  commands to all:      %d rounds, %zu deliveries, %d lost\n", rounds,
              latencies.size(), lost);
  std::printf("  publish -> desk (ms): p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
              percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
              percentile(latencies, 100));
  std::printf("  last screen per round (ms): p50 %.2f  max %.2f\n", percentile(slowest, 50),
              percentile(slowest, 100));
  int failed = lost == 0 ? 0 : 1;
  if (with_rollout) failed |= rollout(dir, broker.port(), screens);
  return failed;
}

}  // namespace
}  // namespace marquee

int main(int argc, char** argv) {
  CLI::App cli{"Fleet over MQTT: takeover latency to N screens"};
  int screens = 100, rounds = 20;
  bool rollout = false;
  cli.add_option("--screens", screens, "in-process screens (default 100)");
  cli.add_option("--rounds", rounds, "commands sent to all (default 20)");
  cli.add_flag("--rollout", rollout, "then a content revision to as many screens with players");
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  return marquee::run(screens, rounds, rollout);
}
