// A small RFC 4180 CSV reader whose cells and problems carry file positions, for data-driven
// slides.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"

namespace marquee::config {

struct CsvCell {
  std::string text;  // unquoted: "" inside quotes is one "
  int line = 0;      // 1-based, where the cell starts (its quote, if quoted)
  int column = 0;    // 1-based, in characters
};
using CsvRow = std::vector<CsvCell>;

struct CsvTable {
  std::vector<CsvRow> rows;  // rows[0] is the header; blank lines are skipped
  std::vector<Diagnostic> diagnostics;
  bool ok() const;  // rows and no errors
};

// Reads CSV text as if it were the contents of `shown` (how diagnostics name it).
// Separators are commas; lines end in LF, CRLF or CR; a UTF-8 byte-order mark (as
// spreadsheets write it) is skipped. Reports, each at its position: a row whose cell
// count differs from the header's ("row 4 has 2 cells; the header has 3"), an
// unclosed quote, a stray quote, invalid UTF-8, and text over the size limit.
CsvTable read_csv(std::string_view text, const std::string& shown);
// The same for a file; "cannot open file: ..." when it cannot be read.
CsvTable load_csv(const std::filesystem::path& file);

}  // namespace marquee::config
