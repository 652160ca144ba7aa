// A private XDG_RUNTIME_DIR when none is set, so SDL and libvlc stay quiet.
#include "backends/runtime_dir.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace marquee::backends {

std::filesystem::path ensure_runtime_dir(const std::filesystem::path& parent) {
  // Set and usable is the session's business; set to a folder that is gone (after su,
  // say) is as bad as unset.
  const char* set = std::getenv("XDG_RUNTIME_DIR");
  std::error_code ec;
  if (set != nullptr && *set != '\0' && std::filesystem::is_directory(set, ec)) return {};
  const std::filesystem::path dir = parent / ("marquee-runtime-" + std::to_string(::geteuid()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    spdlog::debug("cannot make {} for XDG_RUNTIME_DIR: {}", dir.string(), std::strerror(errno));
    return {};
  }
  // The name is predictable, so someone else may have made it first: only a real folder
  // of our own will do (no link: O_NOFOLLOW), and nobody else may look inside.
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st {};
  const bool ours = fd >= 0 && ::fstat(fd, &st) == 0 && st.st_uid == ::geteuid() &&
                    ((st.st_mode & 077) == 0 || ::fchmod(fd, 0700) == 0);
  if (fd >= 0) ::close(fd);
  if (!ours) {
    spdlog::debug("{} is not a private folder of this user; XDG_RUNTIME_DIR stays unset",
                  dir.string());
    return {};
  }
  ::setenv("XDG_RUNTIME_DIR", dir.c_str(), 1);
  return dir;
}

}  // namespace marquee::backends
