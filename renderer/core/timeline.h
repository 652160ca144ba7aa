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

// Eased transition progress for painters.
double ease(Easing easing, double t);

}  // namespace marquee
