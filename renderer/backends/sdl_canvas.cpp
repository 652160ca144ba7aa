// SdlCanvas: SDL_Renderer drawing, SDL_ttf text and SDL_image images behind the Canvas interface.
#include "backends/sdl_canvas.h"

#include <SDL_image.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <set>

#include "backends/fonts.h"
#include "backends/video_deck.h"
#include "config/image_probe.h"

namespace marquee::backends {
namespace {

constexpr std::size_t kTextBudgetBytes = 128u << 20;
constexpr std::size_t kMetricsLimit = 100'000;
constexpr const char* kLastResortFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

Uint8 to_byte(double unit) {
  return static_cast<Uint8>(std::lround(std::clamp(unit, 0.0, 1.0) * 255));
}

SDL_Rect intersect(const SDL_Rect& a, const SDL_Rect& b) {
  SDL_Rect out{0, 0, 0, 0};
  if (!SDL_IntersectRect(&a, &b, &out)) out = {a.x, a.y, 0, 0};
  return out;
}

void warn_once(const std::string& what) {
  static std::set<std::string> said;
  if (said.insert(what).second) spdlog::warn("{}", what);
}

// Halves an ARGB8888 surface with a 2x2 box filter, weighting colour by alpha so
// transparent pixels do not darken the edges of logos.
SurfacePtr halve(SDL_Surface* src) {
  const int w = std::max(1, src->w / 2), h = std::max(1, src->h / 2);
  SurfacePtr dst(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888));
  if (!dst) return nullptr;
  auto pixel = [](const SDL_Surface* s, int x, int y) {
    x = std::min(x, s->w - 1);
    y = std::min(y, s->h - 1);
    return static_cast<const Uint32*>(s->pixels)[y * (s->pitch / 4) + x];
  };
  for (int y = 0; y < h; ++y) {
    Uint32* row = static_cast<Uint32*>(dst->pixels) + y * (dst->pitch / 4);
    for (int x = 0; x < w; ++x) {
      Uint32 a = 0, r = 0, g = 0, b = 0;
      for (int k = 0; k < 4; ++k) {
        const Uint32 p = pixel(src, 2 * x + (k & 1), 2 * y + (k >> 1));
        const Uint32 pa = p >> 24;
        a += pa;
        r += ((p >> 16) & 0xFF) * pa;
        g += ((p >> 8) & 0xFF) * pa;
        b += (p & 0xFF) * pa;
      }
      if (a > 0) {
        r = (r + a / 2) / a;
        g = (g + a / 2) / a;
        b = (b + a / 2) / a;
      }
      row[x] = (((a + 2) / 4) << 24) | (r << 16) | (g << 8) | b;
    }
  }
  return dst;
}

}  // namespace

SdlCanvas::SdlCanvas(SDL_Renderer* renderer) {
  rebind(renderer);
}

void SdlCanvas::release() {
  assert(targets_.empty());
  // Every texture belongs to the renderer that made it.
  texts_.clear();
  text_bytes_ = 0;
  images_.clear();
  layers_.clear();
  pictures_.clear();
  screen_ = nullptr;
}

void SdlCanvas::rebind(SDL_Renderer* renderer) {
  assert(renderer);
  release();
  renderer_ = renderer;
  SDL_RendererInfo info;
  if (SDL_GetRendererInfo(renderer_, &info) == 0) {
    max_texture_w_ = info.max_texture_width;
    max_texture_h_ = info.max_texture_height;
    pictures_ok_ = (info.flags & SDL_RENDERER_TARGETTEXTURE) != 0;
    software_ = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
  }
  output_w_ = output_h_ = 0;
  read_output_size();
}

SdlCanvas::~SdlCanvas() = default;

void SdlCanvas::draw_into(SDL_Texture* screen, SDL_Surface* surface) {
  assert(targets_.empty());
  screen_ = screen;
  surface_ = screen ? nullptr : surface;
  SDL_SetRenderTarget(renderer_, screen_);
  read_output_size();
}

