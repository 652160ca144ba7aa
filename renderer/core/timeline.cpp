// The pure timeline: replays the day's rotation from local midnight to find the slide on air.
#include "core/timeline.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace marquee {
namespace {

using std::chrono::duration_cast;

// The slides and the zone their windows are read in; a show without a zone reads UTC.
struct Rotation {
  const std::vector<Slide>& slides;
  const date::time_zone* zone;
};

LocalTime to_local(const date::time_zone* zone, Instant t) {
  return date::floor<std::chrono::seconds>(zone->to_local(t));
}

// Nonexistent local times (spring-forward gap) map to the instant the gap ends.
Instant to_instant(const date::time_zone* zone, LocalTime t) {
  return date::floor<Millis>(zone->to_sys(t, date::choose::earliest));
}

// Instants within [from, to) at which some slide's window may open or close.
std::vector<Instant> window_edges(const Rotation& show, Instant from, Instant to) {
  const auto* zone = show.zone;
  std::set<Instant> edges;
  const auto first_day = date::floor<date::days>(to_local(zone, from));
  const auto last_day = date::floor<date::days>(to_local(zone, to));
  auto add = [&](LocalTime t) {
    const Instant i = to_instant(zone, t);
    if (i > from && i < to) edges.insert(i);
  };
  for (const auto& slide : show.slides) {
    const auto& w = slide.window;
    if (w.always()) continue;
    if (w.from) add(*w.from);
    if (w.until) add(*w.until);
    for (auto day = first_day; day <= last_day; day += date::days{1}) {
      add(LocalTime{day});
      for (const auto& range : w.times) {
        add(LocalTime{day} + range.start);
        add(LocalTime{day} + range.end);
      }
    }
  }
  return {edges.begin(), edges.end()};
}

bool on_air(const Rotation& show, int index, Instant t) {
  return show.slides[index].window.contains(to_local(show.zone, t));
}

// The first slide after `after` (cyclically) that is on air at t, or -1.
int next_on_air(const Rotation& show, int after, Instant t) {
  const int n = static_cast<int>(show.slides.size());
  for (int step = 1; step <= n; ++step) {
    const int i = ((after + step) % n + n) % n;
    if (on_air(show, i, t)) return i;
  }
  return -1;
}

}  // namespace

double ease(Easing easing, double t) {
  t = std::clamp(t, 0.0, 1.0);
  switch (easing) {
    case Easing::linear:
      return t;
    case Easing::ease_out:
      return 1 - (1 - t) * (1 - t) * (1 - t);
    case Easing::ease_in_out:
      return t < 0.5 ? 4 * t * t * t : 1 - std::pow(-2 * t + 2, 3) / 2;
  }
  return t;
}

Frame resolve(const Show& show, Instant now) {
  Frame frame;
  frame.now = now;
  const auto* zone = show.zone ? show.zone : date::locate_zone("UTC");
  const Rotation rotation{show.slides, zone};
  const Rotation* s = &rotation;
  frame.local = to_local(zone, now);
  if (s->slides.empty()) return frame;

  const Instant anchor = to_instant(zone, LocalTime{date::floor<date::days>(frame.local)});
  // One edge past `now` tells the slide on air when it will be cut short.
  const auto edges = window_edges(*s, anchor, now + date::days{2});
  auto next_edge = [&](Instant t) {
    auto it = std::upper_bound(edges.begin(), edges.end(), t);
    return it == edges.end() ? Instant::max() : *it;
  };

  int current = next_on_air(*s, -1, anchor);
  Instant start = anchor;
  if (const auto& splice = show.splice; splice && splice->at >= anchor && splice->at <= now &&
                                        splice->slide >= 0 &&
                                        splice->slide < static_cast<int>(s->slides.size())) {
    start = splice->at;
    current =
        on_air(*s, splice->slide, start) ? splice->slide : next_on_air(*s, splice->slide, start);
  }
  int previous = -1;
  Instant previous_start = start;
  while (true) {
    if (current < 0) {
      // Nothing on air: wait for the next window edge.
      const Instant edge = next_edge(start);
      if (edge > now || edge == Instant::max()) return frame;
      start = edge;
      current = next_on_air(*s, -1, start);
      previous = -1;
      continue;
    }
    // A slide leaves early when its window closes mid-slide.
    Instant end = start + s->slides[current].duration;
    for (auto edge = next_edge(start); edge < end; edge = next_edge(edge)) {
      if (!on_air(*s, current, edge)) {
        end = edge;
        break;
      }
    }
    if (now < end) break;

    // Whole cycles between window edges repeat exactly, so skip them.
    const Instant edge = next_edge(start);
    Millis cycle{0};
    for (int i = 0; i < static_cast<int>(s->slides.size()); ++i)
      if (on_air(*s, i, start)) cycle += s->slides[i].duration;
    const Instant horizon = std::min(edge, now);
    if (end == start + s->slides[current].duration && cycle.count() > 0 &&
        start + 2 * cycle < horizon) {
      const auto skip = (horizon - start) / cycle - 1;
      start += skip * cycle;
      continue;
    }
    previous = current;
    previous_start = start;
    current = next_on_air(*s, current, end);
    start = end;
  }

  const auto& slide = s->slides[current];
  frame.slide = current;
  frame.slide_start = start;
  frame.slide_end = start + slide.duration;
  for (auto edge = next_edge(start); edge < frame.slide_end; edge = next_edge(edge)) {
    if (!on_air(*s, current, edge)) {
      frame.slide_end = edge;
      break;
    }
  }
  frame.elapsed = duration_cast<Millis>(now - start);
  const auto& transition = slide.transition;
  if (previous >= 0 && previous != current && transition.kind != TransitionKind::cut &&
      frame.elapsed < transition.duration) {
    frame.previous = previous;
    frame.previous_elapsed = duration_cast<Millis>(now - previous_start);
    frame.progress = static_cast<double>(frame.elapsed.count()) / transition.duration.count();
  }
  return frame;
}

Splice splice_for_swap(const Show& previous, const Show& next, Instant now) {
  const Frame frame = resolve(previous, now);
  if (next.slides.empty()) return {now, 0};
  if (frame.slide < 0) return {now, 0};
  const std::string& id = previous.slides[frame.slide].id;
  for (int i = 0; i < static_cast<int>(next.slides.size()); ++i) {
    if (next.slides[i].id == id) return {frame.slide_start, i};
  }
  return {now, std::min(frame.slide, static_cast<int>(next.slides.size()) - 1)};
}

Splice splice_for_step(const Show& show, Instant now, int step) {
  const int n = static_cast<int>(show.slides.size());
  if (n == 0) return {now, 0};
  const Frame frame = resolve(show, now);
  const int from = frame.slide < 0 ? 0 : frame.slide;
  return {now, ((from + step) % n + n) % n};
}

}  // namespace marquee
