// The fleet over MQTT against a real mosquitto on 127.0.0.1: retained $state and status, the last
// will, commands through the command table once while fresh, refusals with reasons, a broker
// that restarts under the screens, and TLS.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <thread>

#include "config/digest.h"
#include "control/fleet.h"
#include "control/operator_log.h"
#include "mosquitto_broker.h"
#include "mqtt_listener.h"
#include "run_marquee.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using control::FleetCommand;
using nlohmann::json;
namespace topics = control::fleet_topics;

Instant wall() {
  return date::floor<Millis>(std::chrono::system_clock::now());
}

std::string command(const std::string& id, const std::string& name, json args = json::object(),
                    Instant issued_at = wall(), Millis ttl = 60s) {
  return to_json(FleetCommand{id, issued_at, ttl, name, std::move(args)}).dump();
}

json payload_of(const std::optional<testing::MqttListener::Message>& m) {
  return m ? json::parse(m->payload, nullptr, false) : json();
}

// One screen: a desk with a show on air, the fleet agent on it, and a broker of its own.
class FleetTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(broker_.start()) << broker_.log(); }

  control::FleetOptions options(const std::string& screen = "hall-1") const {
    config::FleetConfig settings;
    settings.host = "127.0.0.1";
    settings.port = broker_.port();
    settings.screen = screen;
    settings.username = screen;
    settings.groups = {"expo", "pier-2"};
    return {.settings = settings,
            .version = "9.9.9-test",
            .clock = wall,
            .status_every = 10'000ms,
            .retry_min = 100ms,
            .retry_max = 400ms};
  }

  void show_on_air(control::OperatorDesk& desk) {
    auto show = std::make_shared<Show>();
    Slide welcome;
    welcome.id = "welcome";
    show->slides = {welcome};
    show->revision = "rev-1";
    control::ScreenState state;
    state.screen = "hall-1";
    state.slide = "welcome";
    state.show_revision = "rev-1";
    desk.publish(show, state);
  }

  testing::ScratchDir dir_{"fleet"};
  testing::MosquittoBroker broker_{dir_ / "broker"};
};

TEST_F(FleetTest, AScreenSaysItIsReadyRetainedAndLostWhenItLeaves) {
  control::OperatorDesk desk({}, wall);
  show_on_air(desk);
  auto agent = std::make_unique<control::FleetAgent>(options(), desk, nullptr);
  ASSERT_TRUE(agent->start());
  {
    // A follower that comes later gets the retained state and status from the broker.
    testing::MqttListener first(broker_.port(), {topics::state("hall-1")});
    ASSERT_TRUE(first.wait_for_payload(topics::state("hall-1"), "ready")) << broker_.log();
  }
  testing::MqttListener later(broker_.port(), {"marquee/v1/hall-1/#"});
  const auto state = later.wait_for(topics::state("hall-1"));
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->retained);
  EXPECT_EQ(state->payload, "ready");
  const auto status = later.wait_for(topics::status("hall-1"));
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->retained);
  const json s = payload_of(status);
  EXPECT_EQ(s["screen"], "hall-1");
  EXPECT_EQ(s["groups"], json({"expo", "pier-2"}));
  EXPECT_EQ(s["version"], "9.9.9-test");
  EXPECT_EQ(s["state"], "ready");
  EXPECT_EQ(s["slide"]["id"], "welcome");
  EXPECT_EQ(s["playlist"]["revision"], "rev-1");
  EXPECT_TRUE(s["playlist"]["valid"].get<bool>());
  for (const char* key : {"uptime_s", "presents_per_second", "clock_offset_ms", "next"})
    EXPECT_TRUE(s.contains(key)) << key << " in " << s.dump();

  const std::size_t mark = later.count();
  agent->stop();
  EXPECT_TRUE(later.wait_for(
      topics::state("hall-1"), [](const auto& m) { return m.payload == "lost"; }, 5s, mark));
  agent.reset();
  testing::MqttListener after(broker_.port(), {topics::state("hall-1")});
  EXPECT_TRUE(after.wait_for_payload(topics::state("hall-1"), "lost")) << "retained";
}

