// Last-good show copies as small JSON files keyed by the playlist's absolute path.
#include "backends/last_good.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <functional>

namespace marquee::backends {

std::filesystem::path state_dir() {
  if (const char* dir = std::getenv("MARQUEE_STATE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "marquee";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "state" / "marquee";
  return std::filesystem::temp_directory_path() / "marquee-state";
}

LastGood::LastGood(const std::filesystem::path& playlist, std::filesystem::path dir) {
  const auto absolute = std::filesystem::absolute(playlist).lexically_normal();
  char name[64];
  std::snprintf(name, sizeof name, "last-good-%016zx.json",
                std::hash<std::string>{}(absolute.string()));
  file_ = std::move(dir) / name;
}

bool LastGood::save(const config::SourceTexts& sources) const {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [path, text] : sources) files[path.string()] = text;
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  const auto temp = std::filesystem::path(file_.string() + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    // The loader has checked the texts are UTF-8; replace anything else rather than throw.
    out << nlohmann::json{{"files", files}}.dump(-1, ' ', false,
                                                 nlohmann::json::error_handler_t::replace);
    if (!out) {
      spdlog::warn("cannot write the last-good copy {}", temp.string());
      return false;
    }
  }
  std::filesystem::rename(temp, file_, ec);
  if (ec) spdlog::warn("cannot keep the last-good copy {}: {}", file_.string(), ec.message());
  return !ec;
}

std::optional<config::SourceTexts> LastGood::load() const {
  std::ifstream in(file_, std::ios::binary);
  if (!in) return std::nullopt;
  const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.contains("files") || !json["files"].is_object()) {
    spdlog::warn("ignoring a damaged last-good copy {}", file_.string());
    return std::nullopt;
  }
  config::SourceTexts sources;
  for (const auto& [path, text] : json["files"].items()) {
    if (text.is_string()) sources[path] = text.get<std::string>();
  }
  return sources;
}

}  // namespace marquee::backends
