// Proof of play: sponsors' seconds on walls and spotlights, play records from frames, the journal's
// files (chain, torn tails, gaps, rotation), report sums to the millisecond, and a killed demo day
// whose shortfall the report explains in full.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "app/report.h"
#include "backends/journal.h"
#include "core/play_tracker.h"
#include "core/sponsor_layout.h"
#include "log_capture.h"
#include "run_marquee.h"
#include "scratch_dir.h"

extern char** environ;

namespace marquee {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

Instant day(double seconds) {
  return Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} +
         Millis{static_cast<Millis::rep>(seconds * 1000)};
}

SponsorsSlide two_tiers() {
  SponsorsSlide s;
  const auto named = [](const char* name) {
    Sponsor sponsor;
    sponsor.name = name;
    return sponsor;
  };
  s.tiers = {{"Diamond", {named("AMD"), named("Intel")}}, {"Platinum", {named("Arm")}}};
  return s;
}

// A wall of two pages: Diamond on the first, Platinum on the second.
SponsorWall two_pages() {
  SponsorWall wall;
  wall.pages.resize(2);
  wall.pages[0].sponsors = {{0, 0, {}, {}}, {0, 1, {}, {}}};
  wall.pages[1].sponsors = {{1, 0, {}, {}}};
  return wall;
}

std::vector<Millis> shown(const SponsorsSlide& s, const SponsorWall& wall, Millis from, Millis to,
                          Millis duration) {
  std::vector<Millis> out(s.sponsors_in_order().size(), Millis{0});
  s.add_shown(wall, from, to, duration, out);
  return out;
}

TEST(SponsorsShown, AWallsPagesShareTheTurnAsThePainterPagesThem) {
  const SponsorsSlide s = two_tiers();
  const SponsorWall wall = two_pages();
  EXPECT_EQ(shown(s, wall, 0ms, 10s, 10s), (std::vector<Millis>{5s, 5s, 5s}));
  EXPECT_EQ(shown(s, wall, 4s, 7s, 10s), (std::vector<Millis>{1s, 1s, 2s}));
  // An odd duration: the page turns where sponsor_page_at turns it, to the millisecond.
  const Millis odd{9999};
  std::vector<Millis> by_page(2, Millis{0});
  for (Millis e{0}; e < odd; ++e)
    by_page[static_cast<std::size_t>(sponsor_page_at(e, odd, 2))] += 1ms;
  const auto exact = shown(s, wall, 0ms, odd, odd);
  EXPECT_EQ(exact[0], by_page[0]);
  EXPECT_EQ(exact[2], by_page[1]);
  // Held past its duration, the last page stays up.
  EXPECT_EQ(shown(s, wall, 10s, 25s, 10s), (std::vector<Millis>{0ms, 0ms, 15s}));
}

TEST(SponsorsShown, ASpotlightGivesEachSponsorItsTurn) {
  SponsorsSlide s = two_tiers();
  s.spotlight = 4s;
  EXPECT_EQ(shown(s, {}, 0ms, 12s, 12s), (std::vector<Millis>{4s, 4s, 4s}));
  EXPECT_EQ(shown(s, {}, 3s, 13s, 13s), (std::vector<Millis>{2s, 4s, 4s}));
}

Slide slide(const std::string& id, SlideContent content, Millis duration) {
  Slide s;
  s.id = id;
  s.content = std::move(content);
  s.duration = duration;
  s.transition.kind = TransitionKind::cut;
  return s;
}

Show tracked_show() {
  Show show;
  show.screen = "hall";
  show.zone = date::locate_zone("UTC");
  show.revision = "r1";
  SponsorsSlide wall = two_tiers();
  show.slides = {slide("a", TitleSlide{"A", "", "", Align::center}, 10s), slide("wall", wall, 10s),
                 slide("b", TitleSlide{"B", "", "", Align::center}, 10s)};
  show.slides[1].tags = {"campaign-x"};
  return show;
}

// Ticks at the given instants as a player would, with what each frame showed.
struct Ticker {
  explicit Ticker(const Show& s) : show(s) {}
  const Show& show;
  OperatorState operators;
  PlayTracker tracker{[](const Show&, const SponsorsSlide&) { return two_pages(); }};
  std::vector<PlayRecord> plays;
  void at(Instant t, bool stood_in = false) {
    if (auto r = tracker.observe(show, resolve(show, operators, t), stood_in, operators, false))
      plays.push_back(std::move(*r));
  }
};

