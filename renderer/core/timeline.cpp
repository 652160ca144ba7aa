// The pure timeline: replays the day's rotation from local midnight (or the last operator anchor)
// to find the slide on air.
#include "core/timeline.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <mutex>
#include <set>
#include <unordered_map>

namespace marquee {
namespace {

LocalTime to_local(const date::time_zone* zone, Instant t) {
  return date::floor<std::chrono::seconds>(zone->to_local(t));
}

// Nonexistent local times (spring-forward gap) map to the instant the gap ends.
Instant to_instant(const date::time_zone* zone, LocalTime t) {
  return date::floor<Millis>(zone->to_sys(t, date::choose::earliest));
}

date::local_days local_day(const date::time_zone* zone, Instant t) {
  return date::floor<date::days>(to_local(zone, t));
}

}  // namespace

// The slides on air over one stretch between window edges, in playlist order, with where
// each one's turn starts in the cycle they make.
struct OnAirSet {
  std::vector<int> slides;
  std::vector<Millis> starts{Millis{0}};  // starts[k]: slides[0..k)'s durations added up

  Millis cycle() const { return starts.back(); }
  int size() const { return static_cast<int>(slides.size()); }
  // Where `index` is in `slides`, or -1.
  int rank(int index) const {
    const auto it = std::lower_bound(slides.begin(), slides.end(), index);
    return it != slides.end() && *it == index ? static_cast<int>(it - slides.begin()) : -1;
  }
  // The first slide `step` places after `after`, cyclically (backwards for step -1), or -1.
  int after(int index, int step) const {
    if (slides.empty()) return -1;
    if (step > 0) {
      const auto it = std::upper_bound(slides.begin(), slides.end(), index);
      return it == slides.end() ? slides.front() : *it;
    }
    if (index < 0) index = 0;
    const auto it = std::lower_bound(slides.begin(), slides.end(), index);
    return it == slides.begin() ? slides.back() : *std::prev(it);
  }
};

// Where a walk through the rotation has got to: the turn on air, at the top of a step.
struct Turn {
  int current = -1;
  Instant start{};
  int previous = -1;
  Instant previous_start{};
  bool first = false;
};

class Timetable {
 public:
  Timetable(const std::vector<Slide>& slides, const date::time_zone* zone)
      : count_(slides.size()), zone_(zone) {
    std::set<Instant> absolute;
    std::set<std::chrono::minutes> daily;
    for (int i = 0; i < static_cast<int>(slides.size()); ++i) {
      ids_.try_emplace(slides[i].id, i);  // the first of a repeated id, as a scan finds it
      const auto& w = slides[i].window;
      if (w.always()) continue;
      if (w.from) absolute.insert(to_instant(zone, *w.from));
      if (w.until) absolute.insert(to_instant(zone, *w.until));
      daily.insert(std::chrono::minutes{0});  // the weekday changes
      for (const auto& range : w.times) {
        daily.insert(range.start);
        daily.insert(range.end);
      }
    }
    absolute_.assign(absolute.begin(), absolute.end());
    daily_.assign(daily.begin(), daily.end());
    within_a_day_ = daily_.empty() ||
                    (daily_.front().count() >= 0 && daily_.back() <= std::chrono::minutes{24 * 60});
  }

  bool fits(const std::vector<Slide>& slides, const date::time_zone* zone) const {
    return count_ == slides.size() && zone_ == zone;
  }

  int index_of(const std::string& id) const {
    const auto it = ids_.find(id);
    return it == ids_.end() ? -1 : it->second;
  }