TEST_F(FleetTest, TheStatusGoesOutOnEveryChangeAndAtLeastEveryPeriod) {
  control::OperatorDesk desk({}, wall);
  show_on_air(desk);
  auto opts = options();
  opts.status_every = 300ms;
  control::FleetAgent agent(opts, desk, nullptr);
  testing::MqttListener listener(broker_.port(), {topics::status("hall-1")});
  ASSERT_TRUE(listener.connected());
  ASSERT_TRUE(agent.start());
  ASSERT_TRUE(listener.wait_for(topics::status("hall-1")));
  std::this_thread::sleep_for(1100ms);
  const auto periodic = listener.on(topics::status("hall-1")).size();
  EXPECT_GE(periodic, 3u) << "one at the start, then one each 300 ms with nothing changed";
  EXPECT_LE(periodic, 6u);

  control::ScreenState state;
  state.screen = "hall-1";
  state.slide = "venue";
  desk.publish(desk.show(), state);
  const auto changed = listener.wait_for(
      topics::status("hall-1"),
      [](const auto& m) { return json::parse(m.payload)["slide"]["id"] == "venue"; }, 250ms);
  EXPECT_TRUE(changed) << "a change goes out at once, not at the next period";
}

TEST_F(FleetTest, CommandsGoThroughTheCommandTableOnceWhileFresh) {
  control::OperatorDesk desk({}, wall);
  show_on_air(desk);
  control::FleetAgent agent(options(), desk, nullptr);
  ASSERT_TRUE(agent.start());
  testing::MqttListener op(
      broker_.port(), {topics::reply("hall-1"), topics::status("hall-1"), topics::state("hall-1")});
  ASSERT_TRUE(op.wait_for_payload(topics::state("hall-1"), "ready"));
  // The reply to `id` (null: a command whose id could not be read), from message `from` on.
  const auto reply_to = [&](const std::string& id, std::size_t from = 0) {
    return payload_of(op.wait_for(
        topics::reply("hall-1"),
        [&](const auto& m) {
          const json got = json::parse(m.payload, nullptr, false).value("id", json());
          return id.empty() ? got.is_null() : got == id;
        },
        5s, from));
  };

  // To every screen, to a group it is in, and to it alone.
  ASSERT_TRUE(op.publish(topics::all_command(),
                         command("c1", "takeover", {{"text", "Doors close in 5 minutes"}})));
  json r = reply_to("c1");
  EXPECT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["screen"], "hall-1");
  ASSERT_TRUE(op.publish(topics::group_command("pier-2"), command("c2", "hold")));
  EXPECT_EQ(reply_to("c2")["ok"], true);
  ASSERT_TRUE(op.publish(topics::command("hall-1"), command("c3", "goto", {{"slide", "welcome"}})));
  EXPECT_EQ(reply_to("c3")["ok"], true);
  // A group it is not in and another screen do not reach it: c4's reply comes first.
  ASSERT_TRUE(op.publish(topics::group_command("lobby"), command("g1", "next")));
  ASSERT_TRUE(op.publish(topics::command("hall-2"), command("g2", "next")));
  ASSERT_TRUE(op.publish(topics::command("hall-1"), command("c4", "resume")));
  EXPECT_EQ(reply_to("c4")["ok"], true);
  ASSERT_EQ(desk.log()->events.size(), 4u);
  EXPECT_EQ(desk.log()->events[0].source, "mqtt all c1");
  EXPECT_EQ(desk.log()->events[1].source, "mqtt group pier-2 c2");
  EXPECT_TRUE(std::holds_alternative<TakeoverAction>(desk.log()->events[0].action));

  // A QoS 1 redelivery, or the same command to all and to a group, acts once.
  const std::size_t mark = op.count();
  ASSERT_TRUE(op.publish(topics::group_command("expo"),
                         command("c1", "takeover", {{"text", "Doors close in 5 minutes"}})));
  const json again = payload_of(op.wait_for(
      topics::reply("hall-1"), [](const auto& m) { return json::parse(m.payload)["id"] == "c1"; },
      5s, mark));
  EXPECT_EQ(again["duplicate"], true);
  EXPECT_EQ(again["ok"], true);
  EXPECT_EQ(desk.log()->events.size(), 4u);

  // Refused, each with its reason in the reply and in the status; nothing reaches the log.
  const auto refused = [&](const std::string& id, const std::string& payload) {
    const std::size_t from = op.count();
    op.publish(topics::command("hall-1"), payload);
    const json reply = reply_to(id, from);
    EXPECT_EQ(reply["ok"], false) << id << ": " << reply.dump();
    return reply.value("error", std::string());
  };
  EXPECT_EQ(refused("stale", command("stale", "takeover", {{"text", "Evacuate"}}, wall() - 1h, 60s))
                .substr(0, 20),
            "expired: issued at 2");
  EXPECT_EQ(refused("u1", command("u1", "takeovr", {{"text", "x"}})),
            "unknown command 'takeovr' (did you mean 'takeover'?)");
  EXPECT_EQ(refused("a1", command("a1", "takeover", {{"style", "emergency"}})).empty(), false);
  EXPECT_EQ(refused("", "{\"id\": \"m1\", "),
            "malformed JSON at line 1, column 14: syntax error "
            "while parsing object key - unexpected end of "
            "input; expected string literal");
  EXPECT_EQ(refused("", std::string(70 * 1024, ' ')),
            "the command is larger than 64 KiB (71680 bytes); refused unread");
  EXPECT_EQ(refused("n1", R"({"id": "n1", "command": "next", "ttl": 60})"),
            "/issued_at: a command needs 'issued_at', a UTC time like 2024-09-18T19:05:00.250Z");
  EXPECT_EQ(desk.log()->events.size(), 4u);
  const json status = payload_of(op.wait_for(topics::status("hall-1"), [](const auto& m) {
    const json last = json::parse(m.payload)["last_refused"];
    return last.is_object() && last.value("what", "") == "command n1";
  }));
  EXPECT_EQ(status["last_refused"]["error"],
            "/issued_at: a command needs 'issued_at', a UTC time like 2024-09-18T19:05:00.250Z");
}

