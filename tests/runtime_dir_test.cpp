// A private XDG_RUNTIME_DIR when the session has none: made safely, and never someone else's.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "backends/runtime_dir.h"
#include "scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using marquee::backends::ensure_runtime_dir;

// The variable is the process's: each test starts without it and leaves it as it was.
class RuntimeDir : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* v = std::getenv("XDG_RUNTIME_DIR")) saved_ = v;
    ::unsetenv("XDG_RUNTIME_DIR");
  }
  void TearDown() override {
    if (saved_)
      ::setenv("XDG_RUNTIME_DIR", saved_->c_str(), 1);
    else
      ::unsetenv("XDG_RUNTIME_DIR");
  }
  static std::string variable() {
    const char* v = std::getenv("XDG_RUNTIME_DIR");
    return v ? v : "";
  }
  static unsigned mode(const fs::path& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
  }

  marquee::testing::ScratchDir parent_{"runtime-dir"};
  const fs::path expected_ = parent_ / ("marquee-runtime-" + std::to_string(::geteuid()));
  std::optional<std::string> saved_;
};

TEST_F(RuntimeDir, UnsetGetsAPrivateFolder) {
  EXPECT_EQ(ensure_runtime_dir(parent_.path()), expected_);
  EXPECT_EQ(variable(), expected_.string());
  EXPECT_TRUE(fs::is_directory(expected_));
  EXPECT_EQ(mode(expected_), 0700u);
  // A second start reuses it.
  ::unsetenv("XDG_RUNTIME_DIR");
  EXPECT_EQ(ensure_runtime_dir(parent_.path()), expected_);
}

TEST_F(RuntimeDir, TheSessionsFolderIsLeftAlone) {
  ::setenv("XDG_RUNTIME_DIR", parent_.path().c_str(), 1);
  EXPECT_EQ(ensure_runtime_dir(parent_.path()), fs::path());
  EXPECT_EQ(variable(), parent_.path().string());
  EXPECT_FALSE(fs::exists(expected_));
}

TEST_F(RuntimeDir, AFolderThatIsGoneIsReplaced) {
  ::setenv("XDG_RUNTIME_DIR", (parent_ / "gone").c_str(), 1);
  EXPECT_EQ(ensure_runtime_dir(parent_.path()), expected_);
  EXPECT_EQ(variable(), expected_.string());
}

TEST_F(RuntimeDir, AnOpenFolderOfOursIsClosedToOthers) {
  fs::create_directory(expected_);
  ::chmod(expected_.c_str(), 0755);
  EXPECT_EQ(ensure_runtime_dir(parent_.path()), expected_);
  EXPECT_EQ(mode(expected_), 0700u);
}

TEST_F(RuntimeDir, ALinkInItsPlaceIsRefused) {
  // Someone who made the predictable name first must not get our sockets.
  fs::create_directory(parent_ / "elsewhere");
  fs::create_directory_symlink(parent_ / "elsewhere", expected_);
  EXPECT_EQ(ensure_runtime_dir(parent_.path()), fs::path());
  EXPECT_EQ(variable(), "");
}

}  // namespace
