// When the picture next changes: the timeline and the painters together are never late, and never
// early: the picture is the same until the predicted instant and different at it.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/timeline.h"
#include "render/draw_list.h"
#include "render/paint.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

Instant at(const std::string& local_text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  EXPECT_EQ(std::sscanf(local_text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec), 6);
  const LocalTime t = LocalTime{date::local_days{date::year{y} / mo / d}} + std::chrono::hours{h} +
                      std::chrono::minutes{mi} + std::chrono::seconds{sec};
  return date::floor<Millis>(date::locate_zone("America/Los_Angeles")->to_sys(t));
}

LocalTime local(const std::string& text) {
  return date::floor<std::chrono::seconds>(
      date::locate_zone("America/Los_Angeles")->to_local(at(text)));
}

Slide slide(const std::string& id, SlideContent content, Millis duration = 10s,
            TransitionKind kind = TransitionKind::cut) {
  Slide s;
  s.id = id;
  s.content = std::move(content);
  s.duration = duration;
  s.transition.kind = kind;
  return s;
}

Slide title(const std::string& id, Millis duration = 10s,
            TransitionKind kind = TransitionKind::cut) {
  return slide(id, TitleSlide{"Slide " + id, "", "", Align::center}, duration, kind);
}

Show show_of(std::vector<Slide> slides) {
  Show show;
  show.screen = "expo-hall";
  show.timezone = "America/Los_Angeles";
  show.zone = date::locate_zone(show.timezone);
  show.slides = std::move(slides);
  return show;
}

struct Picture {
  std::uint64_t digest;
  Instant next_change;
};

// The picture at `t` as the player records it (headless metrics), and when the timeline
// and the painters say it next changes.
Picture picture(const Show& show, const OperatorState& ops, Instant t) {
  const Frame frame = resolve(show, ops, t);
  render::ListCanvas canvas;
  render::paint(canvas, show, frame);
  return {canvas.list().digest(), std::min(next_change(show, frame), canvas.list().next_change())};
}

// The prediction at `t` is exact: the same picture up to just before it, a new one at it.
// Every frame is new while something moves; nothing changes when nothing is predicted.
void expect_exact(const Show& show, const OperatorState& ops, Instant t, const std::string& why) {
  SCOPED_TRACE(why);
  const Picture now = picture(show, ops, t);
  if (now.next_change == Instant::max()) {
    for (const Millis later : {Millis{1s}, Millis{1min}, Millis{1h}})
      EXPECT_EQ(picture(show, ops, t + later).digest, now.digest) << "changed after " << later;
    return;
  }
  if (now.next_change <= t) {
    EXPECT_NE(picture(show, ops, t + 16ms).digest, now.digest) << "moving, yet still a frame on";
    return;
  }
  EXPECT_EQ(picture(show, ops, now.next_change - 1ms).digest, now.digest)
      << "changed before the predicted instant " << (now.next_change - t);
  // A transition's first instant (eased progress 0) is still the outgoing picture, so the
  // picture may be new only a millisecond after a hand-over into a fade, push or wipe.
  EXPECT_TRUE(picture(show, ops, now.next_change).digest != now.digest ||
              picture(show, ops, now.next_change + 1ms).digest != now.digest)
      << "unchanged at the predicted instant " << (now.next_change - t);
}

CountdownSlide countdown(const std::string& when, std::string after = "") {
  CountdownSlide c;
  c.title = "Women and non-binary PyTorch lunch";
  c.place = "Gateway Pavilion, Gallery 2";
  c.at = local(when);
  c.lasts = 50min;
  c.after = std::move(after);
  return c;
}

SponsorsSlide wall(int sponsors, Millis spotlight = 0ms) {
  SponsorsSlide s;
  s.heading = "Thank you to our sponsors";
  SponsorTier tier{"Diamond", {}};
  for (int i = 0; i < sponsors; ++i)
    tier.sponsors.push_back({"Sponsor " + std::to_string(i), {}, std::nullopt});
  s.tiers = {tier};
  s.spotlight = spotlight;
  return s;
}

TEST(NextChange, StillSlidesChangeWhenTheyHandOver) {
  const Show show = show_of(
      {title("a"), title("b"), slide("code", QrSlide{"https://pytorch.org", "Schedule", "", ""}),
       slide("map", ImageSlide{"/nowhere/map.png", Fit::contain, "", std::nullopt}),
       slide("film", VideoSlide{"/nowhere/film.mp4"})});
  for (const char* t : {"2024-09-18 12:00:03", "2024-09-18 12:00:13", "2024-09-18 12:00:25",
                        "2024-09-18 12:00:31", "2024-09-18 12:00:49"})
    expect_exact(show, {}, at(t), t);
  EXPECT_EQ(picture(show, {}, at("2024-09-18 12:00:03")).next_change, at("2024-09-18 12:00:10"));
}

