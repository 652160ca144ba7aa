// Rate-limited logging of painter failures, so a broken slide cannot flood the log at 60 fps.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace marquee::render {

class FaultLog {
 public:
  explicit FaultLog(std::chrono::steady_clock::duration quiet = std::chrono::minutes{1})
      : quiet_(quiet) {}

  // True when this key has not been reported within the quiet period; the caller logs then.
  bool should_report(const std::string& key,
                     std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
  // How many failures were swallowed since the key was last reported.
  int suppressed(const std::string& key) const;

 private:
  struct Entry {
    std::chrono::steady_clock::time_point last{};
    int suppressed = 0;
  };
  std::chrono::steady_clock::duration quiet_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

// The process-wide log painters report to.
FaultLog& painter_faults();

}  // namespace marquee::render
