// Files that survive a power cut: written whole or not at all, and torn ones set aside on start.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::config {

// Replaces `file` with `contents` so that, whenever the power goes, the file then holds
// the old contents or the new ones, never a mix or nothing: the contents go to a
// temporary file in the same folder, which is fsynced and renamed over `file`, and then
// the folder is fsynced so the rename itself is on disk. Makes the folder when missing.
// Logs why and returns false when it could not; `file` is then as it was.
bool write_file_atomically(const std::filesystem::path& file, std::string_view contents);

// Why `contents` is not a whole file of its kind, or "" when it is one.
using IntactCheck = std::function<std::string(std::string_view contents)>;

// Reads a file kept with write_file_atomically, at start. A file that is empty or that
// `check` finds damaged is torn (written by something that did not fsync, by an older
// marquee, or cut short by a disk that lied): it is renamed to FILE.torn, replacing any
// earlier one, with a log line, and reads as absent, so a torn file never stops a start.
// Also removes the temporary files of writers that died mid-write. nullopt when the
// file is missing, unreadable (logged) or torn.
std::optional<std::string> read_intact(const std::filesystem::path& file,
                                       const IntactCheck& check = {});

// Where read_intact puts a torn `file`.
std::filesystem::path torn_path(const std::filesystem::path& file);

}  // namespace marquee::config
