// Internal: the shared machinery for reading YAML with diagnostics, and the typed value parsers.
#include "config/reader.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>
#include <tuple>

#include "config/image_probe.h"
#include "config/suggest.h"
#include "core/duration.h"

namespace marquee::config::detail {

void Sink::depend(const std::filesystem::path& file) {
  if (depended_.insert(file.string()).second) dependencies.push_back(file);
}

std::vector<Diagnostic> Sink::take_sorted() {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  std::unordered_set<std::string> seen;
  std::vector<Diagnostic> out;
  for (auto& d : diagnostics)
    if (seen.insert(format(d)).second) out.push_back(std::move(d));
  diagnostics.clear();
  return out;
}

namespace {

// "Too many levels of symbolic links" -> "too many levels of symbolic links", to follow a colon.
std::string reason(const std::error_code& ec) {
  std::string out = ec.message();
  if (!out.empty())
    out.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(out.front())));
  return out;
}

}  // namespace

std::optional<std::string> read_text_file_from_disk(Sink& sink, const std::filesystem::path& shown);

std::optional<std::string> read_text_file(Sink& sink, const std::filesystem::path& shown) {
  std::error_code absolute_ec;
  const auto key = std::filesystem::absolute(shown, absolute_ec).lexically_normal();
  if (sink.stand_ins) {
    if (const auto it = sink.stand_ins->find(key); it != sink.stand_ins->end()) {
      sink.texts_read[key] = it->second;
      return it->second;
    }
  }
  auto text = read_text_file_from_disk(sink, shown);
  if (text) sink.texts_read[key] = *text;
  return text;
}

std::optional<std::string> read_text_file_from_disk(Sink& sink,
                                                    const std::filesystem::path& shown) {
  const auto fail = [&](std::string message) {
    sink.diagnostics.push_back(
        {shown.string(), 1, 1, Diagnostic::Severity::error, std::move(message)});
    return std::nullopt;
  };
  std::error_code ec;
  const auto status = std::filesystem::status(shown, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    return fail("cannot open file: " + reason(ec));
  if (!std::filesystem::exists(status)) return fail("cannot open file: it does not exist");
  if (std::filesystem::is_directory(status)) return fail("cannot open file: it is a folder");
  // Opening a pipe would block and a device may never end, so only plain files are read.
  if (!std::filesystem::is_regular_file(status))
    return fail("cannot open file: it is not a regular file");
  const auto size = std::filesystem::file_size(shown, ec);
  if (!ec && size > kMaxFileBytes) return fail(too_large_message(size));
  std::ifstream in(shown, std::ios::binary);
  if (!in) return fail("cannot open file: it cannot be read (check its permissions)");
  // Read at most one byte past the limit, in case the file grew since it was measured.
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxFileBytes) return fail(too_large_message(text.size()));
  return text;
}

Reader::Reader(Sink& sink, std::string shown_file, std::filesystem::path base_dir)
    : sink_(sink), file_(std::move(shown_file)), base_(std::move(base_dir)) {}

SourcePos Reader::where(const YAML::Mark& mark) const {
  // yaml-cpp puts what it finds at the end of the text (an empty value, a fault) on the
  // line after it, which editors cannot show; the text's last character stands in.
  const std::size_t last_char = text_.find_last_not_of(" \t\r\n");
  if (mark.pos >= 0 && last_char != std::string::npos &&
      static_cast<std::size_t>(mark.pos) > last_char) {
    const TextPos at = text_pos(text_, last_char);
    return {file_, at.line, at.column};
  }
  // yaml-cpp counts from 0, uses -1 for "no position", and counts bytes where editors
  // count characters, so columns after non-ASCII text are recounted.
  SourcePos pos{file_, std::max(mark.line, 0) + 1, std::max(mark.column, 0) + 1};
  if (mark.column > 0 && mark.pos >= mark.column &&
      static_cast<std::size_t>(mark.pos) <= text_.size()) {
    const auto line_start = static_cast<std::size_t>(mark.pos - mark.column);
    if (line_start == 0 || text_[line_start - 1] == '\n')
      pos.column = text_pos(std::string_view(text_).substr(line_start),
                            static_cast<std::size_t>(mark.column))
                       .column;
  }
  return pos;
}

