// The AV desk's transports against a running player, on 127.0.0.1 only: HTTP commands, GET
// aliases, status, screenshots, server-sent events, OSC with replies, tokens, every kind of bad
// request (the screen unchanged), the stage's timer, message and blackout, and 1,000 requests
// from 8 threads while the player runs.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <lo/lo.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <future>
#include <thread>

#include "app/control_link.h"
#include "control/operator_log.h"
#include "golden.h"
#include "hand_fed.h"
#include "headless.h"
#include "log_capture.h"
#include "run_marquee.h"
#include "scratch_dir.h"

namespace marquee {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const Instant kNoon = Instant{date::sys_days{date::year{2024} / 9 / 18}.time_since_epoch()} + 12h;

using testing::HandFed;

Show three_slides() {
  Show show = headless::demo_show();
  show.zone = date::locate_zone("UTC");
  for (const char* id : {"welcome", "venue", "sponsors"}) {
    Slide s;
    s.id = id;
    s.content = TitleSlide{std::string("Slide ") + id, "", "", Align::center};
    s.duration = 20s;
    s.transition.kind = TransitionKind::cut;
    show.slides.push_back(s);
  }
  show.transition = {TransitionKind::cut, 0ms, Easing::linear};
  return show;
}

// An OSC client on its own UDP socket: sends a message, reads the reply.
class OscClient {
 public:
  explicit OscClient(int port) : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    to_.sin_family = AF_INET;
    to_.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &to_.sin_addr);
  }
  ~OscClient() { ::close(fd_); }

  void send(const std::string& path, lo_message message) {
    std::size_t size = 0;
    void* bytes = lo_message_serialise(message, path.c_str(), nullptr, &size);
    ::sendto(fd_, bytes, size, 0, reinterpret_cast<sockaddr*>(&to_), sizeof to_);
    std::free(bytes);
    lo_message_free(message);
  }
  void send_raw(const std::string& bytes) {
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to_), sizeof to_);
  }

  struct Reply {
    std::string path, types, command, error, state;
    int ok = -1;
    long long rev = -1;
  };
  // Waits up to 2 s for the reply.
  std::optional<Reply> reply() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0) return std::nullopt;
    char buffer[65536];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    int result = 0;
    lo_message m = lo_message_deserialise(buffer, static_cast<std::size_t>(n), &result);
    if (!m) return std::nullopt;
    Reply r;
    r.path = lo_get_path(buffer, n);
    r.types = lo_message_get_types(m);
    lo_arg** argv = lo_message_get_argv(m);
    // OSC aligns arguments to 4 bytes, lo_arg to 8: read them as bytes, not through the union.
    const auto text = [&](int k) { return std::string(reinterpret_cast<const char*>(argv[k])); };
    const auto number = [&](int k, auto value) {
      std::memcpy(&value, argv[k], sizeof value);
      return value;
    };
    if (r.types.starts_with("sihs")) {
      r.command = text(0);
      r.ok = number(1, std::int32_t{});
      r.rev = number(2, std::int64_t{});
      r.error = text(3);
      if (r.types.size() > 4) r.state = text(4);
    }
    lo_message_free(m);
    return r;
  }

 private:
  int fd_;
  sockaddr_in to_{};
};

lo_message message_of(std::initializer_list<std::string> strings) {
  lo_message m = lo_message_new();
  for (const auto& s : strings) lo_message_add_string(m, s.c_str());
  return m;
}

class ControlServer : public headless::Renders {
 protected:
  void SetUp() override {
    headless::Renders::SetUp();
    now_ = kNoon.time_since_epoch().count();
  }

  // A player on a picture in memory with its desk, and HTTP and OSC on free ports.
  void start(std::optional<std::string> token = std::nullopt) {
    picture_ = &canvas(320, 180);
    player_ = std::make_unique<app::Player>(picture_->canvas(), feed_, nullptr);
    link_ = std::make_unique<app::ControlLink>(
        scratch_ / "operators.json", [this] { return clock(); }, [this] { wake(); }, *player_,
        feed_, "hall.yaml");
    config::ControlConfig settings;
    settings.port = 0;  // any free port; OSC then on another free one
    if (token) {
      std::ofstream(scratch_ / "token") << *token << "\n";
      settings.token_file = scratch_ / "token";
    }
    ASSERT_TRUE(link_->serve(settings));
    tick();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", link_->http_port());
    client_->set_read_timeout(5s);
  }
  void TearDown() override {
    client_.reset();
    link_.reset();
  }

