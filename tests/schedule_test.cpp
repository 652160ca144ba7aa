// Conference schedule import: the real frab files, pretalx and iCalendar exports, every time-zone
// case, warnings and the core queries.
#include <gtest/gtest.h>

#include "config/schedule_build.h"
#include "config/schedule_load.h"
#include "diagnostic_lines.h"

namespace marquee {
namespace {

using config::parse_schedule;
using config::ScheduleOptions;
using config::ScheduleResult;
using test::formatted;
using test::Lines;
using namespace std::chrono_literals;

const std::string kData = std::string(MARQUEE_TEST_DATA) + "/schedules/";

const date::time_zone* zone(const char* name) {
  return date::locate_zone(name);
}

Instant instant(const std::string& iso) {
  const auto written = config::detail::parse_written_time(iso);
  EXPECT_TRUE(written && written->offset) << iso;
  if (!written || !written->offset) return {};
  return Instant{date::floor<Millis>(written->local.time_since_epoch() - *written->offset)};
}

ScheduleResult load(const std::string& name, const ScheduleOptions& options = {}) {
  return config::load_schedule(kData + name, options);
}

// "11:00-11:30 Saal 1 31C3 Opening Event", venue time, for compact expectations.
std::string line(const Schedule& s, const ScheduleEvent& e) {
  return date::format("%F %H:%M", venue_time(s, e.start)) + "-" +
         date::format("%H:%M", venue_time(s, e.end)) + " " + e.room + " " + e.title;
}

std::vector<const ScheduleEvent*> in_room(const Schedule& s, const std::string& room) {
  std::vector<const ScheduleEvent*> out;
  for (const auto& e : s.events)
    if (e.room == room) out.push_back(&e);
  return out;
}

std::string frab_xml(const std::string& conference, const std::string& days) {
  return "<?xml version='1.0' encoding='utf-8' ?>\n<schedule>\n<conference>\n<title>T</title>\n" +
         conference + "</conference>\n" + days + "</schedule>\n";
}

// One <event> on one line, so tests know its line number.
std::string frab_event(const std::string& id, const std::string& date, const std::string& start,
                       const std::string& duration, const std::string& room = "Saal 1",
                       const std::string& title = "") {
  std::string out = "<event id='" + id + "' guid='g-" + id + "'>";
  if (!date.empty()) out += "<date>" + date + "</date>";
  if (!start.empty()) out += "<start>" + start + "</start>";
  if (!duration.empty()) out += "<duration>" + duration + "</duration>";
  if (!room.empty()) out += "<room>" + room + "</room>";
  out += "<title>" + (title.empty() ? "Talk " + id : title) + "</title></event>\n";
  return out;
}

// ---------------------------------------------------------------- the real files

TEST(ScheduleRealFiles, Congress31c3CountsRoomsFirstAndLast) {
  const auto result = load("31c3-frab-schedule.xml", {zone("Europe/Berlin"), {}});
  ASSERT_TRUE(result.ok()) << testing::PrintToString(formatted(result.diagnostics));
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(result.format, config::ScheduleFormat::frab_xml);
  EXPECT_EQ(s.title, "31. Chaos Communication Congress");
  EXPECT_EQ(s.events.size(), 138u);
  EXPECT_EQ(s.rooms, (std::vector<std::string>{"Saal 1", "Saal 2", "Saal G", "Saal 6"}));
  struct Expect {
    std::string room;
    std::size_t count;
    std::string first, last;
  };
  const Expect rooms[] = {
      {"Saal 1", 41, "2014-12-27 11:00-11:30 Saal 1 31C3 Opening Event",
       "2014-12-30 18:30-19:30 Saal 1 31C3 Closing Event"},
      {"Saal 2", 36,
       "2014-12-27 12:45-13:45 Saal 2 Trustworthy secure modular operating system engineering",
       "2014-12-30 17:15-18:15 Saal 2 Tor: Hidden Services and Deanonymisation"},
      {"Saal 6", 30, "2014-12-27 12:45-13:45 Saal 6 Personal Tracking Devices and Online Identity",
       "2014-12-30 17:15-18:15 Saal 6 Security Nightmares (Stream)"},
      {"Saal G", 31, "2014-12-27 12:45-13:45 Saal G 3D Casting Aluminum",
       "2014-12-30 17:15-18:15 Saal G Telescope Making"},
  };
  for (const auto& room : rooms) {
    const auto events = in_room(s, room.room);
    ASSERT_EQ(events.size(), room.count) << room.room;
    EXPECT_EQ(line(s, *events.front()), room.first);
    EXPECT_EQ(line(s, *events.back()), room.last);
  }
  const auto& opening = *in_room(s, "Saal 1").front();
  EXPECT_EQ(opening.id, "6561");
  EXPECT_EQ(opening.guid, "29aecfd7-2e44-4f49-ab86-29b5e0877325");
  EXPECT_EQ(opening.speakers, (std::vector<std::string>{"erdgeist", "Geraldine de Bastion"}));
  EXPECT_EQ(opening.track, "CCC");
  EXPECT_EQ(opening.language, "en");
  EXPECT_EQ(opening.type, "lecture");
  EXPECT_EQ(opening.at.line, 14);
  EXPECT_EQ(venue_iso(s, opening.start), "2014-12-27T11:00:00+01:00");
}

TEST(ScheduleRealFiles, Congress31c3EventsAfterMidnightBelongToTheDayBefore) {
  const auto result = load("31c3-frab-schedule.xml", {zone("Europe/Berlin"), {}});
  ASSERT_TRUE(result.ok());
  const Schedule& s = *result.schedule;
  std::vector<std::string> small_hours;
  for (const auto& e : s.events) {
    const auto local = venue_time(s, e.start);
    if (local - date::floor<date::days>(local) < 4h)
      small_hours.push_back(line(s, e) + " / day " + date::format("%F", conference_day(s, e)));
  }
  EXPECT_EQ(small_hours,
            (std::vector<std::string>{
                "2014-12-28 00:00-02:15 Saal 1 Citizenfour / day 2014-12-27",
                "2014-12-29 00:15-01:45 Saal 1 Fnord News Show / day 2014-12-28",
                "2014-12-29 00:15-01:45 Saal 2 Fnord News Show (Stream) / day 2014-12-28",
                "2014-12-30 00:15-02:15 Saal 1 Googlequiz – 2015er Edition / day 2014-12-29",
            }));
  const auto days = conference_days(s);
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(date::format("%F", days.front()), "2014-12-27");
  EXPECT_EQ(date::format("%F", days.back()), "2014-12-30");
}

TEST(ScheduleRealFiles, Congress31c3NamesNoZoneSoItsOffsetIsShownWithOneWarning) {
  const auto result = load("31c3-frab-schedule.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{kData + "31c3-frab-schedule.xml:15:1: warning: the file names no time zone; "
                           "times are shown at +01:00, the offset of its first <date> (give the "
                           "venue's zone with --timezone or the playlist's timezone)"}));
  EXPECT_EQ(result.schedule->zone->name(), "Etc/GMT-1");
  EXPECT_EQ(venue_iso(*result.schedule, result.schedule->events.front().start),
            "2014-12-27T11:00:00+01:00");
}

