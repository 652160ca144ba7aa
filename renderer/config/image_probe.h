// Reads only the header of an image file, so absurd sizes are refused before anything decodes them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/show.h"

namespace marquee::config {

// 16384 is the largest texture most GPUs take.
inline constexpr std::int64_t kMaxImageSide = 16384;
// The canvas turns every image into 4-byte ARGB pixels before anything else, so an
// image takes 4 bytes a pixel once decoded (more briefly, while it is converted and
// halved for its mip levels), whatever its format.
inline constexpr std::int64_t kDecodedBytesPerPixel = 4;
// An image may have 4x the screen's pixels (room to crop or zoom), never fewer than
// 24 Mpx, so that any phone or camera photo is shown, and never more than 64 Mpx
// (256 MB decoded), whatever the screen.
inline constexpr std::int64_t kScreensPerImage = 4;
inline constexpr std::int64_t kMinImageBudgetPixels = 24'000'000;
inline constexpr std::int64_t kMaxImagePixels = 64'000'000;

// How big an image may be on one screen, in pixels and so in decoded bytes.
struct ImageBudget {
  std::int64_t pixels = kMinImageBudgetPixels;
  std::int64_t screen_width = 0, screen_height = 0;  // 0: any screen
  std::int64_t bytes() const { return pixels * kDecodedBytesPerPixel; }
};
// The budget on a screen of that size; without one (validate, which speaks for every
// screen), the smallest budget there is, so what validate accepts every player shows.
ImageBudget image_budget(std::int64_t screen_width = 0, std::int64_t screen_height = 0);

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
// image, or claims more than kMaxImageSide a side or more pixels than `budget`:
//   "image is too large (50000x50000); the limit is 16384 px a side"
//   "image is too large (8000x4000: 32.0 Mpx, 128 MB decoded); the limit is 24 Mpx (96 MB)"
// Never throws and never allocates more than 64 KB, whatever the file says. Validate
// and the player both ask this before anything decodes an image.
std::optional<ImageHeader> probe_image(const std::filesystem::path& file,
                                       std::string* problem = nullptr,
                                       const ImageBudget& budget = image_budget());
// The same for an image already in memory.
std::optional<ImageHeader> probe_image_bytes(std::string_view bytes, std::string* problem = nullptr,
                                             const ImageBudget& budget = image_budget());
// The same for an image read through `read`: up to n bytes at an offset, fewer at the
// end. The player reads through the handle it then decodes from, so a file replaced in
// between cannot slip past the check.
using ImageReader = std::function<std::string(std::uint64_t offset, std::size_t n)>;
std::optional<ImageHeader> probe_image_with(const ImageReader& read, std::string* problem,
                                            const ImageBudget& budget);

// The shapes (width / height) of a sponsor slide's logos as their headers give them, per
// tier and sponsor; 0 for a wordmark or a logo that cannot be read. Validate and `marquee
// report` lay walls out with these, where no canvas has loaded the logos.
std::vector<std::vector<double>> probe_logo_aspects(const SponsorsSlide& slide);

}  // namespace marquee::config
