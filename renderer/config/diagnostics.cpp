// Compiler-style text for diagnostics.
#include "config/diagnostics.h"

namespace marquee {

std::string format(const Diagnostic& diagnostic) {
  const char* severity = diagnostic.severity == Diagnostic::Severity::error ? "error" : "warning";
  return diagnostic.file + ":" + std::to_string(diagnostic.line) + ":" +
         std::to_string(diagnostic.column) + ": " + severity + ": " + diagnostic.message;
}

}  // namespace marquee
