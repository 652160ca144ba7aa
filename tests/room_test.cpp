// The room display: its YAML and diagnostics, what it says through a day of the real 31C3 schedule
// and the demo schedule, when its picture changes, and goldens at fixed instants.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "core/schedule.h"
#include "core/timeline.h"
#include "diagnostic_lines.h"
#include "golden.h"
#include "render/draw_list.h"
#include "slide_picture.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::formatted;
using test::Lines;

// Playlists that sit beside the schedules they name, so the content root holds both.
const fs::path kCongressPlaylist = fs::path(MARQUEE_TEST_DATA) / "schedules" / "door.yaml";
const fs::path kDemoPlaylist = fs::path(MARQUEE_SOURCE_DIR) / "playlists" / "door.yaml";

const char* kCongress = R"(timezone: Europe/Berlin
schedules: { congress: 31c3-frab-schedule.xml }
slides:
  - room: { name: "saal 1", label: "Congress Centrum Hamburg" }
)";
const char* kDemo = R"(timezone: America/Los_Angeles
schedules: { conference: data/schedule-2024.json }
slides:
  - room: { name: "Cowell Theater", label: "Breakout room C" }
)";

Show load(const char* yaml, const fs::path& as_file) {
  const auto result = config::load_show_from_string(yaml, as_file);
  EXPECT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : format(result.diagnostics[0]));
  return result.show ? *result.show : Show{};
}
Show congress() {
  return load(kCongress, kCongressPlaylist);
}
Show demo() {
  return load(kDemo, kDemoPlaylist);
}
const RoomSlide& door(const Show& show) {
  return std::get<RoomSlide>(show.slides.at(0).content);
}

// The moment a venue wall-clock time is, for the show's zone.
SlideMoment moment_at(const Show& show, LocalTime local) {
  SlideMoment m;
  m.local = local;
  m.now = date::floor<Millis>(show.zone->to_sys(local, date::choose::earliest));
  m.duration = 1h;
  return m;
}
LocalTime local(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return testing::local(y, mo, d, h, mi, s);
}

// Everything the door says at a moment, one drawn line after another.
std::string says(const Show& show, LocalTime t) {
  render::ListCanvas canvas;
  RoomSlide::paint(canvas, show.theme, door(show), moment_at(show, t));
  std::string out;
  for (const auto& text : canvas.texts()) out += (out.empty() ? "" : " | ") + text;
  return out;
}
Instant next_change(const Show& show, LocalTime t) {
  render::ListCanvas canvas;
  RoomSlide::paint(canvas, show.theme, door(show), moment_at(show, t));
  return canvas.list().next_change();
}

// ---- YAML ----

TEST(RoomConfig, NamesARoomAsTheScheduleSpellsIt) {
  const Show show = congress();
  const RoomSlide& room = door(show);
  EXPECT_EQ(room.room, "Saal 1");  // written "saal 1"
  EXPECT_EQ(room.label, "Congress Centrum Hamburg");
  EXPECT_EQ(room.current_for, 10min);
  EXPECT_EQ(room.schedule.name, "congress");
  ASSERT_NE(room.schedule.schedule, nullptr);
  EXPECT_EQ(room.schedule.schedule->events.size(), 138u);
  // The contact sheet shows the room's first talk five minutes in.
  EXPECT_EQ(room.preview_at(), local(2014, 12, 27, 11, 5));
  // The room display stays on air: its content never runs out.
  EXPECT_EQ(show.slides[0].window.until, std::nullopt);
}