TEST(ScheduleRealFiles, Camp2019CountsRoomsFirstAndLast) {
  const auto result = load("camp2019-frab-schedule.json");
  ASSERT_TRUE(result.ok()) << testing::PrintToString(formatted(result.diagnostics));
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(result.format, config::ScheduleFormat::frab_json);
  EXPECT_EQ(s.zone->name(), "Europe/Berlin");
  EXPECT_EQ(s.events.size(), 79u);
  const auto curie = in_room(s, "Curie");
  const auto meitner = in_room(s, "Meitner");
  ASSERT_EQ(curie.size(), 41u);
  ASSERT_EQ(meitner.size(), 38u);
  EXPECT_EQ(line(s, *curie.front()), "2019-08-21 11:00-11:30 Curie Opening Ceremony");
  EXPECT_EQ(line(s, *curie.back()), "2019-08-25 18:00-18:30 Curie Closing ceremony");
  EXPECT_EQ(line(s, *meitner.front()), "2019-08-21 12:00-12:45 Meitner Knoten 101");
  EXPECT_EQ(line(s, *meitner.back()),
            "2019-08-25 16:00-16:45 Meitner Visualization of networks using physics");
  EXPECT_EQ(curie.front()->speakers, (std::vector<std::string>{"jinxx", "smtw"}));
  // Camp 2019 has nothing after midnight: every event's day is its date.
  for (const auto& e : s.events)
    EXPECT_EQ(conference_day(s, e), date::floor<date::days>(venue_time(s, e.start))) << e.title;
  EXPECT_EQ(conference_days(s).size(), 5u);
}

// ---------------------------------------------------------------- pretalx and iCalendar

TEST(ScheduleFormats, PretalxExportReadsTracksColoursDstAndDayLongDurations) {
  const auto result = load("pretalx-schedule.json");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(s.zone->name(), "Europe/Berlin");
  ASSERT_EQ(s.events.size(), 6u);
  std::vector<std::string> got;
  for (const auto& e : s.events)
    got.push_back(venue_iso(s, e.start) + " " + venue_iso(s, e.end) + " " + e.title);
  EXPECT_EQ(got,
            (std::vector<std::string>{
                "2024-10-26T10:00:00+02:00 2024-10-26T10:45:00+02:00 Opening",
                "2024-10-26T11:00:00+02:00 2024-10-26T12:00:00+02:00 Building Screens",
                // "1:02:00" is pretalx's 1 day 2 hours, across the DST change.
                "2024-10-26T14:00:00+02:00 2024-10-27T15:00:00+01:00 Hack Space Open",
                "2024-10-27T00:30:00+02:00 2024-10-27T01:15:00+02:00 Late Night Lightning Talks",
                "2024-10-27T02:30:00+01:00 2024-10-27T03:00:00+01:00 The Hour That Happens Twice",
                "2024-10-27T10:00:00+01:00 2024-10-27T10:30:00+01:00 Abschluss",
            }));
  EXPECT_EQ(s.events[4].end - s.events[3].start, 3h + 30min);  // 00:30 CEST to 03:00 CET
  EXPECT_EQ(conference_day(s, s.events[4]), date::local_days{date::year{2024} / 10 / 26});
  ASSERT_EQ(s.tracks.size(), 2u);
  EXPECT_EQ(s.tracks[0].name, "Community");
  EXPECT_EQ(s.tracks[0].colour, (Color{0xEE, 0x4C, 0x2C, 0xFF}));
  EXPECT_EQ(s.events[0].track_colour, (Color{0xEE, 0x4C, 0x2C, 0xFF}));
  EXPECT_EQ(s.events[1].speakers, (std::vector<std::string>{"Grace Sample", "Linus Placeholder"}));
  EXPECT_EQ(s.events[5].language, "de");
  EXPECT_EQ(s.events[0].id, "1");
  EXPECT_EQ(s.events[0].guid, "6f1c0a52-0000-4000-8000-000000000001");
}

