// The AV desk's input to the timeline: an ordered log of operator events, each with its instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/basics.h"

namespace marquee {

// Steps the rotation `by` slides on air (+1 next, -1 previous) from the one on screen.
struct StepAction {
  int by = 1;
  friend bool operator==(const StepAction&, const StepAction&) = default;
};
// Puts the slide with this id on air now; ignored if the show has no such slide.
struct GotoAction {
  std::string slide;
  friend bool operator==(const GotoAction&, const GotoAction&) = default;
};
// Keeps the slide on air on screen until a resume; steps and gotos move the hold.
struct HoldAction {
  friend bool operator==(const HoldAction&, const HoldAction&) = default;
};
// Ends a hold: the held slide finishes its turn (at once if it has had it) and the
// rotation runs on from there.
struct ResumeAction {
  friend bool operator==(const ResumeAction&, const ResumeAction&) = default;
};

enum class TakeoverStyle { info, sponsor, emergency };  // emergency covers everything else

// A full-screen message over whatever is on air (the rotation runs on beneath it). It
// ends `duration` after it starts, at `until`, or on a clear; with neither it stays. A
// takeover with the id of one on screen replaces it.
struct TakeoverAction {
  std::string id;
  std::string text;
  std::string title;
  TakeoverStyle style = TakeoverStyle::info;
  std::optional<Millis> duration;
  std::optional<Instant> until;
  friend bool operator==(const TakeoverAction&, const TakeoverAction&) = default;
};
// Ends the takeover with this id, or every one when the id is empty.
struct ClearAction {
  std::string id;
  friend bool operator==(const ClearAction&, const ClearAction&) = default;
};
// Shows the screen's name large for kIdentifyFor, to find a box in a hall.
struct IdentifyAction {
  friend bool operator==(const IdentifyAction&, const IdentifyAction&) = default;
};
inline constexpr Millis kIdentifyFor{5000};

// The speaker timer (core/stage.h). Start and resume run it from where it stands, pause
// stops it, reset puts it back to its length, stopped; add changes the time left (a
// negative `by` subtracts); set gives it a new length, or a time to count down to; load
// puts a talk of the rundown on (its length, thresholds and title), stopped.
struct TimerAction {
  enum class Verb { start, pause, resume, reset, add, set, load };
  Verb verb = Verb::start;
  Millis by{0};                    // add
  std::optional<Millis> duration;  // set: a length...
  std::optional<Instant> until;    // ...or a time to count down to
  std::string talk;                // load: a talk's id, or "next" (the one after the loaded one)
  friend bool operator==(const TimerAction&, const TimerAction&) = default;
};
// A message to the speaker, shown on the confidence monitor only; empty text clears it.
struct MessageAction {
  std::string text;
  bool blink = false;
  friend bool operator==(const MessageAction&, const MessageAction&) = default;
};
// Blanks the confidence monitor on purpose, until it is turned off.
struct BlackoutAction {
  bool on = true;
  friend bool operator==(const BlackoutAction&, const BlackoutAction&) = default;
};
// Slides a name and title in over the lower safe area of the audience's screens, for
// `duration` or until the next one; an empty name slides it out.
struct LowerThirdAction {
  std::string name, title;
  std::optional<Millis> duration;
  friend bool operator==(const LowerThirdAction&, const LowerThirdAction&) = default;
};

using OperatorAction =
    std::variant<StepAction, GotoAction, HoldAction, ResumeAction, TakeoverAction, ClearAction,
                 IdentifyAction, TimerAction, MessageAction, BlackoutAction, LowerThirdAction>;

// Whether the action is the stage's (timer, message, blackout, lower third): it leaves the
// rotation and the takeovers as they are.
bool is_stage_action(const OperatorAction& action);

// "next", "previous", "goto welcome", "hold", "takeover keynote", "timer +1 min": for logs and
// journals.
std::string describe(const OperatorAction& action);

struct OperatorEvent {
  Instant at{};
  OperatorAction action;
  std::string source;  // who sent it: "key", "http 127.0.0.1", "osc 10.0.0.7:9000", ...
  friend bool operator==(const OperatorEvent&, const OperatorEvent&) = default;
};

// A plain value: the timeline reads it, a restarted player replays it, `render --at`
// shows it. A hot reload swaps the show and leaves the log alone.
struct OperatorState {
  std::vector<OperatorEvent> events;  // by instant; equal instants in the order added
  std::uint64_t revision = 0;         // grows with every event added

  // Adds the event in its place by instant, after events of the same instant.
  void add(OperatorEvent event);
  friend bool operator==(const OperatorState&, const OperatorState&) = default;
};

}  // namespace marquee
