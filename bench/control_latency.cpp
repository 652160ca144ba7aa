// Control latency bench: from a command sent on loopback to the first presented frame that shows
// it, over HTTP and OSC, for next and for takeover. Prints p50, p95 and max; fails nothing.
//
//   bench_control_latency [--trials 100] [--playlist playlists/expo-hall.yaml] [--size 1280x720]
//
// The frame loop is `marquee play`'s: the Player, its ControlLink, SDL's event queue woken by
// SDL_PushEvent from the transports' threads, and a 16 ms wait otherwise (60 Hz). It draws
// with SDL's software renderer into memory (SDL_VIDEODRIVER=dummy), so the present hook sees
// the moment the frame was drawn and presented, without a display's vsync after it.
#include <SDL.h>
#include <arpa/inet.h>
#include <httplib.h>
#include <lo/lo_lowlevel.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "app/control_link.h"
#include "app/player.h"
#include "backends/live_show.h"
#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "config/loader.h"

namespace {

using namespace marquee;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

Instant wall_clock() {
  return date::floor<Millis>(std::chrono::system_clock::now());
}

// What a trial waits for: a predicate on presented frames, and when the command left.
struct Pending {
  std::function<bool(const Frame&)> shows;
  Steady::time_point sent{}, woken{};
  bool done = false;
  double ms = 0, to_wake = 0;
};

class Trials {
 public:
  void arm(std::function<bool(const Frame&)> shows) {
    std::lock_guard lock(mutex_);
    pending_ = Pending{std::move(shows)};
  }
  void sent() {
    std::lock_guard lock(mutex_);
    pending_.sent = Steady::now();
  }
  // From the desk's wake: the command is in the log.
  void woke() {
    std::lock_guard lock(mutex_);
    if (pending_.woken == Steady::time_point{}) pending_.woken = Steady::now();
  }
  // From the present hook: the frame just presented.
  void presented(const Frame& frame) {
    std::lock_guard lock(mutex_);
    if (pending_.done || !pending_.shows || pending_.sent == Steady::time_point{}) return;
    if (!pending_.shows(frame)) return;
    pending_.done = true;
    pending_.ms = std::chrono::duration<double, std::milli>(Steady::now() - pending_.sent).count();
    pending_.to_wake =
        std::chrono::duration<double, std::milli>(pending_.woken - pending_.sent).count();
    cv_.notify_all();
  }
  // Milliseconds, or -1 when nothing showed it within 2 s. `to_log` gets the part until
  // the command was in the log (the transport's share; the rest is the frame loop's).
  double wait(std::vector<double>& to_log) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, 2s, [&] { return pending_.done; })) return -1;
    to_log.push_back(pending_.to_wake);
    return pending_.ms;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  Pending pending_;
};

void osc_send(int fd, int port, const std::string& path, lo_message m) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  std::size_t size = 0;
  void* bytes = lo_message_serialise(m, path.c_str(), nullptr, &size);
  ::sendto(fd, bytes, size, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  std::free(bytes);
  lo_message_free(m);
}

