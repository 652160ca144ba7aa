// Operator input as a value: steps, gotos, holds and resumes in the log, across reloads, midnight
// and restarts.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/timeline.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

Slide slide(const std::string& id, Millis duration, TransitionKind kind = TransitionKind::cut) {
  Slide s;
  s.id = id;
  s.content = TitleSlide{id, "", "", Align::center};
  s.duration = duration;
  s.transition.kind = kind;
  return s;
}

Show show_of(std::vector<Slide> slides) {
  Show show;
  show.timezone = "America/Los_Angeles";
  show.zone = date::locate_zone(show.timezone);
  show.slides = std::move(slides);
  return show;
}

Instant at(const std::string& local_text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  EXPECT_EQ(std::sscanf(local_text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec), 6);
  const LocalTime t = LocalTime{date::local_days{date::year{y} / mo / d}} + std::chrono::hours{h} +
                      std::chrono::minutes{mi} + std::chrono::seconds{sec};
  return date::floor<Millis>(date::locate_zone("America/Los_Angeles")->to_sys(t));
}

std::string on_air(const Show& show, const OperatorState& ops, Instant t) {
  const Frame f = resolve(show, ops, t);
  return f.slide < 0 ? "(idle)" : show.slides[f.slide].id;
}

OperatorEvent event(Instant t, OperatorAction action) {
  return {t, std::move(action), "test"};
}

// a 10 s, b 20 s, c 30 s: at 12:05:17 b is on air since 12:05:10 (the cycle is a minute).
Show abc() {
  return show_of({slide("a", 10s), slide("b", 20s), slide("c", 30s)});
}

TEST(Operator, StepsForwardAndBackFromTheSlideOnScreen) {
  const Show show = abc();
  const Instant t = at("2024-09-18 12:05:17");
  OperatorState ops;
  ops.add(event(t, StepAction{+1}));
  EXPECT_EQ(on_air(show, ops, t), "c");
  EXPECT_EQ(resolve(show, ops, t + 5s).slide_start, t) << "the stepped-to slide gets a whole turn";
  ops.add(event(t + 1s, StepAction{-1}));
  EXPECT_EQ(on_air(show, ops, t + 1s), "b");
  ops.add(event(t + 2s, StepAction{-1}));
  EXPECT_EQ(on_air(show, ops, t + 2s), "a");
  // The rotation runs on from the last step: a's 10 s, then b.
  EXPECT_EQ(on_air(show, ops, t + 2s + 10s), "b");
  // Events in the future have not happened yet.
  EXPECT_EQ(on_air(show, ops, t - 1s), "b");
}

TEST(Operator, AStepTransitionsFromTheSlideItReplaces) {
  const Show show =
      show_of({slide("a", 10s, TransitionKind::fade), slide("b", 20s, TransitionKind::fade)});
  const Instant t = at("2024-09-18 12:05:03");  // a on air
  OperatorState ops;
  ops.add(event(t, StepAction{+1}));
  const Frame f = resolve(show, ops, t + 400ms);
  EXPECT_EQ(f.slide, 1);
  EXPECT_EQ(f.previous, 0);
  EXPECT_DOUBLE_EQ(f.progress, 0.5);
  EXPECT_EQ(f.outgoing.elapsed, 3400ms);
}

TEST(Operator, StepThenReloadThenStepLosesNeither) {
  const Show before = abc();
  const Instant t1 = at("2024-09-18 12:05:17");  // b on air; step to c
  OperatorState ops;
  ops.add(event(t1, StepAction{+1}));
  // An edit lands: c gets longer and a new slide x follows it.
  Show after = show_of({slide("a", 10s), slide("b", 20s), slide("c", 40s), slide("x", 5s)});
  const Instant t2 = t1 + 3s;
  after.splice = splice_for_swap(before, after, ops, t2);
  EXPECT_EQ(on_air(after, ops, t2), "c");
  EXPECT_EQ(resolve(after, ops, t2).slide_start, t1) << "c keeps running from the step";
  EXPECT_EQ(on_air(after, ops, t1 + 39s), "c") << "with the edit's 40 s";
  // A second key press after the reload steps on from there, in the new show.
  const Instant t3 = t2 + 2s;
  ops.add(event(t3, StepAction{+1}));
  EXPECT_EQ(on_air(after, ops, t3), "x");
  EXPECT_EQ(on_air(after, ops, t3 + 5s), "a");
}