TEST_F(FleetTest, AfterTheBrokerRestartsScreensComeBackByThemselves) {
  // Twenty screens, each with its own desk, as twenty boxes in a hall would be.
  constexpr int kScreens = 20;
  std::vector<std::unique_ptr<control::OperatorDesk>> desks;
  std::vector<std::unique_ptr<control::FleetAgent>> agents;
  std::vector<std::string> names, states;
  for (int i = 1; i <= kScreens; ++i) {
    names.push_back("hall-" + std::to_string(i));
    states.push_back(topics::state(names.back()));
    desks.push_back(std::make_unique<control::OperatorDesk>(std::filesystem::path{}, wall));
    show_on_air(*desks.back());
    agents.push_back(
        std::make_unique<control::FleetAgent>(options(names.back()), *desks.back(), nullptr));
    ASSERT_TRUE(agents.back()->start());
  }
  {
    testing::MqttListener op(broker_.port(), states);
    for (const std::string& state : states) ASSERT_TRUE(op.wait_for_payload(state, "ready"));
  }
  broker_.stop();
  // The broker comes back with nothing kept (no retained state, no sessions): what the
  // operator sees next, the screens sent again.
  ASSERT_TRUE(std::filesystem::remove(dir_ / "broker" / "mosquitto.db"));
  const auto all = [&](auto test) {
    return std::all_of(agents.begin(), agents.end(), [&](const auto& a) { return test(*a); });
  };
  for (int i = 0; i < 200 && !all([](auto& a) { return !a.client()->connected(); }); ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(all([](auto& a) { return !a.client()->connected(); }));
  std::this_thread::sleep_for(300ms);  // a few failed attempts, backing off
  ASSERT_TRUE(broker_.start()) << broker_.log();
  for (int i = 0; i < 500 && !all([](auto& a) { return a.client()->connections() == 2; }); ++i)
    std::this_thread::sleep_for(10ms);
  for (const auto& agent : agents)
    EXPECT_EQ(agent->client()->connections(), 2) << agent->screen() << " came back once";

  testing::MqttListener op(broker_.port(), {"marquee/v1/#"});
  for (const std::string& name : names) {
    EXPECT_TRUE(op.wait_for_payload(topics::state(name), "ready")) << name << ": republished";
    EXPECT_TRUE(op.wait_for(topics::status(name))) << name;
  }
  // Each screen subscribed again: a command sent now is lost on no screen.
  ASSERT_TRUE(op.publish(topics::all_command(), command("after", "takeover", {{"text", "Back"}})));
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_TRUE(op.wait_for(topics::reply(names[i]))) << names[i];
    EXPECT_EQ(desks[i]->log()->events.size(), 1u) << names[i];
  }
}

