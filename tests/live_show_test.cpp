// Hot reload: real editors' save patterns reach the show within a second; broken saves never do.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "backends/live_show.h"
#include "config/loader.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

std::string playlist_with(const std::string& headline, int slides = 2) {
  std::string yaml = "screen: reload-test\ntimezone: America/Los_Angeles\nslides:\n";
  for (int i = 0; i < slides; ++i)
    yaml += "  - id: s" + std::to_string(i) + "\n    title: { headline: \"" + headline +
            "\" }\n    duration: 10s\n";
  return yaml;
}

class LiveShowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("marquee-live-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    playlist_ = dir_ / "screen.yaml";
    write(playlist_, playlist_with("first"));
    auto loaded = config::load_show(playlist_);
    ASSERT_TRUE(loaded.ok());
    live_ = std::make_unique<backends::LiveShow>(playlist_, std::move(*loaded.show));
    std::this_thread::sleep_for(50ms);  // let the watcher arm
  }
  void TearDown() override {
    live_.reset();
    fs::remove_all(dir_);
  }

  static void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
  }
  // vim, VS Code and nano write a temp file and rename it over the original.
  void save_by_rename(const std::string& text) {
    const fs::path temp = dir_ / ".screen.yaml.swp";
    write(temp, text);
    fs::rename(temp, playlist_);
  }
  std::string headline() const {
    return std::get<TitleSlide>(live_->current()->slides.at(0).content).headline;
  }
  // Time until the show on air says `expected`, or nullopt after 3 s.
  std::optional<std::chrono::milliseconds> wait_for_headline(const std::string& expected,
                                                             SteadyClock::time_point since) {
    while (SteadyClock::now() - since < 3s) {
      if (headline() == expected)
        return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - since);
      std::this_thread::sleep_for(5ms);
    }
    return std::nullopt;
  }

  fs::path dir_, playlist_;
  std::unique_ptr<backends::LiveShow> live_;
};

TEST_F(LiveShowTest, RenameSaveReachesTheShowWithinASecond) {
  std::vector<long> latencies;
  for (int i = 0; i < 5; ++i) {
    const std::string text = "edit " + std::to_string(i);
    const auto saved = SteadyClock::now();
    save_by_rename(playlist_with(text));
    const auto latency = wait_for_headline(text, saved);
    ASSERT_TRUE(latency) << "save " << i << " never reached the show";
    EXPECT_LT(*latency, 1000ms);
    latencies.push_back(latency->count());
  }
  std::sort(latencies.begin(), latencies.end());
  std::printf("save-to-swap latency: median %ld ms, max %ld ms\n", latencies[2], latencies.back());
  EXPECT_EQ(live_->swaps(), 5);
}

TEST_F(LiveShowTest, InPlaceCopyLikeScpIsPickedUp) {
  const auto saved = SteadyClock::now();
  write(playlist_, playlist_with("copied in"));
  EXPECT_TRUE(wait_for_headline("copied in", saved));
}

TEST_F(LiveShowTest, InvalidSaveKeepsTheLastGoodShowAndRaisesTheBadge) {
  save_by_rename(
      "screen: reload-test\nslides:\n  - id: s0\n    title: { headline: \"broken\" }\n"
      "    durration: 10s\n");
  const auto since = SteadyClock::now();
  while (!live_->edit_rejected() && SteadyClock::now() - since < 3s)
    std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(live_->edit_rejected());
  EXPECT_EQ(headline(), "first");
  EXPECT_EQ(live_->swaps(), 0);
  // A valid save clears the badge.
  const auto fixed = SteadyClock::now();
  save_by_rename(playlist_with("fixed"));
  EXPECT_TRUE(wait_for_headline("fixed", fixed));
  EXPECT_FALSE(live_->edit_rejected());
}

TEST_F(LiveShowTest, AHalfWrittenSaveIsNeverSwappedIn) {
  // The first half alone is a valid playlist with one slide; the writer finishes 40 ms
  // later, as a slow link would. Only the whole file may reach the screen.
  const std::string whole = playlist_with("complete", 3);
  const std::size_t cut = whole.find("  - id: s1");
  {
    std::ofstream out(playlist_, std::ios::binary | std::ios::trunc);
    out << whole.substr(0, cut) << std::flush;
    std::this_thread::sleep_for(40ms);
    out << whole.substr(cut);
  }
  const auto since = SteadyClock::now();
  ASSERT_TRUE(wait_for_headline("complete", since));
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(live_->current()->slides.size(), 3u);
  EXPECT_EQ(live_->swaps(), 1);
}

}  // namespace
}  // namespace marquee
