// Time zone names as schedule files write them, mapped to IANA zones (CLDR's table for Windows
// names).
#include <map>

#include "config/reader.h"
#include "config/schedule_build.h"

namespace marquee::config::detail {

extern const std::string_view kWindowsZonesTsv;  // windows_zones_data.cpp, made from data/

namespace {

// Lower-cased Windows name -> IANA name, read once from the compiled-in table.
const std::map<std::string, std::string>& windows_zones() {
  static const std::map<std::string, std::string> table = [] {
    std::map<std::string, std::string> out;
    std::string_view rest = kWindowsZonesTsv;
    while (!rest.empty()) {
      const auto end = rest.find('\n');
      const std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      const auto tab = line.find('\t');
      if (line.empty() || line.front() == '#' || tab == std::string_view::npos) continue;
      out.emplace(lower(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
    return out;
  }();
  return table;
}

const date::time_zone* iana(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

std::optional<std::string> windows_zone_to_iana(std::string_view windows_name) {
  const auto& table = windows_zones();
  if (const auto it = table.find(lower(trim(windows_name))); it != table.end()) return it->second;
  return std::nullopt;
}

const date::time_zone* resolve_zone_name(std::string_view name) {
  name = trim(name);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
    name = name.substr(1, name.size() - 2);
  if (const auto* zone = iana(name)) return zone;
  // Calendar programs prefix the IANA name with their own path:
  // "/mozilla.org/20050126_1/Europe/Berlin", "/freeassociation.sourceforge.net/Tzfile/...".
  for (auto slash = name.find('/'); slash != std::string_view::npos;
       slash = name.find('/', slash + 1)) {
    if (const auto* zone = iana(name.substr(slash + 1))) return zone;
  }
  if (const auto mapped = windows_zone_to_iana(name)) return iana(*mapped);
  return nullptr;
}

}  // namespace marquee::config::detail
