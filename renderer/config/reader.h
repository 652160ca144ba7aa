// Internal: walking yaml-cpp nodes while turning every problem into a positioned Diagnostic.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "config/diagnostics.h"
#include "config/text_checks.h"
#include "core/show.h"

namespace marquee::config::detail {

// How many keys and list entries one load may read. The text itself holds at most
// kMaxValues values, so only aliases get here: yaml-cpp shares an aliased node, which
// keeps memory flat, but every reference to it is read again, so aliases of aliases
// multiply the walk. Counting is cheaper than refusing anchors, which are handy for
// giving many slides one `show:` window.
inline constexpr std::size_t kMaxVisits = kMaxValues;

// What one load collects across the playlist and its theme.
struct Sink {
  std::vector<Diagnostic> diagnostics;
  std::vector<std::filesystem::path> dependencies;  // absolute, first mention first
  // Canonical; files named in the show must lie inside. Empty: no limit.
  std::filesystem::path content_root;
  std::size_t visits = 0;  // values read so far, against kMaxVisits
  // What checking a file found (empty: fine), by kind and path, so a file named on
  // many slides is opened once.
  std::unordered_map<std::string, std::string> file_checks;
  // Text files read so far, and texts that stand in for files (the last-good copy).
  std::map<std::filesystem::path, std::string> texts_read;
  const std::map<std::filesystem::path, std::string>* stand_ins = nullptr;
  // The show being read, once its zone and schedules are: what slides that name a
  // schedule look up. Null outside a playlist (a theme read alone).
  const Show* show = nullptr;

  void depend(const std::filesystem::path& file);
  bool over_budget() const { return visits > kMaxVisits; }
  // Sorted by file, line and column so output is stable whatever order keys are read
  // in; repeats (an aliased value is read once per alias) are dropped.
  std::vector<Diagnostic> take_sorted();

 private:
  std::unordered_set<std::string> depended_;
};

// Reads a whole regular file of at most kMaxFileBytes; nullopt after reporting why
// not ("cannot open file: ...", "file is too large ...") at line 1.
std::optional<std::string> read_text_file(Sink& sink, const std::filesystem::path& shown);

// A value together with the key that named it, for messages and positions.
struct Item {
  YAML::Node node;
  std::string key;    // as written; names the value in messages
  YAML::Mark key_at;  // the key, or the value itself for list entries
  YAML::Mark at;      // the value; the key when the value is empty (yaml-cpp puts
                      // empty values at the next token, which may be lines away)
};

class Reader;
using ReadFn = std::function<void(const Item&)>;
struct Field {
  std::string_view key;
  ReadFn read;
};

// Reads one file: knows how to name it in diagnostics and where its relative paths start.
class Reader {
 public:
  Reader(Sink& sink, std::string shown_file, std::filesystem::path base_dir);

  Sink& sink() { return sink_; }
  SourcePos where(const YAML::Mark& mark) const;

  void error(const YAML::Mark& at, std::string message);
  void warning(const YAML::Mark& at, std::string message);
  // A problem found in `text` before parsing it.
  void error(std::string_view text, const TextProblem& problem);
  // "'duration' must be a duration like 10s, got a list"
  void type_error(const Item& item, std::string_view expected);
  // The scalar text of item, or a type error naming `expected` (empty values included).
  std::optional<std::string> scalar(const Item& item, std::string_view expected);

  // Where a list entry is. yaml-cpp places an empty entry ("-" alone) at the next
  // token, possibly lines later, so for those this finds the dash itself (or the '?'
  // of an empty key).
  YAML::Mark entry_mark(const YAML::Node& entry) const;

  // Counts one more value read. False, after reporting it once at `at`, when the load
  // has read kMaxVisits values; callers then stop walking.
  bool visit(const YAML::Mark& at);

  // Parses text as one YAML document; nullopt after reporting a syntax error, or a
  // problem with the raw text (see text_checks.h). Keeps the text for entry_mark().
  std::optional<YAML::Node> parse_document(std::string_view input);

  // Hands each key of a map to its Field. Reports a non-map, duplicate keys and
  // unknown keys (to on_unknown when given). An empty value counts as an empty map.
  // Returns false when the value is not a map.
  bool read_map(const Item& map, std::string_view what, std::span<const Field> fields,
                const ReadFn& on_unknown = {});
  void unknown_key(const Item& item, const std::vector<std::string>& valid);

