// Proof of play as values: one record per slide on screen, built from the frames the player
// presents.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/operator.h"
#include "core/show.h"
#include "core/sponsor_layout.h"
#include "core/timeline.h"

namespace marquee {

enum class PlayOutcome { complete, cut, preempted, failed };
const char* outcome_name(PlayOutcome outcome);
std::optional<PlayOutcome> outcome_named(std::string_view name);

// A sponsor on a slide's wall page or spotlight turn while it was on screen. The three
// times add up to the time its page or turn was up.
struct SponsorShown {
  std::string name;
  std::string tier;
  Millis visible{0};  // on screen
  Millis covered{0};  // its page or turn was up, under a takeover
  Millis failed{0};   // its page or turn was up, while the slide showed a stand-in
  friend bool operator==(const SponsorShown&, const SponsorShown&) = default;
};

// One slide's time on screen: from the first frame that showed it until the frame that
// replaced it, with its schedule as resolve() gave it and why it left.
struct PlayRecord {
  std::string slide;  // id
  std::string kind;
  std::vector<std::string> tags;
  std::string revision;  // of the show it was on air in when it left
  std::vector<SponsorShown> sponsors;
  int pages = 0;              // of a sponsor wall; 0 for other kinds and spotlights
  Instant scheduled_start{};  // resolve's slide_start
  Instant scheduled_end{};    // its last slide_end; Instant::max() while held
  Instant first_frame{};      // the first frame presented with it on air
  Instant last_frame{};       // the last such frame
  Instant off_air{};          // the frame that replaced it (or the stop)
  PlayOutcome outcome = PlayOutcome::complete;
  std::string cut_by;                  // why it left early: operator, reload, window, midnight,
                                       // stop, clock (the clock went back), rotation
  std::vector<std::string> takeovers;  // ids of the takeovers that covered it
  Millis covered{0};                   // under a takeover
  Millis failed{0};                    // showing a stand-in
  Millis held{0};                      // held on air by an operator

  Millis duration() const { return off_air - first_frame; }
  friend bool operator==(const PlayRecord&, const PlayRecord&) = default;
};

// Turns the frames a screen presents into PlayRecords. observe() is called on every tick
// with the frame that goes on screen at frame.now and stays until the next tick; it does
// no I/O and allocates only when a slide changes, so it can sit in the frame loop.
class PlayTracker {
 public:
  // The sponsor wall of a slide as the screen lays it out (render::sponsor_wall), asked
  // once per slide's time on air and again after a swap.
  using WallOf = std::function<SponsorWall(const Show&, const SponsorsSlide&)>;
  explicit PlayTracker(WallOf wall_of);

  // `stood_in`: the slide on air was drawn as a stand-in (render::Painted). `swapped`: a
  // new show was spliced in at this tick. Returns the play that left the screen, if any.
  std::optional<PlayRecord> observe(const Show& show, const Frame& frame, bool stood_in,
                                    const OperatorState& operators, bool swapped);
  // The screen stops at `now`: the play on air ends there, cut by `why`.
  std::optional<PlayRecord> finish(Instant now, const std::string& why = "stop");
  bool on_air() const { return current_.has_value(); }

 private:
  struct Current {
    PlayRecord record;
    Instant first_scheduled_end{};
    bool swapped = false;  // a swap happened during the play
    // The frame at the last tick, which stays on screen until the next one.
    Instant at{};
    Millis elapsed{0}, duration{0};
    bool covered = false, failed = false, held = false;
    // Sponsor counting for the content on air; remade when the show changes.
    const Show* show = nullptr;
    const SponsorsSlide* sponsors = nullptr;
    SponsorWall wall;
    std::vector<std::size_t> into;  // sponsor i of the content -> record.sponsors index
  };
  void account(Current& c, Instant until);
  void aim(Current& c, const Show& show, const Slide& slide, bool swapped);
  PlayRecord close(Current& c, Instant off_air, std::string cut_by);

  WallOf wall_of_;
  std::optional<Current> current_;
  std::vector<Millis> scratch_;
};

}  // namespace marquee
