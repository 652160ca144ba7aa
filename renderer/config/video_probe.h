// quick_video_problem(): cheap checks that a video file can play, for marquee validate.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace marquee::config {

// A short reason the file cannot play ("file not found", "file is empty", "is a text
// file, not a video", "is truncated: ..."), or nullopt when nothing is visibly wrong.
// Reads at most a few kilobytes plus the top-level box headers of MP4/MOV files, so it
// is cheap enough for validation and for every VideoSource::start(). Passing it does not
// promise the file decodes; the player finds that out at run time.
std::optional<std::string> quick_video_problem(const std::filesystem::path& file);

}  // namespace marquee::config
