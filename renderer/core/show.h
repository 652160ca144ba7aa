// Plain values that describe a show: theme, slides, schedule windows. No SDL, no YAML, no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

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
};

struct Margins {
  double left = 96, top = 72, right = 96, bottom = 72;
};

struct FontSpec {
  std::string family = "Inter";  // looked up through fontconfig when file is empty
  std::string file;              // absolute path, wins over family
  int weight = 400;              // CSS-style 100..900
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
};

enum class Align { left, center, right };
enum class Fit { contain, cover };

struct TitleSlide {
  std::string headline;
  std::string body;
  std::string kicker;  // small accent line above the headline
  Align align = Align::center;
};

struct ImageSlide {
  std::filesystem::path file;  // absolute
  Fit fit = Fit::contain;
  std::string caption;
  std::optional<Color> background;
};

// One sponsor: a logo file (PNG or SVG), or a text wordmark when there is none.
struct Sponsor {
  std::string name;
  std::filesystem::path logo;       // absolute; empty means wordmark
  std::optional<Color> background;  // the card behind the logo; the theme's panel if unset
};

struct SponsorTier {
  std::string name;  // "Diamond", "Platinum", ...
  std::vector<Sponsor> sponsors;
};

struct SponsorsSlide {
  std::string heading;  // optional line above the wall
  std::vector<SponsorTier> tiers;
  Millis spotlight{0};  // > 0: one sponsor at a time, each for this long
  SourcePos where;      // the 'sponsors' key, for warnings that need the whole show
};

// Counts down to a wall-clock moment in the playlist's time zone.
struct CountdownSlide {
  std::string title;   // "Women and non-binary PyTorch lunch"
  std::string place;   // "Gateway Pavilion, Gallery 2"
  std::string note;    // a line under the figure: who it is for, who sponsors it
  LocalTime at{};      // when it starts; with `daily`, only its time of day counts
  bool daily = false;  // written as a time alone ("15:45"): it happens every day
  Millis lasts{std::chrono::minutes{15}};  // how long "now" is shown
  std::string after;  // message once it is over; empty takes the slide off air (a daily
                      // one counts to the next day's instead)
};

struct AgendaEntry {
  LocalTime at{};
  std::string title, room, speaker;
  Millis lasts{std::chrono::minutes{30}};
};

// The next few sessions, with "now" and "in 10 min" labels.
struct AgendaSlide {
  std::string heading;
  std::vector<AgendaEntry> entries;  // sorted by start
  int count = 5;
};

enum class ChartType { bar, line, number, timeline };
enum class NumberFormat { plain, compact, percent };  // 1,700 · 600K · 60%

struct ChartPoint {
  std::string label;  // x label, a timeline's year, or the words under a big number
  double value = 0;   // unused by timelines
  std::string text;   // milestone text for timelines
};

struct ChartSlide {
  ChartType type = ChartType::bar;
  std::string title, caption;
  std::vector<ChartPoint> points;
  std::string prefix, suffix;  // "$", "+"
  NumberFormat format = NumberFormat::plain;
  Millis grow{std::chrono::milliseconds{1500}};  // entry animation
};

// A QR code for Wi-Fi (WIFI:T:WPA;S:...;P:...;;) or a URL, with a caption.
struct QrSlide {
  std::string payload;
  std::string title, caption;
  std::string details;  // what the code holds, in words: the network and password, or the URL
};

// Larger payloads need codes of more than 77 modules (version 15 at level M), whose
// modules would be under 10 px on a 1080p screen: too fine to scan from 2 m.
inline constexpr std::size_t kMaxQrPayloadBytes = 400;

// A video file played by libvlc, usually full-bleed (overlays: false).
struct VideoSlide {
  std::filesystem::path file;  // absolute
  Fit fit = Fit::contain;
  bool audio = false;  // off: no audio track is even decoded
  bool loop = true;
  // resume: a film that is one slide among others continues where it left off.
  enum class Start { restart, resume } start = Start::restart;
};

using SlideContent = std::variant<TitleSlide, ImageSlide, SponsorsSlide, CountdownSlide,
                                  AgendaSlide, ChartSlide, QrSlide, VideoSlide>;

// Name of a slide kind as written in YAML; index matches SlideContent.
const char* kind_name(const SlideContent& content);

enum class TransitionKind { cut, fade, push_left, push_right, wipe };
enum class Easing { linear, ease_in_out, ease_out };

struct Transition {
  TransitionKind kind = TransitionKind::fade;
  Millis duration{800};
  Easing easing = Easing::ease_in_out;
};

struct TimeOfDayRange {
  std::chrono::minutes start{0};
  std::chrono::minutes end{24 * 60};  // exclusive; end <= start means it runs past midnight
};

// When a slide may be on air, in the playlist's local time. Empty means always.
struct ScheduleWindow {
  std::optional<LocalTime> from;   // inclusive
  std::optional<LocalTime> until;  // exclusive
  std::uint8_t days = 0x7F;        // bit n set = weekday n on air (0 = Sunday)
  std::vector<TimeOfDayRange> times;

  bool always() const { return !from && !until && days == 0x7F && times.empty(); }
  bool contains(LocalTime t) const;
};

struct Slide {
  std::string id;
  SlideContent content;
  Millis duration{10'000};
  Transition transition;
  ScheduleWindow window;
  bool overlays = true;  // false lets a full-bleed slide hide tickers and clocks
  SourcePos where;
};

enum class Corner { top_left, top_right, bottom_left, bottom_right };

// Overlays are drawn above every slide that allows them, inside the safe area.
struct TickerOverlay {
  std::vector<std::string> messages;
  double speed = 120;  // virtual pixels per second
};

struct ClockOverlay {
  Corner corner = Corner::top_right;
  bool twelve_hour = true;  // "3:45 PM" rather than "15:45"
};

struct LogoOverlay {
  std::filesystem::path file;  // absolute; empty uses the theme's logo
  Corner corner = Corner::top_left;
};

struct Overlays {
  std::optional<TickerOverlay> ticker;
  std::optional<ClockOverlay> clock;
  std::optional<LogoOverlay> logo;
};

// Where the rotation restarts instead of local midnight: set when a live edit swaps
// the show or an operator skips a slide, so the slide on air does not restart.
struct Splice {
  Instant at{};
  int slide = 0;
};

struct Show {
  std::string screen;
  std::string timezone = "UTC";
  bool kiosk = false;                     // a kiosk screen ignores the quit keys
  const date::time_zone* zone = nullptr;  // resolved from timezone by the loader
  Theme theme;
  std::vector<Slide> slides;
  Overlays overlays;
  std::optional<Splice> splice;                     // ignored once its local day is over
  std::filesystem::path file;                       // the playlist
  std::vector<std::filesystem::path> dependencies;  // every file the show was built from
};

}  // namespace marquee
