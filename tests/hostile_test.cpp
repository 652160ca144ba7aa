// Hostile and broken input: a corpus of bad playlists, themes and CSV files, each with its exact
// diagnostics.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "config/csv.h"
#include "config/image_probe.h"
#include "config/loader.h"

namespace {

namespace fs = std::filesystem;
using namespace std::string_view_literals;  // "..."sv keeps the NUL bytes of binary headers
using marquee::Diagnostic;
using marquee::config::CsvTable;
using marquee::config::ImageHeader;
using marquee::config::load_csv;
using marquee::config::load_show;
using marquee::config::load_show_from_string;
using marquee::config::load_theme;
using marquee::config::load_theme_from_string;
using marquee::config::probe_image;
using marquee::config::probe_image_bytes;
using marquee::config::read_csv;
using Lines = std::vector<std::string>;
using Clock = std::chrono::steady_clock;

const fs::path kCorpus = fs::path(MARQUEE_TEST_DATA) / "hostile";
// The promise for alias bombs and deep nesting; every case is held to it.
constexpr auto kPromptly = std::chrono::seconds(1);

// Diagnostics as `marquee validate` prints them, with `dir` left out of file names.
Lines formatted(const std::vector<Diagnostic>& diagnostics, const fs::path& dir = {}) {
  const std::string prefix = dir.empty() ? "" : dir.string() + "/";
  Lines out;
  for (const auto& d : diagnostics) {
    std::string line = marquee::format(d);
    if (!prefix.empty() && line.starts_with(prefix)) line.erase(0, prefix.size());
    out.push_back(line);
  }
  return out;
}

// How expected.txt says each corpus file is loaded.
std::vector<Diagnostic> load_corpus_file(const std::string& name) {
  const fs::path file = kCorpus / name;
  if (name.ends_with(".csv")) return load_csv(file).diagnostics;
  if (name.size() > 3 && name.compare(3, 6, "theme-") == 0) return load_theme(file).diagnostics;
  return load_show(file).diagnostics;
}

// expected.txt: "file<TAB>diagnostic" lines, or "file<TAB>ok"; files in order of appearance.
std::vector<std::pair<std::string, Lines>> read_manifest() {
  std::ifstream in(kCorpus / "expected.txt");
  std::vector<std::pair<std::string, Lines>> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with('#')) continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << "expected.txt line without a tab: " << line;
      continue;
    }
    const std::string file = line.substr(0, tab), expected = line.substr(tab + 1);
    if (out.empty() || out.back().first != file) out.push_back({file, {}});
    if (expected != "ok") out.back().second.push_back(expected);
  }
  return out;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(HostileCorpus, EveryFileGetsExactlyItsDiagnosticsPromptly) {
  const auto manifest = read_manifest();
  ASSERT_GE(manifest.size(), 40u) << "the issue asks for at least 40 cases";
  for (const auto& [name, expected] : manifest) {
    SCOPED_TRACE(name);
    const auto start = Clock::now();
    const auto diagnostics = load_corpus_file(name);
    const auto took = Clock::now() - start;
    EXPECT_EQ(formatted(diagnostics, kCorpus), expected)
        << "this can fail if a message was reworded on purpose; then update expected.txt";
    EXPECT_LT(took, kPromptly);
  }
}

TEST(HostileCorpus, ManifestNamesEveryFileAndNothingElse) {
  std::set<std::string> on_disk, listed;
  for (const auto& entry : fs::directory_iterator(kCorpus))
    if (entry.is_regular_file() && entry.path().filename() != "expected.txt")
      on_disk.insert(entry.path().filename().string());
  for (const auto& [name, expected] : read_manifest()) listed.insert(name);
  EXPECT_EQ(on_disk, listed);
}

TEST(HostileCorpus, BombsAndDeepNestingAnswerInUnderOneSecond) {
  // Also covered above; named here because the issue names them.
  for (const char* name : {"25-alias-bomb.yaml", "26-alias-walk-bomb.yaml",
                           "28-deep-nesting-flow.yaml", "29-deep-nesting-block.yaml"}) {
    const auto start = Clock::now();
    const auto result = load_show(kCorpus / name);
    EXPECT_LT(Clock::now() - start, kPromptly) << name;
    EXPECT_FALSE(result.ok()) << name;
  }
  const auto start = Clock::now();
  const auto result = load_show_from_string(std::string(1'000'000, '['), "p.yaml");
  EXPECT_LT(Clock::now() - start, kPromptly);
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{"p.yaml:1:64: error: nesting is too deep (more than 64 levels); flatten this "
                  "part of the file"});
}

