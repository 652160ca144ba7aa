// The keynote stage: the speaker timer's digits and phase through a whole talk (table tests),
// its size on a 1080p screen, messages and blackout on the speaker's screens only, the commands.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "control/commands.h"
#include "control/operator_log.h"
#include "core/stage.h"
#include "core/timeline.h"
#include "golden.h"
#include "headless.h"
#include "render/draw_list.h"
#include "render/stage.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

// 10:00 at the venue (UTC here) on the first day of the conference.
const Instant kTen = Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} + 10h;

std::shared_ptr<const Rundown> rundown() {
  auto r = std::make_shared<Rundown>();
  Talk welcome;
  welcome.id = "matt-white";
  welcome.speaker = "Matt White";
  welcome.organisation = "PyTorch";
  welcome.title = "Welcome keynote";
  welcome.duration = 20min;
  Talk next;
  next.id = "panel";
  next.speaker = "Panel";
  next.title = "The state of PyTorch";
  next.duration = 10min;
  next.thresholds = Thresholds{2min, 30s};
  r->talks = {welcome, next};
  return r;
}

// One stage-timer slide that times the talk loaded, else the current one.
Show timer_show(StageTimerSlide timer = {}) {
  if (timer.talk.empty() && timer.duration == 0ms) timer.talk = "current";
  Show show = headless::all_day_show(timer, ScreenRole::audience, "timer");
  show.rundown = rundown();
  return show;
}

TimerAction verb(TimerAction::Verb v) {
  TimerAction a;
  a.verb = v;
  return a;
}
TimerAction load(std::string talk) {
  TimerAction a = verb(TimerAction::Verb::load);
  a.talk = std::move(talk);
  return a;
}
TimerAction add(Millis by) {
  TimerAction a = verb(TimerAction::Verb::add);
  a.by = by;
  return a;
}

TimerReading read_at(const Show& show, const OperatorState& ops, Instant t) {
  const Frame frame = resolve(show, ops, t);
  EXPECT_EQ(frame.slide, 0);
  return std::get<StageTimerSlide>(show.slides[0].content).reading(frame.incoming);
}

struct Row {
  Millis after_start;
  const char* figure;
  TimerPhase phase;
};

const char* name(TimerPhase p) {
  switch (p) {
    case TimerPhase::normal:
      return "normal";
    case TimerPhase::warning:
      return "warning";
    case TimerPhase::danger:
      return "danger";
    case TimerPhase::overtime:
      return "overtime";
  }
  return "?";
}

void expect_rows(const Show& show, const OperatorState& ops, Instant start,
                 std::initializer_list<Row> rows) {
  for (const Row& row : rows) {
    const TimerReading r = read_at(show, ops, start + row.after_start);
    EXPECT_EQ(r.figure, row.figure) << "at start + " << row.after_start;
    EXPECT_STREQ(name(r.phase), name(row.phase)) << "at start + " << row.after_start;
  }
}

const Instant kStart = kTen + 10s;

OperatorState talk_started() {
  OperatorState ops;
  ops.add({kTen, load("matt-white"), "test"});
  ops.add({kStart, verb(TimerAction::Verb::start), "test"});
  return ops;
}

TEST(StageTimer, ThroughAWholeTalkEachThresholdZeroAndOvertime) {
  const Show show = timer_show();
  const OperatorState ops = talk_started();
  expect_rows(show, ops, kStart,
              {{-5s, "20:00", TimerPhase::normal},  // loaded, not started
               {0ms, "20:00", TimerPhase::normal},
               {1ms, "20:00", TimerPhase::normal},  // counting down rounds up
               {1s, "19:59", TimerPhase::normal},
               {14min + 59s, "5:01", TimerPhase::normal},
               {15min, "5:00", TimerPhase::warning},
               {18min + 59s, "1:01", TimerPhase::warning},
               {19min, "1:00", TimerPhase::danger},
               {19min + 59s + 1ms, "0:01", TimerPhase::danger},
               {20min, "0:00", TimerPhase::overtime},
               {20min + 999ms, "0:00", TimerPhase::overtime},
               {20min + 1s, "+0:01", TimerPhase::overtime},
               {21min + 5s, "+1:05", TimerPhase::overtime},
               {90min, "+1:10", TimerPhase::overtime}});  // never freezes: h:mm past an hour
  EXPECT_FALSE(read_at(show, ops, kStart - 5s).started);
  EXPECT_TRUE(read_at(show, ops, kStart + 1s).running);
  // The flash: each phase is entered at its threshold, and the screen knows it exactly.
  EXPECT_EQ(read_at(show, ops, kStart + 15min + 1s).entered, kStart + 15min);
  EXPECT_EQ(read_at(show, ops, kStart + 19min + 2s).entered, kStart + 19min);
  EXPECT_EQ(read_at(show, ops, kStart + 20min + 2s).entered, kStart + 20min);
  EXPECT_EQ(read_at(show, ops, kStart + 10min).entered, std::nullopt);
  // The next change is the next whole second, or the next phase.
  EXPECT_EQ(read_at(show, ops, kStart + 100ms).next_change, kStart + 1s);
}

