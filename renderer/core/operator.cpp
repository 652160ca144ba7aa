// The operator log's order, and its actions in words.
#include "core/operator.h"

#include <algorithm>
#include <cstdlib>

#include "core/duration.h"

namespace marquee {

void OperatorState::add(OperatorEvent event) {
  const auto after = std::upper_bound(events.begin(), events.end(), event.at,
                                      [](Instant at, const OperatorEvent& e) { return at < e.at; });
  events.insert(after, std::move(event));
  ++revision;
}

std::string describe(const OperatorAction& action) {
  struct Words {
    std::string operator()(const StepAction& a) const {
      if (a.by == 1) return "next";
      if (a.by == -1) return "previous";
      return "step " + std::to_string(a.by);
    }
    std::string operator()(const GotoAction& a) const { return "goto " + a.slide; }
    std::string operator()(const HoldAction&) const { return "hold"; }
    std::string operator()(const ResumeAction&) const { return "resume"; }
    std::string operator()(const TakeoverAction& a) const { return "takeover " + a.id; }
    std::string operator()(const ClearAction& a) const {
      return a.id.empty() ? "clear" : "clear " + a.id;
    }
    std::string operator()(const IdentifyAction&) const { return "identify"; }
    std::string operator()(const TimerAction& a) const {
      using Verb = TimerAction::Verb;
      switch (a.verb) {
        case Verb::start:
          return "timer start";
        case Verb::pause:
          return "timer pause";
        case Verb::resume:
          return "timer resume";
        case Verb::reset:
          return "timer reset";
        case Verb::add:
          return std::string("timer ") + (a.by.count() < 0 ? "-" : "+") +
                 format_duration(Millis{std::abs(a.by.count())});
        case Verb::set:
          if (a.until) return "timer set until " + date::format("%FT%TZ", *a.until);
          return "timer set " + (a.duration ? format_duration(*a.duration) : std::string("?"));
        case Verb::load:
          return "timer load " + a.talk;
      }
      return "timer";
    }
    std::string operator()(const MessageAction& a) const {
      if (a.text.empty()) return "message clear";
      return a.blink ? "message show (blinking)" : "message show";
    }
    std::string operator()(const BlackoutAction& a) const {
      return a.on ? "blackout on" : "blackout off";
    }
    std::string operator()(const LowerThirdAction& a) const {
      return a.name.empty() ? "lower third off" : "lower third " + a.name;
    }
  };
  return std::visit(Words{}, action);
}

}  // namespace marquee

namespace marquee {

bool is_stage_action(const OperatorAction& action) {
  return std::holds_alternative<TimerAction>(action) ||
         std::holds_alternative<MessageAction>(action) ||
         std::holds_alternative<BlackoutAction>(action) ||
         std::holds_alternative<LowerThirdAction>(action);
}

}  // namespace marquee
