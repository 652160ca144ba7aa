// Player: reload-and-splice policy, the video deck's update, and draw-once presenting.
#include "app/player.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "render/paint.h"
#include "render/painters.h"
#include "render/status_badge.h"

namespace marquee::app {

using namespace std::chrono_literals;

Player::Player(backends::SdlCanvas& canvas, backends::ShowFeed& shows, Present present,
               PlayerOptions options)
    : canvas_(canvas),
      shows_(shows),
      present_(std::move(present)),
      options_(std::move(options)),
      recorder_(canvas) {}

void Player::renderer_changed() {
  canvas_.show_videos_from(nullptr);
  deck_.reset();  // made again at the next tick that needs it
  invalidated_ = true;
  prepared_for_ = {};  // the kept pictures went with the renderer
}

Player::~Player() {
  canvas_.show_videos_from(nullptr);
}

void Player::operate(OperatorAction action, Instant at, std::string source) {
  spdlog::info("operator: {} from {}", describe(action), source);
  auto next = std::make_shared<OperatorState>(*operators_);
  next->add({at, std::move(action), std::move(source)});
  operators_ = std::move(next);
}

void Player::replay(OperatorState operators) {
  operators_ = std::make_shared<const OperatorState>(std::move(operators));
}

Instant Player::pick_up_new_show(Instant now, Tick& tick) {
  waiting_for_ = Instant::max();
  std::shared_ptr<const Show> latest = shows_.current();
  if (!latest || latest == from_feed_) return now;
  Instant at = now;
  if (show_ && latest->on_air_at) {
    if (*latest->on_air_at > now) {
      waiting_for_ = *latest->on_air_at;  // the show on air runs on until then
      return now;
    }
    if (*latest->on_air_at > drawn_) at = *latest->on_air_at;
  }
  if (show_) {
    // The slide on air keeps running: the new show picks up where this one is now.
    auto spliced = std::make_shared<Show>(*latest);
    spliced->splice = splice_for_swap(*show_, *latest, *operators_, at);
    show_ = std::move(spliced);
    tick.swapped = true;
  } else {
    show_ = latest;
  }
  from_feed_ = std::move(latest);
  ++shows_taken_;
  canvas_.forget_pictures();
  prepared_for_ = {};
  return at;
}

void Player::prepare_next_slide(const Show& show, Instant now, Tick& tick) {
  if (frame_.held || frame_.slide_end == Instant::max() || !canvas_.keeps_pictures()) return;
  // Not while a transition runs: the tick after its last frame comes anyway.
  if (frame_.previous >= 0) return;
  const Frame next = resolve(show, *operators_, frame_.slide_end);
  if (next.slide < 0 || next.slide == frame_.slide) return;
  const Slide& slide = show.slides[static_cast<std::size_t>(next.slide)];
  // Once as soon as the slide on air has settled (not on the first frame a show puts on
  // screen, nor for a film, whose first picture the deck has not opened yet), and once more
  // shortly before the turn: a slide that changes as it plays may have pushed the picture
  // out of the kept ones, or a new renderer dropped them all; kept, it costs nothing again.
  const Instant again = frame_.slide_end - kPrepareAgain;
  const bool early = presents_ > 1 && !video_of(slide);
  const int due = now >= again ? 2 : early ? 1 : 0;
  if (now < again) tick.next_change = std::min(tick.next_change, again);
  if (prepared_for_ == frame_.slide_end && prepared_ >= due) return;
  prepared_for_ = frame_.slide_end;
  prepared_ = due;
  if (due == 0) return;
  render::ListCanvas upcoming(canvas_);
  render::paint_slide(upcoming, show, slide, next.incoming);
  upcoming.list().prepare(canvas_);
}

Player::Tick Player::tick(Instant now) {
  Tick tick;
  ++ticks_;
  if (follow_) {
    if (auto log = follow_()) operators_ = std::move(log);
  }
  now = pick_up_new_show(now, tick);
  if (!show_) return tick;
  drawn_ = now;
  const Show& show = *show_;
  frame_ = resolve(show, *operators_, now);
  tick.frame = frame_;

  // Films due soon open now, so their first frame is decoded before their turn. Shows
  // without one spare the frame loop the look-ahead resolves, and libvlc.
  if (deck_ || backends::show_has_video(show)) {
    if (!deck_) {
      deck_ = std::make_unique<backends::VideoDeck>(canvas_.renderer(), options_.wake);
      canvas_.show_videos_from(deck_.get());
    }
    std::vector<Frame> ahead;
    for (const Millis look : backends::VideoDeck::kLookAhead)
      ahead.push_back(resolve(show, *operators_, now + look));
    deck_->update(show, frame_, ahead);
  }

  // The frame is recorded once; a still picture is presented once, not 60 times a second:
  // a 25 fps film is presented 25 times, a ticker every frame. A new show (its images
  // may have changed under the same names) or a window event repaint regardless.
  canvas_.begin_frame(now);
  recorder_.list().clear();
  tick.painted = painted_ = render::paint(recorder_, show, frame_);
  if (shows_.edit_rejected())
    render::paint_status_badge(recorder_, show.theme, "edit rejected \xC2\xB7 see log");
  const std::uint64_t digest = recorder_.list().digest();
  const Instant painted_change = recorder_.list().next_change();
  const bool repaint =
      digest != on_screen_.digest || shows_taken_ != on_screen_.show || invalidated_;
  if (repaint) {
    const bool partial =
        options_.partial && !invalidated_ && shows_taken_ == on_screen_.show && !shown_.empty();
    std::vector<SDL_Rect> changed;
    if (partial) {
      // Only what changed is drawn again, clipped to it; the rest of the screen is as it was.
      for (const Rect& region : render::changed_regions(shown_, recorder_.list(), canvas_.size())) {
        canvas_.push_clip(region);
        recorder_.list().replay(canvas_);
        canvas_.pop_clip();
        // Edges round outwards, and stay on the screen: X11 refuses (and SDL then exits on) a
        // rectangle that reaches past the window.
        const SDL_Rect r = canvas_.to_physical(region);
        const SDL_Rect grown{r.x - 1, r.y - 1, r.w + 2, r.h + 2}, screen = canvas_.output();
        SDL_Rect on_screen{};
        if (SDL_IntersectRect(&grown, &screen, &on_screen)) changed.push_back(on_screen);
      }
    } else {
      recorder_.list().replay(canvas_);
    }
    if (present_) present_(changed);
    std::swap(shown_, recorder_.list());
    on_screen_ = {digest, shows_taken_, now};
    invalidated_ = false;
    tick.presented = true;
    ++presents_;
  } else {
    tick.unchanged = true;
  }

  tick.next_change = std::min({next_change(show, frame_), painted_change, waiting_for_});
  prepare_next_slide(show, now, tick);
  if (deck_) {
    // The look-ahead must see a film coming, so its player opens and pre-rolls in time.
    for (const Millis look : backends::VideoDeck::kLookAhead)
      if (frame_.slide_end != Instant::max() && frame_.slide_end - look > now)
        tick.next_change = std::min(tick.next_change, frame_.slide_end - look);
  }
  return tick;
}

}  // namespace marquee::app
