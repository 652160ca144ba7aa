// A playlist's `schedules:`: files and URLs' last good copies loaded into the show, every problem
// positioned, and new copies from a URL reaching the show on air as a validated reload.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "backends/live_show.h"
#include "config/loader.h"
#include "config/state_files.h"
#include "core/schedule.h"
#include "diagnostic_lines.h"
#include "http_test_server.h"
#include "log_capture.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::formatted;
using test::Lines;

const fs::path kDemoSchedule = fs::path(MARQUEE_SOURCE_DIR) / "playlists/data/schedule-2024.json";

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

// MARQUEE_STATE_DIR pointed at a scratch folder for one test, and put back after it.
class StateDirScope {
 public:
  explicit StateDirScope(const fs::path& dir) {
    if (const char* was = std::getenv("MARQUEE_STATE_DIR")) saved_ = was;
    ::setenv("MARQUEE_STATE_DIR", dir.c_str(), 1);
  }
  ~StateDirScope() {
    if (saved_)
      ::setenv("MARQUEE_STATE_DIR", saved_->c_str(), 1);
    else
      ::unsetenv("MARQUEE_STATE_DIR");
  }

 private:
  std::optional<std::string> saved_;
};

// A content root with playlists/ and playlists/data/ in it, and a state folder beside.
class SchedulePlaylist : public ::testing::Test {
 protected:
  testing::ScratchDir dir_{"schedule-playlist"};
  StateDirScope state_{dir_ / "state"};
  fs::path playlist_ = dir_ / "playlists" / "door.yaml";

  config::ShowResult load(const std::string& yaml) {
    return config::load_show_from_string(yaml, playlist_, dir_.path());
  }
  Lines problems(const std::string& yaml) { return formatted(load(yaml).diagnostics); }
  std::string at(int line, int column) const {
    return playlist_.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  }
  static constexpr const char* kSlide = "slides:\n  - title: { headline: Hi }\n";
};

TEST_F(SchedulePlaylist, AFileIsReadIntoTheShowInItsOwnZone) {
  write(dir_ / "playlists/data/schedule.json", slurp(kDemoSchedule));
  const auto result = load(std::string("timezone: Europe/Berlin\n") +
                           "schedules: { conference: data/schedule.json }\n" + kSlide);
  // The file names America/Los_Angeles, which wins over the playlist's, with a warning.
  ASSERT_TRUE(result.ok()) << formatted(result.diagnostics).front();
  ASSERT_EQ(result.show->schedules.size(), 1u);
  const ShowSchedule& s = result.show->schedules.front();
  EXPECT_EQ(s.name, "conference");
  EXPECT_FALSE(s.url);
  EXPECT_EQ(s.copy, dir_ / "playlists/data/schedule.json");
  ASSERT_NE(s.schedule, nullptr);
  EXPECT_EQ(s.schedule->events.size(), 17u);
  EXPECT_EQ(s.schedule->zone->name(), "America/Los_Angeles");
  const auto& deps = result.show->dependencies;
  EXPECT_NE(std::find(deps.begin(), deps.end(), s.copy), deps.end());
  // It joins the last-good copy like the YAML.
  EXPECT_EQ(result.sources.count(s.copy), 1u);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(format(result.diagnostics[0]).find("warning"), std::string::npos);
}

TEST_F(SchedulePlaylist, AFileThatNamesNoZoneTakesTheSchedulesOrThePlaylists) {
  const std::string no_zone =
      "<?xml version='1.0'?>\n<schedule><conference><title>T</title></conference>\n"
      "<day date='2024-09-18'><room name='Cowell Theater'>\n"
      "<event id='1' guid='a'><date>2024-09-18T10:50:00</date><start>10:50</start>"
      "<duration>00:30</duration><room>Cowell Theater</room><title>One</title></event>\n"
      "</room></day></schedule>\n";
  write(dir_ / "playlists/data/s.xml", no_zone);
  const auto playlists = load(std::string("timezone: America/Los_Angeles\n") +
                              "schedules: { a: data/s.xml }\n" + kSlide);
  ASSERT_TRUE(playlists.ok()) << formatted(playlists.diagnostics).front();
  const auto& a = *playlists.show->schedules[0].schedule;
  EXPECT_EQ(venue_iso(a, a.events[0].start), "2024-09-18T10:50:00-07:00");
  const auto own = load(std::string("timezone: America/Los_Angeles\n") +
                        "schedules: { a: { file: data/s.xml, timezone: Europe/Berlin, "
                        "day_change: \"05:00\" } }\n" +
                        kSlide);
  ASSERT_TRUE(own.ok()) << formatted(own.diagnostics).front();
  const auto& b = *own.show->schedules[0].schedule;
  EXPECT_EQ(venue_iso(b, b.events[0].start), "2024-09-18T10:50:00+02:00");
  EXPECT_EQ(b.day_change, 5h);
}