  // The first instant after t at which some window may open or close, counting the
  // daily ones of local days first_day to last_day only (as window_edges lists them).
  Instant edge_after(Instant t, date::local_days first_day, date::local_days last_day) const {
    Instant next = Instant::max();
    if (const auto it = std::upper_bound(absolute_.begin(), absolute_.end(), t);
        it != absolute_.end())
      next = *it;
    if (daily_.empty()) return next;
    for (auto day = std::max(first_day, local_day(zone_, t) - date::days{1}); day <= last_day;
         day += date::days{1}) {
      // Local time maps to instants in order, so a day's edges come in the order of their
      // offsets, and (offsets within the day) days in the order of days.
      const auto it = std::partition_point(daily_.begin(), daily_.end(), [&](auto offset) {
        return to_instant(zone_, LocalTime{day} + offset) <= t;
      });
      if (it == daily_.end()) continue;
      next = std::min(next, to_instant(zone_, LocalTime{day} + *it));
      if (within_a_day_) break;
    }
    return next;
  }

  // The slides on air at t. Windows change only at edges, so the set is kept for the
  // stretch up to the next edge; a few stretches are kept, the last used ones.
  std::shared_ptr<const OnAirSet> on_air_at(const std::vector<Slide>& slides, Instant t) const {
    const auto day = local_day(zone_, t);
    const Instant until = edge_after(t, day, day + date::days{2});
    {
      std::lock_guard lock(mutex_);
      const auto it = std::find_if(sets_.begin(), sets_.end(),
                                   [&](const auto& kept) { return kept.first == until; });
      if (it != sets_.end()) {
        std::rotate(it, it + 1, sets_.end());
        return sets_.back().second;
      }
    }
    auto set = std::make_shared<OnAirSet>();
    const LocalTime local = to_local(zone_, t);
    for (int i = 0; i < static_cast<int>(slides.size()); ++i) {
      if (!slides[i].window.contains(local)) continue;
      set->slides.push_back(i);
      set->starts.push_back(set->starts.back() + slides[i].duration);
    }
    std::lock_guard lock(mutex_);
    if (sets_.size() >= kKept) sets_.erase(sets_.begin());
    sets_.emplace_back(until, set);
    return set;
  }

  // The latest turn a walk from `anchor` reached at or before `now`. The next frame's walk
  // starts there rather than at the anchor, so one frame crosses only the window edges
  // since the last, however many the day has. The operator log's walks to its own
  // instants keep theirs too, each going on from where it started.
  std::optional<Turn> reached(const Anchor& anchor, Instant now) const {
    std::lock_guard lock(mutex_);
    std::optional<Turn> latest;
    for (const auto& [from, turn] : reached_)
      if (same(from, anchor) && turn.start <= now && (!latest || turn.start > latest->start))
        latest = turn;
    return latest;
  }
  // `turn` was reached from `anchor`, going on from the kept turn that began at `resumed`.
  void reach(const Anchor& anchor, std::optional<Instant> resumed, const Turn& turn) const {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(reached_.begin(), reached_.end(), [&](const auto& kept) {
      return same(kept.first, anchor) &&
             (kept.second.start == turn.start || (resumed && kept.second.start == *resumed));
    });
    if (it != reached_.end())
      reached_.erase(it);
    else if (reached_.size() >= kKept)
      reached_.erase(reached_.begin());
    reached_.emplace_back(anchor, turn);
  }

 private:
  static bool same(const Anchor& a, const Anchor& b) {
    return a.at == b.at && a.slide == b.slide && a.previous == b.previous &&
           a.previous_start == b.previous_start && a.until == b.until;
  }

  static constexpr std::size_t kKept = 16;  // stretches of a day and walks of a log, at most
  std::size_t count_;
  const date::time_zone* zone_;
  std::vector<Instant> absolute_;            // every window's from and until
  std::vector<std::chrono::minutes> daily_;  // offsets from local midnight of daily edges
  bool within_a_day_ = true;                 // every offset in [0, 24h]
  std::unordered_map<std::string, int> ids_;
  mutable std::mutex mutex_;
  // By the edge that ends the stretch, the last used last.
  mutable std::vector<std::pair<Instant, std::shared_ptr<const OnAirSet>>> sets_;
  mutable std::vector<std::pair<Anchor, Turn>> reached_;  // the last used last
};

namespace {

using std::chrono::duration_cast;

// The slides and the zone their windows are read in; a show without a zone reads UTC.
struct Rotation {
  const std::vector<Slide>& slides;
  const date::time_zone* zone;
  const Timetable* table;  // null: turn by turn, windows read at every turn

