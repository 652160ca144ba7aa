// Power-cut-safe files: whole writes, torn files moved aside, writers killed mid-write.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "config/atomic_file.h"
#include "log_capture.h"
#include "scratch_dir.h"

extern char** environ;

namespace marquee {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Names in `folder` other than `keep`.
std::vector<std::string> others(const fs::path& folder, const std::string& keep) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename() != keep) names.push_back(entry.path().filename().string());
  return names;
}

TEST(AtomicFile, WritesTheWholeFileIntoANewFolderAndLeavesNothingElse) {
  const testing::ScratchDir dir("atomic");
  const fs::path file = dir / "state" / "deep" / "cache.json";
  ASSERT_TRUE(config::write_file_atomically(file, "{\"a\": 1}"));
  EXPECT_EQ(slurp(file), "{\"a\": 1}");
  ASSERT_TRUE(config::write_file_atomically(file, "{\"a\": 2}"));
  EXPECT_EQ(slurp(file), "{\"a\": 2}");
  EXPECT_TRUE(others(file.parent_path(), "cache.json").empty());
  EXPECT_EQ(config::read_intact(file), "{\"a\": 2}");
}

TEST(AtomicFile, AFailedWriteLeavesWhatWasThereAndNoTemporaryFile) {
  const testing::ScratchDir dir("atomic");
  // A folder with something in it cannot be replaced by a file.
  fs::create_directories(dir / "cache.json" / "inside");
  const testing::LogCapture log;
  EXPECT_FALSE(config::write_file_atomically(dir / "cache.json", "new"));
  EXPECT_TRUE(fs::is_directory(dir / "cache.json" / "inside"));
  EXPECT_TRUE(others(dir.path(), "cache.json").empty());
  EXPECT_EQ(log.count("cannot write " + (dir / "cache.json").string()), 1);
}

TEST(AtomicFile, ATornFileIsMovedAsideWithOneLogLineAndReadsAsAbsent) {
  const testing::ScratchDir dir("atomic");
  const fs::path file = dir / "cache.json";
  std::ofstream(file) << "{\"files\": [trunc";
  const auto whole = [](std::string_view text) -> std::string {
    return text.ends_with('}') ? "" : "cut short";
  };
  const testing::LogCapture log;
  EXPECT_FALSE(config::read_intact(file, whole));
  EXPECT_FALSE(fs::exists(file));
  EXPECT_EQ(slurp(config::torn_path(file)), "{\"files\": [trunc");
  EXPECT_EQ(log.count(file.string() + " is torn (cut short, 16 bytes); moved it aside to " +
                      config::torn_path(file).string()),
            1);

  // Next start: nothing there, nothing said; a good file is read again.
  EXPECT_FALSE(config::read_intact(file, whole));
  EXPECT_EQ(log.lines().size(), 1u);
  ASSERT_TRUE(config::write_file_atomically(file, "{}"));
  EXPECT_EQ(config::read_intact(file, whole), "{}");
}

TEST(AtomicFile, AnEmptyFileIsTornWhateverItsKind) {
  const testing::ScratchDir dir("atomic");
  const fs::path file = dir / "journal";
  std::ofstream{file};
  const testing::LogCapture log;
  EXPECT_FALSE(config::read_intact(file));
  EXPECT_TRUE(fs::exists(config::torn_path(file)));
  EXPECT_EQ(log.count("is torn (it is empty, 0 bytes)"), 1);
}

TEST(AtomicFile, TemporaryFilesOfDeadWritersAreRemovedAndLiveOnesKept) {
  const testing::ScratchDir dir("atomic");
  const fs::path file = dir / "cache.json";
  ASSERT_TRUE(config::write_file_atomically(file, "{}"));
  // A pid that has just exited, and this process's own (a writer thread may be mid-write).
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  ASSERT_GT(gone, 0);
  waitpid(gone, nullptr, 0);
  const std::string dead = ".cache.json.tmp-" + std::to_string(gone) + "-0";
  const std::string live = ".cache.json.tmp-" + std::to_string(getpid()) + "-7";
  std::ofstream(dir / dead) << "{\"half";
  std::ofstream(dir / live) << "{\"half";
  std::ofstream(dir / ".other.json.tmp-1-0") << "not ours to judge";

  const testing::LogCapture log;
  EXPECT_EQ(config::read_intact(file), "{}");
  EXPECT_FALSE(fs::exists(dir / dead));
  EXPECT_TRUE(fs::exists(dir / live));
  EXPECT_TRUE(fs::exists(dir / ".other.json.tmp-1-0"));
  EXPECT_EQ(log.count("removed " + (dir / dead).string()), 1);
}

// The helper replaces the file with one of two versions as fast as it can, and is killed at
// a random moment after its first write, often mid-write. After each kill the file must
// hold one whole version, and the next read must clear away the dead writer's temporary
// file.
TEST(AtomicFile, AWriterKilledAtRandomMomentsNeverLeavesATornFile) {
  const testing::ScratchDir dir("atomic-kill");
  const fs::path file = dir / "cache.json";
  const std::size_t bytes = 256 * 1024;
  const auto whole = [&](std::string_view text) -> std::string {
    if (text.size() != bytes) return "size " + std::to_string(text.size());
    return text.find_first_not_of(text.front()) == text.npos ? "" : "mixed";
  };
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_us(0, 3000);

  const std::string size = std::to_string(bytes), path = file.string();
  char* argv[] = {const_cast<char*>(MARQUEE_ATOMIC_WRITER), const_cast<char*>(path.c_str()),
                  const_cast<char*>(size.c_str()), nullptr};
  int mid_write = 0;
  const int kills = 200;
  for (int i = 0; i < kills; ++i) {
    int first_write[2];
    ASSERT_EQ(pipe(first_write), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, first_write[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, first_write[0]);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, MARQUEE_ATOMIC_WRITER, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(first_write[1]);
    ASSERT_EQ(spawned, 0);
    char byte = 0;
    const bool wrote = read(first_write[0], &byte, 1) == 1;  // 0: it exited first
    close(first_write[0]);
    if (wrote) std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(wrote && WIFSIGNALED(status)) << "the writer stopped by itself: a write failed";
    if (!others(dir.path(), "cache.json").empty()) ++mid_write;
    const testing::LogCapture log;
    const auto read_back = config::read_intact(file, whole);
    ASSERT_TRUE(read_back) << "kill " << i << ": torn";
    EXPECT_EQ(log.count("is torn"), 0);
    ASSERT_TRUE(others(dir.path(), "cache.json").empty()) << "kill " << i;
  }
  // Else the kills missed the writes and this test proved nothing.
  EXPECT_GT(mid_write, kills / 10);
  std::cout << mid_write << " of " << kills << " kills landed mid-write\n";
}

}  // namespace
}  // namespace marquee
