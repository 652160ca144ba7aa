// A private XDG_RUNTIME_DIR for SDL and libvlc when the session gives none.
#pragma once

#include <filesystem>

namespace marquee::backends {

// Without XDG_RUNTIME_DIR (a system service, a kiosk started with xinit, a shell over
// ssh) SDL's Wayland probe and libvlc's modules print "error: XDG_RUNTIME_DIR is invalid
// or not set", which reads like a failure of marquee. When it is unset (or names no
// folder), this sets it to
// `parent`/marquee-runtime-UID, made 0700 and checked to be this user's own folder and
// no link, as the XDG spec asks of it. Returns that folder, or an empty path when the
// variable names a folder already or no safe folder could be had (it is then left alone).
// Call it before any thread starts: it changes the environment.
std::filesystem::path ensure_runtime_dir(
    const std::filesystem::path& parent = std::filesystem::temp_directory_path());

}  // namespace marquee::backends
