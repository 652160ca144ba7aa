// Countdown and agenda tests: wording, phases, daily times, off air, YAML diagnostics, goldens.
#include <gtest/gtest.h>

#include <set>

#include "config/loader.h"
#include "core/sessions.h"
#include "core/timeline.h"
#include "diagnostic_lines.h"
#include "golden.h"
#include "render/figures.h"
#include "slide_picture.h"

namespace marquee {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using test::Lines;
using testing::local;

const LocalTime kLunch = local(2024, 9, 18, 12, 10);

// ---- wording ----

std::pair<std::string, std::string> countdown_at(LocalTime now, LocalTime at) {
  const auto text = render::countdown_text(now, at);
  return {text.lead, text.figure};
}

TEST(CountdownText, AdaptsToHowFarOffTheStartIs) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(countdown_at(kLunch - minutes{125}, kLunch), (P{"starts in", "2 h 05 min"}));
  // Minutes round up, so "1 h 00 min" hands over to "59:59" and nothing reads late.
  EXPECT_EQ(countdown_at(kLunch - minutes{124} - seconds{30}, kLunch),
            (P{"starts in", "2 h 05 min"}));
  EXPECT_EQ(countdown_at(kLunch - minutes{60}, kLunch), (P{"starts in", "1 h 00 min"}));
  EXPECT_EQ(countdown_at(kLunch - minutes{60} + seconds{1}, kLunch), (P{"starts in", "59:59"}));
  EXPECT_EQ(countdown_at(kLunch - minutes{12} - seconds{34}, kLunch), (P{"starts in", "12:34"}));
  EXPECT_EQ(countdown_at(kLunch - seconds{5}, kLunch), (P{"starts in", "0:05"}));
  EXPECT_EQ(countdown_at(kLunch, kLunch), (P{"", "now"}));
  EXPECT_EQ(countdown_at(kLunch + minutes{3}, kLunch), (P{"", "now"}));
  EXPECT_EQ(countdown_at(kLunch - std::chrono::hours{11}, kLunch), (P{"starts in", "11 h 00 min"}));
  // From the evening before, a start on the next day reads as a day.
  EXPECT_EQ(countdown_at(local(2024, 9, 17, 23, 0), local(2024, 9, 18, 0, 30)),
            (P{"starts in", "1 h 30 min"}));
  EXPECT_EQ(countdown_at(local(2024, 9, 17, 20, 0), kLunch), (P{"starts", "tomorrow"}));
  EXPECT_EQ(countdown_at(local(2024, 9, 17, 8, 0), kLunch), (P{"starts", "tomorrow"}));
  EXPECT_EQ(countdown_at(local(2024, 9, 16, 8, 0), kLunch), (P{"starts", "in 2 days"}));
  EXPECT_EQ(countdown_at(local(2024, 9, 12, 8, 0), kLunch), (P{"starts", "in 6 days"}));
  EXPECT_EQ(countdown_at(local(2024, 9, 11, 8, 0), kLunch), (P{"starts", "Sep 18"}));
}

TEST(CountdownText, AgendaLabelsAreRelativeWithinThreeHours) {
  const LocalTime raffle = local(2024, 9, 18, 15, 45);
  EXPECT_EQ(render::agenda_label(raffle - minutes{10}, raffle), "in 10 min");
  EXPECT_EQ(render::agenda_label(raffle - seconds{20}, raffle), "in 1 min");
  EXPECT_EQ(render::agenda_label(raffle - minutes{125}, raffle), "in 2 h 05 min");
  EXPECT_EQ(render::agenda_label(raffle - std::chrono::hours{3}, raffle), "3:45 p.m.");
  EXPECT_EQ(render::agenda_label(raffle, raffle), "now");
  EXPECT_EQ(render::agenda_label(raffle + minutes{5}, raffle), "now");
  EXPECT_EQ(render::agenda_label(local(2024, 9, 18, 17, 0), local(2024, 9, 19, 9, 0)),
            "Thu 9:00 a.m.");
}