TEST(ScheduleFormats, PretalxWidgetJsonGivesTheSameInstantsAsTheExport) {
  const auto widget = load("pretalx-widget.json");
  const auto frab = load("pretalx-schedule.json");
  ASSERT_TRUE(widget.ok() && frab.ok());
  EXPECT_TRUE(widget.diagnostics.empty()) << testing::PrintToString(formatted(widget.diagnostics));
  EXPECT_EQ(widget.format, config::ScheduleFormat::pretalx_widget);
  const Schedule& w = *widget.schedule;
  ASSERT_EQ(w.events.size(), 7u);  // the export leaves out the lunch break
  std::size_t f = 0;
  for (const auto& e : w.events) {
    if (e.type == "break") {
      EXPECT_EQ(line(w, e), "2024-10-26 12:00-13:00 Main Hall Lunch");
      continue;
    }
    const auto& x = frab.schedule->events[f++];
    EXPECT_EQ(e.start, x.start) << e.title;
    EXPECT_EQ(e.end, x.end) << e.title;
    EXPECT_EQ(e.room, x.room);
    EXPECT_EQ(e.track, x.track);
    EXPECT_EQ(e.track_colour, x.track_colour);
    EXPECT_EQ(e.speakers, x.speakers);
  }
  EXPECT_EQ(w.events.back().title, "Closing");  // {"de": ..., "en": "Closing"}
  EXPECT_EQ(w.events.front().id, "AAA111");
}

TEST(ScheduleFormats, OutlookIcsWithAWindowsTzidAndNoVtimezone) {
  const auto result = load("outlook-windows-tzid.ics");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(result.format, config::ScheduleFormat::icalendar);
  EXPECT_EQ(s.zone->name(), "Europe/Berlin");  // the zone the events name
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(venue_iso(s, s.events[0].start), "2024-07-10T09:30:00+02:00");
  EXPECT_EQ(venue_iso(s, s.events[0].end), "2024-07-10T10:30:00+02:00");
  EXPECT_EQ(s.events[0].room, "Room 1.01");
  EXPECT_EQ(s.events[0].track, "Operations");
  EXPECT_EQ(s.events[0].at.line, 6);
  // Outlook's display name of the zone maps as well.
  EXPECT_EQ(venue_iso(s, s.events[1].start), "2024-07-11T16:00:00+02:00");
  // After the DST change: CET, and DURATION instead of DTEND; the folded SUMMARY unfolds.
  EXPECT_EQ(venue_iso(s, s.events[2].start), "2024-10-28T14:00:00+01:00");
  EXPECT_EQ(venue_iso(s, s.events[2].end), "2024-10-28T15:30:00+01:00");
  EXPECT_EQ(s.events[2].title,
            "A session whose summary is long enough that Outlook folds the line in two");
}

TEST(ScheduleFormats, WindowsZoneTableComesFromCldr) {
  EXPECT_EQ(config::detail::windows_zone_to_iana("W. Europe Standard Time"), "Europe/Berlin");
  EXPECT_EQ(config::detail::windows_zone_to_iana("pacific standard time"), "America/Los_Angeles");
  EXPECT_EQ(config::detail::windows_zone_to_iana("Tokyo Standard Time"), "Asia/Tokyo");
  EXPECT_EQ(config::detail::windows_zone_to_iana("Mars Standard Time"), std::nullopt);
  // Every name in the table resolves to a zone this tzdata knows.
  for (const char* name : {"UTC", "GMT Standard Time", "Romance Standard Time",
                           "E. Australia Standard Time", "India Standard Time"})
    EXPECT_NE(config::detail::resolve_zone_name(name), nullptr) << name;
}

TEST(ScheduleFormats, TheDemoScheduleForRoomCLoadsCleanlyAndMarksItsExamples) {
  const auto result =
      config::load_schedule(std::string(MARQUEE_SOURCE_DIR) + "/playlists/data/schedule-2024.json");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(s.zone->name(), "America/Los_Angeles");
  const auto room_c = in_room(s, "Cowell Theater");
  ASSERT_EQ(room_c.size(), 10u);
  for (const auto* e : room_c) EXPECT_NE(e->title.find("(example)"), std::string::npos) << e->title;
  EXPECT_EQ(venue_iso(s, room_c.front()->start), "2024-09-18T10:50:00-07:00");
  const auto* keynote = find_event(s, "keynote", instant("2024-09-18T12:00:00-07:00"));
  ASSERT_NE(keynote, nullptr);
  EXPECT_EQ(venue_iso(s, keynote->start), "2024-09-19T09:00:00-07:00");
}

// ---------------------------------------------------------------- time zones

TEST(ScheduleZones, OffsetsThatChangeAcrossTheDstDay) {
  // Europe/Berlin falls back at 03:00 CEST on 2024-10-27: 02:30 happens twice.
  const auto text = frab_xml("<time_zone_name>Europe/Berlin</time_zone_name>\n",
                             "<day date='2024-10-26'>\n<room name='Saal 1'>\n" +
                                 frab_event("1", "2024-10-27T01:30:00+02:00", "01:30", "00:30") +
                                 frab_event("2", "2024-10-27T02:30:00+02:00", "02:30", "00:30") +
                                 frab_event("3", "2024-10-27T02:30:00+01:00", "02:30", "00:30") +
                                 frab_event("4", "2024-10-27T03:30:00+01:00", "03:30", "00:30") +
                                 "</room>\n</day>\n");
  const auto result = parse_schedule(text, "dst.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const auto& e = result.schedule->events;
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[1].start - e[0].start, 1h);
  EXPECT_EQ(e[2].start - e[1].start, 1h);  // the same 02:30 on the wall, an hour apart
  EXPECT_EQ(e[3].start - e[2].start, 1h);
  EXPECT_EQ(venue_iso(*result.schedule, e[2].start), "2024-10-27T02:30:00+01:00");
  for (const auto& event : e)
    EXPECT_EQ(date::format("%F", conference_day(*result.schedule, event)), "2024-10-26");
}

