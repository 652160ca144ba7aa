// Parsing and printing of the durations AV staff write: 10s, 2m, 1m30s, 1h, 750ms.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/show.h"

namespace marquee {

// Returns nullopt for anything that is not a sequence of <number><unit>; a bare
// number means seconds. Fractions are allowed ("1.5s").
std::optional<Millis> parse_duration(std::string_view text);

// Shortest form that parse_duration reads back: "1m30s", "800ms".
std::string format_duration(Millis d);

}  // namespace marquee