  Instant clock() const { return Instant{Millis{now_.load()}}; }
  void advance(Millis by) { now_ += by.count(); }
  void wake() {
    std::lock_guard lock(wake_mutex_);
    woken_ = true;
    wake_cv_.notify_all();
  }
  void tick() {
    player_->tick(clock());
    link_->after_tick(clock());
  }

  // Runs `request` on a thread while this one plays the frame loop, as `marquee play`
  // does: status and screenshots are answered from the loop.
  template <class F>
  auto pump(F request) {
    auto result = std::async(std::launch::async, std::move(request));
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (result.wait_for(0ms) != std::future_status::ready &&
           std::chrono::steady_clock::now() < give_up) {
      tick();
      std::unique_lock lock(wake_mutex_);
      wake_cv_.wait_for(lock, 16ms, [this] { return woken_; });
      woken_ = false;
    }
    return result.get();
  }

  httplib::Result post(const std::string& path, const std::string& body) {
    return pump([&] { return client_->Post(path.c_str(), body, "application/json"); });
  }
  httplib::Result get(const std::string& path) {
    return pump([&] { return client_->Get(path.c_str()); });
  }
  json status() {
    auto res = get("/api/v1/status");
    EXPECT_TRUE(res);
    return res ? json::parse(res->body) : json();
  }

  // The screen as the pure timeline draws it at a fixed moment: what a refused request
  // must leave as it was.
  SDL_Surface* screen_at(Instant at) {
    const auto show = feed_.current();
    return render(*show, resolve(*show, *link_->desk().log(), at), 160, 90);
  }

