// Reads the YAML of session countdowns: what, where, when (or which session of a schedule), for how
// long, and what follows.
#include "config/schedules.h"
#include "config/slide_kinds.h"
#include "config/suggest.h"
#include "config/times.h"

namespace marquee::config::detail {
namespace {

// `at` is the one time a countdown cannot do without, and a time alone is the way to
// say "every day", so its message names both spellings.
bool read_start(Reader& r, const Item& item, CountdownSlide& out) {
  const auto written = r.scalar(item, "a time like 2024-09-18 12:10, or 15:45 for every day");
  if (!written) return false;
  if (const auto at = parse_local_time(*written)) {
    out.at = *at;
    out.daily = false;
    return true;
  }
  if (const auto time_of_day = parse_time_of_day(*written)) {
    out.at = LocalTime{*time_of_day};
    out.daily = true;
    return true;
  }
  r.error(item.at, "cannot read time " + quote(*written) +
                       "; write it like 2024-09-18 12:10, or 15:45 for every day");
  return false;
}

// `session: keynote`: a session of one of the playlist's schedules, which must have one.
void read_session(Reader& r, const Item& params, const Item& item,
                  const std::optional<Item>& schedule, CountdownSlide& out) {
  const auto written = r.scalar(item, "a session's id, or (part of) its title");
  const auto ref = schedule_for(r, params, schedule, "a countdown to a session");
  if (!written || !ref) return;
  out.from_schedule = CountdownFromSchedule{*ref, *written, false};
  if (!ref->schedule) return;  // a URL's first copy is still to come
  if (find_event(*ref->schedule, *written, Instant::min())) return;
  std::vector<std::string> titles;
  for (const auto& event : ref->schedule->events) titles.push_back(event.title);
  const auto close = suggest(*written, titles);
  r.error(item.at, "no session " + quote(*written) + " in the schedule" +
                       (close ? " (did you mean '" + *close + "'?)"
                              : "; name it by its id, or by (part of) its title"));
}

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

using namespace config::detail;

CountdownSlide CountdownSlide::read(Reader& r, const Item& params) {
  CountdownSlide countdown;
  std::optional<Item> at, session, schedule;
  bool lasts_written = false;
  const Field fields[] = {
      {"title", r.into(countdown.title, text)},
      {"place", r.into(countdown.place, text)},
      {"note", r.into(countdown.note, text)},
      {"at", Reader::keep(at)},
      {"session", Reader::keep(session)},
      {"schedule", Reader::keep(schedule)},
      {"lasts", Reader::noting(lasts_written, r.into(countdown.lasts, duration))},
      {"after", r.into(countdown.after, text)},
  };
  if (!r.read_map(params, "'countdown'", fields)) return countdown;
  if (at && session) {
    r.error(session->key_at, "countdown has 'at' and 'session'; give it one of them");
    return countdown;
  }
  if (session) {
    read_session(r, params, *session, schedule, countdown);
    if (countdown.from_schedule) countdown.from_schedule->lasts_written = lasts_written;
    return countdown;
  }
  if (schedule) r.error(schedule->key_at, "'schedule' is for a countdown to a 'session' of it");
  if (at)
    read_start(r, *at, countdown);
  else
    r.error(params.at, "countdown needs 'at', when it starts, like at: \"2024-09-18 12:10\"");
  if (countdown.title.empty())
    r.error(params.at, "countdown needs a 'title', what is about to start");
  return countdown;
}

}  // namespace marquee