  // A Field reader that parses with `parse` and assigns only on success, so a bad
  // value leaves the default in place and causes no follow-on errors.
  template <class T, class Parse>
  ReadFn into(T& out, Parse parse) {
    return [this, &out, parse](const Item& item) {
      if (auto value = parse(*this, item)) out = std::move(*value);
    };
  }
  // A Field reader for a nested map whose keys are `fields`.
  ReadFn section(std::span<const Field> fields) {
    return [this, fields](const Item& item) { read_map(item, quote(item.key), fields); };
  }
  // Wraps a Field reader to note that the key was present, for "needs a 'file'" checks
  // that must not fire when the key is there but its value was bad.
  static ReadFn noting(bool& present, ReadFn read) {
    return [&present, read = std::move(read)](const Item& item) {
      present = true;
      read(item);
    };
  }
  // A Field reader that keeps the item for later, for keys that depend on others.
  static ReadFn keep(std::optional<Item>& out) {
    return [&out](const Item& item) { out = item; };
  }

  // Absolute, lexically normal path of a file named relative to this one.
  std::filesystem::path resolve(const std::filesystem::path& written) const;

 private:
  void add(const YAML::Mark& at, Diagnostic::Severity severity, std::string message);

  Sink& sink_;
  std::string file_;
  std::filesystem::path base_;
  std::string text_;
};

// "a list", "a map", "nothing" or the quoted text, for "got ..." in messages.
std::string describe(const YAML::Node& node);
// "a, b or c"; pass last = ", " for a plain list.
std::string join(const std::vector<std::string>& words, std::string_view last = " or ");
std::string lower(std::string_view input);
std::string_view trim(std::string_view input);
// " (did you mean 'x'?)" when a candidate is close, else "; use one of: " + listed.
std::string did_you_mean(std::string_view written, const std::vector<std::string>& candidates,
                         const std::vector<std::string>& listed);
inline std::string did_you_mean(std::string_view written,
                                const std::vector<std::string>& candidates) {
  return did_you_mean(written, candidates, candidates);
}

// Value parsers: report their own problems at the value and return nullopt.
std::optional<std::string> text(Reader& r, const Item& item);
std::optional<bool> boolean(Reader& r, const Item& item);
std::optional<Millis> duration(Reader& r, const Item& item);
std::optional<Color> colour(Reader& r, const Item& item);
// "#RGB", "#RRGGBB", "#RRGGBBAA", white, black or transparent; nullopt for anything else.
std::optional<Color> parse_colour(std::string_view input);
// An existing file inside the content root, resolved and recorded as a dependency.
std::optional<std::filesystem::path> asset(Reader& r, const Item& item);
// An asset whose header is an image of a size the player can afford to decode.
std::optional<std::filesystem::path> image_asset(Reader& r, const Item& item);
// An asset that starts like a TrueType, OpenType or WOFF font.
std::optional<std::filesystem::path> font_asset(Reader& r, const Item& item);

struct Number {
  double min, max;
  std::optional<double> operator()(Reader& r, const Item& item) const;
};

// A value from a fixed set of names; aliases are accepted but not advertised.
template <class T>
struct Choice {
  struct Name {
    std::string_view name;
    T value;
    bool alias = false;
  };
  std::string_view what;  // "transition", "day"
  std::vector<Name> names;

  std::optional<T> operator()(Reader& r, const Item& item) const {
    // The common case first: aliases can make this run for every entry of a long list.
    if (item.node.IsScalar())
      if (auto found = find(item.node.Scalar())) return found;
    const auto written = r.scalar(item, "one of " + join(advertised()));
    if (!written) return std::nullopt;
    std::vector<std::string> all;
    for (const auto& n : names) all.emplace_back(n.name);
    r.error(item.at, "unknown " + std::string(what) + " " + quote(*written) +
                         did_you_mean(*written, all, advertised()));
    return std::nullopt;
  }
  std::optional<T> find(std::string_view written) const {
    const std::string key = lower(trim(written));
    for (const auto& n : names)
      if (n.name == key) return n.value;
    return std::nullopt;
  }
  std::vector<std::string> advertised() const {
    std::vector<std::string> out;
    for (const auto& n : names)
      if (!n.alias) out.emplace_back(n.name);
    return out;
  }
};

}  // namespace marquee::config::detail