TEST(Operator, HoldKeepsTheSlideAcrossMidnightUntilResume) {
  const Show show = abc();
  const Instant hold = at("2024-09-18 23:59:50");  // c on air since 23:59:30
  OperatorState ops;
  ops.add(event(hold, HoldAction{}));
  // Without the hold, midnight would start the day over on a.
  EXPECT_EQ(on_air(show, {}, at("2024-09-19 00:00:05")), "a");
  const Frame held = resolve(show, ops, at("2024-09-19 00:00:05"));
  EXPECT_EQ(show.slides[held.slide].id, "c");
  EXPECT_TRUE(held.held);
  EXPECT_EQ(held.slide_start, at("2024-09-18 23:59:30"));
  EXPECT_EQ(held.incoming.elapsed, 35s) << "the clock runs on while held";
  EXPECT_EQ(held.incoming.duration, 30s) << "painters pace pages by its own duration";
  EXPECT_EQ(on_air(show, ops, at("2024-09-19 08:00:00")), "c");
  // Resumed long after its turn, c hands over at once and the rotation runs on from there.
  const Instant resume = at("2024-09-19 08:00:00");
  ops.add(event(resume, ResumeAction{}));
  EXPECT_EQ(on_air(show, ops, resume), "a");
  EXPECT_EQ(resolve(show, ops, resume).slide_start, resume);
  EXPECT_EQ(on_air(show, ops, resume + 10s), "b");
  EXPECT_FALSE(resolve(show, ops, resume + 10s).held);
}

TEST(Operator, AShortHoldLetsTheSlideFinishItsTurn) {
  const Show show = abc();
  const Instant t = at("2024-09-18 12:05:12");  // b on air since 12:05:10, until 12:05:30
  OperatorState ops;
  ops.add(event(t, HoldAction{}));
  ops.add(event(t + 5s, ResumeAction{}));
  EXPECT_EQ(on_air(show, ops, t + 17s), "b");
  EXPECT_EQ(on_air(show, ops, t + 18s), "c");
}

TEST(Operator, StepsWhileHeldMoveTheHold) {
  const Show show = abc();
  const Instant t = at("2024-09-18 12:05:12");
  OperatorState ops;
  ops.add(event(t, HoldAction{}));
  ops.add(event(t + 1s, StepAction{+1}));
  EXPECT_EQ(on_air(show, ops, t + 2min), "c");
  EXPECT_TRUE(resolve(show, ops, t + 2min).held);
  ops.add(event(t + 2min, GotoAction{"a"}));
  EXPECT_EQ(on_air(show, ops, t + 3min), "a");
}

TEST(Operator, GotoASlideThatAReloadRemoved) {
  const Show before = abc();
  const Instant t1 = at("2024-09-18 12:05:17");
  OperatorState ops;
  ops.add(event(t1, GotoAction{"a"}));
  EXPECT_EQ(on_air(before, ops, t1), "a");
  // The edit removes a: the slide now in its place takes over at once.
  Show after = show_of({slide("b", 20s), slide("c", 30s)});
  const Instant t2 = t1 + 4s;
  after.splice = splice_for_swap(before, after, ops, t2);
  EXPECT_EQ(on_air(after, ops, t2), "b");
  EXPECT_EQ(resolve(after, ops, t2).slide_start, t2);
  // A restart on the edited playlist replays the log: the goto names no slide any more,
  // so it is ignored rather than guessed at, and the day's rotation shows.
  EXPECT_EQ(on_air(after, ops, t2 + 1s), "b");
  const Show restarted = show_of({slide("b", 20s), slide("c", 30s)});
  EXPECT_EQ(on_air(restarted, ops, t2 + 1s), on_air(restarted, {}, t2 + 1s));
}

