// Reads the YAML of stage timers: the mode, its length or time, thresholds, overtime, the lines.
#include "config/rundown.h"
#include "config/slide_kinds.h"
#include "config/times.h"

namespace marquee {

using namespace config::detail;

namespace {

const Choice<TimerMode> kMode{"timer mode",
                              {{"countdown", TimerMode::countdown},
                               {"countdown-to", TimerMode::countdown_to},
                               {"countup", TimerMode::countup},
                               {"clock", TimerMode::clock}}};
const Choice<bool> kOvertime{"overtime", {{"count", false}, {"hold", true}}};
const Choice<bool> kSeconds{"seconds", {{"auto", false}, {"hide", true}}};

}  // namespace

StageTimerSlide StageTimerSlide::read(Reader& r, const Item& params) {
  StageTimerSlide timer;
  timer.where = r.where(params.key_at);
  std::optional<YAML::Mark> duration_at, until_at, thresholds_at;
  const auto marked = [](std::optional<YAML::Mark>& at, ReadFn read) {
    return ReadFn([&at, read = std::move(read)](const Item& item) {
      at = item.at;
      read(item);
    });
  };
  const Field fields[] = {
      {"mode", r.into(timer.mode, kMode)},
      {"duration", marked(duration_at, r.into(timer.duration, config::detail::duration))},
      {"until", marked(until_at,
                       [&](const Item& item) {
                         if (const auto start = start_time(r, item)) {
                           timer.until = start->at;
                           timer.daily = start->daily;
                         }
                       })},
      {"warning",
       marked(thresholds_at, r.into(timer.thresholds.warning, config::detail::duration))},
      {"danger", marked(thresholds_at, r.into(timer.thresholds.danger, config::detail::duration))},
      {"overtime", r.into(timer.hold_at_zero, kOvertime)},
      {"seconds", r.into(timer.hide_seconds, kSeconds)},
      {"talk",
       [&](const Item& item) {
         if (const auto named = text(r, item)) {
           timer.talk = *named;
           timer.where = r.where(item.at);
         }
       }},
      {"title", r.into(timer.title, text)},
      {"clock", r.into(timer.clock, boolean)},
      {"next", r.into(timer.next, boolean)},
  };
  if (!r.read_map(params, "'stage-timer'", fields)) return timer;
  if (thresholds_at) check_thresholds(r, timer.thresholds, *thresholds_at);
  switch (timer.mode) {
    case TimerMode::countdown:
      if (!duration_at && timer.talk.empty())
        r.error(params.at,
                "a countdown needs a 'duration' (like 20m) or a 'talk' of the rundown to time");
      break;
    case TimerMode::countdown_to:
      if (!until_at) r.error(params.at, "a countdown-to needs 'until', like until: \"10:40\"");
      break;
    case TimerMode::countup:
    case TimerMode::clock:
      break;
  }
  if (until_at && timer.mode != TimerMode::countdown_to)
    r.error(*until_at, "'until' is for mode: countdown-to; a countdown takes a 'duration'");
  if (duration_at && (timer.mode == TimerMode::countdown_to || timer.mode == TimerMode::clock))
    r.error(*duration_at, "'duration' is for mode: countdown or countup");
  return timer;
}

void StageTimerSlide::check(Sink& sink, const Show& show, const Slide&) const {
  check_talk(sink, show, talk, where);
  if (next && !show.rundown)
    report(sink, where, "'next: true' needs a 'rundown:' in the playlist to name the next talk");
}

}  // namespace marquee
