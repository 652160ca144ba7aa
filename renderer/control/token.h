// The control server's shared secret: read from the file the screen config names, compared in
// constant time.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::control {

// The file's first line without surrounding spaces; nullopt with *error set when it
// cannot be read or holds no token.
std::optional<std::string> read_token(const std::filesystem::path& file, std::string* error);

// Whether `given` is `secret`, taking the same time whatever the first differing byte, so
// the answer's timing does not reveal how much of a guess was right.
bool same_secret(std::string_view given, std::string_view secret);

}  // namespace marquee::control
