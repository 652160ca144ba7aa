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

using OperatorAction = std::variant<StepAction, GotoAction, HoldAction, ResumeAction,
                                    TakeoverAction, ClearAction, IdentifyAction>;

// "next", "previous", "goto welcome", "hold", "takeover keynote": for logs and journals.
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
