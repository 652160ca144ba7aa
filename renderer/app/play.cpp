// `marquee play`: a window (or the whole output) for the Player, with keys as operator input.
#include "app/play.h"

#include <SDL.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>

#include "app/control_link.h"
#include "app/fleet_link.h"
#include "app/liveness.h"
#include "app/output.h"
#include "app/play_journal.h"
#include "app/player.h"
#include "backends/displays.h"
#include "backends/last_good.h"
#include "backends/live_show.h"
#include "backends/sdl_canvas.h"
#include "backends/sdl_system.h"
#include "config/loader.h"
#include "config/test_faults.h"
#include "control/commands.h"

namespace marquee::app {
namespace {

using Clock = std::chrono::system_clock;
using namespace std::chrono_literals;

Instant wall_clock() {
  return date::floor<Millis>(Clock::now());
}

// systemd restarts the player when its pings stop for WatchdogSec (10 s).
constexpr auto kWatchdogPing = 1s;
// Without a display: how often to look for one, and to say so.
constexpr auto kDisplayRetry = 1s;
constexpr auto kDisplayLog = 60s;

// Wakes the frame loop from other threads, and lets it sleep until a deadline. The loop
// sleeps on a condition variable and looks at the display's input kInputPoll apart: SDL's
// own wait polls every millisecond on KMSDRM and the headless drivers, and on X11 it woke
// one or two frames late (33 and 49 ms for a 16.7 ms frame, measured under Xvfb).
class LoopWaker {
 public:
  void wake() {
    {
      std::lock_guard lock(mutex_);
      pending_ = true;
    }
    woken_.notify_one();
  }
  void wait_until(Clock::time_point when) {
    std::unique_lock lock(mutex_);
    while (Clock::now() < when) {
      if (woken_.wait_until(lock, std::min(when, Clock::now() + kInputPoll),
                            [&] { return pending_; }))
        break;
      lock.unlock();
      SDL_PumpEvents();
      const bool input = SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
      lock.lock();
      if (input) break;
    }
    pending_ = false;
  }

 private:
  static constexpr auto kInputPoll = 50ms;
  bool pending_ = false;
  std::mutex mutex_;
  std::condition_variable woken_;
};

// A box may boot before its screen is on, or with the cable out: then the player waits for
// an output rather than exit, which under systemd would be a restart every second for as
// long as the screen is off. Meanwhile it is READY (a start job that never ends would hold
// up the boot and `systemctl start`), says why in its STATUS, and pings the watchdog from
// this wait, which is the loop while there is nothing to draw. False: told to stop first.
bool wait_for_display(backends::SdlSystem& sdl, const PlayOptions& options) {
  if (sdl.start_video()) return true;
  const auto started = std::chrono::steady_clock::now();
  auto logged = started - 1h;
  sd_notify(0, "READY=1\nSTATUS=waiting for a display");
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now - logged >= kDisplayLog) {
      // A person at a shell without one may want render or preview, which need none.
      spdlog::warn(
          "no display yet ({}); waiting for one, and drawing as soon as it appears (`marquee "
          "render` and `marquee preview` need no display)",
          sdl.video_error());
      logged = now;
    }
    sd_notify(0, "WATCHDOG=1");
    if (options.max_seconds > 0 &&
        now - started >= std::chrono::duration<double>(options.max_seconds))
      return false;
    std::this_thread::sleep_for(kDisplayRetry);
    if (sdl.start_video()) {
      spdlog::info("a display appeared after {} s",
                   std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::steady_clock::now() - started)
                       .count());
      sd_notify(0, "STATUS=playing");
      return true;
    }
  }
}

}  // namespace