void Reader::add(const YAML::Mark& at, Diagnostic::Severity severity, std::string message) {
  // Past the budget, reading stopped part way, so anything more would be noise.
  if (sink_.over_budget()) return;
  const SourcePos pos = where(at);
  sink_.diagnostics.push_back({pos.file, pos.line, pos.column, severity, std::move(message)});
}

void Reader::error(std::string_view text, const TextProblem& problem) {
  const TextPos pos = text_pos(text, problem.offset);
  sink_.diagnostics.push_back(
      {file_, pos.line, pos.column, Diagnostic::Severity::error, problem.message});
}

bool Reader::visit(const YAML::Mark& at) {
  if (sink_.over_budget()) return false;
  if (++sink_.visits <= kMaxVisits) return true;
  const SourcePos pos = where(at);
  sink_.diagnostics.push_back({pos.file, pos.line, pos.column, Diagnostic::Severity::error,
                               "aliases repeat this part of the file too often (more than " +
                                   std::to_string(kMaxVisits) +
                                   " values to read); write it out or use fewer aliases (*name)"});
  return false;
}

void Reader::error(const YAML::Mark& at, std::string message) {
  add(at, Diagnostic::Severity::error, std::move(message));
}

void Reader::warning(const YAML::Mark& at, std::string message) {
  add(at, Diagnostic::Severity::warning, std::move(message));
}

void Reader::type_error(const Item& item, std::string_view expected) {
  error(item.at,
        quote(item.key) + " must be " + std::string(expected) + ", got " + describe(item.node));
}

std::optional<std::string> Reader::scalar(const Item& item, std::string_view expected) {
  if (item.node.IsScalar() && !item.node.Scalar().empty()) return item.node.Scalar();
  type_error(item, expected);
  return std::nullopt;
}

namespace {

// yaml-cpp's parser messages, reworded for someone fixing a file by hand.
std::string readable_syntax_error(const std::string& msg) {
  static const std::pair<std::string_view, std::string_view> kReworded[] = {
      {"illegal map value",
       "unexpected ':'; put text that contains ': ' in quotes, or check the indentation"},
      {"end of map not found",
       "unexpected text; check this line's indentation and the quotes before it"},
      {"end of sequence not found", "unexpected text in a list; check this line's indentation"},
      {"illegal block entry", "unexpected list item '-'; check its indentation"},
      {"illegal tab when looking for indentation", "tab used for indentation; indent with spaces"},
      {"unknown token", "a value cannot start with this character; put the value in quotes"},
      {"illegal flow end", "unexpected closing bracket"},
      {"the referenced anchor is not defined", "this alias names an anchor that is not defined"},
      {"unknown escape character",
       "unknown escape in double quotes; write \\\\ for a backslash, or use single quotes"},
      {"illegal EOF in scalar", "quoted text is never closed; add the closing quote"},
  };
  for (const auto& [yaml_cpp, ours] : kReworded)
    if (msg.starts_with(yaml_cpp)) return "syntax error: " + std::string(ours);
  return "syntax error: " + msg;
}

// Line n (0-based) of text, or empty when there is no such line.
std::string_view nth_line(std::string_view input, int n) {
  if (n < 0) return {};
  for (int i = 0; i < n; ++i) {
    const auto end = input.find('\n');
    if (end == input.npos) return {};
    input.remove_prefix(end + 1);
  }
  return input.substr(0, input.find('\n'));
}

// Where each document's first node starts, as the parser reports them.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;

