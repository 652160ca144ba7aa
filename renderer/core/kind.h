// What every slide kind shares: the moment it is painted at, and where its reader and painter live.
#pragma once

#include <memory>
#include <string>

#include "core/basics.h"

namespace marquee {

// A kind's reader is defined in the config layer and its painter in the render layer;
// its struct (core/kinds/) declares both, so one file says everything about a kind.
// These are only names here: core never calls them.
namespace config::detail {
class Reader;
struct Item;
struct Sink;
}  // namespace config::detail
namespace render {
class Canvas;
}  // namespace render

struct Show;
struct Slide;
struct Schedule;

// How a room display, an agenda or a countdown reaches one of the show's schedules (see
// ShowSchedule): the loader links it, and painters ask core/schedule.h about it.
struct ScheduleRef {
  std::string name;                          // under the playlist's `schedules:`
  std::shared_ptr<const Schedule> schedule;  // null while a URL has no copy yet
  // The playlist's zone, which content_over() and preview_at() speak; painters show
  // times in the schedule's own venue zone.
  const date::time_zone* show_zone = nullptr;
};

// The moment a slide is painted at, complete as resolve() reports it: painters that
// animate, page or count down read only this, never a frame counter, so `marquee render
// --at` and golden tests can pin them down.
struct SlideMoment {
  Millis elapsed{0};   // since the slide came on air
  Millis duration{0};  // its real time on air: to its hand-over, or a window closing early;
                       // its nominal duration while an operator holds it
  LocalTime local{};   // the venue's wall clock
  // The instant itself, for motion that must run on across slide changes and midnight
  // (the ticker); ms precision where `local` has whole seconds.
  Instant now{};
};

}  // namespace marquee
