// A power cut is safe: the player is killed with SIGKILL at random moments while it writes its
// files (the last-good copy after edits, the operator log after commands, the journal's
// lines), and every start after that comes up and shows content, some on a broken playlist
// that only the last-good copy can stand in for. The files live in the screen config's
// state_dir. Rounds: MARQUEE_POWER_CUT_ROUNDS (default 12; deploy/test.sh --long runs 200).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>

#include "free_port.h"
#include "player_process.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::NotifySocket;
using testing::PlayerProcess;

using testing::free_port;

// Short slides, so slides go off air (journal lines) within a round.
std::string playlist(int edition) {
  // A schedule from a URL nobody serves: its copy's folder is made in the state folder.
  std::string yaml =
      "screen: power-cut\ntimezone: America/Los_Angeles\n"
      "schedules:\n  feed: { url: \"http://127.0.0.1:9/schedule.json\", every: 1h }\nslides:\n";
  for (int i = 0; i < 3; ++i)
    yaml += "  - id: s" + std::to_string(i) + "\n    title: { headline: \"Edition " +
            std::to_string(edition) + "\" }\n    duration: 1s\n";
  return yaml;
}

// As an editor saves: a temp file renamed over the playlist.
void save(const fs::path& file, const std::string& text) {
  const fs::path temp = file.string() + ".saving";
  std::ofstream(temp) << text;
  fs::rename(temp, file);
}

int rounds() {
  const char* text = std::getenv("MARQUEE_POWER_CUT_ROUNDS");
  return text ? std::max(1, std::atoi(text)) : 12;
}

TEST(PowerCut, EveryStartAfterASigkillMidWriteShowsContent) {
  testing::ScratchDir scratch("power-cut");
  const fs::path playlist_file = scratch / "playlists" / "show.yaml";
  fs::create_directories(playlist_file.parent_path());
  save(playlist_file, playlist(0));
  // The screen config's state folder, not $MARQUEE_STATE_DIR, must hold every file.
  const fs::path state = scratch / "state";
  const fs::path elsewhere = scratch / "default-state";
  const fs::path screen = scratch / "screen.yaml";
  std::ofstream(screen) << "playlist: " << playlist_file.string()
                        << "\nstate_dir: " << state.string() << "\n";
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> kill_after_ms(30, 900);
  int on_last_good = 0, edition = 0;

  for (int round = 0; round < rounds(); ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    // Every fourth start is on a broken playlist: only an intact last-good copy plays then.
    const bool broken = round % 4 == 3;
    if (broken) save(playlist_file, "slides: [ {title: {headline: \"never closed\"\n");
    NotifySocket notify(scratch / ("notify-" + std::to_string(round)));
    ASSERT_TRUE(notify.ok());
    const int port = free_port();
    const fs::path log = scratch / ("round-" + std::to_string(round) + ".log");
    PlayerProcess player(
        {"play", "--config", screen.string(), "--window", "320x180", "--control",
         "127.0.0.1:" + std::to_string(port)},
        {"NOTIFY_SOCKET=" + notify.path().string(), "MARQUEE_STATE_DIR=" + elsewhere.string()},
        log);
    ASSERT_TRUE(player.started());
    // READY=1 is sent once a frame is presented: the start succeeded and shows content.
    ASSERT_TRUE(notify.wait_for("READY=1", 15s))
        << "no first frame; the player " << (player.running() ? "hangs" : "exited") << ":\n"
        << player.log();
    if (broken) {
      EXPECT_NE(player.log().find("playing its last good copy"), std::string::npos) << player.log();
      ++on_last_good;
      save(playlist_file, playlist(++edition));
    }

    // Writes of every kind until the kill: edits (last-good saves), commands (the operator
    // log, the journal's operator lines), slides going off air (the journal's play lines).
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      httplib::Client desk("127.0.0.1", port);
      desk.set_connection_timeout(1s);
      desk.set_read_timeout(1s);
      for (int i = 0; !stop; ++i) {
        if (i % 3 == 0) save(playlist_file, playlist(++edition));
        desk.Post(i % 2 ? "/api/v1/hold" : "/api/v1/resume");
        desk.Post("/api/v1/next");
        std::this_thread::sleep_for(5ms);
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
    player.kill(SIGKILL);
    player.wait();
    stop = true;
    writer.join();
  }
  // The files written whole or not at all are never torn; their temp files are cleaned up
  // by the next start (the last one is left by the last kill). Every file reads.
  EXPECT_FALSE(fs::exists(elsewhere)) << "files went outside the config's state_dir";
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(state)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot read " << entry.path();
    const std::string name = entry.path().filename().string();
    if (entry.path().parent_path().filename() == "journal") continue;  // appended, its tail checked
    EXPECT_FALSE(name.ends_with(".torn")) << entry.path();
  }
  EXPECT_GE(files, 3) << "the last-good copy, the operator log and the journal at least";
  EXPECT_EQ(on_last_good, rounds() / 4);

  // A last start, left to run, on a broken playlist: it plays the last good content, and the
  // journal it finds reads whole.
  save(playlist_file, "slides: [ {title: {headline: \"never closed\"\n");
  NotifySocket notify(scratch / "notify-last");
  PlayerProcess last(
      {"play", "--config", screen.string(), "--window", "320x180", "--seconds", "1.5"},
      {"NOTIFY_SOCKET=" + notify.path().string(), "MARQUEE_STATE_DIR=" + elsewhere.string()},
      scratch / "last.log");
  EXPECT_TRUE(notify.wait_for("READY=1", 15s)) << last.log();
  const int status = last.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << last.log();
  EXPECT_NE(last.log().find("playing its last good copy"), std::string::npos) << last.log();
  EXPECT_FALSE(fs::exists(elsewhere));
}

}  // namespace
}  // namespace marquee