TEST(HostileCorpus, ByteOrderMarkIsAcceptedSilently) {
  const std::string text = slurp(kCorpus / "31-bom.yaml");
  ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF"));
  const auto without = text.substr(3);
  // Same diagnostics, same columns, with and without the mark.
  EXPECT_EQ(formatted(load_show_from_string(text, "p.yaml").diagnostics),
            formatted(load_show_from_string(without, "p.yaml").diagnostics));
  const auto result = load_show_from_string(text, "p.yaml");
  ASSERT_TRUE(result.show);
  EXPECT_EQ(result.show->screen, "lobby");  // not "\xEF\xBB\xBFscreen" as a key
}

TEST(HostileCorpus, UnclosedQuoteDetectionLeavesApostrophesAlone) {
  const auto result = load_show(kCorpus / "67-apostrophes.yaml");
  ASSERT_TRUE(result.ok());
  const auto& title = std::get<marquee::TitleSlide>(result.show->slides.at(0).content);
  EXPECT_EQ(title.headline, "Don't miss the keynote's Q&A");
  EXPECT_EQ(title.kicker, "O'Reilly");
}

// Cases that are made at run time: too big to keep, or not keepable in git.
class HostileFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("marquee-hostile-" + std::to_string(::getpid()) + "-" + test->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "playlists");
    fs::create_directories(root_ / "assets");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  fs::path write(const std::string& relative, std::string_view text) {
    const fs::path file = root_ / relative;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  Lines load(const std::string& relative) {
    return formatted(load_show(root_ / relative).diagnostics, root_);
  }

  fs::path root_;
};

// The smallest PNG header claiming width x height.
std::string png_header(std::uint32_t width, std::uint32_t height) {
  std::string out = "\x89PNG\r\n\x1A\n";
  out += std::string("\0\0\0\x0DIHDR", 8);
  for (const std::uint32_t v : {width, height})
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
  out += std::string("\x08\x02\0\0\0\0\0\0\0", 9);  // depth, colour type, ..., CRC (unchecked)
  return out;
}

TEST_F(HostileFiles, FileOverTheSizeLimitIsRefusedBeforeParsing) {
  // 5.2 MB as `ls -lh` counts it: just under 5.2 * 2^20 bytes.
  std::string text = "slides:\n  - title: { headline: Hi }\n";
  text.resize(5'452'595, '#');
  write("playlists/big.yaml", text);
  const Lines expected{
      "playlists/big.yaml:1:1: error: file is too large (5.2 MB); the limit is 4 MB"};
  EXPECT_EQ(load("playlists/big.yaml"), expected);
  EXPECT_EQ(formatted(load_show_from_string(text, root_ / "playlists/big.yaml").diagnostics, root_),
            expected);
  write("playlists/uses-big-theme.yaml", "theme: big.yaml\nslides:\n  - title: { headline: Hi }\n");
  EXPECT_EQ(load("playlists/uses-big-theme.yaml"), expected);
}

TEST_F(HostileFiles, FileAtTheSizeLimitLoads) {
  std::string text = "slides:\n  - title: { headline: Hi }\n";
  while (text.size() + 64 < (4u << 20)) text += "# " + std::string(61, '-') + "\n";
  text += std::string((4u << 20) - text.size() - 1, '#') + "\n";
  ASSERT_EQ(text.size(), 4u << 20);
  write("playlists/at-limit.yaml", text);
  EXPECT_EQ(load("playlists/at-limit.yaml"), Lines{});
}

