// PlayJournal: the tracker per tick, new operator events by difference, swaps by revision.
#include "app/play_journal.h"

#include "render/painters.h"

namespace marquee::app {

PlayJournal::PlayJournal(backends::Journal::Options options, render::Canvas& measure)
    : options_(std::move(options)),
      measure_(measure),
      tracker_([this](const Show& show, const SponsorsSlide& slide) {
        return render::sponsor_wall(measure_, show.theme, slide);
      }) {}

void PlayJournal::observe(const Player& player, const Player::Tick& tick) {
  const std::shared_ptr<const Show>& on_air = player.show();
  if (!on_air) return;
  const Show& show = *on_air;
  const Instant now = tick.frame.now;
  const OperatorState& operators = player.operators();
  if (!journal_) {
    if (options_.screen.empty()) options_.screen = show.screen;
    const render::Size size = measure_.size();
    journal_ = std::make_unique<backends::Journal>(
        options_,
        backends::Journal::Start{show.file.string(), show.revision, MARQUEE_VERSION, show.timezone,
                                 size.w, size.h, operators.events.size()},
        now);
    // A log replayed from an earlier run was journaled by that run.
    journaled_ = operators.events;
    operators_revision_ = operators.revision;
    revision_ = show.revision;
  }
  if (tick.swapped) {
    journal_->swap(now, revision_, show.revision);
    revision_ = show.revision;
  }
  if (operators.revision != operators_revision_) {
    std::vector<bool> seen(journaled_.size(), false);
    for (const OperatorEvent& event : operators.events) {
      bool known = false;
      for (std::size_t i = 0; i < journaled_.size() && !known; ++i)
        if (!seen[i] && journaled_[i] == event) known = seen[i] = true;
      if (!known) journal_->operator_event(event);
    }
    journaled_ = operators.events;
    operators_revision_ = operators.revision;
  }
  if (auto ended = tracker_.observe(show, tick.frame, tick.painted.incoming_stood_in, operators,
                                    tick.swapped))
    journal_->play(std::move(*ended));
}

void PlayJournal::stop(Instant now, const std::string& reason) {
  if (!journal_) return;
  if (auto ended = tracker_.finish(now, "stop")) journal_->play(std::move(*ended));
  journal_->stop(now, reason);
}

}  // namespace marquee::app
