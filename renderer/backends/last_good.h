// The last-good copy of a show's text files, kept on disk so a player started on a broken
// playlist can still put the last show that loaded on screen.
#pragma once

#include <filesystem>
#include <optional>

#include "config/loader.h"
#include "config/state_files.h"

namespace marquee::backends {

using config::state_dir;

// Where a player of `playlist` keeps its operator log: beside its last-good copy.
std::filesystem::path operator_log_file(const std::filesystem::path& playlist,
                                        std::filesystem::path dir = state_dir());

class LastGood {
 public:
  explicit LastGood(const std::filesystem::path& playlist, std::filesystem::path dir = state_dir());

  // Replaces the copy so that a crash or a power cut mid-write leaves the previous one.
  bool save(const config::SourceTexts& sources) const;
  // nullopt when there is no copy, or it is torn (then moved aside, see read_intact).
  std::optional<config::SourceTexts> load() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

}  // namespace marquee::backends