TEST_F(HostileFiles, TooManyValuesAreRefusedBeforeParsing) {
  std::string text = "slides:\n";
  for (int i = 0; i < 120'000; ++i) text += "  - a\n";
  write("playlists/many.yaml", text);
  const auto start = Clock::now();
  EXPECT_EQ(load("playlists/many.yaml"),
            Lines{"playlists/many.yaml:100000:3: error: too many values in one file (more than "
                  "100000); remove repeated parts"});
  EXPECT_LT(Clock::now() - start, kPromptly);
}

TEST_F(HostileFiles, FoldersGivenAsFiles) {
  EXPECT_EQ(load("playlists"), Lines{"playlists:1:1: error: cannot open file: it is a folder"});
  EXPECT_EQ(formatted(load_theme(root_ / "assets").diagnostics, root_),
            Lines{"assets:1:1: error: cannot open file: it is a folder"});
  write("playlists/folder-theme.yaml", "theme: ../assets\nslides:\n  - title: { headline: Hi }\n");
  EXPECT_EQ(load("playlists/folder-theme.yaml"),
            Lines{"playlists/folder-theme.yaml:1:8: error: not a file but a folder: ../assets"});
}

TEST_F(HostileFiles, SymbolicLinkLoopsAreReportedNotFollowedForever) {
  fs::create_symlink("loop-b.png", root_ / "assets/loop-a.png");
  fs::create_symlink("loop-a.png", root_ / "assets/loop-b.png");
  fs::create_symlink("self.yaml", root_ / "playlists/self.yaml");
  write("playlists/p.yaml", "slides:\n  - image: { file: ../assets/loop-a.png }\n");
  EXPECT_EQ(load("playlists/p.yaml"),
            Lines{"playlists/p.yaml:2:20: error: cannot read path: too many levels of symbolic "
                  "links"});
  EXPECT_EQ(load("playlists/self.yaml"),
            Lines{"playlists/self.yaml:1:1: error: cannot open file: too many levels of symbolic "
                  "links"});
}

TEST_F(HostileFiles, SymbolicLinksMayNotLeadOutOfTheContentRoot) {
  write("assets/real.png", png_header(4, 3));
  fs::create_symlink("real.png", root_ / "assets/inside.png");
  fs::create_symlink("/etc/passwd", root_ / "assets/passwd.png");
  write("playlists/p.yaml",
        "slides:\n  - image: { file: ../assets/inside.png }\n  - image: { file: "
        "../assets/passwd.png }\n");
  const auto result = load_show(root_ / "playlists/p.yaml");
  EXPECT_EQ(formatted(result.diagnostics, root_),
            Lines{"playlists/p.yaml:3:20: error: path escapes the content root: "
                  "../assets/passwd.png"});
  ASSERT_TRUE(result.show);
  // What escapes is not watched either.
  EXPECT_EQ(result.show->dependencies,
            (std::vector<fs::path>{root_ / "playlists/p.yaml", root_ / "assets/inside.png"}));
}

TEST_F(HostileFiles, PipesAreNotOpened) {
  ASSERT_EQ(::mkfifo((root_ / "playlists/pipe.yaml").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((root_ / "assets/pipe.png").c_str(), 0600), 0);
  // Opening either for reading would block until a writer came: these must return.
  EXPECT_EQ(load("playlists/pipe.yaml"),
            Lines{"playlists/pipe.yaml:1:1: error: cannot open file: it is not a regular file"});
  write("playlists/p.yaml", "slides:\n  - image: { file: ../assets/pipe.png }\n");
  EXPECT_EQ(load("playlists/p.yaml"),
            Lines{"playlists/p.yaml:2:20: error: not a regular file (a pipe or device?): "
                  "../assets/pipe.png"});
  std::string problem;
  EXPECT_FALSE(probe_image(root_ / "assets/pipe.png", &problem));
  EXPECT_EQ(problem, "not a regular file");
}

TEST_F(HostileFiles, ContentRootComesFromTheArgumentThenTheEnvironment) {
  fs::create_directories(root_ / "show/playlists");
  fs::create_directories(root_ / "shared");
  write("shared/logo.png", png_header(10, 10));
  const fs::path playlist =
      write("show/playlists/p.yaml", "slides:\n  - image: { file: ../../shared/logo.png }\n");
  const Lines escapes{
      "show/playlists/p.yaml:2:20: error: path escapes the content root: ../../shared/logo.png"};

  ::unsetenv("MARQUEE_CONTENT_ROOT");
  EXPECT_EQ(formatted(load_show(playlist).diagnostics, root_), escapes);  // root: show/
  EXPECT_EQ(formatted(load_show(playlist, root_).diagnostics, root_), Lines{});
  ::setenv("MARQUEE_CONTENT_ROOT", root_.c_str(), 1);
  EXPECT_EQ(formatted(load_show(playlist).diagnostics, root_), Lines{});
  EXPECT_EQ(formatted(load_show(playlist, root_ / "show").diagnostics, root_), escapes);
  ::unsetenv("MARQUEE_CONTENT_ROOT");
  EXPECT_EQ(marquee::config::content_root_for(playlist), fs::canonical(root_ / "show"));
}

TEST(HostileFonts, RealFontsPassAndOthersAreNamed) {
  const fs::path ttf = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  const fs::path otf = "/usr/share/fonts/opentype/inter/Inter-Regular.otf";
  for (const auto& font : {ttf, otf}) {
    // deploy/install-deps.sh installs both; a missing one is a broken machine, not a skip.
    ASSERT_TRUE(fs::exists(font)) << font << " is missing (fonts-dejavu-core, fonts-inter)";
    const auto result = load_theme_from_string("fonts: { body: { file: " + font.string() + " } }\n",
                                               "t.yaml", fs::path("/"));
    EXPECT_EQ(formatted(result.diagnostics), Lines{}) << font;
  }
  const auto result = load_theme_from_string(
      "fonts: { body: { file: " + (kCorpus / "assets/not-a-font.ttf").string() + " } }\n", "t.yaml",
      fs::path("/"));
  EXPECT_EQ(formatted(result.diagnostics),
            Lines{"t.yaml:1:24: error: not a font file (expected TrueType/OpenType)"});
}

// ---- image headers ----

std::string le16(unsigned v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8 & 0xFF)};
}
std::string le32(std::uint32_t v) {
  return le16(v & 0xFFFF) + le16(v >> 16);
}