TEST(ScheduleZones, AnOffsetNoDstChangeExplainsIsReportedOnce) {
  const auto text = frab_xml("<time_zone_name>Europe/Berlin</time_zone_name>\n",
                             "<day date='2024-07-01'>\n<room name='Saal 1'>\n" +
                                 frab_event("1", "2024-07-01T10:00:00+02:00", "10:00", "00:30") +
                                 frab_event("2", "2024-07-01T11:00:00+01:00", "11:00", "00:30") +
                                 frab_event("3", "2024-07-01T12:00:00+01:00", "12:00", "00:30") +
                                 "</room>\n</day>\n");
  const auto result = parse_schedule(text, "odd.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"odd.xml:10:26: warning: offset +01:00 (on 2 <date>s, the first here) is not "
                   "Europe/Berlin's at that moment (+02:00), which no DST change explains; the "
                   "written offset is used"}));
  // The instant written is trusted: 11:00+01:00 is 12:00 in Berlin.
  EXPECT_EQ(venue_iso(*result.schedule, result.schedule->events[1].start),
            "2024-07-01T12:00:00+02:00");
}

TEST(ScheduleZones, OffsetsThatSwitchBackAndForthWithoutAZoneAreReported) {
  const auto text = frab_xml("", "<day date='2024-07-01'>\n<room name='Saal 1'>\n" +
                                     frab_event("1", "2024-07-01T10:00:00+02:00", "", "00:30") +
                                     frab_event("2", "2024-07-01T14:00:00+05:00", "", "00:30") +
                                     frab_event("3", "2024-07-01T12:00:00+02:00", "", "00:30") +
                                     "</room>\n</day>\n");
  const auto result = parse_schedule(text, "flip.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"flip.xml:8:26: warning: the file names no time zone; times are shown at "
                   "+02:00, the offset of its first <date> (give the venue's zone with "
                   "--timezone or the playlist's timezone)",
                   "flip.xml:9:26: warning: this <date> has offset +05:00 after others at "
                   "+02:00, which no DST change explains; each <date>'s own offset is used",
                   "flip.xml:10:26: warning: this <date> has offset +02:00 after others at "
                   "+05:00, which no DST change explains; each <date>'s own offset is used"}));
  // 14:00+05:00 is 09:00Z: the instants follow the offsets.
  EXPECT_EQ(result.schedule->events[1].start, instant("2024-07-01T09:00:00+00:00"));

  // One change of an hour, as on a DST day, is no problem even without a zone.
  const auto dst = frab_xml("", "<day date='2024-10-26'>\n<room name='Saal 1'>\n" +
                                    frab_event("1", "2024-10-26T23:00:00+02:00", "", "00:30") +
                                    frab_event("2", "2024-10-27T01:30:00+01:00", "", "00:30") +
                                    "</room>\n</day>\n");
  EXPECT_EQ(parse_schedule(dst, "dst.xml").diagnostics.size(), 1u);  // only "names no zone"
}

TEST(ScheduleZones, UtcDatesBesideLocalStartsAgreeAndTheInstantIsTrusted) {
  const auto text =
      frab_xml("<time_zone_name>Europe/Berlin</time_zone_name>\n",
               "<day date='2024-07-01'>\n<room name='Saal 1'>\n" +
                   frab_event("1", "2024-07-01T08:00:00Z", "10:00", "00:30") +
                   frab_event("2", "2024-07-01T09:00:00+00:00", "11:00", "00:30") +
                   frab_event("3", "2024-07-01T10:00:00Z", "11:00", "00:30") + "</room>\n</day>\n");
  const auto result = parse_schedule(text, "utc.xml");
  ASSERT_TRUE(result.ok());
  // Only the third disagrees: 10:00Z is 12:00 in Berlin, and its <start> is 11:00.
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"utc.xml:11:59: warning: <start> 11:00 and <date> 2024-07-01T10:00:00Z "
                   "disagree (12:00 in Europe/Berlin); the <date> is used"}));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(venue_iso(s, s.events[0].start), "2024-07-01T10:00:00+02:00");
  EXPECT_EQ(venue_iso(s, s.events[1].start), "2024-07-01T11:00:00+02:00");
  EXPECT_EQ(venue_iso(s, s.events[2].start), "2024-07-01T12:00:00+02:00");
}

TEST(ScheduleZones, AFileWithNoZoneAtAllTakesTheCallersZone) {
  // Pentabarf style: <day date> and <start>, no <date>, no zone, no offsets.
  const auto text = frab_xml("", "<day date='2024-09-18'>\n<room name='Cowell Theater'>\n" +
                                     frab_event("1", "", "10:00", "00:40", "Cowell Theater") +
                                     frab_event("2", "", "00:30", "00:30", "Cowell Theater") +
                                     "</room>\n</day>\n");
  const auto without = parse_schedule(text, "bare.xml");
  EXPECT_FALSE(without.ok());
  EXPECT_EQ(formatted(without.diagnostics),
            (Lines{"bare.xml:8:26: error: the file names no time zone and writes times without "
                   "an offset; give the venue's zone with --timezone or the playlist's timezone"}));

  const auto with = parse_schedule(text, "bare.xml", {zone("America/Los_Angeles"), {}});
  ASSERT_TRUE(with.ok());
  EXPECT_TRUE(with.diagnostics.empty()) << testing::PrintToString(formatted(with.diagnostics));
  const Schedule& s = *with.schedule;
  EXPECT_EQ(s.zone->name(), "America/Los_Angeles");
  EXPECT_EQ(venue_iso(s, s.events[0].start), "2024-09-18T10:00:00-07:00");
  EXPECT_EQ(s.events[0].start, instant("2024-09-18T17:00:00+00:00"));
  // 00:30 inside the 18th's <day> is the small hours of the 19th, and still the 18th's.
  EXPECT_EQ(venue_iso(s, s.events[1].start), "2024-09-19T00:30:00-07:00");
  EXPECT_EQ(date::format("%F", conference_day(s, s.events[1])), "2024-09-18");
}

