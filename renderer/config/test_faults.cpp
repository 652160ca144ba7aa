// MARQUEE_TEST_FAULT read once per site: "watcher:2,control:0.5".
#include "config/test_faults.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

namespace marquee::config {

std::optional<std::chrono::milliseconds> injected_fault(std::string_view site) {
  const char* value = std::getenv("MARQUEE_TEST_FAULT");
  if (!value) return std::nullopt;
  std::string_view rest = value;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto colon = item.find(':');
    if (item.substr(0, colon) != site) continue;
    const double seconds = colon == std::string_view::npos
                               ? 0
                               : std::atof(std::string(item.substr(colon + 1)).c_str());
    spdlog::warn("test fault: {} fails {} s after it starts (MARQUEE_TEST_FAULT)", site, seconds);
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  }
  return std::nullopt;
}

}  // namespace marquee::config