struct Probed {
  std::optional<ImageHeader> header;
  std::string problem;
};
Probed probe(std::string_view bytes) {
  Probed out;
  out.header = probe_image_bytes(bytes, &out.problem);
  return out;
}

void expect_size(std::string_view bytes, ImageHeader::Format format, std::int64_t width,
                 std::int64_t height) {
  const auto [header, problem] = probe(bytes);
  ASSERT_TRUE(header) << problem;
  EXPECT_EQ(header->format, format);
  EXPECT_EQ(header->width, width);
  EXPECT_EQ(header->height, height);
  EXPECT_EQ(problem, "");
}

TEST(ImageProbe, ReadsTheRealTestImages) {
  const fs::path images = fs::path(MARQUEE_TEST_DATA) / "images";
  expect_size(slurp(images / "photo.jpg"), ImageHeader::Format::jpeg, 800, 1000);
  expect_size(slurp(images / "gradient.png"), ImageHeader::Format::png, 1200, 900);
  expect_size(slurp(images / "logo.svg"), ImageHeader::Format::svg, 300, 100);
  const auto header = probe_image(images / "photo.jpg");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->width, 800);
}

TEST(ImageProbe, EveryFormatsHeader) {
  using F = ImageHeader::Format;
  expect_size(png_header(640, 480), F::png, 640, 480);
  expect_size("GIF89a" + le16(10) + le16(20) + std::string(4, '\0'), F::gif, 10, 20);
  const std::string bmp_start = "BM" + std::string(12, '\0');
  expect_size(
      bmp_start + le32(40) + le32(3) + le32(static_cast<std::uint32_t>(-4)) + std::string(4, '\0'),
      F::bmp, 3, 4);  // negative height: rows run top-down
  expect_size(bmp_start + le32(12) + le16(7) + le16(9) + std::string(8, '\0'), F::bmp, 7, 9);
  const std::string riff = "RIFF" + le32(100) + "WEBP";
  expect_size(riff + "VP8X" + std::string(8, '\0') + std::string("\x1F\x03\0\x0F\x02\0"sv) +
                  std::string(4, '\0'),
              F::webp, 800, 528);
  expect_size(riff + "VP8L" + le32(10) + "\x2F" + le32((99u << 14) | 199u) + std::string(8, '\0'),
              F::webp, 200, 100);
  expect_size(riff + "VP8 " + le32(10) + std::string("\x10\x02\0\x9D\x01\x2A"sv) + le16(320) +
                  le16(240) + std::string(2, '\0'),
              F::webp, 320, 240);
}

TEST(ImageProbe, JpegSegmentsBeforeTheFrameAreSkippedNotRead) {
  // A 70 KB APP1 (EXIF with a thumbnail, say) puts the frame past the first 64 KB.
  std::string jpeg = "\xFF\xD8";
  jpeg += "\xFF\xE1\xFF\xFF" + std::string(0xFFFD, 'x');
  jpeg += "\xFF\xE2\x13\x88" + std::string(0x1386, 'y');
  jpeg += "\xFF\xFF\xFF\xC2\0\x11\x08\x02\x58\x03\x20\x03"sv;  // fill bytes, SOF2: 800x600
  expect_size(jpeg, ImageHeader::Format::jpeg, 800, 600);
}

