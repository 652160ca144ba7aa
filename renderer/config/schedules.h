// Internal: the playlist's `schedules:` (files, and URLs' last good copies) and how slides name one
// of them, a room in it or a track.
#pragma once

#include <optional>
#include <string>

#include "config/reader.h"
#include "core/schedule.h"

namespace marquee::config::detail {

// Reads `schedules:` into show.schedules: each a file inside the content root, or a URL
// read from its last good copy in the state folder (which a screen's fetcher keeps; see
// backends/live_show.h). Both are dependencies, so a new copy reloads the show like an
// edit. The schedule's own problems join the playlist's. `zone` is the venue's for files
// that name none: the playlist's `timezone`, null when it has none.
void read_schedules(Reader& r, const Item& item, const date::time_zone* zone, Show& show);

// The schedule a slide names with `schedule:`, or the playlist's only one when `named`
// is absent; nullopt after saying why at `named` (or at `params`, for `what`, "a room
// display"). A URL not fetched yet gives a ref with no schedule.
std::optional<ScheduleRef> schedule_for(Reader& r, const Item& params,
                                        const std::optional<Item>& named, std::string_view what);

// The schedule's spelling of the room `item` names (exactly, else normalised), or
// nullopt after an error at `item` with a "did you mean". Without a copy of the
// schedule yet, the name is taken as written.
std::optional<std::string> room_in(Reader& r, const ScheduleRef& ref, const Item& item);
// The same for a track.
std::optional<std::string> track_in(Reader& r, const ScheduleRef& ref, const Item& item);

}  // namespace marquee::config::detail
