// `marquee play`: a window (or the whole output) for the Player, with keys as operator input.
#include "app/play.h"

#include <SDL.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string_view>

#include "app/control_link.h"
#include "app/fleet_link.h"
#include "app/play_journal.h"
#include "app/player.h"
#include "backends/last_good.h"
#include "backends/live_show.h"
#include "backends/sdl_canvas.h"
#include "backends/sdl_system.h"
#include "config/loader.h"

namespace marquee::app {
namespace {

using Clock = std::chrono::system_clock;
using namespace std::chrono_literals;

Instant wall_clock() {
  return date::floor<Millis>(Clock::now());
}

// systemd restarts the player when its pings stop for WatchdogSec (10 s).
constexpr auto kWatchdogPing = 1s;

// The display's refresh period; 60 Hz when it does not say.
Clock::duration refresh_period(SDL_Window* window) {
  SDL_DisplayMode mode{};
  const int hz = SDL_GetWindowDisplayMode(window, &mode) == 0 && mode.refresh_rate > 0
                     ? mode.refresh_rate
                     : 60;
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / hz));
}

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

struct Window {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  bool on_surface = false;  // SDL's software renderer on the window's own surface

  ~Window() {
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
  }
  // The software renderer on the window's surface, which is made again when the window
  // changes size. False when there is none.
  bool attach_surface() {
    if (renderer) SDL_DestroyRenderer(renderer);
    // Otherwise SDL backs the window's surface with a texture of its own GL renderer, and
    // every present is an upload drawn by GL (on the CPU, where there is no GPU); without,
    // X11 shows the surface straight through shared memory.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_Surface* surface = SDL_GetWindowSurface(window);
    renderer = surface ? SDL_CreateSoftwareRenderer(surface) : nullptr;
    on_surface = renderer != nullptr;
    return on_surface;
  }
  void present(const std::vector<SDL_Rect>& changed) {
    if (!on_surface) {
      SDL_RenderPresent(renderer);
      return;
    }
    if (changed.empty())
      SDL_UpdateWindowSurface(window);
    else
      SDL_UpdateWindowSurfaceRects(window, changed.data(), static_cast<int>(changed.size()));
  }
};

bool open_window(const PlayOptions& options, const std::string& title, Window& out) {
  const int displays = SDL_GetNumVideoDisplays();
  const int display = (options.display >= 0 && options.display < displays) ? options.display : 0;
  if (display != options.display)
    spdlog::warn("display {} does not exist ({} found); using display 0", options.display,
                 displays);
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  int x = SDL_WINDOWPOS_CENTERED_DISPLAY(display), y = x;
  int w = options.window_width, h = options.window_height;
  if (options.fullscreen) {
    // Made the size of the whole output, borderless, at its origin: without a window
    // manager (a kiosk started with xinit) nothing would honour the fullscreen request,
    // and a window of the default size would sit in the middle of a black screen.
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    SDL_Rect bounds{};
    if (SDL_GetDisplayBounds(display, &bounds) == 0) {
      x = bounds.x;
      y = bounds.y;
      w = bounds.w;
      h = bounds.h;
    }
  } else {
    flags |= SDL_WINDOW_RESIZABLE;
  }
  out.window = SDL_CreateWindow(title.c_str(), x, y, w, h, flags);
  if (!out.window) {
    std::cerr << "marquee play: cannot open a window: " << SDL_GetError() << '\n';
    return false;
  }
  // Accelerated with vsync where there is a GPU (a DRM render node). GL drawn by the CPU
  // (Mesa's llvmpipe, a box without a GPU) only adds work to SDL's software renderer (and
  // 65 MB of RSS for Mesa and LLVM, measured), which moreover draws which moreover draws
  // on the window's own surface, keeps the last frame there and presents just what
  // changed: the software renderer is the one to use there, and where GL is broken.
  if (options.renderer == Renderer::opengl ||
      (options.renderer == Renderer::automatic && backends::has_render_node())) {
    out.renderer = SDL_CreateRenderer(
        out.window, -1,
        SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC | SDL_RENDERER_TARGETTEXTURE);
    if (!out.renderer)
      spdlog::warn("no accelerated renderer ({}); using the software renderer", SDL_GetError());
    if (out.renderer && options.renderer == Renderer::automatic &&
        backends::gl_on_the_cpu(out.renderer)) {
      spdlog::info("OpenGL is drawn by the CPU here (no GPU); using the software renderer");
      SDL_DestroyRenderer(out.renderer);
      out.renderer = nullptr;
    }
  }
  if (!out.renderer && !out.attach_surface()) {
    std::cerr << "marquee play: cannot create a renderer: " << SDL_GetError() << '\n';
    return false;
  }
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(out.renderer, &info);
  int output_w = 0, output_h = 0;
  SDL_GetRendererOutputSize(out.renderer, &output_w, &output_h);
  spdlog::info("playing on {}x{} with the {} renderer (video driver {})", output_w, output_h,
               info.name, SDL_GetCurrentVideoDriver());
  if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);
  return true;
}

}  // namespace

