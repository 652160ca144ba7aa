// Problems found in playlist and theme files, each pointing at a file position.
#pragma once

#include <string>
#include <vector>

namespace marquee {

struct Diagnostic {
  enum class Severity { error, warning };
  std::string file;  // as the caller named it, so messages match what the user typed
  int line = 0;      // 1-based
  int column = 0;    // 1-based
  Severity severity = Severity::error;
  std::string message;
};

// "file:line:col: error: message", the form editors and CI logs turn into links.
std::string format(const Diagnostic& diagnostic);
// Whether any of them is an error rather than a warning.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace marquee
