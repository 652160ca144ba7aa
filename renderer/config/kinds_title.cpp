// Reads the YAML of title slides: headline, body, kicker and alignment.
#include "config/slide_kinds.h"

namespace marquee {

using namespace config::detail;

TitleSlide TitleSlide::read(Reader& r, const Item& params) {
  static const Choice<Align> kAlign{
      "alignment", {{"left", Align::left}, {"center", Align::center}, {"right", Align::right}}};
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

}  // namespace marquee
