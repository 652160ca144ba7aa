// quick_video_problem(): a libvlc-free look at a video file: there, not empty, not text, MP4 whole.
#include "config/video_probe.h"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>

namespace marquee::config {
namespace {

namespace fs = std::filesystem;

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

std::uint64_t read_be(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

bool is_box_type(const unsigned char* p) {
  for (int i = 0; i < 4; ++i)
    if (p[i] < 0x20 || p[i] > 0x7E) return false;
  return true;
}

// Containers always have control bytes (box sizes, EBML ids, sync words) in their first
// kilobytes; text does not. Catches subtitles, HTML error pages from failed downloads and
// notes renamed to .mp4 before libvlc spends seconds probing them.
bool looks_like_text(std::string_view head) {
  for (unsigned char c : head)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) return false;
  return true;
}

// The first box of an ISO BMFF (MP4, MOV, M4V, 3GP) file is one of these.
bool starts_like_iso_bmff(std::string_view head) {
  if (head.size() < 8) return false;
  static constexpr std::array<std::string_view, 8> kFirstBoxes = {"ftyp", "moov", "mdat", "free",
                                                                  "skip", "wide", "pnot", "uuid"};
  const std::string_view type = head.substr(4, 4);
  for (auto known : kFirstBoxes)
    if (type == known) return true;
  return false;
}

// Walks the top-level boxes: an interrupted copy or download cuts the last box short,
// and a recording that was never finalised has no 'moov' index. Both play as nothing.
std::optional<std::string> check_iso_bmff(std::FILE* f, std::uint64_t size) {
  std::uint64_t offset = 0;
  bool moov = false;
  for (int boxes = 0; offset < size; ++boxes) {
    if (boxes > 100'000) return "is damaged: too many MP4 boxes";
    if (size - offset < 8)
      return "is truncated: it ends inside an MP4 box header (incomplete copy or download?)";
    unsigned char header[16];
    if (fseeko(f, static_cast<off_t>(offset), SEEK_SET) != 0 || std::fread(header, 1, 8, f) != 8)
      return std::string("cannot be read: ") + std::strerror(errno);
    std::uint64_t box = read_be(header, 4);
    std::uint64_t header_size = 8;
    if (!is_box_type(header + 4))
      return "is damaged: no valid MP4 box at byte " + std::to_string(offset);
    const std::string type(reinterpret_cast<const char*>(header + 4), 4);
    if (box == 1) {
      if (size - offset < 16 || std::fread(header + 8, 1, 8, f) != 8)
        return "is truncated: it ends inside the '" + type + "' box header";
      box = read_be(header + 8, 8);
      header_size = 16;
    } else if (box == 0) {
      box = size - offset;  // "extends to the end of the file"
    }
    if (box < header_size)
      return "is damaged: the '" + type + "' box at byte " + std::to_string(offset) +
             " has an impossible size";
    if (box > size - offset)
      return "is truncated: its '" + type + "' box needs " + std::to_string(offset + box) +
             " bytes but the file has " + std::to_string(size) + " (incomplete copy or download?)";
    moov = moov || type == "moov";
    offset += box;
  }
  if (!moov) return "has no 'moov' index: a truncated file or an unfinished recording";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> quick_video_problem(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (status.type() == fs::file_type::not_found) return "file not found";
  if (ec) return "cannot be read: " + ec.message();
  if (fs::is_directory(status)) return "is a directory, not a video file";
  if (!fs::is_regular_file(status)) return "is not a regular file";
  const std::uint64_t size = fs::file_size(file, ec);
  if (ec) return "cannot be read: " + ec.message();
  if (size == 0) return "file is empty";

  File f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f) return std::string("cannot be read: ") + std::strerror(errno);
  std::array<char, 4096> buffer;
  const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), f.get());
  if (got == 0) return std::string("cannot be read: ") + std::strerror(errno);
  const std::string_view head(buffer.data(), got);

  if (looks_like_text(head)) {
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && head[first] == '<')
      return "is an HTML or XML page, not a video (a failed download?)";
    return "is a text file, not a video";
  }
  if (starts_like_iso_bmff(head)) return check_iso_bmff(f.get(), size);
  return std::nullopt;
}

}  // namespace marquee::config
