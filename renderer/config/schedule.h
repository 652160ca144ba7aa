// Internal: reading a slide's `show:` window and checking that it can ever be on air.
#pragma once

#include <optional>
#include <string>

#include "config/reader.h"
#include "core/show.h"

namespace marquee::config::detail {

ScheduleWindow read_window(Reader& r, const Item& item);

// Why no moment ever falls inside the window ("none of its days (sat) falls
// between ..."), or nullopt when some moment does.
std::optional<std::string> never_on_air(const ScheduleWindow& window);

}  // namespace marquee::config::detail