  int size() const { return static_cast<int>(slides.size()); }
  bool valid(int index) const { return index >= 0 && index < size(); }
};

const date::time_zone* zone_of(const Show& show) {
  return show.zone ? show.zone : date::locate_zone("UTC");
}

std::shared_ptr<const Timetable> timetable_for(const Show& show, const date::time_zone* zone) {
  if (show.timetable && show.timetable->fits(show.slides, zone)) return show.timetable;
  return std::make_shared<const Timetable>(show.slides, zone);
}

Instant local_midnight(const Rotation& show, Instant t) {
  return to_instant(show.zone, LocalTime{local_day(show.zone, t)});
}

// Instants within [from, to) at which some slide's window may open or close.
std::vector<Instant> window_edges(const Rotation& show, Instant from, Instant to) {
  const auto* zone = show.zone;
  std::set<Instant> edges;
  const auto first_day = local_day(zone, from);
  const auto last_day = local_day(zone, to);
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

// The first slide `step` places after `after` (cyclically, backwards for step -1) that is
// on air at t, or -1.
int next_on_air(const Rotation& show, int after, Instant t, int step = 1) {
  if (show.table) return show.table->on_air_at(show.slides, t)->after(after, step);
  const int n = show.size();
  if (after < 0 && step < 0) after = 0;
  for (int k = 1; k <= n; ++k) {
    const int i = ((after + step * k) % n + n) % n;
    if (on_air(show, i, t)) return i;
  }
  return -1;
}

int index_of(const std::vector<Slide>& slides, const std::string& id) {
  for (int i = 0; i < static_cast<int>(slides.size()); ++i)
    if (slides[i].id == id) return i;
  return -1;
}

int index_of(const Rotation& show, const std::string& id) {
  return show.table ? show.table->index_of(id) : index_of(show.slides, id);
}

// Rotation state that the operator log has built up to some instant.
struct Held {
  int slide = -1;
  Instant start{};
  int previous = -1;
  Instant previous_start{};
};
struct Desk {
  std::optional<Anchor> anchor;
  std::optional<Held> hold;
};

// Turns that end before `now` and before the next window edge go round the cycle of the
// slides on air, so the one that reaches either is found by its offset in that cycle
// rather than turn by turn. Moves `current` there, with the turn before it as `previous`.
void skip_whole_turns(const Rotation& s, Instant now, Instant edge, int& current, Instant& start,
                      int& previous, Instant& previous_start) {
  const auto set = s.table->on_air_at(s.slides, start);
  const int rank = set->rank(current);
  const Millis cycle = set->cycle();
  if (rank < 0 || cycle <= Millis{0}) return;
  const Instant reach = edge == Instant::max() ? now : std::min(now, edge - Millis{1});
  const Millis into = set->starts[rank] + (reach - start);
  const auto laps = into / cycle;
  const Millis in_lap = into % cycle;
  const auto m = set->size();
  const int j =
      static_cast<int>(std::upper_bound(set->starts.begin(), set->starts.begin() + m, in_lap) -
                       set->starts.begin()) -
      1;
  if (laps == 0 && j == rank) return;  // the turn on air already reaches that far
  const Instant turn = start + (laps * cycle + set->starts[j] - set->starts[rank]);
  previous = set->slides[(j + m - 1) % m];
  previous_start = turn - s.slides[previous].duration;
  current = set->slides[j];
  start = turn;
}

// The slide on air at `now` in a rotation that starts over at `anchor` (at or before now).
Frame walk(const Rotation& s, const Anchor& anchor, Instant now) {
  Frame frame;
  // One edge past `now` tells the slide on air when it will be cut short.
  const Instant to = now + date::days{2};
  const auto first_day = local_day(s.zone, anchor.at);
  const auto last_day = local_day(s.zone, to);
  std::vector<Instant> edges;
  if (!s.table) edges = window_edges(s, anchor.at, to);
  auto next_edge = [&](Instant t) {
    if (s.table) {
      const Instant edge = s.table->edge_after(t, first_day, last_day);
      return edge < to ? edge : Instant::max();
    }
    auto it = std::upper_bound(edges.begin(), edges.end(), t);
    return it == edges.end() ? Instant::max() : *it;
  };
  // A slide leaves early when its window closes mid-slide.
  auto end_of = [&](int slide, Instant start, Instant end) {
    for (auto edge = next_edge(start); edge < end; edge = next_edge(edge))
      if (!on_air(s, slide, edge)) return edge;
    return end;
  };

  Instant start = anchor.at;
  int current = s.valid(anchor.slide) && on_air(s, anchor.slide, start)
                    ? anchor.slide
                    : next_on_air(s, s.valid(anchor.slide) ? anchor.slide : -1, start);
  int previous = s.valid(anchor.previous) ? anchor.previous : -1;
  Instant previous_start = anchor.previous_start;
  bool first = current == anchor.slide;
  std::optional<Instant> resumed;
  if (s.table) {
    if (const auto turn = s.table->reached(anchor, now)) {
      resumed = turn->start;
      current = turn->current;
      start = turn->start;
      previous = turn->previous;
      previous_start = turn->previous_start;
      first = turn->first;
    }
  }
  const auto reached = [&] {
    if (s.table)
      s.table->reach(anchor, resumed, Turn{current, start, previous, previous_start, first});
  };
  Instant end{};
  while (true) {
    if (current < 0) {
      // Nothing on air: wait for the next window edge.
      const Instant edge = next_edge(start);
      if (edge > now || edge == Instant::max()) {
        reached();
        frame.slide_end = edge;  // the idle screen lasts until a window may open
        return frame;
      }
      start = edge;
      current = next_on_air(s, -1, start);
      previous = -1;
      first = false;
      continue;
    }
    if (s.table && !first)
      skip_whole_turns(s, now, next_edge(start), current, start, previous, previous_start);
    const Instant nominal = start + s.slides[current].duration;
    end = end_of(current, start, first && anchor.until ? *anchor.until : nominal);
    if (now < end) {
      reached();
      break;
    }
    previous = current;
    previous_start = start;
    current = next_on_air(s, current, end);
    start = end;
    first = false;
  }

  frame.slide = current;
  frame.slide_start = start;
  frame.slide_end = end;
  const auto& transition = s.slides[current].transition;
  if (previous >= 0 && previous != current && transition.kind != TransitionKind::cut &&
      now - start < transition.duration) {
    frame.previous = previous;
    frame.previous_start = previous_start;
  }
  return frame;
}

// The frame at `now` given what the operators have done so far.
Frame on_air(const Rotation& s, const Desk& desk, Instant now) {
  if (desk.hold && s.valid(desk.hold->slide)) {
    const Held& held = *desk.hold;
    Frame frame;
    frame.slide = held.slide;
    frame.slide_start = held.start;
    frame.slide_end = Instant::max();
    frame.held = true;
    const auto& transition = s.slides[held.slide].transition;
    if (s.valid(held.previous) && held.previous != held.slide &&
        transition.kind != TransitionKind::cut && now - held.start < transition.duration) {
      frame.previous = held.previous;
      frame.previous_start = held.previous_start;
    }
    return frame;
  }
  const Instant midnight = local_midnight(s, now);
  // Anchors hold for their own day only: each day's rotation starts over at midnight,
  // except for a held slide that is still finishing its turn.
  if (desk.anchor && s.valid(desk.anchor->slide) &&
      (desk.anchor->at >= midnight || (desk.anchor->until && *desk.anchor->until > midnight)))
    return walk(s, *desk.anchor, now);
  return walk(s, Anchor{.at = midnight, .slide = next_on_air(s, -1, midnight)}, now);
}

// The slide an operator asked for is put on air at `at`, taking over from the one on
// screen; a held screen stays held on it.
void move_to(Desk& desk, int target, const Frame& on_screen, Instant at) {
  if (desk.hold) {
    desk.hold = Held{target, at, on_screen.slide, on_screen.slide_start};
    return;
  }
  desk.anchor = Anchor{at, target, on_screen.slide, on_screen.slide_start, std::nullopt};
}

void apply(Desk& desk, const Rotation& s, const OperatorEvent& event) {
  const Instant t = event.at;
  std::visit(
      [&](const auto& action) {
        using Action = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<Action, StepAction>) {
          if (action.by == 0) return;
          const Frame f = on_air(s, desk, t);
          int target = f.slide;
          for (int k = 0; k < std::abs(action.by); ++k)
            target = next_on_air(s, target, t, action.by > 0 ? 1 : -1);
          if (target >= 0) move_to(desk, target, f, t);
        } else if constexpr (std::is_same_v<Action, GotoAction>) {
          const int target = index_of(s, action.slide);
          const Frame f = on_air(s, desk, t);
          if (target >= 0 && target != f.slide) move_to(desk, target, f, t);
        } else if constexpr (std::is_same_v<Action, HoldAction>) {
          if (desk.hold) return;
          const Frame f = on_air(s, desk, t);
          if (f.slide >= 0) desk.hold = Held{f.slide, f.slide_start, f.previous, f.previous_start};
        } else if constexpr (std::is_same_v<Action, ResumeAction>) {
          if (!desk.hold) return;
          const Held held = *desk.hold;
          desk.hold.reset();
          if (!s.valid(held.slide)) return;
          const Instant turn_over = held.start + s.slides[held.slide].duration;
          desk.anchor = Anchor{held.start, held.slide, held.previous, held.previous_start,
                               std::max(t, turn_over)};
        }
        // Takeovers and identify lie over the rotation and leave it as it is.
      },
      event.action);
}

// A swap stands for everything up to its instant: the rotation picks up at its anchor,
// and a hold stays on the slide the anchor keeps on air.
void apply(Desk& desk, const Rotation& s, const Splice& splice) {
  if (!s.valid(splice.anchor.slide)) return;
  desk.anchor = splice.anchor;
  if (desk.hold)
    desk.hold = Held{splice.anchor.slide, splice.anchor.at, splice.anchor.previous,
                     splice.anchor.previous_start};
}

Desk fold(const Rotation& s, const Show& show, const OperatorState& operators, Instant now) {
  Desk desk;
  const Splice* splice = show.splice && show.splice->swapped <= now ? &*show.splice : nullptr;
  for (const OperatorEvent& event : operators.events) {
    if (event.at > now) break;
    // Events at the swap's own instant came before it: the splice already stands for them.
    if (splice && event.at > splice->swapped) {
      apply(desk, s, *splice);
      splice = nullptr;
    }
    apply(desk, s, event);
  }
  if (splice) apply(desk, s, *splice);
  return desk;
}

// Whether the rotation, after these events, runs from `midnight` on as if there had been
// none: nothing held, and no anchor that reaches past midnight (see on_air).
bool starts_over_at(const Rotation& s, const std::vector<OperatorEvent>& events, Instant midnight) {
  Desk desk;
  for (const OperatorEvent& event : events) {
    if (event.at >= midnight) break;
    apply(desk, s, event);
  }
  if (desk.hold) return false;
  return !(desk.anchor && s.valid(desk.anchor->slide) && desk.anchor->until &&
           *desk.anchor->until > midnight);
}

bool moves_rotation(const OperatorAction& action) {
  return std::holds_alternative<StepAction>(action) || std::holds_alternative<GotoAction>(action) ||
         std::holds_alternative<HoldAction>(action) || std::holds_alternative<ResumeAction>(action);
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

std::vector<TakeoverOnAir> takeovers_at(const Show& show, const OperatorState& operators,
                                        Instant now) {
  std::vector<TakeoverOnAir> all;  // in the order they came on
  for (const OperatorEvent& event : operators.events) {
    if (event.at > now) break;
    if (const auto* takeover = std::get_if<TakeoverAction>(&event.action)) {
      // A takeover with the id of one on screen replaces it, in its place.
      std::erase_if(all, [&](const TakeoverOnAir& t) {
        return t.takeover.id == takeover->id && t.end > event.at;
      });
      TakeoverOnAir on{*takeover, event.at};
      if (takeover->duration) on.end = event.at + *takeover->duration;
      if (takeover->until) on.end = std::min(on.end, *takeover->until);
      all.push_back(std::move(on));
    } else if (const auto* clear = std::get_if<ClearAction>(&event.action)) {
      for (TakeoverOnAir& t : all)
        if ((clear->id.empty() || t.takeover.id == clear->id) && t.end > event.at) t.end = event.at;
    }
  }
  // In and out with the playlist's transition (a cut is immediate).
  const Transition& fade = show.transition;
  const Millis length = fade.kind == TransitionKind::cut ? Millis{0} : fade.duration;
  const auto ramp = [&](Instant from) {
    if (length.count() <= 0) return now >= from ? 1.0 : 0.0;
    return ease(fade.easing,
                static_cast<double>((now - from).count()) / static_cast<double>(length.count()));
  };
  std::vector<TakeoverOnAir> out;
  for (TakeoverOnAir& t : all) {
    if (t.end != Instant::max() && now >= t.end + length) continue;
    t.alpha = std::min(ramp(t.start), t.end == Instant::max() ? 1.0 : 1.0 - ramp(t.end));
    if (t.alpha <= 0) continue;
    out.push_back(std::move(t));
  }
  std::stable_partition(out.begin(), out.end(), [](const TakeoverOnAir& t) {
    return t.takeover.style != TakeoverStyle::emergency;
  });
  return out;
}

namespace {

Frame resolve(const Show& show, const Rotation& rotation, const OperatorState& operators,
              Instant now) {
  const auto* zone = rotation.zone;
  Frame frame;
  if (!show.slides.empty()) frame = on_air(rotation, fold(rotation, show, operators, now), now);
  frame.now = now;
  frame.local = to_local(zone, now);
  frame.incoming = {Millis{0}, Millis{0}, frame.local, now};
  frame.outgoing = frame.incoming;
  frame.takeovers = takeovers_at(show, operators, now);
  for (const OperatorEvent& event : operators.events) {
    if (event.at > now) break;
    if (std::holds_alternative<IdentifyAction>(event.action)) {
      frame.identify = now < event.at + kIdentifyFor;
      frame.identify_ends = event.at + kIdentifyFor;
    }
  }
  frame.stage = stage_at(show, operators, now);
  frame.incoming.stage = frame.outgoing.stage = frame.stage;
  if (frame.slide < 0) return frame;

  const Slide& slide = show.slides[frame.slide];
  frame.incoming.elapsed = duration_cast<Millis>(now - frame.slide_start);
  frame.incoming.duration = frame.held ? slide.duration : frame.slide_end - frame.slide_start;
  if (frame.previous >= 0) {
    frame.outgoing.elapsed = duration_cast<Millis>(now - frame.previous_start);
    frame.outgoing.duration = frame.slide_start - frame.previous_start;
    frame.progress = static_cast<double>(frame.incoming.elapsed.count()) /
                     static_cast<double>(slide.transition.duration.count());
    frame.eased = ease(slide.transition.easing, frame.progress);
  }
  return frame;
}

}  // namespace

std::shared_ptr<const Timetable> make_timetable(const Show& show) {
  return std::make_shared<const Timetable>(show.slides, zone_of(show));
}

Frame resolve(const Show& show, const OperatorState& operators, Instant now) {
  const auto* zone = zone_of(show);
  const auto table = timetable_for(show, zone);
  return resolve(show, Rotation{show.slides, zone, table.get()}, operators, now);
}

Frame resolve_turn_by_turn(const Show& show, const OperatorState& operators, Instant now) {
  return resolve(show, Rotation{show.slides, zone_of(show), nullptr}, operators, now);
}

Instant next_change(const Show& show, const Frame& frame) {
  Instant next = Instant::max();
  const auto at = [&](Instant t) {
    if (t > frame.now) next = std::min(next, t);
  };
  const bool on_air =
      frame.slide >= 0 && static_cast<std::size_t>(frame.slide) < show.slides.size();
  if (!frame.held) at(frame.slide_end);
  if (on_air && frame.previous >= 0) {
    at(frame.slide_start + show.slides[frame.slide].transition.duration);  // the fade is over
    next = frame.now;  // and until then every frame is a new picture
  }
  const Millis fade =
      show.transition.kind == TransitionKind::cut ? Millis{0} : show.transition.duration;
  for (const TakeoverOnAir& t : frame.takeovers) {
    if (t.alpha < 1 || (t.end != Instant::max() && frame.now >= t.end)) next = frame.now;
    if (t.end != Instant::max()) {
      at(t.end);
      at(t.end + fade);
    }
    at(t.start + fade);
  }
  if (frame.identify) at(frame.identify_ends);
  return next;
}

Frame resolve(const Show& show, Instant now) {
  return resolve(show, OperatorState{}, now);
}

std::optional<Splice> splice_for_swap(const Show& previous, const Show& next,
                                      const OperatorState& operators, Instant now) {
  const Frame frame = resolve(previous, operators, now);
  if (frame.slide < 0 || next.slides.empty()) return std::nullopt;
  Splice splice;
  splice.swapped = now;
  const int kept = index_of(next.slides, previous.slides[frame.slide].id);
  if (kept < 0) {
    splice.anchor = {.at = now,
                     .slide = std::min(frame.slide, static_cast<int>(next.slides.size()) - 1)};
    return splice;
  }
  splice.anchor = {.at = frame.slide_start, .slide = kept};
  if (frame.previous >= 0) {
    splice.anchor.previous = index_of(next.slides, previous.slides[frame.previous].id);
    splice.anchor.previous_start = frame.previous_start;
  }
  return splice;
}

}  // namespace marquee

namespace marquee {
namespace {

// The stage's events before midnight that frames after it still need: the message and the
// blackout still on, the lower third still showing (and the hide sliding it out), and the
// timer's events since the last one that set it afresh (a talk loaded by name, or a reset
// with nothing loaded), none when it stands untouched at midnight.
void keep_stage(const Show& show, const std::vector<OperatorEvent>& events, Instant midnight,
                std::vector<bool>& keep) {
  // Event indices; kNone for none (g++ 12 sees phantom uses of optional<size_t> here).
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t message = kNone, blackout_on = kNone, lower = kNone, lower_hide = kNone,
              timer_from = 0;
  bool any_timer = false;
  TimerState timer;
  for (std::size_t i = 0; i < events.size() && events[i].at < midnight; ++i) {
    const OperatorAction& action = events[i].action;
    if (const auto* m = std::get_if<MessageAction>(&action)) {
      message = m->text.empty() ? kNone : i;
    } else if (const auto* b = std::get_if<BlackoutAction>(&action)) {
      if (!b->on)
        blackout_on = kNone;
      else if (blackout_on == kNone)
        blackout_on = i;
    } else if (const auto* l = std::get_if<LowerThirdAction>(&action)) {
      if (l->name.empty()) {
        lower_hide = i;
      } else {
        lower = i;
        lower_hide = kNone;
      }
    } else if (const auto* t = std::get_if<TimerAction>(&action)) {
      any_timer = true;
      const bool afresh =
          (t->verb == TimerAction::Verb::load && t->talk != "next") ||
          (t->verb == TimerAction::Verb::reset && timer.talk < 0 && !timer.length && !timer.until);
      if (afresh) timer_from = i;
      timer = timer_after(timer, *t, events[i].at, show.rundown.get());
    }
  }
  if (message != kNone) keep[message] = true;
  if (blackout_on != kNone) keep[blackout_on] = true;
  if (lower != kNone) {
    const auto& shown = std::get<LowerThirdAction>(events[lower].action);
    Instant until = shown.duration ? events[lower].at + *shown.duration : Instant::max();
    if (lower_hide != kNone) until = std::min(until, events[lower_hide].at);
    if (until == Instant::max() || until + kLowerThirdOut > midnight) {
      keep[lower] = true;
      if (lower_hide != kNone) keep[lower_hide] = true;
    }
  }
  // A timer nobody has touched since needs nothing from before midnight.
  const bool untouched = timer.talk < 0 && !timer.length && !timer.until && !timer.since &&
                         timer.banked.count() == 0 && timer.adjust.count() == 0;
  if (!any_timer || untouched) return;
  for (std::size_t i = timer_from; i < events.size() && events[i].at < midnight; ++i)
    if (std::holds_alternative<TimerAction>(events[i].action)) keep[i] = true;
}

}  // namespace

OperatorState trim(const Show& show, const OperatorState& operators, Instant now) {
  const auto* zone = zone_of(show);
  const auto table = timetable_for(show, zone);
  const Rotation rotation{show.slides, zone, table.get()};
  const auto& events = operators.events;
  const Instant midnight = local_midnight(rotation, now);
  if (events.empty() || events.front().at >= midnight) return operators;

  // Rotation events count from the latest midnight at which the rotation started over;
  // a hold that has lasted for days keeps the days since it began.
  Instant rotation_from = Instant::min();
  for (Instant m = midnight; m > events.front().at; m = local_midnight(rotation, m - Millis{1})) {
    if (starts_over_at(rotation, events, m)) {
      rotation_from = m;
      break;
    }
  }

  // Takeovers still on screen (or fading out) at midnight, and the clears that end them.
  const Transition& fade = show.transition;
  const Millis length = fade.kind == TransitionKind::cut ? Millis{0} : fade.duration;
  struct Kept {
    std::size_t event;
    Instant end = Instant::max();
    bool replaced = false;
    std::vector<std::size_t> ended_by = {};  // clears that moved its end
  };
  std::vector<Kept> takeovers;
  std::vector<bool> keep(events.size(), false);
  for (std::size_t i = 0; i < events.size() && events[i].at < midnight; ++i) {
    const OperatorEvent& event = events[i];
    if (const auto* takeover = std::get_if<TakeoverAction>(&event.action)) {
      for (Kept& k : takeovers) {
        const auto& on = std::get<TakeoverAction>(events[k.event].action);
        if (!k.replaced && on.id == takeover->id && k.end > event.at) {
          k.replaced = true;
          k.end = event.at;
        }
      }
      Kept k{.event = i};
      if (takeover->duration) k.end = event.at + *takeover->duration;
      if (takeover->until) k.end = std::min(k.end, *takeover->until);
      takeovers.push_back(std::move(k));
    } else if (const auto* clear = std::get_if<ClearAction>(&event.action)) {
      for (Kept& k : takeovers) {
        const auto& on = std::get<TakeoverAction>(events[k.event].action);
        if (!k.replaced && (clear->id.empty() || on.id == clear->id) && k.end > event.at) {
          k.end = event.at;
          k.ended_by.push_back(i);
        }
      }
    } else if (std::holds_alternative<IdentifyAction>(event.action)) {
      keep[i] = event.at + kIdentifyFor > midnight;
    } else if (moves_rotation(event.action)) {
      keep[i] = event.at >= rotation_from;
    }
  }
  for (const Kept& k : takeovers) {
    const bool on_screen =
        k.end == Instant::max() || (k.replaced ? k.end > midnight : k.end + length > midnight);
    if (!on_screen) continue;
    keep[k.event] = true;
    for (const std::size_t clear : k.ended_by) keep[clear] = true;
  }
  keep_stage(show, events, midnight, keep);

  OperatorState trimmed;
  trimmed.revision = operators.revision;
  for (std::size_t i = 0; i < events.size(); ++i)
    if (events[i].at >= midnight || keep[i]) trimmed.events.push_back(events[i]);
  return trimmed;
}

}  // namespace marquee