void SdlCanvas::read_output_size() {
  int w = 0, h = 0;
  if (screen_)
    SDL_QueryTexture(screen_, nullptr, nullptr, &w, &h);
  else
    SDL_GetRendererOutputSize(renderer_, &w, &h);
  if (w != output_w_ || h != output_h_) {
    // Everything rasterised for the old size is the wrong size now.
    texts_.clear();
    text_bytes_ = 0;
    images_.clear();
    layers_.clear();
    pictures_.clear();
    output_w_ = w;
    output_h_ = h;
  }
  if (!fixed_scale_) scale_ = std::max(1, std::min(output_w_, output_h_)) / kVirtualShortSide;
}

void SdlCanvas::begin_frame(Instant show_time) {
  assert(current_layer_ < 0 && targets_.empty());
  ++frame_;
  show_time_ = show_time;
  // Once a minute of show time (or when the clock went back, as after a seek).
  if (show_time != Instant{} &&
      (show_time - last_sweep_ >= std::chrono::minutes(1) || show_time < last_sweep_)) {
    last_sweep_ = show_time;
    const auto unused = [&](Instant seen) { return seen + kKeepUnusedText < show_time; };
    std::erase_if(metrics_, [&](const auto& entry) { return unused(entry.second.seen); });
    std::erase_if(texts_, [&](const auto& entry) {
      if (!unused(entry.second.seen)) return false;
      text_bytes_ -= static_cast<std::size_t>(entry.second.w) * entry.second.h * 4;
      return true;
    });
  }
  state_ = {};
  if (screen_) SDL_SetRenderTarget(renderer_, screen_);
  apply_clip();
  read_output_size();
  // Kept pictures beyond the budget go, least recently drawn first, but never one drawn
  // this frame or the last.
  for (auto& [number, layer] : layers_) layer.picture = nullptr;
  while (pictures_.size() > kKeptScreens) {
    auto oldest = std::min_element(pictures_.begin(), pictures_.end(), [](auto& a, auto& b) {
      return a.second.drawn < b.second.drawn;
    });
    if (oldest->second.drawn + 1 >= frame_) break;
    pictures_.erase(oldest);
  }
  if (metrics_.size() > kMetricsLimit) metrics_.clear();
  if (text_bytes_ > kTextBudgetBytes) {
    std::erase_if(texts_, [&](const auto& entry) {
      const bool stale = entry.second.last_used + 1 < frame_;
      if (stale) text_bytes_ -= static_cast<std::size_t>(entry.second.w) * entry.second.h * 4;
      return stale;
    });
  }
}

void SdlCanvas::set_scale(double physical_per_virtual) {
  fixed_scale_ = physical_per_virtual > 0;
  if (fixed_scale_) scale_ = physical_per_virtual;
  read_output_size();
}

SDL_Rect SdlCanvas::to_physical(const Rect& r) const {
  // Round edges, not sizes, so rectangles that share an edge in virtual space meet
  // without a gap or overlap on screen.
  const int x0 = static_cast<int>(std::lround(r.x * scale_));
  const int y0 = static_cast<int>(std::lround(r.y * scale_));
  const int x1 = static_cast<int>(std::lround((r.x + r.w) * scale_));
  const int y1 = static_cast<int>(std::lround((r.y + r.h) * scale_));
  return {x0, y0, x1 - x0, y1 - y0};
}

render::Size SdlCanvas::size() const {
  return {output_w_ / scale_, output_h_ / scale_};
}

int SdlCanvas::physical_px(double px) const {
  return std::max(1, static_cast<int>(std::lround(px * scale_)));
}

bool SdlCanvas::clipped_out() const {
  return !state_.clips.empty() && (state_.clips.back().w <= 0 || state_.clips.back().h <= 0);
}