TEST(ScheduleZones, ADayChangeLaterThanMidnightMovesTheSmallHoursBack) {
  const auto text = frab_xml("<time_zone_name>Europe/Berlin</time_zone_name>\n",
                             "<day date='2024-07-01'>\n<room name='Saal 1'>\n" +
                                 frab_event("1", "2024-07-02T05:00:00+02:00", "05:00", "00:30") +
                                 "</room>\n</day>\n");
  // At the default 04:00, 05:00 is the next day's: the <day> is reported.
  const auto by_default = parse_schedule(text, "late.xml");
  EXPECT_EQ(formatted(by_default.diagnostics),
            (Lines{"late.xml:7:1: warning: <day> 2024-07-01: 1 of its 1 events fall on "
                   "conference day 2024-07-02 by their <date> (days change at 04:00); their "
                   "<date> is used"}));
  const auto at_six = parse_schedule(text, "late.xml", {nullptr, 6h});
  EXPECT_TRUE(at_six.diagnostics.empty()) << testing::PrintToString(formatted(at_six.diagnostics));
  EXPECT_EQ(date::format("%F", conference_day(*at_six.schedule, at_six.schedule->events[0])),
            "2024-07-01");
}

TEST(ScheduleZones, ADayDateOneDayOffIsReportedOnceAndTheDatesWin) {
  const auto text = frab_xml("<time_zone_name>Europe/Berlin</time_zone_name>\n",
                             "<day date='2014-12-26' index='1'>\n<room name='Saal 1'>\n" +
                                 frab_event("1", "2014-12-27T11:00:00+01:00", "11:00", "00:30") +
                                 frab_event("2", "2014-12-27T12:00:00+01:00", "12:00", "00:30") +
                                 frab_event("3", "2014-12-28T00:15:00+01:00", "00:15", "00:30") +
                                 "</room>\n</day>\n");
  const auto result = parse_schedule(text, "off.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"off.xml:7:1: warning: <day> 2014-12-26: 3 of its 3 events fall on conference "
                   "day 2014-12-27 by their <date> (days change at 04:00); their <date> is used"}));
  for (const auto& e : result.schedule->events)
    EXPECT_EQ(date::format("%F", conference_day(*result.schedule, e)), "2014-12-27") << e.title;
}

TEST(ScheduleZones, DurationsOfADayOrMore) {
  const auto text =
      frab_xml("<time_zone_name>Europe/Berlin</time_zone_name>\n",
               "<day date='2024-07-01'>\n<room name='Hack Center'>\n" +
                   frab_event("1", "2024-07-01T10:00:00+02:00", "10:00", "24:00", "Hack Center") +
                   frab_event("2", "2024-07-03T10:00:00+02:00", "10:00", "48:30", "Hack Center") +
                   frab_event("3", "2024-07-06T10:00:00+02:00", "10:00", "1:02:00", "Hack Center") +
                   "</room>\n</day>\n");
  const auto result = parse_schedule(text, "long.xml");
  ASSERT_TRUE(result.ok());
  const auto& e = result.schedule->events;
  EXPECT_EQ(e[0].end - e[0].start, 24h);
  EXPECT_EQ(e[1].end - e[1].start, 48h + 30min);
  EXPECT_EQ(e[2].end - e[2].start, 1h + 2min);  // H:MM:SS in frab's schema
  // pretalx writes D:HH:MM, and says so in <generator>.
  std::string pretalx = text;
  pretalx.replace(pretalx.find("<conference>"), 0,
                  "<generator name=\"pretalx\" version=\"2024.2\" />\n");
  const auto from_pretalx = parse_schedule(pretalx, "long.xml");
  ASSERT_TRUE(from_pretalx.ok());
  EXPECT_EQ(from_pretalx.schedule->events[2].end - from_pretalx.schedule->events[2].start, 26h);
  // A day-long session is "now" all day in its room.
  const auto state =
      now_next(*result.schedule, "Hack Center", instant("2024-07-02T03:00:00+02:00"), 10min);
  ASSERT_NE(state.current, nullptr);
  EXPECT_EQ(state.current->id, "1");
}

const char* const kIcsHead = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n";

TEST(ScheduleZones, IcalFloatingTimesAreVenueTime) {
  const std::string text = std::string(kIcsHead) +
                           "X-WR-TIMEZONE:America/Los_Angeles\r\n"
                           "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Floating\r\nLOCATION:Room C\r\n"
                           "DTSTART:20240918T100000\r\nDTEND:20240918T104000\r\nEND:VEVENT\r\n"
                           "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Absolute\r\nLOCATION:Room C\r\n"
                           "DTSTART:20240918T180000Z\r\nDTEND:20240918T184000Z\r\nEND:VEVENT\r\n"
                           "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:All day\r\nLOCATION:Lobby\r\n"
                           "DTSTART;VALUE=DATE:20240919\r\nEND:VEVENT\r\n"
                           "END:VCALENDAR\r\n";
  const auto result = parse_schedule(text, "f.ics");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const Schedule& s = *result.schedule;
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(venue_iso(s, s.events[0].start), "2024-09-18T10:00:00-07:00");
  EXPECT_EQ(venue_iso(s, s.events[1].start), "2024-09-18T11:00:00-07:00");
  EXPECT_EQ(venue_iso(s, s.events[2].start), "2024-09-19T00:00:00-07:00");
  EXPECT_EQ(venue_iso(s, s.events[2].end), "2024-09-20T00:00:00-07:00");

  // Without X-WR-TIMEZONE, floating times need the caller's zone.
  std::string bare = text;
  bare.erase(bare.find("X-WR-TIMEZONE"),
             std::string("X-WR-TIMEZONE:America/Los_Angeles\r\n").size());
  EXPECT_FALSE(parse_schedule(bare, "f.ics").ok());
  const auto supplied = parse_schedule(bare, "f.ics", {zone("Europe/Berlin"), {}});
  ASSERT_TRUE(supplied.ok());
  EXPECT_EQ(venue_iso(*supplied.schedule, supplied.schedule->events[0].start),
            "2024-09-18T10:00:00+02:00");
}

