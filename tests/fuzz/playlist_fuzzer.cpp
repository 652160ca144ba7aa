// libFuzzer target for the config layer: playlists, themes, CSV tables and image headers from
// arbitrary bytes.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/csv.h"
#include "config/image_probe.h"
#include "config/loader.h"

namespace {

namespace fs = std::filesystem;
fs::path g_root;

// A content root laid out like a real show's, so fuzzed playlists that name the demo
// theme, images or fonts reach the theme reader, the image probe and the font check.
void make_content_root() {
  g_root = fs::temp_directory_path() / ("marquee-fuzz-" + std::to_string(::getpid()));
  const fs::path source = MARQUEE_SOURCE_DIR;
  const auto copy = fs::copy_options::recursive | fs::copy_options::overwrite_existing;
  fs::create_directories(g_root / "playlists");
  fs::copy(source / "themes", g_root / "themes", copy);
  fs::copy(source / "tests/data/loader/themes", g_root / "themes", copy);
  fs::copy(source / "assets", g_root / "assets", copy);
  fs::copy(source / "tests/data/loader/assets", g_root / "assets", copy);
  fs::copy(source / "tests/data/hostile/assets", g_root / "assets", copy);
  std::atexit([] {
    std::error_code ec;
    fs::remove_all(g_root, ec);
  });
}

// What the loader promises whatever the input: positions are 1-based and, in the text
// read, on one of its lines; messages say something in one line; nothing escapes as an
// exception; and a show that is ok can be played.
void check(const std::vector<marquee::Diagnostic>& diagnostics, std::string_view text = {},
           const std::string& file = {}) {
  // At most: CSV counts a lone CR as a line break too.
  const auto lines =
      1 + std::count_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; });
  for (const auto& d : diagnostics) {
    if (d.line < 1 || d.column < 1 || d.message.empty()) __builtin_trap();
    if (d.message.starts_with("internal error")) __builtin_trap();
    if (d.message.find_first_of("\n\r") != std::string::npos) __builtin_trap();
    if (!file.empty() && d.file == file && d.line > lines) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  make_content_root();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // A leading control byte that no text file starts with picks another reader, so
  // plain playlists stay valid seeds as they are.
  switch (bytes.empty() ? '\0' : bytes.front()) {
    case '\x01': {
      const fs::path file = g_root / "themes/fuzz.yaml";
      const auto result = marquee::config::load_theme_from_string(bytes.substr(1), file, g_root);
      check(result.diagnostics, bytes.substr(1), file.string());
      break;
    }
    case '\x02': {
      const auto table = marquee::config::read_csv(bytes.substr(1), "fuzz.csv");
      check(table.diagnostics, bytes.substr(1), "fuzz.csv");
      if (table.ok())
        for (const auto& row : table.rows)
          if (row.size() != table.rows.front().size()) __builtin_trap();
      break;
    }
    case '\x03': {
      std::string problem;
      const auto header = marquee::config::probe_image_bytes(bytes.substr(1), &problem);
      if (header.has_value() == !problem.empty()) __builtin_trap();
      if (header && (header->width > marquee::config::kMaxImageSide ||
                     header->height > marquee::config::kMaxImageSide ||
                     header->width * header->height > marquee::config::image_budget().pixels))
        __builtin_trap();
      break;
    }
    default: {
      const fs::path file = g_root / "playlists/fuzz.yaml";
      const auto result = marquee::config::load_show_from_string(bytes, file, g_root);
      check(result.diagnostics, bytes, file.string());
      if (result.ok() && (result.show->slides.empty() || !result.show->zone)) __builtin_trap();
    }
  }
  return 0;
}