TEST(CountdownText, TimesOfDayReadAsTheProgrammeWritesThem) {
  EXPECT_EQ(render::time_of_day(kLunch), "12:10 p.m.");
  EXPECT_EQ(render::time_of_day(local(2024, 9, 18, 15, 45)), "3:45 p.m.");
  EXPECT_EQ(render::time_of_day(local(2024, 9, 18, 9, 0)), "9:00 a.m.");
  EXPECT_EQ(render::time_of_day(local(2024, 9, 18, 0, 5)), "12:05 a.m.");
  EXPECT_EQ(render::hours_minutes(minutes{45}), "45 min");
  EXPECT_EQ(render::hours_minutes(minutes{125}), "2 h 05 min");
}

// ---- phases ----

CountdownSlide lunch(std::string after = {}) {
  CountdownSlide c;
  c.title = "Women and non-binary PyTorch lunch";
  c.place = "Gateway Pavilion, Gallery 2";
  c.note = "Open to attendees who identify as women or non-binary. Sponsored by Google.";
  c.at = kLunch;
  c.lasts = minutes{50};
  c.after = std::move(after);
  return c;
}

CountdownSlide raffle(std::string after = {}) {
  CountdownSlide c;
  c.title = "Scavenger hunt raffle drawing";
  c.at = LocalTime{minutes{15 * 60 + 45}};
  c.daily = true;
  c.after = std::move(after);
  return c;
}

TEST(CountdownPhase, OneOffIsBeforeThenNowForItsLengthThenAfter) {
  const auto phase = [](LocalTime t) { return countdown_state(lunch(), t).phase; };
  EXPECT_EQ(phase(kLunch - seconds{1}), SessionPhase::before);
  EXPECT_EQ(phase(kLunch), SessionPhase::now);
  EXPECT_EQ(phase(kLunch + minutes{50} - seconds{1}), SessionPhase::now);
  EXPECT_EQ(phase(kLunch + minutes{50}), SessionPhase::after);
  EXPECT_EQ(countdown_state(lunch(), kLunch - minutes{5}).start, kLunch);
}

TEST(CountdownPhase, DailyCountsToTodaysThenTomorrowsOccurrence) {
  const LocalTime today = local(2024, 9, 18, 15, 45), tomorrow = local(2024, 9, 19, 15, 45);
  const auto state = [](const CountdownSlide& c, LocalTime t) {
    const auto s = countdown_state(c, t);
    return std::pair{s.phase, s.start};
  };
  EXPECT_EQ(state(raffle(), local(2024, 9, 18, 9, 0)), std::pair(SessionPhase::before, today));
  EXPECT_EQ(state(raffle(), local(2024, 9, 18, 15, 50)), std::pair(SessionPhase::now, today));
  // Default lasts is 15 min: at 16:00 today's drawing is over.
  EXPECT_EQ(state(raffle(), local(2024, 9, 18, 16, 0)), std::pair(SessionPhase::before, tomorrow));
  EXPECT_EQ(state(raffle("Drawn: see the winners at registration"), local(2024, 9, 18, 16, 0)),
            std::pair(SessionPhase::after, today));
  EXPECT_EQ(state(raffle("Drawn"), local(2024, 9, 19, 0, 0)),
            std::pair(SessionPhase::before, tomorrow));
}

TEST(CountdownPhase, ADailySessionRunsPastMidnight) {
  CountdownSlide late = raffle();
  late.at = LocalTime{minutes{23 * 60 + 30}};
  late.lasts = minutes{60};
  const auto s = countdown_state(late, local(2024, 9, 19, 0, 10));
  EXPECT_EQ(s.phase, SessionPhase::now);
  EXPECT_EQ(s.start, local(2024, 9, 18, 23, 30));
}

TEST(CountdownPhase, OnlyAOneOffWithoutAMessageGoesOffAir) {
  EXPECT_EQ(content_over(lunch()), kLunch + minutes{50});
  EXPECT_EQ(content_over(lunch("See you next year")), std::nullopt);
  EXPECT_EQ(content_over(raffle()), std::nullopt);
  EXPECT_EQ(content_over(TitleSlide{}), std::nullopt);
}