TEST(ScheduleZones, IcalTzidSpellingsOfCalendarPrograms) {
  const std::string text = std::string(kIcsHead) +
                           "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Mozilla\r\nLOCATION:Saal 1\r\n"
                           "DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20241027T023000\r\n"
                           "DTEND;TZID=/mozilla.org/20050126_1/Europe/Berlin:20241027T040000\r\n"
                           "END:VEVENT\r\n"
                           "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Evolution\r\nLOCATION:Saal 2\r\n"
                           "DTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/Berlin:"
                           "20240701T100000\r\nDURATION:PT45M\r\nEND:VEVENT\r\n"
                           "END:VCALENDAR\r\n";
  const auto result = parse_schedule(text, "m.ics");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(formatted(result.diagnostics));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(s.zone->name(), "Europe/Berlin");
  EXPECT_EQ(venue_iso(s, s.events[0].start), "2024-07-01T10:00:00+02:00");
  EXPECT_EQ(venue_iso(s, s.events[0].end), "2024-07-01T10:45:00+02:00");
  // A wall time that happens twice is its first occurrence.
  EXPECT_EQ(venue_iso(s, s.events[1].start), "2024-10-27T02:30:00+02:00");
  EXPECT_EQ(s.events[1].end - s.events[1].start, 2h + 30min);
}

TEST(ScheduleZones, IcalUnknownTzidUsesItsVtimezoneOrSaysItReadsVenueTime) {
  const std::string text =
      std::string(kIcsHead) +
      "BEGIN:VTIMEZONE\r\nTZID:Custom Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
      "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
      "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Embedded\r\nLOCATION:Hall\r\n"
      "DTSTART;TZID=Custom Zone:20240701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Unknown\r\nLOCATION:Hall\r\n"
      "DTSTART;TZID=Nowhere Standard Time:20240701T120000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  const auto result = parse_schedule(text, "u.ics", {zone("UTC"), {}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"u.ics:23:1: warning: unknown TZID 'Nowhere Standard Time' (no IANA or Windows "
                   "zone, and no VTIMEZONE in the file); its times are read as venue time"}));
  const Schedule& s = *result.schedule;
  EXPECT_EQ(s.events[0].start, instant("2024-07-01T04:30:00+00:00"));  // 10:00 at +05:30
  EXPECT_EQ(s.events[1].start, instant("2024-07-01T12:00:00+00:00"));
}

TEST(ScheduleZones, TheFilesZoneWinsOverTheCallersWithAWarning) {
  const auto result = load("camp2019-frab-schedule.json", {zone("America/Los_Angeles"), {}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{kData + "camp2019-frab-schedule.json:12:25: warning: "
                           "/schedule/conference/time_zone_name: the file names time zone "
                           "Europe/Berlin; America/Los_Angeles applies only to files that name "
                           "none"}));
  EXPECT_EQ(result.schedule->zone->name(), "Europe/Berlin");
}

// ---------------------------------------------------------------- warnings

TEST(ScheduleWarnings, EventsWithoutRoomOrStartNegativeDurationsOverlapsAndDuplicateGuids) {
  const std::string text = R"(<?xml version="1.0"?>
<schedule>
  <conference><title>W</title><time_zone_name>Europe/Berlin</time_zone_name></conference>
  <day date="2024-07-01">
    <room name="">
      <event id="1" guid="a"><date>2024-07-01T10:00:00+02:00</date><duration>00:30</duration><title>Roomless</title></event>
      <event id="2" guid="b"><duration>00:30</duration><room>Saal 1</room><title>Startless</title></event>
    </room>
    <room name="Saal 1">
      <event id="3" guid="c"><date>2024-07-01T11:00:00+02:00</date><duration>-00:30</duration><title>Backwards</title></event>
      <event id="4" guid="d"><date>2024-07-01T12:00:00+02:00</date><duration>01:00</duration><title>First</title></event>
      <event id="5" guid="e"><date>2024-07-01T12:30:00+02:00</date><duration>01:00</duration><title>Second</title></event>
      <event id="6" guid="d"><date>2024-07-01T15:00:00+02:00</date><duration>01:00</duration><title>Copy</title></event>
    </room>
  </day>
</schedule>
)";
  const auto result = parse_schedule(text, "w.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{
                "w.xml:6:7: warning: event 'Roomless' has no room",
                "w.xml:7:7: warning: event 'Startless' has no start; it is left out",
                "w.xml:10:68: warning: event 'Backwards' ends before it starts (duration "
                "-00:30); it is shown as lasting no time",
                "w.xml:12:7: warning: event 'Second' (12:30-13:30) overlaps 'First' (12:00-13:00) "
                "in room 'Saal 1'",
                "w.xml:13:7: warning: guid 'd' is also the guid of 'First' (line 11)",
            }));
  const Schedule& s = *result.schedule;
  ASSERT_EQ(s.events.size(), 5u);  // the startless one cannot be placed
  EXPECT_EQ(s.events[1].title, "Backwards");
  EXPECT_EQ(s.events[1].end, s.events[1].start);
}

