// resolve(): which slide is on air at an instant; a pure function of the show, the operator log and
// the clock.
#pragma once

#include <memory>
#include <optional>

#include "core/operator.h"
#include "core/show.h"

namespace marquee {

// A takeover on screen at a moment, with how far it has faded in (or out).
struct TakeoverOnAir {
  TakeoverAction takeover;
  Instant start{};
  Instant end = Instant::max();  // when it was cleared or runs out; it fades out after
  double alpha = 1;              // eased, through the show's default transition
};

// Everything a painter needs to draw one moment. Indices point into show.slides.
struct Frame {
  Instant now{};
  LocalTime local{};  // wall clock at the venue
  int slide = -1;     // -1: nothing is on air, draw the idle screen
  Instant slide_start{};
  Instant slide_end{};  // when this slide hands over (duration, window close, operator);
                        // Instant::max() while an operator holds it
  int previous = -1;    // the outgoing slide while a transition runs, else -1
  Instant previous_start{};
  double progress = 1;   // transition progress in [0,1]; 1 once it has finished
  double eased = 1;      // progress through the incoming slide's easing: what painters use
  bool held = false;     // an operator holds the slide on air
  SlideMoment incoming;  // the slide on air (or the idle screen's clock)
  SlideMoment outgoing;  // the previous slide, while a transition runs
  // Operator messages over the slide, lowest first: emergencies above the rest, later
  // ones above earlier ones of the same style.
  std::vector<TakeoverOnAir> takeovers;
  bool identify = false;  // the screen's name is shown large (IdentifyAction)
  Instant identify_ends{};
  // The keynote stage: timer, message, blackout, lower third, talks (also in the slides'
  // moments); null when the show has no rundown and the log no stage event.
  std::shared_ptr<const StageState> stage;
};

// The takeovers on screen at `now`, as Frame::takeovers lists them.
std::vector<TakeoverOnAir> takeovers_at(const Show& show, const OperatorState& operators,
                                        Instant now);

// The stage at `now`: the timer, message, blackout and lower third as the log's stage events
// up to `now` leave them, and the rundown's current and next talks. Null when the show has
// no rundown and the log no stage event up to `now`.
std::shared_ptr<const StageState> stage_at(const Show& show, const OperatorState& operators,
                                           Instant now);

// What resolve() needs from a show's slides and zone, built once per show (O(n log n)) so
// that one frame costs O(log n) in the number of slides: the slides on air between two
// window edges with their cumulative durations, the edges themselves, and ids. The loader
// keeps it in Show::timetable.
std::shared_ptr<const Timetable> make_timetable(const Show& show);

// The cycle restarts each local midnight, so a restarted player resumes on the
// slide that was on air and screens with synced clocks agree to the frame. Operator
// events up to `now` step, jump and hold the rotation; a show's splice picks up where
// the show it replaced left off.
Frame resolve(const Show& show, const OperatorState& operators, Instant now);
// Without operator input.
Frame resolve(const Show& show, Instant now);
// resolve() by its definition: the rotation replayed turn by turn from its anchor, each
// slide's window read at every turn. O(turns in the day x slides); for tests, which hold
// resolve() to it.
Frame resolve_turn_by_turn(const Show& show, const OperatorState& operators, Instant now);

// When resolve() next reports a different picture by itself, after frame.now: the slide
// hands over, a window opens on the idle screen, a takeover or the identify screen ends;
// frame.now itself while a transition or a takeover's fade runs, which are new pictures
// every frame. It does not count what slides and overlays animate on their own: their
// painters say that through Canvas::changes_at. Instant::max() when nothing will change.
Instant next_change(const Show& show, const Frame& frame);

// Where `next` picks up when it replaces `previous` at `now`: the same slide (by id) on
// air since the same instant, so nothing restarts; a slide that was removed hands over
// at once to the slide now in its place. Nullopt when nothing was on air: `next` then
// runs its own day as a fresh start would.
std::optional<Splice> splice_for_swap(const Show& previous, const Show& next,
                                      const OperatorState& operators, Instant now);

// The log without the events that can change no frame from `now` on, so a log kept for
// days does not grow without bound: what happened before local midnight goes, except
// a hold still on (with what led to it, back to the midnight the rotation last started
// over), takeovers still on screen and the clears that end them, and an identify still
// showing, and of the stage: a message or blackout still on, a lower third still showing, and
// the timer's events since the last talk loaded by name. resolve() gives the same frames with it as
// with the whole log from midnight on, for the show as loaded (a player's splice of a reload stands
// for what it replaced).
OperatorState trim(const Show& show, const OperatorState& operators, Instant now);

// Eased transition progress.
double ease(Easing easing, double t);

}  // namespace marquee