  // The answer's status and JSON body: {ok, rev, error}.
  static std::pair<int, json> answer(const httplib::Result& res) {
    if (!res) return {0, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }

  testing::ScratchDir scratch_{"control-server"};
  HandFed feed_{three_slides()};
  backends::OffscreenCanvas* picture_ = nullptr;
  std::unique_ptr<app::Player> player_;
  std::unique_ptr<app::ControlLink> link_;
  std::unique_ptr<httplib::Client> client_;
  std::atomic<Millis::rep> now_{0};
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  bool woken_ = false;
};

TEST_F(ControlServer, CommandsOverHttpChangeTheScreen) {
  start();
  EXPECT_EQ(status()["slide"]["id"], "welcome");
  EXPECT_EQ(status()["next"], "venue");

  auto [code, body] = answer(post("/api/v1/next", ""));
  EXPECT_EQ(code, 200);
  EXPECT_EQ(body, (json{{"ok", true}, {"rev", 1}, {"error", nullptr}}));
  advance(1s);
  EXPECT_EQ(status()["slide"]["id"], "venue");

  // A Stream Deck button: a GET with the arguments in the query.
  std::tie(code, body) = answer(get(
      "/api/v1/takeover?text=Keynote%20starts%20in%205%20minutes&style=emergency&duration=300"));
  EXPECT_EQ(code, 200);
  EXPECT_EQ(body["rev"], 2);
  advance(1s);
  const json state = status();
  ASSERT_EQ(state["operators"]["takeovers"].size(), 1u);
  EXPECT_EQ(state["operators"]["takeovers"][0]["style"], "emergency");
  EXPECT_EQ(state["operators"]["takeovers"][0]["text"], "Keynote starts in 5 minutes");
  EXPECT_EQ(state["operators"]["revision"], 2);
  EXPECT_EQ(state["playlist"]["valid"], true);
  EXPECT_TRUE(state.contains("uptime_s") && state.contains("presents_per_second") &&
              state.contains("video_playing"));

  // The log on disk is what a restarted player replays: it shows the same screen.
  link_.reset();
  std::string error;
  const auto kept = control::read_operator_log(scratch_ / "operators.json", &error);
  ASSERT_TRUE(kept) << error;
  EXPECT_EQ(kept->log.events.size(), 2u);
  EXPECT_EQ(kept->log.events[0].source.substr(0, 15), "http 127.0.0.1:");
}

TEST_F(ControlServer, ScreenshotIsTheScreenAt640PixelsUnlessAsked) {
  start();
  const auto size_of = [](const std::string& png) {
    std::uint32_t w = 0, h = 0;
    std::memcpy(&w, png.data() + 16, 4);
    std::memcpy(&h, png.data() + 20, 4);
    return std::pair<int, int>(ntohl(w), ntohl(h));
  };
  auto res = get("/api/v1/screenshot.png");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(size_of(res->body), std::make_pair(640, 360));
  const std::string before = res->body;
  post("/api/v1/takeover", R"({"text": "Lunch is served", "style": "sponsor"})");
  advance(2s);
  res = get("/api/v1/screenshot.png?width=200");
  ASSERT_TRUE(res);
  EXPECT_EQ(size_of(res->body), std::make_pair(200, 113));
  EXPECT_NE(get("/api/v1/screenshot.png")->body, before) << "the takeover shows";
  auto [code, body] = answer(get("/api/v1/screenshot.png?width=huge"));
  EXPECT_EQ(code, 422);
  EXPECT_EQ(body["field"], "width");
}

TEST_F(ControlServer, BadRequestsAreRefusedWithTheReasonAndLeaveTheScreenAlone) {
  start();
  testing::LogCapture log;
  const Instant at = kNoon + 30s;
  SDL_Surface* screen = screen_at(at);
  const auto unchanged = [&](const char* what) {
    EXPECT_EQ(link_->desk().log()->revision, 0u) << what;
    EXPECT_TRUE(golden::identical(screen_at(at), screen)) << what << " changed the screen";
  };

  auto [code, body] = answer(post("/api/v1/takeover", std::string(70 * 1024, 'x')));
  EXPECT_EQ(code, 413);
  EXPECT_EQ(body["error"], "the body is larger than 64 KiB");
  unchanged("413");

  std::tie(code, body) = answer(post("/api/v1/takeover", R"({"text": "Hi", "style": })"));
  EXPECT_EQ(code, 400);
  EXPECT_EQ(body["ok"], false);
  EXPECT_EQ(body["error"].get<std::string>().substr(0, 37),
            "malformed JSON at line 1, column 25: ");
  unchanged("400");

  std::tie(code, body) = answer(post("/api/v1/nxet", ""));
  EXPECT_EQ(code, 404);
  EXPECT_EQ(body["error"], "unknown command 'nxet' (did you mean 'next'?)");
  unchanged("404");

  std::tie(code, body) = answer(post("/api/v1/takeover", R"({"text": 42})"));
  EXPECT_EQ(code, 422);
  EXPECT_EQ(body["field"], "text");
  EXPECT_EQ(body["error"], "'text' must be text, got a number");
  unchanged("422 wrong type");

  std::tie(code, body) = answer(post("/api/v1/goto", "{}"));
  EXPECT_EQ(code, 422);
  EXPECT_EQ(body["field"], "slide");
  unchanged("422 missing");

  std::tie(code, body) = answer(get("/api/v2/next"));
  EXPECT_EQ(code, 404);
  unchanged("404 path");
  EXPECT_GE(log.count("operator: refused"), 4) << "each refusal is logged with its source";
}

TEST_F(ControlServer, AnyTokenIsNeededOnceOneIsSet) {
  start("s3cret-token");
  const Instant at = kNoon + 30s;
  SDL_Surface* screen = screen_at(at);
  auto [code, body] = answer(post("/api/v1/next", ""));
  EXPECT_EQ(code, 401);
  EXPECT_EQ(body["error"], "this screen needs a token: Authorization: Bearer …");
  client_->set_bearer_token_auth("guess");
  std::tie(code, body) = answer(post("/api/v1/next", ""));
  EXPECT_EQ(code, 401);
  EXPECT_EQ(body["error"], "wrong token");
  EXPECT_EQ(answer(get("/api/v1/status")).first, 401) << "status too";
  EXPECT_EQ(link_->desk().log()->revision, 0u);
  EXPECT_TRUE(golden::identical(screen_at(at), screen));
  EXPECT_EQ(get("/")->status, 200) << "the console page itself asks for the token";

  OscClient osc(link_->osc_port());
  osc.send("/marquee/next", lo_message_new());
  auto reply = osc.reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->ok, 0);
  EXPECT_EQ(reply->error, "this screen needs a token as the first argument");
  osc.send("/marquee/next", message_of({"guess"}));
  EXPECT_EQ(osc.reply()->error, "wrong token");
  EXPECT_EQ(link_->desk().log()->revision, 0u);
  EXPECT_TRUE(golden::identical(screen_at(at), screen));

