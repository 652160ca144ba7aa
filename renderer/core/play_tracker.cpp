// PlayTracker: each tick's frame is on screen until the next tick; a slide's time ends at the tick
// that shows something else.
#include "core/play_tracker.h"

#include <algorithm>

namespace marquee {

const char* outcome_name(PlayOutcome outcome) {
  switch (outcome) {
    case PlayOutcome::complete:
      return "complete";
    case PlayOutcome::cut:
      return "cut";
    case PlayOutcome::preempted:
      return "preempted";
    case PlayOutcome::failed:
      return "failed";
  }
  return "complete";
}

std::optional<PlayOutcome> outcome_named(std::string_view name) {
  for (const auto o :
       {PlayOutcome::complete, PlayOutcome::cut, PlayOutcome::preempted, PlayOutcome::failed})
    if (name == outcome_name(o)) return o;
  return std::nullopt;
}

namespace {

// Events that move the rotation (takeovers and identify lie over it and leave it alone).
bool moves_rotation(const OperatorAction& action) {
  return std::holds_alternative<StepAction>(action) || std::holds_alternative<GotoAction>(action) ||
         std::holds_alternative<HoldAction>(action) || std::holds_alternative<ResumeAction>(action);
}

date::local_days local_day(const date::time_zone* zone, Instant t) {
  return date::floor<date::days>(zone->to_local(t));
}

}  // namespace

PlayTracker::PlayTracker(WallOf wall_of) : wall_of_(std::move(wall_of)) {}

void PlayTracker::aim(Current& c, const Show& show, const Slide& slide, bool swapped) {
  c.show = &show;
  c.sponsors = std::get_if<SponsorsSlide>(&slide.content);
  c.into.clear();
  if (!c.sponsors) return;
  const bool spotlight = c.sponsors->spotlight.count() > 0;
  c.wall = spotlight || !wall_of_ ? SponsorWall{} : wall_of_(show, *c.sponsors);
  if (!spotlight) c.record.pages = static_cast<int>(c.wall.pages.size());
  for (std::size_t t = 0; t < c.sponsors->tiers.size(); ++t) {
    const SponsorTier& tier = c.sponsors->tiers[t];
    for (const Sponsor& sponsor : tier.sponsors) {
      auto& list = c.record.sponsors;
      auto it = std::find_if(list.begin(), list.end(), [&](const SponsorShown& s) {
        return s.name == sponsor.name && s.tier == tier.name;
      });
      if (it == list.end()) it = list.insert(list.end(), SponsorShown{sponsor.name, tier.name});
      c.into.push_back(static_cast<std::size_t>(it - list.begin()));
    }
  }
  scratch_.assign(c.into.size(), Millis{0});
  (void)swapped;
}

void PlayTracker::account(Current& c, Instant until) {
  if (until <= c.at) return;
  const Millis dt = until - c.at;
  if (c.covered)
    c.record.covered += dt;
  else if (c.failed)
    c.record.failed += dt;
  if (c.held) c.record.held += dt;
  if (!c.sponsors || c.into.empty()) return;
  std::fill(scratch_.begin(), scratch_.end(), Millis{0});
  c.sponsors->add_shown(c.wall, c.elapsed, c.elapsed + dt, c.duration, scratch_);
  for (std::size_t i = 0; i < c.into.size(); ++i) {
    SponsorShown& s = c.record.sponsors[c.into[i]];
    (c.covered ? s.covered : c.failed ? s.failed : s.visible) += scratch_[i];
  }
}

PlayRecord PlayTracker::close(Current& c, Instant off_air, std::string cut_by) {
  PlayRecord r = std::move(c.record);
  r.off_air = off_air;
  r.last_frame = c.at;
  const bool early = off_air < r.scheduled_end;
  const bool shortened_by_edit = c.swapped && r.scheduled_end < c.first_scheduled_end;
  if (early || shortened_by_edit) {
    r.cut_by = early ? std::move(cut_by) : "reload";
  } else if (r.held.count() == 0 && c.show) {
    // A slide whose window closed before its duration was up was cut by the window.
    const auto slide = std::find_if(c.show->slides.begin(), c.show->slides.end(),
                                    [&](const Slide& s) { return s.id == r.slide; });
    if (slide != c.show->slides.end() && r.scheduled_end - r.scheduled_start < slide->duration)
      r.cut_by = "window";
  }
  if (r.failed.count() > 0)
    r.outcome = PlayOutcome::failed;
  else if (r.covered.count() > 0)
    r.outcome = PlayOutcome::preempted;
  else if (!r.cut_by.empty())
    r.outcome = PlayOutcome::cut;
  else
    r.outcome = PlayOutcome::complete;
  return r;
}

std::optional<PlayRecord> PlayTracker::observe(const Show& show, const Frame& frame, bool stood_in,
                                               const OperatorState& operators, bool swapped) {
  const Instant now = frame.now;
  const Slide* slide =
      frame.slide >= 0 && static_cast<std::size_t>(frame.slide) < show.slides.size()
          ? &show.slides[static_cast<std::size_t>(frame.slide)]
          : nullptr;
  std::optional<PlayRecord> ended;
  if (current_) {
    Current& c = *current_;
    if (now < c.at) {
      // The clock went back (a time sync): what was on air ends where it was last seen.
      ended = close(c, c.at, "clock");
      current_.reset();
    } else {
      account(c, now);
      const bool same =
          slide && slide->id == c.record.slide && frame.slide_start == c.record.scheduled_start;
      if (!same) {
        std::string why = "rotation";
        const bool by_operator = std::any_of(
            operators.events.begin(), operators.events.end(), [&](const OperatorEvent& e) {
              return e.at > c.at && e.at <= now && moves_rotation(e.action);
            });
        const auto* zone = show.zone ? show.zone : date::locate_zone("UTC");
        if (swapped)
          why = "reload";
        else if (by_operator)
          why = "operator";
        else if (local_day(zone, now) != local_day(zone, c.at))
          why = "midnight";
        ended = close(c, now, why);
        current_.reset();
      }
    }
  }
  if (!slide) return ended;
  if (!current_) {
    // Not emplace(): clang 14 judges Current, a nested struct with member initialisers, not
    // default-constructible, and the fuzzer is built with clang.
    current_ = Current{};
    Current& c = *current_;
    c.record.slide = slide->id;
    c.record.kind = kind_name(slide->content);
    c.record.tags = slide->tags;
    c.record.scheduled_start = frame.slide_start;
    c.record.first_frame = now;
    c.first_scheduled_end = frame.slide_end;
    aim(c, show, *slide, swapped);
  } else if (swapped || current_->show != &show) {
    current_->swapped = current_->swapped || swapped;
    aim(*current_, show, *slide, swapped);
  }
  Current& c = *current_;
  c.record.revision = show.revision;
  c.record.scheduled_end = frame.slide_end;
  c.at = now;
  c.elapsed = frame.incoming.elapsed;
  c.duration = frame.incoming.duration;
  c.held = frame.held;
  c.failed = stood_in;
  // Mostly covered: past the middle of a takeover's fade.
  c.covered = false;
  for (const TakeoverOnAir& t : frame.takeovers) {
    if (t.alpha < 0.5) continue;
    c.covered = true;
    if (std::find(c.record.takeovers.begin(), c.record.takeovers.end(), t.takeover.id) ==
        c.record.takeovers.end())
      c.record.takeovers.push_back(t.takeover.id);
  }
  return ended;
}

std::optional<PlayRecord> PlayTracker::finish(Instant now, const std::string& why) {
  if (!current_) return std::nullopt;
  account(*current_, now);
  PlayRecord r = close(*current_, std::max(now, current_->at), why);
  current_.reset();
  return r;
}

}  // namespace marquee
