// Rate-limited painter failure reports.
#include "render/fault_log.h"

namespace marquee::render {

bool FaultLog::should_report(const std::string& key, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = entries_.try_emplace(key);
  if (fresh || now - it->second.last >= quiet_) {
    it->second.last = now;
    it->second.suppressed = 0;
    return true;
  }
  ++it->second.suppressed;
  return false;
}

int FaultLog::suppressed(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.suppressed;
}

FaultLog& painter_faults() {
  static FaultLog log;
  return log;
}

}  // namespace marquee::render