TEST_F(SchedulePlaylist, ProblemsArePositionedInThePlaylistAndTheScheduleFile) {
  write(dir_ / "playlists/data/bad.xml", "<schedule>\n<day date='2024-09-18'>\n</schedule>\n");
  EXPECT_EQ(
      problems(std::string("schedules:\n"
                           "  a: data/missing.json\n"
                           "  b: { file: data/x.json, url: \"https://example.org/s.json\" }\n"
                           "  c: { every: 10s, fiel: x }\n"
                           "  d: { url: ftp://example.org/s.xml, timezone: Berlin }\n"
                           "  e: data/bad.xml\n") +
               kSlide),
      (Lines{
          (dir_ / "playlists/data/bad.xml").string() + ":3:3: error: XML: Start-end tags mismatch",
          at(2, 6) + "error: file not found: data/missing.json",
          at(3, 27) + "error: schedule 'b' has a 'file' and a 'url'; give it one of them",
          at(4, 6) + "error: schedule 'c' needs a 'file' or a 'url', like file: "
                     "data/schedule.json",
          at(4, 15) + "error: 'every' must be from 30s to 24h, how often the URL is "
                      "asked for news",
          at(4, 20) + "error: unknown key 'fiel' (did you mean 'file'?)",
          at(5, 13) + "error: 'url' must start with http:// or https://, got "
                      "'ftp://example.org/s.xml'",
          at(5, 48) + "error: unknown time zone 'Berlin' (did you mean 'Europe/Berlin'?)"}));
  EXPECT_EQ(problems(std::string("schedules: {}\n") + kSlide),
            (Lines{at(1, 12) + "error: 'schedules' is empty; name at least one, like schedules: "
                               "{ conference: data/schedule.json }"}));
}