  void OnDocumentStart(const YAML::Mark& mark) override {
    marks.push_back(mark);
    first_ = true;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (first_) marks.back() = mark;
    first_ = false;
  }
  bool first_ = false;
};

// Whether some node of the tree starts at byte `pos`; gives up after `budget` nodes,
// as aliases can make a small tree a vast walk.
bool has_node_at(const YAML::Node& node, std::size_t pos, std::size_t& budget) {
  if (budget == 0) return false;
  --budget;
  if (node.Mark().pos >= 0 && static_cast<std::size_t>(node.Mark().pos) == pos) return true;
  if (node.IsSequence())
    for (const auto& child : node)
      if (has_node_at(child, pos, budget)) return true;
  if (node.IsMap())
    for (const auto& pair : node)
      if (has_node_at(pair.first, pos, budget) || has_node_at(pair.second, pos, budget))
        return true;
  return false;
}

// What parse_document hands yaml-cpp in place of a '?' inside plain text in brackets:
// one byte, so every position stays true, and one no valid file holds, as check_text
// refuses control characters.
constexpr char kQuestionStandIn = '\x01';

// Puts back the '?' that kQuestionStandIn stood in for. Plain scalars only: a quoted one
// may hold that byte from an escape ("\x01"). Aliases share nodes, so a node may be seen
// more than once; `budget` bounds the walk as in has_node_at.
void restore_questions(YAML::Node node, std::size_t& budget) {
  if (budget == 0) return;
  --budget;
  if (node.IsScalar() && node.Tag() == "?" &&
      node.Scalar().find(kQuestionStandIn) != std::string::npos) {
    std::string restored = node.Scalar();
    std::replace(restored.begin(), restored.end(), kQuestionStandIn, '?');
    node = restored;  // keeps the node's mark and tag
  }
  if (node.IsSequence())
    for (auto child : node) restore_questions(child, budget);
  if (node.IsMap())
    for (auto pair : node) {
      restore_questions(pair.first, budget);
      restore_questions(pair.second, budget);
    }
}

