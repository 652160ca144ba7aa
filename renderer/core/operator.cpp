// The operator log's order, and its actions in words.
#include "core/operator.h"

#include <algorithm>

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
  };
  return std::visit(Words{}, action);
}

}  // namespace marquee
