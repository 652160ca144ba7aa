// QR slides: YAML and payloads, crisp modules, goldens, and a zbar decode of the rendered picture.
#include <gtest/gtest.h>
#include <qrencode.h>
#include <zbar.h>

#include <cmath>

#include "config/loader.h"
#include "golden.h"
#include "headless.h"

namespace marquee {
namespace {

using Lines = std::vector<std::string>;
using headless::demo_show;
using headless::on_air;

constexpr const char* kSchedule =
    "https://events.linuxfoundation.org/pytorch-conference/program/schedule/";

config::ShowResult load(std::string_view yaml) {
  return config::load_show_from_string(yaml, "p.yaml");
}

Lines diagnostics(std::string_view yaml) {
  Lines out;
  for (const auto& d : load(yaml).diagnostics) out.push_back(format(d));
  return out;
}

const QrSlide& qr_of(const config::ShowResult& result) {
  return std::get<QrSlide>(result.show->slides.at(0).content);
}

// ---- YAML ----

TEST(QrConfig, UrlPayloadAndItsWords) {
  const auto result = load(std::string("slides:\n  - qr: { url: \"") + kSchedule +
                           "\", title: Schedule, caption: Scan me }\n");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(qr_of(result).payload, kSchedule);
  EXPECT_EQ(qr_of(result).title, "Schedule");
  EXPECT_EQ(qr_of(result).caption, "Scan me");
  EXPECT_EQ(qr_of(result).details,
            "events.linuxfoundation.org/pytorch-conference/program/schedule");
}

TEST(QrConfig, WifiPayloadEscapesTheReservedCharacters) {
  const auto result = load(R"(slides:
  - qr:
      wifi: { ssid: 'Py;Torch,Conf', password: 'a:b\c"d', security: WPA }
)");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(qr_of(result).payload, R"(WIFI:T:WPA;S:Py\;Torch\,Conf;P:a\:b\\c\"d;;)");
  EXPECT_EQ(qr_of(result).details, "Network: Py;Torch,Conf \xC2\xB7 Password: a:b\\c\"d");
  const auto open =
      load("slides:\n  - qr: { wifi: { ssid: Lobby, security: nopass, hidden: true } }\n");
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(qr_of(open).payload, "WIFI:T:nopass;S:Lobby;H:true;;");
}

TEST(QrConfig, PositionedErrors) {
  EXPECT_EQ(diagnostics("slides:\n  - qr: { title: Hi }\n"),
            Lines{"p.yaml:2:9: error: qr slide needs a 'url' or a 'wifi'"});
  EXPECT_EQ(
      diagnostics("slides:\n  - qr:\n      url: https://pytorch.org\n"
                  "      wifi: { ssid: X, password: Y }\n"),
      Lines{"p.yaml:4:7: error: qr slide has both 'url' and 'wifi'; give each its own slide"});
  EXPECT_EQ(diagnostics("slides:\n  - qr: { url: \"\" }\n"),
            Lines{"p.yaml:2:16: error: 'url' must be a web address like https://pytorch.org, got "
                  "nothing"});
  EXPECT_EQ(diagnostics("slides:\n  - qr: { wifi: { password: x } }\n"),
            Lines{"p.yaml:2:17: error: 'wifi' needs an 'ssid', the network's name"});
  EXPECT_EQ(diagnostics("slides:\n  - qr: { wifi: { ssid: X } }\n"),
            Lines{"p.yaml:2:17: error: 'wifi' needs a 'password', or security: nopass for an "
                  "open network"});
  EXPECT_EQ(diagnostics("slides:\n  - qr: { wifi: { ssid: X, password: Y, security: wpa4 } }\n"),
            Lines{"p.yaml:2:51: error: unknown Wi-Fi security 'wpa4' (did you mean 'wpa'?)"});
  EXPECT_EQ(diagnostics("slides:\n  - qr: { url: pytorch.org }\n"),
            Lines{"p.yaml:2:16: warning: 'url' does not start with https://; phones will show it "
                  "as text"});
  EXPECT_EQ(
      diagnostics("slides:\n  - qr: { url: \"https://x.org/" + std::string(400, 'a') + "\" }\n"),
      Lines{"p.yaml:2:16: error: the QR code would hold 414 bytes; at most 400 make a code "
            "that scans from 2 m, so shorten it"});
}

// ---- the picture ----

// What a phone would read: the picture as 8-bit grey, scanned by zbar.
std::vector<std::string> decode(SDL_Surface* surface) {
  using namespace zbar;  // in C++, zbar.h puts its C API in this namespace
  const backends::SurfacePtr rgb = golden::as_rgb24(surface);
  std::vector<unsigned char> grey(static_cast<std::size_t>(rgb->w) * rgb->h);
  for (int y = 0; y < rgb->h; ++y) {
    const auto* row = static_cast<const unsigned char*>(rgb->pixels) + y * rgb->pitch;
    for (int x = 0; x < rgb->w; ++x)
      grey[static_cast<std::size_t>(y) * rgb->w + x] = static_cast<unsigned char>(
          (299 * row[3 * x] + 587 * row[3 * x + 1] + 114 * row[3 * x + 2]) / 1000);
  }
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_t* image = zbar_image_create();
  zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(image, static_cast<unsigned>(rgb->w), static_cast<unsigned>(rgb->h));
  zbar_image_set_data(image, grey.data(), grey.size(), nullptr);
  std::vector<std::string> out;
  if (zbar_scan_image(scanner, image) > 0) {
    for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s))
      out.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
  }
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
  return out;
}

