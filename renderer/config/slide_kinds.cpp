// Internal: how each slide kind's parameters are read from YAML.
#include "config/slide_kinds.h"

namespace marquee::config::detail {
namespace {

const Choice<Align> kAlign{
    "alignment", {{"left", Align::left}, {"center", Align::center}, {"right", Align::right}}};
const Choice<Fit> kFit{"fit", {{"contain", Fit::contain}, {"cover", Fit::cover}}};

SlideContent read_title(Reader& r, const Item& params) {
  TitleSlide title;
  bool has_text = false;
  const Field fields[] = {
      {"headline", Reader::noting(has_text, r.into(title.headline, text))},
      {"body", Reader::noting(has_text, r.into(title.body, text))},
      {"kicker", r.into(title.kicker, text)},
      {"align", r.into(title.align, kAlign)},
  };
  if (r.read_map(params, "'title'", fields) && !has_text)
    r.error(params.at, "title slide needs a headline or a body");
  return title;
}

SlideContent read_image(Reader& r, const Item& params) {
  ImageSlide image;
  bool has_file = false;
  const Field fields[] = {
      {"file", Reader::noting(has_file, r.into(image.file, image_asset))},
      {"fit", r.into(image.fit, kFit)},
      {"caption", r.into(image.caption, text)},
      {"background", r.into(image.background, colour)},
  };
  if (r.read_map(params, "'image'", fields) && !has_file)
    r.error(params.at, "image slide needs a 'file'");
  return image;
}

constexpr SlideKind kKinds[] = {
    {"title", read_title},
    {"image", read_image},
    {"sponsors", read_sponsors},
    {"countdown", read_countdown},
    {"agenda", read_agenda},
    {"chart", read_chart},
    {"qr", read_qr},
    {"video", read_video},
};

}  // namespace

std::span<const SlideKind> slide_kinds() {
  return kKinds;
}

}  // namespace marquee::config::detail
