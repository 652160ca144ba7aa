// Internal: the table of slide kinds; adding a kind means one entry and one read function.
#pragma once

#include <span>
#include <string_view>

#include "config/reader.h"
#include "core/show.h"

namespace marquee::config::detail {

struct SlideKind {
  std::string_view name;  // the slide key that selects this kind, as in kind_name()
  // Reads the kind's parameters (the value under its key); reports its own problems.
  SlideContent (*read)(Reader& r, const Item& params);
};

std::span<const SlideKind> slide_kinds();

}  // namespace marquee::config::detail
