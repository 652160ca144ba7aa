// Goldens of the keynote stage at 1080p and portrait: the timer in each phase, the flash at its
// peak, a message, blackout, speaker cards with and without a portrait, a lower third.
#include <gtest/gtest.h>

#include "golden.h"
#include "headless.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;

// 09:00 at the venue (UTC here) on the first day of the conference.
const Instant kNine = Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} + 9h;

std::shared_ptr<const Rundown> welcome_rundown() {
  auto r = std::make_shared<Rundown>();
  Talk welcome;
  welcome.id = "welcome";
  welcome.speaker = "Matt White";
  welcome.organisation = "PyTorch";
  welcome.title = "Welcome keynote";
  welcome.duration = 20min;
  r->talks = {welcome};
  return r;
}

Show stage_show(SlideContent content, ScreenRole role) {
  Show show = headless::all_day_show(std::move(content), role);
  show.rundown = welcome_rundown();
  return show;
}

Show confidence_monitor() {
  StageTimerSlide timer;
  timer.talk = "current";
  timer.clock = true;
  timer.next = false;
  return stage_show(timer, ScreenRole::confidence);
}

TimerAction verb(TimerAction::Verb v) {
  TimerAction a;
  a.verb = v;
  return a;
}

// The welcome keynote loaded at 09:00 and started at 09:00:10.
OperatorState keynote() {
  OperatorState ops;
  TimerAction load = verb(TimerAction::Verb::load);
  load.talk = "welcome";
  ops.add({kNine, load, "test"});
  ops.add({kNine + 10s, verb(TimerAction::Verb::start), "test"});
  return ops;
}
const Instant kStarted = kNine + 10s;

struct Size2 {
  int w, h;
  const char* suffix;
};
constexpr Size2 kSizes[] = {{1920, 1080, ""}, {1080, 1920, "_portrait"}};

class StageGolden : public headless::Renders {
 protected:
  void expect_golden(const Show& show, const OperatorState& ops, Instant t,
                     const std::string& name) {
    for (const Size2& size : kSizes) {
      SCOPED_TRACE(name + size.suffix);
      EXPECT_TRUE(golden::matches_golden(render(show, resolve(show, ops, t), size.w, size.h),
                                         name + size.suffix));
    }
  }
};

TEST_F(StageGolden, TimerInEachPhase) {
  const Show show = confidence_monitor();
  // Past each flash (3 s), so that the phase's own look shows.
  expect_golden(show, keynote(), kStarted + 7min + 25s, "stage_timer_normal");
  expect_golden(show, keynote(), kStarted + 16min + 30s, "stage_timer_warning");
  expect_golden(show, keynote(), kStarted + 19min + 20s, "stage_timer_danger");
  expect_golden(show, keynote(), kStarted + 21min + 42s, "stage_timer_overtime");
}

TEST_F(StageGolden, TheFlashAtItsPeak) {
  // Invert, the first half second of the warning: the screen in the phase colour.
  expect_golden(confidence_monitor(), keynote(), kStarted + 15min + 200ms, "stage_timer_flash");
}

TEST_F(StageGolden, AMessageToTheSpeaker) {
  OperatorState ops = keynote();
  ops.add({kStarted + 16min, MessageAction{"Please wrap up: five minutes left", false}, "test"});
  expect_golden(confidence_monitor(), ops, kStarted + 16min + 30s, "stage_message");
}

TEST_F(StageGolden, Blackout) {
  OperatorState ops = keynote();
  ops.add({kStarted + 2min, BlackoutAction{true}, "test"});
  expect_golden(confidence_monitor(), ops, kStarted + 3min, "stage_blackout");
}

TEST_F(StageGolden, SpeakerCards) {
  SpeakerSlide next;
  next.talk = "welcome";
  next.kicker = "Up next";
  expect_golden(stage_show(next, ScreenRole::audience), {}, kNine - 5min, "speaker_initials");
  SpeakerSlide photo = next;
  photo.kicker = "Now on stage";
  photo.portrait = std::filesystem::path(MARQUEE_SOURCE_DIR) / "tests/data/images/photo.jpg";
  expect_golden(stage_show(photo, ScreenRole::audience), {}, kNine + 5min, "speaker_portrait");
}

TEST_F(StageGolden, ALowerThirdOverATitle) {
  const Show show = stage_show(
      TitleSlide{"What's next for the PyTorch Foundation", "", "Welcome keynote", Align::center},
      ScreenRole::audience);
  OperatorState ops;
  ops.add({kNine, LowerThirdAction{"Matt White", "PyTorch", std::nullopt}, "test"});
  expect_golden(show, ops, kNine + 2s, "lower_third");
}

}  // namespace
}  // namespace marquee