// The real player with a fleet section: it joins, answers a command with what is on air, and
// when it dies without a word the broker says it is lost (its last will), retained.
TEST_F(FleetTest, APlayingScreenThatDiesIsLostByItsLastWill) {
  const auto config = dir_ / "screen.yaml";
  std::ofstream(config) << "playlist: " << MARQUEE_SOURCE_DIR << "/playlists/expo-hall.yaml\n"
                        << "screen: pier-2-north\nstate_dir: " << (dir_ / "state").string()
                        << "\nfleet:\n  broker: 127.0.0.1:" << broker_.port()
                        << "\n  groups: [expo, pier-2]\n";
  testing::MqttListener op(broker_.port(), {"marquee/v1/pier-2-north/#"});
  ASSERT_TRUE(op.connected());
  const std::string out = (dir_ / "player.log").string(), config_text = config.string();
  const char* argv[] = {MARQUEE_BINARY,      "play",     "--config",
                        config_text.c_str(), "--window", "320x180",
                        "--seconds",         "60",       nullptr};
  std::vector<std::string> env_text = {"SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=dummy"};
  for (char** e = environ; *e; ++e)
    if (!std::string_view(*e).starts_with("SDL_")) env_text.emplace_back(*e);
  std::vector<char*> env;
  for (auto& e : env_text) env.push_back(e.data());
  env.push_back(nullptr);
  posix_spawn_file_actions_t to_log;
  posix_spawn_file_actions_init(&to_log);
  posix_spawn_file_actions_addopen(&to_log, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT, 0644);
  posix_spawn_file_actions_adddup2(&to_log, STDOUT_FILENO, STDERR_FILENO);
  pid_t player = -1;
  ASSERT_EQ(::posix_spawn(&player, MARQUEE_BINARY, &to_log, nullptr, const_cast<char**>(argv),
                          env.data()),
            0);
  posix_spawn_file_actions_destroy(&to_log);
  const auto player_log = [&] {
    std::ifstream in(out);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };

  EXPECT_TRUE(op.wait_for_payload(topics::state("pier-2-north"), "ready", 15s)) << player_log();
  op.publish(topics::group_command("pier-2"),
             command("e2e-1", "takeover", {{"text", "Keynote moves to the Cowell Theater"}}));
  const json reply = payload_of(op.wait_for(topics::reply("pier-2-north"), {}, 10s));
  EXPECT_EQ(reply["ok"], true) << reply.dump() << player_log();
  const json status = payload_of(op.wait_for(
      topics::status("pier-2-north"),
      [](const auto& m) { return !json::parse(m.payload)["operators"]["takeovers"].empty(); },
      10s));
  EXPECT_EQ(status["operators"]["takeovers"][0]["text"], "Keynote moves to the Cowell Theater")
      << status.dump();
  EXPECT_TRUE(status["slide"]["id"].is_string()) << status.dump();
  EXPECT_FALSE(status["playlist"]["revision"].get<std::string>().empty()) << status.dump();

  ::kill(player, SIGKILL);
  ::waitpid(player, nullptr, 0);
  // The broker notices the closed socket at once and publishes the will.
  EXPECT_TRUE(op.wait_for_payload(topics::state("pier-2-north"), "lost", 5s)) << broker_.log();
  testing::MqttListener later(broker_.port(), {topics::state("pier-2-north")});
  const auto kept = later.wait_for(topics::state("pier-2-north"));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->payload, "lost");
  EXPECT_TRUE(kept->retained);
}

