// decode_still(): seek to the keyframe before the mark, decode forward to it, convert with
// libswscale.
#include "backends/video/video_still.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

extern "C" {
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "config/video_probe.h"

namespace marquee::video {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct FrameFree {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
struct ScaleFree {
  void operator()(SwsContext* c) const { sws_freeContext(c); }
};

// libvlc's copies use 32-byte rows; SDL_ConvertPixels reads these the same way.
constexpr int kAlign = 32;
int align_up(int value) {
  return (value + kAlign - 1) / kAlign * kAlign;
}

// How far before the mark each try seeks. Demuxers that seek by time stamp (MPEG-TS) can
// land past the keyframe the mark needs; each try looks further back, and a last one
// decodes from the start of the file.
constexpr Millis kLookBack[] = {0ms, 1000ms, 4000ms, 15000ms};

enum class Found { picture, past_the_mark, cannot_seek, nothing };

// Decodes forward from the keyframe at or before `from` (the first picture when 0),
// keeping in *kept the last picture at or before `at`. past_the_mark: after a seek, the
// first picture was already later than the mark.
Found last_picture_before(const std::filesystem::path& file, Millis from, Millis at, Millis limit,
                          AVFrame* kept, Millis* kept_time, std::string* problem) {
  auto reader = config::VideoReader::open(file, limit, problem);
  if (!reader) return Found::nothing;
  const bool from_start = from <= 0ms;
  if (!from_start && !reader->seek(from)) return Found::cannot_seek;
  bool any = false;
  while (const AVFrame* picture = reader->next(problem)) {
    if (!reader->at_or_before(*picture, at)) {
      if (any) return Found::picture;
      // The first picture is past the mark: from the start, that is the film's first
      // picture (what the screen shows first); after a seek, look further back.
      if (!from_start) return Found::past_the_mark;
      av_frame_unref(kept);
      av_frame_ref(kept, picture);
      *kept_time = reader->time_of(*picture);
      return Found::picture;
    }
    av_frame_unref(kept);
    if (av_frame_ref(kept, picture) < 0) {
      if (problem) *problem = "out of memory";
      return Found::nothing;
    }
    *kept_time = reader->time_of(*picture);
    any = true;
  }
  // Out of time: the picture kept may be early, and a guess is not the same every run.
  if (problem && !problem->empty()) return Found::nothing;
  // The end of the file: its last picture is what the screen holds.
  if (any) return Found::picture;
  // A seek by time stamp near the end can land past the last keyframe: look further back.
  if (!from_start) return Found::past_the_mark;
  if (problem)
    *problem = reader->input_ended() ? "it has no picture at or before the mark"
                                     : "its pictures cannot be decoded";
  return Found::nothing;
}

// Turns a picture upright: `turns` quarter turns clockwise of packed 4-byte pixels.
void rotate(const std::uint8_t* src, int src_pitch, int w, int h, int turns, std::uint8_t* dst,
            int dst_pitch) {
  for (int y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(src + std::ptrdiff_t{y} * src_pitch);
    for (int x = 0; x < w; ++x) {
      int dx = x, dy = y;
      if (turns == 1) dx = h - 1 - y, dy = x;
      if (turns == 2) dx = w - 1 - x, dy = h - 1 - y;
      if (turns == 3) dx = y, dy = w - 1 - x;
      std::memcpy(dst + std::ptrdiff_t{dy} * dst_pitch + std::ptrdiff_t{dx} * 4, &row[x], 4);
    }
  }
}

}  // namespace

std::optional<Still> decode_still(const std::filesystem::path& file, Millis at, bool loop,
                                  std::string* problem, Millis limit) {
  const auto deadline = Clock::now() + limit;
  auto fail = [&](std::string why) -> std::optional<Still> {
    if (problem) *problem = std::move(why);
    return std::nullopt;
  };
  // Probing first (cached since validation) refuses what cannot play, with the probe's
  // reason, and tells the film's length.
  std::string why;
  const auto probed = config::probe_video(file, &why);
  if (!probed) return fail(why);
  at = std::max(at, 0ms);
  if (loop && probed->duration > 0ms) at %= probed->duration;

  FramePtr kept(av_frame_alloc());
  if (!kept) return fail("out of memory");
  Millis kept_time{0};
  const config::VideoInfo& info = *probed;
  Found result = Found::past_the_mark;
  for (std::size_t attempt = 0; attempt <= std::size(kLookBack); ++attempt) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    if (left <= 0ms) return fail("took more than " + std::to_string(limit.count()) + " ms");
    // The last try decodes from the very start.
    const Millis from =
        attempt < std::size(kLookBack) ? std::max(0ms, at - kLookBack[attempt]) : 0ms;
    result = last_picture_before(file, from, at, left, kept.get(), &kept_time, &why);
    if (result == Found::cannot_seek)
      result = last_picture_before(file, 0ms, at, left, kept.get(), &kept_time, &why);
    if (result != Found::past_the_mark || from == 0ms) break;
  }
  if (result != Found::picture)
    return fail(why.empty() ? "it has no picture at or before the mark" : why);

  // The display size: anamorphic pixels made square, as libvlc hands them over.
  const int w = kept->width, h = kept->height;
  double aspect = info.pixel_aspect;
  if (kept->sample_aspect_ratio.num > 0 && kept->sample_aspect_ratio.den > 0)
    aspect = av_q2d(kept->sample_aspect_ratio);
  const int dw = std::max(1, static_cast<int>(std::lround(w * aspect))), dh = h;
  const int turns = info.rotation / 90;
  const bool i420 = turns == 0 && dw % 2 == 0 && dh % 2 == 0;

  std::unique_ptr<SwsContext, ScaleFree> scale(sws_getContext(
      w, h, static_cast<AVPixelFormat>(kept->format), dw, dh,
      i420 ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_BGRA, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!scale) return fail("libswscale cannot convert its pictures");
  const bool full_range = kept->color_range == AVCOL_RANGE_JPEG;
  const int* coefficients =
      sws_getCoefficients(kept->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT);
  // I420 keeps the file's range, as libvlc's I420 does; RGB is full range.
  sws_setColorspaceDetails(scale.get(), coefficients, full_range ? 1 : 0, coefficients,
                           i420 ? (full_range ? 1 : 0) : 1, 0, 1 << 16, 1 << 16);

  Still still;
  still.time_ = kept_time;
  FrameView& view = still.view_;
  view.sequence = 1;
  if (i420) {
    const int pitch = align_up(dw);
    const std::size_t luma = std::size_t(pitch) * dh, chroma = std::size_t(pitch / 2) * (dh / 2);
    still.bytes_.reset(new std::uint8_t[luma + 2 * chroma]);
    std::uint8_t* planes[4] = {still.bytes_.get(), still.bytes_.get() + luma,
                               still.bytes_.get() + luma + chroma, nullptr};
    int pitches[4] = {pitch, pitch / 2, pitch / 2, 0};
    sws_scale(scale.get(), kept->data, kept->linesize, 0, h, planes, pitches);
    view.layout = PixelLayout::i420;
    view.planes = {planes[0], planes[1], planes[2]};
    view.pitches = {pitches[0], pitches[1], pitches[2]};
    view.width = dw;
    view.height = dh;
    return still;
  }
  const int pitch = align_up(dw * 4);
  std::unique_ptr<std::uint8_t[]> upright(new std::uint8_t[std::size_t(pitch) * dh]);
  std::uint8_t* planes[4] = {upright.get(), nullptr, nullptr, nullptr};
  int pitches[4] = {pitch, 0, 0, 0};
  sws_scale(scale.get(), kept->data, kept->linesize, 0, h, planes, pitches);
  view.layout = PixelLayout::xrgb8888;
  if (turns == 0) {
    still.bytes_ = std::move(upright);
    view.width = dw;
    view.height = dh;
  } else {
    view.width = turns % 2 ? dh : dw;
    view.height = turns % 2 ? dw : dh;
    const int turned_pitch = align_up(view.width * 4);
    still.bytes_.reset(new std::uint8_t[std::size_t(turned_pitch) * view.height]);
    rotate(upright.get(), pitch, dw, dh, turns, still.bytes_.get(), turned_pitch);
    view.pitches[0] = turned_pitch;
  }
  view.planes = {still.bytes_.get(), nullptr, nullptr};
  if (turns == 0) view.pitches[0] = pitch;
  return still;
}

}  // namespace marquee::video
