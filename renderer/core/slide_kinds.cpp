// Per-kind facts read off the kind structs, with the defaults for kinds that do not state them.
#include "core/slide_kinds.h"

#include "core/show.h"

namespace marquee {

const char* kind_name(const SlideContent& content) {
  return std::visit([](const auto& kind) -> const char* { return kind.kName; }, content);
}

bool paints_own_background(const SlideContent& content) {
  return std::visit(
      [](const auto& kind) {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (requires { Kind::kPaintsOwnBackground; })
          return Kind::kPaintsOwnBackground;
        else
          return false;
      },
      content);
}

std::optional<LocalTime> content_over(const SlideContent& content) {
  return std::visit(
      [](const auto& kind) -> std::optional<LocalTime> {
        if constexpr (requires { kind.content_over(); })
          return kind.content_over();
        else
          return std::nullopt;
      },
      content);
}

std::optional<LocalTime> preview_at(const SlideContent& content) {
  return std::visit([](const auto& kind) { return kind.preview_at(); }, content);
}

const VideoSlide* video_of(const Slide& slide) {
  return std::get_if<VideoSlide>(&slide.content);
}

}  // namespace marquee