TEST(PlayTracker, RecordsEachTurnWithItsSponsorsAndWhyItEnded) {
  const Show show = tracked_show();
  Ticker ticker(show);
  for (double t = 0; t <= 30; t += 0.5) ticker.at(day(t));
  ASSERT_EQ(ticker.plays.size(), 3u);
  const PlayRecord& wall = ticker.plays[1];
  EXPECT_EQ(wall.slide, "wall");
  EXPECT_EQ(wall.kind, "sponsors");
  EXPECT_EQ(wall.tags, std::vector<std::string>{"campaign-x"});
  EXPECT_EQ(wall.outcome, PlayOutcome::complete);
  EXPECT_EQ(wall.first_frame, day(10));
  EXPECT_EQ(wall.last_frame, day(19.5));
  EXPECT_EQ(wall.off_air, day(20));
  EXPECT_EQ(wall.scheduled_start, day(10));
  EXPECT_EQ(wall.scheduled_end, day(20));
  EXPECT_EQ(wall.pages, 2);
  ASSERT_EQ(wall.sponsors.size(), 3u);
  EXPECT_EQ(wall.sponsors[1], (SponsorShown{"Intel", "Diamond", 5s, 0ms, 0ms}));
  EXPECT_EQ(wall.sponsors[2], (SponsorShown{"Arm", "Platinum", 5s, 0ms, 0ms}));
}

TEST(PlayTracker, AStepCutsATakeoverPreemptsAndAPlaceholderFails) {
  const Show show = tracked_show();
  Ticker ticker(show);
  ticker.at(day(10));
  ticker.operators.add({day(13), StepAction{1}, "key"});  // the wall leaves 7 s early
  ticker.at(day(13));
  TakeoverAction drill;
  drill.id = "fire-drill";
  drill.duration = Millis{2s};
  ticker.operators.add({day(14), drill, "http"});
  for (double t = 14; t < 20; t += 0.1) ticker.at(day(t), t >= 18 && t < 18.5);
  ticker.at(day(23));
  ASSERT_EQ(ticker.plays.size(), 2u);
  EXPECT_EQ(ticker.plays[0].outcome, PlayOutcome::cut);
  EXPECT_EQ(ticker.plays[0].cut_by, "operator");
  EXPECT_EQ(ticker.plays[0].duration(), 3s);
  EXPECT_EQ(ticker.plays[0].sponsors[0].visible, 3s);
  const PlayRecord& b = ticker.plays[1];
  EXPECT_EQ(b.slide, "b");
  EXPECT_EQ(b.outcome, PlayOutcome::failed);  // a placeholder outranks the takeover
  EXPECT_EQ(b.takeovers, std::vector<std::string>{"fire-drill"});
  // The fade is past its middle from 14.4 s to 16.4 s, as the ticks saw it.
  EXPECT_NEAR(static_cast<double>(b.covered.count()), 2000, 200);
  EXPECT_NEAR(static_cast<double>(b.failed.count()), 500, 100);
}

backends::Journal::Options options_in(const fs::path& dir, const std::string& screen = "hall") {
  backends::Journal::Options o;
  o.dir = dir;
  o.screen = screen;
  return o;
}

PlayRecord play_of(const std::string& slide, Instant start, Millis length,
                   std::vector<SponsorShown> sponsors = {}) {
  PlayRecord r;
  r.slide = slide;
  r.kind = sponsors.empty() ? "title" : "sponsors";
  r.revision = "r1";
  r.sponsors = std::move(sponsors);
  r.scheduled_start = r.first_frame = start;
  r.scheduled_end = r.off_air = start + length;
  r.last_frame = r.off_air - 16ms;
  return r;
}

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void write_lines(const fs::path& file, const std::vector<std::string>& lines) {
  std::ofstream out(file, std::ios::trunc);
  for (const auto& line : lines) out << line << '\n';
}

std::vector<std::string> types(const backends::JournalRead& read) {
  std::vector<std::string> out;
  for (const auto& l : read.lines) out.push_back(l.type);
  return out;
}