TEST(StageTimer, OvertimeCanHoldAtZero) {
  StageTimerSlide timer;
  timer.talk = "current";
  timer.hold_at_zero = true;
  const Show show = timer_show(timer);
  expect_rows(show, talk_started(), kStart,
              {{19min + 30s, "0:30", TimerPhase::danger},
               {20min, "0:00", TimerPhase::overtime},
               {25min, "0:00", TimerPhase::overtime}});
  EXPECT_EQ(read_at(show, talk_started(), kStart + 25min).next_change, Instant::max());
}

TEST(StageTimer, PauseResumeAddAndSubtract) {
  const Show show = timer_show();
  OperatorState ops = talk_started();
  ops.add({kStart + 5min, verb(TimerAction::Verb::pause), "test"});
  ops.add({kStart + 8min, verb(TimerAction::Verb::resume), "test"});
  ops.add({kStart + 10min, add(1min), "test"});
  ops.add({kStart + 11min, add(-2min), "test"});
  expect_rows(show, ops, kStart,
              {{5min, "15:00", TimerPhase::normal},
               {7min, "15:00", TimerPhase::normal},  // paused: it stands still
               {8min, "15:00", TimerPhase::normal},
               {9min, "14:00", TimerPhase::normal},
               {10min, "14:00", TimerPhase::normal},  // 13:00 and a minute more
               {11min, "11:00", TimerPhase::normal},  // 12:00 less a minute net
               {17min, "5:00", TimerPhase::warning},
               {22min, "0:00", TimerPhase::overtime}});
  EXPECT_FALSE(read_at(show, ops, kStart + 6min).running);
  // A subtract that jumps it into a phase flashes from that instant.
  OperatorState jump = talk_started();
  jump.add({kStart + 10min, add(-6min), "test"});
  EXPECT_EQ(read_at(show, jump, kStart + 10min + 1s).phase, TimerPhase::warning);
  EXPECT_EQ(read_at(show, jump, kStart + 10min + 1s).entered, kStart + 10min);
}

TEST(StageTimer, ResetLoadNextAndSetATimeToCountTo) {
  const Show show = timer_show();
  OperatorState ops = talk_started();
  ops.add({kStart + 3min, verb(TimerAction::Verb::reset), "test"});
  EXPECT_EQ(read_at(show, ops, kStart + 4min).figure, "20:00");
  EXPECT_FALSE(read_at(show, ops, kStart + 4min).started);
  ops.add({kStart + 5min, load("next"), "test"});
  const TimerReading panel = read_at(show, ops, kStart + 6min);
  EXPECT_EQ(panel.figure, "10:00");  // the panel's own length, and thresholds:
  ops.add({kStart + 6min, verb(TimerAction::Verb::start), "test"});
  expect_rows(show, ops, kStart + 6min,
              {{7min + 59s, "2:01", TimerPhase::normal},
               {8min, "2:00", TimerPhase::warning},
               {9min + 30s, "0:30", TimerPhase::danger}});
  TimerAction until = verb(TimerAction::Verb::set);
  until.until = kTen + 40min;
  ops.add({kStart + 20min, until, "test"});
  EXPECT_EQ(read_at(show, ops, kTen + 30min).figure, "10:00");
  EXPECT_EQ(read_at(show, ops, kTen + 39min + 30s).phase, TimerPhase::danger);
}

TEST(StageTimer, ARestartMidTalkReadsTheSameFromTheKeptLog) {
  const Show show = timer_show();
  OperatorState ops = talk_started();
  ops.add({kStart + 5min, verb(TimerAction::Verb::pause), "test"});
  ops.add({kStart + 6min, verb(TimerAction::Verb::resume), "test"});
  ops.add({kStart + 7min, add(90s), "test"});
  // What a restarted player reads back from disk, and the log trimmed at the next start.
  const auto kept = control::parse_operator_log(control::to_json(ops).dump(), "operators.json");
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->problems.empty());
  const OperatorState trimmed = trim(show, kept->log, kStart + 12min);
  for (const Millis t : {Millis{12min}, Millis{12min + 500ms}, Millis{19min}, Millis{25min}}) {
    const TimerReading before = read_at(show, ops, kStart + t);
    const TimerReading after = read_at(show, kept->log, kStart + t);
    EXPECT_EQ(after.figure, before.figure);
    EXPECT_EQ(after.phase, before.phase);
    EXPECT_EQ(read_at(show, trimmed, kStart + t).figure, before.figure);
  }
  EXPECT_EQ(read_at(show, ops, kStart + 12min).figure, "10:30");
}

