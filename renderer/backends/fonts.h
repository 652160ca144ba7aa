// Font files for FontSpecs: fontconfig lookup by family and weight, with a DejaVu fallback.
#pragma once

#include <string>

#include "core/show.h"

namespace marquee::backends {

// The file to open for a font spec. An explicit file wins when it exists; otherwise
// fontconfig picks the family at the nearest weight; a family fontconfig does not know
// falls back to DejaVu Sans, with one warning per family. Results are cached; call
// from the main thread.
std::string font_file(const FontSpec& spec);

}  // namespace marquee::backends
