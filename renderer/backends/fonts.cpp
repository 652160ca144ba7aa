// fontconfig lookups behind font_file(), cached for the life of the process.
#include "backends/fonts.h"

#include <fontconfig/fontconfig.h>
#include <spdlog/spdlog.h>
#include <strings.h>

#include <filesystem>
#include <map>
#include <set>
#include <utility>

namespace marquee::backends {
namespace {

constexpr const char* kFallbackFamily = "DejaVu Sans";
constexpr const char* kLastResort = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// fontconfig always answers with something, so check the family really matched
// (fonts list several family names, e.g. "Inter" and "Inter Thin").
std::string match_family(const std::string& family, int weight) {
  FcPattern* pattern = FcPatternCreate();
  FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddDouble(pattern, FC_WEIGHT, FcWeightFromOpenTypeDouble(weight));
  FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pattern, &result);
  FcPatternDestroy(pattern);
  if (!match) return {};

  std::string file;
  bool same_family = false;
  FcChar8* value = nullptr;
  for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &value) == FcResultMatch; ++i) {
    if (strcasecmp(reinterpret_cast<const char*>(value), family.c_str()) == 0) same_family = true;
  }
  if (same_family && FcPatternGetString(match, FC_FILE, 0, &value) == FcResultMatch) {
    file = reinterpret_cast<const char*>(value);
  }
  FcPatternDestroy(match);
  return file;
}

}  // namespace

std::string font_file(const FontSpec& spec) {
  static std::map<std::pair<std::string, int>, std::string> cache;
  static std::set<std::string> warned;

  if (!spec.file.empty()) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(spec.file, ec)) return spec.file;
    if (warned.insert(spec.file).second) {
      spdlog::warn("font file {} not found; using family \"{}\" instead", spec.file, spec.family);
    }
  }

  const auto key = std::make_pair(spec.family, spec.weight);
  if (const auto it = cache.find(key); it != cache.end()) return it->second;

  static const bool ready = FcInit();
  std::string file = ready ? match_family(spec.family, spec.weight) : std::string{};
  if (file.empty()) {
    if (ready) file = match_family(kFallbackFamily, spec.weight);
    if (file.empty()) file = kLastResort;
    if (warned.insert(spec.family).second) {
      spdlog::warn("font family \"{}\" not found; using {}", spec.family, file);
    }
  }
  cache.emplace(key, file);
  return file;
}

}  // namespace marquee::backends
