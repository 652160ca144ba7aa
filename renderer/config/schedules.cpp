// Internal: `schedules:` in a playlist, read from files and last good copies, and the look-ups by
// which slides name a schedule, a room and a track.
#include "config/schedules.h"

#include "config/schedule_load.h"
#include "config/state_files.h"
#include "config/times.h"
#include "core/duration.h"

namespace marquee::config::detail {
namespace {

using namespace std::chrono_literals;

// Asking more often costs the conference's server and changes nothing on screen; once a
// day is as seldom as still makes sense while a conference runs.
constexpr Millis kMinEvery = 30s;
constexpr Millis kMaxEvery = 24h;
constexpr const char* kExample = "like schedules: { conference: data/schedule.json }";

std::optional<Millis> every(Reader& r, const Item& item) {
  const auto value = duration(r, item);
  if (!value) return std::nullopt;
  if (*value < kMinEvery || *value > kMaxEvery) {
    r.error(item.at, "'every' must be from 30s to 24h, how often the URL is asked for news");
    return std::nullopt;
  }
  return value;
}

// The schedule's diagnostics join the playlist's; the copy it parsed, when it is valid.
// `quiet_errors` keeps its errors out (only the first is returned, in `first_error`).
std::shared_ptr<const Schedule> parse(Reader& r, std::string_view text, const std::string& shown,
                                      const ShowSchedule& source,
                                      std::string* first_error = nullptr) {
  auto result = parse_schedule(text, shown, {source.zone, source.day_change});
  auto& out = r.sink().diagnostics;
  for (auto& d : result.diagnostics) {
    if (first_error && d.severity == Diagnostic::Severity::error) {
      if (first_error->empty()) *first_error = format(d);
      continue;
    }
    out.push_back(std::move(d));
  }
  if (!result.ok()) return nullptr;
  return std::make_shared<const Schedule>(std::move(*result.schedule));
}

void read_file(Reader& r, const Item& item, ShowSchedule& out) {
  const auto path = asset(r, item);
  if (!path) return;
  out.location = path->string();
  out.copy = *path;
  const auto shown =
      (std::filesystem::path(r.where(item.at).file).parent_path() / item.node.Scalar())
          .lexically_normal();
  // Read through the show's sink, so the schedule joins the last-good copy like the YAML.
  if (const auto text = read_text_file(r.sink(), shown))
    out.schedule = parse(r, *text, shown.string(), out);
}

void read_url(Reader& r, const Item& item, ShowSchedule& out) {
  const auto written = r.scalar(item, "an http:// or https:// URL");
  if (!written) return;
  if (!is_url(*written)) {
    r.error(item.at, "'url' must start with http:// or https://, got " + quote(*written));
    return;
  }
  out.url = true;
  out.location = *written;
  out.copy = schedule_copy_file(*written);
  // A dependency even while missing: the first fetch that lands reloads the show.
  r.sink().depend(out.copy);
  std::error_code ec;
  if (!std::filesystem::exists(out.copy, ec)) {
    r.warning(item.at, "no copy of this schedule yet; a screen fetches it every " +
                           format_duration(out.every) +
                           ", and its slides say they are waiting for it until then");
    return;
  }
  // The fetcher keeps only copies that parsed, so a bad one here is damage, not an edit.
  std::string why;
  Sink reading;  // its one problem goes into the warning: a damaged copy is not an error
  reading.stand_ins = r.sink().stand_ins;
  if (const auto text = read_text_file(reading, out.copy)) {
    r.sink().texts_read[out.copy] = *text;
    out.schedule = parse(r, *text, *written, out, &why);
  } else if (!reading.diagnostics.empty()) {
    why = reading.diagnostics.front().message;
  }
  if (!out.schedule)
    r.warning(item.at, "the last good copy of this schedule (" + out.copy.string() +
                           ") cannot be read (" + why + "); waiting for the next fetch");
}

// Where `item` says the schedule comes from, and how to read it, into `out`.
void read_source(Reader& r, const Item& item, ShowSchedule& out) {
  std::optional<Item> file, url;
  if (item.node.IsScalar()) {
    (is_url(item.node.Scalar()) ? url : file) = item;
  } else {
    const Field fields[] = {
        {"file", Reader::keep(file)},
        {"url", Reader::keep(url)},
        {"every", r.into(out.every, every)},
        {"timezone",
         [&](const Item& written) {
           if (auto found = time_zone(r, written)) out.zone = *found;
         }},
        {"day_change", r.into(out.day_change, time_of_day)},
    };
    if (!r.read_map(item, quote(item.key), fields)) return;
    if (file && url)
      return r.error(url->key_at, "schedule " + quote(item.key) +
                                      " has a 'file' and a 'url'; give it one of them");
    if (!file && !url)
      return r.error(item.at, "schedule " + quote(item.key) +
                                  " needs a 'file' or a 'url', like file: data/schedule.json");
  }
  if (file) read_file(r, *file, out);
  if (url) read_url(r, *url, out);
}

void read_one(Reader& r, const Item& item, const date::time_zone* zone, Show& show) {
  ShowSchedule out;
  out.name = item.key;
  out.where = r.where(item.key_at);
  out.zone = zone;
  read_source(r, item, out);
  // Named even when it could not be read, so the slides that name it say nothing more.
  show.schedules.push_back(std::move(out));
}

std::vector<std::string> names_of(const std::vector<ShowSchedule>& schedules) {
  std::vector<std::string> names;
  for (const auto& s : schedules) names.push_back(s.name);
  return names;
}

}  // namespace

void read_schedules(Reader& r, const Item& item, const date::time_zone* zone, Show& show) {
  if (item.node.IsNull() || (item.node.IsMap() && item.node.size() == 0))
    return r.error(item.at, std::string("'schedules' is empty; name at least one, ") + kExample);
  if (!item.node.IsMap())
    return r.type_error(item, std::string("a map of names to schedule files or URLs, ") + kExample);
  // Every key is a name of the playlist's choosing, so none is unknown.
  r.read_map(item, "'schedules'", {}, [&](const Item& one) { read_one(r, one, zone, show); });
}

std::optional<ScheduleRef> schedule_for(Reader& r, const Item& params,
                                        const std::optional<Item>& named, std::string_view what) {
  static const std::vector<ShowSchedule> kNone;
  const Show* show = r.sink().show;
  const auto& schedules = show ? show->schedules : kNone;
  const auto ref = [&](const ShowSchedule& s) {
    return ScheduleRef{s.name, s.schedule, show->zone};
  };
  const std::string add = std::string("; add it under the playlist's 'schedules:', ") + kExample;
  if (named) {
    const auto name = r.scalar(*named, "the name of one of the playlist's schedules");
    if (!name) return std::nullopt;
    for (const auto& s : schedules)
      if (s.name == *name) return ref(s);
    r.error(named->at, "no schedule " + quote(*name) + " in the playlist" +
                           (schedules.empty() ? add : did_you_mean(*name, names_of(schedules))));
    return std::nullopt;
  }
  if (schedules.size() == 1) return ref(schedules.front());
  if (schedules.empty())
    r.error(params.at, std::string(what) + " needs a schedule" + add);
  else
    r.error(params.at, std::string(what) + " must say which schedule it shows, with schedule: " +
                           join(names_of(schedules)));
  return std::nullopt;
}

std::optional<std::string> room_in(Reader& r, const ScheduleRef& ref, const Item& item) {
  const auto written = r.scalar(item, "a room as the schedule names it");
  if (!written) return std::nullopt;
  if (!ref.schedule) return written;
  if (auto room = match_room(*ref.schedule, *written)) return room;
  r.error(item.at, *unknown_room(*ref.schedule, *written));
  return std::nullopt;
}

std::optional<std::string> track_in(Reader& r, const ScheduleRef& ref, const Item& item) {
  const auto written = r.scalar(item, "a track as the schedule names it");
  if (!written) return std::nullopt;
  if (!ref.schedule) return written;
  std::vector<std::string> tracks;
  for (const auto& track : ref.schedule->tracks) {
    if (track.name == *written) return track.name;
    tracks.push_back(track.name);
  }
  for (const auto& track : tracks)
    if (normalised_name(track) == normalised_name(*written)) return track;
  r.error(item.at,
          "no track " + quote(*written) + " in the schedule" +
              (tracks.empty() ? std::string("; it names none") : did_you_mean(*written, tracks)));
  return std::nullopt;
}

}  // namespace marquee::config::detail