TEST(Operator, ARestartReplayingTheLogComesBackOnTheSameFrame) {
  const Show show = show_of({slide("a", 10s, TransitionKind::fade), slide("b", 20s),
                             slide("c", 30s, TransitionKind::push_left)});
  const Instant t = at("2024-09-18 12:05:17");
  OperatorState ops;
  ops.add(event(t, StepAction{+1}));
  ops.add(event(t + 4s, HoldAction{}));
  ops.add(event(t + 90s, ResumeAction{}));
  ops.add(event(t + 95s, GotoAction{"c"}));
  ops.add(event(t + 97s, StepAction{-1}));
  // What the screen showed at each instant, and what a player restarted then, with the
  // show loaded afresh and the log read back, shows.
  const Show fresh = show_of({slide("a", 10s, TransitionKind::fade), slide("b", 20s),
                              slide("c", 30s, TransitionKind::push_left)});
  for (const Millis into : {Millis{0}, Millis{3'000}, Millis{50'000}, Millis{90'000},
                            Millis{90'300}, Millis{95'400}, Millis{97'100}, Millis{200'000}}) {
    const Frame before = resolve(show, ops, t + into);
    const Frame after = resolve(fresh, ops, t + into);
    SCOPED_TRACE(into.count());
    EXPECT_EQ(after.slide, before.slide);
    EXPECT_EQ(after.slide_start, before.slide_start);
    EXPECT_EQ(after.previous, before.previous);
    EXPECT_EQ(after.progress, before.progress);
    EXPECT_EQ(after.held, before.held);
  }
}

TEST(Operator, EventsKeepTheirOrderByInstant) {
  OperatorState ops;
  const Instant t = at("2024-09-18 12:00:00");
  ops.add(event(t + 2s, HoldAction{}));
  ops.add(event(t, StepAction{+1}));
  ops.add(event(t + 2s, ResumeAction{}));
  ASSERT_EQ(ops.events.size(), 3u);
  EXPECT_EQ(ops.events[0].action, OperatorAction{StepAction{+1}});
  EXPECT_EQ(ops.events[1].action, OperatorAction{HoldAction{}});
  EXPECT_EQ(ops.events[2].action, OperatorAction{ResumeAction{}}) << "same instant: as added";
  EXPECT_EQ(ops.revision, 3u);
}

}  // namespace
}  // namespace marquee

