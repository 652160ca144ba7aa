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

// One read function per kind, each in its own file (kinds_*.cpp).
SlideContent read_sponsors(Reader& r, const Item& params);
SlideContent read_countdown(Reader& r, const Item& params);
SlideContent read_agenda(Reader& r, const Item& params);
SlideContent read_chart(Reader& r, const Item& params);
SlideContent read_qr(Reader& r, const Item& params);
SlideContent read_video(Reader& r, const Item& params);

// Checks that need the whole show (its theme, each slide's duration), run once all
// slides are read: warns when a sponsor wall needs pages or a spotlight runs out of time.
void check_sponsor_walls(Sink& sink, const Show& show);

}  // namespace marquee::config::detail