class QrRender : public headless::Renders {
 protected:
  static Show show_of(QrSlide qr) {
    Show show = demo_show();
    Slide slide;
    slide.id = "qr";
    slide.content = std::move(qr);
    show.slides.push_back(std::move(slide));
    return show;
  }
};

QrSlide schedule() {
  return {kSchedule, "The full schedule",
          "Scan with your phone camera. Wi-Fi details are on the back of your badge.",
          "events.linuxfoundation.org/pytorch-conference/program/schedule"};
}

// The nasty characters of the WIFI: scheme, escaped as config escapes them.
constexpr const char* kWifi = R"(WIFI:T:WPA;S:Py\;Torch\,Conf;P:a\:b\\c\"d;;)";

TEST_F(QrRender, ZbarReadsTheExactPayloadAt1080pAnd720p) {
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    EXPECT_EQ(decode(render(show_of(schedule()), on_air(0), w, h)), Lines{kSchedule});
    EXPECT_EQ(
        decode(render(show_of({kWifi, "Wi-Fi", "", "Network: Py;Torch,Conf"}), on_air(0), w, h)),
        Lines{kWifi});
  }
}

TEST_F(QrRender, ZbarSeesNothingWithoutTheCode) {
  // So the decode test cannot pass by reading something other than the painted code.
  QrSlide none = schedule();
  none.payload.clear();
  EXPECT_EQ(decode(render(show_of(none), on_air(0), 1280, 720)), Lines{});
}

// Every module is the same whole number of physical pixels, in both directions, with a
// 4-module white quiet zone: checked on the picture, row by row, against the code.
TEST_F(QrRender, ModulesAreWholePixelsWithAQuietZone) {
  QRcode* code = QRcode_encodeString(kSchedule, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  ASSERT_NE(code, nullptr);
  const int modules = code->width;
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}, std::pair{1366, 768}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    const backends::SurfacePtr rgb = golden::as_rgb24(render(show_of(schedule()), on_air(0), w, h));
    const auto pixel = [&](int x, int y) {
      return static_cast<const unsigned char*>(rgb->pixels)[y * rgb->pitch + 3 * x];
    };
    // The panel is the only pure white on the right half of a dark slide.
    int left = -1, top = -1, right = -1;
    for (int y = 0; y < h && top < 0; ++y)
      for (int x = w / 2; x < w; ++x)
        if (pixel(x, y) == 255 && pixel(x, y + 1) == 255) {
          top = y;
          left = x;
          break;
        }
    ASSERT_GE(top, 0);
    for (right = left; right < w && pixel(right, top) == 255;) ++right;
    const int side = right - left;
    ASSERT_EQ(side % (modules + 8), 0) << "panel of " << side << " px";
    const int m = side / (modules + 8);
    EXPECT_GE(m * 1080 / h, 10) << "at least 10 px a module on a 1080p screen";
    for (int row = -4; row < modules + 4; ++row) {
      for (int col = -4; col < modules + 4; ++col) {
        const bool dark = row >= 0 && col >= 0 && row < modules && col < modules &&
                          (code->data[row * modules + col] & 1);
        for (const auto& [dx, dy] : {std::pair{0, 0}, std::pair{m - 1, m - 1}}) {
          const int x = left + (col + 4) * m + dx, y = top + (row + 4) * m + dy;
          ASSERT_EQ(pixel(x, y), dark ? 0 : 255) << "module " << row << "," << col;
        }
      }
    }
  }
  QRcode_free(code);
}

TEST_F(QrRender, Goldens) {
  EXPECT_TRUE(golden::matches_golden(render(show_of(schedule()), on_air(0)), "qr_url"));
  EXPECT_TRUE(golden::matches_golden(
      render(show_of({"WIFI:T:WPA;S:PyTorchConf;P:example-only;;", "Join the Wi-Fi",
                      "Scan with your phone camera to connect.",
                      "Network: PyTorchConf \xC2\xB7 Password: example-only"}),
             on_air(0)),
      "qr_wifi"));
}

}  // namespace
}  // namespace marquee