TEST(ScheduleWarnings, JsonWarningsCarryTheLineAndPointer) {
  const std::string text = R"({
  "schedule": {
    "conference": {
      "title": "J",
      "time_zone_name": "Europe/Berlin",
      "days": [
        {"index": 1, "date": "2024-07-01", "rooms": {"Saal 1": [
          {"id": 1, "guid": "a", "date": "2024-07-01T10:00:00+02:00", "start": "10:00", "duration": "01:00", "title": "A"},
          {"id": 2, "guid": "b", "date": "2024-07-01T10:30:00+02:00", "start": "10:30", "duration": "ten", "title": "B"}
        ]}}
      ]
    }
  }
}
)";
  const auto result = parse_schedule(text, "j.json");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"j.json:9:11: warning: /schedule/conference/days/0/rooms/Saal 1/1: event 'B' "
                   "(10:30-10:30) overlaps 'A' (10:00-11:00) in room 'Saal 1'",
                   "j.json:9:101: warning: /schedule/conference/days/0/rooms/Saal 1/1/duration: "
                   "cannot read the duration 'ten'; write it like 00:45"}));
}

// ---------------------------------------------------------------- errors

TEST(ScheduleErrors, XmlSyntaxErrorsHaveLineAndColumn) {
  const auto result = parse_schedule(
      "<?xml version='1.0'?>\n<schedule>\n  <day date='x'>\n</schedule>\n", "bad.xml");
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.schedule);
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"bad.xml:4:3: error: XML: Start-end tags mismatch"}));
}

TEST(ScheduleErrors, ValidXmlOfTheWrongKind) {
  const auto result =
      parse_schedule("<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>\n", "feed.xml");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(formatted(result.diagnostics),
            (Lines{"feed.xml:2:1: error: valid XML, but not a frab schedule: the root element is "
                   "<rss>, not <schedule>"}));
}

TEST(ScheduleErrors, JsonSyntaxErrorsHaveLineAndPointer) {
  const auto result = parse_schedule(
      "{\n  \"schedule\": {\n    \"conference\": {\"title\": \"x\",}\n  }\n}\n", "bad.json");
  EXPECT_FALSE(result.ok());
  const Lines lines = formatted(result.diagnostics);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("bad.json:3:33: error: /schedule/conference: JSON: syntax error", 0), 0u)
      << lines[0];
}

TEST(ScheduleErrors, JsonOfTheWrongKindEmptyFilesAndOtherText) {
  EXPECT_EQ(formatted(parse_schedule("{\"slides\": []}", "x.json").diagnostics),
            (Lines{"x.json:1:1: error: JSON, but no schedule: a frab/c3voc/pretalx schedule.json "
                   "has \"schedule\" at the top, a pretalx widget export \"talks\""}));
  EXPECT_EQ(formatted(parse_schedule("  \n", "e.xml").diagnostics),
            (Lines{"e.xml:1:1: error: the file is empty; expected a schedule"}));
  EXPECT_EQ(formatted(parse_schedule("Talk at 10:00 in room C", "t.txt").diagnostics),
            (Lines{"t.txt:1:1: error: not a schedule: expected frab XML, a schedule.json, "
                   "pretalx's widget JSON or iCalendar"}));
  EXPECT_EQ(formatted(config::load_schedule(kData + "missing.xml").diagnostics),
            (Lines{kData + "missing.xml:1:1: error: cannot open file: it does not exist"}));
}

TEST(ScheduleErrors, IcalLinesLibicalCannotReadAreReportedAtTheirEvent) {
  const std::string text = std::string(kIcsHead) +
                           "X-WR-TIMEZONE:Europe/Berlin\r\n"
                           "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Fine\r\nLOCATION:Saal 1\r\n"
                           "DTSTART:20240701T100000\r\nDTEND:2024-07-01 11:00\r\nEND:VEVENT\r\n"
                           "END:VCALENDAR\r\n";
  const auto result = parse_schedule(text, "x.ics");
  ASSERT_TRUE(result.ok());
  const Lines lines = formatted(result.diagnostics);
  ASSERT_EQ(lines.size(), 1u) << testing::PrintToString(lines);
  EXPECT_EQ(lines[0],
            "x.ics:10:1: warning: iCalendar: Can't parse as DATE-TIME value in DTEND "
            "property. Removing entire property: 2024-07-01 11:00");
}

// ---------------------------------------------------------------- core queries

// A room with talks at 10:00-10:40, 11:00-11:40 on 18 Sep and 09:00-09:30 on 19 Sep
// (America/Los_Angeles), and one in another room.
Schedule small_schedule() {
  Schedule s;
  s.zone = zone("America/Los_Angeles");
  const auto add = [&](std::string id, std::string start, Millis length, std::string room,
                       std::string title, std::string track) {
    ScheduleEvent e;
    e.id = std::move(id);
    e.start = instant(start);
    e.end = e.start + length;
    e.room = std::move(room);
    e.title = std::move(title);
    e.track = std::move(track);
    s.events.push_back(std::move(e));
  };
  add("k1", "2024-09-18T09:00:00-07:00", 45min, "Festival Pavilion", "Keynote: Welcome",
      "Keynotes");
  add("c1", "2024-09-18T10:00:00-07:00", 40min, "Cowell Theater", "First talk", "Track A");
  add("c2", "2024-09-18T11:00:00-07:00", 40min, "Cowell Theater", "Second talk", "Track B");
  add("c3", "2024-09-19T09:00:00-07:00", 30min, "Cowell Theater", "Tomorrow's first", "Track A");
  add("k2", "2024-09-19T08:30:00-07:00", 30min, "Festival Pavilion", "Keynote: Day two",
      "Keynotes");
  order_events(s);
  return s;
}

