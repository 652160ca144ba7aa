// Internal: the playlist's `rundown:` (the stage's talks, in running order) and the timer's
// thresholds, as playlists and stage-timer slides write them.
#pragma once

#include "config/reader.h"
#include "core/show.h"
#include "core/stage.h"

namespace marquee::config::detail {

// The talks, each with a speaker and a duration; ids default to the speaker's name
// ("matt-white") and must be unique.
Rundown read_rundown(Reader& r, const Item& item);

// `warning` must be more time left than `danger`; reported at `at`.
void check_thresholds(Reader& r, const Thresholds& thresholds, const YAML::Mark& at);

// A slide's `talk:`: "current" and "next" need a rundown, an id must be one of its talks.
void check_talk(Sink& sink, const Show& show, const std::string& talk, const SourcePos& at);

// An error at a position kept from reading, for checks that need the whole show.
void report(Sink& sink, const SourcePos& at, std::string message);

// "Matt White" -> "matt-white": a name AV staff can type in `timer load`.
std::string id_from(std::string_view name);

}  // namespace marquee::config::detail
