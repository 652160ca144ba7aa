// Minimal fullscreen SDL player over VideoSource (the upload path in miniature) for video_cost.sh.
//
//   bench_video_player FILE [--seconds N] [--windowed] [--xrgb] [--texture iyuv|xrgb|xbgr]
//
// --xrgb asks libvlc for XRGB frames (its RGB conversion) instead of I420; --texture
// overrides the texture I420 frames go into (see backends::i420_texture_format).
//
// One streaming texture, filled on the main thread from the newest frame and presented
// only when a new frame arrived (the renderer draws nothing new when nothing changed).
// Runs until killed, or for N seconds, then prints what it did.
#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include <spdlog/spdlog.h>

#include "backends/video_pool.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace marquee::video;

SDL_Rect contain(int w, int h, int into_w, int into_h) {
  const double scale = std::min(double(into_w) / w, double(into_h) / h);
  const int fit_w = static_cast<int>(w * scale + 0.5), fit_h = static_cast<int>(h * scale + 0.5);
  return {(into_w - fit_w) / 2, (into_h - fit_h) / 2, fit_w, fit_h};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s FILE [--seconds N] [--windowed] [--xrgb] [--texture iyuv|xrgb|xbgr]\n",
                 argv[0]);
    return 2;
  }
  double seconds = 0;
  bool windowed = false;
  VideoSource::Options options;
  const char* texture = nullptr;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = std::stod(argv[++i]);
    if (!std::strcmp(argv[i], "--windowed")) windowed = true;
    if (!std::strcmp(argv[i], "--xrgb")) options.prefer_i420 = false;
    if (!std::strcmp(argv[i], "--texture") && i + 1 < argc) texture = argv[++i];
  }
  spdlog::set_level(spdlog::level::warn);

  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  SDL_Window* window =
      SDL_CreateWindow("marquee video bench", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                       1280, 720, windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP);
  SDL_Renderer* renderer = window ? SDL_CreateRenderer(window, -1, 0) : nullptr;
  if (!renderer) {
    std::fprintf(stderr, "SDL window/renderer: %s\n", SDL_GetError());
    return 1;
  }
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(renderer, &info);

  VideoSource video(argv[1], options);
  if (!video.start()) {
    std::fprintf(stderr, "cannot play: %s\n", video.error().c_str());
    return 1;
  }

  Uint32 i420_format = marquee::backends::i420_texture_format(renderer);
  if (texture && !std::strcmp(texture, "iyuv")) i420_format = SDL_PIXELFORMAT_IYUV;
  if (texture && !std::strcmp(texture, "xrgb")) i420_format = SDL_PIXELFORMAT_RGB888;
  if (texture && !std::strcmp(texture, "xbgr")) i420_format = SDL_PIXELFORMAT_BGR888;
  marquee::backends::VideoTexture picture(renderer, i420_format);
  std::uint64_t since = 0, received = 0;
  PixelLayout layout = PixelLayout::xrgb8888;
  const auto started = Clock::now();
  bool running = true;
  while (running) {
    SDL_Event event;
    while (SDL_PollEvent(&event))
      if (event.type == SDL_QUIT) running = false;
    if (seconds > 0 && Clock::now() - started > std::chrono::duration<double>(seconds)) break;
    const bool fresh = video.with_latest_frame(since, [&](const FrameView& f) {
      since = f.sequence;
      ++received;
      layout = f.layout;
      picture.upload(f, argv[1]);
    });
    if (!fresh) {
      if (video.state() == VideoSource::State::failed) break;
      SDL_Delay(2);
      continue;
    }
    int out_w = 0, out_h = 0;
    SDL_GetRendererOutputSize(renderer, &out_w, &out_h);
    if (!picture.texture()) continue;
    const SDL_Rect dst = contain(picture.width(), picture.height(), out_w, out_h);
    if (dst.w < out_w || dst.h < out_h) {  // letterbox bars; a full-screen frame needs no clear
      SDL_SetRenderDrawColor(renderer, 0x26, 0x26, 0x26, 255);
      SDL_RenderClear(renderer);
    }
    SDL_RenderCopy(renderer, picture.texture(), nullptr, &dst);
    SDL_RenderPresent(renderer);
  }
  const double ran = std::chrono::duration<double>(Clock::now() - started).count();
  const bool i420 = layout == PixelLayout::i420;
  std::printf(
      "renderer %s, %dx%d %s video (%s), %llu frames presented in %.1f s (%.1f fps), state %s\n",
      info.name, picture.width(), picture.height(), i420 ? "I420" : "XRGB",
      !i420 ? "libvlc converts" : SDL_GetPixelFormatName(picture.i420_format()),
      static_cast<unsigned long long>(received), ran, static_cast<double>(received) / ran,
      to_string(video.state()));
  picture.release();  // before the renderer that made it
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return video.state() == VideoSource::State::failed ? 1 : 0;
}
