// The stage-timer slide kind: the speaker's timer, readable from 10 m, run from the AV desk.
#pragma once

#include <optional>
#include <string>

#include "core/kind.h"
#include "core/stage.h"

namespace marquee {

struct StageTimerSlide {
  static constexpr const char kName[] = "stage-timer";

  TimerMode mode = TimerMode::countdown;
  Millis duration{0};              // countdown's length; countup's end (0: none)
  std::optional<LocalTime> until;  // countdown-to: a date and time, or with `daily` a time of day
  bool daily = false;
  Thresholds thresholds;      // a talk's own win
  bool hold_at_zero = false;  // overtime: hold at 0:00 rather than count up
  bool hide_seconds = false;  // seconds: hide
  std::string talk;           // "current", "next" or a talk's id: length, thresholds, title
  std::string title;          // the line above; the talk's title and speaker by default
  bool clock = false;         // the wall clock under the timer
  bool next = false;          // "Next: …" under the timer, from the rundown
  SourcePos where;            // its 'talk' (else its key), for checks against the rundown

  static StageTimerSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const StageTimerSlide& slide,
                    const SlideMoment& moment);
  // The timer at the moment: the slide's figures, over them the loaded talk's (or the one it
  // names), over those what the operator set, read through the stage's timer history.
  TimerReading reading(const SlideMoment& moment) const;
  // The talk whose timer it is: the loaded one, else the one it names; nullptr for none.
  const Talk* shown_talk(const StageState* stage) const;

  // Countdowns to a time show it a quarter of an hour ahead; the rest read the same at
  // any moment until an operator starts them.
  std::optional<LocalTime> preview_at() const;
  // It paints its own plain background: a picture behind the digits costs legibility.
  static constexpr bool kPaintsOwnBackground = true;
  // A talk it names must be in the rundown, and "current" or "next" needs one.
  void check(config::detail::Sink& sink, const Show& show, const Slide& slide) const;
};

}  // namespace marquee
