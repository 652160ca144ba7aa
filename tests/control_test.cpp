// The command table, the operator log on disk and the desk: typed checks with the field at fault,
// the README's reference, a log that survives a restart (or is set aside when torn), and order.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "config/atomic_file.h"
#include "control/commands.h"
#include "control/desk.h"
#include "control/operator_log.h"
#include "control/token.h"
#include "log_capture.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using control::check;
using control::Context;
using nlohmann::json;

// 12:05 at the venue (UTC here), 18 September 2024.
const Instant kNow =
    Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} + 12h + 5min;

Context context() {
  Context c;
  c.slides = {"welcome", "venue", "sponsors"};
  c.zone = date::locate_zone("UTC");
  c.now = kNow;
  return c;
}

// "422 text: …" for a refused request, "ok" for a good one.
std::string outcome(std::string_view command, const json& args) {
  const auto checked = check(command, args, context());
  if (checked.request) return "ok";
  return std::to_string(checked.problem.status) + " " + checked.problem.field + ": " +
         checked.problem.message;
}

TEST(CommandTable, BuildsTheOperatorActions) {
  const auto action = [](std::string_view command, const json& args) {
    return std::get<OperatorAction>(*check(command, args, context()).request);
  };
  EXPECT_EQ(action("next", json::object()), OperatorAction{StepAction{+1}});
  EXPECT_EQ(action("prev", json::object()), OperatorAction{StepAction{-1}});
  EXPECT_EQ(action("goto", {{"slide", "venue"}}), OperatorAction{GotoAction{"venue"}});
  EXPECT_EQ(action("hold", json::object()), OperatorAction{HoldAction{}});
  EXPECT_EQ(action("clear", json::object()), OperatorAction{ClearAction{}});
  EXPECT_EQ(action("identify", json::object()), OperatorAction{IdentifyAction{}});

  TakeoverAction expected;
  expected.id = "emergency";  // an id defaults to the style
  expected.text = "Leave by the nearest exit";
  expected.style = TakeoverStyle::emergency;
  expected.duration = 300s;
  EXPECT_EQ(
      action("takeover",
             {{"text", "Leave by the nearest exit"}, {"style", "emergency"}, {"duration", 300}}),
      OperatorAction{expected});
  // From a query string every value is text, and reads the same.
  EXPECT_EQ(
      action("takeover",
             {{"text", "Leave by the nearest exit"}, {"style", "emergency"}, {"duration", "5m"}}),
      OperatorAction{expected});
  TakeoverAction until;
  until.id = "lunch";
  until.text = "Lunch";
  until.until = kNow + 25min;  // 12:30 today at the venue
  EXPECT_EQ(action("takeover", {{"text", "Lunch"}, {"until", "12:30"}, {"id", "lunch"}}),
            OperatorAction{until});
  EXPECT_TRUE(std::holds_alternative<control::ReloadRequest>(
      *check("reload", json::object(), context()).request));
  EXPECT_TRUE(std::holds_alternative<control::StatusRequest>(
      *check("status", json::object(), context()).request));
}

TEST(CommandTable, RefusesBadArgumentsNamingTheField) {
  EXPECT_EQ(outcome("nxt", json::object()), "404 : unknown command 'nxt' (did you mean 'next'?)");
  EXPECT_EQ(outcome("takeover", json::object()), "422 text: takeover needs 'text' (the message)");
  EXPECT_EQ(outcome("takeover", {{"text", 5}}), "422 text: 'text' must be text, got a number");
  EXPECT_EQ(outcome("takeover", {{"text", "Hi"}, {"style", "emergancy"}}),
            "422 style: 'style' must be info, sponsor or emergency, got 'emergancy' (did you mean "
            "'emergency'?)");
  EXPECT_EQ(outcome("takeover", {{"text", "Hi"}, {"duration", "ten minutes"}}),
            "422 duration: cannot read duration 'ten minutes'; write it like 300, 5m or 1m30s");
  EXPECT_EQ(outcome("takeover", {{"text", "Hi"}, {"duration", -5}}),
            "422 duration: 'duration' must be more than 0");
  EXPECT_EQ(outcome("takeover", {{"text", "Hi"}, {"duration", 60}, {"until", "13:00"}}),
            "422 until: give 'duration' or 'until', not both");
  EXPECT_EQ(outcome("takeover", {{"text", "Hi"}, {"until", "11:00"}}),
            "422 until: 'until' 11:00 has passed");
  EXPECT_EQ(outcome("takeover", {{"txt", "Hi"}}),
            "422 txt: unknown argument 'txt' for takeover (did you mean 'text'?)");
  EXPECT_EQ(outcome("takeover", {{"text", std::string(501, 'a')}}),
            "422 text: 'text' is too long (501 bytes; at most 500)");
  EXPECT_EQ(outcome("goto", {{"slide", "venu"}}),
            "422 slide: no slide 'venu' in the show (did you mean 'venue'?)");
  EXPECT_EQ(outcome("goto", {{"slide", 3}}), "422 slide: 'slide' must be a slide id, got a number");
  EXPECT_EQ(outcome("next", {{"by", 2}}), "422 by: unknown argument 'by' for next (it takes none)");
  EXPECT_EQ(outcome("next", json::array()),
            "400 : the arguments must be a JSON object, like {\"text\": \"…\"}");
  // An empty optional argument counts as not given.
  EXPECT_EQ(outcome("takeover", {{"text", "Hi"}, {"title", ""}, {"duration", ""}}), "ok");
}

