// Reads the YAML of room displays: which room of which schedule, its label, and how long the talk
// on now leads.
#include "config/schedules.h"
#include "config/slide_kinds.h"

namespace marquee::config::detail {
namespace {

// A whole number of minutes, as the display counts them ("started 5 min ago").
std::optional<std::chrono::minutes> minutes(Reader& r, const Item& item) {
  const auto value = duration(r, item);
  if (!value) return std::nullopt;
  if (*value > std::chrono::hours{24}) {
    r.error(item.at, "'current_for' must be at most 24h, how long the talk on now leads");
    return std::nullopt;
  }
  return std::chrono::ceil<std::chrono::minutes>(*value);
}

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

using namespace config::detail;

RoomSlide RoomSlide::read(Reader& r, const Item& params) {
  RoomSlide room;
  std::optional<Item> name, schedule;
  const Field fields[] = {
      {"name", Reader::keep(name)},
      {"schedule", Reader::keep(schedule)},
      {"label", r.into(room.label, text)},
      {"current_for", r.into(room.current_for, minutes)},
  };
  if (!r.read_map(params, "'room'", fields)) return room;
  const auto ref = schedule_for(r, params, schedule, "a room display");
  if (ref) room.schedule = *ref;
  if (!name) {
    r.error(params.at,
            "room display needs a 'name', the room as the schedule names it, like name: "
            "\"Cowell Theater\"");
  } else if (ref) {
    if (auto spelled = room_in(r, *ref, *name)) room.room = *spelled;
  }
  return room;
}

}  // namespace marquee
