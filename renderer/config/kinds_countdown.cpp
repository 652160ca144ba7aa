// Reads the YAML of session countdowns: what, where, when, for how long, and what follows.
#include "config/slide_kinds.h"
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

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

using namespace config::detail;

CountdownSlide CountdownSlide::read(Reader& r, const Item& params) {
  CountdownSlide countdown;
  bool has_at = false;
  const Field fields[] = {
      {"title", r.into(countdown.title, text)},
      {"place", r.into(countdown.place, text)},
      {"note", r.into(countdown.note, text)},
      {"at", Reader::noting(has_at, [&](const Item& item) { read_start(r, item, countdown); })},
      {"lasts", r.into(countdown.lasts, duration)},
      {"after", r.into(countdown.after, text)},
  };
  if (!r.read_map(params, "'countdown'", fields)) return countdown;
  if (!has_at)
    r.error(params.at, "countdown needs 'at', when it starts, like at: \"2024-09-18 12:10\"");
  if (countdown.title.empty())
    r.error(params.at, "countdown needs a 'title', what is about to start");
  return countdown;
}

}  // namespace marquee