TEST(ScheduleCore, NowAndNextInOneRoomThroughTheDay) {
  const Schedule s = small_schedule();
  const auto at = [&](const char* t) { return now_next(s, "Cowell Theater", instant(t), 10min); };
  const auto id = [](const ScheduleEvent* e) { return e ? e->id : std::string("-"); };

  auto before = at("2024-09-18T08:00:00-07:00");  // before the first talk
  EXPECT_EQ(id(before.current), "-");
  EXPECT_EQ(id(before.next), "c1");
  EXPECT_EQ(id(before.featured), "c1");
  EXPECT_EQ(before.next_in_days, 0);

  auto early = at("2024-09-18T10:05:30-07:00");  // mid-talk, within the hold
  EXPECT_EQ(id(early.current), "c1");
  EXPECT_EQ(id(early.featured), "c1");
  EXPECT_EQ(early.since_start, 5min);  // "started 5 min ago"
  EXPECT_EQ(id(early.next), "c2");

  auto later = at("2024-09-18T10:20:00-07:00");  // past the hold: the next one takes over
  EXPECT_EQ(id(later.current), "c1");
  EXPECT_EQ(id(later.featured), "c2");

  EXPECT_EQ(id(later.then), "c3");

  auto between = at("2024-09-18T10:45:00-07:00");  // between talks
  EXPECT_EQ(id(between.current), "-");
  EXPECT_EQ(id(between.featured), "c2");

  // The day's last talk, past the hold: tomorrow's first does not take over while it runs.
  auto last_today = at("2024-09-18T11:25:00-07:00");
  EXPECT_EQ(id(last_today.current), "c2");
  EXPECT_EQ(id(last_today.next), "c3");
  EXPECT_EQ(id(last_today.featured), "c2");
  EXPECT_EQ(id(last_today.then), "-");

  auto evening = at("2024-09-18T19:00:00-07:00");  // after the day's last: tomorrow's first
  EXPECT_EQ(id(evening.current), "-");
  EXPECT_EQ(id(evening.featured), "c3");
  EXPECT_EQ(evening.next_in_days, 1);

  auto small_hours = at("2024-09-19T01:00:00-07:00");  // still the 18th's conference day
  EXPECT_EQ(small_hours.next_in_days, 1);

  auto last = at("2024-09-19T09:25:00-07:00");  // the last talk, past the hold, no next
  EXPECT_EQ(id(last.featured), "c3");
  auto over = at("2024-09-19T09:30:00-07:00");  // [start, end): over at its end
  EXPECT_EQ(id(over.current), "-");
  EXPECT_EQ(id(over.featured), "-");
}

TEST(ScheduleCore, UpcomingSessionsAcrossRoomsOrOneTrack) {
  const Schedule s = small_schedule();
  const auto ids = [](const std::vector<const ScheduleEvent*>& events) {
    std::string out;
    for (const auto* e : events) out += e->id + " ";
    return out;
  };
  const Instant t = instant("2024-09-18T10:30:00-07:00");
  EXPECT_EQ(ids(upcoming_events(s, t, {3, {}, {}})), "c1 c2 k2 ");  // c1 is still on
  EXPECT_EQ(ids(upcoming_events(s, t, {5, {}, "track a"})), "c1 c3 ");
  EXPECT_EQ(ids(upcoming_events(s, t, {5, "festival-pavilion", {}})), "k2 ");
  EXPECT_EQ(ids(upcoming_events(s, instant("2024-09-20T00:00:00-07:00"), {5, {}, {}})), "");
}

TEST(ScheduleCore, FindASessionByIdOrTitle) {
  const Schedule s = small_schedule();
  const Instant morning = instant("2024-09-18T08:00:00-07:00");
  EXPECT_EQ(find_event(s, "c2", morning)->title, "Second talk");
  EXPECT_EQ(find_event(s, "second TALK", morning)->id, "c2");
  // "keynote" names two sessions by part of their titles: the next one not over.
  EXPECT_EQ(find_event(s, "keynote", morning)->id, "k1");
  EXPECT_EQ(find_event(s, "keynote", instant("2024-09-18T12:00:00-07:00"))->id, "k2");
  EXPECT_EQ(find_event(s, "keynote", instant("2024-09-20T12:00:00-07:00"))->id, "k2");
  EXPECT_EQ(find_event(s, "lunch", morning), nullptr);
}

TEST(ScheduleCore, RoomsMatchExactlyThenByNormalisedName) {
  const Schedule s = small_schedule();
  EXPECT_EQ(s.rooms, (std::vector<std::string>{"Festival Pavilion", "Cowell Theater"}));
  EXPECT_EQ(match_room(s, "Cowell Theater"), "Cowell Theater");
  EXPECT_EQ(match_room(s, "cowell-theater"), "Cowell Theater");
  EXPECT_EQ(match_room(s, "COWELL THEATER"), "Cowell Theater");
  EXPECT_EQ(match_room(s, "Cowel Theatre"), std::nullopt);
  EXPECT_EQ(config::unknown_room(s, "Cowel Theatre"),
            "no room 'Cowel Theatre' in the schedule (did you mean 'Cowell Theater'?)");
  EXPECT_EQ(config::unknown_room(s, "cowell theater"), std::nullopt);
  EXPECT_EQ(normalised_name("Saal 1"), normalised_name("SAAL-1"));
}

TEST(ScheduleCore, ConferenceDaysCountFromTheDayChange) {
  Schedule s = small_schedule();
  const auto day = [&](const char* t) { return date::format("%F", conference_day(s, instant(t))); };
  EXPECT_EQ(day("2024-09-19T03:59:00-07:00"), "2024-09-18");
  EXPECT_EQ(day("2024-09-19T04:00:00-07:00"), "2024-09-19");
  s.day_change = 0min;
  EXPECT_EQ(day("2024-09-19T00:00:00-07:00"), "2024-09-19");
}

}  // namespace
}  // namespace marquee