int play(const PlayOptions& options) {
  auto loaded = config::load_show(options.playlist);
  for (const auto& d : loaded.diagnostics) std::cerr << format(d) << '\n';
  const backends::LastGood last_good(options.playlist);
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

  SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  backends::SdlSystem sdl(backends::SdlSystem::Video::required);
  if (!sdl.ok()) {
    std::cerr << "marquee play: no display available (" << sdl.error()
              << "); use `marquee preview` or `marquee render` without one\n";
    return 1;
  }
  Window window;
  if (!open_window(options, "marquee \xC2\xB7 " + loaded.show->screen, window)) return 1;
  backends::SdlCanvas canvas(window.renderer);
  backends::LiveShow live(options.playlist, std::move(*loaded.show), on_last_good, first_error);
  LoopWaker waker;
  const auto state_dir = options.state_dir.empty() ? backends::state_dir() : options.state_dir;
  // A fleet's content bundle, once one is on air, plays instead of the playlist.
  std::optional<FleetLink> fleet;
  if (options.fleet)
    fleet.emplace(FleetLink::Options{.settings = *options.fleet,
                                     .dir = state_dir / "fleet",
                                     .version = MARQUEE_VERSION,
                                     .clock = wall_clock,
                                     .wake = [&] { waker.wake(); }},
                  live);
  backends::ShowFeed& shows = fleet ? fleet->feed() : live;
  Player player(canvas, shows,
                [&](const std::vector<SDL_Rect>& changed) { window.present(changed); },
                {.partial = window.on_surface, .wake = [&] { waker.wake(); }});
  live.on_change([&] { waker.wake(); });
  // Proof of play, beside the last-good cache unless the screen config names a state folder.
  PlayJournal journal({.dir = options.state_dir.empty() ? backends::default_journal_dir()
                                                        : options.state_dir / "journal",
                       .screen = options.screen},
                      canvas);

  // Operator input from keys and from the AV desk goes through one log, kept on disk so
  // a restarted player comes back with the same hold and takeovers. A command from
  // another thread wakes the loop at once.
  ControlLink control(backends::operator_log_file(options.playlist, state_dir), wall_clock,
                      [&] { waker.wake(); }, player, shows, options.playlist,
                      [&live] { live.reload(); });
  if (options.control) control.serve(*options.control);
  if (fleet) fleet->start(control.desk());

  auto last_watchdog = Clock::now() - 1h;
  // SDL's software renderer on the window's surface has no vsync, whatever it reports.
  const bool vsync = [&] {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(window.renderer, &info);
    return !window.on_surface && (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
  }();
  const auto refresh = refresh_period(window.window);
  const auto started = Clock::now();
  auto next_refresh = started;
  // The show's clock: the wall clock, or one that starts at a moment of the bench's choosing.
  const auto show_clock = [&] {
    if (!options.start_at) return wall_clock();
    return *options.start_at + date::floor<Millis>(Clock::now() - started);
  };
  if (options.stats) {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(window.renderer, &info);
    options.stats->renderer = info.name ? info.name : "";
    if (window.on_surface) options.stats->renderer += " (window surface, partial presents)";
    SDL_GetRendererOutputSize(window.renderer, &options.stats->width, &options.stats->height);
    options.stats->refresh = refresh;
  }

  long frame_count = 0;
  for (; options.max_frames == 0 || frame_count < options.max_frames; ++frame_count) {
    if (options.max_seconds > 0 &&
        Clock::now() - started >= std::chrono::duration<double>(options.max_seconds))
      break;
    const auto began = Clock::now();
    const Instant now = show_clock();
    bool quit = false;
    for (SDL_Event event; SDL_PollEvent(&event);) {
      if (event.type == SDL_QUIT && !kiosk) quit = true;
      // Exposed, resized, restored: the canvas follows the output's real size.
      if (event.type == SDL_WINDOWEVENT) player.invalidate();
      if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED &&
          window.on_surface) {
        // The window's surface is a new one: so is the software renderer drawing on it.
        if (!window.attach_surface()) break;
        canvas.rebind(window.renderer);
        player.renderer_changed();
      }
      if (event.type != SDL_KEYDOWN) continue;
      switch (event.key.keysym.sym) {
        case SDLK_ESCAPE:
        case SDLK_q:
          if (!kiosk) quit = true;
          break;
        case SDLK_SPACE:
          control.desk().apply(
              player.frame().held ? OperatorAction{ResumeAction{}} : OperatorAction{HoldAction{}},
              "key");
          break;
        case SDLK_RIGHT:
        case SDLK_LEFT:
          control.desk().apply(StepAction{event.key.keysym.sym == SDLK_RIGHT ? 1 : -1}, "key");
          break;
        default:
          break;
      }
    }
    if (quit) break;

    const Player::Tick tick = player.tick(now);
    journal.observe(player, tick);
    control.after_tick(now);
    if (options.on_tick)
      options.on_tick({began, Clock::now(), tick.presented, tick.next_change <= now});
    if (Clock::now() - last_watchdog >= kWatchdogPing) {
      // READY once a real frame is up; then a watchdog ping so systemd restarts a frozen screen.
      sd_notify(0, frame_count == 0 ? "READY=1\nWATCHDOG=1" : "WATCHDOG=1");
      last_watchdog = Clock::now();
    }

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
  if (options.stats) {
    const auto& cache = canvas.stats();
    options.stats->texts_rasterised = cache.texts_rasterised;
    options.stats->images_decoded = cache.images_decoded;
    options.stats->pictures_made = cache.pictures_made;
    options.stats->pictures_drawn = cache.pictures_drawn;
  }
  return 0;
}

}  // namespace marquee::app
