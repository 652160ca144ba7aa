// Image headers (PNG IHDR, JPEG SOFn, GIF, BMP, WebP, SVG attributes) read without decoding.
#include "config/image_probe.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>

namespace marquee::config {
namespace {

constexpr std::size_t kHeadBytes = 64 * 1024;  // enough for any header but a JPEG's
constexpr int kMaxJpegSegments = 1000;

using ReadAt = ImageReader;

std::uint32_t be(std::string_view b, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i)
    v = v << 8 | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

std::uint32_t le(std::string_view b, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i)
    v = v << 8 | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

struct Probe {
  std::optional<ImageHeader> header;
  std::string problem;
};

Probe sized(ImageHeader::Format format, std::int64_t width, std::int64_t height) {
  return {ImageHeader{format, width, height}, {}};
}
Probe failed(std::string problem) {
  return {std::nullopt, std::move(problem)};
}
const Probe kCutShort = failed("image header is cut short; is the file complete?");

Probe png(std::string_view head) {
  if (head.size() < 24) return kCutShort;
  if (head.substr(12, 4) != "IHDR") return failed("PNG file without an IHDR header; it is damaged");
  return sized(ImageHeader::Format::png, be(head, 16, 4), be(head, 20, 4));
}

Probe gif(std::string_view head) {
  if (head.size() < 10) return kCutShort;
  return sized(ImageHeader::Format::gif, le(head, 6, 2), le(head, 8, 2));
}

Probe bmp(std::string_view head) {
  if (head.size() < 26) return kCutShort;
  if (le(head, 14, 4) == 12)  // the old OS/2 header has 16-bit sizes
    return sized(ImageHeader::Format::bmp, le(head, 18, 2), le(head, 20, 2));
  const auto width = static_cast<std::int32_t>(le(head, 18, 4));
  const auto height = static_cast<std::int32_t>(le(head, 22, 4));  // negative: top-down rows
  return sized(ImageHeader::Format::bmp, std::abs(static_cast<std::int64_t>(width)),
               std::abs(static_cast<std::int64_t>(height)));
}

Probe webp(std::string_view head) {
  if (head.size() < 30) return kCutShort;
  const std::string_view chunk = head.substr(12, 4);
  if (chunk == "VP8X")
    return sized(ImageHeader::Format::webp, std::int64_t{le(head, 24, 3)} + 1,
                 std::int64_t{le(head, 27, 3)} + 1);
  if (chunk == "VP8L" && static_cast<unsigned char>(head[20]) == 0x2F) {
    const std::uint32_t bits = le(head, 21, 4);
    return sized(ImageHeader::Format::webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (chunk == "VP8 " && head.substr(23, 3) == "\x9D\x01\x2A")
    return sized(ImageHeader::Format::webp, le(head, 26, 2) & 0x3FFF, le(head, 28, 2) & 0x3FFF);
  return failed("WebP file with an unknown header; it is damaged");
}

// Walks the marker segments up to the frame header, reading 4 bytes per segment.
Probe jpeg(const ReadAt& read) {
  std::uint64_t at = 2;  // after SOI
  for (int segment = 0; segment < kMaxJpegSegments; ++segment) {
    const std::string marker = read(at, 4);
    if (marker.size() < 4) return kCutShort;
    if (static_cast<unsigned char>(marker[0]) != 0xFF)
      return failed("JPEG file with a damaged header");
    const auto type = static_cast<unsigned char>(marker[1]);
    if (type == 0xFF) {  // fill byte before a marker
      ++at;
      continue;
    }
    if (type == 0x01 || (type >= 0xD0 && type <= 0xD8)) {  // markers without a length
      at += 2;
      continue;
    }
    if (type == 0xD9 || type == 0xDA)
      return failed("JPEG file without a frame header; it is damaged");
    const bool frame = type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC;
    if (frame) {
      const std::string sof = read(at + 4, 5);  // precision, height, width
      if (sof.size() < 5) return kCutShort;
      return sized(ImageHeader::Format::jpeg, be(sof, 3, 2), be(sof, 1, 2));
    }
    const std::uint32_t length = be(marker, 2, 2);
    if (length < 2) return failed("JPEG file with a damaged header");
    at += 2 + length;
  }
  return failed("JPEG file without a frame header in its first segments");
}

std::optional<double> svg_length(std::string_view value) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
    value.remove_prefix(1);
  double number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc{} || !std::isfinite(number)) return std::nullopt;
  std::string_view unit(end, static_cast<std::size_t>(value.data() + value.size() - end));
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back())))
    unit.remove_suffix(1);
  // CSS units at SDL_image's 96 dpi; percentages depend on a viewport there is none of.
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"", 1},           {"px", 1},         {"pt", 96.0 / 72}, {"pc", 16}, {"in", 96},
      {"cm", 96 / 2.54}, {"mm", 96 / 25.4}, {"em", 16},        {"ex", 8}};
  for (const auto& [name, scale] : kUnits)
    if (unit == name) return number * scale;
  return std::nullopt;
}

