// Moments as people type them (`render --at`, a takeover's `until`): ISO date-time with an optional
// offset, else the playlist's local time.
#pragma once

#include <optional>
#include <string>

#include "core/show.h"

namespace marquee::config {

// "2024-09-18T12:05:00" is venue time; "…Z" or "…-07:00" is absolute.
std::optional<Instant> parse_moment(const std::string& text, const date::time_zone* venue);
// As parse_moment, and also "15:30" or "15:30:00": that time of the venue's day of `now`.
std::optional<Instant> parse_moment_today(const std::string& text, const date::time_zone* venue,
                                          Instant now);

}  // namespace marquee::config
