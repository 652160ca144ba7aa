// A conference schedule from a local file or a URL polled over HTTP(S), with the last good copy
// kept on disk.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "backends/last_good.h"
#include "config/schedule_load.h"
#include "config/state_files.h"

namespace marquee::backends {

struct ScheduleSourceOptions {
  std::string location;  // a file path, or an http:// or https:// URL
  config::ScheduleOptions parse;
  std::filesystem::path cache_dir = state_dir();  // where the last good copy lives
  std::chrono::milliseconds timeout{10'000};      // to connect, and between bytes of the answer
  std::uintmax_t max_bytes = config::max_schedule_bytes();  // a larger answer is refused
  std::shared_ptr<spdlog::logger> log;                      // spdlog's default logger when null
};

// What one poll did; `why` is also what the log says.
struct SchedulePoll {
  enum class Outcome { updated, unchanged, failed };
  Outcome outcome = Outcome::unchanged;
  std::string why;
};

// A schedule that fails to fetch or parse never replaces the last good one: schedule()
// keeps returning that, in memory and, across restarts, from the copy on disk.
// poll() runs on one thread at a time; schedule() may be called from any.
class ScheduleSource {
 public:
  explicit ScheduleSource(ScheduleSourceOptions options);
  ScheduleSource(const ScheduleSource&) = delete;
  ScheduleSource& operator=(const ScheduleSource&) = delete;

  // Fetches once: for a URL a conditional GET (If-None-Match, If-Modified-Since), whose
  // 304 costs no parse; for a file, a read when its size or time changed.
  SchedulePoll poll();

  // The last good schedule; null until one has loaded.
  std::shared_ptr<const Schedule> schedule() const;
  bool is_url() const { return url_; }
  int parses() const { return parses_; }  // bodies parsed so far (a 304 adds none)
  const std::filesystem::path& cache_file() const { return body_file_; }

 private:
  SchedulePoll fetch_url();
  SchedulePoll read_file();
  // Parses `body`; on success swaps it in and keeps it on disk.
  SchedulePoll accept(const std::string& body, const std::string& etag,
                      const std::string& last_modified);
  SchedulePoll report(SchedulePoll::Outcome outcome, std::string why);
  void load_cached_copy();
  void save_cached_copy(const std::string& body) const;

  ScheduleSourceOptions options_;
  bool url_ = false;
  std::shared_ptr<spdlog::logger> log_;
  std::filesystem::path body_file_, meta_file_;
  mutable std::mutex mutex_;  // guards schedule_
  std::shared_ptr<const Schedule> schedule_;
  std::string etag_, last_modified_;  // of the copy in schedule_
  // Of the copy's text, so a server that sends neither ETag nor Last-Modified costs no
  // parse and no rewrite of the copy (which a watching screen would reload) for an
  // unchanged answer.
  std::optional<std::size_t> body_hash_;
  std::optional<std::filesystem::file_time_type> file_time_;
  std::uintmax_t file_size_ = 0;
  std::atomic<int> parses_ = 0;
};

// Polls a source on its own thread, first at once, then every `interval`, until destroyed.
class SchedulePoller {
 public:
  SchedulePoller(ScheduleSource& source, std::chrono::milliseconds interval);
  ~SchedulePoller();
  SchedulePoller(const SchedulePoller&) = delete;
  SchedulePoller& operator=(const SchedulePoller&) = delete;
  int polls() const;

 private:
  ScheduleSource& source_;
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int polls_ = 0;
  std::thread thread_;
};

}  // namespace marquee::backends
