// Replacing a file so that a crash or power cut leaves either the old contents or the new, never
// half.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace marquee::backends {

// Writes a temporary file beside `file`, fsyncs it, renames it over `file` and fsyncs the
// folder. Creates the folder if needed. On failure returns false with `error` saying why
// and leaves `file` as it was.
bool write_file_atomically(const std::filesystem::path& file, std::string_view contents,
                           std::string* error = nullptr);

}  // namespace marquee::backends
