// `marquee play`: a window (or the whole output) for the Player, with keys as operator input.
#include "app/play.h"

#include <SDL.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <atomic>
#include <iostream>

#include "app/control_link.h"
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

struct Window {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  ~Window() {
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
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
  // Accelerated with vsync where there is a GPU; the software renderer keeps a
  // screen alive on a box whose GL stack is broken.
  out.renderer = SDL_CreateRenderer(
      out.window, -1,
      SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC | SDL_RENDERER_TARGETTEXTURE);
  if (!out.renderer) {
    spdlog::warn("no accelerated renderer ({}); using the software renderer", SDL_GetError());
    out.renderer = SDL_CreateRenderer(out.window, -1, SDL_RENDERER_SOFTWARE);
  }
  if (!out.renderer) {
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
  Player player(canvas, live, [&] { SDL_RenderPresent(window.renderer); });

  // Operator input from keys and from the AV desk goes through one log, kept on disk so
  // a restarted player comes back with the same hold and takeovers. A command from
  // another thread pushes an event, which ends the loop's wait at once.
  std::atomic<bool> woken{false};
  const auto wake = [&woken] {
    if (woken.exchange(true)) return;
    SDL_Event event{};
    event.type = SDL_USEREVENT;
    SDL_PushEvent(&event);
  };
  ControlLink control(
      backends::operator_log_file(
          options.playlist, options.state_dir.empty() ? backends::state_dir() : options.state_dir),
      wall_clock, wake, player, live, options.playlist, [&live] { live.reload(); });
  if (options.control) control.serve(*options.control);

  auto last_watchdog = Clock::now() - 1h;
  const bool vsync = [&] {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(window.renderer, &info);
    return (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
  }();

  long frame_count = 0;
  for (; options.max_frames == 0 || frame_count < options.max_frames; ++frame_count) {
    const auto frame_began = Clock::now();
    const Instant now = wall_clock();
    bool quit = false;
    for (SDL_Event event; SDL_PollEvent(&event);) {
      if (event.type == SDL_QUIT && !kiosk) quit = true;
      if (event.type == SDL_USEREVENT) woken = false;
      // Exposed, resized, restored: the canvas follows the output's real size.
      if (event.type == SDL_WINDOWEVENT) player.invalidate();
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
    control.after_tick(now);
    if (Clock::now() - last_watchdog > 1s) {
      // READY once a real frame is up; then a watchdog ping so systemd restarts a frozen screen.
      sd_notify(0, frame_count == 0 ? "READY=1\nWATCHDOG=1" : "WATCHDOG=1");
      last_watchdog = Clock::now();
    }
    if (!vsync || !tick.presented) {  // vsync paces only frames that are presented
      // An event (a key, a window change, or one pushed from another thread) ends the wait.
      const auto spent = Clock::now() - frame_began;
      if (spent < 16ms) SDL_WaitEventTimeout(nullptr, static_cast<int>((16ms - spent) / 1ms));
    }
  }
  sd_notify(0, "STOPPING=1");
  spdlog::info("presented {} of {} frames", player.presents(), frame_count);
  return 0;
}

}  // namespace marquee::app
