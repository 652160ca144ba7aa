// Playlist YAML -> Show: top-level keys, defaults, slides, time zone, and the checks across slides.
#include "config/loader.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <unordered_map>

#include "config/digest.h"
#include "config/overlays.h"
#include "config/reader.h"
#include "config/rundown.h"
#include "config/schedules.h"
#include "config/slide_kinds.h"
#include "config/suggest.h"
#include "config/theme.h"
#include "config/times.h"
#include "core/timeline.h"

namespace marquee::config {
namespace {

using namespace detail;

const Choice<TransitionKind> kTransitionKind{"transition",
                                             {{"cut", TransitionKind::cut},
                                              {"fade", TransitionKind::fade},
                                              {"push-left", TransitionKind::push_left},
                                              {"push-right", TransitionKind::push_right},
                                              {"wipe", TransitionKind::wipe},
                                              {"crossfade", TransitionKind::fade, true}}};
const Choice<Easing> kEasing{"easing",
                             {{"linear", Easing::linear},
                              {"ease-in-out", Easing::ease_in_out},
                              {"ease-out", Easing::ease_out}}};

const Choice<ScreenRole> kRole{
    "screen role", {{"audience", ScreenRole::audience}, {"confidence", ScreenRole::confidence}}};
const Choice<Audience> kAudience{"audience",
                                 {{"room", Audience::room}, {"stage", Audience::stage}}};

// A transition is a kind name, or a map whose keys override those of `out`'s current
// value, so a slide can change only the kind and keep the default duration.
ReadFn transition(Reader& r, Transition& out) {
  return [&r = r, &out = out](const Item& item) {
    if (!item.node.IsMap()) {
      r.into(out.kind, kTransitionKind)(item);
      return;
    }
    const Field fields[] = {
        {"kind", r.into(out.kind, kTransitionKind)},
        {"duration", r.into(out.duration, duration)},
        {"easing", r.into(out.easing, kEasing)},
    };
    r.read_map(item, quote(item.key), fields);
  };
}

const date::time_zone* read_zone(Reader& r, const std::optional<Item>& item, Show& show) {
  const date::time_zone* zone = nullptr;
  if (item) {
    zone = time_zone(r, *item).value_or(nullptr);
    if (zone) show.timezone = item->node.Scalar();
  }
  // A show with a bad zone still gets one, so callers that ignore errors cannot crash.
  try {
    if (!zone) zone = date::locate_zone("UTC");
  } catch (const std::exception&) {
    r.error(item ? item->at : YAML::Mark{}, "cannot load the time zone database; install tzdata");
  }
  return zone;
}

// `tags: [campaign-x, keynote]` or one tag alone; each a non-empty name, kept in order.
std::optional<std::vector<std::string>> tag_list(Reader& r, const Item& item) {
  if (item.node.IsScalar() && !trim(item.node.Scalar()).empty())
    return std::vector<std::string>{std::string(trim(item.node.Scalar()))};
  if (!item.node.IsSequence()) {
    r.type_error(item, "a list of tags, like [campaign-x]");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& entry : item.node) {
    if (!r.visit(entry.Mark())) break;
    const YAML::Mark at = r.entry_mark(entry);
    const Item tag{entry, "tag", at, at};
    const auto value = r.scalar(tag, "a tag name");
    if (!value) continue;
    if (trim(*value).empty())
      r.error(at, "tag is empty");
    else if (std::find(out.begin(), out.end(), trim(*value)) == out.end())
      out.emplace_back(trim(*value));
  }
  return out;
}

struct ReadSlide {
  Slide slide;
  YAML::Mark id_at;
  std::optional<YAML::Mark> window_at;
};

std::optional<ReadSlide> read_slide(Reader& r, const YAML::Node& node, int number,
                                    const Slide& defaults) {
  const YAML::Mark at = r.entry_mark(node);
  ReadSlide out{defaults, at, std::nullopt};
  Slide& slide = out.slide;
  slide.id = "slide-" + std::to_string(number);
  slide.where = r.where(at);
  std::vector<std::pair<const SlideKindReader*, Item>> kinds;
  bool unknown_kind = false;

  std::vector<Field> fields = {
      {"id",
       [&](const Item& item) {
         if (auto id = r.scalar(item, "a name like welcome")) {
           slide.id = *id;
           out.id_at = item.at;
         }
       }},
      {"duration", r.into(slide.duration, duration)},
      {"transition", transition(r, slide.transition)},
      {"overlays", r.into(slide.overlays, boolean)},
      {"tags", r.into(slide.tags, tag_list)},
      {"audience", r.into(slide.audience, kAudience)},
      {"show",
       [&](const Item& item) {
         slide.window = read_window(r, item);
         out.window_at = item.at;
       }},
  };
  std::vector<std::string> kind_names;
  for (const auto& kind : slide_kind_readers()) {
    kind_names.emplace_back(kind.name);
    fields.push_back(
        {kind.name, [&kinds, k = &kind](const Item& item) { kinds.emplace_back(k, item); }});
  }
  std::vector<std::string> valid;
  for (const auto& field : fields) valid.emplace_back(field.key);

  // A misspelt kind reads better as "unknown slide kind" than as an unknown key.
  const auto on_unknown = [&](const Item& item) {
    const auto close = suggest(item.key, valid);
    const bool looks_like_kind =
        close ? std::find(kind_names.begin(), kind_names.end(), *close) != kind_names.end()
              : item.node.IsMap();
    if (!looks_like_kind) return r.unknown_key(item, valid);
    unknown_kind = true;
    r.error(item.key_at,
            "unknown slide kind " + quote(item.key) + did_you_mean(item.key, kind_names));
  };
  if (!r.read_map({node, "", at, at}, "a slide", fields, on_unknown)) return std::nullopt;

  if (kinds.empty() && !unknown_kind)
    r.error(at, "slide has no content; add one of: " + join(kind_names, ", "));
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    // Every kind is read so its own problems are reported too; the first one wins.
    const auto content = kinds[i].first->read(r, kinds[i].second);
    if (i == 0)
      slide.content = content;
    else
      r.error(kinds[i].second.key_at, "slide has two kinds, '" + kinds[0].second.key + "' and '" +
                                          kinds[i].second.key + "'; give each its own slide");
  }
  // A session that is over, with nothing to say afterwards, leaves the rotation by itself.
  if (const auto over = content_over(slide.content))
    slide.window.until = std::min(slide.window.until.value_or(*over), *over);
  return out;
}

// The whole value of a window, as a key for remembering what checking it found.
std::string window_key(const ScheduleWindow& w) {
  const auto instant = [](const std::optional<LocalTime>& t) {
    return t ? std::to_string(t->time_since_epoch().count()) : std::string("-");
  };
  std::string key = instant(w.from) + "/" + instant(w.until) + "/" + std::to_string(w.days);
  for (const auto& range : w.times)
    key += "/" + std::to_string(range.start.count()) + "-" + std::to_string(range.end.count());
  return key;
}

void read_slides(Reader& r, const std::optional<Item>& slides, const Slide& defaults, Show& show) {
  if (!slides) return r.error({}, "the playlist has no slides; add a 'slides:' list");
  if (slides->node.IsNull() || (slides->node.IsSequence() && slides->node.size() == 0))
    return r.error(slides->at, "'slides' is empty; add at least one slide");
  if (!slides->node.IsSequence()) return r.type_error(*slides, "a list of slides");

  std::vector<ReadSlide> read;
  int number = 0;
  for (const auto& node : slides->node) {
    if (!r.visit(node.Mark())) break;
    if (auto slide = read_slide(r, node, ++number, defaults)) read.push_back(std::move(*slide));
  }
  std::unordered_map<std::string, const ReadSlide*> first_with_id;
  for (const auto& s : read) {
    const auto [first, fresh] = first_with_id.try_emplace(s.slide.id, &s);
    if (!fresh)
      r.error(s.id_at, "duplicate slide id " + quote(s.slide.id) + " (first used at line " +
                           std::to_string(r.where(first->second->id_at).line) + ")");
  }
  std::size_t dark = 0;
  // Aliases can put one window on thousands of slides, so each distinct one is checked once.
  std::unordered_map<std::string, std::optional<std::string>> never;
  for (const auto& s : read) {
    if (!s.window_at) continue;
    const auto [known, fresh] = never.try_emplace(window_key(s.slide.window));
    if (fresh) known->second = never_on_air(s.slide.window);
    if (const auto& why = known->second) {
      r.warning(*s.window_at, "slide " + quote(s.slide.id) + " is never on air: " + *why);
      ++dark;
    }
  }
  if (!read.empty() && dark == read.size())
    r.error(slides->key_at, "no slide in this playlist is ever on air; check their 'show' windows");
  for (auto& s : read) show.slides.push_back(std::move(s.slide));
}

std::optional<Show> read_show(Sink& sink, std::string_view yaml,
                              const std::filesystem::path& as_file) {
  Reader r(sink, as_file.string(), as_file.parent_path());
  const auto root = r.parse_document(yaml);
  if (!root) return std::nullopt;

  Show show;
  show.file = r.resolve(as_file.filename());
  sink.depend(show.file);
  std::optional<Item> theme, timezone, defaults, slides, overlays, schedules;
  const Field fields[] = {
      {"screen", r.into(show.screen, text)},
      {"theme", Reader::keep(theme)},
      {"timezone", Reader::keep(timezone)},
      {"defaults", Reader::keep(defaults)},
      {"slides", Reader::keep(slides)},
      {"overlays", Reader::keep(overlays)},
      {"kiosk", r.into(show.kiosk, boolean)},
      {"schedules", Reader::keep(schedules)},
      {"role", r.into(show.role, kRole)},
      {"rundown",
       [&](const Item& item) {
         auto rundown = read_rundown(r, item);
         if (!rundown.talks.empty())
           show.rundown = std::make_shared<const Rundown>(std::move(rundown));
       }},
  };
  if (!r.read_map({*root, "", {}, {}}, "the playlist", fields)) return std::nullopt;
  if (show.screen.empty()) show.screen = as_file.stem().string();

  // Keys are handled in dependency order here, so they may appear in any order.
  if (theme) {
    if (asset(r, *theme)) {
      const auto shown = (as_file.parent_path() / theme->node.Scalar()).lexically_normal();
      if (auto loaded = read_theme_file(sink, shown)) show.theme = std::move(*loaded);
    }
  }
  show.zone = read_zone(r, timezone, show);
  if (schedules) read_schedules(r, *schedules, timezone ? show.zone : nullptr, show);

  Slide slide_defaults;
  if (defaults) {
    const Field default_fields[] = {
        {"duration", r.into(slide_defaults.duration, duration)},
        {"transition", transition(r, slide_defaults.transition)},
    };
    r.read_map(*defaults, "'defaults'", default_fields);
  }
  show.transition = slide_defaults.transition;
  // Slides that show a schedule look it up, and the playlist's zone, in the show so far.
  sink.show = &show;
  read_slides(r, slides, slide_defaults, show);
  if (overlays) show.overlays = read_overlays(r, *overlays, show.theme);
  check_slides(sink, show);
  sink.show = nullptr;
  return show;
}

// The loader's promise is that nothing escapes; a surprise becomes a diagnostic.
template <class Fn>
void guarded(Sink& sink, const std::filesystem::path& file, Fn fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    sink.diagnostics.push_back(
        {file.string(), 1, 1, Diagnostic::Severity::error,
         std::string("internal error while reading this file: ") + e.what()});
  }
}