TEST(CommandTable, OscArgumentsGoInTableOrder) {
  const auto* takeover = control::find_command("takeover");
  ASSERT_NE(takeover, nullptr);
  const auto args = control::osc_arguments(*takeover, {"Evacuate", "emergency", 300});
  ASSERT_TRUE(std::holds_alternative<json>(args));
  EXPECT_EQ(std::get<json>(args),
            (json{{"text", "Evacuate"}, {"style", "emergency"}, {"duration", 300}}));
  const auto* next = control::find_command("next");
  const auto too_many = control::osc_arguments(*next, {1});
  ASSERT_TRUE(std::holds_alternative<control::Problem>(too_many));
  EXPECT_EQ(std::get<control::Problem>(too_many).message,
            "next takes at most 0 arguments, got 1: /marquee/next");
}

TEST(CommandTable, IsTheReadmesCommandReference) {
  std::ifstream in(std::string(MARQUEE_SOURCE_DIR) + "/README.md");
  const std::string readme{std::istreambuf_iterator<char>(in), {}};
  const std::string begin = "<!-- commands: generated from renderer/control/commands.cpp -->\n";
  const std::string end = "<!-- /commands -->";
  const auto from = readme.find(begin), to = readme.find(end);
  ASSERT_NE(from, std::string::npos) << "README.md needs the marker " << begin;
  ASSERT_NE(to, std::string::npos) << "README.md needs the marker " << end;
  EXPECT_EQ(readme.substr(from + begin.size(), to - from - begin.size()), control::help_markdown())
      << "README.md's command reference differs from the command table; paste the table above "
         "between the markers";
  // And every command has a line of help and is reachable by name.
  for (const auto& command : control::commands()) {
    EXPECT_FALSE(command.help.empty()) << command.name;
    EXPECT_EQ(control::find_command(command.name), &command);
  }
}

TEST(Token, ComparesWholeSecretsOnly) {
  EXPECT_TRUE(control::same_secret("s3cret-token", "s3cret-token"));
  EXPECT_FALSE(control::same_secret("s3cret-toke", "s3cret-token"));
  EXPECT_FALSE(control::same_secret("s3cret-tokenX", "s3cret-token"));
  EXPECT_FALSE(control::same_secret("S3cret-token", "s3cret-token"));
  EXPECT_FALSE(control::same_secret("", "s3cret-token"));
  EXPECT_FALSE(control::same_secret("", ""));
  const testing::ScratchDir dir("token");
  std::ofstream(dir / "token") << "  s3cret-token \nsecond line\n";
  std::string error;
  EXPECT_EQ(control::read_token(dir / "token", &error), "s3cret-token");
  std::ofstream(dir / "blank") << "\n";
  EXPECT_EQ(control::read_token(dir / "blank", &error), std::nullopt);
  EXPECT_EQ(error,
            "the token file " + (dir / "blank").string() + " has no token on its first line");
}

OperatorState sample_log() {
  OperatorState log;
  TakeoverAction t;
  t.id = "keynote";
  t.text = "Keynote starts in 5 minutes \xC2\xB7 Festival Pavilion, Pier 3";
  t.title = "Up next";
  t.style = TakeoverStyle::sponsor;
  t.duration = 300s;
  TakeoverAction lunch;
  lunch.id = "lunch";
  lunch.text = "Lunch";
  lunch.until = kNow + 1h;
  log.add({kNow, StepAction{-1}, "key"});
  log.add({kNow + 1ms, GotoAction{"venue"}, "http 127.0.0.1:50000"});
  log.add({kNow + 2s, HoldAction{}, "osc 127.0.0.1:9000"});
  log.add({kNow + 3s, t, "http 127.0.0.1:50001"});
  log.add({kNow + 4s, lunch, "http 127.0.0.1:50001"});
  log.add({kNow + 5s, ClearAction{"keynote"}, "key"});
  log.add({kNow + 6s, IdentifyAction{}, "key"});
  log.add({kNow + 7s, ResumeAction{}, "key"});
  return log;
}

TEST(OperatorLog, RoundTripsThroughJson) {
  const OperatorState log = sample_log();
  const auto read = control::parse_operator_log(control::to_json(log).dump(), "log.json");
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->problems.empty());
  EXPECT_EQ(read->log, log);
}

