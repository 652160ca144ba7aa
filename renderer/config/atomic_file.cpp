// Power-cut-safe files: temp file + fsync + rename + fsync of the folder; torn files set aside.
#include "config/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <system_error>

namespace marquee::config {
namespace {

namespace fs = std::filesystem;

std::string error_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

// ".NAME.tmp-" then the writer's pid: a reader can tell a live writer's file from a dead one's.
std::string temp_prefix(const fs::path& file) {
  return "." + file.filename().string() + ".tmp-";
}

fs::path temp_path(const fs::path& file) {
  // Threads of one process write the same file too, so the pid alone is not unique.
  static std::atomic<unsigned> counter{0};
  return file.parent_path() / (temp_prefix(file) + std::to_string(::getpid()) + "-" +
                               std::to_string(counter.fetch_add(1)));
}

fs::path folder_of(const fs::path& file) {
  return file.parent_path().empty() ? fs::path(".") : file.parent_path();
}

// Makes a rename or a new file in `folder` survive a power cut. 0 or errno.
int sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int result = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return result;
}

// 0 or errno; the file is left for the caller to remove.
int write_and_sync(const fs::path& temp, std::string_view contents) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  int result = 0;
  for (std::size_t done = 0; done < contents.size() && result == 0;) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n >= 0)
      done += static_cast<std::size_t>(n);
    else if (errno != EINTR)
      result = errno;
  }
  if (result == 0 && ::fsync(fd) != 0) result = errno;
  if (::close(fd) != 0 && result == 0) result = errno;
  return result;
}

bool process_is_gone(std::string_view pid_text) {
  int pid = 0;
  const auto [end, ec] = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
  if (ec != std::errc{} || end == pid_text.data() || pid <= 0) return true;  // not ours to keep
  if (pid == ::getpid()) return false;
  // EPERM: alive, another user's. After a reboot an old pid may be reused; such a file
  // is then left for a later start, which is harmless.
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

void remove_dead_writers_temps(const fs::path& file) {
  const std::string prefix = temp_prefix(file);
  std::error_code ec;
  for (fs::directory_iterator it(folder_of(file), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    if (!process_is_gone(rest.substr(0, rest.find('-')))) continue;
    std::error_code removed;
    if (fs::remove(it->path(), removed))
      spdlog::info("removed {}, left half-written by a marquee that stopped while writing it",
                   it->path().string());
  }
}

void set_aside(const fs::path& file, const std::string& problem, std::size_t size) {
  const fs::path torn = torn_path(file);
  if (::rename(file.c_str(), torn.c_str()) != 0) {
    spdlog::warn("{} is torn ({}, {} bytes) and cannot be moved aside ({}); starting without it",
                 file.string(), problem, size, error_text(errno));
    return;
  }
  sync_folder(folder_of(file));
  spdlog::warn("{} is torn ({}, {} bytes); moved it aside to {} and starting without it",
               file.string(), problem, size, torn.string());
}

}  // namespace

fs::path torn_path(const fs::path& file) {
  return fs::path(file.string() + ".torn");
}

bool write_file_atomically(const fs::path& file, std::string_view contents) {
  const fs::path folder = folder_of(file);
  std::error_code ec;
  if (fs::create_directories(folder, ec)) sync_folder(folder_of(folder));
  if (ec) {
    spdlog::warn("cannot write {}: cannot make its folder ({})", file.string(), ec.message());
    return false;
  }
  const fs::path temp = temp_path(file);
  if (const int err = write_and_sync(temp, contents); err != 0) {
    ::unlink(temp.c_str());
    spdlog::warn("cannot write {}: {}", file.string(), error_text(err));
    return false;
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    spdlog::warn("cannot write {}: cannot rename {} over it ({})", file.string(), temp.string(),
                 error_text(err));
    return false;
  }
  // The new contents are in place; only a power cut in the next moments could undo the rename.
  if (const int err = sync_folder(folder); err != 0)
    spdlog::warn("wrote {} but cannot sync its folder ({})", file.string(), error_text(err));
  return true;
}

std::optional<std::string> read_intact(const fs::path& file, const IntactCheck& check) {
  remove_dead_writers_temps(file);
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (!fs::exists(status)) return std::nullopt;
  if (!fs::is_regular_file(status)) {
    set_aside(file, "not a regular file", 0);
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in.is_open()) {
    spdlog::warn("cannot read {}: {}; starting without it", file.string(), error_text(errno));
    return std::nullopt;
  }
  std::string contents{std::istreambuf_iterator<char>(in), {}};
  if (in.bad()) {
    spdlog::warn("cannot read {}; starting without it", file.string());
    return std::nullopt;
  }
  std::string problem;
  if (contents.empty()) {
    problem = "it is empty";
  } else if (check) {
    try {
      problem = check(contents);
    } catch (const std::exception& e) {
      problem = e.what();
    }
  }
  if (!problem.empty()) {
    set_aside(file, problem, contents.size());
    return std::nullopt;
  }
  return contents;
}

}  // namespace marquee::config
