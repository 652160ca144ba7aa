// The registry of slide kinds: the one list of them, and the per-kind facts read from each struct.
#pragma once

#include <concepts>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

#include "core/kinds/agenda.h"
#include "core/kinds/chart.h"
#include "core/kinds/countdown.h"
#include "core/kinds/image.h"
#include "core/kinds/qr.h"
#include "core/kinds/room.h"
#include "core/kinds/sponsors.h"
#include "core/kinds/title.h"
#include "core/kinds/video.h"

namespace marquee {

// Adding a kind: its struct in core/kinds/, its include above and its name here. The
// config reader, the painter and every per-kind fact are found through the struct.
using SlideContent = std::variant<TitleSlide, ImageSlide, SponsorsSlide, CountdownSlide,
                                  AgendaSlide, ChartSlide, QrSlide, VideoSlide, RoomSlide>;

// What every kind must say about itself, checked when this header is compiled.
template <class Kind>
concept SlideKind = requires(const Kind& kind, config::detail::Reader& r,
                             const config::detail::Item& params, render::Canvas& canvas,
                             const Theme& theme, const SlideMoment& moment) {
  { Kind::kName } -> std::convertible_to<std::string_view>;
  { Kind::read(r, params) } -> std::same_as<Kind>;
  { Kind::paint(canvas, theme, kind, moment) } -> std::same_as<void>;
  // The venue time at which the contact sheet shows it, when it matters.
  { kind.preview_at() } -> std::same_as<std::optional<LocalTime>>;
};

template <class Variant>
struct AllSlideKinds;
template <class... Kinds>
struct AllSlideKinds<std::variant<Kinds...>> {
  static constexpr bool value = (SlideKind<Kinds> && ...);
  static constexpr std::size_t count = sizeof...(Kinds);
};
static_assert(AllSlideKinds<SlideContent>::value,
              "a slide kind lacks a name, reader, painter or "
              "preview moment; see core/kinds/title.h");

// Calls fn(std::type_identity<Kind>{}) once for every kind, in registry order.
template <class Fn>
constexpr void for_each_slide_kind(Fn&& fn) {
  [&]<class... Kinds>(std::variant<Kinds...>*) {
    (fn(std::type_identity<Kinds>{}), ...);
  }(static_cast<SlideContent*>(nullptr));
}

// The kind's name as written in YAML.
const char* kind_name(const SlideContent& content);
// True for kinds that paint what shows behind them (a film); the rest get the theme's
// background first.
bool paints_own_background(const SlideContent& content);
// When the slide's content has nothing left to show, so the loader can take it off air
// then; nullopt for kinds whose content never runs out.
std::optional<LocalTime> content_over(const SlideContent& content);
// The venue time the contact sheet shows the slide at, if its kind cares.
std::optional<LocalTime> preview_at(const SlideContent& content);

}  // namespace marquee