namespace marquee {
namespace {

TakeoverAction takeover(std::string id, TakeoverStyle style, std::optional<Millis> duration = {}) {
  TakeoverAction t;
  t.id = std::move(id);
  t.text = "Keynote starts in 5 minutes \xC2\xB7 Festival Pavilion, Pier 3";
  t.style = style;
  t.duration = duration;
  return t;
}

TEST(Takeover, FadesInWithThePlaylistsTransitionAndEndsAfterItsDuration) {
  Show show = abc();
  show.transition = {TransitionKind::fade, 1000ms, Easing::linear};
  const Instant t = at("2024-09-18 12:05:17");
  OperatorState ops;
  ops.add(event(t, takeover("keynote", TakeoverStyle::info, 300s)));
  EXPECT_TRUE(resolve(show, ops, t - 1ms).takeovers.empty());
  ASSERT_EQ(resolve(show, ops, t + 500ms).takeovers.size(), 1u);
  EXPECT_DOUBLE_EQ(resolve(show, ops, t + 500ms).takeovers[0].alpha, 0.5);
  EXPECT_DOUBLE_EQ(resolve(show, ops, t + 2s).takeovers[0].alpha, 1.0);
  // It lies over the rotation, which runs on beneath it.
  EXPECT_EQ(on_air(show, ops, t + 30s), on_air(show, {}, t + 30s));
  EXPECT_DOUBLE_EQ(resolve(show, ops, t + 300s + 250ms).takeovers[0].alpha, 0.75);
  EXPECT_TRUE(resolve(show, ops, t + 301s).takeovers.empty());
}

TEST(Takeover, EmergencyStacksOnTopAndClearEndsOneOrAll) {
  Show show = abc();
  show.transition = {TransitionKind::cut, 0ms, Easing::linear};
  const Instant t = at("2024-09-18 12:05:17");
  OperatorState ops;
  ops.add(event(t, takeover("evacuate", TakeoverStyle::emergency)));
  ops.add(event(t + 1s, takeover("keynote", TakeoverStyle::info)));
  ops.add(event(t + 2s, takeover("thanks", TakeoverStyle::sponsor)));
  const auto on = resolve(show, ops, t + 3s).takeovers;
  ASSERT_EQ(on.size(), 3u);
  EXPECT_EQ(on[0].takeover.id, "keynote");
  EXPECT_EQ(on[1].takeover.id, "thanks");
  EXPECT_EQ(on[2].takeover.id, "evacuate") << "emergency on top";
  ops.add(event(t + 4s, ClearAction{"evacuate"}));
  EXPECT_EQ(resolve(show, ops, t + 4s).takeovers.size(), 2u);
  // The same id again replaces the message rather than stacking a second one.
  TakeoverAction newer = takeover("keynote", TakeoverStyle::info);
  newer.text = "Keynote starts now";
  ops.add(event(t + 5s, newer));
  const auto replaced = resolve(show, ops, t + 5s).takeovers;
  ASSERT_EQ(replaced.size(), 2u);
  EXPECT_EQ(replaced[1].takeover.text, "Keynote starts now");
  ops.add(event(t + 6s, ClearAction{}));
  EXPECT_TRUE(resolve(show, ops, t + 6s).takeovers.empty());
}

TEST(Takeover, UntilEndsItAtAWallClockTime) {
  Show show = abc();
  show.transition = {TransitionKind::cut, 0ms, Easing::linear};
  const Instant t = at("2024-09-18 12:05:17");
  TakeoverAction lunch = takeover("lunch", TakeoverStyle::sponsor);
  lunch.until = at("2024-09-18 12:10:00");
  OperatorState ops;
  ops.add(event(t, lunch));
  EXPECT_EQ(resolve(show, ops, at("2024-09-18 12:09:59")).takeovers.size(), 1u);
  EXPECT_TRUE(resolve(show, ops, at("2024-09-18 12:10:00")).takeovers.empty());
}

TEST(Identify, ShowsForFiveSeconds) {
  const Show show = abc();
  const Instant t = at("2024-09-18 12:05:17");
  OperatorState ops;
  ops.add(event(t, IdentifyAction{}));
  EXPECT_FALSE(resolve(show, ops, t - 1ms).identify);
  EXPECT_TRUE(resolve(show, ops, t + 4999ms).identify);
  EXPECT_FALSE(resolve(show, ops, t + 5s).identify);
  EXPECT_EQ(on_air(show, ops, t + 1s), on_air(show, {}, t + 1s));
}

// What a screen shows, as far as the operators can change it.
std::string picture(const Show& show, const OperatorState& ops, Instant t) {
  const Frame f = resolve(show, ops, t);
  std::string out = (f.slide < 0 ? "(idle)" : show.slides[f.slide].id) + "@" +
                    std::to_string(f.slide_start.time_since_epoch().count()) +
                    (f.held ? " held" : "") + (f.identify ? " identify" : "");
  for (const auto& on : f.takeovers)
    out += " " + on.takeover.id + ":" + std::to_string(static_cast<int>(on.alpha * 1000));
  return out;
}

// The trimmed log shows what the whole one shows, from `now` through the next two days.
void expect_same_pictures(const Show& show, const OperatorState& whole,
                          const OperatorState& trimmed, Instant now) {
  for (Millis after :
       std::initializer_list<Millis>{0ms, 1ms, 400ms, 5s, 17s, 1min, 10min, 3h, 13h, 25h, 47h})
    EXPECT_EQ(picture(show, trimmed, now + after), picture(show, whole, now + after))
        << "at now + " << after.count() << " ms";
}

TEST(Trim, DropsYesterdaysEventsThatNoLongerShow) {
  const Show show = abc();
  OperatorState ops;
  ops.add(event(at("2024-09-17 10:00:00"), StepAction{+1}));
  ops.add(event(at("2024-09-17 10:00:05"), GotoAction{"c"}));
  ops.add(event(at("2024-09-17 11:00:00"), HoldAction{}));
  ops.add(event(at("2024-09-17 11:30:00"), ResumeAction{}));
  ops.add(event(at("2024-09-17 12:00:00"), takeover("lunch", TakeoverStyle::info, 300s)));
  ops.add(event(at("2024-09-17 13:00:00"), takeover("keynote", TakeoverStyle::info)));
  ops.add(event(at("2024-09-17 13:10:00"), ClearAction{"keynote"}));
  ops.add(event(at("2024-09-17 14:00:00"), IdentifyAction{}));
  ops.add(event(at("2024-09-18 09:00:00"), StepAction{+1}));
  const Instant now = at("2024-09-18 12:00:00");
  const OperatorState trimmed = trim(show, ops, now);
  ASSERT_EQ(trimmed.events.size(), 1u);
  EXPECT_EQ(trimmed.events[0].at, at("2024-09-18 09:00:00"));
  EXPECT_EQ(trimmed.revision, ops.revision) << "the revision goes on counting";
  expect_same_pictures(show, ops, trimmed, now);
  expect_same_pictures(show, ops, trimmed, at("2024-09-18 00:00:00"));
}

TEST(Trim, KeepsAHoldStillOnWithWhatLedToIt) {
  const Show show = abc();
  OperatorState ops;
  ops.add(event(at("2024-09-15 10:00:00"), StepAction{+1}));  // over before the hold's day
  ops.add(event(at("2024-09-16 23:00:00"), GotoAction{"c"}));
  ops.add(event(at("2024-09-16 23:00:10"), HoldAction{}));
  ops.add(event(at("2024-09-17 09:00:00"), StepAction{-1}));  // moves the hold to b
  ops.add(event(at("2024-09-17 09:30:00"), takeover("old", TakeoverStyle::info, 60s)));
  const Instant now = at("2024-09-18 12:00:00");
  const OperatorState trimmed = trim(show, ops, now);
  ASSERT_EQ(trimmed.events.size(), 3u);
  EXPECT_EQ(trimmed.events[0].at, at("2024-09-16 23:00:00"));
  EXPECT_EQ(on_air(show, trimmed, now), "b");
  expect_same_pictures(show, ops, trimmed, now);
  // A resume today ends the hold: at the next midnight all of it can go.
  ops.add(event(at("2024-09-18 12:30:00"), ResumeAction{}));
  expect_same_pictures(show, ops, trim(show, ops, now), now);
  EXPECT_TRUE(trim(show, ops, at("2024-09-19 08:00:00")).events.empty());
}

TEST(Trim, KeepsTakeoversOnScreenAndTheClearsThatEndThem) {
  Show show = abc();
  show.transition = {TransitionKind::fade, 1000ms, Easing::linear};
  OperatorState ops;
  ops.add(event(at("2024-09-17 08:00:00"), takeover("wifi", TakeoverStyle::info)));  // no end
  ops.add(event(at("2024-09-17 09:00:00"), takeover("gone", TakeoverStyle::info)));
  ops.add(event(at("2024-09-17 09:05:00"), ClearAction{"gone"}));
  ops.add(event(at("2024-09-17 22:00:00"), takeover("late", TakeoverStyle::sponsor)));
  // Cleared half a second before midnight: still fading out at midnight.
  ops.add(event(at("2024-09-17 23:59:59") + 500ms, ClearAction{"late"}));
  ops.add(event(at("2024-09-17 23:59:59") + 800ms, IdentifyAction{}));
  const Instant midnight = at("2024-09-18 00:00:00");
  const OperatorState trimmed = trim(show, ops, midnight + 10min);
  std::vector<std::string> kept;
  for (const auto& e : trimmed.events) kept.push_back(describe(e.action));
  EXPECT_EQ(kept,
            (std::vector<std::string>{"takeover wifi", "takeover late", "clear late", "identify"}));
  expect_same_pictures(show, ops, trimmed, midnight);
}

TEST(Trim, LeavesTodaysLogAsItIs) {
  const Show show = abc();
  OperatorState ops;
  ops.add(event(at("2024-09-18 08:00:00"), HoldAction{}));
  ops.add(event(at("2024-09-18 08:00:01"), ClearAction{}));
  EXPECT_EQ(trim(show, ops, at("2024-09-18 12:00:00")), ops);
  EXPECT_EQ(trim(show, {}, at("2024-09-18 12:00:00")), OperatorState{});
}

}  // namespace
}  // namespace marquee
