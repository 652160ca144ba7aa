// Output: opening the window on the chosen display, the renderer, turning the picture, and
// following resizes and display changes.
#include "app/output.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "backends/displays.h"
#include "backends/sdl_system.h"

namespace marquee::app {
namespace {

bool turned_sideways(int rotate) {
  return rotate == 90 || rotate == 270;
}

}  // namespace

SDL_Rect turned_rect(const SDL_Rect& r, int cw, int ch, int rotate) {
  switch (rotate) {
    case 90:
      return {ch - r.y - r.h, r.x, r.h, r.w};
    case 180:
      return {cw - r.x - r.w, ch - r.y - r.h, r.w, r.h};
    case 270:
      return {r.y, cw - r.x - r.w, r.h, r.w};
    default:
      return r;
  }
}

Output::Output(const PlayOptions& options, const std::string& title)
    : fullscreen_(options.fullscreen), rotate_(options.rotate) {
  const auto displays = backends::list_displays();
  spdlog::info("outputs: {}", backends::describe(displays));
  std::string why;
  int display = backends::choose_display(displays, options.display, options.display_name, &why);
  if (display < 0) {
    spdlog::warn("{}; using display 0", why);
    display = 0;
  }
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  int x = SDL_WINDOWPOS_CENTERED_DISPLAY(display), y = x;
  int w = options.window_width, h = options.window_height;
  if (fullscreen_) {
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
  window_ = SDL_CreateWindow(title.c_str(), x, y, w, h, flags);
  if (!window_) {
    spdlog::error("cannot open a window: {}", SDL_GetError());
    return;
  }
  // Accelerated with vsync where there is a GPU (a DRM render node). GL drawn by the CPU
  // (Mesa's llvmpipe, a box without a GPU) only adds work to SDL's software renderer (and
  // 65 MB of RSS for Mesa and LLVM, measured), which moreover draws on the window's own
  // surface, keeps the last frame there and presents just what changed: the software
  // renderer is the one to use there, and where GL is broken.
  if (options.renderer == Renderer::opengl ||
      (options.renderer == Renderer::automatic && backends::has_render_node())) {
    renderer_ = SDL_CreateRenderer(
        window_, -1,
        SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC | SDL_RENDERER_TARGETTEXTURE);
    if (!renderer_)
      spdlog::warn("no accelerated renderer ({}); using the software renderer", SDL_GetError());
    if (renderer_ && options.renderer == Renderer::automatic &&
        backends::gl_on_the_cpu(renderer_)) {
      spdlog::info("OpenGL is drawn by the CPU here (no GPU); using the software renderer");
      SDL_DestroyRenderer(renderer_);
      renderer_ = nullptr;
    }
  }
  if (!renderer_ && !attach_surface()) {
    spdlog::error("cannot create a renderer: {}", SDL_GetError());
    return;
  }
  if (!make_screen()) {
    spdlog::error("cannot turn the picture {} degrees: {}; showing it upright", rotate_,
                  SDL_GetError());
  }
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(renderer_, &info);
  int output_w = 0, output_h = 0;
  SDL_GetRendererOutputSize(renderer_, &output_w, &output_h);
  spdlog::info("playing on {}x{} with the {} renderer (video driver {}){}", output_w, output_h,
               info.name, SDL_GetCurrentVideoDriver(),
               screen_ ? ", the picture turned " + std::to_string(rotate_) + " degrees" : "");
  log_mode("display");
  if (fullscreen_) SDL_ShowCursor(SDL_DISABLE);
}

Output::~Output() {
  if (screen_) SDL_DestroyTexture(screen_);
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
}

bool Output::attach_surface() {
  if (renderer_ && before_change_) before_change_();
  if (screen_) SDL_DestroyTexture(screen_);
  screen_ = nullptr;
  if (renderer_) SDL_DestroyRenderer(renderer_);
  // Otherwise SDL backs the window's surface with a texture of its own GL renderer, and
  // every present is an upload drawn by GL (on the CPU, where there is no GPU); without,
  // X11 shows the surface straight through shared memory.
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  surface_ = SDL_GetWindowSurface(window_);
  renderer_ = surface_ ? SDL_CreateSoftwareRenderer(surface_) : nullptr;
  on_surface_ = renderer_ != nullptr;
  return on_surface_;
}

bool Output::make_screen() {
  if (screen_) SDL_DestroyTexture(screen_);
  screen_ = nullptr;
  if (rotate_ == 0) return true;
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(renderer_, &w, &h);
  if (turned_sideways(rotate_)) std::swap(w, h);
  // The upright picture, turned onto the output as it is presented: the canvas lays out in
  // the portrait size and its partial presents carry over, region by region.
  screen_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
  return screen_ != nullptr;
}

bool Output::vsync() const {
  // SDL's software renderer on the window's surface has no vsync, whatever it reports.
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(renderer_, &info);
  return !on_surface_ && (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
}

std::chrono::system_clock::duration Output::refresh() const {
  // The display's refresh period; 60 Hz when it does not say.
  SDL_DisplayMode mode{};
  const int hz = SDL_GetWindowDisplayMode(window_, &mode) == 0 && mode.refresh_rate > 0
                     ? mode.refresh_rate
                     : 60;
  return std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double>(1.0 / hz));
}

void Output::present(const std::vector<SDL_Rect>& changed) {
  std::vector<SDL_Rect> shown;  // on the output, for a partial present
  if (screen_) {
    int cw = 0, ch = 0;
    SDL_QueryTexture(screen_, nullptr, nullptr, &cw, &ch);
    SDL_SetRenderTarget(renderer_, nullptr);
    SDL_SetTextureBlendMode(screen_, SDL_BLENDMODE_NONE);
    std::vector<SDL_Rect> regions = changed;
    if (regions.empty() || !on_surface_) regions = {{0, 0, cw, ch}};
    for (SDL_Rect r : regions) {
      // Even edges keep a region's centre on a whole pixel, about which SDL turns it.
      const int x0 = std::max(0, r.x & ~1), y0 = std::max(0, r.y & ~1);
      const int x1 = std::min(cw, (r.x + r.w + 1) & ~1), y1 = std::min(ch, (r.y + r.h + 1) & ~1);
      if (x1 <= x0 || y1 <= y0) continue;
      r = {x0, y0, x1 - x0, y1 - y0};
      const SDL_Rect out = turned_rect(r, cw, ch, rotate_);
      // SDL turns the destination about its centre: place it unturned on the same centre.
      const SDL_FRect dst{out.x + out.w / 2.0f - r.w / 2.0f, out.y + out.h / 2.0f - r.h / 2.0f,
                          static_cast<float>(r.w), static_cast<float>(r.h)};
      SDL_RenderCopyExF(renderer_, screen_, &r, &dst, rotate_, nullptr, SDL_FLIP_NONE);
      shown.push_back(out);
    }
    if (changed.empty()) shown.clear();
  } else {
    shown = changed;
  }
  if (!on_surface_) {
    SDL_RenderPresent(renderer_);
  } else if (shown.empty()) {
    SDL_UpdateWindowSurface(window_);
  } else {
    SDL_UpdateWindowSurfaceRects(window_, shown.data(), static_cast<int>(shown.size()));
  }
  if (screen_) SDL_SetRenderTarget(renderer_, screen_);
}

void Output::log_mode(const char* what) const {
  const int display = SDL_GetWindowDisplayIndex(window_);
  SDL_DisplayMode mode{};
  if (display < 0 || SDL_GetCurrentDisplayMode(display, &mode) != 0) return;
  const char* driver = SDL_GetCurrentVideoDriver();
  spdlog::info("{} {}: {}x{} {}", what, display, mode.w, mode.h,
               mode.refresh_rate > 0 ? "at " + std::to_string(mode.refresh_rate) + " Hz"
                                     : "(no refresh rate reported; 60 Hz assumed)");
  if (driver && std::strcmp(driver, "KMSDRM") == 0 && backends::is_fallback_mode(mode.w, mode.h))
    spdlog::warn(
        "display {} is at 1024x768, the kernel's mode when it cannot read the screen's EDID: "
        "check the cable and the screen's input; the picture is laid out for 1024x768",
        display);
}

Output::Change Output::follow_display() {
  log_mode("display now");
  if (!fullscreen_) return Change::repaint;
  const int display = std::max(0, SDL_GetWindowDisplayIndex(window_));
  SDL_Rect bounds{};
  int x = 0, y = 0, w = 0, h = 0;
  SDL_GetWindowPosition(window_, &x, &y);
  SDL_GetWindowSize(window_, &w, &h);
  if (SDL_GetDisplayBounds(display, &bounds) != 0 ||
      (x == bounds.x && y == bounds.y && w == bounds.w && h == bounds.h))
    return Change::repaint;
  spdlog::info("display {} is {}x{}+{}+{} now; the window follows it", display, bounds.w, bounds.h,
               bounds.x, bounds.y);
  // Without a window manager nothing else would: out of fullscreen, moved, sized, back in.
  SDL_SetWindowFullscreen(window_, 0);
  SDL_SetWindowPosition(window_, bounds.x, bounds.y);
  SDL_SetWindowSize(window_, bounds.w, bounds.h);
  SDL_SetWindowFullscreen(window_, SDL_WINDOW_FULLSCREEN_DESKTOP);
  return Change::repaint;  // the window's SIZE_CHANGED follows
}

Output::Change Output::handle(const SDL_Event& event) {
  if (event.type == SDL_DISPLAYEVENT) return follow_display();
  if (event.type != SDL_WINDOWEVENT) return Change::none;
  if (event.window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED) return follow_display();
  if (event.window.event != SDL_WINDOWEVENT_SIZE_CHANGED) return Change::repaint;
  int w = 0, h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  spdlog::info("the window is {}x{} now; laying the picture out again", w, h);
  Change change = Change::resized;
  if (on_surface_) {
    // The window's surface is a new one: so is the software renderer drawing on it.
    if (!attach_surface()) {
      spdlog::error("cannot draw on the resized window: {}", SDL_GetError());
      return Change::lost;
    }
    change = Change::renderer;
  }
  if (!make_screen())
    spdlog::error("cannot turn the picture {} degrees: {}; showing it upright", rotate_,
                  SDL_GetError());
  return change;
}

}  // namespace marquee::app
