// Reads the playlist's overlays and checks that they do not sit on top of each other.
#include "config/overlays.h"

namespace marquee::config::detail {
namespace {

const Choice<Corner> kCorner{"corner",
                             {{"top-left", Corner::top_left},
                              {"top-right", Corner::top_right},
                              {"bottom-left", Corner::bottom_left},
                              {"bottom-right", Corner::bottom_right}}};
const Choice<bool> kClockFormat{"clock format", {{"12h", true}, {"24h", false}}};

const char* corner_name(Corner corner) {
  switch (corner) {
    case Corner::top_left:
      return "top-left";
    case Corner::top_right:
      return "top-right";
    case Corner::bottom_left:
      return "bottom-left";
    case Corner::bottom_right:
      return "bottom-right";
  }
  return "";
}

bool bottom(Corner corner) {
  return corner == Corner::bottom_left || corner == Corner::bottom_right;
}

std::optional<std::vector<std::string>> messages(Reader& r, const Item& item) {
  if (item.node.IsScalar() && !trim(item.node.Scalar()).empty())
    return std::vector<std::string>{item.node.Scalar()};
  if (!item.node.IsSequence() || item.node.size() == 0) {
    r.type_error(item, "a list of messages");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& entry : item.node) {
    if (!r.visit(entry.Mark())) break;
    const YAML::Mark at = r.entry_mark(entry);
    const Item message{entry, "message", at, at};
    if (auto value = r.scalar(message, "text")) {
      if (trim(*value).empty())
        r.error(at, "ticker message is empty");
      else
        out.emplace_back(trim(*value));
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// A corner key as read, with where it was written, for "both in one corner" errors.
struct Placed {
  Corner corner;
  std::string what;
  YAML::Mark at;
};

}  // namespace

Overlays read_overlays(Reader& r, const Item& item, const Theme& theme) {
  Overlays overlays;
  std::vector<Placed> placed;
  // A corner reader that also remembers where the corner was set.
  const auto corner = [&](Corner& out, std::string what, YAML::Mark fallback) {
    placed.push_back({out, what, fallback});
    return ReadFn([&r, &out, &placed, index = placed.size() - 1](const Item& c) {
      if (auto value = kCorner(r, c)) {
        out = *value;
        placed[index].corner = *value;
        placed[index].at = c.at;
      }
    });
  };

  const auto read_ticker = [&](const Item& ticker) {
    TickerOverlay out;
    bool has_messages = false;
    const Field fields[] = {
        {"messages", Reader::noting(has_messages, r.into(out.messages, messages))},
        {"speed", r.into(out.speed, Number{10, 1000})},
    };
    if (!r.read_map(ticker, "'ticker'", fields)) return;
    if (!has_messages)
      return r.error(ticker.at, "'ticker' needs 'messages', a list of lines to crawl");
    if (!out.messages.empty()) overlays.ticker = std::move(out);
  };
  const auto read_clock = [&](const Item& clock) {
    ClockOverlay& out = overlays.clock.emplace();
    const Field fields[] = {
        {"corner", corner(out.corner, "the clock", clock.key_at)},
        {"format", r.into(out.twelve_hour, kClockFormat)},
    };
    r.read_map(clock, "'clock'", fields);
  };
  const auto read_logo = [&](const Item& logo) {
    LogoOverlay& out = overlays.logo.emplace();
    bool has_file = false;
    const Field fields[] = {
        {"corner", corner(out.corner, "the logo bug", logo.key_at)},
        {"file", Reader::noting(has_file, r.into(out.file, image_asset))},
    };
    r.read_map(logo, "'logo'", fields);
    if (!has_file && theme.logo.empty())
      r.warning(logo.key_at,
                "the logo bug has no 'file' and the theme has no logo, so it is hidden");
  };
  const Field fields[] = {
      {"ticker", read_ticker},
      {"clock", read_clock},
      {"logo", read_logo},
  };
  r.read_map(item, "'overlays'", fields);

  // Clock and logo bug sit in the top margin, the ticker in the bottom one; two in one
  // corner, or a corner under the ticker, would draw over each other.
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (overlays.ticker && bottom(placed[i].corner))
      r.error(placed[i].at, std::string("the ticker runs along the bottom; put ") + placed[i].what +
                                " in a top corner");
    for (std::size_t j = 0; j < i; ++j)
      if (placed[j].corner == placed[i].corner)
        r.error(placed[i].at, placed[j].what + " and " + placed[i].what + " are both in the " +
                                  corner_name(placed[i].corner) + " corner; move one");
  }
  return overlays;
}

}  // namespace marquee::config::detail
