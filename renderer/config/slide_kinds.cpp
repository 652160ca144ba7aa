// Internal: the slide-kind table, generated from the registry so a kind's name is written once.
#include "config/slide_kinds.h"

#include <array>

namespace marquee::config::detail {
namespace {

template <class... Kinds>
constexpr auto make_readers(std::variant<Kinds...>*) {
  return std::array<SlideKindReader, sizeof...(Kinds)>{SlideKindReader{
      Kinds::kName,
      [](Reader& r, const Item& params) -> SlideContent { return Kinds::read(r, params); }}...};
}

constexpr auto kReaders = make_readers(static_cast<SlideContent*>(nullptr));

}  // namespace

const Choice<Fit> kFit{"fit", {{"contain", Fit::contain}, {"cover", Fit::cover}}};

std::span<const SlideKindReader> slide_kind_readers() {
  return kReaders;
}

void check_slides(Sink& sink, const Show& show) {
  for (const Slide& slide : show.slides)
    std::visit(
        [&](const auto& kind) {
          if constexpr (requires { kind.check(sink, show, slide); }) kind.check(sink, show, slide);
        },
        slide.content);
}

}  // namespace marquee::config::detail