TEST(OperatorLog, LeavesOutWhatItCannotReadAndSaysWhere) {
  json j = control::to_json(sample_log());
  j["events"][1]["action"] = "teleport";
  j["events"][3]["duration_ms"] = "long";
  j["events"][4]["at"] = "yesterday";
  const auto read = control::parse_operator_log(j.dump(), "log.json");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->problems,
            (std::vector<std::string>{
                "log.json: /events/1/action: unknown action 'teleport'; left out",
                "log.json: /events/3/duration_ms: not a positive whole number; left out",
                "log.json: /events/4/at: not a UTC time; left out"}));
  EXPECT_EQ(read->log.events.size(), sample_log().events.size() - 3);
  EXPECT_FALSE(control::parse_operator_log("{\"events\": [", "log.json"));
}

TEST(OperatorDesk, KeepsTheLogAcrossARestartAndSetsATornOneAside) {
  const testing::ScratchDir dir("desk");
  const auto file = dir / "operators.json";
  Instant now = kNow;
  const auto clock = [&now] { return now; };
  {
    control::OperatorDesk desk(file, clock);
    EXPECT_TRUE(desk.submit("hold", json::object(), "test").ok);
    now += 1s;
    const auto answer = desk.submit("takeover", {{"text", "Welcome"}}, "test");
    EXPECT_TRUE(answer.ok);
    EXPECT_EQ(answer.rev, 2u);
    EXPECT_FALSE(desk.submit("goto", {{"slide", 5}}, "test").ok);
  }  // the destructor waits for the last write
  {
    control::OperatorDesk restarted(file, clock);
    const auto log = restarted.log();
    ASSERT_EQ(log->events.size(), 2u);
    EXPECT_EQ(log->revision, 2u);
    EXPECT_EQ(log->events[0], (OperatorEvent{kNow, HoldAction{}, "test"}));
    EXPECT_EQ(restarted.submit("next", json::object(), "test").rev, 3u) << "the revision goes on";
  }
  // A log cut short by a disk that lied: reported, set aside, and the player starts empty.
  std::ofstream(file, std::ios::trunc) << "{\"marquee_operator_log\": 1, \"events\": [{\"at\"";
  testing::LogCapture log;
  control::OperatorDesk after_a_power_cut(file, clock);
  EXPECT_TRUE(after_a_power_cut.log()->events.empty());
  EXPECT_TRUE(std::filesystem::exists(config::torn_path(file)));
  EXPECT_EQ(log.count("operators.json"), 1) << "one line says which file was set aside";
}

TEST(OperatorDesk, AppliesEachThreadsCommandsInOrderWhateverTheClock) {
  // A wall clock that steps back must not reorder a client's commands.
  std::atomic<int> calls{0};
  const auto clock = [&calls] { return kNow - Millis{calls++ % 7}; };
  control::OperatorDesk desk({}, clock);
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&desk, c] {
      for (int i = 0; i < 50; ++i)
        desk.submit("takeover", {{"text", std::to_string(i)}, {"id", "c" + std::to_string(c)}},
                    "client " + std::to_string(c));
    });
  for (auto& t : clients) t.join();
  const auto log = desk.log();
  ASSERT_EQ(log->events.size(), 200u);
  EXPECT_EQ(log->revision, 200u);
  int seen[4] = {0, 0, 0, 0};
  for (const auto& e : log->events) {
    const int c = e.source.back() - '0';
    EXPECT_EQ(std::get<TakeoverAction>(e.action).text, std::to_string(seen[c]++));
  }
}

TEST(OperatorDesk, TellsFollowersWhatChangedOnScreen) {
  control::OperatorDesk desk({}, [] { return kNow; });
  auto show = std::make_shared<const Show>();
  control::ScreenState state;
  state.slide = "welcome";
  desk.publish(show, state);
  const auto first = desk.state_event();
  EXPECT_EQ(first.type, "status");
  EXPECT_EQ(first.data["slide"]["id"], "welcome");
  std::atomic<bool> cancel{false};
  EXPECT_TRUE(desk.events_after(first.seq, 10ms, cancel).empty()) << "nothing changed";
  desk.publish(show, state);  // the same frame again: no event
  state.slide = "venue";
  state.playlist_valid = false;
  state.last_error = "hall.yaml:3:5: error: unknown key 'durration' (did you mean 'duration'?)";
  desk.publish(show, state);
  const auto events = desk.events_after(first.seq, 10ms, cancel);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "slide");
  EXPECT_EQ(events[0].data["slide"]["id"], "venue");
  EXPECT_EQ(events[1].type, "edit");
  EXPECT_EQ(events[1].data["last_error"], state.last_error);
}

}  // namespace
}  // namespace marquee