TEST(RoomConfig, ProblemsArePositionedWithADidYouMean) {
  const auto problems = [](const std::string& yaml) {
    return formatted(config::load_show_from_string(yaml, kDemoPlaylist).diagnostics);
  };
  const std::string at = kDemoPlaylist.string() + ":";
  const std::string one =
      "timezone: America/Los_Angeles\n"
      "schedules: { conference: data/schedule-2024.json }\n"
      "slides:\n";
  EXPECT_EQ(problems(one + "  - room: { name: \"Cowel Theatre\" }\n"),
            Lines{at + "4:19: error: no room 'Cowel Theatre' in the schedule (did you mean "
                       "'Cowell Theater'?)"});
  EXPECT_EQ(problems(one + "  - room: { name: Pier 9 }\n"),
            Lines{at + "4:19: error: no room 'Pier 9' in the schedule; use one of: Festival "
                       "Pavilion, Cowell Theater, Gateway Pavilion, Gallery 2, Sponsor "
                       "showcase, Gateway Pavilion"});
  EXPECT_EQ(problems(one + "  - room: { label: C, current_for: 25h, schedule: conferense }\n"),
            (Lines{at + "4:11: error: room display needs a 'name', the room as the schedule "
                        "names it, like name: \"Cowell Theater\"",
                   at + "4:36: error: 'current_for' must be at most 24h, how long the talk on "
                        "now leads",
                   at + "4:51: error: no schedule 'conferense' in the playlist (did you mean "
                        "'conference'?)"}));
  EXPECT_EQ(problems("slides:\n  - room: { name: Cowell Theater }\n"),
            Lines{at + "2:11: error: a room display needs a schedule; add it under the "
                       "playlist's 'schedules:', like schedules: { conference: "
                       "data/schedule.json }"});
  // A schedule that cannot be read is one error, not one more for each slide naming it.
  EXPECT_EQ(problems("schedules: { conference: data/missing.json }\n"
                     "slides:\n  - room: { name: Cowell Theater }\n"),
            Lines{at + "1:26: error: file not found: data/missing.json"});
  EXPECT_EQ(problems("timezone: America/Los_Angeles\n"
                     "schedules: { a: data/schedule-2024.json, b: data/schedule-2024.json }\n"
                     "slides:\n  - room: { name: Cowell Theater }\n"),
            Lines{at + "4:11: error: a room display must say which schedule it shows, with "
                       "schedule: a or b"});
}

// ---- what it says ----

TEST(RoomDisplay, ThroughADayOfThe31c3InSaal1) {
  const Show show = congress();
  // Before the first talk: the opening leads, the keynote comes after it.
  const std::string morning = says(show, local(2014, 12, 27, 9, 30));
  EXPECT_NE(morning.find("NEXT | in 1 h 30 min | 11:00 – 11:30 a.m. |"), std::string::npos)
      << morning;
  EXPECT_NE(morning.find("31C3 Opening Event"), std::string::npos) << morning;
  EXPECT_NE(morning.find("Then | 11:30 a.m. | 31C3 Keynote | alecempire"), std::string::npos)
      << morning;
  // Five minutes into a talk it leads, with its speakers, track and language.
  const std::string mid = says(show, local(2014, 12, 27, 14, 5));
  EXPECT_NE(mid.find("NOW | started 5 min ago | 2:00 – 3:00 p.m. |"), std::string::npos) << mid;
  EXPECT_NE(mid.find("Sergey Gordeychik, Aleksandr Timorin"), std::string::npos) << mid;
  EXPECT_NE(mid.find("Security & Hacking · EN"), std::string::npos) << mid;
  EXPECT_NE(mid.find("Next | 4:00 p.m. | Practical EMV PIN interception"), std::string::npos)
      << mid;
  // Past current_for, the next talk takes over and the row says how long this one runs.
  const std::string later = says(show, local(2014, 12, 27, 14, 10));
  EXPECT_NE(later.find("NEXT | in 1 h 50 min | 4:00 – 5:00 p.m. | Practical EMV"),
            std::string::npos)
      << later;
  EXPECT_NE(later.find("Now | until 3:00 p.m. | SCADA StrangeLove"), std::string::npos) << later;
  // German titles and speakers come through as written.
  const std::string german = says(show, local(2014, 12, 27, 12, 50));
  EXPECT_NE(german.find("\xE2\x80\x9EWir beteiligen uns aktiv"), std::string::npos) << german;
  EXPECT_NE(german.find("Martin Haase/maha"), std::string::npos) << german;
  EXPECT_NE(german.find("Ethics, Society & Politics · DE"), std::string::npos) << german;
  // Past midnight the film that started at 00:00 is still tonight's; after it, tomorrow's
  // first talk leads, and the day is over.
  const std::string film = says(show, local(2014, 12, 28, 0, 4));
  EXPECT_NE(film.find("NOW | started 4 min ago | 12:00 – 2:15 a.m. |"), std::string::npos) << film;
  EXPECT_NE(film.find("Tomorrow | 11:30 a.m. | Switches Get Stitches"), std::string::npos) << film;
  const std::string small_hours = says(show, local(2014, 12, 28, 1, 30));
  EXPECT_NE(small_hours.find("NOW | started 90 min ago"), std::string::npos)
      << "the day's last talk leads to its end: " << small_hours;
  const std::string night = says(show, local(2014, 12, 28, 2, 30));
  EXPECT_NE(night.find("TOMORROW | Sunday, Dec 28 | 11:30 a.m. – 12:30 p.m. | Switches Get"),
            std::string::npos)
      << night;
  EXPECT_NE(night.find("No more sessions here today"), std::string::npos) << night;
  // After the congress.
  EXPECT_NE(says(show, local(2015, 1, 2, 12, 0)).find("No more sessions in this room"),
            std::string::npos);
}

