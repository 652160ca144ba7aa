// Internal: dates and times as playlists write them, `show:` windows, and the never-on-air check.
#pragma once

#include <optional>
#include <string>

#include "config/reader.h"
#include "core/show.h"

namespace marquee::config::detail {

ScheduleWindow read_window(Reader& r, const Item& item);

// "2024-09-18 08:00", "2024-09-18T08:00[:00]" or "2024-09-18" (midnight), as `from`,
// `until` and session times are written; nullopt for anything else.
std::optional<LocalTime> parse_local_time(std::string_view written);
// "8:00" or "08:00"; nullopt for anything else.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view written);
// A value parser (see reader.h) for dates written as parse_local_time() reads them.
std::optional<LocalTime> local_time(Reader& r, const Item& item);
// A value parser for a time of day, "04:00".
std::optional<std::chrono::minutes> time_of_day(Reader& r, const Item& item);
// A value parser for an IANA zone name, with a "did you mean" for a misspelt one or a city.
std::optional<const date::time_zone*> time_zone(Reader& r, const Item& item);

// Why no moment ever falls inside the window ("none of its days (sat) falls
// between ..."), or nullopt when some moment does.
std::optional<std::string> never_on_air(const ScheduleWindow& window);

}  // namespace marquee::config::detail
