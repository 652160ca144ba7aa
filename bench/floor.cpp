// Floor: a bare SDL program doing only the unavoidable work of a deck, as marquee's yardstick.
//
// bench/peers.sh runs it on the whole peer deck, bench/fades.sh on its fades (--fades-only) and
// bench/video_cost.sh on its film alone (--film-only).
//
// The deck is four slides of 8 s with 1 s fades: a countdown, a chart, a sponsor wall and a
// looping video. What no renderer can avoid: blending two full-screen pictures on every frame
// of a fade, uploading and drawing each decoded video frame (libvlc into a streaming
// texture), and drawing the countdown's changed digits once a second. Nothing is laid out,
// rasterised or decoded but the film; a 1-pixel readback after each present makes sure the
// renderer really finished the frame.
#include <SDL.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "backends/video/video_source.h"
#include "backends/video_deck.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A full-screen picture standing in for a slide already drawn once: a gradient in a hue.
// Opaque, so without an alpha channel: SDL's software renderer blends such a picture with
// its fast surface-alpha blitter, as marquee's layers are (the floor must not be slower
// than need be).
SDL_Texture* make_slide(SDL_Renderer* renderer, int w, int h, int hue) {
  SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
  for (int y = 0; y < h; ++y) {
    auto* row = reinterpret_cast<Uint32*>(static_cast<Uint8*>(s->pixels) + y * s->pitch);
    for (int x = 0; x < w; ++x)
      row[x] = 0xFF000000u | static_cast<Uint32>(((x * 255 / w) ^ hue) & 0xFF) << 16 |
               static_cast<Uint32>((y * 255 / h) & 0xFF) << 8 | static_cast<Uint32>(hue & 0xFF);
  }
  SDL_Texture* t = SDL_CreateTextureFromSurface(renderer, s);
  SDL_FreeSurface(s);
  return t;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size() + 1);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"floor: the unavoidable work of the peer deck, on a renderer of choice"};
  std::string renderer_name = "software", video_file;
  int width = 1920, height = 1080;
  double seconds = 60;
  cli.add_option("--renderer", renderer_name, "software (on the window surface) or opengl");
  cli.add_option("--width", width);
  cli.add_option("--height", height);
  cli.add_option("--seconds", seconds);
  cli.add_option("--video", video_file, "the deck's film")->required();
  bool fades_only = false;
  cli.add_flag("--fades-only", fades_only,
               "only fades, one after another between two pictures (bench/scenarios/fades.yaml's "
               "floor)");
  bool film_only = false;
  cli.add_flag("--film-only", film_only,
               "only the film, full screen, each frame drawn once (bench/video_cost.sh's floor)");
  CLI11_PARSE(cli, argc, argv);

  const bool software = renderer_name == "software";
  if (software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  SDL_Init(SDL_INIT_VIDEO);
  SDL_Window* window = SDL_CreateWindow("floor", 0, 0, width, height, 0);
  SDL_Renderer* renderer =
      software
          ? SDL_CreateSoftwareRenderer(SDL_GetWindowSurface(window))
          : SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  if (!renderer) {
    std::fprintf(stderr, "floor: no renderer: %s\n", SDL_GetError());
    return 1;
  }
  const auto present = [&] {
    if (software)
      SDL_UpdateWindowSurface(window);
    else
      SDL_RenderPresent(renderer);
    Uint32 pixel = 0;  // a fence: the frame is really drawn
    const SDL_Rect one{0, 0, 1, 1};
    SDL_RenderReadPixels(renderer, &one, SDL_PIXELFORMAT_ARGB8888, &pixel, 4);
  };
  SDL_Texture* slides[3] = {make_slide(renderer, width, height, 0x30),
                            make_slide(renderer, width, height, 0x90),
                            make_slide(renderer, width, height, 0xE0)};
  // The countdown's digit box: what a changed second costs.
  const SDL_Rect digits{width / 4, height / 3, width / 2, height / 4};
  SDL_Texture* box = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888,
                                       SDL_TEXTUREACCESS_STREAMING, digits.w, digits.h);
  std::vector<Uint32> box_pixels(static_cast<std::size_t>(digits.w) * digits.h);
  // The film goes into the texture format cheapest for this renderer, as marquee's own does.
  marquee::backends::VideoTexture film_texture(
      renderer, marquee::backends::i420_texture_format(renderer), video_file);
  SDL_Texture* film = nullptr;
  std::uint64_t film_frame = 0;
  marquee::video::VideoSource video(video_file, {});
  if (!fades_only) video.start();  // no film in a run of fades

  constexpr auto kSlide = 8s, kFade = 1s, kCycle = 4 * kSlide;
  const auto period = std::chrono::duration_cast<Clock::duration>(1s / 60.0);
  const auto started = Clock::now();
  std::vector<double> frame_ms;
  long presents = 0;
  int last_second = -1;
  bool film_on = false;
  for (auto next = started; Clock::now() - started < std::chrono::duration<double>(seconds);) {
    const auto began = Clock::now();
    const auto into = fades_only ? (began - started) % (2 * kFade) : (began - started) % kCycle;
    // 0 countdown, 1 chart, 2 wall, 3 film; or with --fades-only, 1 and 2 fading into each other.
    const int slide = film_only    ? 3
                      : fades_only ? 1 + static_cast<int>(into / kFade)
                                   : static_cast<int>(into / kSlide);
    const auto in_slide = film_only ? kSlide / 2  // never the frame a fade leaves behind
                                    : into - (fades_only ? (slide - 1) * kFade : slide * kSlide);
    const bool fading = !film_only && (fades_only || in_slide < kFade);
    const auto picture = [&](int s) { return s == 3 ? film : slides[s]; };
    video.update();
    if (slide == 3 || (fading && slide == 0)) {
      if (!film_on) video.resume();
      film_on = true;
    } else if (film_on) {
      video.pause();
      film_on = false;
    }
    bool new_film_frame = false;
    video.with_latest_frame(film_frame, [&](const marquee::video::FrameView& frame) {
      film_frame = frame.sequence;
      new_film_frame = film_texture.upload(frame);
      film = film_texture.texture();
    });
    bool draw = false;
    if (fading) {
      const int from = fades_only ? 3 - slide : (slide + 3) % 4;
      const double t = std::chrono::duration<double>(in_slide) / kFade;
      if (picture(from) && picture(slide)) {
        SDL_SetTextureBlendMode(picture(from), SDL_BLENDMODE_NONE);
        SDL_RenderCopy(renderer, picture(from), nullptr, nullptr);
        SDL_SetTextureBlendMode(picture(slide), SDL_BLENDMODE_BLEND);
        SDL_SetTextureAlphaMod(picture(slide), static_cast<Uint8>(t * 255));
        SDL_RenderCopy(renderer, picture(slide), nullptr, nullptr);
        SDL_SetTextureAlphaMod(picture(slide), 255);
        draw = true;
      }
    } else if (slide == 0) {
      const int second =
          static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(in_slide).count());
      if (second != last_second) {
        last_second = second;
        std::fill(box_pixels.begin(), box_pixels.end(), 0xFF202020u + static_cast<Uint32>(second));
        SDL_UpdateTexture(box, nullptr, box_pixels.data(), digits.w * 4);
        SDL_RenderCopy(renderer, slides[0], nullptr, nullptr);
        SDL_RenderCopy(renderer, box, nullptr, &digits);
        draw = true;
      }
    } else if (slide == 3 && new_film_frame && film) {
      SDL_RenderCopy(renderer, film, nullptr, nullptr);
      draw = true;
    } else if (in_slide < kFade + period) {
      SDL_RenderCopy(renderer, picture(slide) ? picture(slide) : slides[0], nullptr, nullptr);
      draw = true;  // the slide as the fade left it
    }
    if (draw) {
      present();
      ++presents;
      frame_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
    }
    next += period;
    if (next < Clock::now()) next = Clock::now();
    std::this_thread::sleep_until(next);
  }
  std::sort(frame_ms.begin(), frame_ms.end());
  const auto pct = [&](double p) {
    return frame_ms.empty() ? 0.0
                            : frame_ms[std::min(frame_ms.size() - 1,
                                                static_cast<std::size_t>(p * frame_ms.size()))];
  };
  std::printf(
      "floor renderer=%s size=%dx%d seconds=%.0f presents=%ld cpu_s=%.2f rss_kib=%ld "
      "frame_ms_p50=%.2f frame_ms_p99=%.2f\n",
      renderer_name.c_str(), width, height, seconds, presents, cpu_seconds(), status_kib("VmHWM:"),
      pct(0.5), pct(0.99));
  return 0;
}