// `marquee fleet`: the table from the retained states, a command to a group with its replies,
// and a bundle packed and announced.
TEST_F(FleetTest, TheOperatorsCommandLineReadsSendsAndPublishes) {
  control::OperatorDesk desk({}, wall);
  show_on_air(desk);
  control::FleetAgent agent(options(), desk, nullptr);
  ASSERT_TRUE(agent.start());
  testing::MqttListener op(broker_.port(), {topics::state("hall-1"), topics::content()});
  ASSERT_TRUE(op.wait_for_payload(topics::state("hall-1"), "ready"));
  const std::string broker = " --broker 127.0.0.1:" + std::to_string(broker_.port());

  auto r = testing::run_marquee("fleet" + broker + " status");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("hall-1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ready"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("welcome"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 screens, 0 lost"), std::string::npos) << r.output;

  r = testing::run_marquee("fleet" + broker +
                           " send --group pier-2 takeover 'text=Lunch is served in the Festival "
                           "Pavilion'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1 replies"), std::string::npos) << r.output;
  ASSERT_EQ(desk.log()->events.size(), 1u);
  EXPECT_EQ(std::get<TakeoverAction>(desk.log()->events[0].action).text,
            "Lunch is served in the Festival Pavilion");
  // Checked by the command table before it leaves.
  r = testing::run_marquee("fleet" + broker + " send takeovr text=x");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("unknown command 'takeovr' (did you mean 'takeover'?)"),
            std::string::npos)
      << r.output;

  std::filesystem::create_directories(dir_ / "expo-v3" / "playlists");
  std::ofstream(dir_ / "expo-v3" / "playlists" / "expo.yaml")
      << "screen: expo\ntimezone: America/Los_Angeles\nslides:\n  - id: welcome\n    title: { "
         "headline: \"Day two\" }\n    duration: 10s\n";
  r = testing::run_marquee("fleet" + broker + " publish " + (dir_ / "expo-v3").string() +
                           " --url http://127.0.0.1:9/expo-v3.tar.gz --no-check --at +30s "
                           "--revision expo-v3 --out " +
                           (dir_ / "expo-v3.tar.gz").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(op.wait_for(topics::content())) << r.output;
  testing::MqttListener later(broker_.port(), {topics::content()});
  const auto announced = later.wait_for(topics::content());
  ASSERT_TRUE(announced);
  EXPECT_TRUE(announced->retained) << "a screen that comes later gets it";
  const auto revision = control::read_content_revision(announced->payload);
  ASSERT_TRUE(std::holds_alternative<control::ContentRevision>(revision)) << announced->payload;
  const auto& rev = std::get<control::ContentRevision>(revision);
  EXPECT_EQ(rev.revision, "expo-v3");
  EXPECT_EQ(rev.url, "http://127.0.0.1:9/expo-v3.tar.gz");
  std::ifstream packed(dir_ / "expo-v3.tar.gz", std::ios::binary);
  EXPECT_EQ(rev.sha256,
            config::sha256_hex(std::string(std::istreambuf_iterator<char>(packed), {})));
  EXPECT_GT(rev.activate_at, wall() + 25s);
  EXPECT_LT(rev.activate_at, wall() + 31s);
}

// The broker as deploy/mosquitto ships it: logins and the ACL. An anonymous client gets
// nowhere; a screen cannot command another screen, nor read its status; an operator can.
TEST(FleetSecurity, TheShippedBrokerConfigKeepsStrangersAndScreensInTheirPlace) {
  const testing::ScratchDir dir("fleet-acl");
  std::ifstream shipped(std::string(MARQUEE_SOURCE_DIR) + "/deploy/mosquitto/marquee.conf");
  std::string settings, line;
  while (std::getline(shipped, line)) {
    if (line.starts_with("listener") || line.starts_with("persistence")) continue;
    for (auto at = line.find("/etc/mosquitto/"); at != line.npos; at = line.find("/etc/mosquitto/"))
      line.replace(at, 15, dir.path().string() + "/");
    settings += line + "\n";
  }
  ASSERT_NE(settings.find("acl_file"), std::string::npos);
  std::filesystem::copy_file(std::string(MARQUEE_SOURCE_DIR) + "/deploy/mosquitto/marquee.acl",
                             dir / "marquee.acl");
  for (const char* user : {"operator", "hall-1", "hall-2"}) {
    const std::string add = "mosquitto_passwd -b " +
                            std::string(std::string_view(user) == "operator" ? "-c " : "") +
                            (dir / "marquee.passwd").string() + " " + user + " secret-" + user;
    ASSERT_EQ(std::system(add.c_str()), 0) << add;
    std::ofstream(dir / (std::string(user) + ".password")) << "secret-" << user << "\n";
  }
  testing::MosquittoBroker broker(dir / "broker", settings);
  ASSERT_TRUE(broker.start()) << broker.log();

  control::OperatorDesk desk({}, wall);
  config::FleetConfig fleet;
  fleet.port = broker.port();
  fleet.screen = fleet.username = "hall-1";
  fleet.password_file = dir / "hall-1.password";
  control::FleetAgent screen({.settings = fleet, .version = "t", .clock = wall}, desk, nullptr);
  ASSERT_TRUE(screen.start());

  testing::MqttListener op(broker.port(), {"marquee/v1/#"}, "operator", "secret-operator");
  ASSERT_TRUE(op.wait_for_payload(topics::state("hall-1"), "ready")) << broker.log();
  testing::MqttListener stranger(broker.port(), {"marquee/v1/#"});
  testing::MqttListener other_screen(broker.port(), {"marquee/v1/#"}, "hall-2", "secret-hall-2");
  ASSERT_TRUE(other_screen.connected());
  EXPECT_FALSE(stranger.connected(500ms)) << "anonymous logins are refused";
  EXPECT_FALSE(stranger.publish(topics::all_command(), command("s1", "takeover", {{"text", "x"}})));
  // Accepted by the broker, and dropped: hall-2 may not command hall-1 or all.
  other_screen.publish(topics::command("hall-1"), command("h1", "takeover", {{"text", "x"}}));
  other_screen.publish(topics::all_command(), command("h2", "takeover", {{"text", "x"}}));
  // Over the broker's 64 KiB: dropped by the broker, so the screen never spends a parse on it.
  op.publish(topics::command("hall-1"),
             command("big", "takeover", {{"text", std::string(70 * 1024, 'x')}}));
  op.publish(topics::command("hall-1"), command("op1", "hold"));
  const json reply = payload_of(op.wait_for(topics::reply("hall-1")));
  EXPECT_EQ(reply["id"], "op1") << "the operator's command is the first one hall-1 got";
  EXPECT_EQ(desk.log()->events.size(), 1u);
  EXPECT_TRUE(op.wait_for(topics::status("hall-1")));
  EXPECT_TRUE(other_screen.on(topics::status("hall-1")).empty()) << "nor read its status";
  EXPECT_TRUE(other_screen.on(topics::reply("hall-1")).empty());
  EXPECT_TRUE(stranger.on(topics::status("hall-1")).empty());
}

// Certificates made here with openssl: a CA that signs the broker's certificate for
// 127.0.0.1, and a second CA that signed nothing the broker shows.
void make_certificates(const std::filesystem::path& dir) {
  const std::string d = dir.string() + "/";
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  std::ofstream(dir / "san.ext") << "subjectAltName=IP:127.0.0.1\n";
  for (const std::string& step :
       {"openssl req -x509" + ec + " -days 2 -subj /CN=marquee-test-ca -keyout " + d +
            "ca.key -out " + d + "ca.pem",
        "openssl req -x509" + ec + " -days 2 -subj /CN=someone-else -keyout " + d +
            "other.key -out " + d + "other-ca.pem",
        "openssl req" + ec + " -subj /CN=127.0.0.1 -keyout " + d + "broker.key -out " + d +
            "broker.csr",
        "openssl x509 -req -in " + d + "broker.csr -CA " + d + "ca.pem -CAkey " + d +
            "ca.key -CAcreateserial -days 2 -extfile " + d + "san.ext -out " + d + "broker.pem"})
    ASSERT_EQ(std::system((step + " >/dev/null 2>&1").c_str()), 0) << step;
}

// The broker's TLS listener for the screens, and a plain one on another port for the test's
// own operator, so that what crosses TLS is all the screen's.
TEST(FleetTls, AScreenJoinsOverTlsWithItsCaAndNotWithAnother) {
  const testing::ScratchDir dir("fleet-tls");
  ASSERT_NO_FATAL_FAILURE(make_certificates(dir.path()));
  const int plain = testing::free_port();
  const std::string d = dir.path().string() + "/";
  testing::MosquittoBroker broker(
      dir / "broker", "allow_anonymous true\nlistener " + std::to_string(plain) + " 127.0.0.1\n",
      "cafile " + d + "ca.pem\ncertfile " + d + "broker.pem\nkeyfile " + d + "broker.key\n");
  ASSERT_TRUE(broker.start()) << broker.log();

  const auto screen_options = [&](const std::string& name, const std::string& ca) {
    config::FleetConfig fleet;
    fleet.host = "127.0.0.1";
    fleet.port = broker.port();
    fleet.screen = fleet.username = name;
    fleet.ca_file = dir / ca;
    return control::FleetOptions{
        .settings = fleet, .version = "t", .clock = wall, .retry_min = 100ms, .retry_max = 400ms};
  };
  control::OperatorDesk desk({}, wall), strangers_desk({}, wall);
  control::FleetAgent screen(screen_options("hall-1", "ca.pem"), desk, nullptr);
  control::FleetAgent misled(screen_options("hall-2", "other-ca.pem"), strangers_desk, nullptr);
  ASSERT_TRUE(screen.start());
  ASSERT_TRUE(misled.start());

  testing::MqttListener op(plain, {"marquee/v1/#"});
  ASSERT_TRUE(op.wait_for_payload(topics::state("hall-1"), "ready")) << broker.log();
  ASSERT_TRUE(op.publish(topics::all_command(), command("tls-1", "hold")));
  EXPECT_EQ(payload_of(op.wait_for(topics::reply("hall-1")))["id"], "tls-1");
  EXPECT_EQ(desk.log()->events.size(), 1u);
  EXPECT_TRUE(screen.client()->connected());

  // A broker whose certificate its CA did not sign is never trusted, however long it tries.
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(misled.client()->connections(), 0);
  EXPECT_NE(misled.client()->last_error().find("TLS"), std::string::npos)
      << misled.client()->last_error();
  EXPECT_TRUE(op.on(topics::state("hall-2")).empty());
  EXPECT_EQ(strangers_desk.log()->events.size(), 0u);
}

TEST(MqttClient, BacksOffWithJitterUpToItsCeiling) {
  std::mt19937 random(7);
  std::vector<long long> waits;
  for (int failures = 0; failures < 8; ++failures)
    waits.push_back(control::MqttClient::backoff(failures, 500ms, 30s, random).count());
  for (std::size_t i = 0; i < waits.size(); ++i) {
    const long long ceiling = std::min(500LL << i, 30'000LL);
    EXPECT_GE(waits[i], ceiling / 2) << i;
    EXPECT_LE(waits[i], ceiling) << i;
  }
  std::set<long long> spread;
  for (int screen = 0; screen < 50; ++screen)
    spread.insert(control::MqttClient::backoff(3, 500ms, 30s, random).count());
  EXPECT_GT(spread.size(), 40u) << "screens that lost the broker together come back apart";
}

}  // namespace
}  // namespace marquee
