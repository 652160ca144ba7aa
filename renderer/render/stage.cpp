// The stage's operator layers (message, blackout, lower third), its phase colours and flash.
#include "render/stage.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "render/geometry.h"
#include "render/text_block.h"

namespace marquee::render {
namespace {

constexpr Millis kInvertTurn{500};
// A message must read from the back of the stage: as large as its zone allows, on one line
// if it fits, else two.
constexpr double kMessageSize = 0.62;  // of the message zone's height, for one line
constexpr double kMessagePad = 0.08;   // of the zone's height, inside its panel
constexpr double kMessageBorder = 8;   // the blink's other look: a frame, not a panel
constexpr Color kBlack{0, 0, 0, 255};
constexpr Color kWhite{0xFF, 0xFF, 0xFF, 255};
// A blacked-out monitor says so, in a grey nobody in the seats can see.
constexpr Color kBlackoutNote{0x2A, 0x2A, 0x2A, 255};

constexpr double kLowerPad = 26;
constexpr double kLowerBar = 12;     // the accent edge on its left
constexpr double kLowerShare = 0.7;  // of the safe area's width, at most
constexpr double kLowerGap = 6;      // between its two lines

struct LowerStyles {
  TextStyle name, title;
};

LowerStyles lower_styles(const Theme& theme) {
  return {{.font = weighted(theme.headline_font, 700),
           .size = theme.body_size * 1.2,
           .min_size = theme.body_size * 0.6,
           .color = theme.text,
           .max_lines = 1},
          {.font = theme.body_font,
           .size = theme.body_size * 0.75,
           .min_size = theme.caption_size * 0.75,
           .color = theme.muted,
           .max_lines = 1}};
}

}  // namespace

Rect message_zone(Size screen, const Theme& theme) {
  const Rect area = inset(full_rect(screen), theme.safe_area);
  const double h = area.h * kMessageShare;
  return {area.x, area.y + area.h - h, area.w, h};
}

Color phase_color(const Theme& theme, TimerPhase phase) {
  switch (phase) {
    case TimerPhase::normal:
      return theme.text;
    case TimerPhase::warning:
      return theme.stage.warning;
    case TimerPhase::danger:
    case TimerPhase::overtime:
      return theme.stage.danger;
  }
  return theme.text;
}

std::optional<double> flash_strength(StageFlash style, std::optional<Instant> entered,
                                     Instant now) {
  if (!entered || now < *entered || now >= *entered + kFlashFor) return std::nullopt;
  const auto t = (now - *entered).count();
  if (style == StageFlash::invert) return (t / kInvertTurn.count()) % 2 == 0 ? 1.0 : 0.0;
  return (1 - std::cos(2 * std::numbers::pi * static_cast<double>(t) / 1000.0)) / 2;
}

Instant flash_changes(StageFlash style, std::optional<Instant> entered, Instant now) {
  if (!entered || now >= *entered + kFlashFor) return Instant::max();
  if (now < *entered) return *entered;
  if (style == StageFlash::pulse) return now;
  // On, off, on, off, on, off: after the third flash goes off nothing changes.
  const auto turns = (now - *entered) / kInvertTurn + 1;
  if (turns >= kFlashFor / kInvertTurn) return Instant::max();
  return *entered + turns * kInvertTurn;
}

bool for_the_speaker(const Show& show, const Frame& frame) {
  if (show.role == ScreenRole::confidence) return true;
  return frame.slide >= 0 && static_cast<std::size_t>(frame.slide) < show.slides.size() &&
         show.slides[static_cast<std::size_t>(frame.slide)].audience == Audience::stage;
}

Rect lower_third_box(Canvas& canvas, const Theme& theme, const LowerThird& lower) {
  const Rect area = inset(full_rect(canvas.size()), theme.safe_area);
  const LowerStyles styles = lower_styles(theme);
  const double inner = area.w * kLowerShare - 2 * kLowerPad - kLowerBar;
  const TextBlock name = fitted(canvas, styles.name, lower.name, {inner, styles.name.size * 2});
  const TextBlock title = fitted(canvas, styles.title, lower.title, {inner, styles.title.size * 2});
  const double text_w = std::max(name.layout.extent.w, title.layout.extent.w);
  const double h = kLowerPad * 2 + name.height() + (title.empty() ? 0 : kLowerGap + title.height());
  const double w = kLowerBar + 2 * kLowerPad + text_w;
  return {area.x, area.y + area.h - h, w, h};
}

void paint_lower_third(Canvas& canvas, const Show& show, const Frame& frame) {
  if (!frame.stage || !frame.stage->lower_third || for_the_speaker(show, frame)) return;
  const LowerThird& lower = *frame.stage->lower_third;
  const Theme& theme = show.theme;
  const Instant now = frame.now;
  // In: eased out from off the left edge; out: back the way it came.
  double shown = ease(Easing::ease_out,
                      static_cast<double>((now - lower.since).count()) / kLowerThirdIn.count());
  bool moving = now - lower.since < kLowerThirdIn;
  if (lower.until != Instant::max() && now >= lower.until) {
    const double out = static_cast<double>((now - lower.until).count()) / kLowerThirdOut.count();
    shown = std::min(shown, 1 - ease(Easing::ease_in_out, out));
    moving = out < 1;
  }
  if (moving)
    canvas.animates(frame.incoming);
  else if (lower.until != Instant::max())
    canvas.changes_at(lower.until);
  if (shown <= 0) return;

  const Rect box = lower_third_box(canvas, theme, lower);
  const double x = box.x - (1 - shown) * (box.x + box.w);
  {
    AlphaScope panel(canvas, 0.94);
    canvas.fill_rect({x, box.y, box.w, box.h}, theme.panel);
  }
  canvas.fill_rect({x, box.y, kLowerBar, box.h}, theme.accent);
  const LowerStyles styles = lower_styles(theme);
  const double inner = box.w - 2 * kLowerPad - kLowerBar;
  const TextBlock name = fitted(canvas, styles.name, lower.name, {inner, styles.name.size * 2});
  const TextBlock title = fitted(canvas, styles.title, lower.title, {inner, styles.title.size * 2});
  const double text_x = x + kLowerBar + kLowerPad;
  name.draw(canvas, text_x, box.y + kLowerPad);
  title.draw(canvas, text_x, box.y + kLowerPad + name.height() + kLowerGap);
}

void paint_speaker_layers(Canvas& canvas, const Show& show, const Frame& frame) {
  if (!frame.stage || !for_the_speaker(show, frame)) return;
  const StageState& stage = *frame.stage;
  const Theme& theme = show.theme;
  const Rect screen = full_rect(canvas.size());
  if (stage.message) {
    const SpeakerMessage& message = *stage.message;
    bool lit = true;
    if (message.blink) {
      // 1 Hz: half a second in each look, from when it was sent.
      const auto halves = (frame.now - message.since) / kBlinkHalf;
      lit = halves % 2 == 0;
      canvas.changes_at(message.since + (halves + 1) * kBlinkHalf);
    }
    const Rect zone = message_zone(canvas.size(), theme);
    if (lit) {
      canvas.fill_rect(zone, kWhite);
    } else {
      canvas.fill_rect(zone, kBlack);
      canvas.fill_rect({zone.x, zone.y, zone.w, kMessageBorder}, kWhite);
      canvas.fill_rect({zone.x, zone.y + zone.h - kMessageBorder, zone.w, kMessageBorder}, kWhite);
      canvas.fill_rect({zone.x, zone.y, kMessageBorder, zone.h}, kWhite);
      canvas.fill_rect({zone.x + zone.w - kMessageBorder, zone.y, kMessageBorder, zone.h}, kWhite);
    }
    const double pad = zone.h * kMessagePad;
    const Rect inside = inset(zone, pad);
    const TextBlock text = balanced(canvas,
                                    {.font = weighted(theme.headline_font, 800),
                                     .size = zone.h * kMessageSize,
                                     .min_size = zone.h * 0.15,
                                     .color = lit ? kBlack : kWhite,
                                     .align = Align::center,
                                     .line_spacing = 1.0,
                                     .max_lines = 2},
                                    message.text, {inside.w, inside.h});
    text.draw(canvas, inside.x, inside.y + (inside.h - text.height()) / 2);
  }
  if (stage.blackout) {
    canvas.fill_rect(screen, kBlack);
    const Rect area = inset(screen, theme.safe_area);
    const double size = theme.caption_size * 0.75;
    const std::string note = "blackout \xC2\xB7 the AV desk";
    const double w = canvas.measure_text(theme.body_font, size, note).width;
    canvas.draw_text(theme.body_font, size, note, area.x + area.w - w, area.y + area.h - size * 1.3,
                     kBlackoutNote);
  }
}

}  // namespace marquee::render
