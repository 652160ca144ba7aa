// Output: what a player draws on. The window (or the whole display), its renderer, the picture
// turned for a portrait screen, and what happens when the window or the display changes.
#pragma once

#include <SDL.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "app/play.h"

namespace marquee::app {

// Where a rectangle of the upright picture (`canvas_w` x `canvas_h`) lands on the output
// once the picture is turned `rotate` degrees clockwise (0, 90, 180, 270).
SDL_Rect turned_rect(const SDL_Rect& rect, int canvas_w, int canvas_h, int rotate);

class Output {
 public:
  // Opens the window as `options` say, on the display they choose (by name, else index;
  // display 0 with a warning when there is no such one). ok() is false when it could not,
  // with the reason logged.
  Output(const PlayOptions& options, const std::string& title);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  bool ok() const { return renderer_ != nullptr; }
  SDL_Window* window() const { return window_; }
  SDL_Renderer* renderer() const { return renderer_; }
  // What the canvas draws into: the upright picture of a turned screen; nullptr when the
  // screen is not turned and the canvas draws on the output itself.
  SDL_Texture* screen() const { return screen_; }
  // SDL's software renderer on the window's own surface: the last frame stays there, so
  // only what changed is drawn and presented.
  bool on_surface() const { return on_surface_; }
  // The surface the canvas draws on when that is the window's own (on_surface() and not
  // turned), for films to be converted straight onto; nullptr otherwise.
  SDL_Surface* surface() const { return on_surface_ && !screen_ ? surface_ : nullptr; }
  bool vsync() const;
  std::chrono::system_clock::duration refresh() const;
  int rotate() const { return rotate_; }

  // Shows what the canvas drew; `changed` in the canvas's pixels, empty for all of it.
  void present(const std::vector<SDL_Rect>& changed);

  // What a window or display event asks of the player.
  enum class Change {
    none,
    repaint,   // exposed, restored: draw the whole picture again
    resized,   // the picture has another size: lay it out again (canvas.draw_into)
    renderer,  // the renderer is a new one: canvas.rebind, then as resized
    lost,      // no renderer could be made for the new size: the player should stop
  };
  Change handle(const SDL_Event& event);
  // Called before the renderer is destroyed for a new one, so whoever holds its textures
  // (the canvas, the films) lets go of them first.
  void before_renderer_change(std::function<void()> call) { before_change_ = std::move(call); }

 private:
  bool attach_surface();
  bool make_screen();  // the texture a turned picture is drawn into, at the output's size
  // The display's mode and the window's size, logged; a fullscreen window made to cover its
  // display again when they differ (a hotplug, a mode change).
  Change follow_display();
  void log_mode(const char* what) const;

  const bool fullscreen_;
  const int rotate_;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  SDL_Texture* screen_ = nullptr;
  SDL_Surface* surface_ = nullptr;  // the window's, owned by SDL
  bool on_surface_ = false;
  std::function<void()> before_change_;
};

}  // namespace marquee::app
