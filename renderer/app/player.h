// Player: one screen's frame loop (resolve, video deck, draw list, present on change), shared by
// `marquee play`, the soak and the bench.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backends/live_show.h"
#include "backends/sdl_canvas.h"
#include "backends/video_deck.h"
#include "core/operator.h"
#include "core/timeline.h"
#include "render/draw_list.h"
#include "render/paint.h"

namespace marquee::app {

struct PlayerOptions {
  // The screen keeps its last frame and can show a part of a new one (SDL's software
  // renderer on the window's own surface): only what changed is drawn and presented.
  bool partial = false;
  // Called from other threads when something the player cannot foresee happens (a film
  // has a new frame), so a loop asleep until the next change can tick at once.
  std::function<void()> wake{};
};

// Time is passed in: tick(now) draws the screen as it is at `now`, whatever clock the
// caller keeps (the wall clock on a screen, an accelerated one in the soak, a fixed one
// in tests), so the same loop runs headless at any speed.
class Player {
 public:
  // Shows what was drawn: the regions that changed, in the canvas's physical pixels, or
  // nothing for all of it.
  using Present = std::function<void(const std::vector<SDL_Rect>& changed)>;

  // `canvas` draws the screen and `present` shows what was drawn (SDL_RenderPresent on a
  // window; nothing for a picture in memory). Both are borrowed.
  Player(backends::SdlCanvas& canvas, backends::ShowFeed& shows, Present present,
         PlayerOptions options = {});
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  struct Tick {
    Frame frame;
    bool presented = false;  // the picture changed (or had to be redrawn) and was presented
    bool unchanged = false;  // the picture on screen already is this frame: nothing to present
    bool swapped = false;    // a new show from the feed was spliced in (frame.now: where)
    // When the picture next changes by itself (the timeline, what painters animate, a
    // film's pre-roll): the loop may sleep until then, or until an event. At or before
    // `now` means every frame is new (a ticker, a fade): tick again at the next refresh.
    Instant next_change = Instant::max();
    render::Painted painted;  // which slides showed a stand-in: what the play journal calls failed
  };
  // Picks up a new show (spliced so the slide on air runs on), resolves the frame,
  // updates the video deck, records the frame once as a draw list, and replays and
  // presents it only when its digest differs from the picture on screen. A show with an
  // on_air_at waits for it; the tick that takes it draws the frame of that instant, so
  // every screen's first frame of it is the same (if it came after this player drew
  // that instant, it is spliced in at `now`).
  Tick tick(Instant now);

  // Operator input, as an event of the log at `at`: it never touches the show, so a
  // reload landing between two key presses loses neither.
  void operate(OperatorAction action, Instant at, std::string source);
  const OperatorState& operators() const { return *operators_; }
  // A restarted player replays the log it had.
  void replay(OperatorState operators);
  // Each tick takes the log from `log` instead (the AV desk's, which other threads
  // append to): a snapshot, so a frame is resolved against one log throughout.
  using OperatorLog = std::function<std::shared_ptr<const OperatorState>()>;
  void follow(OperatorLog log) { follow_ = std::move(log); }

  // The next tick presents even an unchanged picture: the window was exposed or resized.
  void invalidate() { invalidated_ = true; }
  // The canvas draws with another renderer now: the films' textures go with the old one.
  void renderer_changed();

  const std::shared_ptr<const Show>& show() const { return show_; }
  const Frame& frame() const { return frame_; }
  // Nullptr until a show with a film has been played.
  const backends::VideoDeck* videos() const { return deck_.get(); }
  std::uint64_t presents() const { return presents_; }
  // The size of the picture it draws, in virtual pixels: the screen's shape.
  render::Size canvas_size() const { return canvas_.size(); }
  std::uint64_t ticks() const { return ticks_; }
  // Which slides of the last tick's frame showed a stand-in.
  const render::Painted& painted() const { return painted_; }

 private:
  // The instant the tick draws: `now`, or a scheduled show's on_air_at.
  Instant pick_up_new_show(Instant now, Tick& tick);
  // The slide coming on next is drawn into a kept picture as soon as the one on air has
  // settled (its transition over, its first frame presented), so that its transition, and an
  // operator's `next` at any moment, only blend pictures that exist; and again this long
  // before its turn, in case the picture was let go since.
  static constexpr Millis kPrepareAgain{1500};
  void prepare_next_slide(const Show& show, Instant now, Tick& tick);

  backends::SdlCanvas& canvas_;
  backends::ShowFeed& shows_;
  Present present_;
  PlayerOptions options_;
  std::shared_ptr<const OperatorState> operators_ = std::make_shared<const OperatorState>();
  OperatorLog follow_;
  std::shared_ptr<const Show> from_feed_;  // as the feed gave it
  std::shared_ptr<const Show> show_;       // the same with its splice
  std::unique_ptr<backends::VideoDeck> deck_;
  Frame frame_;
  Instant prepared_for_{};         // the hand-over whose incoming slide was drawn ahead
  int prepared_ = 0;               // how often: 1 once settled, 2 again before the turn
  render::ListCanvas recorder_;    // cleared each tick; kept for its capacity
  render::DrawList shown_;         // what is on screen, for drawing only what changed
  std::uint64_t shows_taken_ = 0;  // counts the shows picked up from the feed
  struct OnScreen {
    std::uint64_t digest = 0;
    std::uint64_t show = 0;  // shows_taken_ when it was drawn
    Instant at{};
  } on_screen_;
  render::Painted painted_;
  Instant drawn_ = Instant::min();        // the instant the last tick drew
  Instant waiting_for_ = Instant::max();  // a scheduled show's on_air_at, still to come
  bool invalidated_ = true;
  std::uint64_t presents_ = 0, ticks_ = 0;
};

}  // namespace marquee::app
