// The stage folded from the operator log (timer, message, blackout, lower third), the rundown's
// current and next talks, and the timer's reading: figure, phase, when it was entered, next change.
#include "core/stage.h"

#include <algorithm>
#include <cctype>

#include "core/show.h"
#include "core/timeline.h"

namespace marquee {
namespace {

using std::chrono::duration_cast;
using std::chrono::minutes;
using std::chrono::seconds;

std::string two_digits(long long v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

// Whole units of `unit` in `ms` (not negative), rounded up or down.
long long whole(Millis ms, Millis unit, bool up) {
  const long long n = ms.count(), u = unit.count();
  return up ? (n + u - 1) / u : n / u;
}

// The largest multiple of a second strictly below `ms`, and the smallest strictly above.
Millis second_below(Millis ms) {
  const long long n = ms.count() - 1;
  return Millis{(n >= 0 ? n / 1000 : -((-n + 999) / 1000)) * 1000};
}
Millis second_above(Millis ms) {
  const long long n = ms.count();
  return Millis{(n >= 0 ? n / 1000 : -((-n) / 1000)) * 1000 + 1000};
}

bool counts_down(TimerMode mode) {
  return mode == TimerMode::countdown || mode == TimerMode::countdown_to;
}

// Time left at `t`, for the modes that have an end; nullopt for a clock or an open count-up.
std::optional<Millis> remaining(const TimerSettings& s, const TimerState& state, Instant t) {
  switch (s.mode) {
    case TimerMode::countdown:
      return s.length + state.adjust - state.elapsed(t);
    case TimerMode::countdown_to:
      if (!s.until) return std::nullopt;
      return duration_cast<Millis>(*s.until - t) + state.adjust;
    case TimerMode::countup:
      if (s.length.count() <= 0) return std::nullopt;
      return s.length + state.adjust - state.elapsed(t);
    case TimerMode::clock:
      return std::nullopt;
  }
  return std::nullopt;
}

// Whether the figure moves by itself: a stopwatch that runs, or a clock-driven mode.
bool runs(const TimerSettings& s, const TimerState& state) {
  if (s.mode == TimerMode::clock) return true;
  if (s.mode == TimerMode::countdown_to) return s.until.has_value();
  return state.since.has_value();
}

TimerPhase phase_of(const TimerSettings& s, std::optional<Millis> left) {
  if (!left) return TimerPhase::normal;
  if (*left <= Millis{0}) return TimerPhase::overtime;
  if (*left <= s.thresholds.danger) return TimerPhase::danger;
  if (*left <= s.thresholds.warning) return TimerPhase::warning;
  return TimerPhase::normal;
}

// The time left at which a falling count enters `phase`.
Millis top_of(const TimerSettings& s, TimerPhase phase) {
  switch (phase) {
    case TimerPhase::warning:
      return s.thresholds.warning;
    case TimerPhase::danger:
      return s.thresholds.danger;
    default:
      return Millis{0};
  }
}

// A countdown's figure for `left`: rounded up while time is left; past zero "0:00" for the
// first second (or minute), then "+0:01" counting up, unless it holds at 0:00.
std::string countdown_figure(const TimerSettings& s, Millis left) {
  if (left > Millis{0}) return timer_figure(left, s.hide_seconds, true);
  const std::string zero = s.hide_seconds ? "0 min" : "0:00";
  if (s.hold_at_zero) return zero;
  const std::string over = timer_figure(-left, s.hide_seconds, false);
  return over == zero ? zero : "+" + over;
}

std::string clock_figure(LocalTime local) {
  const date::hh_mm_ss time{local - date::floor<date::days>(local)};
  const long long h = time.hours().count();
  return std::to_string(h % 12 == 0 ? 12 : h % 12) + ":" + two_digits(time.minutes().count());
}

std::string figure_at(const TimerSettings& s, const TimerState& state, Instant t, LocalTime local) {
  if (s.mode == TimerMode::clock) return clock_figure(local);
  if (counts_down(s.mode)) {
    const auto left = remaining(s, state, t);
    return left ? countdown_figure(s, *left) : "--:--";
  }
  return timer_figure(state.elapsed(t), s.hide_seconds, false);
}

// When a running count's figure or phase next changes. Figures change only on whole seconds
// of the counted time (minutes are whole seconds too); phases at their thresholds.
Instant next_change_of(const TimerSettings& s, const TimerState& state, Instant now,
                       LocalTime local) {
  constexpr int kLongestSearch = 4000;  // seconds: past an hour of h:mm, and then some
  if (s.mode == TimerMode::clock) {
    const auto next_minute = date::floor<minutes>(local) + minutes{1};
    return date::floor<seconds>(now) + (next_minute - local);
  }
  if (!runs(s, state)) return Instant::max();
  const auto left = remaining(s, state, now);
  if (counts_down(s.mode)) {
    if (!left) return Instant::max();
    const std::string shown = countdown_figure(s, *left);
    std::optional<Millis> best;  // the highest time left below now's at which something changes
    Millis q = second_below(*left);
    for (int i = 0; i < kLongestSearch; ++i, q -= Millis{1000}) {
      if (s.hold_at_zero && q < Millis{0}) break;
      if (countdown_figure(s, q) != shown) {
        best = q;
        break;
      }
    }
    for (const Millis edge : {s.thresholds.warning, s.thresholds.danger, Millis{0}})
      if (edge < *left && (!best || edge > *best)) best = edge;
    if (!best) return s.hold_at_zero ? Instant::max() : now + (*left - q);
    return now + (*left - *best);
  }
  // Counting up: the figure follows the time counted; phases the end it counts towards.
  const Millis counted = state.elapsed(now);
  const std::string shown = timer_figure(counted, s.hide_seconds, false);
  Millis q = second_above(counted);
  for (int i = 0; i < kLongestSearch && timer_figure(q, s.hide_seconds, false) == shown; ++i)
    q += Millis{1000};
  Millis best = q;
  if (left)
    for (const Millis edge : {s.thresholds.warning, s.thresholds.danger, Millis{0}}) {
      const Millis at = counted + (*left - edge);  // the count at which the time left is `edge`
      if (at > counted) best = std::min(best, at);
    }
  return now + (best - counted);
}

// When `phase`, on at `now`, was entered from a calmer phase: in a running segment when the
// count crossed its threshold, or at an operator's event that put it there.
std::optional<Instant> entered_at(std::span<const TimerState> history, const SettingsOf& settings,
                                  Instant now, TimerPhase phase) {
  if (phase == TimerPhase::normal) return std::nullopt;
  for (std::size_t i = history.size(); i-- > 0;) {
    const TimerState& state = history[i];
    const TimerSettings s = settings(state);
    const Instant to = i + 1 == history.size() ? now : history[i + 1].at;
    if (runs(s, state)) {
      // Falling through the segment: its time left reached the phase's top at `crossed`.
      if (const auto left_at_end = remaining(s, state, to)) {
        const Instant crossed = to + *left_at_end - top_of(s, phase);
        if (i == 0 || crossed > state.at) return crossed;
      }
    }
    if (i == 0 || state.fresh) return std::nullopt;
    const TimerState& before = history[i - 1];
    const TimerSettings was = settings(before);
    const TimerPhase previous = phase_of(was, remaining(was, before, state.at));
    if (previous < phase) return state.at;
    if (previous > phase) return std::nullopt;
  }
  return std::nullopt;
}

LocalTime local_of(const Show& show, Instant t) {
  const auto* zone = show.zone ? show.zone : date::locate_zone("UTC");
  return date::floor<seconds>(zone->to_local(t));
}

}  // namespace

TimerState timer_after(TimerState state, const TimerAction& action, Instant t,
                       const Rundown* rundown) {
  using Verb = TimerAction::Verb;
  state.at = t;
  state.fresh = false;
  switch (action.verb) {
    case Verb::start:
    case Verb::resume:
      if (!state.since) state.since = t;
      state.started = true;
      break;
    case Verb::pause:
      if (state.since) state.banked += duration_cast<Millis>(t - *state.since);
      state.since.reset();
      break;
    case Verb::reset:
      state.banked = Millis{0};
      state.adjust = Millis{0};
      state.since.reset();
      state.started = false;
      state.fresh = true;
      break;
    case Verb::add:
      state.adjust += action.by;
      break;
    case Verb::set:
      state.adjust = Millis{0};
      if (action.until) {
        state.until = action.until;
      } else if (action.duration) {
        state.length = action.duration;
        state.until.reset();
      }
      break;
    case Verb::load: {
      const int count = rundown ? static_cast<int>(rundown->talks.size()) : 0;
      const int talk = action.talk == "next" ? state.talk + 1
                       : rundown             ? rundown->index_of(action.talk)
                                             : -1;
      if (talk < 0 || talk >= count) return state;  // nothing to load: the timer is as it was
      state = TimerState{};
      state.at = t;
      state.talk = talk;
      break;
    }
  }
  return state;
}

int Rundown::index_of(std::string_view id) const {
  for (std::size_t i = 0; i < talks.size(); ++i)
    if (talks[i].id == id) return static_cast<int>(i);
  return -1;
}

const Talk* StageState::talk(std::string_view which) const {
  if (!rundown) return nullptr;
  const auto at = [&](int i) -> const Talk* {
    return i >= 0 && i < static_cast<int>(rundown->talks.size()) ? &rundown->talks[i] : nullptr;
  };
  if (which == "current") return current >= 0 ? at(current) : at(next);
  if (which == "next") return at(next);
  return at(rundown->index_of(which));
}

std::string timer_figure(Millis shown, bool hide_seconds, bool rounding_up) {
  shown = std::max(shown, Millis{0});
  if (hide_seconds) {
    const long long m = whole(shown, minutes{1}, rounding_up);
    if (m < 60) return std::to_string(m) + " min";
    return std::to_string(m / 60) + " h " + two_digits(m % 60) + " min";
  }
  const long long s = whole(shown, seconds{1}, rounding_up);
  if (s < 3600) return std::to_string(s / 60) + ":" + two_digits(s % 60);
  const long long m = whole(shown, minutes{1}, rounding_up);
  return std::to_string(m / 60) + ":" + two_digits(m % 60);
}

TimerReading read_timer(std::span<const TimerState> history, const SettingsOf& settings,
                        Instant now, LocalTime local) {
  TimerReading reading;
  if (history.empty()) return reading;
  const TimerState& state = history.back();
  const TimerSettings s = settings(state);
  reading.figure = figure_at(s, state, now, local);
  const std::optional<Millis> left = remaining(s, state, now);
  reading.phase = phase_of(s, left);
  if (reading.phase == TimerPhase::overtime) reading.over = std::max(Millis{0}, -*left);
  reading.running = runs(s, state);
  reading.started =
      state.started || s.mode == TimerMode::countdown_to || s.mode == TimerMode::clock;
  reading.entered = entered_at(history, settings, now, reading.phase);
  reading.next_change = next_change_of(s, state, now, local);
  return reading;
}

std::shared_ptr<const StageState> stage_at(const Show& show, const OperatorState& operators,
                                           Instant now) {
  const bool any =
      std::any_of(operators.events.begin(), operators.events.end(),
                  [&](const OperatorEvent& e) { return e.at <= now && is_stage_action(e.action); });
  if (!show.rundown && !any) return nullptr;
  auto stage = std::make_shared<StageState>();
  stage->rundown = show.rundown;
  const Rundown* rundown = show.rundown.get();
  for (const OperatorEvent& event : operators.events) {
    if (event.at > now) break;
    const Instant t = event.at;
    if (const auto* timer = std::get_if<TimerAction>(&event.action)) {
      stage->timer.push_back(timer_after(stage->timer.back(), *timer, t, rundown));
    } else if (const auto* message = std::get_if<MessageAction>(&event.action)) {
      if (message->text.empty())
        stage->message.reset();
      else
        stage->message = SpeakerMessage{message->text, message->blink, t};
    } else if (const auto* blackout = std::get_if<BlackoutAction>(&event.action)) {
      if (!blackout->on)
        stage->blackout.reset();
      else if (!stage->blackout)
        stage->blackout = t;
    } else if (const auto* lower = std::get_if<LowerThirdAction>(&event.action)) {
      if (lower->name.empty()) {
        if (stage->lower_third && stage->lower_third->until > t) stage->lower_third->until = t;
      } else {
        stage->lower_third = LowerThird{lower->name, lower->title, t,
                                        lower->duration ? t + *lower->duration : Instant::max()};
      }
    }
  }
  if (stage->lower_third && stage->lower_third->until != Instant::max() &&
      now >= stage->lower_third->until + kLowerThirdOut)
    stage->lower_third.reset();

  // The talks: the loaded one and the one after it, else as the clock has it.
  const int loaded = stage->timer.back().talk;
  const int count = rundown ? static_cast<int>(rundown->talks.size()) : 0;
  if (loaded >= 0) {
    stage->current = loaded;
    stage->next = loaded + 1 < count ? loaded + 1 : -1;
  } else if (count > 0) {
    const LocalTime local = local_of(show, now);
    bool timed = false;
    for (int i = 0; i < count; ++i) {
      const auto& at = rundown->talks[static_cast<std::size_t>(i)].at;
      if (!at) continue;
      timed = true;
      if (*at <= local) stage->current = i;
      if (*at > local && stage->next < 0) stage->next = i;
    }
    if (!timed) stage->next = 0;
  }
  return stage;
}

}  // namespace marquee

namespace marquee {

const Talk* StageTimerSlide::shown_talk(const StageState* stage) const {
  if (!stage || !stage->rundown) return nullptr;
  const int loaded = stage->timer.back().talk;
  if (loaded >= 0 && loaded < static_cast<int>(stage->rundown->talks.size()))
    return &stage->rundown->talks[static_cast<std::size_t>(loaded)];
  return talk.empty() ? nullptr : stage->talk(talk);
}

TimerReading StageTimerSlide::reading(const SlideMoment& moment) const {
  static const StageState kUntouched;
  const StageState& stage = moment.stage ? *moment.stage : kUntouched;
  TimerSettings base{.mode = mode,
                     .length = duration,
                     .until = std::nullopt,
                     .thresholds = thresholds,
                     .hold_at_zero = hold_at_zero,
                     .hide_seconds = hide_seconds};
  if (until) {
    const LocalTime target =
        daily ? date::floor<date::days>(moment.local) + (*until - date::floor<date::days>(*until))
              : *until;
    base.until = date::floor<seconds>(moment.now) + (target - moment.local);
  }
  const Talk* named = talk.empty() ? nullptr : stage.talk(talk);
  const Rundown* rundown = stage.rundown.get();
  const auto settings = [&](const TimerState& state) {
    TimerSettings s = base;
    const bool timed = s.mode == TimerMode::countdown || s.mode == TimerMode::countup;
    const Talk* on = named;
    if (rundown && state.talk >= 0 && state.talk < static_cast<int>(rundown->talks.size()))
      on = &rundown->talks[static_cast<std::size_t>(state.talk)];
    if (on && timed) {
      s.length = on->duration;
      if (on->thresholds) s.thresholds = *on->thresholds;
    }
    if (state.length && timed) s.length = *state.length;
    if (state.until && (s.mode == TimerMode::countdown || s.mode == TimerMode::countdown_to)) {
      s.mode = TimerMode::countdown_to;
      s.until = state.until;
    }
    return s;
  };
  return read_timer(stage.timer, settings, moment.now, moment.local);
}

std::optional<LocalTime> StageTimerSlide::preview_at() const {
  if (mode != TimerMode::countdown_to || !until) return std::nullopt;
  return *until - std::chrono::minutes{15};
}

}  // namespace marquee

namespace marquee {

std::string initials(std::string_view name) {
  // The first code point of the first and of the last word.
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && name[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < name.size() && name[i] != ' ') ++i;
    if (i > start) words.push_back(name.substr(start, i - start));
  }
  const auto first_letter = [](std::string_view word) {
    std::size_t n = 1;
    while (n < word.size() && (static_cast<unsigned char>(word[n]) & 0xC0) == 0x80) ++n;
    std::string letter(word.substr(0, n));
    if (letter.size() == 1)
      letter[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(letter[0])));
    return letter;
  };
  if (words.empty()) return "";
  if (words.size() == 1) return first_letter(words.front());
  return first_letter(words.front()) + first_letter(words.back());
}

}  // namespace marquee
