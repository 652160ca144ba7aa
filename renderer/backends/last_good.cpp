// Last-good show copies as small JSON files keyed by the playlist's absolute path.
#include "backends/last_good.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string_view>

#include "config/atomic_file.h"

namespace marquee::backends {

namespace {

// STEM-<hash of the playlist's absolute path>.json: one file of each kind per playlist.
std::filesystem::path keyed_file(std::string_view stem, const std::filesystem::path& playlist,
                                 std::filesystem::path dir) {
  const auto absolute = std::filesystem::absolute(playlist).lexically_normal();
  char name[96];
  std::snprintf(name, sizeof name, "%.*s-%016zx.json", static_cast<int>(stem.size()), stem.data(),
                std::hash<std::string>{}(absolute.string()));
  return std::move(dir) / name;
}

}  // namespace

std::filesystem::path operator_log_file(const std::filesystem::path& playlist,
                                        std::filesystem::path dir) {
  return keyed_file("operators", playlist, std::move(dir));
}

LastGood::LastGood(const std::filesystem::path& playlist, std::filesystem::path dir)
    : file_(keyed_file("last-good", playlist, std::move(dir))) {}

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
