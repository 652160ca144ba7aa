// Reads the YAML of QR codes: a URL or a Wi-Fi network, turned into the payload phones expect.
#include "config/slide_kinds.h"

namespace marquee::config::detail {
namespace {

enum class Security { wpa, wep, open };

const Choice<Security> kSecurity{"Wi-Fi security",
                                 {{"wpa", Security::wpa},
                                  {"wep", Security::wep},
                                  {"nopass", Security::open},
                                  {"wpa2", Security::wpa, true},
                                  {"none", Security::open, true},
                                  {"open", Security::open, true}}};

// The WIFI: scheme (from the ZXing wiki, which phones follow) reserves these characters.
std::string escape_wifi(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == ';' || c == ',' || c == ':' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

struct Wifi {
  std::string ssid, password;
  Security security = Security::wpa;
  bool hidden = false;
};

// The payload and its description in words, or nullopt after reporting why not.
std::optional<std::pair<std::string, std::string>> read_wifi(Reader& r, const Item& item) {
  Wifi wifi;
  std::optional<Item> password;
  bool has_ssid = false;
  const Field fields[] = {
      {"ssid", Reader::noting(has_ssid, r.into(wifi.ssid, text))},
      {"password", Reader::keep(password)},
      {"security", r.into(wifi.security, kSecurity)},
      {"hidden", r.into(wifi.hidden, boolean)},
  };
  if (!r.read_map(item, "'wifi'", fields)) return std::nullopt;
  if (item.node.IsNull() || !has_ssid || wifi.ssid.empty()) {
    r.error(item.at, "'wifi' needs an 'ssid', the network's name");
    return std::nullopt;
  }
  if (password) {
    if (auto value = r.scalar(*password, "the network's password"))
      wifi.password = *value;
    else
      return std::nullopt;
    if (wifi.security == Security::open) {
      r.error(password->key_at,
              "'password' given for an open network (security: nopass); remove it, or set "
              "security: WPA");
      return std::nullopt;
    }
  } else if (wifi.security != Security::open) {
    r.error(item.at, "'wifi' needs a 'password', or security: nopass for an open network");
    return std::nullopt;
  }
  const char* type = wifi.security == Security::wpa   ? "WPA"
                     : wifi.security == Security::wep ? "WEP"
                                                      : "nopass";
  std::string payload = std::string("WIFI:T:") + type + ";S:" + escape_wifi(wifi.ssid) + ";";
  std::string words = "Network: " + wifi.ssid;
  if (wifi.security != Security::open) {
    payload += "P:" + escape_wifi(wifi.password) + ";";
    words += " \xC2\xB7 Password: " + wifi.password;
  }
  if (wifi.hidden) payload += "H:true;";
  return std::pair{payload + ";", words};
}

std::optional<std::pair<std::string, std::string>> read_url(Reader& r, const Item& item) {
  const auto url = r.scalar(item, "a web address like https://pytorch.org");
  if (!url) return std::nullopt;
  const std::string_view address = trim(*url);
  std::string_view shown = address;
  for (const std::string_view scheme : {"https://", "http://"})
    if (lower(shown.substr(0, scheme.size())) == scheme) shown.remove_prefix(scheme.size());
  if (shown.size() == address.size())
    r.warning(item.at, "'url' does not start with https://; phones will show it as text");
  if (shown.ends_with('/')) shown.remove_suffix(1);
  return std::pair{std::string(address), std::string(shown)};
}

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

using namespace config::detail;

QrSlide QrSlide::read(Reader& r, const Item& params) {
  QrSlide qr;
  std::optional<Item> url, wifi;
  const Field fields[] = {
      {"url", Reader::keep(url)},
      {"wifi", Reader::keep(wifi)},
      {"title", r.into(qr.title, text)},
      {"caption", r.into(qr.caption, text)},
  };
  if (!r.read_map(params, "'qr'", fields)) return qr;
  if (!url && !wifi) {
    r.error(params.at, "qr slide needs a 'url' or a 'wifi'");
    return qr;
  }
  if (url && wifi) {
    const Item& second = url->key_at.pos > wifi->key_at.pos ? *url : *wifi;
    r.error(second.key_at, "qr slide has both 'url' and 'wifi'; give each its own slide");
    return qr;
  }
  const Item& source = url ? *url : *wifi;
  const auto read = url ? read_url(r, *url) : read_wifi(r, *wifi);
  if (!read) return qr;
  if (read->first.size() > kMaxQrPayloadBytes) {
    r.error(source.at, "the QR code would hold " + std::to_string(read->first.size()) +
                           " bytes; at most " + std::to_string(kMaxQrPayloadBytes) +
                           " make a code that scans from 2 m, so shorten it");
    return qr;
  }
  qr.payload = read->first;
  qr.details = read->second;
  return qr;
}

}  // namespace marquee