TEST(ImageProbe, SvgSizesAsSdlImageWouldTakeThem) {
  using F = ImageHeader::Format;
  expect_size("<svg viewBox='0 0 320 200'/>", F::svg, 320, 200);
  expect_size("<?xml version='1.0'?>\n<svg width=\"2in\" height='10mm' viewBox='0 0 1 1'>", F::svg,
              192, 38);
  expect_size("<svg width='100%' height='100%' viewBox='0,0,64,48'>", F::svg, 64, 48);
  expect_size("<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>", F::svg, 0, 0);  // no size
  expect_size("<!-- <svg width='99999' height='99999'> --><svg width='5' height='6'>", F::svg, 5,
              6);
  EXPECT_EQ(probe("<svg width='1e30' height='1'>").problem,
            "image is too large (1000000000000x1); the limit is 16384 px a side");
}

TEST(ImageProbe, AbsurdSizesAreRefusedWithTheLimitNamed) {
  EXPECT_EQ(probe(png_header(50000, 50000)).problem,
            "image is too large (50000x50000); the limit is 16384 px a side");
  EXPECT_EQ(probe(png_header(16385, 1)).problem,
            "image is too large (16385x1); the limit is 16384 px a side");
  // Without a screen (validate), the smallest budget: 24 Mpx, 96 MB once decoded.
  EXPECT_EQ(probe(png_header(16384, 16384)).problem,
            "image is too large (16384x16384: 268.5 Mpx, 1074 MB decoded); the limit is 24 Mpx "
            "(96 MB)");
  EXPECT_EQ(probe(png_header(6001, 4000)).problem,
            "image is too large (6001x4000: 24.1 Mpx, 97 MB decoded); the limit is 24 Mpx (96 MB)");
  expect_size(png_header(6000, 4000), ImageHeader::Format::png, 6000, 4000);  // exactly 24 Mpx
  expect_size(png_header(16384, 100), ImageHeader::Format::png, 16384, 100);
  EXPECT_EQ(probe(png_header(0, 10)).problem, "image has no pixels (0x10); it is damaged");
  EXPECT_EQ(probe(png_header(0xFFFFFFFF, 0xFFFFFFFF)).problem,
            "image is too large (4294967295x4294967295); the limit is 16384 px a side");
}

TEST(ImageProbe, TheBudgetFollowsTheScreen) {
  using marquee::config::image_budget;
  // 4x the screen's pixels, at least 24 Mpx (a camera photo), at most 64 Mpx.
  EXPECT_EQ(image_budget().pixels, 24'000'000);
  EXPECT_EQ(image_budget().bytes(), 96'000'000);
  EXPECT_EQ(image_budget(1280, 720).pixels, 24'000'000);
  EXPECT_EQ(image_budget(1920, 1080).pixels, 24'000'000);
  EXPECT_EQ(image_budget(3840, 2160).pixels, 33'177'600);
  EXPECT_EQ(image_budget(7680, 4320).pixels, 64'000'000);
  EXPECT_EQ(image_budget(7680, 4320).bytes(), 256'000'000);

  const std::string map = png_header(8000, 4000);  // 32 Mpx
  std::string problem;
  EXPECT_FALSE(probe_image_bytes(map, &problem, image_budget(1920, 1080)));
  EXPECT_EQ(problem,
            "image is too large (8000x4000: 32.0 Mpx, 128 MB decoded); the limit on a 1920x1080 "
            "screen is 24 Mpx (96 MB)");
  EXPECT_TRUE(probe_image_bytes(map, &problem, image_budget(3840, 2160))) << problem;
  const std::string poster = png_header(8000, 8000);  // 64 Mpx
  EXPECT_FALSE(probe_image_bytes(poster, &problem, image_budget(3840, 2160)));
  EXPECT_EQ(problem,
            "image is too large (8000x8000: 64.0 Mpx, 256 MB decoded); the limit on a 3840x2160 "
            "screen is 33.2 Mpx (133 MB)");
  EXPECT_TRUE(probe_image_bytes(poster, &problem, image_budget(7680, 4320))) << problem;
}

