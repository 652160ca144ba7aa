// Last-good show copies as small JSON files keyed by the playlist's absolute path.
#include "backends/last_good.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string_view>

#include "config/atomic_file.h"

namespace marquee::backends {

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
  // The loader has checked the texts are UTF-8; replace anything else rather than throw.
  return config::write_file_atomically(
      file_, nlohmann::json{{"files", files}}.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace));
}

std::optional<config::SourceTexts> LastGood::load() const {
  nlohmann::json json;
  const auto whole = [&json](std::string_view text) -> std::string {
    json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return "not JSON, or cut short";
    if (!json.contains("files") || !json["files"].is_object()) return "no 'files' object";
    return "";
  };
  if (!config::read_intact(file_, whole)) return std::nullopt;
  config::SourceTexts sources;
  for (const auto& [path, text] : json["files"].items()) {
    if (text.is_string()) sources[path] = text.get<std::string>();
  }
  return sources;
}

}  // namespace marquee::backends
