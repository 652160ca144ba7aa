// `marquee play`: the frame loop. Each frame is resolve(show, clock) then paint; nothing else
// accumulates.
#include "app/play.h"

#include <SDL.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <iostream>

#include "backends/last_good.h"
#include "backends/live_show.h"
#include "backends/sdl_canvas.h"
#include "backends/sdl_system.h"
#include "backends/video_pool.h"
#include "config/loader.h"
#include "core/timeline.h"
#include "render/digest_canvas.h"
#include "render/paint.h"
#include "render/status_badge.h"

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
  if (options.fullscreen)
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  else
    flags |= SDL_WINDOW_RESIZABLE;
  out.window = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED_DISPLAY(display),
                                SDL_WINDOWPOS_CENTERED_DISPLAY(display), options.window_width,
                                options.window_height, flags);
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
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(out.renderer, &w, &h);
  spdlog::info("playing on {}x{} with the {} renderer (video driver {})", w, h, info.name,
               SDL_GetCurrentVideoDriver());
  if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);
  return true;
}

}  // namespace

int play(const PlayOptions& options) {
  auto loaded = config::load_show(options.playlist);
  for (const auto& d : loaded.diagnostics) std::cerr << format(d) << '\n';
  const backends::LastGood last_good(options.playlist);
  const bool on_last_good = !loaded.ok();
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
  if (!open_window(options, "marquee · " + loaded.show->screen, window)) return 1;
  backends::SdlCanvas canvas(window.renderer);
  backends::LiveShow live(options.playlist, std::move(*loaded.show), on_last_good);

  bool paused = false;
  Instant paused_at{};
  auto last_watchdog = Clock::now() - 1h;
  const bool vsync = [&] {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(window.renderer, &info);
    return (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
  }();

  struct OnScreen {
    std::uint64_t digest = 0;
    std::shared_ptr<const Show> show;
    Clock::time_point at{};
  } on_screen;
  bool window_changed = true;
  long presented = 0, frame_count = 0;
  for (; options.max_frames == 0 || frame_count < options.max_frames; ++frame_count) {
    const auto frame_began = Clock::now();
    const Instant now = paused ? paused_at : wall_clock();
    bool quit = false;
    for (SDL_Event event; SDL_PollEvent(&event);) {
      if (event.type == SDL_QUIT && !kiosk) quit = true;
      if (event.type == SDL_WINDOWEVENT) window_changed = true;  // exposed, resized, restored
      if (event.type != SDL_KEYDOWN) continue;
      switch (event.key.keysym.sym) {
        case SDLK_ESCAPE:
        case SDLK_q:
          if (!kiosk) quit = true;
          break;
        case SDLK_SPACE:
          paused = !paused;
          paused_at = now;
          spdlog::info(paused ? "paused" : "resumed");
          break;
        case SDLK_RIGHT:
        case SDLK_LEFT: {
          Show stepped = *live.current();
          stepped.splice =
              splice_for_step(stepped, now, event.key.keysym.sym == SDLK_RIGHT ? 1 : -1);
          live.replace(std::move(stepped));
          break;
        }
        default:
          break;
      }
    }
    if (quit) break;

    const auto show = live.current();
    const Frame frame = resolve(*show, now);
    // Video slides due soon open now, so their first frame is decoded before their turn.
    backends::prepare_upcoming_videos(canvas, *show, now);
    canvas.begin_frame(now);
    const bool rejected = live.edit_rejected();
    const auto paint_screen = [&](render::Canvas& target) {
      render::paint(target, *show, frame);
      if (rejected) render::paint_status_badge(target, show->theme, "edit rejected · see log");
    };
    // A still picture is drawn once, not 60 times a second: a 25 fps film is presented
    // 25 times, a static slide once, a ticker every frame. A new show (its images may
    // have changed under the same names), a window event or a second without a present
    // repaint regardless.
    render::DigestCanvas digest(canvas);
    paint_screen(digest);
    const bool repaint = digest.digest() != on_screen.digest || show != on_screen.show ||
                         window_changed || Clock::now() - on_screen.at > 1s;
    if (repaint) {
      paint_screen(canvas);
      SDL_RenderPresent(window.renderer);
      on_screen = {digest.digest(), show, Clock::now()};
      window_changed = false;
      ++presented;
    }

    if (Clock::now() - last_watchdog > 1s) {
      // READY once a real frame is up; then a watchdog ping so systemd restarts a frozen screen.
      sd_notify(0, frame_count == 0 ? "READY=1\nWATCHDOG=1" : "WATCHDOG=1");
      last_watchdog = Clock::now();
    }
    if (!vsync || !repaint) {  // vsync paces only frames that are presented
      const auto spent = Clock::now() - frame_began;
      if (spent < 16ms) SDL_Delay(static_cast<Uint32>((16ms - spent) / 1ms));
    }
  }
  sd_notify(0, "STOPPING=1");
  spdlog::info("presented {} of {} frames", presented, frame_count);
  return 0;
}

}  // namespace marquee::app