TEST(StageTimer, FiguresAreMinutesAndSecondsUnderAnHourHoursAndMinutesAbove) {
  EXPECT_EQ(timer_figure(59min + 59s, false, true), "59:59");
  EXPECT_EQ(timer_figure(1h, false, true), "1:00");
  EXPECT_EQ(timer_figure(1h + 5min, false, true), "1:05");
  EXPECT_EQ(timer_figure(1h + 4min + 1s, false, true), "1:05");  // rounds up, never late
  EXPECT_EQ(timer_figure(24min + 1s, true, true), "25 min");
  EXPECT_EQ(timer_figure(65min, true, true), "1 h 05 min");
  EXPECT_EQ(timer_figure(42s, false, false), "0:42");
}

TEST(StageTimer, CountUpAndClock) {
  StageTimerSlide up;
  up.mode = TimerMode::countup;
  up.duration = 10min;
  const Show show = timer_show(up);
  OperatorState ops;
  ops.add({kStart, verb(TimerAction::Verb::start), "test"});
  expect_rows(show, ops, kStart,
              {{0ms, "0:00", TimerPhase::normal},
               {999ms, "0:00", TimerPhase::normal},
               {4min + 59s, "4:59", TimerPhase::normal},
               {5min, "5:00", TimerPhase::warning},
               {10min, "10:00", TimerPhase::overtime}});
  StageTimerSlide clock;
  clock.mode = TimerMode::clock;
  EXPECT_EQ(read_at(timer_show(clock), {}, kTen + 40min + 10s).figure, "10:40");
}

// ---- on screen ----

class StagePicture : public headless::Renders {
 protected:
  SDL_Surface* at(const Show& show, const OperatorState& ops, Instant now, int w, int h) {
    return render(show, resolve(show, ops, now), w, h);
  }
};

// Whether an RGB pixel is ink: not the background.
bool is_ink(const Uint8* p, Color background) {
  return std::abs(p[0] - background.r) + std::abs(p[1] - background.g) +
             std::abs(p[2] - background.b) >=
         60;
}

