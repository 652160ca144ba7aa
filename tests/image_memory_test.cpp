// Images cost what their header allows on this screen, checked before anything decodes them.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "backends/offscreen.h"
#include "backends/sdl_system.h"

namespace {

namespace fs = std::filesystem;

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"), or -1.
long status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  return -1;
}

// Sets the peak (VmHWM) back to what is resident now (Linux 4.0 and later), so a peak
// measured after it is this test's alone, whatever ran before in the process.
bool reset_peak() {
  std::ofstream("/proc/self/clear_refs") << "5";
  return status_kb("VmHWM") <= status_kb("VmRSS") + 1024;
}

TEST(ImageMemory, AHeaderClaimingTooMuchIsRefusedWithoutAllocating) {
  marquee::backends::SdlSystem sdl(marquee::backends::SdlSystem::Video::none);
  ASSERT_TRUE(sdl.ok()) << sdl.error();
  marquee::backends::OffscreenCanvas picture(1280, 720);
  ASSERT_TRUE(picture.ok()) << picture.error();
  // 74-byte PNGs, as in the hostile edit: signature, IHDR, a tiny IDAT and IEND, all
  // with good CRCs, so libpng takes the size and finds no pixels only later. 16000x16000
  // is within 16384 a side and would decode to 1 GB; 20000x20000 (1.6 GB) is the edit
  // that took a player to a 1.7 GB peak.
  const fs::path images = fs::path(MARQUEE_TEST_DATA) / "images";
  const fs::path square = images / "claims-16000x16000.png",
                 huge = images / "claims-20000x20000.png";
  ASSERT_EQ(fs::file_size(huge), 74u);

  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(20);
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  ASSERT_TRUE(reset_peak()) << "cannot reset VmHWM through /proc/self/clear_refs";
  const long before = status_kb("VmRSS");
  auto& canvas = picture.canvas();
  canvas.begin_frame();
  const bool square_drawn = canvas.image_size(square).has_value();
  canvas.draw_image(square, {0, 0, 16000, 16000}, {0, 0, 1920, 1080}, 1);
  const bool huge_drawn = canvas.image_size(huge).has_value();
  canvas.draw_image(huge, {0, 0, 20000, 20000}, {0, 0, 1920, 1080}, 1);
  const long peak = status_kb("VmHWM");
  spdlog::set_default_logger(previous);

  EXPECT_FALSE(square_drawn);
  EXPECT_FALSE(huge_drawn);
  ASSERT_GT(before, 0);
  ASSERT_GT(peak, 0);
  // Nothing near the 1 GB a decode would have cleared; a few MB of noise is fine.
  EXPECT_LT(peak - before, 32 * 1024)
      << "peak " << peak << " kB, resident before " << before << " kB";
  const auto lines = sink->last_formatted();
  const auto logged = [&](const std::string& text) {
    for (const auto& line : lines)
      if (line.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(
      logged("claims-16000x16000.png is unavailable (image is too large "
             "(16000x16000: 256.0 Mpx, 1024 MB decoded); the limit on a 1280x720 screen "
             "is 24 Mpx (96 MB))"));
  EXPECT_TRUE(
      logged("claims-20000x20000.png is unavailable (image is too large (20000x20000); "
             "the limit is 16384 px a side)"));
}

}  // namespace
