// Reads the YAML of sponsor walls, and warns when a wall needs pages or a spotlight runs out of
// time.
#include <cmath>
#include <cstdio>

#include "config/image_probe.h"
#include "config/slide_kinds.h"
#include "core/duration.h"
#include "core/sponsor_layout.h"

namespace marquee::config::detail {
namespace {

// The layout is made for 1..30; past this a wall is a list, and it should be two slides.
constexpr std::size_t kMaxSponsors = 60;

std::optional<Sponsor> read_sponsor(Reader& r, const YAML::Node& node) {
  const YAML::Mark at = r.entry_mark(node);
  const Item item{node, "sponsor", at, at};
  Sponsor sponsor;
  if (node.IsScalar() && !trim(node.Scalar()).empty()) {
    sponsor.name = trim(node.Scalar());
    return sponsor;
  }
  if (!node.IsMap()) {
    r.type_error(item, "a name, or a map like { name: Arm, logo: arm.svg }");
    return std::nullopt;
  }
  bool has_name = false;
  // A logo that cannot be read is reported, and the sponsor still appears as a wordmark.
  const Field fields[] = {
      {"name", Reader::noting(has_name, r.into(sponsor.name, text))},
      {"logo", r.into(sponsor.logo, image_asset)},
      {"background", r.into(sponsor.background, colour)},
  };
  r.read_map(item, "a sponsor", fields);
  sponsor.name = trim(sponsor.name);
  if (!has_name || sponsor.name.empty()) {
    r.error(at, "sponsor needs a 'name' (shown when there is no logo, and in logs)");
    return std::nullopt;
  }
  return sponsor;
}

void read_tier(Reader& r, const YAML::Node& node, SponsorsSlide& slide) {
  const YAML::Mark at = r.entry_mark(node);
  SponsorTier tier;
  std::optional<Item> sponsors;
  const Field fields[] = {
      {"name", r.into(tier.name, text)},
      {"sponsors", Reader::keep(sponsors)},
  };
  if (!r.read_map({node, "tier", at, at}, "a tier", fields)) return;
  const std::string named = tier.name.empty() ? "tier" : "tier " + quote(tier.name);
  if (!sponsors) return r.error(at, named + " needs 'sponsors', a list of names or logos");
  if (sponsors->node.IsNull() || (sponsors->node.IsSequence() && sponsors->node.size() == 0))
    return r.error(sponsors->at, named + " has no sponsors; add at least one");
  if (!sponsors->node.IsSequence())
    return r.type_error(*sponsors, "a list of names or logos, like [AMD, IBM]");
  for (const auto& entry : sponsors->node) {
    if (!r.visit(entry.Mark())) break;
    if (auto sponsor = read_sponsor(r, entry)) tier.sponsors.push_back(std::move(*sponsor));
  }
  slide.tiers.push_back(std::move(tier));
}

// "7s", or "3.3s" when a page's share is not whole seconds.
std::string seconds(Millis d) {
  if (d.count() % 1000 == 0) return format_duration(d);
  char out[32];
  std::snprintf(out, sizeof out, "%.1fs", static_cast<double>(d.count()) / 1000);
  return out;
}

void warn(Sink& sink, const SourcePos& at, std::string message) {
  if (sink.over_budget()) return;
  sink.diagnostics.push_back(
      {at.file, at.line, at.column, Diagnostic::Severity::warning, std::move(message)});
}

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

std::vector<std::vector<double>> config::probe_logo_aspects(const SponsorsSlide& slide) {
  LogoAspects aspects;
  for (const auto& tier : slide.tiers) {
    auto& row = aspects.emplace_back();
    for (const auto& sponsor : tier.sponsors) {
      const auto header = sponsor.logo.empty() ? std::nullopt : config::probe_image(sponsor.logo);
      row.push_back(header && header->height > 0
                        ? static_cast<double>(header->width) / static_cast<double>(header->height)
                        : 0.0);
    }
  }
  return aspects;
}

using namespace config::detail;

SponsorsSlide SponsorsSlide::read(Reader& r, const Item& params) {
  SponsorsSlide slide;
  slide.where = r.where(params.key_at);
  std::optional<Item> tiers;
  const Field fields[] = {
      {"heading", r.into(slide.heading, text)},
      {"tiers", Reader::keep(tiers)},
      {"spotlight", r.into(slide.spotlight, duration)},
  };
  if (!r.read_map(params, "'sponsors'", fields)) return slide;
  if (!tiers) {
    r.error(params.at,
            "sponsors slide needs 'tiers', a list like - { name: Diamond, sponsors: [...] }");
    return slide;
  }
  if (tiers->node.IsNull() || (tiers->node.IsSequence() && tiers->node.size() == 0)) {
    r.error(tiers->at, "'tiers' is empty; add a tier with its sponsors");
    return slide;
  }
  if (!tiers->node.IsSequence()) {
    r.type_error(*tiers, "a list of tiers, like - { name: Diamond, sponsors: [...] }");
    return slide;
  }
  for (const auto& entry : tiers->node) {
    if (!r.visit(entry.Mark())) break;
    read_tier(r, entry, slide);
  }
  std::size_t count = 0;
  for (const auto& tier : slide.tiers) count += tier.sponsors.size();
  if (count > kMaxSponsors)
    r.error(tiers->key_at, std::to_string(count) + " sponsors on one slide; at most " +
                               std::to_string(kMaxSponsors) +
                               " fit, so split them over more slides");
  return slide;
}

void SponsorsSlide::check(Sink& sink, const Show& show, const Slide& slide) const {
  // Validate has no screen, so it checks the common one: a landscape 16:9 canvas.
  const Rect screen{0, 0, kVirtualShortSide * 16 / 9, kVirtualShortSide};
  std::size_t count = 0;
  for (const auto& tier : tiers) count += tier.sponsors.size();
  // Too many is an error already; guessing at pages for them would only add noise.
  if (count == 0 || count > kMaxSponsors) return;
  if (spotlight.count() > 0) {
    const auto shown = slide.duration.count() / spotlight.count();
    if (static_cast<std::size_t>(shown) < count)
      warn(sink, where,
           "the spotlight shows only " + std::to_string(shown) + " of " + std::to_string(count) +
               " sponsors in this slide's " + seconds(slide.duration) + "; make the slide " +
               seconds(spotlight * static_cast<Millis::rep>(count)) +
               " long or the spotlight shorter");
    return;
  }
  const SponsorWall wall =
      lay_out_sponsor_wall(*this, config::probe_logo_aspects(*this), show.theme, screen);
  if (!wall.fits)
    warn(sink, where,
         "some logos are below the minimum size even one to a page; make the theme's "
         "safe_area smaller");
  else if (wall.pages.size() > 1)
    warn(sink, where,
         "sponsors do not fit on one page; shown as " + std::to_string(wall.pages.size()) +
             " pages of " + seconds(slide.duration / static_cast<Millis::rep>(wall.pages.size())) +
             " each");
}

}  // namespace marquee
