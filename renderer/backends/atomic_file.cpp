// Atomic replacement with POSIX calls: mkstemp, write, fsync, rename, fsync of the folder.
#include "backends/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace marquee::backends {

bool write_file_atomically(const std::filesystem::path& file, std::string_view contents,
                           std::string* error) {
  const auto fail = [&](const std::string& what) {
    if (error) *error = what + ": " + std::strerror(errno);
    return false;
  };
  std::error_code ec;
  const auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  std::filesystem::create_directories(folder, ec);
  std::string temp = (folder / ("." + file.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return fail("cannot create a file in " + folder.string());
  for (std::size_t done = 0; done < contents.size();) {
    const auto n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int saved = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      errno = saved;
      return fail("cannot write " + temp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    return fail("cannot flush " + temp);
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    return fail("cannot rename " + temp + " to " + file.string());
  }
  // The rename is durable only once the folder's entry is on disk.
  if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

}  // namespace marquee::backends
