// inotify-based watcher for show files; falls back to reporting nothing if inotify is unavailable.
#include "backends/file_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <set>

#include <spdlog/spdlog.h>

namespace marquee {

FileWatcher::FileWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (fd_ < 0) spdlog::warn("file watcher: inotify unavailable; live reload is off");
}

FileWatcher::~FileWatcher() {
  if (fd_ >= 0) close(fd_);
}

void FileWatcher::watch(const std::vector<std::filesystem::path>& files) {
  if (fd_ < 0) return;
  files_.clear();
  std::set<std::filesystem::path> dirs;
  for (const auto& file : files) {
    const auto absolute = std::filesystem::absolute(file).lexically_normal();
    files_.push_back(absolute);
    dirs.insert(absolute.parent_path());
  }
  // Directories already watched stay watched: dropping and re-adding them would lose
  // a save that lands in between, as the next one often does right after a reload.
  std::erase_if(directories_, [&](const auto& watched) {
    if (dirs.count(watched.second)) return false;
    inotify_rm_watch(fd_, watched.first);
    return true;
  });
  constexpr auto mask =
      IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MODIFY;
  for (const auto& dir : dirs) {
    const bool watched = std::any_of(directories_.begin(), directories_.end(),
                                     [&](const auto& d) { return d.second == dir; });
    if (watched) continue;
    const int wd = inotify_add_watch(fd_, dir.c_str(), mask);
    if (wd < 0) {
      spdlog::warn("file watcher: cannot watch {}", dir.string());
      continue;
    }
    directories_.emplace_back(wd, dir);
  }
}

bool FileWatcher::read_events(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  alignas(inotify_event) std::array<char, 16384> buffer{};
  bool touched = false;
  while (true) {
    const ssize_t n = read(fd_, buffer.data(), buffer.size());
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->len == 0) continue;
      auto dir = std::find_if(directories_.begin(), directories_.end(),
                              [&](const auto& d) { return d.first == event->wd; });
      if (dir == directories_.end()) continue;
      const auto path = dir->second / event->name;
      if (std::find(files_.begin(), files_.end(), path) != files_.end()) touched = true;
    }
  }
  return touched;
}

bool FileWatcher::wait_for_change(std::chrono::milliseconds timeout,
                                  std::chrono::milliseconds settle) {
  if (fd_ < 0) {
    ::usleep(static_cast<useconds_t>(timeout.count() * 1000));
    return false;
  }
  if (!read_events(timeout)) return false;
  while (read_events(settle)) {
  }
  return true;
}

}  // namespace marquee