TEST(Journal, LinesChainAndAnEditedLineBreaksTheChainWhereItIs) {
  const testing::ScratchDir dir("journal-chain");
  fs::path file;
  {
    backends::Journal journal(options_in(dir.path()), {}, day(0));
    journal.play(play_of("a", day(0), 10s));
    journal.operator_event({day(12), StepAction{1}, "key"});
    journal.play(play_of("b", day(10), 3s));
    journal.stop(day(13), "quit");
    file = journal.current_file();
  }
  EXPECT_EQ(file.filename(), "hall-2024-09-18.jsonl");
  const auto read = backends::read_journals({file});
  EXPECT_TRUE(read.problems.empty());
  EXPECT_EQ(types(read),
            (std::vector<std::string>{"started", "play", "operator", "play", "stopped"}));
  ASSERT_TRUE(read.lines[1].play);
  EXPECT_EQ(read.lines[1].play->duration(), 10s);
  EXPECT_EQ(read.lines[2].detail, "next");
  EXPECT_TRUE(backends::verify_chain(read.lines).ok());

  auto lines = lines_of(file);
  const auto at = lines[3].find("\"duration_ms\":3000");
  ASSERT_NE(at, std::string::npos);
  lines[3].replace(at, 18, "\"duration_ms\":9000");
  write_lines(file, lines);
  const auto edited = backends::verify_chain(backends::read_journals({file}).lines);
  ASSERT_EQ(edited.breaks.size(), 1u);
  EXPECT_NE(edited.breaks[0].find(file.string() + ":4: seq 4 was changed after it was written"),
            std::string::npos)
      << edited.breaks[0];

  lines.erase(lines.begin() + 2);  // a line removed
  write_lines(file, lines);
  const auto removed = backends::verify_chain(backends::read_journals({file}).lines);
  EXPECT_FALSE(removed.ok());
  EXPECT_NE(removed.breaks.back().find("seq 3 to 3 are missing"), std::string::npos);
}

TEST(Journal, ATornLastLineIsSetAsideAndACrashLeavesAGap) {
  const testing::ScratchDir dir("journal-torn");
  fs::path file;
  {
    backends::Journal journal(options_in(dir.path()), {}, day(0));
    journal.play(play_of("a", day(0), 10s));
    journal.flush();
    file = journal.current_file();
  }  // no stop(): as if the process had died after its last line
  std::ofstream(file, std::ios::app) << "{\"seq\":3,\"screen\":\"hall\",\"type\":\"pl";
  {
    const testing::LogCapture log;
    backends::Journal journal(options_in(dir.path()), {}, day(60));
    journal.stop(day(61), "quit");
    EXPECT_EQ(log.count("cut short"), 1);
  }
  std::ifstream torn(fs::path(file.string() + ".torn"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(torn), {}),
            "{\"seq\":3,\"screen\":\"hall\",\"type\":\"pl");
  const auto read = backends::read_journals({file});
  EXPECT_TRUE(read.problems.empty());
  EXPECT_EQ(types(read),
            (std::vector<std::string>{"started", "play", "torn", "gap", "started", "stopped"}));
  EXPECT_EQ(read.lines[3].from, day(10));  // the last line before the crash
  EXPECT_EQ(read.lines[3].to, day(60));
  EXPECT_TRUE(backends::verify_chain(read.lines).ok());
}

TEST(Journal, RotatesByDayAndSizeAndKeepsTheNewestWithinItsBudget) {
  const testing::ScratchDir dir("journal-rotate");
  backends::Journal::Options o = options_in(dir.path());
  o.max_file_bytes = 4000;
  o.budget_bytes = 12000;
  {
    const testing::LogCapture log;
    backends::Journal journal(o, {}, day(0));
    for (int i = 0; i < 60; ++i) journal.play(play_of("s" + std::to_string(i), day(i * 10), 10s));
    journal.play(play_of("tomorrow", day(86400 + 5), 10s));
    journal.stop(day(86400 + 20), "quit");
    EXPECT_GE(log.count("removed the oldest file"), 1);
  }
  std::vector<fs::path> files;
  std::uintmax_t total = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    files.push_back(entry.path());
    total += entry.file_size();
    EXPECT_LE(entry.file_size(), 4000u) << entry.path();
  }
  std::sort(files.begin(), files.end());
  EXPECT_LE(total, 12000u + 4000u);
  EXPECT_TRUE(fs::exists(dir / "hall-2024-09-19.jsonl"));
  EXPECT_FALSE(fs::exists(dir / "hall-2024-09-18.jsonl"));  // the oldest went first
  const auto read = backends::read_journals(files);
  const auto check = backends::verify_chain(read.lines);
  EXPECT_TRUE(check.ok()) << (check.breaks.empty() ? "" : check.breaks[0]);
  ASSERT_EQ(check.summary.size(), 1u);
  EXPECT_NE(check.summary[0].find("were pruned"), std::string::npos) << check.summary[0];
  int pruned = 0;
  for (const auto& l : read.lines) pruned += l.type == "pruned";
  EXPECT_GE(pruned, 1);
}

