// Internal: reading a theme file into a Theme.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "config/reader.h"
#include "core/show.h"

namespace marquee::config::detail {

// Reads the theme at `shown` (also how diagnostics name it); nullopt when the file
// cannot be read or parsed. Records the theme and its assets as dependencies.
std::optional<Theme> read_theme_file(Sink& sink, const std::filesystem::path& shown);
// The same for theme text already read, as if it were the contents of `shown`.
std::optional<Theme> read_theme_text(Sink& sink, std::string_view yaml,
                                     const std::filesystem::path& shown);

}  // namespace marquee::config::detail
