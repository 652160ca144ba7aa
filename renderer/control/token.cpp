// Token file reading and a constant-time comparison.
#include "control/token.h"

#include <fstream>

namespace marquee::control {

std::optional<std::string> read_token(const std::filesystem::path& file, std::string* error) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) {
    if (error) *error = "cannot read the token file " + file.string();
    return std::nullopt;
  }
  const auto first = line.find_first_not_of(" \t\r");
  const auto last = line.find_last_not_of(" \t\r");
  if (first == std::string::npos) {
    if (error) *error = "the token file " + file.string() + " has no token on its first line";
    return std::nullopt;
  }
  return line.substr(first, last - first + 1);
}

bool same_secret(std::string_view given, std::string_view secret) {
  // Every byte of the guess is looked at, against the secret cycled; a length mismatch
  // counts as a difference without ending the loop early.
  volatile unsigned char differs = given.size() == secret.size() ? 0 : 1;
  if (secret.empty()) return false;
  for (std::size_t i = 0; i < given.size(); ++i)
    differs = differs | static_cast<unsigned char>(given[i] ^ secret[i % secret.size()]);
  return differs == 0;
}

}  // namespace marquee::control
