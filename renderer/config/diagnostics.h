// Problems found in playlist and theme files, each pointing at a file position.
#pragma once

#include <cstddef>
#include <string>
#include <vector>
#include <string_view>

namespace marquee {

struct Diagnostic {
  enum class Severity { error, warning };
  std::string file;  // as the caller named it, so messages match what the user typed
  int line = 0;      // 1-based
  int column = 0;    // 1-based
  Severity severity = Severity::error;
  std::string message;
};

// "file:line:col: error: message", the form editors and CI logs turn into links. Always
// one line: a line break that reached the file name or the message is escaped here too.
std::string format(const Diagnostic& diagnostic);
// Whether any of them is an error rather than a warning.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

// Text the user wrote, fit to be echoed inside a message: line breaks, tabs and other
// control characters escaped (\n, \t, \x01), and text longer than `max_chars`
// characters shortened in the middle ("..."), so that one problem stays one line of a
// log. 0 keeps the whole text.
inline constexpr std::size_t kEchoChars = 40;
std::string one_line(std::string_view text, std::size_t max_chars = kEchoChars);
// one_line(text) in single quotes: 'ten\nseconds\n'.
std::string quote(std::string_view text, std::size_t max_chars = kEchoChars);

}  // namespace marquee
