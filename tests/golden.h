// Golden-image checks for headless renders: tolerance, diff images, regeneration switch.
#pragma once

#include <SDL.h>
#include <SDL_image.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "backends/sdl_handles.h"

namespace marquee::golden {

// Two renders "match" when at least kMinMatching of their pixels differ by at most
// kChannelTolerance in every channel. That absorbs anti-aliasing and rounding
// differences in glyph edges, and still fails on a moved line, a wrong colour or a
// missing element (any of which changes far more than 0.5% of a 960x540 frame).
inline constexpr int kChannelTolerance = 3;
inline constexpr double kMinMatching = 0.995;

inline std::filesystem::path golden_dir() {
  return std::filesystem::path(MARQUEE_SOURCE_DIR) / "tests" / "golden";
}

inline bool updating() {
  const char* value = std::getenv("MARQUEE_UPDATE_GOLDENS");
  return value && std::string(value) == "1";
}

// Pixels as 0xRRGGBB-ordered bytes, whatever format the surface came in.
inline backends::SurfacePtr as_rgb24(SDL_Surface* surface) {
  return backends::SurfacePtr(SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGB24, 0));
}

// Saves without alpha: renders are opaque, and RGB goldens are smaller.
inline bool save_png(SDL_Surface* surface, const std::filesystem::path& file) {
  const backends::SurfacePtr rgb = as_rgb24(surface);
  return rgb && IMG_SavePNG(rgb.get(), file.c_str()) == 0;
}

struct Comparison {
  bool same_size = false;
  long matching = 0, total = 0;
  int worst = 0;              // largest channel difference
  backends::SurfacePtr diff;  // the expected image dimmed, differing pixels in magenta
};

inline Comparison compare(SDL_Surface* expected_surface, SDL_Surface* actual_surface) {
  Comparison c;
  const backends::SurfacePtr expected = as_rgb24(expected_surface);
  const backends::SurfacePtr actual = as_rgb24(actual_surface);
  if (!expected || !actual || expected->w != actual->w || expected->h != actual->h) return c;
  c.same_size = true;
  c.diff.reset(SDL_CreateRGBSurfaceWithFormat(0, actual->w, actual->h, 24, SDL_PIXELFORMAT_RGB24));
  for (int y = 0; y < actual->h; ++y) {
    const auto* e = static_cast<const Uint8*>(expected->pixels) + y * expected->pitch;
    const auto* a = static_cast<const Uint8*>(actual->pixels) + y * actual->pitch;
    auto* d = static_cast<Uint8*>(c.diff->pixels) + y * c.diff->pitch;
    for (int x = 0; x < actual->w; ++x, e += 3, a += 3, d += 3) {
      int worst = 0;
      for (int k = 0; k < 3; ++k) worst = std::max(worst, std::abs(int(e[k]) - int(a[k])));
      c.worst = std::max(c.worst, worst);
      ++c.total;
      if (worst <= kChannelTolerance) {
        ++c.matching;
        const Uint8 grey = static_cast<Uint8>((e[0] + e[1] + e[2]) / 9);
        d[0] = d[1] = d[2] = grey;
      } else {
        d[0] = 255;
        d[1] = 0;
        d[2] = 255;
      }
    }
  }
  return c;
}

// True when every pixel is identical.
inline bool identical(SDL_Surface* a, SDL_Surface* b) {
  const Comparison c = compare(a, b);
  return c.same_size && c.worst == 0;
}

// Compares a render with tests/golden/<name>.png, or rewrites the golden when
// MARQUEE_UPDATE_GOLDENS=1. On a mismatch it leaves <name>.actual.png and
// <name>.diff.png next to the golden to look at.
inline ::testing::AssertionResult matches_golden(SDL_Surface* actual, const std::string& name) {
  const auto golden = golden_dir() / (name + ".png");
  const auto actual_file = golden_dir() / (name + ".actual.png");
  const auto diff_file = golden_dir() / (name + ".diff.png");
  if (updating()) {
    std::filesystem::create_directories(golden_dir());
    if (!save_png(actual, golden)) {
      return ::testing::AssertionFailure() << "cannot write " << golden << ": " << IMG_GetError();
    }
    std::filesystem::remove(actual_file);
    std::filesystem::remove(diff_file);
    return ::testing::AssertionSuccess() << "regenerated " << golden;
  }
  const char* hint =
      "\nThis can fail if fonts (Inter, DejaVu) or SDL/SDL_ttf/SDL_image versions differ from "
      "the machine that made the golden. Look at the .actual.png and .diff.png, and if the "
      "new image is right, regenerate with MARQUEE_UPDATE_GOLDENS=1.";
  backends::SurfacePtr expected(IMG_Load(golden.c_str()));
  if (!expected) {
    save_png(actual, actual_file);
    return ::testing::AssertionFailure()
           << "no golden " << golden << " (wrote " << actual_file << ")" << hint;
  }
  const Comparison c = compare(expected.get(), actual);
  if (c.same_size && c.matching >= kMinMatching * c.total) {
    std::filesystem::remove(actual_file);
    std::filesystem::remove(diff_file);
    return ::testing::AssertionSuccess();
  }
  save_png(actual, actual_file);
  if (c.diff) save_png(c.diff.get(), diff_file);
  auto failure = ::testing::AssertionFailure() << name << " differs from " << golden << ": ";
  if (!c.same_size) {
    failure << "size " << actual->w << "x" << actual->h << " vs " << expected->w << "x"
            << expected->h;
  } else {
    failure << (c.total - c.matching) << " of " << c.total << " pixels differ by more than "
            << kChannelTolerance << " (largest difference " << c.worst << "); see " << diff_file;
  }
  return failure << hint;
}

}  // namespace marquee::golden
