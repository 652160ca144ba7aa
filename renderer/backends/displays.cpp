// Displays: SDL's list, the connectors' names from libdrm on the console, and choosing one.
#include "backends/displays.h"

#include <fcntl.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace marquee::backends {
namespace {

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::vector<Connector> drm_connectors(bool probe) {
  for (int card = 0; card < 8; ++card) {
    const std::string device = "/dev/dri/card" + std::to_string(card);
    const int fd = ::open(device.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) continue;
    std::vector<Connector> found;
    if (drmModeResPtr resources = drmModeGetResources(fd)) {
      for (int i = 0; i < resources->count_connectors; ++i) {
        drmModeConnectorPtr c = probe ? drmModeGetConnector(fd, resources->connectors[i])
                                      : drmModeGetConnectorCurrent(fd, resources->connectors[i]);
        if (!c) continue;
        if (c->connection == DRM_MODE_CONNECTED && c->count_modes > 0) {
          const char* type = drmModeGetConnectorTypeName(c->connector_type);
          Connector one{std::string(type ? type : "Unknown") + "-" +
                        std::to_string(c->connector_type_id)};
          // The preferred mode, else the first (the kernel lists the best first).
          const drmModeModeInfo* mode = &c->modes[0];
          for (int m = 0; m < c->count_modes; ++m)
            if (c->modes[m].type & DRM_MODE_TYPE_PREFERRED) {
              mode = &c->modes[m];
              break;
            }
          one.width = mode->hdisplay;
          one.height = mode->vdisplay;
          found.push_back(std::move(one));
        }
        drmModeFreeConnector(c);
      }
      drmModeFreeResources(resources);
    }
    ::close(fd);
    if (!found.empty()) return found;
  }
  return {};
}

std::vector<std::string> drm_connector_names() {
  std::vector<std::string> names;
  // The current state only: a full probe would read every screen's EDID again.
  for (auto& c : drm_connectors(false)) names.push_back(std::move(c.name));
  return names;
}

DrmHotplugWatch::DrmHotplugWatch(std::function<void()> changed) : changed_(std::move(changed)) {
  const char* driver = SDL_GetCurrentVideoDriver();
  if (driver && std::strcmp(driver, "KMSDRM") == 0) thread_ = std::thread([this] { loop(); });
}

DrmHotplugWatch::~DrmHotplugWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void DrmHotplugWatch::loop() {
  // The kernel notices a plug by itself (its hotplug interrupt or its own polling) and
  // updates the connection at once; the modes only on a probe, made when the connection
  // changed, so the EDID is read once per plug and not every few seconds.
  auto known = drm_connectors(false);
  std::unique_lock lock(mutex_);
  while (!stop_.wait_for(lock, kEvery, [this] { return stopping_; })) {
    lock.unlock();
    auto now = drm_connectors(false);
    std::vector<std::string> before, after;
    for (const auto& c : known) before.push_back(c.name);
    for (const auto& c : now) after.push_back(c.name);
    if (before != after) now = drm_connectors(true);
    if (now != known) {
      known = std::move(now);
      changed_flag_ = true;
      if (changed_) changed_();
    }
    lock.lock();
  }
}

std::vector<DisplayInfo> list_displays() {
  std::vector<DisplayInfo> out;
  const int count = SDL_GetNumVideoDisplays();
  const char* driver = SDL_GetCurrentVideoDriver();
  const auto connectors = driver && std::strcmp(driver, "KMSDRM") == 0 ? drm_connector_names()
                                                                       : std::vector<std::string>{};
  for (int i = 0; i < count; ++i) {
    DisplayInfo d;
    d.index = i;
    if (const char* name = SDL_GetDisplayName(i)) d.name = name;
    if (static_cast<std::size_t>(i) < connectors.size()) d.connector = connectors[i];
    SDL_GetDisplayBounds(i, &d.bounds);
    SDL_DisplayMode mode{};
    if (SDL_GetCurrentDisplayMode(i, &mode) == 0) d.refresh_hz = mode.refresh_rate;
    out.push_back(std::move(d));
  }
  return out;
}

std::string describe(const std::vector<DisplayInfo>& displays) {
  std::string out;
  for (const auto& d : displays) {
    if (!out.empty()) out += ", ";
    out += std::to_string(d.index) + ": ";
    if (!d.connector.empty()) out += d.connector + " ";
    if (!d.name.empty() && d.name != std::to_string(d.index)) out += "'" + d.name + "' ";
    out += std::to_string(d.bounds.w) + "x" + std::to_string(d.bounds.h);
    if (d.refresh_hz > 0) out += " at " + std::to_string(d.refresh_hz) + " Hz";
  }
  return out.empty() ? "none" : out;
}

int choose_display(const std::vector<DisplayInfo>& displays, int index, const std::string& name,
                   std::string* why) {
  if (!name.empty()) {
    for (const auto& d : displays)
      if (same_name(d.connector, name) || same_name(d.name, name)) return d.index;
    if (why) *why = "no output is called '" + name + "' (" + describe(displays) + ")";
    return -1;
  }
  if (index >= 0 && index < static_cast<int>(displays.size())) return index;
  if (why)
    *why = "display " + std::to_string(index) + " does not exist (" + describe(displays) + ")";
  return -1;
}

}  // namespace marquee::backends
