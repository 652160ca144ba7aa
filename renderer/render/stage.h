// The keynote stage on screen: where the speaker's message goes, the timer's phase colours and
// flash, and the operator layers over slides (message, blackout, lower third).
#pragma once

#include <optional>

#include "core/show.h"
#include "core/stage.h"
#include "core/timeline.h"
#include "render/canvas.h"

namespace marquee::render {

// The bottom 30% of the safe area: a message to the speaker covers it, so the stage timer
// keeps its figure above it and puts only its clock and "next" lines in it.
inline constexpr double kMessageShare = 0.3;
Rect message_zone(Size screen, const Theme& theme);

// The timer's colour in a phase: the theme's text, then its stage colours.
Color phase_color(const Theme& theme, TimerPhase phase);

// How strongly the phase flash shows at `now`, 0 to 1, for a phase entered at `entered`;
// nullopt once its kFlashFor is over. Invert is on or off (three times, at 1 Hz, under the
// three flashes a second that photosensitive viewers can be hurt by); pulse rises and falls.
inline constexpr Millis kFlashFor{3000};
std::optional<double> flash_strength(StageFlash style, std::optional<Instant> entered, Instant now);
// When flash_strength next changes by itself after `now`: the next turn of an invert, now
// itself while a pulse runs (every frame), its end; Instant::max() when none runs.
Instant flash_changes(StageFlash style, std::optional<Instant> entered, Instant now);

// Whether the frame's slide speaks to the speaker alone: the screen is a confidence monitor,
// or the slide on air says `audience: stage`. Messages and blackout show there only; the
// lower third only elsewhere.
bool for_the_speaker(const Show& show, const Frame& frame);

// The lower third over the slide, sliding in and out, on the room's screens: in the lower
// safe area, so never under the ticker in the margin below it.
void paint_lower_third(Canvas& canvas, const Show& show, const Frame& frame);
// Where the lower third's bar is when fully in, on this canvas (empty: none is on).
Rect lower_third_box(Canvas& canvas, const Theme& theme, const LowerThird& lower);

// On the speaker's screens: the message in the message zone (blinking at 1 Hz if asked),
// then blackout over everything but an emergency.
void paint_speaker_layers(Canvas& canvas, const Show& show, const Frame& frame);

}  // namespace marquee::render
