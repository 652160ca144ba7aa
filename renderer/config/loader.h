// Loading playlists and themes from YAML, with every problem reported as a positioned Diagnostic.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"
#include "core/show.h"

namespace marquee::config {

// `show` is filled whenever the playlist parsed as YAML, even if it has errors, so a
// file watcher can still see its dependencies; play it only when ok().
// Diagnostics are sorted by file, line and column. Nothing throws out of the loader.
// The text files a show was read from (playlist, theme, CSV), by absolute path: what
// the player keeps as its last-good copy.
using SourceTexts = std::map<std::filesystem::path, std::string>;

struct ShowResult {
  std::optional<Show> show;
  std::vector<Diagnostic> diagnostics;
  SourceTexts sources;
  bool ok() const;  // a show and no errors (warnings allowed)
};

struct ThemeResult {
  std::optional<Theme> theme;
  std::vector<Diagnostic> diagnostics;
  bool ok() const;
};

// Files that a show names (theme, images, fonts) must lie inside its content root,
// after following symbolic links, so a playlist cannot reach ../../etc/passwd. The
// root is `root` when given, else $MARQUEE_CONTENT_ROOT when set, else the folder
// above the file's own (so playlists/, themes/ and assets/ side by side just work).
std::filesystem::path content_root_for(const std::filesystem::path& file,
                                       const std::optional<std::filesystem::path>& root = {});

// Loads the playlist and the theme it names. Diagnostics name the playlist as given
// here, and the theme as resolved from the playlist's folder.
ShowResult load_show(const std::filesystem::path& playlist,
                     const std::optional<std::filesystem::path>& content_root = {});
ThemeResult load_theme(const std::filesystem::path& theme,
                       const std::optional<std::filesystem::path>& content_root = {});
// Loads the playlist with `stand_ins` read in place of the files on disk that they
// name; files they do not name (images, fonts, videos) come from disk as usual.
ShowResult load_show_from_sources(const std::filesystem::path& playlist,
                                  const SourceTexts& stand_ins,
                                  const std::optional<std::filesystem::path>& content_root = {});
// For tests and fuzzing: as if `yaml` were the contents of `as_file`; relative paths
// resolve against as_file's folder.
ShowResult load_show_from_string(std::string_view yaml, const std::filesystem::path& as_file,
                                 const std::optional<std::filesystem::path>& content_root = {});
ThemeResult load_theme_from_string(std::string_view yaml, const std::filesystem::path& as_file,
                                   const std::optional<std::filesystem::path>& content_root = {});

}  // namespace marquee::config
