// Loader tests: the exact message and position of every kind of mistake, and a full valid show.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "config/loader.h"
#include "config/suggest.h"
#include "core/duration.h"
#include "diagnostic_lines.h"

namespace {

namespace fs = std::filesystem;
using marquee::Color;
using marquee::Diagnostic;
using marquee::Millis;
using marquee::config::load_show;
using marquee::config::load_show_from_string;
using marquee::config::load_theme;
using marquee::test::Lines;

const fs::path kData = fs::path(MARQUEE_TEST_DATA) / "loader";

using marquee::test::check;
using marquee::test::formatted;

// As if the playlist sat next to the fixtures, so ../assets/... exists.
marquee::config::ShowResult load_beside_fixtures(std::string_view yaml) {
  return load_show_from_string(yaml, kData / "playlists" / "inline.yaml");
}

std::string in_fixtures(const std::string& relative) {
  return (kData / relative).string();
}

marquee::LocalTime local(int y, unsigned m, unsigned d, int hour, int minute) {
  return marquee::LocalTime{date::local_days{date::year{y} / m / d}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute};
}

constexpr std::string_view kOneSlide = "slides:\n  - title: { headline: Hi }\n";

// ---- the happy path ----

TEST(ConfigLoader, FullPlaylistLoadsWithEveryValue) {
  const auto result = load_show(kData / "playlists" / "full.yaml");
  ASSERT_EQ(formatted(result.diagnostics), Lines{});
  ASSERT_TRUE(result.ok());
  const auto& show = *result.show;
  EXPECT_EQ(show.screen, "expo-hall-north");
  EXPECT_EQ(show.timezone, "America/Los_Angeles");
  ASSERT_NE(show.zone, nullptr);
  EXPECT_EQ(show.zone->name(), "America/Los_Angeles");
  EXPECT_EQ(show.file, kData / "playlists" / "full.yaml");
  ASSERT_EQ(show.slides.size(), 3u);

  const auto& welcome = show.slides[0];
  EXPECT_EQ(welcome.id, "welcome");
  EXPECT_EQ(welcome.duration, Millis{10'000});
  EXPECT_EQ(welcome.where.line, 3);
  EXPECT_EQ(welcome.where.column, 5);
  EXPECT_EQ(welcome.transition.kind, marquee::TransitionKind::fade);  // from defaults
  EXPECT_EQ(welcome.transition.duration, Millis{600});
  EXPECT_EQ(welcome.transition.easing, marquee::Easing::ease_out);
  EXPECT_TRUE(welcome.window.always());
  EXPECT_TRUE(welcome.overlays);
  const auto& title = std::get<marquee::TitleSlide>(welcome.content);
  EXPECT_EQ(title.headline, "Welcome");
  EXPECT_EQ(title.body, "Fort Mason · San Francisco");
  EXPECT_EQ(title.kicker, "Sept 18-19");
  EXPECT_EQ(title.align, marquee::Align::center);

  const auto& venue = show.slides[1];
  EXPECT_EQ(venue.id, "venue");
  EXPECT_EQ(venue.duration, Millis{90'000});
  EXPECT_EQ(venue.transition.kind, marquee::TransitionKind::push_left);
  EXPECT_EQ(venue.transition.duration, Millis{600});
  EXPECT_FALSE(venue.overlays);
  const auto& image = std::get<marquee::ImageSlide>(venue.content);
  EXPECT_EQ(image.file, kData / "assets" / "venue-map.png");
  EXPECT_TRUE(image.file.is_absolute());
  EXPECT_EQ(image.fit, marquee::Fit::cover);
  EXPECT_EQ(image.caption, "Hall A");
  EXPECT_EQ(image.background, (Color{0, 0, 0, 255}));
  EXPECT_EQ(venue.window.from, local(2024, 9, 18, 8, 0));
  EXPECT_EQ(venue.window.until, local(2024, 9, 19, 18, 0));
  EXPECT_EQ(venue.window.days, (1 << 3) | (1 << 4));
  ASSERT_EQ(venue.window.times.size(), 2u);
  EXPECT_EQ(venue.window.times[0].start, std::chrono::minutes{8 * 60});
  EXPECT_EQ(venue.window.times[0].end, std::chrono::minutes{12 * 60});
  EXPECT_EQ(venue.window.times[1].start, std::chrono::minutes{13 * 60});
  EXPECT_EQ(venue.window.times[1].end, std::chrono::minutes{18 * 60});

  const auto& late = show.slides[2];
  EXPECT_EQ(late.id, "slide-3");
  EXPECT_EQ(late.duration, Millis{12'000});  // from defaults
  EXPECT_EQ(late.transition.kind, marquee::TransitionKind::wipe);
  EXPECT_EQ(late.transition.duration, Millis{1'500});
  EXPECT_EQ(late.transition.easing, marquee::Easing::ease_out);  // kept from defaults
  EXPECT_EQ(std::get<marquee::TitleSlide>(late.content).align, marquee::Align::left);
  EXPECT_EQ(late.window.from, local(2024, 9, 18, 0, 0));
  EXPECT_FALSE(late.window.until);
  EXPECT_EQ(late.window.days, 0x3E);
  ASSERT_EQ(late.window.times.size(), 1u);
  EXPECT_EQ(late.window.times[0].start, std::chrono::minutes{22 * 60});
  EXPECT_EQ(late.window.times[0].end, std::chrono::minutes{2 * 60});

  const auto& theme = show.theme;
  EXPECT_EQ(theme.name, "Test Conference");
  EXPECT_EQ(theme.file, kData / "themes" / "full.yaml");
  EXPECT_EQ(theme.background, (Color{0x10, 0x20, 0x30, 255}));
  EXPECT_EQ(theme.text, (Color{255, 255, 255, 255}));
  EXPECT_EQ(theme.accent, (Color{0xEE, 0x4C, 0x2C, 0x80}));
  EXPECT_EQ(theme.muted, (Color{255, 255, 255, 255}));
  EXPECT_EQ(theme.panel, (Color{0, 0, 0, 0}));
  EXPECT_EQ(theme.headline_font.family, "Inter");
  EXPECT_EQ(theme.headline_font.weight, 900);
  EXPECT_EQ(theme.body_font.file, (kData / "assets" / "fonts" / "stand-in.ttf").string());
  EXPECT_EQ(theme.body_font.weight, 300);
  EXPECT_EQ(theme.background_image, kData / "assets" / "bg.png");
  EXPECT_EQ(theme.logo, kData / "assets" / "logo.svg");
  EXPECT_EQ(theme.safe_area.left, 100);
  EXPECT_EQ(theme.safe_area.top, 50);
  EXPECT_EQ(theme.safe_area.right, 100);
  EXPECT_EQ(theme.safe_area.bottom, 60.5);
  EXPECT_EQ(theme.headline_size, 120);
  EXPECT_EQ(theme.body_size, 48);
  EXPECT_EQ(theme.caption_size, 28);

  const std::vector<fs::path> dependencies = {
      kData / "playlists" / "full.yaml",
      kData / "themes" / "full.yaml",
      kData / "assets" / "fonts" / "stand-in.ttf",
      kData / "assets" / "bg.png",
      kData / "assets" / "logo.svg",
      kData / "assets" / "venue-map.png",
  };
  EXPECT_EQ(show.dependencies, dependencies);
}

TEST(ConfigLoader, MinimalPlaylistGetsDefaults) {
  const auto result = load_show_from_string(kOneSlide, "playlists/lobby.yaml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.show->screen, "lobby");
  EXPECT_EQ(result.show->timezone, "UTC");
  ASSERT_NE(result.show->zone, nullptr);
  EXPECT_EQ(result.show->zone->name(), "UTC");
  EXPECT_EQ(result.show->theme.name, marquee::Theme{}.name);
  EXPECT_EQ(result.show->slides.at(0).id, "slide-1");
  EXPECT_EQ(result.show->slides.at(0).duration, Millis{10'000});
  EXPECT_EQ(result.show->dependencies,
            std::vector<fs::path>{fs::absolute("playlists/lobby.yaml").lexically_normal()});
}

TEST(ConfigLoader, AcceptsColourAndDurationSpellings) {
  const auto result = load_beside_fixtures(R"(slides:
  - image: { file: ../assets/venue-map.png, background: "#abc" }
    duration: 90
    transition: { kind: crossfade, duration: 750ms }
  - image: { file: ../assets/venue-map.png, background: "#11223344" }
    duration: 1m30s
  - image: { file: ../assets/venue-map.png, background: Black }
    duration: 2m
)");
  ASSERT_EQ(formatted(result.diagnostics), Lines{});
  const auto& slides = result.show->slides;
  EXPECT_EQ(std::get<marquee::ImageSlide>(slides[0].content).background,
            (Color{0xAA, 0xBB, 0xCC, 255}));
  EXPECT_EQ(std::get<marquee::ImageSlide>(slides[1].content).background,
            (Color{0x11, 0x22, 0x33, 0x44}));
  EXPECT_EQ(std::get<marquee::ImageSlide>(slides[2].content).background, (Color{0, 0, 0, 255}));
  EXPECT_EQ(slides[0].duration, Millis{90'000});
  EXPECT_EQ(slides[0].transition.kind, marquee::TransitionKind::fade);
  EXPECT_EQ(slides[0].transition.duration, Millis{750});
  EXPECT_EQ(slides[1].duration, Millis{90'000});
  EXPECT_EQ(slides[2].duration, Millis{120'000});
}

// ---- YAML syntax and files ----

TEST(ConfigLoader, SyntaxErrorsAreReworded) {
  EXPECT_EQ(check("slides:\n  - title: { headline: \"Hi\"\n"),
            Lines{"p.yaml:2:12: error: syntax error: '{' is never closed; add the matching '}'"});
  EXPECT_EQ(check("screen: expo: north\n"),
            Lines{"p.yaml:1:13: error: syntax error: unexpected ':'; put text that contains ': ' "
                  "in quotes, or check the indentation"});
  EXPECT_EQ(check("slides:\n  - title: { headline: Hi }\n\tduration: 5s\n"),
            Lines{"p.yaml:3:1: error: syntax error: tab used for indentation; indent with spaces"});
  EXPECT_EQ(check("screen: @north\n"),
            Lines{"p.yaml:1:9: error: syntax error: a value cannot start with this character; put "
                  "the value in quotes"});
}

TEST(ConfigLoader, SecondDocumentIsAnError) {
  EXPECT_EQ(check("slides:\n  - title: { headline: Hi }\n---\nscreen: x\n"),
            Lines{"p.yaml:4:1: error: unexpected second document; check the indentation here, or "
                  "remove '---'"});
}

TEST(ConfigLoader, UnreadableFile) {
  const auto missing = kData / "playlists" / "no-such-playlist.yaml";
  const auto result = load_show(missing);
  EXPECT_FALSE(result.show);
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{missing.string() + ":1:1: error: cannot open file: it does not exist"});
  EXPECT_EQ(
      formatted(load_show(kData / "playlists").diagnostics),
      Lines{(kData / "playlists").string() + ":1:1: error: cannot open file: it is a folder"});
}

TEST(ConfigLoader, PlaylistMustBeAMap) {
  const auto result = load_show_from_string("- a\n- b\n", "p.yaml");
  EXPECT_FALSE(result.show);
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{"p.yaml:1:1: error: the playlist must be a map with keys like screen, theme, "
                  "timezone, got a list"});
}

// ---- keys ----

TEST(ConfigLoader, UnknownKeys) {
  EXPECT_EQ(check(std::string("sreen: x\nvenue: hall\n") + std::string(kOneSlide)),
            (Lines{"p.yaml:1:1: error: unknown key 'sreen' (did you mean 'screen'?)",
                   "p.yaml:2:1: error: unknown key 'venue'; use one of: screen, theme, timezone, "
                   "defaults, slides, overlays, kiosk, schedules"}));
  EXPECT_EQ(
      check(R"(slides:
  - title: { headlin: Hi, Body: there }
    durration: 5s
    colour: red
)"),
      (Lines{"p.yaml:2:12: error: title slide needs a headline or a body",
             "p.yaml:2:14: error: unknown key 'headlin' (did you mean 'headline'?)",
             "p.yaml:2:27: error: unknown key 'Body' (did you mean 'body'?)",
             "p.yaml:3:5: error: unknown key 'durration' (did you mean 'duration'?)",
             "p.yaml:4:5: error: unknown key 'colour'; use one of: id, duration, "
             "transition, overlays, tags, show, title, image, sponsors, countdown, agenda, chart, "
             "qr, video, room"}));
}

TEST(ConfigLoader, UnknownSlideKinds) {
  EXPECT_EQ(check("slides:\n  - imag: { file: x.png }\n  - webpage: { url: x }\n"),
            (Lines{"p.yaml:2:5: error: unknown slide kind 'imag' (did you mean 'image'?)",
                   "p.yaml:3:5: error: unknown slide kind 'webpage'; use one of: "
                   "title, image, sponsors, countdown, agenda, chart, qr, video, room"}));
}

TEST(ConfigLoader, SlideNeedsExactlyOneKind) {
  EXPECT_EQ(check(R"(slides:
  - id: empty
    duration: 5s
  - title: { headline: A }
    image: { file: x.png }
)"),
            (Lines{"p.yaml:2:5: error: slide has no content; add one of: title, image, sponsors, "
                   "countdown, agenda, chart, qr, video, room",
                   "p.yaml:5:5: error: slide has two kinds, 'title' and 'image'; give each its "
                   "own slide",
                   "p.yaml:5:20: error: file not found: x.png"}));
}

TEST(ConfigLoader, DuplicateKeys) {
  EXPECT_EQ(check(R"(slides:
  - title: { headline: A, headline: B }
    duration: 5s
    duration: 6s
screen: a
screen: b
)"),
            (Lines{"p.yaml:2:27: error: duplicate key 'headline' (first defined at line 2)",
                   "p.yaml:4:5: error: duplicate key 'duration' (first defined at line 3)",
                   "p.yaml:6:1: error: duplicate key 'screen' (first defined at line 5)"}));
}

TEST(ConfigLoader, DuplicateKeyKeepsTheFirstValue) {
  const auto result = load_show_from_string(
      "slides:\n  - title: { headline: A }\n    duration: 5s\n    duration: 6s\n", "p.yaml");
  ASSERT_TRUE(result.show);
  EXPECT_EQ(result.show->slides.at(0).duration, Millis{5'000});
}

TEST(ConfigLoader, DuplicateSlideIds) {
  EXPECT_EQ(check(R"(slides:
  - id: a
    title: { headline: A }
  - id: a
    title: { headline: B }
  - id: slide-4
    title: { headline: C }
  - title: { headline: D }
)"),
            (Lines{"p.yaml:4:9: error: duplicate slide id 'a' (first used at line 2)",
                   "p.yaml:8:5: error: duplicate slide id 'slide-4' (first used at line 6)"}));
}

// ---- values ----

TEST(ConfigLoader, WrongTypes) {
  EXPECT_EQ(check(R"(slides:
  - title: Welcome
    duration: [10s]
    overlays: maybe
  - title: { headline: [a, b] }
    transition: [fade]
    id: { name: x }
)"),
            (Lines{"p.yaml:2:12: error: 'title' must be a map with keys like headline, body, "
                   "kicker, got 'Welcome'",
                   "p.yaml:3:15: error: 'duration' must be a duration like 10s, got a list",
                   "p.yaml:4:15: error: 'overlays' must be true or false, got 'maybe'",
                   "p.yaml:5:24: error: 'headline' must be text, got a list",
                   "p.yaml:6:17: error: 'transition' must be one of cut, fade, push-left, "
                   "push-right or wipe, got a list",
                   "p.yaml:7:9: error: 'id' must be a name like welcome, got a map"}));
  EXPECT_EQ(check("slides: { a: 1 }\n"),
            Lines{"p.yaml:1:9: error: 'slides' must be a list of slides, got a map"});
  EXPECT_EQ(check("slides:\n  - Welcome\n"),
            Lines{"p.yaml:2:5: error: a slide must be a map with keys like id, duration, "
                  "transition, got 'Welcome'"});
}

TEST(ConfigLoader, BadDurations) {
  const auto result = load_show_from_string(R"(defaults: { duration: ten seconds }
slides:
  - title: { headline: A }
    duration: 0s
  - title: { headline: B }
    duration: -5s
  - title: { headline: C }
    transition: { duration: 1m30 }
)",
                                            "p.yaml");
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"p.yaml:1:23: error: cannot read duration 'ten seconds'; write it like 10s, 2m "
                   "or 1m30s",
                   "p.yaml:4:15: error: duration must be greater than zero, got '0s'",
                   "p.yaml:6:15: error: duration must be greater than zero, got '-5s'",
                   "p.yaml:8:29: error: cannot read duration '1m30'; write it like 10s, 2m or "
                   "1m30s"}));
  ASSERT_TRUE(result.show);
  EXPECT_FALSE(result.ok());
  // A bad value leaves the default in place rather than a half-read one.
  EXPECT_EQ(result.show->slides.at(0).duration, Millis{10'000});
}

TEST(ConfigLoader, BadColours) {
  const auto result = load_beside_fixtures(R"(slides:
  - image:
      file: ../assets/venue-map.png
      background: #000000
  - image: { file: ../assets/venue-map.png, background: "#GG0000" }
  - image: { file: ../assets/venue-map.png, background: red }
)");
  const std::string p = in_fixtures("playlists/inline.yaml");
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{p + ":4:7: error: 'background' must be a colour in quotes, like \"#1A2B3C\", "
                       "got nothing",
                   p + ":5:57: error: bad colour '#GG0000'; use #RRGGBB",
                   p + ":6:57: error: bad colour 'red'; use #RRGGBB"}));
}

TEST(ConfigLoader, BadChoices) {
  const auto result =
      load_show_from_string(R"(defaults: { transition: { kind: cut, easing: linear } }
slides:
  - title: { headline: A }
  - title: { headline: B, align: centre }
    transition: fadee
  - title: { headline: C }
    transition: { kind: zoom, speed: 2 }
)",
                            "p.yaml");
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"p.yaml:4:34: error: unknown alignment 'centre' (did you mean 'center'?)",
                   "p.yaml:5:17: error: unknown transition 'fadee' (did you mean 'fade'?)",
                   "p.yaml:7:25: error: unknown transition 'zoom'; use one of: cut, fade, "
                   "push-left, push-right, wipe",
                   "p.yaml:7:31: error: unknown key 'speed'; use one of: kind, duration, easing"}));
  ASSERT_TRUE(result.show);
  EXPECT_EQ(result.show->slides.at(0).transition.kind, marquee::TransitionKind::cut);
  EXPECT_EQ(result.show->slides.at(0).transition.easing, marquee::Easing::linear);
}

TEST(ConfigLoader, BadScheduleValues) {
  EXPECT_EQ(
      check(R"(slides:
  - title: { headline: A }
    show: { days: [thurs, wednesdy], times: ["8-12"], from: "Sept 18", until: 2024-02-30 }
  - title: { headline: B }
    show:
      days: []
      times: "08:00-08:00"
      until: [2024]
)"),
      (Lines{"p.yaml:3:20: error: unknown day 'thurs' (did you mean 'thu'?)",
             "p.yaml:3:27: error: unknown day 'wednesdy' (did you mean 'wednesday'?)",
             "p.yaml:3:46: error: cannot read time range '8-12'; write it like 08:00-12:00",
             "p.yaml:3:61: error: cannot read date 'Sept 18'; write it like 2024-09-18 "
             "08:00",
             "p.yaml:3:79: error: cannot read date '2024-02-30'; write it like 2024-09-18 "
             "08:00",
             "p.yaml:6:13: error: 'days' is empty; list at least one, like [mon, tue]",
             "p.yaml:7:14: error: time range '08:00-08:00' starts and ends at the same time",
             "p.yaml:8:14: error: 'until' must be a date like 2024-09-18 08:00, got a list"}));
  EXPECT_EQ(check("slides:\n  - title: { headline: A }\n    show: { days: { mon: 1 } }\n"),
            Lines{"p.yaml:3:19: error: 'days' must be one of sun, mon, tue, wed, thu, fri, sat, "
                  "weekdays or weekend, got a map"});
}

TEST(ConfigLoader, UnknownTimeZones) {
  EXPECT_EQ(check(std::string("timezone: America/Los_Angles\n") + std::string(kOneSlide)),
            Lines{"p.yaml:1:11: error: unknown time zone 'America/Los_Angles' (did you mean "
                  "'America/Los_Angeles'?)"});
  EXPECT_EQ(check(std::string("timezone: Los Angeles\n") + std::string(kOneSlide)),
            Lines{"p.yaml:1:11: error: unknown time zone 'Los Angeles' (did you mean "
                  "'America/Los_Angeles'?)"});
  const auto result = load_show_from_string(
      std::string("timezone: Mars/Olympus_Mons\n") + std::string(kOneSlide), "p.yaml");
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{"p.yaml:1:11: error: unknown time zone 'Mars/Olympus_Mons'; use a name like "
                  "Europe/Berlin or America/New_York"});
  ASSERT_TRUE(result.show);
  ASSERT_NE(result.show->zone, nullptr);  // still usable by callers that ignore errors
  EXPECT_EQ(result.show->zone->name(), "UTC");
}

TEST(ConfigLoader, EmptyPlaylists) {
  EXPECT_EQ(check(""), Lines{"p.yaml:1:1: error: file is empty"});
  EXPECT_EQ(check("# just a comment\n"),
            Lines{"p.yaml:1:1: error: the playlist has no slides; add a 'slides:' list"});
  EXPECT_EQ(check("screen: x\nslides: []\n"),
            Lines{"p.yaml:2:9: error: 'slides' is empty; add at least one slide"});
  EXPECT_EQ(check("screen: x\nslides:\n"),
            Lines{"p.yaml:2:1: error: 'slides' is empty; add at least one slide"});
}

TEST(ConfigLoader, EmptySlideEntryPointsAtItsDash) {
  // yaml-cpp places an empty entry at the next token; the message must not.
  EXPECT_EQ(check("slides:\n  -\n  - title: { headline: Hi }\n  -   \n\n"),
            (Lines{"p.yaml:2:3: error: slide has no content; add one of: title, image, sponsors, "
                   "countdown, agenda, chart, qr, video, room",
                   "p.yaml:4:3: error: slide has no content; add one of: title, image, sponsors, "
                   "countdown, agenda, chart, qr, video, room"}));
}

TEST(ConfigLoader, MergeKeysAreRejectedPlainly) {
  EXPECT_EQ(
      check("defaults: &d { duration: 5s }\nslides:\n  - title: { headline: Hi }\n    <<: *d\n"),
      Lines{"p.yaml:4:5: error: '<<' merge keys are not supported; write the keys out"});
}

// ---- schedules ----

TEST(ConfigLoader, DatesMayCarrySeconds) {
  const auto result = load_show_from_string(
      "slides:\n  - title: { headline: A }\n    show: { from: \"2024-09-18T08:00:30\" }\n",
      "p.yaml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.show->slides.at(0).window.from,
            local(2024, 9, 18, 8, 0) + std::chrono::seconds{30});
  EXPECT_EQ(check("slides:\n  - title: { headline: A }\n    show: { from: \"2024-09-18:30\" }\n"),
            Lines{"p.yaml:3:19: error: cannot read date '2024-09-18:30'; write it like 2024-09-18 "
                  "08:00"});
}

TEST(ConfigLoader, NothingEverOnAirIsAnError) {
  const auto result = load_show_from_string(R"(slides:
  - id: a
    title: { headline: A }
    show: { from: "2024-09-19 08:00", until: "2024-09-18 08:00" }
  - id: b
    title: { headline: B }
    show: { from: "2024-09-18", until: "2024-09-20", days: [sat, sun] }
)",
                                            "p.yaml");
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"p.yaml:1:1: error: no slide in this playlist is ever on air; check their "
                   "'show' windows",
                   "p.yaml:4:11: warning: slide 'a' is never on air: its 'until' (2024-09-18 "
                   "08:00) is not after its 'from' (2024-09-19 08:00)",
                   "p.yaml:7:11: warning: slide 'b' is never on air: none of its days (sun, sat) "
                   "falls between 2024-09-18 00:00 and 2024-09-20 00:00"}));
  EXPECT_FALSE(result.ok());
}

TEST(ConfigLoader, OneSlideNeverOnAirIsAWarning) {
  const auto result = load_show_from_string(R"(slides:
  - title: { headline: A }
  - id: late
    title: { headline: B }
    show: { from: "2024-09-18 08:00", until: "2024-09-18 18:00", times: "20:00-22:00", days: wed }
)",
                                            "p.yaml");
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{"p.yaml:5:11: warning: slide 'late' is never on air: none of its times "
                  "(20:00-22:00) falls between 2024-09-18 08:00 and 2024-09-18 18:00 on its days "
                  "(wed)"});
  EXPECT_TRUE(result.ok());
}

TEST(ConfigLoader, WindowsThatAreOnAirSomewherePass) {
  // Each window below is on air for a short stretch only, which the scan must find.
  EXPECT_EQ(check(R"(slides:
  - title: { headline: A }
    show: { from: "2024-09-18 23:00", until: "2024-09-19 01:00", times: "23:30-00:30", days: wed }
  - title: { headline: B }
    show: { from: "2024-09-18 08:00", until: "2025-09-18 08:00", days: sat, times: "12:00-12:01" }
  - title: { headline: C }
    show: { until: "2024-09-18 08:00", days: weekend }
)"),
            Lines{});
}

// ---- assets and themes ----

TEST(ConfigLoader, MissingAssetsArePathsAsWritten) {
  const auto playlist = kData / "playlists" / "missing-assets.yaml";
  const auto result = load_show(playlist);
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{playlist.string() + ":2:8: error: file not found: ../themes/no-such-theme.yaml",
                   playlist.string() + ":4:20: error: file not found: ../assets/venue-mapp.png"}));
  ASSERT_TRUE(result.show);
  // Missing files are still dependencies, so a watcher reloads once they appear.
  EXPECT_EQ(result.show->dependencies,
            (std::vector<fs::path>{playlist, kData / "themes" / "no-such-theme.yaml",
                                   kData / "assets" / "venue-mapp.png"}));
}

TEST(ConfigLoader, ThemeErrorsNameTheThemeFileAndPlaylistErrorsStillCount) {
  const auto playlist = kData / "playlists" / "broken-theme.yaml";
  const std::string theme = in_fixtures("themes/broken.yaml");
  EXPECT_EQ(
      formatted(load_show(playlist).diagnostics),
      (Lines{playlist.string() + ":5:15: error: duration must be greater than zero, got '0s'",
             theme + ":4:15: error: bad colour '#GG0000'; use #RRGGBB",
             theme + ":5:3: error: unknown key 'txt' (did you mean 'text'?)",
             theme + ":6:3: error: 'accent' must be a colour in quotes, like \"#1A2B3C\", got "
                     "nothing",
             theme + ":8:38: error: unknown font weight 'bolt' (did you mean 'bold'?)",
             theme + ":9:17: error: file not found: ../assets/fonts/missing.ttf",
             theme + ":9:54: error: 'weight' must be a number from 100 to 900, got '950'",
             theme + ":10:7: error: file not found: ../assets/logoo.svg",
             theme + ":11:20: error: 'left' must be a number from 0 to 500, got '-5'",
             theme + ":12:25: error: duplicate key 'headline' (first defined at line 12)"}));
}

TEST(ConfigLoader, ThemePathIsShownRelativeToTheCaller) {
  // Run from the fixtures folder so the playlist can be named relatively, as a user would.
  const auto old = fs::current_path();
  fs::current_path(kData);
  const auto result = load_show("playlists/broken-theme.yaml");
  fs::current_path(old);
  ASSERT_GE(result.diagnostics.size(), 2u);
  EXPECT_EQ(result.diagnostics[0].file, "playlists/broken-theme.yaml");
  EXPECT_EQ(result.diagnostics[1].file, "themes/broken.yaml");
}

TEST(ConfigLoader, LoadThemeAlone) {
  const auto full = load_theme(kData / "themes" / "full.yaml");
  EXPECT_TRUE(full.ok());
  EXPECT_EQ(formatted(full.diagnostics), Lines{});
  ASSERT_TRUE(full.theme);
  EXPECT_EQ(full.theme->name, "Test Conference");

  const auto syntax_file = kData / "themes" / "syntax.yaml";
  const auto syntax = load_theme(syntax_file);
  EXPECT_FALSE(syntax.theme);
  EXPECT_EQ(formatted(syntax.diagnostics),
            Lines{syntax_file.string() +
                  ":2:9: error: syntax error: '{' is never closed; add the matching '}'"});
}

// ---- ordering, robustness, helpers ----

TEST(ConfigLoader, AllProblemsAreReportedSortedByPosition) {
  // timezone and defaults are read before slides, yet must be reported in file order.
  EXPECT_EQ(check(R"(slides:
  - title: { headline: A }
    duration: 0s
timezone: Nowhere/City
defaults: { duration: 0 }
)"),
            (Lines{"p.yaml:3:15: error: duration must be greater than zero, got '0s'",
                   "p.yaml:4:11: error: unknown time zone 'Nowhere/City'; use a name like "
                   "Europe/Berlin or America/New_York",
                   "p.yaml:5:23: error: duration must be greater than zero, got '0'"}));
}

TEST(ConfigLoader, GarbageNeverThrows) {
  const std::vector<std::string> inputs = {
      std::string(100'000, '['),
      "&a [*a]",
      "slides: &s [*s]",
      "? [a]\n: b\n",
      "\xff\xfe\x00",
      "slides: !!binary x",
      "- - - -",
      "{{{{}}}}",
      "slides:\n  - show: &w { days: *w }\n",
  };
  for (const auto& input : inputs) {
    marquee::config::ShowResult result;
    EXPECT_NO_THROW(result = load_show_from_string(input, "p.yaml")) << input.substr(0, 40);
    EXPECT_FALSE(result.ok()) << input.substr(0, 40);
    EXPECT_FALSE(result.diagnostics.empty()) << input.substr(0, 40);
  }
}

TEST(ConfigFormat, ErrorAndWarning) {
  EXPECT_EQ(marquee::format({"a.yaml", 3, 5, Diagnostic::Severity::error, "bad"}),
            "a.yaml:3:5: error: bad");
  EXPECT_EQ(marquee::format({"a.yaml", 1, 2, Diagnostic::Severity::warning, "hmm"}),
            "a.yaml:1:2: warning: hmm");
}

TEST(ConfigFormat, EveryDiagnosticIsOneLine) {
  // A line break that reached a message or a file name must not start a second line.
  EXPECT_EQ(marquee::format({"a\nb.yaml", 3, 5, Diagnostic::Severity::error, "bad\r\nvalue"}),
            "a\\nb.yaml:3:5: error: bad\\r\\nvalue");
}

TEST(ConfigFormat, EchoedTextIsEscapedAndShortened) {
  using marquee::one_line;
  using marquee::quote;
  EXPECT_EQ(quote("ten\nseconds\n"), "'ten\\nseconds\\n'");
  EXPECT_EQ(one_line("a\tb\x01"
                     "c\x7f"),
            "a\\tb\\x01c\\x7F");
  EXPECT_EQ(one_line("line\xE2\x80\xA8separator"), "line\\u2028separator");
  EXPECT_EQ(one_line("C:\\assets\\map.png"), "C:\\assets\\map.png");  // backslashes stay
  // Shortened in the middle to 40 characters: the start, "...", and the end.
  const std::string long_text = "#FFFFFF and then a very long line of text pasted here by mistake";
  EXPECT_EQ(one_line(long_text), "#FFFFFF and then a very l...e by mistake");
  EXPECT_EQ(one_line(long_text).size(), 40u);
  EXPECT_EQ(one_line(long_text, 0), long_text);
  EXPECT_EQ(one_line(std::string(40, 'x')), std::string(40, 'x'));
  // Characters are counted, not bytes, and an escape is never cut in half.
  const std::string accents =
      std::string(30, 'a') + "\xC3\xA9\xC3\xA9\xC3\xA9" + "\n\n\n\n\n\n\n\n\n\n";
  EXPECT_EQ(one_line(accents, 10), "aaaaa...\\n\\n");
  EXPECT_EQ(one_line("\xC3\xA9t\xC3\xA9 \xC3\xA0 Fort Mason"),
            "\xC3\xA9t\xC3\xA9 \xC3\xA0 Fort Mason");
}

TEST(ConfigLoader, EchoedValuesKeepEachProblemToOneLine) {
  EXPECT_EQ(
      check("slides:\n  - title: { headline: Hi }\n    duration: |\n      ten\n      seconds\n"),
      Lines{"p.yaml:3:15: error: cannot read duration 'ten\\nseconds\\n'; write it like 10s, "
            "2m or 1m30s"});
  EXPECT_EQ(check("\"sl\\tides\": []\n" + std::string(kOneSlide)),
            Lines{"p.yaml:1:1: error: unknown key 'sl\\tides' (did you mean 'slides'?)"});
  EXPECT_EQ(
      check(std::string(kOneSlide) + "    id: \"a\\nb\"\n  - title: { headline: Hi }\n    id: "
                                     "\"a\\nb\"\n"),
      Lines{"p.yaml:5:9: error: duplicate slide id 'a\\nb' (first used at line 3)"});
}

TEST(ConfigLoader, MissingCommaInBracketsIsNamed) {
  const std::string message =
      "error: syntax error: missing ',' before this; separate the entries in brackets with commas";
  EXPECT_EQ(check("slides:\n  - title: { headline: \"Hi\" body: x }\n"),
            Lines{"p.yaml:2:29: " + message});
  EXPECT_EQ(check("slides: [{ title: { headline: a } } { title: { headline: b } }]\n"),
            Lines{"p.yaml:1:37: " + message});
  EXPECT_EQ(check("defaults: { duration: 10s transition: fade }\n" + std::string(kOneSlide)),
            Lines{"p.yaml:1:27: " + message});
  // Text with spaces is one value in brackets, as YAML says: no comma is missing there.
  EXPECT_EQ(
      check("overlays: { ticker: { messages: [Coffee in the lobby] } }\n" + std::string(kOneSlide)),
      Lines{});
}

TEST(ConfigLoader, QuestionMarksInsideBracketsAreText) {
  // Valid YAML that yaml-cpp alone refuses: it takes a '?' in brackets for a key.
  const auto result = load_show_from_string(
      "overlays:\n  ticker: { messages: [Questions? Ask at the desk, Why?, \"?\", ?x, What ?] }\n"
      "slides:\n  - title: { headline: Hi?, body: [a?b] }\n    id: q?\n",
      "p.yaml");
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{"p.yaml:4:35: error: 'body' must be text, got a list"});
  const auto valid = load_show_from_string(
      "overlays:\n  ticker: { messages: [Questions? Ask at the desk, Why?, \"?\", ?x, What ?] }\n"
      "slides:\n  - { title: { headline: Hi?, body: Really? }, id: q? }\n",
      "p.yaml");
  ASSERT_TRUE(valid.ok()) << formatted(valid.diagnostics).front();
  EXPECT_EQ(valid.show->overlays.ticker->messages,
            (std::vector<std::string>{"Questions? Ask at the desk", "Why?", "?", "?x", "What ?"}));
  EXPECT_EQ(valid.show->slides.at(0).id, "q?");
  const auto& title = std::get<marquee::TitleSlide>(valid.show->slides.at(0).content);
  EXPECT_EQ(title.headline, "Hi?");
  EXPECT_EQ(title.body, "Really?");
  // The byte that stands in for '?' while yaml-cpp reads is put back in plain text only.
  const auto escaped = load_show_from_string(
      "slides:\n  - { title: { headline: \"a\\x01\", body: b? } }\n", "p.yaml");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(std::get<marquee::TitleSlide>(escaped.show->slides.at(0).content).headline, "a\x01");
}

TEST(ConfigLoader, ValuesOnConsecutiveLinesAreNotASecondDocument) {
  EXPECT_EQ(check("\"Welcome\"\n\"Coffee in the lobby\"\n"),
            Lines{"p.yaml:2:1: error: syntax error: unexpected text after the end of the value "
                  "before it; check the indentation here"});
  EXPECT_EQ(check("[Welcome]\n[Coffee]\n"),
            Lines{"p.yaml:2:1: error: syntax error: unexpected text after the end of the value "
                  "before it; check the indentation here"});
  // A '---' at the start of the file is no second document.
  EXPECT_EQ(check("---\n\"Welcome\"\n\"Coffee\"\n"),
            Lines{"p.yaml:3:1: error: syntax error: unexpected text after the end of the value "
                  "before it; check the indentation here"});
  EXPECT_EQ(check(std::string(kOneSlide) + "...\nscreen: x\n"),
            Lines{"p.yaml:4:1: error: unexpected second document; check the indentation here, or "
                  "remove '...'"});
}

TEST(ConfigLoader, PositionsStayInsideTheFile) {
  EXPECT_EQ(check("slides:\n  - title: { headline: Hi }\n    duration: [1, 2\n\n\n"),
            Lines{"p.yaml:3:15: error: syntax error: '[' is never closed; add the matching ']'"});
  EXPECT_EQ(check(std::string(kOneSlide) + "---\n\n"),
            Lines{"p.yaml:3:1: error: unexpected '---' at the end; remove it"});
  EXPECT_EQ(check(std::string(kOneSlide) + "?\n\n"),
            Lines{"p.yaml:3:1: error: keys must be plain words, got nothing"});
}

TEST(ConfigSuggest, ClosestPlausibleCandidate) {
  using marquee::config::suggest;
  const std::vector<std::string> keys = {"id", "duration", "transition", "title", "image"};
  EXPECT_EQ(suggest("durration", keys), "duration");
  EXPECT_EQ(suggest("duraiton", keys), "duration");  // a swap counts as one edit
  EXPECT_EQ(suggest("Title", keys), "title");
  EXPECT_EQ(suggest("imag", keys), "image");
  EXPECT_EQ(suggest("venue", keys), std::nullopt);
  EXPECT_EQ(suggest("xy", keys), std::nullopt);  // short words need a close match
  EXPECT_EQ(suggest("cat", {"bat", "hat"}), "bat");
  EXPECT_EQ(suggest("anything", {}), std::nullopt);
}

}  // namespace

TEST(ConfigLoader, KioskScreensIgnoreTheQuitKeys) {
  const auto kiosk = marquee::config::load_show_from_string(
      std::string("kiosk: true\n") + std::string(kOneSlide), "p.yaml");
  ASSERT_TRUE(kiosk.ok());
  EXPECT_TRUE(kiosk.show->kiosk);
  const auto plain = marquee::config::load_show_from_string(kOneSlide, "p.yaml");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain.show->kiosk);
  EXPECT_EQ(check(std::string("kiosk: maybe\n") + std::string(kOneSlide)),
            Lines{"p.yaml:1:8: error: 'kiosk' must be true or false, got 'maybe'"});
}