// The root, canonical so that checking a canonical path against it is a prefix test.
std::filesystem::path canonical_root(const std::filesystem::path& root) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(root, ec);
  if (ec) absolute = root;
  auto canonical = std::filesystem::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

ShowResult show_from_text(Sink& sink, std::string_view yaml, const std::filesystem::path& as_file) {
  ShowResult result;
  guarded(sink, as_file, [&] { result.show = read_show(sink, yaml, as_file); });
  if (result.show) {
    result.show->dependencies = sink.dependencies;
    result.show->timetable = make_timetable(*result.show);
  }
  result.diagnostics = sink.take_sorted();
  result.sources = std::move(sink.texts_read);
  if (result.show) {
    // A playlist given as a string (tests, fuzzing) was not read from a file: it counts too.
    SourceTexts texts = result.sources;
    texts.try_emplace(std::filesystem::absolute(as_file).lexically_normal(), yaml);
    result.show->revision = revision_of(as_file, texts);
  }
  return result;
}

}  // namespace

bool ShowResult::ok() const {
  return show && !has_errors(diagnostics);
}
bool ThemeResult::ok() const {
  return theme && !has_errors(diagnostics);
}

std::filesystem::path content_root_for(const std::filesystem::path& file,
                                       const std::optional<std::filesystem::path>& root) {
  if (root) return canonical_root(*root);
  if (const char* env = std::getenv("MARQUEE_CONTENT_ROOT"); env && *env)
    return canonical_root(env);
  std::error_code ec;
  auto absolute = std::filesystem::absolute(file, ec);
  if (ec) absolute = file;
  return canonical_root(absolute.lexically_normal().parent_path().parent_path());
}

