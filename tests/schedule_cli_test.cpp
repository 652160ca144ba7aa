// End-to-end: `marquee schedule` and `marquee validate` on schedule files, through the built
// binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "run_marquee.h"

namespace {

using marquee::testing::run_marquee;

const std::string kSchedules = "tests/data/schedules/";

TEST(ScheduleCli, ValidateReadsScheduleFilesAndPrintsTheirWarnings) {
  const auto r = run_marquee("validate " + kSchedules + "31c3-frab-schedule.xml " + kSchedules +
                             "camp2019-frab-schedule.json " + kSchedules +
                             "outlook-windows-tzid.ics playlists/expo-hall.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* expected :
       {"tests/data/schedules/31c3-frab-schedule.xml:15:1: warning: the file names no time zone",
        "tests/data/schedules/31c3-frab-schedule.xml: ok (frab XML schedule, 138 events in 4 "
        "rooms)",
        "tests/data/schedules/camp2019-frab-schedule.json: ok (frab JSON schedule, 79 events in 2 "
        "rooms)",
        "tests/data/schedules/outlook-windows-tzid.ics: ok (iCalendar schedule, 3 events in 2 "
        "rooms)",
        "playlists/expo-hall.yaml: ok"})
    EXPECT_NE(r.output.find(expected), std::string::npos) << expected << "\n" << r.output;
}

TEST(ScheduleCli, ValidateFailsOnXmlThatIsNoSchedule) {
  const auto r = run_marquee("validate assets/images/event-mark.svg");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(r.output,
            "assets/images/event-mark.svg:1:1: error: valid XML, but not a frab schedule: the "
            "root element is <svg>, not <schedule>\n");
}

TEST(ScheduleCli, PrintsOneRoomsDayInVenueTime) {
  const auto r = run_marquee("schedule " + kSchedules +
                             "31c3-frab-schedule.xml --timezone Europe/Berlin --room 'saal 1' "
                             "--day 2014-12-27");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Sat 2014-12-27 (conference day; it changes at 04:00)\n"
                          "  11:00-11:30  Saal 1  31C3 Opening Event - erdgeist, Geraldine de "
                          "Bastion [CCC]\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("  00:00-02:15 (+1)  Saal 1  Citizenfour - Laura Poitras"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("Saal 2"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("2014-12-28"), std::string::npos) << r.output;
}

TEST(ScheduleCli, JsonIsOneObjectPerEventWithTheVenuesOffset) {
  const auto r = run_marquee("schedule " + kSchedules + "pretalx-schedule.json --json --day 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream lines(r.output);
  std::vector<nlohmann::json> events;
  for (std::string line; std::getline(lines, line);) events.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(events.size(), 5u) << r.output;
  EXPECT_EQ(events[0], nlohmann::json::parse(R"({"id": "6f1c0a52-0000-4000-8000-000000000001",
              "start": "2024-10-26T10:00:00+02:00", "end": "2024-10-26T10:45:00+02:00",
              "room": "Main Hall", "title": "Opening", "speakers": ["Ada Example"],
              "track": "Community"})"));
  EXPECT_EQ(events[2]["end"], "2024-10-27T15:00:00+01:00");    // the 26-hour hack space
  EXPECT_EQ(events[4]["start"], "2024-10-27T02:30:00+01:00");  // after the clocks go back
}

TEST(ScheduleCli, AnUnknownRoomGetsADidYouMean) {
  const auto r = run_marquee("schedule " + kSchedules + "camp2019-frab-schedule.json --room Curi");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "marquee schedule: no room 'Curi' in the schedule (did you mean 'Curie'?)\n");
}

TEST(ScheduleCli, TimezoneSuppliesTheZoneOfAFileThatNamesNone) {
  const auto without = run_marquee("schedule --json " + kSchedules + "31c3-frab-schedule.xml");
  const auto with = run_marquee("schedule --json --timezone Europe/Berlin " + kSchedules +
                                "31c3-frab-schedule.xml");
  EXPECT_EQ(without.exit_code, 0);
  EXPECT_NE(without.output.find("warning: the file names no time zone"), std::string::npos);
  EXPECT_EQ(with.output.find("warning"), std::string::npos) << with.output;
  EXPECT_EQ(run_marquee("schedule --timezone Mars/Olympus " + kSchedules + "31c3-frab-schedule.xml")
                .exit_code,
            2);
  EXPECT_EQ(run_marquee("schedule --day 9 " + kSchedules + "camp2019-frab-schedule.json").exit_code,
            2);
}

}  // namespace