// The ink's bounding box: every pixel that is not the background.
SDL_Rect ink_box(SDL_Surface* surface, Color background) {
  const backends::SurfacePtr rgb = golden::as_rgb24(surface);
  int x0 = rgb->w, y0 = rgb->h, x1 = -1, y1 = -1;
  for (int y = 0; y < rgb->h; ++y) {
    const auto* row = static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch;
    for (int x = 0; x < rgb->w; ++x) {
      if (!is_ink(row + 3 * x, background)) continue;
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  }
  return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

// The figure's box: the tallest band of inked rows, so a status line under it ("Over time"),
// which stands apart, is not counted as digit height.
SDL_Rect figure_box(SDL_Surface* surface, Color background) {
  const backends::SurfacePtr rgb = golden::as_rgb24(surface);
  const auto pixel = [&](int x, int y) {
    return static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch + 3 * x;
  };
  const auto inked = [&](int y) {
    for (int x = 0; x < rgb->w; ++x)
      if (is_ink(pixel(x, y), background)) return true;
    return false;
  };
  int best_y = 0, best_h = 0;
  for (int y = 0; y < rgb->h;) {
    int end = y;
    while (end < rgb->h && inked(end)) ++end;
    if (end - y > best_h) best_y = y, best_h = end - y;
    y = end + 1;
  }
  int x0 = rgb->w, x1 = -1;
  for (int y = best_y; y < best_y + best_h; ++y)
    for (int x = 0; x < rgb->w; ++x)
      if (is_ink(pixel(x, y), background)) x0 = std::min(x0, x), x1 = std::max(x1, x);
  return {x0, best_y, x1 - x0 + 1, best_h};
}

TEST_F(StagePicture, TheFigureIsReadableFromTenMetresAt1080p) {
  // Only the figure: no talk line and no clock; the status shows in overtime only.
  StageTimerSlide timer;
  timer.duration = 20min;
  timer.title = " ";
  Show show = timer_show(timer);
  show.rundown.reset();
  OperatorState ops;
  ops.add({kStart, verb(TimerAction::Verb::start), "test"});
  const auto size_at = [&](Millis t) {
    render::ListCanvas list(canvas(1920, 1080).canvas());
    render::paint(list, show, resolve(show, ops, kStart + t));
    double px = 0;  // the figure's size as drawn: the largest text of the frame
    for (const render::DrawOp& op : list.list().ops())
      if (op.kind == render::DrawOp::Kind::text) px = std::max(px, op.value);
    return px;
  };
  std::vector<double> counting, over;
  // 19:59 11:11 10:00, then over time +0:04 (the flash of its start is over), +1:42, +9:59.
  for (const Millis t : {Millis{1s}, Millis{8min + 49s}, Millis{10min}, Millis{20min + 4s},
                         Millis{21min + 42s}, Millis{29min + 59s}}) {
    const std::string figure = read_at(show, ops, kStart + t).figure;
    SCOPED_TRACE(figure);
    const SDL_Rect box = figure_box(at(show, ops, kStart + t, 1920, 1080), show.theme.background);
    EXPECT_GE(box.w, 0.6 * 1920) << "the figure fills at least 60% of the width";
    EXPECT_GE(box.h, 0.4 * 1080) << "its digits are at least 40% of the height";
    EXPECT_LT(box.h, 0.7 * 1080) << "the figure, not a flash of the whole screen";
    (figure.starts_with("+") ? over : counting).push_back(size_at(t));
  }
  ASSERT_EQ(over.size(), 3u) << "the last three are over time";
  EXPECT_EQ(counting[0], counting[1]) << "tabular figures: the size never jitters";
  EXPECT_EQ(counting[0], counting[2]);
  EXPECT_EQ(over[0], over[1]);
  EXPECT_EQ(over[0], over[2]);
  // Ten minutes over, "+10:00" needs more width: the figure steps down once, and only then.
  EXPECT_EQ(read_at(show, ops, kStart + 30min).figure, "+10:00");
  EXPECT_LT(size_at(30min), over[0]);
  EXPECT_EQ(size_at(30min), size_at(31min + 11s));
  // An hour over it reads h:mm ("+1:00"), and stays the size it stepped down to.
  EXPECT_EQ(read_at(show, ops, kStart + 80min).figure, "+1:00");
  EXPECT_EQ(size_at(80min), size_at(30min));
}

Show title_show(ScreenRole role) {
  Show show = headless::demo_show();
  show.zone = date::locate_zone("UTC");
  show.role = role;
  Slide slide;
  slide.id = "welcome";
  slide.content =
      TitleSlide{"Welcome to PyTorch Conference 2024", "Fort Mason Center", "", Align::center};
  slide.duration = 1h;
  show.slides = {slide};
  return show;
}

TEST_F(StagePicture, MessagesAndBlackoutShowOnTheSpeakersScreensOnly) {
  OperatorState message, blackout, none;
  message.add({kTen, MessageAction{"Please wrap up", false}, "test"});
  blackout.add({kTen, BlackoutAction{true}, "test"});
  const Instant t = kTen + 10s;
  for (const Show& room : {title_show(ScreenRole::audience), timer_show()}) {
    EXPECT_TRUE(golden::identical(at(room, message, t, 960, 540), at(room, none, t, 960, 540)))
        << "the backdrop and the side screens never show a message";
    EXPECT_TRUE(golden::identical(at(room, blackout, t, 960, 540), at(room, none, t, 960, 540)))
        << "the room's screens never black out";
  }
  Show confidence = title_show(ScreenRole::confidence);
  EXPECT_FALSE(
      golden::identical(at(confidence, message, t, 960, 540), at(confidence, none, t, 960, 540)));
  const SDL_Rect dark = ink_box(at(confidence, blackout, t, 960, 540), {0, 0, 0, 255});
  EXPECT_LT(dark.w * dark.h, 960 * 540 / 50) << "blacked out but for a dim note";
  // A slide that says `audience: stage` is the speaker's on any screen.
  Show stage_slide = title_show(ScreenRole::audience);
  stage_slide.slides[0].audience = Audience::stage;
  EXPECT_FALSE(
      golden::identical(at(stage_slide, message, t, 960, 540), at(stage_slide, none, t, 960, 540)));
  // Cleared, and turned off: as before.
  message.add({kTen + 5s, MessageAction{}, "test"});
  blackout.add({kTen + 5s, BlackoutAction{false}, "test"});
  EXPECT_TRUE(
      golden::identical(at(confidence, message, t, 960, 540), at(confidence, none, t, 960, 540)));
  EXPECT_TRUE(
      golden::identical(at(confidence, blackout, t, 960, 540), at(confidence, none, t, 960, 540)));
}

TEST_F(StagePicture, ABlinkingMessageBlinksAtOneHertz) {
  const Show show = title_show(ScreenRole::confidence);
  OperatorState ops;
  ops.add({kTen, MessageAction{"Five minutes", true}, "test"});
  SDL_Surface* lit = at(show, ops, kTen + 100ms, 960, 540);
  EXPECT_FALSE(golden::identical(lit, at(show, ops, kTen + 600ms, 960, 540)));
  EXPECT_TRUE(golden::identical(lit, at(show, ops, kTen + 1100ms, 960, 540)));
}

// ---- commands ----

control::Context stage_context() {
  control::Context c;
  c.slides = {"timer"};
  c.zone = date::locate_zone("UTC");
  c.now = kTen;
  c.talks = std::vector<std::string>{"matt-white", "panel"};
  return c;
}

std::string outcome(std::string_view command, const nlohmann::json& args) {
  const auto checked = control::check(command, args, stage_context());
  if (checked.request) return describe(std::get<OperatorAction>(*checked.request));
  return std::to_string(checked.problem.status) + " " + checked.problem.field + ": " +
         checked.problem.message;
}

TEST(StageCommands, TimerNudgesAreLimitedToAnHourAndTalksComeFromTheRundown) {
  EXPECT_EQ(outcome("timer-start", nlohmann::json::object()), "timer start");
  EXPECT_EQ(outcome("timer-add", {{"seconds", 60}}), "timer +1m");
  EXPECT_EQ(outcome("timer-subtract", {{"seconds", "1m"}}), "timer -1m");
  EXPECT_EQ(outcome("timer-add", {{"seconds", "1h"}}), "timer +1h");
  EXPECT_EQ(outcome("timer-add", {{"seconds", "61m"}}),
            "422 seconds: 'seconds' must be at most 1h at once, got 1h1m");
  EXPECT_EQ(outcome("timer-load", {{"talk", "matt-whit"}}),
            "422 talk: no talk 'matt-whit' in the rundown (did you mean 'matt-white'?)");
  EXPECT_EQ(outcome("timer-load", {{"talk", "panel"}}), "timer load panel");
  EXPECT_EQ(outcome("timer-set", nlohmann::json::object()),
            "422 duration: timer-set needs 'duration' or 'until'");
  EXPECT_EQ(outcome("blackout", {{"state", "on"}}), "blackout on");
  EXPECT_EQ(outcome("blackout", {{"state", "dark"}}),
            "422 state: 'state' must be on or off, got 'dark'");
  EXPECT_EQ(outcome("message-show", {{"text", "Please wrap up"}, {"blink", true}}),
            "message show (blinking)");
}

TEST(StageCommands, StageActionsKeepInTheOperatorLog) {
  OperatorState ops;
  TimerAction set = verb(TimerAction::Verb::set);
  set.duration = 25min;
  ops.add({kTen, set, "http"});
  ops.add({kTen + 1s, add(-60s), "osc"});
  ops.add({kTen + 2s, load("panel"), "key"});
  ops.add({kTen + 3s, MessageAction{"Wrap up", true}, "http"});
  ops.add({kTen + 4s, BlackoutAction{true}, "http"});
  ops.add({kTen + 5s, LowerThirdAction{"Matt White", "PyTorch", 10s}, "http"});
  const auto read = control::parse_operator_log(control::to_json(ops).dump(), "operators.json");
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->problems.empty());
  ASSERT_EQ(read->log.events.size(), ops.events.size());
  for (std::size_t i = 0; i < ops.events.size(); ++i)
    EXPECT_EQ(read->log.events[i].action, ops.events[i].action) << describe(ops.events[i].action);
}

TEST(StageCommands, KeysStartPauseNudgeAndResetTheTimer) {
  StageState running;
  running.timer.back().since = kTen;
  EXPECT_EQ(describe(*control::timer_key(' ', nullptr)), "timer start");
  EXPECT_EQ(describe(*control::timer_key(' ', &running)), "timer pause");
  EXPECT_EQ(describe(*control::timer_key('+', nullptr)), "timer +1m");
  EXPECT_EQ(describe(*control::timer_key('-', nullptr)), "timer -1m");
  EXPECT_EQ(describe(*control::timer_key('r', nullptr)), "timer reset");
  EXPECT_EQ(control::timer_key('x', nullptr), std::nullopt);
  EXPECT_TRUE(control::shows_a_timer(timer_show()));
  EXPECT_FALSE(control::shows_a_timer(title_show(ScreenRole::confidence)));
}

}  // namespace
}  // namespace marquee
