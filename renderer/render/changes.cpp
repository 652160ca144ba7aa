// Finding the next change of a clock-driven reading by bisection over whole seconds.
#include "render/changes.h"

namespace marquee::render {

Instant instant_at(const SlideMoment& moment, LocalTime local) {
  return date::floor<std::chrono::seconds>(moment.now) + (local - moment.local);
}

Instant next_reading(const SlideMoment& moment, std::chrono::seconds horizon,
                     const std::function<std::string(LocalTime)>& reading) {
  const std::string now = reading(moment.local);
  // The reading at `moment.local + lo` is the one on screen; at `+ hi` it is not.
  std::chrono::seconds lo{0}, hi = horizon;
  if (reading(moment.local + hi) == now) return instant_at(moment, moment.local + hi);
  while (hi - lo > std::chrono::seconds{1}) {
    const auto mid = lo + (hi - lo) / 2;
    (reading(moment.local + mid) == now ? lo : hi) = mid;
  }
  return instant_at(moment, moment.local + hi);
}

}  // namespace marquee::render
