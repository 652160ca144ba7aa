// RFC 4180 CSV: quoted cells, doubled quotes, line breaks inside quotes, positions per cell.
#include "config/csv.h"

#include <algorithm>
#include <tuple>

#include "config/reader.h"
#include "config/text_checks.h"

namespace marquee::config {
namespace {

class CsvParser {
 public:
  CsvParser(std::string_view text, const std::string& shown, CsvTable& table)
      : text_(text), shown_(shown), table_(table) {}

  void run() {
    while (i_ < text_.size() && !stopped_) {
      if (at_line_end()) {  // blank lines separate nothing; skip them
        advance();
        continue;
      }
      CsvRow row;
      do {
        row.push_back(cell());
        if (++cells_ > detail::kMaxValues) {
          error(row.back().line, row.back().column,
                "too many cells (more than " + std::to_string(detail::kMaxValues) + ")");
          partial_ = true;
          stopped_ = true;
        }
      } while (!stopped_ && i_ < text_.size() && text_[i_] == ',' && (advance(), true));
      if (!at_end()) advance();                              // the line break
      if (!partial_) table_.rows.push_back(std::move(row));  // half a row is no row
    }
  }

 private:
  CsvCell cell() {
    CsvCell cell{{}, line_, column_};
    const bool quoted = !at_end() && text_[i_] == '"';
    if (quoted) {
      advance();
      for (;;) {
        if (at_end()) {
          error(cell.line, cell.column, "quoted cell is never closed; add the closing quote (\")");
          partial_ = true;  // the rest of the file is inside this cell
          stopped_ = true;
          return cell;
        }
        if (text_[i_] == '"') {
          advance();
          if (at_end() || text_[i_] != '"') break;
        }
        cell.text += text_[i_];
        advance();
      }
      if (!at_end() && text_[i_] != ',' && !at_line_end())
        error(line_, column_,
              "unexpected text after the closing quote; inside quotes, write a quote as \"\"");
    }
    bool reported = quoted;  // text after a closing quote has had its error
    while (!at_end() && text_[i_] != ',' && !at_line_end()) {
      if (text_[i_] == '"' && !reported) {
        error(line_, column_,
              "a quote inside a cell without quotes; put the cell in quotes and write the quote as "
              "\"\"");
        reported = true;
      }
      cell.text += text_[i_];
      advance();
    }
    return cell;
  }

  bool at_end() const { return i_ >= text_.size(); }
  bool at_line_end() const { return !at_end() && (text_[i_] == '\n' || text_[i_] == '\r'); }

  // Moves past one byte; a line break is LF, CRLF or a lone CR.
  void advance() {
    const char c = text_[i_++];
    if (c == '\n' || (c == '\r' && (at_end() || text_[i_] != '\n'))) {
      ++line_;
      column_ = 1;
    } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }

  void error(int line, int column, std::string message) {
    table_.diagnostics.push_back(
        {shown_, line, column, Diagnostic::Severity::error, std::move(message)});
  }

  std::string_view text_;
  const std::string& shown_;
  CsvTable& table_;
  std::size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::size_t cells_ = 0;
  bool stopped_ = false;
  bool partial_ = false;
};

std::string cells(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " cell" : " cells");
}

}  // namespace

bool CsvTable::ok() const {
  return !rows.empty() &&
         std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
           return d.severity == Diagnostic::Severity::error;
         });
}

CsvTable read_csv(std::string_view text, const std::string& shown) {
  CsvTable table;
  const auto fail = [&](detail::TextPos pos, std::string message) {
    table.diagnostics.push_back(
        {shown, pos.line, pos.column, Diagnostic::Severity::error, std::move(message)});
    return table;
  };
  if (auto problem = detail::check_text(text))
    return fail(detail::text_pos(text, problem->offset), problem->message);
  if (detail::trim(text).empty()) return fail({}, "file is empty");
  CsvParser(text, shown, table).run();
  if (!table.rows.empty()) {
    const std::size_t header = table.rows.front().size();
    for (std::size_t n = 1; n < table.rows.size(); ++n) {
      const CsvRow& row = table.rows[n];
      if (row.size() != header)
        table.diagnostics.push_back({shown, row.front().line, row.front().column,
                                     Diagnostic::Severity::error,
                                     "row " + std::to_string(n + 1) + " has " + cells(row.size()) +
                                         "; the header has " + std::to_string(header)});
    }
  }
  std::stable_sort(table.diagnostics.begin(), table.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  return table;
}

CsvTable load_csv(const std::filesystem::path& file) {
  detail::Sink sink;
  std::optional<std::string> text;
  try {
    text = detail::read_text_file(sink, file);
  } catch (const std::exception& e) {  // the loader's promise: nothing escapes
    sink.diagnostics.push_back(
        {file.string(), 1, 1, Diagnostic::Severity::error,
         std::string("internal error while reading this file: ") + e.what()});
  }
  if (!text) return CsvTable{{}, sink.take_sorted()};
  return read_csv(*text, file.string());
}

}  // namespace marquee::config
