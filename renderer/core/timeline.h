// resolve(): which slide is on air at an instant; a pure function of the show and the clock.
#pragma once

#include "core/show.h"

namespace marquee {

// Everything a painter needs to draw one moment. Indices point into show.slides.
struct Frame {
  Instant now{};
  LocalTime local{};  // wall clock at the venue
  int slide = -1;     // -1: nothing is on air, draw the idle screen
  Instant slide_start{};
  Instant slide_end{};         // when this slide hands over (duration or window close)
  int previous = -1;           // the outgoing slide while a transition runs, else -1
  double progress = 1;         // transition progress in [0,1]; 1 once it has finished
  Millis elapsed{0};           // time into the current slide
  Millis previous_elapsed{0};  // time into the outgoing slide, for animated outgoing slides
};

// The cycle restarts each local midnight, so a restarted player resumes on the
// slide that was on air and screens with synced clocks agree to the frame.
Frame resolve(const Show& show, Instant now);

// The splice that lets `next` take over from `previous` at `now` without restarting
// the slide on air: same slide id, same start. A slide that was removed hands over
// at once to the slide now in its place.
Splice splice_for_swap(const Show& previous, const Show& next, Instant now);

// A splice that puts the slide `step` places away from the one on air on screen now
// (operator keys: +1 next, -1 previous).
Splice splice_for_step(const Show& show, Instant now, int step);

// Eased transition progress for painters.
double ease(Easing easing, double t);

}  // namespace marquee
