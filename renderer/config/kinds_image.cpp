// Reads the YAML of image slides: the file, its fit, a caption and a background colour.
#include "config/slide_kinds.h"

namespace marquee {

using namespace config::detail;

ImageSlide ImageSlide::read(Reader& r, const Item& params) {
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

}  // namespace marquee