int play(const PlayOptions& options) {
  SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  if (!sdl.ok()) {
    std::cerr << "marquee play: " << sdl.error() << '\n';
    return 1;
  }
  // The show is read once there is somewhere to show it, so edits made meanwhile count.
  if (!wait_for_display(sdl, options)) {
    std::cerr << "marquee play: no display available (" << sdl.video_error()
              << ") in the time it was given to run\n";
    return 1;
  }
  auto loaded = config::load_show(options.playlist);
  for (const auto& d : loaded.diagnostics) std::cerr << format(d) << '\n';
  // The screen config's state folder holds the last-good copy, the operator log and the
  // journal; without one, backends::state_dir() does.
  const std::filesystem::path state =
      options.state_dir.empty() ? backends::state_dir() : options.state_dir;
  const backends::LastGood last_good(options.playlist, state);
  const bool on_last_good = !loaded.ok();
  std::string first_error;
  for (const auto& d : loaded.diagnostics)
    if (d.severity == Diagnostic::Severity::error && first_error.empty()) first_error = format(d);
  if (on_last_good) {
    // A broken playlist at start still plays if an earlier run kept a last-good copy.
    const auto sources = last_good.load();
    if (!sources) return 1;
    auto fallback = config::load_show_from_sources(options.playlist, *sources);
    if (!fallback.ok()) return 1;
    spdlog::warn("{} is invalid; playing its last good copy until it is fixed", options.playlist);
    loaded = std::move(fallback);
  } else {
    last_good.save(loaded.sources);
  }
  const bool kiosk = options.kiosk || loaded.show->kiosk;

  const std::string title = "marquee \xC2\xB7 " + loaded.show->screen;
  auto output = std::make_unique<Output>(options, title);
  if (!output->ok()) return 1;
  backends::SdlCanvas canvas(output->renderer());
  canvas.draw_into(output->screen(), output->surface());
  backends::LiveShow live(options.playlist, std::move(*loaded.show), on_last_good, first_error,
                          state);
  LoopWaker waker;
  // A fleet's content bundle, once one is on air, plays instead of the playlist.
  std::optional<FleetLink> fleet;
  if (options.fleet)
    fleet.emplace(FleetLink::Options{.settings = *options.fleet,
                                     .dir = state / "fleet",
                                     .version = MARQUEE_VERSION,
                                     .clock = wall_clock,
                                     .wake = [&] { waker.wake(); }},
                  live);
  backends::ShowFeed& shows = fleet ? fleet->feed() : live;
  Player player(canvas, shows,
                [&](const std::vector<SDL_Rect>& changed) { output->present(changed); },
                {.partial = output->on_surface(), .wake = [&] { waker.wake(); }});
  live.on_change([&] { waker.wake(); });
  const auto let_go = [&] {
    player.renderer_changed();
    canvas.release();
  };
  output->before_renderer_change(let_go);
  // The console's screens changed: SDL's KMSDRM driver knows its outputs only from its start,
  // so video starts again (waiting, if the screen is gone) and the window is made anew at
  // the mode the screen has now. False when that fails; the player then exits, to be
  // restarted. MARQUEE_TEST_FAULT=hotplug plays one without a DRM device.
  backends::DrmHotplugWatch hotplug([&] { waker.wake(); });
  const auto replug = config::injected_fault("hotplug");
  const auto reopen = [&] {
    spdlog::info("the outputs changed; opening the output again");
    let_go();
    output.reset();
    sdl.stop_video();
    if (!wait_for_display(sdl, options)) return false;
    output = std::make_unique<Output>(options, title);
    if (!output->ok()) return false;
    output->before_renderer_change(let_go);
    canvas.rebind(output->renderer());
    canvas.draw_into(output->screen(), output->surface());
    return true;
  };
  // Proof of play, beside the last-good copy.
  PlayJournal journal({.dir = state / "journal", .screen = options.screen}, canvas);

  // Operator input from keys and from the AV desk goes through one log, kept on disk so
  // a restarted player comes back with the same hold and takeovers. A command from
  // another thread wakes the loop at once.
  ControlLink control(
      backends::operator_log_file(options.playlist, state), wall_clock, [&] { waker.wake(); },
      player, shows, options.playlist, [&live] { live.reload(); });
  if (options.control) control.serve(*options.control);
  if (fleet) fleet->start(control.desk());

  auto last_watchdog = Clock::now() - 1h;
  bool ready = false;
  // The watchdog is pinged only while frames come, the watcher watches and the control
  // server answers: a screen frozen, deaf to edits or to the desk gets restarted.
  Liveness liveness({.watcher = [&live](auto now) { return live.watching(now); },
                     .control = [&control](auto now) { return control.answering(now); }},
                    std::chrono::steady_clock::now());
  const bool vsync = output->vsync();
  const auto refresh = output->refresh();
  const auto started = Clock::now();
  const auto freeze = config::injected_fault("loop");
  const auto stall = config::injected_fault("frames");
  bool stalled = false;
  const auto ping_if_alive = [&] {
    if (Clock::now() - last_watchdog < kWatchdogPing) return;
    if (liveness.healthy(std::chrono::steady_clock::now())) sd_notify(0, "WATCHDOG=1");
    last_watchdog = Clock::now();
  };
  bool replugged = false;
  bool lost = false;  // the output could not be had again: exit for a restart
  auto next_refresh = started;
  // The show's clock: the wall clock, or one that starts at a moment of the bench's choosing.
  const auto show_clock = [&] {
    if (!options.start_at) return wall_clock();
    return *options.start_at + date::floor<Millis>(Clock::now() - started);
  };
  if (options.stats) {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(output->renderer(), &info);
    options.stats->renderer = info.name ? info.name : "";
    if (output->on_surface()) options.stats->renderer += " (window surface, partial presents)";
    SDL_GetRendererOutputSize(output->renderer(), &options.stats->width, &options.stats->height);
    options.stats->refresh = refresh;
  }

  long frame_count = 0;
  for (; options.max_frames == 0 || frame_count < options.max_frames; ++frame_count) {
    if (options.max_seconds > 0 &&
        Clock::now() - started >= std::chrono::duration<double>(options.max_seconds))
      break;
    const auto began = Clock::now();
    if (freeze && began - started >= *freeze) {
      spdlog::warn("test fault: the frame loop freezes");
      for (;;) std::this_thread::sleep_for(1h);
    }
    const Instant now = show_clock();
    bool quit = false;
    for (SDL_Event event; SDL_PollEvent(&event);) {
      if (event.type == SDL_QUIT && !kiosk) quit = true;
      // Exposed, resized, a display changed: the canvas follows the output's real size.
      switch (output->handle(event)) {
        case Output::Change::renderer:
          canvas.rebind(output->renderer());
          [[fallthrough]];
        case Output::Change::resized:
          canvas.draw_into(output->screen(), output->surface());
          [[fallthrough]];
        case Output::Change::repaint:
          player.invalidate();
          break;
        case Output::Change::lost:
          quit = lost = true;
          break;
        case Output::Change::none:
          break;
      }
      if (event.type != SDL_KEYDOWN) continue;
      switch (event.key.keysym.sym) {
        case SDLK_ESCAPE:
        case SDLK_q:
          if (!kiosk) quit = true;
          break;
        case SDLK_SPACE:
        case SDLK_PLUS:
        case SDLK_KP_PLUS:
        case SDLK_EQUALS:  // + without shift on most layouts
        case SDLK_MINUS:
        case SDLK_KP_MINUS:
        case SDLK_r: {
          // A screen with a speaker timer: its keys are the timer's; elsewhere space holds.
          const SDL_Keycode sym = event.key.keysym.sym;
          const char key = sym == SDLK_SPACE                           ? ' '
                           : sym == SDLK_MINUS || sym == SDLK_KP_MINUS ? '-'
                           : sym == SDLK_r                             ? 'r'
                                                                       : '+';
          if (player.show() && control::shows_a_timer(*player.show())) {
            if (const auto action = control::timer_key(key, player.frame().stage.get()))
              control.desk().apply(*action, "key");
          } else if (key == ' ') {
            control.desk().apply(
                player.frame().held ? OperatorAction{ResumeAction{}} : OperatorAction{HoldAction{}},
                "key");
          }
          break;
        }
        case SDLK_RIGHT:
        case SDLK_LEFT:
          control.desk().apply(StepAction{event.key.keysym.sym == SDLK_RIGHT ? 1 : -1}, "key");
          break;
        default:
          break;
      }
    }
    if (quit) break;
    if (hotplug.take_change() || (replug && began - started >= *replug && frame_count > 0 &&
                                  !std::exchange(replugged, true))) {
      if (!reopen()) {
        lost = true;
        break;
      }
      player.invalidate();
    }

    if (stall && began - started >= *stall) {
      // The process and its loop live on, but no frame comes: the watchdog must notice.
      if (!std::exchange(stalled, true))
        spdlog::warn("test fault: the frame loop goes round without drawing");
      ping_if_alive();
      waker.wait_until(last_watchdog + kWatchdogPing);
      continue;
    }

    const Player::Tick tick = player.tick(now);
    journal.observe(player, tick);
    control.after_tick(now);
    if (options.on_tick)
      options.on_tick({began, Clock::now(), tick.presented, tick.next_change <= now});
    liveness.ticked(std::chrono::steady_clock::now(), tick.presented, tick.unchanged);
    if (tick.presented && !ready) {
      sd_notify(0, "READY=1\nSTATUS=playing");  // once a real frame is up
      ready = true;
    }
    ping_if_alive();

    // Asleep until the picture next changes, an event arrives (a key, a window change, a
    // reload, a film's frame) or the watchdog wants its ping. What moves every frame ticks
    // once per refresh: vsync paces a presented frame by itself, else the loop does.
    auto wake_at = last_watchdog + kWatchdogPing;
    if (tick.next_change <= now) {
      // One frame per refresh, on a fixed beat; a beat missed is not made up.
      next_refresh += refresh;
      if (next_refresh < Clock::now()) next_refresh = Clock::now();
      if (vsync && tick.presented) continue;  // the present waited for the display already
      wake_at = std::min(wake_at, next_refresh);
    } else if (tick.next_change != Instant::max()) {
      wake_at = std::min(wake_at, Clock::now() + (tick.next_change - show_clock()));
    }
    waker.wait_until(wake_at);
  }
  sd_notify(0, "STOPPING=1");
  if (fleet) fleet->stop();  // before the desk it feeds goes
  journal.stop(show_clock(), "quit");
  spdlog::info("presented {} of {} frames", player.presents(), frame_count);
  if (options.stats) options.stats->cache = canvas.stats();
  return lost ? 1 : 0;
}

}  // namespace marquee::app
