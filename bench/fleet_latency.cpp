// Fleet bench: N screens as in-process clients running the real fleet agent and operator desk on a
// mosquitto of its own on 127.0.0.1; a takeover sent to `all`, then cleared, for some rounds.
// Prints the distribution of the time from the operator's publish to each screen's desk taking it.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

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

int run(int screens, int rounds) {
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
  return lost == 0 ? 0 : 1;
}

}  // namespace
}  // namespace marquee

int main(int argc, char** argv) {
  CLI::App cli{"Fleet over MQTT: takeover latency to N screens"};
  int screens = 100, rounds = 20;
  cli.add_option("--screens", screens, "in-process screens (default 100)");
  cli.add_option("--rounds", rounds, "commands sent to all (default 20)");
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  return marquee::run(screens, rounds);
}
