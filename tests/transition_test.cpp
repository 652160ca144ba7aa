// Transitions: every kind and easing starts exactly on the outgoing slide and ends exactly on the
// incoming one.
#include <gtest/gtest.h>

#include "golden.h"
#include "headless.h"
#include "render/painters.h"
#include "render/transition.h"

namespace marquee {
namespace {

using headless::demo_show;

constexpr TransitionKind kKinds[] = {TransitionKind::fade, TransitionKind::push_left,
                                     TransitionKind::push_right, TransitionKind::wipe};
constexpr Easing kEasings[] = {Easing::linear, Easing::ease_in_out, Easing::ease_out};

class Transitions : public headless::Renders {
 protected:
  Transitions() {
    show_ = demo_show();
    Slide a;
    a.id = "welcome";
    a.content =
        TitleSlide{"Welcome to PyTorch Conference 2024", "Fort Mason Center", "", Align::left};
    Slide b;
    b.id = "thanks";
    b.content = TitleSlide{"Thank you to our sponsors", "", "Diamond", Align::right};
    show_.slides = {a, b};
  }

  void paint_one(render::Canvas& canvas, int slide) {
    render::paint_slide(canvas, show_, show_.slides[static_cast<std::size_t>(slide)], {});
  }

  SDL_Surface* alone(int slide) {
    backends::OffscreenCanvas& picture = canvas(960, 540);
    paint_one(picture.canvas(), slide);
    return picture.surface();
  }

  Show show_;
};

TEST_F(Transitions, EasingsRunFromZeroToOne) {
  for (const Easing e : kEasings) {
    EXPECT_DOUBLE_EQ(ease(e, 0), 0);
    EXPECT_DOUBLE_EQ(ease(e, 1), 1);
    EXPECT_GT(ease(e, 0.5), 0);
    EXPECT_LT(ease(e, 0.5), 1);
  }
}

// The ends of paint_transition, as the player reaches them.
TEST_F(Transitions, ProgressZeroIsTheOutgoingSlideAndOneTheIncoming) {
  for (const TransitionKind kind : kKinds) {
    for (const Easing e : kEasings) {
      SCOPED_TRACE(static_cast<int>(kind) * 10 + static_cast<int>(e));
      const auto at = [&](double progress) {
        backends::OffscreenCanvas& picture = canvas(960, 540);
        render::paint_transition(
            picture.canvas(), kind, ease(e, progress), [&](render::Canvas& c) { paint_one(c, 0); },
            [&](render::Canvas& c) { paint_one(c, 1); });
        return picture.surface();
      };
      EXPECT_TRUE(golden::identical(at(0), alone(0)));
      EXPECT_TRUE(golden::identical(at(1), alone(1)));
      EXPECT_FALSE(golden::identical(at(0.5), alone(0)));
      EXPECT_FALSE(golden::identical(at(0.5), alone(1)));
    }
  }
}

// The compositing itself, through the layers: at t = 0 a push or wipe shows only the
// outgoing layer, at t = 1 only the incoming one, to the pixel.
TEST_F(Transitions, BlendsAtTheEndsReproduceEachSlide) {
  for (const TransitionKind kind : kKinds) {
    SCOPED_TRACE(static_cast<int>(kind));
    const auto blended = [&](double t) {
      backends::OffscreenCanvas& picture = canvas(960, 540);
      {
        render::LayerScope layer(picture.canvas(), render::kOutgoingLayer);
        paint_one(picture.canvas(), 0);
      }
      {
        render::LayerScope layer(picture.canvas(), render::kIncomingLayer);
        paint_one(picture.canvas(), 1);
      }
      render::blend_layers(picture.canvas(), kind, t);
      return picture.surface();
    };
    EXPECT_TRUE(golden::identical(blended(0), alone(0)));
    EXPECT_TRUE(golden::identical(blended(1), alone(1)));
  }
}

}  // namespace
}  // namespace marquee
