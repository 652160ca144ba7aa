// Agendas and countdowns that read a schedule: their YAML, what they list and count to, when they
// leave the rotation, and goldens from the demo schedule.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "core/schedule.h"
#include "core/sessions.h"
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
using testing::local;

// Beside playlists/data/schedule-2024.json, as the demo playlists are.
const fs::path kPlaylist = fs::path(MARQUEE_SOURCE_DIR) / "playlists" / "slides.yaml";
const std::string kHead =
    "timezone: America/Los_Angeles\n"
    "schedules: { conference: data/schedule-2024.json }\n"
    "slides:\n";

config::ShowResult load(const std::string& slides) {
  return config::load_show_from_string(kHead + slides, kPlaylist);
}
Show loaded(const std::string& slides) {
  auto result = load(slides);
  EXPECT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : format(result.diagnostics[0]));
  return result.show ? *result.show : Show{};
}
Lines problems(const std::string& slides) {
  return formatted(load(slides).diagnostics);
}
std::string at(int line, int column) {
  return kPlaylist.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

SlideMoment moment_at(const Show& show, LocalTime t) {
  SlideMoment m;
  m.local = t;
  m.now = date::floor<Millis>(show.zone->to_sys(t, date::choose::earliest));
  m.duration = 1h;
  return m;
}

// Everything a slide says at a moment, one drawn line after another.
template <class Kind>
std::string says(const Show& show, LocalTime t) {
  render::ListCanvas canvas;
  const auto& kind = std::get<Kind>(show.slides.at(0).content);
  Kind::paint(canvas, show.theme, kind, moment_at(show, t));
  std::string out;
  for (const auto& text : canvas.texts()) out += (out.empty() ? "" : " | ") + text;
  return out;
}

std::string titles(const AgendaListing& listing) {
  std::string out;
  for (const auto& s : listing.sessions) out += s.entry.title + "; ";
  return out;
}

// ---- agenda ----

TEST(AgendaFromSchedule, ListsTheNextSessionsAcrossRoomsOrOfOneTrackOrRoom) {
  const Show show = loaded(
      "  - agenda: { heading: Coming up, count: 3, schedule: conference }\n"
      "  - agenda: { count: 6, schedule: conference, track: happenings }\n"
      "  - agenda: { count: 2, schedule: conference, room: cowell theater }\n");
  const auto listing = [&](int slide, LocalTime t) {
    return agenda_listing(std::get<AgendaSlide>(show.slides[slide].content), moment_at(show, t).now,
                          t);
  };
  const LocalTime t = local(2024, 9, 18, 10, 30);
  // The keynotes end at 10:30, so they are over.
  EXPECT_EQ(titles(listing(0, t)),
            "Example talk: training at scale (example); Example talk: compiling models "
            "(example); Women and non-binary PyTorch lunch; ");
  EXPECT_EQ(titles(listing(1, t)),
            "Women and non-binary PyTorch lunch; Sponsor scavenger hunt raffle drawing; "
            "Attendee welcome reception and poster session; Sponsor scavenger hunt raffle "
            "drawing; ");
  const auto room = listing(2, t);
  EXPECT_EQ(titles(room),
            "Example talk: training at scale (example); Example talk: compiling models "
            "(example); ");
  // Read in the schedule's venue time, with the track's colour and the speakers.
  EXPECT_EQ(room.now, t);
  EXPECT_EQ(room.sessions[0].entry.at, local(2024, 9, 18, 10, 50));
  EXPECT_EQ(room.sessions[0].entry.lasts, 30min);
  EXPECT_EQ(room.sessions[0].entry.speaker, "Example Speaker");
  EXPECT_EQ(room.sessions[0].entry.room, "") << "an agenda of one room need not say it";
  EXPECT_EQ(listing(0, t).sessions[2].entry.room, "Gateway Pavilion, Gallery 2");
  ASSERT_TRUE(room.sessions[0].colour);
  EXPECT_EQ(*room.sessions[0].colour, (Color{0xF5, 0xA6, 0x23, 0xFF}));
  // Each leaves the rotation when its last session is over, and the contact sheet shows
  // each ten minutes before its first.
  EXPECT_EQ(show.slides[0].window.until, local(2024, 9, 19, 16, 0));
  EXPECT_EQ(show.slides[2].window.until, local(2024, 9, 19, 14, 40));
  EXPECT_EQ(std::get<AgendaSlide>(show.slides[1].content).preview_at(), local(2024, 9, 18, 12, 0));
}

TEST(AgendaFromSchedule, LabelsCountDownInVenueTime) {
  const Show show = loaded(
      "  - agenda: { heading: Breakout room C, count: 2, schedule: "
      "conference, room: Cowell Theater }\n");
  const std::string text = says<AgendaSlide>(show, local(2024, 9, 18, 10, 40));
  EXPECT_EQ(text,
            "Breakout room C | in 10 min | Example talk: training at scale (example) | "
            "10:50 a.m. · Example Speaker | in 50 min | Example talk: compiling models (example) | "
            "11:30 a.m. · Example Speaker");
  // "in 10 min" reads "in 9 min" from 10:41:00, when the picture next changes.
  render::ListCanvas canvas;
  AgendaSlide::paint(canvas, show.theme, std::get<AgendaSlide>(show.slides[0].content),
                     moment_at(show, local(2024, 9, 18, 10, 40)));
  EXPECT_EQ(canvas.list().next_change(), moment_at(show, local(2024, 9, 18, 10, 41)).now);
}

TEST(AgendaFromSchedule, ProblemsArePositioned) {
  EXPECT_EQ(problems("  - agenda: { schedule: conference, sessions: [] }\n"),
            Lines{at(4, 15) + "error: agenda has 'sessions' and 'schedule'; give it one of them"});
  EXPECT_EQ(problems("  - agenda: { room: Cowell Theater, sessions: [{ at: \"2024-09-18 "
                     "10:00\", title: A }] }\n"),
            Lines{at(4, 15) + "error: 'room' picks sessions from a schedule; add 'schedule:', "
                              "one of the playlist's schedules"});
  EXPECT_EQ(problems("  - agenda: { schedule: conference, room: Cowell Theatre, track: "
                     "Keynote }\n"),
            (Lines{at(4, 43) + "error: no room 'Cowell Theatre' in the schedule (did you mean "
                               "'Cowell Theater'?)",
                   at(4, 66) + "error: no track 'Keynote' in the schedule (did you mean "
                               "'Keynotes'?)"}));
  EXPECT_EQ(problems("  - agenda: { schedule: programme }\n"),
            Lines{at(4, 25) + "error: no schedule 'programme' in the playlist; use one of: "
                              "conference"});
}

// ---- countdown ----

TEST(CountdownToASession, CountsToTheNextSessionThatMatchesThenTheOneAfter) {
  const Show show = loaded(
      "  - countdown: { session: keynote, note: \"Festival Pavilion, Pier 3\" }\n"
      "  - countdown: { session: 20, title: \"Lunch\", place: \"Gallery 2\", lasts: 10m, "
      "after: \"See you tomorrow\" }\n");
  const auto& keynote = std::get<CountdownSlide>(show.slides[0].content);
  const auto at_time = [&](const CountdownSlide& c, LocalTime t) {
    return countdown_at(c, moment_at(show, t).now, t);
  };
  // The first session whose title says "keynote", with its title and room.
  const auto morning = at_time(keynote, local(2024, 9, 18, 8, 0));
  ASSERT_TRUE(morning.found);
  EXPECT_EQ(morning.slide.title, "Welcome keynote (example time)");
  EXPECT_EQ(morning.slide.place, "Festival Pavilion");
  EXPECT_EQ(morning.slide.at, local(2024, 9, 18, 9, 0));
  EXPECT_EQ(morning.slide.lasts, 20min);  // "now" for as long as it lasts
  // Once it is over, the next that matches.
  const auto later = at_time(keynote, local(2024, 9, 18, 9, 25));
  EXPECT_EQ(later.slide.title, "Keynotes (example)");
  EXPECT_EQ(countdown_state(later.slide, later.now).phase, SessionPhase::now);
  const auto evening = at_time(keynote, local(2024, 9, 18, 18, 0));
  EXPECT_EQ(evening.slide.at, local(2024, 9, 19, 9, 0));
  // Off air once the last one is over; the contact sheet counts down to the first.
  EXPECT_EQ(show.slides[0].window.until, local(2024, 9, 19, 10, 30));
  EXPECT_EQ(keynote.preview_at(), local(2024, 9, 18, 8, 47, 26));

  // By id, with what the playlist writes winning over the session's.
  const auto& lunch = std::get<CountdownSlide>(show.slides[1].content);
  const auto noon = at_time(lunch, local(2024, 9, 18, 12, 0));
  EXPECT_EQ(noon.slide.title, "Lunch");
  EXPECT_EQ(noon.slide.place, "Gallery 2");
  EXPECT_EQ(noon.slide.lasts, 10min);
  EXPECT_EQ(noon.slide.at, local(2024, 9, 18, 12, 10));
  EXPECT_EQ(show.slides[1].window.until, std::nullopt) << "it has an 'after' message";
}

TEST(CountdownToASession, PaintsTheSessionAndChangesWhenTheNextOneTakesOver) {
  const Show show = loaded("  - countdown: { session: keynote }\n");
  const std::string soon = says<CountdownSlide>(show, local(2024, 9, 18, 8, 47, 26));
  EXPECT_EQ(
      soon,
      "Welcome keynote (example time) | Festival Pavilion · 9:00 a.m. | starts in | 1 | 2 | : "
      "| 3 | 4");
  const std::string on = says<CountdownSlide>(show, local(2024, 9, 18, 9, 25));
  EXPECT_EQ(on, "Keynotes (example) | Festival Pavilion · started 9:20 a.m. | now");
  // At 9:20 the welcome keynote is over and the next begins: the picture changes then.
  render::ListCanvas canvas;
  const auto& c = std::get<CountdownSlide>(show.slides[0].content);
  CountdownSlide::paint(canvas, show.theme, c, moment_at(show, local(2024, 9, 18, 9, 10)));
  EXPECT_EQ(canvas.list().next_change(), moment_at(show, local(2024, 9, 18, 9, 20)).now);
}

TEST(CountdownToASession, ProblemsArePositioned) {
  EXPECT_EQ(problems("  - countdown: { session: keynot, at: \"12:00\" }\n"),
            Lines{at(4, 18) + "error: countdown has 'at' and 'session'; give it one of them"});
  EXPECT_EQ(problems("  - countdown: { session: \"Sponsor scavenger hunt raffle drawnig\" }\n"),
            Lines{at(4, 27) + "error: no session 'Sponsor scavenger hunt raffle drawnig' in the "
                              "schedule (did you mean 'Sponsor scavenger hunt raffle drawing'?)"});
  EXPECT_EQ(problems("  - countdown: { session: closing party }\n"),
            Lines{at(4, 27) + "error: no session 'closing party' in the schedule; name it by "
                              "its id, or by (part of) its title"});
  EXPECT_EQ(formatted(config::load_show_from_string(
                          "slides:\n  - countdown: { session: keynote }\n", kPlaylist)
                          .diagnostics),
            Lines{at(2, 16) + "error: a countdown to a session needs a schedule; add it under "
                              "the playlist's 'schedules:', like schedules: { conference: "
                              "data/schedule.json }"});
  EXPECT_EQ(problems("  - countdown: { title: Lunch, at: \"12:00\", schedule: conference }\n"),
            Lines{at(4, 45) + "error: 'schedule' is for a countdown to a 'session' of it"});
}

// ---- goldens ----

class ScheduleSlidePictures : public testing::SlidePictures {};

TEST_F(ScheduleSlidePictures, TheNextSessionsAcrossRoomsWithTrackColours) {
  const Show show =
      loaded("  - agenda: { heading: \"Coming up\", count: 4, schedule: conference }\n");
  const LocalTime t = local(2024, 9, 18, 10, 55);
  EXPECT_TRUE(golden::matches_golden(picture(show.slides[0].content, moment_at(show, t)),
                                     "agenda_schedule"));
}

TEST_F(ScheduleSlidePictures, CountdownToTheNextKeynote) {
  const Show show = loaded("  - countdown: { session: keynote }\n");
  const LocalTime t = local(2024, 9, 18, 18, 0);
  EXPECT_TRUE(golden::matches_golden(picture(show.slides[0].content, moment_at(show, t)),
                                     "countdown_session"));
}

}  // namespace
}  // namespace marquee
