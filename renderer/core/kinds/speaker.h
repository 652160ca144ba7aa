// The speaker slide kind: a speaker card (name, job title, organisation, talk, portrait).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/kind.h"

namespace marquee {

struct SpeakerSlide {
  static constexpr const char kName[] = "speaker";

  std::string talk;    // "current", "next" or a talk's id: the rundown fills what is not given
  std::string kicker;  // small accent line: "Up next", "Now on stage"
  std::string name;
  std::string job_title;
  std::string organisation;
  std::string title;               // the talk's
  std::filesystem::path portrait;  // absolute; a missing file shows the initials
  SourcePos where;                 // its 'talk' (else its key), for checks against the rundown

  static SpeakerSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const SpeakerSlide& slide,
                    const SlideMoment& moment);
  std::optional<LocalTime> preview_at() const { return std::nullopt; }
  void check(config::detail::Sink& sink, const Show& show, const Slide& slide) const;
};

// "MW" for "Matt White": the first letters of the first and last words, for a card
// without a portrait.
std::string initials(std::string_view name);

}  // namespace marquee