TEST(NextChange, TransitionsMoveEveryFrameUntilTheyEnd) {
  const Show show =
      show_of({title("a", 10s, TransitionKind::fade), title("b", 10s, TransitionKind::push_left)});
  expect_exact(show, {}, at("2024-09-18 12:00:10") + 300ms, "mid-push");
  const Instant last = at("2024-09-18 12:00:10") + 799ms;  // the push's last frame
  EXPECT_LE(picture(show, {}, last).next_change, last);
  EXPECT_NE(picture(show, {}, last).digest, picture(show, {}, last + 1ms).digest);
  expect_exact(show, {}, last + 1ms, "after the push");
}

TEST(NextChange, SponsorPagesAndSpotlightTurns) {
  const Show show = show_of({slide("wall", wall(30), 14s), slide("spot", wall(3, 4s), 12s)});
  // From midnight the cycle is 26 s: the spotlight is on 12:00:00-12, the wall 12-26.
  for (const char* t : {"2024-09-18 12:00:13", "2024-09-18 12:00:21", "2024-09-18 12:00:00",
                        "2024-09-18 12:00:03", "2024-09-18 12:00:05"})
    expect_exact(show, {}, at(t), t);
  EXPECT_EQ(picture(show, {}, at("2024-09-18 12:00:13")).next_change, at("2024-09-18 12:00:19"))
      << "the wall's second page";
  EXPECT_EQ(picture(show, {}, at("2024-09-18 12:00:01")).next_change, at("2024-09-18 12:00:04"))
      << "the spotlight's next turn";
}

TEST(NextChange, CountdownsTickBySecondsMinutesAndDays) {
  const Show show =
      show_of({slide("lunch", countdown("2024-09-18 12:10:00", "See you next year"), 24h)});
  for (const char* t : {"2024-09-18 11:30:00",   // 40:00, every second
                        "2024-09-18 09:20:17",   // 2 h 50 min, at the next whole minute left
                        "2024-09-18 11:09:59",   // 1 h 00 min 01 s: to 59:59 and seconds
                        "2024-09-17 08:00:00",   // tomorrow, until 12 h before
                        "2024-09-18 12:09:59",   // to "now"
                        "2024-09-18 12:59:59"})  // "now" to the after message
    expect_exact(show, {}, at(t), t);
}

TEST(NextChange, AgendaLabelsCountDownAndRowsLeave) {
  AgendaSlide agenda;
  agenda.heading = "Next in the expo hall";
  agenda.entries = {
      {local("2024-09-18 12:10:00"), "Women and non-binary PyTorch lunch", "", "", 50min},
      {local("2024-09-18 15:45:00"), "Scavenger hunt raffle drawing", "", "", 15min}};
  const Show show = show_of({slide("agenda", agenda, 24h)});
  for (const char* t :
       {"2024-09-18 11:55:30", "2024-09-18 12:09:30", "2024-09-18 12:59:30", "2024-09-18 09:00:00"})
    expect_exact(show, {}, at(t), t);
}

TEST(NextChange, ChartsGrowEveryFrameThenStandStill) {
  ChartSlide chart;
  chart.title = "PyTorch Conference, year by year";
  chart.points = {{"2022", 300, ""}, {"2023", 600, ""}, {"2024", 1700, ""}};
  const Show show = show_of({slide("growth", chart), title("b")});
  expect_exact(show, {}, at("2024-09-18 12:00:00") + 500ms, "growing");
  expect_exact(show, {}, at("2024-09-18 12:00:02"), "grown");
}

TEST(NextChange, OverlaysTickerClockAndLogo) {
  Show show = show_of({title("a", 1h), title("b", 1h)});
  show.overlays.clock = ClockOverlay{};
  expect_exact(show, {}, at("2024-09-18 12:00:17") + 250ms, "clock");
  EXPECT_EQ(picture(show, {}, at("2024-09-18 12:00:17")).next_change, at("2024-09-18 12:01:00"));
  show.overlays.clock.reset();
  show.overlays.logo = LogoOverlay{"/nowhere/logo.svg"};
  expect_exact(show, {}, at("2024-09-18 12:00:17"), "logo");
  show.overlays.ticker = TickerOverlay{{"Share your photos with #PyTorchConf"}, 120};
  expect_exact(show, {}, at("2024-09-18 12:00:17"), "ticker");
}

