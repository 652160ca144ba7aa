// Loop-gap bench: plays a generated clip on loop and times frame arrivals across the loop points.
//
//   bench_video_loop_gap [--fps 25] [--seconds 2] [--loops 3] [--size 640x360] [--file clip.mp4]
//
// The clip's frames carry their number, so a loop point is where the number goes back.
// A frame's arrival is when VideoSource publishes it, polled every 0.5 ms like a fast
// render loop would; the interval that ends at the first frame of a loop is the loop gap.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "backends/video/test_clips.h"
#include "backends/video/video_source.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace marquee::video;

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  int fps = 25, loops = 3, width = 640, height = 360;
  double seconds = 2;
  std::string file;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--fps") fps = std::stoi(value);
    if (flag == "--seconds") seconds = std::stod(value);
    if (flag == "--loops") loops = std::stoi(value);
    if (flag == "--file") file = value;
    if (flag == "--size") std::sscanf(value.c_str(), "%dx%d", &width, &height);
  }
  spdlog::set_level(spdlog::level::warn);

  const auto dir =
      std::filesystem::temp_directory_path() / ("marquee-loop-gap-" + std::to_string(::getpid()));
  if (file.empty()) {
    std::filesystem::create_directories(dir);
    file = (dir / "clip.mp4").string();
    clips::ClipSpec spec;
    spec.width = width;
    spec.height = height;
    spec.fps = fps;
    spec.seconds = seconds;
    if (!clips::make_pattern_clip(file, spec)) return 1;
  }
  const int frames_in_file = static_cast<int>(fps * seconds + 0.5);
  const double period = 1000.0 / fps;

  VideoSource video(file, {});
  if (!video.start()) return 1;
  struct Arrival {
    Clock::time_point at;
    int number;
  };
  std::vector<Arrival> arrivals;
  std::uint64_t since = 0;
  int wraps = 0;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds * (loops + 1.5) + 3);
  while (wraps < loops && Clock::now() < deadline) {
    video.update();
    video.with_latest_frame(since, [&](const FrameView& f) {
      since = f.sequence;
      const int number = clips::frame_number(f);
      if (!arrivals.empty() && number < arrivals.back().number) ++wraps;
      arrivals.push_back({Clock::now(), number});
    });
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  if (video.state() != VideoSource::State::playing || arrivals.size() < 3) {
    std::fprintf(stderr, "playback failed: %s\n", video.error().c_str());
    return 1;
  }

  std::vector<double> intervals;
  std::vector<double> loop_gaps;
  std::string loop_detail;
  for (std::size_t i = 2; i < arrivals.size(); ++i) {  // the first interval includes start-up
    const double gap = ms(arrivals[i].at - arrivals[i - 1].at);
    if (arrivals[i].number < arrivals[i - 1].number) {
      loop_gaps.push_back(gap);
      loop_detail += " " + std::to_string(arrivals[i - 1].number) + "->" +
                     std::to_string(arrivals[i].number) + " (" + std::to_string(gap).substr(0, 5) +
                     " ms)";
    } else {
      intervals.push_back(gap);
    }
  }
  const double median = percentile(intervals, 0.5);
  const double worst_loop =
      loop_gaps.empty() ? 0 : *std::max_element(loop_gaps.begin(), loop_gaps.end());
  const double worst_other =
      intervals.empty() ? 0 : *std::max_element(intervals.begin(), intervals.end());
  std::printf("clip: %dx%d, %d fps, %d frames (%.2f s), frame period %.2f ms\n", width, height, fps,
              frames_in_file, seconds, period);
  std::printf("frames received: %zu over %d loop points\n", arrivals.size(), wraps);
  std::printf(
      "median frame interval: %.2f ms (%.2fx period), p95 %.2f ms, longest inside a loop %.2f ms\n",
      median, median / period, percentile(intervals, 0.95), worst_other);
  std::printf("loop points (last frame -> first frame):%s\n", loop_detail.c_str());
  std::printf(
      "longest interval across a loop point: %.2f ms = %.2fx the frame period (target <= 2x)\n",
      worst_loop, worst_loop / period);

  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return worst_loop / period <= 2.0 ? 0 : 2;
}