TEST(RoomDisplay, TheDemoRoomCIsInVenueTime) {
  const Show show = demo();
  const std::string mid = says(show, local(2024, 9, 18, 10, 55));
  EXPECT_EQ(mid.rfind("Cowell Theater |   ·  Breakout room C | Next | 11:30 a.m. | Example talk: "
                      "compiling models (example) | Example Speaker | NOW | started 5 min ago | "
                      "10:50 – 11:20 a.m. |",
                      0),
            0u)
      << mid;
  EXPECT_NE(mid.find("Track 1 (example) · EN"), std::string::npos) << mid;
  const std::string evening = says(show, local(2024, 9, 19, 16, 30));
  EXPECT_NE(evening.find("No more sessions in this room"), std::string::npos) << evening;
}

TEST(RoomDisplay, WaitsForASchedulesFirstCopy) {
  RoomSlide waiting;
  waiting.room = "Cowell Theater";
  render::ListCanvas canvas;
  RoomSlide::paint(canvas, Theme{}, waiting, {});
  const auto texts = canvas.texts();
  EXPECT_NE(std::find(texts.begin(), texts.end(), "Waiting for the schedule"), texts.end());
  EXPECT_EQ(waiting.preview_at(), std::nullopt);
}

TEST(RoomDisplay, ThePictureChangesAtMinutesAndAtHandOvers) {
  const Show show = congress();
  const auto at = [&](LocalTime t) {
    return date::floor<Millis>(show.zone->to_sys(t, date::choose::earliest));
  };
  // "started 5 min ago" reads "6 min" at the next whole minute of the talk.
  EXPECT_EQ(next_change(show, local(2014, 12, 27, 14, 5, 20)), at(local(2014, 12, 27, 14, 6)));
  // Exact: the same words up to the predicted instant, new ones at it, for a minute tick,
  // the hand-over at the end of current_for and a talk's end.
  for (const LocalTime t : {local(2014, 12, 27, 14, 5, 20), local(2014, 12, 27, 14, 9, 30),
                            local(2014, 12, 27, 14, 59, 59), local(2014, 12, 27, 11, 29, 0)}) {
    const Instant change = next_change(show, t);
    const LocalTime then = date::floor<std::chrono::seconds>(show.zone->to_local(change));
    EXPECT_EQ(says(show, then - 1s), says(show, t));
    EXPECT_NE(says(show, then), says(show, t));
  }
  // "in 1 h 30 min" counts whole minutes up: it reads "in 1 h 29 min" from 9:31:00.
  EXPECT_EQ(next_change(show, local(2014, 12, 27, 9, 30, 0)), at(local(2014, 12, 27, 9, 31)));
  // After the day's last talk nothing changes until the conference day does, at 04:00,
  // when tomorrow's first talk becomes today's next.
  EXPECT_EQ(next_change(show, local(2014, 12, 28, 3, 0)), at(local(2014, 12, 28, 4, 0)));
  EXPECT_NE(says(show, local(2014, 12, 28, 4, 0)).find("NEXT | in 7 h 30 min"), std::string::npos);
}

// ---- goldens ----

class RoomPictures : public testing::SlidePictures {
 protected:
  void expect_golden(const Show& show, LocalTime t, const std::string& name, int w, int h) {
    SCOPED_TRACE(name);
    SDL_Surface* shot = picture(door(show), moment_at(show, t), w, h);
    ASSERT_NE(shot, nullptr);
    EXPECT_TRUE(golden::matches_golden(shot, name));
  }
};

// The real 31C3 file in Saal 1, on a 1080p screen.
TEST_F(RoomPictures, Congress31c3Landscape) {
  expect_golden(congress(), local(2014, 12, 27, 9, 30), "room_31c3_before", 1920, 1080);
  expect_golden(congress(), local(2014, 12, 27, 14, 5), "room_31c3_mid", 1920, 1080);
  expect_golden(congress(), local(2014, 12, 27, 15, 20), "room_31c3_between", 1920, 1080);
  expect_golden(congress(), local(2014, 12, 28, 2, 30), "room_31c3_after", 1920, 1080);
}

// Breakout room C on the demo schedule, on a portrait 1080p screen.
TEST_F(RoomPictures, DemoRoomCPortrait) {
  expect_golden(demo(), local(2024, 9, 18, 8, 30), "room_c_portrait_before", 1080, 1920);
  expect_golden(demo(), local(2024, 9, 18, 10, 55), "room_c_portrait_mid", 1080, 1920);
  expect_golden(demo(), local(2024, 9, 18, 12, 40), "room_c_portrait_between", 1080, 1920);
  expect_golden(demo(), local(2024, 9, 18, 17, 0), "room_c_portrait_after", 1080, 1920);
}

}  // namespace
}  // namespace marquee
