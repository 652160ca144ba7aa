// The registry of slide kinds: every kind has a name, a reader, a painter, a preview moment and a
// README section.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/loader.h"
#include "core/slide_kinds.h"
#include "render/draw_list.h"
#include "render/paint.h"
#include "render/painters.h"

namespace marquee {
namespace {

std::string readme() {
  std::ifstream in(std::string(MARQUEE_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SlideKinds, EveryKindIsRegisteredWholeAndDocumented) {
  const std::string guide = readme();
  std::set<std::string> names;
  std::size_t index = 0;
  for_each_slide_kind([&]<class Kind>(std::type_identity<Kind>) {
    const std::string name = Kind::kName;
    SCOPED_TRACE(name);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << "two kinds share the name";
    EXPECT_EQ(kind_name(SlideContent{Kind{}}), name);
    EXPECT_EQ(SlideContent{Kind{}}.index(), index++) << "the registry's order";

    // Its reader is the one the loader uses for its key: even an empty map reads as this
    // kind (with the kind's own complaints about what is missing).
    const auto loaded = config::load_show_from_string("slides:\n  - " + name + ": {}\n",
                                                      "/nowhere/playlists/kinds.yaml");
    ASSERT_TRUE(loaded.show);
    ASSERT_EQ(loaded.show->slides.size(), 1u);
    EXPECT_EQ(loaded.show->slides[0].content.index(), SlideContent{Kind{}}.index());

    // Its painter draws, on the theme's background unless the kind paints its own, and
    // never throws for an empty slide.
    Show show;
    Slide slide;
    slide.id = name;
    slide.content = Kind{};
    render::ListCanvas canvas;
    EXPECT_NO_THROW(Kind::paint(canvas, show.theme, std::get<Kind>(slide.content), {}));
    render::ListCanvas whole;
    render::paint_slide(whole, show, slide, {});
    ASSERT_GE(whole.ops().size(), 2u);
    EXPECT_EQ(whole.ops().front().kind, render::DrawOp::Kind::group)
        << "a picture the screen keeps";
    if (!paints_own_background(slide.content)) {
      EXPECT_EQ(whole.ops()[1].color, show.theme.background);
    }

    // The contact sheet asks it for a moment (nullopt is an answer: any moment will do).
    (void)preview_at(slide.content);

    EXPECT_NE(guide.find("\n### " + name + "\n"), std::string::npos)
        << "README.md needs a '### " << name << "' section under 'Slide kinds'";
  });
  EXPECT_EQ(names.size(), std::variant_size_v<SlideContent>);
}

TEST(SlideKinds, KindFactsComeFromTheirStructs) {
  CountdownSlide lunch;
  lunch.at = LocalTime{std::chrono::hours{24 * 19984 + 12}};
  EXPECT_EQ(content_over(SlideContent{lunch}), lunch.at + std::chrono::minutes{15});
  lunch.after = "See you next year";
  EXPECT_EQ(content_over(SlideContent{lunch}), std::nullopt);
  EXPECT_EQ(content_over(SlideContent{TitleSlide{}}), std::nullopt);
  EXPECT_TRUE(paints_own_background(SlideContent{VideoSlide{}}));
  EXPECT_FALSE(paints_own_background(SlideContent{ImageSlide{}}));
  EXPECT_EQ(preview_at(SlideContent{lunch}),
            lunch.at - std::chrono::minutes{12} - std::chrono::seconds{34});
}

}  // namespace
}  // namespace marquee
