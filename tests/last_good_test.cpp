// The last-good copy: what a player falls back to when its playlist is broken at start.
#include <gtest/gtest.h>

#include <fstream>

#include "backends/last_good.h"
#include "config/atomic_file.h"
#include "config/loader.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;

class LastGoodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("marquee-last-good-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "screens");
    fs::create_directories(dir_ / "themes");
    playlist_ = dir_ / "screens" / "hall.yaml";
    theme_ = dir_ / "themes" / "brand.yaml";
  }
  void TearDown() override { fs::remove_all(dir_); }
  static void write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::trunc) << text;
  }
  fs::path dir_, playlist_, theme_;
};

TEST_F(LastGoodTest, KeepsEveryTextFileTheShowWasReadFrom) {
  write(theme_, "colors: { accent: \"#00FF00\" }\n");
  write(playlist_, "theme: ../themes/brand.yaml\nslides:\n  - title: { headline: Good }\n");
  const auto good = config::load_show(playlist_);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.sources.size(), 2u);
  const backends::LastGood store(playlist_, dir_ / "state");
  ASSERT_TRUE(store.save(good.sources));

  // Both files break: the copy still loads, with the old theme colour.
  write(theme_, "colors: { accent: \"#GG0000\" }\n");
  write(playlist_,
        "theme: ../themes/brand.yaml\nslides:\n  - title: { headline: Bad }\n"
        "    durration: 3s\n");
  ASSERT_FALSE(config::load_show(playlist_).ok());
  const auto copy = store.load();
  ASSERT_TRUE(copy);
  const auto fallback = config::load_show_from_sources(playlist_, *copy);
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(std::get<TitleSlide>(fallback.show->slides[0].content).headline, "Good");
  EXPECT_EQ(fallback.show->theme.accent, (Color{0, 255, 0, 255}));
}

TEST_F(LastGoodTest, ATornCopyIsMovedAsideAndIgnored) {
  const backends::LastGood store(playlist_, dir_ / "state");
  EXPECT_FALSE(store.load());  // none yet
  fs::create_directories(store.file().parent_path());
  for (const char* torn : {"{\"files\": [trunc", "{\"other\": 1}", ""}) {
    write(store.file(), torn);
    EXPECT_FALSE(store.load()) << torn;
    EXPECT_FALSE(fs::exists(store.file())) << torn;
    EXPECT_TRUE(fs::exists(config::torn_path(store.file()))) << torn;
  }
  // The next save starts afresh.
  ASSERT_TRUE(store.save({{playlist_, "slides: []\n"}}));
  EXPECT_EQ(store.load(), (config::SourceTexts{{playlist_, "slides: []\n"}}));
}

TEST_F(LastGoodTest, EachPlaylistHasItsOwnCopy) {
  EXPECT_NE(backends::LastGood(playlist_, dir_).file(),
            backends::LastGood(dir_ / "screens" / "other.yaml", dir_).file());
}

}  // namespace
}  // namespace marquee
