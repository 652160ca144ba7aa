// Plain values that describe a show: theme, slides, schedule windows. No SDL, no YAML, no I/O.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/basics.h"
#include "core/slide_kinds.h"
#include "core/stage.h"

namespace marquee {

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

// Who looks at a slide: the room, or only the speaker on stage (messages to the speaker and
// blackout show over it).
enum class Audience { room, stage };

struct Slide {
  std::string id;
  SlideContent content;
  Millis duration{10'000};
  Transition transition;
  ScheduleWindow window;
  bool overlays = true;           // false lets a full-bleed slide hide tickers and clocks
  std::vector<std::string> tags;  // campaigns and the like, for proof-of-play reports
  Audience audience = Audience::room;
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

// Where the rotation starts over instead of at local midnight: `slide` comes on air at
// `at`, taking over from `previous` (with the incoming slide's transition), and the
// rotation runs on from there. Operator steps, gotos and resumes make anchors, and so
// does a live edit, so that the slide on air does not restart.
struct Anchor {
  Instant at{};
  int slide = 0;
  int previous = -1;  // the slide it takes over from, or -1 for none
  Instant previous_start{};
  std::optional<Instant> until{};  // it hands over here rather than after its duration
};

// Where a swapped-in show picks up the rotation: `anchor` stands for everything that
// happened up to `swapped`, the instant of the swap. Ignored once its local day is over.
struct Splice {
  Anchor anchor;
  Instant swapped{};
};

// What a screen is for: the room (a backdrop, the side screens, a hall), or the confidence
// monitor at the stage edge that only the speaker sees, where messages and blackout show.
enum class ScreenRole { audience, confidence };

struct Schedule;

// A conference schedule the playlist names under `schedules:`, as it was loaded. Slides
// reach it through a ScheduleRef; a newer copy arrives as a new show, by live reload.
struct ShowSchedule {
  std::string name;      // its key under `schedules:`, which slides name it by
  std::string location;  // an http(s) URL, or the file's absolute path
  bool url = false;
  std::filesystem::path copy;             // what was read: the file, or a URL's last good copy
  Millis every{std::chrono::minutes{5}};  // how often a URL is asked for a newer copy
  const date::time_zone* zone = nullptr;  // the venue's for a file that names none
  std::optional<std::chrono::minutes> day_change;  // as written; none: 04:00
  std::shared_ptr<const Schedule> schedule;        // null while a URL has no copy yet
  SourcePos where;
};

class Timetable;  // core/timeline.h

struct Show {
  std::string screen;
  ScreenRole role = ScreenRole::audience;
  std::string timezone = "UTC";
  bool kiosk = false;                     // a kiosk screen ignores the quit keys
  const date::time_zone* zone = nullptr;  // resolved from timezone by the loader
  Theme theme;
  std::vector<Slide> slides;
  Overlays overlays;
  std::shared_ptr<const Rundown> rundown;  // the talks of the stage, in order; null: none
  std::vector<ShowSchedule> schedules;
  Transition transition;         // the playlist's default, which takeovers fade with too
  std::optional<Splice> splice;  // set by a live edit's swap
  // A fleet's content revision takes over from the show before it at this instant, so
  // every screen swaps on the same frame; none: when the player picks it up.
  std::optional<Instant> on_air_at;
  std::filesystem::path file;    // the playlist
  // A hash of the text files the show was read from (playlist, theme, CSV), the same on
  // every machine for the same texts: which edit is on air, in the play journal.
  std::string revision;
  std::vector<std::filesystem::path> dependencies;  // every file the show was built from
  // What resolve() precomputes from the slides and the zone (make_timetable), shared by
  // copies. The loader sets it; whoever changes the slides of a loaded show sets it again
  // (or resets it, and resolve() then builds one for each call).
  std::shared_ptr<const Timetable> timetable;
};

}  // namespace marquee
