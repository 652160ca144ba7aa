// Watches the files a show depends on, so live edits reach the screen without a restart.
#pragma once

#include <chrono>
#include <filesystem>
#include <vector>

namespace marquee {

// Watches the directories that hold the files, not the files themselves: editors
// that save by writing a temp file and renaming it (vim, VS Code, nano) and tools
// that copy in (scp, rsync) replace the inode, which a per-file watch would lose.
class FileWatcher {
 public:
  FileWatcher();
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // Replaces the watched set.
  void watch(const std::vector<std::filesystem::path>& files);

  // Waits up to `timeout` for a change to a watched file, then keeps waiting until
  // the files have been quiet for `settle`, so a half-written save is not read.
  // Returns true when something changed.
  bool wait_for_change(std::chrono::milliseconds timeout, std::chrono::milliseconds settle);

 private:
  bool read_events(std::chrono::milliseconds timeout);  // true if a watched name was touched

  int fd_ = -1;
  std::vector<std::filesystem::path> files_;
  std::vector<std::pair<int, std::filesystem::path>> directories_;  // watch descriptor, dir
};

}  // namespace marquee
