// Reads only the header of an image file, so absurd sizes are refused before anything decodes them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::config {

// 16384 is the largest texture most GPUs take; 64 Mpx decodes to 256 MB of RGBA.
inline constexpr std::int64_t kMaxImageSide = 16384;
inline constexpr std::int64_t kMaxImagePixels = 64'000'000;

struct ImageHeader {
  enum class Format { png, jpeg, gif, bmp, webp, svg };
  Format format = Format::png;
  // In pixels. Both are 0 for an SVG that states no size: it is drawn at whatever
  // size it is asked for.
  std::int64_t width = 0;
  std::int64_t height = 0;
};

// "PNG", "JPEG", ...
const char* format_name(ImageHeader::Format format);

// The format and size an image file claims, read from its first bytes (a JPEG's
// segment headers are skipped, not read). nullopt, with the reason in *problem when
// given, when the file cannot be read, is not a PNG, JPEG, GIF, BMP, WebP or SVG
// image, or claims more than kMaxImageSide a side or kMaxImagePixels in all:
//   "image is too large (50000x50000); the limit is 16384 px a side"
// Never throws and never allocates more than 64 KB, whatever the file says.
std::optional<ImageHeader> probe_image(const std::filesystem::path& file,
                                       std::string* problem = nullptr);
// The same for an image already in memory.
std::optional<ImageHeader> probe_image_bytes(std::string_view bytes,
                                             std::string* problem = nullptr);

}  // namespace marquee::config