AgendaSlide expo_agenda(int count = 4) {
  AgendaSlide a;
  a.heading = "Next in the expo hall";
  a.count = count;
  a.entries = {
      {kLunch, "Women and non-binary PyTorch lunch", "Gateway Pavilion, Gallery 2", "",
       minutes{50}},
      {local(2024, 9, 18, 15, 45), "Scavenger hunt raffle drawing", "", "", minutes{15}},
      {local(2024, 9, 18, 17, 30), "Attendee welcome reception",
       "Sponsor showcase, Gateway Pavilion", "", minutes{90}},
  };
  return a;
}

std::vector<std::string> titles(const std::vector<const AgendaEntry*>& entries) {
  std::vector<std::string> out;
  for (const auto* e : entries) out.push_back(e->title);
  return out;
}

TEST(AgendaSessions, ListsWhatIsNotOverYetUpToCount) {
  const AgendaSlide a = expo_agenda();
  EXPECT_EQ(titles(upcoming_sessions(a, local(2024, 9, 18, 12, 30))),
            (Lines{"Women and non-binary PyTorch lunch", "Scavenger hunt raffle drawing",
                   "Attendee welcome reception"}));
  EXPECT_EQ(titles(upcoming_sessions(a, local(2024, 9, 18, 13, 0))),
            (Lines{"Scavenger hunt raffle drawing", "Attendee welcome reception"}));
  EXPECT_EQ(titles(upcoming_sessions(expo_agenda(1), local(2024, 9, 18, 8, 0))),
            (Lines{"Women and non-binary PyTorch lunch"}));
  EXPECT_TRUE(upcoming_sessions(a, local(2024, 9, 18, 19, 0)).empty());
  EXPECT_EQ(content_over(a), local(2024, 9, 18, 19, 0));
}

// ---- YAML ----

using test::check;
using test::formatted;

TEST(CountdownConfig, ReadsEveryKeyAndTakesAOneOffOffAirWhenItIsOver) {
  const auto result = config::load_show_from_string(R"(timezone: America/Los_Angeles
slides:
  - id: lunch
    countdown:
      title: "Women and non-binary PyTorch lunch"
      place: "Gateway Pavilion, Gallery 2"
      note: "Sponsored by Google"
      at: "2024-09-18 12:10"
      lasts: 50m
    show: { from: "2024-09-18 08:00" }
  - id: raffle
    countdown: { title: "Raffle drawing", at: "15:45", after: "Good luck!" }
  - id: reception
    countdown: { title: "Reception", at: "2024-09-18 17:30", lasts: 2h }
    show: { until: "2024-09-18 18:00" }
)",
                                                    "p.yaml");
  ASSERT_EQ(formatted(result.diagnostics), Lines{});
  const auto& slides = result.show->slides;
  const auto& c = std::get<CountdownSlide>(slides[0].content);
  EXPECT_EQ(c.title, "Women and non-binary PyTorch lunch");
  EXPECT_EQ(c.place, "Gateway Pavilion, Gallery 2");
  EXPECT_EQ(c.note, "Sponsored by Google");
  EXPECT_EQ(c.at, kLunch);
  EXPECT_FALSE(c.daily);
  EXPECT_EQ(c.lasts, minutes{50});
  EXPECT_EQ(slides[0].window.from, local(2024, 9, 18, 8, 0));
  EXPECT_EQ(slides[0].window.until, local(2024, 9, 18, 13, 0));

  const auto& r = std::get<CountdownSlide>(slides[1].content);
  EXPECT_TRUE(r.daily);
  EXPECT_EQ(r.at, LocalTime{minutes{15 * 60 + 45}});
  EXPECT_EQ(r.lasts, minutes{15});
  EXPECT_EQ(r.after, "Good luck!");
  EXPECT_TRUE(slides[1].window.always());
  // An earlier `until` than the end of the session wins.
  EXPECT_EQ(slides[2].window.until, local(2024, 9, 18, 18, 0));
}