// The offset of a line "---" or "..." (a document's start or end) in text[from, to), or
// nullopt when there is none.
std::optional<std::size_t> document_marker(std::string_view text, int from, int to) {
  std::size_t line = text.rfind('\n', static_cast<std::size_t>(std::max(from, 0)));
  line = line == std::string_view::npos ? 0 : line + 1;
  for (; line < text.size() && line < static_cast<std::size_t>(to);) {
    const std::string_view rest = text.substr(line);
    if ((rest.starts_with("---") || rest.starts_with("...")) &&
        (rest.size() == 3 || std::string_view(" \t\r\n").find(rest[3]) != std::string_view::npos) &&
        line >= static_cast<std::size_t>(std::max(from, 0)))
      return line;
    const std::size_t end = text.find('\n', line);
    if (end == std::string_view::npos) break;
    line = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<YAML::Node> Reader::parse_document(std::string_view input) {
  if (auto problem = check_text(input)) {
    error(input, *problem);
    return std::nullopt;
  }
  text_ = input;
  if (trim(text_).empty()) {
    // Most often a save caught half-way, which must not replace a good show.
    error(YAML::Mark{}, "file is empty");
    return std::nullopt;
  }
  const YamlShape shape = check_yaml_shape(text_);
  if (shape.problem) {
    error(text_, *shape.problem);
    return std::nullopt;
  }
  const auto fail = [&](std::size_t offset, std::string message) {
    error(text_, {offset, std::move(message)});
    return std::nullopt;
  };
  const auto unclosed_quote = [&] {
    return fail(*shape.open_quote,
                "syntax error: quoted text is never closed; add the closing quote");
  };
  // yaml-cpp reports what it finds at the end of the text on the line after it.
  const std::size_t last_char = text_.find_last_not_of(" \t\r\n");
  const auto at_end = [&](const YAML::Mark& at) {
    return static_cast<std::size_t>(std::max(at.pos, 0)) > last_char;
  };
  std::string parsed = text_;
  for (const std::size_t at : shape.questions_in_brackets) parsed[at] = kQuestionStandIn;
  YAML::Node root;
  try {
    // Two documents at most are asked for: LoadAll loops for ever on some text ("[a], b").
    std::istringstream in(parsed);
    YAML::Parser parser(in);
    DocumentStarts documents;
    if (parser.HandleNextDocument(documents) && parser.HandleNextDocument(documents)) {
      const YAML::Mark at = documents.marks.back();
      if (at.pos >= 0 && !at_end(at) && text_[at.pos] == ',')
        return fail(
            at.pos,
            "syntax error: unexpected ','; the list or map in brackets before it has ended");
      const auto marker = document_marker(text_, documents.marks.front().pos, at.pos);
      if (!marker)  // the first document is a value that has ended: "Welcome", then "Coffee"
        return fail(at.pos,
                    "syntax error: unexpected text after the end of the value before it; check "
                    "the indentation here");
      const std::string written(text_.substr(*marker, 3));
      if (at_end(at)) return fail(*marker, "unexpected '" + written + "' at the end; remove it");
      // yaml-cpp also ends a document silently at some bad dedents, so say both causes.
      return fail(at.pos, "unexpected second document; check the indentation here, or remove '" +
                              written + "'");
    }
    root = YAML::Load(parsed);
  } catch (const YAML::Exception& e) {
    // A quote left open runs to the end of the text, where yaml-cpp finds some other fault.
    if (shape.open_quote && at_end(e.mark)) return unclosed_quote();
    const bool flow_not_closed = e.msg.starts_with("end of map flow not found") ||
                                 e.msg.starts_with("end of sequence flow not found");
    if (shape.open_bracket && (flow_not_closed || at_end(e.mark))) {
      const char open = text_[*shape.open_bracket];
      return fail(*shape.open_bracket, std::string("syntax error: '") + open +
                                           "' is never closed; add the matching '" +
                                           (open == '[' ? ']' : '}') + "'");
    }
    if (shape.missing_comma &&
        *shape.missing_comma <= static_cast<std::size_t>(std::max(e.mark.pos, 0)))
      return fail(*shape.missing_comma,
                  "syntax error: missing ',' before this; separate the entries in brackets with "
                  "commas");
    if (flow_not_closed) {  // every bracket is closed, so yaml-cpp's reading would mislead
      error(e.mark,
            "syntax error: unexpected text in brackets; check the commas, colons and quotes "
            "before it");
      return std::nullopt;
    }
    // yaml-cpp rarely names a tab as the cause, so look at the line's indent ourselves.
    const std::string_view line = nth_line(input, e.mark.line);
    const auto tab = line.find('\t');
    if (tab != line.npos && tab < line.find_first_not_of(" \t")) {
      YAML::Mark at = e.mark;
      at.column = static_cast<int>(tab);
      error(at, readable_syntax_error("illegal tab when looking for indentation"));
    } else {
      error(e.mark, readable_syntax_error(e.msg));
    }
    return std::nullopt;
  }
  if (shape.open_quote) {
    // Only an error if yaml-cpp, too, read a quoted scalar from there to the end.
    std::size_t budget = kMaxVisits;
    if (has_node_at(root, *shape.open_quote, budget)) return unclosed_quote();
  }
  if (!shape.questions_in_brackets.empty()) {
    std::size_t budget = kMaxVisits;
    restore_questions(root, budget);
  }
  return root;  // null for a file of only comments
}

YAML::Mark Reader::entry_mark(const YAML::Node& entry) const {
  YAML::Mark at = entry.Mark();
  if (!entry.IsNull() || at.pos <= 0 || static_cast<std::size_t>(at.pos) > text_.size()) return at;
  std::size_t i = static_cast<std::size_t>(at.pos);
  int lines_back = 0;
  while (i > 0 && std::isspace(static_cast<unsigned char>(text_[i - 1]))) {
    if (text_[i - 1] == '\n') ++lines_back;
    --i;
  }
  if (i == 0 || (text_[i - 1] != '-' && text_[i - 1] != '?')) return at;
  const std::size_t dash = i - 1;  // or the '?' of an empty key
  const std::size_t line_start =
      text_.rfind('\n', dash) == std::string::npos ? 0 : text_.rfind('\n', dash) + 1;
  at.pos = static_cast<int>(dash);
  at.line -= lines_back;
  at.column = static_cast<int>(dash - line_start);
  return at;
}

bool Reader::read_map(const Item& map, std::string_view what, std::span<const Field> fields,
                      const ReadFn& on_unknown) {
  if (map.node.IsNull()) return true;
  std::vector<std::string> valid;
  for (const auto& field : fields) valid.emplace_back(field.key);
  if (!map.node.IsMap()) {
    const std::vector<std::string> some(valid.begin(),
                                        valid.begin() + std::min<std::size_t>(3, valid.size()));
    error(map.at, std::string(what) + " must be a map with keys like " + join(some, ", ") +
                      ", got " + describe(map.node));
    return false;
  }
  // yaml-cpp keeps every pair of a map, duplicates included, so they can be found here.
  std::unordered_map<std::string, int> seen;  // key -> line
  for (const auto& pair : map.node) {
    // Copies: yaml-cpp's iterator hands out temporaries, so references would dangle.
    const YAML::Node key = pair.first;
    const YAML::Node value = pair.second;
    if (!key.IsScalar()) {
      error(entry_mark(key), "keys must be plain words, got " + describe(key));
      continue;
    }
    if (!visit(key.Mark())) break;
    const Item item{value, key.Scalar(), key.Mark(), value.IsNull() ? key.Mark() : value.Mark()};
    if (item.key == "<<") {
      error(key.Mark(), "'<<' merge keys are not supported; write the keys out");
      continue;
    }
    const auto [first, fresh] = seen.try_emplace(item.key, where(key.Mark()).line);
    if (!fresh) {
      error(key.Mark(), "duplicate key " + quote(item.key) + " (first defined at line " +
                            std::to_string(first->second) + ")");
      continue;
    }
    const auto field = std::find_if(fields.begin(), fields.end(),
                                    [&](const Field& f) { return f.key == item.key; });
    if (field != fields.end())
      field->read(item);
    else if (on_unknown)
      on_unknown(item);
    else
      unknown_key(item, valid);
  }
  return true;
}

void Reader::unknown_key(const Item& item, const std::vector<std::string>& valid) {
  error(item.key_at, "unknown key " + quote(item.key) + did_you_mean(item.key, valid));
}

std::filesystem::path Reader::resolve(const std::filesystem::path& written) const {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(base_ / written, ec);
  if (ec) absolute = base_ / written;
  return absolute.lexically_normal();
}

std::string describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  if (!node.IsScalar() || node.Scalar().empty()) return "nothing";
  return quote(node.Scalar());
}

std::string join(const std::vector<std::string>& words, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? last : ", ";
    out += words[i];
  }
  return out;
}

