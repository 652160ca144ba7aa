// Crash to first frame: `marquee play` is killed with SIGKILL and started again at once, as
// systemd's Restart=always does (less its RestartSec); prints the time from the kill to the
// restarted player's first frame, which it announces with READY=1 on a fake NOTIFY_SOCKET.
// Usage: bench_crash_restart [ROUNDS] [-- marquee play arguments...]
// Default arguments: play playlists/expo-hall.yaml --fullscreen (set DISPLAY, or run it under
// xvfb-run; SDL_VIDEODRIVER=offscreen works too).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <thread>

#include "player_process.h"

using namespace std::chrono_literals;
using marquee::testing::NotifySocket;
using marquee::testing::PlayerProcess;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int rounds = 10;
  std::vector<std::string> args{"play", "playlists/expo-hall.yaml", "--fullscreen"};
  int i = 1;
  if (i < argc && std::string(argv[i]) != "--") rounds = std::max(1, std::atoi(argv[i++]));
  if (i < argc && std::string(argv[i]) == "--") args.assign(argv + i + 1, argv + argc);
  const auto scratch = std::filesystem::temp_directory_path() /
                       ("marquee-crash-restart-" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);
  const std::vector<std::string> env{"NOTIFY_SOCKET=" + (scratch / "notify").string(),
                                     "MARQUEE_STATE_DIR=" + (scratch / "state").string()};
  NotifySocket notify(scratch / "notify");
  if (!notify.ok()) {
    std::cerr << "cannot bind " << notify.path() << '\n';
    return 1;
  }
  std::vector<double> ms;
  auto player = std::make_unique<PlayerProcess>(args, env, scratch / "play.log");
  if (!notify.wait_for("READY=1", 20s)) {
    std::cerr << "the first start showed no frame:\n" << player->log();
    return 1;
  }
  for (int round = 0; round < rounds; ++round) {
    std::this_thread::sleep_for(1500ms);  // on air for a moment, its files written
    const auto killed = Clock::now();
    player->kill(SIGKILL);
    player->wait();
    player = std::make_unique<PlayerProcess>(args, env, scratch / "play.log");
    if (!notify.wait_for("READY=1", 20s)) {
      std::cerr << "round " << round << ": no first frame after the restart:\n" << player->log();
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - killed).count());
    std::printf("round %2d  kill to first frame %6.0f ms\n", round, ms.back());
  }
  player.reset();
  std::filesystem::remove_all(scratch);
  std::sort(ms.begin(), ms.end());
  std::printf(
      "%d restarts: median %.0f ms, max %.0f ms (systemd adds RestartSec before its start)\n",
      rounds, ms[ms.size() / 2], ms.back());
  return 0;
}
