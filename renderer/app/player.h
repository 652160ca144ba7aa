// Player: one screen's frame loop (resolve, video deck, draw list, present on change), shared by
// `marquee play`, the soak and the bench.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "backends/live_show.h"
#include "backends/sdl_canvas.h"
#include "backends/video_deck.h"
#include "core/operator.h"
#include "core/timeline.h"
#include "render/draw_list.h"

namespace marquee::app {

// Time is passed in: tick(now) draws the screen as it is at `now`, whatever clock the
// caller keeps (the wall clock on a screen, an accelerated one in the soak, a fixed one
// in tests), so the same loop runs headless at any speed.
class Player {
 public:
  // `canvas` draws the screen and `present` shows what was drawn (SDL_RenderPresent on a
  // window; nothing for a picture in memory). Both are borrowed. `wake` is called from
  // other threads when something the player cannot foresee happens (a film has a new
  // frame), so a loop asleep until the next change can tick at once.
  Player(backends::SdlCanvas& canvas, backends::ShowFeed& shows, std::function<void()> present,
         std::function<void()> wake = {});
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  struct Tick {
    Frame frame;
    bool presented = false;  // the picture changed (or had to be redrawn) and was presented
    bool swapped = false;    // a new show from the feed was spliced in
    // When the picture next changes by itself (the timeline, what painters animate, a
    // film's pre-roll): the loop may sleep until then, or until an event. At or before
    // `now` means every frame is new (a ticker, a fade): tick again at the next refresh.
    Instant next_change = Instant::max();
  };
  // Picks up a new show (spliced so the slide on air runs on), resolves the frame,
  // updates the video deck, records the frame once as a draw list, and replays and
  // presents it only when its digest differs from the picture on screen.
  Tick tick(Instant now);

  // Operator input, as an event of the log at `at`: it never touches the show, so a
  // reload landing between two key presses loses neither.
  void operate(OperatorAction action, Instant at, std::string source);
  const OperatorState& operators() const { return operators_; }
  // A restarted player replays the log it had.
  void replay(OperatorState operators) { operators_ = std::move(operators); }

  // The next tick presents even an unchanged picture: the window was exposed or resized.
  void invalidate() { invalidated_ = true; }

  const std::shared_ptr<const Show>& show() const { return show_; }
  const Frame& frame() const { return frame_; }
  // Nullptr until a show with a film has been played.
  const backends::VideoDeck* videos() const { return deck_.get(); }
  std::uint64_t presents() const { return presents_; }
  std::uint64_t ticks() const { return ticks_; }

 private:
  void pick_up_new_show(Instant now, Tick& tick);

  backends::SdlCanvas& canvas_;
  backends::ShowFeed& shows_;
  std::function<void()> present_;
  std::function<void()> wake_;
  OperatorState operators_;
  std::shared_ptr<const Show> from_feed_;  // as the feed gave it
  std::shared_ptr<const Show> show_;       // the same with its splice
  std::unique_ptr<backends::VideoDeck> deck_;
  Frame frame_;
  render::ListCanvas recorder_;    // cleared each tick; kept for its capacity
  std::uint64_t shows_taken_ = 0;  // counts the shows picked up from the feed
  struct OnScreen {
    std::uint64_t digest = 0;
    std::uint64_t show = 0;  // shows_taken_ when it was drawn
    Instant at{};
  } on_screen_;
  bool invalidated_ = true;
  std::uint64_t presents_ = 0, ticks_ = 0;
};

}  // namespace marquee::app
