// The QR slide kind: a code for a web address or a Wi-Fi network, with the same in words.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/kind.h"

namespace marquee {

// Larger payloads need codes of more than 77 modules (version 15 at level M), whose
// modules would be under 10 px on a 1080p screen: too fine to scan from 2 m.
inline constexpr std::size_t kMaxQrPayloadBytes = 400;

struct QrSlide {
  static constexpr const char kName[] = "qr";

  std::string payload;  // WIFI:T:WPA;S:...;P:...;; or a URL
  std::string title, caption;
  std::string details;  // what the code holds, in words: the network and password, or the URL

  static QrSlide read(config::detail::Reader& r, const config::detail::Item& params);
  static void paint(render::Canvas& canvas, const Theme& theme, const QrSlide& slide,
                    const SlideMoment& moment);
  std::optional<LocalTime> preview_at() const { return std::nullopt; }
};

}  // namespace marquee