std::string lower(std::string_view input) {
  std::string out(input);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view input) {
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.front())))
    input.remove_prefix(1);
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.back())))
    input.remove_suffix(1);
  return input;
}

std::string did_you_mean(std::string_view written, const std::vector<std::string>& candidates,
                         const std::vector<std::string>& listed) {
  if (auto close = suggest(written, candidates)) return " (did you mean '" + *close + "'?)";
  return "; use one of: " + join(listed, ", ");
}

std::optional<std::string> text(Reader& r, const Item& item) {
  if (item.node.IsNull()) return std::string{};
  if (item.node.IsScalar()) return item.node.Scalar();
  r.type_error(item, "text");
  return std::nullopt;
}

std::optional<bool> boolean(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "true or false");
  if (!written) return std::nullopt;
  const std::string word = lower(trim(*written));
  if (word == "true" || word == "yes" || word == "on") return true;
  if (word == "false" || word == "no" || word == "off") return false;
  r.type_error(item, "true or false");
  return std::nullopt;
}

std::optional<Millis> duration(Reader& r, const Item& item) {
  const auto written = r.scalar(item, "a duration like 10s");
  if (!written) return std::nullopt;
  std::string_view digits = trim(*written);
  const bool negative = digits.starts_with('-');
  if (negative) digits.remove_prefix(1);
  const auto parsed = parse_duration(digits);
  if (!parsed) {
    r.error(item.at,
            "cannot read duration " + quote(*written) + "; write it like 10s, 2m or 1m30s");
    return std::nullopt;
  }
  if (negative || parsed->count() <= 0) {
    r.error(item.at, "duration must be greater than zero, got " + quote(*written));
    return std::nullopt;
  }
  return parsed;
}

