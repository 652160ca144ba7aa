// The keynote stage as plain values: the rundown of talks, the speaker timer the operator log
// runs, messages to the speaker, blackout and the lower third, and how the timer reads.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/basics.h"
#include "core/operator.h"

namespace marquee {

// ---- the rundown ----

// Time left at which the timer turns yellow, then red.
struct Thresholds {
  Millis warning{std::chrono::minutes{5}};
  Millis danger{std::chrono::minutes{1}};
  friend bool operator==(const Thresholds&, const Thresholds&) = default;
};

// One talk of the run of show.
struct Talk {
  std::string id;  // what `timer load` names; the speaker's name made into one by default
  std::string speaker;
  std::string job_title;           // optional
  std::string organisation;        // optional
  std::string title;               // the talk's
  std::filesystem::path portrait;  // optional, absolute
  std::optional<LocalTime> at;     // when it is due to start, venue time
  Millis duration{0};
  std::optional<Thresholds> thresholds;  // the slide's when not given
  SourcePos where;
};

struct Rundown {
  std::vector<Talk> talks;  // in running order
  int index_of(std::string_view id) const;
};

// ---- the speaker timer ----

enum class TimerMode { countdown, countdown_to, countup, clock };
enum class TimerPhase { normal, warning, danger, overtime };  // in rising urgency

// The timer as the operator log leaves it after one of its events: a stopwatch (counted
// time, and whether it runs) with what the operator set over the slide's own figures.
struct TimerState {
  Instant at = Instant::min();   // the event that made it; min() before any
  int talk = -1;                 // the talk `timer load` put on, into the rundown
  std::optional<Millis> length;  // `timer set` a duration: the talk's length
  std::optional<Instant> until;  // `timer set` a time: it counts down to it
  Millis adjust{0};              // `timer add` and `subtract`, summed
  Millis banked{0};              // counted before the run now going
  std::optional<Instant> since;  // running since
  bool started = false;          // started since the last load or reset
  bool fresh = true;             // a load or reset: what came before does not count
  friend bool operator==(const TimerState&, const TimerState&) = default;

  Millis elapsed(Instant now) const { return banked + (since ? now - *since : Millis{0}); }
};

// The timer after `action` at `t` (a load names its talk in `rundown`, which may be null).
TimerState timer_after(TimerState state, const TimerAction& action, Instant t,
                       const Rundown* rundown);

// What a stage-timer slide shows, with a loaded talk and the operator's settings applied.
struct TimerSettings {
  TimerMode mode = TimerMode::countdown;
  Millis length{0};              // countdown; countup's end, 0 for none
  std::optional<Instant> until;  // countdown-to
  Thresholds thresholds;
  bool hold_at_zero = false;  // overtime shows 0:00 rather than counting up
  bool hide_seconds = false;  // "25 min" rather than "24:59"
};

// The timer read at an instant: the figure, its phase, and when either changes next.
struct TimerReading {
  TimerPhase phase = TimerPhase::normal;
  std::string figure;  // "24:59", "1:05" (h:mm), "+0:42", "25 min", "10:40" (clock)
  bool running = false;
  bool started = false;
  // When the phase on now was entered from a calmer one, which the screen flashes for;
  // nullopt when it was not (it came down, or it was so after a load or reset).
  std::optional<Instant> entered;
  Instant next_change = Instant::max();  // when the figure or the phase changes by itself
  Millis over{0};                        // how far past zero, over time
};

// How the timer's figure is written: "m:ss" under an hour, "h:mm" from one; with seconds
// hidden "25 min", "1 h 05 min". Counting down rounds up, so 0:00 is reached at zero and
// nothing reads late; counting up rounds down.
std::string timer_figure(Millis shown, bool hide_seconds, bool rounding_up);

// The timer of `settings(state)` through its history (oldest first; at least one state),
// read at `now`. `settings` gives each state's figures, so what a load or set changed counts
// from its instant on; `local` is the venue clock at `now`, for clock mode.
using SettingsOf = std::function<TimerSettings(const TimerState&)>;
TimerReading read_timer(std::span<const TimerState> history, const SettingsOf& settings,
                        Instant now, LocalTime local);

// ---- messages, blackout, the lower third ----

// A message to the speaker, on the confidence monitor only; it blinks at 1 Hz.
struct SpeakerMessage {
  std::string text;
  bool blink = false;
  Instant since{};
  friend bool operator==(const SpeakerMessage&, const SpeakerMessage&) = default;
};
inline constexpr Millis kBlinkHalf{500};

// A name and title in a bar in the lower safe area, slid in and out by command.
struct LowerThird {
  std::string name, title;
  Instant since{};
  Instant until = Instant::max();  // hidden (or runs out) here; it slides out after
  friend bool operator==(const LowerThird&, const LowerThird&) = default;
};
inline constexpr Millis kLowerThirdIn{600};
inline constexpr Millis kLowerThirdOut{400};

// Everything of the stage at a moment, as resolve() folds it from the operator log and the
// rundown; shared by a frame's slides, never changed once made.
struct StageState {
  std::shared_ptr<const Rundown> rundown;  // the show's; may be null
  int current = -1;  // the talk on stage: loaded, else by the clock the last one started
  int next = -1;     // the talk up next: after the loaded one, else the first still to start
  std::vector<TimerState> timer{TimerState{}};  // the timer's history, oldest first
  std::optional<SpeakerMessage> message;
  std::optional<Instant> blackout;  // on since
  std::optional<LowerThird> lower_third;

  // "current" (the next one when none is on yet), "next", or a talk's id; nullptr when
  // there is no such talk.
  const Talk* talk(std::string_view which) const;
};

}  // namespace marquee
