// Timeline tables: which slide is on air at given instants, including DST days and schedule
// windows.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "core/duration.h"
#include "core/timeline.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

LocalTime local(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  EXPECT_EQ(std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec), 6) << text;
  return LocalTime{date::local_days{date::year{y} / mo / d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{sec};
}

Slide slide(const std::string& id, Millis duration, TransitionKind kind = TransitionKind::cut) {
  Slide s;
  s.id = id;
  s.content = TitleSlide{id, "", "", Align::center};
  s.duration = duration;
  s.transition.kind = kind;
  return s;
}

Show show_of(std::vector<Slide> slides, const char* zone = "America/Los_Angeles") {
  Show show;
  show.timezone = zone;
  show.zone = date::locate_zone(zone);
  show.slides = std::move(slides);
  return show;
}

Instant at(const Show& show, const std::string& local_text,
           date::choose choose = date::choose::earliest) {
  return date::floor<Millis>(show.zone->to_sys(local(local_text), choose));
}

std::string on_air(const Show& show, Instant t) {
  const Frame f = resolve(show, t);
  return f.slide < 0 ? "(idle)" : show.slides[f.slide].id;
}

struct Row {
  const char* local;
  const char* expected;
};

TEST(Timeline, CycleIsAnchoredToLocalMidnight) {
  const Show show = show_of({slide("a", 10s), slide("b", 20s), slide("c", 30s)});
  const Row rows[] = {
      {"2024-09-18 00:00:00", "a"}, {"2024-09-18 00:00:09", "a"}, {"2024-09-18 00:00:10", "b"},
      {"2024-09-18 00:00:29", "b"}, {"2024-09-18 00:00:30", "c"}, {"2024-09-18 00:00:59", "c"},
      {"2024-09-18 00:01:00", "a"}, {"2024-09-18 12:05:00", "a"}, {"2024-09-18 12:05:15", "b"},
      {"2024-09-18 23:59:59", "c"}, {"2024-09-19 00:00:00", "a"},
  };
  for (const auto& row : rows)
    EXPECT_EQ(on_air(show, at(show, row.local)), row.expected) << row.local;
}

TEST(Timeline, RestartedPlayerResumesMidSlide) {
  const Show show = show_of({slide("a", 10s), slide("b", 20s), slide("c", 30s)});
  const Instant t = at(show, "2024-09-18 12:05:17") + 250ms;
  const Frame f = resolve(show, t);
  EXPECT_EQ(show.slides[f.slide].id, "b");
  EXPECT_EQ(f.slide_start, at(show, "2024-09-18 12:05:10"));
  EXPECT_EQ(f.slide_end, at(show, "2024-09-18 12:05:30"));
  EXPECT_EQ(f.incoming.elapsed, 7250ms);
  EXPECT_EQ(f.incoming.duration, 20s);
}

TEST(Timeline, SpringForwardCountsRealTime) {
  // 2024-03-10: Los Angeles skips 02:00-03:00; local 03:00 is two real hours after midnight.
  const Show show = show_of({slide("a", 200s), slide("b", 220s)});
  EXPECT_EQ(on_air(show, at(show, "2024-03-10 03:00:00")), "a");  // 7200 s % 420 = 60
  EXPECT_EQ(on_air(show, at(show, "2024-03-10 03:03:30")), "b");  // 7410 s % 420 = 270
}

TEST(Timeline, FallBackRepeatedHourShowsDifferentSlides) {
  // 2024-11-03: 01:30 happens twice, 1.5 h and 2.5 h after midnight (5400 s and 9000 s).
  const Show show = show_of({slide("a", 200s), slide("b", 220s)});
  EXPECT_EQ(on_air(show, at(show, "2024-11-03 01:30:00", date::choose::earliest)),
            "b");  // 5400%420=360
  EXPECT_EQ(on_air(show, at(show, "2024-11-03 01:30:00", date::choose::latest)),
            "a");  // 9000%420=180
}

TEST(Timeline, WindowedSlideJoinsAtTheNextTurnAndLeavesMidSlide) {
  Slide lunch = slide("lunch", 30s);
  lunch.window.times = {{12h, 13h}};
  const Show show = show_of({slide("a", 10s), lunch, slide("c", 10s)});
  const Row rows[] = {
      // Before noon only a and c alternate (20 s cycle from midnight).
      {"2024-09-18 11:59:50", "c"},
      // c runs 11:59:50-12:00:00; lunch joins after a, at its next turn.
      {"2024-09-18 12:00:00", "a"},
      {"2024-09-18 12:00:10", "lunch"},
      {"2024-09-18 12:00:39", "lunch"},
      {"2024-09-18 12:00:40", "c"},
      {"2024-09-18 13:00:00", "a"},
  };
  for (const auto& row : rows)
    EXPECT_EQ(on_air(show, at(show, row.local)), row.expected) << row.local;
}

TEST(Timeline, WindowClosingMidSlideCutsItShort) {
  Slide lunch = slide("lunch", 30s);
  lunch.window.times = {{12h, 13h}};
  lunch.duration = 32s;
  const Show show = show_of({slide("a", 10s), lunch});
  // a's turn ends at noon and lunch comes on at once; from then the cycle is lunch(32)
  // a(10): 85 cycles later lunch comes on at 12:59:30 and would run to 13:00:02, but its
  // window closes at 13:00.
  const Frame f = resolve(show, at(show, "2024-09-18 12:59:50"));
  ASSERT_EQ(show.slides[f.slide].id, "lunch");
  EXPECT_EQ(f.slide_end, at(show, "2024-09-18 13:00:00"));
  EXPECT_EQ(on_air(show, at(show, "2024-09-18 13:00:00")), "a");
  EXPECT_EQ(resolve(show, at(show, "2024-09-18 13:00:00")).slide_start,
            at(show, "2024-09-18 13:00:00"));
}

TEST(Timeline, NothingOnAirIsIdleUntilAWindowOpens) {
  Slide morning = slide("morning", 10s);
  morning.window.from = local("2024-09-18 08:00:00");
  morning.window.until = local("2024-09-18 09:00:00");
  const Show show = show_of({morning});
  EXPECT_EQ(on_air(show, at(show, "2024-09-18 07:59:59")), "(idle)");
  const Frame f = resolve(show, at(show, "2024-09-18 08:00:03"));
  ASSERT_EQ(f.slide, 0);
  EXPECT_EQ(f.slide_start, at(show, "2024-09-18 08:00:00"));
  EXPECT_EQ(on_air(show, at(show, "2024-09-18 09:00:00")), "(idle)");
  EXPECT_EQ(on_air(show, at(show, "2024-09-19 08:30:00")), "(idle)");
}

TEST(Timeline, DaysOfWeekFilterSlides) {
  Slide wed = slide("wed-only", 10s);
  wed.window.days = 1 << 3;  // Wednesday
  const Show show = show_of({slide("a", 10s), wed});
  EXPECT_EQ(on_air(show, at(show, "2024-09-18 10:00:10")), "wed-only");  // a Wednesday
  EXPECT_EQ(on_air(show, at(show, "2024-09-19 10:00:10")), "a");         // Thursday
}

TEST(Timeline, TransitionProgressRunsAtTheStartOfTheIncomingSlide) {
  const Show show = show_of({slide("a", 10s), slide("b", 10s, TransitionKind::fade)});
  const Frame mid = resolve(show, at(show, "2024-09-18 09:00:10") + 400ms);
  EXPECT_EQ(mid.slide, 1);
  EXPECT_EQ(mid.previous, 0);
  EXPECT_DOUBLE_EQ(mid.progress, 0.5);
  EXPECT_EQ(mid.outgoing.elapsed, 10400ms);
  EXPECT_DOUBLE_EQ(mid.eased, ease(Easing::ease_in_out, 0.5));
  const Frame done = resolve(show, at(show, "2024-09-18 09:00:10") + 800ms);
  EXPECT_EQ(done.previous, -1);
  EXPECT_DOUBLE_EQ(done.progress, 1.0);
  // Slide a has a cut transition, so b -> a switches at once.
  EXPECT_EQ(resolve(show, at(show, "2024-09-18 09:00:20")).previous, -1);
}

TEST(Timeline, SameClockSameFrameOnEveryScreen) {
  Slide lunch = slide("lunch", 25s, TransitionKind::fade);
  lunch.window.times = {{12h + 10min, 13h + 30min}};
  const Show one = show_of({slide("a", 7s), lunch, slide("c", 13s)});
  const Show two = one;
  const Instant t = at(one, "2024-09-18 12:47:31") + 123ms;
  const Frame a = resolve(one, t), b = resolve(two, t);
  EXPECT_EQ(a.slide, b.slide);
  EXPECT_EQ(a.slide_start, b.slide_start);
  EXPECT_EQ(a.previous, b.previous);
  EXPECT_EQ(a.progress, b.progress);
}

// Replays the day second by second without the cycle skipping, as a reference.
std::string reference_on_air(const Show& show, Instant t) {
  const auto* zone = show.zone;
  const auto day = date::floor<date::days>(zone->to_local(t));
  Instant clock = date::floor<Millis>(zone->to_sys(LocalTime{day}, date::choose::earliest));
  auto live = [&](int i, Instant when) {
    return show.slides[i].window.contains(date::floor<std::chrono::seconds>(zone->to_local(when)));
  };
  const int n = static_cast<int>(show.slides.size());
  int current = -1;
  for (int i = 0; i < n && current < 0; ++i)
    if (live(i, clock)) current = i;
  Instant start = clock;
  while (true) {
    if (current < 0) {
      clock += 1s;
      if (clock > t) return "(idle)";
      for (int i = 0; i < n && current < 0; ++i)
        if (live(i, clock)) current = i;
      start = clock;
      continue;
    }
    Instant end = start;
    while (end < start + show.slides[current].duration && live(current, end)) end += 1s;
    if (t < end) return show.slides[current].id;
    int next = -1;
    for (int step = 1; step <= n && next < 0; ++step)
      if (live((current + step) % n, end)) next = (current + step) % n;
    current = next;
    start = end;
    clock = end;
  }
}

TEST(Timeline, MatchesASecondBySecondReplay) {
  Slide lunch = slide("lunch", 25s);
  lunch.window.times = {{12h + 10min, 13h + 30min}};
  Slide raffle = slide("raffle", 40s);
  raffle.window.times = {{15h + 30min, 15h + 45min}};
  raffle.window.days = 0b0011000;  // Wed, Thu
  Slide evening = slide("evening", 17s);
  evening.window.from = local("2024-09-18 17:30:00");
  const Show show = show_of({slide("a", 7s), lunch, slide("c", 13s), raffle, evening});
  std::mt19937 rng(2024);
  std::uniform_int_distribution<int> second(0, 24 * 3600 - 1);
  for (int i = 0; i < 40; ++i) {
    const Instant t = at(show, "2024-09-18 00:00:00") + std::chrono::seconds(second(rng));
    EXPECT_EQ(on_air(show, t), reference_on_air(show, t))
        << "at " << date::format("%F %T", show.zone->to_local(t));
  }
}

TEST(Duration, ParsesWhatStaffWrite) {
  EXPECT_EQ(parse_duration("10s"), 10s);
  EXPECT_EQ(parse_duration("2m"), 2min);
  EXPECT_EQ(parse_duration("1m30s"), 90s);
  EXPECT_EQ(parse_duration("1h 5m"), 65min);
  EXPECT_EQ(parse_duration("750ms"), 750ms);
  EXPECT_EQ(parse_duration("1.5s"), 1500ms);
  EXPECT_EQ(parse_duration("12"), 12s);
  EXPECT_EQ(parse_duration(""), std::nullopt);
  EXPECT_EQ(parse_duration("ten seconds"), std::nullopt);
  EXPECT_EQ(parse_duration("10x"), std::nullopt);
  EXPECT_EQ(parse_duration("1m30"), std::nullopt);
  EXPECT_EQ(parse_duration("-5s"), std::nullopt);
  EXPECT_EQ(format_duration(90s), "1m30s");
  EXPECT_EQ(format_duration(800ms), "800ms");
  EXPECT_EQ(format_duration(2h), "2h");
}

}  // namespace
}  // namespace marquee

