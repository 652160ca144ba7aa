// Where a screen keeps what must outlive a restart, and what the last good copy of a schedule is
// called, so the loader and the fetcher agree on it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace marquee::config {

// $MARQUEE_STATE_DIR, else systemd's $STATE_DIRECTORY, else $XDG_STATE_HOME/marquee, else
// ~/.local/state/marquee.
std::filesystem::path state_dir();

// True for the http:// and https:// sources of a schedule; anything else is a file.
bool is_url(std::string_view location);

// The last good copy of the schedule at `location` (a URL, or a file path) in `dir`: named
// after what it is a copy of, so screens sharing a state folder each keep their own. Its
// ETag and Last-Modified sit beside it, in the same name with ".json".
std::filesystem::path schedule_copy_file(const std::string& location,
                                         const std::filesystem::path& dir = state_dir());

// The largest schedule a show reads, as every text file of a show: a fetcher refuses a
// larger answer rather than keep a copy no show could read.
std::uintmax_t max_schedule_bytes();

}  // namespace marquee::config