  client_->set_bearer_token_auth("s3cret-token");
  EXPECT_EQ(answer(post("/api/v1/next", "")).first, 200);
  osc.send("/marquee/next", message_of({"s3cret-token"}));
  reply = osc.reply();
  EXPECT_EQ(reply->ok, 1);
  EXPECT_EQ(reply->rev, 2);
}

TEST_F(ControlServer, OscCommandsAreRepliedToTheSender) {
  start();
  OscClient osc(link_->osc_port());
  osc.send("/marquee/next", lo_message_new());
  auto reply = osc.reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->path, "/marquee/reply");
  EXPECT_EQ(reply->types, "sihs");
  EXPECT_EQ(reply->command, "next");
  EXPECT_EQ(reply->ok, 1);
  EXPECT_EQ(reply->rev, 1);

  lo_message takeover = message_of({"Leave by the nearest exit", "emergency"});
  lo_message_add_int32(takeover, 300);
  osc.send("/marquee/takeover", takeover);
  EXPECT_EQ(osc.reply()->ok, 1);
  advance(1s);
  tick();
  ASSERT_EQ(player_->frame().takeovers.size(), 1u);
  EXPECT_EQ(player_->frame().takeovers[0].takeover.style, TakeoverStyle::emergency);
  EXPECT_EQ(player_->frame().takeovers[0].takeover.duration, Millis{300s});

  // Wrong types are answered and otherwise ignored.
  const Instant at = kNoon + 30s;
  SDL_Surface* screen = screen_at(at);
  lo_message wrong = lo_message_new();
  lo_message_add_int32(wrong, 5);
  osc.send("/marquee/goto", wrong);
  reply = osc.reply();
  EXPECT_EQ(reply->ok, 0);
  EXPECT_EQ(reply->error, "'slide' must be a slide id, got a number");
  lo_message blob_message = lo_message_new();
  lo_blob blob = lo_blob_new(3, "abc");
  lo_message_add_blob(blob_message, blob);
  osc.send("/marquee/takeover", blob_message);
  lo_blob_free(blob);
  EXPECT_EQ(osc.reply()->error,
            "argument 1 has OSC type 'b', which marquee does not read; send s, i, f or d");
  osc.send("/marquee/nxt", lo_message_new());
  EXPECT_EQ(osc.reply()->error, "unknown command 'nxt' (did you mean 'next'?)");
  osc.send("/lights/next", lo_message_new());
  EXPECT_EQ(osc.reply()->error, "marquee's addresses start with /marquee/, got '/lights/next'");
  osc.send_raw("not OSC at all");
  EXPECT_EQ(osc.reply()->ok, 0);
  osc.send("/marquee/next", message_of({"one too many"}));
  EXPECT_EQ(osc.reply()->error, "next takes at most 0 arguments, got 1: /marquee/next");
  EXPECT_EQ(link_->desk().log()->revision, 2u);
  EXPECT_TRUE(golden::identical(screen_at(at), screen));

  // Status answers with the state as JSON.
  auto state = pump([&] {
    osc.send("/marquee/status", lo_message_new());
    return osc.reply();
  });
  ASSERT_TRUE(state);
  EXPECT_EQ(state->types, "sihss");
  EXPECT_EQ(json::parse(state->state)["slide"]["id"], "venue");
}

// The speaker's screen: a 20-minute timer on a confidence monitor.
Show confidence_monitor() {
  StageTimerSlide timer;
  timer.duration = 20min;
  return headless::all_day_show(timer, ScreenRole::confidence, "timer");
}

