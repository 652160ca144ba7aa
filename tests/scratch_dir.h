// Test helper: a fresh, uniquely named scratch folder that is removed with its owner.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace marquee::testing {

// ctest runs tests as parallel processes, and CI may share /tmp with other checkouts,
// so a fixed name lets one test delete another's files. mkdtemp makes the name unique.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / ("marquee-" + prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot make a scratch folder from " + pattern);
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& relative) const {
    return path_ / relative;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace marquee::testing