TEST(CountdownConfig, TheSlideLeavesTheRotationWhenTheSessionIsOver) {
  const auto result = config::load_show_from_string(R"(timezone: America/Los_Angeles
slides:
  - id: lunch
    countdown: { title: Lunch, at: "2024-09-18 12:10", lasts: 50m }
  - id: welcome
    title: { headline: Welcome }
)",
                                                    "p.yaml");
  ASSERT_TRUE(result.ok());
  const Show& show = *result.show;
  const auto on_air = [&](LocalTime t) {
    const Instant at = date::floor<Millis>(show.zone->to_sys(t));
    std::set<int> seen;  // every slide the rotation shows over a minute from t
    for (int s = 0; s < 60; s += 5) seen.insert(resolve(show, at + seconds{s}).slide);
    return seen;
  };
  EXPECT_TRUE(on_air(local(2024, 9, 18, 12, 59)).contains(0));
  EXPECT_EQ(on_air(local(2024, 9, 18, 13, 0)), std::set<int>{1});
}

TEST(CountdownConfig, ReportsMistakesWithPositions) {
  EXPECT_EQ(check("slides:\n  - countdown: { place: Gallery 2 }\n"),
            (Lines{"p.yaml:2:16: error: countdown needs 'at', when it starts, like at: "
                   "\"2024-09-18 12:10\"",
                   "p.yaml:2:16: error: countdown needs a 'title', what is about to start"}));
  EXPECT_EQ(check("slides:\n  - countdown:\n      title: Lunch\n      at: noon\n"),
            Lines{"p.yaml:4:11: error: cannot read time 'noon'; write it like 2024-09-18 12:10, "
                  "or 15:45 for every day"});
  EXPECT_EQ(check("slides:\n  - countdown: { title: Lunch, at: \"25:00\" }\n"),
            Lines{"p.yaml:2:36: error: cannot read time '25:00'; write it like 2024-09-18 "
                  "12:10, or 15:45 for every day"});
  EXPECT_EQ(check("slides:\n  - countdown: { title: Lunch, at: \"12:10\", lasts: forever }\n"),
            Lines{"p.yaml:2:52: error: cannot read duration 'forever'; write it like 10s, 2m "
                  "or 1m30s"});
  EXPECT_EQ(check("slides:\n  - countdown: { title: Lunch, at: \"12:10\", room: Gallery }\n"),
            Lines{"p.yaml:2:45: error: unknown key 'room'; use one of: title, place, note, at, "
                  "session, schedule, lasts, after"});
}

TEST(AgendaConfig, ReadsSessionsSortedByStart) {
  const auto result = config::load_show_from_string(R"(slides:
  - agenda:
      heading: "Next in the expo hall"
      count: 3
      sessions:
        - { at: "2024-09-18 15:45", title: "Raffle drawing", room: Registration }
        - { at: "2024-09-18 12:10", title: "Lunch", room: "Gallery 2", lasts: 50m, speaker: "" }
)",
                                                    "p.yaml");
  ASSERT_EQ(formatted(result.diagnostics), Lines{});
  const auto& a = std::get<AgendaSlide>(result.show->slides[0].content);
  EXPECT_EQ(a.heading, "Next in the expo hall");
  EXPECT_EQ(a.count, 3);
  ASSERT_EQ(a.entries.size(), 2u);
  EXPECT_EQ(a.entries[0].title, "Lunch");
  EXPECT_EQ(a.entries[0].lasts, minutes{50});
  EXPECT_EQ(a.entries[1].title, "Raffle drawing");
  EXPECT_EQ(a.entries[1].room, "Registration");
  EXPECT_EQ(a.entries[1].lasts, minutes{30});
  // Off air once the last session is over.
  EXPECT_EQ(result.show->slides[0].window.until, local(2024, 9, 18, 16, 15));
}