std::string report(const std::vector<std::string>& args) {
  app::ReportCommand command;
  CLI::App cli;
  app::add_report_command(cli, command);
  std::vector<std::string> argv = {"report"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::reverse(argv.begin(), argv.end());
  cli.parse(argv);
  std::ostringstream out, err;
  const int code = app::run_report(command, out, err);
  return std::to_string(code) + "\n" + out.str() + err.str();
}

// Two screens with known plays: the sums come back to the millisecond.
TEST(Report, SumsMatchTheJournalsToTheMillisecond) {
  const testing::ScratchDir dir("journal-report");
  const auto intel = [](Millis ms) { return SponsorShown{"Intel", "Diamond", ms, 0ms, 0ms}; };
  const auto arm = [](Millis ms) { return SponsorShown{"Arm", "Platinum", ms, 0ms, 0ms}; };
  {
    backends::Journal north(options_in(dir.path(), "north"), {}, day(0));
    north.play(play_of("wall", day(0), 12s, {intel(1234ms), arm(10766ms)}));
    north.play(play_of("wall", day(12), 12s, {intel(2345ms), arm(0ms)}));
    north.play(play_of("welcome", day(24), 10s));
    north.stop(day(34), "quit");
    backends::Journal south(options_in(dir.path(), "south"), {}, day(0));
    south.play(play_of("wall", day(100), 12s, {intel(1111ms)}));
    south.stop(day(112), "quit");
  }
  const std::string text = report({dir.path().string()});
  EXPECT_EQ(text,
            "0\nArm: 10.766 s, 1 play on 1 screen, 18 Sep 2024\n"
            "Intel: 4.69 s, 3 plays on 2 screens, 18 Sep 2024\n");
  const std::string json = report({dir.path().string(), "--json"});
  const auto j = nlohmann::json::parse(json.substr(2));
  EXPECT_EQ(j["rows"][1]["name"], "Intel");
  EXPECT_EQ(j["rows"][1]["on_air_ms"], 4690);
  EXPECT_EQ(j["rows"][1]["plays"], 3);
  const auto by_screen =
      nlohmann::json::parse(report({dir.path().string(), "--by", "screen", "--json"}).substr(2));
  EXPECT_EQ(by_screen["rows"][0]["name"], "north");
  EXPECT_EQ(by_screen["rows"][0]["on_air_ms"], 34000);
  EXPECT_EQ(by_screen["rows"][1]["on_air_ms"], 12000);
  // A window: the south screen's play at 100 s is outside 00:00:00-00:01:00 UTC.
  const auto windowed =
      nlohmann::json::parse(report({dir.path().string(), "--from", "2024-09-18T00:00:00Z",
                                    "--until", "2024-09-18T00:01:00Z", "--json"})
                                .substr(2));
  EXPECT_EQ(windowed["rows"][1]["on_air_ms"], 3579);
  // Xibo's columns first, one row per sponsor seen in a play.
  const std::string csv = report({dir.path().string(), "--csv"});
  std::istringstream rows(csv.substr(2));
  std::string header, first;
  std::getline(rows, header);
  std::getline(rows, first);
  EXPECT_TRUE(header.starts_with(
      "Stat Date,Type,FromDT,ToDT,Layout,Display,Media,Tag,Duration,Count,Sponsor,"))
      << header;
  EXPECT_TRUE(
      first.starts_with("2024-09-18 00:00:12,media,2024-09-18 00:00:00,2024-09-18 "
                        "00:00:12,,north,wall,,1,1,Intel,complete,,,1234,"))
      << first;
}

// The sponsor desk's evidence: a sheet of one sponsor's moments on the expected timeline,
// and a misspelt sponsor named with the one the playlist has.
TEST(Report, SheetShowsOneSponsorsMomentsOfTheDay) {
  const testing::ScratchDir dir("journal-sheet");
  {
    backends::Journal north(options_in(dir.path(), "north"), {}, day(0));
    north.play(play_of("welcome", day(0), 10s));
    north.stop(day(10), "quit");
  }
  const std::string playlist = std::string(MARQUEE_SOURCE_DIR) + "/playlists/expo-hall.yaml";
  const fs::path sheet = dir / "intel.png";
  const std::string made = report({dir.path().string(), "--day", "2024-09-18", "--expected",
                                   playlist, "--sheet", sheet.string(), "--sponsor", "Intel"});
  ASSERT_TRUE(made.starts_with("0\n")) << made;
  EXPECT_NE(made.find("sheet: " + sheet.string() + " ("), std::string::npos) << made;
  // Intel is on every sponsor wall of the day: far more plays than the sheet's dozen.
  EXPECT_NE(made.find("(12 of "), std::string::npos) << made;
  EXPECT_NE(made.find(" scheduled plays of Intel)"), std::string::npos) << made;
  std::ifstream png(sheet, std::ios::binary);
  std::string header(24, '\0');
  png.read(header.data(), 24);
  ASSERT_TRUE(png) << "no sheet written";
  EXPECT_EQ(header.substr(1, 3), "PNG");
  EXPECT_EQ(static_cast<unsigned char>(header[18]) * 256 + static_cast<unsigned char>(header[19]),
            1920);

  const std::string misspelt = report({dir.path().string(), "--day", "2024-09-18", "--expected",
                                       playlist, "--sheet", sheet.string(), "--sponsor", "Intle"});
  EXPECT_TRUE(misspelt.starts_with("1\n")) << misspelt;
  EXPECT_NE(misspelt.find("puts no sponsor 'Intle' on screen 18 Sep 2024; did you mean 'Intel'?"),
            std::string::npos)
      << misspelt;
  const std::string alone =
      report({dir.path().string(), "--sheet", sheet.string(), "--sponsor", "Intel"});
  EXPECT_TRUE(alone.starts_with("2\n")) << alone;
  EXPECT_NE(alone.find("--sheet needs --expected PLAYLIST"), std::string::npos) << alone;
}

// The whole path: a demo day of expo-hall.yaml through Player::tick, killed with SIGKILL
// mid-day and restarted half an hour later; `report --expected` explains every second.
TEST(JournalDay, AKilledDayIsExplainedInFullAndItsChainHolds) {
  const testing::ScratchDir dir("journal-day");
  const std::string playlist = std::string(MARQUEE_SOURCE_DIR) + "/playlists/expo-hall.yaml";
  const std::string state = dir.path().string();
  {
    const std::string from = "2024-09-18T00:00:00", until = "2024-09-19T00:00:00",
                      mark = "--mark-at=2024-09-18T12:30:00";
    char* argv[] = {const_cast<char*>(MARQUEE_JOURNAL_DAY),
                    const_cast<char*>(playlist.c_str()),
                    const_cast<char*>(state.c_str()),
                    const_cast<char*>(from.c_str()),
                    const_cast<char*>(until.c_str()),
                    const_cast<char*>(mark.c_str()),
                    nullptr};
    int marked[2];
    ASSERT_EQ(pipe(marked), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, marked[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, marked[0]);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, MARQUEE_JOURNAL_DAY, &actions, nullptr, argv, environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(marked[1]);
    char byte = 0;
    const bool reached = read(marked[0], &byte, 1) == 1;
    close(marked[0]);
    kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(reached && WIFSIGNALED(status)) << "the day ended before the kill";
  }
  const std::string restart = std::string(MARQUEE_JOURNAL_DAY) + " " + playlist + " " + state +
                              " 2024-09-18T13:00:00 2024-09-19T00:00:00";
  ASSERT_EQ(std::system(restart.c_str()), 0);

  const auto outcome = testing::run_marquee("report " + state +
                                            " --day 2024-09-18 --expected playlists/expo-hall.yaml "
                                            "--json");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const auto j = nlohmann::json::parse(outcome.output.substr(outcome.output.find('{')));
  ASSERT_EQ(j["expected"]["sponsors"].size(), 10u);
  std::set<std::string> categories;
  for (const auto& s : j["expected"]["sponsors"]) {
    SCOPED_TRACE(s["sponsor"].get<std::string>());
    EXPECT_GT(s["shortfall_ms"].get<long>(), 0);
    EXPECT_EQ(s["shortfall_ms"], s["explained_ms"]);
    for (const auto& r : s["reasons"]) {
      categories.insert(r["category"].get<std::string>());
      // Where the playlist was on air as written, the screen showed exactly its timeline.
      EXPECT_NE(r["category"], "unexplained") << r["detail"] << ": " << r["ms"];
    }
  }
  EXPECT_EQ(categories, (std::set<std::string>{"edit", "operator", "outage", "takeover"}));

  const auto verified = testing::run_marquee("report " + state + " --verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("chain intact"), std::string::npos) << verified.output;

  const fs::path file = dir / "expo-hall-2024-09-18.jsonl";
  auto lines = lines_of(file);
  ASSERT_GT(lines.size(), 1000u);
  const auto at = lines[1000].find("\"duration_ms\":");
  ASSERT_NE(at, std::string::npos);
  lines[1000].insert(at + 14, "1");
  write_lines(file, lines);
  const auto broken = testing::run_marquee("report " + state + " --verify");
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_NE(broken.output.find(file.string() + ":1001: "), std::string::npos) << broken.output;
}

}  // namespace
}  // namespace marquee