TEST(NextChange, IdleUntilAWindowOpens) {
  Slide morning = title("morning");
  morning.window.from = local("2024-09-18 08:00:00");
  const Show show = show_of({morning});
  expect_exact(show, {}, at("2024-09-18 07:15:00"), "idle");
  EXPECT_EQ(picture(show, {}, at("2024-09-18 07:15:00")).next_change, at("2024-09-18 08:00:00"));
}

TEST(NextChange, AHeldSlideStaysAsItIs) {
  Show show = show_of({title("a"), title("b")});
  show.transition = {TransitionKind::fade, 1s, Easing::linear};
  const Instant t = at("2024-09-18 12:00:03");
  OperatorState held;
  held.add({t, HoldAction{}, "test"});
  expect_exact(show, held, t + 1min, "held: nothing changes");
}

TEST(NextChange, TakeoversFadeInStayAndFadeOutAndIdentifyEnds) {
  Show show = show_of({title("a", 1h), title("b")});
  show.transition = {TransitionKind::fade, 1s, Easing::linear};
  const Instant t = at("2024-09-18 12:00:03");
  OperatorState takeover;
  takeover.add({t,
                TakeoverAction{"keynote", "Keynote starts in 5 minutes", "", TakeoverStyle::info,
                               30s, std::nullopt},
                "test"});
  expect_exact(show, takeover, t + 500ms, "fading in");
  expect_exact(show, takeover, t + 2s, "on");
  EXPECT_EQ(picture(show, takeover, t + 2s).next_change, t + 30s) << "until it ends";
  expect_exact(show, takeover, t + 30s + 500ms, "fading out");
  expect_exact(show, takeover, t + 31s, "gone");

  OperatorState identify;
  identify.add({t, IdentifyAction{}, "test"});
  expect_exact(show, identify, t + 1s, "identify");
  EXPECT_EQ(picture(show, identify, t + 1s).next_change, t + 5s);
}

TEST(NextChange, TheStageTimerTicksFlashesAndTheMessageBlinks) {
  StageTimerSlide timer;
  timer.duration = 20min;
  timer.clock = true;
  Show show = show_of({slide("timer", timer, 24h)});
  show.role = ScreenRole::confidence;
  const Instant t = at("2024-09-18 09:00:00");
  OperatorState ops;
  TimerAction start;
  start.verb = TimerAction::Verb::start;
  ops.add({t, start, "test"});
  expect_exact(show, {}, t, "never started: stands still but for the clock");
  expect_exact(show, ops, t + 10s + 250ms, "ticking");
  EXPECT_EQ(picture(show, ops, t + 10s + 250ms).next_change, t + 11s);
  expect_exact(show, ops, t + 15min + 200ms, "the warning's flash");
  expect_exact(show, ops, t + 19min + 59s + 500ms, "into overtime");
  expect_exact(show, ops, t + 25min + 100ms, "overtime counts up");
  TimerAction pause;
  pause.verb = TimerAction::Verb::pause;
  OperatorState paused = ops;
  paused.add({t + 2min, pause, "test"});
  expect_exact(show, paused, t + 3min + 10s, "paused: only the clock");
  paused.add({t + 3min, MessageAction{"Wrap up", true}, "test"});
  expect_exact(show, paused, t + 3min + 10s + 100ms, "blinking");
  EXPECT_EQ(picture(show, paused, t + 3min + 10s + 100ms).next_change, t + 3min + 10s + 500ms);
}

TEST(NextChange, TheLowerThirdSlidesInStaysAndSlidesOut) {
  Show show = show_of({title("a", 1h), title("b", 1h)});
  const Instant t = at("2024-09-18 09:00:00");
  OperatorState ops;
  ops.add({t, LowerThirdAction{"Matt White", "PyTorch", 10s}, "test"});
  expect_exact(show, ops, t + 300ms, "sliding in");
  expect_exact(show, ops, t + 2s, "on");
  EXPECT_EQ(picture(show, ops, t + 2s).next_change, t + 10s);
  expect_exact(show, ops, t + 10s + 200ms, "sliding out");
  expect_exact(show, ops, t + 11s, "gone");
}

}  // namespace
}  // namespace marquee
