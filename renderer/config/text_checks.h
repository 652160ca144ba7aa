// Internal: cheap checks of raw text (size, encoding, YAML shape) before any parser sees it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::config::detail {

// A real playlist or theme is a few KB. The limits sit far above that, and low enough
// that a hostile file cannot stall a reload or eat the player's memory: yaml-cpp needs
// about 850 bytes and 2.5 us per value, and recurses once per nesting level.
inline constexpr std::uintmax_t kMaxFileBytes = 4u << 20;
inline constexpr int kMaxNesting = 64;
inline constexpr std::size_t kMaxValues = 100'000;

// A problem at byte `offset` of the text it was found in.
struct TextProblem {
  std::size_t offset = 0;
  std::string message;
};

// "file is too large (5.2 MB); the limit is 4 MB"
std::string too_large_message(std::uintmax_t bytes);

// Size, byte-order mark, UTF-8 and control characters. Drops a UTF-8 byte-order mark
// from the front of `text`, so positions count from after it, as editors show them.
std::optional<TextProblem> check_text(std::string_view& text);

// How deep YAML text nests and roughly how many values it holds, from its indentation,
// indicators and brackets, so that yaml-cpp never sees what would exhaust the stack or
// the memory. Errs on the side of counting too much.
struct YamlShape {
  std::optional<TextProblem> problem;
  // Where a quoted scalar opens that is still open at the end of the text. yaml-cpp
  // accepts that when the text ends in a line break, and swallows the rest of the file.
  std::optional<std::size_t> open_quote;
  // The innermost '[' or '{' still open at the end of the text.
  std::optional<std::size_t> open_bracket;
  // Where an entry in brackets follows the one before it without a ',' between them:
  // ["Welcome" "Coffee"] or { duration: 10s transition: fade }. Only a guess at the
  // cause, for when yaml-cpp refuses the text.
  std::optional<std::size_t> missing_comma;
  // Each '?' in plain text inside brackets, which YAML allows and yaml-cpp does not.
  std::vector<std::size_t> questions_in_brackets;
};
YamlShape check_yaml_shape(std::string_view text);

// 1-based line and column of byte `offset`; columns count characters, not bytes.
struct TextPos {
  int line = 1;
  int column = 1;
};
TextPos text_pos(std::string_view text, std::size_t offset);

}  // namespace marquee::config::detail