std::optional<std::string_view> svg_attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    const std::size_t end = tag.find(tag[i], i + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return tag.substr(i + 1, end - i - 1);
  }
  return std::nullopt;
}

// The opening <svg ...> tag, outside comments, or empty when there is none.
std::string_view svg_tag(std::string_view head) {
  for (std::size_t i = 0; i < head.size();) {
    if (head.substr(i, 4) == "<!--") {
      const std::size_t end = head.find("-->", i + 4);
      if (end == std::string_view::npos) return {};
      i = end + 3;
    } else if (head.substr(i, 4) == "<svg" && i + 4 < head.size() &&
               (std::isspace(static_cast<unsigned char>(head[i + 4])) || head[i + 4] == '>' ||
                head[i + 4] == '/')) {
      const std::size_t end = head.find('>', i);
      return end == std::string_view::npos ? std::string_view{} : head.substr(i, end - i);
    } else {
      ++i;
    }
  }
  return {};
}

// Best effort, as SDL_image's nanosvg does it: width and height, else the viewBox.
Probe svg(std::string_view tag) {
  std::optional<double> width, height;
  if (auto w = svg_attribute(tag, "width")) width = svg_length(*w);
  if (auto h = svg_attribute(tag, "height")) height = svg_length(*h);
  if (!width || !height) {
    if (auto box = svg_attribute(tag, "viewBox")) {
      std::string text(*box);
      std::replace(text.begin(), text.end(), ',', ' ');
      std::array<double, 4> v{};
      std::string_view rest = text;
      bool ok = true;
      for (double& number : v) {
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
        ok = ok && ec == std::errc{} && std::isfinite(number);
        rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
      }
      if (ok) {
        if (!width) width = v[2];
        if (!height) height = v[3];
      }
    }
  }
  if (!width || !height) return sized(ImageHeader::Format::svg, 0, 0);
  // Clamped, so the size check below sees an absurd size rather than an overflow.
  const auto pixels = [](double v) {
    return static_cast<std::int64_t>(std::ceil(std::clamp(v, 0.0, 1e12)));
  };
  return sized(ImageHeader::Format::svg, pixels(*width), pixels(*height));
}

bool looks_like_svg(std::string_view head) {
  std::size_t i = head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  return i < head.size() && head[i] == '<' && !svg_tag(head).empty();
}

