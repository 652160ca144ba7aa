// Diagnostics as the lines `marquee validate` prints, for tests that assert the exact text.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.h"

namespace marquee::test {

using Lines = std::vector<std::string>;

inline Lines formatted(const std::vector<Diagnostic>& diagnostics) {
  Lines out;
  for (const auto& d : diagnostics) out.push_back(format(d));
  return out;
}

// Diagnostics for a playlist given inline, as if it were the file `as_file`.
inline Lines check(std::string_view yaml, const std::filesystem::path& as_file = "p.yaml") {
  return formatted(config::load_show_from_string(yaml, as_file).diagnostics);
}

}  // namespace marquee::test