std::optional<Color> parse_colour(std::string_view input) {
  const std::string word = lower(input);
  if (word == "white") return Color{255, 255, 255, 255};
  if (word == "black") return Color{0, 0, 0, 255};
  if (word == "transparent") return Color{0, 0, 0, 0};
  if (!input.starts_with('#')) return std::nullopt;
  input.remove_prefix(1);
  if (input.size() != 3 && input.size() != 6 && input.size() != 8) return std::nullopt;
  std::uint8_t channel[4] = {0, 0, 0, 255};
  const std::size_t width = input.size() == 3 ? 1 : 2;
  for (std::size_t i = 0; i * width < input.size(); ++i) {
    unsigned value = 0;
    const char* begin = input.data() + i * width;
    const auto [end, ec] = std::from_chars(begin, begin + width, value, 16);
    if (ec != std::errc{} || end != begin + width) return std::nullopt;
    channel[i] = static_cast<std::uint8_t>(width == 1 ? value * 17 : value);
  }
  return Color{channel[0], channel[1], channel[2], channel[3]};
}

namespace {

std::string format_number(double value) {
  if (value == std::floor(value)) return std::to_string(static_cast<long long>(value));
  std::string out = std::to_string(value);
  out.erase(out.find_last_not_of('0') + 1);
  return out;
}

}  // namespace

std::optional<Color> colour(Reader& r, const Item& item) {
  // An unquoted #RRGGBB is a YAML comment, which arrives here as an empty value.
  const auto written = r.scalar(item, "a colour in quotes, like \"#1A2B3C\"");
  if (!written) return std::nullopt;
  if (auto parsed = parse_colour(trim(*written))) return parsed;
  r.error(item.at, "bad colour " + quote(*written) + "; use #RRGGBB");
  return std::nullopt;
}

namespace {

bool inside(const std::filesystem::path& root, const std::filesystem::path& path) {
  const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  // A trailing separator leaves an empty last component on the root.
  return r == root.end() || (std::next(r) == root.end() && r->empty());
}

// Why an existing file is no font the player can use, or "" when it is one.
std::string font_problem(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string magic(4, '\0');
  in.read(magic.data(), 4);
  if (in.gcount() == 0) return "file is empty";
  // TrueType, OpenType (CFF), Apple TrueType, collections, and WOFF 1 and 2, which
  // Debian's FreeType reads (it is built with zlib and brotli).
  static constexpr std::string_view kMagic[] = {
      std::string_view("\0\1\0\0", 4), "OTTO", "true", "ttcf", "wOFF", "wOF2"};
  if (std::find(std::begin(kMagic), std::end(kMagic), magic) != std::end(kMagic)) return "";
  return "not a font file (expected TrueType/OpenType)";
}

// Runs `check` on an asset once per load and reports its problem at every mention.
std::optional<std::filesystem::path> checked_asset(
    Reader& r, const Item& item, std::string_view kind,
    std::string (*check)(const std::filesystem::path&)) {
  auto path = asset(r, item);
  if (!path) return std::nullopt;
  const std::string key = std::string(kind) + ":" + path->string();
  auto found = r.sink().file_checks.find(key);
  if (found == r.sink().file_checks.end())
    found = r.sink().file_checks.emplace(key, check(*path)).first;
  if (found->second.empty()) return path;
  r.error(item.at, found->second);
  return std::nullopt;
}

}  // namespace

