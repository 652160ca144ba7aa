// The room slide kind: the display beside a room's door, now and next there from a conference
// schedule.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/kind.h"

namespace marquee {

struct RoomSlide {
  static constexpr const char kName[] = "room";

  ScheduleRef schedule;
  std::string room;   // as the schedule spells it
  std::string label;  // beside the room's name: "Breakout room C"
  // The talk on now leads for its first minutes ("started 5 min ago"), then the next
  // one takes over, so people arriving for it see what is coming.
  std::chrono::minutes current_for{10};

  static RoomSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const RoomSlide& slide,
                    const SlideMoment& moment);
  // Five minutes into the room's first session, so the contact sheet shows one on now.
  std::optional<LocalTime> preview_at() const;
};

}  // namespace marquee