TEST_F(SchedulePlaylist, AUrlIsReadFromItsLastGoodCopyOrWaitsForIt) {
  const std::string url = "https://pretalx.example.org/conf/schedule/export/schedule.json";
  const std::string yaml = "timezone: America/Los_Angeles\nschedules:\n  conference: { url: \"" +
                           url + "\", every: 2m }\n" + std::string(kSlide);
  const fs::path copy = config::schedule_copy_file(url, dir_ / "state");
  {
    const auto waiting = load(yaml);
    ASSERT_TRUE(waiting.ok());
    const ShowSchedule& s = waiting.show->schedules.front();
    EXPECT_TRUE(s.url);
    EXPECT_EQ(s.location, url);
    EXPECT_EQ(s.every, 2min);
    EXPECT_EQ(s.copy, copy);
    EXPECT_EQ(s.schedule, nullptr);
    // Watched while missing, so the first fetch reloads the show.
    const auto& deps = waiting.show->dependencies;
    EXPECT_NE(std::find(deps.begin(), deps.end(), copy), deps.end());
    EXPECT_EQ(formatted(waiting.diagnostics),
              Lines{at(3, 22) + "warning: no copy of this schedule yet; a screen fetches it every "
                                "2m, and its slides say they are waiting for it until then"});
  }
  write(copy, slurp(kDemoSchedule));
  const auto fetched = load(yaml);
  ASSERT_TRUE(fetched.ok());
  ASSERT_NE(fetched.show->schedules.front().schedule, nullptr);
  EXPECT_EQ(fetched.show->schedules.front().schedule->events.size(), 17u);
  EXPECT_TRUE(fetched.diagnostics.empty()) << formatted(fetched.diagnostics).front();
  // A damaged copy is not an error of the playlist: the screen waits for the next fetch.
  write(copy, "{\"schedule\": ");
  const auto damaged = load(yaml);
  ASSERT_TRUE(damaged.ok());
  EXPECT_EQ(damaged.show->schedules.front().schedule, nullptr);
  const Lines lines = formatted(damaged.diagnostics);
  ASSERT_EQ(lines.size(), 1u);
  const std::string expected_start = at(3, 22) + "warning: the last good copy of this schedule (" +
                                     copy.string() + ") cannot be read (" + url + ":1:";
  EXPECT_EQ(lines[0].rfind(expected_start, 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("JSON: syntax error"), std::string::npos) << lines[0];
  EXPECT_TRUE(lines[0].ends_with("); waiting for the next fetch")) << lines[0];
}

// What a screen on a URL's schedule lives through: no copy, the first fetch, the network
// failing in several ways, and a new version. The server plays each part in turn.
TEST_F(SchedulePlaylist, AFetchedScheduleArrivesAsAReloadAndAFailedOneNeverReplacesIt) {
  enum class Serve { v1, error500, half, v2 };
  std::atomic<Serve> serve{Serve::v1};
  const std::string v1 = slurp(kDemoSchedule);
  std::string v2 = v1;
  v2.replace(v2.find("\"PyTorch Conference 2024\""), 25, "\"PyTorch Conference 2024 v2\"");
  testing::TestServer server([&](const httplib::Request& req, httplib::Response& res) {
    switch (serve.load()) {
      case Serve::v1:
      case Serve::v2: {
        const bool second = serve == Serve::v2;
        const std::string etag = second ? "\"v2\"" : "\"v1\"";
        if (req.get_header_value("If-None-Match") == etag) {
          res.status = 304;
          return;
        }
        res.set_header("ETag", etag);
        res.set_content(second ? v2 : v1, "application/json");
        return;
      }
      case Serve::error500:
        res.status = 500;
        return;
      case Serve::half:
        res.set_content(v2.substr(0, v2.size() / 2), "application/json");
        return;
    }
  });
  write(playlist_, "timezone: America/Los_Angeles\nschedules:\n  conference: { url: \"" +
                       server.url() + "\", every: 30s }\n" + kSlide);
  testing::LogCapture log;
  const auto title_on_air = [](const backends::LiveShow& live) -> std::string {
    const auto& schedule = live.current()->schedules.at(0).schedule;
    return schedule ? schedule->title : "";
  };
  // Waits up to 3 s for the show on air to have `title`.
  const auto wait_for = [&](const backends::LiveShow& live, const std::string& title) {
    for (int i = 0; i < 300 && title_on_air(live) != title; ++i) std::this_thread::sleep_for(10ms);
    return title_on_air(live);
  };
  const auto start = [&] {
    auto loaded = config::load_show(playlist_);
    EXPECT_TRUE(loaded.ok());
    return std::make_unique<backends::LiveShow>(playlist_, std::move(*loaded.show));
  };
  // No copy yet: the first fetch, at once, arrives as a reload.
  {
    auto live = start();
    EXPECT_EQ(title_on_air(*live), "");
    EXPECT_EQ(wait_for(*live, "PyTorch Conference 2024"), "PyTorch Conference 2024");
    EXPECT_EQ(live->swaps(), 1);
    EXPECT_FALSE(live->edit_rejected());
  }
  // Restarted without the network answering well: the copy on disk is on air from the
  // start, and no failed fetch replaces it.
  for (const Serve failure : {Serve::error500, Serve::half}) {
    serve = failure;
    const int requests = server.requests();
    auto live = start();
    EXPECT_EQ(title_on_air(*live), "PyTorch Conference 2024");
    for (int i = 0; i < 300 && server.requests() == requests; ++i)
      std::this_thread::sleep_for(10ms);
    EXPECT_EQ(server.requests(), requests + 1);
    std::this_thread::sleep_for(400ms);  // longer than a reload takes
    EXPECT_EQ(live->swaps(), 0);
    EXPECT_EQ(title_on_air(*live), "PyTorch Conference 2024");
  }
  EXPECT_EQ(log.count("HTTP 500 Internal Server Error; keeping the last good schedule"), 1);
  EXPECT_EQ(log.count("not a valid schedule ("), 1);
  // A new version replaces it.
  serve = Serve::v2;
  auto live = start();
  EXPECT_EQ(wait_for(*live, "PyTorch Conference 2024 v2"), "PyTorch Conference 2024 v2");
  EXPECT_EQ(live->swaps(), 1);
}

}  // namespace
}  // namespace marquee
