// resolve() through a show's timetable against the turn-by-turn timeline, on randomised playlists
// with windows, days, operator steps, gotos, holds and splices.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "config/loader.h"
#include "core/timeline.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

LocalTime local_day(int y, int m, int d) {
  return LocalTime{date::local_days{date::year{y} / m / d}};
}

std::string describe(const Frame& f) {
  std::ostringstream out;
  const auto ms = [](Instant t) { return t.time_since_epoch().count(); };
  out << "slide " << f.slide << " [" << ms(f.slide_start) << ", " << ms(f.slide_end)
      << ") previous " << f.previous << " from " << ms(f.previous_start) << " held " << f.held
      << " progress " << f.progress << " eased " << f.eased << " elapsed "
      << f.incoming.elapsed.count() << "/" << f.incoming.duration.count() << " outgoing "
      << f.outgoing.elapsed.count() << "/" << f.outgoing.duration.count();
  return out.str();
}

struct Case {
  Show show;
  OperatorState operators;
  Instant day{};  // local midnight of the first day the instants fall in
};

// A playlist of up to 9 slides, most of them with windows, and a day's operator log.
Case random_case(std::mt19937& rng, const char* zone, LocalTime first_day) {
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Case c;
  c.show.timezone = zone;
  c.show.zone = date::locate_zone(zone);
  c.day = date::floor<Millis>(c.show.zone->to_sys(first_day, date::choose::earliest));
  const int n = pick(1, 9);
  for (int i = 0; i < n; ++i) {
    Slide s;
    s.id = "s" + std::to_string(i);
    s.content = TitleSlide{s.id, "", "", Align::center};
    // Short turns and long ones: a long one often straddles a window edge.
    s.duration = pick(0, 3) == 0 ? Millis{pick(20, 3600) * 1000} : Millis{pick(3000, 300'000)};
    s.transition.kind = pick(0, 2) == 0 ? TransitionKind::cut : TransitionKind::fade;
    s.transition.duration = Millis{pick(1, 3) * 400};
    auto& w = s.window;
    if (pick(0, 2) > 0) {
      const int ranges = pick(0, 2);
      for (int r = 0; r < ranges; ++r) {
        const std::chrono::minutes start{pick(0, 287) * 5}, end{pick(0, 288) * 5};
        if (start != end) w.times.push_back({start, end});  // end <= start runs past midnight
      }
      if (pick(0, 3) == 0) w.days = static_cast<std::uint8_t>(pick(1, 0x7F));
      if (pick(0, 4) == 0) w.from = first_day + std::chrono::minutes{pick(0, 2 * 24 * 60)};
      if (pick(0, 4) == 0) w.until = first_day + std::chrono::minutes{pick(0, 2 * 24 * 60)};
    }
    c.show.slides.push_back(std::move(s));
  }
  const int events = pick(0, 6);
  for (int e = 0; e < events; ++e) {
    const Instant at = c.day + Millis{pick(0, 2 * 24 * 3600 - 1) * 1000LL + pick(0, 999)};
    const int kind = pick(0, 4);
    const int by = pick(0, 1) ? pick(1, 3) : -pick(1, 3);
    const std::string id = pick(0, 4) == 0 ? "gone" : "s" + std::to_string(pick(0, n - 1));
    const OperatorAction action = kind == 0   ? OperatorAction{StepAction{by}}
                                  : kind == 1 ? OperatorAction{GotoAction{id}}
                                  : kind == 2 ? OperatorAction{HoldAction{}}
                                  : kind == 3 ? OperatorAction{ResumeAction{}}
                                              : OperatorAction{IdentifyAction{}};
    c.operators.add({at, action, "test"});
  }
  if (pick(0, 3) == 0) {
    Splice splice;
    splice.swapped = c.day + std::chrono::seconds{pick(0, 2 * 24 * 3600 - 1)};
    splice.anchor.at = splice.swapped - std::chrono::seconds{pick(0, 120)};
    splice.anchor.slide = pick(-1, n);  // now and then one the show does not have
    splice.anchor.previous = pick(-1, n - 1);
    splice.anchor.previous_start = splice.anchor.at - std::chrono::seconds{pick(1, 60)};
    if (pick(0, 2) == 0)
      splice.anchor.until = splice.anchor.at + std::chrono::seconds{pick(1, 600)};
    c.show.splice = splice;
  }
  c.show.timetable = make_timetable(c.show);
  return c;
}

void expect_same(const Show& show, const OperatorState& operators, Instant t,
                 const std::string& what) {
  const Frame fast = resolve(show, operators, t);
  const Frame slow = resolve_turn_by_turn(show, operators, t);
  const bool same = fast.slide == slow.slide && fast.slide_start == slow.slide_start &&
                    fast.slide_end == slow.slide_end && fast.previous == slow.previous &&
                    fast.previous_start == slow.previous_start && fast.held == slow.held &&
                    fast.progress == slow.progress && fast.eased == slow.eased &&
                    fast.incoming.elapsed == slow.incoming.elapsed &&
                    fast.incoming.duration == slow.incoming.duration &&
                    fast.outgoing.elapsed == slow.outgoing.elapsed &&
                    fast.outgoing.duration == slow.outgoing.duration &&
                    fast.identify == slow.identify &&
                    next_change(show, fast) == next_change(show, slow);
  EXPECT_TRUE(same) << what << " at " << date::format("%F %T", show.zone->to_local(t))
                    << "\n  timetable:    " << describe(fast)
                    << "\n  turn by turn: " << describe(slow);
}

void check_random_playlists(const char* zone, LocalTime first_day, unsigned seed) {
  std::mt19937 rng(seed);
  for (int playlist = 0; playlist < 25; ++playlist) {
    const Case c = random_case(rng, zone, first_day);
    const std::string what = std::string(zone) + " playlist " + std::to_string(playlist) + " (" +
                             std::to_string(c.show.slides.size()) + " slides, " +
                             std::to_string(c.operators.events.size()) + " operator events)";
    std::uniform_int_distribution<long> ms(0, 2L * 24 * 3600 * 1000 - 1);
    std::vector<Instant> instants;
    for (int i = 0; i < 30; ++i) instants.push_back(c.day + Millis{ms(rng)});
    // The instants where the fast path could slip: just before and at the hand-overs it
    // predicts, and around the operator events.
    for (int i = 0; i < 10; ++i) {
      const Frame f = resolve(c.show, c.operators, c.day + Millis{ms(rng)});
      if (f.slide_end == Instant::max()) continue;
      instants.push_back(f.slide_end - 1ms);
      instants.push_back(f.slide_end);
    }
    for (const OperatorEvent& e : c.operators.events) {
      instants.push_back(e.at);
      instants.push_back(e.at + 1ms);
    }
    // And as a player asks, frame after frame, which the timetable goes on from.
    Instant frame = c.day + Millis{ms(rng)};
    for (int i = 0; i < 40; ++i) instants.push_back(frame += Millis{ms(rng) % 90'000});
    for (const Instant t : instants) {
      expect_same(c.show, c.operators, t, what);
      if (::testing::Test::HasFailure()) return;  // one playlist's story is enough
    }
  }
}

TEST(Timetable, MatchesTheTurnByTurnTimelineOnRandomPlaylists) {
  check_random_playlists("America/Los_Angeles", local_day(2024, 9, 17), 18);
  check_random_playlists("UTC", local_day(2024, 9, 18), 19);
  check_random_playlists("Europe/Berlin", local_day(2024, 12, 30), 20);  // over a new year
}

// Not over a fall-back night: there a window's local edge comes round twice and the
// timeline lists it once, so the rotation (before the timetable as after it) does not see
// windows change in the repeated hour, while a turn-by-turn reading does.
TEST(Timetable, MatchesTheTurnByTurnTimelineOverSpringForward) {
  // 2024-03-10: Los Angeles skips 02:00-03:00, so windows that open in the gap open at 03:00.
  check_random_playlists("America/Los_Angeles", local_day(2024, 3, 9), 21);
}

TEST(Timetable, ABigPlaylistMatchesTheTurnByTurnTimeline) {
  // As bench/big_playlist.sh writes them: 7 s title slides, every 10th at lunch only.
  Show show;
  show.timezone = "America/Los_Angeles";
  show.zone = date::locate_zone(show.timezone);
  for (int i = 0; i < 300; ++i) {
    Slide s;
    s.id = "s" + std::to_string(i);
    s.content = TitleSlide{s.id, "", "", Align::center};
    s.duration = 7s;
    if (i % 10 == 3) s.window.times = {{12h, 13h}};
    show.slides.push_back(std::move(s));
  }
  show.timetable = make_timetable(show);
  const Instant day =
      date::floor<Millis>(show.zone->to_sys(local_day(2024, 9, 18), date::choose::earliest));
  OperatorState steps;
  steps.add({day + 12h + 30min, StepAction{+1}, "test"});
  steps.add({day + 12h + 59min + 58s, GotoAction{"s13"}, "test"});
  std::mt19937 rng(500);
  std::uniform_int_distribution<long> ms(0, 24L * 3600 * 1000 - 1);
  for (int i = 0; i < 12; ++i) {
    const Instant t = day + Millis{ms(rng)};
    expect_same(show, {}, t, "300 slides");
    const Instant handover = resolve(show, t).slide_end;  // and the fade that follows
    for (const Instant u : {handover - 1ms, handover, handover + 500ms})
      expect_same(show, {}, u, "300 slides, at a hand-over");
  }
  for (const Instant t : {day + 12h - 1ms, day + 12h, day + 13h - 1ms, day + 13h, day + 13h + 1s})
    expect_same(show, steps, t, "300 slides, stepped");
}

TEST(Timetable, TheLoaderGivesEveryShowOne) {
  const auto loaded = config::load_show(MARQUEE_SOURCE_DIR "/playlists/expo-hall.yaml");
  ASSERT_TRUE(loaded.ok());
  ASSERT_NE(loaded.show->timetable, nullptr);
  // A show whose slides changed after loading drops it, and resolve() builds its own.
  Show edited = *loaded.show;
  edited.slides.pop_back();
  edited.timetable.reset();
  const Instant t = date::floor<Millis>(
      edited.zone->to_sys(local_day(2024, 9, 18) + 10h + 17min, date::choose::earliest));
  expect_same(*loaded.show, {}, t, "expo-hall");
  expect_same(edited, {}, t, "expo-hall without its last slide");
}

}  // namespace
}  // namespace marquee