void SdlCanvas::apply_clip() {
  // SDL treats an empty clip rect as "no clipping", so empty clips are handled by
  // clipped_out() and never reach SDL.
  if (state_.clips.empty() || clipped_out()) {
    SDL_RenderSetClipRect(renderer_, nullptr);
  } else {
    SDL_RenderSetClipRect(renderer_, &state_.clips.back());
  }
}

void SdlCanvas::fill_rect(const Rect& rect, Color color) {
  const Uint8 a = to_byte(color.a / 255.0 * alpha());
  SDL_Rect r = to_physical(rect);
  // A hairline (a frame on a thumbnail) stays one pixel wide instead of vanishing.
  if (rect.w > 0) r.w = std::max(r.w, 1);
  if (rect.h > 0) r.h = std::max(r.h, 1);
  if (a == 0 || r.w <= 0 || r.h <= 0 || clipped_out()) return;
  SDL_SetRenderDrawBlendMode(renderer_, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(renderer_, color.r, color.g, color.b, a);
  SDL_RenderFillRect(renderer_, &r);
}

TTF_Font* SdlCanvas::font(const FontSpec& spec, int px) {
  const std::string file = font_file(spec);
  const auto key = std::make_pair(file, px);
  if (const auto it = fonts_.find(key); it != fonts_.end()) return it->second.get();
  FontPtr opened(TTF_OpenFont(file.c_str(), px));
  if (!opened) {
    warn_once("cannot open font " + file + ": " + TTF_GetError() + "; using " + kLastResortFont);
    opened.reset(TTF_OpenFont(kLastResortFont, px));
  }
  if (opened) TTF_SetFontHinting(opened.get(), TTF_HINTING_LIGHT);
  return fonts_.emplace(key, std::move(opened)).first->second.get();
}

std::string SdlCanvas::text_key(const std::string& file, int px, std::string_view utf8) const {
  std::string key = file;
  key += '\x1f';
  key += std::to_string(px);
  key += '\x1f';
  key += utf8;
  return key;
}

render::TextMetrics SdlCanvas::measure_text(const FontSpec& spec, double px,
                                            std::string_view utf8) {
  const int size = physical_px(px);
  const std::string key = text_key(font_file(spec), size, utf8);
  auto it = metrics_.find(key);
  if (it == metrics_.end()) {
    render::TextMetrics m{0, static_cast<double>(size), static_cast<double>(size)};
    if (TTF_Font* f = font(spec, size)) {
      int w = 0, h = 0;
      if (!utf8.empty()) TTF_SizeUTF8(f, std::string(utf8).c_str(), &w, &h);
      m = {static_cast<double>(w), static_cast<double>(TTF_FontHeight(f)),
           static_cast<double>(TTF_FontAscent(f))};
    }
    it = metrics_.emplace(key, CachedMetrics{m}).first;
  }
  it->second.seen = show_time_;
  const render::TextMetrics& m = it->second.metrics;
  return {m.width / scale_, m.line_height / scale_, m.ascent / scale_};
}

void SdlCanvas::draw_text(const FontSpec& spec, double px, std::string_view utf8, double x,
                          double y, Color color) {
  const Uint8 a = to_byte(color.a / 255.0 * alpha());
  if (utf8.empty() || a == 0 || clipped_out()) return;
  const int size = physical_px(px);
  std::string key = text_key(font_file(spec), size, utf8);
  key += '\x1f';
  key += std::to_string((color.r << 16) | (color.g << 8) | color.b);

  auto it = texts_.find(key);
  if (it == texts_.end()) {
    TextTexture text;
    if (TTF_Font* f = font(spec, size)) {
      SurfacePtr surface(
          TTF_RenderUTF8_Blended(f, std::string(utf8).c_str(), {color.r, color.g, color.b, 255}));
      if (surface) {
        text.texture.reset(SDL_CreateTextureFromSurface(renderer_, surface.get()));
        text.w = surface->w;
        text.h = surface->h;
      }
    }
    if (!text.texture) {
      warn_once(std::string("cannot rasterise text: ") + TTF_GetError());
      return;
    }
    SDL_SetTextureBlendMode(text.texture.get(), SDL_BLENDMODE_BLEND);
    ++stats_.texts_rasterised;
    text_bytes_ += static_cast<std::size_t>(text.w) * text.h * 4;
    it = texts_.emplace(std::move(key), std::move(text)).first;
  }
  TextTexture& text = it->second;
  text.last_used = frame_;
  text.seen = show_time_;
  SDL_SetTextureAlphaMod(text.texture.get(), a);
  const SDL_Rect dst{static_cast<int>(std::lround(x * scale_)),
                     static_cast<int>(std::lround(y * scale_)), text.w, text.h};
  SDL_RenderCopy(renderer_, text.texture.get(), nullptr, &dst);
}

SdlCanvas::Image SdlCanvas::load_image(const std::filesystem::path& file,
                                       double vector_scale) const {
  Image image;
  SDL_RWops* rw = SDL_RWFromFile(file.c_str(), "rb");
  if (!rw) {
    image.problem = SDL_GetError();
    return image;
  }
  // Nothing is decoded before its header, read through the handle it is decoded from,
  // is within this screen's budget, which validate checks too: a 74-byte PNG may claim
  // 20000x20000, for which SDL_image would have 1.6 GB allocated and cleared before
  // libpng finds no pixels.
  const auto header = config::probe_image_with(
      [rw](std::uint64_t offset, std::size_t n) {
        std::string out(n, '\0');
        if (SDL_RWseek(rw, static_cast<Sint64>(offset), RW_SEEK_SET) < 0) return std::string{};
        out.resize(SDL_RWread(rw, out.data(), 1, n));
        return out;
      },
      &image.problem, config::image_budget(output_w_, output_h_));
  if (!header || SDL_RWseek(rw, 0, RW_SEEK_SET) != 0) {
    if (header) image.problem = SDL_GetError();
    SDL_RWclose(rw);
    return image;
  }
  const bool svg = header->format == config::ImageHeader::Format::svg;
  SurfacePtr decoded(IMG_Load_RW(rw, 0));
  if (decoded && svg) {
    // Rasterising a 512-pixel mark at the size that covers a 1080p screen costs a tenth
    // of a second on the first frame: a vector is drawn at the scale asked for, which a
    // larger draw raises later (see draw_image).
    const double cover = std::max(static_cast<double>(output_w_) / decoded->w,
                                  static_cast<double>(output_h_) / decoded->h);
    image.vector = true;
    image.size = {static_cast<double>(decoded->w), static_cast<double>(decoded->h)};
    const double scale = std::clamp(vector_scale, 1.0 / 64, std::max(1.0, cover));
    if (scale != 1) {
      SDL_RWseek(rw, 0, RW_SEEK_SET);
      SurfacePtr sized(IMG_LoadSizedSVG_RW(rw, static_cast<int>(std::lround(decoded->w * scale)),
                                           static_cast<int>(std::lround(decoded->h * scale))));
      if (sized) {
        decoded = std::move(sized);
        image.raster_scale = scale;
      }
    }
  }
  SDL_RWclose(rw);
  if (!decoded) {
    image.problem = IMG_GetError();
    return image;
  }
  if (!svg) image.size = {static_cast<double>(decoded->w), static_cast<double>(decoded->h)};

  SurfacePtr pixels(SDL_ConvertSurfaceFormat(decoded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
  if (!pixels) {
    image.problem = SDL_GetError();
    return image;
  }
  // Nothing on this output needs more pixels than cover the whole of it, and GPUs
  // have a texture size limit: halve big photos down to both before uploading.
  auto too_big = [&](const SDL_Surface* s) {
    const bool over_limit = (max_texture_w_ > 0 && s->w > max_texture_w_) ||
                            (max_texture_h_ > 0 && s->h > max_texture_h_);
    const bool over_need = s->w / 2 >= output_w_ && s->h / 2 >= output_h_;
    return (over_limit || over_need) && s->w > 1 && s->h > 1;
  };
  while (too_big(pixels.get())) {
    SurfacePtr half = halve(pixels.get());
    if (!half) break;
    pixels = std::move(half);
  }
  constexpr int kSmallestLevel = 16;
  for (;;) {
    MipLevel level{TexturePtr(SDL_CreateTextureFromSurface(renderer_, pixels.get())), pixels->w,
                   pixels->h};
    if (!level.texture) {
      if (image.levels.empty()) image.problem = SDL_GetError();
      break;
    }
    SDL_SetTextureBlendMode(level.texture.get(), SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(level.texture.get(), SDL_ScaleModeLinear);
    image.levels.push_back(std::move(level));
    if (pixels->w < 2 * kSmallestLevel || pixels->h < 2 * kSmallestLevel) break;
    SurfacePtr half = halve(pixels.get());
    if (!half) break;
    pixels = std::move(half);
  }
  return image;
}

SdlCanvas::Image* SdlCanvas::image(const std::filesystem::path& file) {
  // A replaced file (hot reload) is decoded again; the stat is cheap next to a decode.
  std::error_code ec;
  const auto modified = std::filesystem::last_write_time(file, ec);
  const std::uintmax_t bytes = ec ? 0 : std::filesystem::file_size(file, ec);
  const std::string key = file.string();
  auto it = images_.find(key);
  if (it != images_.end() && it->second.modified == modified && it->second.bytes == bytes) {
    return &it->second;
  }
  Image loaded = load_image(file);
  ++stats_.images_decoded;
  loaded.modified = modified;
  loaded.bytes = bytes;
  if (loaded.levels.empty()) {
    spdlog::warn("image {} is unavailable ({}); drawing a placeholder", key,
                 ec ? ec.message() : loaded.problem);
  }
  return &(images_[key] = std::move(loaded));
}

std::optional<render::Size> SdlCanvas::image_size(const std::filesystem::path& file) {
  const Image* img = image(file);
  if (img->levels.empty()) return std::nullopt;
  return img->size;
}

void SdlCanvas::draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                           double alpha_mod) {
  const Uint8 a = to_byte(alpha_mod * alpha());
  if (a == 0 || clipped_out()) return;
  Image* img = image(file);
  if (img->levels.empty() || src.w <= 0 || src.h <= 0) return;
  const SDL_Rect d = to_physical(dst);
  if (d.w <= 0 || d.h <= 0) return;
  // The smallest level that is not magnified is minified by less than 2x, which
  // linear filtering handles without dropping detail.
  const double needed = std::max(d.w / src.w, d.h / src.h);  // screen pixels per image pixel
  if (img->vector && needed > img->raster_scale * 1.01) {
    const double cover = std::max(output_w_ / img->size.w, output_h_ / img->size.h);
    if (img->raster_scale < std::max(1.0, cover)) {
      Image larger = load_image(file, needed);
      if (!larger.levels.empty()) {
        ++stats_.images_decoded;
        larger.modified = img->modified;
        larger.bytes = img->bytes;
        *img = std::move(larger);
      }
    }
  }
  const MipLevel* level = &img->levels.front();
  for (const MipLevel& candidate : img->levels) {
    if (candidate.w / img->size.w < needed) break;
    level = &candidate;
  }
  const double sx = level->w / img->size.w, sy = level->h / img->size.h;
  const SDL_Rect s{static_cast<int>(std::lround(src.x * sx)),
                   static_cast<int>(std::lround(src.y * sy)),
                   std::max(1, static_cast<int>(std::lround(src.w * sx))),
                   std::max(1, static_cast<int>(std::lround(src.h * sy)))};
  SDL_SetTextureAlphaMod(level->texture.get(), a);
  SDL_RenderCopy(renderer_, level->texture.get(), &s, &d);
}

void SdlCanvas::draw_disc(const Rect& dst, SDL_Color color, SDL_Texture* texture,
                          const SDL_FRect& uv) {
  const float cx = static_cast<float>((dst.x + dst.w / 2) * scale_);
  const float cy = static_cast<float>((dst.y + dst.h / 2) * scale_);
  const float radius = static_cast<float>(std::min(dst.w, dst.h) / 2 * scale_);
  if (radius <= 0 || color.a == 0) return;
  // Segments short enough that the polygon strays under a fifth of a pixel from the circle.
  const int n = std::clamp(
      static_cast<int>(std::ceil(M_PI / std::acos(std::max(-1.0, 1.0 - 0.2 / radius)))), 24, 720);
  const float inner = std::max(0.0f, radius - 0.5f), outer = radius + 0.5f;
  const auto vertex = [&](float r, float angle, Uint8 a) {
    const float x = cx + r * std::cos(angle), y = cy + r * std::sin(angle);
    // Where the point lies in the texture: the disc's box maps onto `uv`.
    // The fading rim lies half a pixel outside the box: it takes the box's edge texels, since
    // SDL refuses the whole disc for a coordinate outside the texture.
    const float u = std::clamp(uv.x + (x - (cx - radius)) / (2 * radius) * uv.w, uv.x, uv.x + uv.w);
    const float v = std::clamp(uv.y + (y - (cy - radius)) / (2 * radius) * uv.h, uv.y, uv.y + uv.h);
    return SDL_Vertex{{x, y}, {color.r, color.g, color.b, a}, {u, v}};
  };
  std::vector<SDL_Vertex> vertices;
  vertices.reserve(2 * static_cast<std::size_t>(n) + 1);
  vertices.push_back(vertex(0, 0, color.a));
  for (int i = 0; i < n; ++i)
    vertices.push_back(vertex(inner, static_cast<float>(2 * M_PI * i / n), color.a));
  for (int i = 0; i < n; ++i)
    vertices.push_back(vertex(outer, static_cast<float>(2 * M_PI * i / n), 0));
  std::vector<int> indices;
  indices.reserve(9 * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int j = (i + 1) % n;
    indices.insert(indices.end(), {0, 1 + i, 1 + j});          // the fan
    indices.insert(indices.end(), {1 + i, 1 + j, 1 + n + i});  // the fading ring
    indices.insert(indices.end(), {1 + j, 1 + n + j, 1 + n + i});
  }
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
  SDL_RenderGeometry(renderer_, texture, vertices.data(), static_cast<int>(vertices.size()),
                     indices.data(), static_cast<int>(indices.size()));
}

void SdlCanvas::fill_circle(const Rect& box, Color color) {
  const Uint8 a = to_byte(color.a / 255.0 * alpha());
  if (a == 0 || clipped_out()) return;
  draw_disc(box, {color.r, color.g, color.b, a}, nullptr, {0, 0, 0, 0});
}

void SdlCanvas::draw_image_circle(const std::filesystem::path& file, const Rect& src,
                                  const Rect& dst, double alpha_mod) {
  const Uint8 a = to_byte(alpha_mod * alpha());
  if (a == 0 || clipped_out()) return;
  const Image* img = image(file);
  if (img->levels.empty() || src.w <= 0 || src.h <= 0) return;
  const SDL_Rect d = to_physical(dst);
  // The level that is minified by less than 2x, as draw_image picks it.
  const double needed = std::max(d.w / src.w, d.h / src.h);
  const MipLevel* level = &img->levels.front();
  for (const MipLevel& candidate : img->levels) {
    if (candidate.w / img->size.w < needed) break;
    level = &candidate;
  }
  SDL_SetTextureAlphaMod(level->texture.get(), 255);
  const SDL_FRect uv{
      static_cast<float>(src.x / img->size.w), static_cast<float>(src.y / img->size.h),
      static_cast<float>(src.w / img->size.w), static_cast<float>(src.h / img->size.h)};
  draw_disc(dst, {255, 255, 255, a}, level->texture.get(), uv);
}

std::optional<render::VideoPicture> SdlCanvas::video(const std::filesystem::path& file) const {
  const auto picture = videos_ ? videos_->picture(file) : std::nullopt;
  if (!picture) return std::nullopt;
  return render::VideoPicture{
      {static_cast<double>(picture->width), static_cast<double>(picture->height)}, picture->frame};
}

void SdlCanvas::draw_video(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                           double alpha_mod) {
  const auto picture = videos_ ? videos_->picture(file) : std::nullopt;
  if (!picture || src.w <= 0 || src.h <= 0) return;
  const Uint8 a = to_byte(alpha_mod * alpha());
  const SDL_Rect d = to_physical(dst);
  if (a == 0 || clipped_out() || d.w <= 0 || d.h <= 0) return;
  const SDL_Rect s{static_cast<int>(std::lround(src.x)), static_cast<int>(std::lround(src.y)),
                   std::max(1, static_cast<int>(std::lround(src.w))),
                   std::max(1, static_cast<int>(std::lround(src.h)))};
  const bool own_size = d.w == s.w && d.h == s.h;
  if (surface_ && targets_.empty() && a == 255 && own_size) {
    // Straight onto the window: what the clip and the window leave of the frame.
    SDL_Rect shown = d;
    const SDL_Rect window{0, 0, surface_->w, surface_->h};
    if (!SDL_IntersectRect(&shown, &window, &shown)) return;
    if (!state_.clips.empty() && !SDL_IntersectRect(&shown, &state_.clips.back(), &shown)) return;
    const SDL_Rect part{s.x + shown.x - d.x, s.y + shown.y - d.y, shown.w, shown.h};
    SDL_RenderFlush(renderer_);  // what SDL has queued goes under the film
    if (picture->frame_picture->convert_onto(surface_, part, {shown.x, shown.y})) {
      ++stats_.films_onto_surface;
      return;
    }
  }
  SDL_Texture* texture = picture->frame_picture->texture();
  if (!texture) return;
  // A frame shown at its own size needs no filtering, which GL on the CPU (llvmpipe) pays
  // for per pixel.
  SDL_SetTextureScaleMode(texture, own_size ? SDL_ScaleModeNearest : SDL_ScaleModeLinear);
  SDL_SetTextureBlendMode(texture, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
  SDL_SetTextureAlphaMod(texture, a);
  SDL_RenderCopy(renderer_, texture, &s, &d);
}

void SdlCanvas::push_clip(const Rect& rect) {
  SDL_Rect r = to_physical(rect);
  r = intersect(r,
                state_.clips.empty() ? SDL_Rect{0, 0, output_w_, output_h_} : state_.clips.back());
  state_.clips.push_back(r);
  apply_clip();
}

void SdlCanvas::pop_clip() {
  assert(!state_.clips.empty());
  state_.clips.pop_back();
  apply_clip();
}

void SdlCanvas::push_alpha(double a) {
  state_.alphas.push_back(alpha() * std::clamp(a, 0.0, 1.0));
}

void SdlCanvas::pop_alpha() {
  assert(!state_.alphas.empty());
  state_.alphas.pop_back();
}

TexturePtr SdlCanvas::make_target() const {
  // Layers and kept pictures hold opaque pictures (a slide, a takeover), so in software they
  // do without an alpha channel: SDL then blends them with its surface-alpha blitter, not its
  // generic per-pixel one: a 1080p picture blended at half alpha costs 0.6 ms instead of 6.2
  // (measured here). A GL texture keeps its alpha: GL would blend with what the target holds there.
  const Uint32 format = software_ ? SDL_PIXELFORMAT_RGB888 : SDL_PIXELFORMAT_ARGB8888;
  TexturePtr texture(
      SDL_CreateTexture(renderer_, format, SDL_TEXTUREACCESS_TARGET, output_w_, output_h_));
  if (texture) SDL_SetTextureBlendMode(texture.get(), SDL_BLENDMODE_BLEND);
  return texture;
}

void SdlCanvas::push_target(SDL_Texture* texture) {
  Target target{SDL_GetRenderTarget(renderer_), std::move(state_)};
  state_ = {};
  target.failed = !texture || SDL_SetRenderTarget(renderer_, texture) != 0;
  if (!target.failed) {
    SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 0);
    SDL_RenderSetClipRect(renderer_, nullptr);
    SDL_RenderClear(renderer_);
  }
  targets_.push_back(std::move(target));
}

void SdlCanvas::pop_target() {
  assert(!targets_.empty());
  Target target = std::move(targets_.back());
  targets_.pop_back();
  if (!target.failed) SDL_SetRenderTarget(renderer_, target.previous);
  state_ = std::move(target.state);
  apply_clip();
}

void SdlCanvas::draw_texture(SDL_Texture* texture, const Rect& dst, double alpha_mod) {
  const Uint8 a = to_byte(alpha_mod * alpha());
  if (!texture || a == 0 || clipped_out()) return;
  // Slides are opaque, but SDL's blending can leave a glyph edge at alpha 254; copying at
  // full alpha keeps such a pixel from picking up what was underneath.
  SDL_SetTextureBlendMode(texture, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
  SDL_SetTextureAlphaMod(texture, a);
  const SDL_Rect d = to_physical(dst);
  SDL_RenderCopy(renderer_, texture, nullptr, &d);
}

void SdlCanvas::begin_layer(int layer) {
  assert(current_layer_ < 0 && "layers do not nest");
  current_layer_ = layer;
  Layer& target = layers_[layer];
  target.picture = nullptr;
  if (!target.texture || target.w != output_w_ || target.h != output_h_) {
    target.texture = make_target();
    target.w = output_w_;
    target.h = output_h_;
  }
  push_target(target.texture.get());
  layer_failed_ = targets_.back().failed;
  if (layer_failed_) {
    // Drawing goes straight to the output instead, so the incoming slide simply
    // replaces the outgoing one: a cut, not a black screen.
    warn_once(std::string("render target textures unavailable (") + SDL_GetError() +
              "); transitions become cuts");
  }
}

void SdlCanvas::end_layer() {
  assert(current_layer_ >= 0);
  pop_target();
  current_layer_ = -1;
}

void SdlCanvas::draw_layer(int layer, const Rect& dst, double alpha_mod) {
  const auto it = layers_.find(layer);
  if (layer_failed_ || it == layers_.end()) return;
  SDL_Texture* texture = it->second.picture ? it->second.picture : it->second.texture.get();
  if (it->second.picture) ++stats_.pictures_drawn;
  draw_texture(texture, dst, alpha_mod);
}

void SdlCanvas::begin_picture(std::uint64_t key) {
  Picture& picture = pictures_[key];
  picture.texture = make_target();
  picture.drawn = frame_;
  ++stats_.pictures_made;
  push_target(picture.texture.get());
  if (targets_.back().failed) {
    // Never on screen: a picture that cannot be kept is drawn as it comes.
    pictures_.erase(key);
    pictures_ok_ = false;
  }
}

void SdlCanvas::end_picture() {
  pop_target();
}

void SdlCanvas::draw_picture(std::uint64_t key, const Rect& dst, double alpha_mod) {
  const auto it = pictures_.find(key);
  if (it == pictures_.end()) return;
  it->second.drawn = frame_;
  ++stats_.pictures_drawn;
  draw_texture(it->second.texture.get(), dst, alpha_mod);
}

void SdlCanvas::forget_pictures() {
  for (auto& [number, layer] : layers_) layer.picture = nullptr;
  pictures_.clear();
}

void SdlCanvas::layer_from_picture(int layer, std::uint64_t key) {
  const auto it = pictures_.find(key);
  if (it == pictures_.end()) return;
  it->second.drawn = frame_;
  layers_[layer].picture = it->second.texture.get();
  layer_failed_ = false;
}

}  // namespace marquee::backends
