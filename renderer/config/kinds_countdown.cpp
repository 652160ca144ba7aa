// Reads the YAML of session countdowns: what, where, when, for how long, and what follows.
#include "config/slide_kinds.h"
#include "config/times.h"

namespace marquee {

using namespace config::detail;

CountdownSlide CountdownSlide::read(Reader& r, const Item& params) {
  CountdownSlide countdown;
  bool has_at = false;
  const Field fields[] = {
      {"title", r.into(countdown.title, text)},
      {"place", r.into(countdown.place, text)},
      {"note", r.into(countdown.note, text)},
      {"at", Reader::noting(has_at,
                            [&](const Item& item) {
                              if (const auto start = start_time(r, item)) {
                                countdown.at = start->at;
                                countdown.daily = start->daily;
                              }
                            })},
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