TEST_F(ControlServer, TimerMessageAndBlackoutReachTheStageOverHttpAndOsc) {
  feed_.swap_in(confidence_monitor());
  start();
  const auto stage = [&] { return status()["operators"]["stage"]; };
  EXPECT_NE(stage()["timer"]["started"], true);

  // The Companion buttons of the README: start, +1, then too much.
  EXPECT_EQ(answer(post("/api/v1/timer-start", "")).first, 200);
  advance(30s);
  EXPECT_EQ(stage()["timer"]["running"], true);
  EXPECT_EQ(stage()["timer"]["counted_ms"], 30000);
  EXPECT_EQ(answer(get("/api/v1/timer-add?seconds=60")).first, 200);
  EXPECT_EQ(stage()["timer"]["adjust_ms"], 60000);
  auto [code, body] = answer(post("/api/v1/timer-subtract", R"({"seconds": 7200})"));
  EXPECT_EQ(code, 422);
  EXPECT_EQ(body["error"], "'seconds' must be at most 1h at once, got 2h");
  EXPECT_EQ(stage()["timer"]["adjust_ms"], 60000) << "a refused nudge changes nothing";

  // Pause, the message and blackout from an OSC desk.
  OscClient osc(link_->osc_port());
  osc.send("/marquee/timer-pause", lo_message_new());
  auto reply = osc.reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->command, "timer-pause");
  EXPECT_EQ(reply->ok, 1);
  advance(10s);
  EXPECT_EQ(stage()["timer"]["running"], false);
  EXPECT_EQ(stage()["timer"]["counted_ms"], 30000) << "paused at 0:30";

  SDL_Surface* before = screen_at(clock());
  osc.send("/marquee/message-show", message_of({"Please wrap up"}));
  reply = osc.reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->ok, 1);
  EXPECT_EQ(stage()["message"]["text"], "Please wrap up");
  EXPECT_FALSE(golden::identical(screen_at(clock()), before)) << "the speaker sees the message";

  osc.send("/marquee/blackout", message_of({"on"}));
  reply = osc.reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->ok, 1);
  EXPECT_EQ(stage()["blackout"], true);
  osc.send("/marquee/blackout", message_of({"maybe"}));
  reply = osc.reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->ok, 0);
  EXPECT_FALSE(reply->error.empty());
  EXPECT_EQ(stage()["blackout"], true);

  // All of it is in the log a restarted player replays.
  EXPECT_EQ(link_->desk().log()->revision, 5u);
}

