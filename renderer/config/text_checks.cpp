// Internal: size, encoding and YAML-shape checks that run before yaml-cpp sees a byte.
#include "config/text_checks.h"

#include <cmath>
#include <vector>

namespace marquee::config::detail {
namespace {

std::string hex_byte(unsigned char c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {'0', 'x', kDigits[c >> 4], kDigits[c & 15]};
}

bool in(unsigned char c, unsigned char low, unsigned char high) {
  return c >= low && c <= high;
}

// Length of the well-formed UTF-8 sequence at text[i] (Unicode table 3-7, so no
// overlong forms, surrogates or code points past U+10FFFF), or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char c = at(0);
  if (in(c, 0xC2, 0xDF)) return in(at(1), 0x80, 0xBF) ? 2 : 0;
  if (in(c, 0xE0, 0xEF)) {
    const unsigned char low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
    return in(at(1), low, high) && in(at(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(c, 0xF0, 0xF4)) {
    const unsigned char low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
    return in(at(1), low, high) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

std::string control_message(unsigned char c) {
  if (c == 0) return "unexpected NUL byte (0x00); if the file is UTF-16, save it as UTF-8";
  return "unexpected control character " + hex_byte(c) +
         "; delete it (most editors do not show it)";
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// Walks YAML text line by line, keeping just enough state (open block columns, open
// brackets, an open quote or block scalar) to tell structure from text.
class ShapeScan {
 public:
  explicit ShapeScan(std::string_view text) : text_(text) {}

  YamlShape run() {
    for (std::size_t start = 0; start <= text_.size() && !problem_;) {
      std::size_t end = text_.find('\n', start);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(start, end - start);
      if (line.ends_with('\r')) line.remove_suffix(1);
      scan_line(line, start);
      start = end + 1;
    }
    YamlShape shape;
    shape.problem = problem_;
    if (quote_ != 0) shape.open_quote = quote_at_;
    if (!flows_.empty()) shape.open_bracket = flows_.back().at;
    shape.missing_comma = missing_comma_;
    shape.questions_in_brackets = std::move(questions_);
    return shape;
  }

 private:
  void scan_line(std::string_view line, std::size_t line_offset) {
    const std::size_t indent = line.find_first_not_of(' ');
    const bool blank = indent == std::string_view::npos || line[indent] == '#';
    if (block_scalar_parent_) {
      if (blank || indent > *block_scalar_parent_) return;  // text, not structure
      block_scalar_parent_.reset();
    }
    std::size_t i = 0;
    if (quote_ == 0 && flows_.empty()) {
      if (blank) return;
      boundary_ = true;
      if ((line.starts_with("---") || line.starts_with("...")) &&
          (line.size() == 3 || is_space(line[3]))) {
        blocks_.clear();
        i = 3;
      } else {
        while (!blocks_.empty() && blocks_.back() > indent) blocks_.pop_back();
        open_block(indent, line_offset + indent);
        i = indent;
      }
    }
    bool after_space = true;
    for (; i < line.size() && !problem_; ++i) {
      const char c = line[i];
      const std::size_t offset = line_offset + i;
      if (quote_ != 0) {
        if (quote_ == '"' && c == '\\')
          ++i;
        else if (c == quote_ && quote_ == '\'' && i + 1 < line.size() && line[i + 1] == '\'')
          ++i;  // '' is a quote inside single quotes
        else if (c == quote_)
          close_quote();
        after_space = false;
        continue;
      }
      if (is_space(c)) {
        after_space = true;
        continue;
      }
      const char next = i + 1 < line.size() ? line[i + 1] : '\n';
      const bool ends_token = is_space(next) || next == '\n';
      if (c == '#' && after_space) break;
      const bool word_start = after_space || boundary_;
      after_space = false;
      const bool after_node = node_ended_;
      if (!flows_.empty()) {
        if (word_start) last_word_ = offset;
        // After a closing quote or bracket only a separator may come.
        if (node_ended_ && c != ',' && c != ']' && c != '}' && c != ':') note_missing_comma(offset);
        node_ended_ = false;
        // YAML allows '?' inside plain text in brackets ("Questions? Ask at the desk"), but
        // yaml-cpp ends the text there and reads a key, so the parser is given a stand-in.
        const bool starts_plain =
            !ends_token && std::string_view(",[]{}").find(next) == std::string_view::npos;
        if (c == '?' && (!boundary_ || starts_plain)) {
          questions_.push_back(offset);
          boundary_ = false;
          continue;
        }
      }
      if (boundary_ && (c == '"' || c == '\'')) {
        quote_ = c;
        quote_at_ = offset;
        count(offset);
      } else if (boundary_ && flows_.empty() && (c == '-' || c == '?') && ends_token) {
        count(offset);
        const std::size_t next_token = line.find_first_not_of(" \t", i + 1);
        if (next_token != std::string_view::npos && line[next_token] != '#' &&
            line[next_token] != '|' && line[next_token] != '>')
          open_block(next_token, line_offset + next_token);
      } else if (c == ':' && (ends_token || !flows_.empty())) {
        count(offset, 2);  // a key and its value
        boundary_ = true;
        const bool indicator = ends_token || after_node ||
                               std::string_view(",]}").find(next) != std::string_view::npos;
        if (!flows_.empty() && indicator) {
          // A second key in one entry: "{ duration: 10s transition: fade }".
          if (flows_.back().has_key) note_missing_comma(last_word_);
          flows_.back().has_key = true;
        }
      } else if ((c == '[' || c == '{') && (boundary_ || !flows_.empty())) {
        flows_.push_back({offset});
        count(offset);
        check_depth(offset);
        boundary_ = true;
      } else if ((c == ']' || c == '}') && !flows_.empty()) {
        flows_.pop_back();
        node_ended_ = !flows_.empty();
        boundary_ = false;
      } else if (c == ',' && !flows_.empty()) {
        flows_.back().has_key = false;
        count(offset);
        boundary_ = true;
      } else if (boundary_ && flows_.empty() && (c == '|' || c == '>')) {
        block_scalar_parent_ = blocks_.empty() ? 0 : blocks_.back();
        break;
      } else if (boundary_ && (c == '&' || c == '!' || c == '*')) {
        // Anchors and tags come before a node; an alias is one.
        while (i + 1 < line.size() && !is_space(line[i + 1]) &&
               (flows_.empty() ||
                std::string_view(",[]{}").find(line[i + 1]) == std::string_view::npos))
          ++i;
        if (c == '*') {
          count(offset);
          boundary_ = false;
        }
      } else {
        boundary_ = false;
      }
    }
    if (flows_.empty()) boundary_ = true;
  }

  void close_quote() {
    quote_ = 0;
    node_ended_ = !flows_.empty();
  }

  void note_missing_comma(std::size_t offset) {
    if (!missing_comma_) missing_comma_ = offset;
  }

  void open_block(std::size_t column, std::size_t offset) {
    if (!blocks_.empty() && blocks_.back() >= column) return;
    blocks_.push_back(column);
    check_depth(offset);
  }

  void check_depth(std::size_t offset) {
    if (blocks_.size() + flows_.size() > static_cast<std::size_t>(kMaxNesting))
      fail(offset, "nesting is too deep (more than " + std::to_string(kMaxNesting) +
                       " levels); flatten this part of the file");
  }

  void count(std::size_t offset, std::size_t n = 1) {
    values_ += n;
    if (values_ > kMaxValues)
      fail(offset, "too many values in one file (more than " + std::to_string(kMaxValues) +
                       "); remove repeated parts");
  }

  void fail(std::size_t offset, std::string message) {
    if (!problem_) problem_ = TextProblem{offset, std::move(message)};
  }

  std::string_view text_;
  std::vector<std::size_t> blocks_;  // columns of the open block collections, innermost last
  struct Flow {
    std::size_t at;        // the '[' or '{'
    bool has_key = false;  // the entry being read has had its ':'
  };
  std::vector<Flow> flows_;    // open [ and {, innermost last
  bool node_ended_ = false;    // in brackets, a quoted text or a bracket has just closed
  std::size_t last_word_ = 0;  // in brackets, where the last word started
  std::optional<std::size_t> missing_comma_;
  std::vector<std::size_t> questions_;
  char quote_ = 0;                                  // the quote of a quoted scalar still open
  std::size_t quote_at_ = 0;                        // and where it opened
  bool boundary_ = true;                            // the next character may start a node
  std::optional<std::size_t> block_scalar_parent_;  // inside a | or > block: its parent's column
  std::size_t values_ = 0;
  std::optional<TextProblem> problem_;
};

}  // namespace

std::string too_large_message(std::uintmax_t bytes) {
  // Rounded up, so a file just over the limit never reads as "4.0 MB"; MB as ls -lh means it.
  const auto tenths =
      static_cast<std::uintmax_t>(std::ceil(static_cast<double>(bytes) * 10 / (1 << 20)));
  return "file is too large (" + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) +
         " MB); the limit is " + std::to_string(kMaxFileBytes >> 20) + " MB";
}

std::optional<TextProblem> check_text(std::string_view& text) {
  if (text.size() > kMaxFileBytes) return TextProblem{0, too_large_message(text.size())};
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  } else if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
             text.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    return TextProblem{0, "the file is saved as UTF-16; save it as UTF-8"};
  }
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(text, i);
      if (n == 0)
        return TextProblem{i, "invalid UTF-8 byte " + hex_byte(c) + "; save the file as UTF-8"};
      i += n;
      continue;
    }
    // YAML forbids these; editors hide them, so they usually mean a damaged or binary file.
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
      return TextProblem{i, control_message(c)};
    ++i;
  }
  return std::nullopt;
}

YamlShape check_yaml_shape(std::string_view text) {
  return ShapeScan(text).run();
}

TextPos text_pos(std::string_view text, std::size_t offset) {
  TextPos pos;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  }
  for (std::size_t i = line_start; i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++pos.column;
  return pos;
}

}  // namespace marquee::config::detail