void print(const char* name, std::vector<double> ms) {
  const std::size_t lost = static_cast<std::size_t>(std::count(ms.begin(), ms.end(), -1.0));
  std::erase(ms, -1.0);
  if (ms.empty()) {
    std::printf("%-18s no trial was shown\n", name);
    return;
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  std::printf("%-18s n=%3zu  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms%s\n", name, ms.size(),
              at(0.5), at(0.95), ms.back(),
              lost ? ("  (" + std::to_string(lost) + " not shown in 2 s)").c_str() : "");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Command-to-present latency of the AV desk's HTTP and OSC control"};
  int trials = 100;
  std::string playlist = std::string(MARQUEE_SOURCE_DIR) + "/playlists/expo-hall.yaml";
  int width = 1280, height = 720;
  cli.add_option("--trials", trials, "trials per transport and command");
  cli.add_option("--playlist", playlist, "what the screen plays");
  cli.add_option("--width", width);
  cli.add_option("--height", height);
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  setenv("SDL_VIDEODRIVER", "dummy", 0);

  auto loaded = config::load_show(playlist);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", format(d).c_str());
    return 1;
  }
  backends::SdlSystem sdl(backends::SdlSystem::Video::required);
  if (!sdl.ok()) {
    std::fprintf(stderr, "no SDL: %s\n", sdl.error().c_str());
    return 1;
  }
  backends::OffscreenCanvas picture(width, height);
  backends::LiveShow live(playlist, std::move(*loaded.show));
  Trials probe;
  app::Player* player_ptr = nullptr;
  // The present hook: SDL_RenderPresent's place in `marquee play`. The picture in memory keeps
  // its last frame, as the software renderer's window surface does in `marquee play`, so the
  // player draws only what changed, as it does there.
  app::Player player(picture.canvas(), live,
                     [&](const std::vector<SDL_Rect>&) {
                       SDL_RenderFlush(picture.canvas().renderer());
                       probe.presented(player_ptr->frame());
                     },
                     {.partial = true});
  player_ptr = &player;
  std::atomic<bool> woken{false};
  const auto wake = [&woken, &probe] {
    probe.woke();
    if (woken.exchange(true)) return;
    SDL_Event event{};
    event.type = SDL_USEREVENT;
    SDL_PushEvent(&event);
  };
  char state[] = "/tmp/marquee-latency-XXXXXX";
  if (!mkdtemp(state)) return 1;
  app::ControlLink control(std::filesystem::path(state) / "operators.json", wall_clock, wake,
                           player, live, playlist);
  config::ControlConfig settings;
  settings.port = 0;
  if (!control.serve(settings)) return 1;
  const int http_port = control.http_port(), osc_port = control.osc_port();

  std::atomic<bool> running{true};
  std::vector<double> http_next, http_takeover, osc_next, osc_takeover, http_log, osc_log;
  std::thread desk([&] {
    httplib::Client http("127.0.0.1", http_port);
    http.set_keep_alive(true);
    // As curl and Node's http do: a POST's headers and body go out at once, not 40 ms apart
    // (Nagle's algorithm waiting for the server's delayed ACK).
    http.set_tcp_nodelay(true);
    const int osc = ::socket(AF_INET, SOCK_DGRAM, 0);
    std::this_thread::sleep_for(500ms);  // the first frames, fonts and films settle
    int serial = 0;
    const auto slide_changes = [&] {
      // Whatever the next slide is, the frame presented after the step has it (or the
      // transition into it) on air from a start at or after the command.
      const Instant at = wall_clock();
      return [at](const Frame& f) { return f.slide_start >= at; };
    };
    const auto takeover_shows = [](std::string id) {
      return [id](const Frame& f) {
        for (const auto& t : f.takeovers)
          if (t.takeover.id == id && t.alpha > 0) return true;
        return false;
      };
    };
    for (int i = 0; i < trials; ++i) {
      // Trials land at different points of the 16 ms frame wait.
      const auto pause = 60ms + Millis{(i * 7) % 17};
      std::this_thread::sleep_for(pause);
      probe.arm(slide_changes());
      probe.sent();
      http.Post("/api/v1/next", "", "application/json");
      http_next.push_back(probe.wait(http_log));

      std::this_thread::sleep_for(pause);
      std::string id = "bench-" + std::to_string(++serial);
      probe.arm(takeover_shows(id));
      probe.sent();
      http.Post("/api/v1/takeover",
                nlohmann::json{{"text", "Keynote starts in 5 minutes"}, {"id", id}}.dump(),
                "application/json");
      http_takeover.push_back(probe.wait(http_log));
      http.Post("/api/v1/clear", "", "application/json");

      std::this_thread::sleep_for(pause);
      probe.arm(slide_changes());
      probe.sent();
      osc_send(osc, osc_port, "/marquee/next", lo_message_new());
      osc_next.push_back(probe.wait(osc_log));

      std::this_thread::sleep_for(pause);
      id = "bench-" + std::to_string(++serial);
      probe.arm(takeover_shows(id));
      lo_message m = lo_message_new();
      lo_message_add_string(m, "Keynote starts in 5 minutes");
      lo_message_add_string(m, "info");
      lo_message_add_string(m, "");
      lo_message_add_string(m, "");
      lo_message_add_string(m, "");
      lo_message_add_string(m, id.c_str());
      probe.sent();
      osc_send(osc, osc_port, "/marquee/takeover", m);
      osc_takeover.push_back(probe.wait(osc_log));
      http.Post("/api/v1/clear", "", "application/json");
    }
    ::close(osc);
    running = false;
    wake();
  });

  // `marquee play`'s loop, without the window.
  long frames = 0;
  std::vector<double> presented_ticks;
  while (running) {
    const auto began = Steady::now();
    for (SDL_Event event; SDL_PollEvent(&event);)
      if (event.type == SDL_USEREVENT) woken = false;
    const Instant now = wall_clock();
    const bool presented = player.tick(now).presented;
    control.after_tick(now);
    ++frames;
    const auto spent = Steady::now() - began;
    if (presented)
      presented_ticks.push_back(std::chrono::duration<double, std::milli>(spent).count());
    if (spent < 16ms) SDL_WaitEventTimeout(nullptr, static_cast<int>((16ms - spent) / 1ms));
  }
  desk.join();
  control.stop();
  std::filesystem::remove_all(state);

  std::printf(
      "command on 127.0.0.1 -> first presented frame showing it (%dx%d, software, %ld frames)\n",
      width, height, frames);
  print("HTTP next", http_next);
  print("HTTP takeover", http_takeover);
  print("OSC next", osc_next);
  print("OSC takeover", osc_takeover);
  std::printf("of which, until the command was in the operator log:\n");
  print("HTTP (both)", http_log);
  print("OSC (both)", osc_log);
  std::printf("a frame loop turn that presented (resolve, paint, present):\n");
  print("frame", presented_ticks);
  return 0;
}
