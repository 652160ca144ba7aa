// Plain values every part of a show uses: time, colours, rectangles, fonts and the theme.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <date/tz.h>

namespace marquee {

using Millis = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Millis>;
using LocalTime = date::local_time<std::chrono::seconds>;

// Where a value came from, so run-time problems can still point at the YAML.
struct SourcePos {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
};

struct Color {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Color&, const Color&) = default;
};

// Layout happens in virtual pixels: the short side of every screen is 1080 units,
// so one playlist fits 720p, 1080p, 4K and portrait screens alike.
inline constexpr double kVirtualShortSide = 1080.0;

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  friend bool operator==(const Rect&, const Rect&) = default;
};

struct Margins {
  double left = 96, top = 72, right = 96, bottom = 72;
};

struct FontSpec {
  std::string family = "Inter";  // looked up through fontconfig when file is empty
  std::string file;              // absolute path, wins over family
  int weight = 400;              // CSS-style 100..900
  friend bool operator==(const FontSpec&, const FontSpec&) = default;
};

// How the stage timer looks: its phase colours, and how the screen flashes for 3 s when a
// phase begins (invert: the whole screen in the phase colour, three times; pulse: a glow of
// it around the edge, three times, the digits staying as they are).
enum class StageFlash { invert, pulse };
struct StageLook {
  Color warning{0xFF, 0xC4, 0x00};  // yellow: 5 minutes left, by default
  Color danger{0xFF, 0x3B, 0x30};   // red: a minute left, and overtime
  StageFlash flash = StageFlash::invert;
};

struct Theme {
  std::string name = "default";
  std::filesystem::path file;
  Color background{0x26, 0x26, 0x26};
  Color text{0xFF, 0xFF, 0xFF};
  Color accent{0xEE, 0x4C, 0x2C};
  Color muted{0xB8, 0xB8, 0xB8};
  Color panel{0x33, 0x33, 0x33};
  FontSpec headline_font{"Inter", "", 700};
  FontSpec body_font{"Inter", "", 400};
  std::filesystem::path background_image;  // optional, drawn with cover fit
  std::filesystem::path logo;              // optional, used by the logo bug and idle screen
  Margins safe_area;
  double headline_size = 110;  // largest size; text shrinks to fit its box
  double body_size = 52;
  double caption_size = 30;
  StageLook stage;
};

enum class Align { left, center, right };
enum class Fit { contain, cover };

}  // namespace marquee
