// The countdown slide kind: counts down to a session in venue time, then "now", then a message.
#pragma once

#include <optional>
#include <string>

#include "core/kind.h"

namespace marquee {

// A countdown to a session of a schedule rather than to a time written in the playlist.
struct CountdownFromSchedule {
  ScheduleRef schedule;
  std::string session;         // as written: an id, a guid, or (part of) a title: "keynote"
  bool lasts_written = false;  // else "now" lasts as long as the session
};

struct CountdownSlide {
  static constexpr const char kName[] = "countdown";

  std::string title;   // "Women and non-binary PyTorch lunch"
  std::string place;   // "Gateway Pavilion, Gallery 2"
  std::string note;    // a line under the figure: who it is for, who sponsors it
  LocalTime at{};      // when it starts; with `daily`, only its time of day counts
  bool daily = false;  // written as a time alone ("15:45"): it happens every day
  Millis lasts{std::chrono::minutes{15}};  // how long "now" is shown
  std::string after;  // message once it is over; empty takes the slide off air (a daily
                      // one counts to the next day's instead)
  // Set: `at` is unused, and the session (the first not over, of several that match)
  // gives the start, and the title, place and length the playlist leaves out.
  std::optional<CountdownFromSchedule> from_schedule;

  static CountdownSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const CountdownSlide& slide,
                    const SlideMoment& moment);
  // Counting down, with minutes and seconds showing.
  std::optional<LocalTime> preview_at() const;
  // A one-off countdown with nothing to say afterwards leaves the rotation when it is over.
  std::optional<LocalTime> content_over() const;
};

}  // namespace marquee
