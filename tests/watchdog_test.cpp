// The systemd watchdog's pings under injected faults: a frozen loop, a dead file watcher and a
// wedged control server each stop them; a healthy player keeps them coming once a second.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <algorithm>
#include <thread>

#include "app/liveness.h"
#include "free_port.h"
#include "player_process.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using testing::NotifySocket;
using testing::PlayerProcess;
using Clock = std::chrono::steady_clock;

using testing::free_port;

struct Pings {
  std::vector<Clock::time_point> at;  // each WATCHDOG=1
  bool ready = false;
  std::string log;
  // Pings at or after `from`.
  long after(Clock::time_point from) const {
    return std::count_if(at.begin(), at.end(), [&](auto t) { return t >= from; });
  }
};

// Plays the keynote playlist with its control server on, MARQUEE_TEST_FAULT=`fault` (empty:
// none), and reads its notifications for `span` from its first frame (READY=1), so that a
// slow start (a sanitizer build, a loaded machine) takes nothing from the span. Each fault
// is timed from its part's start, which comes before the first frame.
Pings play_with_fault(const std::string& fault, std::chrono::milliseconds span,
                      Clock::time_point* started = nullptr) {
  testing::ScratchDir scratch("watchdog");
  NotifySocket notify(scratch / "notify");
  EXPECT_TRUE(notify.ok());
  const std::string control = "127.0.0.1:" + std::to_string(free_port());
  std::vector<std::string> env{"NOTIFY_SOCKET=" + notify.path().string(),
                               "MARQUEE_STATE_DIR=" + (scratch / "state").string()};
  if (!fault.empty()) env.push_back("MARQUEE_TEST_FAULT=" + fault);
  PlayerProcess player(
      {"play", "playlists/keynote-stage.yaml", "--window", "320x180", "--control", control}, env,
      scratch / "log");
  EXPECT_TRUE(player.started());
  Pings pings;
  const auto ready = notify.wait_for("READY=1", 20s);
  pings.ready = ready.has_value();
  if (started) *started = ready ? ready->at : Clock::now();
  if (ready && ready->text.find("WATCHDOG=1") != std::string::npos) pings.at.push_back(ready->at);
  for (const auto& m : notify.collect(span))
    if (m.text.find("WATCHDOG=1") != std::string::npos) pings.at.push_back(m.at);
  EXPECT_TRUE(player.running()) << "the player stopped by itself:\n" << player.log();
  player.kill(SIGKILL);
  player.wait();
  pings.log = player.log();
  return pings;
}

TEST(Watchdog, AHealthyPlayerPingsAboutOnceASecond) {
  Clock::time_point started;
  const Pings pings = play_with_fault("", 6s, &started);
  EXPECT_TRUE(pings.ready) << pings.log;
  // A still slide presents nothing for seconds at a time; the loop still confirms it.
  EXPECT_GE(pings.after(started + 3s), 2) << pings.log;
  EXPECT_GE(pings.at.size(), 4u) << pings.log;
  EXPECT_EQ(pings.log.find("watchdog:"), std::string::npos) << pings.log;
}

// The fault comes 1.5 s in; by `quiet_from` the pings must have stopped for good.
void expect_pings_stop(const std::string& fault, std::chrono::milliseconds quiet_from,
                       const std::string& logged) {
  Clock::time_point started;
  const Pings pings = play_with_fault(fault, quiet_from + 3s, &started);
  EXPECT_TRUE(pings.ready) << pings.log;
  EXPECT_GE(pings.at.size(), 1u) << "it pinged before the fault\n" << pings.log;
  EXPECT_EQ(pings.after(started + quiet_from), 0) << "it pinged after the fault\n" << pings.log;
  if (!logged.empty()) {
    EXPECT_NE(pings.log.find(logged), std::string::npos) << pings.log;
  }
}

TEST(Watchdog, AFrozenLoopStopsThePings) {
  expect_pings_stop("loop:1.5", 3s, "test fault: the frame loop freezes");
}

// The process is alive and its loop goes round, but no frame is drawn: frames are what count.
TEST(Watchdog, ALoopThatGoesRoundWithoutFramesStopsThePings) {
  // Silent for Liveness::kFrameSilence (2 s) after the last frame, then no more pings.
  expect_pings_stop("frames:1.5", 4500ms, "watchdog: no frame presented or confirmed for");
}

TEST(Watchdog, ADeadFileWatcherStopsThePings) {
  // Silent for LiveShow::kWatcherSilence (5 s) after its thread ends, then no more pings.
  expect_pings_stop("watcher:1.5", 8s, "watchdog: the file watcher has stopped");
}

TEST(Watchdog, AWedgedControlServerStopsThePings) {
  // Its self-check goes unanswered for SelfCheck::kSilence (5 s), then no more pings.
  expect_pings_stop("control:1.5", 8500ms,
                    "watchdog: the control server does not answer its self-check");
}

// What the console's hotplug watch sets off (there is no DRM device here: the test fault
// stands in for it): video starts again, the window is made anew, and the show plays on.
TEST(Hotplug, TheOutputIsOpenedAgainAndTheScreenPlaysOn) {
  Clock::time_point started;
  const Pings pings = play_with_fault("hotplug:1", 5s, &started);
  EXPECT_NE(pings.log.find("the outputs changed; opening the output again"), std::string::npos)
      << pings.log;
  const auto first = pings.log.find("playing on 320x180");
  ASSERT_NE(first, std::string::npos) << pings.log;
  EXPECT_NE(pings.log.find("playing on 320x180", first + 1), std::string::npos) << pings.log;
  EXPECT_GE(pings.after(started + 3s), 1) << "no pings after the output came back\n" << pings.log;
}

// The rules themselves, on an injected clock.
TEST(Liveness, AFrameOrAConfirmedPictureWithinTwoSecondsAndBothThreadsAlive) {
  const auto t0 = Clock::time_point{} + 100s;
  bool watcher = true, control = true;
  app::Liveness liveness(
      {.watcher = [&](auto) { return watcher; }, .control = [&](auto) { return control; }}, t0);
  EXPECT_TRUE(liveness.healthy(t0 + 1s));
  EXPECT_FALSE(liveness.healthy(t0 + 2s));     // no turn of the loop since the start
  liveness.ticked(t0 + 2500ms, false, false);  // a turn that neither presented nor confirmed
  EXPECT_FALSE(liveness.healthy(t0 + 2600ms));
  liveness.ticked(t0 + 3s, false, true);  // a still picture, confirmed
  EXPECT_TRUE(liveness.healthy(t0 + 4s));
  liveness.ticked(t0 + 4500ms, true, false);
  EXPECT_TRUE(liveness.healthy(t0 + 6s));
  watcher = false;
  EXPECT_EQ(liveness.trouble(t0 + 6s), "the file watcher has stopped");
  watcher = true;
  control = false;
  EXPECT_EQ(liveness.trouble(t0 + 6s), "the control server does not answer its self-check");
  control = true;
  EXPECT_TRUE(liveness.healthy(t0 + 6s));
  EXPECT_NE(liveness.trouble(t0 + 6500ms), "");
}

}  // namespace
}  // namespace marquee