TEST(ImageProbe, DamagedAndForeignFiles) {
  EXPECT_EQ(probe("").problem, "file is empty");
  EXPECT_EQ(probe("hello").problem, "not a PNG, JPEG, GIF, BMP, WebP or SVG image");
  EXPECT_EQ(probe(png_header(1, 1).substr(0, 20)).problem,
            "image header is cut short; is the file complete?");
  EXPECT_EQ(probe("\xFF\xD8\xFF\xE0\0"sv).problem,
            "image header is cut short; is the file complete?");
  EXPECT_EQ(probe("\xFF\xD8\xFF\xDA\0\x02"sv).problem,
            "JPEG file without a frame header; it is damaged");
  EXPECT_EQ(probe("\xFF\xD8\xFF\xE0\0\0"sv).problem, "JPEG file with a damaged header");
  EXPECT_EQ(probe("GIF89a\x01").problem, "image header is cut short; is the file complete?");
  EXPECT_EQ(probe("RIFFde").problem, "image header is cut short; is the file complete?");  // fuzz
  std::string problem;
  EXPECT_FALSE(probe_image(kCorpus / "no-such-image.png", &problem));
  EXPECT_EQ(problem, "file not found");
  EXPECT_FALSE(probe_image(kCorpus / "assets", &problem));
  EXPECT_EQ(problem, "not a regular file");
}

// ---- CSV ----

TEST(Csv, CellsWithQuotesCommasLineBreaksAndPositions) {
  const CsvTable table = load_csv(kCorpus / "63-good.csv");
  ASSERT_TRUE(table.ok()) << (table.diagnostics.empty() ? ""
                                                        : marquee::format(table.diagnostics[0]));
  std::vector<std::vector<std::string>> texts;
  std::vector<std::vector<std::pair<int, int>>> positions;
  for (const auto& row : table.rows) {
    texts.emplace_back();
    positions.emplace_back();
    for (const auto& cell : row) {
      texts.back().push_back(cell.text);
      positions.back().emplace_back(cell.line, cell.column);
    }
  }
  EXPECT_EQ(texts,
            (std::vector<std::vector<std::string>>{
                {"name", "note, with comma"}, {"Quote \"here\"", "two\nlines"}, {"last", ""}}));
  // The byte-order mark takes no column; the blank line 4 is skipped.
  EXPECT_EQ(positions, (std::vector<std::vector<std::pair<int, int>>>{
                           {{1, 1}, {1, 6}}, {{2, 1}, {2, 18}}, {{5, 1}, {5, 6}}}));
}

TEST(Csv, RaggedRowsAndOtherProblemsArePositioned) {
  EXPECT_EQ(formatted(read_csv("a,b,c\n1,2,3\n4,5\n\n7,8,9,10\n", "d.csv").diagnostics),
            (Lines{"d.csv:3:1: error: row 3 has 2 cells; the header has 3",
                   "d.csv:5:1: error: row 4 has 4 cells; the header has 3"}));
  EXPECT_EQ(formatted(read_csv("a,b\rx\r", "d.csv").diagnostics),  // old Mac line ends
            Lines{"d.csv:2:1: error: row 2 has 1 cell; the header has 2"});
  EXPECT_EQ(formatted(read_csv("café,\"b\n", "d.csv").diagnostics),
            Lines{"d.csv:1:6: error: quoted cell is never closed; add the closing quote (\")"});
  EXPECT_EQ(formatted(read_csv("", "d.csv").diagnostics), Lines{"d.csv:1:1: error: file is empty"});
  EXPECT_EQ(formatted(read_csv(std::string(5u << 20, 'x'), "d.csv").diagnostics),
            Lines{"d.csv:1:1: error: file is too large (5.0 MB); the limit is 4 MB"});
  EXPECT_EQ(formatted(read_csv("a\n\xC3\x28\n", "d.csv").diagnostics),
            Lines{"d.csv:2:1: error: invalid UTF-8 byte 0xC3; save the file as UTF-8"});
  EXPECT_EQ(formatted(load_csv(kCorpus / "no-such.csv").diagnostics, kCorpus),
            Lines{"no-such.csv:1:1: error: cannot open file: it does not exist"});
  EXPECT_FALSE(read_csv("a,b\n1\n", "d.csv").ok());
  EXPECT_TRUE(read_csv("a,b\n1,2", "d.csv").ok());
}

TEST(Csv, TooManyCellsStopEarly) {
  std::string text;
  while (text.size() < 300'000) text += "1,2,3,4,5,6,7,8,9,0\n";
  const auto table = read_csv(text, "d.csv");
  ASSERT_EQ(table.diagnostics.size(), 1u);
  EXPECT_EQ(table.diagnostics[0].message, "too many cells (more than 100000)");
}

}  // namespace
