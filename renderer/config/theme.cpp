// Internal: theme YAML (colours, fonts, images, safe area, sizes) -> Theme.
#include "config/theme.h"

#include <cctype>

namespace marquee::config::detail {
namespace {

const Choice<int> kWeightName{"font weight",
                              {{"thin", 100},
                               {"extralight", 200},
                               {"light", 300},
                               {"regular", 400},
                               {"medium", 500},
                               {"semibold", 600},
                               {"bold", 700},
                               {"extrabold", 800},
                               {"black", 900},
                               {"normal", 400, true}}};

std::optional<int> weight(Reader& r, const Item& item) {
  const std::string_view written = item.node.IsScalar() ? trim(item.node.Scalar()) : "";
  if (!written.empty() && std::isdigit(static_cast<unsigned char>(written.front()))) {
    if (auto number = Number{100, 900}(r, item)) return static_cast<int>(*number);
    return std::nullopt;
  }
  return kWeightName(r, item);
}

ReadFn font(Reader& r, FontSpec& spec) {
  return [&r = r, &spec = spec](const Item& item) {
    const Field fields[] = {
        {"family", r.into(spec.family, text)},
        {"weight", r.into(spec.weight, weight)},
        {"file", r.into(spec.file, font_asset)},
    };
    r.read_map(item, quote(item.key), fields);
  };
}

}  // namespace

std::optional<Theme> read_theme_file(Sink& sink, const std::filesystem::path& shown) {
  const auto yaml = read_text_file(sink, shown);
  if (!yaml) return std::nullopt;
  return read_theme_text(sink, *yaml, shown);
}

std::optional<Theme> read_theme_text(Sink& sink, std::string_view yaml,
                                     const std::filesystem::path& shown) {
  Reader r(sink, shown.string(), shown.parent_path());
  const auto root = r.parse_document(yaml);
  if (!root) return std::nullopt;

  Theme theme;
  theme.name = shown.stem().string();
  theme.file = r.resolve(shown.filename());
  const Number px{0, 500}, size{1, 1000};
  const Field colors[] = {
      {"background", r.into(theme.background, colour)}, {"text", r.into(theme.text, colour)},
      {"accent", r.into(theme.accent, colour)},         {"muted", r.into(theme.muted, colour)},
      {"panel", r.into(theme.panel, colour)},
  };
  const Field fonts[] = {
      {"headline", font(r, theme.headline_font)},
      {"body", font(r, theme.body_font)},
  };
  const Field safe_area[] = {
      {"left", r.into(theme.safe_area.left, px)},
      {"top", r.into(theme.safe_area.top, px)},
      {"right", r.into(theme.safe_area.right, px)},
      {"bottom", r.into(theme.safe_area.bottom, px)},
  };
  const Field sizes[] = {
      {"headline", r.into(theme.headline_size, size)},
      {"body", r.into(theme.body_size, size)},
      {"caption", r.into(theme.caption_size, size)},
  };
  static const Choice<StageFlash> kFlash{
      "flash", {{"invert", StageFlash::invert}, {"pulse", StageFlash::pulse}}};
  const Field stage[] = {
      {"warning", r.into(theme.stage.warning, colour)},
      {"danger", r.into(theme.stage.danger, colour)},
      {"flash", r.into(theme.stage.flash, kFlash)},
  };
  const Field fields[] = {
      {"name", r.into(theme.name, text)},
      {"stage", r.section(stage)},
      {"colors", r.section(colors)},
      {"fonts", r.section(fonts)},
      {"background", r.into(theme.background_image, image_asset)},
      {"logo", r.into(theme.logo, image_asset)},
      {"safe_area", r.section(safe_area)},
      {"sizes", r.section(sizes)},
  };
  if (!r.read_map({*root, "", {}, {}}, "a theme", fields)) return std::nullopt;
  return theme;
}

}  // namespace marquee::config::detail