TEST_F(ControlServer, EventsStreamTheStateThenEachChange) {
  start();
  std::mutex mutex;
  std::string stream;
  std::atomic<bool> done{false};
  std::thread follower([&] {
    httplib::Client sse("127.0.0.1", link_->http_port());
    sse.set_read_timeout(5s);
    sse.Get("/api/v1/events", [&](const char* data, std::size_t size) {
      std::lock_guard lock(mutex);
      stream.append(data, size);
      return !done.load();
    });
  });
  const auto has = [&](const std::string& text) {
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < until) {
      tick();
      {
        std::lock_guard lock(mutex);
        if (stream.find(text) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(10ms);
    }
    return false;
  };
  EXPECT_TRUE(has("event: status\ndata: {")) << "the full state on connect";
  post("/api/v1/next", "");
  EXPECT_TRUE(has("event: slide\ndata: {\"held\":false,\"next\":\"sponsors\"")) << stream;
  post("/api/v1/takeover", R"({"text": "Doors close in 5 minutes"})");
  advance(100ms);
  EXPECT_TRUE(has("event: takeover\ndata: {\"identify\":false,\"rev\":2,\"takeovers\":[{"))
      << stream;
  post("/api/v1/clear", "");
  advance(100ms);
  EXPECT_TRUE(has("\"takeovers\":[]")) << "and off again";
  done = true;
  post("/api/v1/identify", "");  // one more event, so the follower reads and stops
  advance(100ms);
  tick();
  follower.join();
}

TEST_F(ControlServer, ThousandMixedRequestsFromEightThreadsWhileThePlayerRuns) {
  start();
  testing::LogCapture quiet;  // 800 refusals, each logged
  constexpr int kClients = 8, kEach = 125;
  const auto rss_kib = [] {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
  };
  std::atomic<int> wrong_answers{0}, valid{0};
  std::atomic<long> rss_warm{0};
  std::atomic<int> warm{0};
  const auto client = [&](int c) {
    httplib::Client http("127.0.0.1", link_->http_port());
    http.set_read_timeout(5s);
    int sent = 0;
    for (int i = 0; i < kEach; ++i) {
      if (i == 25 && ++warm == kClients) rss_warm = rss_kib();
      int expected = 200;
      const auto status_of = [](const httplib::Result& res) { return res ? res->status : -1; };
      int got = -1;
      switch (i % 5) {
        case 0: {  // valid: this client's next takeover, in order
          const json body = {{"text", std::to_string(sent)}, {"id", "client-" + std::to_string(c)}};
          got = status_of(http.Post("/api/v1/takeover", body.dump(), "application/json"));
          ++sent;
          ++valid;
          break;
        }
        case 1:
          got = status_of(http.Post("/api/v1/takeover", "{\"text\": ", "application/json"));
          expected = 400;
          break;
        case 2:
          got = status_of(http.Get("/api/v1/hodl"));
          expected = 404;
          break;
        case 3:
          got = status_of(http.Post("/api/v1/takeover", R"({"text": "x", "duration": "soon"})",
                                    "application/json"));
          expected = 422;
          break;
        default:
          got = status_of(http.Get("/api/v1/status"));
          break;
      }
      if (got != expected) ++wrong_answers;
    }
  };
  const auto ticks_before = player_->ticks();
  const auto started = std::chrono::steady_clock::now();
  pump([&] {
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) clients.emplace_back(client, c);
    for (auto& t : clients) t.join();
    return 0;
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "[          ] " << kClients * kEach << " requests in " << seconds << " s ("
            << player_->ticks() - ticks_before << " frames meanwhile); RSS after the first "
            << 25 * kClients << ": " << rss_warm.load() << " KiB, after all: " << rss_kib()
            << " KiB\n";
  EXPECT_EQ(wrong_answers.load(), 0);
  EXPECT_GT(player_->ticks() - ticks_before, 10u) << "the frame loop ran throughout";

  // Every valid command applied once, in order per client.
  const auto log = link_->desk().log();
  EXPECT_EQ(log->events.size(), static_cast<std::size_t>(valid.load()));
  std::map<std::string, int> next;
  for (const auto& e : log->events) {
    const auto& t = std::get<TakeoverAction>(e.action);
    EXPECT_EQ(t.text, std::to_string(next[t.id]++)) << t.id;
  }
  EXPECT_EQ(next.size(), static_cast<std::size_t>(kClients));
#if !defined(__SANITIZE_ADDRESS__)
  // ASan's quarantine holds freed memory, so RSS is judged in the normal build only.
  EXPECT_LT(rss_kib() - rss_warm.load(), 4 * 1024) << "KiB grown over the last 800 requests";
#endif
}

TEST_F(ControlServer, RenderWithAnOperatorLogShowsItsTakeover) {
  start();
  post("/api/v1/takeover", R"({"text": "Leave by the nearest exit", "style": "emergency"})");
  link_.reset();  // the log is on disk once the desk is gone
  const std::string playlist = std::string(MARQUEE_SOURCE_DIR) + "/playlists/expo-hall.yaml";
  const auto plain = scratch_ / "plain.png", taken = scratch_ / "taken.png";
  ASSERT_EQ(
      testing::run_marquee("render " + playlist +
                           " --at 2024-09-18T12:00:05Z --size 320x180 --out " + plain.string())
          .exit_code,
      0);
  const auto run = testing::run_marquee(
      "render " + playlist + " --at 2024-09-18T12:00:05Z --size 320x180 --out " + taken.string() +
      " --operators " + (scratch_ / "operators.json").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  backends::SurfacePtr with(IMG_Load(taken.c_str())), without(IMG_Load(plain.c_str()));
  ASSERT_TRUE(with && without);
  EXPECT_FALSE(golden::identical(with.get(), without.get()));
  const backends::SurfacePtr rgb = golden::as_rgb24(with.get());
  const auto* p = static_cast<const Uint8*>(rgb->pixels);
  EXPECT_GT(p[0], 150);  // the top-left corner is emergency red
  EXPECT_LT(p[1], 40);
}

}  // namespace
}  // namespace marquee
