// Internal: the table of slide kinds the loader reads, made from core's registry of kinds.
#pragma once

#include <span>
#include <string_view>

#include "config/reader.h"
#include "core/show.h"

namespace marquee::config::detail {

struct SlideKindReader {
  std::string_view name;  // the slide key that selects this kind
  // Reads the kind's parameters (the value under its key); reports its own problems.
  SlideContent (*read)(Reader& r, const Item& params);
};

// One entry per kind in core/slide_kinds.h, in its order.
std::span<const SlideKindReader> slide_kind_readers();

// Runs the checks that need the whole show (its theme, each slide's duration), once all
// slides are read, for the kinds that have one.
void check_slides(Sink& sink, const Show& show);

// Fits as image and video slides write them.
extern const Choice<Fit> kFit;

}  // namespace marquee::config::detail
