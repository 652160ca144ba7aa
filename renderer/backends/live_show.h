// The show on air, kept up to date from disk: reload off the render thread, swap only valid shows.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backends/last_good.h"
#include "core/show.h"

namespace marquee::backends {

// Where a player's shows come from: a screen's hot-reloading playlist, or the soak's own
// edits. The player picks up a new show by noticing a new pointer, and splices it in.
class ShowFeed {
 public:
  virtual ~ShowFeed() = default;
  // The newest valid show; cheap, called once per frame by the render thread.
  virtual std::shared_ptr<const Show> current() const = 0;
  // A save was rejected since the last valid one: the screen shows a badge.
  virtual bool edit_rejected() const = 0;
  // Its first error (file:line:col: error: …), for the AV desk; empty when unknown.
  virtual std::string last_error() const { return {}; }
};

class ScheduleSource;
class SchedulePoller;

// A save that fails validation never reaches the screen: the last good show stays
// on air and edit_rejected() turns on until a valid save arrives.
//
// The show's schedules that are URLs are polled here, each on its own thread and as
// often as its `every:` says. A fetch that parses replaces the last good copy in the
// state folder, which the show read and so depends on; the watcher sees it and the new
// schedule arrives as a reload, validated like an edit. A fetch that fails (no network,
// an error, a broken body) writes nothing, so the show on air keeps its schedule.
class LiveShow final : public ShowFeed {
 public:
  // `rejected` starts the badge on: the player came up on the last-good copy, because of
  // `first_error`. Each accepted save becomes the last-good copy in `state`.
  LiveShow(std::filesystem::path playlist, Show initial, bool rejected = false,
           std::string first_error = {}, std::filesystem::path state = state_dir());
  ~LiveShow();  // waits for a schedule fetch under way, at most its timeout
  LiveShow(const LiveShow&) = delete;
  LiveShow& operator=(const LiveShow&) = delete;

  std::shared_ptr<const Show> current() const override;
  bool edit_rejected() const override { return rejected_.load(); }
  // Called on the watcher's thread after each save it accepts or rejects, so a player
  // asleep until its next change picks the edit up at once.
  void on_change(std::function<void()> notify);
  // Number of shows swapped in since start, for tests and the status log.
  int swaps() const { return swaps_.load(); }
  // The first error of the save that was rejected (file:line:col: error: …); empty while
  // the last save was valid.
  std::string last_error() const override;
  // Reads the files again within 200 ms, as if they had been saved (the AV desk's reload).
  void reload() { reload_asked_ = true; }
  // Whether the watcher's thread still goes round: it does every 200 ms, plus the time a
  // load takes. The watchdog stops pinging when it does not, so systemd restarts a player
  // that would no longer see edits.
  bool watching(std::chrono::steady_clock::time_point now) const;
  static constexpr std::chrono::seconds kWatcherSilence{5};

 private:
  void watch_loop();
  void watch();
  // Polls the URLs `show` names, keeping the pollers of those it named before.
  void fetch_schedules(const Show& show);

  struct Fetcher;
  std::vector<std::unique_ptr<Fetcher>> fetchers_;  // touched by the worker thread only

  std::filesystem::path playlist_;
  std::filesystem::path state_;  // where the last-good copy goes
  mutable std::mutex mutex_;
  std::shared_ptr<const Show> show_;
  std::function<void()> notify_;  // guarded by mutex_
  std::atomic<bool> rejected_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> reload_asked_{false};
  std::string last_error_;  // under mutex_
  std::atomic<int> swaps_{0};
  std::atomic<std::chrono::steady_clock::rep> beat_;  // the watcher's last round
  std::atomic<bool> ended_{false};                    // its thread returned
  std::thread worker_;
};

}  // namespace marquee::backends