namespace marquee {
namespace {

TEST(Splice, LiveEditKeepsTheSlideOnAirRunning) {
  const Show before = show_of({slide("a", 10s), slide("b", 20s), slide("c", 30s)});
  // The edit lengthens a, which would move the whole day's rotation.
  Show after = show_of({slide("a", 25s), slide("b", 20s), slide("c", 30s)});
  const Instant now = at(before, "2024-09-18 12:05:17");
  ASSERT_EQ(on_air(after, now), "a");  // without a splice the screen would jump
  after.splice = splice_for_swap(before, after, {}, now);
  const Frame f = resolve(after, now);
  EXPECT_EQ(after.slides[f.slide].id, "b");
  EXPECT_EQ(f.slide_start, at(before, "2024-09-18 12:05:10"));
  // After b the new durations apply: c, then the longer a.
  EXPECT_EQ(on_air(after, at(before, "2024-09-18 12:05:30")), "c");
  EXPECT_EQ(on_air(after, at(before, "2024-09-18 12:06:14")), "a");
  // The splice only holds for its own day.
  EXPECT_EQ(on_air(after, at(before, "2024-09-19 00:00:05")), "a");
}

TEST(Splice, RemovedSlideHandsOverAtOnce) {
  const Show before = show_of({slide("a", 10s), slide("b", 20s), slide("c", 30s)});
  Show after = show_of({slide("a", 10s), slide("c", 30s)});
  const Instant now = at(before, "2024-09-18 12:05:17");
  after.splice = splice_for_swap(before, after, {}, now);
  const Frame f = resolve(after, now);
  EXPECT_EQ(after.slides[f.slide].id, "c");
  EXPECT_EQ(f.slide_start, now);
}

TEST(Splice, NothingOnAirLeavesTheNewShowItsOwnDay) {
  Slide morning = slide("morning", 10s);
  morning.window.from = local("2024-09-18 08:00:00");
  const Show before = show_of({morning});
  const Show after = show_of({slide("a", 10s), slide("b", 10s)});
  EXPECT_EQ(splice_for_swap(before, after, {}, at(before, "2024-09-18 07:00:00")), std::nullopt);
}

TEST(Timeline, AWindowClosingEarlyShortensTheMomentsTimeOnAir) {
  Slide lunch = slide("lunch", 30s);
  lunch.window.times = {{12h, 13h}};
  lunch.duration = 32s;
  const Show show = show_of({slide("a", 10s), lunch});
  // As in WindowClosingMidSlideCutsItShort: lunch is on from 12:59:30 to 13:00, not 32 s.
  const Frame f = resolve(show, at(show, "2024-09-18 12:59:50"));
  EXPECT_EQ(f.incoming.elapsed, 20s);
  EXPECT_EQ(f.incoming.duration, 30s);
}

}  // namespace
}  // namespace marquee
