// Reads the --at moment: ISO date-time with an optional offset, else the playlist's local time.
#pragma once

#include <optional>
#include <string>

#include "core/show.h"

namespace marquee::app {

// "2024-09-18T12:05:00" is venue time; "…Z" or "…-07:00" is absolute.
std::optional<Instant> parse_moment(const std::string& text, const date::time_zone* venue);

}  // namespace marquee::app