std::string one_decimal_up(double value) {
  const auto tenths = static_cast<long long>(std::ceil(value * 10));
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

// "24 Mpx", "33.2 Mpx": a whole number without its ".0".
std::string megapixels(std::int64_t pixels) {
  std::string out = one_decimal_up(static_cast<double>(pixels) / 1e6);
  if (out.ends_with(".0")) out.resize(out.size() - 2);
  return out + " Mpx";
}

std::string megabytes(std::int64_t bytes) {
  return std::to_string((bytes + 999'999) / 1'000'000) + " MB";
}

Probe check_size(Probe probe, const ImageBudget& budget) {
  if (!probe.header) return probe;
  const auto [format, width, height] = *probe.header;
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (format == ImageHeader::Format::svg && width == 0 && height == 0) return probe;
  if (width <= 0 || height <= 0) return failed("image has no pixels (" + size + "); it is damaged");
  if (width > kMaxImageSide || height > kMaxImageSide)
    return failed("image is too large (" + size + "); the limit is " +
                  std::to_string(kMaxImageSide) + " px a side");
  const std::int64_t pixels = width * height;  // both at most kMaxImageSide: no overflow
  if (pixels > budget.pixels) {
    const std::string screen = budget.screen_width > 0
                                   ? " on a " + std::to_string(budget.screen_width) + "x" +
                                         std::to_string(budget.screen_height) + " screen"
                                   : "";
    return failed("image is too large (" + size + ": " +
                  one_decimal_up(static_cast<double>(pixels) / 1e6) + " Mpx, " +
                  megabytes(pixels * kDecodedBytesPerPixel) + " decoded); the limit" + screen +
                  " is " + megapixels(budget.pixels) + " (" + megabytes(budget.bytes()) + ")");
  }
  return probe;
}

Probe probe(const ReadAt& read, const ImageBudget& budget) {
  const std::string head = read(0, kHeadBytes);
  const std::string_view h = head;
  if (h.empty()) return failed("file is empty");
  if (h.starts_with("\x89PNG\r\n\x1A\n")) return check_size(png(h), budget);
  if (h.starts_with("\xFF\xD8\xFF")) return check_size(jpeg(read), budget);
  if (h.starts_with("GIF87a") || h.starts_with("GIF89a")) return check_size(gif(h), budget);
  if (h.starts_with("BM")) return check_size(bmp(h), budget);
  if (h.starts_with("RIFF") && h.size() < 12) return kCutShort;
  if (h.starts_with("RIFF") && h.substr(8, 4) == "WEBP") return check_size(webp(h), budget);
  if (looks_like_svg(h)) return check_size(svg(svg_tag(h)), budget);
  return failed("not a PNG, JPEG, GIF, BMP, WebP or SVG image");
}

std::optional<ImageHeader> finish(Probe result, std::string* problem) {
  if (problem) *problem = std::move(result.problem);
  return result.header;
}

}  // namespace

const char* format_name(ImageHeader::Format format) {
  switch (format) {
    case ImageHeader::Format::png:
      return "PNG";
    case ImageHeader::Format::jpeg:
      return "JPEG";
    case ImageHeader::Format::gif:
      return "GIF";
    case ImageHeader::Format::bmp:
      return "BMP";
    case ImageHeader::Format::webp:
      return "WebP";
    case ImageHeader::Format::svg:
      return "SVG";
  }
  return "image";
}

ImageBudget image_budget(std::int64_t screen_width, std::int64_t screen_height) {
  ImageBudget budget;
  if (screen_width <= 0 || screen_height <= 0) return budget;
  // 64 bits hold this for any screen there is.
  const std::int64_t relative = kScreensPerImage * screen_width * screen_height;
  budget.pixels = std::clamp(relative, kMinImageBudgetPixels, kMaxImagePixels);
  budget.screen_width = screen_width;
  budget.screen_height = screen_height;
  return budget;
}

std::optional<ImageHeader> probe_image_with(const ImageReader& read, std::string* problem,
                                            const ImageBudget& budget) {
  try {
    return finish(probe(read, budget), problem);
  } catch (const std::exception& e) {  // bad_alloc, or a header read past its end (a bug)
    return finish(failed(std::string("cannot read image: ") + e.what()), problem);
  }
}

std::optional<ImageHeader> probe_image_bytes(std::string_view bytes, std::string* problem,
                                             const ImageBudget& budget) {
  return probe_image_with(
      [bytes](std::uint64_t offset, std::size_t n) {
        if (offset >= bytes.size()) return std::string{};
        return std::string(bytes.substr(static_cast<std::size_t>(offset), n));
      },
      problem, budget);
}

std::optional<ImageHeader> probe_image(const std::filesystem::path& file, std::string* problem,
                                       const ImageBudget& budget) {
  try {
    // Opening a pipe would block, and a device may never end.
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (status.type() == std::filesystem::file_type::not_found)
      return finish(failed("file not found"), problem);
    if (ec) return finish(failed("cannot read image: " + ec.message()), problem);
    if (!std::filesystem::is_regular_file(status))
      return finish(failed("not a regular file"), problem);
    std::ifstream in(file, std::ios::binary);
    if (!in) return finish(failed("cannot open image file"), problem);
    return probe_image_with(
        [&in](std::uint64_t offset, std::size_t n) {
          std::string out(n, '\0');
          in.clear();
          if (!in.seekg(static_cast<std::streamoff>(offset))) return std::string{};
          in.read(out.data(), static_cast<std::streamsize>(n));
          out.resize(static_cast<std::size_t>(in.gcount()));
          return out;
        },
        problem, budget);
  } catch (const std::exception& e) {  // bad_alloc or a filesystem surprise
    return finish(failed(std::string("cannot read image: ") + e.what()), problem);
  }
}

}  // namespace marquee::config
