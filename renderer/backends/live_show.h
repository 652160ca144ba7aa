// The show on air, kept up to date from disk: reload off the render thread, swap only valid shows.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/show.h"

namespace marquee::backends {

// A save that fails validation never reaches the screen: the last good show stays
// on air and edit_rejected() turns on until a valid save arrives.
class LiveShow {
 public:
  // `rejected` starts the badge on: the player came up on the last-good copy.
  LiveShow(std::filesystem::path playlist, Show initial, bool rejected = false);
  ~LiveShow();
  LiveShow(const LiveShow&) = delete;
  LiveShow& operator=(const LiveShow&) = delete;

  // Cheap; called once per frame by the render thread.
  std::shared_ptr<const Show> current() const;
  bool edit_rejected() const { return rejected_.load(); }
  // Replaces the show from the main thread (operator keys splice it).
  void replace(Show show);
  // Number of shows swapped in since start, for tests and the status log.
  int swaps() const { return swaps_.load(); }

 private:
  void watch_loop();

  std::filesystem::path playlist_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Show> show_;
  std::atomic<bool> rejected_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<int> swaps_{0};
  std::thread worker_;
};

}  // namespace marquee::backends