ShowResult load_show_from_string(std::string_view yaml, const std::filesystem::path& as_file,
                                 const std::optional<std::filesystem::path>& content_root) {
  Sink sink;
  guarded(sink, as_file, [&] { sink.content_root = content_root_for(as_file, content_root); });
  return show_from_text(sink, yaml, as_file);
}

ShowResult load_show(const std::filesystem::path& playlist,
                     const std::optional<std::filesystem::path>& content_root) {
  return load_show_from_sources(playlist, {}, content_root);
}

ShowResult load_show_from_sources(const std::filesystem::path& playlist,
                                  const SourceTexts& stand_ins,
                                  const std::optional<std::filesystem::path>& content_root) {
  Sink sink;
  sink.stand_ins = &stand_ins;
  std::optional<std::string> yaml;
  guarded(sink, playlist, [&] {
    sink.content_root = content_root_for(playlist, content_root);
    yaml = read_text_file(sink, playlist);
  });
  if (!yaml) return {std::nullopt, sink.take_sorted(), {}};
  return show_from_text(sink, *yaml, playlist);
}

ThemeResult load_theme(const std::filesystem::path& theme,
                       const std::optional<std::filesystem::path>& content_root) {
  Sink sink;
  ThemeResult result;
  guarded(sink, theme, [&] {
    sink.content_root = content_root_for(theme, content_root);
    result.theme = read_theme_file(sink, theme);
  });
  result.diagnostics = sink.take_sorted();
  return result;
}

ThemeResult load_theme_from_string(std::string_view yaml, const std::filesystem::path& as_file,
                                   const std::optional<std::filesystem::path>& content_root) {
  Sink sink;
  ThemeResult result;
  guarded(sink, as_file, [&] {
    sink.content_root = content_root_for(as_file, content_root);
    result.theme = read_theme_text(sink, yaml, as_file);
  });
  result.diagnostics = sink.take_sorted();
  return result;
}

}  // namespace marquee::config
