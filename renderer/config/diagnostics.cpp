// Compiler-style text for diagnostics, and the one way messages echo what the user wrote.
#include "config/diagnostics.h"

#include <algorithm>
#include <vector>

namespace marquee {
namespace {

// Bytes of the UTF-8 sequence that starts with `lead`; 1 for a stray byte, so any text
// is walked without stepping past its end.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// One character as it may appear in a single line of a log.
std::string escaped(std::string_view character) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  if (character.size() == 1) {
    const auto c = static_cast<unsigned char>(character.front());
    if (c == '\n') return "\\n";
    if (c == '\t') return "\\t";
    if (c == '\r') return "\\r";
    if (c < 0x20 || c == 0x7F) return {'\\', 'x', kDigits[c >> 4], kDigits[c & 15]};
  }
  // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, which some viewers break lines at.
  if (character == "\xC2\x85") return "\\u0085";
  if (character == "\xE2\x80\xA8") return "\\u2028";
  if (character == "\xE2\x80\xA9") return "\\u2029";
  return std::string(character);
}

}  // namespace

std::string one_line(std::string_view text, std::size_t max_chars) {
  std::vector<std::string> characters;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n =
        std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
    characters.push_back(escaped(text.substr(i, n)));
    i += n;
  }
  // An escape counts as one character: it stands for one, and is never cut in half.
  const bool shorten = max_chars > 0 && characters.size() > max_chars;
  const std::size_t kept = shorten ? max_chars - 3 : characters.size();
  const std::size_t head = shorten ? kept - kept / 3 : kept;  // the start says most
  std::string out;
  for (std::size_t i = 0; i < head; ++i) out += characters[i];
  if (shorten) {
    out += "...";
    for (std::size_t i = characters.size() - (kept - head); i < characters.size(); ++i)
      out += characters[i];
  }
  return out;
}

std::string quote(std::string_view text, std::size_t max_chars) {
  return "'" + one_line(text, max_chars) + "'";
}

std::string format(const Diagnostic& diagnostic) {
  const char* severity = diagnostic.severity == Diagnostic::Severity::error ? "error" : "warning";
  return one_line(diagnostic.file, 0) + ":" + std::to_string(diagnostic.line) + ":" +
         std::to_string(diagnostic.column) + ": " + severity + ": " +
         one_line(diagnostic.message, 0);
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::error; });
}

}  // namespace marquee