TEST(AgendaConfig, ReportsMistakesWithPositions) {
  EXPECT_EQ(check("slides:\n  - agenda: { heading: Next }\n"),
            Lines{"p.yaml:2:13: error: agenda needs 'sessions', a list of what is on, or "
                  "'schedule', one of the playlist's schedules"});
  EXPECT_EQ(check("slides:\n  - agenda: { sessions: [] }\n"),
            Lines{"p.yaml:2:25: error: 'sessions' is empty; list at least one, like - { at: "
                  "\"2024-09-18 12:10\", title: Lunch, room: Gallery 2 }"});
  EXPECT_EQ(check("slides:\n  - agenda:\n      count: 2.5\n      sessions:\n"
                  "        - { title: Lunch }\n        - { at: \"2024-09-18 25:00\", title: X }\n"
                  "        - { at: \"2024-09-18 12:00\" }\n"),
            (Lines{"p.yaml:3:14: error: 'count' must be a whole number from 1 to 6, got '2.5'",
                   "p.yaml:5:11: error: session needs 'at', when it starts, like at: "
                   "\"2024-09-18 12:10\"",
                   "p.yaml:6:17: error: cannot read date '2024-09-18 25:00'; write it like "
                   "2024-09-18 08:00",
                   "p.yaml:7:11: error: session needs a 'title'"}));
  EXPECT_EQ(check("slides:\n  - agenda: { count: 9, sessions: [{ at: \"2024-09-18 12:00\", title: "
                  "X }] }\n"),
            Lines{"p.yaml:2:22: error: 'count' must be a number from 1 to 6, got '9'"});
}

// ---- goldens ----

class CountdownGolden : public testing::SlidePictures {};

SlideMoment at(LocalTime t) {
  return {Millis{4'000}, Millis{10'000}, t};
}

TEST_F(CountdownGolden, BeforeFar) {
  EXPECT_TRUE(
      golden::matches_golden(picture(lunch(), at(kLunch - minutes{125})), "countdown_before_far"));
}

TEST_F(CountdownGolden, BeforeClose) {
  EXPECT_TRUE(golden::matches_golden(picture(lunch(), at(kLunch - minutes{12} - seconds{34})),
                                     "countdown_before_close"));
}

TEST_F(CountdownGolden, Now) {
  EXPECT_TRUE(golden::matches_golden(picture(lunch(), at(kLunch + minutes{10})), "countdown_now"));
}

TEST_F(CountdownGolden, AfterWithMessage) {
  EXPECT_TRUE(golden::matches_golden(
      picture(lunch("Thanks for coming! See you at the reception, 5:30 p.m."),
              at(kLunch + minutes{55})),
      "countdown_after"));
}

TEST_F(CountdownGolden, AgendaWithNowAndSoon) {
  AgendaSlide a = expo_agenda();
  // A stand-in session (the content file gives no breakout times) to have an "in 10 min" row.
  a.entries.insert(a.entries.begin() + 1, {local(2024, 9, 18, 12, 45), "Breakout session",
                                           "Breakout room C, Cowell Theater", "", minutes{30}});
  // 12:35: lunch is on, the breakout starts in 10 min, the raffle and reception later.
  EXPECT_TRUE(golden::matches_golden(picture(a, at(local(2024, 9, 18, 12, 35))), "agenda_now"));
}

TEST_F(CountdownGolden, TheClockIsTheOnlyInput) {
  // Elapsed time on air changes nothing; the venue clock changes the figure.
  SDL_Surface* early = picture(lunch(), {Millis{0}, Millis{10'000}, kLunch - minutes{12}});
  SDL_Surface* late = picture(lunch(), {Millis{9'000}, Millis{10'000}, kLunch - minutes{12}});
  SDL_Surface* later = picture(lunch(), {Millis{0}, Millis{10'000}, kLunch - minutes{11}});
  EXPECT_TRUE(golden::identical(early, late));
  EXPECT_FALSE(golden::identical(early, later));
}

}  // namespace
}  // namespace marquee