// Paths are echoed longer than other values: the file's name at the end is what tells.
constexpr std::size_t kPathChars = 80;

namespace {

// What a missing file is: an error, or (with the words to say what shows instead) a warning,
// the path kept so that the file is picked up when it appears.
struct IfMissing {
  std::string_view instead;  // empty: an error
};

std::optional<std::filesystem::path> locate(Reader& r, const Item& item, IfMissing missing) {
  const auto written = r.scalar(item, "a file path");
  if (!written) return std::nullopt;
  const auto path = r.resolve(*written);
  std::error_code ec;
  // Resolves symbolic links too, so a link inside the root cannot lead out of it.
  const auto real = std::filesystem::weakly_canonical(path, ec);
  if (ec) {
    r.error(item.at, "cannot read path: " + reason(ec));
    return std::nullopt;
  }
  if (!r.sink().content_root.empty() && !inside(r.sink().content_root, real)) {
    r.error(item.at, "path escapes the content root: " + one_line(*written, kPathChars));
    return std::nullopt;
  }
  // Missing files are dependencies too: a watcher reloads when they appear.
  r.sink().depend(path);
  const auto status = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    r.error(item.at, "cannot read path: " + reason(ec));
    return std::nullopt;
  }
  if (!std::filesystem::exists(status)) {
    if (!missing.instead.empty()) {
      r.warning(item.at, "file not found: " + one_line(*written, kPathChars) + "; " +
                             std::string(missing.instead));
      return path;
    }
    r.error(item.at, "file not found: " + one_line(*written, kPathChars));
    return std::nullopt;
  }
  if (std::filesystem::is_directory(status)) {
    r.error(item.at, "not a file but a folder: " + one_line(*written, kPathChars));
    return std::nullopt;
  }
  // Reading a pipe would block the load, and a device may never end.
  if (!std::filesystem::is_regular_file(status)) {
    r.error(item.at, "not a regular file (a pipe or device?): " + one_line(*written, kPathChars));
    return std::nullopt;
  }
  return path;
}

std::string image_problem(const std::filesystem::path& file) {
  std::string problem;
  probe_image(file, &problem);
  return problem;
}

}  // namespace

std::optional<std::filesystem::path> asset(Reader& r, const Item& item) {
  return locate(r, item, {});
}

std::optional<std::filesystem::path> image_asset_if_there(Reader& r, const Item& item,
                                                          std::string_view instead) {
  auto path = locate(r, item, {instead});
  std::error_code ec;
  if (!path || !std::filesystem::exists(*path, ec)) return path;
  return checked_asset(r, item, "image", image_problem);
}

std::optional<std::filesystem::path> image_asset(Reader& r, const Item& item) {
  return checked_asset(r, item, "image", image_problem);
}

std::optional<std::filesystem::path> font_asset(Reader& r, const Item& item) {
  return checked_asset(r, item, "font", font_problem);
}

std::optional<double> Number::operator()(Reader& r, const Item& item) const {
  const std::string expected = "a number from " + format_number(min) + " to " + format_number(max);
  const auto written = r.scalar(item, expected);
  if (!written) return std::nullopt;
  const std::string_view digits = trim(*written);
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || !std::isfinite(value) ||
      value < min || value > max) {
    r.type_error(item, expected);
    return std::nullopt;
  }
  return value;
}

}  // namespace marquee::config::detail
