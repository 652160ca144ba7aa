// Reads the rundown of talks and checks the timer's thresholds, each problem at its place.
#include "config/rundown.h"

#include <cctype>
#include <unordered_map>

#include "config/times.h"
#include "core/duration.h"

namespace marquee::config::detail {

std::string id_from(std::string_view name) {
  std::string id;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      id += static_cast<char>(std::tolower(u));
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

void check_thresholds(Reader& r, const Thresholds& thresholds, const YAML::Mark& at) {
  if (thresholds.warning <= thresholds.danger)
    r.error(at, "'warning' (" + format_duration(thresholds.warning) +
                    " left) must come before 'danger' (" + format_duration(thresholds.danger) +
                    " left): give it more time left");
}

void report(Sink& sink, const SourcePos& at, std::string message) {
  sink.diagnostics.push_back(
      {at.file, at.line, at.column, Diagnostic::Severity::error, std::move(message)});
}

void check_talk(Sink& sink, const Show& show, const std::string& talk, const SourcePos& at) {
  if (talk.empty()) return;
  if (!show.rundown || show.rundown->talks.empty()) {
    report(sink, at, "talk " + quote(talk) + " needs a 'rundown:' in the playlist to take it from");
    return;
  }
  if (talk == "current" || talk == "next" || show.rundown->index_of(talk) >= 0) return;
  std::vector<std::string> ids{"current", "next"};
  for (const Talk& t : show.rundown->talks) ids.push_back(t.id);
  report(sink, at, "no talk " + quote(talk) + " in the rundown" + did_you_mean(talk, ids));
}

namespace {

std::optional<Talk> read_talk(Reader& r, const YAML::Node& node) {
  const YAML::Mark at = r.entry_mark(node);
  Talk talk;
  talk.where = r.where(at);
  bool has_speaker = false, has_duration = false, has_thresholds = false;
  Thresholds thresholds;
  const Field fields[] = {
      {"id", r.into(talk.id, text)},
      {"speaker", Reader::noting(has_speaker, r.into(talk.speaker, text))},
      {"job_title", r.into(talk.job_title, text)},
      {"organisation", r.into(talk.organisation, text)},
      {"title", r.into(talk.title, text)},
      {"portrait",
       [&](const Item& item) {
         if (auto file = image_asset_if_there(r, item, "the card shows the speaker's initials"))
           talk.portrait = *file;
       }},
      {"at", r.into(talk.at, local_time)},
      {"duration", Reader::noting(has_duration, r.into(talk.duration, duration))},
      {"warning", Reader::noting(has_thresholds, r.into(thresholds.warning, duration))},
      {"danger", Reader::noting(has_thresholds, r.into(thresholds.danger, duration))},
  };
  if (!r.read_map({node, "", at, at}, "a talk", fields)) return std::nullopt;
  if (!has_speaker || talk.speaker.empty())
    r.error(at, "talk needs a 'speaker', as the card and the timer name them");
  if (!has_duration) r.error(at, "talk needs a 'duration', like 20m: the timer counts it down");
  if (has_thresholds) {
    check_thresholds(r, thresholds, at);
    talk.thresholds = thresholds;
  }
  if (talk.id.empty()) talk.id = id_from(talk.speaker);
  return talk;
}

}  // namespace

Rundown read_rundown(Reader& r, const Item& item) {
  Rundown rundown;
  if (!item.node.IsSequence()) {
    r.type_error(item, "a list of talks");
    return rundown;
  }
  std::unordered_map<std::string, int> lines;
  for (const auto& node : item.node) {
    if (!r.visit(node.Mark())) break;
    auto talk = read_talk(r, node);
    if (!talk) continue;
    const YAML::Mark at = r.entry_mark(node);
    const auto [first, fresh] = lines.try_emplace(talk->id, talk->where.line);
    if (!fresh)
      r.error(at, "duplicate talk id " + quote(talk->id) + " (first used at line " +
                      std::to_string(first->second) + "); give one an 'id'");
    if (!rundown.talks.empty() && talk->at && rundown.talks.back().at) {
      const Talk& before = rundown.talks.back();
      if (*talk->at < *before.at)
        r.warning(at, "talk " + quote(talk->id) +
                          " starts before the talk above it; the "
                          "rundown runs in the order written");
      else if (*talk->at < *before.at + date::ceil<std::chrono::seconds>(before.duration))
        r.warning(at, "talk " + quote(talk->id) + " starts before " + quote(before.id) +
                          " is due to end");
    }
    rundown.talks.push_back(std::move(*talk));
  }
  return rundown;
}

}  // namespace marquee::config::detail
