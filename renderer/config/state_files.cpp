// The state folder from the environment, and the names of the copies kept in it.
#include "config/state_files.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string_view>

#include "config/text_checks.h"

namespace marquee::config {

std::filesystem::path state_dir() {
  if (const char* dir = std::getenv("MARQUEE_STATE_DIR"); dir && *dir) return dir;
  // systemd's StateDirectory= (/var/lib/marquee); a list when the unit names several.
  if (const char* dir = std::getenv("STATE_DIRECTORY"); dir && *dir) {
    const std::string_view list(dir);
    return std::filesystem::path(list.substr(0, list.find(':')));
  }
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "marquee";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "state" / "marquee";
  return std::filesystem::temp_directory_path() / "marquee-state";
}

bool is_url(std::string_view location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

std::filesystem::path schedule_copy_file(const std::string& location,
                                         const std::filesystem::path& dir) {
  const std::string key =
      is_url(location) ? location : std::filesystem::absolute(location).lexically_normal().string();
  char name[64];
  std::snprintf(name, sizeof name, "schedule-%016zx.body", std::hash<std::string>{}(key));
  return dir / name;
}

std::uintmax_t max_schedule_bytes() {
  return detail::kMaxFileBytes;
}

}  // namespace marquee::config
