// The play journal fed from the frame loop: what each Player::tick put on screen, the operator
// events and the swaps, handed to the journal's writer thread when they happen.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/player.h"
#include "backends/journal.h"
#include "core/play_tracker.h"

namespace marquee::app {

class PlayJournal {
 public:
  // `measure` lays out sponsor walls as the screen shows them (the player's canvas).
  PlayJournal(backends::Journal::Options options, render::Canvas& measure);

  // After every tick. The first tick with a show opens the journal (`started`, and a `gap`
  // if the last run crashed); each slide that leaves the screen becomes a `play` line. The
  // frame loop pays for a few comparisons a tick; lines are formatted and written by the
  // journal's own thread.
  void observe(const Player& player, const Player::Tick& tick);
  // A clean stop: the slide on air is cut, then `stopped`, all written and fsynced.
  void stop(Instant now, const std::string& reason);

  // Nullptr until the first tick with a show.
  backends::Journal* journal() { return journal_.get(); }

 private:
  backends::Journal::Options options_;
  render::Canvas& measure_;
  PlayTracker tracker_;
  std::unique_ptr<backends::Journal> journal_;
  std::vector<OperatorEvent> journaled_;  // the operator log as written so far
  std::uint64_t operators_revision_ = 0;
  std::string revision_;
};

}  // namespace marquee::app
